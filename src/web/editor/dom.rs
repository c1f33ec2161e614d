//! The editor's dealings with the DOM: offsets between the textarea's UTF-16 units and the
//! text's bytes, and applying an [`Edit`] the way typing would.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement};

use crate::editing::Edit;

/// The byte offset of the character at UTF-16 offset `units` of `text` (the DOM counts UTF-16
/// units; an offset inside a character goes to its start, one past the end to the end).
pub fn byte_of_units(text: &str, units: usize) -> usize {
    let mut seen = 0;
    text.char_indices()
        .find(|(_, c)| {
            let here = seen >= units;
            seen += c.len_utf16();
            here
        })
        .map_or(text.len(), |(i, _)| i)
}

/// The UTF-16 offset of byte `byte` of `text` (clamped to the text).
pub fn units_of_byte(text: &str, byte: usize) -> u32 {
    let byte = crate::editing::floor_boundary(text, byte);
    text.get(..byte)
        .map_or(0, |s| s.encode_utf16().count())
        .try_into()
        .unwrap_or(u32::MAX)
}

/// The textarea's selection as byte offsets of `text` (its value): `(start, end)`.
pub fn selection(area: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
    let units = |u: Option<u32>| u.unwrap_or(0) as usize;
    let start = byte_of_units(text, units(area.selection_start().ok().flatten()));
    let end = byte_of_units(text, units(area.selection_end().ok().flatten()));
    (start.min(end), start.max(end))
}

/// Applies `edit` to the textarea, whose value is `text`. First as the browser's own typing
/// (`execCommand("insertText")`: it keeps the undo history and fires `input`, which reaches the
/// app through the editor's `oninput`); where that is not available or did not give the expected
/// text, by setting the value and calling `changed` (the same path as `oninput`). Then the caret
/// goes where the edit says.
pub fn apply(
    area: &HtmlTextAreaElement,
    text: &str,
    edit: &Edit,
    changed: &dyn Fn(&HtmlTextAreaElement),
) {
    let (Some(head), Some(tail)) = (text.get(..edit.start), text.get(edit.end..)) else {
        return;
    };
    let expected = format!("{head}{}{tail}", edit.insert);
    let _ = area.set_selection_range(
        units_of_byte(text, edit.start),
        units_of_byte(text, edit.end),
    );
    let typed = area
        .owner_document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, &edit.insert)
                .ok()
        })
        .unwrap_or(false);
    if !typed || area.value() != expected {
        area.set_value(&expected);
        changed(area);
    }
    let caret = units_of_byte(&expected, edit.caret);
    let _ = area.set_selection_range(caret, caret);
}
