//! Consumption tax (消費税). Shown prices include the tax, as Japanese law requires for consumers.
//! An order's tax is worked out once per rate, on the order's total at that rate, and rounded
//! down — never per line — which is what a qualified invoice (適格請求書) must show.

use omiyage_api::{ApiError, FieldError, InvoiceIssuer, Money, OrderLine, TaxClass, TaxTotal};

/// The consumption tax inside a tax-included amount at `class`'s rate, rounded down.
pub fn tax_in(taxable: Money, class: TaxClass) -> Money {
    let rate = class.percent();
    Money::new(
        taxable.amount.max(0) * rate / (100 + rate),
        taxable.currency,
    )
}

/// Per-rate totals of tax-included amounts: one entry per rate present (standard first), each
/// with its tax computed once. Zero amounts are skipped.
pub fn totals(amounts: impl IntoIterator<Item = (TaxClass, Money)>) -> Vec<TaxTotal> {
    // One slot per class in `TaxClass::ALL` order: no sort (this also runs in the shopper's wasm).
    let mut sums: [Option<Money>; 2] = [None; 2];
    for (class, amount) in amounts {
        let slot = &mut sums[usize::from(class == TaxClass::Reduced)];
        *slot = Some(match *slot {
            Some(s) => Money::new(s.amount + amount.amount, s.currency),
            None => amount,
        });
    }
    TaxClass::ALL
        .iter()
        .zip(sums)
        .filter_map(|(&class, sum)| {
            let taxable = sum.filter(|m| m.amount != 0)?;
            Some(TaxTotal {
                class,
                taxable,
                tax: tax_in(taxable, class),
            })
        })
        .collect()
}

/// An order's per-rate totals: each line at its variant's class (what it paid after a coupon),
/// each gift option (class, amount) at its own, shipping at the standard rate.
pub fn order_totals(
    lines: &[OrderLine],
    options: &[(TaxClass, Money)],
    shipping: Money,
) -> Vec<TaxTotal> {
    totals(
        lines
            .iter()
            .map(|l| (l.tax_class, crate::coupon::paid(l)))
            .chain(options.iter().copied())
            .chain(std::iter::once((TaxClass::Standard, shipping))),
    )
}

/// [`order_totals`] of an order priced at checkout.
pub fn of_priced(priced: &crate::pricing::PricedOrder) -> Vec<TaxTotal> {
    let options: Vec<_> = priced
        .options
        .iter()
        .map(|o| (o.tax_class, o.line_total))
        .collect();
    order_totals(&priced.lines, &options, priced.shipping)
}

/// [`order_totals`] of an order as recorded.
pub fn of_order(order: &omiyage_api::OrderView) -> Vec<TaxTotal> {
    let options: Vec<_> = order
        .options
        .iter()
        .map(|o| (o.tax_class, o.line_total))
        .collect();
    order_totals(&order.lines, &options, order.shipping)
}

/// A qualified-invoice issuer's registration number (適格請求書発行事業者登録番号): `T` and 13
/// digits whose first digit checks the other twelve (the corporate-number check digit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceNumber(String);

/// Why a registration number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvoiceNumberError {
    /// Not `T` followed by 13 digits.
    Format,
    /// The check digit does not match.
    CheckDigit,
}

