//! One cell → one typed value.
//!
//! The spellings finance exports use (contract section 6): dates `2024-10-05`,
//! `2024/10/5`, `2024年10月5日`; money `1,280.00`, `¥1,280.00`, `1280元`; quantities with
//! their unit (`45 minutes`, `1.5小时`) or bare in the unit of the field's default;
//! booleans `true/false`, `是/否`, `yes/no`, `1/0`. Numbers are parsed as exact decimals;
//! money is rounded to whole cents at once.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::program::{FieldDef, Program, UnitDef, Value};
use crate::check::types::{Dim, Type};
use crate::diag::{closest, Code, Diagnostic};
use crate::money::cents;
use crate::source::Span;
use crate::syntax::ast::UnitWord;

/// Types one cell. `span` locates the cell, and is only called to report a problem.
pub fn typed(program: &Program, field: &FieldDef, text: &str, span: &dyn Fn() -> Span) -> Result<Value, Diagnostic> {
    // Full-width digits and signs (`１２８０．００`, `２０２４－１０－０５`) read as their ASCII
    // twins in cells of numbers, quantities, dates and yes/no (names and text are as written).
    let half: String;
    let text = if matches!(field.ty, Type::Quantity(_) | Type::Date | Type::Bool) && text.chars().any(is_full_width) {
        half = text
            .chars()
            .map(|c| if is_full_width(c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
            .collect();
        half.as_str()
    } else {
        text
    };
    let bad = |expected: String, help: String| {
        Diagnostic::error(
            Code::RecordBadValue,
            tr!("record-bad-value", field = &field.name, expected = &expected, text = text),
        )
        .at(&span(), tr!("record-bad-value-label", expected = &expected))
        .with_help(help)
    };
    match field.ty {
        Type::Text | Type::Unknown => Ok(Value::Text(text.into())),
        Type::Choice(i) => {
            let values = program.choices.get(usize::from(i)).map_or(&[][..], Vec::as_slice);
            match values.iter().find(|v| v.as_str() == text) {
                Some(v) => Ok(Value::Text(v.as_str().into())),
                None => {
                    let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    let listed = listed.join(", ");
                    let d =
                        Diagnostic::error(Code::RecordChoice, tr!("record-choice", field = &field.name, text = text))
                            .at(&span(), tr!("record-choice-label", values = &listed));
                    Err(match closest(text, values.iter().map(String::as_str)) {
                        Some(s) => d.with_help(tr!("did-you-mean", name = s)),
                        None => d.with_help(tr!("record-choice-help", field = &field.name, values = &listed)),
                    })
                }
            }
        }
        Type::Bool => parse_bool(text)
            .map(Value::Bool)
            .ok_or_else(|| bad(tr!("record-expected-bool"), tr!("record-expected-bool-help"))),
        Type::Date => parse_date(text)
            .map(Value::Date)
            .ok_or_else(|| bad(tr!("record-expected-date"), tr!("record-expected-date-help"))),
        Type::Tier => lookup(text, program.tiers.iter().map(|t| t.name.as_str())).map(Value::Tier).ok_or_else(|| {
            let names = program.tiers.iter().map(|t| t.name.as_str());
            unknown(text, &span(), Code::RecordUnknownTier, tr!("record-noun-tier"), names, None)
        }),
        Type::Severity => lookup(text, program.severities.iter().map(|s| s.name.as_str()))
            .map(Value::Severity)
            .ok_or_else(|| bad(tr!("record-expected-severity"), tr!("record-expected-severity-help"))),
        Type::Violation => {
            lookup(text, program.violations.iter().map(|v| v.name.as_str())).map(Value::Violation).ok_or_else(|| {
                let escalation = program.escalations.iter().any(|e| e.name == text);
                let note = escalation.then(|| tr!("record-escalation-as-incident", name = text));
                let names = program.violations.iter().map(|v| v.name.as_str());
                unknown(text, &span(), Code::RecordUnknownViolation, tr!("record-noun-violation"), names, note)
            })
        }
        Type::Quantity(dim) => {
            let n = quantity(&program.units, text, dim, field).map_err(|why| {
                let expected = describe(dim);
                Diagnostic::error(
                    Code::RecordBadValue,
                    tr!("record-bad-value", field = &field.name, expected = &expected, text = text),
                )
                .at(&span(), tr!("record-bad-value-label", expected = &expected))
                .with_help(why)
            })?;
            // A negative cost or time would raise pay where it should lower it.
            if n.is_sign_negative() && !n.is_zero() && dim != Dim::NUMBER && !field.signed {
                return Err(Diagnostic::error(
                    Code::RecordBadValue,
                    tr!("record-negative", field = &field.name, text = text),
                )
                .at(&span(), tr!("record-negative-label"))
                .with_help(tr!("record-negative-help", field = &field.name)));
            }
            Ok(Value::Num(n))
        }
    }
}

fn describe(dim: Dim) -> String {
    match dim {
        Dim::MONEY => tr!("record-expected-money"),
        Dim::POINTS => tr!("record-expected-points"),
        Dim::DURATION => tr!("record-expected-duration"),
        Dim::PERIOD => tr!("record-expected-period"),
        Dim::DAYS => tr!("record-expected-days"),
        Dim::NUMBER => tr!("record-expected-number"),
        d => tr!("record-expected-quantity", unit = d.base_unit().to_string()),
    }
}

fn unknown<'a>(
    text: &str,
    span: &Span,
    code: Code,
    what: String,
    names: impl Iterator<Item = &'a str> + Clone,
    note: Option<String>,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, tr!("record-unknown-name", what = &what, text = text))
        .at(span, tr!("record-unknown-name-label", what = &what));
    let listed: Vec<String> = names.clone().map(|n| format!("`{n}`")).collect();
    d = match (note, closest(text, names)) {
        (Some(n), _) => d.with_help(n),
        (None, Some(s)) => d.with_help(tr!("did-you-mean", name = s)),
        (None, None) => d.with_help(tr!("record-unknown-name-help", what = &what, names = listed.join(", "))),
    };
    d
}

