//! Tests of the workspace: parsing per edit, the grid, explanations, filters and ARN templates.

use super::*;

fn seed() -> Workspace {
    Workspace::new(
        presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario,
    )
}

fn cell(ws: &Workspace, grid: &Grid, principal: &str, action: &str) -> Decision {
    let p = ws.principal_index(principal).expect("principal");
    let r = grid
        .actions
        .iter()
        .position(|a| *a == action)
        .expect("action");
    grid.cells[r][p].decision
}

#[test]
fn the_seed_grid_tells_the_users_apart_by_the_endpoint_policy() {
    let ws = seed();
    let grid = ws.grid().expect("no errors");
    assert_eq!(grid.actions.len(), 449);
    // Requests name a representative resource of each action.
    let e = ws
        .explain(0, "sagemaker:CreateTrainingJob")
        .expect("explained");
    assert_eq!(
        e.resource,
        "arn:aws:sagemaker:us-east-1:111122223333:training-job/example-training-job-name"
    );
    assert_eq!(
        ws.explain(0, "sagemaker:ListModels")
            .expect("explained")
            .resource,
        "*"
    );
    assert_eq!(
        cell(&ws, &grid, "specific-user", "sagemaker:CreateTrainingJob"),
        Decision::Allowed
    );
    assert_eq!(
        cell(&ws, &grid, "other-user", "sagemaker:CreateTrainingJob"),
        Decision::ImplicitlyDenied
    );
    assert_eq!(
        cell(&ws, &grid, "specific-user", "sagemaker:DeleteModel"),
        Decision::ImplicitlyDenied
    );
    let e = ws
        .explain(1, "sagemaker:CreateTrainingJob")
        .expect("explained");
    assert_eq!(
        e.evaluation.blocked_by,
        vec![crate::engine::Layer::Endpoint]
    );
    assert!(
        e.summary.contains("the VPC endpoint policy"),
        "{}",
        e.summary
    );
}

#[test]
fn an_edit_reparses_one_policy_and_errors_stop_the_grid() {
    let mut ws = seed();
    ws.set_endpoint_policy("{ broken".into());
    assert!(ws.grid().is_none());
    let d = ws.diagnostics();
    assert!(d
        .iter()
        .any(|d| d.editor == Editor::Endpoint && d.is_error() && d.line == 1));
    ws.set_endpoint_policy(String::new());
    let grid = ws.grid().expect("default endpoint policy");
    assert_eq!(
        cell(&ws, &grid, "other-user", "sagemaker:CreateTrainingJob"),
        Decision::Allowed
    );
}

#[test]
fn action_filters_expand_over_the_catalog() {
    let create = expand_actions("sagemaker:Create*", &[]);
    assert!(!create.is_empty() && create.iter().all(|a| a.starts_with("sagemaker:Create")));
    assert_eq!(
        expand_actions("sagemaker:ListModels, s3:getobject", &[]),
        vec!["s3:GetObject", "sagemaker:ListModels"]
    );
    assert_eq!(expand_actions("*", &[]).len(), catalog().action_count());
    let lists = expand_actions("sagemaker:*", &[AccessLevel::List]);
    assert!(!lists.is_empty() && lists.len() < 449);
    assert!(lists.iter().all(|a| catalog()
        .action(a)
        .is_some_and(|a| a.access_levels().contains(AccessLevel::List))));
}

#[test]
fn arn_templates_match_part_by_part() {
    assert!(arn_template_matches(
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
        "arn:aws:s3:::b/k/x"
    ));
    assert!(!arn_template_matches(
        "arn:${Partition}:s3:::${BucketName}",
        "arn:aws:s3:::b/k"
    ));
    let mut scenario = presets::preset("s3-gateway-principals")
        .expect("preset")
        .scenario;
    scenario.resource = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv".into();
    let ws = Workspace::new(scenario);
    assert_eq!(
        ws.resource_for("s3:GetObject"),
        "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"
    );
    assert_ne!(
        ws.resource_for("s3:ListBucket"),
        "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"
    );
}
