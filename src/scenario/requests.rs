//! The request of one cell and the policies that decide it: which resource the request names,
//! which endpoint it travels through, which named resource's policy applies, and every layer of
//! the principal's stack (identity policies, boundary, session policy, the SCP levels of its
//! account, the RCP levels of the resource's account).

use super::layers::Level;
use super::*;
use crate::engine::evaluate::NamedPolicy;

/// What, besides the action, picks the policies of a cell: the endpoint the request travels
/// through (position; `None` over the internet), the named resource it names (position), and
/// for a call from a workload, its network path (position in the workspace's path table, see
/// `netpath.rs`), which sets the request context instead of the scenario's `viaEndpoint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Route {
    pub(super) endpoint: Option<usize>,
    pub(super) resource: Option<usize>,
    pub(super) path: Option<u32>,
}

/// What a request for one action names and how it travels: its resource, its route and the
/// resource account (given, or the ARN's), worked out once per action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Plan {
    pub(super) resource: String,
    pub(super) route: Route,
    pub(super) account: Option<String>,
}

/// Everything the plans depend on besides the catalog: when it is unchanged, so are they.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlanKey {
    actions: Vec<&'static str>,
    resource: String,
    selected: String,
    resources: Vec<(String, String, String)>,
    region: String,
    owner: String,
    via_endpoint: bool,
    services: Vec<String>,
}

