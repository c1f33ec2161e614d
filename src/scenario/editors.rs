//! The workspace's editors: one per policy text of any layer. Reading and replacing their texts
//! (each edit parses only that text again), naming them for people and for diagnostics, listing
//! them, and every diagnostic located in its editor.

use super::*;

impl Workspace {
    /// Replaces the first endpoint's policy text (adding the default endpoint when there is
    /// none).
    pub fn set_endpoint_policy(&mut self, text: String) {
        if self.scenario.endpoints.is_empty() {
            self.scenario.endpoint_mut();
            self.reparse_layers();
        }
        self.set_text(Editor::Endpoint(0), text);
    }

    /// Replaces the text behind any editor and parses it again (ignored for an editor that
    /// names nothing in the document).
    pub fn set_text(&mut self, editor: Editor, text: String) {
        match editor {
            Editor::Identity(p, policy) => self.set_identity_policy(p, policy, text),
            Editor::Boundary(p) | Editor::Session(p) => {
                let Some(at) = self.principal_position(p) else {
                    return;
                };
                let (Some(doc), Some(slot)) =
                    (self.scenario.principals.get_mut(at), self.slots.get_mut(at))
                else {
                    return;
                };
                if matches!(editor, Editor::Boundary(_)) {
                    slot.boundary = parse_optional(&text, PolicyKind::PermissionsBoundary);
                    doc.boundary = text;
                } else {
                    slot.session = parse_optional(&text, PolicyKind::Session);
                    doc.session_policy = text;
                }
            }
            Editor::Endpoint(i) => {
                if let Some(e) = self.scenario.endpoints.get_mut(i) {
                    self.layers.set(editor, Some(parse_endpoint(&text)));
                    e.policy = text;
                }
            }
            Editor::Resource(i) => {
                if let Some(r) = self.scenario.resources.get_mut(i) {
                    self.layers
                        .set(editor, parse_resource_policy(&r.arn, &text));
                    r.policy = text;
                }
            }
            Editor::Scp(level, i) | Editor::Rcp(level, i) => {
                let scp = matches!(editor, Editor::Scp(..));
                if let Some(doc) = self.org_policy_mut(level, scp, i) {
                    doc.text.clone_from(&text);
                    let kind = if scp {
                        PolicyKind::Scp
                    } else {
                        PolicyKind::Rcp
                    };
                    self.layers
                        .set(editor, Some(parse_policy_text(&text, kind)));
                }
            }
        }
    }

    /// The document of an organization policy.
    fn org_policy_mut(&mut self, level: OrgLevel, scp: bool, i: usize) -> Option<&mut PolicyDoc> {
        self.scenario.level_policies_mut(level, scp)?.get_mut(i)
    }

    /// The document of an organization policy (read-only).
    fn org_policy(&self, level: OrgLevel, scp: bool, i: usize) -> Option<&PolicyDoc> {
        self.scenario.level_policies(level, scp)?.get(i)
    }

    /// The place of an organization level in the document.
    fn level_place(level: OrgLevel) -> String {
        match level {
            OrgLevel::Root => "organization".into(),
            OrgLevel::Ou(n) => format!("organization.ous[{n}]"),
            OrgLevel::Account(n) => format!("accounts[{n}]"),
        }
    }

    /// Replaces the text of principal `p`'s policy `policy` (ignored when there is none).
    pub fn set_identity_policy(&mut self, p: PrincipalId, policy: PolicyId, text: String) {
        let Some((at, i)) = self.policy_position(p, policy) else {
            return;
        };
        let parsed = parse_identity(&text);
        if let (Some(doc), Some(slot)) = (
            self.scenario
                .principals
                .get_mut(at)
                .and_then(|d| d.policies.get_mut(i)),
            self.slots.get_mut(at).and_then(|s| s.policies.get_mut(i)),
        ) {
            doc.text = text;
            slot.parsed = parsed;
        }
    }

