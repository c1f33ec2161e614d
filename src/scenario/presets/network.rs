//! Presets with a network (issue 13): principals call from workloads in a VPC, and the network
//! path decides first whether their calls arrive, through which endpoint and with which context.
//! Each network is written as the JSON a `simulate` case's `network` holds, so that it reads like
//! one and can be copied into a case.

use super::super::{EndpointDoc, PrincipalDoc, ResourceDoc, Scenario};
use super::{context, expect, expect_on, policy, role_session, user, Preset, SEED_IAM_POLICY};
use crate::network::Network;
use crate::scenario::Expect;

/// The SageMaker API endpoint of the exam question, and of `sagemaker-network`.
const SAGEMAKER_VPCE: &str = "vpce-0a1b2c3d4e5f67890";
/// The S3 gateway endpoint of `s3-gateway-route-table`.
const S3_VPCE: &str = "vpce-0fedcba9876543210";
/// The Secrets Manager endpoint of `sg-cannot-tell-principals`.
const SECRETS_VPCE: &str = "vpce-0c1d2e3f4a5b6c7d8";

/// Reads a preset's network. The texts are constants that a test reads (`every_network_reads`),
/// so `None` never ships.
fn network(json: &str) -> Option<Network> {
    serde_json::from_str(json).ok()
}

/// A principal calling from `workload`.
fn on(workload: &str, principal: PrincipalDoc) -> PrincipalDoc {
    PrincipalDoc {
        workload: workload.into(),
        ..principal
    }
}

/// The exam's VPC: a public subnet (NAT gateway, internet gateway), two private subnets in two
/// Availability Zones holding the SageMaker API endpoint's interfaces, and a legacy subnet whose
/// network ACL lets HTTPS in but not the answers to its own calls. Three workloads: the notebook
/// (open egress), the batch host (egress to PostgreSQL only) and the legacy VM.
const SAGEMAKER_NETWORK: &str = r#"{
  "region": "us-east-1",
  "vpc": { "id": "vpc-0123456789abcdef0", "cidr": "10.0.0.0/16" },
  "subnets": [
    { "id": "subnet-public", "az": "us-east-1a", "cidr": "10.0.0.0/24", "routeTable": "rtb-public" },
    { "id": "subnet-private-a", "az": "us-east-1a", "cidr": "10.0.1.0/24", "routeTable": "rtb-private" },
    { "id": "subnet-private-b", "az": "us-east-1b", "cidr": "10.0.2.0/24", "routeTable": "rtb-private" },
    { "id": "subnet-legacy", "az": "us-east-1a", "cidr": "10.0.3.0/24", "routeTable": "rtb-private", "nacl": "acl-legacy" }
  ],
  "routeTables": [
    { "id": "rtb-public", "routes": [{ "destination": "0.0.0.0/0", "target": "igw-0example" }] },
    { "id": "rtb-private", "main": true, "routes": [{ "destination": "0.0.0.0/0", "target": "nat-0example" }] }
  ],
  "nacls": [
    {
      "id": "acl-legacy",
      "inbound": [{ "rule": 100, "protocol": "tcp", "ports": "443", "cidr": "10.0.0.0/16", "action": "allow" }],
      "outbound": [{ "rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow" }]
    }
  ],
  "securityGroups": [
    { "id": "sg-notebook", "egress": [{ "protocol": "all", "cidr": "0.0.0.0/0" }] },
    { "id": "sg-batch", "egress": [{ "protocol": "tcp", "ports": "5432", "cidr": "10.0.0.0/16" }] },
    { "id": "sg-legacy", "egress": [{ "protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0" }] },
    { "id": "sg-endpoint", "ingress": [{ "protocol": "tcp", "ports": "443", "cidr": "10.0.0.0/16" }] }
  ],
  "natGateways": [
    { "id": "nat-0example", "subnet": "subnet-public", "privateIp": "10.0.0.10", "publicIp": "198.51.100.7" }
  ],
  "internetGateway": "igw-0example",
  "interfaceEndpoints": [
    {
      "id": "vpce-0a1b2c3d4e5f67890",
      "service": "com.amazonaws.us-east-1.sagemaker.api",
      "interfaces": [
        { "subnet": "subnet-private-a", "ip": "10.0.1.20" },
        { "subnet": "subnet-private-b", "ip": "10.0.2.20" }
      ],
      "securityGroups": ["sg-endpoint"],
      "privateDns": true
    }
  ],
  "workloads": [
    { "name": "notebook", "kind": "notebook", "subnet": "subnet-private-a", "securityGroups": ["sg-notebook"], "privateIp": "10.0.1.50" },
    { "name": "batch-host", "subnet": "subnet-private-b", "securityGroups": ["sg-batch"], "privateIp": "10.0.2.60" },
    { "name": "legacy-vm", "subnet": "subnet-legacy", "securityGroups": ["sg-legacy"], "privateIp": "10.0.3.70" }
  ]
}"#;

