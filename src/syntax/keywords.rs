//! Every word the language gives a meaning to, in one table.
//!
//! Three sorts of words, each an enum with one row of data per word:
//! - [`Keyword`]: the words of the grammar. Most are *reserved* (never a name: the
//!   contract's list, `policy` … `TBD`); a few are *contextual* (`test`, `month`,
//!   `expect`): special only where the grammar expects them, ordinary names elsewhere.
//! - [`Builtin`]: names the checker defines before any declaration (`tenure`, `count` …);
//!   they are names to the grammar, so a policy may not declare them again.
//!
//! A word is spelled once per [`Dialect`]: English (the contract's) and Chinese, one
//! column each in the tables below; users look words up through this module (the
//! parser's messages, the formatter, the checker). pest needs its keywords in
//! `grammar/kaohe.pest`: each in English and by its mark (`syntax::dialect`: how a
//! Chinese-dialect file's words reach the grammar); a test below reads that file and
//! fails when its `kw_*`, `cw_*`, `keyword` and `contextual` rules differ from these tables.
//!
//! The grammar names a keyword's rule `kw_` (reserved) or `cw_` (contextual) followed by
//! its English spelling in lower case: `kw_issued_by`, `kw_tbd`, `cw_month`.

use std::fmt;
use std::str::FromStr;

/// How many dialects the tables spell their words in.
const DIALECTS: usize = 2;

/// A set of spellings for the language's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// The contract's spellings (`docs/language.md` §2).
    #[default]
    English,
    /// 中文关键字: `规定`, `违规`, `扣分` … (`docs/dialect.md`).
    Chinese,
}

impl Dialect {
    pub const ALL: [Dialect; DIALECTS] = [Dialect::English, Dialect::Chinese];

    const fn index(self) -> usize {
        self as usize
    }
}

/// What a keyword does where the grammar reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Begins a declaration at the top of a file: `policy`, `tier`, `test` …
    Declaration,
    /// Begins an item inside a block: `version`, `requires`, `points`, `month` …
    Item,
    /// A value an item takes: `draft`, `active`.
    Value,
    /// Builds an expression from others: `and`, `or`, `not`, `if`, `then`, `else`.
    Operator,
    /// A value written as a word: `true`, `false`, `TBD`.
    Literal,
}

/// A word of the grammar. The order is the table's (and the contract's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Policy,
    Version,
    Effective,
    IssuedBy,
    InterpretedBy,
    Status,
    Draft,
    Active,
    Agent,
    Incident,
    Tier,
    Requires,
    Severity,
    Violation,
    Escalation,
    Points,
    Compensation,
    When,
    Let,
    Table,
    Else,
    Pay,
    If,
    Then,
    And,
    Or,
    Not,
    True,
    False,
    Tbd,
    Test,
    Month,
    Expect,
    /// Before a record field's type: its cells may be negative.
    Signed,
    /// A violation's or an escalation's fine (`fine = …`).
    Fine,
    /// A filter inside a count or an aggregate: `count(投诉 where incident.等级 == "重大")`.
    Where,
    /// A cap on a violation's or a severity's amounts: `cap fine = 15 元 per day`.
    Cap,
    /// Before a cap's period: `per day`.
    Per,
    Day,
    Week,
    /// `one of ("重大", "一般")`: a choice type.
    One,
    Of,
    /// `unit 公里 (km, 千米)`: a declared unit.
    Unit,
    /// In a worked example, an earlier closed month: `history 2024-09 { A1.结转赔偿 = 400 元 }`.
    History,
}

