//! Completion: what may be written at the cursor.
//!
//! The place decides the list: after `agent.` / `incident.` the record's fields, after
//! `tier.` the tier attributes, inside `count(` the severities, violations and
//! escalations (`distinct(` the severities), after a number the units, after `expect A1.`
//! what a worked example can expect, in a worked example's record its fields, after
//! `severity` a severity, after `:` or `->` a type; elsewhere the names in scope there (a
//! pay line sees the lines above it, a table row its parameters), the built-ins and the
//! keywords that can begin what stands there. Nothing is offered inside a comment or a
//! string.
//!
//! A Chinese name is found by its pinyin too: `zgz` (initials, in order, any skipped)
//! and `zuidi` (the syllables) both find 最低工资; every reading of a character with
//! several counts (`重` is `zhong` and `chong`).

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionTextEdit, Documentation,
    MarkupContent, MarkupKind, TextEdit,
};
use pinyin::ToPinyinMulti;

use super::analysis::declaration_chunks;
use super::hover::{describe, describe_type, kind_text};
use super::{json, words, Reply, View};
use crate::check::{Symbol, SymbolKind, Symbols};
use crate::syntax::dialect::CodeSpelling;
use crate::syntax::keywords::{Dialect, Keyword};

/// Where the cursor stands, as far as completion cares.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    Nothing,
    Fields(SymbolKind),
    Counted {
        all: bool,
    },
    Units,
    ExpectTargets,
    RecordFields(SymbolKind),
    Severity,
    Type,
    /// Names and keywords; the keywords that can begin a declaration, an item, or go in
    /// an expression.
    Anywhere(Start),
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Start {
    Declaration,
    Item,
    Expression,
}

pub fn completion(view: &View, p: CompletionParams) -> Reply {
    let a = view.analysis;
    let text = a.text();
    let offset = a.lines.offset(text, p.text_document_position.position);
    let (start, prefix) = typed_prefix(text, offset);
    let place = place(text, start);
    let mut candidates = Vec::new();
    let named = |kinds: &[SymbolKind]| names(view, kinds);
    // Keywords, built-ins and types in the file's own dialect.
    let dialect = crate::syntax::dialect::detect(text);
    let spell = |w: &'static str| -> &'static str { words::in_dialect(w, dialect) };
    let spelling = CodeSpelling::new(dialect, text);
    let item = |s: &Symbol| item(s, dialect, &spelling);
    match place {
        Place::Nothing => {}
        Place::Fields(kind) | Place::RecordFields(kind) => {
            let fixed = if kind == SymbolKind::AgentField { "id" } else { "agent" };
            let record_items = place == Place::RecordFields(kind);
            candidates.extend(named(&[kind]).into_iter().filter(|s| !(record_items && s.name == fixed)).map(item));
        }
        Place::Counted { all } => {
            let kinds: &[SymbolKind] = if all {
                &[SymbolKind::Severity, SymbolKind::Violation, SymbolKind::Escalation]
            } else {
                &[SymbolKind::Severity]
            };
            candidates.extend(named(kinds).into_iter().map(item));
        }
        Place::Units => candidates.extend(words::UNITS.iter().map(|u| unit_item(u))),
        Place::ExpectTargets => {
            let kinds = [SymbolKind::PayLine, SymbolKind::Violation, SymbolKind::Severity, SymbolKind::Escalation];
            candidates.extend(named(&kinds).into_iter().map(item));
            for w in ["points", "compensation", "tenure", "tenure_days", "tier_ok", "tier", "promotion"] {
                candidates.push(word_item(w, CompletionItemKind::PROPERTY, &tr!("lsp-result-of-month")));
            }
        }
        Place::Severity => candidates.extend(named(&[SymbolKind::Severity]).into_iter().map(item)),
        Place::Type => candidates.extend(
            words::TYPES.iter().map(|t| word_item(spell(t), CompletionItemKind::TYPE_PARAMETER, &tr!("lsp-type"))),
        ),
        Place::Anywhere(at) => {
            if at == Start::Expression {
                candidates.extend(in_scope(view, text, start).into_iter().map(item));
                for f in words::FUNCTIONS {
                    candidates.push(word_item(spell(f), CompletionItemKind::FUNCTION, &words::meaning(f)));
                }
                for v in words::VALUES {
                    candidates.push(word_item(spell(v), CompletionItemKind::VARIABLE, &words::meaning(v)));
                }
            }
            let keyword = tr!("lsp-keyword");
            candidates.extend(keywords(at).iter().map(|k| word_item(spell(k), CompletionItemKind::KEYWORD, &keyword)));
            if at == Start::Expression && in_record_schema(text, start) {
                let doc = tr!("lsp-from-doc");
                candidates.push(word_item(spell("from"), CompletionItemKind::KEYWORD, &doc));
            }
        }
    }
    let mut items: Vec<CompletionItem> = candidates
        .into_iter()
        .filter_map(|mut c| {
            let score = matches(&prefix, &c.label)?;
            let range = a.lines.range(text, start, offset);
            c.text_edit = Some(CompletionTextEdit::Edit(TextEdit { range, new_text: c.label.clone() }));
            c.filter_text = Some(filter_text(&c.label));
            c.sort_text = Some(format!("{score}{}{}", c.sort_text.take().unwrap_or_default(), c.label));
            Some(c)
        })
        .collect();
    items.sort_by(|x, y| x.sort_text.cmp(&y.sort_text));
    items.dedup_by(|x, y| x.label == y.label);
    json(CompletionList { is_incomplete: !prefix.is_empty(), items })
}

