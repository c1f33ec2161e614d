//! Borrowed views into the catalog: a service, a resource type, an action and its resource
//! types.

use super::*;

/// A service of the catalog.
#[derive(Clone, Copy)]
pub struct Service<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) index: usize,
}

impl std::fmt::Debug for Service<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}

impl PartialEq for Service<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.catalog, other.catalog) && self.index == other.index
    }
}

impl<'c> Service<'c> {
    pub(super) fn entry(&self) -> Option<&'c ServiceEntry> {
        self.catalog.services.get(self.index)
    }

    /// The prefix used in action names and condition keys (`sagemaker`).
    pub fn prefix(&self) -> &'c str {
        self.entry().map_or("", |s| s.prefix)
    }

    /// The service's name (`Amazon SageMaker`).
    pub fn name(&self) -> &'c str {
        self.entry().map_or("", |s| s.name)
    }

    /// The service's actions, ordered by name (read from the catalog's text the first time).
    pub fn actions(&self) -> impl ExactSizeIterator<Item = Action<'c>> {
        let (catalog, service) = (self.catalog, self.index);
        let count = catalog.actions_of(service).map_or(0, |a| a.entries.len());
        (0..count).map(move |local| Action {
            catalog,
            service,
            local,
        })
    }

    /// True when the service has actions (known without reading them).
    pub fn has_actions(&self) -> bool {
        self.entry().is_some_and(|s| !s.action_lines.is_empty())
    }

    /// The service's resource types, ordered by name.
    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = ResourceType<'c>> {
        let catalog = self.catalog;
        let range = self.entry().map_or(0..0, |s| s.resource_types.clone());
        range.map(move |index| ResourceType { catalog, index })
    }

    /// The resource type named `name` (exact spelling, as action entries name it).
    pub fn resource_type(&self, name: &str) -> Option<ResourceType<'c>> {
        self.resource_types().find(|r| r.name() == name)
    }

    /// True when some action of the service supports `key` ([`Action::supports_key`]; `key`
    /// as the catalog writes it, compared ignoring ASCII case). For the [`TAG_KEYS`] the
    /// embedded catalog answers without reading the service's actions.
    pub fn supports_key(&self, key: &str) -> bool {
        let tag = TAG_KEYS.iter().position(|t| t.eq_ignore_ascii_case(key));
        if let (Some(bit), Some(table)) = (tag, self.catalog.tag_keys) {
            return table
                .get(self.index)
                .is_some_and(|bits| bits >> bit & 1 == 1);
        }
        let typed = self.types_listing_key(key);
        self.actions().any(|a| a.supports_key_given(key, &typed))
    }

    /// The names of the service's resource types that list `key` (compared ignoring ASCII
    /// case): what [`Action::supports_key_given`] is given.
    pub fn types_listing_key(&self, key: &str) -> Vec<&'c str> {
        self.resource_types()
            .filter(|rt| rt.condition_keys().any(|k| k.eq_ignore_ascii_case(key)))
            .map(|rt| rt.name())
            .collect()
    }

    /// The condition keys the service lists, with their types, ordered by key.
    pub fn condition_keys(&self) -> &'c [ConditionKey] {
        self.entry()
            .and_then(|s| self.catalog.keys.get(s.condition_keys.clone()))
            .unwrap_or(&[])
    }
}

/// A resource type of a service.
#[derive(Clone, Copy)]
pub struct ResourceType<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) index: usize,
}

impl std::fmt::Debug for ResourceType<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResourceType({} {})", self.name(), self.arn_template())
    }
}

impl<'c> ResourceType<'c> {
    pub(super) fn entry(&self) -> Option<&'c ResourceTypeEntry> {
        self.catalog.resource_types.get(self.index)
    }

    /// The resource type's name (`training-job`).
    pub fn name(&self) -> &'c str {
        self.entry().map_or("", |r| r.name)
    }

    /// Its ARN template (`arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}`);
    /// the first one when AWS gives several forms.
    pub fn arn_template(&self) -> &'c str {
        self.arn_templates().next().unwrap_or("")
    }

    /// Every ARN form AWS gives for it (usually one).
    pub fn arn_templates(&self) -> impl Iterator<Item = &'c str> {
        let arns = self.entry().map_or("", |r| r.arns);
        text::bytes::fields(arns, b' ').filter(|s| !s.is_empty())
    }

    /// The condition keys that apply to resources of this type.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c str> {
        let keys = self.entry().map_or("", |r| r.condition_keys);
        text::bytes::fields(keys, b' ').filter(|s| !s.is_empty())
    }
}

/// An action of the catalog: its service, and its place among the service's actions.
#[derive(Clone, Copy)]
pub struct Action<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) service: usize,
    pub(super) local: usize,
}

impl std::fmt::Debug for Action<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Action({})", self.name())
    }
}

impl PartialEq for Action<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.catalog, other.catalog)
            && (self.service, self.local) == (other.service, other.local)
    }
}

