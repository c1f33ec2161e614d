//! The widget's quiz (`data-quiz`): each question asks whether a principal may call an action;
//! the reader predicts (*Allowed* or *Denied*) or asks for the answer, and only then does the
//! decision appear, with the verdict and the cell's explanation. The state lives in
//! [`crate::scenario::Quiz`] (tested natively); this file only renders it.
//!
//! Keyboard and screen readers: real buttons in a group named by the question; after an answer
//! the focus stays on the pressed button (the answer buttons are then `aria-disabled` until
//! *Try again*), and the verdict is announced by a polite live region that is in the page from
//! the start; *Try again* gives the focus back to the question's first answer.

use yew::prelude::*;

use super::explain::ExplanationView;
use super::grid::decision_look;
use crate::scenario::{route_words, ItemState, Outcome, Prediction, Quiz, Score, Workspace};

/// What the reader does in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizMsg {
    /// Predicts question `i`'s decision.
    Answer(usize, Prediction),
    /// Shows question `i`'s decision without a prediction.
    Reveal(usize),
    /// Opens question `i` again, its decision hidden.
    Retry(usize),
}

/// The prompt when the author gives none.
pub fn default_prompt(questions: usize) -> &'static str {
    if questions == 1 {
        "Allowed or denied? Predict the decision, then see why."
    } else {
        "Allowed or denied? Predict each decision, then see why."
    }
}

/// The quiz: its prompt, one item per question (`first_answers[i]` is put on question `i`'s
/// first answer button, to give it the focus back) and, once none is open, the score.
pub fn view_quiz(
    quiz: &Quiz,
    ws: &Workspace,
    prompt: &str,
    id_prefix: &str,
    first_answers: &[NodeRef],
    onmsg: &Callback<QuizMsg>,
) -> Html {
    let items = quiz.items();
    let prompt = if prompt.trim().is_empty() {
        default_prompt(items.len())
    } else {
        prompt
    };
    let prompt_id = format!("{id_prefix}-quiz-prompt");
    html! {
        <div class="pp-quiz" data-testid="quiz" role="group" aria-labelledby={prompt_id.clone()}>
            <p class="pp-quiz-prompt" id={prompt_id} data-testid="quiz-prompt">{ prompt }</p>
            <ol class="pp-quiz-items">
                { for items.iter().enumerate().map(|(i, item)| {
                    let name = ws.principal(item.principal).map(|p| p.name.clone()).unwrap_or_default();
                    let question_id = format!("{id_prefix}-quiz-{i}");
                    let state = item.state();
                    let open = state == ItemState::Open;
                    let answer_button = |prediction: Prediction, words: &'static str| {
                        let pressed = state == ItemState::Answered(prediction);
                        let onclick = onmsg.reform(move |_: MouseEvent| QuizMsg::Answer(i, prediction));
                        html! {
                            <button type="button" class="pp-quiz-answer"
                                ref={if prediction == Prediction::Allowed { first_answers.get(i).cloned().unwrap_or_default() } else { NodeRef::default() }}
                                data-testid="quiz-answer" data-answer={prediction.as_str()}
                                aria-pressed={if pressed { "true" } else { "false" }}
                                aria-disabled={(!open).then_some("true")}
                                {onclick}>{ words }</button>
                        }
                    };
                    html! {
                        <li class="pp-quiz-item" data-testid="quiz-item" data-principal={name.clone()} data-action={item.action} data-state={state.as_str()}>
                            <p class="pp-quiz-question" id={question_id.clone()}>
                                { "Can " }<strong>{ &name }</strong>{ " call " }<code>{ item.action }</code>{ route_words(&ws.scenario, item.action) }{ "?" }
                            </p>
                            <div class="pp-quiz-answers" role="group" aria-labelledby={question_id}>
                                { answer_button(Prediction::Allowed, "Allowed") }
                                { answer_button(Prediction::Denied, "Denied") }
                                <button type="button" class="pp-quiz-reveal" data-testid="quiz-reveal"
                                    aria-disabled={(!open).then_some("true")}
                                    onclick={onmsg.reform(move |_: MouseEvent| QuizMsg::Reveal(i))}>{ "Show the answer" }</button>
                            </div>
                            // In the page from the start, so that assistive technology announces
                            // what appears in it.
                            <div class="pp-quiz-live" aria-live="polite">{ result(item.outcome(), state, &name, item.action) }</div>
                            if !open {
                                if let Some(e) = item.explanation() {
                                    <ExplanationView explanation={e.clone()} />
                                }
                                <button type="button" class="pp-quiz-retry" data-testid="quiz-retry"
                                    onclick={onmsg.reform(move |_: MouseEvent| QuizMsg::Retry(i))}>
                                    { if state == ItemState::Revealed { "Hide the answer" } else { "Try again" } }
                                </button>
                            }
                        </li>
                    }
                }) }
            </ol>
            if let Some(score) = quiz.score().filter(|s| s.total > 1) {
                <p class="pp-quiz-score" data-testid="quiz-score" data-right={score.right.to_string()}
                    data-predicted={score.predicted.to_string()} data-total={score.total.to_string()}>
                    { score_words(score) }
                </p>
            }
        </div>
    }
}

/// The score in words: `You predicted 1 of 2 right.`, with the questions revealed without a
/// prediction counted apart.
fn score_words(score: Score) -> String {
    let Score {
        right,
        predicted,
        total,
    } = score;
    match total - predicted {
        0 => format!("You predicted {right} of {total} right."),
        _ if predicted == 0 => String::from("You showed every answer without a prediction."),
        1 => {
            format!("You predicted {right} of {predicted} right (one shown without a prediction).")
        }
        n => {
            format!("You predicted {right} of {predicted} right ({n} shown without a prediction).")
        }
    }
}

/// The verdict and the decision of a question that is not open (nothing for an open one: its
/// decision is not even known here).
fn result(outcome: Outcome, state: ItemState, name: &str, action: &str) -> Html {
    let predicted = match state {
        ItemState::Answered(p) => Some(p),
        ItemState::Open | ItemState::Revealed => None,
    };
    match outcome {
        Outcome::Open => html! {},
        Outcome::Undecided => html! {
            <p class="pp-quiz-result" data-testid="quiz-result">
                { "The decision cannot be shown until the policies' errors are fixed." }
            </p>
        },
        Outcome::Decided { decision, correct } => {
            let (symbol, class, words) = decision_look(decision);
            let shown = html! {
                <span class={classes!("pp-quiz-decision", class)} data-testid="quiz-decision"
                    data-principal={name.to_string()} data-action={action.to_string()} data-decision={decision.as_str()}>
                    <span class="symbol" aria-hidden="true">{ symbol }</span>{ words }
                </span>
            };
            let (verdict, rest) = match (correct, predicted) {
                (Some(true), Some(p)) => (
                    Some("Right"),
                    format!(": you predicted {}, and it is ", p.as_str()),
                ),
                (Some(false), Some(p)) => (
                    Some("Not quite"),
                    format!(": you predicted {}, but it is ", p.as_str()),
                ),
                _ => (None, String::from("The answer: it is ")),
            };
            html! {
                <p class={classes!("pp-quiz-result", correct.map(|c| if c { "right" } else { "wrong" }))}
                    data-testid="quiz-result" data-correct={correct.map(|c| c.to_string())}>
                    if let Some(verdict) = verdict { <strong>{ verdict }</strong> }
                    { rest }{ shown }{ "." }
                </p>
            }
        }
    }
}
