//! A gift recipient's thank-you note to its sender (お礼のメッセージ): a few words, sent once per
//! claimed unit from the gift's thank-you page, read by the sender on their order page and in
//! an email. Checked here for every way in.

/// The longest note, in characters.
pub const THANKS_MAX_CHARS: usize = 200;

/// Why a note is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteProblem {
    Empty,
    TooLong,
}

/// The note as it is kept: trimmed, line ends as `\n` (at most two in a row), other control
/// characters dropped.
pub fn note(text: &str) -> Result<String, NoteProblem> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut kept = String::with_capacity(text.len());
    let mut breaks = 0;
    for c in text.trim().chars() {
        if c == '\n' {
            breaks += 1;
            if breaks <= 2 {
                kept.push(c);
            }
        } else if !c.is_control() {
            breaks = 0;
            kept.push(c);
        }
    }
    let kept = kept.trim().to_string();
    match kept.chars().count() {
        0 => Err(NoteProblem::Empty),
        n if n > THANKS_MAX_CHARS => Err(NoteProblem::TooLong),
        _ => Ok(kept),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_and_bounded() {
        assert_eq!(
            note("  ありがとう！\r\n\r\n\r\n大切にします\u{7}  "),
            Ok("ありがとう！\n\n大切にします".into())
        );
        assert_eq!(note(" \n\t "), Err(NoteProblem::Empty));
        assert_eq!(note("\u{1b}\u{7}"), Err(NoteProblem::Empty));
        let longest = "謝".repeat(THANKS_MAX_CHARS);
        assert_eq!(note(&longest), Ok(longest.clone()));
        assert_eq!(note(&format!("{longest}!")), Err(NoteProblem::TooLong));
    }
}
