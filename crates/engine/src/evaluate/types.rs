//! What a decision is made of and what it answers: the outcomes, the layers, the policy set of a
//! request (one entry per layer), and the evaluation with its decisive statements and notes.

use crate::ast::{Effect, Policy};
use crate::code::Code;

/// The three outcomes of an AWS authorization decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Every required layer allows and nothing denies.
    Allowed,
    /// Some applicable statement denies.
    ExplicitlyDenied,
    /// Nothing denies, but a required allow is missing.
    ImplicitlyDenied,
}

impl Decision {
    /// The name used in the simulate output.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
        }
    }
}

/// A layer of the AWS decision. Names match the keys of the simulate input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Identity-based policies of the principal (grant).
    IdentityPolicies,
    /// The VPC endpoint policy (gate), when the request goes through an endpoint.
    Endpoint,
    /// The resource-based policy (grant).
    ResourcePolicy,
    /// The permissions boundary (gate).
    PermissionsBoundary,
    /// Service control policies (gate).
    Scps,
    /// Resource control policies (gate).
    Rcps,
    /// The session policy (gate).
    SessionPolicy,
}

impl Layer {
    /// Every layer, in the contract's order.
    pub const ALL: [Layer; 7] = [
        Layer::IdentityPolicies,
        Layer::Endpoint,
        Layer::ResourcePolicy,
        Layer::PermissionsBoundary,
        Layer::Scps,
        Layer::Rcps,
        Layer::SessionPolicy,
    ];

    /// Every layer in the order of AWS's evaluation flowchart, the order of
    /// [`Evaluation::steps`]: RCPs, SCPs, the endpoint policy, the resource-based policy,
    /// identity policies, the permissions boundary, the session policy.
    pub const FLOWCHART: [Layer; 7] = [
        Layer::Rcps,
        Layer::Scps,
        Layer::Endpoint,
        Layer::ResourcePolicy,
        Layer::IdentityPolicies,
        Layer::PermissionsBoundary,
        Layer::SessionPolicy,
    ];

    /// The name used in the simulate input and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::IdentityPolicies => "identityPolicies",
            Layer::Endpoint => "endpoint",
            Layer::ResourcePolicy => "resourcePolicy",
            Layer::PermissionsBoundary => "permissionsBoundary",
            Layer::Scps => "scps",
            Layer::Rcps => "rcps",
            Layer::SessionPolicy => "sessionPolicy",
        }
    }
}

/// A set of layers in one byte (a grid of every action holds hundreds of thousands of cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LayerSet(u8);

impl LayerSet {
    /// The set of these layers.
    pub fn of(layers: &[Layer]) -> LayerSet {
        let mut set = LayerSet::default();
        for l in layers {
            set.insert(*l);
        }
        set
    }

    /// Adds `layer`.
    pub fn insert(&mut self, layer: Layer) {
        if let Some(i) = Layer::ALL.iter().position(|o| *o == layer) {
            self.0 |= 1 << i;
        }
    }

    /// True when the set holds no layer.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when the set holds `layer`.
    pub fn contains(self, layer: Layer) -> bool {
        Layer::ALL
            .iter()
            .position(|o| *o == layer)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// The layers, in contract order.
    pub fn iter(self) -> impl Iterator<Item = Layer> {
        Layer::ALL
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, l)| l)
    }

    /// The first layer, if any.
    pub fn first(self) -> Option<Layer> {
        self.iter().next()
    }

    /// The set as bits (layer `i` of [`Layer::ALL`] is bit `i`).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The set of these bits (bits past the seventh name no layer).
    pub fn from_bits(bits: u8) -> LayerSet {
        LayerSet(bits & 0x7f)
    }
}

/// Interface or gateway endpoint; they read account principals differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointType {
    /// Interface endpoints (PrivateLink): an account principal means every principal of it.
    Interface,
    /// Gateway endpoints (S3, DynamoDB): an account principal means its root user only.
    Gateway,
}

/// A policy with the name it is reported under (`identityPolicies[0]`, `endpoint.policy`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy {
    /// The name in explanations.
    pub name: String,
    /// The parsed policy (without errors), shared with its parse (policy sets are made for every
    /// principal and route of a grid).
    pub policy: std::rc::Rc<Policy>,
    /// Where the last [`ActionIndex`](super::ActionIndex) that met this policy keeps it: a grid
    /// asks the index about the same policy sets row after row, and finds the entry here
    /// without a lookup by address.
    pub(crate) slot: IndexSlot,
}

impl NamedPolicy {
    /// `policy` reported as `name`.
    pub fn new(name: impl Into<String>, policy: std::rc::Rc<Policy>) -> NamedPolicy {
        NamedPolicy {
            name: name.into(),
            policy,
            slot: IndexSlot::default(),
        }
    }
}

