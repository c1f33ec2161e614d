//! A scenario turned into a question: cells (principal × action) whose decisions the reader
//! predicts before they are shown. [`quiz_cells`] reads which cells a widget asks about (principal
//! names, against the scenario's action filter); [`Quiz`] holds the reader's predictions and,
//! only for the cells answered or revealed, their explanations. A cell still open holds no
//! decision at all, so nothing rendered from it can give the answer away.

use super::{filtered_actions, Explanation, PrincipalId, Scenario, Workspace};
use crate::engine::{Code, Decision, Diagnostic, Span};

/// Most cells one quiz asks about: a quiz is a handful of questions, not a grid.
pub const MAX_QUIZ_CELLS: usize = 12;

/// What the reader predicts for a cell. `Denied` covers both kinds of denial (explicit and
/// implicit): the quiz asks whether the request gets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prediction {
    /// The request is allowed.
    Allowed,
    /// The request is denied, explicitly or implicitly.
    Denied,
}

impl Prediction {
    /// `allowed` or `denied` (the widget's `data-answer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Prediction::Allowed => "allowed",
            Prediction::Denied => "denied",
        }
    }

    /// The prediction a decision bears out.
    pub fn of(decision: Decision) -> Prediction {
        match decision {
            Decision::Allowed => Prediction::Allowed,
            Decision::ExplicitlyDenied | Decision::ImplicitlyDenied => Prediction::Denied,
        }
    }
}

/// Where one question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// Not answered yet: its decision is not shown (nor held).
    Open,
    /// The reader predicted this; the decision is shown.
    Answered(Prediction),
    /// The reader asked for the answer without predicting; the decision is shown.
    Revealed,
}

impl ItemState {
    /// `open`, `answered` or `revealed` (the widget's `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Answered(_) => "answered",
            ItemState::Revealed => "revealed",
        }
    }
}

/// What a question shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still open: nothing to show.
    Open,
    /// Answered or revealed, but the cell cannot be decided now (a policy has errors, or the
    /// principal's ARN does not read).
    Undecided,
    /// The decision; with a prediction, whether it was right (`None` when revealed).
    Decided {
        /// The cell's decision.
        decision: Decision,
        /// Whether the prediction matched it; `None` when the answer was revealed.
        correct: Option<bool>,
    },
}

/// One question: a cell of the grid.
#[derive(Debug, Clone)]
pub struct QuizItem {
    /// The principal asked about.
    pub principal: PrincipalId,
    /// The action asked about.
    pub action: &'static str,
    state: ItemState,
    /// Held only while answered or revealed.
    explanation: Option<Explanation>,
}

impl QuizItem {
    /// Where the question stands.
    pub fn state(&self) -> ItemState {
        self.state
    }

    /// The cell's explanation, once answered or revealed (and decidable).
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanation.as_ref()
    }

    /// What the question shows now.
    pub fn outcome(&self) -> Outcome {
        let prediction = match self.state {
            ItemState::Open => return Outcome::Open,
            ItemState::Answered(p) => Some(p),
            ItemState::Revealed => None,
        };
        match &self.explanation {
            None => Outcome::Undecided,
            Some(e) => {
                let decision = e.evaluation.decision;
                Outcome::Decided {
                    decision,
                    correct: prediction.map(|p| p == Prediction::of(decision)),
                }
            }
        }
    }
}

/// How the reader did, once every question is answered or revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Predictions that matched the decision.
    pub right: usize,
    /// Questions answered with a prediction (the others were revealed).
    pub predicted: usize,
    /// Every question.
    pub total: usize,
}

/// The questions of a quiz and the reader's answers, over a [`Workspace`] the caller owns (the
/// widget's): after an edit of the workspace, [`Quiz::refresh`] decides the shown cells again.
#[derive(Debug, Clone, Default)]
pub struct Quiz {
    items: Vec<QuizItem>,
}

