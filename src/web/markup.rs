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
