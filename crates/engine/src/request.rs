//! The request being decided: who calls, which action on which resource, and the context keys.

use std::borrow::Cow;

use crate::values::{arn_account, is_account_id};

/// The request context: condition keys and their values. Keys are case-insensitive, values are
/// kept exactly. A key may carry several values (multi-valued keys such as `aws:TagKeys`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// (key as given, values), in insertion order; later inserts replace earlier. Keys are
    /// compared ignoring ASCII case (one copy of each key, none lowercased; the keys the
    /// request sets itself are not copied at all).
    entries: Vec<(Cow<'static, str>, Values)>,
}

/// A key's values: most keys have one, kept without a list around it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Values {
    One(String),
    Many(Vec<String>),
}

impl Values {
    fn as_slice(&self) -> &[String] {
        match self {
            Values::One(value) => std::slice::from_ref(value),
            Values::Many(values) => values,
        }
    }
}

impl From<Vec<String>> for Values {
    fn from(mut values: Vec<String>) -> Self {
        match values.len() {
            1 => Values::One(values.pop().unwrap_or_default()),
            _ => Values::Many(values),
        }
    }
}

/// At most this many values per context key: AWS's multi-valued keys carry a few dozen (a
/// resource has at most 50 tags, `aws:TagKeys` as many), and every pattern of a condition
/// is compared with every value, so the count bounds that product.
pub const MAX_CONTEXT_VALUES: usize = 256;

/// At most this many bytes per context value: AWS's ARNs are at most 2,048 characters and its
/// other values (tags: 256; session names, user ids) shorter. Bounds the cost of matching one
/// pattern against a value to the pattern's length times this.
pub const MAX_CONTEXT_VALUE_LEN: usize = 4096;

/// `key` as a context entry keeps it: the global keys requests give most, in AWS's spelling,
/// without a copy (a batch gives them in every case), any other copied.
fn stored_key(key: &str) -> Cow<'static, str> {
    let common = match key {
        "aws:CurrentTime" => "aws:CurrentTime",
        "aws:EpochTime" => "aws:EpochTime",
        "aws:RequestedRegion" => "aws:RequestedRegion",
        "aws:SecureTransport" => "aws:SecureTransport",
        "aws:SourceVpce" => "aws:SourceVpce",
        "aws:SourceVpc" => "aws:SourceVpc",
        "aws:VpcSourceIp" => "aws:VpcSourceIp",
        "aws:SourceIp" => "aws:SourceIp",
        "aws:PrincipalOrgID" => "aws:PrincipalOrgID",
        "aws:MultiFactorAuthPresent" => "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge" => "aws:MultiFactorAuthAge",
        "aws:SourceAccount" => "aws:SourceAccount",
        "aws:SourceArn" => "aws:SourceArn",
        "aws:ViaAWSService" => "aws:ViaAWSService",
        "aws:CalledVia" => "aws:CalledVia",
        "aws:TagKeys" => "aws:TagKeys",
        _ => return Cow::Owned(key.to_string()),
    };
    Cow::Borrowed(common)
}

impl Context {
    /// An empty context with room for `entries` keys (and the ones [`Request::new`] derives).
    pub fn with_capacity(entries: usize) -> Context {
        Context {
            entries: Vec::with_capacity(entries.saturating_add(8)),
        }
    }

