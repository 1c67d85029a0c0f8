//! Which dialect a file is written in, and the words of that dialect made readable by
//! the one grammar.
//!
//! A file is written in one dialect, known from its first word of code: `规定` begins a
//! Chinese-dialect policy, anything else an English one. Only the file's own dialect's
//! words are keywords in it: an English policy may have a name `工资`, a Chinese one a
//! name `when`.
//!
//! The grammar (`grammar/kaohe.pest`) spells each keyword in English and by a *mark*: a
//! control character and two letters (`\u{1}` for reserved words, `\u{2}` for
//! contextual ones). For a Chinese-dialect file, [`mark`] rewrites the text the grammar
//! reads (never the source): each Chinese keyword, a whole word outside strings and
//! comments, becomes its mark filled with `\u{4}` to the same byte length (so the
//! grammar's token spans the whole word); `每日`,
//! `每周`, `每月` and `之一` become two marks; each English keyword becomes a plain name
//! (its first letter replaced by `\u{3}`, which the grammar reads as the start of a
//! name; contextual English words are left as they are, names where no construct expects
//! them, and so is `points`, a unit after a number). A word between `「` and `」` is a name whatever it spells (`「工资」`), in both
//! dialects. Spans stay valid, and the tree builder reads names from the source, so
//! nothing of the rewriting shows.

use std::collections::HashSet;
use std::ops::ControlFlow;

use super::keywords::{Dialect, Keyword};
use super::scan::{self, Region};
use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};

/// The Chinese words that stand for two keywords.
pub const COMPOUNDS: [(&str, [Keyword; 2]); 4] = [
    ("每日", [Keyword::Per, Keyword::Day]),
    ("每周", [Keyword::Per, Keyword::Week]),
    ("每月", [Keyword::Per, Keyword::Month]),
    ("之一", [Keyword::One, Keyword::Of]),
];

/// Keywords that only appear inside a compound in Chinese (`每日`), never alone.
pub const IN_COMPOUNDS_ONLY: [Keyword; 5] = [Keyword::Per, Keyword::Day, Keyword::Week, Keyword::One, Keyword::Of];

/// Opens and closes a quoted name: `「工资」`.
pub const NAME_OPEN: char = '「';
pub const NAME_CLOSE: char = '」';

/// The mark the grammar reads for a keyword: `\u{1}` (reserved) or `\u{2}` (contextual)
/// and two letters from its place in the table.
pub fn mark_of(k: Keyword) -> String {
    let i = k as usize;
    let lead = if k.is_reserved() { '\u{1}' } else { '\u{2}' };
    let letter = |n: usize| char::from(b'a' + u8::try_from(n % 26).unwrap_or(0));
    format!("{lead}{}{}", letter(i / 26), letter(i))
}

/// Whether a character may begin a word (a name or a keyword).
fn starts_word(c: char) -> bool {
    c == '_' || unicode_ident::is_xid_start(c)
}

