//! Coupon rules: what a code takes off an order and every reason it does not apply. A coupon
//! takes a fixed amount or a percentage off the lines it covers (some products, some
//! categories, or everything), from a minimum spend on those lines, between two shop days. The
//! discount is spread over the covered lines in proportion to what each costs (whole yen, the
//! remainder to the largest fractions), so tax per rate and commission are worked out on what
//! each line really paid. The caps (uses in all, uses per email) are counted by the storage in
//! the order's own transaction; this module only words their refusals.

use omiyage_api::{ApiError, CouponInput, DiscountKind, FieldError, Money, OrderLine};

use crate::lang::Lang;
use crate::sales;

/// Longest code, after normalising.
pub const MAX_CODE_LEN: usize = 20;
/// Shortest code: three characters can still be said aloud, and are hard to guess in bulk
/// with the checkout's rate limits.
pub const MIN_CODE_LEN: usize = 3;
/// Highest fixed discount (¥1,000,000) and use cap.
pub const MAX_FIXED: i64 = 1_000_000;
pub const MAX_CAP: i64 = 1_000_000;

/// A coupon as the shop keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coupon {
    pub code: String,
    pub kind: DiscountKind,
    /// Yen off (fixed) or percent off (1–100).
    pub value: i64,
    /// What the covered lines must come to (yen) before the discount applies.
    pub min_spend: i64,
    /// Unix seconds: usable from `starts_at` (inclusive) to `ends_at` (exclusive).
    pub starts_at: i64,
    pub ends_at: i64,
    /// Empty with `category_ids` empty: every product.
    pub product_ids: Vec<String>,
    pub category_ids: Vec<String>,
    pub max_uses: Option<u32>,
    pub per_email: Option<u32>,
    /// The promoter whose code it is: an order using it is theirs.
    pub promoter_id: Option<String>,
    /// The admin can switch a coupon off without deleting its history.
    pub disabled: bool,
}

impl Coupon {
    /// Whether the coupon covers a product of a category.
    pub fn covers(&self, product_id: &str, category: &str) -> bool {
        (self.product_ids.is_empty() && self.category_ids.is_empty())
            || self.product_ids.iter().any(|p| p == product_id)
            || self.category_ids.iter().any(|c| c == category)
    }
}

/// Why a code does not apply to this order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such code (or switched off).
    Unknown,
    /// Usable from this Unix time.
    NotStarted(i64),
    Ended,
    /// None of the order's items is one the coupon covers.
    NotForTheseItems,
    /// The covered items come to less than the minimum: (minimum, how much more is needed).
    MinSpend(Money, Money),
    /// Every use has been taken.
    UsedUp,
    /// This email has used it as often as it may.
    UsedByYou,
}

impl Refusal {
    /// A sentence the shopper can act on, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Unknown, Lang::Ja) => {
                "このクーポンコードは見つかりません。入力をご確認ください。".into()
            }
            (Refusal::Unknown, Lang::ZhHans) => "找不到此优惠码，请检查输入。".into(),
            (Refusal::Unknown, Lang::En) => {
                "This coupon code does not exist. Check how it is spelled.".into()
            }
            (Refusal::NotStarted(at), _) => {
                let day = sales::date_of(sales::day_of(*at));
                match lang {
                    Lang::Ja => format!("このクーポンは{day}からご利用いただけます。"),
                    Lang::ZhHans => format!("此优惠码自{day}起可用。"),
                    Lang::En => format!("This coupon can be used from {day}."),
                }
            }
            (Refusal::Ended, Lang::Ja) => "このクーポンの利用期間は終了しました。".into(),
            (Refusal::Ended, Lang::ZhHans) => "此优惠码已过期。".into(),
            (Refusal::Ended, Lang::En) => "This coupon has ended.".into(),
            (Refusal::NotForTheseItems, Lang::Ja) => {
                "このクーポンはカート内の商品には使えません。".into()
            }
            (Refusal::NotForTheseItems, Lang::ZhHans) => "此优惠码不适用于购物车中的商品。".into(),
            (Refusal::NotForTheseItems, Lang::En) => {
                "This coupon is not for any of the items in your cart.".into()
            }
            (Refusal::MinSpend(min, short), _) => {
                let (min, short) = (lang.price(*min), lang.price(*short));
                match lang {
                    Lang::Ja => format!(
                        "このクーポンは対象商品{min}以上のお買い上げで使えます（あと{short}）。"
                    ),
                    Lang::ZhHans => format!("此优惠码需购买适用商品满{min}（还差{short}）。"),
                    Lang::En => {
                        format!("This coupon needs {min} of the items it covers: add {short} more.")
                    }
                }
            }
            (Refusal::UsedUp, Lang::Ja) => "このクーポンは利用上限に達しました。".into(),
            (Refusal::UsedUp, Lang::ZhHans) => "此优惠码已被领完。".into(),
            (Refusal::UsedUp, Lang::En) => "This coupon has been used up.".into(),
            (Refusal::UsedByYou, Lang::Ja) => {
                "このメールアドレスでは、このクーポンをこれ以上使えません。".into()
            }
            (Refusal::UsedByYou, Lang::ZhHans) => "此邮箱已达到此优惠码的使用次数上限。".into(),
            (Refusal::UsedByYou, Lang::En) => {
                "This email address has already used this coupon as often as it may.".into()
            }
        }
    }

    /// The checkout's answer: 422 on the `coupon` field (a used-up coupon is 409: the order
    /// was fine a moment ago).
    pub fn to_error(&self, lang: Lang) -> ApiError {
        let mut error = ApiError::invalid(vec![FieldError::new("coupon", self.message(lang))]);
        if matches!(self, Refusal::UsedUp | Refusal::UsedByYou) {
            error.code = omiyage_api::ErrorCode::Conflict;
        }
        error
    }
}

