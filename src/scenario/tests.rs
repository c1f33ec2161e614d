//! Tests of the workspace: parsing per edit, the grid, explanations, filters and ARN templates,
//! and the stable ids of principals and policies through the page's edits.

use super::*;

fn seed() -> Workspace {
    Workspace::new(
        presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario,
    )
}

/// The id of the first principal named `name` (a test's shorthand: the workspace itself never
/// looks principals up by name).
pub(super) fn named(ws: &Workspace, name: &str) -> PrincipalId {
    let at = ws
        .scenario
        .principals
        .iter()
        .position(|p| p.name == name)
        .expect("principal");
    ws.principal_id(at).expect("id")
}

fn cell(ws: &Workspace, grid: &Grid, principal: &str, action: &str) -> Decision {
    let id = named(ws, principal);
    let p = grid
        .principals
        .iter()
        .position(|c| *c == id)
        .expect("column");
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
    let first = ws.principal_id(0).expect("principal");
    let e = ws
        .explain(first, "sagemaker:CreateTrainingJob")
        .expect("explained");
    assert_eq!(
        e.resource,
        "arn:aws:sagemaker:us-east-1:111122223333:training-job/example-training-job-name"
    );
    assert_eq!(
        ws.explain(first, "sagemaker:ListModels")
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
        .explain(named(&ws, "other-user"), "sagemaker:CreateTrainingJob")
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
        .any(|d| d.editor == Editor::Endpoint(0) && d.is_error() && d.line == 1));
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

const CREATE: &str = "sagemaker:CreateTrainingJob";

/// The seed with every principal named `twin`: `specific-user` (allowed by the endpoint policy)
/// first, `other-user` (blocked by it) second, then the instance role.
fn twins() -> PageState {
    let mut page = PageState::new(seed().scenario);
    let ids: Vec<PrincipalId> = page.ws.principal_ids().collect();
    for id in ids {
        page.ws
            .set_principal_field(id, PrincipalField::Name, "twin".into());
    }
    page
}

#[test]
fn principals_with_the_same_name_are_explained_and_selected_by_id() {
    let mut page = twins();
    let first = page.ws.principal_id(0).expect("first");
    let second = page.ws.principal_id(1).expect("second");
    assert_ne!(first, second);
    page.select_cell(second, CREATE);
    let e = page.explanation().expect("explained");
    assert_eq!(e.principal, second);
    assert_eq!(e.principal_name, "twin");
    assert_eq!(e.evaluation.decision, Decision::ImplicitlyDenied);
    assert_eq!(page.principal(), Some(second), "its policies are opened");
    page.select_cell(first, CREATE);
    let e = page.explanation().expect("explained");
    assert_eq!(e.principal, first);
    assert_eq!(e.evaluation.decision, Decision::Allowed);
    // The statements point at the first twin's own policy.
    assert!(e
        .statements
        .iter()
        .any(|st| st.decisive && matches!(st.editor, Editor::Identity(p, _) if p == first)));
    assert_eq!(page.principal(), Some(first));
}

#[test]
fn removing_a_principal_before_the_explained_one_keeps_the_explanation() {
    let mut page = twins();
    let first = page.ws.principal_id(0).expect("first");
    let second = page.ws.principal_id(1).expect("second");
    page.select_cell(second, CREATE);
    page.select_principal(first);
    assert!(page.remove_principal());
    assert_eq!(page.cell(), Some((second, CREATE)));
    assert_eq!(page.ws.principal_position(second), Some(0));
    let e = page.explanation().expect("still explained");
    assert_eq!(e.principal, second);
    assert_eq!(e.evaluation.decision, Decision::ImplicitlyDenied);
    // Columns of the grid follow the ids.
    let grid = page.ws.grid().expect("grid");
    assert_eq!(grid.principals[0], second);
    assert!(!grid.principals.contains(&first));
}

#[test]
fn removing_the_explained_principal_forgets_the_cell() {
    let mut page = twins();
    let first = page.ws.principal_id(0).expect("first");
    let second = page.ws.principal_id(1).expect("second");
    page.select_cell(second, CREATE);
    assert!(page.remove_principal(), "the explained one is open");
    assert_eq!(page.cell(), None);
    assert!(page.explanation().is_none());
    assert_eq!(page.principal(), Some(first));
    assert!(
        page.ws.explain(second, CREATE).is_none(),
        "a removed id names nothing"
    );
}

#[test]
fn ids_survive_renames_additions_and_removals() {
    let mut page = PageState::new(seed().scenario);
    let first = page.ws.principal_id(0).expect("first");
    let added = page.ws.add_principal_like(first).expect("added");
    assert_eq!(
        page.principal(),
        Some(added),
        "the added principal is selected"
    );
    let copies = page.ws.policy_ids(added);
    let originals = page.ws.policy_ids(first);
    assert_eq!(copies.len(), originals.len());
    assert!(
        copies.iter().all(|c| !originals.contains(c)),
        "copies get new ids"
    );
    page.ws
        .set_principal_field(added, PrincipalField::Name, "renamed".into());
    assert_eq!(
        page.ws.principal(added).map(|p| p.name.as_str()),
        Some("renamed")
    );
    // Policies: the open tab stays on its policy when another one goes.
    page.select_principal(first);
    assert!(page.add_policy());
    let new_policy = page.policy().expect("open");
    let before = page.ws.policy_ids(first)[0];
    page.select_policy(before);
    assert!(page.remove_policy());
    assert!(!page.ws.policy_ids(first).contains(&before));
    page.select_policy(new_policy);
    assert_eq!(page.policy(), Some(new_policy));
    // An edit through an id reaches that policy wherever it now stands.
    page.set_open_policy_text("{ broken".into());
    let editor = Editor::Identity(first, new_policy);
    assert_eq!(page.ws.text(editor), Some("{ broken"));
    assert!(page
        .ws
        .diagnostics()
        .iter()
        .any(|d| d.editor == editor && d.is_error()));
    assert!(
        page.ws.editor_name(editor).ends_with("/ policy-2"),
        "{}",
        page.ws.editor_name(editor)
    );
    // A removed policy's editor names nothing; the ids left are in document order.
    assert!(page.ws.text(Editor::Identity(first, before)).is_none());
    let again = Workspace::new(page.ws.scenario.clone());
    assert_eq!(
        located(&again),
        located(&page.ws),
        "the workspace's parses stay those of its document"
    );
}

#[test]
fn revealing_a_diagnostic_opens_its_policy() {
    let mut page = PageState::new(seed().scenario);
    let second = page.ws.principal_id(1).expect("second");
    let policy = page.ws.policy_ids(second)[0];
    page.ws
        .set_identity_policy(second, policy, "{ broken".into());
    let d = page
        .ws
        .diagnostics()
        .into_iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(d.editor, Editor::Identity(second, policy));
    page.reveal_in(d.editor, d.span);
    assert_eq!(page.principal(), Some(second));
    assert_eq!(page.policy(), Some(policy));
    assert_eq!(page.reveal(), Some((d.editor, d.span)));
}

/// Every diagnostic by position (principal and policy, `None` for the endpoint), line, message.
fn located(ws: &Workspace) -> Vec<String> {
    ws.diagnostics()
        .into_iter()
        .map(|d| {
            let at = match d.editor {
                Editor::Identity(p, policy) => ws.policy_position(p, policy),
                _ => None,
            };
            format!("{at:?} line {}: {}", d.line, d.message)
        })
        .collect()
}

#[test]
fn share_links_carry_no_ids() {
    let mut page = twins();
    page.ws
        .add_principal_like(page.ws.principal_id(0).expect("first"));
    let link = share::encode(&page.ws.scenario);
    assert_eq!(share::decode(&link).expect("decodes"), page.ws.scenario);
    let json = serde_json::to_value(&page.ws.scenario).expect("json");
    let keys: Vec<&str> = json["principals"][0]
        .as_object()
        .expect("principal")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["arn", "name", "orgId", "policies", "tags"]);
    let keys: Vec<&str> = json["principals"][0]["policies"][0]
        .as_object()
        .expect("policy")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["name", "text"]);
}

