//! The playground document: what a share link, a preset and the JavaScript API carry (the
//! endpoints, principals with their policies, resources with theirs, accounts and the
//! organization with its SCPs and RCPs, the request context, the action filter, the
//! expectations and a baseline to compare with). The only serialized types of the scenario.
//!
//! Version 2 holds every layer. A version 1 document (one `endpoint`, no `version`) still reads:
//! it is migrated on the way in (its endpoint becomes the only one, serving every service, so
//! that it decides exactly as before), and every document is written as version 2. The
//! optional fields added since (`expectations`, `baseline`) are left out when empty, so that the
//! documents and links of scenarios without them are unchanged.

use serde::{Deserialize, Serialize};

/// The version of the document this code writes.
pub const DOCUMENT_VERSION: u32 = 2;

/// The whole playground state: what a share link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "ScenarioIn")]
pub struct Scenario {
    /// The document's version: [`DOCUMENT_VERSION`] once read.
    pub version: u32,
    /// Short title shown above the editors.
    pub title: String,
    /// The VPC endpoints. When calls go through the VPC, a request travels through the endpoint
    /// that serves its service (the first one that does); with none, over the internet.
    pub endpoints: Vec<EndpointDoc>,
    /// The principals, each with its identity policies.
    pub principals: Vec<PrincipalDoc>,
    /// Named resources with their resource-based policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDoc>,
    /// The accounts principals and resources belong to (an account not listed is outside the
    /// organization).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountDoc>,
    /// The organization, with the SCPs and RCPs of its root and OUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDoc>,
    /// How requests are made.
    pub context: ContextDoc,
    /// The action filter: patterns separated by commas or spaces (`sagemaker:*`, `s3:Get*`).
    pub actions: String,
    /// The resource every request names (`*` or an ARN) when it fits the action and no named
    /// resource is selected.
    pub resource: String,
    /// The name of the selected resource in `resources`: requests name its ARN when it fits
    /// the action (empty: none selected).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub selected_resource: String,
    /// The principal whose policies are being edited (index into `principals`).
    pub selected: usize,
    /// The preset this scenario started from (empty when none).
    pub preset: String,
    /// Which rows the grid shows.
    pub rows: RowFilter,
    /// Access levels to show (`List`, `Read`, `Write`, `Permissions management`, `Tagging`);
    /// empty shows every level.
    pub access: Vec<String>,
    /// The action the grid is pivoted on: principals × resources for this one action (empty:
    /// principals × actions).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pivot: String,
    /// What the author expects of some cells ("`specific-user` may create training jobs,
    /// `other-user` may not"), checked by `Workspace::check_expectations` on every edit and by
    /// the command line's `check`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expectations: Vec<ExpectationDoc>,
    /// The scenario to compare the grid with (kept with "keep as baseline", the preset as opened,
    /// or another file), so that exported files and share links carry it. One level only: a
    /// baseline's own baseline is dropped when the document is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Box<Scenario>>,
    /// The network the calls start from (one VPC: subnets, route tables, network ACLs,
    /// security groups, endpoints, workloads; the same JSON as a `simulate` case's `network`).
    /// A principal whose `workload` names one of its workloads makes its calls from there: the
    /// path decides whether they arrive, through which endpoint and with which context, and the
    /// `viaEndpoint` checkbox no longer applies to it. `None`: no network, every call as the
    /// context says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<crate::network::Network>,
}

/// What an expectation says its cells decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Expect {
    /// The request is allowed.
    Allowed,
    /// The request is denied, explicitly or implicitly.
    Denied,
    /// A `Deny` statement matches the request.
    ExplicitlyDenied,
    /// Nothing denies the request, but an allow it needs is missing.
    ImplicitlyDenied,
    /// The call never reaches AWS: a hop of its network path blocks it (no policy decides it).
    /// `Denied` holds for such a cell too (the call does not succeed); `ExplicitlyDenied` and
    /// `ImplicitlyDenied` do not.
    Unreachable,
}

