//! Which statements of a policy match one action by their `Action`/`NotAction` element, worked
//! out once per distinct policy and shared by every request for that action ([`ActionIndex`]).
//!
//! The `Action` element never holds policy variables (the parser reads it with
//! `variables: false`: a `${…}` there is text), so whether it matches is a function of the
//! statement and the action alone: the grid decides a row of hundreds of principals that share
//! a few hundred distinct policies (an imported account repeats its managed policies in every
//! principal) with one look at each distinct policy's action patterns instead of one per cell.
//! Each policy's patterns are grouped by the service they name ([`Groups`], made once per
//! policy while the index lives), so an action is tried only against the patterns of its own
//! service and those whose service has a wildcard (`*`, `s3*:…`). Policies repeat patterns (an
//! account's policies are written from the same few hundred), so each distinct action pattern
//! and each distinct `Resource` element without variables is numbered once ([`Patterns`]) and
//! matched once per action, or once per resource, for every policy that holds it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use super::matching::resource_matches;
use super::NamedPolicy;
use super::Target;
use crate::ast::Policy;
use crate::pattern::{glob_match, Token};
use crate::request::Request;

/// The id of the next [`ActionIndex`] made (ids start at 1: a policy's slot of 0 names none).
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// A statement position in [`ActionIndex`]'s lists whose `Action` element could not be decided
/// without the request (a template with variables, which the parser never makes for `Action`):
/// checked per request like without an index.
pub(super) const RECHECK: u32 = 1 << 31;

/// A statement position in [`ActionIndex`]'s lists whose `Action` matched but whose `Resource`
/// element has a policy variable: its resources are checked per request. A position without
/// either flag matched by its action and by its resources (the request's resource, which every
/// request of a grid row shares).
pub(super) const RECHECK_RESOURCE: u32 = 1 << 30;

/// For one action at a time, the statements of each policy whose `Action`/`NotAction` element
/// matches it, by policy (the `Rc` of its parse: principals that share a parse share the entry).
/// [`verdict_indexed`](super::verdict_indexed) uses it only for requests of its action. A grid
/// keeps one for all its rows and [`ActionIndex::set_action`]s it to each row's action: what it
/// learnt of each policy's patterns stays, the matches of the last action are forgotten. Holds
/// each policy it has seen until dropped.
#[derive(Debug)]
pub struct ActionIndex {
    /// The action, lowercased as requests hold it.
    action: String,
    /// What the index keeps of each policy seen (in the order seen; never removed while the
    /// index lives, so positions stay valid).
    entries: RefCell<Vec<Entry>>,
    /// The position in `entries` of each policy seen, by its address (kept alive by the `Rc`
    /// inside its [`Groups`], so that no address is reused while the entry lives). A
    /// [`NamedPolicy`] met before keeps its position itself (its `slot`), and is found without
    /// this table.
    by_address: RefCell<HashMap<usize, usize, BuildHasherDefault<AddressHasher>>>,
    /// This index's id, unique in the process (the high half of the slots it writes).
    id: u64,
    /// Moves on with every new action or resource: an entry of an older stamp holds the matches
    /// of another one (worked out again when asked).
    stamp: Cell<u64>,
    /// The resource the current stamp's matches were worked out for.
    resource: RefCell<String>,
    /// The length of the action's service prefix with its colon (`sagemaker:`), 0 without one.
    service: usize,
    /// What the action and `resource` say (the same for every request of a grid row), once
    /// worked out.
    target: Cell<Option<Target>>,
    /// No statement: the answer for most policies and rows, shared without allocating.
    empty: Rc<[u32]>,
    /// Reused buffers: which statements matched, and their positions.
    scratch: RefCell<(Vec<bool>, Vec<u32>)>,
    /// The distinct patterns of the policies seen, and what they say of the current action and
    /// resource.
    patterns: RefCell<Patterns>,
}

