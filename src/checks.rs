//! Reading policies with the action catalog: the engine's parser (which knows no AWS names)
//! asking the catalog about every action and condition key it reads. This is the one module
//! that depends on both `engine` and `catalog`; everything that reads policies for people (the
//! `simulate` contract, the page, the JavaScript API) goes through it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::catalog::ConditionKeyType;
use crate::catalog::{catalog, Action, Catalog, ConditionKey, Service};
use crate::engine::json::Json;
use crate::engine::policy::{
    is_open_field, parse_policy_text_with, parse_policy_with, ArnParts, KeyType, NameCheck,
    NameFinding, Names,
};
use crate::engine::Code;
use crate::engine::{ParsedPolicy, PolicyKind};
use crate::text::arn_template_service as template_service;

/// The catalog as the parser's source of names: unknown service prefixes, unknown actions of a
/// known service, wildcard patterns that match no action and unknown condition keys become
/// warnings, with a "did you mean" when one is close. Warnings only: the catalog may lag behind
/// AWS.
pub struct CatalogNames {
    catalog: &'static Catalog,
    /// [`Names::resource_implied`]: set for an ECR repository's policy.
    resource_implied: bool,
    /// [`Names::api_base`]: the API Gateway API an API's resource policy is attached to.
    api_base: Option<Box<str>>,
}

impl CatalogNames {
    /// The names of `catalog`, for a policy that must name its resources.
    pub fn new(catalog: &'static Catalog) -> Self {
        CatalogNames {
            catalog,
            resource_implied: false,
            api_base: None,
        }
    }

    fn check_action_in_catalog(&self, text: &str, suggest: bool, expand: bool) -> NameCheck {
        let catalog = self.catalog;
        let Some((service, _)) = crate::text::bytes::split_once_byte(text, b':') else {
            return NameCheck::default();
        };
        let has_wildcard = |s: &str| s.contains(['*', '?']);
        let mut expanded = false;
        let finding = if has_wildcard(service) || catalog.service(service).is_some() {
            if !has_wildcard(text) {
                match catalog.action(text) {
                    Some(_) => None,
                    None => {
                        let meant = suggest
                            .then(|| catalog.suggest_action(text))
                            .flatten()
                            .map(|a| a.name().to_string());
                        Some(NameFinding {
                            code: Code::INVALID_ACTION,
                            message: format!("unknown action `{text}`"),
                            help: meant.as_ref().map(|a| format!("did you mean `{a}`?")),
                            replacement: meant,
                        })
                    }
                }
            } else if expand {
                expanded = true;
                (!catalog.matches_any(text)).then(|| NameFinding {
                    code: Code::NO_MATCHING_ACTION,
                    message: format!("`{text}` matches no action"),
                    help: None,
                    replacement: None,
                })
            } else {
                None
            }
        } else {
            let meant = catalog.suggest_service(service).map(|s| s.prefix());
            Some(NameFinding {
                code: Code::INVALID_SERVICE,
                message: format!("unknown service prefix `{service}`"),
                help: meant.map(|p| format!("did you mean `{p}`?")),
                // The service's name fixed, the action's kept (checked again after the fix).
                replacement: meant.map(|p| format!("{p}{}", &text[service.len()..])),
            })
        };
        NameCheck { finding, expanded }
    }
}

/// The answers of the ARN and action checks given on this thread, by the ARN or the action:
/// policies repeat their ARNs and actions (a batch, an imported account, a policy edited
/// keystroke after keystroke), and a repeated one then costs a hash of it, not a walk over its
/// service's formats or actions. Pure functions of their keys (and of the catalog, whose
/// address is kept); at most [`Memo::MAX`] of each, then that table starts afresh.
#[derive(Default)]
struct Memo {
    catalog: usize,
    /// By ARN (`partition:service:region:account:resource`). Keys are the batch's own text:
    /// hashed with [`TextHasher`](crate::text::hash::TextHasher), not SipHash (about 500
    /// instructions a key).
    arns: HashMap<Box<str>, Option<NameFinding>, BuildHasherDefault<crate::text::hash::TextHasher>>,
    key: String,
    /// The action checks, by the two flags asked with it (two characters, `0`/`1`) and the
    /// action or pattern as written: the finding and whether a pattern was expanded.
    actions: HashMap<
        Box<str>,
        (Option<NameFinding>, bool),
        BuildHasherDefault<crate::text::hash::TextHasher>,
    >,
    /// Whether an action supports a condition key ([`KeySupport::action`]), by the key's catalog
    /// text (its address and length: the answer is a function of the text) and the action's id:
    /// statements repeat their keys and actions, and a key no listed action supports walks its
    /// whole service (hundreds of actions) for those that do.
    key_support: HashMap<(usize, usize, u64), bool, BuildHasherDefault<PairHasher>>,
    /// The catalog's condition keys ([`Catalog::condition_key`]), by a key as written: each
    /// key of a statement is looked up for its check, its type and the actions it applies to,
    /// and statements repeat their keys; one that names a template (`aws:PrincipalTag/team`)
    /// costs a match against its service's templates.
    condition_keys:
        HashMap<Box<str>, Option<ConditionKey>, BuildHasherDefault<crate::text::hash::TextHasher>>,
    /// The ARN checks' walks ([`overlap`]), kept from one ARN to the next: its table of marks
    /// grows to the largest ARN met instead of being made anew (and zeroed) for each one.
    /// Native only (the page's bundle stays smaller).
    #[cfg(not(target_arch = "wasm32"))]
    walks: Walks,
}

/// A hasher for [`Memo::key_support`]'s keys, numbers the catalog gives (not text a policy
/// chooses): each multiplied in, the high bits folded into the low ones.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(23) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

impl Memo {
    const MAX: usize = 4096;
    /// [`Memo::key_support`]'s bound (entries of 16 to 32 bytes and the table's own: at most
    /// about 3 MB): a service's actions for each of a few hundred keys.
    const MAX_KEY_SUPPORT: usize = 1 << 16;

    fn with<R>(catalog: &Catalog, f: impl FnOnce(&mut Memo) -> R) -> R {
        thread_local! {
            static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::default();
        }
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let id = catalog as *const Catalog as usize;
            if memo.catalog != id {
                *memo = Memo {
                    catalog: id,
                    ..Memo::default()
                };
            }
            f(&mut memo)
        })
    }
}

impl CatalogNames {
    /// [`Catalog::condition_key`], kept per thread ([`Memo::condition_keys`]).
    fn condition_key(&self, key: &str) -> Option<ConditionKey> {
        // The page reads a policy once per edit: its bundle keeps no such table.
        if cfg!(target_arch = "wasm32") {
            return self.catalog.condition_key(key);
        }
        if let Some(&kept) =
            Memo::with(self.catalog, |memo| memo.condition_keys.get(key).copied()).as_ref()
        {
            return kept;
        }
        let found = self.catalog.condition_key(key);
        Memo::with(self.catalog, |memo| {
            if memo.condition_keys.len() >= Memo::MAX {
                memo.condition_keys.clear();
            }
            memo.condition_keys.insert(key.into(), found);
        });
        found
    }
}

impl Names for CatalogNames {
    fn resource_implied(&self) -> bool {
        self.resource_implied
    }

    fn api_base(&self) -> Option<&str> {
        self.api_base.as_deref()
    }

    fn memo_scope(&self) -> Option<usize> {
        // The catalog's address: its answers are the same for as long as it lives (it is
        // never freed). Native only: the page reads each policy once per edit, and its bundle
        // stays as it was.
        (!cfg!(target_arch = "wasm32")).then_some(self.catalog as *const Catalog as usize)
    }

    fn check_action(&self, text: &str, suggest: bool, expand: bool) -> NameCheck {
        // Kept per thread like the ARN checks: a batch's policies (and an imported account's)
        // repeat their actions and patterns, and a repeated one then costs a hash, not a
        // catalog lookup or a pattern matched against a service's actions.
        let kept = Memo::with(self.catalog, |memo| {
            let Memo { key, actions, .. } = memo;
            key.clear();
            key.push(if suggest { '1' } else { '0' });
            key.push(if expand { '1' } else { '0' });
            key.push_str(text);
            actions.get(key.as_str()).cloned()
        });
        if let Some((finding, expanded)) = kept {
            return NameCheck { finding, expanded };
        }
        let check = self.check_action_in_catalog(text, suggest, expand);
        Memo::with(self.catalog, |memo| {
            if memo.actions.len() >= Memo::MAX {
                memo.actions.clear();
            }
            // The key made again: the check may have used the shared buffer meanwhile.
            let mut key = String::with_capacity(text.len() + 2);
            key.push(if suggest { '1' } else { '0' });
            key.push(if expand { '1' } else { '0' });
            key.push_str(text);
            memo.actions.insert(
                key.into_boxed_str(),
                (check.finding.clone(), check.expanded),
            );
        });
        check
    }

