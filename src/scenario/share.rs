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
/// Most endpoints, resources, accounts and OUs a scenario from outside may hold.
pub const MAX_ITEMS: usize = 50;
/// Most SCPs or RCPs attached to one level (AWS allows 5 SCPs per root, OU or account).
pub const MAX_LEVEL_POLICIES: usize = 10;

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
    let scenario: Scenario = serde_json::from_slice(&json)
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

/// The bounds of every layer of one document (without its expectations and baseline).
fn validate_document(s: &Scenario) -> Result<(), Diagnostic> {
    let bad = |message: String| Diagnostic::new(Code::INVALID_SCENARIO, Span::default(), message);
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
        ("endpoints", s.endpoints.len()),
        ("resources", s.resources.len()),
        ("accounts", s.accounts.len()),
        ("OUs", org.map_or(0, |o| o.ous.len())),
    ];
    if let Some((what, n)) = counts.iter().find(|(_, n)| *n > MAX_ITEMS) {
        return Err(bad(format!(
            "the scenario has {n} {what}; at most {MAX_ITEMS}"
        )));
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
        s.resources = vec![s.resources[0].clone(); MAX_ITEMS + 1];
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
    fn scenarios_outside_the_bounds_are_invalid_scenarios() {
        let mut s = presets::all().remove(0).scenario;
        s.selected = s.principals.len();
        let d = validate(&s).expect_err("out of range");
        assert_eq!(d.code, Code::INVALID_SCENARIO);
        assert!(d.message.contains("selects a principal"), "{}", d.message);
    }
}
