//! Semantic tokens: what each word of the policy is, so an editor colours a tier as a
//! tier and a violation as a violation, whatever its name.
//!
//! A small scanner walks the text (doc comments, comments, strings, numbers and dates,
//! words); a word is what the symbol index says it is at that place, else a keyword, a
//! unit after a number, a built-in or a type name. Token lengths are counted in the
//! negotiated position encoding.

use lsp_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend};

use super::{json, words, Reply, View};
use crate::check::SymbolKind;
use crate::syntax::ast::UnitWord;
use crate::syntax::keywords::{Dialect, Keyword};

/// The legend's token types; a token's type is its index here.
const TYPES: [SemanticTokenType; 13] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::TYPE,
    SemanticTokenType::CLASS,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::EVENT,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::MACRO,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Keyword,
    Comment,
    String,
    Number,
    /// A unit or a type name.
    Type,
    Tier,
    Severity,
    /// A violation or an escalation.
    Rule,
    Let,
    Function,
    /// A record field, a tier attribute or a pay line.
    Property,
    Parameter,
    /// `TBD`: a value still to be decided.
    Hole,
}

const MODIFIERS: [SemanticTokenModifier; 4] = [
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::READONLY,
    SemanticTokenModifier::DEFAULT_LIBRARY,
    SemanticTokenModifier::DOCUMENTATION,
];
const DECLARATION: u32 = 1;
const READONLY: u32 = 2;
const DEFAULT_LIBRARY: u32 = 4;
const DOCUMENTATION: u32 = 8;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend { token_types: TYPES.to_vec(), token_modifiers: MODIFIERS.to_vec() }
}

/// One token: bytes, type, modifier bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub start: usize,
    pub end: usize,
    pub token: Token,
    pub modifiers: u32,
}

pub fn semantic_tokens(view: &View) -> Reply {
    let a = view.analysis;
    let text = a.text();
    let encoding = a.lines.encoding();
    let mut data = Vec::new();
    let (mut line, mut column) = (0u32, 0u32);
    for piece in pieces(view) {
        let at = a.lines.position(text, piece.start);
        let length = encoding.len(text.get(piece.start..piece.end).unwrap_or(""));
        let delta_line = at.line - line;
        let delta_start = if delta_line == 0 { at.character - column } else { at.character };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: piece.token as u32,
            token_modifiers_bitset: piece.modifiers,
        });
        (line, column) = (at.line, at.character);
    }
    json(SemanticTokens { result_id: None, data })
}

fn symbol_token(kind: SymbolKind) -> (Token, u32) {
    match kind {
        SymbolKind::Tier => (Token::Tier, 0),
        SymbolKind::Severity => (Token::Severity, 0),
        SymbolKind::Violation | SymbolKind::Escalation => (Token::Rule, 0),
        SymbolKind::Let => (Token::Let, READONLY),
        SymbolKind::Table => (Token::Function, 0),
        SymbolKind::PayLine | SymbolKind::TierAttribute | SymbolKind::AgentField | SymbolKind::IncidentField => {
            (Token::Property, 0)
        }
        SymbolKind::TableParameter => (Token::Parameter, 0),
    }
}

/// The document's tokens, in order, none overlapping, none across a line break.
pub fn pieces(view: &View) -> Vec<Piece> {
    let a = view.analysis;
    let text = a.text();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut occurrences = a.symbols.occurrences.iter().peekable();
    let mut i = 0;
    let mut after_number = false;
    while let Some(&b) = bytes.get(i) {
        let rest = text.get(i..).unwrap_or("");
        let line_end = || rest.find(['\n', '\r']).map_or(text.len(), |n| i + n);
        let mut push = |start: usize, end: usize, token: Token, modifiers: u32| {
            out.push(Piece { start, end, token, modifiers });
        };
        if rest.starts_with("//") {
            let doc = rest.starts_with("///");
            let end = line_end();
            push(i, end, Token::Comment, if doc { DOCUMENTATION } else { 0 });
            i = end;
            after_number = false;
            continue;
        }
        if b == b'"' {
            let mut j = i + 1;
            while let Some(&c) = bytes.get(j) {
                match c {
                    b'\\' => j += 2,
                    b'"' => {
                        j += 1;
                        break;
                    }
                    b'\n' | b'\r' => break,
                    _ => j += 1,
                }
            }
            let end = j.min(line_end());
            push(i, end, Token::String, 0);
            i = end;
            after_number = false;
            continue;
        }
        if b.is_ascii_digit() {
            let len =
                rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, '_' | '.' | '-' | '%'))).unwrap_or(rest.len());
            let end = i + len.max(1);
            push(i, end, Token::Number, 0);
            i = end;
            after_number = true;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if !(c == '_' || c.is_alphabetic()) {
            i += c.len_utf8();
            if !matches!(c, ' ' | '\t' | '/') {
                after_number = false;
            }
            continue;
        }
        let len = rest.find(|c: char| !words::name_char(c)).unwrap_or(rest.len());
        let (start, end) = (i, i + len);
        let word = rest.get(..len).unwrap_or("");
        while occurrences.next_if(|o| o.span.start < start).is_some() {}
        let occurrence = occurrences.next_if(|o| o.span.start == start);
        let token = match occurrence.and_then(|o| Some((a.symbols.get(o.symbol)?, o.declaration))) {
            Some((symbol, declaration)) => {
                let (token, mods) = symbol_token(symbol.kind);
                let builtin = if symbol.is_builtin() { DEFAULT_LIBRARY } else { 0 };
                Some((token, mods | builtin | if declaration { DECLARATION } else { 0 }))
            }
            None => word_token(text, start, word, after_number),
        };
        if let Some((token, mods)) = token {
            push(start, end, token, mods);
        }
        after_number = false;
        i = end;
    }
    out
}

/// What a word that names no declaration is.
fn word_token(text: &str, start: usize, word: &str, after_number: bool) -> Option<(Token, u32)> {
    if word == "TBD" {
        return Some((Token::Hole, 0));
    }
    if after_number && UnitWord::parse(word).is_some() {
        return Some((Token::Type, 0));
    }
    let before = text.get(..start).unwrap_or("").trim_end_matches([' ', '\t']);
    let after_dot = before.ends_with('.');
    if !after_dot && words::is_reserved(word) {
        return Some((Token::Keyword, 0));
    }
    // `from "设备价值(元)"` (`来自`): contextual, a keyword only before a field's header.
    let after = text.get(start + word.len()..).unwrap_or("").trim_start_matches([' ', '\t']);
    let from = Keyword::From;
    if !after_dot && Dialect::ALL.iter().any(|d| from.spelling_in(*d) == word) && after.starts_with(['"', '“']) {
        return Some((Token::Keyword, 0));
    }
    let line_start = before.is_empty() || before.ends_with(['\n', '\r', '{', ';']);
    if line_start && words::CONTEXTUAL.contains(&word) {
        return Some((Token::Keyword, 0));
    }
    if (before.ends_with(':') || before.ends_with("->")) && words::TYPES.contains(&word) {
        return Some((Token::Type, 0));
    }
    if words::FUNCTIONS.contains(&word) && text.get(start + word.len()..)?.trim_start().starts_with('(') {
        return Some((Token::Function, DEFAULT_LIBRARY));
    }
    if words::VALUES.contains(&word) && !after_dot {
        return Some((Token::Let, READONLY | DEFAULT_LIBRARY));
    }
    None
}
