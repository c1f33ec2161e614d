//! Tests of the catalog: its figures, lookups, expansion, suggestions and ARNs.

use super::arn::sample_value;
use super::*;

#[test]
fn the_committed_catalog_reads_without_a_malformed_line() {
    let c = catalog();
    assert_eq!(c.malformed_lines(), 0);
    assert!(c.services().len() > 400, "{c:?}");
    assert!(c.action_count() > 20_000, "{c:?}");
    assert!(c.global_condition_keys().len() > 40);
}

#[test]
fn records_split_lines_into_five_fields() {
    let text = "A\tName\tW\trt*,other\tk1 k2\textra\r\nS\tsvc\n\nG\tkey";
    let lines: Vec<[&str; 5]> = records(text).collect();
    assert_eq!(
        lines,
        vec![
            // The fifth field keeps any further tab; a `\r` before the `\n` is not part of it.
            ["A", "Name", "W", "rt*,other", "k1 k2\textra"],
            ["S", "svc", "", "", ""],
            ["", "", "", "", ""],
            // The last line needs no `\n`.
            ["G", "key", "", "", ""],
        ]
    );
    assert_eq!(records("").count(), 0);
    assert_eq!(records("\n").count(), 1);
}

#[test]
fn separators_are_found_at_every_offset() {
    // Every place in and around the eight-byte steps, with bytes on either side that differ
    // from a tab or a newline by one bit.
    for len in 0..20 {
        for at in 0..len {
            for sep in [b'\t', b'\n'] {
                let mut bytes = vec![b'\x08'; len];
                if let Some(b) = bytes.get_mut(at) {
                    *b = sep;
                }
                bytes.iter_mut().skip(at + 1).for_each(|b| *b = b'\x0b');
                assert_eq!(find_tab_or_newline(&bytes), Some(at), "{bytes:?}");
            }
        }
        assert_eq!(find_tab_or_newline(&vec![b'x'; len]), None);
        assert_eq!(find_tab_or_newline(&vec![0x89; len]), None);
    }
}

#[test]
fn parsing_the_catalog_once_is_quick() {
    let start = std::time::Instant::now();
    let c = Catalog::parse(CATALOG_TEXT);
    let elapsed = start.elapsed();
    println!(
        "parsed {} services, {} actions, {} condition keys in {elapsed:?}",
        c.services().len(),
        c.action_count(),
        c.keys.len()
    );
    assert_eq!(c.action_count(), catalog().action_count());
}

#[test]
fn sagemaker_has_449_actions() {
    let sagemaker = catalog().service("sagemaker").expect("sagemaker is listed");
    assert_eq!(sagemaker.actions().len(), 449);
    assert_eq!(sagemaker.name(), "Amazon SageMaker");
    assert_eq!(catalog().expand("sagemaker:*").len(), 449);
    assert_eq!(catalog().expand("SageMaker:*").len(), 449);
}

#[test]
fn create_training_job_is_a_write_on_a_training_job() {
    let action = catalog()
        .action("sagemaker:createtrainingjob")
        .expect("found case-insensitively");
    assert_eq!(action.name(), "sagemaker:CreateTrainingJob");
    assert_eq!(action.short_name(), "CreateTrainingJob");
    assert_eq!(action.service().prefix(), "sagemaker");
    assert_eq!(action.access_levels().to_string(), "Write");
    assert!(action.access_levels().contains(AccessLevel::Write));
    let main = action.main_resource_type().expect("has a resource type");
    assert_eq!(main.name, "training-job");
    assert!(main.required);
    assert_eq!(
        main.arn_template(),
        "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}"
    );
    let types: Vec<(&str, bool)> = action
        .resource_types()
        .map(|r| (r.name, r.required))
        .collect();
    assert!(types.contains(&("training-job", true)), "{types:?}");
    let keys: Vec<&str> = action.condition_keys().collect();
    assert!(keys.contains(&"sagemaker:InstanceTypes"), "{keys:?}");
    assert!(keys.contains(&"aws:RequestTag/${TagKey}"), "{keys:?}");
}