impl<'c> Action<'c> {
    fn actions(&self) -> Option<&'c ServiceActions> {
        self.catalog.actions_of(self.service)
    }

    pub(super) fn entry(&self) -> Option<&'c ActionEntry> {
        self.actions()?.entries.get(self.local)
    }

    /// The action's place in its catalog: equal for the same action, different for any other
    /// (a key for memos of what is worked out per action).
    pub fn id(&self) -> u64 {
        (self.service as u64) << 32 | self.local as u64
    }

    /// The canonical name with its service prefix (`sagemaker:CreateTrainingJob`).
    pub fn name(&self) -> &'c str {
        self.actions().map_or("", |a| a.name(self.local))
    }

    /// The name in lowercase (`sagemaker:createtrainingjob`), as policies are matched.
    pub fn lowercase_name(&self) -> &'c str {
        self.actions().map_or("", |a| a.lower_name(self.local))
    }

    /// The name without its prefix (`CreateTrainingJob`).
    pub fn short_name(&self) -> &'c str {
        let name = self.name();
        text::bytes::split_once_byte(name, b':').map_or(name, |(_, short)| short)
    }

    /// Its service.
    pub fn service(&self) -> Service<'c> {
        Service {
            catalog: self.catalog,
            index: self.service,
        }
    }

    /// Its access level(s).
    pub fn access_levels(&self) -> AccessLevels {
        self.entry().map_or(AccessLevels::default(), |a| a.access)
    }

    /// The resource types it acts on, in AWS's documentation order; empty when it takes only `*`.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResourceType<'c>> {
        let service = self.service();
        let types = self
            .entry()
            .map_or("", |a| self.catalog.text_at(&a.resource_types));
        text::bytes::fields(types, b',')
            .filter(|s| !s.is_empty())
            .map(move |entry| {
                let (head, condition_keys) =
                    text::bytes::split_once_byte(entry, b'=').unwrap_or((entry, ""));
                let (name, required) = match head.strip_suffix('*') {
                    Some(name) => (name, true),
                    None => (head, false),
                };
                ActionResourceType {
                    name,
                    required,
                    condition_keys,
                    service,
                }
            })
    }

    /// The condition keys of the action itself (AWS's row without a resource type).
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c str> {
        let keys = self
            .entry()
            .map_or("", |a| self.catalog.text_at(&a.condition_keys));
        text::bytes::fields(keys, b' ').filter(|s| !s.is_empty())
    }

    /// True when the action supports `key` (as the catalog writes it, compared ignoring ASCII
    /// case): one of its own keys, a key of one of its resource types for this action, or a key
    /// one of those resource types lists.
    pub fn supports_key(&self, key: &str) -> bool {
        self.supports_key_given(key, &self.service().types_listing_key(key))
    }

    /// [`Action::supports_key`], told which of the service's resource types list the key
    /// (`typed`: [`Service::types_listing_key`]), for callers asking it of many actions.
    pub fn supports_key_given(&self, key: &str, typed: &[&str]) -> bool {
        let same = |k: &str| k.eq_ignore_ascii_case(key);
        self.condition_keys().any(same)
            || self
                .resource_types()
                .any(|rt| rt.condition_keys().any(same) || typed.contains(&rt.name))
    }

    /// Every condition key the action supports: its own and those of its resource types for this
    /// action, without repeats, in that order.
    pub fn all_condition_keys(&self) -> Vec<&'c str> {
        let mut out: Vec<&'c str> = self.condition_keys().collect();
        for rt in self.resource_types() {
            for key in rt.condition_keys() {
                if !out.contains(&key) {
                    out.push(key);
                }
            }
        }
        out
    }

    /// The resource type a request for this action is about: the first required one; when none is
    /// required, the one with the simplest ARN (fewest placeholders, then the first), so that
    /// `s3:GetObject` is about an `object` rather than an `accesspointobject`. `None` when the
    /// action takes only `*`.
    pub fn main_resource_type(&self) -> Option<ActionResourceType<'c>> {
        self.resource_types().find(|r| r.required).or_else(|| {
            self.resource_types()
                .enumerate()
                .min_by_key(|(i, r)| (r.arn_template().matches("${").count(), *i))
                .map(|(_, r)| r)
        })
    }

    /// A representative ARN: see [`Catalog::synthesize_arn`].
    pub fn synthesize_arn(&self, partition: &str, region: &str, account: &str) -> Option<String> {
        let template = self.main_resource_type()?.resource_type()?.arn_template();
        (!template.is_empty()).then(|| fill_arn_template(template, partition, region, account))
    }
}

/// A resource type as one action uses it.
#[derive(Debug, Clone, Copy)]
pub struct ActionResourceType<'c> {
    /// The resource type's name (`training-job`).
    pub name: &'c str,
    /// True when the action always acts on a resource of this type.
    pub required: bool,
    pub(super) condition_keys: &'c str,
    /// The action's service, whose resource types [`ActionResourceType::resource_type`] looks
    /// up (on demand: a walk over the service's types, which most callers never need).
    pub(super) service: Service<'c>,
}

impl<'c> ActionResourceType<'c> {
    /// The service's resource type of this name (with its ARN template), when listed.
    pub fn resource_type(&self) -> Option<ResourceType<'c>> {
        self.service.resource_type(self.name)
    }

    /// Its ARN template (the first form), or `""` when the service does not list the type.
    pub fn arn_template(&self) -> &'c str {
        self.resource_type().map_or("", |r| r.arn_template())
    }

    /// Condition keys that apply to this action on this resource type.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c str> {
        text::bytes::fields(self.condition_keys, b' ').filter(|s| !s.is_empty())
    }
}
