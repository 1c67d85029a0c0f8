//! Money: whole cents, rounded half away from zero.
//!
//! Every operation whose result is money rounds at once (contract v1 §3), so the rule
//! lives here, below everything that computes or reads money: literals in the checker,
//! record cells, the evaluator and the reports.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds money to whole cents, half away from zero.
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Money with exactly two decimals.
pub fn money_text(n: Decimal) -> String {
    let mut c = cents(n);
    c.rescale(2);
    c.to_string()
}

/// Appends [`money_text`]`(n)` to `out`, without the string: the reports write a
/// million figures a month. Falls back to [`money_text`] where its text is not plain
/// digits with two decimals (a negative zero, a figure too long to take two decimals).
pub fn push_money(out: &mut Vec<u8>, n: Decimal) {
    // Most amounts in a report are zero (nothing withheld, no fine).
    if n.is_zero() && n.is_sign_positive() {
        out.extend_from_slice(b"0.00");
        return;
    }
    let c = if n.scale() <= 2 { n } else { cents(n) };
    let m = c.mantissa();
    // Below 2^96 / 100, the mantissa takes two decimals without leaving rust_decimal's range.
    const ROOM: u128 = (1 << 96) / 100;
    if (m == 0 && c.is_sign_negative()) || m.unsigned_abs() >= ROOM || c.scale() > 2 {
        out.extend_from_slice(money_text(n).as_bytes());
        return;
    }
    push_fixed(out, m * 10i128.pow(2 - c.scale()), 2);
}

/// Appends `n.normalize()`'s text (points, counts, plain numbers: no trailing zeros) to
/// `out`, without the string. A negative zero takes rust_decimal's own way.
pub fn push_normalized(out: &mut Vec<u8>, n: Decimal) {
    if n.is_zero() && n.is_sign_positive() {
        out.push(b'0');
        return;
    }
    let (mut m, mut scale) = (n.mantissa(), n.scale());
    if m == 0 && n.is_sign_negative() {
        out.extend_from_slice(n.normalize().to_string().as_bytes());
        return;
    }
    if m == 0 {
        scale = 0;
    }
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    push_fixed(out, m, scale);
}

/// `m` × 10^-`scale` in plain decimal notation, as rust_decimal displays it.
fn push_fixed(out: &mut Vec<u8>, m: i128, scale: u32) {
    if m < 0 {
        out.push(b'-');
    }
    let mut digits = itoa::Buffer::new();
    let abs = m.unsigned_abs();
    // Dividing a u128 is slow; nearly every figure fits a u64.
    let digits = match u64::try_from(abs) {
        Ok(small) => digits.format(small),
        Err(_) => digits.format(abs),
    }
    .as_bytes();
    let scale = scale as usize;
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (whole, part) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(part);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figures of every shape: zeros and negative zeros of several scales, halves at the
    /// third decimal, a figure too long for two decimals, rust_decimal's extremes.
    fn figures() -> Vec<Decimal> {
        let mut all = vec![Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::new(-1, 28)];
        for scale in 0..=28 {
            for m in [
                0i64,
                1,
                -1,
                5,
                -5,
                10,
                100,
                -100,
                12345,
                -12345,
                250005,
                -250005,
                2500049,
                999999999,
                i64::MAX,
                i64::MIN,
            ] {
                all.push(Decimal::new(m, scale));
            }
            let mut negative_zero = Decimal::new(0, scale);
            negative_zero.set_sign_negative(true);
            all.push(negative_zero);
            all.push(Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335 / 100, scale));
            all.push(Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335 / 100 - 1, scale));
            all.push(Decimal::from_i128_with_scale(-79_228_162_514_264_337_593_543_950_335 / 7, scale));
        }
        all
    }

    #[test]
    fn pushed_figures_are_the_displayed_ones() {
        for n in figures() {
            let mut money = b"x".to_vec();
            push_money(&mut money, n);
            assert_eq!(std::str::from_utf8(&money[1..]), Ok(money_text(n).as_str()), "{n:?} as money");
            let mut plain = Vec::new();
            push_normalized(&mut plain, n);
            assert_eq!(String::from_utf8(plain), Ok(n.normalize().to_string()), "{n:?} normalized");
        }
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(cents(Decimal::new(250005, 3)).to_string(), "250.01");
        assert_eq!(cents(Decimal::new(-250005, 3)).to_string(), "-250.01");
        assert_eq!(cents(Decimal::new(2500049, 4)).to_string(), "250.00");
    }

    #[test]
    fn money_text_has_two_decimals() {
        assert_eq!(money_text(Decimal::new(3400, 0)), "3400.00");
        assert_eq!(money_text(Decimal::new(12345, 3)), "12.35");
    }
}