/// A statement's position in its policy, a pattern's in its `Action`/`NotAction` element, and
/// the pattern's number among the index's distinct action patterns ([`Patterns`]).
type Pair = (u32, u32, u32);

/// A statement whose `Resource` element has a policy variable: no number in [`Patterns`].
const VARIABLE_RESOURCE: u32 = u32::MAX;

/// The distinct patterns of the policies an index has met, numbered, and what each says of the
/// current action and resource: an imported account's policies repeat the same few hundred
/// patterns (`sagemaker:Describe*`, `arn:aws:s3:::data-*/*`) thousands of times, and each is
/// matched once per grid row rather than once per policy that holds it.
#[derive(Debug, Default)]
struct Patterns {
    /// Action patterns' numbers, by their tokens' [`fingerprint`].
    actions: HashMap<u64, u32, BuildHasherDefault<AddressHasher>>,
    /// The tokens of each numbered action pattern (by number).
    action_keys: Vec<Vec<Token>>,
    /// The numbers of statements' `Resource`/`NotResource` elements without variables, by the
    /// [`fingerprint`] of whether they are negated and their patterns' tokens.
    resources: HashMap<u64, u32, BuildHasherDefault<AddressHasher>>,
    /// Whether each numbered resource element is negated, and its patterns' tokens.
    resource_keys: Vec<(bool, Vec<Vec<Token>>)>,
    /// By action pattern number, what it says of the index's action: 0 not known yet, 1 it
    /// matches, 2 it does not (cleared with every new action).
    action_memo: Vec<u8>,
    /// By resource element number, what it says of the index's resource (as above). A grid's
    /// rows name a few dozen resources (one per resource type), each again and again: the
    /// memos of the others wait in `resource_memos`.
    resource_memo: Vec<u8>,
    /// The memos of the resources met before, by resource (at most [`RESOURCE_MEMOS`]).
    resource_memos: HashMap<String, Vec<u8>>,
}

/// Most resources whose memo [`Patterns`] keeps besides the current one's.
const RESOURCE_MEMOS: usize = 256;

/// The number of a pattern no memo keeps (matched every time): one whose fingerprint another
/// pattern took first, or one past the 2^32 - 2 numbers.
const UNSHARED: u32 = u32::MAX - 1;

