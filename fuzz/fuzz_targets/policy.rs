//! Policy parsing with the catalog's checks (`checks::parse_policy_text`), for every policy kind:
//! the first byte of the input picks the kind, the rest is the policy text. It must answer
//! without panicking; every diagnostic's span (and its fix's) must lie inside the text on
//! character boundaries; and a fix applied to a policy that is JSON must leave JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::checks::parse_policy_text;
use policy_playground::engine::{json, LineIndex, PolicyKind, Span};

const KINDS: [PolicyKind; 8] = [
    PolicyKind::Identity,
    PolicyKind::Endpoint,
    PolicyKind::Resource,
    PolicyKind::PermissionsBoundary,
    PolicyKind::Scp,
    PolicyKind::Rcp,
    PolicyKind::Session,
    PolicyKind::Trust,
];

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} splits a character"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let parsed = parse_policy_text(text, kind);
    let lines = LineIndex::new(text);
    let arena = json::Arena::new();
    let is_json = json::parse(text, &arena).is_ok();
    for d in &parsed.diagnostics {
        check_span(text, d.span, "diagnostic");
        let _ = d.locate("policy", &lines);
        if let Some(fix) = &d.fix {
            check_span(text, fix.span, "fix");
            if is_json {
                let fixed = fix.apply(text);
                assert!(
                    json::parse(&fixed, &arena).is_ok(),
                    "the fix of {:?} leaves text that is not JSON: {fixed}",
                    d.code
                );
            }
        }
    }
});
