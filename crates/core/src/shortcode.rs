//! Short claim codes for printed gift cards: 16 Crockford base32 characters (80 bits from a
//! CSPRNG), shown as `XXXX-XXXX-XXXX-XXXX`. Typing is forgiving: case does not matter, spaces
//! and dashes are ignored, and I/L read as 1, O as 0. U is not in the alphabet.

use std::fmt;

/// Crockford's base32 alphabet: digits and letters without I, L, O, U.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code.
pub const LEN: usize = 16;

/// A well-formed short code (normalised: upper case, no separators).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShortCode(String);

/// Why typed text is not a short code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Not 16 characters once spaces and dashes are removed.
    Length(usize),
    /// A character that cannot appear in a code (e.g. `U`, `#`).
    Character(char),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Length(n) => write!(f, "A code has 16 letters and digits; this has {n}."),
            CodeError::Character(c) => {
                write!(f, "“{c}” is not used in codes. Check the card again.")
            }
        }
    }
}

fn value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .map(|p| p as u8)
}

impl ShortCode {
    /// A code from 10 random bytes (80 bits); the caller passes bytes from a CSPRNG.
    pub fn from_entropy(bytes: [u8; 10]) -> ShortCode {
        let mut bits: u128 = 0;
        for b in bytes {
            bits = (bits << 8) | u128::from(b);
        }
        let code = (0..LEN)
            .rev()
            .map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize]))
            .collect();
        ShortCode(code)
    }

    /// Reads a code as a person typed it.
    pub fn parse(input: &str) -> Result<ShortCode, CodeError> {
        let mut out = String::with_capacity(LEN);
        let mut count = 0;
        let typed = input.chars().map(crate::text::half_width_char);
        for c in typed.filter(|c| !c.is_whitespace() && *c != '-') {
            count += 1;
            let v = value(c).ok_or(CodeError::Character(c))?;
            if count <= LEN {
                out.push(char::from(ALPHABET[v as usize]));
            }
        }
        if count != LEN {
            return Err(CodeError::Length(count));
        }
        Ok(ShortCode(out))
    }

    /// The normalised code, e.g. `7K3M9QX2ABCDEFGH`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Grouped for print and screens: `7K3M-9QX2-ABCD-EFGH`.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typing_is_forgiving_about_case_separators_and_look_alikes() {
        let code = ShortCode::parse("7k3m 9qx2-abcd-efgh").unwrap();
        assert_eq!(code.as_str(), "7K3M9QX2ABCDEFGH");
        assert_eq!(code.grouped(), "7K3M-9QX2-ABCD-EFGH");
        assert_eq!(
            ShortCode::parse("OIL0-0000-0000-0000").unwrap().as_str(),
            "0110000000000000"
        );
    }

    #[test]
    fn a_code_typed_in_full_width_reads_the_same() {
        let code = ShortCode::parse("7K3M-9QX2-ABCD-EFGH").unwrap();
        assert_eq!(
            ShortCode::parse("７Ｋ３Ｍ－９ＱＸ２ーＡＢＣＤ　ｅｆｇｈ"),
            Ok(code)
        );
    }

    #[test]
    fn typos_are_caught_without_asking_the_server() {
        assert_eq!(
            ShortCode::parse("7K3M-9QX2-ABCD-EFG"),
            Err(CodeError::Length(15))
        );
        assert_eq!(
            ShortCode::parse("7K3M-9QX2-ABCD-EFGHJ"),
            Err(CodeError::Length(17))
        );
        assert_eq!(
            ShortCode::parse("7K3M-9QX2-ABCD-EFGU"),
            Err(CodeError::Character('U'))
        );
        assert_eq!(
            ShortCode::parse("7K3M-9QX2-ABCD-EF#H"),
            Err(CodeError::Character('#'))
        );
    }

    #[test]
    fn all_eighty_bits_reach_the_code() {
        assert_eq!(
            ShortCode::from_entropy([0; 10]).as_str(),
            "0000000000000000"
        );
        assert_eq!(
            ShortCode::from_entropy([0xff; 10]).as_str(),
            "ZZZZZZZZZZZZZZZZ"
        );
        let mut one = [0; 10];
        one[9] = 1;
        assert_eq!(ShortCode::from_entropy(one).as_str(), "0000000000000001");
        one = [0; 10];
        one[0] = 0x80;
        assert_eq!(ShortCode::from_entropy(one).as_str(), "G000000000000000");
    }

    proptest! {
        #[test]
        fn generated_codes_use_the_alphabet_and_survive_sloppy_typing(
            bytes in proptest::array::uniform10(any::<u8>()),
            lower in any::<bool>(),
        ) {
            let code = ShortCode::from_entropy(bytes);
            prop_assert_eq!(code.as_str().len(), LEN);
            prop_assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)));
            let typed = if lower { code.grouped().to_lowercase() } else { code.grouped().replace('-', " ") };
            prop_assert_eq!(ShortCode::parse(&typed), Ok(code));
        }

        #[test]
        fn different_entropy_gives_different_codes(a in proptest::array::uniform10(any::<u8>()), b in proptest::array::uniform10(any::<u8>())) {
            prop_assert_eq!(a == b, ShortCode::from_entropy(a) == ShortCode::from_entropy(b));
        }

        #[test]
        fn parsing_never_panics(s in ".{0,40}") {
            let _ = ShortCode::parse(&s);
        }
    }
}