    /// Sets `key` to `values`, replacing any earlier value of that key.
    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.set(key, values.into());
    }

    /// Sets `key` to the one value `value`, replacing any earlier value of that key.
    pub fn insert_one(&mut self, key: &str, value: String) {
        self.set(key, Values::One(value));
    }

    fn set(&mut self, key: &str, values: Values) {
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.0.eq_ignore_ascii_case(key))
        {
            entry.0 = stored_key(key);
            entry.1 = values;
        } else {
            self.entries.push((stored_key(key), values));
        }
    }

    /// Sets `key` only when it is not present yet (`value` is made a `String` only then: a
    /// `String` given is kept as it is).
    pub fn insert_default(&mut self, key: &'static str, value: impl Into<String>) {
        if !self.entries.iter().any(|e| e.0.eq_ignore_ascii_case(key)) {
            self.entries
                .push((Cow::Borrowed(key), Values::One(value.into())));
        }
    }

    /// The values of a key, given **lowercased** (compared ignoring ASCII case). `None` when
    /// the key is absent.
    pub fn get(&self, lower_key: &str) -> Option<&[String]> {
        self.entries
            .iter()
            .find(|e| e.0.eq_ignore_ascii_case(lower_key))
            .map(|e| e.1.as_slice())
    }

    /// The value of a single-valued key (lowercased name): `None` when absent or multi-valued.
    pub fn single(&self, lower_key: &str) -> Option<&str> {
        match self.get(lower_key)? {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Removes `key` (any case).
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|e| !e.0.eq_ignore_ascii_case(key));
    }

    /// Every key as given, with its values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|e| (&*e.0, e.1.as_slice()))
    }
}

/// The kind of principal making a request, read from its ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// An unsigned request.
    Anonymous,
    /// The account's root user (`arn:aws:iam::ACCOUNT:root`).
    Root,
    /// An IAM user (`arn:aws:iam::ACCOUNT:user/PATH/NAME`).
    User {
        /// The user name (last path segment).
        name: String,
    },
    /// An IAM role ARN used directly as the caller (treated like a session of that role).
    Role {
        /// The role name.
        name: String,
    },
    /// A role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    RoleSession {
        /// The role name.
        role: String,
        /// The session name.
        session: String,
    },
    /// A federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`).
    FederatedUser {
        /// The federated user's name.
        name: String,
    },
    /// An AWS service calling on its own behalf (`s3.amazonaws.com`).
    Service {
        /// The service principal name.
        name: String,
    },
    /// A caller authenticated by an identity provider, asking STS for a role
    /// (`sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`): an IAM SAML or OIDC
    /// provider ARN (`arn:aws:iam::ACCOUNT:saml-provider/NAME`,
    /// `arn:aws:iam::ACCOUNT:oidc-provider/HOST`) or a well-known web identity provider
    /// (`accounts.google.com`, `graph.facebook.com`, `www.amazon.com`). A trust policy names it
    /// with `"Principal": {"Federated": ...}`.
    IdentityProvider {
        /// The provider as a trust policy names it (the ARN, or the provider's host name).
        name: String,
    },
}

/// Web identity providers a trust policy names by host name rather than by an IAM provider ARN
/// ("IAM roles: trust policies", `AssumeRoleWithWebIdentity`). Amazon Cognito
/// (`cognito-identity.amazonaws.com`) is read as a service principal name and matched by
/// `Federated` entries all the same.
pub const WEB_IDENTITY_PROVIDERS: &[&str] = &[
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// Who makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The ARN (or `anonymous`, or a service principal name) as given.
    pub arn: String,
    /// The partition (`aws`, `aws-cn`, ...), empty for anonymous and services.
    pub partition: String,
    /// The 12-digit account, empty for anonymous and services.
    pub account: String,
    /// What kind of principal this is.
    pub kind: PrincipalKind,
}

impl Principal {
    /// The anonymous caller.
    pub fn anonymous() -> Principal {
        Principal {
            arn: "anonymous".into(),
            partition: String::new(),
            account: String::new(),
            kind: PrincipalKind::Anonymous,
        }
    }