impl Expect {
    /// Every value, in the order a menu offers them.
    pub const ALL: [Expect; 5] = [
        Expect::Allowed,
        Expect::Denied,
        Expect::ExplicitlyDenied,
        Expect::ImplicitlyDenied,
        Expect::Unreachable,
    ];

    /// The value as written in documents: `Allowed`, `Denied`, `ExplicitlyDenied`,
    /// `ImplicitlyDenied`, `Unreachable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Allowed => "Allowed",
            Expect::Denied => "Denied",
            Expect::ExplicitlyDenied => "ExplicitlyDenied",
            Expect::ImplicitlyDenied => "ImplicitlyDenied",
            Expect::Unreachable => "Unreachable",
        }
    }

    /// The value written as `text` (exactly as [`Expect::as_str`] writes it).
    pub fn from_name(text: &str) -> Option<Expect> {
        Expect::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

/// One expectation: the cells its principal and action patterns cover must all decide as
/// `expect` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectationDoc {
    /// The principals: a name of the scenario's principals or a pattern over their names (`*`
    /// any run of characters, `?` one character: `*-user`), or a principal's exact ARN.
    pub principal: String,
    /// The actions: an action or a pattern over the action catalog (`sagemaker:Create*`,
    /// case-insensitive, as in a policy's `Action`).
    pub action: String,
    /// The resource: the name of one of the scenario's resources, or an ARN; empty: the resource
    /// each cell of the grid names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource: String,
    /// What every covered cell must decide.
    pub expect: Expect,
    /// Why, in the author's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Which actions the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RowFilter {
    /// Every action the filter selects.
    #[default]
    All,
    /// Only actions at least one principal may call.
    AnyAllowed,
    /// Only actions where the principals' decisions differ.
    Differing,
}

/// A VPC endpoint of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EndpointDoc {
    /// `vpce-…`, used as `aws:SourceVpce`.
    pub id: String,
    /// `Interface` or `Gateway`.
    pub endpoint_type: String,
    /// The service name, e.g. `com.amazonaws.us-east-1.sagemaker.api`: the endpoint serves the
    /// requests of that service (`sagemaker`). Empty: every service (version 1 documents).
    pub service: String,
    /// The endpoint policy text; empty means AWS's default full-access policy.
    pub policy: String,
}

/// One principal of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PrincipalDoc {
    /// A short name for its button and grid column (`specific-user`). New principals get names
    /// not taken, but a document may repeat one: the workspace tells principals apart by id.
    pub name: String,
    /// Its ARN (a user, a role session, ...).
    pub arn: String,
    /// Principal tags (`aws:PrincipalTag/KEY`).
    #[serde(default)]
    pub tags: Vec<(String, String)>,
    /// The organization id (`aws:PrincipalOrgID`), when the account is in one.
    #[serde(default)]
    pub org_id: String,
    /// Its identity policies.
    pub policies: Vec<PolicyDoc>,
    /// Its permissions boundary's text (IAM users and roles); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub boundary: String,
    /// The session policy's text (role sessions and federated users); empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub session_policy: String,
    /// The workload of the scenario's network this principal calls from (an instance's or a
    /// notebook's role session): its calls take that workload's network path. Empty: none (its
    /// calls go as the context's `viaEndpoint` says). Several principals may share a workload.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workload: String,
}

/// A named resource with its resource-based policy (a bucket policy, a queue policy, a key
/// policy, a role's trust policy, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ResourceDoc {
    /// Its name on the page (`reports-bucket`).
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The account that owns it, for ARNs without one (S3 buckets); empty: the ARN's account,
    /// else the first principal's.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub account: String,
    /// The resource-based policy's text; empty: none (a KMS key then has AWS's default key
    /// policy).
    pub policy: String,
}

