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

#[cfg(test)]
mod tests {
    use super::*;

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
