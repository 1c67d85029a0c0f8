//! Long explanations of the diagnostic codes (`kaohe explain CODE`).
//!
//! One Markdown file per code in `docs/codes/`, built into the binary: what the code
//! means, a wrong example and its fix. A test checks that every code has one and that
//! each policy example really produces its code, and its fix checks clean. The Chinese
//! pages are in `docs/codes/zh/`, with the same examples under `## 错误写法` and
//! `## 改正后`; a code without one is explained in English.

use crate::diag::Code;
use crate::i18n::Lang;

/// The headings of the wrong example and its fix in a language's pages.
pub fn example_headings(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => ("Wrong", "Fixed"),
        Lang::Zh => ("错误写法", "改正后"),
    }
}

/// The explanation of a code in `lang`, or in English where `lang` has none yet.
pub fn explanation_in(code: Code, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => chinese(code).unwrap_or_else(|| explanation(code)),
        Lang::En => explanation(code),
    }
}

/// The Chinese explanation of a code, where there is one. Every code has one today; the
/// match names every code, so a new one must say here whether it has a page (`None`
/// until it is written: it is then explained in English).
pub fn chinese(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::Syntax => include_str!("../docs/codes/zh/syntax.md"),
        Code::Undefined => include_str!("../docs/codes/zh/undefined.md"),
        Code::Duplicate => include_str!("../docs/codes/zh/duplicate.md"),
        Code::TypeMismatch => include_str!("../docs/codes/zh/type_mismatch.md"),
        Code::UnitMismatch => include_str!("../docs/codes/zh/unit_mismatch.md"),
        Code::Fullwidth => include_str!("../docs/codes/zh/fullwidth.md"),
        Code::RecordUnknownAgent => include_str!("../docs/codes/zh/record-unknown_agent.md"),
        Code::RecordBadValue => include_str!("../docs/codes/zh/record-bad_value.md"),
        Code::RecordDateOutsideMonth => include_str!("../docs/codes/zh/record-date_outside_month.md"),
        Code::RecordMissingColumn => include_str!("../docs/codes/zh/record-missing_column.md"),
        Code::Hole => include_str!("../docs/codes/zh/hole.md"),
        Code::MissingAttribute => include_str!("../docs/codes/zh/missing_attribute.md"),
        Code::RecordDuplicateAgent => include_str!("../docs/codes/zh/record-duplicate_agent.md"),
        Code::RecordRaggedRow => include_str!("../docs/codes/zh/record-ragged_row.md"),
        Code::RecordUnknownViolation => include_str!("../docs/codes/zh/record-unknown_violation.md"),
        Code::RuntimeDivisionByZero => include_str!("../docs/codes/zh/runtime-division_by_zero.md"),
        Code::Cycle => include_str!("../docs/codes/zh/cycle.md"),
        Code::Scope => include_str!("../docs/codes/zh/scope.md"),
        Code::RecordUnknownTier => include_str!("../docs/codes/zh/record-unknown_tier.md"),
        Code::RecordHiredAfterMonth => include_str!("../docs/codes/zh/record-hired_after_month.md"),
        Code::RecordNotInEffect => include_str!("../docs/codes/zh/record-not_in_effect.md"),
        Code::RecordHole => include_str!("../docs/codes/zh/record-hole.md"),
        Code::RecordUndeclaredColumn => include_str!("../docs/codes/zh/record-undeclared_column.md"),
        Code::RecordChoice => include_str!("../docs/codes/zh/record-choice.md"),
        Code::Choice => include_str!("../docs/codes/zh/choice.md"),
        Code::NonExhaustive => include_str!("../docs/codes/zh/non_exhaustive.md"),
        Code::Unreachable => include_str!("../docs/codes/zh/unreachable.md"),
        Code::Gap => include_str!("../docs/codes/zh/gap.md"),
        Code::Unused => include_str!("../docs/codes/zh/unused.md"),
        Code::TooDeep => include_str!("../docs/codes/zh/too_deep.md"),
        Code::Io => include_str!("../docs/codes/zh/io.md"),
        Code::RecordMalformed => include_str!("../docs/codes/zh/record-malformed.md"),
        Code::RuntimeOverflow => include_str!("../docs/codes/zh/runtime-overflow.md"),
        Code::TestFailed => include_str!("../docs/codes/zh/test-failed.md"),
        Code::SnapshotMalformed => include_str!("../docs/codes/zh/snapshot-malformed.md"),
        Code::SnapshotInputsChanged => include_str!("../docs/codes/zh/snapshot-inputs_changed.md"),
        Code::LedgerClosed => include_str!("../docs/codes/zh/ledger-closed.md"),
        Code::LedgerInvalid => include_str!("../docs/codes/zh/ledger-invalid.md"),
        Code::LedgerMismatch => include_str!("../docs/codes/zh/ledger-mismatch.md"),
        Code::LedgerOrder => include_str!("../docs/codes/zh/ledger-order.md"),
        Code::LedgerGap => include_str!("../docs/codes/zh/ledger-gap.md"),
        Code::Internal => include_str!("../docs/codes/zh/internal.md"),
        Code::Confusable => include_str!("../docs/codes/zh/confusable.md"),
        Code::Bidi => include_str!("../docs/codes/zh/bidi.md"),
        Code::RuntimeEmpty => include_str!("../docs/codes/zh/runtime-empty.md"),
        Code::RuntimeNegativeCap => include_str!("../docs/codes/zh/runtime-negative_cap.md"),
    })
}