/// The name being typed before the cursor: where it starts and what it is so far. A
/// number before it is not part of it (`30分` is the unit `分` being typed).
fn typed_prefix(text: &str, offset: usize) -> (usize, String) {
    let head = text.get(..offset).unwrap_or("");
    let start = head.char_indices().rev().take_while(|(_, c)| words::name_char(*c)).last().map_or(offset, |(i, _)| i);
    let word = head.get(start..).unwrap_or("");
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '.').len();
    let start = start + digits;
    (start, head.get(start..).unwrap_or("").to_string())
}

/// Whether the end of `line` (the text before the cursor) is inside a comment or a string.
fn in_comment_or_string(line: &str) -> bool {
    let mut in_string = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek() == Some(&'/') => return true,
            _ => {}
        }
    }
    in_string
}

fn place(text: &str, start: usize) -> Place {
    let before = text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(line_start..).unwrap_or("");
    if in_comment_or_string(line) {
        return Place::Nothing;
    }
    let trimmed = line.trim_start();
    if let Some(head) = before.strip_suffix('.') {
        let record: String =
            head.chars().rev().take_while(|c| words::name_char(*c)).collect::<Vec<_>>().into_iter().rev().collect();
        // `agent.` or `员工.`, in either dialect.
        let spelled = |k: Keyword| Dialect::ALL.iter().any(|d| k.spelling_in(*d) == record);
        let expecting = Dialect::ALL
            .iter()
            .any(|d| trimmed.strip_prefix(Keyword::Expect.spelling_in(*d)).is_some_and(|rest| rest.starts_with(' ')));
        return if spelled(Keyword::Agent) {
            Place::Fields(SymbolKind::AgentField)
        } else if spelled(Keyword::Incident) {
            Place::Fields(SymbolKind::IncidentField)
        } else if spelled(Keyword::Tier) {
            Place::Fields(SymbolKind::TierAttribute)
        } else if expecting {
            Place::ExpectTargets
        } else {
            Place::Nothing
        };
    }
    let tight = before.trim_end_matches([' ', '\t']);
    if ends_with_number(tight) || tight.ends_with("TBD") || tight.ends_with('/') && unit_before_slash(tight) {
        return Place::Units;
    }
    if let Some(call) = open_call(line) {
        match call.as_str() {
            "count" => return Place::Counted { all: true },
            "distinct" => return Place::Counted { all: false },
            _ => {}
        }
    }
    if tight.ends_with(':') || tight.ends_with("->") {
        return Place::Type;
    }
    if trimmed.starts_with("severity ") && trimmed.trim_end() == "severity" && line.len() > trimmed.len() {
        return Place::Severity;
    }
    for (record, kind) in [("agent ", SymbolKind::AgentField), ("incident ", SymbolKind::IncidentField)] {
        if trimmed.starts_with(record) && line.len() > trimmed.len() && trimmed.contains('{') {
            let last = tight.chars().last();
            if matches!(last, Some('{' | ',')) {
                return Place::RecordFields(kind);
            }
        }
    }
    if tight.get(line_start.min(tight.len())..).is_some_and(|t| t.trim().is_empty()) {
        if line.is_empty() {
            return Place::Anywhere(Start::Declaration);
        }
        // A table's row begins with its condition, an expression.
        if declaration_keyword(text, start) != "table" {
            return Place::Anywhere(Start::Item);
        }
    }
    Place::Anywhere(Start::Expression)
}

