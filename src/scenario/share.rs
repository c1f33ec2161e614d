//! Share links: the whole scenario in the URL fragment, compressed and versioned.
//!
//! Format: `v2.` followed by base64url (no padding) of the raw-deflate-compressed JSON of the
//! [`Scenario`]. Nothing is ever sent to a server: the fragment stays in the browser. A fragment
//! is untrusted input, so [`decode`] bounds every size and checks every field before use.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

use super::{
    Scenario, MAX_EXPECTATIONS, MAX_EXPECTATION_NOTE, MAX_EXPECTATION_PATTERN,
    MAX_EXPECTATION_RESOURCE, MAX_POLICIES, MAX_PRINCIPALS,
};
use crate::engine::{Code, Diagnostic, Span};

/// The version tag of the current format (the document's version: every layer).
pub const VERSION_PREFIX: &str = "v2.";
/// The tag of version 1 links (endpoint and identity policies only): the same encoding, and the
/// document is migrated as it is read.
pub const V1_PREFIX: &str = "v1.";
/// The longest fragment accepted (characters).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// The most bytes a fragment may inflate to.
pub const MAX_JSON: usize = 1024 * 1024;
/// The longest policy text accepted in a link.
pub const MAX_POLICY_TEXT: usize = 100 * 1024;
/// Most endpoints, accounts and OUs a scenario from outside may hold.
pub const MAX_ITEMS: usize = 50;
/// Most resources a scenario from outside may hold: an imported account has one per role (its
/// trust policy).
pub const MAX_RESOURCES: usize = 1_000;
/// The largest scenario file the command line reads and the page imports (bytes of JSON): an
/// imported account's scenario repeats each managed policy in every principal that has it. A
/// share link is bounded by [`MAX_JSON`] instead.
pub const MAX_SCENARIO_FILE: usize = 32 * 1024 * 1024;
/// Most SCPs or RCPs attached to one level (AWS allows 5 SCPs per root, OU or account).
pub const MAX_LEVEL_POLICIES: usize = 10;
/// Most components of each kind a network from outside may hold: subnets, route tables, network
/// ACLs, security groups, prefix lists, NAT gateways, interface and gateway endpoints,
/// workloads.
pub const MAX_NETWORK_ITEMS: usize = 50;
/// Most entries of one list inside a network component: the routes of a route table, the rules
/// of a network ACL or a security group (each direction), the ranges of a prefix list, an
/// interface endpoint's interfaces, a gateway endpoint's route tables. (AWS's
/// own quotas are lower: 20 ACL rules and 60 security group rules a direction by default.)
pub const MAX_NETWORK_RULES: usize = 100;
/// Most security groups a workload or an interface endpoint may carry (AWS allows 16 per network
/// interface at most): each call reads every rule of each of them.
pub const MAX_INTERFACE_GROUPS: usize = 16;

/// Whether `url` may be the target of a link the page or a widget renders (the full
/// playground's URL a share link is appended to): a relative URL, or an absolute one whose scheme
/// is `http` or `https`. Read as a browser reads it (leading and trailing spaces and control
/// characters dropped, tabs and newlines removed anywhere), so that `java\tscript:` or
/// ` JAVASCRIPT:` count as the `javascript:` URLs they are; `data:`, `blob:`, `file:` and every
/// other scheme are refused too.
pub fn is_web_link(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme is letters, digits, `+`, `-` and `.` after a first letter, then `:`; anything
    // else before the first `:` (a `/`, `?` or `#`) makes the URL relative.
    let scheme_end =
        url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')));
    match scheme_end {
        Some(end)
            if end > 0
                && url[end..].starts_with(':')
                && url.starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            let scheme = url[..end].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

/// Encodes a scenario as a fragment (without the leading `#`).
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    let compressed = compress_to_vec(&json, 6);
    format!("{VERSION_PREFIX}{}", base64url_encode(&compressed))
}

/// Decodes a fragment (with or without the leading `#`). The error is an `INVALID_SHARE_LINK`
/// diagnostic (span in the fragment without its `#`) or, for a scenario outside the bounds, an
/// `INVALID_SCENARIO` one; its message says in plain words what is wrong with the link.
pub fn decode(fragment: &str) -> Result<Scenario, Diagnostic> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let whole = Span::new(0, fragment.len());
    let bad =
        |span: Span, message: String| Diagnostic::new(Code::INVALID_SHARE_LINK, span, message);
    if fragment.len() > MAX_FRAGMENT {
        return Err(bad(
            whole,
            format!(
                "the link is too long ({} characters; at most {MAX_FRAGMENT})",
                fragment.len()
            ),
        ));
    }
    let Some(data) = fragment
        .strip_prefix(VERSION_PREFIX)
        .or_else(|| fragment.strip_prefix(V1_PREFIX))
    else {
        return Err(match fragment.split_once('.') {
            Some((v, _)) if v.starts_with('v') => bad(
                Span::new(0, v.len()),
                format!(
                    "the link was made by a newer or unknown version (`{v}`) of the playground"
                ),
            ),
            _ => bad(whole, "the link does not hold a playground scenario".into()),
        });
    };
    let data_span = Span::new(fragment.len() - data.len(), fragment.len());
    let compressed = base64url_decode(data).ok_or_else(|| {
        bad(
            data_span,
            "the link is damaged: it is not valid base64url".into(),
        )
    })?;
    let json = decompress_to_vec_with_limit(&compressed, MAX_JSON).map_err(|_| {
        bad(
            data_span,
            "the link is damaged or too large: it does not decompress".into(),
        )
    })?;
    // Read as text, like every other scenario: one reader of scenarios in the bundle, not two.
    let json = std::str::from_utf8(&json).map_err(|e| {
        bad(
            data_span,
            format!("the link's scenario is not valid: it is not UTF-8 text ({e})"),
        )
    })?;
    let scenario: Scenario = serde_json::from_str(json)
        .map_err(|e| bad(data_span, format!("the link's scenario is not valid: {e}")))?;
    validate(&scenario)?;
    Ok(scenario)
}

