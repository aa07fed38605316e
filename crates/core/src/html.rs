//! Text put into HTML, written once for the app's server-rendered pages, the server's own
//! pages and the emails.

/// Escapes text for an HTML element or a quoted attribute (`&`, `<`, `>`, `"` and `'`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON made safe to embed in a `<script>` element, the standard way: `<`, `>`, `&`, U+2028 and
/// U+2029 are written as JSON `\u` escapes. Each can only stand inside a string, where JSON reads
/// the escape back as the same character, so no value can end the script, open a comment
/// (`<!--`) that swallows the rest of the page, or end a line for an old JavaScript parser.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn every_character_that_ends_text_or_an_attribute_is_escaped() {
        assert_eq!(
            escape(r#"Tom & "Jerry" <b>'s</b>"#),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;"
        );
        assert_eq!(escape("お茶 · ¥1,200"), "お茶 · ¥1,200");
    }

    #[test]
    fn embedded_json_holds_no_markup_or_line_separator_and_reads_back_the_same() {
        let value = serde_json::json!({
            "name": "<!--<script>x</script>-->",
            "description": "Tom & Jerry\u{2028}line\u{2029}paragraph",
            "n": 1,
        });
        let safe = super::script_json(&value.to_string());
        for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!safe.contains(c), "{c:?} in {safe}");
        }
        assert!(
            safe.contains(r"\u003c!--\u003cscript\u003ex\u003c/script\u003e--\u003e"),
            "{safe}"
        );
        assert!(
            safe.contains(r"Tom \u0026 Jerry\u2028line\u2029paragraph"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