/// An account of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AccountDoc {
    /// The 12-digit account id.
    pub id: String,
    /// Its name on the page (`workloads`, `partner`).
    pub name: String,
    /// True for an account outside the organization (a partner's).
    #[serde(skip_serializing_if = "is_false")]
    pub external: bool,
    /// The OU it sits in (a name from the organization's `ous`); empty: directly under the root.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ou: String,
    /// The SCPs attached to the account.
    pub scps: Vec<PolicyDoc>,
    /// The RCPs attached to the account (AWS's `RCPFullAWSAccess` is always attached too).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<PolicyDoc>,
}

/// The organization: its root's policies and its OUs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct OrganizationDoc {
    /// The organization id (`o-…`): `aws:PrincipalOrgID` and `aws:ResourceOrgID` of its accounts.
    pub id: String,
    /// The SCPs attached to the root.
    pub scps: Vec<PolicyDoc>,
    /// The RCPs attached to the root (AWS's `RCPFullAWSAccess` is always attached too).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<PolicyDoc>,
    /// The OUs, parents before children.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ous: Vec<OuDoc>,
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct OuDoc {
    /// Its name (unique in the organization).
    pub name: String,
    /// The parent OU's name; empty: the root.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub parent: String,
    /// The SCPs attached to the OU.
    pub scps: Vec<PolicyDoc>,
    /// The RCPs attached to the OU.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<PolicyDoc>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The text of AWS's `FullAWSAccess` SCP, attached to every root, OU and account when SCPs are
/// enabled (and removable, as in AWS).
pub const FULL_AWS_ACCESS_TEXT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// AWS's `FullAWSAccess` SCP as a policy of a level.
pub fn full_aws_access() -> PolicyDoc {
    PolicyDoc {
        name: "FullAWSAccess".into(),
        text: FULL_AWS_ACCESS_TEXT.into(),
    }
}

/// A named policy text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    /// Shown on its tab.
    pub name: String,
    /// The JSON text.
    pub text: String,
}

impl Default for Scenario {
    /// An empty scenario: one endpoint with the default endpoint policy, serving every service,
    /// no principals, calls through the endpoint in `us-east-1`, every SageMaker action.
    /// Documents written by hand (embedded widgets) only give what differs.
    fn default() -> Scenario {
        Scenario::from(ScenarioIn::default())
    }
}

/// A document as read: every version's fields, all optional. [`Scenario`] is made from it, so
/// that reading any version migrates it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct ScenarioIn {
    version: Option<u32>,
    title: String,
    /// Version 1's single endpoint.
    endpoint: Option<EndpointDoc>,
    endpoints: Option<Vec<EndpointDoc>>,
    principals: Vec<PrincipalDoc>,
    resources: Vec<ResourceDoc>,
    accounts: Vec<AccountDoc>,
    organization: Option<OrganizationDoc>,
    context: ContextDoc,
    actions: String,
    resource: String,
    selected_resource: String,
    selected: usize,
    preset: String,
    rows: RowFilter,
    access: Vec<String>,
    pivot: String,
    expectations: Vec<ExpectationDoc>,
    baseline: Option<Box<Scenario>>,
    network: Option<crate::network::Network>,
}

impl Default for ScenarioIn {
    fn default() -> ScenarioIn {
        ScenarioIn {
            version: None,
            title: String::new(),
            endpoint: None,
            endpoints: None,
            principals: Vec::new(),
            resources: Vec::new(),
            accounts: Vec::new(),
            organization: None,
            context: ContextDoc::default(),
            actions: "sagemaker:*".into(),
            resource: "*".into(),
            selected_resource: String::new(),
            selected: 0,
            preset: String::new(),
            rows: RowFilter::All,
            access: Vec::new(),
            pivot: String::new(),
            expectations: Vec::new(),
            baseline: None,
            network: None,
        }
    }
}