pub(super) fn sagemaker_network() -> Preset {
    const ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/notebook-role" },
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}"#;
    let iam = || vec![policy("sagemaker-training", SEED_IAM_POLICY)];
    Preset {
        id: "sagemaker-network",
        title: "SageMaker API from a VPC: the network path, then the policies",
        lesson: "The network decides by address and port whether a call arrives (the batch host stops at its security group, the legacy VM's answer at its network ACL); it cannot tell notebook-role from other-user on the same notebook, which the endpoint policy and IAM do. Turn the endpoint's private DNS off and every call that arrives goes over the NAT gateway, past the endpoint policy: other-user's IAM policy alone then lets it in.",
        focus: ("other-user", "sagemaker:CreateTrainingJob"),
        scenario: Scenario {
            title: "Securing SageMaker API calls from a VPC, hop by hop".into(),
            endpoints: vec![EndpointDoc {
                id: SAGEMAKER_VPCE.into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.sagemaker.api".into(),
                policy: ENDPOINT_POLICY.into(),
            }],
            principals: vec![
                on("notebook", role_session("notebook-role", "SageMaker", iam())),
                on("notebook", user("other-user", iam())),
                on("batch-host", role_session("batch-role", "i-0b1c2d3e4f5a6b7c8", iam())),
                on("legacy-vm", role_session("legacy-role", "i-0c2d3e4f5a6b7c8d9", iam())),
            ],
            context: context(true),
            actions: "sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob, sagemaker:ListTrainingJobs"
                .into(),
            network: network(SAGEMAKER_NETWORK),
            expectations: vec![
                expect(
                    "notebook-role",
                    "sagemaker:CreateTrainingJob",
                    Expect::Allowed,
                    "the call arrives through the endpoint, whose policy names the notebook's role, and IAM allows it",
                ),
                expect(
                    "other-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::ImplicitlyDenied,
                    "the same notebook and the same path, but the endpoint policy does not name it",
                ),
                expect(
                    "batch-role",
                    "sagemaker:CreateTrainingJob",
                    Expect::Unreachable,
                    "sg-batch lets only PostgreSQL out: the call stops at the security group",
                ),
                expect(
                    "legacy-role",
                    "sagemaker:CreateTrainingJob",
                    Expect::Unreachable,
                    "acl-legacy lets HTTPS in but not the answers to the VM's own calls (ephemeral ports)",
                ),
            ],
            ..Scenario::default()
        },
    }
}

/// A VPC whose S3 gateway endpoint is associated with one route table only: the app subnet's.
/// The reporting subnet's table sends everything, S3 included, to the NAT gateway.
const S3_NETWORK: &str = r#"{
  "region": "us-east-1",
  "vpc": { "id": "vpc-0a9b8c7d6e5f4a3b2", "cidr": "10.1.0.0/16" },
  "subnets": [
    { "id": "subnet-public", "az": "us-east-1a", "cidr": "10.1.0.0/24", "routeTable": "rtb-public" },
    { "id": "subnet-app", "az": "us-east-1a", "cidr": "10.1.1.0/24", "routeTable": "rtb-app" },
    { "id": "subnet-reporting", "az": "us-east-1b", "cidr": "10.1.2.0/24", "routeTable": "rtb-reporting" }
  ],
  "routeTables": [
    { "id": "rtb-public", "routes": [{ "destination": "0.0.0.0/0", "target": "igw-0example" }] },
    {
      "id": "rtb-app",
      "routes": [
        { "destination": "0.0.0.0/0", "target": "nat-0example" },
        { "destination": "pl-63a5400a", "target": "vpce-0fedcba9876543210" }
      ]
    },
    { "id": "rtb-reporting", "main": true, "routes": [{ "destination": "0.0.0.0/0", "target": "nat-0example" }] }
  ],
  "securityGroups": [
    { "id": "sg-app", "egress": [{ "protocol": "tcp", "ports": "443", "prefixList": "pl-63a5400a" }] },
    { "id": "sg-reporting", "egress": [{ "protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0" }] }
  ],
  "prefixLists": [
    {
      "id": "pl-63a5400a",
      "name": "com.amazonaws.us-east-1.s3",
      "cidrs": ["52.216.0.0/15", "54.231.0.0/16", "3.5.0.0/19", "16.182.0.0/16", "18.34.0.0/19", "18.34.232.0/21"]
    }
  ],
  "natGateways": [
    { "id": "nat-0example", "subnet": "subnet-public", "privateIp": "10.1.0.10", "publicIp": "198.51.100.7" }
  ],
  "internetGateway": "igw-0example",
  "gatewayEndpoints": [
    { "id": "vpce-0fedcba9876543210", "service": "com.amazonaws.us-east-1.s3", "routeTables": ["rtb-app"] }
  ],
  "workloads": [
    { "name": "app-server", "subnet": "subnet-app", "securityGroups": ["sg-app"], "privateIp": "10.1.1.40" },
    { "name": "reporting-host", "subnet": "subnet-reporting", "securityGroups": ["sg-reporting"], "privateIp": "10.1.2.40" }
  ]
}"#;

