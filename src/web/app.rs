//! The playground page: endpoint policy and principals' IAM policies side by side, the request
//! context, and the grid of decisions, re-decided on every keystroke. One struct component owns
//! the [`Workspace`] (so an edit re-parses one policy and nothing is cloned); the pieces of the
//! page are function components fed by props.

use yew::prelude::*;

use super::editor::{Mark, PolicyEditor};
use super::grid::{decision_look, DecisionGrid, GridState, Position};
use crate::engine::Span;
use crate::scenario::presets::{self, PRESET_IDS};
use crate::scenario::{share, Editor, EditorDiagnostic, Explanation, Scenario, Workspace};

/// Everything the user can do.
pub enum Msg {
    /// Load a preset by id.
    LoadPreset(String),
    /// New endpoint policy text.
    EndpointPolicy(String),
    /// New text for the selected principal's selected policy.
    IdentityPolicy(String),
    /// Select a principal.
    SelectPrincipal(usize),
    /// Select a policy tab of the selected principal.
    SelectPolicy(usize),
    /// Add a principal (a copy of the selected one's policies).
    AddPrincipal,
    /// Remove the selected principal.
    RemovePrincipal,
    /// Rename the selected principal.
    PrincipalName(String),
    /// New ARN for the selected principal.
    PrincipalArn(String),
    /// New tags (`key=value` per line) for the selected principal.
    PrincipalTags(String),
    /// New organization id for the selected principal.
    PrincipalOrg(String),
    /// Add an empty policy to the selected principal.
    AddPolicy,
    /// Remove the selected policy.
    RemovePolicy,
    /// Rename the selected policy.
    PolicyName(String),
    /// A request-context or endpoint field changed.
    Field(Field, String),
    /// Calls go through the endpoint or not.
    ViaEndpoint(bool),
    /// MFA on or off.
    Mfa(bool),
    /// A grid cell was chosen.
    SelectCell(Position),
    /// Focus an editor at a diagnostic.
    Reveal(Editor, Span),
    /// Show the share link.
    Share,
    /// Which rows the grid shows.
    Rows(crate::scenario::RowFilter),
    /// Show or hide an access level.
    Access(crate::catalog::AccessLevel, bool),
    /// Decide the grid now (after a pause in typing, for large grids).
    Evaluate,
    /// Write the scenario into the URL fragment (after a pause in editing).
    SyncUrl,
}

/// Text fields of the scenario.
#[derive(Clone, Copy, PartialEq)]
pub enum Field {
    /// `aws:RequestedRegion`.
    Region,
    /// `aws:CurrentTime`.
    Time,
    /// `aws:SourceIp`.
    SourceIp,
    /// `aws:VpcSourceIp`.
    VpcSourceIp,
    /// `aws:SourceVpc`.
    VpcId,
    /// Extra keys, `key=value` per line.
    Extra,
    /// The endpoint id (`aws:SourceVpce`).
    EndpointId,
    /// `Interface` / `Gateway`.
    EndpointType,
    /// The endpoint's service name.
    Service,
    /// The action filter.
    Actions,
    /// The resource.
    Resource,
}