impl Quiz {
    /// The quiz of `cells` (principal index, action; from [`quiz_cells`]) over `ws`, every
    /// question open.
    pub fn new(ws: &Workspace, cells: &[(usize, &'static str)]) -> Quiz {
        let items = cells
            .iter()
            .filter_map(|&(at, action)| {
                Some(QuizItem {
                    principal: ws.principal_id(at)?,
                    action,
                    state: ItemState::Open,
                    explanation: None,
                })
            })
            .collect();
        Quiz { items }
    }

    /// The questions, in order.
    pub fn items(&self) -> &[QuizItem] {
        &self.items
    }

    /// Records the prediction for question `i` and shows its decision. False (nothing changes)
    /// when there is no such question or it is not open: answers are final until
    /// [`Quiz::retry`].
    pub fn answer(&mut self, i: usize, prediction: Prediction, ws: &Workspace) -> bool {
        self.settle(i, ItemState::Answered(prediction), ws)
    }

    /// Shows the decision of question `i` without a prediction. False when there is no such
    /// question or it is not open.
    pub fn reveal(&mut self, i: usize, ws: &Workspace) -> bool {
        self.settle(i, ItemState::Revealed, ws)
    }

    fn settle(&mut self, i: usize, state: ItemState, ws: &Workspace) -> bool {
        match self.items.get_mut(i) {
            Some(item) if item.state == ItemState::Open => {
                item.state = state;
                item.explanation = explain(ws, item.principal, item.action);
                true
            }
            _ => false,
        }
    }

    /// Opens question `i` again, its decision hidden. False when there is no such question or
    /// it is already open.
    pub fn retry(&mut self, i: usize) -> bool {
        match self.items.get_mut(i) {
            Some(item) if item.state != ItemState::Open => {
                item.state = ItemState::Open;
                item.explanation = None;
                true
            }
            _ => false,
        }
    }

    /// Decides the shown questions again, after an edit of `ws`.
    pub fn refresh(&mut self, ws: &Workspace) {
        for item in &mut self.items {
            if item.state != ItemState::Open {
                item.explanation = explain(ws, item.principal, item.action);
            }
        }
    }

    /// How the reader did, once no question is open.
    pub fn score(&self) -> Option<Score> {
        if self.items.is_empty() || self.items.iter().any(|i| i.state == ItemState::Open) {
            return None;
        }
        let outcomes = self.items.iter().map(QuizItem::outcome);
        Some(Score {
            right: outcomes
                .filter(|o| {
                    matches!(
                        o,
                        Outcome::Decided {
                            correct: Some(true),
                            ..
                        }
                    )
                })
                .count(),
            predicted: self
                .items
                .iter()
                .filter(|i| matches!(i.state, ItemState::Answered(_)))
                .count(),
            total: self.items.len(),
        })
    }
}

/// The explanation of a cell, or `None` while a policy has errors (the grid is stale then too).
fn explain(ws: &Workspace, p: PrincipalId, action: &str) -> Option<Explanation> {
    if ws.has_errors() {
        return None;
    }
    ws.explain(p, action)
}

/// The cells a quiz asks about: every principal `principals` names (names separated by commas or
/// white space, in that order, each once; empty or `*` for every principal) × every action of the
/// scenario's action filter, action by action. The grid's row filter is not applied: it depends
/// on the decisions. An `INVALID_ARGUMENT` diagnostic when a name is not a principal of the
/// scenario, when there is nothing to ask, or when there would be more than [`MAX_QUIZ_CELLS`].
pub fn quiz_cells(
    scenario: &Scenario,
    principals: &str,
) -> Result<Vec<(usize, &'static str)>, Diagnostic> {
    let bad = |message: String| Diagnostic::new(Code::INVALID_ARGUMENT, Span::default(), message);
    let names: Vec<&str> = principals
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .collect();
    let known: Vec<&str> = scenario
        .principals
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    if names.is_empty() || names == ["*"] {
        chosen.extend(0..known.len());
    } else {
        for name in names {
            let Some(at) = known.iter().position(|k| *k == name) else {
                let help = match crate::text::did_you_mean(name, &known) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the scenario's principals are {}",
                        crate::text::quoted_list(&known)
                    ),
                };
                return Err(bad(format!(
                    "the quiz asks about `{name}`, which is not a principal of the scenario"
                ))
                .with_help(help));
            };
            if !chosen.contains(&at) {
                chosen.push(at);
            }
        }
    }
    if chosen.is_empty() {
        return Err(bad("the scenario has no principal to ask about".into()));
    }
    let actions = filtered_actions(scenario);
    if actions.is_empty() {
        return Err(bad(format!(
            "the action filter `{}` selects no action: the quiz has nothing to ask",
            scenario.actions
        ))
        .with_help("name the actions to ask about (`data-actions`)"));
    }
    let count = chosen.len() * actions.len();
    if count > MAX_QUIZ_CELLS {
        return Err(bad(format!(
            "the quiz would ask about {count} cells ({} × {}); at most {MAX_QUIZ_CELLS}",
            counted(chosen.len(), "principal"),
            counted(actions.len(), "action")
        ))
        .with_help("name fewer actions in `data-actions`, or fewer principals in `data-quiz`"));
    }
    Ok(actions
        .iter()
        .flat_map(|&action| chosen.iter().map(move |&at| (at, action)))
        .collect())
}