impl Workspace {
    /// The plan of every action, from the cache when nothing they depend on changed.
    pub(super) fn plans(&self, actions: &[&'static str]) -> std::rc::Rc<Vec<Plan>> {
        let s = &self.scenario;
        let key = PlanKey {
            actions: actions.to_vec(),
            resource: s.resource.clone(),
            selected: s.selected_resource.clone(),
            resources: s
                .resources
                .iter()
                .map(|r| (r.name.clone(), r.arn.clone(), r.account.clone()))
                .collect(),
            region: s.context.region.clone(),
            owner: self.resource_owner(),
            via_endpoint: s.context.via_endpoint,
            services: s.endpoints.iter().map(|e| e.service.clone()).collect(),
        };
        if let Some((cached, plans)) = self.plans.borrow().as_ref() {
            if *cached == key {
                return plans.clone();
            }
        }
        let plans: std::rc::Rc<Vec<Plan>> = std::rc::Rc::new(
            actions
                .iter()
                .map(|action| {
                    let resource = self.resource_for(action);
                    let route = self.route(action, &resource);
                    // The resource account as `Request::retarget` would read it.
                    let account = self.given_resource_account(route).or_else(|| {
                        crate::engine::values::arn_account(&resource).map(str::to_string)
                    });
                    Plan {
                        resource,
                        route,
                        account,
                    }
                })
                .collect(),
        );
        *self.plans.borrow_mut() = Some((key, plans.clone()));
        plans
    }

    /// The account that owns the scenario's unnamed resources: the first principal's (or the
    /// example account).
    pub(super) fn resource_owner(&self) -> String {
        self.principal_account(0)
            .unwrap_or_else(|| "111122223333".into())
    }

    /// The resource a request for `action` names: the selected named resource's ARN when it fits
    /// one of the action's resource types, else the scenario's resource when it fits, `*` for
    /// actions that take no resource type, else a representative ARN made from the action's ARN
    /// template (partition `aws`, the scenario's region and the resource owner's account).
    /// Actions outside the catalog name the selected resource, else the scenario's resource.
    pub fn resource_for(&self, action: &str) -> String {
        let selected = self
            .scenario
            .resource_named(&self.scenario.selected_resource)
            .map(|r| r.arn.as_str());
        self.resource_with(action, selected)
    }

    /// The resource a request for `action` names when the named resource of ARN `selected` (or
    /// none) is selected; see [`Workspace::resource_for`].
    pub(super) fn resource_with(&self, action: &str, selected: Option<&str>) -> String {
        let given = selected.unwrap_or(&self.scenario.resource);
        let Some(a) = catalog().action(action) else {
            return given.to_string();
        };
        let templates: Vec<&str> = a
            .resource_types()
            .filter_map(|t| t.resource_type())
            .flat_map(|t| t.arn_templates())
            .collect();
        if templates.is_empty() {
            return "*".into();
        }
        for candidate in [selected, Some(self.scenario.resource.as_str())]
            .into_iter()
            .flatten()
        {
            if candidate != "*" && templates.iter().any(|t| arn_template_matches(t, candidate)) {
                return candidate.to_string();
            }
        }
        a.synthesize_arn("aws", &self.scenario.context.region, &self.resource_owner())
            .unwrap_or_else(|| "*".into())
    }

    /// The route of a request for `action` naming `resource`.
    pub(super) fn route(&self, action: &str, resource: &str) -> Route {
        Route {
            endpoint: if self.scenario.context.via_endpoint {
                self.scenario.endpoint_for(action)
            } else {
                None
            },
            resource: self
                .scenario
                .resources
                .iter()
                .position(|r| r.arn == resource),
            path: None,
        }
    }

    /// The account given for a named resource (for ARNs without one); `None` otherwise (the
    /// engine reads the ARN's).
    pub(super) fn given_resource_account(&self, route: Route) -> Option<String> {
        let r = self.scenario.resources.get(route.resource?)?;
        (!r.account.is_empty()).then(|| r.account.clone())
    }

    /// The policy set of the principal at index `p` on `route` for a resource of account
    /// `resource_account` (when known). `None` when a policy has errors.
    pub(super) fn policy_set(
        &self,
        p: usize,
        route: Route,
        resource_account: Option<&str>,
    ) -> Option<PolicySet> {
        if self.has_errors() {
            return None;
        }
        self.stack(p, route, resource_account)
    }

    /// [`Workspace::policy_set`] without looking for errors first, for callers that decide
    /// many cells and checked once (looking costs a walk over every principal's policies).
    pub(super) fn stack(
        &self,
        p: usize,
        route: Route,
        resource_account: Option<&str>,
    ) -> Option<PolicySet> {
        let doc = self.scenario.principals.get(p)?;
        let slot = self.slots.get(p)?;
        let named =
            |name: String, policy: &ParsedPolicy| NamedPolicy::new(name, policy.policy.clone());
        let identity_policies = slot
            .policies
            .iter()
            .zip(&doc.policies)
            .map(|(s, d)| named(format!("IAM policy `{}`", d.name), &s.parsed))
            .collect();
        // A call from a workload goes through the endpoint its path says, of the type the path
        // says; one the scenario has no policy for has AWS's default.
        let path_type = self.path_endpoint_type(route);
        let endpoint = match route.endpoint {
            Some(i) => (|| {
                let e = self.scenario.endpoints.get(i)?;
                let parsed = self.layers.endpoints.get(i)?;
                let name = if e.policy.trim().is_empty() {
                    "default endpoint policy".to_string()
                } else if i == 0 {
                    "endpoint policy".to_string()
                } else {
                    format!("endpoint policy of `{}`", e.id)
                };
                Some(Endpoint {
                    endpoint_type: path_type.unwrap_or_else(|| endpoint_type(&e.endpoint_type)),
                    policy: named(name, parsed),
                })
            })(),
            None => path_type.map(|endpoint_type| Endpoint {
                endpoint_type,
                policy: NamedPolicy::new(
                    "default endpoint policy",
                    crate::engine::default_endpoint_policy().into(),
                ),
            }),
        };
        let resource_policy = route.resource.and_then(|i| {
            let r = self.scenario.resources.get(i)?;
            let parsed = self.layers.resources.get(i)?.as_ref()?;
            Some(named(format!("resource policy of `{}`", r.name), parsed))
        });
        let principal_account = self.principal_account(p);
        let owner = self.resource_owner();
        let resource_account = resource_account.unwrap_or(&owner);
        Some(PolicySet {
            identity_policies,
            endpoint,
            resource_policy,
            permissions_boundary: slot
                .boundary
                .as_ref()
                .map(|b| named("permissions boundary".into(), b)),
            session_policy: slot
                .session
                .as_ref()
                .map(|s| named("session policy".into(), s)),
            scps: principal_account
                .map(|a| self.org_policies(&a, |l| &l.scps, "SCP"))
                .unwrap_or_default(),
            rcps: self.org_policies(resource_account, |l| &l.rcps, "RCP"),
        })
    }

    /// The SCP or RCP levels of `account`, root first (none outside the organization).
    fn org_policies(
        &self,
        account: &str,
        policies: fn(&Level) -> &Vec<ParsedPolicy>,
        what: &str,
    ) -> Vec<Vec<NamedPolicy>> {
        let Some(levels) = self.scenario.org_levels(account) else {
            return Vec::new();
        };
        let scp = what == "SCP";
        levels
            .into_iter()
            .map(|level| {
                let docs = self.scenario.level_policies(level, scp);
                let parsed = match level {
                    OrgLevel::Root => Some(&self.layers.root),
                    OrgLevel::Ou(i) => self.layers.ous.get(i),
                    OrgLevel::Account(i) => self.layers.accounts.get(i),
                };
                let place = self.scenario.level_name(level);
                let (Some(docs), Some(parsed)) = (docs, parsed) else {
                    return Vec::new();
                };
                docs.iter()
                    .zip(policies(parsed))
                    .map(|(d, p)| {
                        NamedPolicy::new(format!("{what} `{}` ({place})", d.name), p.policy.clone())
                    })
                    .collect()
            })
            .collect()
    }

    /// The organization id of `account` when it is in the scenario's organization.
    fn org_id_of(&self, account: &str) -> Option<&str> {
        self.scenario.org_levels(account)?;
        self.scenario
            .organization
            .as_ref()
            .map(|o| o.id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// The request the principal at index `p` makes for `action` on `resource` along `route`.
    pub(super) fn request(
        &self,
        p: usize,
        action: &str,
        resource: &str,
        route: Route,
    ) -> Option<Request> {
        let doc = self.scenario.principals.get(p)?;
        let principal = Principal::parse(&doc.arn).ok()?;
        let c = &self.scenario.context;
        let mut context = Context::default();
        let mut set = |k: &str, v: &str| {
            if !v.is_empty() {
                context.insert(k, vec![v.to_string()]);
            }
        };
        set("aws:RequestedRegion", &c.region);
        set("aws:SecureTransport", "true");
        set("aws:CurrentTime", &c.time);
        if let Some(ms) = crate::engine::values::parse_date(&c.time) {
            set("aws:EpochTime", &(ms / 1000).to_string());
        }
        if c.mfa {
            set("aws:MultiFactorAuthPresent", "true");
            set("aws:MultiFactorAuthAge", "300");
        }
        if route.path.is_some() {
            // From a workload: the keys its path sets.
            for (k, v) in self.path_context(route) {
                set(k, &v);
            }
        } else {
            match route.endpoint.and_then(|i| self.scenario.endpoints.get(i)) {
                Some(e) => {
                    set("aws:SourceVpce", &e.id);
                    set("aws:SourceVpc", &c.vpc_id);
                    set("aws:VpcSourceIp", &c.vpc_source_ip);
                }
                None => set("aws:SourceIp", &c.source_ip),
            }
        }
        let principal_org = if doc.org_id.is_empty() {
            self.org_id_of(&principal.account).unwrap_or("")
        } else {
            &doc.org_id
        };
        set("aws:PrincipalOrgID", principal_org);
        for (k, v) in &doc.tags {
            set(&format!("aws:PrincipalTag/{k}"), v);
        }
        if !doc.tags.is_empty() {
            let keys: Vec<String> = doc.tags.iter().map(|(k, _)| k.clone()).collect();
            context.insert("aws:PrincipalTagKeys", keys);
        }
        for (k, v) in &c.extra {
            // At most `MAX_CONTEXT_VALUES`, as a link is checked to hold (a typed value may
            // hold more commas): the values bound what each condition pattern is compared with.
            let values: Vec<String> = v
                .split(',')
                .take(crate::engine::request::MAX_CONTEXT_VALUES)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !k.trim().is_empty() {
                context.insert(k.trim(), values);
            }
        }
        let mut request = Request::new(
            principal,
            action,
            resource,
            self.given_resource_account(route),
            context,
        );
        let org = self.resource_org(request.resource_account.as_deref());
        set_resource_org(&mut request, org);
        Some(request)
    }

    /// The organization id of a resource account inside the organization.
    pub(super) fn resource_org(&self, account: Option<&str>) -> Option<&str> {
        self.org_id_of(account?)
    }
}

/// Sets `aws:ResourceOrgID` to `org` (removes it outside the organization); nothing to do when it
/// already holds it, as in most cells of a grid row.
pub(super) fn set_resource_org(request: &mut Request, org: Option<&str>) {
    if request.context.single("aws:resourceorgid") == org {
        return;
    }
    match org {
        Some(org) => request
            .context
            .insert("aws:ResourceOrgID", vec![org.to_string()]),
        None => request.context.remove("aws:ResourceOrgID"),
    }
}

/// `Interface` unless the text says `Gateway`.
pub(super) fn endpoint_type(text: &str) -> EndpointType {
    if text.eq_ignore_ascii_case("gateway") {
        EndpointType::Gateway
    } else {
        EndpointType::Interface
    }
}
