//! Types and units.
//!
//! A quantity's type is its [`Dim`]: the exponents of the five base measures (money,
//! points, duration, period, days). `number` is the dimensionless quantity, `元/分` is
//! money¹·points⁻¹, and `*` and `/` add and subtract exponents, so unit algebra is plain
//! vector arithmetic. Values are held in each measure's base unit (元, 分, minute, month,
//! day); `小时` and `年` are converted when a literal is read.

use std::fmt;

use crate::syntax::ast::UnitWord;
use crate::syntax::unit_names::UnitName;

/// Exponents of money, points, duration, period and days, and of up to two declared
/// units (`公里`, each by its interned name): `元/公里` is money¹·公里⁻¹.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dim {
    base: [i8; 5],
    /// Declared units with a non-zero exponent, by name, unused slots last (exponent 0).
    named: [(u32, i8); NAMED],
    /// A product of more declared units than a type holds: equal to nothing else.
    too_many: bool,
}

/// How many different declared units one type may combine.
const NAMED: usize = 2;

const MEASURES: [&str; 5] = ["money", "points", "duration", "period", "days"];
const BASE_UNITS: [&str; 5] = ["元", "分", "minutes", "months", "days"];

impl Dim {
    const fn of_base(base: [i8; 5]) -> Dim {
        Dim { base, named: [(0, 0); NAMED], too_many: false }
    }

    pub const NUMBER: Dim = Dim::of_base([0; 5]);
    pub const MONEY: Dim = Dim::of_base([1, 0, 0, 0, 0]);
    pub const POINTS: Dim = Dim::of_base([0, 1, 0, 0, 0]);
    pub const DURATION: Dim = Dim::of_base([0, 0, 1, 0, 0]);
    pub const PERIOD: Dim = Dim::of_base([0, 0, 0, 1, 0]);
    pub const DAYS: Dim = Dim::of_base([0, 0, 0, 0, 1]);

    /// The type of a declared unit, named by its first spelling.
    pub fn declared(name: UnitName) -> Dim {
        let mut d = Dim::NUMBER;
        d.named[0] = (name.0, 1);
        d
    }

    /// The declared unit this is, when it is exactly one (`公里`, not `元/公里`).
    pub fn as_declared(self) -> Option<UnitName> {
        match (self.base, self.named, self.too_many) {
            ([0, 0, 0, 0, 0], [(n, 1), (_, 0)], false) => Some(UnitName(n)),
            _ => None,
        }
    }

    /// The dimension of a built-in unit word; a declared one is resolved by the checker.
    pub fn of_word(word: UnitWord) -> Dim {
        match word {
            UnitWord::Yuan => Dim::MONEY,
            UnitWord::Point => Dim::POINTS,
            UnitWord::Minute | UnitWord::Hour => Dim::DURATION,
            UnitWord::Month | UnitWord::Year => Dim::PERIOD,
            UnitWord::Day => Dim::DAYS,
            UnitWord::Named(n) => Dim::declared(n),
        }
    }

    /// The dimension of a product.
    pub fn times(self, other: Dim) -> Dim {
        self.combine(other, 1)
    }

    /// The dimension of a quotient.
    pub fn per(self, other: Dim) -> Dim {
        self.combine(other, -1)
    }

    fn combine(self, other: Dim, sign: i8) -> Dim {
        let mut out = self;
        for (o, b) in out.base.iter_mut().zip(other.base) {
            *o = o.saturating_add(b.saturating_mul(sign));
        }
        let mut named: Vec<(u32, i8)> = self.named.iter().copied().filter(|n| n.1 != 0).collect();
        for (name, exp) in other.named.iter().copied().filter(|n| n.1 != 0) {
            match named.iter_mut().find(|n| n.0 == name) {
                Some(n) => n.1 = n.1.saturating_add(exp.saturating_mul(sign)),
                None => named.push((name, exp.saturating_mul(sign))),
            }
        }
        named.retain(|n| n.1 != 0);
        named.sort_unstable();
        out.too_many = self.too_many || other.too_many || named.len() > NAMED;
        out.named = [(0, 0); NAMED];
        for (slot, n) in out.named.iter_mut().zip(named) {
            *slot = n;
        }
        out
    }