#[test]
fn the_grid_follows_what_its_resources_depend_on_even_when_set_directly() {
    // Each action's resource is worked out once and kept; the page sets the region, the
    // resource and the selected resource on the document directly, and the grid must follow.
    let mut ws = seed();
    let create = "sagemaker:CreateTrainingJob";
    let only_us_east_1 = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:CreateTrainingJob","Resource":"arn:aws:sagemaker:us-east-1:*:training-job/*"}]}"#;
    let p = named(&ws, "specific-user");
    let policy = ws.policy_ids(p)[0];
    ws.set_identity_policy(p, policy, only_us_east_1.into());
    let grid = ws.grid().expect("grid");
    assert_eq!(cell(&ws, &grid, "specific-user", create), Decision::Allowed);
    ws.scenario.context.region = "eu-west-1".into();
    ws.scenario.context.extra = vec![("aws:RequestedRegion".into(), "us-east-1".into())];
    let grid = ws.grid().expect("grid");
    assert_eq!(
        cell(&ws, &grid, "specific-user", create),
        Decision::ImplicitlyDenied,
        "the representative ARN follows the region"
    );
    ws.scenario.resource = "arn:aws:sagemaker:us-east-1:111122223333:training-job/nightly".into();
    let grid = ws.grid().expect("grid");
    assert_eq!(cell(&ws, &grid, "specific-user", create), Decision::Allowed);
}

/// The actions and cells of `ws`'s grid decided by a new workspace of its document (no memory
/// of an earlier grid).
fn afresh(ws: &Workspace) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
    Workspace::new(ws.scenario.clone())
        .grid()
        .map(|g| (g.actions, g.cells))
}

/// The grid decided from the memory of the last one (only the edited layers decided again) is
/// the grid decided afresh, after every kind of text edit of every editor of every preset: a
/// statement turned into a deny, the policy emptied, a syntax error, the text restored, and
/// whitespace added (between tokens, and inside strings that hold commas).
#[test]
fn grids_from_memory_equal_grids_decided_afresh() {
    let mut edits = 0;
    for preset in presets::all() {
        let mut ws = Workspace::new(preset.scenario.clone());
        assert_eq!(ws.grid().map(|g| (g.actions, g.cells)), afresh(&ws));
        for editor in ws.editors() {
            let Some(original) = ws.text(editor).map(str::to_string) else {
                continue;
            };
            let variants = [
                original.replace("\"Allow\"", "\"Deny\""),
                String::new(),
                "{".to_string(),
                original.replacen("\"Deny\"", "\"Allow\"", 1),
                original.clone(),
                format!(" {}\n", original.replace(',', ",\n ")),
                original.clone(),
            ];
            for text in variants {
                ws.set_text(editor, text.clone());
                let got = ws.grid().map(|g| (g.actions, g.cells));
                assert_eq!(
                    got,
                    afresh(&ws),
                    "preset {}, editor {editor:?}, text {text:?}",
                    preset.id
                );
                edits += 1;
            }
        }
    }
    assert!(edits > 100, "only {edits} edits were tried");
}

/// A grid decided from memory after a text edit reuses the last grid's requests; after an edit
/// of anything else (the context, a principal's tags or ARN) they are made again: each grid of
/// such a sequence of edits is the grid decided afresh.
#[test]
fn grids_from_memory_follow_edits_of_the_context_and_principals() {
    let mut grids = 0;
    for preset in presets::all() {
        let mut ws = Workspace::new(preset.scenario.clone());
        let Some(editor) = ws.editors().into_iter().next() else {
            continue;
        };
        let Some(original) = ws.text(editor).map(str::to_string) else {
            continue;
        };
        let denied = original.replace("\"Allow\"", "\"Deny\"");
        let edits: [&dyn Fn(&mut Workspace); 6] = [
            &|ws| ws.set_text(editor, denied.clone()),
            &|ws| ws.scenario.context.region = "eu-west-1".into(),
            &|ws| ws.set_text(editor, original.clone()),
            &|ws| {
                if let Some(p) = ws.scenario.principals.first_mut() {
                    p.tags.push(("team".into(), "ml".into()));
                    p.arn = p.arn.replace("111122223333", "444455556666");
                }
            },
            &|ws| ws.set_text(editor, denied.clone()),
            &|ws| ws.scenario.context.source_ip = "198.51.100.7".into(),
        ];
        ws.grid();
        for (i, edit) in edits.iter().enumerate() {
            edit(&mut ws);
            let got = ws.grid().map(|g| (g.actions, g.cells));
            assert_eq!(got, afresh(&ws), "preset {}, edit {i}", preset.id);
            grids += 1;
        }
    }
    assert!(grids > 30, "only {grids} grids");
}

#[test]
fn a_principal_whose_arn_does_not_read_is_an_invalid_principal_arn_at_its_arn() {
    let mut scenario = seed().scenario.clone();
    scenario.principals[0].arn = "alice".into();
    let problems = Workspace::new(scenario).principal_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let (at, located) = &problems[0];
    assert_eq!(*at, 0);
    assert_eq!(located.code, Code::INVALID_PRINCIPAL_ARN);
    assert_eq!(located.place, "principals[0].arn");
    assert!(seed().principal_problems().is_empty());
}

/// Asserts that every cell of `ws`'s grid is what the full `decide` behind its explanation
/// decides (no layer memo, no action index, no shared parse involved in the reference).
pub(crate) fn assert_grid_equals_explanations(ws: &Workspace, what: &str) -> usize {
    let grid = ws.grid().expect("a grid");
    let mut cells = 0;
    for (r, action) in grid.actions.iter().enumerate() {
        for (c, id) in grid.principals.iter().enumerate() {
            let cell = &grid.cells[r][c];
            let e = ws.explain(*id, action).expect("explained");
            let blocked: Vec<crate::engine::Layer> = cell.blocked_by.iter().collect();
            assert_eq!(
                (cell.decision, blocked),
                (e.evaluation.decision, e.evaluation.blocked_by.clone()),
                "{what}: {action}, principal {c}"
            );
            cells += 1;
        }
    }
    cells
}

#[test]
fn every_grid_cell_is_what_its_explanation_decides() {
    let mut cells = 0;
    for preset in presets::all() {
        let ws = Workspace::new(preset.scenario.clone());
        if ws.has_errors() {
            continue;
        }
        cells += assert_grid_equals_explanations(&ws, preset.id);
    }
    assert!(cells > 100, "only {cells} cells");
}

/// The policies of a scenario in which principals repeat texts: `a` and `b` carry the same
/// identity policy, `c` has it as its boundary (another kind: another parse).
fn repeated_texts() -> Workspace {
    let mut s = presets::preset("sagemaker-api-exam")
        .expect("preset")
        .scenario;
    let shared = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "sagemaker:Create*"], "Resource": "*"},
        {"Effect": "Deny", "NotAction": "sagemaker:*", "Resource": "*"}]}"#;
    let principal = |name: &str| PrincipalDoc {
        name: name.into(),
        arn: format!("arn:aws:iam::111122223333:role/{name}"),
        policies: vec![PolicyDoc {
            name: "Shared".into(),
            text: shared.into(),
        }],
        ..PrincipalDoc::default()
    };
    let mut c = principal("c");
    c.boundary = shared.into();
    s.principals = vec![principal("a"), principal("b"), c];
    s.context.via_endpoint = false;
    Workspace::new(s)
}

#[test]
fn principals_that_carry_the_same_text_share_one_parse_until_one_is_edited() {
    let mut ws = repeated_texts();
    let parse = |ws: &Workspace, p: usize| ws.slots[p].policies[0].parsed.clone();
    assert!(Rc::ptr_eq(&parse(&ws, 0), &parse(&ws, 1)));
    assert!(Rc::ptr_eq(&parse(&ws, 0), &parse(&ws, 2)));
    let boundary = ws.slots[2].boundary.clone().expect("a boundary");
    assert!(
        !Rc::ptr_eq(&parse(&ws, 0), &boundary),
        "a boundary is read as a boundary"
    );
    assert_eq!(
        boundary.policy.kind,
        crate::engine::PolicyKind::PermissionsBoundary
    );
    let before = ws.grid().expect("a grid");
    let create = "sagemaker:CreateTrainingJob";
    let (a, b) = (named(&ws, "a"), named(&ws, "b"));
    assert_eq!(cell(&ws, &before, "b", create), Decision::Allowed);
    // An edit of a's copy gives a its own parse; b keeps the shared one and its decisions.
    let policy = ws.policy_ids(a)[0];
    let text = ws.policy(a, policy).expect("a's policy").text.clone();
    ws.set_identity_policy(a, policy, text.replace("\"Allow\"", "\"Deny\""));
    assert!(!Rc::ptr_eq(&parse(&ws, 0), &parse(&ws, 1)));
    assert!(Rc::ptr_eq(&parse(&ws, 1), &parse(&ws, 2)));
    let after = ws.grid().expect("a grid");
    assert_eq!(cell(&ws, &after, "a", create), Decision::ExplicitlyDenied);
    let column = |grid: &Grid, id: PrincipalId| -> Vec<Cell> {
        let c = grid
            .principals
            .iter()
            .position(|p| *p == id)
            .expect("a column");
        grid.cells.iter().map(|row| row[c]).collect()
    };
    assert_eq!(column(&before, b), column(&after, b));
    assert_eq!(
        Workspace::new(ws.scenario.clone()).grid().map(|g| g.cells),
        Some(after.cells),
        "the edited workspace decides as one built afresh"
    );
    assert_grid_equals_explanations(&ws, "repeated texts");
}

#[test]
fn past_the_bound_findings_keep_an_error_name_the_first_left_out_and_are_located() {
    use crate::engine::{Code, MAX_ANSWER_FINDINGS as MAX};
    // Seven policies of 90 warnings (an unknown action per statement, one statement per line:
    // statement k on line k + 2), then one with an error (an unknown effect) on its third line.
    let warning = r#"{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}"#;
    let many = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[\n{}]}}",
        vec![warning; 90].join(",\n")
    );
    let broken = "{\"Version\":\"2012-10-17\",\"Statement\":[\n{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"},\n{\"Effect\":\"Allaw\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    let mut s = seed().scenario.clone();
    let mut policy = s.principals[0].policies[0].clone();
    policy.text = many.clone();
    let mut last_policy = policy.clone();
    last_policy.text = broken.to_string();
    s.principals[0].policies = vec![policy; 7];
    s.principals[0].policies.push(last_policy);
    let ws = Workspace::new(s);
    let found = ws.diagnostics();
    assert_eq!(found.len(), MAX + 1);
    // The error, from after the bound, takes the last place kept.
    let error = &found[MAX - 1];
    assert!(error.located.is_error(), "{:?}", error.located);
    assert_eq!(error.located.line, 3, "{:?}", error.located);
    assert!(found[..MAX - 1].iter().all(|d| !d.located.is_error()));
    // Each kept warning is located on its own statement's line, counted in its own editor.
    let code = found[0].located.code;
    let mut seen: Vec<(Editor, usize)> = Vec::new();
    for d in found[..MAX - 1].iter().filter(|d| d.located.code == code) {
        let k = match seen.iter_mut().find(|(e, _)| *e == d.editor) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((d.editor, 0));
                0
            }
        };
        assert_eq!(d.located.line, k + 2, "{:?}", d.located);
    }
    assert!(seen.len() >= 5, "{seen:?}");
    // The rest counted, in the editor of the first one left out (finding MAX in the editors'
    // order: the error came from further on).
    let last = &found[MAX];
    assert_eq!(last.located.code, Code::TOO_MANY_FINDINGS);
    let total: usize = ws
        .editors()
        .into_iter()
        .filter_map(|e| ws.parsed(e))
        .map(|p| p.diagnostics.len())
        .sum::<usize>()
        + ws.layer_findings().len();
    assert!(
        last.located
            .message
            .starts_with(&format!("{} more findings", total - MAX)),
        "{} (of {total})",
        last.located.message
    );
    let mut before = 0;
    let first_left_out = ws.editors().into_iter().find(|e| {
        before += ws.parsed(*e).map_or(0, |p| p.diagnostics.len());
        before > MAX
    });
    assert_eq!(Some(last.editor), first_left_out);
}

#[test]
fn an_explanation_shows_a_few_of_a_keys_values_under_each_condition() {
    // Twenty values of 300 characters on one key, and forty statements testing it: every
    // condition shows the first eight values cut to 120 characters and counts the rest, so the
    // explanation stays linear in the scenario (a key may hold 256 values of 2 KB here).
    let mut scenario = presets::preset("sagemaker-api-exam")
        .expect("preset")
        .scenario;
    let values: Vec<String> = (0..20)
        .map(|i| format!("{i:02}{}", "v".repeat(298)))
        .collect();
    scenario
        .context
        .extra
        .push(("aws:TagKeys".into(), values.join(",")));
    let statements: Vec<String> = (0..40)
        .map(|i| {
            format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {{"ForAnyValue:StringEquals": {{"aws:TagKeys": ["{i}"]}}}}}}"#
            )
        })
        .collect();
    scenario.principals[0].policies[0].text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(", ")
    );
    let ws = Workspace::new(scenario);
    let id = ws.principal_id(0).expect("id");
    let e = ws
        .explain(id, "sagemaker:CreateTrainingJob")
        .expect("explained");
    let conditions: Vec<&ExplainedCondition> = e
        .statements
        .iter()
        .flat_map(|s| &s.conditions)
        .filter(|c| c.text.contains("aws:TagKeys"))
        .collect();
    assert_eq!(conditions.len(), 40);
    for c in conditions {
        let shown = c
            .request_values
            .as_deref()
            .expect("the key is in the request");
        assert_eq!(shown.len(), crate::engine::SHOWN_VALUES);
        assert_eq!(c.more_values, 12);
        assert_eq!(shown[7], format!("07{}…", "v".repeat(118)));
    }
}

#[test]
fn a_resource_policy_that_depends_on_its_resource_is_read_with_it_when_the_page_opens() {
    // An ECR repository's policy without `Resource`, and one text with API Gateway's shorthand
    // on two APIs: each read with its own resource from the start, not only after an edit.
    let ecr = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"ecr:BatchGetImage"}]}"#;
    let api = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/*"}]}"#;
    let arn = |id: &str| format!("arn:aws:execute-api:us-east-1:111122223333:{id}/prod/GET/pets");
    let resource = |name: &str, arn: String, policy: &str| ResourceDoc {
        name: name.into(),
        arn,
        account: String::new(),
        policy: policy.into(),
    };
    let mut scenario = presets::preset("sagemaker-api-exam")
        .expect("preset")
        .scenario;
    let before = Workspace::new(scenario.clone()).diagnostics().len();
    scenario.resources = vec![
        resource(
            "repo",
            "arn:aws:ecr:us-east-1:111122223333:repository/app".into(),
            ecr,
        ),
        resource("api-a", arn("aaaaaaaaaa"), api),
        resource("api-b", arn("bbbbbbbbbb"), api),
    ];
    let ws = Workspace::new(scenario);
    assert_eq!(ws.diagnostics().len(), before, "{:?}", located(&ws));
    let matches = |at: usize, resource: &str| {
        let parsed = ws.layers.resources[at].as_ref().expect("a policy");
        let statement = parsed.policy.statements.first().expect("a statement");
        statement.resource.patterns[0].matches_arn(&crate::engine::Context::default(), resource)
    };
    assert!(matches(1, &arn("aaaaaaaaaa")) && !matches(1, &arn("bbbbbbbbbb")));
    assert!(matches(2, &arn("bbbbbbbbbb")) && !matches(2, &arn("aaaaaaaaaa")));
}