/// Whether the text ends with a number (not with a name that ends in a digit, `A1`).
fn ends_with_number(tight: &str) -> bool {
    let run: String = tight.chars().rev().take_while(|c| words::name_char(*c) || *c == '.').collect();
    !run.is_empty()
        && run.starts_with(|c: char| c.is_ascii_digit())
        && run.chars().all(|c| c.is_ascii_digit() || c == '_' || c == '.')
}

fn unit_before_slash(tight: &str) -> bool {
    let head = tight.trim_end_matches('/');
    let word: String = head
        .chars()
        .rev()
        .take_while(|c| words::name_char(*c) && !c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    crate::syntax::ast::UnitWord::parse(&word).is_some()
}

/// The function whose brackets the end of `line` is inside, if any.
fn open_call(line: &str) -> Option<String> {
    let mut depth = 0i32;
    for (i, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let head = line.get(..i)?.trim_end();
                let name: String = head
                    .chars()
                    .rev()
                    .take_while(|c| words::name_char(*c))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                return Some(name);
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn keywords(at: Start) -> &'static [&'static str] {
    match at {
        Start::Declaration => words::DECLARATION_WORDS,
        Start::Item => &[
            "severity",
            "points",
            "when",
            "compensation",
            "requires",
            "version",
            "effective",
            "issued_by",
            "interpreted_by",
            "status",
            "else",
            "month",
            "agent",
            "incident",
            "expect",
        ],
        Start::Expression => &[
            "and",
            "or",
            "not",
            "if",
            "then",
            "else",
            "true",
            "false",
            "TBD",
            "tier",
            "points",
            "compensation",
            "agent",
            "incident",
            "draft",
            "active",
        ],
    }
}

/// The symbols of some kinds: the current analysis's, and while the text does not parse
/// whole, those of the newest analysis that did which the current one lacks.
fn names<'a>(view: &'a View, kinds: &[SymbolKind]) -> Vec<&'a Symbol> {
    named_in(view, kinds).into_iter().map(|(s, _)| s).collect()
}

/// [`names`], each with the index it comes from.
fn named_in<'a>(view: &'a View, kinds: &[SymbolKind]) -> Vec<(&'a Symbol, &'a Symbols)> {
    let current = &view.analysis.symbols;
    let mut out: Vec<(&Symbol, &Symbols)> =
        current.symbols.iter().filter(|s| kinds.contains(&s.kind)).map(|s| (s, current)).collect();
    if view.analysis.partial {
        if let Some(parsed) = view.parsed {
            for s in parsed.symbols.symbols.iter().filter(|s| kinds.contains(&s.kind)) {
                if !out.iter().any(|(o, _)| o.kind == s.kind && o.name == s.name) {
                    out.push((s, &parsed.symbols));
                }
            }
        }
    }
    out
}

/// The names an expression at `at` can use: a pay line sees the lines above it, a
/// table's row its parameters, and every place the other declarations.
fn in_scope<'a>(view: &'a View, text: &str, at: usize) -> Vec<&'a Symbol> {
    let keyword = declaration_keyword(text, at);
    let mut kinds = vec![
        SymbolKind::Tier,
        SymbolKind::Severity,
        SymbolKind::Violation,
        SymbolKind::Escalation,
        SymbolKind::Let,
        SymbolKind::Table,
    ];
    if keyword == "pay" {
        kinds.push(SymbolKind::PayLine);
    }
    // The table whose row this is, by name: the symbols may come from an older analysis.
    let table = if keyword == "table" { declaration_name(text, at) } else { "" };
    if !table.is_empty() {
        kinds.push(SymbolKind::TableParameter);
    }
    let line_start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    named_in(view, &kinds)
        .into_iter()
        .filter(|(s, index)| match s.kind {
            // Above this line: in the current text, or, from an older one, any other line.
            SymbolKind::PayLine => s.span.as_ref().is_some_and(|sp| sp.start < line_start),
            SymbolKind::TableParameter => s.parent.and_then(|p| index.get(p)).is_some_and(|t| t.name == table),
            _ => true,
        })
        .map(|(s, _)| s)
        .collect()
}

/// The declaration holding byte `at`.
fn chunk_at(text: &str, at: usize) -> Option<(usize, usize)> {
    declaration_chunks(text).into_iter().find(|&(s, e)| s <= at && at < e.max(s + 1))
}

/// The first line of the declaration holding byte `at`, after its doc comments.
fn declaration_line(text: &str, at: usize) -> &str {
    chunk_at(text, at)
        .and_then(|(s, e)| text.get(s..e))
        .and_then(|t| t.lines().find(|l| !l.starts_with("///") && !l.trim().is_empty()))
        .unwrap_or("")
}

