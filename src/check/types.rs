//! Types and units.
//!
//! A quantity's type is its [`Dim`]: the exponents of the five base measures (money,
//! points, duration, period, days). `number` is the dimensionless quantity, `元/分` is
//! money¹·points⁻¹, and `*` and `/` add and subtract exponents, so unit algebra is plain
//! vector arithmetic. Values are held in each measure's base unit (元, 分, minute, month,
//! day); `小时` and `年` are converted when a literal is read.

use std::fmt;

use crate::syntax::ast::{Unit, UnitWord};

/// Exponents of money, points, duration, period and days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dim(pub [i8; 5]);

const MEASURES: [&str; 5] = ["money", "points", "duration", "period", "days"];
const BASE_UNITS: [&str; 5] = ["元", "分", "minutes", "months", "days"];

impl Dim {
    pub const NUMBER: Dim = Dim([0; 5]);
    pub const MONEY: Dim = Dim([1, 0, 0, 0, 0]);
    pub const POINTS: Dim = Dim([0, 1, 0, 0, 0]);
    pub const DURATION: Dim = Dim([0, 0, 1, 0, 0]);
    pub const PERIOD: Dim = Dim([0, 0, 0, 1, 0]);
    pub const DAYS: Dim = Dim([0, 0, 0, 0, 1]);

    pub fn of_word(word: UnitWord) -> Dim {
        match word {
            UnitWord::Yuan => Dim::MONEY,
            UnitWord::Point => Dim::POINTS,
            UnitWord::Minute | UnitWord::Hour => Dim::DURATION,
            UnitWord::Month | UnitWord::Year => Dim::PERIOD,
            UnitWord::Day => Dim::DAYS,
        }
    }

    pub fn of_unit(unit: &Unit) -> Dim {
        let num = Dim::of_word(unit.num);
        match unit.den {
            Some(den) => num.per(Dim::of_word(den)),
            None => num,
        }
    }

    /// The dimension of a product.
    pub fn times(self, other: Dim) -> Dim {
        let mut out = self.0;
        for (o, b) in out.iter_mut().zip(other.0) {
            *o = o.saturating_add(b);
        }
        Dim(out)
    }

    /// The dimension of a quotient.
    pub fn per(self, other: Dim) -> Dim {
        let mut out = self.0;
        for (o, b) in out.iter_mut().zip(other.0) {
            *o = o.saturating_sub(b);
        }
        Dim(out)
    }

    /// The base unit a value of this dimension is written in, for messages (`元/分`).
    pub fn base_unit(self) -> String {
        self.render(&BASE_UNITS, "")
    }

    fn render(self, names: &[&str; 5], unit_sep: &str) -> String {
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, e) in self.0.iter().enumerate() {
            let name = names.get(i).copied().unwrap_or("?");
            let part = |n: i8| if n == 1 { name.to_string() } else { format!("{name}^{n}") };
            match e.cmp(&0) {
                std::cmp::Ordering::Greater => num.push(part(*e)),
                std::cmp::Ordering::Less => den.push(part(-e)),
                std::cmp::Ordering::Equal => {}
            }
        }
        let num = if num.is_empty() { "number".to_string() } else { num.join(&format!("{unit_sep}·")) };
        if den.is_empty() {
            num
        } else {
            format!("{num}/{}", den.join("·"))
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&MEASURES, ""))
    }
}

/// The type of an expression or a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Quantity(Dim),
    Date,
    Bool,
    Text,
    Tier,
    Severity,
    Violation,
    /// Text limited to a list of values (`one of ("重大", "一般")`): an index into
    /// `Program::choices`. Lists with the same values, in any order, are one type.
    Choice(u16),
    /// A hole without a unit, or an expression whose type is already in error: fits
    /// anywhere, so one mistake is reported once.
    Unknown,
}

impl Type {
    pub const NUMBER: Type = Type::Quantity(Dim::NUMBER);
    pub const MONEY: Type = Type::Quantity(Dim::MONEY);
    pub const POINTS: Type = Type::Quantity(Dim::POINTS);
    pub const DURATION: Type = Type::Quantity(Dim::DURATION);
    pub const PERIOD: Type = Type::Quantity(Dim::PERIOD);
    pub const DAYS: Type = Type::Quantity(Dim::DAYS);

    /// The type names a field, a parameter or a table may be declared with.
    pub const NAMES: [&'static str; 12] = [
        "money",
        "points",
        "duration",
        "period",
        "days",
        "number",
        "date",
        "bool",
        "text",
        "tier",
        "severity",
        "violation",
    ];

    pub fn from_name(name: &str) -> Option<Type> {
        Some(match name {
            "money" => Type::MONEY,
            "points" => Type::POINTS,
            "duration" => Type::DURATION,
            "period" => Type::PERIOD,
            "days" => Type::DAYS,
            "number" => Type::NUMBER,
            "date" => Type::Date,
            "bool" => Type::Bool,
            "text" => Type::Text,
            "tier" => Type::Tier,
            "severity" => Type::Severity,
            "violation" => Type::Violation,
            _ => return None,
        })
    }

    pub fn is_quantity(self) -> bool {
        matches!(self, Type::Quantity(_) | Type::Unknown)
    }

    pub fn is_money(self) -> bool {
        self == Type::MONEY
    }

    /// Whether a value of type `self` fits where `other` is wanted.
    pub fn fits(self, other: Type) -> bool {
        self == other || self == Type::Unknown || other == Type::Unknown
    }

    /// The more precise of two fitting types.
    pub fn join(self, other: Type) -> Type {
        if self == Type::Unknown {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Quantity(d) => write!(f, "{d}"),
            Type::Date => f.write_str("date"),
            Type::Bool => f.write_str("bool"),
            Type::Text => f.write_str("text"),
            Type::Tier => f.write_str("tier"),
            Type::Severity => f.write_str("severity"),
            Type::Violation => f.write_str("violation"),
            Type::Choice(_) => f.write_str("a choice of text"),
            Type::Unknown => f.write_str("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_quotients() {
        let rate = Dim::MONEY.per(Dim::POINTS);
        assert_eq!(rate.to_string(), "money/points");
        assert_eq!(rate.times(Dim::POINTS), Dim::MONEY);
        assert_eq!(Dim::MONEY.per(Dim::MONEY), Dim::NUMBER);
        assert_eq!(rate.base_unit(), "元/分");
        assert_eq!(Type::NUMBER.to_string(), "number");
    }
}
