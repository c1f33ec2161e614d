//! The what-can question in the page (issue 16): one principal, every action it may call (the
//! whole catalog, or an action filter's), grouped by service and access level with the
//! statements that grant each ([`Workspace::what_can`]).
//!
//! The whole catalog is about 22,000 decisions (100–200 ms in wasm), too slow for every
//! keystroke of a policy: the answer is worked out again when the principal or the filter
//! changes, and after an edit only when a principal is chosen, at once for a filter of at most
//! [`SYNC_ACTIONS`] actions, otherwise after the pause the grid waits for (the panel says the
//! answer is being brought up to date meanwhile). What is rendered is capped: a service's actions
//! are built only while its `<details>` is open, at most [`SHOWN_PER_LEVEL`] per access level.

use std::collections::HashMap;

use gloo::timers::callback::Timeout;
use yew::html::Scope;
use yew::prelude::*;

use super::who_can::statements;
use crate::scenario::{expand_actions, PrincipalId, QueryError, ServiceAccess, WhatCan, Workspace};
use crate::web::app::{App, Msg};
use crate::web::controls::input_value;

/// A filter of at most this many actions is answered at once after an edit; a larger one (or
/// the whole catalog) after a pause in typing.
pub const SYNC_ACTIONS: usize = 2_000;
/// The pause, in milliseconds (the grid's for large grids).
const PAUSE_MS: u32 = 250;
/// Services are open from the start when the answer has at most this many.
const FEW_SERVICES: usize = 3;
/// At most this many actions of one access level are listed ("and K more" after them).
pub const SHOWN_PER_LEVEL: usize = 25;

/// What the what-can panel is told.
pub enum WhatCanMsg {
    /// The principal chosen, by position in the scenario (`None`: none).
    Principal(Option<usize>),
    /// The action filter, as typed.
    Filter(String),
    /// Work the answer out now (the pause is over).
    Run,
    /// A service's `<details>` was opened (`true`) or closed.
    Toggle(&'static str, bool),
}

/// The panel's state: the question, its answer, and whether the answer waits for a pause.
pub struct WhatCanPanel {
    /// The principal chosen, and its name (to find it again in a scenario loaded after).
    principal: Option<PrincipalId>,
    name: String,
    /// The action filter, as typed (empty: the whole catalog).
    pub(crate) filter: String,
    /// The answer for the question as it was last worked out (`None`: no principal chosen).
    pub(crate) answer: Option<Result<WhatCan, QueryError>>,
    /// True while the answer shown is older than the scenario or the question.
    pub(crate) stale: bool,
    /// The services the user opened or closed (the others follow [`FEW_SERVICES`]).
    toggled: HashMap<&'static str, bool>,
    timer: Option<Timeout>,
    link: Scope<App>,
}

impl WhatCanPanel {
    /// An empty panel that sends its timer's [`WhatCanMsg::Run`] through `link`.
    pub fn new(link: Scope<App>) -> WhatCanPanel {
        WhatCanPanel {
            principal: None,
            name: String::new(),
            filter: String::new(),
            answer: None,
            stale: false,
            toggled: HashMap::new(),
            timer: None,
            link,
        }
    }

    /// Handles an event of the panel; true when the page must render again.
    pub fn update(&mut self, ws: &Workspace, event: WhatCanMsg) -> bool {
        match event {
            WhatCanMsg::Principal(at) => {
                let id = at.and_then(|at| ws.principal_id(at));
                self.principal = id;
                self.name = at
                    .and_then(|at| ws.scenario.principals.get(at))
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                self.toggled.clear();
                self.answer = None;
                // Even the whole catalog at once: after this render says it is coming.
                self.ask(ws, 0);
            }
            WhatCanMsg::Filter(filter) => {
                self.filter = filter;
                self.toggled.clear();
                self.ask(ws, PAUSE_MS);
            }
            WhatCanMsg::Run => {
                self.timer = None;
                self.answer_now(ws);
            }
            WhatCanMsg::Toggle(service, open) => {
                if self.is_open(service) == open {
                    return false;
                }
                self.toggled.insert(service, open);
            }
        }
        true
    }

    /// After a new scenario was loaded (a preset, a file, an account): the principal of the
    /// same name, if it has one.
    pub fn reloaded(&mut self, ws: &Workspace) {
        self.principal = ws
            .scenario
            .principals
            .iter()
            .position(|p| !self.name.is_empty() && p.name == self.name)
            .and_then(|at| ws.principal_id(at));
        if self.principal.is_none() {
            self.name.clear();
            self.answer = None;
        }
        self.toggled.clear();
    }