/// Adds `tokens` to fingerprint `h` (FNV-1a over their text, each wildcard and each end a
/// byte no UTF-8 text holds).
fn fingerprint(h: &mut u64, tokens: &[Token]) {
    let mut byte = |b: u8| *h = (*h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    for t in tokens {
        match t {
            Token::Text(text) => text.bytes().for_each(&mut byte),
            Token::AnyRun => byte(0xff),
            Token::AnyOne => byte(0xfe),
        }
    }
    byte(0xfd);
}

/// The start of a [`fingerprint`].
const FINGERPRINT: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's 64-bit multiplier.
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The number of the key of fingerprint `h` in `numbers` (each number's key in `keys`): the one
/// it has when its kept key is `same`, [`UNSHARED`] when another key took the fingerprint, a new
/// one (its key `make`d and kept) the first time.
fn number<K>(
    numbers: &mut HashMap<u64, u32, BuildHasherDefault<AddressHasher>>,
    keys: &mut Vec<K>,
    h: u64,
    same: impl FnOnce(&K) -> bool,
    make: impl FnOnce() -> K,
) -> u32 {
    if let Some(&id) = numbers.get(&h) {
        return if keys.get(id as usize).is_some_and(same) {
            id
        } else {
            UNSHARED
        };
    }
    let id = u32::try_from(keys.len())
        .ok()
        .filter(|&id| id < UNSHARED)
        .unwrap_or(UNSHARED);
    if id != UNSHARED {
        numbers.insert(h, id);
        keys.push(make());
    }
    id
}

impl Patterns {
    /// The number of action pattern `tokens`.
    fn action(&mut self, tokens: &[Token]) -> u32 {
        let mut h = FINGERPRINT;
        fingerprint(&mut h, tokens);
        number(
            &mut self.actions,
            &mut self.action_keys,
            h,
            |k| k == tokens,
            || tokens.to_vec(),
        )
    }

    /// The number of `statement`'s resource element; [`VARIABLE_RESOURCE`] when a pattern has
    /// variables.
    fn resource(&mut self, statement: &crate::ast::Statement) -> u32 {
        let element = &statement.resource;
        // Negated or not, then each pattern (none with variables).
        let mut h = (FINGERPRINT ^ u64::from(element.negated)).wrapping_mul(FNV_PRIME);
        for t in element.patterns.iter() {
            let Some(tokens) = t.fixed_tokens() else {
                return VARIABLE_RESOURCE;
            };
            fingerprint(&mut h, tokens);
        }
        let same = |(negated, kept): &(bool, Vec<Vec<Token>>)| {
            *negated == element.negated
                && kept.len() == element.patterns.len()
                && kept
                    .iter()
                    .zip(element.patterns.iter())
                    .all(|(k, t)| t.fixed_tokens() == Some(k.as_slice()))
        };
        let kept = || {
            let tokens = element.patterns.iter();
            let tokens = tokens.filter_map(|t| t.fixed_tokens().map(<[Token]>::to_vec));
            (element.negated, tokens.collect())
        };
        number(&mut self.resources, &mut self.resource_keys, h, same, kept)
    }

    /// Puts the memo of resource `from` aside and takes out `to`'s (empty when new).
    fn switch_resource(&mut self, from: &str, to: &str) {
        let (key, next) = self.resource_memos.remove_entry(to).unwrap_or_default();
        let last = std::mem::replace(&mut self.resource_memo, next);
        // A memo that learnt nothing is not kept (a grid of every action meets a new resource
        // at almost every row); a kept one takes the key it was found under, reused.
        if last.is_empty() {
            return;
        }
        if self.resource_memos.len() >= RESOURCE_MEMOS {
            self.resource_memos.clear();
        }
        let mut key = key;
        key.clear();
        key.push_str(from);
        self.resource_memos.insert(key, last);
    }
}

/// What `memo` says of number `id` (`None`: not known yet).
fn recall(memo: &[u8], id: u32) -> Option<bool> {
    match memo.get(id as usize) {
        Some(1) => Some(true),
        Some(2) => Some(false),
        _ => None,
    }
}

/// Writes to `memo` what number `id` says.
fn remember(memo: &mut Vec<u8>, id: u32, says: bool) {
    if id >= UNSHARED {
        return;
    }
    let at = id as usize;
    if memo.len() <= at {
        memo.resize(at + 1, 0);
    }
    if let Some(slot) = memo.get_mut(at) {
        *slot = if says { 1 } else { 2 };
    }
}

/// What the index keeps of one policy.
#[derive(Debug)]
struct Entry {
    groups: Groups,
    /// The [`ActionIndex::stamp`] `hits` were worked out at.
    stamp: u64,
    /// The positions of the statements that match, see [`ActionIndex::matching`].
    hits: Rc<[u32]>,
}

/// One policy's `Action`/`NotAction` patterns, grouped by the service their text names.
#[derive(Debug)]
struct Groups {
    /// The policy (keeps its address, the key, in use).
    policy: Rc<Policy>,
    /// By service prefix with its colon (`sagemaker:`), lowercase, sorted by it: (statement,
    /// pattern) pairs.
    by_service: Vec<(Box<str>, Vec<Pair>)>,
    /// Patterns whose service part has a wildcard, or that name no service: tried against
    /// every action.
    any_service: Vec<Pair>,
    /// Per statement: `NotAction`, or a pattern with variables (decided per request).
    negated: Vec<bool>,
    recheck: Vec<bool>,
    /// Per statement: its resource element's number in [`Patterns`] (or [`VARIABLE_RESOURCE`]).
    resources: Vec<u32>,
    /// What [`Groups::matching`] answers for an action no pattern can match (an action of a
    /// service the policy does not name): the `NotAction` statements and those to recheck.
    /// Most of a grid's policies answer this for most rows.
    unmatched: Box<[u32]>,
}

impl Groups {
    fn of(policy: &Rc<Policy>, patterns: &mut Patterns) -> Groups {
        let mut by_service: HashMap<&str, Vec<Pair>> = HashMap::new();
        let mut any_service = Vec::new();
        let mut negated = Vec::with_capacity(policy.statements.len());
        let mut recheck = Vec::with_capacity(policy.statements.len());
        let mut resources = Vec::with_capacity(policy.statements.len());
        for (s, st) in policy.statements.iter().enumerate() {
            negated.push(st.action.negated);
            recheck.push(false);
            resources.push(patterns.resource(st));
            let Ok(s32) = u32::try_from(s) else {
                recheck[s] = true;
                continue;
            };
            for (p, t) in st.action.patterns.iter().enumerate() {
                let (Some(tokens), Ok(p32)) = (t.fixed_tokens(), u32::try_from(p)) else {
                    recheck[s] = true;
                    continue;
                };
                // The service a pattern names: its first literal up to the colon, when the
                // colon comes before any wildcard.
                let service = match tokens.first() {
                    Some(Token::Text(head)) => head.find(':').map(|at| &head[..=at]),
                    _ => None,
                };
                let pair = (s32, p32, patterns.action(tokens));
                match service {
                    Some(service) => by_service.entry(service).or_default().push(pair),
                    None => any_service.push(pair),
                }
            }
        }
        let mut by_service: Vec<(Box<str>, Vec<Pair>)> = by_service
            .into_iter()
            .map(|(service, pairs)| (service.into(), pairs))
            .collect();
        crate::text::sort_stable_by(&mut by_service, |a, b| a.0.cmp(&b.0));
        let mut unmatched = Vec::new();
        verdicts(
            &vec![false; negated.len()],
            &negated,
            &recheck,
            &mut unmatched,
        );
        Groups {
            policy: policy.clone(),
            by_service,
            any_service,
            negated,
            recheck,
            resources,
            unmatched: unmatched.into(),
        }
    }

    /// Writes to `out` the statements whose `Action` element matches `action` (lowercase),
    /// whose service prefix with its colon is `service` (empty without one), see [`RECHECK`];
    /// `matched` is scratch space; each pattern is asked of `memo` (what the index's patterns
    /// say of `action`) first, and what it says kept there.
    fn matching(
        &self,
        action: &str,
        service: &str,
        matched: &mut Vec<bool>,
        out: &mut Vec<u32>,
        memo: &mut Vec<u8>,
    ) {
        out.clear();
        let named = self
            .by_service
            .binary_search_by(|(s, _)| (**s).cmp(service))
            .ok()
            .and_then(|at| self.by_service.get(at))
            .map(|(_, pairs)| pairs.as_slice())
            .unwrap_or_default();
        if named.is_empty() && self.any_service.is_empty() {
            out.extend_from_slice(&self.unmatched);
            return;
        }
        matched.clear();
        matched.resize(self.negated.len(), false);
        for &(s, p, id) in named.iter().chain(&self.any_service) {
            let Some(done) = matched.get_mut(s as usize) else {
                continue;
            };
            if *done {
                continue;
            }
            let says = match recall(memo, id) {
                Some(says) => says,
                None => {
                    let tokens = self
                        .policy
                        .statements
                        .get(s as usize)
                        .and_then(|st| st.action.patterns.get(p as usize))
                        .and_then(|t| t.fixed_tokens());
                    let says = tokens.is_some_and(|tokens| glob_match(tokens, action));
                    remember(memo, id, says);
                    says
                }
            };
            if says {
                *done = true;
            }
        }
        verdicts(matched, &self.negated, &self.recheck, out);
    }
}

/// The positions of the statements that apply given whether each one's patterns matched, see
/// [`RECHECK`].
fn verdicts(matched: &[bool], negated: &[bool], recheck: &[bool], out: &mut Vec<u32>) {
    let applying = matched
        .iter()
        .zip(negated)
        .zip(recheck)
        .enumerate()
        .filter_map(|(i, ((matched, negated), recheck))| {
            let i = u32::try_from(i).ok()?;
            if *recheck {
                Some(i | RECHECK)
            } else {
                (matched != negated).then_some(i)
            }
        });
    out.extend(applying);
}

impl ActionIndex {
    /// An empty index for `action` (any case: lowercased as requests lowercase it, ASCII only).
    pub fn new(action: &str) -> ActionIndex {
        let mut index = ActionIndex {
            action: String::new(),
            entries: RefCell::default(),
            by_address: RefCell::default(),
            id: u64::from(NEXT_ID.fetch_add(1, Ordering::Relaxed)),
            stamp: Cell::new(0),
            resource: RefCell::default(),
            service: 0,
            target: Cell::new(None),
            empty: Rc::from(&[][..]),
            scratch: RefCell::default(),
            patterns: RefCell::default(),
        };
        index.set_action(action);
        index
    }

    /// Makes the index one of `action`: the matches of the last action are forgotten, what it
    /// learnt of each policy's patterns is kept.
    pub fn set_action(&mut self, action: &str) {
        self.action.clear();
        self.action.push_str(action);
        self.action.make_ascii_lowercase();
        self.service = self.action.find(':').map_or(0, |at| at + 1);
        self.stamp.set(self.stamp.get() + 1);
        self.target.set(None);
        self.patterns.get_mut().action_memo.clear();
    }

    /// The action, lowercased.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// How many distinct policies the index has seen.
    pub fn policies(&self) -> usize {
        self.entries.borrow().len()
    }

    /// The positions of the statements of `policy` whose `Action` and `Resource` elements match
    /// `request` (of the index's action; see [`RECHECK`] and [`RECHECK_RESOURCE`]), worked out on
    /// the first call for that policy, action and resource.
    /// The index must follow `request`'s resource first ([`ActionIndex::follow`]).
    pub(super) fn matching(&self, named: &NamedPolicy, request: &Request) -> Rc<[u32]> {
        let policy = &named.policy;
        debug_assert!(
            *self.resource.borrow() == request.resource,
            "follow the request first"
        );
        let stamp = self.stamp.get();
        let mut entries = self.entries.borrow_mut();
        // The policy set's slot is a hint, checked: it must be this index's, and its entry this
        // policy's (an index id reused after 2^32 indexes must not answer for another policy).
        let slot = named.slot.get();
        let hinted = (slot >> 32 == self.id)
            .then_some((slot & u64::from(u32::MAX)) as usize)
            .filter(|&at| {
                entries
                    .get(at)
                    .is_some_and(|e| Rc::ptr_eq(&e.groups.policy, policy))
            });
        let at = match hinted {
            Some(at) => at,
            None => {
                let key = Rc::as_ptr(policy) as usize;
                let mut by_address = self.by_address.borrow_mut();
                let at = *by_address.entry(key).or_insert_with(|| {
                    entries.push(Entry {
                        groups: Groups::of(policy, &mut self.patterns.borrow_mut()),
                        stamp: stamp.wrapping_sub(1),
                        hits: self.empty.clone(),
                    });
                    entries.len() - 1
                });
                if let Ok(at) = u32::try_from(at) {
                    named.slot.set(self.id << 32 | u64::from(at));
                }
                at
            }
        };
        let Some(entry) = entries.get_mut(at) else {
            // Never: `at` is a position the table or a checked hint gave. Worked out afresh.
            let groups = Groups::of(policy, &mut self.patterns.borrow_mut());
            return self.work_out(&groups, policy, request);
        };
        if entry.stamp != stamp {
            entry.stamp = stamp;
            entry.hits = self.work_out(&entry.groups, policy, request);
        }
        entry.hits.clone()
    }

    /// The statements of `policy` (whose patterns `groups` holds) that match the index's action
    /// and `request`'s resource, see [`ActionIndex::matching`].
    fn work_out(&self, groups: &Groups, policy: &Policy, request: &Request) -> Rc<[u32]> {
        let service = self.action.get(..self.service).unwrap_or_default();
        let mut scratch = self.scratch.borrow_mut();
        let (matched, positions) = &mut *scratch;
        let mut patterns = self.patterns.borrow_mut();
        let Patterns {
            action_memo,
            resource_memo,
            ..
        } = &mut *patterns;
        groups.matching(&self.action, service, matched, positions, action_memo);
        positions.retain_mut(|at| {
            if *at & RECHECK != 0 {
                return true;
            }
            let Some(statement) = policy.statements.get(*at as usize) else {
                return false;
            };
            let id = groups
                .resources
                .get(*at as usize)
                .copied()
                .unwrap_or(VARIABLE_RESOURCE);
            if id == VARIABLE_RESOURCE {
                *at |= RECHECK_RESOURCE;
                return true;
            }
            // Templates without variables read nothing of the request but its resource: the
            // same element says the same of it in every policy.
            match recall(resource_memo, id) {
                Some(says) => says,
                None => {
                    let says = resource_matches(statement, request);
                    remember(resource_memo, id, says);
                    says
                }
            }
        });
        if positions.is_empty() {
            self.empty.clone()
        } else {
            Rc::from(&positions[..])
        }
    }

    /// What `request` (of the index's action) says by its action and resource alone, worked out
    /// once per resource. The index must follow `request`'s resource first.
    pub(super) fn target(&self, request: &Request) -> Target {
        debug_assert!(
            *self.resource.borrow() == request.resource,
            "follow the request first"
        );
        match self.target.get() {
            Some(target) => target,
            None => {
                let target = Target::of(request);
                self.target.set(Some(target));
                target
            }
        }
    }

    /// Forgets what was worked out for another resource than `request`'s: called once per
    /// request before [`ActionIndex::matching`] and [`ActionIndex::target`] (a grid cell asks
    /// them once per policy).
    pub(super) fn follow(&self, request: &Request) {
        if *self.resource.borrow() != request.resource {
            self.stamp.set(self.stamp.get() + 1);
            self.target.set(None);
            let mut resource = self.resource.borrow_mut();
            self.patterns
                .borrow_mut()
                .switch_resource(&resource, &request.resource);
            resource.clear();
            resource.push_str(&request.resource);
        }
    }
}

/// A hasher for addresses: one multiplication, its high bits folded into the low ones (which
/// the table indexes by; addresses are aligned, so their own low bits are zero); and for
/// [`fingerprint`]s, taken as they are.
#[derive(Debug, Default)]
pub(super) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
    fn write_u64(&mut self, n: u64) {
        // Fingerprints ([`fingerprint`]): already mixed.
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{parse_policy_text_with, NoNames, PolicyKind};
    use crate::request::{Context, Principal};

    fn request(action: &str, resource: &str) -> Request {
        let principal = Principal::parse("arn:aws:iam::111122223333:user/u").expect("a principal");
        Request::new(principal, action, resource, None, Context::default())
    }

    /// The statements `index` matches in `p` for `request`, the index following it first.
    fn matched(index: &ActionIndex, p: &NamedPolicy, request: &Request) -> Rc<[u32]> {
        index.follow(request);
        index.matching(p, request)
    }

    fn policy(text: &str) -> NamedPolicy {
        let parsed = parse_policy_text_with(text, PolicyKind::Identity, &NoNames);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        NamedPolicy::new("p", parsed.policy)
    }

    #[test]
    fn a_policy_keeps_its_place_in_each_index_and_shares_it_by_its_parse() {
        let p = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sagemaker:Create*", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
        );
        // Another name for the same parse (principals sharing a managed policy).
        let same = NamedPolicy::new("q", p.policy.clone());
        let mut sagemaker = ActionIndex::new("sagemaker:CreateModel");
        let s3 = ActionIndex::new("s3:GetObject");
        // Asked of two indexes in turn, each answers for its own action.
        for _ in 0..3 {
            assert_eq!(
                &*matched(&sagemaker, &p, &request("sagemaker:createmodel", "*")),
                &[0]
            );
            assert_eq!(&*matched(&s3, &p, &request("s3:getobject", "*")), &[1]);
            assert_eq!(
                &*matched(&sagemaker, &same, &request("sagemaker:createmodel", "*")),
                &[0]
            );
        }
        assert_eq!(sagemaker.policies(), 1);
        assert_eq!(s3.policies(), 1);
        // A slot is a hint, checked against the entry: a policy set that claims another
        // policy's place is answered for its own policy.
        let other = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}"#,
        );
        other.slot.set(p.slot.get());
        assert_eq!(
            &*matched(&sagemaker, &other, &request("sagemaker:createmodel", "*")),
            &[1]
        );
        assert_eq!(
            &*matched(&sagemaker, &p, &request("sagemaker:createmodel", "*")),
            &[0]
        );
        assert_eq!(sagemaker.policies(), 2);
        sagemaker.set_action("sagemaker:DeleteModel");
        assert_eq!(
            &*matched(&sagemaker, &same, &request("sagemaker:deletemodel", "*")),
            &[] as &[u32]
        );
        assert_eq!(
            &*matched(&sagemaker, &p, &request("sagemaker:deletemodel", "*")),
            &[] as &[u32]
        );
    }

    #[test]
    fn statements_match_by_service_wildcards_and_not_action() {
        let p = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "sagemaker:Create*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Allow", "Action": "sage*:Describe*", "Resource": "*"},
            {"Effect": "Deny", "NotAction": ["s3:*", "iam:*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}"#,
        );
        let mut index = ActionIndex::new("sagemaker:CreateModel");
        assert_eq!(
            &*matched(&index, &p, &request(index.action(), "*")),
            &[0, 1, 3]
        );
        index.set_action("SageMaker:DescribeModel");
        assert_eq!(index.action(), "sagemaker:describemodel");
        assert_eq!(
            &*matched(&index, &p, &request(index.action(), "*")),
            &[1, 2, 3]
        );
        index.set_action("s3:GetObject");
        assert_eq!(
            &*matched(&index, &p, &request(index.action(), "*")),
            &[0, 1]
        );
        index.set_action("ec2:DescribeVpcs");
        assert_eq!(
            &*matched(&index, &p, &request(index.action(), "*")),
            &[1, 3, 4]
        );
        assert_eq!(index.policies(), 1);
    }

    #[test]
    fn resources_without_variables_are_matched_once_per_resource() {
        let p = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::lake/*"}]}"#,
        );
        let index = ActionIndex::new("s3:GetObject");
        let lake = request("s3:GetObject", "arn:aws:s3:::lake/x");
        assert_eq!(&*matched(&index, &p, &lake), &[0, 1 | RECHECK_RESOURCE]);
        let other = request("s3:GetObject", "arn:aws:s3:::other/x");
        assert_eq!(&*matched(&index, &p, &other), &[1 | RECHECK_RESOURCE, 2]);
        assert_eq!(&*matched(&index, &p, &lake), &[0, 1 | RECHECK_RESOURCE]);
    }

    #[test]
    fn policies_sharing_patterns_are_answered_each_by_its_own_statements() {
        // The same action patterns and resource elements in several policies (matched once per
        // action and resource), negated or not, and resources that come back after others.
        let shared = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::lake/*"},
            {"Effect": "Allow", "Action": "s3:Put*", "Resource": "arn:aws:s3:::lake/*"}]}"#,
        );
        let negated = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "NotAction": "s3:Get*", "NotResource": "arn:aws:s3:::lake/*"},
            {"Effect": "Allow", "Action": "s3:Get*", "Resource": ["arn:aws:s3:::lake/*", "arn:aws:s3:::home/*"]}]}"#,
        );
        let other = policy(
            r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:get*", "s3:Put*"], "Resource": "arn:aws:s3:::home/*"},
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
        );
        let mut index = ActionIndex::new("s3:GetObject");
        let mut answers = std::collections::HashMap::new();
        for round in 0..2 {
            for action in ["s3:GetObject", "s3:PutObject", "s3:GetObject"] {
                index.set_action(action);
                for resource in [
                    "arn:aws:s3:::lake/x",
                    "arn:aws:s3:::home/x",
                    "arn:aws:s3:::lake/x",
                ] {
                    let r = request(action, resource);
                    for (name, p) in [
                        ("shared", &shared),
                        ("negated", &negated),
                        ("other", &other),
                    ] {
                        let got = matched(&index, p, &r).to_vec();
                        // Each statement, checked without the index.
                        let want: Vec<u32> = p
                            .policy
                            .statements
                            .iter()
                            .enumerate()
                            .filter(|(_, st)| {
                                let action_matches = st.action.patterns.iter().any(|t| {
                                    t.fixed_tokens()
                                        .is_some_and(|k| glob_match(k, &r.action_lower))
                                }) != st.action.negated;
                                action_matches && resource_matches(st, &r)
                            })
                            .map(|(i, _)| i as u32)
                            .collect();
                        assert_eq!(got, want, "{name}: {action} on {resource}, round {round}");
                        answers.insert((name, action, resource), got);
                    }
                }
            }
        }
        // The workload tells answers apart (else the test would prove nothing).
        let distinct: std::collections::HashSet<_> = answers.values().collect();
        assert!(distinct.len() >= 4, "{distinct:?}");
    }

    #[test]
    fn a_pattern_whose_fingerprint_another_took_is_matched_without_a_memo() {
        let mut patterns = Patterns::default();
        let a = vec![Token::Text("s3:get".into()), Token::AnyRun];
        let b = vec![Token::Text("s3:put".into()), Token::AnyRun];
        let id = patterns.action(&a);
        assert_eq!(patterns.action(&a), id, "the same tokens, the same number");
        // B's fingerprint made to name A's number: a collision.
        let mut h = FINGERPRINT;
        fingerprint(&mut h, &b);
        patterns.actions.insert(h, id);
        assert_eq!(patterns.action(&b), UNSHARED);
        let mut memo = Vec::new();
        remember(&mut memo, UNSHARED, true);
        assert!(memo.is_empty() && recall(&memo, UNSHARED).is_none());
        remember(&mut memo, id, false);
        assert_eq!(recall(&memo, id), Some(false));
    }

    #[test]
    fn the_target_follows_the_resource_and_the_action() {
        // A service-linked role, a plain role, a KMS key and an S3 object: each says something
        // else by its resource, and the index must never answer for the last one it saw.
        let resources = [
            "arn:aws:iam::111122223333:role/aws-service-role/x/AWSServiceRoleForX",
            "arn:aws:iam::111122223333:role/app",
            "arn:aws:kms:us-east-1:111122223333:key/1234",
            "arn:aws:s3:::lake/x",
        ];
        let mut index = ActionIndex::new("sts:AssumeRole");
        let mut seen = std::collections::HashSet::new();
        for action in [
            "sts:AssumeRole",
            "kms:Decrypt",
            "s3:GetObject",
            "sts:AssumeRole",
        ] {
            index.set_action(action);
            for resource in resources.iter().chain(resources.iter().rev()) {
                let r = request(index.action(), resource);
                index.follow(&r);
                let target = index.target(&r);
                assert_eq!(target, Target::of(&r), "{action} on {resource}");
                seen.insert(format!("{target:?}"));
            }
        }
        // The workload tells targets apart (else the test would prove nothing).
        assert!(seen.len() >= 4, "{seen:?}");
    }
}