/// A code as typed: full width read as ASCII, spaces and hyphens dropped, upper case
/// (`summer-10` and `ｓｕｍｍｅｒ－１０` are `SUMMER10`). Codes
/// are ASCII, so only ASCII letters change case (Unicode's case tables would cost the
/// shopper's app bytes: this runs in its checkout too).
pub fn normalise_code(input: &str) -> String {
    input
        .chars()
        .map(crate::text::half_width_char)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a normalised code has the shape of one (3–20 letters A–Z and digits).
pub fn is_code(code: &str) -> bool {
    (MIN_CODE_LEN..=MAX_CODE_LEN).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks the admin's coupon form; the promoter (if any) is checked by the caller.
pub fn validate(input: &CouponInput) -> Result<Coupon, ApiError> {
    let mut errors = Vec::new();
    // The admin's form takes exactly what the document promises: letters, digits, spaces and
    // hyphens (a shopper's typing at checkout is read more loosely).
    let code = normalise_code(&input.code);
    let typed = input
        .code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if !typed || !is_code(&code) {
        errors.push(FieldError::new(
            "code",
            "Use 3 to 20 letters and digits (spaces and hyphens are ignored).",
        ));
    }
    match input.kind {
        DiscountKind::Fixed if !(1..=MAX_FIXED).contains(&input.value) => {
            errors.push(FieldError::new("value", "Take off from ¥1 to ¥1,000,000."))
        }
        DiscountKind::Percent if !(1..=100).contains(&input.value) => {
            errors.push(FieldError::new("value", "Take off from 1 to 100 %."))
        }
        _ => {}
    }
    if !(0..=MAX_FIXED * 10).contains(&input.min_spend) {
        errors.push(FieldError::new(
            "min_spend",
            "Set a minimum spend from ¥0 to ¥10,000,000.",
        ));
    }
    let cap = |n: Option<i64>, field: &str, errors: &mut Vec<FieldError>| match n {
        Some(n) if !(1..=MAX_CAP).contains(&n) => {
            errors.push(FieldError::new(
                field,
                "Set a limit from 1 to 1,000,000, or leave it empty for none.",
            ));
            None
        }
        n => n.and_then(|n| u32::try_from(n).ok()),
    };
    let max_uses = cap(input.max_uses, "max_uses", &mut errors);
    let per_email = cap(input.per_email, "per_email", &mut errors);
    let (start, end) = (
        sales::day_from_date(&input.starts_on),
        sales::day_from_date(&input.ends_on),
    );
    match (start, end) {
        (Some(s), Some(e)) if e >= s => {}
        (Some(_), Some(_)) => errors.push(FieldError::new(
            "ends_on",
            "End the coupon on or after its first day.",
        )),
        _ => errors.push(FieldError::new(
            "starts_on",
            "Enter the first and last day as dates.",
        )),
    }
    if input.product_ids.len() + input.category_ids.len() > 200 {
        errors.push(FieldError::new(
            "product_ids",
            "Choose at most 200 products and categories.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(Coupon {
        code,
        kind: input.kind,
        value: input.value,
        min_spend: input.min_spend,
        starts_at: sales::day_start(start.unwrap_or(0)),
        ends_at: sales::day_start(end.unwrap_or(0) + 1),
        product_ids: input.product_ids.clone(),
        category_ids: input.category_ids.clone(),
        max_uses,
        per_email,
        promoter_id: input.promoter_id.clone().filter(|p| !p.is_empty()),
        disabled: input.disabled,
    })
}

/// One priced line as the coupon sees it.
#[derive(Clone, Debug)]
pub struct CouponLine<'a> {
    pub product_id: &'a str,
    pub category: &'a str,
    /// What the line costs before the discount (yen).
    pub amount: i64,
    /// Units on the line; with `whole_units` each unit takes the same whole yen off.
    pub quantity: u32,
}

/// What the coupon takes off each line (same order as `lines`), or why it does not apply. The
/// caps are not checked here. `whole_units` (gifts, whose units are refunded one by one) takes
/// the same whole amount off every unit of a line, rounding the line's share down.
pub fn discount(
    coupon: &Coupon,
    lines: &[CouponLine<'_>],
    now: i64,
    whole_units: bool,
) -> Result<Vec<i64>, Refusal> {
    if coupon.disabled {
        return Err(Refusal::Unknown);
    }
    if now < coupon.starts_at {
        return Err(Refusal::NotStarted(coupon.starts_at));
    }
    if now >= coupon.ends_at {
        return Err(Refusal::Ended);
    }
    let weights: Vec<i64> = lines
        .iter()
        .map(|l| {
            if coupon.covers(l.product_id, l.category) {
                l.amount.max(0)
            } else {
                0
            }
        })
        .collect();
    let covered: i64 = weights.iter().sum();
    if covered == 0 {
        return Err(Refusal::NotForTheseItems);
    }
    if covered < coupon.min_spend {
        return Err(Refusal::MinSpend(
            Money::jpy(coupon.min_spend),
            Money::jpy(coupon.min_spend - covered),
        ));
    }
    let amount = match coupon.kind {
        DiscountKind::Fixed => coupon.value.min(covered),
        DiscountKind::Percent => {
            i64::try_from(i128::from(covered) * i128::from(coupon.value.clamp(0, 100)) / 100)
                .unwrap_or(covered)
        }
    };
    let mut shares = allocate(amount, &weights);
    if whole_units {
        for (share, line) in shares.iter_mut().zip(lines) {
            let q = i64::from(line.quantity.max(1));
            *share -= *share % q;
        }
    }
    Ok(shares)
}

/// Every rule for a coupon on a priced order, with its caps as counted so far (`uses` in all,
/// `email_uses` by this buyer): what it takes off each line, or why not. Both backends call
/// this; the server counts the caps once more where the order is written.
pub fn check(
    coupon: &Coupon,
    (uses, email_uses): (u32, u32),
    priced: &crate::pricing::PricedOrder,
    products: &[omiyage_api::Product],
    now: i64,
    gift: bool,
) -> Result<Vec<i64>, Refusal> {
    let lines: Vec<CouponLine> = priced
        .lines
        .iter()
        .map(|l| CouponLine {
            product_id: &l.product_id,
            category: products
                .iter()
                .find(|p| p.id == l.product_id)
                .map_or("", |p| p.category.as_str()),
            amount: l.line_total.amount,
            quantity: l.quantity,
        })
        .collect();
    let shares = discount(coupon, &lines, now, gift)?;
    if coupon.max_uses.is_some_and(|max| uses >= max) {
        return Err(Refusal::UsedUp);
    }
    if coupon.per_email.is_some_and(|max| email_uses >= max) {
        return Err(Refusal::UsedByYou);
    }
    Ok(shares)
}

/// Splits `amount` over `weights` in proportion, in whole units that add up to `amount`
/// exactly (largest remainder; ties to the earlier line). Needs `0 ≤ amount ≤ Σ weights`, so no
/// share exceeds its weight.
pub fn allocate(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if total == 0 || amount <= 0 {
        return vec![0; weights.len()];
    }
    let amount = i128::from(amount).min(total);
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = amount * i128::from((*w).max(0));
        shares.push(exact / total);
        remainders.push((exact % total, i));
    }
    let mut left = amount - shares.iter().sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
        .into_iter()
        .map(|s| i64::try_from(s).unwrap_or(0))
        .collect()
}

/// Puts a coupon's shares on the priced lines and works the totals out again: the subtotal
/// stays what the items cost, shipping is decided on what they cost after the discount (gifts
/// ship free), and the total is what is paid.
pub fn apply(priced: &mut crate::pricing::PricedOrder, shares: &[i64], gift: bool) {
    for (line, share) in priced.lines.iter_mut().zip(shares) {
        line.discount = (*share).clamp(0, line.line_total.amount.max(0));
    }
    let discount: i64 = priced.lines.iter().map(|l| l.discount).sum();
    let after = Money::new(priced.subtotal.amount - discount, priced.subtotal.currency);
    priced.shipping = crate::pricing::shipping_for_order(after, gift);
    priced.total = Money::new(after.amount + priced.shipping.amount, after.currency);
}

/// A coupon the shop gives one person by email (a gift's reward, a birthday): `prefix` and 12
/// characters of `random` (letters and digits, e.g. a UUID's), upper-cased.
pub fn given_code(prefix: &str, random: &str) -> String {
    let tail: String = random
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    format!("{prefix}{tail}")
}

/// A coupon the shop gives: `amount` yen off anything, once, from `now` for `days`.
pub fn given(code: String, amount: i64, now: i64, days: i64) -> Coupon {
    Coupon {
        code,
        kind: omiyage_api::DiscountKind::Fixed,
        value: amount,
        min_spend: 0,
        starts_at: now,
        ends_at: now + days * 86_400,
        product_ids: Vec::new(),
        category_ids: Vec::new(),
        max_uses: Some(1),
        per_email: None,
        promoter_id: None,
        disabled: false,
    }
}

/// What an order's lines paid after their discounts.
pub fn paid(line: &OrderLine) -> Money {
    Money::new(
        line.line_total.amount - line.discount,
        line.line_total.currency,
    )
}

#[cfg(test)]
mod tests;
