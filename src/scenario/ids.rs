//! Stable ids of a workspace's principals and policies, and the editors they name. A display name
//! may repeat and a position moves when something before it is removed; an id stays with its
//! principal or policy for as long as the [`Workspace`](super::Workspace) holds it, and is never
//! given again. Ids are not part of the document: share links and presets carry none.

/// A principal of a workspace, stable across edits (renames, removals of others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrincipalId(pub(super) u32);

impl PrincipalId {
    /// The id as a number, for markup that names a principal (the roster's `data-id`).
    pub fn number(self) -> u32 {
        self.0
    }

    /// The id written as [`PrincipalId::number`] (read back from markup): it names the principal
    /// that was given it, or none (ids are never given twice), so a stale number selects nothing.
    pub fn from_number(number: u32) -> PrincipalId {
        PrincipalId(number)
    }
}

/// An identity policy of a workspace, stable across edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyId(pub(super) u32);

/// An editor of the page: one policy text of the scenario, of any layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Editor {
    /// The policy of endpoint `.0` (by position; 0 is the one beside the identity policies).
    Endpoint(usize),
    /// A principal's identity policy.
    Identity(PrincipalId, PolicyId),
    /// A principal's permissions boundary.
    Boundary(PrincipalId),
    /// A principal's session policy.
    Session(PrincipalId),
    /// The resource-based policy of resource `.0` (by position).
    Resource(usize),
    /// SCP `.1` (by position) of a level of the organization.
    Scp(OrgLevel, usize),
    /// RCP `.1` (by position) of a level of the organization.
    Rcp(OrgLevel, usize),
}

impl Editor {
    /// The layer of the policy this editor holds.
    pub fn layer(self) -> crate::engine::Layer {
        use crate::engine::Layer;
        match self {
            Editor::Endpoint(_) => Layer::Endpoint,
            Editor::Identity(..) => Layer::IdentityPolicies,
            Editor::Boundary(_) => Layer::PermissionsBoundary,
            Editor::Session(_) => Layer::SessionPolicy,
            Editor::Resource(_) => Layer::ResourcePolicy,
            Editor::Scp(..) => Layer::Scps,
            Editor::Rcp(..) => Layer::Rcps,
        }
    }
}

/// A level of the organization that policies attach to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgLevel {
    /// The root.
    Root,
    /// OU `.0` (position in the organization's `ous`).
    Ou(usize),
    /// Account `.0` (position in the scenario's `accounts`).
    Account(usize),
}

/// Hands out ids, each once.
#[derive(Debug, Clone, Default)]
pub(super) struct IdCounter(u32);

impl IdCounter {
    pub(super) fn principal(&mut self) -> PrincipalId {
        self.0 += 1;
        PrincipalId(self.0)
    }

    pub(super) fn policy(&mut self) -> PolicyId {
        self.0 += 1;
        PolicyId(self.0)
    }
}