/// The page.
pub struct App {
    ws: Workspace,
    selected_policy: usize,
    /// The last grid decided without errors (kept while the policies have errors).
    grid: GridState,
    diagnostics: Vec<EditorDiagnostic>,
    selected_cell: Option<(String, &'static str)>,
    explanation: Option<Explanation>,
    load_error: Option<String>,
    share_link: Option<String>,
    reveal: Option<(Editor, Span)>,
    onselect: Callback<Position>,
    /// True while a large grid waits for a pause in typing before it is decided again.
    pending: bool,
    /// The timer of that pause.
    timer: Option<gloo::timers::callback::Timeout>,
    /// The timer that writes the URL fragment after a pause in editing.
    url_timer: Option<gloo::timers::callback::Timeout>,
}

/// Above this many cells, an edit waits for a pause in typing before the grid is decided again,
/// so that typing never waits for a large grid (every action of every service).
const LARGE_GRID: usize = 20_000;
/// The pause, in milliseconds.
const PAUSE_MS: u32 = 250;
/// The pause before the URL fragment is rewritten, in milliseconds.
const URL_PAUSE_MS: u32 = 300;

fn default_preset() -> Scenario {
    presets::preset(PRESET_IDS[0])
        .map(|p| p.scenario)
        .unwrap_or_default()
}

fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let hash = location_hash();
        let (scenario, load_error) = if hash.len() > 1 {
            match share::decode(&hash) {
                Ok(s) => (s, None),
                Err(e) => (default_preset(), Some(e.message)),
            }
        } else {
            (default_preset(), None)
        };
        let mut app = App {
            ws: Workspace::new(scenario),
            selected_policy: 0,
            grid: GridState::default(),
            diagnostics: Vec::new(),
            selected_cell: None,
            explanation: None,
            load_error,
            share_link: None,
            reveal: None,
            onselect: ctx.link().callback(Msg::SelectCell),
            pending: false,
            timer: None,
            url_timer: None,
        };
        app.refresh();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let mut structural = false;
        // Edits of policy text in a large grid are decided after a pause in typing.
        let typing = matches!(msg, Msg::EndpointPolicy(_) | Msg::IdentityPolicy(_));
        self.reveal = None;
        let sel = self.ws.scenario.selected;
        match msg {
            Msg::LoadPreset(id) => {
                if let Some(p) = presets::preset(&id) {
                    self.ws = Workspace::new(p.scenario);
                    self.selected_policy = 0;
                    self.selected_cell = None;
                    self.load_error = None;
                }
            }
            Msg::EndpointPolicy(text) => self.ws.set_endpoint_policy(text),
            Msg::IdentityPolicy(text) => {
                self.ws.set_identity_policy(sel, self.selected_policy, text)
            }
            Msg::SelectPrincipal(p) => {
                if p < self.ws.scenario.principals.len() {
                    self.ws.scenario.selected = p;
                    self.selected_policy = 0;
                }
                self.sync_url();
                return true;
            }
            Msg::SelectPolicy(i) => {
                self.selected_policy = i;
                return true;
            }
            Msg::AddPrincipal => {
                if self.ws.scenario.add_principal_like(sel).is_some() {
                    self.selected_policy = 0;
                    structural = true;
                }
            }
            Msg::RemovePrincipal => {
                if self.ws.scenario.remove_principal(sel) {
                    self.selected_policy = 0;
                    structural = true;
                }
            }
            Msg::PrincipalName(name) => {
                if let Some(p) = self.ws.scenario.principals.get_mut(sel) {
                    p.name = name;
                }
            }
            Msg::PrincipalArn(arn) => {
                if let Some(p) = self.ws.scenario.principals.get_mut(sel) {
                    p.arn = arn;
                }
            }
            Msg::PrincipalTags(text) => {
                if let Some(p) = self.ws.scenario.principals.get_mut(sel) {
                    p.tags = parse_pairs(&text);
                }
            }
            Msg::PrincipalOrg(org) => {
                if let Some(p) = self.ws.scenario.principals.get_mut(sel) {
                    p.org_id = org;
                }
            }
            Msg::AddPolicy => {
                if let Some(i) = self.ws.scenario.add_policy(sel) {
                    self.selected_policy = i;
                    structural = true;
                }
            }
            Msg::RemovePolicy => {
                if let Some(i) = self.ws.scenario.remove_policy(sel, self.selected_policy) {
                    self.selected_policy = i;
                    structural = true;
                }
            }
            Msg::PolicyName(name) => {
                if let Some(d) = self
                    .ws
                    .scenario
                    .principals
                    .get_mut(sel)
                    .and_then(|p| p.policies.get_mut(self.selected_policy))
                {
                    d.name = name;
                }
            }
            Msg::Field(field, value) => {
                let s = &mut self.ws.scenario;
                match field {
                    Field::Region => s.context.region = value,
                    Field::Time => s.context.time = value,
                    Field::SourceIp => s.context.source_ip = value,
                    Field::VpcSourceIp => s.context.vpc_source_ip = value,
                    Field::VpcId => s.context.vpc_id = value,
                    Field::Extra => s.context.extra = parse_pairs(&value),
                    Field::EndpointId => s.endpoint.id = value,
                    Field::EndpointType => s.endpoint.endpoint_type = value,
                    Field::Service => s.endpoint.service = value,
                    Field::Actions => s.actions = value,
                    Field::Resource => s.resource = value,
                }
            }
            Msg::ViaEndpoint(on) => self.ws.scenario.context.via_endpoint = on,
            Msg::Rows(rows) => self.ws.scenario.rows = rows,
            Msg::Access(level, on) => self.ws.scenario.set_access_level(level, on),
            Msg::Evaluate => {
                self.timer = None;
                self.pending = false;
                self.refresh();
                return true;
            }
            Msg::SyncUrl => {
                self.url_timer = None;
                self.sync_url();
                return false;
            }
            Msg::Mfa(on) => self.ws.scenario.context.mfa = on,
            Msg::SelectCell((r, c)) => {
                let action = self.grid.actions.get(r).copied();
                let principal = self.grid.principals.get(c).cloned();
                if let (Some(a), Some(p)) = (action, principal) {
                    self.selected_cell = Some((p, a));
                }
                self.explain();
                // Show the explained principal's policies, on the first one that decided, so
                // that the highlights are visible.
                if let Some(e) = &self.explanation {
                    if let Some(p) = self.ws.principal_index(&e.principal) {
                        if p != self.ws.scenario.selected {
                            self.ws.scenario.selected = p;
                            self.selected_policy = 0;
                        }
                        let first = e.statements.iter().filter(|st| st.decisive).find_map(|st| {
                            match st.editor {
                                Editor::Identity(_, i) => Some(i),
                                Editor::Endpoint => None,
                            }
                        });
                        if let Some(i) = first {
                            self.selected_policy = i;
                        }
                    }
                }
                return true;
            }
            Msg::Reveal(editor, span) => {
                if let Editor::Identity(p, i) = editor {
                    self.ws.scenario.selected = p;
                    self.selected_policy = i;
                }
                self.reveal = Some((editor, span));
                return true;
            }
            Msg::Share => {
                self.sync_url();
                self.share_link = Some(self.share_url());
                if let Some(link) = &self.share_link {
                    let clipboard = gloo::utils::window().navigator().clipboard();
                    let _ = clipboard.write_text(link);
                }
                return true;
            }
        }
        if structural {
            self.ws.reload();
        }
        // The URL fragment follows the edits, written once typing pauses (writing it on every
        // keystroke costs more than deciding the grid).
        let link = ctx.link().clone();
        self.url_timer = Some(gloo::timers::callback::Timeout::new(
            URL_PAUSE_MS,
            move || link.send_message(Msg::SyncUrl),
        ));
        if typing && self.grid.cells.len() * self.grid.principals.len().max(1) > LARGE_GRID {
            // Show the new text and its diagnostics now; decide the grid after the pause.
            self.diagnostics = self.ws.diagnostics();
            self.pending = true;
            let link = ctx.link().clone();
            self.timer = Some(gloo::timers::callback::Timeout::new(PAUSE_MS, move || {
                link.send_message(Msg::Evaluate)
            }));
            return true;
        }
        self.refresh();
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        if first_render {
            if let Some(root) = gloo::utils::document().get_element_by_id("app") {
                // Milliseconds from navigation to the first decided grid (read by the benchmark).
                if let Some(perf) = gloo::utils::window().performance() {
                    let _ = root.set_attribute("data-ready-ms", &format!("{:.1}", perf.now()));
                }
                let _ = root.set_attribute("data-ready", "true");
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let s = &self.ws.scenario;
        let sel = s.selected;
        let principal = s.principals.get(sel);
        let policy = principal.and_then(|p| p.policies.get(self.selected_policy));
        let identity_editor = Editor::Identity(sel, self.selected_policy);
        let on_preset = link.callback(|e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::LoadPreset(el.value())
        });
        let lesson = presets::preset(&self.ws.scenario.preset)
            .map(|p| p.lesson)
            .unwrap_or("");
        let field = |f: Field| {
            link.callback(move |e: InputEvent| {
                let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                Msg::Field(f, el.value())
            })
        };
        let area_field = |f: Field| {
            link.callback(move |e: InputEvent| {
                let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                Msg::Field(f, el.value())
            })
        };
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        html! {
            <main class="playground">
                <header class="top">
                    <div class="brand">
                        <h1>{ "policy-playground" }</h1>
                        <p class="tagline">{ "Who may call what through your VPC endpoint, and why. Everything runs in this page; nothing is sent anywhere." }</p>
                    </div>
                    <div class="toolbar">
                        <label for="preset">{ "Scenario" }</label>
                        <select id="preset" data-testid="preset" onchange={on_preset}>
                            if self.ws.scenario.preset.is_empty() {
                                <option value="" selected=true>{ "(from link)" }</option>
                            }
                            { for presets::all().into_iter().map(|p| html! {
                                <option value={p.id} selected={p.id == self.ws.scenario.preset}>{ p.title }</option>
                            }) }
                        </select>
                        <button type="button" data-testid="share-link" onclick={link.callback(|_| Msg::Share)}>{ "Copy share link" }</button>
                        <a href="notes.html">{ "The study note, with live policies" }</a>
                    </div>
                </header>
                if let Some(e) = &self.load_error {
                    <p class="banner error" role="alert" data-testid="load-error">{ format!("This link could not be opened: {e}. Showing the default scenario instead.") }</p>
                }
                if let Some(l) = &self.share_link {
                    <p class="banner info">
                        <label for="share-url">{ "Share link (the whole scenario is in the part after #; nothing is uploaded): " }</label>
                        <input id="share-url" type="text" readonly=true value={l.clone()} size="60" />
                    </p>
                }
                if !lesson.is_empty() {
                    <p class="lesson">{ lesson }</p>
                }
                <section class="side-by-side">
                    <section class="panel" aria-labelledby="endpoint-heading">
                        <h2 id="endpoint-heading">{ "VPC endpoint" }</h2>
                        <div class="fields">
                            <label>{ "Endpoint id " }<input type="text" value={s.endpoint.id.clone()} oninput={field(Field::EndpointId)} size="24" /></label>
                            <label>{ "Type " }
                                <select onchange={link.callback(|e: Event| { let el: web_sys::HtmlSelectElement = e.target_unchecked_into(); Msg::Field(Field::EndpointType, el.value()) })}>
                                    <option value="Interface" selected={!s.endpoint.endpoint_type.eq_ignore_ascii_case("gateway")}>{ "Interface" }</option>
                                    <option value="Gateway" selected={s.endpoint.endpoint_type.eq_ignore_ascii_case("gateway")}>{ "Gateway" }</option>
                                </select>
                            </label>
                            <label>{ "Service " }<input type="text" value={s.endpoint.service.clone()} oninput={field(Field::Service)} size="40" /></label>
                        </div>
                        <PolicyEditor
                            id="endpoint-policy"
                            testid="endpoint-policy"
                            label="Endpoint policy"
                            rows={12}
                            hint="Empty means AWS's default policy (full access for everyone)."
                            text={s.endpoint.policy.clone()}
                            marks={self.marks(Editor::Endpoint)}
                            reveal={self.reveal.filter(|r| r.0 == Editor::Endpoint).map(|r| r.1)}
                            oninput={link.callback(Msg::EndpointPolicy)}
                        />
                    </section>
                    <section class="panel" aria-labelledby="principals-heading">
                        <h2 id="principals-heading">{ "Principals and their IAM policies" }</h2>
                        <div class="principals" role="toolbar" aria-label="principals">
                            { for s.principals.iter().enumerate().map(|(i, p)| html! {
                                <button type="button"
                                    class={classes!("principal", (i == sel).then_some("active"))}
                                    data-testid="principal"
                                    data-principal={p.name.clone()}
                                    aria-pressed={if i == sel { "true" } else { "false" }}
                                    onclick={link.callback(move |_| Msg::SelectPrincipal(i))}>
                                    { &p.name }
                                </button>
                            }) }
                            <button type="button" class="add" onclick={link.callback(|_| Msg::AddPrincipal)} title="Add a principal with a copy of the selected one's policies">{ "+ principal" }</button>
                            if s.principals.len() > 1 {
                                <button type="button" class="remove" onclick={link.callback(|_| Msg::RemovePrincipal)}>{ "remove" }</button>
                            }
                        </div>
                        if let Some(p) = principal {
                            <details class="principal-details">
                            <summary>{ "ARN " }<code>{ &p.arn }</code>{ if p.tags.is_empty() && p.org_id.is_empty() { "" } else { " · tags and organization" } }</summary>
                            <div class="fields">
                                <label>{ "Name " }<input type="text" value={p.name.clone()} oninput={link.callback(|e: InputEvent| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::PrincipalName(el.value()) })} size="16" /></label>
                                <label>{ "ARN " }<input type="text" data-testid="principal-arn" value={p.arn.clone()} oninput={link.callback(|e: InputEvent| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::PrincipalArn(el.value()) })} size="52" /></label>
                                <label>{ "Org id " }<input type="text" value={p.org_id.clone()} oninput={link.callback(|e: InputEvent| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::PrincipalOrg(el.value()) })} size="16" /></label>
                                <label>{ "Tags (key=value, one per line) " }<textarea rows="1" value={p.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")} oninput={link.callback(|e: InputEvent| { let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into(); Msg::PrincipalTags(el.value()) })} /></label>
                                if let Some(d) = policy {
                                    <label>{ "Policy name " }<input type="text" value={d.name.clone()} oninput={link.callback(|e: InputEvent| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::PolicyName(el.value()) })} size="24" /></label>
                                }
                            </div>
                            </details>
                            if crate::engine::Principal::parse(&p.arn).is_err() {
                                <p class="banner error">{ format!("`{}` is not a principal ARN this playground understands (user, role session, root or federated user)", p.arn) }</p>
                            }
                            <div class="tabs" role="tablist" aria-label="policies">
                                { for p.policies.iter().enumerate().map(|(i, d)| html! {
                                    <button type="button" role="tab"
                                        class={classes!("tab", (i == self.selected_policy).then_some("active"))}
                                        aria-selected={if i == self.selected_policy { "true" } else { "false" }}
                                        onclick={link.callback(move |_| Msg::SelectPolicy(i))}>
                                        { &d.name }
                                    </button>
                                }) }
                                <button type="button" class="add" onclick={link.callback(|_| Msg::AddPolicy)}>{ "+ policy" }</button>
                                if policy.is_some() {
                                    <button type="button" class="remove" onclick={link.callback(|_| Msg::RemovePolicy)}>{ "remove" }</button>
                                }
                            </div>
                            if let Some(d) = policy {
                                <PolicyEditor
                                    id="identity-policy"
                                    testid="identity-policy"
                                    label={format!("IAM policy `{}` of {}", d.name, p.name)}
                                    rows={12}
                                    text={d.text.clone()}
                                    marks={self.marks(identity_editor)}
                                    reveal={self.reveal.filter(|r| r.0 == identity_editor).map(|r| r.1)}
                                    oninput={link.callback(Msg::IdentityPolicy)}
                                />
                            } else {
                                <p class="hint">{ "This principal has no IAM policy: every request is implicitly denied (the root user excepted)." }</p>
                            }
                        }
                    </section>
                </section>
                <section class="panel context" aria-labelledby="context-heading">
                    <h2 id="context-heading">{ "Request context" }</h2>
                    <div class="fields">
                        <label class="check"><input type="checkbox" data-testid="via-endpoint" checked={s.context.via_endpoint}
                            onchange={link.callback(|e: Event| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::ViaEndpoint(el.checked()) })} />
                            { " calls travel through the VPC endpoint" }</label>
                        <label>{ "Region " }<input type="text" data-testid="region" value={s.context.region.clone()} oninput={field(Field::Region)} size="12" /></label>
                        <label class="check"><input type="checkbox" checked={s.context.mfa}
                            onchange={link.callback(|e: Event| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::Mfa(el.checked()) })} />{ " signed in with MFA" }</label>
                        <label>{ "Time " }<input type="text" value={s.context.time.clone()} oninput={field(Field::Time)} size="22" /></label>
                        if s.context.via_endpoint {
                            <label>{ "VPC " }<input type="text" value={s.context.vpc_id.clone()} oninput={field(Field::VpcId)} size="22" /></label>
                            <label>{ "Private address " }<input type="text" value={s.context.vpc_source_ip.clone()} oninput={field(Field::VpcSourceIp)} size="14" /></label>
                        } else {
                            <label>{ "Public address " }<input type="text" value={s.context.source_ip.clone()} oninput={field(Field::SourceIp)} size="14" /></label>
                        }
                        <label>{ "More keys (key=value, one per line) " }<textarea rows="1" value={s.context.extra.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")} oninput={area_field(Field::Extra)} /></label>
                    </div>
                    <p class="hint">{ self.context_summary() }</p>
                </section>
                if !self.diagnostics.is_empty() {
                    <section class="panel" aria-labelledby="diag-heading">
                        <h2 id="diag-heading">{ format!("Problems ({errors} errors, {} warnings)", self.diagnostics.len() - errors) }</h2>
                        <ul class="diagnostics" aria-live="polite">
                            { for self.diagnostics.iter().map(|d| {
                                let (editor, span) = (d.editor, d.span);
                                let place = self.editor_name(d.editor);
                                html! {
                                    <li data-testid="diagnostic" class={if d.is_error() { "error" } else { "warning" }} data-code={d.code.as_str()} data-severity={d.severity.as_str()}>
                                        <button type="button" class="link" onclick={link.callback(move |_| Msg::Reveal(editor, span))}>
                                            { format!("{place}, line {}, column {}", d.line, d.column) }
                                        </button>
                                        { format!(": {}", d.message) }
                                        if let Some(h) = &d.help { <span class="help">{ format!(" (help: {h})") }</span> }
                                        { " " }
                                        { code_label(&d.located) }
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }
                <section class="panel results" aria-labelledby="grid-heading">
                    <h2 id="grid-heading">{ "Who may do what" }</h2>
                    <div class="fields">
                        <label>{ "Actions " }<input type="text" data-testid="action-filter" value={s.actions.clone()} oninput={field(Field::Actions)} size="40" placeholder="sagemaker:*, s3:Get*" /></label>
                        <label>{ "Resource " }<input type="text" value={s.resource.clone()} oninput={field(Field::Resource)} size="36" /></label>
                        <label>{ "Show " }
                            <select data-testid="row-filter" onchange={link.callback(|e: Event| {
                                use crate::scenario::RowFilter;
                                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                Msg::Rows(match el.value().as_str() {
                                    "any" => RowFilter::AnyAllowed,
                                    "differing" => RowFilter::Differing,
                                    _ => RowFilter::All,
                                })
                            })}>
                                <option value="all" selected={s.rows == crate::scenario::RowFilter::All}>{ "every action" }</option>
                                <option value="any" selected={s.rows == crate::scenario::RowFilter::AnyAllowed}>{ "actions someone may call" }</option>
                                <option value="differing" selected={s.rows == crate::scenario::RowFilter::Differing}>{ "actions where principals differ" }</option>
                            </select>
                        </label>
                        <fieldset class="levels" data-testid="access-levels">
                            <legend>{ "Access levels" }</legend>
                            { for crate::catalog::AccessLevel::ALL.into_iter().map(|level| {
                                let on = s.access.is_empty() || s.access.iter().any(|l| l == level.as_str());
                                html! {
                                    <label class="check">
                                        <input type="checkbox" checked={on} data-level={level.as_str()}
                                            onchange={link.callback(move |e: Event| { let el: web_sys::HtmlInputElement = e.target_unchecked_into(); Msg::Access(level, el.checked()) })} />
                                        { format!(" {}", level.as_str()) }
                                    </label>
                                }
                            }) }
                        </fieldset>
                    </div>
                    if self.pending { <p class="hint" data-testid="grid-pending">{ "Deciding the grid when you pause typing…" }</p> }
                    <div class="results-grid">
                        <DecisionGrid
                            principals={self.grid.principals.clone()}
                            actions={self.grid.actions.clone()}
                            cells={self.grid.cells.clone()}
                            stale={self.grid.stale}
                            selected={self.selected_position()}
                            onselect={self.onselect.clone()}
                            legend_id={Some(AttrValue::from("grid-legend"))}
                        />
                        { self.view_explanation(ctx) }
                    </div>
                    <p id="grid-legend" class="legend">{ "✓ allowed · ✕ explicitly denied · – implicitly denied (no allow); the word after the colon names the layer that blocked. Select a cell (click, or arrow keys and Enter) to see why." }</p>
                </section>
            </main>
        }
    }
}

/// A diagnostic's code, linked to the AWS page of its rule when there is one (the page opens
/// only when the reader follows the link: nothing is fetched).
fn code_label(d: &crate::engine::Located) -> Html {
    let code = d.code.as_str();
    match d.link() {
        Some(href) => html! {
            <a class="code" href={href} target="_blank" rel="noopener noreferrer" title="the AWS rule">{ code }</a>
        },
        None => html! { <code class="code">{ code }</code> },
    }
}

fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

impl App {
    /// Re-decides after an edit: diagnostics, grid (or stale), explanation, URL.
    fn refresh(&mut self) {
        self.diagnostics = self.ws.diagnostics();
        self.grid.refresh(&self.ws);
        self.explain();
    }

    fn explain(&mut self) {
        self.explanation = self.selected_cell.as_ref().and_then(|(name, action)| {
            let p = self.ws.principal_index(name)?;
            self.ws.explain(p, action)
        });
    }

    fn selected_position(&self) -> Option<Position> {
        let (name, action) = self.selected_cell.as_ref()?;
        let c = self.grid.principals.iter().position(|p| p == name)?;
        let r = self.grid.actions.iter().position(|a| a == action)?;
        Some((r, c))
    }

    fn share_url(&self) -> String {
        let location = gloo::utils::window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        format!("{base}#{}", share::encode(&self.ws.scenario))
    }

    fn sync_url(&self) {
        let fragment = format!("#{}", share::encode(&self.ws.scenario));
        if let Ok(history) = gloo::utils::window().history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
        }
    }

    fn editor_name(&self, editor: Editor) -> String {
        match editor {
            Editor::Endpoint => "endpoint policy".into(),
            Editor::Identity(p, i) => {
                let doc = self.ws.scenario.principals.get(p);
                let principal = doc.map(|d| d.name.as_str()).unwrap_or("?");
                let policy = doc
                    .and_then(|d| d.policies.get(i))
                    .map(|d| d.name.as_str())
                    .unwrap_or("?");
                format!("{principal} / {policy}")
            }
        }
    }

    /// Highlights for one editor: diagnostics, then the explained cell's statements.
    fn marks(&self, editor: Editor) -> Vec<Mark> {
        let mut marks: Vec<Mark> = self
            .diagnostics
            .iter()
            .filter(|d| d.editor == editor)
            .map(|d| Mark {
                span: if d.span.end > d.span.start {
                    d.span
                } else {
                    Span::new(d.span.start, d.span.start + 1)
                },
                class: if d.is_error() { "error" } else { "warning" },
            })
            .collect();
        if let Some(e) = &self.explanation {
            for st in e.statements.iter().filter(|s| s.editor == editor) {
                let class = match (st.decisive, st.effect) {
                    (true, "Deny") => "decisive-deny",
                    (true, _) => "decisive-allow",
                    _ => "considered",
                };
                marks.push(Mark {
                    span: st.span,
                    class,
                });
            }
        }
        marks
    }

    fn context_summary(&self) -> String {
        let c = &self.ws.scenario.context;
        if c.via_endpoint {
            format!(
                "Through the endpoint: aws:SourceVpce={}, aws:SourceVpc={}, aws:VpcSourceIp={}; aws:SourceIp is absent. The endpoint policy applies.",
                self.ws.scenario.endpoint.id, c.vpc_id, c.vpc_source_ip
            )
        } else {
            format!(
                "Over the internet: aws:SourceIp={}; aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp are absent. The endpoint policy does not apply.",
                c.source_ip
            )
        }
    }

    fn view_explanation(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let Some(e) = &self.explanation else {
            return html! {
                <aside class="explanation empty" data-testid="explanation-hint">
                    <p>{ "Select a cell to see which statements decided it and which conditions mattered." }</p>
                </aside>
            };
        };
        let (symbol, class, words) = decision_look(e.evaluation.decision);
        html! {
                    <aside class={classes!("explanation", class)} data-testid="explanation" aria-live="polite">
                        <h3><span aria-hidden="true">{ symbol }</span>{ format!(" {} → {}: {words}", e.principal, e.action) }</h3>
        <p class="summary">{ &e.summary }</p>
                        <p class="resource">{ "Resource: " }<code data-testid="explained-resource">{ &e.resource }</code>
                            { if e.resource == "*" { " (the action takes no resource)" } else if e.resource == self.ws.scenario.resource { "" } else { " (a representative ARN for this action)" } }</p>
                        if !e.evaluation.blocked_by.is_empty() {
                            <p>{ "Blocked by: " }{ e.evaluation.blocked_by.iter().map(|l| crate::scenario::layer_words(*l)).collect::<Vec<_>>().join(", ") }</p>
                        }
                        if e.statements.is_empty() {
                            <p>{ "No statement names this action and resource." }</p>
                        } else {
                            <super::explain::StatementList statements={e.statements.clone()} onreveal={Some(link.callback(|(editor, span)| Msg::Reveal(editor, span)))} />
                        }
                        if !e.evaluation.notes.is_empty() {
                            <ul class="notes">{ for e.evaluation.notes.iter().map(|n| html! { <li>{ &n.message }</li> }) }</ul>
                        }
                    </aside>
                }
    }
}