fn lookup<'a>(text: &str, mut names: impl Iterator<Item = &'a str>) -> Option<usize> {
    names.position(|n| n == text)
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "是" | "yes" | "1" | "y" | "t" => Some(true),
        "false" | "否" | "no" | "0" | "n" | "f" => Some(false),
        _ => None,
    }
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    // The common case, `2024-10-05`, without splitting.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = text.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(|b| b.is_ascii_digit()) {
            let n = |bs: &[&u8]| bs.iter().fold(0u32, |acc, b| acc * 10 + u32::from(**b - b'0'));
            let year = i32::try_from(n(&[y1, y2, y3, y4])).ok()?;
            return NaiveDate::from_ymd_opt(year, n(&[m1, m2]), n(&[d1, d2]));
        }
    }
    // Spreadsheets may add a time of day: `2024/10/5 0:00`.
    let mut words = text.split_whitespace();
    let text = words.next()?;
    let time_ok = |t: &str| {
        t.split(':').count() >= 2 && t.split(':').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    if !words.all(time_ok) {
        return None;
    }
    let text = text.trim_end_matches('日');
    let parts: Vec<&str> = text.split(['-', '/', '年', '月', '.']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4 || m.is_empty() || d.is_empty() || m.len() > 2 || d.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A quantity cell in the field's dimension, in base units.
fn quantity(units: &[UnitDef], text: &str, dim: Dim, field: &FieldDef) -> Result<Decimal, String> {
    let mut t = text.trim();
    if dim == Dim::MONEY {
        t = t.trim_start_matches(['¥', '￥']).trim_start();
    }
    // Split the number from a unit written after it.
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '_' | 'e' | 'E')))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = (t.get(..end).unwrap_or(""), t.get(end..).unwrap_or("").trim());
    let number: String = number.chars().filter(|c| *c != ',' && *c != '_').collect();
    let mut n =
        Decimal::from_str(&number).or_else(|_| Decimal::from_scientific(&number)).map_err(|_| match examples(dim) {
            Some(e) => tr!("record-write-number-unit", examples = e),
            None => tr!("record-write-number"),
        })?;
    let factor = if unit == "%" && dim == Dim::NUMBER {
        n = n.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| tr!("record-number-too-large"))?;
        1
    } else if unit.is_empty() {
        match field.bare_unit {
            Some(u) => u.factor(),
            None if matches!(dim, Dim::DURATION | Dim::PERIOD | Dim::DAYS) => {
                let unit = match dim {
                    Dim::DURATION => "minutes",
                    Dim::PERIOD => "months",
                    _ => "days",
                };
                return Err(tr!("record-no-default-unit", number = &number, unit = unit));
            }
            None => 1,
        }
    } else if let Some(declared) = dim.as_declared() {
        // A declared unit, in any of its spellings: `5.5km`, `5.5 千米`.
        let name = declared.text();
        let def = units.iter().find(|u| u.name == name);
        match def {
            Some(u) if u.spellings.iter().any(|s| s == unit) => 1,
            _ => {
                let spellings = def.map(|u| u.spellings.join("`, `")).unwrap_or(name);
                return Err(tr!("record-not-a-spelling", unit = unit, spellings = spellings));
            }
        }
    } else {
        match UnitWord::parse(unit) {
            Some(u) if Dim::of_word(u) == dim => u.factor(),
            Some(_) | None => {
                let e = examples(dim).map(|e| tr!("record-write-eg", examples = e)).unwrap_or_default();
                return Err(tr!("record-not-a-unit-of", unit = unit, expected = describe(dim), examples = e));
            }
        }
    };
    let v = n.checked_mul(Decimal::from(factor)).ok_or_else(|| tr!("record-number-too-large"))?;
    Ok(if dim == Dim::MONEY { cents(v) } else { v })
}