    fn check_condition_key(&self, key: &str) -> Option<NameFinding> {
        let catalog = self.catalog;
        let (prefix, _) = crate::text::bytes::split_once_byte(key, b':')?;
        // "Unsupported global condition key": AWS names `aws:ARN` as a key it does not support.
        if key.eq_ignore_ascii_case("aws:ARN") {
            return Some(NameFinding {
                code: Code::UNSUPPORTED_GLOBAL_CONDITION_KEY,
                message: format!("aws does not support the condition key `{key}`"),
                help: Some("use `aws:PrincipalArn` for the caller's arn, or `aws:SourceArn` for the resource that made a service-to-service request".into()),
                replacement: None,
            });
        }
        if !prefix.eq_ignore_ascii_case("aws") && catalog.service(prefix).is_none() {
            return None;
        }
        if self.condition_key(key).is_some() {
            return None;
        }
        let meant = catalog.suggest_condition_key(key);
        let help = meant.as_ref().map(|k| format!("did you mean `{k}`?"));
        Some(NameFinding {
            code: if prefix.eq_ignore_ascii_case("aws") {
                Code::INVALID_GLOBAL_CONDITION_KEY
            } else {
                Code::INVALID_SERVICE_CONDITION_KEY
            },
            message: format!("unknown condition key `{key}`"),
            help,
            replacement: meant.map(|k| k.to_string()),
        })
    }

    fn is_single_valued_global_key(&self, key: &str) -> bool {
        key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
            && self
                .condition_key(key)
                .is_some_and(|k| !k.value_type.is_multi_valued())
    }

    fn condition_key_type(&self, key: &str) -> Option<KeyType> {
        // The global keys page gives `aws:EpochTime` two types, "Date, Numeric"; the catalog
        // keeps the first.
        if key.eq_ignore_ascii_case("aws:EpochTime") {
            return Some(KeyType::DateOrNumeric);
        }
        Some(match self.condition_key(key)?.value_type {
            ConditionKeyType::String => KeyType::String,
            ConditionKeyType::ArrayOfString => KeyType::ArrayOfString,
            ConditionKeyType::Arn => KeyType::Arn,
            ConditionKeyType::ArrayOfArn => KeyType::ArrayOfArn,
            ConditionKeyType::Bool => KeyType::Bool,
            ConditionKeyType::ArrayOfBool => KeyType::ArrayOfBool,
            ConditionKeyType::Numeric => KeyType::Numeric,
            ConditionKeyType::Date => KeyType::Date,
            ConditionKeyType::IpAddress => KeyType::IpAddress,
        })
    }
    fn check_resource_arn(&self, arn: &ArnParts) -> Option<NameFinding> {
        let kept = Memo::with(self.catalog, |memo| {
            let Memo { key, arns, .. } = memo;
            key.clear();
            for part in [arn.partition, arn.service, arn.region, arn.account] {
                key.push_str(part);
                key.push(':');
            }
            key.push_str(arn.resource);
            arns.get(key.as_str()).cloned()
        });
        if let Some(finding) = kept {
            return finding;
        }
        // natively kept from one ARN to the next; the page makes one per ARN (smaller)
        #[cfg(not(target_arch = "wasm32"))]
        let mut walks = Memo::with(self.catalog, |memo| std::mem::take(&mut memo.walks));
        #[cfg(target_arch = "wasm32")]
        let mut walks = Walks::default();
        let finding = arn_finding(arn, &mut walks);
        Memo::with(self.catalog, |memo| {
            #[cfg(not(target_arch = "wasm32"))]
            {
                memo.walks = walks;
            }
            if memo.arns.len() >= Memo::MAX {
                memo.arns.clear();
            }
            let key: Box<str> = memo.key.as_str().into();
            memo.arns.insert(key, finding.clone());
        });
        finding
    }

    fn check_key_for_actions(
        &self,
        key: &str,
        actions: &[&str],
        not_action: bool,
        deny: bool,
    ) -> Option<NameFinding> {
        key_finding(self.catalog, key, actions, not_action, deny)
    }
}

/// AWS's partitions ("Amazon Resource Names (ARNs)": `aws`, China, GovCloud, the isolated and
/// the European sovereign cloud partitions).
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// ARNs AWS's own policies write without a Region although the catalog's format has one: an
/// Amazon Bedrock foundation model named for global cross-Region inference, whose requests may
/// be routed to any commercial Region ("Prerequisites for inference profiles",
/// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html, grants
/// `arn:aws:bedrock:::foundation-model/…`). No `MISSING_ARN_REGION` for them.
fn region_optional(arn: &ArnParts) -> bool {
    arn.service == "bedrock" && arn.resource.starts_with("foundation-model/")
}

/// Resource parts longer than this are not compared with the ARN formats (the comparison costs
/// their length times the format's).
const MAX_COMPARED_RESOURCE: usize = 512;

/// One ARN format of the catalog, as the ARN checks read it.
struct ArnFormat {
    template: &'static str,
    has_region: bool,
    has_account: bool,
    resource: Vec<Piece>,
}

/// A piece of a resource part: a character (lowercase), exactly one character, or any run of
/// characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Char(u8),
    One,
    Any,
}

/// The pieces of a resource part: in a catalog format a placeholder (`${BucketName}`) is one or
/// more characters; in a policy a wildcard or a variable may be anything.
fn pieces(text: &str, template: bool) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
            if let Some(close) = text.get(i..).and_then(|r| r.find('}')) {
                if template {
                    out.push(Piece::One);
                }
                out.push(Piece::Any);
                i += close + 1;
                continue;
            }
        }
        out.push(match bytes[i] {
            b'*' if !template => Piece::Any,
            b'?' if !template => Piece::One,
            b => Piece::Char(b.to_ascii_lowercase()),
        });
        i += 1;
    }
    out
}

/// True when the literal characters both lists start with (up to the first wildcard of either)
/// and those they end with (back to the last one) agree: a string fitting both must start and
/// end with them. Most of a service's formats differ from a resource in their first word
/// (`training-job/`, `endpoint/`), so this rejects them in a few comparisons, without the walk.
fn ends_agree(a: &[Piece], b: &[Piece]) -> bool {
    let literal = |(x, y): (&Piece, &Piece)| match (x, y) {
        (Piece::Char(c), Piece::Char(d)) => Some(c == d),
        _ => None,
    };
    let front = a.iter().zip(b).map_while(literal).all(|same| same);
    front
        && a.iter()
            .rev()
            .zip(b.iter().rev())
            .map_while(literal)
            .all(|same| same)
}

/// What [`overlap`] keeps between its calls (one per format of an ARN's service; natively for
/// every ARN a thread checks, in the memo's `walks`): the pairs of positions a walk has seen, marked with the
/// walk's number (so that no walk clears what the last one marked), and the pairs left to
/// visit. A format that cannot fit is most often found out within a few pairs: before, each
/// call allocated and cleared its whole table.
#[derive(Default)]
struct Walks {
    seen: Vec<u32>,
    walk: u32,
    stack: Vec<(usize, usize)>,
}

/// True when some string fits both piece lists: the literal ends compared first, then a walk
/// over pairs of positions, at most the product of their lengths.
fn overlap(a: &[Piece], b: &[Piece], walks: &mut Walks) -> bool {
    // `*` (any run, nonempty list) fits every string, and every piece list has one.
    let anything = |p: &[Piece]| !p.is_empty() && p.iter().all(|&x| x == Piece::Any);
    if anything(a) || anything(b) {
        return true;
    }
    if !ends_agree(a, b) {
        return false;
    }
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let cells = (n + 1) * width;
    if walks.seen.len() < cells {
        walks.seen.resize(cells, 0);
    }
    walks.walk = walks.walk.wrapping_add(1);
    if walks.walk == 0 {
        // once in four billion walks: the marks start over
        walks.seen.fill(0);
        walks.walk = 1;
    }
    let (walk, seen, stack) = (walks.walk, &mut walks.seen, &mut walks.stack);
    stack.clear();
    stack.push((0, 0));
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot == walk {
            continue;
        }
        *slot = walk;
        if i == n && j == m {
            return true;
        }
        let (pa, pb) = (a.get(i).copied(), b.get(j).copied());
        if pa == Some(Piece::Any) {
            stack.push((i + 1, j));
        }
        if pb == Some(Piece::Any) {
            stack.push((i, j + 1));
        }
        if let (Some(x), Some(y)) = (pa, pb) {
            if let (Piece::Char(c), Piece::Char(d)) = (x, y) {
                if c != d {
                    continue;
                }
            }
            let ni = if x == Piece::Any { i } else { i + 1 };
            let nj = if y == Piece::Any { j } else { j + 1 };
            if (ni, nj) != (i, j) {
                stack.push((ni, nj));
            }
        }
    }
    false
}

