// The decide workload shared by the native benchmark (benches/engine.rs) and the wasm one
// (src/web/bench.rs, run by bench/run.mjs). Both `include!` this file after `use ... as pp;`
// (`policy_playground` natively, `crate` inside the library), so they measure the same thing.
//
// Workload: the seed scenario (docs/origin.md) parsed once:
//   - endpoint policy (Interface endpoint): Allow `sagemaker:*` on `*` to
//     `arn:aws:iam::111122223333:user/specific-user` only;
//   - identity policy: Allow `sagemaker:CreateTrainingJob` on `*` when
//     `aws:RequestedRegion` = `us-east-1`;
// and 3 principals × 4 SageMaker actions × 2 regions = 24 requests, decided in rotation.
// Principals: the named user, another user of the same account, and an EC2 instance's
// assumed-role session. Actions: CreateTrainingJob (the one the IAM policy grants),
// DescribeTrainingJob, CreateEndpoint, ListModels. Regions: us-east-1 (allowed) and eu-west-1.
// Outcomes over the 24: 1 Allowed (specific-user, CreateTrainingJob, us-east-1); the other 23 are
// ImplicitlyDenied by the endpoint policy, the identity policy or both.

/// The seed endpoint policy, with the note's `account` placeholder made a real account id.
pub const SEED_ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:user/specific-user" },
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}"#;

/// The seed IAM policy, attached to every principal of the workload.
pub const SEED_IDENTITY_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sagemaker:CreateTrainingJob",
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:RequestedRegion": "us-east-1" } }
    }
  ]
}"#;

/// The callers of the workload.
pub const WORKLOAD_PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/specific-user",
    "arn:aws:iam::111122223333:user/other-user",
    "arn:aws:sts::111122223333:assumed-role/ml-instance-role/i-0123456789abcdef0",
];

/// The actions of the workload, with the resource each one is called on (`{region}` is filled in).
pub const WORKLOAD_ACTIONS: &[(&str, &str)] = &[
    (
        "sagemaker:CreateTrainingJob",
        "arn:aws:sagemaker:{region}:111122223333:training-job/job-1",
    ),
    (
        "sagemaker:DescribeTrainingJob",
        "arn:aws:sagemaker:{region}:111122223333:training-job/job-1",
    ),
    (
        "sagemaker:CreateEndpoint",
        "arn:aws:sagemaker:{region}:111122223333:endpoint/ep-1",
    ),
    ("sagemaker:ListModels", "*"),
];

/// The regions of the workload (`aws:RequestedRegion`).
pub const WORKLOAD_REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

/// The seed policy set, parsed once.
pub fn seed_policy_set() -> pp::engine::PolicySet {
    use pp::checks::parse_policy_text;
    use pp::engine::{Endpoint, EndpointType, NamedPolicy, PolicyKind, PolicySet};
    let identity = parse_policy_text(SEED_IDENTITY_POLICY, PolicyKind::Identity);
    let endpoint = parse_policy_text(SEED_ENDPOINT_POLICY, PolicyKind::Endpoint);
    assert!(
        !identity.has_errors() && !endpoint.has_errors(),
        "the seed policies must parse"
    );
    PolicySet {
        identity_policies: vec![NamedPolicy::new("identityPolicies[0]", identity.policy)],
        endpoint: Some(Endpoint {
            endpoint_type: EndpointType::Interface,
            policy: NamedPolicy::new("endpoint.policy", endpoint.policy),
        }),
        // The seed scenario has no other layer.
        ..PolicySet::default()
    }
}

/// The 24 requests of the workload, built once.
pub fn workload_requests() -> Vec<pp::engine::Request> {
    use pp::engine::{Context, Principal, Request};
    let mut out = Vec::new();
    for principal in WORKLOAD_PRINCIPALS {
        for (action, resource) in WORKLOAD_ACTIONS {
            for region in WORKLOAD_REGIONS {
                let mut context = Context::default();
                context.insert("aws:RequestedRegion", vec![region.to_string()]);
                context.insert("aws:SourceVpce", vec!["vpce-0a1b2c3d4e5f67890".to_string()]);
                context.insert("aws:SourceVpc", vec!["vpc-0123456789abcdef0".to_string()]);
                // The workload's principals are fixed ARNs that always parse.
                let Ok(principal) = Principal::parse(principal) else {
                    continue;
                };
                out.push(Request::new(
                    principal,
                    action,
                    &resource.replace("{region}", region),
                    Some("111122223333".to_string()),
                    context,
                ));
            }
        }
    }
    out
}

/// A small number that depends on every part of an evaluation, so that the optimizer cannot drop
/// the work and so that native and wasm runs can be compared.
pub fn evaluation_code(e: &pp::engine::Evaluation) -> u32 {
    let decision = match e.decision {
        pp::engine::Decision::Allowed => 1,
        pp::engine::Decision::ExplicitlyDenied => 2,
        pp::engine::Decision::ImplicitlyDenied => 3,
    };
    decision + 4 * e.blocked_by.len() as u32 + 16 * e.decisive.len() as u32
}

/// Decides `iterations` requests of the workload in rotation and returns the checksum (the sum of
/// [`evaluation_code`] over the decisions, wrapping).
pub fn run_decide_workload(
    set: &pp::engine::PolicySet,
    requests: &[pp::engine::Request],
    iterations: u32,
) -> u32 {
    let mut checksum = 0u32;
    let mut i = 0usize;
    for _ in 0..iterations {
        let request = std::hint::black_box(&requests[i]);
        let evaluation = pp::engine::decide(std::hint::black_box(set), request);
        checksum = checksum.wrapping_add(evaluation_code(&evaluation));
        i += 1;
        if i == requests.len() {
            i = 0;
        }
    }
    checksum
}