/// How a question names the request's path: ` through the VPC endpoint` when calls go through
/// the VPC and an endpoint serves the action's service, ` without the VPC endpoint` when one
/// serves it but calls do not go through the VPC, and nothing when no endpoint serves it.
pub fn route_words(scenario: &Scenario, action: &str) -> &'static str {
    match (scenario.endpoint_for(action), scenario.context.via_endpoint) {
        (None, _) => "",
        (Some(_), true) => " through the VPC endpoint",
        (Some(_), false) => " without the VPC endpoint",
    }
}

/// `1 principal`, `3 principals`.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    const CREATE: &str = "sagemaker:CreateTrainingJob";

    /// The exam preset asking about `CreateTrainingJob` only.
    fn exam() -> Scenario {
        let mut s = presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario;
        s.actions = CREATE.into();
        s
    }

    fn quiz(s: Scenario, principals: &str) -> (Workspace, Quiz) {
        let cells = quiz_cells(&s, principals).expect("cells");
        let ws = Workspace::new(s);
        let quiz = Quiz::new(&ws, &cells);
        (ws, quiz)
    }

    fn names(s: &Scenario, cells: &[(usize, &'static str)]) -> Vec<(String, &'static str)> {
        cells
            .iter()
            .map(|&(at, a)| (s.principals[at].name.clone(), a))
            .collect()
    }

    #[test]
    fn cells_are_the_named_principals_in_their_order_times_the_actions() {
        let s = exam();
        let cells = quiz_cells(&s, "other-user specific-user").expect("cells");
        assert_eq!(
            names(&s, &cells),
            [
                ("other-user".into(), CREATE),
                ("specific-user".into(), CREATE)
            ]
        );
        // Commas work too, and a name given twice is asked once.
        let same = quiz_cells(&s, " other-user,specific-user ,other-user").expect("cells");
        assert_eq!(same, cells);
        // Several actions: action by action, the principals in order within each.
        let mut two = exam();
        two.actions = "sagemaker:ListModels, sagemaker:CreateTrainingJob".into();
        let cells = quiz_cells(&two, "specific-user,other-user").expect("cells");
        assert_eq!(
            names(&two, &cells),
            [
                ("specific-user".into(), CREATE),
                ("other-user".into(), CREATE),
                ("specific-user".into(), "sagemaker:ListModels"),
                ("other-user".into(), "sagemaker:ListModels"),
            ],
            "the actions in catalog order, as the grid's rows"
        );
    }

    #[test]
    fn no_name_or_a_star_asks_about_every_principal() {
        let s = exam();
        for spec in ["", "  ", "*"] {
            let cells = quiz_cells(&s, spec).expect("cells");
            assert_eq!(
                names(&s, &cells),
                [
                    ("specific-user".into(), CREATE),
                    ("other-user".into(), CREATE),
                    ("ml-instance-role".into(), CREATE)
                ],
                "{spec:?}"
            );
        }
    }

    #[test]
    fn an_unknown_principal_is_an_argument_error_with_a_suggestion() {
        let s = exam();
        let e = quiz_cells(&s, "specific-user specfic-user").expect_err("unknown");
        assert_eq!(e.code, Code::INVALID_ARGUMENT);
        assert_eq!(
            e.message,
            "the quiz asks about `specfic-user`, which is not a principal of the scenario"
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `specific-user`?"));
        let e = quiz_cells(&s, "alice").expect_err("unknown");
        assert_eq!(
            e.help.as_deref(),
            Some("the scenario's principals are `specific-user`, `other-user` and `ml-instance-role`")
        );
    }

    #[test]
    fn too_many_cells_or_none_are_argument_errors() {
        // The preset's own filter, `sagemaker:*`: hundreds of actions.
        let all = presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario;
        let e = quiz_cells(&all, "specific-user").expect_err("too many");
        assert_eq!(e.code, Code::INVALID_ARGUMENT);
        assert!(
            e.message.starts_with("the quiz would ask about ")
                && e.message
                    .ends_with("(1 principal × 449 actions); at most 12"),
            "{}",
            e.message
        );
        // Exactly the limit is fine: 3 principals × 4 actions.
        let mut twelve = exam();
        twelve.actions = "sagemaker:CreateTrainingJob sagemaker:ListModels sagemaker:DeleteModel sagemaker:CreateModel".into();
        assert_eq!(
            quiz_cells(&twelve, "*").expect("cells").len(),
            MAX_QUIZ_CELLS
        );
        let mut none = exam();
        none.actions = "nosuchservice:Nothing".into();
        let e = quiz_cells(&none, "specific-user").expect_err("no action");
        assert!(e.message.contains("selects no action"), "{}", e.message);
        let mut empty = exam();
        empty.principals.clear();
        empty.selected = 0;
        let e = quiz_cells(&empty, "").expect_err("no principal");
        assert_eq!(e.message, "the scenario has no principal to ask about");
    }

    #[test]
    fn a_question_names_the_path_the_request_takes() {
        let mut s = exam();
        assert_eq!(route_words(&s, CREATE), " through the VPC endpoint");
        assert_eq!(route_words(&s, "s3:GetObject"), "", "no endpoint serves S3");
        s.context.via_endpoint = false;
        assert_eq!(route_words(&s, CREATE), " without the VPC endpoint");
        s.endpoints.clear();
        assert_eq!(route_words(&s, CREATE), "");
    }

    #[test]
    fn an_open_question_holds_no_decision() {
        let (_, quiz) = quiz(exam(), "specific-user other-user");
        assert_eq!(quiz.items().len(), 2);
        for item in quiz.items() {
            assert_eq!(item.state(), ItemState::Open);
            assert_eq!(item.outcome(), Outcome::Open);
            assert!(item.explanation().is_none());
        }
        assert_eq!(quiz.score(), None);
    }

    #[test]
    fn answering_shows_the_decision_whether_right_or_wrong_and_the_explanation() {
        let (ws, mut quiz) = quiz(exam(), "specific-user other-user");
        // specific-user is allowed through the endpoint; other-user is stopped by it.
        assert!(quiz.answer(0, Prediction::Allowed, &ws));
        assert!(quiz.answer(1, Prediction::Allowed, &ws));
        let (right, wrong) = (&quiz.items()[0], &quiz.items()[1]);
        assert_eq!(right.state(), ItemState::Answered(Prediction::Allowed));
        assert_eq!(
            right.outcome(),
            Outcome::Decided {
                decision: Decision::Allowed,
                correct: Some(true)
            }
        );
        assert_eq!(
            wrong.outcome(),
            Outcome::Decided {
                decision: Decision::ImplicitlyDenied,
                correct: Some(false)
            }
        );
        // The explanation is the cell's, as the widget explains a cell.
        let e = wrong.explanation().expect("explained");
        assert_eq!(Some(e), ws.explain(wrong.principal, CREATE).as_ref());
        assert_eq!(e.evaluation.blocked_by, [crate::engine::Layer::Endpoint]);
        assert_eq!(
            quiz.score(),
            Some(Score {
                right: 1,
                predicted: 2,
                total: 2
            })
        );
    }

    #[test]
    fn denied_covers_both_kinds_of_denial() {
        assert_eq!(Prediction::of(Decision::Allowed), Prediction::Allowed);
        assert_eq!(
            Prediction::of(Decision::ImplicitlyDenied),
            Prediction::Denied
        );
        assert_eq!(
            Prediction::of(Decision::ExplicitlyDenied),
            Prediction::Denied
        );
        let (ws, mut quiz) = quiz(exam(), "other-user");
        quiz.answer(0, Prediction::Denied, &ws);
        assert_eq!(
            quiz.items()[0].outcome(),
            Outcome::Decided {
                decision: Decision::ImplicitlyDenied,
                correct: Some(true)
            }
        );
    }

    #[test]
    fn answers_are_final_until_retried_and_retrying_hides_the_decision_again() {
        let (ws, mut quiz) = quiz(exam(), "other-user");
        assert!(quiz.answer(0, Prediction::Allowed, &ws));
        assert!(!quiz.answer(0, Prediction::Denied, &ws), "no second answer");
        assert!(!quiz.reveal(0, &ws), "no reveal after an answer");
        assert_eq!(
            quiz.items()[0].state(),
            ItemState::Answered(Prediction::Allowed)
        );
        assert!(quiz.retry(0));
        assert_eq!(quiz.items()[0].state(), ItemState::Open);
        assert!(quiz.items()[0].explanation().is_none());
        assert_eq!(quiz.items()[0].outcome(), Outcome::Open);
        assert!(!quiz.retry(0), "already open");
        assert!(quiz.answer(0, Prediction::Denied, &ws));
        assert_eq!(
            quiz.items()[0].outcome(),
            Outcome::Decided {
                decision: Decision::ImplicitlyDenied,
                correct: Some(true)
            }
        );
        // Questions that do not exist change nothing.
        assert!(!quiz.answer(5, Prediction::Denied, &ws));
        assert!(!quiz.reveal(5, &ws));
        assert!(!quiz.retry(5));
    }

    #[test]
    fn revealing_shows_the_decision_without_a_verdict() {
        let (ws, mut quiz) = quiz(exam(), "specific-user other-user");
        assert!(quiz.reveal(1, &ws));
        assert_eq!(quiz.items()[1].state(), ItemState::Revealed);
        assert_eq!(
            quiz.items()[1].outcome(),
            Outcome::Decided {
                decision: Decision::ImplicitlyDenied,
                correct: None
            }
        );
        assert_eq!(
            quiz.items()[0].outcome(),
            Outcome::Open,
            "the other stays open"
        );
        assert_eq!(quiz.score(), None);
        quiz.answer(0, Prediction::Denied, &ws);
        assert_eq!(
            quiz.score(),
            Some(Score {
                right: 0,
                predicted: 1,
                total: 2
            })
        );
    }

    #[test]
    fn shown_questions_follow_edits_and_open_ones_stay_hidden() {
        let (mut ws, mut quiz) = quiz(exam(), "specific-user other-user");
        quiz.answer(1, Prediction::Denied, &ws);
        // The endpoint opened to everyone: other-user gets through.
        let opened = ws.scenario.endpoints[0].policy.replace(
            r#"{ "AWS": "arn:aws:iam::111122223333:user/specific-user" }"#,
            r#""*""#,
        );
        assert_ne!(opened, ws.scenario.endpoints[0].policy);
        ws.set_endpoint_policy(opened);
        quiz.refresh(&ws);
        assert_eq!(
            quiz.items()[1].outcome(),
            Outcome::Decided {
                decision: Decision::Allowed,
                correct: Some(false)
            }
        );
        assert_eq!(quiz.items()[0].outcome(), Outcome::Open);
        assert!(quiz.items()[0].explanation().is_none());
        // A broken policy: the shown question cannot be decided, and says so.
        ws.set_endpoint_policy("{".into());
        quiz.refresh(&ws);
        assert_eq!(quiz.items()[1].outcome(), Outcome::Undecided);
        assert!(quiz.items()[1].explanation().is_none());
        assert!(quiz.reveal(0, &ws));
        assert_eq!(quiz.items()[0].outcome(), Outcome::Undecided);
    }
}
