//! The who-can panel (issue 16): an action (and a resource), and every principal's decision
//! ([`Workspace::who_can`](crate::scenario::Workspace::who_can)), answered live as the policies
//! change.
//!
//! An imported account has hundreds of principals, and the page around the panel is large (the
//! grid alone holds thousands of elements). So that a keystroke costs about what its answer
//! costs:
//! - the panel is a component of its own: a keystroke in its fields is answered in the panel's
//!   own update (reading the page's workspace through its scope) and renders the panel only,
//!   in the same task (the page is told the question after, to ask it again after each edit; it
//!   renders only when the list of actions gained or lost shows the asked action first); when
//!   the page renders, the panel renders again only if the page asked again;
//! - the rows are one HTML string (every text and attribute escaped) parsed by the browser at
//!   once rather than thousands of elements built one by one, as few elements and attributes
//!   as say it, their statements' buttons answered by one listener on the table (the button's
//!   `data-statement` and its row's place);
//! - the rows come in groups of 25 (`tbody`s), each group off screen skipped by style, layout
//!   and paint (`content-visibility` in `style.css`).

use std::fmt::Write as _;
use std::rc::Rc;

use yew::html::Scope;
use yew::prelude::*;

use crate::engine::{Layer, Span};
use crate::scenario::{Editor, QueryError, StatementRef, WhoCan};
use crate::web::app::{App, Msg};
use crate::web::controls::input_value;
use crate::web::grid::{cell_label, cell_look, layer_names};
use crate::web::markup::escape_into;

/// The who-can question as typed, and its answer.
#[derive(Default)]
pub struct WhoCanState {
    /// The action, as typed.
    pub action: String,
    /// The resource, as typed (empty: the grid's).
    pub resource: String,
    /// The answer (`None` while no action is typed).
    pub answer: Option<Result<WhoCan, QueryError>>,
}

impl WhoCanState {
    /// The action of the answer, as the catalog writes it (`None`: no answer).
    pub fn action(&self) -> Option<&str> {
        self.answer
            .as_ref()
            .and_then(|a| a.as_ref().ok())
            .map(|w| w.action.as_str())
    }
}

/// What the panel is given by the page.
#[derive(Properties)]
pub struct WhoCanProps {
    /// The question and its answer, as the page last asked it.
    pub state: Rc<WhoCanState>,
    /// The page: its workspace answers the question, its messages open the statements' editors.
    pub link: Scope<App>,
}

impl PartialEq for WhoCanProps {
    fn eq(&self, other: &Self) -> bool {
        // The page's scope never changes.
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// What the panel is told.
pub enum WhoCanMsg {
    /// The action, as typed.
    Action(String),
    /// The resource, as typed.
    Resource(String),
    /// A click in the rows: a statement's button opens its editor.
    Click(MouseEvent),
}

/// The panel: the question and answer shown, and its rows' HTML.
pub struct WhoCanPanel {
    state: Rc<WhoCanState>,
    rows: AttrValue,
}

impl WhoCanPanel {
    fn show(&mut self, state: Rc<WhoCanState>) {
        self.rows = match &state.answer {
            Some(Ok(w)) => rows_html(w).into(),
            _ => AttrValue::default(),
        };
        self.state = state;
    }

    /// Asks the page's workspace `action` on `resource` (as typed), shows the answer, and tells
    /// the page.
    fn ask(&mut self, ctx: &Context<Self>, action: String, resource: String) {
        let link = &ctx.props().link;
        let Some(state) = link
            .get_component()
            .map(|app| app.who_can(action, resource))
        else {
            return;
        };
        self.show(Rc::new(state));
        link.send_message(Msg::WhoCanAsked(self.state.clone()));
    }
}

impl Component for WhoCanPanel {
    type Message = WhoCanMsg;
    type Properties = WhoCanProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut panel = WhoCanPanel {
            state: Rc::default(),
            rows: AttrValue::default(),
        };
        panel.show(ctx.props().state.clone());
        panel
    }

    fn update(&mut self, ctx: &Context<Self>, msg: WhoCanMsg) -> bool {
        match msg {
            WhoCanMsg::Action(action) => {
                let resource = self.state.resource.clone();
                self.ask(ctx, action, resource);
                true
            }
            WhoCanMsg::Resource(resource) => {
                let action = self.state.action.clone();
                self.ask(ctx, action, resource);
                true
            }
            WhoCanMsg::Click(e) => {
                if let Some((editor, span)) = clicked_statement(&self.state, &e) {
                    ctx.props().link.send_message(Msg::Reveal(editor, span));
                }
                false
            }
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &WhoCanProps) -> bool {
        let state = &ctx.props().state;
        if Rc::ptr_eq(state, &self.state) {
            return false;
        }
        self.show(state.clone());
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let state = &self.state;
        let on_action = ctx
            .link()
            .callback(|e: InputEvent| WhoCanMsg::Action(input_value(&e)));
        let on_resource = ctx
            .link()
            .callback(|e: InputEvent| WhoCanMsg::Resource(input_value(&e)));
        let options = action_options(&state.action);
        html! {
            <section class="panel who-can" aria-labelledby="who-can-heading" data-testid="who-can">
                <h2 id="who-can-heading">{ "Who can call an action" }</h2>
                <div class="fields">
                    <label>{ "Action " }
                        <input type="text" data-testid="who-can-action" list="who-can-actions" size="36"
                            value={state.action.clone()} oninput={on_action}
                            placeholder="sagemaker:CreateTrainingJob" autocomplete="off" spellcheck="false" />
                    </label>
                    <datalist id="who-can-actions">
                        { for options.into_iter().map(|o| html! { <option value={o} /> }) }
                    </datalist>
                    <label>{ "Resource " }
                        <input type="text" data-testid="who-can-resource" size="36"
                            value={state.resource.clone()} oninput={on_resource}
                            placeholder="optional: a resource name or ARN" spellcheck="false" />
                    </label>
                </div>
                { answer(state, &self.rows, ctx.link()) }
            </section>
        }
    }
}

/// The panel in the page.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    html! {
        <WhoCanPanel state={app.who.clone()} link={link.clone()} />
    }
}