#[test]
fn combined_access_levels_read_as_aws_writes_them() {
    let tagging = catalog()
        .action("sagemaker:AddTags")
        .expect("sagemaker:AddTags exists");
    assert_eq!(tagging.access_levels().to_string(), "Tagging, Write");
    assert!(tagging.access_levels().contains(AccessLevel::Tagging));
    let counts = |level: AccessLevel| {
        catalog()
            .actions()
            .filter(|a| a.access_levels().contains(level))
            .count()
    };
    for level in AccessLevel::ALL {
        assert!(counts(level) > 0, "no {level:?} action");
    }
    assert!(catalog()
        .actions()
        .any(|a| a.access_levels().to_string() == "Tagging, Write"));
    assert!(catalog()
        .actions()
        .any(|a| a.access_levels().to_string() == "Permissions management, Write"));
    assert!(catalog().actions().all(|a| !a.access_levels().is_empty()));
}

#[test]
fn every_action_is_found_by_its_name_in_any_case() {
    let c = catalog();
    for action in c.actions() {
        assert_eq!(c.action(action.name()), Some(action));
        assert_eq!(c.action(&action.name().to_uppercase()), Some(action));
    }
}

/// Natively the embedded catalog finds actions through `build.rs`'s table by name; a catalog
/// read from the same text finds them by binary search. Both find every action in any case,
/// and neither finds a name that is not one.
#[test]
fn the_table_of_actions_by_name_and_the_search_by_name_agree() {
    let built = catalog();
    #[cfg(not(target_arch = "wasm32"))]
    assert!(built.action_slots.len() > built.action_count());
    let read = Catalog::parse(catalog_text());
    assert!(read.action_slots.is_empty());
    for action in built.actions() {
        let name = action.name();
        let mixed: String = name
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        for name in [name, &mixed] {
            let found = read.action(name).map(|a| a.name());
            assert_eq!(built.action(name).map(|a| a.name()), found, "{name}");
            assert_eq!(found, Some(action.name()));
        }
    }
    for missing in [
        "s3:GetObjectt",
        "s3:",
        ":GetObject",
        "s3GetObject",
        "",
        "x:y",
        "s3:*",
        "s3:Get?bject",
    ] {
        assert_eq!(built.action(missing).map(|a| a.name()), None, "{missing}");
        assert_eq!(read.action(missing).map(|a| a.name()), None, "{missing}");
    }
}

#[test]
fn every_action_resource_type_is_listed_by_its_service() {
    for action in catalog().actions() {
        for rt in action.resource_types() {
            assert!(
                rt.resource_type().is_some(),
                "{} names {}",
                action.name(),
                rt.name
            );
        }
    }
}

#[test]
fn a_service_names_each_of_its_resource_types_once() {
    // Callers may look a type up by name and take the first (the condition-key checks do).
    for service in catalog().services() {
        let mut names: Vec<&str> = service.resource_types().map(|r| r.name()).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            count,
            "{} repeats a resource type",
            service.prefix()
        );
    }
}

