//! Whole numbers on the wire: JSON Schema's `integer` includes `3.0`, so input fields read a
//! number with no fraction as the integer it is (serde alone refuses `3.0` for an `i64`).

use serde::de::{Deserializer, Error, Visitor};

struct Whole;

impl Visitor<'_> for Whole {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("a whole number that is too large"))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
        // ±2^63 are the first floats outside i64.
        if v.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&v) {
            Ok(v as i64)
        } else {
            Err(E::custom(format!("a whole number, not {v}")))
        }
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(Whole)
}

struct Optional;

impl<'de> Visitor<'de> for Optional {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<i64>, D::Error> {
        deserialize(d).map(Some)
    }
}

/// An optional whole number: absent (with `#[serde(default)]`), `null`, or as [`deserialize`].
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(Optional)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct N {
        #[serde(deserialize_with = "super::deserialize")]
        n: i64,
    }

    #[derive(serde::Deserialize)]
    struct O {
        #[serde(default, deserialize_with = "super::optional")]
        n: Option<i64>,
    }

    #[test]
    fn optional_whole_numbers_may_be_absent_or_null() {
        let read = |json: &str| serde_json::from_str::<O>(json).map(|x| x.n);
        assert_eq!(read("{}").unwrap(), None);
        assert_eq!(read(r#"{"n": null}"#).unwrap(), None);
        assert_eq!(read(r#"{"n": 2500.0}"#).unwrap(), Some(2_500));
        assert!(read(r#"{"n": 0.5}"#).is_err());
    }

    fn read(json: &str) -> Result<i64, serde_json::Error> {
        serde_json::from_str::<N>(json).map(|x| x.n)
    }

    #[test]
    fn whole_numbers_with_or_without_a_fraction_part_are_read() {
        assert_eq!(read(r#"{"n": 3}"#).unwrap(), 3);
        assert_eq!(read(r#"{"n": -3}"#).unwrap(), -3);
        assert_eq!(read(r#"{"n": 131073.0}"#).unwrap(), 131_073);
        assert_eq!(read(r#"{"n": 1e3}"#).unwrap(), 1_000);
    }

    #[test]
    fn fractions_strings_and_huge_numbers_are_refused() {
        assert!(read(r#"{"n": 1.5}"#).is_err());
        assert!(read(r#"{"n": "3"}"#).is_err());
        assert!(read(r#"{"n": 1e19}"#).is_err());
        assert!(read(r#"{"n": 18446744073709551615}"#).is_err());
    }
}