    /// After an edit of the scenario: nothing without a principal; the answer again at once for
    /// a small filter, after the pause otherwise.
    pub fn edited(&mut self, ws: &Workspace) {
        if self.principal.is_none() {
            self.answer = None;
            self.stale = false;
            self.timer = None;
            return;
        }
        self.ask(ws, PAUSE_MS);
    }

    /// The scenario changed and the page waits for a pause before working anything out (a
    /// large grid): the answer shown is marked as being brought up to date.
    pub fn waiting(&mut self) {
        if self.principal.is_some() {
            self.stale = true;
        }
    }

    /// The pause is over (the grid was decided after it): an answer that waits for one is
    /// worked out now rather than after a pause of its own.
    pub fn settle(&mut self, ws: &Workspace) {
        if self.timer.is_some() {
            self.answer_now(ws);
        }
    }

    /// The answer again: at once when the filter is small, else after `pause` ms (the answer
    /// shown meanwhile is marked as being brought up to date).
    fn ask(&mut self, ws: &Workspace, pause: u32) {
        if self.principal.is_none() {
            self.answer = None;
            self.stale = false;
            self.timer = None;
            return;
        }
        if self.small() {
            self.answer_now(ws);
            return;
        }
        self.stale = true;
        let link = self.link.clone();
        self.timer = Some(Timeout::new(pause, move || {
            link.send_message(Msg::WhatCan(WhatCanMsg::Run))
        }));
    }

    /// Whether the filter names at most [`SYNC_ACTIONS`] actions (a wrong filter is answered at
    /// once too: its error costs nothing; an empty one is the whole catalog).
    fn small(&self) -> bool {
        let filter = self.filter.trim();
        if filter.is_empty() {
            return false;
        }
        crate::scenario::check_filter(filter).is_err()
            || expand_actions(filter, &[]).len() <= SYNC_ACTIONS
    }

    fn answer_now(&mut self, ws: &Workspace) {
        self.timer = None;
        self.stale = false;
        let Some(id) = self.principal else {
            self.answer = None;
            return;
        };
        let Some(at) = ws.principal_position(id) else {
            // Removed from the scenario.
            self.principal = None;
            self.name.clear();
            self.answer = None;
            return;
        };
        // Renamed, perhaps: the name it is found by after a load is its current one.
        if let Some(p) = ws.scenario.principals.get(at) {
            self.name.clone_from(&p.name);
        }
        let filter = Some(self.filter.as_str()).filter(|f| !f.trim().is_empty());
        self.answer = Some(ws.what_can(id, filter));
    }

    fn is_open(&self, service: &str) -> bool {
        if let Some(open) = self.toggled.get(service) {
            return *open;
        }
        matches!(&self.answer, Some(Ok(w)) if w.services.len() <= FEW_SERVICES)
    }
}

/// The principal menu's options as HTML (value: the principal's place), none selected: hundreds
/// of options for an imported account cost a fraction of their cost built one by one. The
/// chosen one is set after each render ([`show_chosen`]).
fn principal_options(ws: &crate::scenario::Workspace) -> String {
    use crate::web::markup::escape_into;
    use std::fmt::Write;
    let mut out = String::from("<option value=\"\">(choose a principal)</option>");
    for (i, p) in ws.scenario.principals.iter().enumerate() {
        let _ = write!(out, "<option value=\"{i}\">");
        escape_into(&mut out, &p.name);
        out.push_str("</option>");
    }
    out
}

/// Shows the chosen principal (its place; `None`: the first option) in the principal menu,
/// after a render: its options name no choice.
pub(crate) fn show_chosen(app: &App) {
    let chosen = app
        .what
        .principal
        .and_then(|id| app.state.ws.principal_position(id));
    let value = chosen.map_or(String::new(), |i| i.to_string());
    if let Some(select) = gloo::utils::document()
        .get_element_by_id("what-can-principal")
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(e).ok())
    {
        if select.value() != value {
            select.set_value(&value);
        }
    }
}