/// The ARN formats of one service: the templates that name it, in the catalog's order (found
/// when the index is built, by their service field alone), and the formats read from them the
/// first time an ARN of the service is checked: a batch meets a few of the catalog's hundreds
/// of services, and one case one or two.
struct ServiceFormats {
    /// Each template, and whether it is one of [`EXTRA_ARN_FORMATS`] (kept even when the catalog
    /// lists the same).
    templates: Vec<(&'static str, bool)>,
    formats: OnceLock<Vec<ArnFormat>>,
}

impl ServiceFormats {
    /// The formats of the service `key`: its templates that have six fields, the catalog's
    /// once each. Empty when none has: the service then has no format.
    fn formats(&self, key: &str) -> &[ArnFormat] {
        crate::text::once::get_or_race::<Vec<ArnFormat>>(&self.formats, || {
            read_formats(key, self.templates.iter().copied())
        })
    }
}

/// The formats of the service `key` from its templates, each with whether it is one of
/// [`EXTRA_ARN_FORMATS`]: those that have six fields, the catalog's once each. Empty when none
/// has: the service then has no format.
fn read_formats(
    key: &str,
    templates: impl Iterator<Item = (&'static str, bool)>,
) -> Vec<ArnFormat> {
    let mut out: Vec<ArnFormat> = Vec::new();
    for (template, extra) in templates {
        let Some(parts) = ArnParts::split(template) else {
            continue;
        };
        if parts.service.is_empty() || (!extra && out.iter().any(|f| f.template == template)) {
            continue;
        }
        debug_assert!(parts.service == key || parts.service.contains('$'));
        out.push(ArnFormat {
            template,
            has_region: !parts.region.is_empty(),
            has_account: !parts.account.is_empty(),
            resource: pieces(parts.resource, true),
        });
    }
    out
}

/// The ARN formats by service. Natively the catalog groups its templates by service
/// (`build.rs`'s table, [`Catalog::arn_service`]), and `tabled` keeps each group's formats,
/// read the first time an ARN of the service is checked; `services` holds only the services
/// [`EXTRA_ARN_FORMATS`] adds that the table lacks. Elsewhere `services` holds every service,
/// read from every resource type ([`scanned_format_index`]). `by_service` holds the places of
/// `services`.
#[derive(Default)]
struct FormatIndex {
    services: Vec<ServiceFormats>,
    by_service: HashMap<&'static str, usize, BuildHasherDefault<crate::text::hash::TextHasher>>,
    tabled: Vec<OnceLock<Vec<ArnFormat>>>,
}

/// The ARN formats of the service `service` names in its ARNs (`s3`, `execute-api`), if the
/// catalog has any.
fn arn_formats(service: &str) -> Option<&'static [ArnFormat]> {
    let index = arn_format_index();
    let catalog = catalog();
    // (the browser's build has no table: every service is in `services`)
    let group = catalog
        .arn_service(service)
        .filter(|_| !cfg!(target_arch = "wasm32"))
        .and_then(|group| Some((group, index.tabled.get(group)?)));
    let formats: &[ArnFormat] = match group {
        Some((group, kept)) => crate::text::once::get_or_race::<Vec<ArnFormat>>(kept, || {
            // the service's own templates, then its extra forms
            let extra = EXTRA_ARN_FORMATS
                .iter()
                .filter(|t| ArnParts::service_of(t) == Some(service))
                .map(|t| (*t, true));
            let own = catalog.arn_service_templates(group).map(|t| (t, false));
            read_formats(service, own.chain(extra))
        }),
        None => index.services[*index.by_service.get(service)?].formats(service),
    };
    (!formats.is_empty()).then_some(formats)
}

/// The index of ARN formats, built once: natively a place for each service of the catalog's
/// table of templates by service, read from nothing (building a map of them all had read
/// templates spread over the whole catalog text: a quarter of a millisecond of page faults at
/// the start of every batch that checks an ARN; docs/speed.md, twenty-third round); elsewhere
/// every resource type read ([`scanned_format_index`]); then [`EXTRA_ARN_FORMATS`] of services
/// the table lacks.
fn arn_format_index() -> &'static FormatIndex {
    static FORMATS: OnceLock<FormatIndex> = OnceLock::new();
    crate::text::once::get_or_race(&FORMATS, || {
        let catalog = catalog();
        let groups = if cfg!(target_arch = "wasm32") {
            0
        } else {
            catalog.arn_service_count()
        };
        let mut index = if groups == 0 {
            scanned_format_index()
        } else {
            FormatIndex {
                tabled: (0..groups).map(|_| OnceLock::new()).collect(),
                ..FormatIndex::default()
            }
        };
        for template in EXTRA_ARN_FORMATS {
            if let Some(field) = ArnParts::service_of(template) {
                // a service of the table reads its extra forms with its own ([`arn_formats`])
                if groups == 0 || catalog.arn_service(field).is_none() {
                    let _ = index.add(field, template, true);
                }
            }
        }
        index
    })
}

impl FormatIndex {
    /// Adds `template` to the service `key` (after its others), starting the service if new;
    /// gives the service's place in `services`.
    fn add(&mut self, key: &'static str, template: &'static str, extra: bool) -> usize {
        let at = *self.by_service.entry(key).or_insert_with(|| {
            self.services.push(ServiceFormats {
                templates: Vec::new(),
                formats: OnceLock::new(),
            });
            self.services.len() - 1
        });
        if let Some(service) = self.services.get_mut(at) {
            service.templates.push((template, extra));
        }
        at
    }
}

/// The catalog's ARN templates by the service written in them, read from every resource type
/// (the browser's build, which has no table of them from `build.rs`).
fn scanned_format_index() -> FormatIndex {
    let mut index = FormatIndex::default();
    // the templates of a resource type, and of a service, mostly name the same service
    let mut last: Option<(&str, usize)> = None;
    for service in catalog().services() {
        for rt in service.resource_types() {
            for template in rt.arn_templates() {
                let Some(field) = template_service(template) else {
                    continue;
                };
                // A format whose service is a placeholder (AWS Backup's recovery points of
                // every service) counts for the service that lists it.
                let key = if field.contains('$') {
                    service.prefix()
                } else {
                    field
                };
                let at = match last {
                    Some((service, at)) if service == key => {
                        if let Some(service) = index.services.get_mut(at) {
                            service.templates.push((template, false));
                        }
                        at
                    }
                    _ => index.add(key, template, false),
                };
                last = Some((key, at));
            }
        }
    }
    index
}

/// ARN forms AWS documents and policies use that the catalog's resource types leave out: a role
/// session (IAM User Guide, "IAM identifiers") and CloudFormation's transforms (AWS SAM's
/// `Serverless` transform).
const EXTRA_ARN_FORMATS: &[&str] = &[
    "arn:${Partition}:sts::${Account}:assumed-role/${RoleName}/${RoleSessionName}",
    "arn:${Partition}:cloudformation:${Region}:aws:transform/${TransformName}",
];

fn finding(code: Code, message: String, help: Option<String>) -> Option<NameFinding> {
    Some(NameFinding {
        code,
        message,
        help,
        replacement: None,
    })
}

