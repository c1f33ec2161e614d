//! Policy documents as the export writes them: a JSON object (the AWS CLI, boto3), a string
//! holding the JSON text, or a string holding the URL-encoded JSON text (the raw IAM API and
//! SDKs that pass it through). Each is read into the policy's text, laid out with two spaces
//! (members in their order, strings and numbers as written) so that the page's editor shows it
//! as if typed.

use crate::editing::format_valid_json;
use crate::engine::json::{self, Json, JsonKind};
use crate::engine::LineIndex;

/// The text of the policy document `value`, a value of the page `page` (whose text an object's
/// span points into), laid out with two spaces; or why it cannot be read, in plain words.
pub(super) fn policy_text(value: &Json, page: &str) -> Result<String, String> {
    match &value.kind {
        JsonKind::Object(_) => {
            let raw = page
                .get(value.span.start..value.span.end)
                .ok_or_else(|| "the document's text could not be found in the file".to_string())?;
            // Read as JSON with the file: laid out without reading it again.
            Ok(format_valid_json(raw))
        }
        JsonKind::String(s) => {
            let trimmed = s.trim_start();
            if trimmed.starts_with('{') {
                from_json_text(s, "the JSON string")
            } else if trimmed.starts_with('%') {
                let decoded = percent_decode(trimmed)?;
                from_json_text(&decoded, "the URL-encoded string, once decoded,")
            } else {
                Err(format!(
                    "the document is a string that is neither JSON (`{{…`) nor URL-encoded JSON (`%7B…`): it starts with `{}`",
                    trimmed.chars().take(20).collect::<String>()
                ))
            }
        }
        _ => Err(format!(
            "the document is {}; expected a JSON object, a JSON string or a URL-encoded JSON string",
            value.type_name()
        )),
    }
}

/// `text` read as a JSON object and laid out, or why not (`what` names the form it came in).
fn from_json_text(text: &str, what: &str) -> Result<String, String> {
    match json::parse(text, &json::Arena::for_text(text.len())) {
        Ok(Json {
            kind: JsonKind::Object(_),
            ..
        }) => Ok(format_valid_json(text)),
        Ok(other) => Err(format!(
            "{what} holds {}, not a policy (a JSON object)",
            other.type_name()
        )),
        Err(e) => {
            let at = LineIndex::new(text).line_column(e.span.start);
            Err(format!(
                "{what} is not valid JSON (line {}, column {} of the document): {}",
                at.line, at.column, e.message
            ))
        }
    }
}

/// `%XX` sequences decoded (RFC 3986: `+` stays a plus sign); the result must be UTF-8.
pub(super) fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
            match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                }
                _ => {
                    return Err(format!(
                        "the URL-encoded document has a `%` not followed by two hex digits at character {}",
                        text[..i].chars().count() + 1
                    ))
                }
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| "the URL-encoded document does not decode to UTF-8 text".to_string())
}