pub(super) fn s3_gateway_route_table() -> Preset {
    const ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheAppBucket",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]
    }
  ]
}"#;
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "*"
    }
  ]
}"#;
    let iam = || vec![policy("s3-objects", IAM)];
    Preset {
        id: "s3-gateway-route-table",
        title: "S3 gateway endpoint: only the route tables it is associated with",
        lesson: "A gateway endpoint adds its S3 prefix-list route only to the route tables associated with it: the app server's calls go through it (aws:SourceVpce set, its policy limits them to one bucket), the reporting host's leave by the NAT gateway with its public address, and no endpoint policy applies to them.",
        focus: ("app-role", "s3:GetObject"),
        scenario: Scenario {
            title: "Which subnets use the S3 gateway endpoint".into(),
            endpoints: vec![EndpointDoc {
                id: S3_VPCE.into(),
                endpoint_type: "Gateway".into(),
                service: "com.amazonaws.us-east-1.s3".into(),
                policy: ENDPOINT_POLICY.into(),
            }],
            principals: vec![
                on("app-server", role_session("app-role", "i-0a1b2c3d4e5f6a7b8", iam())),
                on(
                    "reporting-host",
                    role_session("reporting-role", "i-0d4e5f6a7b8c9d0e1", iam()),
                ),
            ],
            resources: vec![ResourceDoc {
                name: "other-bucket".into(),
                arn: "arn:aws:s3:::amzn-s3-demo-other-bucket/exports/q1.csv".into(),
                account: "111122223333".into(),
                policy: String::new(),
            }],
            context: context(true),
            actions: "s3:GetObject, s3:PutObject".into(),
            resource: "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv".into(),
            network: network(S3_NETWORK),
            expectations: vec![
                expect(
                    "*-role",
                    "s3:GetObject",
                    Expect::Allowed,
                    "the app bucket: through the gateway endpoint for app-role, over the NAT gateway for reporting-role",
                ),
                expect_on(
                    "app-role",
                    "s3:GetObject",
                    "other-bucket",
                    Expect::ImplicitlyDenied,
                    "through the gateway endpoint, whose policy names the app bucket only",
                ),
                expect_on(
                    "reporting-role",
                    "s3:GetObject",
                    "other-bucket",
                    Expect::Allowed,
                    "over the NAT gateway no endpoint policy applies: IAM alone decides",
                ),
            ],
            ..Scenario::default()
        },
    }
}