#[test]
fn every_condition_key_an_action_or_resource_type_names_is_known() {
    let c = catalog();
    for action in c.actions() {
        for key in action.all_condition_keys() {
            assert!(c.is_known_condition_key(key), "{}: {key}", action.name());
        }
    }
    for service in c.services() {
        for rt in service.resource_types() {
            for key in rt.condition_keys() {
                assert!(c.is_known_condition_key(key), "{}: {key}", rt.name());
            }
        }
    }
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> std::time::Duration {
    let mut times: Vec<std::time::Duration> = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times.get(runs / 2).copied().unwrap_or_default()
}

#[test]
fn star_expands_to_every_action_quickly() {
    let c = catalog();
    assert_eq!(c.expand("*").len(), c.action_count());
    let all = median(21, || assert_eq!(c.expand("*").len(), c.action_count()));
    let not = median(21, || {
        assert_eq!(
            c.expand_not(&["s3:*"]).len() + c.expand("s3:*").len(),
            c.action_count()
        )
    });
    // Information only (run with --release --nocapture for representative figures).
    println!("expand(\"*\"): {all:?}; expand_not([\"s3:*\"]) + expand(\"s3:*\"): {not:?}");
}

#[test]
fn patterns_expand_case_insensitively_with_both_wildcards() {
    let c = catalog();
    let create = c.expand("sagemaker:Create*");
    assert!(create.len() > 50);
    assert!(create
        .iter()
        .all(|a| a.name().starts_with("sagemaker:Create")));
    let names: Vec<&str> = c.expand("s3:get?bject").iter().map(|a| a.name()).collect();
    assert_eq!(names, vec!["s3:GetObject"]);
    let across: Vec<&str> = c.expand("s3*:GetObject").iter().map(|a| a.name()).collect();
    assert!(across.contains(&"s3:GetObject"), "{across:?}");
    assert!(across.contains(&"s3-outposts:GetObject"), "{across:?}");
    assert!(c.expand("sagemaker:Creat*X").is_empty());
    assert!(!c.matches_any("sagemaker:Creat*X"));
    assert!(c.matches_any("*:CreateTrainingJob"));
    assert!(c.expand("a:b:c").is_empty());
    assert!(c.expand(&format!("s3:{}", "x".repeat(500))).is_empty());
    // Order: catalog order.
    let all: Vec<&str> = c.expand("*:ListBuckets").iter().map(|a| a.name()).collect();
    let mut sorted = all.clone();
    sorted.sort_by_key(|n| n.split_once(':').map(|(p, _)| p.to_string()));
    assert_eq!(all, sorted);
}

#[test]
fn not_action_lists_cover_what_no_pattern_matches() {
    let c = catalog();
    let rest = c.expand_not(&["sagemaker:*", "s3:Get*"]);
    assert_eq!(
        rest.len(),
        c.action_count() - 449 - c.expand("s3:Get*").len()
    );
    assert!(rest.iter().all(|a| !a.name().starts_with("sagemaker:")));
    assert!(c.expand_not(&["*"]).is_empty());
    assert_eq!(c.expand_not::<&str>(&[]).len(), c.action_count());
}

#[test]
fn unknown_names_get_suggestions() {
    let c = catalog();
    assert_eq!(
        c.suggest_action("sagemaker:CreateTrainingJobs")
            .map(|a| a.name()),
        Some("sagemaker:CreateTrainingJob")
    );
    assert_eq!(c.suggest_action("sagemaker:Banana"), None);
    assert_eq!(
        c.suggest_service("sagemakr").map(|s| s.prefix()),
        Some("sagemaker")
    );
    assert_eq!(
        c.suggest_condition_key("aws:SourceVpcee"),
        Some("aws:SourceVpce")
    );
}

#[test]
fn condition_keys_are_known_case_insensitively_with_their_templates() {
    let c = catalog();
    for key in [
        "aws:SourceVpce",
        "AWS:SOURCEVPCE",
        "aws:PrincipalTag/team",
        "aws:RequestTag/cost-center",
        "aws:ResourceTag/Owner",
        "aws:TagKeys",
        "s3:ExistingObjectTag/classification",
        "s3:prefix",
        "sagemaker:InstanceTypes",
        "sts:ExternalId",
        "ec2:ResourceTag/Name",
        "secretsmanager:ResourceTag/team",
        "secretsmanager:ResourceTag/tag-key",
        "glacier:ResourceTag/team",
        "kms:EncryptionContext:aws:s3:arn",
        "codebuild:environment.environmentVariables/FOO.value",
        "cognito-identity.amazonaws.com:aud",
    ] {
        assert!(c.is_known_condition_key(key), "{key}");
    }
    for key in [
        "aws:SourceVpcee",
        "aws:PrincipalTag/",
        "s3:Banana",
        "sagemaker:",
        "glacier:ResourceTag/",
    ] {
        assert!(!c.is_known_condition_key(key), "{key}");
    }
    assert_eq!(
        c.condition_key("aws:requesttag/team")
            .map(|k| (k.key, k.value_type)),
        Some(("aws:RequestTag/${TagKey}", ConditionKeyType::String))
    );
    assert_eq!(
        c.condition_key("aws:sourceip").map(|k| k.value_type),
        Some(ConditionKeyType::IpAddress)
    );
}

#[test]
fn synthesized_arns_fill_the_templates() {
    let c = catalog();
    assert_eq!(
        c.synthesize_arn(
            "sagemaker:CreateTrainingJob",
            "aws",
            "us-east-1",
            "111122223333"
        )
        .as_deref(),
        Some("arn:aws:sagemaker:us-east-1:111122223333:training-job/example-training-job-name")
    );
    assert_eq!(
        c.synthesize_arn("s3:GetObject", "aws", "us-east-1", "111122223333")
            .as_deref(),
        Some("arn:aws:s3:::example-bucket-name/example-object-name")
    );
    // An action that takes only `*`.
    let star_only = c
        .expand("sagemaker:*")
        .into_iter()
        .find(|a| a.resource_types().next().is_none())
        .expect("some sagemaker action takes only *");
    assert_eq!(
        star_only.synthesize_arn("aws", "us-east-1", "111122223333"),
        None
    );
    assert_eq!(c.synthesize_arn("s3:Banana", "aws", "", ""), None);
    assert_eq!(
        sample_value("AIBenchmarkJobName"),
        "example-ai-benchmark-job-name"
    );
    assert_eq!(
        sample_value("RoleNameWithPath"),
        "example-role-name-with-path"
    );
}

#[test]
fn a_malformed_catalog_is_read_as_far_as_possible() {
    let c = Catalog::parse(
        "# header\nK\tx:Y\tString\nS\tsvc\tService\nZ\tjunk\nA\tDoIt\tQ\nA\tDoIt\tW\nK\tsvc:Key\tNoType\n",
    );
    assert_eq!(c.malformed_lines(), 4);
    assert_eq!(c.action("svc:doit").map(|a| a.name()), Some("svc:DoIt"));
    // CRLF line ends and a last line without one.
    let c = Catalog::parse("S\tsvc\tService\r\nA\tDoIt\tW\r\nA\tStop\tR\tthing*");
    assert_eq!(c.malformed_lines(), 0);
    assert_eq!(c.action_count(), 2);
    assert_eq!(c.service("svc").map(|s| s.name()), Some("Service"));
    let stop = c.action("svc:stop").expect("the last line is read");
    assert_eq!(
        stop.resource_types().map(|r| r.name).collect::<Vec<_>>(),
        ["thing"]
    );
}

/// The embedded catalog is read with `build.rs`'s tables (natively, every line's fields and
/// each service's action lines; for wasm, its `S` lines, stepping over each service's actions);
/// any other text line by line. Both read the embedded text alike.
#[test]
fn the_table_of_service_lines_reads_the_catalog_as_a_line_by_line_reading_does() {
    let scanned = Catalog::parse(CATALOG_TEXT);
    assert_eq!(SERVICE_LINES.len(), scanned.services.len());
    // Natively `build.rs` also recorded every line's fields and each service's actions.
    assert!(!SERVICE_TABLE.is_empty(), "the native tables of records");
    assert!(KEY_SLOTS.len().is_power_of_two() && !TEMPLATE_KEYS.is_empty());
    assert!(catalog().exact_keys.is_empty() && !catalog().key_slots.is_empty());
    assert_eq!(SERVICE_TABLE.len(), 8 * scanned.services.len());
    assert_eq!(RESOURCE_TABLE.len(), 6 * scanned.resource_types.len());
    assert_eq!(KEY_TABLE.len(), 3 * scanned.keys.len());
    assert_eq!(SERVICE_ACTIONS.len(), 2 * scanned.services.len());
    // The browser's reading: the `S` lines' table without the records.
    let stepped = Catalog::read(
        CATALOG_TEXT,
        Some(BuildTables {
            service_lines: SERVICE_LINES,
            tag_keys: SERVICE_TAG_KEYS,
            services: &[],
            resource_types: &[],
            keys: &[],
            global_key_count: &[],
            arn_services: &[],
            arn_service_names: "",
            arn_templates: &[],
            key_slots: &[],
            template_keys: &[],
            actions: &[],
            action_slots: &[],
        }),
    );
    for (table, how) in [(catalog(), "records"), (&stepped, "S lines")] {
        assert_same_reading(table, &scanned, how);
    }
}

/// `table` (read with `build.rs`'s tables) is `scanned` (read line by line).
fn assert_same_reading(table: &Catalog, scanned: &Catalog, how: &str) {
    assert_eq!(table.services.len(), scanned.services.len(), "{how}");
    for (a, b) in table.services.iter().zip(scanned.services.iter()) {
        assert_eq!((a.prefix, a.name), (b.prefix, b.name), "{how}");
        assert_eq!(a.resource_types, b.resource_types, "{how}: {}", a.prefix);
        assert_eq!(a.condition_keys, b.condition_keys, "{how}: {}", a.prefix);
        // The tables' ranges run to the next `S` line; the scan's end at the last action.
        assert_eq!(
            a.action_lines.start, b.action_lines.start,
            "{how}: {}",
            a.prefix
        );
        let between = &CATALOG_TEXT[b.action_lines.end..a.action_lines.end];
        assert!(
            between.trim().is_empty(),
            "{how}: {}: {between:?}",
            a.prefix
        );
    }
    assert_eq!(table.keys.len(), scanned.keys.len(), "{how}");
    for (a, b) in table.keys.iter().zip(scanned.keys.iter()) {
        assert_eq!((a.key, a.value_type), (b.key, b.value_type), "{how}");
    }
    assert_eq!(table.global_keys, scanned.global_keys, "{how}");
    assert_eq!(table.resource_types.len(), scanned.resource_types.len());
    for (a, b) in table
        .resource_types
        .iter()
        .zip(scanned.resource_types.iter())
    {
        assert_eq!(
            (a.name, a.arns, a.condition_keys),
            (b.name, b.arns, b.condition_keys),
            "{how}"
        );
    }
    // Every key found as the scan finds it (natively through `build.rs`'s `KEY_SLOTS`), and
    // the templated ones and others not at all.
    for (lower, &i) in &scanned.exact_keys {
        assert_eq!(table.exact_key(lower), Some(i), "{how}: {lower}");
    }
    for k in scanned.keys.iter() {
        let lower = k.key.to_ascii_lowercase();
        let found = scanned.exact_key(&lower);
        // in any case: as written, lowercase, uppercase
        for key in [k.key, &lower, &k.key.to_ascii_uppercase()] {
            assert_eq!(table.exact_key(key), found, "{how}: {key}");
            assert_eq!(scanned.exact_key(key), found, "{how}: {key}");
        }
    }
    for other in ["", "aws:", "aws:sourcevpcee", "s3:x-amz-acl/", "nothing"] {
        assert_eq!(table.exact_key(other), None, "{how}: {other}");
    }
    let (ta, sa) = (table.key_templates(), scanned.key_templates());
    assert_eq!(ta.all.len(), sa.all.len());
    for (a, b) in ta.all.iter().zip(&sa.all) {
        assert_eq!((a.key, &a.head), (b.key, &b.head), "{how}");
    }
    assert_eq!(ta.open, sa.open, "{how}");
    assert_eq!(
        table.tag_keys.map(<[u8]>::len),
        Some(scanned.services.len()),
        "{how}"
    );
    assert_eq!(table.malformed_lines(), scanned.malformed_lines(), "{how}");
    assert_eq!(table.action_count(), scanned.action_count(), "{how}");
    fn names(c: &Catalog) -> Vec<&str> {
        c.actions().map(|a| a.name()).collect()
    }
    assert_eq!(names(table), names(scanned), "{how}");
}

/// A service's actions are read when first asked for, not before.
#[test]
fn actions_are_read_service_by_service_when_asked_for() {
    let c = Catalog::parse(CATALOG_TEXT);
    let read = |c: &Catalog| {
        c.services
            .iter()
            .filter(|s| s.actions.get().is_some())
            .count()
    };
    assert_eq!(read(&c), 0);
    assert!(c.action("sagemaker:CreateTrainingJob").is_some());
    assert_eq!(read(&c), 1);
    assert_eq!(
        c.expand("s3:Get*").first().map(|a| a.service().prefix()),
        Some("s3")
    );
    assert_eq!(read(&c), 2);
    assert!(c.expand("*").len() > 20_000);
    assert_eq!(read(&c), c.services.len());
}

#[test]
fn templated_keys_are_told_from_plain_ones() {
    let key = |key: &'static str| ConditionKey {
        key,
        value_type: ConditionKeyType::String,
    };
    for templated in [
        "aws:RequestTag/${TagKey}",
        "s3:ExistingObjectTag/<key>",
        "glacier:ResourceTag/",
        "secretsmanager:ResourceTag/tag-key",
        "x:ResourceTag/TAG-KEY",
    ] {
        assert!(key(templated).is_templated(), "{templated}");
    }
    for plain in [
        "aws:SourceVpce",
        "s3:prefix",
        "x:tag-key",
        "x:$",
        "x:{a}",
        "ag-key",
    ] {
        assert!(!key(plain).is_templated(), "{plain}");
    }
}

