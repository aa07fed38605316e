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

/// JSON made safe to embed in a `<script>` element: every `<` is written `\u003c` (it can only
/// stand inside a string, where JSON reads it back as `<`), so no value can end the script or
/// open a comment (`<!--`) that swallows the rest of the page.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
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
    fn embedded_json_holds_no_angle_bracket_and_reads_back_the_same() {
        let json = r#"{"name":"<!--<script></script>","n":1}"#;
        let safe = super::script_json(json);
        assert!(!safe.contains('<'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "<!--<script></script>");
    }
}
