//! Unit tests of the JSON reader: spans, nesting limits, errors and escapes.

use super::*;

/// [`super::parse`] into an arena of its own that lives as long as the test.
fn parse(text: &str) -> Result<Json<'_>, JsonError> {
    super::parse(text, Box::leak(Box::new(Arena::new())))
}

#[test]
fn keeps_spans_of_values_and_keys() {
    let text = r#" {"a": [1, "x"], "b": null} "#;
    let json = parse(text).expect("valid");
    assert_eq!(json.span, Span::new(1, 27));
    let members = json.as_object().expect("object");
    assert_eq!(&text[members[0].key_span.range()], "\"a\"");
    assert_eq!(&text[members[0].value.span.range()], "[1, \"x\"]");
    assert_eq!(members[1].value.kind, JsonKind::Null);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let err = parse(&text).expect_err("too deep");
    assert_eq!(err.span.start, MAX_DEPTH);
    assert!(err.message.contains("nested"));
}

#[test]
fn reports_trailing_commas_and_unterminated_strings() {
    assert_eq!(
        parse("[1,]").expect_err("x").message,
        "trailing comma before `]`"
    );
    assert_eq!(
        parse("{\"a\": \"x").expect_err("x").message,
        "unterminated string"
    );
    assert_eq!(parse("{} x").expect_err("x").span, Span::new(3, 4));
}

