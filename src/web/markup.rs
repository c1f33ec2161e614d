//! HTML written as text, for the page's long lists (who-can's rows, the problems): one string
//! parsed by the browser at once costs a fraction of thousands of elements built one by one.
//! Every text and attribute value that is not a static word or a number goes through
//! [`escape_into`]; clicks are answered by one listener on the list, which finds its item by
//! `data-` attributes.

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe as an element's text and as a quoted
/// attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `word`, kept by wasm-bindgen as a JavaScript string from its first use on: later passes of
/// the same text to the DOM (an attribute value or text written in thousands of grid cells) are
/// a table lookup instead of a UTF-8 decoding and a new string. Only for a bounded vocabulary
/// (words of the page, catalog actions): the table is never emptied.
pub fn word(word: &'static str) -> &'static str {
    wasm_bindgen::intern(word)
}
