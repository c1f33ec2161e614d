//! The embeddable widget: a compact, live playground mounted into an element of any page.
//!
//! [`mount`] attaches a shadow root to the element (so the page's CSS and ours never touch),
//! injects the component styles, and renders [`Widget`]. Several widgets on one page are
//! independent components of the one wasm module. With the `quiz` option the widget asks the
//! reader to predict cells before showing them (see [`super::quiz`]) instead of showing a grid.

use std::rc::Rc;

use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::controls::{principal_names, PrincipalButtons, ViaEndpoint};
use super::editor::{marks, PolicyEditor};
use super::explain::ExplanationView;
use super::grid::{cell_look, DecisionGrid, GridState, Position};
use super::quiz::{view_quiz, QuizMsg};
use crate::engine::{Code, LineIndex, Located};
use crate::scenario::{quiz_cells, share, Editor, PageState, PrincipalId, Quiz, Scenario};

/// The styles shared with the page (editors, grid, explanation) and the widget's own.
const COMPONENT_CSS: &str = include_str!("../../www/components.css");
const WIDGET_CSS: &str = include_str!("../../www/widget.css");

/// What the widget shows below the editors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The grid of principals × actions.
    Grid,
    /// One line per principal for the first action: the decision, with "why" on demand.
    Decision,
}

/// What a quiz widget asks: its cells, checked against the scenario when the widget is mounted.
#[derive(Debug, PartialEq)]
pub struct QuizSetup {
    /// The cells asked about: principal index and action, in order (from `quiz_cells`).
    pub cells: Vec<(usize, &'static str)>,
    /// The author's prompt; empty for the default one.
    pub prompt: AttrValue,
}

/// Props of [`Widget`].
#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// The scenario to start from.
    pub scenario: Rc<Scenario>,
    /// Grid or single decision.
    pub view: View,
    /// Show the endpoint policy editor.
    pub edit_endpoint: bool,
    /// Show the identity policy editor.
    pub edit_identity: bool,
    /// The other layers whose editors the widget shows (`resourcePolicy`, `permissionsBoundary`,
    /// `sessionPolicy`, `scps`, `rcps` in `edit`).
    pub edit_layers: Vec<crate::engine::Layer>,
    /// Where the full playground lives (for "open in the full playground").
    pub playground_url: AttrValue,
    /// A unique prefix for element ids inside this widget.
    pub id_prefix: AttrValue,
    /// When set, the widget is a quiz: these questions take the place of the grid or decisions.
    pub quiz: Option<Rc<QuizSetup>>,
}

/// Everything the user can do in a widget.
pub enum WidgetMsg {
    /// New endpoint policy text.
    Endpoint(String),
    /// New text of the selected principal's first policy.
    Identity(String),
    /// Select a principal.
    Principal(PrincipalId),
    /// Explain a grid cell.
    Select(Position),
    /// Explain a principal's decision (decision view), or hide it.
    Why(PrincipalId),
    /// Calls through the endpoint or not.
    ViaEndpoint(bool),
    /// New text in an editor of another layer.
    SetText(Editor, String),
    /// An answer, reveal or retry in the quiz.
    Quiz(QuizMsg),
}

/// A compact playground: the same [`PageState`] as the page, shown smaller (the first policy of
/// the selected principal, and explanations that leave the editors where they are).
pub struct Widget {
    state: PageState,
    grid: GridState,
    onselect: Callback<Position>,
    /// The quiz, when the widget is one (no grid is decided then).
    quiz: Option<Quiz>,
    /// Each question's first answer button.
    first_answers: Vec<NodeRef>,
    /// The question whose first answer gets the focus after the next render (after a retry).
    focus_answer: Option<usize>,
}

impl Component for Widget {
    type Message = WidgetMsg;
    type Properties = WidgetProps;