#[test]
fn decodes_escapes() {
    let json = parse(r#""a\"b\u00e9\ud83d\ude00""#).expect("valid");
    assert_eq!(json.as_str(), Some("a\"bé😀"));
}

#[test]
fn decodes_every_short_escape_between_runs_of_any_text() {
    // Each escape, alone and between runs of ASCII and non-ASCII text of several lengths.
    let escapes = [
        (r#"\""#, "\""),
        (r"\\", "\\"),
        (r"\/", "/"),
        (r"\b", "\u{8}"),
        (r"\f", "\u{c}"),
        (r"\n", "\n"),
        (r"\r", "\r"),
        (r"\t", "\t"),
        (r"\u00e9", "é"),
        (r"\u20ac", "€"),
    ];
    for run in [
        "",
        "a",
        "é",
        "  Version",
        "ünïcödé text of some length",
        "€€€€€€€€€",
    ] {
        let mut written = String::from("\"");
        let mut expected = String::new();
        for (escape, decoded) in escapes {
            written.push_str(run);
            written.push_str(escape);
            expected.push_str(run);
            expected.push_str(decoded);
        }
        written.push_str(run);
        expected.push_str(run);
        written.push('"');
        let json = parse(&written).expect("valid");
        assert_eq!(json.as_str(), Some(expected.as_str()), "{written}");
        assert_eq!(json.span, Span::new(0, written.len()));
    }
}

/// Found by fuzzing (`fuzz/fuzz_targets/json.rs`): the span of a bad `\u` escape whose fourth
/// byte begins a multi-byte character used to end inside that character.
#[test]
fn a_bad_unicode_escape_is_spanned_on_character_boundaries() {
    for text in [
        " \"o\\uf64\u{b3}4f ",
        "\"\\u\u{b3}\"",
        "\"\\u12\u{1F600}\"",
        "\"\\u12",
    ] {
        let err = parse(text).expect_err("a bad escape");
        assert!(
            err.message.contains("unicode escape"),
            "{text}: {}",
            err.message
        );
        assert!(err.span.end <= text.len(), "{text}: {:?}", err.span);
        assert!(
            text.get(err.span.range()).is_some(),
            "{text}: {:?}",
            err.span
        );
    }
    let text = "\"\\uf64\u{b3}\"";
    assert_eq!(
        &text[parse(text).expect_err("bad").span.range()],
        "\\uf64\u{b3}"
    );
}

/// Strings are scanned eight bytes at a time: a quote, an escape or a control character is found
/// wherever it falls in a word, with plain text of every length before and after it.
#[test]
fn strings_end_escape_and_fail_at_every_place_in_a_word() {
    for before in 0..20 {
        for after in 0..12 {
            let (a, b) = (
                "é".repeat(before / 2) + &"x".repeat(before % 2),
                "y".repeat(after),
            );
            let plain = format!("\"{a}{b}\"");
            assert_eq!(
                parse(&plain).expect("plain").as_str(),
                Some(&*format!("{a}{b}"))
            );
            let escaped = format!("\"{a}\\n{b}\"");
            assert_eq!(
                parse(&escaped).expect("escaped").as_str(),
                Some(&*format!("{a}\n{b}"))
            );
            let control = format!("\"{a}\u{1}{b}\"");
            let err = parse(&control).expect_err("a control character");
            assert_eq!(err.message, "control character inside a string");
            assert_eq!(err.span.start, 1 + a.len(), "{control:?}");
            let open = format!("\"{a}{b}");
            assert_eq!(
                parse(&open).expect_err("unterminated").message,
                "unterminated string"
            );
        }
    }
}

#[cfg(not(target_arch = "wasm32"))] // the page's bundle keeps no arena
/// The bytes of the arena [`with_arena`] would hand out next on this thread, and where its
/// current block ends (it fills from there down); `None` when none is kept.
fn kept_arena() -> Option<(usize, usize)> {
    SPARE_ARENAS_KEPT.with_borrow_mut(|kept| {
        kept.last_mut().map(|arena| {
            let block = arena.0.iter_allocated_chunks().next();
            let end = block.map_or(0, |b| b.as_ptr() as usize + b.len());
            (arena.0.allocated_bytes(), end)
        })
    })
}

#[cfg(not(target_arch = "wasm32"))] // the page's bundle keeps no arena
#[test]
fn documents_read_one_after_another_reuse_one_arena() {
    let text = format!("[{}1]", "\"abc\\n\", ".repeat(200));
    let read = |text: &str| {
        with_arena(text.len(), |arena| {
            let json = super::parse(text, arena).expect("valid");
            match json.kind {
                JsonKind::Array(items) => (items.len(), items[0].as_str().map(str::to_string)),
                _ => (0, None),
            }
        })
    };
    // the first documents may outgrow the block made for them (the reader's lists grow in
    // the arena): emptied, the arena keeps its last block, the largest
    for _ in 0..3 {
        assert_eq!(read(&text), (201, Some("abc\n".to_string())));
    }
    let first = kept_arena().expect("the arena is kept for the next document");
    // the next document, no longer, is read into the same block, emptied
    assert_eq!(read(&text), (201, Some("abc\n".to_string())));
    assert_eq!(kept_arena(), Some(first));
    assert_eq!(read("[2]"), (1, None));
    assert_eq!(kept_arena(), Some(first));
}

#[test]
fn a_document_read_while_another_is_gets_an_arena_of_its_own() {
    let outer_text = r#"{"policy": "{\"a\": [1, 2]}"}"#;
    let (outer, inner) = with_arena(outer_text.len(), |arena| {
        let case = super::parse(outer_text, arena).expect("valid");
        let policy = case.get("policy").and_then(Json::as_str).expect("a string");
        let inner = with_arena(policy.len(), |arena| {
            let json = super::parse(policy, arena).expect("valid");
            json.get("a").map(|a| a.span)
        });
        // the outer document's values are intact after the inner one was read
        (
            case.get("policy")
                .and_then(Json::as_str)
                .map(str::to_string),
            inner,
        )
    });
    assert_eq!(outer.as_deref(), Some(r#"{"a": [1, 2]}"#));
    assert_eq!(inner, Some(Span::new(6, 12)));
}

#[cfg(not(target_arch = "wasm32"))] // the page's bundle keeps no arena
#[test]
fn an_arena_grown_past_the_bound_is_not_kept() {
    let text = format!("[{}0]", "\"\\u0041\", ".repeat(200_000));
    let items = with_arena(text.len(), |arena| match super::parse(&text, arena) {
        Ok(Json {
            kind: JsonKind::Array(items),
            ..
        }) => items.len(),
        _ => 0,
    });
    assert_eq!(items, 200_001);
    let kept = kept_arena().map_or(0, |(bytes, _)| bytes);
    assert!(kept <= MAX_SPARE_ARENA, "kept an arena of {kept} bytes");
}
