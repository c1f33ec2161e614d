//! Pretty-printing: valid JSON laid out with two-space indentation, members in their order,
//! every string and number copied exactly as written (escapes such as `\u00e9` are kept).

use super::indent::INDENT;
use super::tokens::{tokenize, TokenKind};
use crate::engine::json::{self, JsonError};

/// `text` laid out with [`INDENT`] per level, one member or item per line, `": "` after keys,
/// `{}` and `[]` for empty containers, no trailing newline. The error of the project's JSON
/// reader when the text is not valid JSON (or nests deeper than it reads): nothing is guessed.
pub fn format_json(text: &str) -> Result<String, JsonError> {
    json::parse(text, &json::Arena::for_text(text.len()))?;
    Ok(format_valid_json(text))
}

/// [`format_json`] of a text already read as valid JSON by the project's reader (an import
/// reads each document once as part of its file): the same layout without reading it again.
/// Text that is not valid JSON is laid out token by token all the same (nothing panics).
pub fn format_valid_json(text: &str) -> String {
    let tokens = tokenize(text);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(INDENT);
        }
    };
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        i += 1;
        let piece = text.get(token.span.start..token.span.end).unwrap_or("");
        if token.kind != TokenKind::Punct {
            out.push_str(piece);
            continue;
        }
        match piece {
            "{" | "[" => {
                out.push_str(piece);
                let closer = if piece == "{" { "}" } else { "]" };
                let next = tokens
                    .get(i)
                    .and_then(|t| text.get(t.span.start..t.span.end));
                if next == Some(closer) {
                    out.push_str(closer);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            "}" | "]" => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push_str(piece);
            }
            "," => {
                out.push(',');
                newline(&mut out, depth);
            }
            ":" => out.push_str(": "),
            _ => out.push_str(piece),
        }
    }
    out
}

/// `value` as `serde_json::to_string_pretty` writes it, by [`format_valid_json`] from the
/// compact text: the bundle then holds one writer of each type (the compact one, which share
/// links and storage need anyway), not a second, pretty one. `None` when it cannot be written.
pub fn to_pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
    serde_json::to_string(value)
        .ok()
        .map(|compact| format_valid_json(&compact))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_pretty_json_is_serde_jsons_pretty_text() {
        // Escapes, empty containers, numbers and nesting as serde_json writes them (every
        // preset's scenario and network are compared in the scenario module's tests).
        let odd = serde_json::json!({
            "a\"\u{1}é\\": [[], {}, [1.5, -0.0, null, 1e300, -7]],
            "": {"x": ["\n\t", true, {"y": {}}]},
            "z": "</script>"
        });
        assert_eq!(
            to_pretty_json(&odd),
            serde_json::to_string_pretty(&odd).ok()
        );
        assert_eq!(to_pretty_json(&[0u8; 0]), Some("[]".to_string()));
    }

    #[test]
    fn lays_out_a_minified_policy() {
        let minified = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}]}"#;
        let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject"
      ],
      "Resource": "*",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": true
        }
      }
    }
  ]
}"#;
        assert_eq!(format_json(minified).unwrap(), expected);
        // Formatting is a fixed point, and reads back as the same value.
        assert_eq!(format_json(expected).unwrap(), expected);
        let value = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(value(expected), value(minified));
    }

    #[test]
    fn keeps_order_scalars_and_escapes_as_written() {
        let text = "  {\"z\" :1.50E+2 , \"a\":\"\\u00e9\\\"x\",\"m\":null,\"é\":[false , -0]}\n";
        assert_eq!(
            format_json(text).unwrap(),
            "{\n  \"z\": 1.50E+2,\n  \"a\": \"\\u00e9\\\"x\",\n  \"m\": null,\n  \"é\": [\n    false,\n    -0\n  ]\n}"
        );
    }

    #[test]
    fn empty_containers_stay_on_one_line() {
        assert_eq!(
            format_json("{ \"a\" : { } , \"b\" : [\n ] }").unwrap(),
            "{\n  \"a\": {},\n  \"b\": []\n}"
        );
        assert_eq!(format_json("[]").unwrap(), "[]");
        assert_eq!(format_json(" \"s\" ").unwrap(), "\"s\"");
        assert_eq!(
            format_json("[[[]],[{}]]").unwrap(),
            "[\n  [\n    []\n  ],\n  [\n    {}\n  ]\n]"
        );
    }

    #[test]
    fn invalid_json_is_left_alone() {
        for text in ["", "   ", "{", "{\"a\": }", "{\"a\": 1} x", "[1,]", "\"abc"] {
            assert!(format_json(text).is_err(), "{text:?}");
        }
        // Deeper than the reader allows: an error, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(format_json(&deep).is_err());
    }
}