    /// Reads a principal ARN, `anonymous`, or a service principal (`name.amazonaws.com`).
    /// The error is a lowercase message saying what is wrong.
    pub fn parse(text: &str) -> Result<Principal, String> {
        if text == "anonymous" || text == "*" {
            return Ok(Principal::anonymous());
        }
        if WEB_IDENTITY_PROVIDERS.contains(&text) {
            return Ok(Principal {
                arn: text.to_string(),
                partition: String::new(),
                account: String::new(),
                kind: PrincipalKind::IdentityProvider {
                    name: text.to_string(),
                },
            });
        }
        if !text.starts_with("arn:") && text.ends_with(".amazonaws.com") {
            return Ok(Principal {
                arn: text.to_string(),
                partition: String::new(),
                account: String::new(),
                kind: PrincipalKind::Service {
                    name: text.to_string(),
                },
            });
        }
        let (fields, count) = crate::text::bytes::split_fields::<6>(text, b':');
        let parts = fields.get(..count).unwrap_or_default();
        let [arn, partition, service, region, account, resource] = parts else {
            return Err(format!(
                "`{text}` is not a principal arn: expected `arn:PARTITION:SERVICE::ACCOUNT:RESOURCE`"
            ));
        };
        if *arn != "arn" || partition.is_empty() {
            return Err(format!(
                "`{text}` is not a principal arn: it must start with `arn:aws:`"
            ));
        }
        if !region.is_empty() {
            return Err(format!(
                "`{text}` is not a principal arn: iam and sts arns have no region"
            ));
        }
        if !is_account_id(account) {
            return Err(format!(
                "`{text}` is not a principal arn: the account must be 12 digits, found `{account}`"
            ));
        }
        let last = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
        let kind = match (*service, *resource) {
            ("iam", "root") => PrincipalKind::Root,
            ("iam", r) if r.starts_with("user/") && r.len() > 5 => PrincipalKind::User { name: last(r) },
            ("iam", r) if r.starts_with("role/") && r.len() > 5 => PrincipalKind::Role { name: last(r) },
            ("sts", r) if r.starts_with("assumed-role/") => {
                let rest = &r["assumed-role/".len()..];
                match rest.split_once('/') {
                    Some((role, session)) if !role.is_empty() && !session.is_empty() => {
                        PrincipalKind::RoleSession {
                            role: role.to_string(),
                            session: session.to_string(),
                        }
                    }
                    _ => {
                        return Err(format!(
                            "`{text}` is not a role session arn: expected `assumed-role/ROLE/SESSION`"
                        ))
                    }
                }
            }
            ("sts", r) if r.starts_with("federated-user/") && r.len() > 15 => {
                PrincipalKind::FederatedUser { name: last(r) }
            }
            ("iam", r)
                if (r.starts_with("saml-provider/") && r.len() > 14)
                    || (r.starts_with("oidc-provider/") && r.len() > 14) =>
            {
                PrincipalKind::IdentityProvider {
                    name: text.to_string(),
                }
            }
            _ => {
                return Err(format!(
                    "`{text}` is not a principal arn: expected an iam `root`, `user/…`, `role/…`, `saml-provider/…` or `oidc-provider/…`, or an sts `assumed-role/…` or `federated-user/…`"
                ))
            }
        };
        Ok(Principal {
            arn: text.to_string(),
            partition: partition.to_string(),
            account: account.to_string(),
            kind,
        })
    }

    /// The ARN AWS puts in `aws:PrincipalArn`: for a role session, the role's ARN.
    pub fn principal_arn(&self) -> String {
        match &self.kind {
            PrincipalKind::RoleSession { role, .. } => [
                "arn:",
                &self.partition,
                ":iam::",
                &self.account,
                ":role/",
                role,
            ]
            .concat(),
            _ => self.arn.clone(),
        }
    }

    /// The value AWS puts in `aws:PrincipalType` ("AWS global condition context keys": present
    /// in every request, `Anonymous` for unsigned ones). `None` for callers the page does not
    /// give a value for (AWS service principals, identity-provider callers).
    pub fn principal_type(&self) -> Option<&'static str> {
        match self.kind {
            PrincipalKind::Anonymous => Some("Anonymous"),
            PrincipalKind::Root => Some("Account"),
            PrincipalKind::User { .. } => Some("User"),
            PrincipalKind::Role { .. } | PrincipalKind::RoleSession { .. } => Some("AssumedRole"),
            PrincipalKind::FederatedUser { .. } => Some("FederatedUser"),
            PrincipalKind::Service { .. } | PrincipalKind::IdentityProvider { .. } => None,
        }
    }

    /// True for IAM identities (users, roles, their sessions, federated users, the root user):
    /// the callers identity policies, permissions boundaries and SCPs apply to.
    pub fn is_iam(&self) -> bool {
        !matches!(
            self.kind,
            PrincipalKind::Anonymous
                | PrincipalKind::Service { .. }
                | PrincipalKind::IdentityProvider { .. }
        )
    }

    /// True for the anonymous caller.
    pub fn is_anonymous(&self) -> bool {
        self.kind == PrincipalKind::Anonymous
    }
}