    fn create(ctx: &Context<Self>) -> Self {
        let state = PageState::new((*ctx.props().scenario).clone());
        let quiz = ctx
            .props()
            .quiz
            .as_ref()
            .map(|setup| Quiz::new(&state.ws, &setup.cells));
        let questions = quiz.as_ref().map_or(0, |q| q.items().len());
        let mut w = Widget {
            state,
            grid: GridState::default(),
            onselect: ctx.link().callback(WidgetMsg::Select),
            quiz,
            first_answers: (0..questions).map(|_| NodeRef::default()).collect(),
            focus_answer: None,
        };
        w.refresh();
        w
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        if let Some(i) = self.focus_answer.take() {
            if let Some(button) = self
                .first_answers
                .get(i)
                .and_then(|r| r.cast::<web_sys::HtmlElement>())
            {
                let _ = button.focus();
            }
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: WidgetMsg) -> bool {
        match msg {
            WidgetMsg::Endpoint(t) => self.state.ws.set_endpoint_policy(t),
            WidgetMsg::Identity(t) => self.state.set_open_policy_text(t),
            WidgetMsg::Principal(p) => {
                self.state.select_principal(p);
                return true;
            }
            WidgetMsg::Select(at) => {
                match self.grid.cell(at) {
                    Some((p, action)) => self.state.explain_cell(p, action),
                    None => self.state.clear_cell(),
                }
                return true;
            }
            WidgetMsg::Why(p) => {
                let open = self.state.explanation().is_some_and(|e| e.principal == p);
                match self.grid.actions.first() {
                    Some(action) if !open => self.state.explain_cell(p, action),
                    _ => self.state.clear_cell(),
                }
                return true;
            }
            WidgetMsg::ViaEndpoint(on) => self.state.ws.scenario.context.via_endpoint = on,
            WidgetMsg::SetText(editor, text) => self.state.ws.set_text(editor, text),
            WidgetMsg::Quiz(msg) => return self.quiz_update(msg),
        }
        self.refresh();
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        let link = ctx.link();
        let ws = &self.state.ws;
        let s = &ws.scenario;
        let open_url = format!("{}#{}", props.playground_url, share::encode(s));
        let identity = self
            .state
            .identity_editor()
            .and_then(|e| Some((e, ws.text(e)?.to_string())));
        let selected_name = self
            .state
            .principal()
            .and_then(|p| ws.principal(p))
            .map(|p| p.name.as_str())
            .unwrap_or("");
        let diagnostics = ws.diagnostics();
        let explanation = self.state.explanation();
        let id = |name: &str| format!("{}-{name}", props.id_prefix);
        html! {
            <div class="pp-widget" data-testid="widget">
                <div class="pp-head">
                    if !s.title.is_empty() { <strong class="pp-title">{ &s.title }</strong> }
                    <ViaEndpoint checked={s.context.via_endpoint} label=" through the VPC endpoint" onchange={link.callback(WidgetMsg::ViaEndpoint)} />
                    <a class="pp-open" href={open_url} target="_blank" rel="noopener">{ "Open in the full playground ↗" }</a>
                </div>
                <div class="pp-editors">
                    if props.edit_endpoint {
                        <PolicyEditor
                            id={id("endpoint")}
                            testid="endpoint-policy"
                            label="VPC endpoint policy"
                            rows={9}
                            text={s.endpoint().map(|e| e.policy.clone()).unwrap_or_default()}
                            marks={marks(Editor::Endpoint(0), &diagnostics, explanation, false)}
                            oninput={link.callback(WidgetMsg::Endpoint)}
                        />
                    }
                    if props.edit_identity {
                        if let Some((editor, text)) = identity {
                            <div>
                                if s.principals.len() > 1 {
                                    <PrincipalButtons principals={principal_names(ws)} selected={self.state.principal()} onselect={link.callback(WidgetMsg::Principal)} />
                                }
                                <PolicyEditor
                                    id={id("identity")}
                                    testid="identity-policy"
                                    label={format!("IAM policy of {selected_name}")}
                                    rows={9}
                                    {text}
                                    marks={marks(editor, &diagnostics, explanation, false)}
                                    oninput={link.callback(WidgetMsg::Identity)}
                                />
                            </div>
                        }
                    }
                    { for props.edit_layers.iter().flat_map(|&layer| ws.layer_editors(layer)).map(|(editor, level)| {
                        let (testid, what) = match editor {
                            Editor::Resource(_) => ("resource-policy", "Resource-based policy"),
                            Editor::Boundary(_) => ("boundary-policy", "Permissions boundary"),
                            Editor::Session(_) => ("session-policy", "Session policy"),
                            Editor::Scp(..) => ("scp", "SCP"),
                            Editor::Rcp(..) => ("rcp", "RCP"),
                            Editor::Endpoint(_) | Editor::Identity(..) => ("policy", "Policy"),
                        };
                        let label = format!("{what}: {}", ws.editor_name(editor));
                        let element_id = id(&format!("{testid}-{}", ws.editor_place(editor).replace(['[', ']', '.'], "-")));
                        html! {
                            <PolicyEditor
                                id={element_id}
                                {testid}
                                {label}
                                rows={9}
                                text={ws.text(editor).unwrap_or("").to_string()}
                                {level}
                                marks={marks(editor, &diagnostics, explanation, false)}
                                oninput={link.callback(move |t| WidgetMsg::SetText(editor, t))}
                            />
                        }
                    }) }
                </div>
                if diagnostics.iter().any(|d| d.is_error()) {
                    <ul class="diagnostics">
                        { for diagnostics.iter().filter(|d| d.is_error()).map(|d| html! {
                            <li data-testid="diagnostic" class="error" data-code={d.code.as_str()} data-severity={d.severity.as_str()}>{ format!("{}line {}, column {}: {}", if d.editor == Editor::Endpoint(0) { "endpoint policy, " } else { "" }, d.line, d.column, d.message) }</li>
                        }) }
                    </ul>
                }
                { match (&self.quiz, props.view) {
                    (Some(quiz), _) => view_quiz(
                        quiz,
                        ws,
                        props.quiz.as_ref().map_or("", |q| q.prompt.as_str()),
                        &props.id_prefix,
                        &self.first_answers,
                        &link.callback(WidgetMsg::Quiz),
                    ),
                    (None, View::Grid) => html! {
                        <div class="pp-results">
                            <DecisionGrid principals={self.grid.principals.clone()} workloads={self.grid.workloads.clone()} actions={self.grid.actions.clone()} cells={self.grid.cells.clone()} generation={self.grid.generation}
                                stale={self.grid.stale} selected={None::<Position>} onselect={self.onselect.clone()} />
                            { self.view_explanation() }
                        </div>
                    },
                    (None, View::Decision) => self.view_decisions(ctx),
                } }
            </div>
        }
    }
}

impl Widget {
    /// Decides what the widget shows again, after an edit: the grid, or the quiz's shown
    /// questions (a quiz decides nothing else, so no open question's decision exists anywhere);
    /// and the explained cell.
    fn refresh(&mut self) {
        match &mut self.quiz {
            Some(quiz) => quiz.refresh(&self.state.ws),
            None => self.grid.refresh(&self.state.ws),
        }
        self.state.explain();
    }