/// One row of the keyword table.
struct KeywordRow {
    keyword: Keyword,
    kind: Kind,
    reserved: bool,
    spellings: [&'static str; DIALECTS],
}

const fn reserved(keyword: Keyword, kind: Kind, spellings: [&'static str; DIALECTS]) -> KeywordRow {
    KeywordRow { keyword, kind, reserved: true, spellings }
}

const fn contextual(keyword: Keyword, kind: Kind, spellings: [&'static str; DIALECTS]) -> KeywordRow {
    KeywordRow { keyword, kind, reserved: false, spellings }
}

use Kind::{Declaration, Item, Literal, Operator, Value};

/// Every keyword, in the order of [`Keyword`]'s variants (checked when compiling).
#[rustfmt::skip]
const KEYWORDS: [KeywordRow; 44] = [
    //         keyword                  kind         English           Chinese
    reserved(Keyword::Policy,         Declaration, ["policy",         "规定"]),
    reserved(Keyword::Version,        Item,        ["version",        "版本"]),
    reserved(Keyword::Effective,      Item,        ["effective",      "生效"]),
    reserved(Keyword::IssuedBy,       Item,        ["issued_by",      "发布"]),
    reserved(Keyword::InterpretedBy,  Item,        ["interpreted_by", "解释"]),
    reserved(Keyword::Status,         Item,        ["status",         "状态"]),
    reserved(Keyword::Draft,          Value,       ["draft",          "草稿"]),
    reserved(Keyword::Active,         Value,       ["active",         "执行"]),
    reserved(Keyword::Agent,          Declaration, ["agent",          "员工"]),
    reserved(Keyword::Incident,       Declaration, ["incident",       "事件"]),
    reserved(Keyword::Tier,           Declaration, ["tier",           "等级"]),
    reserved(Keyword::Requires,       Item,        ["requires",       "要求"]),
    reserved(Keyword::Severity,       Declaration, ["severity",       "程度"]),
    reserved(Keyword::Violation,      Declaration, ["violation",      "违规"]),
    reserved(Keyword::Escalation,     Declaration, ["escalation",     "追加"]),
    reserved(Keyword::Points,         Item,        ["points",         "扣分"]),
    reserved(Keyword::Compensation,   Item,        ["compensation",   "赔偿"]),
    reserved(Keyword::When,           Item,        ["when",           "当"]),
    reserved(Keyword::Let,            Declaration, ["let",            "设"]),
    reserved(Keyword::Table,          Declaration, ["table",          "表"]),
    reserved(Keyword::Else,           Operator,    ["else",           "否则"]),
    reserved(Keyword::Pay,            Declaration, ["pay",            "工资"]),
    reserved(Keyword::If,             Operator,    ["if",             "如果"]),
    reserved(Keyword::Then,           Operator,    ["then",           "则"]),
    reserved(Keyword::And,            Operator,    ["and",            "且"]),
    reserved(Keyword::Or,             Operator,    ["or",             "或"]),
    reserved(Keyword::Not,            Operator,    ["not",            "非"]),
    reserved(Keyword::True,           Literal,     ["true",           "是"]),
    reserved(Keyword::False,          Literal,     ["false",          "否"]),
    reserved(Keyword::Tbd,            Literal,     ["TBD",            "待定"]),
    contextual(Keyword::Test,         Declaration, ["test",           "算例"]),
    contextual(Keyword::Month,        Item,        ["month",          "月份"]),
    contextual(Keyword::Expect,       Item,        ["expect",         "预期"]),
    contextual(Keyword::Signed,       Item,        ["signed",         "可负"]),
    contextual(Keyword::Fine,         Item,        ["fine",           "罚款"]),
    contextual(Keyword::Where,        Operator,    ["where",          "其中"]),
    contextual(Keyword::Cap,          Item,        ["cap",            "上限"]),
    contextual(Keyword::Per,          Operator,    ["per",            "每"]),
    contextual(Keyword::Day,          Value,       ["day",            "日"]),
    contextual(Keyword::Week,         Value,       ["week",           "周"]),
    contextual(Keyword::One,          Value,       ["one",            "之"]),
    contextual(Keyword::Of,           Value,       ["of",             "一"]),
    contextual(Keyword::Unit,         Declaration, ["unit",           "单位"]),
    contextual(Keyword::History,      Item,        ["history",        "历史"]),
];

const _: () = {
    let mut i = 0;
    while i < KEYWORDS.len() {
        assert!(KEYWORDS[i].keyword as usize == i, "KEYWORDS must list the keywords in the enum's order");
        i += 1;
    }
    assert!(KEYWORDS.len() == Keyword::History as usize + 1, "KEYWORDS must list every keyword");
};

impl Keyword {
    /// Every keyword, reserved ones first.
    pub const ALL: [Keyword; KEYWORDS.len()] = {
        let mut all = [Keyword::Policy; KEYWORDS.len()];
        let mut i = 0;
        while i < KEYWORDS.len() {
            all[i] = KEYWORDS[i].keyword;
            i += 1;
        }
        all
    };

    const fn row(self) -> &'static KeywordRow {
        &KEYWORDS[self as usize]
    }

    /// The English spelling, as the contract writes it.
    pub const fn spelling(self) -> &'static str {
        self.spelling_in(Dialect::English)
    }

    pub const fn spelling_in(self, dialect: Dialect) -> &'static str {
        self.row().spellings[dialect.index()]
    }