/// The keyword of the declaration holding byte `at`: `pay`, `table` …
fn declaration_keyword(text: &str, at: usize) -> &str {
    declaration_line(text, at).split_whitespace().next().unwrap_or("")
}

/// Whether byte `at` is in an `agent { … }` or `incident { … }` block (in either dialect).
fn in_record_schema(text: &str, at: usize) -> bool {
    let keyword = declaration_keyword(text, at);
    [Keyword::Agent, Keyword::Incident].iter().any(|k| Dialect::ALL.iter().any(|d| k.spelling_in(*d) == keyword))
}

/// The name the declaration holding byte `at` declares: `绩效系数` of `table 绩效系数(…`.
fn declaration_name(text: &str, at: usize) -> &str {
    let line = declaration_line(text, at);
    let rest = line.split_once(char::is_whitespace).map_or("", |(_, r)| r.trim_start());
    rest.find(|c: char| !words::name_char(c)).map_or(rest, |i| rest.get(..i).unwrap_or(""))
}

fn kind_of(kind: SymbolKind) -> (CompletionItemKind, &'static str) {
    match kind {
        SymbolKind::Tier => (CompletionItemKind::CLASS, "1"),
        SymbolKind::Severity => (CompletionItemKind::ENUM_MEMBER, "1"),
        SymbolKind::Violation | SymbolKind::Escalation => (CompletionItemKind::EVENT, "1"),
        SymbolKind::Let => (CompletionItemKind::CONSTANT, "1"),
        SymbolKind::Table => (CompletionItemKind::FUNCTION, "1"),
        SymbolKind::PayLine => (CompletionItemKind::FIELD, "1"),
        SymbolKind::TierAttribute | SymbolKind::AgentField | SymbolKind::IncidentField => {
            (CompletionItemKind::FIELD, "1")
        }
        SymbolKind::TableParameter => (CompletionItemKind::VARIABLE, "0"),
    }
}

/// A name's completion: a built-in field in the file's dialect (`入职日期` after `员工.`).
fn item(s: &Symbol, dialect: Dialect, spelling: &CodeSpelling) -> CompletionItem {
    let (kind, group) = kind_of(s.kind);
    let detail = match s.ty.filter(|t| *t != crate::check::types::Type::Unknown) {
        Some(t) => format!("{} · {}", kind_text(s.kind), describe_type(t)),
        None => kind_text(s.kind),
    };
    let place = match s.kind {
        SymbolKind::AgentField => Some(crate::syntax::keywords::Place::AgentField),
        SymbolKind::IncidentField => Some(crate::syntax::keywords::Place::IncidentField),
        _ => None,
    };
    let label = match place.filter(|_| s.is_builtin()) {
        Some(p) => crate::syntax::keywords::word_in(&s.name, Some(p), dialect).unwrap_or(&s.name).to_string(),
        None => s.name.clone(),
    };
    CompletionItem {
        label,
        kind: Some(kind),
        detail: Some(detail),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: describe(s, None, spelling),
        })),
        sort_text: Some(group.into()),
        ..CompletionItem::default()
    }
}

fn word_item(word: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    let group = if kind == CompletionItemKind::KEYWORD { "3" } else { "2" };
    CompletionItem {
        label: word.into(),
        kind: Some(kind),
        detail: Some(detail.into()),
        sort_text: Some(group.into()),
        ..CompletionItem::default()
    }
}

fn unit_item(unit: &str) -> CompletionItem {
    let dim = crate::syntax::ast::UnitWord::parse(unit).map(crate::check::types::Dim::of_word);
    let detail = dim.map_or_else(|| tr!("lsp-unit-detail"), |d| tr!("lsp-unit-of", dimension = d.shown()));
    let group = if unit.is_ascii() { "1" } else { "0" };
    CompletionItem {
        label: unit.into(),
        kind: Some(CompletionItemKind::UNIT),
        detail: Some(detail),
        sort_text: Some(group.into()),
        ..CompletionItem::default()
    }
}

/// Every reading of each character of a name: pinyin syllables for Chinese characters,
/// the character itself (lower case) otherwise.
fn readings(name: &str) -> Vec<Vec<String>> {
    name.chars()
        .map(|c| {
            let mut r: Vec<String> =
                c.to_pinyin_multi().map(|m| m.into_iter().map(|p| p.plain().to_string()).collect()).unwrap_or_default();
            r.dedup();
            if r.is_empty() {
                r.push(c.to_lowercase().collect());
            }
            r
        })
        .collect()
}

/// The initials of a name's default reading: `最低工资` → `zdgz`.
pub fn initials(name: &str) -> String {
    readings(name).iter().filter_map(|r| r.first().and_then(|s| s.chars().next())).collect()
}