/// Checks the bounds a scenario from outside must respect: an `INVALID_SCENARIO` diagnostic
/// (with an empty span: the scenario has no text of its own) when it does not. Its baseline is
/// held to the same bounds (its message begins with "the baseline: "), and may not have a
/// baseline of its own.
pub fn validate(s: &Scenario) -> Result<(), Diagnostic> {
    validate_expectations(s)?;
    if let Some(b) = &s.baseline {
        if b.baseline.is_some() {
            return Err(Diagnostic::new(
                Code::INVALID_SCENARIO,
                Span::default(),
                "the baseline has a baseline of its own; a document holds one level only",
            ));
        }
        validate_document(b).map_err(|mut d| {
            d.message = format!("the baseline: {}", d.message);
            d
        })?;
        validate_expectations(b).map_err(|mut d| {
            d.message = format!("the baseline: {}", d.message);
            d
        })?;
    }
    validate_document(s)
}

/// The bounds of the expectations: their number and the length of each field.
fn validate_expectations(s: &Scenario) -> Result<(), Diagnostic> {
    let bad = |message: String| Diagnostic::new(Code::INVALID_SCENARIO, Span::default(), message);
    if s.expectations.len() > MAX_EXPECTATIONS {
        return Err(bad(format!(
            "the scenario has {} expectations; at most {MAX_EXPECTATIONS}",
            s.expectations.len()
        )));
    }
    for (i, e) in s.expectations.iter().enumerate() {
        let fields = [
            ("principal", e.principal.len(), MAX_EXPECTATION_PATTERN),
            ("action", e.action.len(), MAX_EXPECTATION_PATTERN),
            ("resource", e.resource.len(), MAX_EXPECTATION_RESOURCE),
            ("note", e.note.len(), MAX_EXPECTATION_NOTE),
        ];
        if let Some((what, n, max)) = fields.iter().find(|(_, n, max)| n > max) {
            return Err(bad(format!(
                "expectation {} has a {what} of {n} characters; at most {max}",
                i + 1
            )));
        }
    }
    Ok(())
}

/// At most this many bytes in one of a scenario's short text fields (names, ARNs, ids, the
/// request's resource, the context's values, tags): AWS's ARNs are at most 2,048 characters.
/// Bounds what one request value costs to match against a pattern.
pub const MAX_FIELD: usize = 2048;

/// At most this many key/value pairs of the request context's extra keys, and of tags per
/// principal (AWS: 50 tags per IAM user or role).
pub const MAX_PAIRS: usize = 50;

/// The bounds of the short text fields: the first one over [`MAX_FIELD`] bytes (or the pairs
/// over [`MAX_PAIRS`]), named.
fn validate_fields(s: &Scenario) -> Result<(), String> {
    let c = &s.context;
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", &s.title),
        ("resource", &s.resource),
        ("selected resource", &s.selected_resource),
        ("preset", &s.preset),
        ("region", &c.region),
        ("time", &c.time),
        ("source IP", &c.source_ip),
        ("VPC source IP", &c.vpc_source_ip),
        ("VPC id", &c.vpc_id),
    ];
    for (k, v) in &c.extra {
        fields.extend([("context key", k.as_str()), ("context value", v.as_str())]);
    }
    for e in &s.endpoints {
        fields.extend([
            ("endpoint id", e.id.as_str()),
            ("endpoint type", &e.endpoint_type),
            ("endpoint service", &e.service),
        ]);
    }
    for p in &s.principals {
        fields.extend([
            ("principal name", p.name.as_str()),
            ("principal ARN", &p.arn),
            ("organization id", &p.org_id),
            ("workload", &p.workload),
        ]);
        for (k, v) in &p.tags {
            fields.extend([("tag key", k.as_str()), ("tag value", v.as_str())]);
        }
        fields.extend(p.policies.iter().map(|d| ("policy name", d.name.as_str())));
    }
    for r in &s.resources {
        fields.extend([
            ("resource name", r.name.as_str()),
            ("resource ARN", &r.arn),
            ("resource account", &r.account),
        ]);
    }
    for a in &s.accounts {
        fields.extend([
            ("account id", a.id.as_str()),
            ("account name", &a.name),
            ("OU", &a.ou),
        ]);
    }
    if let Some(o) = &s.organization {
        fields.push(("organization id", &o.id));
        for u in &o.ous {
            fields.extend([("OU name", u.name.as_str()), ("OU parent", &u.parent)]);
        }
    }
    if let Some((what, v)) = fields.iter().find(|(_, v)| v.len() > MAX_FIELD) {
        return Err(format!(
            "a {what} of the scenario has {} bytes; at most {MAX_FIELD}",
            v.len()
        ));
    }
    let max_values = crate::engine::request::MAX_CONTEXT_VALUES;
    if let Some((k, _)) = c
        .extra
        .iter()
        .find(|(_, v)| v.split(',').count() > max_values)
    {
        return Err(format!(
            "the context key `{k}` has more than {max_values} values"
        ));
    }
    if c.extra.len() > MAX_PAIRS {
        return Err(format!(
            "the request context has {} extra keys; at most {MAX_PAIRS}",
            c.extra.len()
        ));
    }
    if let Some(p) = s.principals.iter().find(|p| p.tags.len() > MAX_PAIRS) {
        return Err(format!(
            "principal `{}` has {} tags; at most {MAX_PAIRS}",
            p.name,
            p.tags.len()
        ));
    }
    super::grid::check_filter(&s.actions)
}

