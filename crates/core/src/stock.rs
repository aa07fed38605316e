//! Stock rules. Stock is a count that never goes below zero: a take either removes every unit
//! asked for or nothing. The server enforces the same rule in SQL (`UPDATE … WHERE stock >= ?`).

/// Why units could not be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotEnough {
    pub available: u32,
}

/// Takes `quantity` units from `available`; all or nothing.
pub fn take(available: u32, quantity: u32) -> Result<u32, NotEnough> {
    available
        .checked_sub(quantity)
        .ok_or(NotEnough { available })
}

/// The message shown when a line cannot be filled.
pub fn out_of_stock_message(product: &str, variant: &str, available: u32) -> String {
    match available {
        0 => format!("{product} ({variant}) is sold out."),
        n => format!("Only {n} left of {product} ({variant}): please lower the quantity."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn taking_more_than_available_takes_nothing() {
        assert_eq!(take(3, 4), Err(NotEnough { available: 3 }));
        assert_eq!(take(3, 3), Ok(0));
    }

    proptest! {
        /// However takes are interleaved, stock stays >= 0 and
        /// initial = remaining + sum of successful takes.
        #[test]
        fn stock_is_conserved_and_never_negative(initial in 0u32..500, takes in prop::collection::vec(1u32..20, 0..100)) {
            let mut stock = initial;
            let mut taken = 0u32;
            for q in takes {
                match take(stock, q) {
                    Ok(left) => { taken += q; stock = left; }
                    Err(e) => prop_assert_eq!(e.available, stock),
                }
            }
            prop_assert_eq!(initial, stock + taken);
        }
    }
}
