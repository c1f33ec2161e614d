//! Presets that teach the whole policy stack: a bucket policy that requires the endpoint, a
//! partner reading across accounts, an SCP region guardrail, an RCP perimeter, a boundary that
//! caps an admin, a session policy that narrows a role. Their policies follow AWS's examples.

use super::super::{
    full_aws_access, AccountDoc, EndpointDoc, OrganizationDoc, OuDoc, PrincipalDoc, ResourceDoc,
    Scenario,
};
use super::{context, expect, expect_on, policy, Preset};
use crate::scenario::Expect;

const OURS: &str = "111122223333";
const PARTNER: &str = "444455556666";
const ORG: &str = "o-a1b2c3d4e5";
const BUCKET_OBJECT: &str = "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv";
const VPCE: &str = "vpce-1a2b3c4d5e6f7a8b9";

/// A principal of any kind, by ARN.
fn principal(name: &str, arn: &str, policies: Vec<super::PolicyDoc>) -> PrincipalDoc {
    PrincipalDoc {
        name: name.into(),
        arn: arn.into(),
        policies,
        ..PrincipalDoc::default()
    }
}

fn account(id: &str, name: &str) -> AccountDoc {
    AccountDoc {
        id: id.into(),
        name: name.into(),
        ..AccountDoc::default()
    }
}

fn partner_account() -> AccountDoc {
    AccountDoc {
        external: true,
        ..account(PARTNER, "partner")
    }
}

/// A scenario of these presets: no endpoint unless given, calls over the internet.
fn base(title: &str, actions: &str) -> Scenario {
    Scenario {
        title: title.into(),
        endpoints: Vec::new(),
        context: context(false),
        actions: actions.into(),
        ..Scenario::default()
    }
}

const READ_REPORTS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
  ]
}"#;

pub(super) fn s3_bucket_policy_requires_endpoint() -> Preset {
    const BUCKET_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AccessOnlyThroughTheEndpoint",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"],
      "Condition": { "StringNotEquals": { "aws:SourceVpce": "vpce-1a2b3c4d5e6f7a8b9" } }
    }
  ]
}"#;
    let mut scenario = base(
        "An S3 bucket policy that only accepts requests through the endpoint",
        "s3:GetObject, s3:PutObject",
    );
    scenario.context = context(true);
    scenario.endpoints = vec![EndpointDoc {
        id: VPCE.into(),
        endpoint_type: "Gateway".into(),
        service: "com.amazonaws.us-east-1.s3".into(),
        policy: String::new(),
    }];
    scenario.principals = vec![principal(
        "analytics-role",
        &format!("arn:aws:sts::{OURS}:assumed-role/analytics-role/etl"),
        vec![policy("read-reports", READ_REPORTS)],
    )];
    scenario.resources = vec![ResourceDoc {
        name: "reports".into(),
        arn: BUCKET_OBJECT.into(),
        account: OURS.into(),
        policy: BUCKET_POLICY.into(),
    }];
    scenario.selected_resource = "reports".into();
    scenario.expectations = vec![expect_on(
        "analytics-role",
        "s3:GetObject",
        "reports",
        Expect::Allowed,
        "through the gateway endpoint the bucket policy's Deny does not fire; untick \"through the endpoint\" and it does: this expectation then fails",
    )];
    Preset {
        id: "s3-bucket-policy-requires-endpoint",
        title: "S3 bucket policy that requires the endpoint (aws:SourceVpce)",
        lesson: "The role may read the bucket, and through the gateway endpoint it does. Untick \"through the endpoint\": the same request now has no aws:SourceVpce, and the bucket policy's Deny stops it, whatever the IAM policy says.",
        focus: ("analytics-role", "s3:GetObject"),
        scenario,
    }
}

pub(super) fn cross_account_bucket() -> Preset {
    const BUCKET_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PartnerReads",
      "Effect": "Allow",
      "Principal": { "AWS": [
        "arn:aws:iam::444455556666:role/partner-reader",
        "arn:aws:iam::444455556666:role/partner-auditor"
      ] },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
  ]
}"#;
    const PARTNER_IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
  ]
}"#;
    let mut scenario = base(
        "A partner account reads our bucket: both sides must allow",
        "s3:GetObject, s3:PutObject",
    );
    scenario.accounts = vec![account(OURS, "ours"), partner_account()];
    scenario.principals = vec![
        principal(
            "partner-reader",
            &format!("arn:aws:sts::{PARTNER}:assumed-role/partner-reader/nightly"),
            vec![policy("read-our-bucket", PARTNER_IAM)],
        ),
        principal(
            "partner-auditor",
            &format!("arn:aws:sts::{PARTNER}:assumed-role/partner-auditor/review"),
            Vec::new(),
        ),
    ];
    scenario.resources = vec![ResourceDoc {
        name: "reports".into(),
        arn: BUCKET_OBJECT.into(),
        account: OURS.into(),
        policy: BUCKET_POLICY.into(),
    }];
    scenario.selected_resource = "reports".into();
    scenario.expectations = vec![
        expect_on(
            "partner-reader",
            "s3:GetObject",
            "reports",
            Expect::Allowed,
            "the bucket policy and its own IAM policy both allow",
        ),
        expect_on(
            "partner-auditor",
            "s3:GetObject",
            "reports",
            Expect::ImplicitlyDenied,
            "named by the bucket policy, but across accounts its own account must allow too",
        ),
        expect_on(
            "partner-*",
            "s3:PutObject",
            "reports",
            Expect::Denied,
            "the bucket policy grants reads only",
        ),
    ];
    Preset {
        id: "cross-account-bucket",
        title: "Cross-account bucket: the bucket policy alone is not enough",
        lesson: "The bucket policy names both partner roles, but across accounts the caller's own account must allow too: partner-reader's IAM policy does, partner-auditor has none, so only partner-reader reads.",
        focus: ("partner-auditor", "s3:GetObject"),
        scenario,
    }
}

