//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`): how each is written,
//! where it may appear (`Resource`, `NotResource` and condition values) and under which `Version`
//! (only `2012-10-17` reads them; older policies keep `${…}` as literal text).

use super::*;
use crate::text::bytes::find_str;

/// At most this many `${` per string are looked at: no real policy string holds more, and a
/// hostile one costs bounded work.
const MAX_VARIABLES_PER_STRING: usize = 64;

/// The escapes `${*}`, `${?}` and `${$}`: a literal `*`, `?` and `$`, not variables.
fn is_escape(inner: &str) -> bool {
    matches!(inner, "*" | "?" | "$")
}

/// A character a variable's name may hold: letters and digits (of any script, as tag keys
/// allow) and the punctuation of context key names and tag keys.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
}

/// One mistake in the variables of a string: its code, message and help.
type VariableProblem = (Code, String, String);

/// True when `text` holds a policy variable written `${…}` (escapes aside).
pub(super) fn has_variable(text: &str) -> bool {
    let mut rest = text;
    for _ in 0..MAX_VARIABLES_PER_STRING {
        let Some(start) = find_str(rest, "${") else {
            return false;
        };
        let after = &rest[start + 2..];
        let Some(close) = after.find('}') else {
            return false;
        };
        if !is_escape(&after[..close]) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// The mistakes in the policy variables of `text` (read as `Version` `2012-10-17` reads it), at
/// most one per variable.
fn variable_problems(text: &str) -> Vec<VariableProblem> {
    let mut out = Vec::new();
    let mut rest = text;
    for _ in 0..MAX_VARIABLES_PER_STRING {
        let Some(start) = find_str(rest, "${") else {
            break;
        };
        let after = &rest[start + 2..];
        let close = after.find('}');
        let inner = close.map(|c| &after[..c]);
        match inner {
            None => {
                out.push((
                    Code::MISSING_BRACE_IN_VARIABLE,
                    format!("the policy variable in `{text}` has no closing `}}`"),
                    "add `}` right after the key the variable names, as in `${aws:username}`"
                        .to_string(),
                ));
                break;
            }
            Some(inner) if crate::text::bytes::contains(inner, "${") => {
                let head = &inner[..find_str(inner, "${").unwrap_or(inner.len())];
                out.push((
                    Code::MISSING_BRACE_IN_VARIABLE,
                    format!(
                        "the policy variable `${{{head}` has no closing `}}` before the next `${{`"
                    ),
                    format!("close it: `${{{}}}`", head.trim_end()),
                ));
            }
            Some(inner) if is_escape(inner) => {}
            Some(inner) => {
                if let Some(problem) = one_variable(inner) {
                    out.push(problem);
                }
            }
        }
        match close {
            Some(c) => rest = &after[c + 1..],
            None => break,
        }
    }
    out
}

/// The mistake in one variable, given the text between `${` and `}`.
fn one_variable(inner: &str) -> Option<VariableProblem> {
    let whole = format!("${{{inner}}}");
    let (name, default) = match inner.split_once(',') {
        Some((name, default)) => (name, Some(default)),
        None => (inner, None),
    };
    if name.trim().is_empty() {
        return Some((
            Code::EMPTY_VARIABLE,
            format!("the policy variable `{whole}` names no key"),
            "write the key whose value to use, such as `${aws:username}`, or remove the `${}`"
                .to_string(),
        ));
    }
    if name.chars().any(char::is_whitespace) {
        let fixed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let fixed = match default {
            Some(d) => format!("${{{fixed},{d}}}"),
            None => format!("${{{fixed}}}"),
        };
        return Some((
            Code::UNSUPPORTED_SPACE_IN_VARIABLE,
            format!("the policy variable `{whole}` has a space in its key"),
            format!("remove the space: `{fixed}`"),
        ));
    }
    if let Some(c) = name.chars().find(|c| !name_char(*c)) {
        return Some((
            Code::UNSUPPORTED_SYMBOL_IN_VARIABLE,
            format!("the policy variable `{whole}` has `{c}` in its key, which no request key holds"),
            "a variable names a request key, such as `${aws:username}` or `${aws:PrincipalTag/team}`".to_string(),
        ));
    }
    if let Some(default) = default {
        let d = default.trim();
        if d.len() < 2 || !d.starts_with('\'') || !d.ends_with('\'') {
            let bare = d.trim_matches(|c| c == '\'' || c == '"');
            return Some((
                Code::MISSING_QUOTE_IN_VARIABLE,
                format!("the default value of the policy variable `{whole}` is not between single quotes"),
                format!("write the default between single quotes: `${{{name}, '{bare}'}}`"),
            ));
        }
    }
    None
}

impl PolicyParser<'_> {
    /// Checks the policy variables of a string where variables are read (`Resource`,
    /// `NotResource`, condition values): their form under `2012-10-17`, or, in a policy without
    /// that version, that they are literal text there.
    pub(super) fn check_variables(&mut self, text: &str, span: Span) {
        if !crate::text::bytes::contains(text, "${") {
            return;
        }
        match self.version {
            PolicyVersion::V2012_10_17 => {
                for (code, message, help) in variable_problems(text) {
                    self.report(code, span, message, Some(help));
                }
            }
            PolicyVersion::V2008_10_17 | PolicyVersion::Absent => {
                if has_variable(text) {
                    self.report(Code::VARIABLE_UNSUPPORTED_IN_VERSION,
                        span,
                        format!("`{text}` holds a policy variable, but without `\"Version\": \"2012-10-17\"` it is literal text"),
                        Some("add `\"Version\": \"2012-10-17\"` at the top of the policy to use policy variables".into()),
                    );
                }
            }
        }
    }

    /// Reports a policy variable in an element that does not read variables (`Action`,
    /// `Principal` and their `Not` forms); true when there was one.
    pub(super) fn variable_in_element(&mut self, text: &str, span: Span, element: &str) -> bool {
        if !has_variable(text) {
            return false;
        }
        self.report(Code::VARIABLE_UNSUPPORTED_IN_ELEMENT,
            span,
            format!("`{element}` does not read policy variables: `{text}` would be taken literally"),
            Some("policy variables work only in `Resource`, `NotResource` and condition values; name the values here in full, or move the test into a condition".into()),
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<Code> {
        variable_problems(text).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn well_written_variables_and_escapes_have_no_problem() {
        for ok in [
            "arn:aws:s3:::b/${aws:username}/*",
            "${aws:PrincipalTag/team, 'company-wide'}",
            "${aws:PrincipalTag/team,'x'}",
            "${*}${?}${$}",
            "${cognito-identity.amazonaws.com:sub}",
            "no variable } here {",
        ] {
            assert_eq!(codes(ok), [], "{ok}");
        }
    }

    #[test]
    fn each_mistake_has_its_code() {
        assert_eq!(
            codes("home/${aws:username"),
            [Code::MISSING_BRACE_IN_VARIABLE]
        );
        assert_eq!(
            codes("${aws:username/${aws:userid}"),
            [Code::MISSING_BRACE_IN_VARIABLE]
        );
        assert_eq!(codes("a/${}/b"), [Code::EMPTY_VARIABLE]);
        assert_eq!(codes("${ , 'x'}"), [Code::EMPTY_VARIABLE]);
        assert_eq!(
            codes("${aws: username}"),
            [Code::UNSUPPORTED_SPACE_IN_VARIABLE]
        );
        assert_eq!(
            codes("${aws:user(name)}"),
            [Code::UNSUPPORTED_SYMBOL_IN_VARIABLE]
        );
        assert_eq!(
            codes("${aws:PrincipalTag/team, company}"),
            [Code::MISSING_QUOTE_IN_VARIABLE]
        );
        assert_eq!(
            codes("${aws:PrincipalTag/team, 'company}"),
            [Code::MISSING_QUOTE_IN_VARIABLE]
        );
        assert!(has_variable("x${aws:username}"));
        assert!(!has_variable("x${*}"));
        assert!(!has_variable("x${aws:username"));
    }

    #[test]
    fn many_variables_cost_bounded_work() {
        let text = "${}".repeat(100_000);
        assert_eq!(codes(&text).len(), MAX_VARIABLES_PER_STRING);
    }
}
