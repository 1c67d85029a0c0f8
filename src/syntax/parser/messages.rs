//! The wording of grammar errors.
//!
//! pest reports a position and the rules it tried there. [`grammar_error`] turns that
//! into a message a policy author can act on: what was expected, in the words of the
//! language (rule names through [`rule_name`], keywords through the keyword table), what
//! was found, and a help line. Mistakes authors make often get a message of their own
//! ([`known_mistake`]).

use std::sync::Arc;

use super::keyword_of;
use crate::diag::{Code, Diagnostic};
use crate::i18n::Lang;
use crate::source::{Source, Span};
use crate::syntax::grammar::Rule;
use crate::syntax::keywords::{is_reserved, Keyword};

/// The diagnostic for pest's error on `text` (the laid-out text, or one declaration of it
/// with the rest blanked).
pub(super) fn grammar_error(source: &Arc<Source>, text: &str, err: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // What was found, as the author wrote it (the grammar's copy may hold marks).
    let found = describe_found(source.text(), pos);
    let end = pos + found.1;
    let span = Span::new(source, pos, end);
    let expected = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_list(positives, Lang::En),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let shown_expected = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_list(positives, crate::i18n::current()),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let shown_found = match found.0.as_str() {
        "end of file" => tr!("syntax-rule-eoi"),
        "end of line" => tr!("syntax-end-of-line"),
        other => other.to_string(),
    };
    let message = if expected.is_empty() {
        tr!("syntax-unexpected", found = &shown_found)
    } else {
        tr!("syntax-expected-found", expected = shown_expected, found = &shown_found)
    };
    if let Some(d) = known_mistake(source, text, pos, &found.0, &expected) {
        return d;
    }
    let mut d = Diagnostic::error(Code::Syntax, message).at(&span, tr!("syntax-unexpected", found = &shown_found));
    let word = found.0.trim_matches('`');
    if let Some(help) = crate::syntax::dialect::other_dialect_help(word, crate::syntax::dialect::detect(source.text()))
    {
        d = d.with_help(help);
    } else if let Some(help) = syntax_help(text, pos) {
        d = d.with_help(help);
    } else if expected.contains(&format!("`{}`", Keyword::Draft)) {
        let word = found.0.trim_matches('`');
        if let Some(s) = crate::diag::closest(word, [Keyword::Draft.spelling(), Keyword::Active.spelling()]) {
            d = d.with_help(tr!("did-you-mean", name = s));
        }
    }
    d
}

/// Operators that cannot begin a line (the line above does not go on).
const OPERATORS: [&str; 12] =
    ["-", "+", "*", "/", Keyword::And.spelling(), Keyword::Or.spelling(), ">", "<", ">=", "<=", "==", "!="];

/// Mistakes policy authors make often, each with a message of its own.
fn known_mistake(source: &Arc<Source>, text: &str, pos: usize, found: &str, expected: &str) -> Option<Diagnostic> {
    let word = found.strip_prefix('`').and_then(|f| f.strip_suffix('`')).unwrap_or(found);
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let before_on_line = text.get(line_start..pos)?;
    let before = text.get(..pos)?.trim_end_matches([' ', '\t']);
    let rest = text.get(pos..)?;
    let at = |start: usize, end: usize| Span::new(source, start, end);
    let found_span = at(pos, pos + word.len().min(rest.len()));

    // A doc comment with nothing after it.
    if word == "}" || found == "end of file" {
        let prev = text.get(..line_start)?.trim_end();
        let prev_start = prev.rfind('\n').map_or(0, |i| i + 1);
        if prev.get(prev_start..)?.trim_start().starts_with("///") {
            let doc_at = prev_start + prev.get(prev_start..)?.len() - prev.get(prev_start..)?.trim_start().len();
            return Some(
                Diagnostic::error(Code::Syntax, tr!("syntax-doc-documents-nothing"))
                    .at(&at(doc_at, prev.len()), tr!("syntax-doc-documents-nothing-label"))
                    .with_help(tr!("syntax-doc-documents-nothing-help")),
            );
        }
    }
    // A line that begins with an operator does not continue the line above.
    if before_on_line.trim().is_empty()
        && line_start > 0
        && OPERATORS.iter().any(|o| rest.starts_with(o) && (word == *o || o.len() == 1 && word.starts_with(o)))
    {
        let op = OPERATORS.iter().filter(|o| rest.starts_with(**o)).max_by_key(|o| o.len()).copied().unwrap_or(word);
        return Some(
            Diagnostic::error(Code::Syntax, tr!("syntax-line-begins-with-operator", op = op))
                .at(&at(pos, pos + op.len()), tr!("syntax-line-begins-with-operator-label"))
                .with_help(tr!("syntax-line-begins-with-operator-help", op = op)),
        );
    }
    // A keyword where a name is wanted.
    if expected.contains("a name") && is_reserved(word) {
        return Some(
            Diagnostic::error(Code::Syntax, tr!("syntax-keyword-as-name", word = word))
                .at(&found_span, tr!("syntax-keyword-as-name-label"))
                .with_help(tr!("syntax-keyword-as-name-help", word = word)),
        );
    }
    // `points: 10 分` for `points = 10 分`.
    if matches!(word.parse(), Ok(Keyword::Points | Keyword::Compensation))
        && rest.get(word.len()..)?.trim_start().starts_with(':')
    {
        let colon = pos + word.len() + (rest.get(word.len()..)?.len() - rest.get(word.len()..)?.trim_start().len());
        return Some(
            Diagnostic::error(Code::Syntax, tr!("syntax-colon-for-equals", word = word))
                .at(&at(colon, colon + 1), tr!("syntax-colon-for-equals-label"))
                .with_help(tr!("syntax-colon-for-equals-help", word = word)),
        );
    }
    // `->` in a table row.
    if rest.starts_with('>') && before.ends_with('-') && expected.contains("an expression") {
        return Some(
            Diagnostic::error(Code::Syntax, tr!("syntax-arrow"))
                .at(&at(pos - 1, pos + 1), tr!("syntax-arrow-label"))
                .with_help(tr!("syntax-arrow-help")),
        );
    }
    // `2 年终奖`: a name right after a number.
    if word.chars().next().is_some_and(char::is_alphabetic)
        && before.ends_with(|c: char| c.is_ascii_digit())
        && !before_on_line.trim().is_empty()
    {
        let number: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Some(
            Diagnostic::error(Code::Syntax, tr!("syntax-name-after-number", word = word, number = &number))
                .at(&found_span, tr!("syntax-name-after-number-label"))
                .with_help(tr!("syntax-name-after-number-help", word = word, number = &number)),
        );
    }
    None
}