/// The bounds of every layer of one document (without its expectations and baseline).
fn validate_document(s: &Scenario) -> Result<(), Diagnostic> {
    let bad = |message: String| Diagnostic::new(Code::INVALID_SCENARIO, Span::default(), message);
    validate_fields(s).map_err(bad)?;
    if s.principals.len() > MAX_PRINCIPALS {
        return Err(bad(format!(
            "the scenario has {} principals; at most {MAX_PRINCIPALS}",
            s.principals.len()
        )));
    }
    if s.selected >= s.principals.len().max(1) {
        return Err(bad(
            "the scenario selects a principal it does not have".into()
        ));
    }
    if s.pivot.len() > super::pivot::MAX_PIVOT_ACTION {
        return Err(bad(format!(
            "the scenario pivots on an action of {} characters; at most {}",
            s.pivot.len(),
            super::pivot::MAX_PIVOT_ACTION
        )));
    }
    if s.endpoints.iter().any(|e| e.policy.len() > MAX_POLICY_TEXT) {
        return Err(bad("the endpoint policy in the link is too long".into()));
    }
    let org = s.organization.as_ref();
    let counts = [
        ("endpoints", s.endpoints.len(), MAX_ITEMS),
        ("resources", s.resources.len(), MAX_RESOURCES),
        ("accounts", s.accounts.len(), MAX_ITEMS),
        ("OUs", org.map_or(0, |o| o.ous.len()), MAX_ITEMS),
    ];
    if let Some((what, n, most)) = counts.iter().find(|(_, n, most)| n > most) {
        return Err(bad(format!("the scenario has {n} {what}; at most {most}")));
    }
    let levels = org
        .map(|o| (&o.scps, &o.rcps))
        .into_iter()
        .chain(
            org.into_iter()
                .flat_map(|o| o.ous.iter().map(|u| (&u.scps, &u.rcps))),
        )
        .chain(s.accounts.iter().map(|a| (&a.scps, &a.rcps)));
    for (scps, rcps) in levels {
        if scps.len() > MAX_LEVEL_POLICIES || rcps.len() > MAX_LEVEL_POLICIES {
            return Err(bad(format!(
                "a level of the organization has more than {MAX_LEVEL_POLICIES} policies"
            )));
        }
        if scps
            .iter()
            .chain(rcps)
            .any(|d| d.text.len() > MAX_POLICY_TEXT)
        {
            return Err(bad("an organization policy in the link is too long".into()));
        }
    }
    if s.resources.iter().any(|r| r.policy.len() > MAX_POLICY_TEXT)
        || s.principals
            .iter()
            .any(|p| p.boundary.len() > MAX_POLICY_TEXT || p.session_policy.len() > MAX_POLICY_TEXT)
    {
        return Err(bad("a policy in the link is too long".into()));
    }
    if let Some(net) = &s.network {
        validate_network(net).map_err(bad)?;
    }
    for p in &s.principals {
        if p.policies.len() > MAX_POLICIES {
            return Err(bad(format!(
                "principal `{}` has more than {MAX_POLICIES} policies",
                p.name
            )));
        }
        if p.policies.iter().any(|d| d.text.len() > MAX_POLICY_TEXT) {
            return Err(bad(format!(
                "a policy of principal `{}` is too long",
                p.name
            )));
        }
    }
    Ok(())
}