/// `build.rs`'s table of the services supporting each tag key agrees with the catalog's own
/// reading of every service's actions, and the tag keys are the catalog's global keys.
#[test]
fn the_table_of_tag_keys_agrees_with_every_services_actions() {
    let table = catalog();
    let scanned = Catalog::parse(CATALOG_TEXT);
    assert!(table.tag_keys.is_some());
    assert!(scanned.tag_keys.is_none());
    for key in TAG_KEYS {
        assert_eq!(table.condition_key(key).map(|k| k.key), Some(key));
        let mut supporting = 0;
        for (a, b) in table.services().zip(scanned.services()) {
            let walked = b.actions().any(|action| action.supports_key(key));
            assert_eq!(a.supports_key(key), walked, "{} {key}", a.prefix());
            assert_eq!(b.supports_key(key), walked, "{} {key}", a.prefix());
            supporting += usize::from(walked);
        }
        // Both answers occur: hundreds of services support each, dozens do not.
        assert!(supporting > 200, "{key}: {supporting}");
        assert!(
            supporting + 20 < table.services().count(),
            "{key}: {supporting}"
        );
    }
    // Asked in another case, the same answer (from the table).
    let s3 = table.service("s3").expect("s3");
    assert_eq!(
        s3.supports_key("AWS:RESOURCETAG/${TAGKEY}"),
        s3.supports_key(TAG_KEYS[1])
    );
    // An action supports a key through a resource type that lists it: `s3:GetObject` on an
    // `object`, whose type lists `s3:ExistingObjectTag/<key>`...
    let get = table.action("s3:GetObject").expect("s3:GetObject");
    assert!(get.supports_key("s3:ExistingObjectTag/<key>"));
    assert!(!get.supports_key("s3:max-keys"));
}