impl InvoiceNumber {
    /// Reads `T1234567890123` (spaces and hyphens ignored, `t` accepted).
    pub fn parse(input: &str) -> Result<InvoiceNumber, InvoiceNumberError> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = compact
            .strip_prefix(['T', 't'])
            .filter(|d| d.len() == 13 && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(InvoiceNumberError::Format)?;
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if d[0] != check_digit(&d[1..]) {
            return Err(InvoiceNumberError::CheckDigit);
        }
        Ok(InvoiceNumber(format!("T{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks the issuer form: a registered name (≤ 100 characters) and a valid registration
/// number, returned in its canonical form (`T` and 13 digits).
pub fn validate_issuer(input: &InvoiceIssuer) -> Result<InvoiceIssuer, ApiError> {
    let name = input.registered_name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new(
            "registered_name",
            "Enter the name registered for invoices.",
        ));
    } else if name.chars().count() > 100 {
        errors.push(FieldError::new(
            "registered_name",
            "Use at most 100 characters.",
        ));
    }
    let number = match InvoiceNumber::parse(&input.registration_number) {
        Ok(n) => n.as_str().to_string(),
        Err(InvoiceNumberError::Format) => {
            errors.push(FieldError::new(
                "registration_number",
                "A registration number is T followed by 13 digits, e.g. T7000012050002.",
            ));
            String::new()
        }
        Err(InvoiceNumberError::CheckDigit) => {
            errors.push(FieldError::new(
                "registration_number",
                "This registration number does not exist: its check digit is wrong. Check it against the certificate.",
            ));
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(InvoiceIssuer {
        registered_name: name.to_string(),
        registration_number: number,
    })
}

/// 9 − (Σ Pₙ·Qₙ mod 9), Pₙ the n-th of the 12 base digits from the right, Qₙ 1 when n is odd
/// and 2 when even.
fn check_digit(base: &[u32]) -> u32 {
    let sum: u32 = base
        .iter()
        .rev()
        .enumerate()
        .map(|(i, p)| p * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    9 - sum % 9
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yen(n: i64) -> Money {
        Money::jpy(n)
    }

    #[test]
    fn a_mixed_cart_pays_each_rate_once() {
        // ¥1,080 of sweets and ¥1,100 of goods → ¥80 at 8 % and ¥100 at 10 %.
        let t = totals([
            (TaxClass::Reduced, yen(1_080)),
            (TaxClass::Standard, yen(1_100)),
        ]);
        assert_eq!(
            t,
            vec![
                TaxTotal {
                    class: TaxClass::Standard,
                    taxable: yen(1_100),
                    tax: yen(100)
                },
                TaxTotal {
                    class: TaxClass::Reduced,
                    taxable: yen(1_080),
                    tax: yen(80)
                },
            ]
        );
    }

    #[test]
    fn tax_is_rounded_down_once_per_rate_not_per_line() {
        // Three ¥250 sweets: per line 18.51… → 18 × 3 = 54; once on ¥750 → 55.
        let t = totals([(TaxClass::Reduced, yen(250)); 3]);
        assert_eq!(t[0].tax, yen(55));
        assert_eq!(tax_in(yen(1_099), TaxClass::Standard), yen(99));
    }

    #[test]
    fn shipping_is_taxed_at_the_standard_rate() {
        let line = OrderLine {
            product_id: "p".into(),
            variant_id: "v".into(),
            product_name: "Sweets".into(),
            variant_name: "8".into(),
            image: String::new(),
            unit_price: yen(1_080),
            quantity: 1,
            line_total: yen(1_080),
            tax_class: TaxClass::Reduced,
            discount: 0,
        };
        let t = order_totals(&[line], &[], yen(600));
        assert_eq!(
            t[0],
            TaxTotal {
                class: TaxClass::Standard,
                taxable: yen(600),
                tax: yen(54)
            }
        );
        assert_eq!(t[1].tax, yen(80));
    }

    #[test]
    fn registration_numbers_are_checked() {
        // The National Tax Agency's own corporate number.
        assert_eq!(
            InvoiceNumber::parse("T7000012050002").unwrap().as_str(),
            "T7000012050002"
        );
        assert_eq!(
            InvoiceNumber::parse(" t7-0000-1205-0002 ")
                .unwrap()
                .as_str(),
            "T7000012050002"
        );
        assert_eq!(
            InvoiceNumber::parse("T8000012050002"),
            Err(InvoiceNumberError::CheckDigit)
        );
        for bad in [
            "7000012050002",
            "T700001205000",
            "T70000120500021",
            "TX000012050002",
            "",
        ] {
            assert_eq!(
                InvoiceNumber::parse(bad),
                Err(InvoiceNumberError::Format),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_issuer_form_is_checked_field_by_field() {
        let ok = validate_issuer(&InvoiceIssuer {
            registered_name: " 株式会社おみやげ ".into(),
            registration_number: "t7000012050002".into(),
        })
        .unwrap();
        assert_eq!(ok.registered_name, "株式会社おみやげ");
        assert_eq!(ok.registration_number, "T7000012050002");
        let err = validate_issuer(&InvoiceIssuer {
            registered_name: "".into(),
            registration_number: "T8000012050002".into(),
        })
        .unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["registered_name", "registration_number"]);
        assert!(err.fields[1].message.contains("check digit"));
    }

    proptest! {
        #[test]
        fn per_rate_totals_add_up_to_what_was_paid(
            amounts in prop::collection::vec((any::<bool>(), 0i64..1_000_000), 0..20)
        ) {
            let amounts: Vec<(TaxClass, Money)> = amounts
                .into_iter()
                .map(|(r, a)| (if r { TaxClass::Reduced } else { TaxClass::Standard }, yen(a)))
                .collect();
            let t = totals(amounts.iter().copied());
            let paid: i64 = amounts.iter().map(|(_, m)| m.amount).sum();
            prop_assert_eq!(t.iter().map(|x| x.taxable.amount).sum::<i64>(), paid);
            for x in &t {
                let rate = x.class.percent();
                let paid_at: i64 = amounts.iter().filter(|(c, _)| *c == x.class).map(|(_, m)| m.amount).sum();
                prop_assert_eq!(x.taxable.amount, paid_at);
                // tax = ⌊taxable · r / (100 + r)⌋ exactly
                prop_assert!(x.tax.amount * (100 + rate) <= x.taxable.amount * rate);
                prop_assert!((x.tax.amount + 1) * (100 + rate) > x.taxable.amount * rate);
            }
            prop_assert!(t.windows(2).all(|w| w[0].class < w[1].class));
        }

        #[test]
        fn splitting_an_order_keeps_every_yen_in_its_rate(
            a in prop::collection::vec((any::<bool>(), 0i64..100_000), 0..10),
            b in prop::collection::vec((any::<bool>(), 0i64..100_000), 0..10),
        ) {
            // Refunding part of an order (b) leaves the rest (a) with its own classes; the tax
            // of the whole is at most one yen per rate more than the parts' taxes.
            let class = |r: bool| if r { TaxClass::Reduced } else { TaxClass::Standard };
            let to = |v: &Vec<(bool, i64)>| v.iter().map(|&(r, x)| (class(r), yen(x))).collect::<Vec<_>>();
            let whole = totals(to(&a).into_iter().chain(to(&b)));
            let (ta, tb) = (totals(to(&a)), totals(to(&b)));
            for w in &whole {
                let part = |t: &Vec<TaxTotal>| t.iter().find(|x| x.class == w.class).map_or((0, 0), |x| (x.taxable.amount, x.tax.amount));
                let (pa, pb) = (part(&ta), part(&tb));
                prop_assert_eq!(w.taxable.amount, pa.0 + pb.0);
                prop_assert!(w.tax.amount >= pa.1 + pb.1 && w.tax.amount <= pa.1 + pb.1 + 1);
            }
        }
    }
}
