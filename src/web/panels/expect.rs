//! What the author expects and what an edit changed: the baseline bar with its change summary
//! (above the grid), the expectations panel (each with pass, fail or invalid, its failing cells
//! selectable like grid cells, a form to write one), and the pieces the explanation adds (pin
//! the cell as an expectation; the baseline's side of a changed cell).

use yew::html::Scope;
use yew::prelude::*;

use crate::scenario::{Change, Expect, ExpectationDoc, ExpectationState, Verdict};
use crate::web::app::{App, Msg};
use crate::web::controls::{input_value, select_value};
use crate::web::explain::ExplanationView;
use crate::web::grid::{cell_label, cell_look};

/// The baseline bar: keep, compare with the preset, read a file, clear; and what changed since.
pub fn baseline_bar(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let from_preset = !s.preset.is_empty();
    let summary = match (&app.baseline, &app.changes) {
        (None, _) => html! {
            <span class="hint">{ "Keep a baseline to see what each edit changes." }</span>
        },
        (Some(b), None) => html! {
            <span class="hint" data-testid="change-summary" data-verdict="unknown">
                { if b.has_errors() { "The baseline has errors: nothing to compare with." } else { "Fix the errors above to compare with the baseline." } }
            </span>
        },
        (Some(_), Some(d)) => {
            let verdict = d.verdict;
            let words = match verdict {
                Verdict::Same => "same access",
                Verdict::Narrower => "narrower",
                Verdict::Broader => "broader",
                Verdict::Mixed => "mixed",
            };
            html! {
                <span class={classes!("change-summary", verdict.as_str())} data-testid="change-summary"
                    data-verdict={verdict.as_str()} data-gained={d.gained.to_string()} data-lost={d.lost.to_string()}
                    role="status" aria-live="polite">
                    { "Since the baseline: " }
                    <strong class="gained">{ format!("+{} allowed", d.gained) }</strong>{ ", " }
                    <strong class="lost">{ format!("−{} allowed", d.lost) }</strong>
                    if d.changed > 0 { { format!(", {} denied for another reason", d.changed) } }
                    { " · " }<strong class="verdict">{ words }</strong>
                </span>
            }
        }
    };
    html! {
        <div class="baseline-bar" aria-label="baseline">
            <button type="button" data-testid="baseline" onclick={link.callback(|_| Msg::KeepBaseline)}
                title="Record the whole grid as it is now; later edits are compared with it">
                { if app.baseline.is_some() { "Keep as new baseline" } else { "Keep as baseline" } }
            </button>
            if from_preset {
                <button type="button" data-testid="baseline-preset" onclick={link.callback(|_| Msg::BaselineFromPreset)}
                    title="Compare with the preset as it opens">{ "Compare with the preset" }</button>
            }
            <button type="button" data-testid="baseline-file" onclick={link.callback(|_| Msg::PickBaselineFile)}
                title="Compare with a scenario file exported from this page">{ "Baseline from file…" }</button>
            if app.baseline.is_some() {
                <button type="button" data-testid="baseline-clear" onclick={link.callback(|_| Msg::ClearBaseline)}>{ "Clear baseline" }</button>
            }
            { " " }{ summary }
            { by_action(app) }
        </div>
    }
}

/// At most this many actions are listed by [`by_action`].
const MAX_ACTIONS_LISTED: usize = 50;

/// Per action, how many principals gained or lost it since the baseline
/// (`[data-testid="change-by-action"]`, one `li[data-action][data-gained][data-lost]` each; the
/// who-can action first, then by how many principals changed): an endpoint edit over an
/// imported account's hundreds of principals, at a glance.
fn by_action(app: &App) -> Html {
    let Some(d) = &app.changes else {
        return html! {};
    };
    let mut changes = crate::scenario::actions_changed(d);
    if changes.is_empty() {
        return html! {};
    }
    // The action asked about in who-can first, then those most principals gained or lost.
    let asked = app.who.action();
    let rank = |c: &crate::scenario::ActionChange| {
        (
            Some(c.action) != asked,
            std::cmp::Reverse(c.gained + c.lost),
        )
    };
    crate::text::sort_stable_by(&mut changes, |a, b| rank(a).cmp(&rank(b)));
    let more = changes.len().saturating_sub(MAX_ACTIONS_LISTED);
    html! {
        <details class="change-by-action" open={changes.len() <= 10}>
            <summary>{ format!("Principals that gained or lost each action ({} actions)", changes.len()) }</summary>
            <ul data-testid="change-by-action">
                { for changes.iter().take(MAX_ACTIONS_LISTED).map(|c| html! {
                    <li data-action={c.action} data-gained={c.gained.to_string()} data-lost={c.lost.to_string()}>
                        <code>{ c.action }</code>{ ": " }
                        if c.gained > 0 { <strong class="gained">{ format!("+{} principal{}", c.gained, if c.gained == 1 { "" } else { "s" }) }</strong> }
                        if c.gained > 0 && c.lost > 0 { { ", " } }
                        if c.lost > 0 { <strong class="lost">{ format!("−{} principal{}", c.lost, if c.lost == 1 { "" } else { "s" }) }</strong> }
                    </li>
                }) }
                if more > 0 { <li>{ format!("… and {more} more actions") }</li> }
            </ul>
        </details>
    }
}