/// Whether a service has actions is known without reading them, and agrees with reading them.
#[test]
fn has_actions_agrees_with_the_actions_read() {
    let c = Catalog::parse(CATALOG_TEXT);
    let with: Vec<bool> = c.services().map(|s| s.has_actions()).collect();
    assert!(c.services.iter().all(|s| s.actions.get().is_none()));
    let read: Vec<bool> = c.services().map(|s| s.actions().len() > 0).collect();
    assert_eq!(with, read);
    assert!(with.iter().any(|h| *h));
    let text = "S\tempty\tNo actions\nS\tone\tOne action\nA\tGo\tW\n";
    let small = Catalog::parse(text);
    let has: Vec<bool> = small.services().map(|s| s.has_actions()).collect();
    assert_eq!(has, [false, true]);
}

/// One list of type names serves `build.rs`'s codes, the crate's reading and `as_str`: each
/// type's place among the variants is its code, and its name reads back to it.
#[test]
fn condition_key_types_read_back_from_their_names_and_codes() {
    for (code, t) in ConditionKeyType::ALL.into_iter().enumerate() {
        assert_eq!(t as usize, code, "{t:?}");
        assert_eq!(ConditionKeyType::from_code(code), Some(t));
        assert_eq!(ConditionKeyType::parse(t.as_str()), Some(t));
        assert_eq!(t.as_str(), crate::rules::KEY_TYPE_NAMES[code]);
    }
    assert_eq!(ConditionKeyType::from_code(9), None);
    assert_eq!(ConditionKeyType::parse("string"), None);
}

