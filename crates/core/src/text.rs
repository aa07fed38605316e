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

#[cfg(test)]
mod tests {
    use super::half_width;

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