/// The datalist of the who-can action input: actions of the catalog that start with what is
/// typed (service prefixes while no `:` is typed).
fn action_options(typed: &str) -> Vec<String> {
    let typed = typed.trim();
    let cat = crate::catalog::catalog();
    if typed.is_empty() || typed.contains(['*', '?']) || typed.len() > 128 {
        return Vec::new();
    }
    if typed.contains(':') {
        if cat.action(typed).is_some() {
            return Vec::new();
        }
        return cat
            .expand(&format!("{typed}*"))
            .into_iter()
            .take(20)
            .map(|a| a.name().to_string())
            .collect();
    }
    let lower = typed.to_ascii_lowercase();
    cat.services()
        .filter(|s| s.prefix().starts_with(&lower))
        .take(20)
        .map(|s| format!("{}:", s.prefix()))
        .collect()
}

/// A statement's words: `statement 0 (AllowTraining) of IAM policy `x``.
fn statement_words(s: &StatementRef) -> String {
    match &s.sid {
        Some(sid) => format!("statement {} ({sid}) of {}", s.statement, s.policy),
        None => format!("statement {} of {}", s.statement, s.policy),
    }
}

/// The statements of a row, each a button that opens its editor at the statement (when the
/// scenario writes it).
pub(super) fn statements(link: &Scope<App>, list: &[StatementRef]) -> Html {
    html! {
        <ul class="statements">
            { for list.iter().map(|s| {
                let words = statement_words(s);
                match (s.editor, s.span) {
                    (Some(editor), Some(span)) => html! {
                        <li><button type="button" class="link" data-layer={s.layer.as_str()}
                            onclick={link.callback(move |_| Msg::Reveal(editor, span))}>{ words }</button></li>
                    },
                    _ => html! { <li data-layer={s.layer.as_str()}>{ words }</li> },
                }
            }) }
        </ul>
    }
}

/// The layer words of a blocked row.
fn blocked_words(layers: &[Layer]) -> String {
    layers
        .iter()
        .map(|l| crate::scenario::layer_words(*l))
        .collect::<Vec<_>>()
        .join(", ")
}

fn answer(state: &WhoCanState, rows: &AttrValue, link: &Scope<WhoCanPanel>) -> Html {
    match &state.answer {
        None => html! {
            <p class="hint">{ "Type an action to see every principal that may call it through the endpoint, the statement and policy that grant it, and the layer that blocks the others. The answer follows every edit." }</p>
        },
        Some(Err(QueryError::PolicyErrors)) => html! {
            <p class="hint" data-testid="who-can-error" role="status">{ "A policy has errors (see Problems): nothing is decided until they are fixed." }</p>
        },
        Some(Err(QueryError::Argument(d))) => html! {
            <p class="banner error" data-testid="who-can-error" role="status" data-code={d.code.as_str()}>
                { d.message.clone() }
                if let Some(help) = &d.help { { format!(" ({help})") } }
            </p>
        },
        Some(Ok(w)) => summary_and_rows(w, rows, link),
    }
}

fn summary_and_rows(w: &WhoCan, rows: &AttrValue, link: &Scope<WhoCanPanel>) -> Html {
    let (allowed, explicit, implicit, unreachable) = (
        w.count("Allowed"),
        w.count("ExplicitlyDenied"),
        w.count("ImplicitlyDenied"),
        w.count("Unreachable"),
    );
    let on = if w.resource_name.is_empty() {
        w.resource.clone()
    } else {
        format!("{} ({})", w.resource, w.resource_name)
    };
    let onclick = link.callback(WhoCanMsg::Click);
    html! {
        <>
            <p data-testid="who-can-summary" role="status" aria-live="polite"
                data-allowed={allowed.to_string()} data-explicitly-denied={explicit.to_string()}
                data-implicitly-denied={implicit.to_string()} data-unreachable={unreachable.to_string()}>
                <code>{ w.action.clone() }</code>{ " on " }<code class="arn">{ on }</code>
                { format!(": {allowed} of {} principals allowed, {explicit} explicitly denied, {implicit} implicitly denied", w.rows.len()) }
                if unreachable > 0 { { format!(", {unreachable} unreachable") } }
                { "." }
            </p>
            <div class="who-can-scroll" {onclick}>
                { Html::from_html_unchecked(rows.clone()) }
            </div>
        </>
    }
}

