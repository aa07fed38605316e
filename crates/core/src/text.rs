//! Text as Japanese keyboards type it: full-width digits, letters and signs (`１００－０００５`,
//! `０９０ー１２３４`, `ＳＵＭＭＥＲ１０`) read as their ASCII forms, so postal codes, phone
//! numbers and codes are accepted however the input method left them.

/// The ASCII form of a full-width character (U+FF01–U+FF5E), of the ideographic space, and of
/// the dashes and long-vowel marks typed for a hyphen; every other character as it is.
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
        c => c,
    }
}

/// [`half_width_char`] of every character.
pub fn half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

/// A number as typed in a form, however the keyboard left it: full-width digits and signs,
/// thousands separators (`,` `、`), a yen sign or `円`, spaces. `None`: not a number.
pub fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    let text: String = half_width(s)
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | '¥' | '￥' | '\\' | '円' | ' '))
        .map(|c| if c == '。' { '.' } else { c })
        .collect();
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{half_width, number};

    #[test]
    fn numbers_read_however_typed() {
        assert_eq!(number::<i64>("１，２００"), Some(1200));
        assert_eq!(number::<i64>(" ¥3,300 "), Some(3300));
        assert_eq!(number::<i64>("３３０円"), Some(330));
        assert_eq!(number::<i64>("￥５００"), Some(500));
        assert_eq!(number::<u32>("１２"), Some(12));
        assert_eq!(number::<f64>("１．５"), Some(1.5));
        assert_eq!(number::<i64>("－５"), Some(-5));
        assert_eq!(number::<i64>("三百"), None);
        assert_eq!(number::<i64>(""), None);
    }

    #[test]
    fn full_width_digits_letters_dashes_and_spaces_read_as_ascii() {
        assert_eq!(half_width("１００－０００５"), "100-0005");
        assert_eq!(half_width("０９０ー１２３４‐５６７８"), "090-1234-5678");
        assert_eq!(
            half_width("＋８１（３）　１２３４−５６７８"),
            "+81(3) 1234-5678"
        );
        assert_eq!(half_width("ＳＵＭＭＥＲ１０ｓａｌｅ"), "SUMMER10sale");
        // Japanese text and ASCII stay as they are.
        assert_eq!(half_width("東京都千代田区 1-1"), "東京都千代田区 1-1");
    }
}