/// A request: principal, action, resource and context. Build it with [`Request::new`], which
/// also fills the context keys AWS derives from the principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Who calls.
    pub principal: Principal,
    /// `service:Name`, as given.
    pub action: String,
    /// The action lowercased once (actions match case-insensitively).
    pub action_lower: String,
    /// The resource ARN, or `*` for actions without resource-level permissions.
    pub resource: String,
    /// The account that owns the resource, when known: as given, else the account field of the
    /// resource ARN (S3 ARNs have none).
    pub resource_account: Option<String>,
    /// The condition keys.
    pub context: Context,
    /// For a federated user session (`GetFederationToken`), the ARN of the IAM user who called
    /// `GetFederationToken`: a resource-based policy that names this user reaches the session,
    /// limited by the session policy ("Policies and permissions in IAM", session policies).
    pub federating_user: Option<String>,
}

impl Request {
    /// A request whose context is `context` plus the keys AWS derives from the principal
    /// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`,
    /// `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`; none for an identity-provider
    /// caller, which has no AWS identity yet) and from the resource account
    /// (`aws:ResourceAccount`); keys given in `context` win.
    pub fn new(
        principal: Principal,
        action: &str,
        resource: &str,
        resource_account: Option<String>,
        mut context: Context,
    ) -> Request {
        // A caller authenticated by an identity provider (`AssumeRoleWithSAML`,
        // `AssumeRoleWithWebIdentity`) has no AWS identity when it calls: its request carries
        // none of the principal keys ("Control access to AWS STS with VPC endpoint policies").
        let has_identity = !principal.is_anonymous()
            && !matches!(principal.kind, PrincipalKind::IdentityProvider { .. });
        if has_identity && !principal.account.is_empty() {
            context.insert_default("aws:PrincipalArn", principal.principal_arn());
            context.insert_default("aws:PrincipalAccount", principal.account.as_str());
        }
        if principal.is_anonymous() {
            // "For anonymous requests, the request context returns `anonymous`" (AWS global
            // condition context keys, `aws:PrincipalAccount`).
            context.insert_default("aws:PrincipalAccount", "anonymous");
        }
        if let Some(t) = principal.principal_type() {
            context.insert_default("aws:PrincipalType", t);
        }
        if let PrincipalKind::User { name } = &principal.kind {
            context.insert_default("aws:username", name.as_str());
        }
        // Present in every signed request: true only for AWS service principals.
        match &principal.kind {
            PrincipalKind::Anonymous | PrincipalKind::IdentityProvider { .. } => {}
            PrincipalKind::Service { name } => {
                context.insert_default("aws:PrincipalIsAWSService", "true");
                context.insert_default("aws:PrincipalServiceName", name.as_str());
            }
            _ => context.insert_default("aws:PrincipalIsAWSService", "false"),
        }
        // The account that owns the resource: as given, else the ARN's account field.
        let resource_account =
            resource_account.or_else(|| arn_account(resource).map(str::to_string));
        if let Some(account) = &resource_account {
            context.insert_default("aws:ResourceAccount", account.as_str());
        }
        Request {
            principal,
            action: action.to_string(),
            action_lower: action.to_ascii_lowercase(),
            resource: resource.to_string(),
            resource_account,
            context,
            federating_user: None,
        }
    }

    /// The same request for another action and resource, as [`Request::new`] would make it
    /// (the resource account, given or read from the ARN, and `aws:ResourceAccount` follow the
    /// resource), reusing the allocations: for deciding a grid of cells, where most cells keep
    /// the account of the one before.
    pub fn retarget(&mut self, action: &str, resource: &str, resource_account: Option<&str>) {
        let account = resource_account.or_else(|| arn_account(resource));
        self.retarget_known(action, action, resource, account);
        self.action_lower.make_ascii_lowercase();
    }

