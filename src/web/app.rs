//! The playground page: one struct component that owns the [`PageState`] (the workspace and what
//! is selected in it) and the last decided grid, turns every user action into a [`Msg`] handled
//! by a method of the model, and times the work that waits for a pause in typing (large grids,
//! the URL fragment). What the page looks like lives in [`super::panels`].

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::grid::{GridState, Marks, Position};
use super::panels;
use crate::catalog::AccessLevel;
use crate::engine::{Layer, Span};
use crate::scenario::network_edits::{NetCell, NetEdit};
use crate::scenario::presets::{self, PRESET_IDS};
use crate::scenario::{
    same_but_baseline, share, Baseline, Cell, Editor, EditorDiagnostic, ExpectationDoc,
    ExpectationResult, Field, GridDiff, NamedGrid, OrgLevel, PageState, PolicyId, PrincipalField,
    PrincipalId, ResourceField, RowFilter, Scenario, SLICE_CELLS,
};

/// Everything the user can do.
pub enum Msg {
    /// Load a preset by id.
    LoadPreset(String),
    /// New endpoint policy text.
    EndpointPolicy(String),
    /// New text for the selected principal's open policy.
    IdentityPolicy(String),
    /// Open a principal's policies.
    SelectPrincipal(PrincipalId),
    /// Open a policy tab of the selected principal.
    SelectPolicy(PolicyId),
    /// Add a principal (a copy of the selected one's policies).
    AddPrincipal,
    /// Remove the selected principal.
    RemovePrincipal,
    /// A text field of the selected principal changed.
    Principal(PrincipalField, String),
    /// Add a policy to the selected principal.
    AddPolicy,
    /// Remove the open policy.
    RemovePolicy,
    /// Rename the open policy.
    PolicyName(String),
    /// A request-context, endpoint or filter field changed.
    Field(Field, String),
    /// Calls go through the endpoint or not.
    ViaEndpoint(bool),
    /// MFA on or off.
    Mfa(bool),
    /// A grid cell was chosen.
    SelectCell(Position),
    /// Focus an editor at a diagnostic or statement.
    Reveal(Editor, Span),
    /// A button of the problems list: the problem at this position of the list, its editor
    /// opened at it (`false`) or its fix applied (`true`).
    Problem(usize, bool),
    /// Show the share link.
    Share,
    /// Which rows the grid shows.
    Rows(RowFilter),
    /// Show or hide an access level.
    Access(AccessLevel, bool),
    /// Decide the grid now (after a pause in typing, for large grids).
    Evaluate,
    /// Write the scenario into the URL fragment (after a pause in editing).
    SyncUrl,
    /// Open a layer's editors in the stack panel.
    OpenLayer(Layer),
    /// New text in any editor of the stack panel.
    SetText(Editor, String),
    /// Select a resource by name.
    SelectResource(String),
    /// Add a resource.
    AddResource,
    /// A field of resource `.0` changed.
    ResourceField(usize, ResourceField, String),
    /// Put the accounts in an organization.
    CreateOrganization,
    /// Attach a new SCP (`true`) or RCP to a level.
    AddOrgPolicy(OrgLevel, bool),
    /// Detach SCP (`true`) or RCP `.2` of a level.
    RemoveOrgPolicy(OrgLevel, bool, usize),
    /// Pivot the grid on an action (principals × resources); empty: back to every action.
    Pivot(String),
    /// A cell of the pivot was chosen: resource row `.0`, principal column `.1`.
    SelectPivotCell(usize, usize),
    /// Download the scenario as a JSON file.
    Export,
    /// Open the file picker of "Import file".
    PickFile,
    /// A file was picked: read it.
    ImportFile(web_sys::File),
    /// A picked file was read (its name and text, or why it could not be read).
    Imported(String, Result<String, String>),
    /// Explain the cell of a principal and action (a failing expectation's "why?").
    ExplainCell(PrincipalId, &'static str),
    /// Pin the explained cell's decision as an expectation.
    ExpectCell,
    /// Add an expectation written in the form.
    AddExpectation(ExpectationDoc),
    /// Remove expectation `.0`.
    RemoveExpectation(usize),
    /// Keep the scenario as it is now as the baseline.
    KeepBaseline,
    /// Compare with the preset the scenario started from, as it opens.
    BaselineFromPreset,
    /// Open the file picker for a baseline file.
    PickBaselineFile,
    /// No baseline.
    ClearBaseline,
    /// Show the network in the stack panel (its tab beside the layers').
    OpenNetwork,
    /// Text typed into a cell of the network's tables.
    NetworkCell(NetCell, String),
    /// A structural edit of the network (rows, private DNS, the starter network, removal).
    Network(NetEdit),
    /// New text in the network's JSON editor.
    NetworkJson(String),
    /// The workload the selected principal calls from (empty: none).
    PrincipalWorkload(String),
    /// Files of an AWS account's export were picked or dropped: read them (the pages of one
    /// export).
    ImportAccount(Vec<web_sys::File>),
    /// The account's files were read: each file's name and text, or why it could not be read.
    AccountRead(Vec<FileRead>),
    /// Back to the scenario shown before the account was imported.
    UndoImport,
    /// The who-can panel asked a new question (a keystroke in its fields) and shows its answer.
    WhoCanAsked(Rc<panels::who_can::WhoCanState>),
    /// The principals list's name filter.
    PrincipalFilter(String),
    /// The what-can panel's question, or its pause being over.
    WhatCan(panels::what_can::WhatCanMsg),
    /// Decide the next slice of a large grid (see [`App::decide_slice`]).
    Slice,
}

/// A large grid decided in slices: the current grid's rows, then, when the baseline's grid over
/// those actions is not kept, the baseline's (the current one decided meanwhile).
enum Slicing {
    Current(crate::scenario::GridSlices),
    Baseline(crate::scenario::GridSlices, Decided),
}

/// Every action the filter selects and its row of cells.
type Decided = (Vec<&'static str>, Vec<Vec<Cell>>);

/// A grid's rows keyed by the principals' names, for the comparison with a baseline.
fn named_grid(
    ws: &crate::scenario::Workspace,
    actions: &[&'static str],
    cells: &[Vec<Cell>],
) -> NamedGrid {
    NamedGrid {
        principals: ws
            .scenario
            .principals
            .iter()
            .map(|p| p.name.clone())
            .collect(),
        actions: actions.to_vec(),
        cells: cells.to_vec(),
    }
}

/// One file read: its name and its text, or why it could not be read.
pub type FileRead = (String, Result<String, String>);

/// The account imported last: where it came from and its report.
pub struct AccountImport {
    /// The files' names.
    pub files: Vec<String>,
    /// What was read and what could not be resolved.
    pub report: crate::import::ImportReport,
}

/// The grid's actions, the lesson's action and its row in them (`None`: not among them).
pub(super) type LessonRow = (Rc<Vec<&'static str>>, &'static str, Option<usize>);

/// The page.
pub struct App {
    /// The workspace and the selection.
    pub(super) state: PageState,
    /// The last grid decided without errors (kept while the policies have errors).
    pub(super) grid: GridState,
    /// The grid pivoted on the scenario's `pivot` action (the last one decided without errors).
    pub(super) pivot: Option<crate::scenario::Pivot>,
    /// The preset the scenario started from and the action of its lesson's cell.
    pub(super) lesson: Option<(AttrValue, &'static str)>,
    /// The preset id `lesson` was looked up for (looked up again only when it changes).
    lesson_of: Option<String>,
    /// The grid's actions and the lesson's action that `lesson_row` was found in, and the row:
    /// found once per grid, not on every render (a grid of every action has 22,000 rows).
    pub(super) lesson_row: std::cell::RefCell<Option<LessonRow>>,
    pub(super) diagnostics: Vec<EditorDiagnostic>,
    /// The problems list of `diagnostics` as HTML ([`panels::results::problems_html`]), made
    /// when they change rather than at every render.
    pub(super) diagnostics_html: AttrValue,
    pub(super) load_error: Option<crate::engine::Diagnostic>,
    pub(super) share_link: Option<String>,
    pub(super) onselect: Callback<Position>,
    /// True while a large grid waits for a pause in typing before it is decided again.
    pub(super) pending: bool,
    /// The timer of that pause.
    timer: Option<gloo::timers::callback::Timeout>,
    /// The timer that writes the URL fragment after a pause in editing.
    url_timer: Option<gloo::timers::callback::Timeout>,
    /// The hidden file input of "Import file".
    pub(super) file_input: NodeRef,
    /// The read of a picked file under way (dropping it cancels the read).
    reader: Option<gloo::file::callbacks::FileReader>,
    /// The last exported file's object URL (revoked when the next export replaces it).
    export_url: Option<gloo::file::ObjectUrl>,
    /// The outcome of the last import: the file's name and, when it was not opened, why.
    pub(super) import: Option<(String, Option<String>)>,
    /// True when the picked file is to become the baseline rather than the scenario.
    import_baseline: bool,
    /// The baseline the grid is compared with (the scenario's `baseline`, decided), if any.
    pub(super) baseline: Option<Baseline>,
    /// The cells that differ from the baseline (`None`: no baseline, or a policy with errors on
    /// either side).
    pub(super) changes: Option<GridDiff>,
    /// Each expectation of the scenario, checked.
    pub(super) expectations: Vec<ExpectationResult>,
    /// The account imported, while its scenario is the one shown (the URL fragment is then
    /// left empty: an account stays in the tab).
    pub(super) account: Option<AccountImport>,
    /// Why the last account import failed (the scenario is unchanged).
    pub(super) account_error: Option<String>,
    /// The scenario shown before the account was imported (*Undo import* brings it back).
    pub(super) previous: Option<Scenario>,
    /// The reads of the account's files under way (dropping them cancels the reads).
    account_readers: Vec<gloo::file::callbacks::FileReader>,
    /// The who-can question (action and resource, as typed) and its answer, shown by the
    /// who-can panel, a component of its own.
    pub(super) who: Rc<panels::who_can::WhoCanState>,
    /// What answering who-can learnt of the workspace as it is (each principal's requests and
    /// policy sets, each policy's action patterns): kept from one question to the next, handed
    /// over by a grid decided in slices, dropped by every message that may edit the workspace.
    query_cache: std::cell::RefCell<crate::scenario::QueryCache>,
    /// Where `requestIdleCallback` is missing, the query cache an edit dropped, freed by a
    /// timer (see [`free_when_idle`]).
    retired_cache: Option<gloo::timers::callback::Timeout>,
    /// The principals list's name filter (it filters the grid's columns too).
    pub(super) principal_filter: String,
    /// The what-can question and its answer.
    pub(super) what: panels::what_can::WhatCanPanel,
    /// The grid decided last without errors and its marks, every column in the scenario's
    /// order (the grid shown may be a choice of its columns).
    decided: Option<(crate::scenario::Grid, Marks)>,
    /// A large grid being decided a slice of rows at a time (dropped by every edit, which
    /// starts a new one).
    slices: Option<Slicing>,
    /// The timer of its next slice.
    slice_timer: Option<gloo::timers::callback::Timeout>,
    /// When the large grid's progress bar was last moved (`performance.now()`, ms).
    progress_shown_at: f64,
    /// While a large grid is being decided: (rows decided, rows), shown as its progress (the
    /// grid shows the decisions before it, marked stale).
    pub(super) deciding: Option<(usize, usize)>,
    /// The page's scope, for the timers of the slices.
    link: yew::html::Scope<App>,
}

/// Above this many cells, an edit waits for a pause in typing before the grid is decided again,
/// so that typing never waits for a large grid (every action of every service).
const LARGE_GRID: usize = 20_000;
/// The pause, in milliseconds.
const PAUSE_MS: u32 = 250;
/// The pause before the URL fragment is rewritten, in milliseconds.
const URL_PAUSE_MS: u32 = 300;
/// How long one slice of a large grid may work before the page answers input and shows its
/// progress, in milliseconds: under the 50 ms of a "long task", and long enough that the
/// yields between slices (a timer, sometimes a frame) cost little (32 ms made the every-action
/// grid's keystroke about 5% slower than deciding it in one task; docs/speed.md).
const SLICE_MS: f64 = 48.0;
/// How often the large grid's progress bar moves at most, in milliseconds.
const PROGRESS_MS: f64 = 150.0;
/// Rows decided between two looks at the clock within a slice.
const SLICE_ROWS: usize = 4;
/// The id of the large grid's progress bar (`[data-testid="grid-progress"]`).
pub(super) const GRID_PROGRESS_ID: &str = "grid-progress";

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
                Err(e) => (default_preset(), Some(e)),
            }
        } else {
            (default_preset(), None)
        };
        let mut app = App {
            state: PageState::new(scenario),
            grid: GridState::default(),
            pivot: None,
            lesson: None,
            lesson_of: None,
            lesson_row: Default::default(),
            diagnostics: Vec::new(),
            diagnostics_html: AttrValue::default(),
            load_error,
            share_link: None,
            onselect: ctx.link().callback(Msg::SelectCell),
            pending: false,
            timer: None,
            url_timer: None,
            file_input: NodeRef::default(),
            reader: None,
            export_url: None,
            import: None,
            import_baseline: false,
            baseline: None,
            changes: None,
            expectations: Vec::new(),
            account: None,
            account_error: None,
            previous: None,
            account_readers: Vec::new(),
            who: Rc::default(),
            query_cache: Default::default(),
            retired_cache: None,
            principal_filter: String::new(),
            what: panels::what_can::WhatCanPanel::new(ctx.link().clone()),
            decided: None,
            slices: None,
            slice_timer: None,
            progress_shown_at: 0.0,
            deciding: None,
            link: ctx.link().clone(),
        };
        app.baseline = app
            .state
            .ws
            .scenario
            .baseline
            .as_deref()
            .cloned()
            .map(Baseline::new);
        app.refresh();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        // Edits of policy text in a large grid are decided after a pause in typing.
        let typing = matches!(
            msg,
            Msg::EndpointPolicy(_) | Msg::IdentityPolicy(_) | Msg::SetText(..)
        );
        // A new scenario: the what-can panel finds its principal again by name.
        let loads = matches!(
            msg,
            Msg::LoadPreset(_) | Msg::Imported(..) | Msg::AccountRead(_) | Msg::UndoImport
        );
        // Only messages that leave the workspace as it is keep what who-can learnt of it.
        let keeps_workspace = matches!(
            msg,
            Msg::WhoCanAsked(_)
                | Msg::PrincipalFilter(_)
                | Msg::WhatCan(_)
                | Msg::Slice
                | Msg::Share
                | Msg::SyncUrl
                | Msg::Reveal(..)
                | Msg::Problem(..)
                | Msg::SelectCell(_)
                | Msg::ExplainCell(..)
                | Msg::OpenLayer(_)
                | Msg::OpenNetwork
                | Msg::Export
                | Msg::PickFile
                | Msg::PickBaselineFile
                | Msg::ImportAccount(_)
                | Msg::Evaluate
        );
        if !keeps_workspace {
            let retired = std::mem::take(&mut *self.query_cache.borrow_mut());
            if !retired.is_empty() {
                if let Some(timer) = free_when_idle(retired) {
                    // (a timer still pending frees its cache now)
                    self.retired_cache = Some(timer);
                }
            }
        }
        self.state.clear_reveal();
        let state = &mut self.state;
        let selected = state.principal();
        match msg {
            Msg::LoadPreset(id) => {
                if let Some(p) = presets::preset(&id) {
                    state.load(p.scenario);
                    self.load_error = None;
                    self.import = None;
                    self.account = None;
                }
            }
            Msg::EndpointPolicy(text) => state.ws.set_endpoint_policy(text),
            Msg::IdentityPolicy(text) => state.set_open_policy_text(text),
            Msg::SelectPrincipal(p) => {
                state.select_principal(p);
                self.sync_url();
                return true;
            }
            Msg::SelectPolicy(id) => {
                state.select_policy(id);
                return true;
            }
            Msg::AddPrincipal => {
                state.add_principal();
            }
            Msg::RemovePrincipal => {
                state.remove_principal();
            }
            Msg::Principal(field, value) => {
                if let Some(p) = selected {
                    state.ws.set_principal_field(p, field, value);
                }
            }
            Msg::AddPolicy => {
                state.add_policy();
            }
            Msg::RemovePolicy => {
                state.remove_policy();
            }
            Msg::PolicyName(name) => {
                if let Some(Editor::Identity(p, policy)) = state.identity_editor() {
                    state.ws.rename_policy(p, policy, name);
                }
            }
            Msg::Field(field, value) => state.ws.scenario.set_field(field, value),
            Msg::ViaEndpoint(on) => state.ws.scenario.context.via_endpoint = on,
            Msg::Mfa(on) => state.ws.scenario.context.mfa = on,
            Msg::Rows(rows) => state.ws.scenario.rows = rows,
            Msg::Access(level, on) => state.ws.scenario.set_access_level(level, on),
            Msg::Evaluate => {
                self.timer = None;
                self.pending = false;
                self.refresh();
                self.what.settle(&self.state.ws);
                return true;
            }
            Msg::SyncUrl => {
                self.url_timer = None;
                self.sync_url();
                return false;
            }
            Msg::SelectCell(at) => {
                if let Some((p, action)) = self.grid.cell(at) {
                    state.select_cell(p, action);
                }
                return true;
            }
            Msg::Reveal(editor, span) => {
                state.reveal_in(editor, span);
                return true;
            }
            Msg::Problem(at, fix) => {
                let Some(d) = self.diagnostics.get(at) else {
                    return false;
                };
                let editor = d.editor;
                let msg = match (&d.fix, fix) {
                    (Some(f), true) => {
                        let Some(text) = state.ws.text(editor) else {
                            return false;
                        };
                        if text.get(f.span.start..f.span.end).is_none() {
                            return false;
                        }
                        Msg::SetText(editor, f.apply(text))
                    }
                    _ => Msg::Reveal(editor, d.span),
                };
                return Component::update(self, ctx, msg);
            }
            Msg::OpenLayer(layer) => {
                state.open_layer(layer);
                return true;
            }
            Msg::SetText(editor, text) => state.ws.set_text(editor, text),
            Msg::SelectResource(name) => state.ws.select_resource(&name),
            Msg::AddResource => {
                state.ws.add_resource();
            }
            Msg::ResourceField(i, field, value) => state.ws.set_resource_field(i, field, value),
            Msg::CreateOrganization => state.ws.ensure_organization(),
            Msg::Pivot(action) => state.ws.scenario.pivot = action,
            Msg::SelectPivotCell(row, column) => {
                let picked = self.pivot.as_ref().and_then(|pivot| {
                    let name = pivot.rows.get(row)?.name.clone();
                    Some((name, *pivot.principals.get(column)?, pivot.action.clone()))
                });
                if let Some((name, p, action)) = picked {
                    state.ws.scenario.selected_resource = name;
                    state.select_cell(p, &action);
                }
            }
            Msg::AddOrgPolicy(level, scp) => {
                state.ws.add_org_policy(level, scp);
            }
            Msg::RemoveOrgPolicy(level, scp, i) => {
                state.ws.remove_org_policy(level, scp, i);
            }
            Msg::Export => {
                self.export();
                return false;
            }
            Msg::PickFile | Msg::PickBaselineFile => {
                self.import_baseline = matches!(msg, Msg::PickBaselineFile);
                if let Some(input) = self.file_input.cast::<web_sys::HtmlInputElement>() {
                    // The same file picked again must fire `change` again.
                    input.set_value("");
                    input.click();
                }
                return false;
            }
            Msg::ImportFile(file) => {
                let file = gloo::file::File::from(file);
                let name = file.name();
                let link = ctx.link().clone();
                // The size first: a file over the bound is refused before it is read.
                let max = crate::scenario::share::MAX_SCENARIO_FILE;
                if file.size() > max as u64 {
                    let why = format!(
                        "the file is too large ({} bytes; at most {max}) ({})",
                        file.size(),
                        crate::engine::Code::INVALID_SCENARIO
                    );
                    link.send_message(Msg::Imported(name, Err(why)));
                    return false;
                }
                self.reader = Some(gloo::file::callbacks::read_as_text(&file, move |text| {
                    link.send_message(Msg::Imported(name, text.map_err(|e| e.to_string())))
                }));
                return false;
            }
            Msg::Imported(name, text) => {
                self.reader = None;
                // A file that cannot be opened leaves the scenario as it is: no work is lost.
                let opened = text.and_then(|text| {
                    crate::scenario::report::read(&text).map_err(|e| {
                        format!(
                            "{} (line {}, column {}; {})",
                            e.message, e.line, e.column, e.code
                        )
                    })
                });
                match opened {
                    Ok(scenario) if self.import_baseline => {
                        state.ws.set_baseline(Some(scenario));
                        self.import = Some((name, None));
                    }
                    Ok(scenario) => {
                        state.load(scenario);
                        self.load_error = None;
                        self.import = Some((name, None));
                        self.account = None;
                    }
                    Err(why) => {
                        self.import = Some((name, Some(why)));
                        return true;
                    }
                }
            }
            Msg::ExplainCell(p, action) => {
                state.select_cell(p, action);
                return true;
            }
            Msg::ExpectCell => {
                if let Some((p, action)) = state.cell() {
                    let action = action.to_string();
                    state.ws.expect_cell(p, &action);
                }
            }
            Msg::AddExpectation(doc) => {
                state.ws.add_expectation(doc);
            }
            Msg::RemoveExpectation(i) => {
                state.ws.remove_expectation(i);
            }
            Msg::KeepBaseline => state.ws.keep_as_baseline(),
            Msg::BaselineFromPreset => {
                let preset = presets::preset(&state.ws.scenario.preset).map(|p| p.scenario);
                if preset.is_some() {
                    state.ws.set_baseline(preset);
                }
            }
            Msg::ClearBaseline => state.ws.set_baseline(None),
            Msg::OpenNetwork => {
                state.open_network();
                return true;
            }
            Msg::NetworkCell(cell, text) => {
                // Text that cannot be applied changes nothing but what the field shows.
                if !state.edit_network_cell(cell, text) {
                    return true;
                }
            }
            Msg::Network(edit) => {
                if !state.edit_network(&edit) {
                    return true;
                }
            }
            Msg::NetworkJson(text) => {
                if !state.edit_network_json(text) {
                    return true;
                }
            }
            Msg::PrincipalWorkload(name) => {
                if let Some(p) = selected {
                    state.ws.set_principal_workload(p, &name);
                }
            }
            Msg::ImportAccount(files) => {
                self.read_account(ctx, files);
                return true;
            }
            Msg::AccountRead(read) => {
                self.account_readers.clear();
                if !self.open_account(read) {
                    return true;
                }
            }
            Msg::UndoImport => {
                let Some(previous) = self.previous.take() else {
                    return false;
                };
                self.state.load(previous);
                self.account = None;
                self.account_error = None;
            }
            Msg::WhoCanAsked(who) => {
                // The panel shows the answer already: the page renders only when the list of
                // actions principals gained or lost, which shows the asked action first, changes
                // order.
                let reorders = self.who.action() != who.action()
                    && self
                        .changes
                        .as_ref()
                        .is_some_and(|d| !crate::scenario::actions_changed(d).is_empty());
                self.who = who;
                return reorders;
            }
            Msg::PrincipalFilter(filter) => {
                self.principal_filter = filter;
                // The grid shows the matching principals' columns: the grid decided last, other
                // columns of it (nothing decided again).
                let ws = &self.state.ws;
                if let Some((grid, marks)) = &self.decided {
                    let columns = ws.grid_columns(&self.principal_filter);
                    self.grid.show(ws, Some(grid), marks, columns.as_ref());
                }
                return true;
            }
            Msg::WhatCan(event) => return self.what.update(&self.state.ws, event),
            Msg::Slice => {
                self.slice_timer = None;
                return self.decide_slice();
            }
            Msg::Share => {
                self.sync_url();
                let link = self.share_url();
                let clipboard = gloo::utils::window().navigator().clipboard();
                let _ = clipboard.write_text(&link);
                self.share_link = Some(link);
                return true;
            }
        }
        if loads {
            self.what.reloaded(&self.state.ws);
        }
        // The URL fragment follows the edits, written once typing pauses (writing it on every
        // keystroke costs more than deciding the grid).
        let link = ctx.link().clone();
        self.url_timer = Some(gloo::timers::callback::Timeout::new(
            URL_PAUSE_MS,
            move || link.send_message(Msg::SyncUrl),
        ));
        if typing && self.grid.actions.len() * self.grid.principals.len().max(1) > LARGE_GRID {
            // Show the new text and its diagnostics now; decide the grid after the pause.
            self.find_problems();
            self.pending = true;
            self.what.waiting();
            // A grid being decided in slices was decided from the text before the edit.
            self.slices = None;
            self.slice_timer = None;
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
        self.mark_stale();
        // Lists written as HTML name no selection: marked here, after each render.
        if self.state.ws.scenario.principals.len() > crate::scenario::ROSTER_THRESHOLD {
            panels::policies::mark_roster_selection(self.state.principal());
        }
        let s = &self.state.ws.scenario;
        panels::layers::mark_selected_resource(
            s.resources
                .iter()
                .position(|r| r.name == s.selected_resource),
        );
        panels::what_can::show_chosen(self);
        if first_render {
            if let Some(root) = gloo::utils::document().get_element_by_id("app") {
                // Milliseconds from navigation to the first decided grid (read by the benchmark).
                if let Some(perf) = gloo::utils::window().performance() {
                    // tenths in integers: no float formatting in the bundle for this
                    let tenths = (perf.now() * 10.0).round() as u64;
                    let ms = format!("{}.{}", tenths / 10, tenths % 10);
                    let _ = root.set_attribute("data-ready-ms", &ms);
                }
                let _ = root.set_attribute("data-ready", "true");
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        // Files dropped anywhere on the page are an account's export.
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = link.batch_callback(|e: DragEvent| {
            e.prevent_default();
            let files = panels::account::dropped_files(&e);
            (!files.is_empty()).then_some(Msg::ImportAccount(files))
        });
        html! {
            <main class="playground" {ondragover} {ondrop}>
                { panels::header::view(self, link) }
                { panels::account::import(self, link) }
                <section class="side-by-side">
                    { panels::policies::endpoint(self, link) }
                    { panels::policies::principals(self, link) }
                </section>
                { panels::layers::view(self, link) }
                { panels::context::view(self, link) }
                { panels::results::diagnostics(self, link) }
                { panels::results::view(self, link) }
                { panels::who_can::view(self, link) }
                { panels::what_can::view(self, link) }
                { panels::expect::view(self, link) }
            </main>
        }
    }
}

/// Frees `value` once the page is idle, after the frame that shows the edit that dropped it:
/// a query cache handed over by a grid of every action holds what 22,000 rows taught it, and
/// freeing it took the keystroke's frame a few tenths of a millisecond. Where the browser has
/// no `requestIdleCallback`, a timer frees it (returned, for the caller to keep).
pub fn free_when_idle<T: 'static>(value: T) -> Option<gloo::timers::callback::Timeout> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let window = gloo::utils::window();
    let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if idle {
        // freed with the value once called
        let callback = Closure::once_into_js(move || drop(value));
        if let Some(f) = callback.dyn_ref::<js_sys::Function>() {
            let _ = window.request_idle_callback(f);
        }
        return None;
    }
    Some(gloo::timers::callback::Timeout::new(0, move || drop(value)))
}

impl App {
    /// The diagnostics of every editor, and their list's HTML.
    fn find_problems(&mut self) {
        self.diagnostics = self.state.ws.diagnostics();
        self.diagnostics_html =
            panels::results::problems_html(&self.state.ws, &self.diagnostics).into();
    }

    /// Re-decides after an edit: diagnostics, expectations, explanation, who-can, and the grid:
    /// at once, or for a large grid in slices of rows (see [`App::decide_slice`]), the last one
    /// shown stale meanwhile.
    fn refresh(&mut self) {
        self.find_problems();
        let ws = &mut self.state.ws;
        // The baseline follows the document's (kept, cleared, read from a file or a link). A
        // baseline that is the document itself (kept now, or an imported account) shares its
        // parses.
        if self.baseline.as_ref().map(Baseline::scenario) != ws.scenario.baseline.as_deref() {
            self.baseline = match ws.scenario.baseline.as_deref() {
                Some(b) if same_but_baseline(b, &ws.scenario) => Some(Baseline::of_workspace(ws)),
                b => b.cloned().map(Baseline::new),
            };
        }
        self.expectations = self.state.ws.check_expectations();
        let preset = &self.state.ws.scenario.preset;
        if self.lesson_of.as_deref() != Some(preset.as_str()) {
            self.lesson_of = Some(preset.clone());
            self.lesson =
                presets::preset(preset).map(|p| (AttrValue::from(preset.clone()), p.focus.1));
        }
        let action = self.state.ws.scenario.pivot.clone();
        if action.is_empty() {
            self.pivot = None;
        } else if let Some(pivot) = self.state.ws.pivot(&action) {
            self.pivot = Some(pivot);
        }
        self.state.explain();
        self.ask_who_can();
        self.what.edited(&self.state.ws);
        // The grid: a large one in slices, the page answering input between them.
        self.slice_timer = None;
        self.slices = None;
        self.deciding = None;
        let ws = &self.state.ws;
        // The action filter expanded once per refresh (over the catalog: not free per keystroke).
        let actions = ws.actions();
        let decided = if actions.len() * ws.scenario.principals.len() > SLICE_CELLS {
            match ws.grid_slices_over(actions) {
                Some(slices) => {
                    self.deciding = Some((0, slices.rows()));
                    self.slices = Some(Slicing::Current(slices));
                    self.mark_stale();
                    self.next_slice();
                    return;
                }
                None => None,
            }
        } else {
            ws.decided_rows_over(actions)
        };
        self.show_grid(decided);
    }

    /// Decides rows of the large grid under way for [`SLICE_MS`] at most, then shows its
    /// progress and lets the browser answer input before the next slice; the last slice shows
    /// the grid. True when the grid is shown (the page renders again).
    fn decide_slice(&mut self) -> bool {
        let Some(mut job) = self.slices.take() else {
            return false;
        };
        let performance = gloo::utils::window().performance();
        let now = || performance.as_ref().map_or(f64::INFINITY, |p| p.now());
        let start = now();
        let slices = match &mut job {
            Slicing::Current(slices) => {
                while !slices.is_done() {
                    self.state.ws.decide_slice(slices, SLICE_ROWS);
                    if now() - start >= SLICE_MS {
                        break;
                    }
                }
                slices
            }
            Slicing::Baseline(slices, _) => {
                if let Some(baseline) = &self.baseline {
                    while !slices.is_done() {
                        baseline.decide_slice(slices, SLICE_ROWS);
                        if now() - start >= SLICE_MS {
                            break;
                        }
                    }
                }
                slices
            }
        };
        if slices.is_done() {
            match job {
                Slicing::Current(slices) => {
                    let Some((decided, cache)) = slices.finish_keeping() else {
                        return false;
                    };
                    // Who-can asks over the same workspace: its principals' requests and
                    // policy sets are made.
                    *self.query_cache.borrow_mut() = cache;
                    // The baseline's grid over these actions, when it is not kept: in slices
                    // too (a baseline that is the document itself takes this one).
                    if let Some(next) = self.baseline_slices(&decided) {
                        self.deciding = Some((0, next.rows()));
                        self.slices = Some(Slicing::Baseline(next, decided));
                        self.next_slice();
                        return true;
                    }
                    self.deciding = None;
                    self.show_grid(Some(decided));
                }
                Slicing::Baseline(slices, decided) => {
                    if let Some(baseline) = &self.baseline {
                        baseline.keep(slices);
                    }
                    self.deciding = None;
                    self.show_grid(Some(decided));
                }
            }
            self.mark_stale();
            return true;
        }
        let progress = (slices.decided(), slices.rows());
        self.deciding = Some(progress);
        self.slices = Some(job);
        // The progress bar only: rendering the whole page after every slice would cost more
        // than the slice (the page renders it from `deciding` whenever it renders). Moved at
        // most every PROGRESS_MS: each move makes the browser draw a frame of the whole page
        // between two slices, which costs about a quarter of a slice on an imported account.
        let at = now();
        if at - self.progress_shown_at >= PROGRESS_MS {
            self.progress_shown_at = at;
            if let Some(bar) = gloo::utils::document().get_element_by_id(GRID_PROGRESS_ID) {
                let _ = bar.set_attribute("value", &progress.0.to_string());
                let _ = bar.set_attribute("aria-valuenow", &progress.0.to_string());
            }
        }
        self.next_slice();
        false
    }

    /// The baseline's grid over the actions of `decided` to decide in slices, when there is a
    /// baseline whose grid over them is not kept and that is not the document itself (which
    /// takes `decided`).
    fn baseline_slices(&self, decided: &Decided) -> Option<crate::scenario::GridSlices> {
        let baseline = self.baseline.as_ref()?;
        let (actions, cells) = decided;
        if baseline.knows(actions) {
            return None;
        }
        let ws = &self.state.ws;
        if same_but_baseline(baseline.scenario(), &ws.scenario) {
            let now = named_grid(ws, actions, cells);
            baseline.adopt(&ws.scenario, &now);
            return None;
        }
        baseline.slices_for(actions)
    }

    /// Marks the grid `data-stale="true"` at once when the page's decisions are stale: the
    /// component renders its props after the page, possibly a frame later, and a large grid is
    /// decided after that (tests and benchmarks read the marker as soon as the principals are
    /// listed). "false" is left to the component, which writes it when it renders the grid
    /// decided: written here, it would stand over the old grid until then.
    fn mark_stale(&self) {
        if !(self.grid.stale || self.deciding.is_some()) {
            return;
        }
        if let Ok(Some(matrix)) = gloo::utils::document().query_selector("[data-testid=\"matrix\"]")
        {
            let _ = matrix.set_attribute("data-stale", "true");
        }
    }

    /// Schedules the next slice of the large grid under way, after the browser's pending work.
    fn next_slice(&mut self) {
        let link = self.link.clone();
        self.slice_timer = Some(gloo::timers::callback::Timeout::new(0, move || {
            link.send_message(Msg::Slice)
        }));
    }

    /// Shows a decided grid (every action the filter selects and its row of cells; `None` when
    /// a policy has errors: the last grid stays, stale), with its changes since the baseline
    /// and the expectations' marks.
    fn show_grid(&mut self, decided: Option<(Vec<&'static str>, Vec<Vec<Cell>>)>) {
        let ws = &self.state.ws;
        // The grid keyed by names, for the comparison (the rows the row filter hides too).
        let (grid, named) = match decided {
            Some((actions, cells)) => {
                let named = self
                    .baseline
                    .as_ref()
                    .map(|_| named_grid(ws, &actions, &cells));
                (Some(ws.grid_of(actions, cells)), named)
            }
            None => (None, None),
        };
        self.changes = match (&self.baseline, named) {
            (Some(baseline), Some(now)) => {
                // A baseline that is the document itself takes the grid just decided.
                if !baseline.knows(&now.actions) {
                    baseline.adopt(&ws.scenario, &now);
                }
                baseline.diff(&now)
            }
            _ => None,
        };
        let mut marks = Marks::default();
        let changes = self.changes.as_ref().filter(|d| !d.is_empty());
        if let (Some(changes), Some(g)) = (changes, &grid) {
            // In the grid's order (rows the row filter hides have no marks).
            let columns = ws.scenario.principals.len();
            let rows: std::collections::HashMap<&str, usize> =
                g.actions.iter().enumerate().map(|(r, a)| (*a, r)).collect();
            // A principal's column by name (the first of that name, as the diff names them).
            let mut columns_of: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::new();
            for (i, p) in ws.scenario.principals.iter().enumerate() {
                columns_of.entry(p.name.as_str()).or_insert(i);
            }
            marks.changes = vec![Vec::new(); g.actions.len()];
            for c in &changes.cells {
                let Some(&r) = rows.get(c.action) else {
                    continue;
                };
                let Some(&column) = columns_of.get(c.principal.as_str()) else {
                    continue;
                };
                let row = &mut marks.changes[r];
                if row.is_empty() {
                    row.resize(columns, None);
                }
                if let Some(slot) = row.get_mut(column) {
                    *slot = Some(c.change);
                }
            }
        }
        for result in &self.expectations {
            for cell in result.cells.iter().filter(|c| c.grid_cell) {
                let holds = marks
                    .expects
                    .entry((cell.principal, cell.action))
                    .or_insert(true);
                *holds &= cell.holds;
            }
        }
        let columns = ws.grid_columns(&self.principal_filter);
        self.grid.show(ws, grid.as_ref(), &marks, columns.as_ref());
        // Kept for the principals' filter, which shows other columns of the same grid.
        if grid.is_some() {
            self.decided = grid.map(|g| (g, marks));
        }
    }

    /// Answers the who-can question again (after an edit).
    fn ask_who_can(&mut self) {
        // No question, no answer to make again: the panel keeps its state (and does not render).
        if self.who.answer.is_none() && self.who.action.trim().is_empty() {
            return;
        }
        self.who = Rc::new(self.who_can(self.who.action.clone(), self.who.resource.clone()));
    }

    /// The who-can question `action` on `resource` (as typed) and its answer (the who-can panel
    /// asks it when they are typed).
    pub(super) fn who_can(&self, action: String, resource: String) -> panels::who_can::WhoCanState {
        let answer = (!action.trim().is_empty()).then(|| {
            let r = Some(resource.as_str()).filter(|r| !r.trim().is_empty());
            let mut cache = self.query_cache.borrow_mut();
            self.state.ws.who_can_with(&mut cache, action.trim(), r)
        });
        panels::who_can::WhoCanState {
            action,
            resource,
            answer,
        }
    }

    /// Reads the picked or dropped files of an account's export, in the page: their sizes
    /// first (all together at most [`crate::import::MAX_IMPORT_BYTES`]), then their bytes, decoded
    /// as text by [`crate::import::decode_file`]; when every file is read, [`Msg::AccountRead`].
    fn read_account(&mut self, ctx: &Context<Self>, files: Vec<web_sys::File>) {
        use std::cell::RefCell;
        let files: Vec<gloo::file::File> = files.into_iter().map(gloo::file::File::from).collect();
        if files.is_empty() {
            return;
        }
        let max = crate::import::MAX_IMPORT_BYTES;
        let size: u64 = files.iter().map(|f| f.size()).sum();
        if size > max as u64 {
            self.account_error = Some(format!(
                "the files are too large ({size} bytes together; at most {max}): nothing was read"
            ));
            return;
        }
        let n = files.len();
        let slots: Rc<RefCell<Vec<Option<FileRead>>>> = Rc::new(RefCell::new(vec![None; n]));
        self.account_readers = files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                let name = file.name();
                let slots = slots.clone();
                let link = ctx.link().clone();
                // As bytes, decoded in the module: the text never becomes a JavaScript string.
                gloo::file::callbacks::read_as_bytes(file, move |bytes| {
                    let text = bytes
                        .map(crate::import::decode_file)
                        .map_err(|e| e.to_string());
                    let done = {
                        let mut slots = slots.borrow_mut();
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = Some((name, text));
                        }
                        slots.iter().all(Option::is_some)
                    };
                    if done {
                        let read = slots.borrow_mut().drain(..).flatten().collect();
                        link.send_message(Msg::AccountRead(read));
                    }
                })
            })
            .collect();
    }