/// The words of an expectation: `other-user → sagemaker:Create* (on reports): Denied`.
fn expectation_words(e: &ExpectationDoc) -> String {
    let on = if e.resource.is_empty() {
        String::new()
    } else {
        format!(" on {}", e.resource)
    };
    format!(
        "{} → {}{on}: {}",
        e.principal,
        e.action,
        expect_words(e.expect)
    )
}

fn expect_words(e: Expect) -> &'static str {
    match e {
        Expect::Allowed => "allowed",
        Expect::Denied => "denied",
        Expect::ExplicitlyDenied => "explicitly denied",
        Expect::ImplicitlyDenied => "implicitly denied",
        Expect::Unreachable => "unreachable (stopped in the network)",
    }
}

/// The expectations panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let results = &app.expectations;
    let failing = results
        .iter()
        .filter(|r| r.state != ExpectationState::Pass)
        .count();
    let heading = if results.is_empty() {
        "Expectations".to_string()
    } else if failing == 0 {
        format!("Expectations: all {} hold", results.len())
    } else {
        format!("Expectations: {failing} of {} do not hold", results.len())
    };
    html! {
        <section class="panel expectations" aria-labelledby="expect-heading" data-testid="expectations">
            <h2 id="expect-heading">{ heading }</h2>
            if results.is_empty() {
                <p class="hint">{ "Say who must and must not get in: select a cell and choose “Expect this”, or write one below. Each is checked on every edit, and by the command line's check." }</p>
            }
            <ul class="expectation-list" aria-live="polite">
                { for results.iter().map(|r| {
                    let index = r.index;
                    let state = r.state;
                    let symbol = match state {
                        ExpectationState::Pass => "✓",
                        ExpectationState::Fail => "✕",
                        ExpectationState::Invalid => "?",
                    };
                    let status = match state {
                        ExpectationState::Pass => format!("holds ({})", cells(r.cells.len())),
                        ExpectationState::Fail => format!("does not hold: {} of {}", r.failures().count(), cells(r.cells.len())),
                        ExpectationState::Invalid => format!("cannot be checked: {}", r.problem_message().unwrap_or_default()),
                    };
                    html! {
                        <li data-testid="expectation" data-state={state.as_str()} data-index={index.to_string()} class={classes!("expectation", state.as_str())}>
                            <span class="symbol" aria-hidden="true">{ symbol }</span>
                            <span class="what">{ expectation_words(&r.expectation) }</span>
                            { " — " }<span class="status">{ status }</span>
                            if !r.expectation.note.is_empty() { <span class="note">{ format!(" ({})", r.expectation.note) }</span> }
                            <button type="button" class="link remove" aria-label={format!("remove the expectation {}", expectation_words(&r.expectation))}
                                onclick={link.callback(move |_| Msg::RemoveExpectation(index))}>{ "remove" }</button>
                            if state == ExpectationState::Fail {
                                <ul class="failures">
                                    { for r.failures().take(MAX_SHOWN_FAILURES).map(|c| {
                                        let (symbol, class, _) = cell_look(&c.cell);
                                        let words = format!("{} → {}: {}", c.principal_name, c.action, cell_label(&c.cell));
                                        let (p, action) = (c.principal, c.action);
                                        html! {
                                            <li data-testid="expectation-failure" data-principal={c.principal_name.clone()} data-action={c.action} data-decision={c.cell.decision_name()}>
                                                <span class={classes!("cell", class)}><span class="symbol" aria-hidden="true">{ symbol }</span>{ words }</span>
                                                if c.grid_cell {
                                                    { " " }
                                                    <button type="button" class="link" onclick={link.callback(move |_| Msg::ExplainCell(p, action))}>{ "why?" }</button>
                                                } else {
                                                    <span class="hint">{ format!(" (on {})", c.resource) }</span>
                                                }
                                            </li>
                                        }
                                    }) }
                                    if r.failures().count() > MAX_SHOWN_FAILURES {
                                        <li class="hint">{ format!("and {} more", r.failures().count() - MAX_SHOWN_FAILURES) }</li>
                                    }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ul>
            <NewExpectation onadd={link.callback(Msg::AddExpectation)} />
        </section>
    }
}

/// `1 cell`, `3 cells`.
fn cells(n: usize) -> String {
    if n == 1 {
        "1 cell".into()
    } else {
        format!("{n} cells")
    }
}

/// Failing cells listed under one expectation (the rest are counted).
const MAX_SHOWN_FAILURES: usize = 10;

/// Props of [`NewExpectation`].
#[derive(Properties, PartialEq)]
pub struct NewExpectationProps {
    /// Called with the expectation written.
    pub onadd: Callback<ExpectationDoc>,
}

/// The form that writes an expectation by hand (patterns allowed).
#[function_component(NewExpectation)]
fn new_expectation(props: &NewExpectationProps) -> Html {
    let principal = use_state(String::new);
    let action = use_state(String::new);
    let expect = use_state(|| Expect::Denied);
    let note = use_state(String::new);
    let onsubmit = {
        let (principal, action, expect, note) = (
            principal.clone(),
            action.clone(),
            expect.clone(),
            note.clone(),
        );
        let onadd = props.onadd.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if principal.trim().is_empty() || action.trim().is_empty() {
                return;
            }
            onadd.emit(ExpectationDoc {
                principal: (*principal).clone(),
                action: (*action).clone(),
                resource: String::new(),
                expect: *expect,
                note: (*note).clone(),
            });
            principal.set(String::new());
            action.set(String::new());
            note.set(String::new());
        })
    };
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(input_value(&e)))
    };
    let on_expect = {
        let expect = expect.clone();
        Callback::from(move |e: Event| {
            if let Some(x) = Expect::from_name(&select_value(&e)) {
                expect.set(x);
            }
        })
    };
    html! {
        <form class="new-expectation" data-testid="new-expectation" {onsubmit}>
            <label>{ "Principal " }<input type="text" data-testid="new-expectation-principal" value={(*principal).clone()} oninput={text(&principal)} placeholder="other-user or *-user" size="14" /></label>
            <label>{ "Action " }<input type="text" data-testid="new-expectation-action" value={(*action).clone()} oninput={text(&action)} placeholder="sagemaker:Create*" size="22" /></label>
            <label>{ "must be " }
                <select data-testid="new-expectation-expect" onchange={on_expect}>
                    { for Expect::ALL.into_iter().map(|x| html! {
                        <option value={x.as_str()} selected={x == *expect}>{ expect_words(x) }</option>
                    }) }
                </select>
            </label>
            <label>{ "Note " }<input type="text" value={(*note).clone()} oninput={text(&note)} placeholder="why (optional)" size="18" /></label>
            <button type="submit" data-testid="new-expectation-add">{ "Add expectation" }</button>
        </form>
    }
}