/// The ARN checks of a resource: partition, service case, then the formats of the service that
/// fit the resource part (none: `INVALID_ARN_RESOURCE`), whose Region and account fields the
/// ARN must follow when all of them agree.
fn arn_finding(arn: &ArnParts, walks: &mut Walks) -> Option<NameFinding> {
    if !is_open_field(arn.partition) && !PARTITIONS.contains(&arn.partition) {
        let help = crate::engine::diagnostic::did_you_mean(arn.partition, PARTITIONS)
            .map(|p| format!("did you mean `{p}`?"))
            .unwrap_or_else(|| {
                "the partition is `aws`, `aws-cn` (china) or `aws-us-gov` (govcloud)".to_string()
            });
        return finding(
            Code::INVALID_PARTITION,
            format!("unknown partition `{}`", arn.partition),
            Some(help),
        );
    }
    if is_open_field(arn.service) {
        return None;
    }
    if arn.service.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = arn.service.to_ascii_lowercase();
        if arn_formats(&lower).is_some() {
            let fixed = format!(
                "arn:{}:{lower}:{}:{}:{}",
                arn.partition, arn.region, arn.account, arn.resource
            );
            return Some(NameFinding {
                code: Code::INVALID_ARN_SERVICE_CASE,
                message: format!("the service `{}` of an arn must be lowercase", arn.service),
                help: Some(format!("write `{lower}`")),
                replacement: Some(fixed),
            });
        }
        return None;
    }
    let service_formats = arn_formats(arn.service)?;
    if arn.resource.len() > MAX_COMPARED_RESOURCE {
        return None;
    }
    let resource = pieces(arn.resource, false);
    // The answer depends on the first format the resource fits and on whether every fitting
    // format has a Region, lacks one, or lacks an account, and only on those of these tests
    // this ARN's fields can fail. The walk stops once each of them is settled (false): no
    // further format can change it. Most ARNs settle at the first fitting format.
    let open_region = is_open_field(arn.region);
    let wants_no_region = !open_region && arn.region.is_empty() && !region_optional(arn);
    let wants_region = !open_region && !arn.region.is_empty();
    let wants_account = !is_open_field(arn.account) && !arn.account.is_empty();
    let mut first: Option<&ArnFormat> = None;
    let (mut all_have_region, mut none_has_region, mut none_has_account) = (true, true, true);
    for format in service_formats {
        if !overlap(&resource, &format.resource, walks) {
            continue;
        }
        first.get_or_insert(format);
        all_have_region &= format.has_region;
        none_has_region &= !format.has_region;
        none_has_account &= !format.has_account;
        let open = (wants_no_region && all_have_region)
            || (wants_region && none_has_region)
            || (wants_account && none_has_account);
        if !open {
            break;
        }
    }
    let Some(first) = first else {
        let mut simplest: Vec<&ArnFormat> = service_formats.iter().collect();
        crate::text::sort_stable_by(&mut simplest, |a, b| {
            (a.template.len(), a.template).cmp(&(b.template.len(), b.template))
        });
        let mut shown: Vec<String> = simplest
            .iter()
            .take(3)
            .map(|f| format!("`{}`", f.template))
            .collect();
        if service_formats.len() > 3 {
            shown.push(format!("and {} more", service_formats.len() - 3));
        }
        return finding(
            Code::INVALID_ARN_RESOURCE,
            format!("`{}` is not a resource of `{}`", arn.resource, arn.service),
            Some(format!(
                "the arns of `{}` look like {}",
                arn.service,
                shown.join(", ")
            )),
        );
    };
    if wants_no_region && all_have_region {
        return finding(
            Code::MISSING_ARN_REGION,
            format!("this `{}` arn has no region", arn.service),
            Some(format!(
                "name the region (or write `*`), as in `{}`",
                first.template
            )),
        );
    }
    // A field this service's ARNs never have, written anyway.
    let not_allowed = |code, field: &str, value: &str| {
        finding(
            code,
            format!(
                "`{}` arns have no {field}, but this one names `{value}`",
                arn.service
            ),
            Some(format!(
                "leave the {field} field empty, as in `{}`",
                first.template
            )),
        )
    };
    if wants_region && none_has_region {
        return not_allowed(Code::ARN_REGION_NOT_ALLOWED, "region", arn.region);
    }
    if wants_account && none_has_account {
        return not_allowed(Code::ARN_ACCOUNT_NOT_ALLOWED, "account", arn.account);
    }
    None
}

/// At most this many actions (listed and expanded from wildcards) are read per condition key.
const MAX_KEY_ACTIONS: usize = 4096;

/// Which actions and services support one condition key (its catalog spelling,
/// `aws:ResourceTag/${TagKey}`). An action supports it when the key is one of the action itself,
/// of the action on one of its resource types, or of one of those resource types. The resource
/// types that list the key are found once per service asked about: a statement may list
/// hundreds of actions of one service, and looking each action's types up in its service is a
/// walk over the service's types.
struct KeySupport<'c, 'k> {
    catalog: &'c Catalog,
    canonical: &'k str,
    /// The catalog's text of the key, by address and length (the memo's key with the action).
    entry: (usize, usize),
    /// By service prefix: the names of its resource types that list the key.
    typed: Vec<(&'c str, Vec<&'c str>)>,
}

impl<'c, 'k> KeySupport<'c, 'k> {
    fn new(catalog: &'c Catalog, key: ConditionKey) -> Self {
        KeySupport {
            catalog,
            canonical: key.key,
            entry: (key.key.as_ptr() as usize, key.key.len()),
            typed: Vec::new(),
        }
    }

    /// True when `action` supports the key (asked of the thread's memo first).
    fn action(&mut self, action: &Action<'c>) -> bool {
        let at = (self.entry.0, self.entry.1, action.id());
        if let Some(known) = Memo::with(self.catalog, |memo| memo.key_support.get(&at).copied()) {
            return known;
        }
        let supported = self.action_in_catalog(action);
        Memo::with(self.catalog, |memo| {
            if memo.key_support.len() >= Memo::MAX_KEY_SUPPORT {
                memo.key_support.clear();
            }
            memo.key_support.insert(at, supported);
        });
        supported
    }

    /// [`KeySupport::action`] read from the catalog.
    fn action_in_catalog(&mut self, action: &Action<'c>) -> bool {
        let canonical = self.canonical;
        action.supports_key_given(canonical, self.types_of(action.service()))
    }

    /// True when some action of `service` supports the key (for the tag keys, the embedded
    /// catalog knows without reading the service's actions).
    fn service(&mut self, service: &Service<'c>) -> bool {
        service.supports_key(self.canonical)
    }

    /// The names of `service`'s resource types that list the key.
    fn types_of(&mut self, service: Service<'c>) -> &[&'c str] {
        let prefix = service.prefix();
        // Actions come service by service: the last service asked is tried first.
        let known = self
            .typed
            .len()
            .checked_sub(1)
            .filter(|&at| self.typed.get(at).is_some_and(|(p, _)| *p == prefix))
            .or_else(|| self.typed.iter().position(|(p, _)| *p == prefix));
        let at = match known {
            Some(at) => at,
            None => {
                // A service names each of its types once (a test of the catalog checks it).
                self.typed
                    .push((prefix, service.types_listing_key(self.canonical)));
                self.typed.len() - 1
            }
        };
        &self.typed[at].1
    }
}

/// Up to three names in backticks, then how many more.
fn some_names<S: AsRef<str>>(names: &[S]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(3)
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    if names.len() > 3 {
        shown.push(format!("{} more", names.len() - 3));
    }
    match shown.len() {
        0 => String::new(),
        1 => shown.remove(0),
        n => {
            let last = shown.remove(n - 1);
            format!("{} and {last}", shown.join(", "))
        }
    }
}