/// Natively every service's actions come from `build.rs`'s tables; read from the service's
/// lines as the browser reads them, they are the same entries, names and counts, and the
/// embedded catalog hands out the built ones. (The browser's build has no such tables.)
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_built_actions_are_the_actions_read_from_each_services_lines() {
    let tables = catalog()
        .built_actions
        .expect("native builds have the action tables");
    assert_eq!(SERVICE_ACTION_TABLE.len(), 6 * catalog().services.len());
    assert_eq!(tables.len(), catalog().services.len());
    assert_eq!(ACTION_ENTRIES.len(), catalog().action_count());
    for (i, s) in catalog().services.iter().enumerate() {
        let built = &built::SERVICE_ACTIONS_BUILT[i];
        let read = ServiceActions::read(s.prefix, CATALOG_TEXT, s.action_lines.clone());
        assert_eq!(*built, read, "{}", s.prefix);
        assert!(matches!(built.entries, std::borrow::Cow::Borrowed(_)));
        let handed = catalog().actions_of(i).expect("every service");
        assert!(std::ptr::eq(handed, built), "{}", s.prefix);
    }
    // Handing them out writes nothing into the services' records (whose first writes, in
    // writable memory, each cost a page copy and, with another thread running, an interrupt
    // of that thread).
    assert!(built::SERVICES.iter().all(|s| s.actions.get().is_none()));
    // A text other than the embedded one is read line by line.
    let scanned = Catalog::parse(CATALOG_TEXT);
    assert!(scanned.built_actions.is_none());
    assert_eq!(scanned.action_count(), catalog().action_count());
}

