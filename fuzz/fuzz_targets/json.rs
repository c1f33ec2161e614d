//! The JSON reader (`engine::json::parse`) on any UTF-8 text: it must answer (a value or an
//! error) without panicking, and every span it gives, of a value, a key or an error, must lie
//! inside the text on character boundaries (diagnostics slice the text with them).
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::engine::json::{self, Json, JsonKind};
use policy_playground::engine::{LineIndex, Span};

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

fn walk(text: &str, value: &Json) {
    check_span(text, value.span, "value");
    match &value.kind {
        JsonKind::Array(items) => items.iter().for_each(|v| walk(text, v)),
        JsonKind::Object(members) => {
            for m in members.iter() {
                check_span(text, m.key_span, "key");
                walk(text, &m.value);
            }
        }
        JsonKind::Number(n) => assert_eq!(&text[value.span.start..value.span.end], *n),
        _ => {}
    }
}

/// The reader's value against serde_json's: the same structure, strings and booleans (numbers
/// are kept as written by the reader, and serde_json keeps the last of duplicate keys).
fn same(ours: &Json, theirs: &serde_json::Value) {
    use serde_json::Value;
    match (&ours.kind, theirs) {
        (JsonKind::Null, Value::Null) | (JsonKind::Number(_), Value::Number(_)) => {}
        (JsonKind::Bool(a), Value::Bool(b)) => assert_eq!(a, b),
        (JsonKind::String(a), Value::String(b)) => assert_eq!(a, &b.as_str()),
        (JsonKind::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len());
            a.iter().zip(b).for_each(|(x, y)| same(x, y));
        }
        (JsonKind::Object(members), Value::Object(map)) => {
            for (key, value) in map {
                let last = members.iter().rev().find(|m| m.key == *key);
                same(&last.expect("a key serde_json read").value, value);
            }
            assert!(members.iter().all(|m| map.contains_key(m.key)));
        }
        (a, b) => panic!("the reader read {a:?} where serde_json read {b}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let arena = json::Arena::new();
    match json::parse(text, &arena) {
        Ok(value) => {
            walk(text, &value);
            // What the reader accepts is JSON, read the same way as serde_json reads it
            // (which rejects numbers past f64's range, such as 1e400: JSON allows them, and the
            // reader keeps numbers as written).
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(theirs) => same(&value, &theirs),
                Err(e) if e.to_string().starts_with("number out of range") => {}
                // Nor lone surrogates (`"\ud800"`, `"\ud800x"`): the grammar allows them, the
                // reader reads them as U+FFFD.
                Err(e)
                    if e.to_string().contains("surrogate")
                        || e.to_string().starts_with("unexpected end of hex escape") => {}
                Err(e) => panic!("the reader accepted what serde_json rejects: {e}"),
            }
        }
        Err(e) => {
            // It rejects only what is not JSON, or nested past its depth limit.
            if e.code != policy_playground::engine::Code::JSON_TOO_DEEP {
                assert!(
                    serde_json::from_str::<serde_json::Value>(text).is_err(),
                    "the reader rejected JSON that serde_json reads: {}",
                    e.message
                );
            }
            check_span(text, e.span, "error");
            let lines = LineIndex::new(text);
            let _ = e.to_diagnostic().locate("policy", &lines);
        }
    }
});