    /// Imports the account's files read: its scenario replaces the one shown (kept for *Undo
    /// import*), and becomes its own baseline, so that every edit shows who gains or loses
    /// access. False when nothing changed (the error is shown, or one file that is a scenario
    /// rather than an export is handed to [`Msg::Imported`]).
    fn open_account(&mut self, read: Vec<FileRead>) -> bool {
        let mut names = Vec::with_capacity(read.len());
        let mut texts = Vec::with_capacity(read.len());
        for (name, text) in read {
            match text {
                Ok(text) => texts.push(text),
                Err(why) => {
                    self.account_error = Some(format!("{name} could not be read: {why}"));
                    return false;
                }
            }
            names.push(name);
        }
        let pages: Vec<&str> = texts.iter().map(String::as_str).collect();
        match crate::import::import_for_page(&pages) {
            Ok(imported) => {
                let previous = std::mem::take(&mut self.state.ws.scenario);
                // Undo goes back to what was there before the first account import.
                if self.account.is_none() {
                    self.previous = Some(previous);
                }
                // The policies the import parsed are not parsed again (nor for the baseline,
                // which shares the workspace's parses).
                self.state.load_parsed(imported.scenario, &imported.parses);
                drop(imported.parses);
                self.state.ws.keep_as_baseline();
                self.account = Some(AccountImport {
                    files: names,
                    report: imported.report,
                });
                self.account_error = None;
                self.load_error = None;
                self.import = None;
                true
            }
            Err(_) if texts.len() == 1 && crate::import::is_scenario_file(&pages) => {
                // A scenario file given to the account's input (scripts written for the old
                // `import` hook) opens as "Import file" opens it. Asked only when the text is
                // not an export: an export is not read twice.
                if let (Some(name), Some(text)) = (names.pop(), texts.pop()) {
                    self.import_baseline = false;
                    self.account_error = None;
                    self.link.send_message(Msg::Imported(name, Ok(text)));
                }
                false
            }
            Err(e) => {
                let file = e
                    .page
                    .checked_sub(1)
                    .and_then(|i| names.get(i))
                    .map_or(String::new(), |n| format!("{n}: "));
                let at = if e.line > 0 {
                    format!(" (page {}, line {}, column {})", e.page, e.line, e.column)
                } else {
                    String::new()
                };
                self.account_error = Some(format!("{file}{}{at}", e.message));
                false
            }
        }
    }

