//! What the page's policy editors do to JSON text, as pure functions tested natively: the
//! tokens that colour it ([`tokens`]), the bracket paired with the one at the caret, the edits
//! of auto-indent ([`indent`]) and pretty-printing ([`format`]). Nothing here knows the DOM; the
//! editor (`web::editor`, wasm only) calls it with byte offsets.

pub mod format;
pub mod indent;
pub mod paint;
pub mod tokens;

pub use format::{format_json, format_valid_json, to_pretty_json};
pub use indent::{close, enter, Edit, INDENT};
pub use paint::{colours, pieces, Piece};
pub use tokens::{matching_bracket, tokenize, Token, TokenKind};

/// The largest char boundary of `text` at or before `at` (clamped to the text's length), so that
/// offsets from the DOM can never split a character.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