    pub const fn kind(self) -> Kind {
        self.row().kind
    }

    /// Whether the word can never be a name (as opposed to a contextual word).
    pub const fn is_reserved(self) -> bool {
        self.row().reserved
    }

    /// The keyword spelled `word` in `dialect`, reserved or contextual.
    pub fn in_dialect(word: &str, dialect: Dialect) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.spelling_in(dialect) == word)
    }

    /// The keyword a grammar rule stands for, from the rule's name (`kw_tier`, `cw_month`).
    pub fn from_rule_name(rule: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.rule_name_matches(rule))
    }

    /// The name of the keyword's rule in `grammar/kaohe.pest`.
    pub fn rule_name(self) -> String {
        let prefix = if self.is_reserved() { "kw_" } else { "cw_" };
        format!("{prefix}{}", self.spelling().to_ascii_lowercase())
    }

    fn rule_name_matches(self, rule: &str) -> bool {
        let prefix = if self.is_reserved() { "kw_" } else { "cw_" };
        rule.strip_prefix(prefix).is_some_and(|rest| rest.eq_ignore_ascii_case(self.spelling()))
    }
}

/// Reads an English keyword, reserved or contextual.
impl FromStr for Keyword {
    type Err = UnknownWord;

    fn from_str(word: &str) -> Result<Keyword, UnknownWord> {
        Keyword::in_dialect(word, Dialect::English).ok_or(UnknownWord)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spelling())
    }
}

/// The word is not one of the table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownWord;

/// Whether `word` is a reserved English keyword, which can never be a name.
pub fn is_reserved(word: &str) -> bool {
    word.parse::<Keyword>().is_ok_and(Keyword::is_reserved)
}

/// Whether `word` begins a declaration (in English), reserved or contextual (`test`).
pub fn is_declaration_word(word: &str) -> bool {
    word.parse::<Keyword>().is_ok_and(|k| k.kind() == Kind::Declaration)
}

/// The words that begin a declaration, in English: `policy agent … pay test`.
pub const DECLARATION_WORDS: [&str; 12] = keyword_spellings(Some(Kind::Declaration), Which::All);

/// The reserved English keywords, in the contract's order: `policy version … TBD`.
pub const RESERVED_WORDS: [&str; 30] = keyword_spellings(None, Which::Reserved);

/// The contextual English words: special only where a construct expects them.
pub const CONTEXTUAL_WORDS: [&str; 14] = keyword_spellings(None, Which::Contextual);

/// Which keywords a list takes.
#[derive(Clone, Copy)]
enum Which {
    All,
    Reserved,
    Contextual,
}