    /// An answer, reveal or retry. The question answered or revealed last is also the explained
    /// cell, so that its decisive statements are marked in the editors; a retry forgets it.
    fn quiz_update(&mut self, msg: QuizMsg) -> bool {
        let Some(quiz) = &mut self.quiz else {
            return false;
        };
        let ws = &self.state.ws;
        let (i, changed) = match msg {
            QuizMsg::Answer(i, prediction) => (i, quiz.answer(i, prediction, ws)),
            QuizMsg::Reveal(i) => (i, quiz.reveal(i, ws)),
            QuizMsg::Retry(i) => (i, quiz.retry(i)),
        };
        let Some(item) = quiz.items().get(i).filter(|_| changed) else {
            return false;
        };
        let (p, action) = (item.principal, item.action);
        if let QuizMsg::Retry(_) = msg {
            if self.state.cell() == Some((p, action)) {
                self.state.clear_cell();
            }
            self.focus_answer = Some(i);
        } else {
            self.state.explain_cell(p, action);
        }
        true
    }

    fn view_decisions(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let Some(action) = self.grid.actions.first() else {
            return html! { <p>{ "No action selected." }</p> };
        };
        let explained = self.state.explanation().map(|e| e.principal);
        let cells = self.grid.cells();
        html! {
            <div class="pp-decisions" data-testid="matrix" data-stale={if self.grid.stale { "true" } else { "false" }}>
                { for self.grid.ids.iter().zip(self.grid.principals.iter()).enumerate().map(|(c, (&p, name))| {
                    let cell = cells.first().and_then(|row| row.get(c)).map(|s| &s.cell);
                    let (symbol, class, words) = cell.map(cell_look).unwrap_or(("?", "implicit", "unknown"));
                    let decision = cell.map(crate::scenario::Cell::decision_name).unwrap_or("ImplicitlyDenied");
                    let open = explained == Some(p);
                    html! {
                        <div class="pp-decision">
                            <span class={classes!("cell", class)} data-principal={name.clone()} data-action={*action} data-decision={decision}>
                                <span class="symbol" aria-hidden="true">{ symbol }</span>{ format!(" {name} → {action}: {words}") }
                            </span>
                            <button type="button" class="link" aria-expanded={if open { "true" } else { "false" }}
                                onclick={link.callback(move |_| WidgetMsg::Why(p))}>{ if open { "hide" } else { "why?" } }</button>
                            if open { { self.view_explanation() } }
                        </div>
                    }
                }) }
            </div>
        }
    }