/// The bounds of a network: how many components of each kind, and how many entries in each of
/// their lists, so that a hostile link cannot make each call's path read without end. The
/// message names what is over its bound.
pub(super) fn validate_network(net: &crate::network::Network) -> Result<(), String> {
    let items = [
        ("subnets", net.subnets.len()),
        ("route tables", net.route_tables.len()),
        ("network ACLs", net.nacls.len()),
        ("security groups", net.security_groups.len()),
        ("prefix lists", net.prefix_lists.len()),
        ("NAT gateways", net.nat_gateways.len()),
        ("interface endpoints", net.interface_endpoints.len()),
        ("gateway endpoints", net.gateway_endpoints.len()),
        ("workloads", net.workloads.len()),
    ];
    if let Some((what, n)) = items.iter().find(|(_, n)| *n > MAX_NETWORK_ITEMS) {
        return Err(format!(
            "the network has {n} {what}; at most {MAX_NETWORK_ITEMS}"
        ));
    }
    let lists = net
        .route_tables
        .iter()
        .map(|t| ("route table", &t.id, "routes", t.routes.len()))
        .chain(net.nacls.iter().flat_map(|a| {
            [
                ("network ACL", &a.id, "inbound rules", a.inbound.len()),
                ("network ACL", &a.id, "outbound rules", a.outbound.len()),
            ]
        }))
        .chain(net.security_groups.iter().flat_map(|g| {
            [
                ("security group", &g.id, "inbound rules", g.ingress.len()),
                ("security group", &g.id, "outbound rules", g.egress.len()),
            ]
        }))
        .chain(
            net.prefix_lists
                .iter()
                .map(|p| ("prefix list", &p.id, "ranges", p.cidrs.len())),
        )
        .chain(net.interface_endpoints.iter().map(|e| {
            (
                "interface endpoint",
                &e.id,
                "interfaces",
                e.interfaces.len(),
            )
        }))
        .chain(net.gateway_endpoints.iter().map(|g| {
            (
                "gateway endpoint",
                &g.id,
                "route tables",
                g.route_tables.len(),
            )
        }));
    let groups = net
        .interface_endpoints
        .iter()
        .map(|e| ("interface endpoint", &e.id, e.security_groups.len()))
        .chain(
            net.workloads
                .iter()
                .map(|w| ("workload", &w.name, w.security_groups.len())),
        );
    for (kind, id, n) in groups {
        if n > MAX_INTERFACE_GROUPS {
            return Err(format!(
                "{kind} `{id}` of the network carries {n} security groups; at most {MAX_INTERFACE_GROUPS}"
            ));
        }
    }
    for (kind, id, what, n) in lists {
        if n > MAX_NETWORK_RULES {
            return Err(format!(
                "{kind} `{id}` of the network has {n} {what}; at most {MAX_NETWORK_RULES}"
            ));
        }
    }
    Ok(())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let emit = chunk.len() + 1;
        for i in 0..emit {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.contains('=') {
        return None; // links are written without padding
    }
    crate::engine::values::decode_base64_alphabet(text, b'-', b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    fn base() -> Scenario {
        presets::preset("cross-account-bucket")
            .expect("preset")
            .scenario
    }

    #[test]
    fn a_short_link_that_would_expand_a_huge_tag_is_refused_before_anything_decides() {
        // The attack of issue 15: a policy repeating `${aws:PrincipalTag/t}` 4,500 times over a
        // 900 KB tag (4 GB substituted) in a link of a few KB.
        let mut s = base();
        s.principals[0].tags = vec![("t".into(), "x".repeat(900_000))];
        s.principals[0].policies[0].text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/{}"}}]}}"#,
            "${aws:PrincipalTag/t}".repeat(4_500)
        );
        let link = encode(&s);
        assert!(link.len() < 8_000, "{}", link.len());
        let d = decode(&link).expect_err("refused");
        assert_eq!(d.code, Code::INVALID_SCENARIO);
        assert!(d.message.contains("tag value"), "{}", d.message);
        // At the field's bound the same policy decides: the substitution is capped (no match),
        // no panic, bounded memory.
        s.principals[0].tags = vec![("t".into(), "x".repeat(MAX_FIELD))];
        let s = decode(&encode(&s)).expect("within the bounds");
        let grid = crate::scenario::Workspace::new(s).grid().expect("grid");
        assert!(!grid.cells.is_empty());
    }

    #[test]
    fn short_fields_pairs_and_the_action_filter_are_bounded() {
        let refused = |s: &Scenario| validate(s).expect_err("over a bound").message;
        assert!(validate(&base()).is_ok());
        let mut s = base();
        s.resource = format!("arn:aws:s3:::{}", "*a".repeat(400_000));
        assert!(refused(&s).contains("resource"));
        let mut s = base();
        s.context.extra = vec![("k".into(), "v".into()); MAX_PAIRS + 1];
        assert!(refused(&s).contains("extra keys"));
        let mut s = base();
        s.context.extra = vec![("aws:TagKeys".into(), "a,".repeat(257))];
        assert!(refused(&s).contains("more than 256 values"));
        let mut s = base();
        s.principals[0].tags = vec![("k".into(), "v".into()); MAX_PAIRS + 1];
        assert!(refused(&s).contains("tags"));
        let mut s = base();
        s.principals[0].arn = "a".repeat(MAX_FIELD + 1);
        assert!(refused(&s).contains("principal ARN"));
        // 1,000 patterns such as `*:?*Q*Z` (11 s in the page before): refused in a link.
        let mut s = base();
        s.actions = vec!["*:?*Q*Z"; 1000].join(",");
        assert!(refused(&s).contains("action filter has 7999 bytes"));
        s.actions = ["*:?*Q*Z"; 21].join(",");
        assert!(refused(&s).contains("21 patterns"));
        s.actions = ["*:?*Q*Z"; 20].join(",");
        assert!(validate(&s).is_ok());
        // The baseline is held to the same bounds.
        let mut s = base();
        let mut b = base();
        b.actions = vec!["s3:*"; 30].join(" ");
        s.baseline = Some(Box::new(b));
        assert!(refused(&s).starts_with("the baseline: the action filter"));
    }

    #[test]
    fn the_filter_reads_a_bounded_number_of_patterns() {
        use crate::scenario::{expand_actions, MAX_FILTER, MAX_FILTER_PATTERNS};
        let mut filter = ["s3:GetObject"; MAX_FILTER_PATTERNS].join(",");
        assert_eq!(expand_actions(&filter, &[]), ["s3:GetObject"]);
        // The pattern past the bound is not read.
        filter.push_str(",s3:PutObject");
        assert_eq!(expand_actions(&filter, &[]), ["s3:GetObject"]);
        // Nor the bytes past `MAX_FILTER`.
        let filter = format!("{},s3:PutObject", " ".repeat(MAX_FILTER));
        assert!(expand_actions(&filter, &[]).is_empty());
        // A typed filter is cut to its bound, so the page's own link stays valid.
        let mut s = base();
        s.set_field(crate::scenario::Field::Actions, "é".repeat(MAX_FILTER));
        assert!(s.actions.len() <= MAX_FILTER && !s.actions.is_empty());
        let pairs: Vec<String> = (0..3000).map(|i| format!("k{i}=v")).collect();
        s.set_field(crate::scenario::Field::Extra, pairs.join("\n"));
        assert_eq!(s.context.extra.len(), MAX_PAIRS);
    }

    #[test]
    fn a_scenario_full_of_mistakes_lists_a_bounded_number_of_findings() {
        let statement = r#"{"Effect":"Allaw","Action":"s3:GetObject","Resource":"*"}"#;
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            vec![statement; 1000].join(",")
        );
        let mut s = base();
        let mut policy = s.principals[0].policies[0].clone();
        policy.text = text;
        s.principals[0].policies = vec![policy; 4];
        let ws = crate::scenario::Workspace::new(s);
        let found = ws.diagnostics();
        let max = crate::engine::MAX_ANSWER_FINDINGS;
        assert_eq!(found.len(), max + 1);
        assert!(found.iter().any(|d| d.located.is_error()));
        let last = &found[max].located;
        assert_eq!(last.code, Code::TOO_MANY_FINDINGS);
        assert!(last.message.contains("more findings"), "{}", last.message);
    }

    #[test]
    fn only_relative_and_http_links_are_web_links() {
        for ok in [
            "index.html",
            "./index.html",
            "../play/index.html",
            "/index.html",
            "//example.com/index.html",
            "https://example.com/playground/",
            "HTTP://example.com/",
            "index.html?x=javascript:1",
            "#v2.abc",
            "",
            "a/b:c",
        ] {
            assert!(is_web_link(ok), "{ok:?} should be accepted");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\r\nascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "blob:https://example.com/x",
            "file:///etc/passwd",
            "ftp://example.com/",
            "x-custom+app.v1:run",
        ] {
            assert!(!is_web_link(bad), "{bad:?} should be refused");
        }
    }

    #[test]
    fn every_preset_survives_a_round_trip() {
        for p in presets::all() {
            let link = encode(&p.scenario);
            assert!(link.starts_with("v2."));
            assert_eq!(
                decode(&format!("#{link}")).expect("decodes"),
                p.scenario,
                "{}",
                p.id
            );
        }
    }

    /// A version 1 link: the document of that version (one `endpoint`, no `version`, no other
    /// layer), compressed as links were.
    fn v1_link(json: &str) -> String {
        format!(
            "#{V1_PREFIX}{}",
            base64url_encode(&compress_to_vec(json.as_bytes(), 6))
        )
    }

    #[test]
    fn a_version_1_link_opens_migrated_and_decides_as_before() {
        use crate::engine::Decision;
        use crate::scenario::Workspace;
        let v1 = r#"{"title":"v1","endpoint":{"id":"vpce-0a1b2c3d4e5f67890","endpointType":"Interface","service":"","policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/a\"},\"Action\":\"*\",\"Resource\":\"*\"}]}"},"principals":[{"name":"a","arn":"arn:aws:iam::111122223333:user/a","policies":[{"name":"p","text":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}]},{"name":"b","arn":"arn:aws:iam::111122223333:user/b","policies":[{"name":"p","text":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}]}],"context":{"viaEndpoint":true},"actions":"s3:GetObject","resource":"*"}"#;
        let scenario = decode(&v1_link(v1)).expect("a v1 link opens");
        assert_eq!(scenario.version, crate::scenario::DOCUMENT_VERSION);
        assert_eq!(
            scenario.endpoints.len(),
            1,
            "the endpoint became the only one"
        );
        assert_eq!(scenario.endpoints[0].id, "vpce-0a1b2c3d4e5f67890");
        // Its endpoint serves every service, as every call went through it in version 1.
        assert_eq!(scenario.endpoint_for("s3:GetObject"), Some(0));
        let grid = Workspace::new(scenario.clone()).grid().expect("grid");
        let decisions: Vec<Decision> = grid.cells[0].iter().map(|c| c.decision).collect();
        assert_eq!(decisions, [Decision::Allowed, Decision::ImplicitlyDenied]);
        // Written again, it is a version 2 document that reads back the same.
        let link = encode(&scenario);
        assert!(link.starts_with(VERSION_PREFIX));
        let json = serde_json::to_value(&scenario).expect("json");
        assert_eq!(json["version"], 2);
        assert!(json.get("endpoint").is_none() && json["endpoints"].is_array());
        assert_eq!(decode(&link).expect("v2 link"), scenario);
    }

    /// A version 2 link made before documents had expectations and baselines, and its JSON.
    const OLD_V2_JSON: &str = r#"{"version":2,"title":"before expectations","endpoints":[{"id":"vpce-0a1b2c3d4e5f67890","endpointType":"Interface","service":"","policy":""}],"principals":[{"name":"a","arn":"arn:aws:iam::111122223333:user/a","tags":[],"orgId":"","policies":[{"name":"p","text":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}]}],"context":{"viaEndpoint":true,"region":"us-east-1","mfa":false,"time":"2026-11-29T12:00:00Z","sourceIp":"203.0.113.10","vpcSourceIp":"10.0.1.25","vpcId":"vpc-0123456789abcdef0","extra":[]},"actions":"s3:GetObject","resource":"*","selected":0,"preset":"","rows":"all","access":[]}"#;
    const OLD_V2_LINK: &str = "v2.VVLLTsMwEPwVtEfUFNtpefjGAaGekCjiAOHgOpvKKLUj232gqv_OrgOiWIm09sw-POMj7DAmFzxoNYHsco-gYYVdiHiBhwFtNpngBBNA3w7B-ZxAvx_BtUTcDRYrYeRK2bqd4by7vrm9E2fcl6-BCy58xtgZiwQljDtn-ZQ2Q-id_eL49EG76Lx1g-nHFt5smGaIZ6LnKHpt9kk7s9Fa0lK0alp6S1WvmJjNmpOpWIjrRXvWxeG_qgOT8ZApPDbwOqrQgG5ACakqKSp508CkgSUpgBv0ueH0Bh66jlQpzPu-D_tCurf5Nz3V-hHz0-qzsAh7xhS20WJBLxu66Yl_GtEGP45whJ0zDz-agc5xixOIuC7GwDZVaFKuJI286QzojhRCtqvcRAl1XUlZqbsXqbQQ9L2xzqXpYiiMeiqmUtZTyeaQa8s_UArGpmo-IosfXytSoZ7N2VCzsi12xdZDjoblPZEldnwY-t-NgeceWxNyWfzu6RyprGCHMWEeXYlhz9mm79lgazEV507f";

    #[test]
    fn a_version_2_link_without_expectations_opens_and_writes_back_unchanged() {
        let scenario = decode(&format!("#{OLD_V2_LINK}")).expect("an old v2 link opens");
        assert!(scenario.expectations.is_empty() && scenario.baseline.is_none());
        assert_eq!(scenario.title, "before expectations");
        // Written again, the document is byte for byte the one the link held.
        assert_eq!(serde_json::to_string(&scenario).expect("json"), OLD_V2_JSON);
        assert_eq!(decode(&encode(&scenario)).expect("decodes"), scenario);
    }

    #[test]
    fn expectations_and_a_baseline_survive_a_link() {
        let mut scenario = presets::preset("cross-account-bucket")
            .expect("preset")
            .scenario;
        assert!(!scenario.expectations.is_empty());
        let mut before = scenario.clone();
        before.principals.pop();
        scenario.baseline = Some(Box::new(before));
        let back = decode(&encode(&scenario)).expect("decodes");
        assert_eq!(back, scenario);
        let json = serde_json::to_value(&scenario).expect("json");
        assert_eq!(json["expectations"][1]["expect"], "ImplicitlyDenied");
        assert_eq!(json["expectations"][1]["resource"], "reports");
        assert_eq!(
            json["baseline"]["principals"].as_array().map(Vec::len),
            Some(1)
        );
        // The expectation's fields are exactly these, and `expect` exactly these words.
        let e = &json["expectations"][0];
        let keys: Vec<&str> = e
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["action", "expect", "note", "principal", "resource"]);
        for bad in [
            r#"{"principal": "a", "action": "s3:GetObject", "expect": "allowed"}"#,
            r#"{"principal": "a", "action": "s3:GetObject", "expect": "Deny"}"#,
            r#"{"principal": "a", "action": "s3:GetObject"}"#,
            r#"{"principal": "a", "action": "s3:GetObject", "expect": "Denied", "extra": 1}"#,
        ] {
            assert!(
                serde_json::from_str::<crate::scenario::ExpectationDoc>(bad).is_err(),
                "{bad}"
            );
        }
        let ok: crate::scenario::ExpectationDoc = serde_json::from_str(
            r#"{"principal": "*-user", "action": "s3:*", "expect": "Denied"}"#,
        )
        .expect("resource and note are optional");
        assert_eq!(ok.expect, crate::scenario::Expect::Denied);
    }

    #[test]
    fn a_baseline_keeps_one_level_and_is_bounded_like_the_document() {
        // A baseline's own baseline is dropped as the document is read.
        let inner = serde_json::json!({"title": "inner", "principals": []});
        let middle = serde_json::json!({"title": "middle", "principals": [], "baseline": inner});
        let outer = serde_json::json!({"title": "outer", "principals": [], "baseline": middle});
        let read: Scenario = serde_json::from_value(outer).expect("reads");
        let baseline = read.baseline.expect("kept");
        assert_eq!(baseline.title, "middle");
        assert!(baseline.baseline.is_none());
        // Built by hand, a nested baseline is refused.
        let mut s = presets::all().remove(0).scenario;
        let mut b = s.clone();
        b.baseline = Some(Box::new(s.clone()));
        s.baseline = Some(Box::new(b.clone()));
        assert!(validate(&s)
            .expect_err("nested")
            .message
            .contains("one level"));
        // The baseline's layers and expectations have the document's bounds.
        b.baseline = None;
        b.principals[0].boundary = "x".repeat(MAX_POLICY_TEXT + 1);
        s.baseline = Some(Box::new(b.clone()));
        let d = validate(&s).expect_err("long");
        assert!(d.message.starts_with("the baseline: "), "{}", d.message);
        b.principals[0].boundary.clear();
        b.expectations = vec![b.expectations[0].clone(); MAX_EXPECTATIONS + 1];
        s.baseline = Some(Box::new(b));
        let d = validate(&s).expect_err("many");
        assert!(d
            .message
            .starts_with("the baseline: the scenario has 101 expectations"));
    }

    #[test]
    fn expectations_are_bounded_in_number_and_length() {
        use crate::scenario::{
            MAX_EXPECTATIONS, MAX_EXPECTATION_NOTE, MAX_EXPECTATION_PATTERN,
            MAX_EXPECTATION_RESOURCE,
        };
        let base = presets::all().remove(0).scenario;
        let one = base.expectations[0].clone();
        let mut s = base.clone();
        s.expectations = vec![one.clone(); MAX_EXPECTATIONS];
        assert!(validate(&s).is_ok());
        s.expectations.push(one.clone());
        let d = validate(&s).expect_err("many");
        assert_eq!(d.code, Code::INVALID_SCENARIO);
        assert!(d.message.contains("at most 100"), "{}", d.message);
        for (field, max) in [
            ("principal", MAX_EXPECTATION_PATTERN),
            ("action", MAX_EXPECTATION_PATTERN),
            ("resource", MAX_EXPECTATION_RESOURCE),
            ("note", MAX_EXPECTATION_NOTE),
        ] {
            let mut e = one.clone();
            let text = match field {
                "principal" => &mut e.principal,
                "action" => &mut e.action,
                "resource" => &mut e.resource,
                _ => &mut e.note,
            };
            *text = "x".repeat(max);
            let mut s = base.clone();
            s.expectations = vec![one.clone(), e.clone()];
            assert!(validate(&s).is_ok(), "{field} at its bound");
            let text = match field {
                "principal" => &mut e.principal,
                "action" => &mut e.action,
                "resource" => &mut e.resource,
                _ => &mut e.note,
            };
            text.push('x');
            s.expectations = vec![one.clone(), e];
            let d = validate(&s).expect_err("long");
            assert!(
                d.message
                    .starts_with(&format!("expectation 2 has a {field} of {}", max + 1)),
                "{}",
                d.message
            );
        }
        // A hostile link: as many expectations as a megabyte holds is refused quickly.
        let mut hostile = base;
        hostile.expectations = vec![one; 4_000];
        let link = encode(&hostile);
        let start = std::time::Instant::now();
        let d = decode(&link).expect_err("refused");
        assert!(d.message.contains("expectations"), "{}", d.message);
        // A hang guard, not a speed figure (speed is measured in benches/): a blow-up takes minutes.
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn hostile_links_get_a_reason() {
        let reason = |fragment: &str| {
            let d = decode(fragment).expect_err("bad");
            assert_eq!(d.code, Code::INVALID_SHARE_LINK, "{d:?}");
            d.message
        };
        assert!(reason("#v1.@@@").contains("base64url"));
        assert!(reason("#v9.abc").contains("version"));
        assert_eq!(decode("#v9.abc").expect_err("bad").span, Span::new(0, 2));
        assert!(reason("#hello").contains("does not hold"));
        assert!(reason(&format!("#v1.{}", "A".repeat(MAX_FRAGMENT))).contains("too long"));
        // A compression bomb: 10 MB of zeros.
        let bomb = compress_to_vec(&vec![b' '; 10 * 1024 * 1024], 9);
        assert!(reason(&format!("v1.{}", base64url_encode(&bomb))).contains("too large"));
        // Valid JSON of the wrong shape.
        let wrong = compress_to_vec(br#"{"endpoint": 3}"#, 9);
        assert!(reason(&format!("v1.{}", base64url_encode(&wrong))).contains("not valid"));
    }

    #[test]
    fn every_new_layer_is_bounded() {
        let base = presets::preset("rcp-org-perimeter")
            .expect("preset")
            .scenario;
        let mut s = base.clone();
        s.resources = vec![s.resources[0].clone(); MAX_RESOURCES + 1];
        assert!(validate(&s)
            .expect_err("many")
            .message
            .contains("resources"));
        let mut s = base.clone();
        if let Some(o) = s.organization.as_mut() {
            o.rcps = vec![o.rcps[0].clone(); MAX_LEVEL_POLICIES + 1];
        }
        assert!(validate(&s).expect_err("many").message.contains("level"));
        let mut s = base.clone();
        s.principals[0].session_policy = "x".repeat(MAX_POLICY_TEXT + 1);
        assert!(validate(&s).expect_err("long").message.contains("too long"));
        let mut s = base;
        s.pivot = "s3:GetObject".into();
        assert!(validate(&s).is_ok());
        s.pivot = "x".repeat(super::super::MAX_PIVOT_ACTION + 1);
        assert!(validate(&s).expect_err("long").message.contains("pivots"));
    }

    #[test]
    fn a_network_is_bounded_in_components_and_rules() {
        let base = presets::preset("sagemaker-network")
            .expect("preset")
            .scenario;
        assert!(validate(&base).is_ok());
        fn net(s: &mut Scenario) -> &mut crate::network::Network {
            s.network.as_mut().expect("network")
        }
        // Components of each kind: at the bound passes, one more is refused.
        let mut s = base.clone();
        let w = net(&mut s).workloads[0].clone();
        net(&mut s).workloads = vec![w.clone(); MAX_NETWORK_ITEMS];
        assert!(validate(&s).is_ok());
        net(&mut s).workloads.push(w);
        let d = validate(&s).expect_err("many");
        assert_eq!(d.code, Code::INVALID_SCENARIO);
        assert_eq!(d.message, "the network has 51 workloads; at most 50");
        let mut s = base.clone();
        let sn = net(&mut s).subnets[0].clone();
        net(&mut s).subnets = vec![sn; MAX_NETWORK_ITEMS + 1];
        assert!(validate(&s)
            .expect_err("many")
            .message
            .contains("51 subnets"));
        // Rules inside one component.
        let mut s = base.clone();
        let rule = net(&mut s).nacls[0].inbound[0].clone();
        net(&mut s).nacls[0].inbound = vec![rule; MAX_NETWORK_RULES + 1];
        assert_eq!(
            validate(&s).expect_err("many").message,
            "network ACL `acl-legacy` of the network has 101 inbound rules; at most 100"
        );
        let mut s = base.clone();
        let rule = net(&mut s).security_groups[0].egress[0].clone();
        net(&mut s).security_groups[0].egress = vec![rule; MAX_NETWORK_RULES + 1];
        assert!(validate(&s)
            .expect_err("many")
            .message
            .contains("security group `sg-notebook` of the network has 101 outbound rules"));
        let mut s = base.clone();
        let route = net(&mut s).route_tables[0].routes[0].clone();
        net(&mut s).route_tables[0].routes = vec![route; MAX_NETWORK_RULES + 1];
        assert!(validate(&s)
            .expect_err("many")
            .message
            .contains("101 routes"));
        let mut s = base.clone();
        let group = net(&mut s).workloads[0].security_groups[0].clone();
        net(&mut s).workloads[0].security_groups = vec![group; MAX_INTERFACE_GROUPS];
        assert!(validate(&s).is_ok());
        net(&mut s).workloads[0]
            .security_groups
            .push("sg-batch".into());
        assert_eq!(
            validate(&s).expect_err("many").message,
            "workload `notebook` of the network carries 17 security groups; at most 16"
        );
        // A network at every bound decides a call's path in bounded time: the workload's and the
        // endpoint's groups each hold as many rules as allowed, each naming the last of as many
        // prefix lists as allowed, each as long as allowed.
        let mut s = base.clone();
        let n = net(&mut s);
        let one = |text: &str| crate::network::Cidr::parse(text).expect("range");
        n.prefix_lists = (0..MAX_NETWORK_ITEMS)
            .map(|i| crate::network::PrefixList {
                id: format!("pl-{i}"),
                name: format!("list-{i}"),
                cidrs: vec![one("192.0.2.0/32"); MAX_NETWORK_RULES],
            })
            .collect();
        let rule = crate::network::SgRule {
            protocol: crate::network::Protocol::Tcp,
            ports: crate::network::Ports::HTTPS,
            peer: crate::network::Peer::PrefixList(format!("pl-{}", MAX_NETWORK_ITEMS - 1)),
        };
        n.security_groups = (0..MAX_NETWORK_ITEMS)
            .map(|i| crate::network::SecurityGroup {
                id: format!("sg-{i}"),
                ingress: vec![rule.clone(); MAX_NETWORK_RULES],
                egress: vec![rule.clone(); MAX_NETWORK_RULES],
            })
            .collect();
        let groups: Vec<String> = (0..MAX_INTERFACE_GROUPS)
            .map(|i| format!("sg-{i}"))
            .collect();
        n.workloads[0].security_groups = groups.clone();
        n.interface_endpoints[0].security_groups = groups;
        assert!(validate(&s).is_ok());
        let start = std::time::Instant::now();
        let p = crate::network::path(
            net(&mut s),
            "notebook",
            "com.amazonaws.us-east-1.sagemaker.api",
        );
        assert!(!p.arrives(), "no rule lets the call out");
        // A hang guard, not a speed figure (speed is measured in benches/): a blow-up takes minutes.
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        // The baseline's network has the same bounds.
        let mut s = base.clone();
        let mut b = base.clone();
        let sg = net(&mut b).security_groups[0].clone();
        net(&mut b).security_groups = vec![sg; MAX_NETWORK_ITEMS + 1];
        s.baseline = Some(Box::new(b));
        assert!(validate(&s)
            .expect_err("many")
            .message
            .starts_with("the baseline: the network has 51 security groups"));
        // A hostile link: a network as large as a megabyte holds is refused quickly.
        let mut hostile = base;
        let rule = net(&mut hostile).nacls[0].inbound[0].clone();
        net(&mut hostile).nacls[0].outbound = vec![rule; 8_000];
        let start = std::time::Instant::now();
        let d = decode(&encode(&hostile)).expect_err("refused");
        assert!(d.message.contains("outbound rules"), "{}", d.message);
        // A hang guard, not a speed figure (speed is measured in benches/): a blow-up takes minutes.
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn scenarios_outside_the_bounds_are_invalid_scenarios() {
        let mut s = presets::all().remove(0).scenario;
        s.selected = s.principals.len();
        let d = validate(&s).expect_err("out of range");
        assert_eq!(d.code, Code::INVALID_SCENARIO);
        assert!(d.message.contains("selects a principal"), "{}", d.message);
    }
}