/// The spellings of the keywords of one kind (or of every kind), reserved ones, contextual
/// ones or all; `N` must be their number, or the constant does not compile.
const fn keyword_spellings<const N: usize>(kind: Option<Kind>, which: Which) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < KEYWORDS.len() {
        let row = &KEYWORDS[i];
        let kind_fits = match kind {
            Some(k) => k as usize == row.kind as usize,
            None => true,
        };
        let which_fits = match which {
            Which::All => true,
            Which::Reserved => row.reserved,
            Which::Contextual => !row.reserved,
        };
        if kind_fits && which_fits {
            assert!(n < N, "more words than the constant holds");
            out[n] = row.spellings[Dialect::English.index()];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "fewer words than the constant holds");
    out
}

// ---------------------------------------------------------------- built-in names

/// What a built-in name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinKind {
    /// A value read without brackets: `tenure`.
    Name,
    /// Called with arguments: `count(…)`.
    Function,
}

/// A name the checker defines before any declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Tenure,
    TenureDays,
    Count,
    Distinct,
    Min,
    Max,
    Floor,
    Ceil,
    Round,
    // Language v2: built-ins only where v2 uses them, so a v1 policy may use them as names.
    Sum,
    Avg,
    Lowest,
    Highest,
    Occurrence,
    TierTenure,
    // History (contract v2 §4.1): read the agent's closed months from a ledger.
    Previous,
    Latest,
    Streak,
    YearTotal,
    YearSoFar,
    LastMonths,
    MonthNumber,
}

struct BuiltinRow {
    builtin: Builtin,
    kind: BuiltinKind,
    /// A v2 built-in: not reserved, a policy may declare a name so spelled.
    contextual: bool,
    spellings: [&'static str; DIALECTS],
}

const fn name(builtin: Builtin, spellings: [&'static str; DIALECTS]) -> BuiltinRow {
    BuiltinRow { builtin, kind: BuiltinKind::Name, contextual: false, spellings }
}

const fn function(builtin: Builtin, spellings: [&'static str; DIALECTS]) -> BuiltinRow {
    BuiltinRow { builtin, kind: BuiltinKind::Function, contextual: false, spellings }
}

const fn v2(row: BuiltinRow) -> BuiltinRow {
    BuiltinRow { contextual: true, ..row }
}

/// Every built-in, in the order of [`Builtin`]'s variants (checked when compiling).
#[rustfmt::skip]
const BUILTINS: [BuiltinRow; 22] = [
    //       built-in                  English          Chinese
    name(Builtin::Tenure,            ["tenure",       "工龄"]),
    name(Builtin::TenureDays,        ["tenure_days",  "工龄天数"]),
    function(Builtin::Count,         ["count",        "次数"]),
    function(Builtin::Distinct,      ["distinct",     "种数"]),
    function(Builtin::Min,           ["min",          "最小"]),
    function(Builtin::Max,           ["max",          "最大"]),
    function(Builtin::Floor,         ["floor",        "向下取整"]),
    function(Builtin::Ceil,          ["ceil",         "向上取整"]),
    function(Builtin::Round,         ["round",        "四舍五入"]),
    v2(function(Builtin::Sum,        ["sum",          "合计"])),
    v2(function(Builtin::Avg,        ["avg",          "平均"])),
    v2(function(Builtin::Lowest,     ["lowest",       "最低"])),
    v2(function(Builtin::Highest,    ["highest",      "最高"])),
    v2(name(Builtin::Occurrence,     ["occurrence",   "第几次"])),
    v2(name(Builtin::TierTenure,     ["tier_tenure",  "本级工龄"])),
    v2(function(Builtin::Previous,   ["previous",     "上月"])),
    v2(function(Builtin::Latest,     ["latest",       "最近"])),
    v2(function(Builtin::Streak,     ["streak",       "连续月数"])),
    v2(function(Builtin::YearTotal,  ["year_total",   "年初至本月"])),
    v2(function(Builtin::YearSoFar,  ["year_so_far",  "年初至上月"])),
    v2(function(Builtin::LastMonths, ["last_months",  "近几月"])),
    v2(name(Builtin::MonthNumber,    ["month_number", "第几月"])),
];

const _: () = {
    let mut i = 0;
    while i < BUILTINS.len() {
        assert!(BUILTINS[i].builtin as usize == i, "BUILTINS must list the built-ins in the enum's order");
        i += 1;
    }
    assert!(BUILTINS.len() == Builtin::MonthNumber as usize + 1, "BUILTINS must list every built-in");
};

impl Builtin {
    pub const ALL: [Builtin; BUILTINS.len()] = {
        let mut all = [Builtin::Tenure; BUILTINS.len()];
        let mut i = 0;
        while i < BUILTINS.len() {
            all[i] = BUILTINS[i].builtin;
            i += 1;
        }
        all
    };

    const fn row(self) -> &'static BuiltinRow {
        &BUILTINS[self as usize]
    }

    /// The English spelling.
    pub const fn spelling(self) -> &'static str {
        self.spelling_in(Dialect::English)
    }

    pub const fn spelling_in(self, dialect: Dialect) -> &'static str {
        self.row().spellings[dialect.index()]
    }