/// The condition-key checks of one key of a statement (see `Names::check_key_for_actions`).
fn key_finding(
    catalog: &Catalog,
    key: &str,
    actions: &[&str],
    not_action: bool,
    deny: bool,
) -> Option<NameFinding> {
    // The tag keys, read from the key's name (the catalog finds keys by name, ignoring case,
    // so the name it gives starts as this one does).
    let starts = |prefix: &str| {
        key.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let tag = starts("aws:resourcetag/")
        || starts("aws:requesttag/")
        || key.eq_ignore_ascii_case("aws:tagkeys");
    // Other global keys apply to every action: told from the name, without looking it up
    // (most keys of most statements).
    if !tag && starts("aws:") {
        return None;
    }
    let entry = catalog.condition_key(key)?;
    if not_action {
        return if tag {
            not_action_tag_finding(catalog, key, entry, actions, deny)
        } else {
            None
        };
    }
    let mut support = KeySupport::new(catalog, entry);
    let mut listed: Vec<Action> = Vec::new();
    let mut expanded: Vec<Action> = Vec::new();
    let mut unresolved = false;
    for pattern in actions {
        let Some((service, _)) = crate::text::bytes::split_once_byte(pattern, b':') else {
            unresolved = true;
            continue;
        };
        if pattern.contains(['*', '?']) {
            if service.contains(['*', '?']) || expanded.len() > MAX_KEY_ACTIONS {
                unresolved = true;
                continue;
            }
            expanded.extend(catalog.expand(pattern));
        } else {
            match catalog.action(pattern) {
                Some(a) => listed.push(a),
                None => unresolved = true,
            }
        }
    }
    if tag {
        // Each service is asked once (a wildcard expands to hundreds of actions of one service,
        // and asking is a walk over the service's actions).
        let mut lacking: Vec<&str> = Vec::new();
        let mut asked: Vec<&str> = Vec::new();
        for a in listed.iter().chain(&expanded) {
            let service = a.service();
            if asked.contains(&service.prefix()) {
                continue;
            }
            asked.push(service.prefix());
            if !support.service(&service) {
                lacking.push(service.prefix());
            }
        }
        if !lacking.is_empty() {
            let services = some_names(&lacking);
            let (code, what) = if deny {
                (
                    Code::DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
                    "this statement never denies them",
                )
            } else {
                (
                    Code::ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
                    "this statement never allows them",
                )
            };
            return finding(
                code,
                format!(
                    "{services} {} `{key}` for none of {} actions: the condition never holds for them, so {what}",
                    if lacking.len() == 1 { "supports" } else { "support" },
                    if lacking.len() == 1 { "its" } else { "their" },
                ),
                Some("move those actions to a statement without the tag key that names their resources".into()),
            );
        }
    }
    let supported = listed.iter().chain(&expanded).any(|a| support.action(a));
    if supported {
        let unsupported: Vec<&str> = listed
            .iter()
            .filter(|a| !support.action(a))
            .map(|a| a.name())
            .collect();
        if unsupported.is_empty() {
            return None;
        }
        let what = if deny { "denies" } else { "allows" };
        let (verb, them) = if unsupported.len() == 1 {
            ("does", "it")
        } else {
            ("do", "them")
        };
        return finding(
            Code::UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
            format!(
                "{} {verb} not support `{key}`: the condition never holds for {them}, so this statement never {what} {them}",
                some_names(&unsupported)
            ),
            Some("move those actions to a statement without this condition key".into()),
        );
    }
    if tag || unresolved || (listed.is_empty() && expanded.is_empty()) {
        return None;
    }
    let (prefix, _) = crate::text::bytes::split_once_byte(entry.key, b':')?;
    let service = catalog.service(prefix)?;
    let setters: Vec<&str> = service
        .actions()
        .filter(|a| support.action(a))
        .map(|a| a.name())
        .collect();
    if setters.is_empty() {
        return None;
    }
    finding(
        Code::MISSING_ACTION_FOR_CONDITION_KEY,
        format!("no action of this statement supports `{key}`: the condition never holds"),
        Some(format!(
            "the key is supported by {}: add the action it is meant for to `Action`, or remove the key",
            some_names(&setters)
        )),
    )
}

/// `NotAction` with a tag key: the services the `NotAction` leaves in that support the key for
/// none of their actions.
fn not_action_tag_finding(
    catalog: &Catalog,
    key: &str,
    entry: ConditionKey,
    patterns: &[&str],
    deny: bool,
) -> Option<NameFinding> {
    // A wildcard in a pattern's service part: which services it leaves whole is not judged.
    let mut excluded: Vec<String> = Vec::new();
    for p in patterns {
        if *p == "*" {
            return None;
        }
        let (service, action) = crate::text::bytes::split_once_byte(p, b':')?;
        if service.contains(['*', '?']) {
            return None;
        }
        if action == "*" {
            excluded.push(service.to_ascii_lowercase());
        }
    }
    let mut support = KeySupport::new(catalog, entry);
    let lacking: Vec<&str> = catalog
        .services()
        .filter(|s| s.has_actions() && !excluded.iter().any(|e| e == s.prefix()))
        .filter(|s| !support.service(s))
        .map(|s| s.prefix())
        .collect();
    if lacking.is_empty() {
        return None;
    }
    let (code, what) = if deny {
        (
            Code::DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            "denies",
        )
    } else {
        (
            Code::ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            "allows",
        )
    };
    finding(
        code,
        format!(
            "with `NotAction`, this statement covers services that do not support `{key}` ({}): it never {what} their actions",
            some_names(&lacking)
        ),
        Some("list the actions in `Action` instead of `NotAction`".into()),
    )
}

/// Reads a policy from its JSON text, with warnings about names the catalog does not know.
pub fn parse_policy_text(text: &str, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_text_with(text, kind, &CatalogNames::new(catalog()))
}

/// True when a policy of `kind` attached to `resource` may leave `Resource` out
/// ([`Names::resource_implied`]): a resource-based policy of an Amazon ECR repository.
pub fn resource_implied(kind: PolicyKind, resource: &str) -> bool {
    kind == PolicyKind::Resource && crate::engine::is_ecr_repository(resource)
}

/// The API Gateway API a policy of `kind` attached to `resource` expands the shorthand
/// `execute-api:/...` with ([`Names::api_base`]): for a resource-based policy whose resource is
/// an `execute-api` ARN, the start of that API's ARNs.
pub fn attached_api(kind: PolicyKind, resource: &str) -> Option<&str> {
    (kind == PolicyKind::Resource)
        .then(|| crate::engine::execute_api_base(resource))
        .flatten()
}

/// True when what a policy of `kind` reads to depends on the resource it is attached to
/// (`resource`): an ECR repository's policy ([`resource_implied`]) or an API Gateway API's
/// ([`attached_api`]). Such a policy is read with its resource, and not kept by text alone.
pub fn depends_on_attachment(kind: PolicyKind, resource: &str) -> bool {
    resource_implied(kind, resource) || attached_api(kind, resource).is_some()
}

/// The catalog's names for a policy of `kind` attached to `resource` ("" for none): with
/// [`Names::resource_implied`] set when [`resource_implied`], and [`Names::api_base`] when
/// [`attached_api`].
fn attached_names(kind: PolicyKind, resource: &str) -> CatalogNames {
    CatalogNames {
        catalog: catalog(),
        resource_implied: resource_implied(kind, resource),
        api_base: attached_api(kind, resource).map(Into::into),
    }
}

/// [`parse_policy_text`] for a policy of `kind` attached to `resource` ("" for none): an ECR
/// repository's policy may leave `Resource` out ([`resource_implied`]), and an API Gateway
/// API's may write its resources with API Gateway's shorthand ([`attached_api`]).
pub fn parse_attached_policy_text(text: &str, kind: PolicyKind, resource: &str) -> ParsedPolicy {
    parse_policy_text_with(text, kind, &attached_names(kind, resource))
}

/// [`parse_attached_policy_text`] for a value parsed from `source` ([`parse_policy_in`]), or
/// from a text the parser may not keep elements of (`None`: [`parse_policy`]).
pub fn parse_attached_policy(
    json: &Json,
    source: Option<&str>,
    kind: PolicyKind,
    resource: &str,
) -> ParsedPolicy {
    let names = attached_names(kind, resource);
    match source {
        Some(source) => crate::engine::parse_policy_in(json, source, kind, &names),
        None => parse_policy_with(json, kind, &names),
    }
}

/// Reads a policy from an already parsed JSON value, with warnings about names the catalog does
/// not know.
pub fn parse_policy(json: &Json, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_with(json, kind, &CatalogNames::new(catalog()))
}

/// [`parse_policy`] for a value parsed from `source` (its spans are places in `source`): on the
/// command line, an element written exactly as one read before on this thread is answered from
/// the parser's element memo.
pub fn parse_policy_in(json: &Json, source: &str, kind: PolicyKind) -> ParsedPolicy {
    crate::engine::parse_policy_in(json, source, kind, &CatalogNames::new(catalog()))
}

#[cfg(test)]
mod tests {
    use crate::engine::PolicyKind;

    /// The names' condition keys are the catalog's, whether looked up the first time or kept
    /// from before (in any case, templated, unknown), and each is kept once looked up.
    #[test]
    fn condition_keys_kept_per_thread_are_the_catalogs() {
        use super::{catalog, CatalogNames, Memo};
        let names = CatalogNames::new(catalog());
        let keys = [
            "aws:SourceVpce",
            "AWS:SOURCEVPCE",
            "aws:PrincipalTag/team",
            "s3:x-amz-acl",
            "sagemaker:VolumeKmsKey",
            "s3:ExistingObjectTag/owner",
            "aws:NoSuchKey",
            "nosuchservice:Key",
            "",
        ];
        for round in 0..2 {
            for key in keys {
                assert_eq!(
                    names.condition_key(key),
                    catalog().condition_key(key),
                    "{key}, {round}"
                );
            }
        }
        // natively (the page's bundle keeps no such table)
        let kept = Memo::with(catalog(), |memo| {
            keys.iter().all(|k| memo.condition_keys.contains_key(*k))
        });
        assert_eq!(kept, !cfg!(target_arch = "wasm32"));
    }

    /// The ARN-format index reads each catalog template's service as the ARN splitter does
    /// (a different reading would file a format under another service), and its formats by
    /// service are those of a reading of every template at once, in the catalog's order, the
    /// catalog's once each.
    #[test]
    fn the_arn_format_index_reads_templates_as_the_arn_splitter() {
        use super::{arn_formats, template_service, EXTRA_ARN_FORMATS};
        use crate::engine::policy::ArnParts;
        let mut expected: Vec<(&str, Vec<&str>)> = Vec::new();
        let mut file = |key: &str, template: &'static str, extra: bool| {
            let at = match expected.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    expected.push((key.to_string().leak(), Vec::new()));
                    expected.len() - 1
                }
            };
            if extra || !expected[at].1.contains(&template) {
                expected[at].1.push(template);
            }
        };
        let mut templates = 0;
        for service in crate::catalog::catalog().services() {
            for rt in service.resource_types() {
                for template in rt.arn_templates() {
                    templates += 1;
                    assert_eq!(
                        template_service(template),
                        ArnParts::service_of(template),
                        "{template}"
                    );
                    let Some(parts) = ArnParts::split(template) else {
                        continue;
                    };
                    assert_eq!(ArnParts::service_of(template), Some(parts.service));
                    if parts.service.is_empty() {
                        continue;
                    }
                    let key = if parts.service.contains('$') {
                        service.prefix()
                    } else {
                        parts.service
                    };
                    file(key, template, false);
                }
            }
        }
        for template in EXTRA_ARN_FORMATS {
            let parts = ArnParts::split(template).expect("six fields");
            file(parts.service, template, true);
        }
        assert!(templates > 2000, "{templates} templates");
        // A placeholder holding a colon is read whole, as the splitter reads it.
        let odd = "arn:${Partition}:${Service:Name}:${Region}:${Account}:thing/${Id}";
        assert_eq!(template_service(odd), Some("${Service:Name}"));
        assert_eq!(ArnParts::service_of(odd), Some("${Service:Name}"));
        for (key, want) in &expected {
            let got: Vec<&str> = arn_formats(key)
                .unwrap_or_default()
                .iter()
                .map(|f| f.template)
                .collect();
            assert_eq!(&got, want, "{key}");
        }
        assert!(arn_formats("no-such-service").is_none());
        assert!(arn_formats("").is_none());
    }

    /// Natively the index is read from the catalog's table of ARN templates by service
    /// (`build.rs`'s); it holds what reading every resource type gives, service by service and
    /// template by template, in the same order.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_catalog_table_of_arn_templates_is_the_index_a_reading_gives() {
        use super::{arn_format_index, scanned_format_index, EXTRA_ARN_FORMATS};
        let scanned = scanned_format_index();
        let groups: Vec<(&str, Vec<&str>)> = crate::catalog::catalog()
            .arn_templates_by_service()
            .expect("the native table")
            .map(|(key, templates)| (key, templates.collect()))
            .collect();
        assert_eq!(groups.len(), scanned.by_service.len());
        assert!(groups.len() > 300, "{} services", groups.len());
        let mut templates = 0;
        for (key, got) in &groups {
            let want: Vec<&str> = scanned.services[scanned.by_service[key]]
                .templates
                .iter()
                .map(|&(t, _)| t)
                .collect();
            assert_eq!(got, &want, "{key}");
            templates += got.len();
        }
        assert!(templates > 2000, "{templates} templates");
        // the index in use: a place for each of the table's services, the services only the
        // extra forms name; each service's formats are its templates', then its extra forms'
        let index = arn_format_index();
        assert_eq!(index.tabled.len(), groups.len());
        for (group, (key, _)) in groups.iter().enumerate() {
            assert_eq!(
                crate::catalog::catalog().arn_service(key),
                Some(group),
                "{key}"
            );
            assert!(!index.by_service.contains_key(key), "{key}");
        }
        for template in EXTRA_ARN_FORMATS {
            let key = crate::engine::policy::ArnParts::service_of(template).expect("a service");
            let formats = super::arn_formats(key).expect("formats");
            assert_eq!(formats.last().map(|f| f.template), Some(*template), "{key}");
        }
    }

    /// The action memo answers as the catalog does, for each pair of flags, asked in any order
    /// and repeatedly (a wrong key would hand one flag pair's answer to another).
    #[test]
    fn kept_action_checks_equal_fresh_ones() {
        use crate::engine::policy::Names;
        let names = super::CatalogNames::new(crate::catalog::catalog());
        let texts = [
            "s3:GetObject",
            "s3:GetObjekt",
            "s3:Get*",
            "s3:Nothing*Here",
            "s4:GetObject",
            "sagemaker:CreateTrainingJob",
        ];
        for round in 0..2 {
            for text in texts {
                for (suggest, expand) in
                    [(true, true), (false, true), (true, false), (false, false)]
                {
                    let kept = names.check_action(text, suggest, expand);
                    let fresh = names.check_action_in_catalog(text, suggest, expand);
                    assert_eq!(
                        (kept.finding, kept.expanded),
                        (fresh.finding, fresh.expanded),
                        "{text} suggest={suggest} expand={expand} round {round}"
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_names_past_the_bound_are_counted_once() {
        let actions: Vec<String> = (0..80).map(|i| format!("\"s3:NoSuchAction{i}\"")).collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#,
            actions.join(",")
        );
        let parsed = super::parse_policy_text(&text, PolicyKind::Identity);
        let count = |code: crate::engine::Code| {
            parsed.diagnostics.iter().filter(|d| d.code == code).count()
        };
        assert_eq!(count(crate::engine::Code::TOO_MANY_FINDINGS), 1);
    }

    #[test]
    fn an_arn_service_in_uppercase_is_fixed_to_lowercase() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:S3:::amzn-s3-demo-bucket/*"}]}"#;
        let parsed = super::parse_policy_text(text, PolicyKind::Identity);
        let fix = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == crate::engine::Code::INVALID_ARN_SERVICE_CASE)
            .and_then(|d| d.fix.clone())
            .expect("a fix");
        assert_eq!(fix.apply(text), text.replace("aws:S3:", "aws:s3:"));
    }

    use super::*;

    /// The warnings of a policy (suggestions, such as the redundant entries beside the `"*"` of
    /// `NAMES_TEXT`'s `NotAction`, left out).
    fn warnings(text: &str) -> Vec<(String, Option<String>, &str)> {
        parse_policy_text(text, PolicyKind::Identity)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity != crate::engine::Severity::Suggestion)
            .map(|d| {
                assert_eq!(d.severity, crate::engine::Severity::Warning, "{d:?}");
                assert_eq!(d.severity, d.code.severity(), "{d:?}");
                let at = text.get(d.span.range()).unwrap_or("");
                (d.message, d.help, at)
            })
            .collect()
    }

    #[test]
    fn each_kind_of_unknown_name_has_its_code() {
        let codes: Vec<Code> = parse_policy_text(NAMES_TEXT, PolicyKind::Identity)
            .diagnostics
            .iter()
            .filter(|d| d.code != Code::REDUNDANT_ACTION)
            .map(|d| d.code)
            .collect();
        assert_eq!(
            codes,
            [
                Code::INVALID_ACTION,
                Code::INVALID_SERVICE,
                Code::NO_MATCHING_ACTION,
                Code::NO_MATCHING_ACTION,
                Code::INVALID_GLOBAL_CONDITION_KEY,
                Code::INVALID_SERVICE_CONDITION_KEY
            ]
        );
    }

    const NAMES_TEXT: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":["sagemaker:CreateTrainingJobs","sagemakr:CreateTrainingJob","sagemaker:Creat*X","*:Creat*Xyzzy","SageMaker:createTRAININGjob","s3:Get*","*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceVpcee":"v","aws:RequestTag/team":"ml","s3:ExistingObjectTag/owner":"me","sagemaker:Banana":"x","custom:Key":"x"},"ForAnyValue:StringEquals":{"sagemaker:InstanceTypes":"ml.p4d.24xlarge"}}}}"#;

    #[test]
    fn names_the_catalog_does_not_know_are_warnings_at_their_place() {
        let text = NAMES_TEXT;
        let did_you_mean = |s: &str| Some(format!("did you mean `{s}`?"));
        assert_eq!(
            warnings(text),
            vec![
                (
                    "unknown action `sagemaker:CreateTrainingJobs`".to_string(),
                    did_you_mean("sagemaker:CreateTrainingJob"),
                    r#""sagemaker:CreateTrainingJobs""#
                ),
                (
                    "unknown service prefix `sagemakr`".to_string(),
                    did_you_mean("sagemaker"),
                    r#""sagemakr:CreateTrainingJob""#
                ),
                (
                    "`sagemaker:Creat*X` matches no action".to_string(),
                    None,
                    r#""sagemaker:Creat*X""#
                ),
                (
                    "`*:Creat*Xyzzy` matches no action".to_string(),
                    None,
                    r#""*:Creat*Xyzzy""#
                ),
                (
                    "unknown condition key `aws:SourceVpcee`".to_string(),
                    did_you_mean("aws:SourceVpce"),
                    r#""aws:SourceVpcee""#
                ),
                (
                    "unknown condition key `sagemaker:Banana`".to_string(),
                    None,
                    r#""sagemaker:Banana""#
                ),
            ]
        );
    }

    fn arn_codes(arn: &str) -> Vec<Code> {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{arn}"}}}}"#
        );
        parse_policy_text(&text, PolicyKind::Identity)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn every_arn_the_catalog_synthesizes_reads_without_finding() {
        for action in catalog().actions() {
            for partition in ["aws", "aws-cn"] {
                if let Some(arn) = action.synthesize_arn(partition, "us-east-1", "111122223333") {
                    let parts = ArnParts::split(&arn);
                    if let Some(parts) = parts {
                        assert_eq!(arn_finding(&parts, &mut Walks::default()), None, "{arn}");
                    }
                }
            }
        }
    }

    #[test]
    fn arns_are_read_against_their_service_formats() {
        let quiet = [
            "*",
            "arn:aws:s3:::amzn-s3-demo-bucket",
            "arn:aws:s3:::amzn-s3-demo-bucket/*",
            "arn:aws:s3:::*",
            "arn:aws:s3:*:*:accesspoint/*",
            "arn:aws:iam::111122223333:role/${aws:username}",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:logs:us-east-1:111122223333:log-group:app:*",
            "arn:aws:lambda:*:111122223333:function:status-Confidential*",
            "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets",
            "arn:aws:ec2:us-east-1:111122223333:instance/*",
            "arn:aws:kms:*:111122223333:key/*",
            "arn:*:s3:::amzn-s3-demo-bucket",
            "arn:${aws:partition}:s3:::amzn-s3-demo-bucket",
            "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/*",
            "arn:aws:sqs:*:*:*",
            "arn:aws:unknownservice:us-east-1:111122223333:thing",
            "arn:aws:s3:*",
            "arn:aws:backup:*:*:recovery-point:*",
            "arn:aws:sts::111122223333:assumed-role/app/session",
            "arn:aws:sts::111122223333:federated-user/bob",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            "arn:aws:iam::111122223333:saml-provider/okta",
            "arn:aws:logs:us-east-1:111122223333:*",
            "arn:aws:ssm:us-east-1:111122223333:parameter/app/*",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
            "arn:aws:sns:us-east-1:111122223333:alerts",
            "arn:aws:events:us-east-1:111122223333:rule/nightly",
            "arn:aws:states:us-east-1:111122223333:stateMachine:flow",
            "arn:aws:ecr:us-east-1:111122223333:repository/app",
            "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
            "arn:aws:kinesis:us-east-1:111122223333:stream/clicks",
            "arn:aws:firehose:us-east-1:111122223333:deliverystream/logs",
            "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-12345678",
            "arn:aws:rds:us-east-1:111122223333:db:orders",
            "arn:aws:ec2:us-east-1::image/ami-12345678",
            "arn:aws:ec2:us-east-1:111122223333:security-group/sg-12345678",
            "arn:aws:glue:us-east-1:111122223333:catalog",
            "arn:aws:organizations::111122223333:account/o-abc123/222233334444",
            "arn:aws:apigateway:us-east-1::/restapis/*",
            "arn:aws:route53:::hostedzone/Z123",
            "arn:aws:cloudfront::111122223333:distribution/E123",
            "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/*",
            "arn:aws:lambda:us-east-1:111122223333:function:worker:1",
            "arn:aws:lambda:us-east-1:111122223333:layer:deps:3",
            "arn:aws:iam::111122223333:policy/team/*",
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:iam::111122223333:instance-profile/web",
            "arn:aws:iam::111122223333:mfa/${aws:username}",
            "arn:aws:kms:us-east-1:111122223333:alias/app",
            "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*",
            "arn:aws:execute-api:*:111122223333:*",
            "arn:aws-cn:s3:::amzn-s3-demo-bucket",
            "arn:aws-us-gov:iam::111122223333:role/x",
            "arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31",
            // a foundation model for global cross-Region inference: no Region, as AWS writes it
            "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
        ];
        let noisy: Vec<(&str, Vec<Code>)> = quiet
            .iter()
            .map(|arn| (*arn, arn_codes(arn)))
            .filter(|(_, codes)| !codes.is_empty())
            .collect();
        assert_eq!(noisy, []);
        let fires = [
            ("arn:aws:s3", Code::MISSING_ARN_FIELD),
            ("arn:aws:s3:::", Code::INVALID_ARN_RESOURCE),
            ("arn:aws:s3:bucket", Code::MISSING_ARN_FIELD),
            (
                "arn:aws-cm:s3:::amzn-s3-demo-bucket",
                Code::INVALID_PARTITION,
            ),
            (
                "arn:aws:S3:::amzn-s3-demo-bucket",
                Code::INVALID_ARN_SERVICE_CASE,
            ),
            ("arn:aws:sqs::111122223333:orders", Code::MISSING_ARN_REGION),
            (
                "arn:aws:bedrock::111122223333:guardrail/abc123",
                Code::MISSING_ARN_REGION,
            ),
            (
                "arn:aws:iam:us-east-1:111122223333:role/admin",
                Code::ARN_REGION_NOT_ALLOWED,
            ),
            (
                "arn:aws:s3::111122223333:amzn-s3-demo-bucket",
                Code::ARN_ACCOUNT_NOT_ALLOWED,
            ),
            (
                "arn:aws:iam::111122223333:roles/admin",
                Code::INVALID_ARN_RESOURCE,
            ),
        ];
        for (arn, code) in fires {
            assert_eq!(arn_codes(arn), [code], "{arn}");
        }
    }

    fn statement_codes(kind: PolicyKind, statement: &str) -> Vec<Code> {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        parse_policy_text(&text, kind)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn keys_their_actions_support_have_no_finding() {
        let quiet = [
            r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket","Condition":{"StringLike":{"s3:prefix":"home/*"}}}"#,
            r#"{"Effect":"Allow","Action":["ec2:RunInstances"],"Resource":"*","Condition":{"StringEquals":{"ec2:InstanceType":"t3.micro","aws:RequestTag/team":"ml"},"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}}"#,
            r#"{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com","kms:CallerAccount":"111122223333"}}}"#,
            r#"{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}"#,
            r#"{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"*","Condition":{"ForAnyValue:StringEquals":{"dynamodb:LeadingKeys":["${aws:userid}"]}}}"#,
            r#"{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"StringEquals":{"ec2:CreateAction":"RunInstances"}}}"#,
            r#"{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::111122223333:policy/b"}}}"#,
            r#"{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}"#,
            r#"{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Owner":"${aws:username}"}}}"#,
            r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/env":"prod"}}}"#,
            r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"ec2:Region":"us-east-1"}}}"#,
            // A missing key makes these conditions hold: the author may mean it.
            r#"{"Effect":"Allow","Action":["iam:GetRole","iam:PassRole"],"Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEqualsIfExists":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}"#,
            r#"{"Effect":"Deny","Action":"route53:ChangeResourceRecordSets","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/env":"dev"}}}"#,
            r#"{"Effect":"Deny","Action":"route53:ChangeResourceRecordSets","Resource":"*","Condition":{"Null":{"aws:ResourceTag/env":"true"}}}"#,
        ];
        for statement in quiet {
            assert_eq!(
                statement_codes(PolicyKind::Identity, statement),
                [],
                "{statement}"
            );
        }
        let trust = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}"#;
        assert_eq!(statement_codes(PolicyKind::Trust, trust), []);
    }

    #[test]
    fn only_provable_redundancy_is_reported() {
        let quiet = [
            r#"{"Effect":"Allow","Action":["iam:Get*","iam:*Report"],"Resource":"*"}"#,
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::amzn-s3-demo-bucket/*","arn:aws:s3:::amzn-s3-demo-bucket/a/*"]}"#,
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*","arn:aws:s3:::amzn-s3-demo-bucket/${aws:userid}/*"]}"#,
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#,
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}"#,
            r#"{"Effect":"Deny","NotAction":"s3:GetObject","Resource":"*"},{"Effect":"Deny","NotAction":"s3:PutObject","Resource":"*"}"#,
        ];
        for statement in quiet {
            assert_eq!(
                statement_codes(PolicyKind::Identity, statement),
                [],
                "{statement}"
            );
        }
        let fires = [
            (
                r#"{"Effect":"Allow","Action":["s3:GetObject","S3:getobject"],"Resource":"*"}"#,
                Code::REDUNDANT_ACTION,
            ),
            (
                r#"{"Effect":"Allow","Action":["s3:Get*","s3:*"],"Resource":"*"}"#,
                Code::REDUNDANT_ACTION,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::*","arn:aws:s3:::amzn-s3-demo-bucket"]}"#,
                Code::REDUNDANT_RESOURCE,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}"#,
                Code::REDUNDANT_STATEMENT,
            ),
            (
                r#"{"Effect":"Allow","Action":"s3*:GetObject","Resource":"*"}"#,
                Code::WILDCARD_IN_SERVICE_NAME,
            ),
        ];
        for (statement, code) in fires {
            assert_eq!(
                statement_codes(PolicyKind::Identity, statement),
                [code],
                "{statement}"
            );
        }
    }

    #[test]
    fn many_entries_and_statements_are_cheap() {
        let actions: Vec<String> = (0..2000).map(|i| format!("\"s3:Get*{i}*\"")).collect();
        let statement = format!(
            r#"{{"Effect":"Allow","Action":[{}],"Resource":"*"}}"#,
            actions.join(",")
        );
        // 20 statements of 2,000 entries: far past the caps on entries (64) and comparisons
        // (20,000) per policy, so the work is the reading of each entry, once.
        let statements = vec![statement; 20].join(",");
        let started = std::time::Instant::now();
        let _ = statement_codes(PolicyKind::Identity, &statements);
        // A hang guard, not a speed figure: a blow-up takes minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_long_resource_part_is_cheap() {
        let arn = format!("arn:aws:ec2:us-east-1:111122223333:{}", "*a".repeat(5000));
        let started = std::time::Instant::now();
        let _ = arn_codes(&arn);
        let arn = format!("arn:aws:ec2:us-east-1:111122223333:{}", "*a".repeat(250));
        let _ = arn_codes(&arn);
        // A hang guard, not a speed figure: a blow-up takes minutes.
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn key_types_decide_which_operators_fit() {
        let codes = |operator: &str, key: &str, value: &str| -> Vec<Code> {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"{operator}":{{"{key}":"{value}"}}}}}}}}"#
            );
            parse_policy_text(&text, PolicyKind::Identity)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        // `aws:EpochTime` is documented as "Date, Numeric".
        assert_eq!(
            codes("NumericGreaterThan", "aws:EpochTime", "1700000000"),
            []
        );
        assert_eq!(codes("DateGreaterThan", "aws:EpochTime", "1700000000"), []);
        assert_eq!(
            codes("NumericGreaterThan", "aws:CurrentTime", "1700000000"),
            [Code::TYPE_MISMATCH]
        );
        assert_eq!(
            codes("StringEquals", "aws:SecureTransport", "true"),
            [Code::TYPE_MISMATCH]
        );
        // String and ARN operators fit both string and ARN keys; `Null` fits every key.
        assert_eq!(codes("StringLike", "aws:SourceArn", "arn:aws:s3:::b"), []);
        assert_eq!(
            codes("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/x"),
            []
        );
        assert_eq!(codes("Null", "aws:CurrentTime", "false"), []);
    }

    #[test]
    fn catalog_warnings_stop_after_fifty() {
        let actions: Vec<String> = (0..200)
            .map(|i| format!("\"s3:NoSuchAction{i}\""))
            .collect();
        let text = format!(
            r#"{{"Statement":{{"Effect":"Allow","Action":[{}],"Resource":"*"}}}}"#,
            actions.join(",")
        );
        let found = warnings(&text);
        assert_eq!(found.len(), 50 + 1);
        assert_eq!(
            found.last().map(|w| w.0.as_str()),
            Some("more than 50 unknown actions or condition keys: the rest are not reported")
        );
    }
}

/// Every check of the registry fires on its example and stays quiet on its counter-example.
#[cfg(test)]
mod registry_tests {
    use super::parse_policy_text;
    use crate::engine::{registry, Code, PolicyKind, Proof};

    fn codes(text: &str, kind: PolicyKind) -> Vec<Code> {
        parse_policy_text(text, kind)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    /// The condition-key checks answer from the thread's memo of which action supports which
    /// key: the same findings (codes and words) on a fresh thread as after every other key
    /// check's examples filled the memo (the same actions asked with other keys, in another
    /// order).
    #[test]
    fn condition_key_checks_answer_the_same_from_the_memo() {
        let key_checks = [
            Code::UNSUPPORTED_ACTION_FOR_CONDITION_KEY,
            Code::MISSING_ACTION_FOR_CONDITION_KEY,
            Code::DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            Code::ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
            Code::DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
        ];
        let mut examples: Vec<(&'static str, PolicyKind)> = Vec::new();
        for info in registry() {
            if let (true, Proof::Examples { kind, fires, quiet }) =
                (key_checks.contains(&info.code), info.proof)
            {
                examples.push((fires, kind));
                examples.push((quiet, kind));
            }
        }
        assert!(examples.len() >= 8, "{}", examples.len());
        // One action asked with two keys, one it supports and one it does not.
        examples.push((
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","iam:GetRole"],"Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}]}"#,
            PolicyKind::Identity,
        ));
        examples.push((
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","sagemaker:CreateTrainingJob"],"Resource":"*","Condition":{"StringEquals":{"sagemaker:InstanceTypes":"ml.m5.large"}}}]}"#,
            PolicyKind::Identity,
        ));
        let findings = |text: &str, kind: PolicyKind| -> Vec<String> {
            parse_policy_text(text, kind)
                .diagnostics
                .iter()
                .map(|d| format!("{:?} {}", d.code, d.message))
                .collect()
        };
        let cold: Vec<Vec<String>> = examples
            .iter()
            .map(|&(text, kind)| {
                std::thread::spawn(move || findings(text, kind))
                    .join()
                    .expect("thread")
            })
            .collect();
        assert!(cold.iter().any(|f| !f.is_empty()));
        for &(text, kind) in &examples {
            findings(text, kind);
        }
        let mut warm: Vec<Vec<String>> = examples
            .iter()
            .rev()
            .map(|&(text, kind)| findings(text, kind))
            .collect();
        warm.reverse();
        assert_eq!(cold, warm);
    }

    #[test]
    fn every_example_triggers_its_check_and_every_counter_example_has_no_finding() {
        let mut tested = 0;
        for info in registry() {
            if let Proof::Examples { kind, fires, quiet } = info.proof {
                let found = codes(fires, kind);
                assert!(
                    found.contains(&info.code),
                    "{}: its example gives {found:?}",
                    info.code
                );
                let found = codes(quiet, kind);
                assert!(
                    found.is_empty(),
                    "{}: its counter-example gives {found:?}",
                    info.code
                );
                tested += 1;
            }
        }
        assert_eq!(tested, 130, "checks with examples");
    }

    /// A policy of `kind` with exactly `chars` characters that are not white space (the `Sid`
    /// pads it).
    fn policy_of_length(kind: PolicyKind, chars: usize) -> String {
        let shape = |sid: &str| match kind {
            PolicyKind::Trust => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":{{"Service":"ec2.amazonaws.com"}},"Action":"sts:AssumeRole"}}]}}"#
            ),
            PolicyKind::Rcp => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
            ),
            PolicyKind::Resource | PolicyKind::Endpoint => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}}]}}"#
            ),
            _ => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}"#
            ),
        };
        let base = shape("").len();
        let text = shape(&"A".repeat(chars - base));
        assert_eq!(text.len(), chars);
        text
    }

    #[test]
    fn every_size_check_fires_past_its_quota_and_not_at_it() {
        let mut tested = 0;
        for info in registry() {
            if let Proof::Oversized { kind } = info.proof {
                let (limit, _) = kind.size_limit();
                let found = codes(&policy_of_length(kind, limit + 1), kind);
                assert!(found.contains(&info.code), "{}: {found:?}", info.code);
                let found = codes(&policy_of_length(kind, limit), kind);
                assert!(found.is_empty(), "{}: {found:?}", info.code);
                tested += 1;
            }
        }
        assert_eq!(tested, 6);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_check_without_an_example_names_a_test_that_gives_its_code() {
        for info in registry() {
            if let Proof::Elsewhere { tested_by, .. } = info.proof {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(tested_by);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", info.code, path.display()));
                assert!(
                    text.contains(info.code.as_str()),
                    "{}: {tested_by} does not mention it",
                    info.code
                );
            }
        }
    }
}