/// The explanation of a code, as Markdown.
pub fn explanation(code: Code) -> &'static str {
    match code {
        Code::Syntax => include_str!("../docs/codes/syntax.md"),
        Code::Undefined => include_str!("../docs/codes/undefined.md"),
        Code::Duplicate => include_str!("../docs/codes/duplicate.md"),
        Code::TypeMismatch => include_str!("../docs/codes/type_mismatch.md"),
        Code::UnitMismatch => include_str!("../docs/codes/unit_mismatch.md"),
        Code::MissingAttribute => include_str!("../docs/codes/missing_attribute.md"),
        Code::Cycle => include_str!("../docs/codes/cycle.md"),
        Code::Hole => include_str!("../docs/codes/hole.md"),
        Code::NonExhaustive => include_str!("../docs/codes/non_exhaustive.md"),
        Code::Fullwidth => include_str!("../docs/codes/fullwidth.md"),
        Code::Scope => include_str!("../docs/codes/scope.md"),
        Code::Unreachable => include_str!("../docs/codes/unreachable.md"),
        Code::Gap => include_str!("../docs/codes/gap.md"),
        Code::Unused => include_str!("../docs/codes/unused.md"),
        Code::TooDeep => include_str!("../docs/codes/too_deep.md"),
        Code::Io => include_str!("../docs/codes/io.md"),
        Code::RecordUnknownAgent => include_str!("../docs/codes/record-unknown_agent.md"),
        Code::RecordUnknownViolation => include_str!("../docs/codes/record-unknown_violation.md"),
        Code::RecordUnknownTier => include_str!("../docs/codes/record-unknown_tier.md"),
        Code::RecordDuplicateAgent => include_str!("../docs/codes/record-duplicate_agent.md"),
        Code::RecordDateOutsideMonth => include_str!("../docs/codes/record-date_outside_month.md"),
        Code::RecordBadValue => include_str!("../docs/codes/record-bad_value.md"),
        Code::RecordMissingColumn => include_str!("../docs/codes/record-missing_column.md"),
        Code::RecordRaggedRow => include_str!("../docs/codes/record-ragged_row.md"),
        Code::RecordHiredAfterMonth => include_str!("../docs/codes/record-hired_after_month.md"),
        Code::RecordNotInEffect => include_str!("../docs/codes/record-not_in_effect.md"),
        Code::RecordHole => include_str!("../docs/codes/record-hole.md"),
        Code::RecordUndeclaredColumn => include_str!("../docs/codes/record-undeclared_column.md"),
        Code::RecordMalformed => include_str!("../docs/codes/record-malformed.md"),
        Code::RuntimeOverflow => include_str!("../docs/codes/runtime-overflow.md"),
        Code::RuntimeDivisionByZero => include_str!("../docs/codes/runtime-division_by_zero.md"),
        Code::TestFailed => include_str!("../docs/codes/test-failed.md"),
        Code::SnapshotMalformed => include_str!("../docs/codes/snapshot-malformed.md"),
        Code::SnapshotInputsChanged => include_str!("../docs/codes/snapshot-inputs_changed.md"),
        Code::LedgerClosed => include_str!("../docs/codes/ledger-closed.md"),
        Code::LedgerInvalid => include_str!("../docs/codes/ledger-invalid.md"),
        Code::LedgerMismatch => include_str!("../docs/codes/ledger-mismatch.md"),
        Code::LedgerOrder => include_str!("../docs/codes/ledger-order.md"),
        Code::LedgerGap => include_str!("../docs/codes/ledger-gap.md"),
        Code::Internal => include_str!("../docs/codes/internal.md"),
        Code::Confusable => include_str!("../docs/codes/confusable.md"),
        Code::Bidi => include_str!("../docs/codes/bidi.md"),
        Code::RuntimeEmpty => include_str!("../docs/codes/runtime-empty.md"),
        Code::RuntimeNegativeCap => include_str!("../docs/codes/runtime-negative_cap.md"),
        Code::Choice => include_str!("../docs/codes/choice.md"),
        Code::RecordChoice => include_str!("../docs/codes/record-choice.md"),
    }
}