/// One private subnet: a CI runner and the Secrets Manager endpoint, whose security groups
/// reference each other.
const CI_NETWORK: &str = r#"{
  "region": "us-east-1",
  "vpc": { "id": "vpc-0f1e2d3c4b5a69788", "cidr": "10.2.0.0/16" },
  "subnets": [
    { "id": "subnet-private-a", "az": "us-east-1a", "cidr": "10.2.1.0/24" },
    { "id": "subnet-private-b", "az": "us-east-1b", "cidr": "10.2.2.0/24" }
  ],
  "routeTables": [{ "id": "rtb-private", "main": true }],
  "securityGroups": [
    { "id": "sg-ci-runner", "egress": [{ "protocol": "tcp", "ports": "443", "group": "sg-secrets-endpoint" }] },
    { "id": "sg-secrets-endpoint", "ingress": [{ "protocol": "tcp", "ports": "443", "group": "sg-ci-runner" }] }
  ],
  "interfaceEndpoints": [
    {
      "id": "vpce-0c1d2e3f4a5b6c7d8",
      "service": "com.amazonaws.us-east-1.secretsmanager",
      "interfaces": [
        { "subnet": "subnet-private-a", "ip": "10.2.1.20" },
        { "subnet": "subnet-private-b", "ip": "10.2.2.20" }
      ],
      "securityGroups": ["sg-secrets-endpoint"]
    }
  ],
  "workloads": [
    { "name": "ci-runner", "subnet": "subnet-private-b", "securityGroups": ["sg-ci-runner"], "privateIp": "10.2.2.50" }
  ]
}"#;