    /// The parsed policy behind an editor.
    pub fn parsed(&self, editor: Editor) -> Option<&ParsedPolicy> {
        match editor {
            Editor::Identity(p, policy) => {
                let (at, i) = self.policy_position(p, policy)?;
                Some(&self.slots.get(at)?.policies.get(i)?.parsed)
            }
            Editor::Boundary(p) => self
                .slots
                .get(self.principal_position(p)?)?
                .boundary
                .as_deref(),
            Editor::Session(p) => self
                .slots
                .get(self.principal_position(p)?)?
                .session
                .as_deref(),
            other => self.layers.get(other),
        }
    }

    /// The kind of policy an editor holds, as it is read: endpoint, identity, permissions
    /// boundary, session, SCP or RCP by its layer, and a resource's policy by its ARN (a role's
    /// is its trust policy).
    pub fn editor_kind(&self, editor: Editor) -> PolicyKind {
        match editor {
            Editor::Endpoint(_) => PolicyKind::Endpoint,
            Editor::Identity(..) => PolicyKind::Identity,
            Editor::Boundary(_) => PolicyKind::PermissionsBoundary,
            Editor::Session(_) => PolicyKind::Session,
            Editor::Resource(i) => self
                .scenario
                .resources
                .get(i)
                .map_or(PolicyKind::Resource, |r| {
                    super::layers::resource_policy_kind(&r.arn)
                }),
            Editor::Scp(..) => PolicyKind::Scp,
            Editor::Rcp(..) => PolicyKind::Rcp,
        }
    }

    /// The text behind an editor.
    pub fn text(&self, editor: Editor) -> Option<&str> {
        match editor {
            Editor::Endpoint(i) => Some(&self.scenario.endpoints.get(i)?.policy),
            Editor::Identity(p, policy) => Some(&self.policy(p, policy)?.text),
            Editor::Boundary(p) => Some(&self.principal(p)?.boundary),
            Editor::Session(p) => Some(&self.principal(p)?.session_policy),
            Editor::Resource(i) => Some(&self.scenario.resources.get(i)?.policy),
            Editor::Scp(level, i) => Some(&self.org_policy(level, true, i)?.text),
            Editor::Rcp(level, i) => Some(&self.org_policy(level, false, i)?.text),
        }
    }

    /// An editor's place in the document, as diagnostics name it: `endpoint` (the first
    /// endpoint, as in version 1), `endpoints[I]`, `principals[P].policies[I]`,
    /// `principals[P].boundary`, `principals[P].sessionPolicy`, `resources[I]`,
    /// `organization.scps[I]`, `organization.ous[N].rcps[I]`, `accounts[N].scps[I]` (positions
    /// now).
    pub fn editor_place(&self, editor: Editor) -> String {
        let principal = |p: PrincipalId| {
            self.principal_position(p)
                .map_or("principals[?]".to_string(), |at| {
                    format!("principals[{at}]")
                })
        };
        match editor {
            Editor::Endpoint(0) => "endpoint".into(),
            Editor::Endpoint(i) => format!("endpoints[{i}]"),
            Editor::Identity(p, policy) => match self.policy_position(p, policy) {
                Some((p, i)) => format!("principals[{p}].policies[{i}]"),
                None => "principals[?]".into(),
            },
            Editor::Boundary(p) => format!("{}.boundary", principal(p)),
            Editor::Session(p) => format!("{}.sessionPolicy", principal(p)),
            Editor::Resource(i) => format!("resources[{i}]"),
            Editor::Scp(level, i) => format!("{}.scps[{i}]", Self::level_place(level)),
            Editor::Rcp(level, i) => format!("{}.rcps[{i}]", Self::level_place(level)),
        }
    }

