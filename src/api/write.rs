//! A `simulate` answer written by hand, byte for byte as `serde_json` writes the derived
//! serialization (compact; strings escaped as it escapes them): the command line writes one per
//! case, and the generic serializer cost about a tenth of a batch's time, most of it testing
//! the answers' strings one byte at a time. Answers with a network path still go through
//! `serde_json`; a test compares both writers on answers of every shape.

use super::{DecisiveOut, LocatedDiagnostic};
use crate::engine::LocatedFix;
use crate::text::bytes::json_string_stop;

/// `{"decision":…,"blockedBy":[…],"decisive":[…],"warnings":[…]}` (no `path`).
pub(super) fn decision(
    out: &mut Vec<u8>,
    decision: &'static str,
    blocked_by: &[&'static str],
    decisive: &[DecisiveOut],
    warnings: &[LocatedDiagnostic],
) {
    out.extend_from_slice(b"{\"decision\":");
    plain(out, decision);
    out.extend_from_slice(b",\"blockedBy\":");
    list(out, blocked_by, |out, s| plain(out, s));
    out.extend_from_slice(b",\"decisive\":");
    list(out, decisive, statement);
    out.extend_from_slice(b",\"warnings\":");
    list(out, warnings, located);
    out.push(b'}');
}

/// `{"errors":[…]}`.
pub(super) fn errors(out: &mut Vec<u8>, errors: &[LocatedDiagnostic]) {
    out.extend_from_slice(b"{\"errors\":");
    list(out, errors, located);
    out.push(b'}');
}

/// `[…]`, each item written by `each`.
fn list<T>(out: &mut Vec<u8>, items: &[T], each: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

fn statement(out: &mut Vec<u8>, d: &DecisiveOut) {
    out.extend_from_slice(b"{\"policy\":");
    string(out, &d.policy);
    out.extend_from_slice(b",\"statement\":");
    number(out, d.statement);
    if let Some(sid) = &d.sid {
        out.extend_from_slice(b",\"sid\":");
        string(out, sid);
    }
    out.extend_from_slice(b",\"effect\":");
    plain(out, d.effect);
    out.push(b'}');
}

/// The one serialization of a diagnostic (the engine's `Serialize` for `Located`).
fn located(out: &mut Vec<u8>, d: &LocatedDiagnostic) {
    out.extend_from_slice(b"{\"code\":");
    plain(out, d.code.as_str());
    out.extend_from_slice(b",\"severity\":");
    plain(out, d.severity.as_str());
    out.extend_from_slice(b",\"policy\":");
    string(out, &d.place);
    out.push(b',');
    place(out, d.line, d.column, d.end_line, d.end_column);
    out.extend_from_slice(b",\"message\":");
    string(out, &d.message);
    if let Some(help) = &d.help {
        out.extend_from_slice(b",\"help\":");
        string(out, help);
    }
    if let Some(link) = d.link() {
        out.extend_from_slice(b",\"link\":");
        plain(out, link);
    }
    if let Some(fix) = &d.fix {
        out.extend_from_slice(b",\"fix\":");
        self::fix(out, fix);
    }
    out.push(b'}');
}

fn fix(out: &mut Vec<u8>, fix: &LocatedFix) {
    out.push(b'{');
    place(out, fix.line, fix.column, fix.end_line, fix.end_column);
    out.extend_from_slice(b",\"replacement\":");
    string(out, &fix.replacement);
    out.push(b'}');
}

/// `"line":…,"column":…,"endLine":…,"endColumn":…`.
fn place(out: &mut Vec<u8>, line: usize, column: usize, end_line: usize, end_column: usize) {
    // room for the words and four numbers of up to four digits, made once
    out.reserve(57);
    out.extend_from_slice(b"\"line\":");
    number(out, line);
    out.extend_from_slice(b",\"column\":");
    number(out, column);
    out.extend_from_slice(b",\"endLine\":");
    number(out, end_line);
    out.extend_from_slice(b",\"endColumn\":");
    number(out, end_column);
}

/// The two digits of each number below 100, one pair after another.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// `n` in decimal. A warning's place is four numbers, nearly always below 10,000 (lines and
/// columns): those are written two digits at a time, without a loop.
fn number(out: &mut Vec<u8>, n: usize) {
    let pair = |k: usize| DIGIT_PAIRS.get(2 * k..2 * k + 2).unwrap_or(b"00");
    match n {
        0..=9 => out.push(b'0' + n as u8),
        10..=99 => out.extend_from_slice(pair(n)),
        100..=999 => {
            out.push(b'0' + (n / 100) as u8);
            out.extend_from_slice(pair(n % 100));
        }
        1000..=9999 => {
            out.extend_from_slice(pair(n / 100));
            out.extend_from_slice(pair(n % 100));
        }
        _ => out.extend_from_slice(crate::text::decimal(n).as_bytes()),
    }
}

/// One of the answer's own words (a decision, a layer, an effect, a code, a severity, a link):
/// quoted without a search for bytes to escape, which none of them has (a test reads them all).
fn plain(out: &mut Vec<u8>, word: &'static str) {
    debug_assert!(json_string_stop(word.as_bytes()).is_none(), "{word}");
    out.reserve(word.len() + 2);
    out.push(b'"');
    out.extend_from_slice(word.as_bytes());
    out.push(b'"');
}

/// `text` as a JSON string, escaped as `serde_json` escapes: `\"`, `\\`, the short escapes of
/// `\b \t \n \f \r`, `\u00xx` (lowercase hex) for the other control characters; everything
/// else as it is. Runs of plain bytes are found eight at a time and copied at once.
fn string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rest = text.as_bytes();
    out.reserve(rest.len() + 2);
    out.push(b'"');
    while let Some(at) = json_string_stop(rest) {
        out.extend_from_slice(&rest[..at]);
        let b = rest[at];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::super::{DecisiveOut, SimulateOutput};
    use crate::engine::{Code, Located, LocatedFix};

    /// A finding of `code` whose strings are `text`, with or without help and a fix.
    fn finding(code: Code, text: &str, help: bool, fix: bool) -> Located {
        Located {
            code,
            severity: code.severity(),
            place: text.to_string(),
            line: 1,
            column: 12_345_678,
            end_line: usize::MAX,
            end_column: 0,
            message: text.to_string(),
            help: help.then(|| format!("help: {text}")),
            fix: fix.then(|| {
                Box::new(LocatedFix {
                    line: 7,
                    column: 10,
                    end_line: 7,
                    end_column: 100,
                    replacement: text.to_string(),
                })
            }),
        }
    }

    /// The words `plain` writes without escaping need none: every code, severity and link,
    /// every layer and decision.
    #[test]
    fn the_answers_own_words_need_no_escape() {
        use crate::engine::{Decision, Layer};
        use crate::text::bytes::json_string_stop;
        let mut words: Vec<&str> = vec!["Allow", "Deny"];
        for code in Code::ALL {
            words.extend([code.as_str(), code.severity().as_str()]);
            words.extend(code.link());
        }
        words.extend(Layer::FLOWCHART.map(Layer::as_str));
        words.extend(
            [
                Decision::Allowed,
                Decision::ExplicitlyDenied,
                Decision::ImplicitlyDenied,
            ]
            .map(Decision::as_str),
        );
        for word in words {
            assert_eq!(json_string_stop(word.as_bytes()), None, "{word}");
        }
    }

    /// Numbers are written as `to_string` writes them, on each side of every shortcut.
    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in (0..=20_000).chain([99_999, 100_000, 12_345_678, usize::MAX]) {
            out.clear();
            super::number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    /// Answers of every shape, with strings holding every ASCII character (each control
    /// character, quotes, backslashes, DEL) and others, both writers give the same bytes.
    #[test]
    fn the_hand_written_answer_is_serde_json_s() {
        let ascii: String = (0u8..=0x7f).map(char::from).collect();
        let texts = [
            String::new(),
            "plain".to_string(),
            ascii.clone(),
            format!("{ascii}{ascii}é ünïcödé \u{2028} \u{1F600} \"\\"),
            "\"".repeat(17),
            "a\\".repeat(9),
        ];
        // With and without a link, and of every severity.
        let codes = [
            Code::REDUNDANT_STATEMENT,
            Code::INVALID_ACTION,
            Code::DATA_TYPE_MISMATCH,
            Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
            Code::TOO_MANY_FINDINGS,
        ];
        let mut answers = vec![
            SimulateOutput::Errors { errors: Vec::new() },
            SimulateOutput::Decision {
                decision: "Allowed",
                blocked_by: Vec::new(),
                decisive: Vec::new(),
                warnings: Vec::new(),
                path: None,
            },
        ];
        for (i, text) in texts.iter().enumerate() {
            let findings: Vec<Located> = codes
                .iter()
                .enumerate()
                .map(|(j, &code)| finding(code, text, (i + j) % 2 == 0, (i + j) % 3 == 0))
                .collect();
            answers.push(SimulateOutput::Errors {
                errors: findings.clone(),
            });
            answers.push(SimulateOutput::Decision {
                decision: "ExplicitlyDenied",
                blocked_by: vec!["identityPolicies", "endpoint"],
                decisive: vec![
                    DecisiveOut {
                        policy: text.clone(),
                        statement: i,
                        sid: Some(text.clone()),
                        effect: "Deny",
                    },
                    DecisiveOut {
                        policy: "endpoint.policy".into(),
                        statement: 1_000_000,
                        sid: None,
                        effect: "Allow",
                    },
                ],
                warnings: findings,
                path: None,
            });
        }
        for answer in &answers {
            let (mut hand, mut serde) = (Vec::new(), Vec::new());
            answer.write_json(&mut hand);
            answer.write_serde(&mut serde);
            assert_eq!(
                String::from_utf8_lossy(&hand),
                String::from_utf8_lossy(&serde)
            );
        }
    }
}