    fn view_explanation(&self) -> Html {
        match self.state.explanation() {
            Some(e) => html! { <ExplanationView explanation={e.clone()} /> },
            None => html! {},
        }
    }
}

/// Options of `mount`, as given from JavaScript.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct MountOptions {
    preset: Option<String>,
    /// A scenario: JSON text (from a `<script type="application/json">`) or an object.
    scenario: Option<serde_json::Value>,
    /// `grid` (default) or `decision`.
    view: Option<String>,
    /// The editors to show, comma-separated: `endpoint`, `identity`, `resourcePolicy`,
    /// `permissionsBoundary`, `sessionPolicy`, `scps`, `rcps`, or `none`; default
    /// `endpoint,identity`.
    edit: Option<String>,
    /// `light`, `dark` or `auto` (default).
    theme: Option<String>,
    /// The full playground's URL: relative or http(s) only (`share::is_web_link`).
    playground_url: Option<String>,
    /// Read the scenario from the page's URL fragment (the iframe embed).
    from_hash: bool,
    /// Replaces the scenario's action filter (`sagemaker:CreateTrainingJob`).
    actions: Option<String>,
    /// Makes the widget a quiz over these principals (names separated by spaces or commas;
    /// empty or `*` for every principal), each × every action of the filter.
    quiz: Option<String>,
    /// The quiz's prompt.
    quiz_prompt: Option<String>,
}

/// Why `mount` failed: a located diagnostic (`INVALID_ARGUMENT` for the arguments, the share
/// link's or scenario's own code otherwise). Converts from plain messages so that `?` reads well.
struct MountError(Located);

impl From<String> for MountError {
    fn from(message: String) -> Self {
        MountError(super::js_api::argument_problem(
            Code::INVALID_ARGUMENT,
            "options",
            message,
        ))
    }
}

impl From<&str> for MountError {
    fn from(message: &str) -> Self {
        MountError::from(message.to_string())
    }
}

thread_local! {
    static MOUNTED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The widgets' stylesheet, parsed once and shared by every widget of the page.
    static SHEET: std::cell::OnceCell<Option<web_sys::CssStyleSheet>> = const { std::cell::OnceCell::new() };
}

/// The shared stylesheet of every widget (`components.css` and `widget.css`); `None` when the
/// browser cannot construct stylesheets.
fn widget_sheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(|cell| {
        cell.get_or_init(|| {
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            sheet
                .replace_sync(&format!("{COMPONENT_CSS}\n{WIDGET_CSS}"))
                .ok()?;
            Some(sheet)
        })
        .clone()
    })
}