    /// Where the explained cell is in the grid, if it is shown.
    pub(super) fn selected_position(&self) -> Option<Position> {
        let (p, action) = self.state.cell()?;
        self.grid.position(p, action)
    }

    /// Downloads the scenario as a pretty-printed JSON file (the document a share link
    /// carries), named after its preset.
    fn export(&mut self) {
        let scenario = &self.state.ws.scenario;
        let Some(text) = crate::editing::to_pretty_json(scenario) else {
            return;
        };
        let name = if scenario.preset.is_empty() {
            "scenario.json".to_string()
        } else {
            format!("{}.json", scenario.preset)
        };
        let blob = gloo::file::Blob::new_with_options(text.as_str(), Some("application/json"));
        let url = gloo::file::ObjectUrl::from(blob);
        let document = gloo::utils::document();
        if let Ok(a) = document.create_element("a") {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", &name);
            if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
                a.click();
            }
        }
        self.export_url = Some(url);
    }

    fn share_url(&self) -> String {
        let location = gloo::utils::window().location();
        let base = format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        );
        format!("{base}#{}", share::encode(&self.state.ws.scenario))
    }

    fn sync_url(&self) {
        if self.account.is_some() {
            // An imported account stays in the tab: no fragment (browsers keep fragments in
            // their history).
            if let (Ok(history), Ok(path)) = (
                gloo::utils::window().history(),
                gloo::utils::window().location().pathname(),
            ) {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
            }
            return;
        }
        let fragment = format!("#{}", share::encode(&self.state.ws.scenario));
        if let Ok(history) = gloo::utils::window().history() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment));
        }
    }
}
