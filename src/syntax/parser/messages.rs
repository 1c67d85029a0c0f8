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
    let found = describe_found(text, pos);
    let end = pos + found.1;
    let span = Span::new(source, pos, end);
    let expected = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_list(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let message = if expected.is_empty() {
        format!("unexpected {}", found.0)
    } else {
        format!("expected {expected}, found {}", found.0)
    };
    if let Some(d) = known_mistake(source, text, pos, &found.0, &expected) {
        return d;
    }
    let mut d = Diagnostic::error(Code::Syntax, message).at(&span, format!("unexpected {}", found.0));
    if let Some(help) = syntax_help(text, pos) {
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
                Diagnostic::error(Code::Syntax, "this doc comment documents nothing")
                    .at(&at(doc_at, prev.len()), "nothing follows it")
                    .with_help("a `///` doc comment stands right before a declaration or an item; remove it, or write `//` for a plain comment"),
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
            Diagnostic::error(Code::Syntax, format!("a line cannot begin with `{op}`"))
                .at(&at(pos, pos + op.len()), "this starts a new item")
                .with_help(format!("an expression goes on to the next line only after an operator or inside brackets: move `{op}` to the end of the line above, or put the whole expression in `( )`")),
        );
    }
    // A keyword where a name is wanted.
    if expected.contains("a name") && is_reserved(word) {
        return Some(
            Diagnostic::error(Code::Syntax, format!("`{word}` is a keyword and cannot be used as a name"))
                .at(&found_span, "a keyword")
                .with_help(format!("choose another name, e.g. `{word}1` or a Chinese name")),
        );
    }
    // `points: 10 分` for `points = 10 分`.
    if matches!(word.parse(), Ok(Keyword::Points | Keyword::Compensation))
        && rest.get(word.len()..)?.trim_start().starts_with(':')
    {
        let colon = pos + word.len() + (rest.get(word.len()..)?.len() - rest.get(word.len()..)?.trim_start().len());
        return Some(
            Diagnostic::error(Code::Syntax, format!("expected `=` after `{word}`, found `:`"))
                .at(&at(colon, colon + 1), "`:` declares a field's type")
                .with_help(format!("give the item its value with `=`: `{word} = …`")),
        );
    }
    // `->` in a table row.
    if rest.starts_with('>') && before.ends_with('-') && expected.contains("an expression") {
        return Some(
            Diagnostic::error(Code::Syntax, "expected `=>` between a table row's condition and its value")
                .at(&at(pos - 1, pos + 1), "`->` here")
                .with_help("write each row as `condition => value`"),
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
            Diagnostic::error(Code::Syntax, format!("unexpected `{word}` after the number `{number}`"))
                .at(&found_span, "a name after a number")
                .with_help(format!(
                    "to multiply, write `{number} * {word}`; a unit is read only when no other letter follows it"
                )),
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
            return Some("compare with `==`; a single `=` gives a name its value".into());
        }
    }
    if rest.starts_with('%') {
        return Some("write a percentage with no space: `20%`".into());
    }
    None
}

/// Friendly names for the grammar's rules in "expected …" messages; keywords are named
/// by the keyword table instead.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::ident | Rule::name | Rule::field_name => "a name",
        Rule::expr
        | Rule::primary
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary_expr
        | Rule::postfix_expr => "an expression",
        Rule::string => "a string",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::month_lit => "a month (YYYY-MM)",
        Rule::number | Rule::quantity | Rule::percent => "a number",
        Rule::unit | Rule::unit_word => "a unit",
        Rule::type_name => "a type",
        Rule::decl | Rule::docs => "a declaration",
        Rule::policy_item => "a policy item (version, effective, issued_by, interpreted_by, status)",
        Rule::field => "a field (`name: type`)",
        Rule::tier_item => "a tier attribute or `requires`",
        Rule::rule_item => "`severity`, `points =`, `when` or `compensation =`",
        Rule::table_row => "a table row (`condition => value` or `else => value`)",
        Rule::pay_line => "a pay line (`name = expression`)",
        Rule::test_item => "`month`, `agent`, `incident` or `expect`",
        Rule::param => "a parameter (`name: type`)",
        Rule::status_value => "`draft` or `active`",
        Rule::cmp_op => "a comparison",
        Rule::add_op | Rule::mul_op | Rule::op_and | Rule::op_or => "an operator",
        Rule::record_id => "an agent id",
        Rule::assign => "`field = value`",
        _ => return None,
    })
}

/// "`a`, `b` or `c`": what the grammar expected, each thing named once.
fn expected_list(rules: &[Rule]) -> String {
    let mut names: Vec<String> = Vec::new();
    for r in rules {
        let name = match (rule_name(*r), keyword_of(*r)) {
            (Some(n), _) => n.to_string(),
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
            format!("{} or {last}", names.join(", "))
        }
    }
}