/// `mount(element, options)`: renders a widget into `element` (inside a shadow root). Returns
/// `{type: "success"}` or `{type: "failure", errors}`; never throws for a bad scenario.
#[wasm_bindgen(unchecked_return_type = "MountResult")]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
) -> JsValue {
    let result = (|| -> Result<(), MountError> {
        let element: web_sys::Element = element
            .dyn_into()
            .map_err(|_| "mount(element, options): element must be a DOM element".to_string())?;
        // Read through JSON.stringify, which reports (rather than traps on) what a plain
        // object cannot be: a reference cycle, a getter or proxy that throws, a BigInt.
        let options: MountOptions = if options.is_undefined() || options.is_null() {
            MountOptions::default()
        } else {
            let text = super::js_api::json_text(&options, "options").map_err(MountError)?;
            serde_json::from_str(&text).map_err(|e| format!("invalid options: {e}"))?
        };
        let scenario = if options.from_hash {
            share::decode(&gloo::utils::window().location().hash().unwrap_or_default())
                .map_err(|d| MountError(d.locate("location.hash", &LineIndex::new(""))))?
        } else if let Some(value) = options.scenario {
            // Both read from text: one reader of scenarios in the bundle (a reader from
            // `serde_json::Value` would be a second copy of it).
            let scenario: Scenario = match value {
                serde_json::Value::String(text) => serde_json::from_str(&text)
                    .map_err(|e| format!("the scenario is not valid: {e}"))?,
                other => serde_json::from_str(&other.to_string()).map_err(|e| {
                    // a place in a text the caller never wrote: left out
                    let message = e.to_string();
                    let place = format!(" at line {} column {}", e.line(), e.column());
                    let message = message.strip_suffix(&place).unwrap_or(&message);
                    format!("the scenario is not valid: {message}")
                })?,
            };
            share::validate(&scenario)
                .map_err(|d| MountError(d.locate("options.scenario", &LineIndex::new(""))))?;
            scenario
        } else {
            let id = options
                .preset
                .as_deref()
                .unwrap_or(crate::scenario::presets::PRESET_IDS[0]);
            crate::scenario::presets::preset(id)
                .ok_or(format!("unknown preset `{id}`"))?
                .scenario
        };
        let mut scenario = scenario;
        if let Some(actions) = options.actions.filter(|a| !a.trim().is_empty()) {
            scenario.actions = actions;
        }
        let quiz = match &options.quiz {
            Some(principals) => Some(Rc::new(QuizSetup {
                cells: quiz_cells(&scenario, principals)
                    .map_err(|d| MountError(d.locate("options.quiz", &LineIndex::new(""))))?,
                prompt: options.quiz_prompt.clone().unwrap_or_default().into(),
            })),
            None => None,
        };
        let view = match options.view.as_deref() {
            Some("decision") => View::Decision,
            _ => View::Grid,
        };
        // The "Open in the full playground" link: only a relative or http(s) URL may become one.
        let playground_url = options
            .playground_url
            .unwrap_or_else(|| "index.html".into());
        if !share::is_web_link(&playground_url) {
            return Err(MountError::from(
                "options.playgroundUrl must be a relative URL or an http(s) URL (javascript:, data: and other schemes are refused)",
            ));
        }
        let edit = options.edit.unwrap_or_else(|| "endpoint,identity".into());
        let theme = options.theme.unwrap_or_else(|| "auto".into());
        let shadow = match element.shadow_root() {
            Some(existing) => existing,
            None => element
                .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
                .map_err(|_| "this element cannot host a widget (no shadow root)".to_string())?,
        };
        shadow.set_inner_html("");
        let document = gloo::utils::document();
        // The widget's styles as a constructable stylesheet, adopted by the shadow root: a host
        // page's Content-Security-Policy without 'unsafe-inline' would block a <style> element.
        let sheet = widget_sheet().ok_or("cannot create the widget's stylesheet")?;
        shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        let root = document
            .create_element("div")
            .map_err(|_| "cannot create the widget root")?;
        root.set_attribute("class", "pp-root").ok();
        if element.get_attribute("data-theme").is_none() {
            element.set_attribute("data-theme", &theme).ok();
        }
        shadow
            .append_child(&root)
            .map_err(|_| "cannot attach the widget")?;
        let n = MOUNTED.with(|m| {
            m.set(m.get() + 1);
            m.get()
        });
        let props = WidgetProps {
            scenario: Rc::new(scenario),
            view,
            edit_endpoint: edit.contains("endpoint"),
            edit_identity: edit.contains("identity"),
            edit_layers: edit
                .split(',')
                .filter_map(|name| {
                    use crate::engine::Layer;
                    Some(match name.trim() {
                        "resourcePolicy" => Layer::ResourcePolicy,
                        "permissionsBoundary" => Layer::PermissionsBoundary,
                        "sessionPolicy" => Layer::SessionPolicy,
                        "scps" => Layer::Scps,
                        "rcps" => Layer::Rcps,
                        _ => return None,
                    })
                })
                .collect(),
            playground_url: playground_url.into(),
            id_prefix: format!("pp{n}").into(),
            quiz,
        };
        let host: web_sys::Element = root.unchecked_into();
        yew::Renderer::<Widget>::with_root_and_props(host, props).render();
        element.set_attribute("data-ready", "true").ok();
        Ok(())
    })();
    let value = match result {
        Ok(()) => json!({"type": "success"}),
        Err(MountError(located)) => {
            json!({"type": "failure", "errors": [serde_json::to_value(&located).unwrap_or_default()]})
        }
    };
    serde::Serialize::serialize(&value, &serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}