/// What stands at `pos`, for the message, and how many bytes to underline.
fn describe_found(text: &str, pos: usize) -> (String, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else { return ("end of file".into(), 0) };
    if c == '\n' || c == '\r' {
        return ("end of line".into(), 0);
    }
    let word: String = rest.chars().take_while(|c| unicode_ident_char(*c)).collect();
    if !word.is_empty() {
        return (format!("`{word}`"), word.len());
    }
    (format!("`{c}`"), c.len_utf8())
}

fn unicode_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Items whose expression is a condition, where `=` is a slip for `==`.
const CONDITION_WORDS: [Keyword; 3] = [Keyword::When, Keyword::Requires, Keyword::If];

fn syntax_help(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?.trim_end_matches([' ', '\t']);
    let rest = text.get(pos..)?;
    if rest.starts_with('=')
        && !rest.starts_with("==")
        && !rest.starts_with("=>")
        && before.ends_with(|c: char| unicode_ident_char(c))
    {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(line_start..)?.trim();
        if CONDITION_WORDS.iter().any(|k| line.starts_with(k.spelling())) {
            return Some(tr!("syntax-equals-for-compare-help"));
        }
    }
    if rest.starts_with('%') {
        return Some(tr!("syntax-percent-help"));
    }
    None
}

/// The messages naming the grammar's rules in "expected …" messages (`syntax-rule-…`);
/// keywords are named by the keyword table instead.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "syntax-rule-eoi",
        Rule::ident | Rule::name | Rule::field_name => "syntax-rule-name",
        Rule::expr
        | Rule::primary
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary_expr
        | Rule::postfix_expr => "syntax-rule-expression",
        Rule::string => "syntax-rule-string",
        Rule::date => "syntax-rule-date",
        Rule::month_lit => "syntax-rule-month",
        Rule::number | Rule::quantity | Rule::percent => "syntax-rule-number",
        Rule::unit | Rule::unit_word => "syntax-rule-unit",
        Rule::type_name => "syntax-rule-type",
        Rule::decl | Rule::docs => "syntax-rule-declaration",
        Rule::policy_item => "syntax-rule-policy-item",
        Rule::field => "syntax-rule-field",
        Rule::tier_item => "syntax-rule-tier-item",
        Rule::rule_item => "syntax-rule-rule-item",
        Rule::table_row => "syntax-rule-table-row",
        Rule::pay_line => "syntax-rule-pay-line",
        Rule::test_item => "syntax-rule-test-item",
        Rule::history_fact => "syntax-rule-history-fact",
        Rule::param => "syntax-rule-param",
        Rule::status_value => "syntax-rule-status",
        Rule::cmp_op => "syntax-rule-comparison",
        Rule::add_op | Rule::mul_op | Rule::op_and | Rule::op_or => "syntax-rule-operator",
        Rule::record_id => "syntax-rule-agent-id",
        Rule::assign => "syntax-rule-assign",
        _ => return None,
    })
}

/// "`a`, `b` or `c`": what the grammar expected, each thing named once.
///
/// In `lang`: English for the checks below that recognise a mistake by what was
/// expected, the language of the run for the message.
fn expected_list(rules: &[Rule], lang: Lang) -> String {
    let mut names: Vec<String> = Vec::new();
    for r in rules {
        let name = match (rule_name(*r), keyword_of(*r)) {
            (Some(n), _) => crate::i18n::message_in(lang, n, &[]),
            (None, Some(k)) => format!("`{k}`"),
            (None, None) => continue,
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            let items = names.join(&crate::i18n::message_in(lang, "syntax-list-separator", &[]));
            crate::i18n::message_in(lang, "syntax-list-or", &[("items", items.into()), ("last", last.into())])
        }
    }
}