/// Examples of a quantity cell in a dimension, for help texts.
fn examples(dim: Dim) -> Option<&'static str> {
    Some(match dim {
        Dim::MONEY => "`1280.00`, `¥1,280.00` or `1280元`",
        Dim::POINTS => "`3` or `3分`",
        Dim::DURATION => "`45 minutes` or `1.5小时`",
        Dim::PERIOD => "`3 months` or `1年`",
        Dim::DAYS => "`30 days` or `30天`",
        _ => return None,
    })
}

/// A full-width ASCII character (U+FF01–U+FF5E): a digit, a letter or a sign.
fn is_full_width(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_spelling() {
        let want = NaiveDate::from_ymd_opt(2024, 10, 5);
        for s in ["2024-10-05", "2024/10/5", "2024年10月5日", "2024/10/5 0:00"] {
            assert_eq!(parse_date(s), want, "{s}");
        }
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("10/5/2024"), None);
        assert_eq!(parse_date("2024/10/5 13:45"), want);
        assert_eq!(parse_date("2024/10/5 garbage"), None);
    }

    #[test]
    fn bools() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool("NO"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }

    fn field(dim: Dim, bare: Option<UnitWord>) -> FieldDef {
        FieldDef {
            name: "x".into(),
            ty: Type::Quantity(dim),
            default: None,
            bare_unit: bare,
            doc: String::new(),
            builtin: false,
            signed: false,
            columns: vec!["x".into()],
        }
    }

    #[test]
    fn money_cells() {
        let f = field(Dim::MONEY, None);
        for s in ["1280.35", "1,280.35", "¥1,280.35", "1280.35元", "￥1280.35 元"] {
            assert_eq!(quantity(&[], s, Dim::MONEY, &f).map(|d| d.to_string()), Ok("1280.35".to_string()), "{s}");
        }
        assert_eq!(quantity(&[], "0.005", Dim::MONEY, &f).map(|d| d.to_string()), Ok("0.01".to_string()));
    }

    #[test]
    fn durations_need_a_unit_or_a_default_unit() {
        assert!(quantity(&[], "30", Dim::DURATION, &field(Dim::DURATION, None)).is_err());
        let hours = field(Dim::DURATION, Some(UnitWord::Hour));
        assert_eq!(
            quantity(&[], "2.5", Dim::DURATION, &hours).map(|d| d.normalize().to_string()),
            Ok("150".to_string())
        );
        assert_eq!(
            quantity(&[], "1.5小时", Dim::DURATION, &hours).map(|d| d.normalize().to_string()),
            Ok("90".to_string())
        );
        assert_eq!(
            quantity(&[], "45 minutes", Dim::DURATION, &hours).map(|d| d.normalize().to_string()),
            Ok("45".to_string())
        );
        assert!(quantity(&[], "45 元", Dim::DURATION, &hours).is_err());
    }
}