    pub const fn kind(self) -> BuiltinKind {
        self.row().kind
    }

    pub const fn is_function(self) -> bool {
        matches!(self.kind(), BuiltinKind::Function)
    }

    /// A v2 built-in, which a policy may still use as a name of its own.
    pub const fn is_contextual(self) -> bool {
        self.row().contextual
    }

    /// The built-in spelled `word` in `dialect`.
    pub fn in_dialect(word: &str, dialect: Dialect) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.spelling_in(dialect) == word)
    }
}

// ---------------------------------------------------------------- other words

/// Where a word other than a keyword or a built-in is read: each place has its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// A type after `:` or `->`: `money`, `金额`.
    Type,
    /// A field after `agent.`, or in a worked example's `agent` block.
    AgentField,
    /// A field after `incident.`, or in a worked example's `incident` block.
    IncidentField,
    /// What a worked example's `expect` is about: `points`, `promotion` …
    Expected,
    /// A value in an expectation: `none`.
    Value,
}

/// The words each place knows, in English and in Chinese.
#[rustfmt::skip]
pub const WORDS: [(Place, [&str; DIALECTS]); 25] = [
    (Place::Type,          ["money",       "金额"]),
    (Place::Type,          ["points",      "分数"]),
    (Place::Type,          ["duration",    "时长"]),
    (Place::Type,          ["period",      "月数"]),
    (Place::Type,          ["days",        "天数"]),
    (Place::Type,          ["number",      "数值"]),
    (Place::Type,          ["date",        "日期"]),
    (Place::Type,          ["bool",        "是否"]),
    (Place::Type,          ["text",        "文本"]),
    (Place::AgentField,    ["id",          "工号"]),
    (Place::AgentField,    ["name",        "姓名"]),
    (Place::AgentField,    ["tier",        "等级"]),
    (Place::AgentField,    ["hired_on",    "入职日期"]),
    (Place::AgentField,    ["tier_since",  "任级日期"]),
    (Place::IncidentField, ["agent",       "工号"]),
    (Place::IncidentField, ["date",        "日期"]),
    (Place::IncidentField, ["violation",   "违规"]),
    (Place::Expected,      ["points",      "扣分"]),
    (Place::Expected,      ["compensation","赔偿"]),
    (Place::Expected,      ["fine",        "罚款"]),
    (Place::Expected,      ["tier_ok",     "本级合格"]),
    (Place::Expected,      ["promotion",   "晋升"]),
    (Place::Expected,      ["tier",        "等级"]),
    (Place::Expected,      ["escalations", "追加"]),
    (Place::Value,         ["none",        "无"]),
];

/// The English word a Chinese word stands for at a place (built-in names everywhere a
/// name is read); `None` when it is no such word.
pub fn english_word(word: &str, place: Option<Place>) -> Option<&'static str> {
    if let Some(b) = Builtin::in_dialect(word, Dialect::Chinese) {
        return Some(b.spelling());
    }
    let chinese = Dialect::Chinese.index();
    WORDS
        .iter()
        .find(|(p, w)| (Some(*p) == place || *p == Place::Value) && w.get(chinese) == Some(&word))
        .map(|(_, w)| w[0])
}

