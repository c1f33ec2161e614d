//! Share links: the whole scenario in the URL fragment, compressed and versioned.
//!
//! Format: `v1.` followed by base64url (no padding) of the raw-deflate-compressed JSON of the
//! [`Scenario`]. Nothing is ever sent to a server: the fragment stays in the browser. A fragment
//! is untrusted input, so [`decode`] bounds every size and checks every field before use.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

use super::{Scenario, MAX_POLICIES, MAX_PRINCIPALS};

/// The version tag of the current format.
pub const VERSION_PREFIX: &str = "v1.";
/// The longest fragment accepted (characters).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// The most bytes a fragment may inflate to.
pub const MAX_JSON: usize = 1024 * 1024;
/// The longest policy text accepted in a link.
pub const MAX_POLICY_TEXT: usize = 100 * 1024;

/// Encodes a scenario as a fragment (without the leading `#`).
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    let compressed = compress_to_vec(&json, 6);
    format!("{VERSION_PREFIX}{}", base64url_encode(&compressed))
}

/// Decodes a fragment (with or without the leading `#`). The error says, in plain words, what is
/// wrong with the link.
pub fn decode(fragment: &str) -> Result<Scenario, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT {
        return Err(format!(
            "the link is too long ({} characters; at most {MAX_FRAGMENT})",
            fragment.len()
        ));
    }
    let Some(data) = fragment.strip_prefix(VERSION_PREFIX) else {
        return Err(match fragment.split_once('.') {
            Some((v, _)) if v.starts_with('v') => {
                format!("the link was made by a newer or unknown version (`{v}`) of the playground")
            }
            _ => "the link does not hold a playground scenario".into(),
        });
    };
    let compressed =
        base64url_decode(data).ok_or("the link is damaged: it is not valid base64url")?;
    let json = decompress_to_vec_with_limit(&compressed, MAX_JSON)
        .map_err(|_| "the link is damaged or too large: it does not decompress".to_string())?;
    let scenario: Scenario = serde_json::from_slice(&json)
        .map_err(|e| format!("the link's scenario is not valid: {e}"))?;
    validate(&scenario)?;
    Ok(scenario)
}

/// Checks the bounds a scenario from outside must respect.
pub fn validate(s: &Scenario) -> Result<(), String> {
    if s.principals.len() > MAX_PRINCIPALS {
        return Err(format!(
            "the scenario has {} principals; at most {MAX_PRINCIPALS}",
            s.principals.len()
        ));
    }
    if s.selected >= s.principals.len().max(1) {
        return Err("the scenario selects a principal it does not have".into());
    }
    if s.endpoint.policy.len() > MAX_POLICY_TEXT {
        return Err("the endpoint policy in the link is too long".into());
    }
    for p in &s.principals {
        if p.policies.len() > MAX_POLICIES {
            return Err(format!(
                "principal `{}` has more than {MAX_POLICIES} policies",
                p.name
            ));
        }
        if p.policies.iter().any(|d| d.text.len() > MAX_POLICY_TEXT) {
            return Err(format!("a policy of principal `{}` is too long", p.name));
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
            assert!(link.starts_with("v1."));
            assert_eq!(
                decode(&format!("#{link}")).expect("decodes"),
                p.scenario,
                "{}",
                p.id
            );
        }
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
        assert!(decode("#v1.@@@").expect_err("bad").contains("base64url"));
        assert!(decode("#v9.abc").expect_err("bad").contains("version"));
        assert!(decode("#hello").expect_err("bad").contains("does not hold"));
        assert!(decode(&format!("#v1.{}", "A".repeat(MAX_FRAGMENT)))
            .expect_err("bad")
            .contains("too long"));
        // A compression bomb: 10 MB of zeros.
        let bomb = compress_to_vec(&vec![b' '; 10 * 1024 * 1024], 9);
        assert!(decode(&format!("v1.{}", base64url_encode(&bomb)))
            .expect_err("bad")
            .contains("too large"));
        // Valid JSON of the wrong shape.
        let wrong = compress_to_vec(br#"{"endpoint": 3}"#, 9);
        assert!(decode(&format!("v1.{}", base64url_encode(&wrong)))
            .expect_err("bad")
            .contains("not valid"));
    }
}