    /// [`Request::retarget`] with what every cell of a grid row shares worked out once by the
    /// caller: `action_lower` is `action` lowercased (ASCII), `account` the resource's account as
    /// [`Request::retarget`] would find it (the one given, else the ARN's).
    pub fn retarget_known(
        &mut self,
        action: &str,
        action_lower: &str,
        resource: &str,
        account: Option<&str>,
    ) {
        debug_assert!(action.eq_ignore_ascii_case(action_lower));
        self.action.clear();
        self.action.push_str(action);
        self.action_lower.clear();
        self.action_lower.push_str(action_lower);
        self.resource.clear();
        self.resource.push_str(resource);
        if self.resource_account.as_deref() == account {
            return;
        }
        self.resource_account = account.map(str::to_string);
        match account {
            Some(account) => self
                .context
                .insert("aws:ResourceAccount", vec![account.to_string()]),
            None => self.context.remove("aws:ResourceAccount"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keys_are_found_in_any_case_and_gone_once_removed() {
        let mut c = Context::default();
        c.insert_one("aws:SourceVpc", "vpc-1".into());
        // the same length as `aws:SourceVpc`, another key
        c.insert_one("aws:userid123", "u".into());
        c.insert("aws:TagKeys", vec!["a".into(), "b".into()]);
        c.insert_default("aws:SourceVpc", "ignored");
        assert_eq!(c.single("aws:sourcevpc"), Some("vpc-1"));
        assert_eq!(c.single("AWS:USERID123"), Some("u"));
        assert_eq!(c.get("aws:tagkeys").map(<[String]>::len), Some(2));
        assert_eq!(c.get("aws:sourcevpce"), None);
        // a later insert replaces, whatever the case it is written in
        c.insert_one("AWS:SOURCEVPC", "vpc-2".into());
        assert_eq!(c.single("aws:sourcevpc"), Some("vpc-2"));
        assert_eq!(c.iter().count(), 3);
        c.remove("aws:sourceVPC");
        assert_eq!(c.get("aws:sourcevpc"), None);
        assert_eq!(c.single("aws:userid123"), Some("u"));
        c.insert_default("aws:SourceVpc", "vpc-3");
        assert_eq!(c.single("aws:sourcevpc"), Some("vpc-3"));
        // equal by their keys and values, however they were built
        let mut d = Context::default();
        d.insert_one("aws:userid123", "u".into());
        d.insert("aws:TagKeys", vec!["a".into(), "b".into()]);
        d.insert_one("aws:SourceVpc", "vpc-3".into());
        assert_eq!(c, d);
    }

    #[test]
    fn a_role_session_derives_its_role_and_keeps_every_value_given() {
        let Ok(p) = Principal::parse("arn:aws:sts::111122223333:assumed-role/etl/run-7") else {
            unreachable!("a valid arn")
        };
        let mut given = Context::with_capacity(2);
        given.insert(
            "aws:TagKeys",
            vec!["team".into(), String::new(), "env".into()],
        );
        given.insert_one("aws:SourceVpce", "vpce-1a2b3c4d".into());
        let r = Request::new(p, "s3:GetObject", "arn:aws:s3:::b/k", None, given);
        let role = "arn:aws:iam::111122223333:role/etl";
        assert_eq!(r.principal.principal_arn(), role);
        assert_eq!(r.context.single("aws:principalarn"), Some(role));
        assert_eq!(
            r.context.single("aws:principalaccount"),
            Some("111122223333")
        );
        assert_eq!(r.context.single("aws:principaltype"), Some("AssumedRole"));
        let tags = r.context.get("aws:tagkeys").map(<[String]>::to_vec);
        assert_eq!(tags, Some(vec!["team".into(), String::new(), "env".into()]));
        assert_eq!(r.context.single("aws:tagkeys"), None);
        assert_eq!(r.context.single("aws:sourcevpce"), Some("vpce-1a2b3c4d"));
        let keys: Vec<&str> = r.context.iter().map(|(k, _)| k).collect();
        assert_eq!(keys[..2], ["aws:TagKeys", "aws:SourceVpce"]);
    }

    #[test]
    fn a_retargeted_request_equals_a_new_one() {
        let principal = || Principal::parse("arn:aws:iam::111122223333:user/alice").ok();
        let (Some(a), Some(b)) = (principal(), principal()) else {
            unreachable!("a valid arn")
        };
        let mut reused = Request::new(
            a,
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            None,
            Context::default(),
        );
        for (action, resource, account) in [
            (
                "kms:Decrypt",
                "arn:aws:kms:us-east-1:444455556666:key/k",
                None,
            ),
            ("s3:GetObject", "arn:aws:s3:::b/k", Some("444455556666")),
            ("s3:ListBucket", "arn:aws:s3:::b", None),
        ] {
            reused.retarget(action, resource, account);
            let fresh = Request::new(
                b.clone(),
                action,
                resource,
                account.map(str::to_string),
                Context::default(),
            );
            assert_eq!(reused.resource_account, fresh.resource_account, "{action}");
            assert_eq!(reused.action_lower, fresh.action_lower);
            assert_eq!(
                reused.context.get("aws:resourceaccount"),
                fresh.context.get("aws:resourceaccount"),
                "{action}"
            );
            // The same with the row's lowercase action and account worked out by the caller.
            let lower = action.to_ascii_lowercase();
            let known = account.or_else(|| arn_account(resource));
            reused.retarget_known(action, &lower, resource, known);
            assert_eq!(reused.action, fresh.action);
            assert_eq!(reused.action_lower, fresh.action_lower);
            assert_eq!(reused.resource, fresh.resource);
            assert_eq!(reused.resource_account, fresh.resource_account, "{action}");
            assert_eq!(
                reused.context.get("aws:resourceaccount"),
                fresh.context.get("aws:resourceaccount"),
                "{action}"
            );
        }
    }

    #[test]
    fn identity_providers_are_callers_outside_iam() {
        for text in [
            "arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            "accounts.google.com",
        ] {
            let p = Principal::parse(text).map_err(|e| e.to_string());
            assert!(
                matches!(&p, Ok(Principal { kind: PrincipalKind::IdentityProvider { name }, .. }) if name == text),
                "{text}: {p:?}"
            );
            assert!(p.is_ok_and(|p| !p.is_iam()));
        }
    }

    #[test]
    fn an_identity_provider_caller_carries_no_principal_keys() {
        // "Control access to AWS STS with VPC endpoint policies": a caller of
        // `AssumeRoleWithSAML` or `AssumeRoleWithWebIdentity` has no AWS identity yet.
        for text in [
            "arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        ] {
            let principal = Principal::parse(text).expect("a provider");
            let r = Request::new(
                principal,
                "sts:AssumeRoleWithSAML",
                "arn:aws:iam::111122223333:role/Federated",
                None,
                Context::default(),
            );
            for key in [
                "aws:principalarn",
                "aws:principalaccount",
                "aws:principalorgid",
                "aws:principaltype",
                "aws:principalisawsservice",
            ] {
                assert_eq!(r.context.get(key), None, "{text}: {key}");
            }
            // the resource's account is still the resource's
            assert_eq!(
                r.context.single("aws:resourceaccount"),
                Some("111122223333")
            );
        }
        // an IAM caller of the same account does carry them
        let user = Principal::parse("arn:aws:iam::111122223333:user/alice").expect("a user");
        let r = Request::new(user, "sts:AssumeRole", "*", None, Context::default());
        assert_eq!(
            r.context.single("aws:principalaccount"),
            Some("111122223333")
        );
    }

    #[test]
    fn anonymous_requests_carry_principal_type_anonymous() {
        let r = Request::new(
            Principal::anonymous(),
            "s3:GetObject",
            "*",
            None,
            Context::default(),
        );
        assert_eq!(r.context.single("aws:principaltype"), Some("Anonymous"));
        assert_eq!(r.context.get("aws:principalarn"), None);
    }
}
