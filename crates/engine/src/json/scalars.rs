//! Reading JSON scalars: strings (with escapes and surrogate pairs), numbers and the literals
//! `true`, `false` and `null`, each with its span and a located error when it does not read.

use super::{Failure, Json, JsonError, JsonKind, Parser};
use crate::diagnostic::{Code, Span};

impl<'a> Parser<'a> {
    pub(super) fn scalar(&mut self) -> Result<Json<'a>, Failure> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b't') => self.literal("true", JsonKind::Bool(true))?,
            Some(b'f') => self.literal("false", JsonKind::Bool(false))?,
            Some(b'n') => self.literal("null", JsonKind::Null)?,
            Some(b'-' | b'0'..=b'9') => JsonKind::Number(self.number()?),
            Some(b'\'') => {
                return Err(self.error_here(
                    "strings must use double quotes",
                    Some("replace the single quotes with double quotes"),
                ))
            }
            Some(b']' | b'}') => {
                let message = format!("expected a json value, found {}", self.found());
                return Err(self.error_here(&message, None));
            }
            None => {
                return Err(self.error_here("unexpected end of the text: a value is missing", None))
            }
            _ => {
                let message = format!("expected a json value, found {}", self.found());
                return Err(self.error_here(&message, Some("text values must be in double quotes")));
            }
        };
        Ok(Json {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    pub(super) fn literal(
        &mut self,
        word: &str,
        kind: JsonKind<'a>,
    ) -> Result<JsonKind<'a>, Failure> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            let message = format!("expected a json value, found {}", self.found());
            Err(self.error_here(&message, Some("text values must be in double quotes")))
        }
    }

    pub(super) fn number(&mut self) -> Result<&'a str, Failure> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - s
        };
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 {
            return Err(self.error_here("invalid number: digits expected", None));
        }
        if n > 1 && self.bytes[int_start] == b'0' {
            return Err(Box::new(JsonError {
                code: Code::JSON_SYNTAX_ERROR,
                span: Span::new(start, self.pos),
                message: "invalid number: leading zeros are not allowed".into(),
                help: Some(
                    "write the number without leading zeros, or quote it as a string".into(),
                ),
            }));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error_here("invalid number: digits expected after `.`", None));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(
                    self.error_here("invalid number: digits expected in the exponent", None)
                );
            }
        }
        Ok(&self.text[start..self.pos])
    }

    /// Reads a string starting at the opening quote. The usual string, without escapes,
    /// borrows from the text, read here (inlined into every caller natively; the page's bundle
    /// keeps one copy); any other goes to [`Self::decoded_string`].
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn string(&mut self) -> Result<&'a str, Failure> {
        let body_start = self.pos + 1;
        let stop = self
            .bytes
            .get(body_start..)
            .and_then(crate::text::bytes::json_string_stop);
        if let Some(end) = stop.map(|at| body_start + at) {
            if self.bytes.get(end) == Some(&b'"') {
                // both ends are ASCII quotes: character boundaries
                if let Some(body) = self.text.get(body_start..end) {
                    self.pos = end + 1;
                    return Ok(body);
                }
            }
        }
        self.decoded_string()
    }

    /// A string with escapes (decoded into the arena), or the error where it does not read.
    #[cold]
    #[inline(never)]
    fn decoded_string(&mut self) -> Result<&'a str, Failure> {
        let open = self.pos;
        self.pos += 1;
        // Bytes, not a `String`: runs of plain text are copied whole, a short escape appended as
        // its one byte, and the whole checked once at the end.
        let mut out: Vec<u8> = Vec::with_capacity(64);
        loop {
            let chunk_start = self.pos;
            let run = self.bytes.get(chunk_start..).unwrap_or_default();
            let len = crate::text::bytes::json_string_stop(run).unwrap_or(run.len());
            out.extend_from_slice(&run[..len]);
            self.pos = chunk_start + len;
            match self.peek() {
                None => {
                    return Err(Box::new(JsonError {
                        code: Code::JSON_SYNTAX_ERROR,
                        span: Span::new(open, self.pos),
                        message: "unterminated string".into(),
                        help: Some("add the closing `\"`".into()),
                    }))
                }
                Some(b'"') => {
                    self.pos += 1;
                    // Runs end at ASCII bytes (whole characters of the text) and escapes add
                    // whole characters: always UTF-8.
                    return match std::str::from_utf8(&out) {
                        Ok(text) => Ok(self.arena.alloc_str(text)),
                        Err(_) => Err(self.error_here("invalid text inside a string", None)),
                    };
                }
                Some(b'\\') => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    // the short escapes stand for ASCII characters: one byte each
                    let byte = match self.peek() {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape(esc_start)?;
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        _ => {
                            let end = self.next_char_end().min(self.bytes.len());
                            return Err(Box::new(JsonError {
                                code: Code::JSON_SYNTAX_ERROR,
                                span: Span::new(esc_start, end.max(self.pos)),
                                message: "invalid escape sequence in string".into(),
                                help: Some(
                                    "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\"
                                        .into(),
                                ),
                            }));
                        }
                    };
                    self.pos += 1;
                    out.push(byte);
                }
                Some(b'\n' | b'\r') => {
                    return Err(Box::new(JsonError {
                        code: Code::JSON_SYNTAX_ERROR,
                        span: Span::new(open, open + 1),
                        message: "unterminated string: it runs into the end of the line".into(),
                        help: Some(
                            "add the closing `\"` (a line break inside a string is written `\\n`)"
                                .into(),
                        ),
                    }));
                }
                Some(_) => {
                    return Err(self.error_here(
                        "control character inside a string",
                        Some("escape it (\\t, \\uXXXX)"),
                    ));
                }
            }
        }
    }

    pub(super) fn hex4(&mut self, esc_start: usize) -> Result<u32, Failure> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let value = digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| {
                u32::from_str_radix(d, 16)
                    .ok()
                    .filter(|_| d.bytes().all(|b| b.is_ascii_hexdigit()))
            });
        match value {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(Box::new(JsonError {
                code: Code::JSON_SYNTAX_ERROR,
                // The escape up to and including the first byte that is not a hex digit, widened
                // to the whole character it begins (found by fuzzing: `"\uf64³"` once split
                // the `³`, and whatever slices the text with the span would panic).
                span: Span::new(esc_start, self.hex_error_end()),
                message: "invalid unicode escape: expected four hex digits after \\u".into(),
                help: None,
            })),
        }
    }

    /// Where the span of a bad `\u` escape ends: past its hex digits (at most four) and the
    /// character after them, always on a character boundary.
    fn hex_error_end(&self) -> usize {
        let digits = self.bytes[self.pos.min(self.bytes.len())..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let mut end = (self.pos + digits + 1).min(self.bytes.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    pub(super) fn unicode_escape(&mut self, esc_start: usize) -> Result<char, Failure> {
        let first = self.hex4(esc_start)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                self.pos += 2;
                let second = self.hex4(esc_start)?;
                if (0xDC00..0xE000).contains(&second) {
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    0xFFFD
                }
            } else {
                0xFFFD
            }
        } else {
            first
        };
        Ok(char::from_u32(code).unwrap_or('\u{FFFD}'))
    }
}
