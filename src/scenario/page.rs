//! What the page shows around the workspace, as a model tested natively: whose policies are open
//! (the selected principal and policy tab), which cell is explained and its explanation, and
//! which editor a click asked to reveal. Everything is held by id, so renaming, adding or
//! removing principals and policies never moves the selection to another one. The page and the
//! widget keep one each and only render it.

use super::network_edits::{NetCell, NetEdit, NetworkForm};
use super::{Editor, Explanation, PolicyId, PrincipalId, Scenario, Workspace};
use crate::engine::{Layer, Span};

/// The page's state: the workspace and what is selected in it.
#[derive(Debug, Clone)]
pub struct PageState {
    /// The document and its parses.
    pub ws: Workspace,
    /// The open policy tab of the selected principal (its first policy when this one is not
    /// one of its policies).
    policy: Option<PolicyId>,
    /// The explained cell: principal and action.
    cell: Option<(PrincipalId, String)>,
    explanation: Option<Explanation>,
    reveal: Option<(Editor, Span)>,
    /// The layer whose editors are open in the stack panel.
    layer: Layer,
    /// True when the stack panel shows the network instead of a layer's editors.
    network_tab: bool,
    /// What the network editors hold besides the document (text that could not be applied).
    pub network: NetworkForm,
}

impl PageState {
    /// A page over `scenario`, with nothing explained.
    pub fn new(scenario: Scenario) -> PageState {
        PageState {
            ws: Workspace::new(scenario),
            policy: None,
            cell: None,
            explanation: None,
            reveal: None,
            layer: Layer::ResourcePolicy,
            network_tab: false,
            network: NetworkForm::default(),
        }
    }

    /// The layer whose editors are open in the stack panel.
    pub fn layer(&self) -> Layer {
        self.layer
    }

    /// Opens the editors of `layer`.
    pub fn open_layer(&mut self, layer: Layer) {
        self.layer = layer;
        self.network_tab = false;
    }

    /// True when the stack panel shows the network (its tab beside the layers').
    pub fn network_open(&self) -> bool {
        self.network_tab
    }

    /// Shows the network in the stack panel.
    pub fn open_network(&mut self) {
        self.network_tab = true;
    }

    /// Text typed into a cell of the network's tables (kept with its reason when invalid).
    pub fn edit_network_cell(&mut self, cell: NetCell, text: String) -> bool {
        self.network.edit_cell(&mut self.ws, cell, text)
    }

    /// A structural edit of the network (rows, private DNS, the starter network, removal).
    pub fn edit_network(&mut self, edit: &NetEdit) -> bool {
        self.network.edit(&mut self.ws, edit)
    }

    /// New text in the network's JSON editor.
    pub fn edit_network_json(&mut self, text: String) -> bool {
        self.network.edit_json(&mut self.ws, text)
    }

    /// Replaces the document (a preset); the selection starts over.
    pub fn load(&mut self, scenario: Scenario) {
        *self = PageState::new(scenario);
    }

    /// [`PageState::load`] of an imported account, with the parses its import made.
    pub fn load_parsed(&mut self, scenario: Scenario, known: &super::KnownParses) {
        *self = PageState::new(Scenario::default());
        self.ws = Workspace::with_parses(scenario, known);
    }

    /// The principal whose policies are open.
    pub fn principal(&self) -> Option<PrincipalId> {
        self.ws.selected()
    }

    /// The open policy of the selected principal, if it has any.
    pub fn policy(&self) -> Option<PolicyId> {
        let ids = self.ws.policy_ids(self.principal()?);
        match self.policy {
            Some(id) if ids.contains(&id) => Some(id),
            _ => ids.first().copied(),
        }
    }

    /// The editor of the open policy.
    pub fn identity_editor(&self) -> Option<Editor> {
        Some(Editor::Identity(self.principal()?, self.policy()?))
    }

    /// The explained cell: principal and action.
    pub fn cell(&self) -> Option<(PrincipalId, &str)> {
        self.cell.as_ref().map(|(p, a)| (*p, a.as_str()))
    }

    /// The explanation of the explained cell.
    pub fn explanation(&self) -> Option<&Explanation> {
        self.explanation.as_ref()
    }

    /// The editor and range a click asked to show, until the next edit.
    pub fn reveal(&self) -> Option<(Editor, Span)> {
        self.reveal
    }

    /// Forgets the range to show (every message but a reveal does).
    pub fn clear_reveal(&mut self) {
        self.reveal = None;
    }

