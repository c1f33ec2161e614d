//! Unit tests of the evaluator's helpers (the decisions themselves are pinned by the corpus).

use super::matching::entry_reach;
use super::*;
use crate::request::Context;

fn request(principal: &str, action: &str, resource: &str) -> Request {
    let principal = Principal::parse(principal).unwrap_or_else(|_| Principal::anonymous());
    Request::new(principal, action, resource, None, Context::default())
}

#[test]
fn sorted_lists_for_binary_search() {
    assert!(KMS_CROSS_ACCOUNT_ACTIONS.windows(2).all(|w| w[0] < w[1]));
    assert!(RCP_SERVICES.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn guarded_resources_come_from_the_arn_and_the_action() {
    let alice = "arn:aws:iam::111122223333:user/alice";
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let role = "arn:aws:iam::111122223333:role/Deployer";
    let of = |action, resource| GuardedResource::of(&request(alice, action, resource));
    assert_eq!(of("kms:Decrypt", key), Some(GuardedResource::KmsKey));
    assert_eq!(
        of(
            "kms:Decrypt",
            "arn:aws:kms:us-east-1:111122223333:alias/app"
        ),
        None
    );
    assert_eq!(of("sts:AssumeRole", role), Some(GuardedResource::RoleTrust));
    assert_eq!(of("sts:TagSession", role), Some(GuardedResource::RoleTrust));
    assert_eq!(of("iam:PassRole", role), None);
    assert_eq!(of("sts:AssumeRole", "*"), None);
}

#[test]
fn the_default_key_policy_names_the_key_account() {
    let r = request(
        "arn:aws:iam::111122223333:user/alice",
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:444455556666:key/k1",
    );
    let policy = default_key_policy(&r);
    let principal = policy.statements[0].principal.as_ref().map(|p| &p.entries);
    assert_eq!(
        principal,
        Some(&vec![PrincipalEntry::Account("444455556666".into())])
    );
}

#[test]
fn a_federating_user_is_reached_like_a_role() {
    let mut r = request(
        "arn:aws:sts::111122223333:federated-user/bob-session",
        "s3:GetObject",
        "*",
    );
    let bob = PrincipalEntry::Arn("arn:aws:iam::111122223333:user/bob".into());
    assert_eq!(
        entry_reach(&bob, &r.principal, MatchRules::for_request(&r, None)),
        None
    );
    r.federating_user = Some("arn:aws:iam::111122223333:user/bob".into());
    assert_eq!(
        entry_reach(&bob, &r.principal, MatchRules::for_request(&r, None)),
        Some(Reach::Role)
    );
}

#[test]
fn the_steps_follow_the_flowchart_order() {
    let set = PolicySet::default();
    let e = decide(
        &set,
        &request("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "*"),
    );
    assert_eq!(e.steps.map(|s| s.layer), Layer::FLOWCHART);
}
