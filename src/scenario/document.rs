//! The playground document: what a share link, a preset and the JavaScript API carry (the
//! endpoint, principals with their policies, the request context, the action filter). The only
//! serialized types of the scenario.

use serde::{Deserialize, Serialize};

/// The whole playground state: what a share link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Scenario {
    /// Short title shown above the editors.
    #[serde(default)]
    pub title: String,
    /// The VPC endpoint.
    pub endpoint: EndpointDoc,
    /// The principals, each with its identity policies.
    pub principals: Vec<PrincipalDoc>,
    /// How requests are made.
    pub context: ContextDoc,
    /// The action filter: patterns separated by commas or spaces (`sagemaker:*`, `s3:Get*`).
    pub actions: String,
    /// The resource every request names (`*` or an ARN).
    pub resource: String,
    /// The principal whose policies are being edited (index into `principals`).
    #[serde(default)]
    pub selected: usize,
    /// The preset this scenario started from (empty when none).
    #[serde(default)]
    pub preset: String,
    /// Which rows the grid shows.
    #[serde(default)]
    pub rows: RowFilter,
    /// Access levels to show (`List`, `Read`, `Write`, `Permissions management`, `Tagging`);
    /// empty shows every level.
    #[serde(default)]
    pub access: Vec<String>,
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

/// The VPC endpoint of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EndpointDoc {
    /// `vpce-…`, used as `aws:SourceVpce`.
    pub id: String,
    /// `Interface` or `Gateway`.
    pub endpoint_type: String,
    /// The service name, e.g. `com.amazonaws.us-east-1.sagemaker.api` (shown; informative).
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
    /// An empty scenario: the default endpoint policy, no principals, calls through the endpoint
    /// in `us-east-1`, every SageMaker action. Documents written by hand (embedded widgets) only
    /// give what differs.
    fn default() -> Scenario {
        Scenario {
            title: String::new(),
            endpoint: EndpointDoc::default(),
            principals: Vec::new(),
            context: ContextDoc::default(),
            actions: "sagemaker:*".into(),
            resource: "*".into(),
            selected: 0,
            preset: String::new(),
            rows: RowFilter::All,
            access: Vec::new(),
        }
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