    /// Opens principal `id`'s policies, on its first policy.
    pub fn select_principal(&mut self, id: PrincipalId) {
        if self.ws.select(id) {
            self.policy = None;
        }
    }

    /// Opens policy `id` of the selected principal.
    pub fn select_policy(&mut self, id: PolicyId) {
        self.policy = Some(id);
    }

    /// Adds a principal with a copy of the selected one's policies and opens it.
    pub fn add_principal(&mut self) -> bool {
        let Some(base) = self.principal() else {
            return false;
        };
        let added = self.ws.add_principal_like(base).is_some();
        if added {
            self.policy = None;
        }
        added
    }

    /// Removes the selected principal (not the last one) and opens the one before it. An
    /// explanation of the removed principal goes with it.
    pub fn remove_principal(&mut self) -> bool {
        let Some(id) = self.principal() else {
            return false;
        };
        let removed = self.ws.remove_principal(id);
        if removed {
            self.policy = None;
            self.explain();
        }
        removed
    }

    /// Adds a policy to the selected principal and opens it.
    pub fn add_policy(&mut self) -> bool {
        let Some(p) = self.principal() else {
            return false;
        };
        let added = self.ws.add_policy(p);
        if added.is_some() {
            self.policy = added;
        }
        added.is_some()
    }

    /// Removes the open policy and opens the one before it.
    pub fn remove_policy(&mut self) -> bool {
        let (Some(p), Some(policy)) = (self.principal(), self.policy()) else {
            return false;
        };
        let ids = self.ws.policy_ids(p);
        let at = ids.iter().position(|&i| i == policy).unwrap_or(0);
        if !self.ws.remove_policy(p, policy) {
            return false;
        }
        self.policy = ids
            .get(at.saturating_sub(1))
            .copied()
            .filter(|&i| i != policy);
        true
    }

    /// New text for the open policy.
    pub fn set_open_policy_text(&mut self, text: String) {
        if let Some(Editor::Identity(p, policy)) = self.identity_editor() {
            self.ws.set_identity_policy(p, policy, text);
        }
    }

    /// Explains principal `p`'s decision for `action`, leaving the open policies as they are.
    pub fn explain_cell(&mut self, p: PrincipalId, action: &str) {
        self.cell = Some((p, action.to_string()));
        self.explain();
    }

    /// Explains principal `p`'s decision for `action` and opens that principal's policies, on
    /// the first policy whose statement decided, so that the highlights are in view.
    pub fn select_cell(&mut self, p: PrincipalId, action: &str) {
        self.explain_cell(p, action);
        let Some(e) = &self.explanation else {
            return;
        };
        let first = e
            .statements
            .iter()
            .filter(|st| st.decisive)
            .find_map(|st| match st.editor {
                Editor::Identity(_, policy) => Some(policy),
                _ => None,
            });
        if self.principal() != Some(p) {
            self.select_principal(p);
        }
        if first.is_some() {
            self.policy = first;
        }
    }

    /// Forgets the explained cell.
    pub fn clear_cell(&mut self) {
        self.cell = None;
        self.explanation = None;
    }

    /// Explains the explained cell again (after an edit). When its principal is gone, the cell
    /// is forgotten.
    pub fn explain(&mut self) {
        if let Some((p, _)) = &self.cell {
            if self.ws.principal_position(*p).is_none() {
                self.cell = None;
            }
        }
        self.explanation = self
            .cell
            .as_ref()
            .and_then(|(p, action)| self.ws.explain(*p, action));
    }

    /// Shows `span` of `editor`: opens its principal and policy, and remembers the range until
    /// the next edit.
    /// Opens its layer too (the endpoint and identity policies are always open), and for a
    /// resource's policy selects that resource.
    pub fn reveal_in(&mut self, editor: Editor, span: Span) {
        match editor {
            Editor::Identity(p, policy) => {
                if self.ws.principal_position(p).is_none() {
                    return;
                }
                self.ws.select(p);
                self.policy = Some(policy);
            }
            Editor::Boundary(p) | Editor::Session(p) => {
                if !self.ws.select(p) {
                    return;
                }
            }
            Editor::Resource(i) => {
                let Some(name) = self.ws.scenario.resources.get(i).map(|r| r.name.clone()) else {
                    return;
                };
                self.ws.scenario.selected_resource = name;
            }
            Editor::Endpoint(_) | Editor::Scp(..) | Editor::Rcp(..) => {}
        }
        if !matches!(editor, Editor::Endpoint(0) | Editor::Identity(..)) {
            self.open_layer(editor.layer());
        }
        self.reveal = Some((editor, span));
    }
}