pub(super) fn sg_cannot_tell_principals() -> Preset {
    const ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/deploy-role" },
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*"
    }
  ]
}"#;
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      "Resource": "*"
    }
  ]
}"#;
    let iam = || vec![policy("read-secrets", IAM)];
    Preset {
        id: "sg-cannot-tell-principals",
        title: "Security groups cannot tell principals apart",
        lesson: "Both roles run on the same CI runner behind the same security group, so both reach the endpoint: security groups and network ACLs see addresses and ports, not principals. Only the endpoint policy (and IAM) can let deploy-role in and keep test-role out.",
        focus: ("test-role", "secretsmanager:GetSecretValue"),
        scenario: Scenario {
            title: "One host, one security group, two roles".into(),
            endpoints: vec![EndpointDoc {
                id: SECRETS_VPCE.into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.secretsmanager".into(),
                policy: ENDPOINT_POLICY.into(),
            }],
            principals: vec![
                on("ci-runner", role_session("deploy-role", "ci-build-42", iam())),
                on("ci-runner", role_session("test-role", "ci-build-42", iam())),
            ],
            context: context(true),
            actions: "secretsmanager:GetSecretValue, secretsmanager:DescribeSecret".into(),
            network: network(CI_NETWORK),
            expectations: vec![
                expect(
                    "deploy-role",
                    "secretsmanager:GetSecretValue",
                    Expect::Allowed,
                    "the network lets the runner reach the endpoint, and the endpoint policy names this role",
                ),
                expect(
                    "test-role",
                    "secretsmanager:GetSecretValue",
                    Expect::ImplicitlyDenied,
                    "the same host and security group reach the endpoint too; the endpoint policy does not name this role",
                ),
            ],
            ..Scenario::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::preset;
    use super::*;
    use crate::engine::Layer;
    use crate::network::{path, service_for, HopKind, Path, Way};
    use crate::scenario::{ExpectationState, Workspace};

    const NETWORK_PRESETS: [&str; 3] = [
        "sagemaker-network",
        "s3-gateway-route-table",
        "sg-cannot-tell-principals",
    ];

    fn net(id: &str) -> Network {
        preset(id)
            .expect("preset")
            .scenario
            .network
            .expect("a network")
    }

    /// The path of a call of IAM service `prefix` from `workload`.
    fn call(net: &Network, workload: &str, prefix: &str) -> Path {
        path(net, workload, &service_for(net, prefix))
    }

    /// `(hop, code)` of each hop, and whether the call arrives.
    fn hops(p: &Path) -> (Vec<(&'static str, &'static str)>, bool) {
        (
            p.hops.iter().map(|h| (h.kind.as_str(), h.code)).collect(),
            p.arrives(),
        )
    }

    /// Every cell of the grid as (principal, action, decision name, the hop that stopped it).
    fn grid(scenario: Scenario) -> Vec<(String, &'static str, &'static str, Option<HopKind>)> {
        let ws = Workspace::new(scenario);
        assert!(
            ws.diagnostics().iter().all(|d| !d.is_error()),
            "{:?}",
            ws.diagnostics()
        );
        let grid = ws.grid().expect("grid");
        let mut cells = Vec::new();
        for (row, action) in grid.actions.iter().enumerate() {
            for (column, id) in grid.principals.iter().enumerate() {
                let c = grid.cells[row][column];
                let name = ws.principal(*id).expect("principal").name.clone();
                cells.push((name, *action, c.decision_name(), c.unreachable));
            }
        }
        cells
    }

    /// The cell of `principal` × `action` in `cells`.
    fn cell(
        cells: &[(String, &'static str, &'static str, Option<HopKind>)],
        principal: &str,
        action: &str,
    ) -> (&'static str, Option<HopKind>) {
        cells
            .iter()
            .find(|(p, a, _, _)| p == principal && *a == action)
            .map(|(_, _, d, h)| (*d, *h))
            .expect("cell")
    }

    /// The states of a scenario's expectations, in order.
    fn expectation_states(scenario: Scenario) -> Vec<ExpectationState> {
        Workspace::new(scenario)
            .check_expectations()
            .iter()
            .map(|r| r.state)
            .collect()
    }

    const CREATE: &str = "sagemaker:CreateTrainingJob";

    #[test]
    fn sagemaker_network_grid_decides_each_principal_along_its_workloads_path() {
        let scenario = preset("sagemaker-network").expect("preset").scenario;
        let cells = grid(scenario.clone());
        assert_eq!(cell(&cells, "notebook-role", CREATE), ("Allowed", None));
        // The same notebook, the same path: the endpoint policy tells them apart.
        assert_eq!(
            cell(&cells, "other-user", CREATE),
            ("ImplicitlyDenied", None)
        );
        assert_eq!(
            cell(&cells, "batch-role", CREATE),
            ("Unreachable", Some(HopKind::SecurityGroupEgress))
        );
        assert_eq!(
            cell(&cells, "legacy-role", CREATE),
            ("Unreachable", Some(HopKind::Return))
        );
        // A network stop holds for every action of the service: no policy is asked.
        for action in [
            "sagemaker:DescribeTrainingJob",
            "sagemaker:ListTrainingJobs",
        ] {
            assert_eq!(cell(&cells, "batch-role", action).0, "Unreachable");
            assert_eq!(cell(&cells, "legacy-role", action).0, "Unreachable");
        }
        // The endpoint policy is the layer that keeps other-user out.
        let ws = Workspace::new(scenario.clone());
        let e = ws
            .explain(crate::scenario::tests::named(&ws, "other-user"), CREATE)
            .expect("explained");
        assert_eq!(e.evaluation.blocked_by, vec![Layer::Endpoint]);
        assert!(e.path.is_some(), "the explanation carries the path");
        assert!(expectation_states(scenario)
            .iter()
            .all(|s| *s == ExpectationState::Pass));
    }

    #[test]
    fn sagemaker_network_without_private_dns_lets_other_user_in_by_iam_alone() {
        let mut scenario = preset("sagemaker-network").expect("preset").scenario;
        if let Some(net) = scenario.network.as_mut() {
            net.interface_endpoints[0].private_dns = false;
        }
        let cells = grid(scenario.clone());
        assert_eq!(cell(&cells, "notebook-role", CREATE), ("Allowed", None));
        assert_eq!(cell(&cells, "other-user", CREATE), ("Allowed", None));
        assert_eq!(
            cell(&cells, "batch-role", CREATE),
            ("Unreachable", Some(HopKind::SecurityGroupEgress))
        );
        assert_eq!(
            cell(&cells, "legacy-role", CREATE),
            ("Unreachable", Some(HopKind::Return))
        );
        // Over the NAT gateway the endpoint policy is not on the way.
        let ws = Workspace::new(scenario.clone());
        let e = ws
            .explain(crate::scenario::tests::named(&ws, "other-user"), CREATE)
            .expect("explained");
        assert!(e.evaluation.blocked_by.is_empty());
        assert!(e
            .evaluation
            .steps
            .iter()
            .any(|s| s.layer == Layer::Endpoint && s.state.as_str() == "not-applicable"));
        // The expectation that other-user is kept out now fails; the others still hold.
        use ExpectationState::{Fail, Pass};
        assert_eq!(expectation_states(scenario), [Pass, Fail, Pass, Pass]);
    }

    #[test]
    fn s3_gateway_route_table_grid_endpoint_policy_only_on_the_associated_table() {
        let scenario = preset("s3-gateway-route-table").expect("preset").scenario;
        let cells = grid(scenario.clone());
        for who in ["app-role", "reporting-role"] {
            assert_eq!(
                cell(&cells, who, "s3:GetObject"),
                ("Allowed", None),
                "{who}"
            );
        }
        let ws = Workspace::new(scenario.clone());
        let other = "arn:aws:s3:::amzn-s3-demo-other-bucket/exports/q1.csv";
        let at = |who: &str| {
            ws.explain_at(
                crate::scenario::tests::named(&ws, who),
                "s3:GetObject",
                other,
            )
            .expect("explained")
            .evaluation
        };
        // Through the gateway endpoint its policy keeps the app role to the app bucket.
        let app = at("app-role");
        assert_eq!(app.blocked_by, vec![Layer::Endpoint]);
        // Over the NAT gateway no endpoint policy applies: IAM alone lets the reporting role in.
        assert_eq!(
            at("reporting-role").decision,
            crate::engine::Decision::Allowed
        );
        assert!(expectation_states(scenario)
            .iter()
            .all(|s| *s == ExpectationState::Pass));
    }

    #[test]
    fn sg_cannot_tell_principals_grid_only_the_endpoint_policy_does() {
        let scenario = preset("sg-cannot-tell-principals")
            .expect("preset")
            .scenario;
        let cells = grid(scenario.clone());
        let get = "secretsmanager:GetSecretValue";
        assert_eq!(cell(&cells, "deploy-role", get), ("Allowed", None));
        assert_eq!(cell(&cells, "test-role", get), ("ImplicitlyDenied", None));
        // Neither cell stops in the network: both calls arrive.
        assert!(cells.iter().all(|(_, _, _, hop)| hop.is_none()));
        let ws = Workspace::new(scenario.clone());
        let e = ws
            .explain(crate::scenario::tests::named(&ws, "test-role"), get)
            .expect("explained");
        assert_eq!(e.evaluation.blocked_by, vec![Layer::Endpoint]);
        assert!(expectation_states(scenario)
            .iter()
            .all(|s| *s == ExpectationState::Pass));
    }

    #[test]
    fn every_network_reads_and_every_principal_calls_from_one_of_its_workloads() {
        for id in NETWORK_PRESETS {
            let scenario = preset(id).expect("preset").scenario;
            let net = scenario.network.as_ref().expect("the network's JSON reads");
            for p in &scenario.principals {
                assert!(
                    net.workloads.iter().any(|w| w.name == p.workload),
                    "{id}: {} calls from `{}`",
                    p.name,
                    p.workload
                );
            }
            // Every endpoint of the network has the scenario endpoint that holds its policy.
            let ids = net
                .interface_endpoints
                .iter()
                .map(|e| &e.id)
                .chain(net.gateway_endpoints.iter().map(|g| &g.id));
            for e in ids {
                assert!(
                    scenario.endpoints.iter().any(|d| &d.id == e),
                    "{id}: no endpoint document for {e}"
                );
            }
        }
    }

    #[test]
    fn sagemaker_network_paths_notebook_arrives_batch_host_and_legacy_vm_do_not() {
        let net = net("sagemaker-network");
        let notebook = call(&net, "notebook", "sagemaker");
        assert_eq!(
            hops(&notebook),
            (
                vec![
                    ("dns", "PRIVATE_DNS"),
                    ("route", "LOCAL_ROUTE"),
                    ("security-group-egress", "SECURITY_GROUP_ALLOWS"),
                    ("nacl-outbound", "SAME_SUBNET"),
                    ("endpoint-security-group", "SECURITY_GROUP_ALLOWS"),
                    ("return", "STATEFUL_ONLY"),
                ],
                true
            )
        );
        assert!(matches!(
            &notebook.way,
            Some(Way::InterfaceEndpoint { endpoint, .. }) if endpoint == SAGEMAKER_VPCE
        ));
        let batch = call(&net, "batch-host", "sagemaker");
        let blocked = batch.blocked_at().expect("blocked");
        assert_eq!(
            (blocked.kind, blocked.code),
            (HopKind::SecurityGroupEgress, "NO_MATCHING_EGRESS_RULE")
        );
        // The legacy VM's call gets there (its ACL lets HTTPS out, the endpoint's subnet has
        // the default ACL); the answer does not get back: acl-legacy lets in port 443 only, not
        // the VM's ephemeral ports, and the `*` rule drops the answer.
        let legacy = call(&net, "legacy-vm", "sagemaker");
        let blocked = legacy.blocked_at().expect("blocked");
        assert_eq!(
            (
                blocked.kind,
                blocked.code,
                blocked.component.as_deref(),
                blocked.rule
            ),
            (HopKind::Return, "NACL_NO_RULE", Some("acl-legacy"), None)
        );
        assert!(!legacy.arrives());
    }

    #[test]
    fn sagemaker_network_without_private_dns_sends_every_call_that_arrives_over_the_nat_gateway() {
        let mut net = net("sagemaker-network");
        net.interface_endpoints[0].private_dns = false;
        let mut arrived = 0;
        for w in &net.workloads {
            let p = call(&net, &w.name, "sagemaker");
            assert_eq!(p.hops[0].code, "PUBLIC_DNS_PRIVATE_DNS_OFF", "{}", w.name);
            if p.arrives() {
                arrived += 1;
                assert_eq!(
                    p.way,
                    Some(Way::NatGateway {
                        nat: "nat-0example".into(),
                        public_ip: "198.51.100.7".parse().expect("address"),
                    }),
                    "{}",
                    w.name
                );
                assert_eq!(
                    p.context(&net, w),
                    vec![("aws:SourceIp", "198.51.100.7".to_string())],
                    "no aws:SourceVpce: no endpoint on the way"
                );
            }
        }
        assert_eq!(arrived, 1, "the notebook's calls arrive");
        // The batch host still stops at its security group; the legacy VM's answers, now from
        // the service's public address, still find no inbound rule.
        let blocked = |w: &str| {
            let p = call(&net, w, "sagemaker");
            p.blocked_at().map(|h| (h.kind, h.code))
        };
        assert_eq!(
            blocked("batch-host"),
            Some((HopKind::SecurityGroupEgress, "NO_MATCHING_EGRESS_RULE"))
        );
        assert_eq!(
            blocked("legacy-vm"),
            Some((HopKind::Return, "NACL_NO_RULE"))
        );
    }

    #[test]
    fn s3_gateway_route_table_paths_the_associated_table_uses_the_endpoint() {
        let net = net("s3-gateway-route-table");
        let app = call(&net, "app-server", "s3");
        assert_eq!(
            hops(&app),
            (
                vec![
                    ("dns", "PUBLIC_DNS"),
                    ("route", "GATEWAY_ENDPOINT_ROUTE"),
                    ("security-group-egress", "SECURITY_GROUP_ALLOWS"),
                    ("nacl-outbound", "NACL_RULE_ALLOWS"),
                    ("return", "NACL_RULE_ALLOWS"),
                ],
                true
            )
        );
        let w = &net.workloads[0];
        assert_eq!(
            app.context(&net, w)[0],
            ("aws:SourceVpce", S3_VPCE.to_string())
        );
        // sg-app lets HTTPS out to the S3 prefix list only: the gateway's destination is in it.
        assert_eq!(app.hops[2].component.as_deref(), Some("sg-app"));
        let reporting = call(&net, "reporting-host", "s3");
        assert!(reporting.arrives());
        assert_eq!(reporting.hops[1].code, "NAT_GATEWAY_ROUTE");
        assert_eq!(
            reporting.context(&net, &net.workloads[1]),
            vec![("aws:SourceIp", "198.51.100.7".to_string())]
        );
    }

    #[test]
    fn sg_cannot_tell_principals_one_path_for_both_roles() {
        let scenario = preset("sg-cannot-tell-principals")
            .expect("preset")
            .scenario;
        let net = scenario.network.as_ref().expect("network");
        let workloads: Vec<&str> = scenario
            .principals
            .iter()
            .map(|p| p.workload.as_str())
            .collect();
        assert_eq!(workloads, ["ci-runner", "ci-runner"]);
        let p = call(net, "ci-runner", "secretsmanager");
        assert!(p.arrives());
        // Both security groups decide by reference to each other: the runner's group lets HTTPS
        // out to the endpoint's, the endpoint's lets it in from the runner's.
        let components: Vec<(&str, Option<&str>)> = p
            .hops
            .iter()
            .map(|h| (h.kind.as_str(), h.component.as_deref()))
            .filter(|(k, _)| k.contains("security-group"))
            .collect();
        assert_eq!(
            components,
            [
                ("security-group-egress", Some("sg-ci-runner")),
                ("endpoint-security-group", Some("sg-secrets-endpoint")),
            ]
        );
        assert!(matches!(
            &p.way,
            Some(Way::InterfaceEndpoint { endpoint, .. }) if endpoint == SECRETS_VPCE
        ));
    }
}