/// An [`ActionIndex`](super::ActionIndex)'s id (high 32 bits; ids start at 1) and the position
/// of a policy's entry in it (low 32 bits); 0 while no index has met the policy. Not part of
/// the policy: equal whatever it holds, and a clone starts from the same value. Atomic so that a
/// policy set stays shareable between threads (relaxed: it is a hint checked against the index).
#[derive(Default)]
pub(crate) struct IndexSlot(std::sync::atomic::AtomicU64);

impl IndexSlot {
    pub(crate) fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(crate) fn set(&self, value: u64) {
        self.0.store(value, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Clone for IndexSlot {
    fn clone(&self) -> Self {
        IndexSlot(std::sync::atomic::AtomicU64::new(self.get()))
    }
}

impl PartialEq for IndexSlot {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IndexSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IndexSlot({:#x})", self.get())
    }
}

/// The VPC endpoint a request travels through.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Interface or gateway.
    pub endpoint_type: EndpointType,
    /// The endpoint policy; the caller puts AWS's default full-access policy here when none is
    /// attached (see [`default_endpoint_policy`]).
    pub policy: NamedPolicy,
}

/// Everything that decides a request, already parsed. Absent layers do not take part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicySet {
    /// The principal's identity policies.
    pub identity_policies: Vec<NamedPolicy>,
    /// The endpoint, when the request goes through one.
    pub endpoint: Option<Endpoint>,
    /// The resource-based policy of the requested resource.
    pub resource_policy: Option<NamedPolicy>,
    /// The principal's permissions boundary.
    pub permissions_boundary: Option<NamedPolicy>,
    /// SCPs of the principal's account, one list per level from the root down to the account.
    pub scps: Vec<Vec<NamedPolicy>>,
    /// RCPs of the resource's account, one list per level from the root down to the account
    /// (`RCPFullAWSAccess` is implicitly attached at every level).
    pub rcps: Vec<Vec<NamedPolicy>>,
    /// The session policy of a role session or federated user session.
    pub session_policy: Option<NamedPolicy>,
}

/// A statement that decided, as reported in explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisiveStatement {
    /// The policy's name (`identityPolicies[0]`).
    pub policy: String,
    /// The 0-based statement index.
    pub statement: usize,
    /// The statement's `Sid`, when it has one.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
}

/// A remark about how the request was decided that is not about one statement: a layer that
/// was given but does not apply to this request, or a rule AWS applies implicitly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The remark's code (`LAYER_DOES_NOT_APPLY`, `DEFAULT_KEY_POLICY`, ...).
    pub code: Code,
    /// The layer the remark is about.
    pub layer: Layer,
    /// Lowercase, no trailing period.
    pub message: String,
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The outcome.
    pub decision: Decision,
    /// For an explicit deny, the layers that denied; for an implicit deny, the layers whose
    /// required allow is missing; empty when allowed.
    pub blocked_by: Vec<Layer>,
    /// For an explicit deny, every matching `Deny`; when allowed, every matching `Allow` of the
    /// layers that granted or let the request through; empty for an implicit deny.
    pub decisive: Vec<DecisiveStatement>,
    /// Layers given but not applicable to this request, and implicit rules that decided.
    pub notes: Vec<Note>,
    /// What each layer said, in the order of AWS's evaluation flowchart (RCPs, SCPs, the
    /// endpoint policy, the resource-based policy, identity policies, the permissions boundary,
    /// the session policy): the evaluation drawn step by step. An array: deciding a grid makes
    /// one evaluation per cell, and this costs no allocation.
    pub steps: [Step; 7],
    /// True when the resource belongs to another account than the caller's: both the identity
    /// side and the resource policy must allow (AWS's cross-account flowchart).
    pub cross_account: bool,
}

/// A decision without its explanation: what [`verdict`](super::verdict) answers for each cell of
/// a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome.
    pub decision: Decision,
    /// As [`Evaluation::blocked_by`].
    pub blocked_by: LayerSet,
}

/// One step of the evaluation: a layer and what it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The layer.
    pub layer: Layer,
    /// What it said.
    pub state: StepState,
}

/// What a layer said about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// A statement of the layer allows it (or, for RCPs, nothing denies: `RCPFullAWSAccess`).
    Allow,
    /// A statement of the layer denies it.
    Deny,
    /// The layer applies, and nothing in it allows (for SCPs: some level allows nothing).
    NoAllow,
    /// The layer is not given, or does not apply to this caller or action.
    NotApplicable,
}

impl StepState {
    /// As the page names it: `allow`, `deny`, `no-allow`, `not-applicable`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Allow => "allow",
            StepState::Deny => "deny",
            StepState::NoAllow => "no-allow",
            StepState::NotApplicable => "not-applicable",
        }
    }
}