    /// An editor in words: `endpoint policy`, `PRINCIPAL / POLICY` (`?` for a name no longer
    /// there), `PRINCIPAL / permissions boundary`, `resource policy of NAME`, `SCP NAME (root)`.
    pub fn editor_name(&self, editor: Editor) -> String {
        let principal = |p: PrincipalId| self.principal(p).map_or("?", |d| d.name.as_str());
        match editor {
            Editor::Endpoint(0) => "endpoint policy".into(),
            Editor::Endpoint(i) => format!(
                "endpoint policy of `{}`",
                self.scenario.endpoints.get(i).map_or("?", |e| &e.id)
            ),
            Editor::Identity(p, policy) => {
                let policy = self
                    .policy(p, policy)
                    .map(|d| d.name.as_str())
                    .unwrap_or("?");
                format!("{} / {policy}", principal(p))
            }
            Editor::Boundary(p) => format!("{} / permissions boundary", principal(p)),
            Editor::Session(p) => format!("{} / session policy", principal(p)),
            Editor::Resource(i) => format!(
                "resource policy of `{}`",
                self.scenario.resources.get(i).map_or("?", |r| &r.name)
            ),
            Editor::Scp(level, i) => format!(
                "SCP `{}` ({})",
                self.org_policy(level, true, i).map_or("?", |d| &d.name),
                self.scenario.level_name(level)
            ),
            Editor::Rcp(level, i) => format!(
                "RCP `{}` ({})",
                self.org_policy(level, false, i).map_or("?", |d| &d.name),
                self.scenario.level_name(level)
            ),
        }
    }

    /// Every editor of the scenario: the organization's policies, the endpoints, the resources'
    /// policies, then each principal's identity policies, boundary and session policy.
    pub fn editors(&self) -> Vec<Editor> {
        let mut editors = self.layers.editors();
        for slot in &self.slots {
            editors.extend(
                slot.policies
                    .iter()
                    .map(|d| Editor::Identity(slot.id, d.id)),
            );
            if slot.boundary.is_some() {
                editors.push(Editor::Boundary(slot.id));
            }
            if slot.session.is_some() {
                editors.push(Editor::Session(slot.id));
            }
        }
        editors
    }

    /// Every diagnostic of every policy, located in its editor, then the findings of the checks
    /// across layers ([`Workspace::layer_findings`]): at most
    /// [`MAX_ANSWER_FINDINGS`](crate::engine::MAX_ANSWER_FINDINGS), then one
    /// `TOO_MANY_FINDINGS` (in the editor of the first one left out) counting the rest. When
    /// some policy has an error, an error is among those kept.
    pub fn diagnostics(&self) -> Vec<EditorDiagnostic> {
        let max = crate::engine::MAX_ANSWER_FINDINGS;
        // Every finding in order, not located yet (an imported account has thousands: only
        // those reported are located, each editor's line index made once).
        let mut order: Vec<Finding> = Vec::new();
        for editor in self.editors() {
            let (Some(parsed), Some(_)) = (self.parsed(editor), self.text(editor)) else {
                continue;
            };
            for (i, d) in parsed.diagnostics.iter().enumerate() {
                order.push(Finding::Own(editor, i, d.severity.is_error()));
            }
        }
        let mut layer: Vec<Option<EditorDiagnostic>> =
            self.layer_findings().into_iter().map(Some).collect();
        order.extend(
            layer
                .iter()
                .enumerate()
                .map(|(i, d)| Finding::Layer(i, d.as_ref().is_some_and(|d| d.is_error()))),
        );
        // Past the bound: an error among those kept, and the first one left out named.
        let mut left_out = None;
        if order.len() > max {
            if !order.iter().take(max).any(Finding::is_error) {
                if let Some(first) = order.iter().position(Finding::is_error) {
                    order.swap(first, max - 1);
                }
            }
            let editor = |f: &Finding| match *f {
                Finding::Own(editor, _, _) => Some(editor),
                Finding::Layer(i, _) => layer.get(i)?.as_ref().map(|d| d.editor),
            };
            left_out = order
                .get(max)
                .and_then(editor)
                .map(|e| (order.len() - max, e));
            order.truncate(max);
        }
        let mut lines: Option<(Editor, LineIndex)> = None;
        let mut out = Vec::with_capacity(order.len() + 1);
        for finding in order {
            match finding {
                Finding::Own(editor, i, _) => {
                    let (Some(d), Some(text)) = (
                        self.parsed(editor).and_then(|p| p.diagnostics.get(i)),
                        self.text(editor),
                    ) else {
                        continue;
                    };
                    let index = match &mut lines {
                        Some((e, index)) if *e == editor => index,
                        slot => &mut slot.insert((editor, LineIndex::new(text))).1,
                    };
                    out.push(EditorDiagnostic {
                        editor,
                        span: d.span,
                        located: d.locate(self.editor_place(editor), index),
                        fix: d.fix.clone(),
                    });
                }
                Finding::Layer(i, _) => {
                    if let Some(d) = layer.get_mut(i).and_then(Option::take) {
                        out.push(d);
                    }
                }
            }
        }
        if let Some((rest, editor)) = left_out {
            let located = Diagnostic::new(
                Code::TOO_MANY_FINDINGS,
                Span::default(),
                format!("{rest} more findings are not reported (at most {max} per scenario)"),
            )
            .with_optional_help(Some("fix the ones reported first".into()))
            .locate(self.editor_place(editor), &LineIndex::new(""));
            out.push(EditorDiagnostic {
                editor,
                span: Span::default(),
                located,
                fix: None,
            });
        }
        out
    }