/// Under the explanation of the selected cell: "expect this", and the baseline's side when the
/// cell changed since the baseline.
pub fn explanation_extras(app: &App, link: &Scope<App>) -> Html {
    let Some((p, action)) = app.state.cell() else {
        return Html::default();
    };
    let name = app
        .state
        .ws
        .principal(p)
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let change = app.changes.as_ref().and_then(|d| {
        d.cells
            .iter()
            .find(|c| c.principal == name && c.action == action)
    });
    let before = change.and_then(|_| app.baseline.as_ref()?.explain(&name, action));
    html! {
        <div class="explanation-extras">
            <button type="button" data-testid="expect-cell" onclick={link.callback(|_| Msg::ExpectCell)}
                title="Add an expectation that this cell keeps its current decision">{ "Expect this" }</button>
            if let Some(c) = change {
                <section class="before" data-testid="baseline-side" data-change={c.change.as_str()}>
                    <h3>{ format!("{} Before: {}.", match c.change {
                        Change::Gained => "Gained access since the baseline.",
                        Change::Lost => "Lost access since the baseline.",
                        Change::Changed => "Denied for another reason than in the baseline.",
                    }, c.before.map_or("no access (not in the baseline)", |b| cell_look(&b).2)) }</h3>
                    if let Some(e) = before {
                        <ExplanationView explanation={e} testid="baseline-explanation" />
                    } else {
                        <p class="hint">{ format!("{name} was not in the baseline: no access.") }</p>
                    }
                </section>
            }
        </div>
    }
}