pub(super) fn scp_region_guardrail() -> Preset {
    const REGION_SCP: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyAllOutsideApprovedRegions",
      "Effect": "Deny",
      "NotAction": [
        "cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"
      ],
      "Resource": "*",
      "Condition": {
        "StringNotEquals": { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] }
      }
    }
  ]
}"#;
    const ADMIN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
}"#;
    let mut scenario = base(
        "An SCP that keeps workloads in approved Regions",
        "sagemaker:CreateTrainingJob, s3:PutObject, iam:ListRoles, sts:GetCallerIdentity",
    );
    scenario.context.region = "ap-southeast-2".into();
    scenario.organization = Some(OrganizationDoc {
        id: ORG.into(),
        scps: vec![full_aws_access()],
        rcps: Vec::new(),
        ous: vec![OuDoc {
            name: "workloads".into(),
            parent: String::new(),
            scps: vec![full_aws_access(), policy("approved-regions", REGION_SCP)],
            rcps: Vec::new(),
        }],
    });
    scenario.accounts = vec![AccountDoc {
        ou: "workloads".into(),
        scps: vec![full_aws_access()],
        ..account(OURS, "workloads-prod")
    }];
    scenario.principals = vec![
        principal(
            "admin",
            &format!("arn:aws:iam::{OURS}:user/admin"),
            vec![policy("AdministratorAccess", ADMIN)],
        ),
        principal(
            "ml-engineer",
            &format!("arn:aws:sts::{OURS}:assumed-role/ml-engineer/alice"),
            vec![policy("AdministratorAccess", ADMIN)],
        ),
    ];
    scenario.expectations = vec![
        expect(
            "*",
            "sagemaker:CreateTrainingJob",
            Expect::ExplicitlyDenied,
            "outside the approved Regions the SCP denies even administrators",
        ),
        expect(
            "*",
            "iam:ListRoles",
            Expect::Allowed,
            "IAM is global: carved out of the SCP with NotAction",
        ),
    ];
    Preset {
        id: "scp-region-guardrail",
        title: "SCP region guardrail (with NotAction carve-outs for global services)",
        lesson: "In ap-southeast-2 the OU's SCP denies SageMaker and S3 even to administrators, while IAM and STS, carved out with NotAction because they are global, still work. Set the Region to us-east-1 and everything is allowed again.",
        focus: ("admin", "sagemaker:CreateTrainingJob"),
        scenario,
    }
}

pub(super) fn rcp_org_perimeter() -> Preset {
    const PERIMETER_RCP: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnforceOrgIdentities",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
        "BoolIfExists": { "aws:PrincipalIsAWSService": "false" }
      }
    }
  ]
}"#;
    const BUCKET_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OutsideVendorReads",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::444455556666:role/vendor" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    },
    {
      "Sid": "CloudTrailWrites",
      "Effect": "Allow",
      "Principal": { "Service": "cloudtrail.amazonaws.com" },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
      "Condition": { "StringEquals": { "aws:SourceAccount": "111122223333" } }
    }
  ]
}"#;
    let mut scenario = base(
        "An RCP that keeps identities outside the organization away from its buckets",
        "s3:GetObject, s3:PutObject",
    );
    scenario.context.extra = vec![("aws:SourceAccount".into(), OURS.into())];
    scenario.organization = Some(OrganizationDoc {
        id: ORG.into(),
        scps: vec![full_aws_access()],
        rcps: vec![policy("identity-perimeter", PERIMETER_RCP)],
        ous: Vec::new(),
    });
    scenario.accounts = vec![
        AccountDoc {
            scps: vec![full_aws_access()],
            ..account(OURS, "data")
        },
        partner_account(),
    ];
    scenario.principals = vec![
        principal(
            "analyst",
            &format!("arn:aws:sts::{OURS}:assumed-role/analyst/alice"),
            vec![policy("read-reports", READ_REPORTS)],
        ),
        principal(
            "vendor",
            &format!("arn:aws:sts::{PARTNER}:assumed-role/vendor/sync"),
            vec![policy("read-reports", READ_REPORTS)],
        ),
        principal("cloudtrail", "cloudtrail.amazonaws.com", Vec::new()),
    ];
    scenario.resources = vec![ResourceDoc {
        name: "reports".into(),
        arn: BUCKET_OBJECT.into(),
        account: OURS.into(),
        policy: BUCKET_POLICY.into(),
    }];
    scenario.selected_resource = "reports".into();
    scenario.expectations = vec![
        expect_on(
            "analyst",
            "s3:GetObject",
            "reports",
            Expect::Allowed,
            "an identity of the organization",
        ),
        expect_on(
            "vendor",
            "s3:GetObject",
            "reports",
            Expect::ExplicitlyDenied,
            "the bucket policy lets it read, but the RCP denies identities outside the organization",
        ),
        expect_on(
            "cloudtrail",
            "s3:PutObject",
            "reports",
            Expect::Allowed,
            "an AWS service principal passes the RCP's exception",
        ),
    ];
    Preset {
        id: "rcp-org-perimeter",
        title: "RCP identity perimeter around the organization's buckets",
        lesson: "The bucket policy lets an outside vendor read, but the organization's RCP denies every identity outside it: the vendor is stopped. CloudTrail, an AWS service principal acting for the account, passes the RCP's aws:PrincipalIsAWSService exception and writes.",
        focus: ("vendor", "s3:GetObject"),
        scenario,
    }
}