fn continues_word(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

/// The words of code in `text`: (start, end) byte ranges, each a whole word (a digit
/// run with a unit after it, `5分`, is not a word), and whether it stands between `「`
/// and `」`.
fn words(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    each_word(text, |w| {
        out.push(w);
        ControlFlow::Continue(())
    });
    out
}

/// Calls `f` with each word of code in `text`, in order, until it breaks: reading the
/// first word does not walk the whole file.
fn each_word(text: &str, mut f: impl FnMut((usize, usize, bool)) -> ControlFlow<()>) {
    for segment in scan::segments(text) {
        if segment.region != Region::Code {
            continue;
        }
        // A word starts where a name may start and no word character came just before.
        let mut start: Option<usize> = None;
        let mut after_word_char = false;
        let mut quoted = false;
        for (at, c) in segment.char_indices(text) {
            let continues = continues_word(c);
            if let Some(s) = start {
                if !continues {
                    if f((s, at, quoted)).is_break() {
                        return;
                    }
                    start = None;
                }
            } else if starts_word(c) && !after_word_char {
                start = Some(at);
            }
            if c == NAME_OPEN {
                quoted = true;
            } else if c == NAME_CLOSE {
                quoted = false;
            }
            after_word_char = continues;
        }
        if let Some(s) = start {
            if f((s, segment.end, quoted)).is_break() {
                return;
            }
        }
    }
}

/// The dialect a text is written in: Chinese when its first word of code is `规定`.
pub fn detect(text: &str) -> Dialect {
    let mut first = None;
    each_word(text, |(s, e, _)| {
        first = text.get(s..e);
        ControlFlow::Break(())
    });
    if first == Some(Keyword::Policy.spelling_in(Dialect::Chinese)) {
        Dialect::Chinese
    } else {
        Dialect::English
    }
}

/// Rewrites the grammar's copy of the text (`out`, as long as the source) for its
/// dialect: marks for the dialect's keywords, names for the other's, spaces for the
/// brackets of quoted names.
pub fn mark(source: &std::sync::Arc<Source>, out: &mut String, dialect: Dialect) -> Vec<Diagnostic> {
    let text = source.text();
    let mut diagnostics = Vec::new();
    let mut bytes = std::mem::take(out).into_bytes();
    let mut put = |at: usize, replacement: &str| {
        if let Some(slot) = bytes.get_mut(at..at + replacement.len()) {
            slot.copy_from_slice(replacement.as_bytes());
        }
    };
    // The brackets of quoted names, and the marks' own characters written by hand.
    for (at, c) in scan::code_chars(text) {
        match c {
            NAME_OPEN | NAME_CLOSE => put(at, &" ".repeat(c.len_utf8())),
            '\u{1}'..='\u{4}' => {
                put(at, " ");
                diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        tr!("dialect-control-character", code = format!("{:04X}", c as u32)),
                    )
                    .at(&Span::new(source, at, at + 1), tr!("dialect-control-character-label"))
                    .with_help(tr!("dialect-control-character-help")),
                );
            }
            _ => {}
        }
    }
    for (start, end, quoted) in words(text) {
        let Some(word) = text.get(start..end) else { continue };
        if quoted {
            // A quoted name is a name: keep a keyword's spelling from the grammar.
            if Keyword::in_dialect(word, Dialect::English).is_some() {
                put(start, "\u{3}");
            }
            continue;
        }
        match dialect {
            Dialect::English => {}
            Dialect::Chinese => {
                if let Some(marks) = chinese_marks(word) {
                    let padded = format!("{marks}{}", "\u{4}".repeat(word.len().saturating_sub(marks.len())));
                    if padded.len() == word.len() {
                        put(start, &padded);
                    }
                } else if Keyword::in_dialect(word, Dialect::English).is_some_and(Keyword::is_reserved)
                    && super::ast::UnitWord::parse(word).is_none()
                {
                    // Contextual English words stay as they are: names where no construct
                    // expects them, and `day`, `month` are units too.
                    put(start, "\u{3}");
                }
            }
        }
    }
    *out = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    diagnostics
}

/// The keyword whose mark `text` begins with.
pub fn keyword_of_mark(text: &str) -> Option<Keyword> {
    let mut chars = text.chars();
    let lead = chars.next()?;
    if lead != '\u{1}' && lead != '\u{2}' {
        return None;
    }
    let (a, b) = (chars.next()?, chars.next()?);
    let index = (usize::from(u8::try_from(a).ok()?.checked_sub(b'a')?)) * 26
        + usize::from(u8::try_from(b).ok()?.checked_sub(b'a')?);
    Keyword::ALL.get(index).copied()
}

/// Help for a word of the other dialect where the file's own was wanted: `violation` in
/// a file that begins with `规定`, or `违规` in one that begins with `policy`.
pub fn other_dialect_help(word: &str, dialect: Dialect) -> Option<String> {
    let other = match dialect {
        Dialect::English => Dialect::Chinese,
        Dialect::Chinese => Dialect::English,
    };
    let k = Keyword::in_dialect(word, other)?;
    Some(match dialect {
        Dialect::English => tr!("dialect-english-file", keyword = k.spelling_in(dialect), word = word),
        Dialect::Chinese => tr!("dialect-chinese-file", keyword = k.spelling_in(dialect), word = word),
    })
}

/// The contextual keyword a Chinese word spells, if it stands alone (not `每`, `日` …).
pub fn contextual_in_chinese(word: &str) -> Option<Keyword> {
    Keyword::in_dialect(word, Dialect::Chinese).filter(|k| !k.is_reserved() && !IN_COMPOUNDS_ONLY.contains(k))
}

