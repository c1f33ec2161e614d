//! Action-name completion from the catalog while a `"service:Act…` string is typed.

/// Completions on offer: the byte range of the partial name being typed, and the candidates.
#[derive(Clone, PartialEq, Default)]
pub struct Completions {
    /// First byte of the partial name.
    pub start: usize,
    /// End of the name (the rest of it after the caret is replaced too).
    pub end: usize,
    /// Up to eight action names.
    pub names: Vec<&'static str>,
}

/// The partial action name around byte `caret` of `text` (inside a JSON string), if any:
/// `(start, end, partial)` where `partial` is the text from the string's start to the caret.
fn partial_action(text: &str, caret: usize) -> Option<(usize, usize, &str)> {
    let before = text.get(..caret)?;
    let start = before.rfind(['"', '\n'])? + 1;
    if before.as_bytes().get(start - 1) != Some(&b'"') {
        return None;
    }
    let partial = before.get(start..)?;
    let (service, name) = partial.split_once(':')?;
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if service.is_empty() || !ok(service) || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    // The rest of the name after the caret is replaced too.
    let after = text.get(caret..)?;
    let end = caret
        + after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
    Some((start, end, partial))
}

/// The completions on offer with the caret at byte `caret` of `text` (none when the name is
/// complete or no string is being typed).
pub fn completions_for(text: &str, caret: usize) -> Completions {
    let Some((start, end, partial)) = partial_action(text, caret) else {
        return Completions::default();
    };
    let cat = crate::catalog::catalog();
    if cat.action(partial).is_some() {
        return Completions::default(); // already complete
    }
    let names: Vec<&'static str> = cat
        .expand(&format!("{partial}*"))
        .into_iter()
        .take(8)
        .map(|a| a.name())
        .collect();
    Completions { start, end, names }
}