pub(super) fn boundary_caps_admin() -> Preset {
    const ADMIN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
}"#;
    const BOUNDARY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EverythingButIdentityAdministration",
      "Effect": "Allow",
      "NotAction": ["iam:*", "organizations:*", "account:*"],
      "Resource": "*"
    }
  ]
}"#;
    let mut scenario = base(
        "A permissions boundary caps an administrator",
        "iam:CreateUser, iam:AttachRolePolicy, sagemaker:CreateTrainingJob, s3:GetObject",
    );
    let mut capped = principal(
        "delegated-admin",
        &format!("arn:aws:iam::{OURS}:user/delegated-admin"),
        vec![policy("AdministratorAccess", ADMIN)],
    );
    capped.boundary = BOUNDARY.into();
    scenario.principals = vec![
        capped,
        principal(
            "admin",
            &format!("arn:aws:iam::{OURS}:user/admin"),
            vec![policy("AdministratorAccess", ADMIN)],
        ),
    ];
    scenario.expectations = vec![
        expect(
            "delegated-admin",
            "iam:*",
            Expect::ImplicitlyDenied,
            "AdministratorAccess, but the boundary leaves IAM out",
        ),
        expect(
            "delegated-admin",
            "sagemaker:CreateTrainingJob",
            Expect::Allowed,
            "within the boundary",
        ),
        expect("admin", "iam:CreateUser", Expect::Allowed, "no boundary"),
    ];
    Preset {
        id: "boundary-caps-admin",
        title: "Permissions boundary that caps an admin",
        lesson: "Both users have AdministratorAccess, but delegated-admin's permissions boundary leaves IAM out: an action is allowed only where the identity policy and the boundary both allow, so its IAM cells are denied by the boundary.",
        focus: ("delegated-admin", "iam:CreateUser"),
        scenario,
    }
}

pub(super) fn session_policy_narrows() -> Preset {
    const ROLE_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"]
    }
  ]
}"#;
    const SESSION: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"
    }
  ]
}"#;
    let mut scenario = base(
        "A session policy narrows a role session",
        "s3:GetObject, s3:PutObject, s3:DeleteObject",
    );
    let mut narrowed = principal(
        "report-reader",
        &format!("arn:aws:sts::{OURS}:assumed-role/data-pipeline/report-reader"),
        vec![policy("data-pipeline", ROLE_POLICY)],
    );
    narrowed.session_policy = SESSION.into();
    scenario.principals = vec![
        narrowed,
        principal(
            "pipeline",
            &format!("arn:aws:sts::{OURS}:assumed-role/data-pipeline/nightly"),
            vec![policy("data-pipeline", ROLE_POLICY)],
        ),
    ];
    scenario.resource = BUCKET_OBJECT.into();
    scenario.expectations = vec![
        expect(
            "report-reader",
            "s3:GetObject",
            Expect::Allowed,
            "the role and the session policy both allow reads",
        ),
        expect(
            "report-reader",
            "s3:PutObject",
            Expect::ImplicitlyDenied,
            "the role may write, but the session policy does not allow it",
        ),
        expect(
            "report-reader",
            "s3:DeleteObject",
            Expect::Denied,
            "nor delete",
        ),
        expect(
            "pipeline",
            "s3:*Object",
            Expect::Allowed,
            "the same role without a session policy",
        ),
    ];
    Preset {
        id: "session-policy-narrows",
        title: "Session policy that narrows a role session",
        lesson: "Both sessions assume the same role, which may do anything in the bucket. The report-reader session was started with a session policy that allows only reads, so its writes and deletes are denied: a session gets the intersection of the role's policies and its session policy.",
        focus: ("report-reader", "s3:PutObject"),
        scenario,
    }
}