/// The marks a Chinese word stands for, if it is a keyword or a compound of two.
fn chinese_marks(word: &str) -> Option<String> {
    if let Some((_, [a, b])) = COMPOUNDS.iter().find(|(w, _)| *w == word) {
        return Some(format!("{}{}", mark_of(*a), mark_of(*b)));
    }
    let k = Keyword::in_dialect(word, Dialect::Chinese)?;
    (!IN_COMPOUNDS_ONLY.contains(&k)).then(|| mark_of(k))
}

/// English-dialect code as the reader of one policy file is shown it: in that file's
/// dialect. A Chinese-dialect file's diagnostics say `` `如果 次数(质检) > 0 则 …` `` where
/// the English say `` `if count(质检) > 0 then …` ``. An English word that the file itself
/// uses as a word is the policy's own name (only the file's dialect's words are keywords)
/// and stays; so do command lines, codes and file names. Made once per file: it holds the
/// file's words.
pub struct CodeSpelling<'s> {
    dialect: Dialect,
    /// The file's whole words, for a Chinese-dialect file (its own names).
    own: HashSet<&'s str>,
}

impl<'s> CodeSpelling<'s> {
    pub fn new(dialect: Dialect, source: &'s str) -> CodeSpelling<'s> {
        let own = match dialect {
            Dialect::English => HashSet::new(),
            Dialect::Chinese => source.split(|c: char| !continues_word(c)).filter(|w| !w.is_empty()).collect(),
        };
        CodeSpelling { dialect, own }
    }

    /// The code quoted in `message` (between backticks) in the file's dialect.
    pub fn quoted(&self, message: &str) -> String {
        if self.dialect == Dialect::English || !message.contains('`') {
            return message.to_string();
        }
        let mut out = String::with_capacity(message.len());
        let mut parts = message.split('`');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for (i, part) in parts.enumerate() {
            out.push('`');
            // Odd pieces (the first, third … after a backtick) are quoted code.
            if i % 2 == 0 {
                out.push_str(&self.chinese(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }

    /// `text`, all of it code (a report's `violation 迟到`, `count(中度) >= 2`), in the
    /// file's dialect.
    pub fn code(&self, text: &str) -> String {
        match self.dialect {
            Dialect::English => text.to_string(),
            Dialect::Chinese => self.chinese(text),
        }
    }

    /// One snippet of English-dialect code, word by word in Chinese.
    fn chinese(&self, snippet: &str) -> String {
        code_in_chinese(snippet, |word| self.own.contains(word))
    }
}

/// Whether a quoted snippet is something other than policy code.
fn not_policy_code(snippet: &str) -> bool {
    snippet.starts_with("kaohe")
        || snippet.contains("--")
        || snippet.contains("::")
        || [".csv", ".kh", ".json", ".xlsx", ".snap", ".db"].iter().any(|ext| snippet.contains(ext))
}

/// A built-in unit's Chinese spelling, for a unit written after a number.
fn chinese_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "yuan" | "CNY" => "元",
        "point" | "points" => "分",
        "minute" | "minutes" | "min" => "分钟",
        "hour" | "hours" => "小时",
        "month" | "months" => "个月",
        "year" | "years" => "年",
        "day" | "days" => "天",
        _ => return None,
    })
}

/// One snippet of English-dialect code, word by word in Chinese; a word for which `own`
/// holds is the policy's own name and stays.
fn code_in_chinese(snippet: &str, own: impl Fn(&str) -> bool) -> String {
    use super::keywords::{word_in, Place};
    if not_policy_code(snippet) {
        return snippet.to_string();
    }
    // The snippet's tokens: words of ASCII letters, and everything else as it is.
    let mut tokens: Vec<&str> = Vec::new();
    let mut rest = snippet;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_alphabetic() || c == '_' {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let (token, tail) = rest.split_at(len);
        tokens.push(token);
        rest = tail;
    }
    let is_word = |t: &str| t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    // The token before `i` that is not a space.
    let before = |i: usize| tokens[..i].iter().rev().find(|t| !t.trim().is_empty()).copied();
    let mut out = String::with_capacity(snippet.len() + 8);
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if !is_word(token) || own(token) {
            out.push_str(token);
            i += 1;
            continue;
        }
        // `per day`, `one of`: one Chinese word.
        let next_word = tokens.get(i + 2).filter(|_| tokens.get(i + 1) == Some(&" ")).copied();
        if let Some(pair) = next_word.and_then(|n| Keyword::in_dialect(token, Dialect::English).zip(n.parse().ok())) {
            if let Some((w, _)) = COMPOUNDS.iter().find(|(_, ks)| ks[0] == pair.0 && ks[1] == pair.1) {
                out.push_str(w);
                i += 3;
                continue;
            }
        }
        let prev = before(i);
        let after_number = prev.is_some_and(|p| p.ends_with(|c: char| c.is_ascii_digit()));
        let field_of = match (prev, i.checked_sub(2).map(|j| tokens[j])) {
            (Some("."), Some("agent")) => Some(Place::AgentField),
            (Some("."), Some("incident")) => Some(Place::IncidentField),
            (Some("."), _) => None,
            _ => Some(Place::Type).filter(|_| matches!(prev, Some(":") | Some(">"))),
        };
        let unit = if after_number { chinese_unit(token) } else { None };
        let spelled = if unit.is_some() {
            unit
        } else if prev == Some(".") {
            field_of.and_then(|place| word_in(token, Some(place), Dialect::Chinese))
        } else if let Some(place) = field_of {
            word_in(token, Some(place), Dialect::Chinese)
        } else if let Some(k) = Keyword::in_dialect(token, Dialect::English) {
            (!IN_COMPOUNDS_ONLY.contains(&k)).then(|| k.spelling_in(Dialect::Chinese))
        } else {
            word_in(token, None, Dialect::Chinese)
        };
        out.push_str(spelled.unwrap_or(token));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_code_in_chinese() {
        let zh = |m: &str, source: &str| CodeSpelling::new(Dialect::Chinese, source).quoted(m);
        assert_eq!(
            zh("write `if count(质检) > 0 then avg(质检, incident.得分) else 0`", ""),
            "write `如果 次数(质检) > 0 则 平均(质检, 事件.得分) 否则 0`"
        );
        assert_eq!(zh("`points` must be points", ""), "`扣分` must be points");
        assert_eq!(zh("`tenure >= 3 months` and `incident.date`", ""), "`工龄 >= 3 个月` and `事件.日期`");
        assert_eq!(zh("`cap fine = 15 元 per day`", ""), "`上限 罚款 = 15 元 每日`");
        assert_eq!(zh("`agent.tier_since`, `tier.base_salary`", ""), "`员工.任级日期`, `等级.base_salary`");
        assert_eq!(zh("`when` is declared", "设 when = 1"), "`when` is declared", "the policy's own name");
        assert_eq!(zh("run `kaohe close … --month 2024-11`", ""), "run `kaohe close … --month 2024-11`");
        assert_eq!(CodeSpelling::new(Dialect::English, "").quoted("`if`"), "`if`");
        assert_eq!(zh("`when` stays in `when工资`", "when工资"), "`当` stays in `当工资`", "not a whole word there");
    }

    #[test]
    fn the_first_word_decides() {
        assert_eq!(detect("/// 说明\n// 注释\n规定 \"x\" {}"), Dialect::Chinese);
        assert_eq!(detect("policy \"规定\" {}"), Dialect::English);
        assert_eq!(detect("规定甲 \"x\""), Dialect::English, "a whole word only");
    }

    #[test]
    fn words_are_whole_and_numbers_with_units_are_not_words() {
        let text = "当 基本工资 > 5分 且 「工资」 \"工资\" // 工资";
        let found: Vec<(&str, bool)> = words(text).iter().map(|&(s, e, q)| (&text[s..e], q)).collect();
        assert_eq!(found, [("当", false), ("基本工资", false), ("且", false), ("工资", true)]);
    }

    #[test]
    fn marks_keep_the_length_and_only_the_files_dialect_is_marked() {
        let source = Source::new("t.kh", "当 when 每日 工资 「工资」 基本工资");
        let mut out = source.text().to_string();
        let diags = mark(&source, &mut out, Dialect::Chinese);
        assert!(diags.is_empty());
        assert_eq!(out.len(), source.text().len());
        let want = format!(
            "{} \u{3}hen {}{} {}\u{4}\u{4}\u{4}    工资    基本工资",
            mark_of(Keyword::When),
            mark_of(Keyword::Per),
            mark_of(Keyword::Day),
            mark_of(Keyword::Pay)
        );
        assert_eq!(out, want);
        let english = Source::new("t.kh", "when 工资");
        let mut out = english.text().to_string();
        mark(&english, &mut out, Dialect::English);
        assert_eq!(out, "when 工资");
    }
}