/// The what-can panel: a principal, an optional action filter, and what it may call.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let panel = &app.what;
    let ws = &app.state.ws;
    let on_principal = link.callback(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Msg::WhatCan(WhatCanMsg::Principal(select.value().parse().ok()))
    });
    let on_filter =
        link.callback(|e: InputEvent| Msg::WhatCan(WhatCanMsg::Filter(input_value(&e))));
    let state = if panel.stale { "pending" } else { "ready" };
    html! {
        <section class="panel what-can" aria-labelledby="what-can-heading" data-testid="what-can"
            data-state={state} aria-busy={panel.stale.to_string()}>
            <h2 id="what-can-heading">{ "What can a principal call" }</h2>
            <div class="fields">
                <label for="what-can-principal">{ "Principal" }</label>
                <select id="what-can-principal" data-testid="what-can-principal" onchange={on_principal}>
                    { Html::from_html_unchecked(principal_options(ws).into()) }
                </select>
                <label for="what-can-filter">{ "Actions" }</label>
                <input id="what-can-filter" type="text" data-testid="what-can-filter" size="36"
                    value={panel.filter.clone()} oninput={on_filter}
                    placeholder="every action; or sagemaker:*, s3:Get*" autocomplete="off" spellcheck="false"
                    aria-describedby="what-can-cap" />
            </div>
            <p class="hint" id="what-can-cap">
                { format!(
                    "Empty: every action of the catalog (about 22,000), brought up to date after a pause in editing; a filter of at most {} actions follows every keystroke. At most {SHOWN_PER_LEVEL} actions are listed per access level; a service's actions show when it is opened.",
                    thousands(SYNC_ACTIONS)
                ) }
            </p>
            <p class="what-can-status" data-testid="what-can-status" role="status" aria-live="polite">
                if panel.stale { { "Bringing the answer up to date…" } }
            </p>
            { answer(panel, link) }
        </section>
    }
}

fn answer(panel: &WhatCanPanel, link: &Scope<App>) -> Html {
    match &panel.answer {
        None if panel.stale => html! {},
        None => html! {
            <p class="hint">{ "Choose a principal to see every action it may call, grouped by service and access level, with the statements that grant each." }</p>
        },
        Some(Err(QueryError::PolicyErrors)) => html! {
            <p class="hint" data-testid="what-can-error" role="status">{ "A policy has errors (see Problems): nothing is decided until they are fixed." }</p>
        },
        Some(Err(QueryError::Argument(d))) => html! {
            <p class="banner error" data-testid="what-can-error" role="status" data-code={d.code.as_str()}>
                { d.message.clone() }
                if let Some(help) = &d.help { { format!(" ({help})") } }
            </p>
        },
        Some(Ok(w)) => services(panel, link, w),
    }
}

fn services(panel: &WhatCanPanel, link: &Scope<App>, w: &WhatCan) -> Html {
    let scope = if panel.filter.trim().is_empty() {
        "actions of the catalog"
    } else {
        "actions of the filter"
    };
    let in_services = match w.services.len() {
        0 => String::new(),
        1 => " in 1 service".to_string(),
        n => format!(" in {n} services"),
    };
    html! {
        <>
            <p data-testid="what-can-summary" data-allowed={w.allowed.to_string()}
                data-decided={w.decided.to_string()} data-principal={w.name.clone()}>
                <strong title={w.arn.clone()}>{ &w.name }</strong>
                { format!(" may call {} of {} {scope}{in_services}.", thousands(w.allowed), thousands(w.decided)) }
            </p>
            if !w.services.is_empty() {
                <div class="what-can-services">
                    { for w.services.iter().map(|s| service(panel, link, s)) }
                </div>
            }
        </>
    }
}

fn service(panel: &WhatCanPanel, link: &Scope<App>, s: &ServiceAccess) -> Html {
    let open = panel.is_open(s.service);
    let prefix = s.service;
    let ontoggle = link.batch_callback(move |e: Event| {
        let details: web_sys::Element = e.target_unchecked_into();
        Some(Msg::WhatCan(WhatCanMsg::Toggle(
            prefix,
            details.has_attribute("open"),
        )))
    });
    html! {
        <details key={s.service} class="what-can-service" data-testid="what-can-service" data-service={s.service}
            data-allowed={s.allowed.to_string()} data-decided={s.decided.to_string()} {open} {ontoggle}>
            <summary>
                <code>{ s.service }</code>{ " " }{ s.name }
                <span class="count">{ format!(" — {} of {} allowed", thousands(s.allowed), thousands(s.decided)) }</span>
            </summary>
            if open {
                { for s.levels.iter().map(|l| {
                    let more = l.actions.len().saturating_sub(SHOWN_PER_LEVEL);
                    html! {
                        <div class="what-can-level" data-testid="what-can-level" data-level={l.level.clone()}>
                            <h3>{ format!("{} ({})", l.level, l.actions.len()) }</h3>
                            <ul class="what-can-actions">
                                { for l.actions.iter().take(SHOWN_PER_LEVEL).map(|a| html! {
                                    <li data-testid="what-can-action" data-action={a.action} data-resource={a.resource.clone()}>
                                        <code>{ a.action }</code>
                                        { statements(link, &a.granted_by) }
                                    </li>
                                }) }
                            </ul>
                            if more > 0 {
                                <p class="hint" data-testid="what-can-more" data-more={more.to_string()}>
                                    { format!("and {} more (narrow the action filter to see them)", thousands(more)) }
                                </p>
                            }
                        </div>
                    }
                }) }
            }
        </details>
    }
}

/// `22091` as `22,091`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