impl From<ScenarioIn> for Scenario {
    /// Migrates any version: version 1's `endpoint` becomes the only endpoint (its empty
    /// `service` serves every service, as every call went through it); a document that names
    /// neither gets the default endpoint. A baseline's own baseline is dropped (one level only).
    fn from(d: ScenarioIn) -> Scenario {
        let mut endpoints = d.endpoints.unwrap_or_default();
        if let Some(legacy) = d.endpoint {
            endpoints.insert(0, legacy);
        }
        if endpoints.is_empty() && d.version.is_none_or(|v| v < DOCUMENT_VERSION) {
            endpoints.push(EndpointDoc::default());
        }
        Scenario {
            version: DOCUMENT_VERSION,
            title: d.title,
            endpoints,
            principals: d.principals,
            resources: d.resources,
            accounts: d.accounts,
            organization: d.organization,
            context: d.context,
            actions: d.actions,
            resource: d.resource,
            selected_resource: d.selected_resource,
            selected: d.selected,
            preset: d.preset,
            rows: d.rows,
            access: d.access,
            pivot: d.pivot,
            expectations: d.expectations,
            baseline: d.baseline.map(|mut b| {
                b.baseline = None;
                b
            }),
            network: d.network,
        }
    }
}

impl Scenario {
    /// The first endpoint, the one the page edits beside the identity policies.
    pub fn endpoint(&self) -> Option<&EndpointDoc> {
        self.endpoints.first()
    }

    /// The first endpoint, added (the default one) when the scenario has none.
    pub fn endpoint_mut(&mut self) -> &mut EndpointDoc {
        if self.endpoints.is_empty() {
            self.endpoints.push(EndpointDoc::default());
        }
        &mut self.endpoints[0]
    }

    /// The account `id` as listed, if it is.
    pub fn account(&self, id: &str) -> Option<&AccountDoc> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// The named resource `name`, if there is one.
    pub fn resource_named(&self, name: &str) -> Option<&ResourceDoc> {
        self.resources.iter().find(|r| r.name == name)
    }
}

impl Default for EndpointDoc {
    fn default() -> EndpointDoc {
        EndpointDoc {
            id: "vpce-0a1b2c3d4e5f67890".into(),
            endpoint_type: "Interface".into(),
            service: String::new(),
            policy: String::new(),
        }
    }
}

impl Default for PrincipalDoc {
    fn default() -> PrincipalDoc {
        PrincipalDoc {
            name: "user".into(),
            arn: "arn:aws:iam::111122223333:user/user".into(),
            tags: Vec::new(),
            org_id: String::new(),
            policies: Vec::new(),
            boundary: String::new(),
            session_policy: String::new(),
            workload: String::new(),
        }
    }
}

impl Default for ContextDoc {
    fn default() -> ContextDoc {
        ContextDoc {
            via_endpoint: true,
            region: "us-east-1".into(),
            mfa: false,
            time: "2026-11-29T12:00:00Z".into(),
            source_ip: "203.0.113.10".into(),
            vpc_source_ip: "10.0.1.25".into(),
            vpc_id: "vpc-0123456789abcdef0".into(),
            extra: Vec::new(),
        }
    }
}

/// How requests are made: the keys AWS puts in the request context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ContextDoc {
    /// True: through the endpoint (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, no
    /// `aws:SourceIp`). False: over the internet (`aws:SourceIp` only).
    pub via_endpoint: bool,
    /// `aws:RequestedRegion`.
    pub region: String,
    /// `aws:MultiFactorAuthPresent` = `true` (and `aws:MultiFactorAuthAge`) when set; absent
    /// otherwise, as for long-term access keys.
    pub mfa: bool,
    /// `aws:CurrentTime` (ISO 8601); `aws:EpochTime` is derived.
    pub time: String,
    /// `aws:SourceIp` for calls over the internet.
    pub source_ip: String,
    /// `aws:VpcSourceIp` for calls through the endpoint.
    pub vpc_source_ip: String,
    /// `aws:SourceVpc` for calls through the endpoint.
    pub vpc_id: String,
    /// More keys, as given (a value with commas is a multi-valued key).
    #[serde(default)]
    pub extra: Vec<(String, String)>,
}