    /// The base unit a value of this dimension is written in, for messages (`元/分`).
    pub fn base_unit(self) -> String {
        // One base unit to the first power, or none: what nearly every value shown has.
        if !self.too_many && self.named.iter().all(|n| n.1 == 0) {
            let mut used = self.base.iter().enumerate().filter(|(_, e)| **e != 0);
            match (used.next(), used.next()) {
                (None, _) => return "number".to_string(),
                (Some((i, &1)), None) => {
                    if let Some(name) = BASE_UNITS.get(i) {
                        return (*name).to_string();
                    }
                }
                _ => {}
            }
        }
        self.render(&BASE_UNITS, "number")
    }

    /// The unit as a message names it: `money/points` in English, `金额/分数` in Chinese.
    pub fn shown(self) -> String {
        match crate::i18n::current() {
            crate::i18n::Lang::En => self.to_string(),
            crate::i18n::Lang::Zh => self.render(&MEASURES.map(chinese_type_word), chinese_type_word("number")),
        }
    }

    fn render(self, names: &[&str; 5], number: &str) -> String {
        if self.too_many {
            return "a product of more than two declared units".into();
        }
        let mut num = Vec::new();
        let mut den = Vec::new();
        let named = self.named.iter().filter(|n| n.1 != 0).map(|&(n, e)| (UnitName(n).text(), e));
        let base = self.base.iter().enumerate().map(|(i, e)| (names.get(i).copied().unwrap_or("?").to_string(), *e));
        for (name, e) in base.chain(named) {
            let part = |n: i8| if n == 1 { name.clone() } else { format!("{name}^{n}") };
            match e.cmp(&0) {
                std::cmp::Ordering::Greater => num.push(part(e)),
                std::cmp::Ordering::Less => den.push(part(e.saturating_neg())),
                std::cmp::Ordering::Equal => {}
            }
        }
        let num = if num.is_empty() { number.to_string() } else { num.join("·") };
        if den.is_empty() {
            num
        } else {
            format!("{num}/{}", den.join("·"))
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&MEASURES, "number"))
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

/// The Chinese dialect's word for an English type name (`money` → `金额`).
fn chinese_type_word(english: &'static str) -> &'static str {
    use crate::syntax::keywords::Keyword;
    use crate::syntax::keywords::{word_in, Dialect, Place};
    word_in(english, Some(Place::Type), Dialect::Chinese)
        .or_else(|| Keyword::in_dialect(english, Dialect::English).map(|k| k.spelling_in(Dialect::Chinese)))
        .unwrap_or(english)
}

impl Type {
    /// The type as a message names it, in the language of messages: `money`, `a choice
    /// of text` in English; `金额`, `选项文本` in Chinese (the Chinese dialect's words).
    /// [`Type`]'s `Display` is the stable English name, which files and ledgers store.
    pub fn shown(self) -> String {
        if crate::i18n::current() == crate::i18n::Lang::En {
            return self.to_string();
        }
        match self {
            Type::Quantity(d) => d.shown(),
            Type::Date => chinese_type_word("date").to_string(),
            Type::Bool => chinese_type_word("bool").to_string(),
            Type::Text => chinese_type_word("text").to_string(),
            Type::Tier => crate::syntax::keywords::Keyword::Tier
                .spelling_in(crate::syntax::keywords::Dialect::Chinese)
                .to_string(),
            Type::Severity => "违规程度".to_string(),
            Type::Violation => "违规项".to_string(),
            Type::Choice(_) => "选项文本".to_string(),
            Type::Unknown => "未知".to_string(),
        }
    }
}

impl Type {
    /// [`Type::NAMES`] as a message names them (`金额`, `分数` … in Chinese).
    pub fn names_shown() -> Vec<&'static str> {
        match crate::i18n::current() {
            crate::i18n::Lang::En => Type::NAMES.to_vec(),
            crate::i18n::Lang::Zh => Type::NAMES.iter().map(|n| chinese_type_word(n)).collect(),
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

    #[test]
    fn the_base_unit_of_one_unit_is_the_unit_rendered() {
        let exponents = [-2i8, -1, 0, 1, 2];
        for a in exponents {
            for b in exponents {
                for c in exponents {
                    let dim = Dim::of_base([a, b, c, 0, 0]);
                    assert_eq!(dim.base_unit(), dim.render(&BASE_UNITS, "number"), "{:?}", [a, b, c]);
                }
            }
        }
        assert_eq!(Dim::of_base([0, 0, 0, 1, 0]).base_unit(), "months");
        assert_eq!(Dim::NUMBER.base_unit(), "number");
    }
}