    /// The editors of one layer for the selected principal and resource, each with its
    /// organization level (`Some(n)` for SCPs and RCPs, 0 for the root): the endpoint policy,
    /// the open identity policies, the selected resource's policy, the principal's boundary or
    /// session policy (listed even when empty, to be written), the SCPs of the principal's
    /// account levels, the RCPs of the resource's.
    pub fn layer_editors(&self, layer: crate::engine::Layer) -> Vec<(Editor, Option<usize>)> {
        use crate::engine::Layer;
        let principal = self.selected();
        let principal_account = principal
            .and_then(|p| self.principal_position(p))
            .and_then(|i| self.principal_account(i));
        let org = |scp: bool, account: Option<String>| -> Vec<(Editor, Option<usize>)> {
            let Some(levels) = account.and_then(|a| self.scenario.org_levels(&a)) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for (n, level) in levels.into_iter().enumerate() {
                let mut i = 0;
                while self.org_policy(level, scp, i).is_some() {
                    let editor = if scp {
                        Editor::Scp(level, i)
                    } else {
                        Editor::Rcp(level, i)
                    };
                    out.push((editor, Some(n)));
                    i += 1;
                }
            }
            out
        };
        match layer {
            Layer::Endpoint => (0..self.scenario.endpoints.len())
                .map(|i| (Editor::Endpoint(i), None))
                .collect(),
            Layer::IdentityPolicies => principal
                .map(|p| {
                    self.policy_ids(p)
                        .into_iter()
                        .map(|id| (Editor::Identity(p, id), None))
                        .collect()
                })
                .unwrap_or_default(),
            Layer::ResourcePolicy => self
                .scenario
                .resources
                .iter()
                .position(|r| r.name == self.scenario.selected_resource)
                .map(|i| vec![(Editor::Resource(i), None)])
                .unwrap_or_default(),
            Layer::PermissionsBoundary => principal
                .map(|p| vec![(Editor::Boundary(p), None)])
                .unwrap_or_default(),
            Layer::SessionPolicy => principal
                .map(|p| vec![(Editor::Session(p), None)])
                .unwrap_or_default(),
            Layer::Scps => org(true, principal_account),
            Layer::Rcps => org(false, Some(self.resource_account())),
        }
    }
}

/// One finding of [`Workspace::diagnostics`] before it is located: a policy's own (its editor,
/// its position among the policy's diagnostics) or one of the checks across layers (its
/// position among them); and whether it is an error.
#[derive(Debug, Clone, Copy)]
enum Finding {
    Own(Editor, usize, bool),
    Layer(usize, bool),
}

impl Finding {
    fn is_error(&self) -> bool {
        match *self {
            Finding::Own(_, _, error) | Finding::Layer(_, error) => error,
        }
    }
}