/// The access letters of the catalog format are read as each level's bit.
#[test]
fn access_letters_are_read_as_each_levels_bit() {
    for level in AccessLevel::ALL {
        let letter = char::from(level.letter()).to_string();
        let levels = AccessLevels::from_letters(&letter).expect("a known letter");
        assert_eq!(levels.iter().collect::<Vec<_>>(), [level]);
    }
    let both = AccessLevels::from_letters("PW").expect("two letters");
    assert_eq!(
        both.iter().collect::<Vec<_>>(),
        [AccessLevel::PermissionsManagement, AccessLevel::Write]
    );
    assert_eq!(AccessLevels::from_letters(""), None);
    assert_eq!(AccessLevels::from_letters("WX"), None);
}

/// A key template's tokens, read a character at a time: what `key_template_tokens` reads by runs
/// must be the same.
fn key_template_tokens_by_char(lower: &str) -> Vec<Token> {
    let (body, trailing_variable) = match lower.strip_suffix("tag-key") {
        Some(body) if body.ends_with('/') => (body, true),
        _ => (lower, lower.ends_with('/')),
    };
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let close = if rest.starts_with("${") {
            rest.find('}')
        } else if c == '<' {
            rest.find('>')
        } else {
            None
        };
        if let Some(close) = close {
            if !text.is_empty() {
                tokens.push(Token::Text(std::mem::take(&mut text)));
            }
            tokens.push(Token::AnyOne);
            tokens.push(Token::AnyRun);
            rest = &rest[close + 1..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    if trailing_variable {
        tokens.push(Token::AnyOne);
        tokens.push(Token::AnyRun);
    }
    tokens
}

/// Key templates are read by runs of text exactly as a character at a time: every key of the
/// catalog, and placeholders that do not close, follow each other or hold non-ASCII text.
#[test]
fn key_template_tokens_read_by_runs_as_by_characters() {
    let odd = [
        "",
        "$",
        "<",
        "a$b<c",
        "${",
        "${a",
        "a${b}c${d}",
        "${a}${b}",
        "<a><b>",
        "x<y",
        "x${y<z>",
        "é${ü}ß<ø>",
        "s3:resourcetag/",
        "s3:resourcetag/tag-key",
        "s3:$<${x}>",
    ];
    let keys = catalog().keys.iter().map(|k| k.key.to_ascii_lowercase());
    let mut templated = 0;
    for key in keys.chain(odd.iter().map(|s| s.to_string())) {
        let tokens = patterns::key_template_tokens(&key);
        templated += usize::from(tokens.len() > 1);
        assert_eq!(tokens, key_template_tokens_by_char(&key), "{key}");
    }
    assert!(templated > 100, "{templated} templated keys compared");
}

/// A suggestion for an unknown condition key is what sorting every key of its prefix by
/// `(name, key)` and taking the first of the closest names gave (as it was done before): for
/// every global key and every key of a few services with one byte dropped, doubled, replaced
/// or two swapped, and for keys no key is close to.
#[test]
fn condition_key_suggestions_are_the_first_of_the_closest_in_sorted_order() {
    let c = catalog();
    let sorted_first = |key: &str| -> Option<&'static str> {
        let (prefix, name) = text::bytes::split_once_byte(key, b':')?;
        let mut candidates: Vec<(&'static str, &'static str)> = c
            .keys
            .iter()
            .filter_map(|k| {
                let (p, n) = text::bytes::split_once_byte(k.key, b':')?;
                p.eq_ignore_ascii_case(prefix).then_some((n, k.key))
            })
            .collect();
        candidates.sort();
        candidates.dedup();
        let names: Vec<&str> = candidates.iter().map(|(n, _)| *n).collect();
        let best = did_you_mean(name, &names)?;
        candidates
            .iter()
            .find(|(n, _)| *n == best)
            .map(|(_, key)| *key)
    };
    let services = ["s3", "sagemaker", "ec2", "kms", "iam"];
    let keys: Vec<&str> = c
        .keys
        .iter()
        .map(|k| k.key)
        .filter(|k| {
            k.starts_with("aws:")
                || services
                    .iter()
                    .any(|s| k.strip_prefix(s).is_some_and(|r| r.starts_with(':')))
        })
        .collect();
    assert!(keys.len() > 300, "{}", keys.len());
    let mut compared = 0;
    let mut suggested = 0;
    for key in keys {
        let bytes = key.as_bytes();
        let at = key.len() - 2;
        let mut variants = vec![
            [&bytes[..at], &bytes[at + 1..]].concat(),
            [&bytes[..at], &bytes[at..at + 1], &bytes[at..]].concat(),
            [&bytes[..at], b"q", &bytes[at + 1..]].concat(),
            [&bytes[..at], &bytes[at + 1..at + 2], &bytes[at..at + 1]].concat(),
        ];
        variants.push([&bytes[..key.find(':').unwrap_or(0) + 1], b"zzzzqqqxxj"].concat());
        for v in variants {
            let Ok(v) = std::str::from_utf8(&v) else {
                continue;
            };
            let expected = sorted_first(v);
            assert_eq!(c.suggest_condition_key(v), expected, "{v}");
            compared += 1;
            suggested += usize::from(expected.is_some());
        }
    }
    assert!(suggested > compared / 2, "{suggested} of {compared}");
}