/// The spelling in `dialect` of an English word at a place (or of a built-in name).
pub fn word_in(word: &str, place: Option<Place>, dialect: Dialect) -> Option<&'static str> {
    if let Some(b) = Builtin::in_dialect(word, Dialect::English) {
        return Some(b.spelling_in(dialect));
    }
    WORDS
        .iter()
        .find(|(p, w)| (Some(*p) == place || *p == Place::Value) && w[0] == word)
        .and_then(|(_, w)| w.get(dialect.index()).copied())
}

/// Reads an English built-in name.
impl FromStr for Builtin {
    type Err = UnknownWord;

    fn from_str(word: &str) -> Result<Builtin, UnknownWord> {
        Builtin::in_dialect(word, Dialect::English).ok_or(UnknownWord)
    }
}

impl fmt::Display for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spelling())
    }
}

/// Every built-in name of language v1, in English: `tenure tenure_days count … round`
/// (a policy may not declare them; the v2 built-ins are contextual).
pub const BUILTIN_NAMES: [&str; 9] = builtin_spellings(false);

/// The built-in functions, in English: `count distinct min max floor ceil round`.
pub const FUNCTIONS: [&str; 7] = builtin_spellings(true);

/// The spellings of the built-ins, functions only or all; `N` must be their number.
const fn builtin_spellings<const N: usize>(functions_only: bool) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < BUILTINS.len() {
        let row = &BUILTINS[i];
        if !row.contextual && (!functions_only || matches!(row.kind, BuiltinKind::Function)) {
            assert!(n < N, "more built-ins than the constant holds");
            out[n] = row.spellings[Dialect::English.index()];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "fewer built-ins than the constant holds");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/kaohe.pest");

    /// The grammar's rules whose names start with `prefix`, each with the string literals
    /// of its body (`kw_tier = @{ "tier" ~ !XID_CONTINUE }` gives `kw_tier → {tier}`).
    fn word_rules(prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut rules = BTreeMap::new();
        for line in GRAMMAR.lines() {
            let Some((name, body)) = line.split_once('=') else { continue };
            let name = name.trim();
            if !name.starts_with(prefix) || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let literals = body.split('"').skip(1).step_by(2).map(str::to_string).collect();
            assert!(rules.insert(name.to_string(), literals).is_none(), "`{name}` is defined twice");
        }
        rules
    }

    /// The rule names listed by the grammar's `keyword` rule.
    fn keyword_rule_alternatives() -> Vec<String> {
        rule_alternatives("keyword")
    }

    /// The rule names listed by a grammar rule made of alternatives (`keyword`, `contextual`).
    fn rule_alternatives(rule: &str) -> Vec<String> {
        let start = GRAMMAR.find(&format!("\n{rule} ")).expect("the grammar has the rule");
        let body = &GRAMMAR[start..];
        let open = body.find('{').expect("`keyword` has a body");
        let close = body.find('}').expect("`keyword` ends");
        body[open + 1..close].split('|').map(|s| s.trim().to_string()).collect()
    }

    fn expected_rules(reserved: bool) -> BTreeMap<String, BTreeSet<String>> {
        Keyword::ALL
            .into_iter()
            .filter(|k| k.is_reserved() == reserved)
            .map(|k| {
                // The English spelling, and the mark a Chinese-dialect file's word becomes
                // (as the grammar writes it: `\u{01}aa`, filled with `\u{04}`).
                let mark: String = crate::syntax::dialect::mark_of(k)
                    .chars()
                    .map(|c| if c.is_control() { format!("\\u{{{:02x}}}", c as u32) } else { c.to_string() })
                    .collect();
                (k.rule_name(), BTreeSet::from([k.spelling().to_string(), mark, "\\u{04}".to_string()]))
            })
            .collect()
    }

    #[test]
    fn grammar_kw_rules_are_the_reserved_keywords() {
        assert_eq!(word_rules("kw_"), expected_rules(true));
    }

    #[test]
    fn grammar_cw_rules_are_the_contextual_words() {
        assert_eq!(word_rules("cw_"), expected_rules(false));
    }

    #[test]
    fn grammar_keyword_rule_lists_every_reserved_keyword_once() {
        let listed = keyword_rule_alternatives();
        let unique: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(unique.len(), listed.len(), "a rule is listed twice: {listed:?}");
        let reserved: BTreeSet<String> = expected_rules(true).into_keys().collect();
        assert_eq!(unique, reserved);
    }

    #[test]
    fn grammar_contextual_rule_lists_every_contextual_word_once() {
        // A declared unit's spelling may be any word but these (`20 per day`).
        let listed = rule_alternatives("contextual");
        let unique: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(unique.len(), listed.len(), "a rule is listed twice: {listed:?}");
        let contextual: BTreeSet<String> = expected_rules(false).into_keys().collect();
        assert_eq!(unique, contextual);
    }

    #[test]
    fn the_contract_keywords_in_order() {
        // docs/language.md §2.
        let contract = "policy version effective issued_by interpreted_by status draft active agent \
                        incident tier requires severity violation escalation points compensation when let table \
                        else pay if then and or not true false TBD";
        assert_eq!(RESERVED_WORDS.join(" "), contract);
        assert_eq!(
            DECLARATION_WORDS.join(" "),
            "policy agent incident tier severity violation escalation let table pay test unit"
        );
    }

    #[test]
    fn lookups() {
        assert_eq!("issued_by".parse(), Ok(Keyword::IssuedBy));
        assert_eq!("TBD".parse(), Ok(Keyword::Tbd));
        assert_eq!("tbd".parse::<Keyword>(), Err(UnknownWord));
        assert_eq!("order".parse::<Keyword>(), Err(UnknownWord));
        assert_eq!(Keyword::Tbd.rule_name(), "kw_tbd");
        assert_eq!(Keyword::Month.rule_name(), "cw_month");
        assert_eq!(Keyword::from_rule_name("kw_issued_by"), Some(Keyword::IssuedBy));
        assert_eq!(Keyword::from_rule_name("cw_test"), Some(Keyword::Test));
        assert_eq!(Keyword::from_rule_name("kw_test"), None);
        assert_eq!(Keyword::from_rule_name("ident"), None);
        assert!(is_reserved("else"));
        assert!(!is_reserved("month"), "contextual words are names outside test blocks");
        assert!(!is_reserved("tenure"), "built-ins are names to the grammar");
        assert!(is_declaration_word("test"));
        assert!(!is_declaration_word("requires"));
        assert_eq!(Keyword::Policy.to_string(), "policy");
    }

    #[test]
    fn builtins() {
        assert_eq!(BUILTIN_NAMES.join(" "), "tenure tenure_days count distinct min max floor ceil round");
        assert_eq!(FUNCTIONS.join(" "), "count distinct min max floor ceil round");
        assert_eq!("tenure_days".parse(), Ok(Builtin::TenureDays));
        assert!(Builtin::Round.is_function());
        assert!(!Builtin::Tenure.is_function());
        assert!(Builtin::ALL.iter().all(|b| !is_reserved(b.spelling())));
    }

    #[test]
    fn every_spelling_is_one_word_of_one_table() {
        for d in Dialect::ALL {
            let mut seen = BTreeSet::new();
            let words =
                Keyword::ALL.map(|k| k.spelling_in(d)).into_iter().chain(Builtin::ALL.map(|b| b.spelling_in(d)));
            for w in words {
                assert!(seen.insert(w), "`{w}` is spelled twice in {d:?}");
                assert!(!w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'), "`{w}`");
            }
        }
    }
}
