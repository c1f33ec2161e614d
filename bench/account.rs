// A generated account for the who-can and what-can figures (issue 16), shared by the native
// benchmark (benches/engine.rs: `-- who-can`) and the wasm one (src/web/bench.rs:
// `benchWhoCan`, `benchWhatCan`). Both `include!` this file after `use ... as pp;`.
//
// `account_scenario(n)`: n principals of account 111122223333 (three roles for each user, as
// in most accounts: ML training and notebook roles, data engineering roles, CI deploy roles,
// read-only auditors, a few admins), each with 2–4 identity policies drawn from a library of
// twelve AWS-managed-like and customer policies (a ReadOnlyAccess-like policy of a few hundred
// `Get*`/`List*`/`Describe*` patterns built from the catalog, SageMaker full access, S3 access
// to named buckets with a tag condition, a PowerUser-like `NotAction`, a region deny, MFA and
// source-VPC conditions, explicit denies of IAM writes), a permissions boundary on one role in
// four, principal tags; a SageMaker interface endpoint whose policy admits the ML roles by
// `aws:PrincipalArn` patterns and the admins by tag; an organization whose root SCP denies
// every region but two. Deterministic (a fixed linear congruential sequence), no real data.

/// The policies every generated principal draws from: (name, text).
pub fn account_policy_library() -> Vec<(&'static str, String)> {
    // A ReadOnlyAccess-like policy: Get*, List*, Describe* of the first services that have them.
    let catalog = pp::catalog::catalog();
    let mut read_only = Vec::new();
    for service in catalog.services().take(120) {
        for verb in ["Get", "List", "Describe"] {
            let pattern = format!("{}:{verb}*", service.prefix());
            if catalog.matches_any(&pattern) {
                read_only.push(format!("\"{pattern}\""));
            }
        }
    }
    let read_only = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "ReadOnly", "Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}"#,
        read_only.join(", ")
    );
    vec![
        ("ReadOnlyAccess", read_only),
        (
            "AmazonSageMakerFullAccess",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "SageMaker", "Effect": "Allow", "Action": ["sagemaker:*"], "NotResource": ["arn:aws:sagemaker:*:*:domain/*", "arn:aws:sagemaker:*:*:user-profile/*"]},
                {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], "Resource": "arn:aws:logs:*:*:log-group:/aws/sagemaker/*"},
                {"Sid": "PassRole", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*SageMaker*", "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}}]}"#.into(),
        ),
        (
            "ml-training",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Train", "Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:CreateProcessingJob"], "Resource": "arn:aws:sagemaker:us-east-1:111122223333:*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}},
                {"Sid": "Data", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::ml-datasets-111122223333", "arn:aws:s3:::ml-datasets-111122223333/*"]},
                {"Sid": "NoSpot", "Effect": "Deny", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {"Bool": {"sagemaker:EnableManagedSpotTraining": "true"}}}]}"#.into(),
        ),
        (
            "ml-notebooks",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Notebooks", "Effect": "Allow", "Action": ["sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:DescribeNotebookInstance", "sagemaker:StartNotebookInstance", "sagemaker:StopNotebookInstance"], "Resource": "arn:aws:sagemaker:*:111122223333:notebook-instance/${aws:username}-*"},
                {"Sid": "OnlyFromVpc", "Effect": "Deny", "Action": "sagemaker:CreatePresignedNotebookInstanceUrl", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-0a1b2c3d"}}}]}"#.into(),
        ),
        (
            "data-engineering",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Glue", "Effect": "Allow", "Action": ["glue:*", "athena:StartQueryExecution", "athena:GetQueryResults", "athena:GetQueryExecution"], "Resource": "*"},
                {"Sid": "Lake", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::data-lake-*/*", "Condition": {"StringEquals": {"s3:ExistingObjectTag/classification": ["internal", "public"]}}},
                {"Sid": "ListLake", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data-lake-*"}]}"#.into(),
        ),
        (
            "ci-deploy",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Deploy", "Effect": "Allow", "Action": ["cloudformation:*", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage"], "Resource": "*"},
                {"Sid": "PassDeployRoles", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-*"},
                {"Sid": "NoIamWrites", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*"], "Resource": "*"}]}"#.into(),
        ),
        (
            "PowerUserAccess",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "PowerUser", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
                {"Sid": "IamRead", "Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization", "account:ListRegions"], "Resource": "*"}]}"#.into(),
        ),
        (
            "AdministratorAccess",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#.into(),
        ),
        (
            "require-mfa",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "DenyWithoutMfa", "Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:GetUser", "iam:ListMFADevices", "iam:EnableMFADevice", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}"#.into(),
        ),
        (
            "team-buckets",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "OwnTeam", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::team-${aws:PrincipalTag/team}-*/*"},
                {"Sid": "ListOwnTeam", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-${aws:PrincipalTag/team}-*", "Condition": {"StringLike": {"s3:prefix": ["", "shared/*"]}}}]}"#.into(),
        ),
        (
            "kms-use",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "UseKeys", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/*", "Condition": {"StringLike": {"kms:ViaService": ["s3.us-east-1.amazonaws.com", "sagemaker.us-east-1.amazonaws.com"]}}}]}"#.into(),
        ),
        (
            "deny-outside-regions",
            r#"{"Version": "2012-10-17", "Statement": [
                {"Sid": "Regions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "support:*", "cloudfront:*", "route53:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}]}"#.into(),
        ),
    ]
}

/// The generated account of `principals` principals (see the top of this file).
pub fn account_scenario(principals: usize) -> pp::scenario::Scenario {
    use pp::scenario::{
        AccountDoc, ContextDoc, EndpointDoc, OrganizationDoc, PolicyDoc, PrincipalDoc, Scenario,
        FULL_AWS_ACCESS_TEXT,
    };
    let library = account_policy_library();
    // Which library policies each kind of principal draws from (indexes into `library`).
    let kinds: [(&str, &[usize]); 6] = [
        ("ml-training-role", &[1, 2, 3, 10, 11, 0]),
        ("data-eng-role", &[4, 9, 10, 0, 11]),
        ("ci-deploy-role", &[5, 6, 11, 10]),
        ("auditor", &[0, 8, 11]),
        ("developer", &[6, 8, 9, 3, 0]),
        ("admin", &[7, 8, 11]),
    ];
    let boundary = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Within", "Effect": "Allow", "Action": ["sagemaker:*", "s3:*", "logs:*", "glue:*", "athena:*", "kms:Decrypt", "kms:GenerateDataKey", "ecr:*", "lambda:*", "cloudformation:*"], "Resource": "*"},
        {"Sid": "NoBoundaryEdits", "Effect": "Deny", "Action": ["iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"], "Resource": "*"}]}"#;
    let mut seed: u32 = 0x1234_5678;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (seed >> 8) as usize % n.max(1)
    };
    let teams = ["ml", "data", "platform", "web", "security"];
    let docs = (0..principals)
        .map(|i| {
            // Users are rarer than roles; admins and auditors rarer than the rest.
            let kind = match next(20) {
                0 => 5,
                1 | 2 => 3,
                3..=6 => 4,
                7..=11 => 0,
                12..=15 => 1,
                _ => 2,
            };
            let (prefix, choices) = kinds[kind];
            let user = kind == 4 || (kind == 3 && i % 2 == 0);
            let name = format!("{prefix}-{i}");
            let arn = if user {
                format!("arn:aws:iam::111122223333:user/{name}")
            } else {
                format!("arn:aws:iam::111122223333:role/{name}")
            };
            let count = 2 + next(3);
            let start = next(choices.len());
            let policies = (0..count.min(choices.len()))
                .map(|k| {
                    let (policy, text) = &library[choices[(start + k) % choices.len()]];
                    PolicyDoc {
                        name: (*policy).into(),
                        text: text.clone(),
                    }
                })
                .collect();
            PrincipalDoc {
                name,
                arn,
                tags: vec![("team".into(), teams[next(teams.len())].into())],
                policies,
                boundary: if !user && next(4) == 0 {
                    boundary.into()
                } else {
                    String::new()
                },
                ..PrincipalDoc::default()
            }
        })
        .collect();
    let endpoint = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "MlRoles", "Effect": "Allow", "Principal": "*", "Action": "sagemaker:*", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/ml-training-role-*", "arn:aws:iam::111122223333:role/data-eng-role-*"]}}},
        {"Sid": "Admins", "Effect": "Allow", "Principal": "*", "Action": "sagemaker:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}},
        {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "sagemaker:Delete*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}}]}"#;
    let scp = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyOtherRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*", "route53:*", "cloudfront:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}]}"#;
    Scenario {
        title: format!("generated account, {principals} principals"),
        endpoints: vec![EndpointDoc {
            id: "vpce-0a1b2c3d4e5f67890".into(),
            endpoint_type: "Interface".into(),
            service: "com.amazonaws.us-east-1.sagemaker.api".into(),
            policy: endpoint.into(),
        }],
        principals: docs,
        context: ContextDoc {
            via_endpoint: true,
            region: "us-east-1".into(),
            mfa: true,
            vpc_id: "vpc-0a1b2c3d".into(),
            ..ContextDoc::default()
        },
        accounts: vec![AccountDoc {
            id: "111122223333".into(),
            name: "workloads".into(),
            scps: vec![PolicyDoc {
                name: "FullAWSAccess".into(),
                text: FULL_AWS_ACCESS_TEXT.into(),
            }],
            ..AccountDoc::default()
        }],
        organization: Some(OrganizationDoc {
            id: "o-a1b2c3d4e5".into(),
            scps: vec![
                PolicyDoc {
                    name: "FullAWSAccess".into(),
                    text: FULL_AWS_ACCESS_TEXT.into(),
                },
                PolicyDoc {
                    name: "deny-other-regions".into(),
                    text: scp.into(),
                },
            ],
            ..OrganizationDoc::default()
        }),
        actions: "sagemaker:*".into(),
        ..Scenario::default()
    }
}