/// The text the client filters on: the name, and for a Chinese name its initials and
/// its syllables.
fn filter_text(name: &str) -> String {
    if name.is_ascii() {
        return name.to_string();
    }
    let syllables: String = readings(name).iter().filter_map(|r| r.first().cloned()).collect();
    format!("{name} {} {syllables}", initials(name))
}

/// How well `prefix` finds `name`, lower is better; `None` when it does not.
pub fn matches(prefix: &str, name: &str) -> Option<u8> {
    if prefix.is_empty() || name.starts_with(prefix) {
        return Some(0);
    }
    let low = prefix.to_lowercase();
    if name.to_lowercase().starts_with(&low) {
        return Some(1);
    }
    if !low.is_ascii() {
        return name.contains(prefix).then_some(4);
    }
    let readings = readings(name);
    let wanted: Vec<char> = low.chars().collect();
    // Initials in order, any skipped: `zgz` in 最(z)低(d)工(g)资(z); the default reading
    // only, or rare readings would find nearly anything.
    let mut k = 0;
    for r in &readings {
        if let (Some(&w), Some(first)) = (wanted.get(k), r.first()) {
            if first.starts_with(w) {
                k += 1;
            }
        }
    }
    let initials_match = k == wanted.len();
    // The first initials, any reading: `cd` is 重度 read chong du.
    let initials_prefix = readings.len() >= wanted.len()
        && readings.iter().zip(&wanted).all(|(r, w)| r.iter().any(|s| s.starts_with(*w)));
    if initials_prefix {
        return Some(1);
    }
    if syllables_match(&low, &readings) {
        return Some(2);
    }
    if initials_match {
        return Some(3);
    }
    name.to_lowercase().contains(&low).then_some(4)
}

/// Whether `prefix` spells the name's first syllables (the last one may be cut short).
fn syllables_match(prefix: &str, readings: &[Vec<String>]) -> bool {
    if prefix.is_empty() {
        return true;
    }
    let Some((first, rest)) = readings.split_first() else { return false };
    first.iter().any(|s| {
        if let Some(after) = prefix.strip_prefix(s.as_str()) {
            syllables_match(after, rest)
        } else {
            s.starts_with(prefix)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_initials_and_syllables_find_chinese_names() {
        assert_eq!(initials("最低工资"), "zdgz");
        assert_eq!(matches("zdgz", "最低工资"), Some(1));
        assert_eq!(matches("zgz", "最低工资"), Some(3));
        assert_eq!(matches("zuidi", "最低工资"), Some(2));
        assert_eq!(matches("最低", "最低工资"), Some(0));
        assert_eq!(matches("xyz", "最低工资"), None);
        // 重 reads zhong and chong.
        assert_eq!(matches("cd", "重度"), Some(1));
        assert_eq!(matches("jb", "基本工资"), Some(1));
    }

    #[test]
    fn the_place_decides_the_list() {
        let at = |t: &str| place(t, typed_prefix(t, t.len()).0);
        assert_eq!(at("  when agent."), Place::Fields(SymbolKind::AgentField));
        assert_eq!(at("  when count(中"), Place::Counted { all: true });
        assert_eq!(at("  points = 30 "), Place::Units);
        assert_eq!(at("  points = 30分"), Place::Units);
        assert_eq!(at("  expect A1."), Place::ExpectTargets);
        assert_eq!(at("  agent A1 { name = \"x\", "), Place::RecordFields(SymbolKind::AgentField));
        assert_eq!(at("  x = 1 // zgz"), Place::Nothing);
        assert_eq!(at("\nvio"), Place::Anywhere(Start::Declaration));
        assert_eq!(at("  实发 = max(zgz"), Place::Anywhere(Start::Expression));
        assert_eq!(at("  severity "), Place::Severity);
        assert_eq!(at("table t(s: "), Place::Type);
        let field = "员工 {\n  leads_team: 是否 = 否 来";
        assert_eq!(at(field), Place::Anywhere(Start::Expression));
        assert!(in_record_schema(field, field.len() - 3));
        let zh = include_str!("../../policies/customer-service.zh.kh");
        let f = "  leads_team: 是否 = 否";
        let at_ = zh.find(f).unwrap() + f.len();
        let mut typed = zh.to_string();
        typed.insert_str(at_, " 来");
        let (start, prefix) = typed_prefix(&typed, at_ + " 来".len());
        assert_eq!(prefix, "来");
        assert_eq!(declaration_line(&typed, start), "员工 {");
        assert!(in_record_schema(&typed, start));
    }
}