/// The statements of a row as HTML, one per line: each a button (`data-statement`: its place
/// in the row's list; the row is the button's `tr`) that opens its editor at the statement,
/// when the scenario writes it, else its words. The fewest elements and attributes that say it:
/// an answer is hundreds of rows parsed at every keystroke.
fn statements_html(out: &mut String, list: &[StatementRef]) {
    for (i, s) in list.iter().enumerate() {
        let layer = s.layer.as_str();
        let written = s.editor.is_some() && s.span.is_some();
        if written {
            let _ = write!(
                out,
                "<button data-layer=\"{layer}\" data-statement=\"{i}\">"
            );
        } else {
            let _ = write!(out, "<span data-layer=\"{layer}\">");
        }
        escape_into(out, &statement_words(s));
        out.push_str(if written { "</button>" } else { "</span>" });
    }
}

/// Rows per `tbody` of the who-can table.
const ROW_GROUP: usize = 25;

/// The table of an answer's rows, one per principal, as HTML, with the hooks
/// `[data-testid="who-can-row"]` with `data-principal`, `data-arn`, `data-decision` and
/// `data-blocked-by`; the decision's symbol is drawn by the stylesheet (`style.css`), from the
/// cell's class.
fn rows_html(w: &WhoCan) -> String {
    let mut out = String::with_capacity(w.rows.len() * 400);
    out.push_str(concat!(
        "<table class=\"who-can-rows\" role=\"table\"><thead role=\"rowgroup\"><tr role=\"row\">",
        "<th role=\"columnheader\" scope=\"col\">principal</th>",
        "<th role=\"columnheader\" scope=\"col\">decision</th>",
        "<th role=\"columnheader\" scope=\"col\">granted by, or blocked by</th>",
        "</tr></thead><tbody role=\"rowgroup\">"
    ));
    for (i, r) in w.rows.iter().enumerate() {
        // Rows in groups of ROW_GROUP, each group skipped by style, layout and paint while off
        // screen (`content-visibility` in `style.css`): one group to track per 25 rows.
        if i > 0 && i % ROW_GROUP == 0 {
            out.push_str("</tbody><tbody role=\"rowgroup\">");
        }
        let (_, class, _) = cell_look(&r.cell);
        out.push_str("<tr role=\"row\" data-testid=\"who-can-row\" data-principal=\"");
        escape_into(&mut out, &r.name);
        out.push_str("\" data-arn=\"");
        escape_into(&mut out, &r.arn);
        let _ = write!(
            out,
            "\" data-decision=\"{}\" data-blocked-by=\"{}\"><th role=\"rowheader\" scope=\"row\" title=\"",
            r.cell.decision_name(),
            layer_names(r.cell.blocked_by)
        );
        escape_into(&mut out, &r.arn);
        out.push_str("\">");
        escape_into(&mut out, &r.name);
        let _ = write!(
            out,
            "</th><td role=\"cell\" class=\"cell {class}\">{}</td><td role=\"cell\">",
            cell_label(&r.cell)
        );
        if !r.granted_by.is_empty() {
            statements_html(&mut out, &r.granted_by);
        } else if !r.denied_by.is_empty() {
            out.push_str("denied by ");
            statements_html(&mut out, &r.denied_by);
        } else if r.cell.unreachable.is_some() {
            out.push_str("stopped in the network before any policy");
        } else {
            let layers: Vec<Layer> = r.cell.blocked_by.iter().collect();
            out.push_str("no allow in ");
            escape_into(&mut out, &blocked_words(&layers));
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The statement whose button a click in the rows hit: its editor and span.
fn clicked_statement(state: &WhoCanState, e: &MouseEvent) -> Option<(Editor, Span)> {
    let target: web_sys::Element = e.target_dyn_into()?;
    let button = target.closest("button[data-statement]").ok()??;
    let at: usize = button.get_attribute("data-statement")?.parse().ok()?;
    // The row's place among the answer's rows: the rows before it in its group, and those of
    // the groups before (once per click).
    let tr = button.closest("tr").ok()??;
    let mut row = 0;
    let mut before = tr.previous_element_sibling();
    while let Some(earlier) = before {
        row += 1;
        before = earlier.previous_element_sibling();
    }
    let mut group = tr.parent_element()?.previous_element_sibling();
    while let Some(earlier) = group {
        if earlier.tag_name().eq_ignore_ascii_case("tbody") {
            row += earlier.child_element_count() as usize;
        }
        group = earlier.previous_element_sibling();
    }
    let r = state.answer.as_ref()?.as_ref().ok()?.rows.get(row)?;
    let list = if r.granted_by.is_empty() {
        &r.denied_by
    } else {
        &r.granted_by
    };
    let s = list.get(at)?;
    Some((s.editor?, s.span?))
}
