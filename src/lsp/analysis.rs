//! One version of one open policy, analysed: what every request about it reads.
//!
//! The analysis is exactly `kaohe check`'s ([`check_source`]: the same diagnostics),
//! plus the [`Symbols`] of the tree. While a declaration is being typed the file does not
//! parse; the tree is then the rest of the file's (each declaration that holds a syntax
//! error blanked, byte for byte, and the rest parsed again), so hover, navigation and
//! completion keep working everywhere else. Worked examples are run once, when a code
//! lens first asks.

use std::sync::{Arc, OnceLock};

use crate::check::{check_source, symbols, Checked, Symbols};
use crate::diag::{Code, Diagnostic};
use crate::source::Source;
use crate::syntax::ast::PolicyFile;
use crate::worked::{run_examples, ExampleOutcome};

use super::position::{Encoding, LineIndex};
use super::words;

pub struct Analysis {
    pub source: Arc<Source>,
    pub version: i32,
    pub checked: Checked,
    /// The tree navigation reads: the file's, or the parts of it that parse.
    pub tree: Option<PolicyFile>,
    /// Whether [`Analysis::tree`] leaves out declarations that do not parse.
    pub partial: bool,
    pub symbols: Symbols,
    pub lines: LineIndex,
    examples: OnceLock<Vec<ExampleOutcome>>,
}

impl Analysis {
    pub fn new(source: Arc<Source>, version: i32, encoding: Encoding) -> Analysis {
        let checked = check_source(&source);
        let (tree, partial) = match &checked.file {
            Some(file) => (Some(file.clone()), false),
            None => (parse_around_errors(&source, &checked.diagnostics), true),
        };
        let symbols = tree.as_ref().map(symbols).unwrap_or_default();
        let lines = LineIndex::new(source.text(), encoding);
        Analysis { source, version, checked, tree, partial, symbols, lines, examples: OnceLock::new() }
    }

    /// An analysis that could not be made: Kaohe broke (a bug), and says so.
    pub fn broken(source: Arc<Source>, version: i32, encoding: Encoding) -> Analysis {
        let d = Diagnostic::error(Code::Internal, tr!("lsp-internal-error")).in_file(source.name());
        let lines = LineIndex::new(source.text(), encoding);
        let checked = Checked { file: None, program: None, diagnostics: vec![d] };
        let symbols = Symbols::default();
        Analysis { source, version, checked, tree: None, partial: true, symbols, lines, examples: OnceLock::new() }
    }

    pub fn text(&self) -> &str {
        self.source.text()
    }

    /// The outcome of each worked example, in order, when the policy has no errors.
    pub fn examples(&self) -> Option<&[ExampleOutcome]> {
        let program = self.checked.program.as_ref()?;
        Some(self.examples.get_or_init(|| run_examples(program)))
    }
}

/// The file's tree without the declarations that hold a syntax error: each is blanked
/// (spaces, line breaks kept, so offsets stay), and the rest parsed.
fn parse_around_errors(source: &Arc<Source>, diagnostics: &[Diagnostic]) -> Option<PolicyFile> {
    let text = source.text();
    let chunks = declaration_chunks(text);
    let broken: Vec<(usize, usize)> = chunks
        .iter()
        .copied()
        .filter(|&(start, end)| {
            diagnostics.iter().filter(|d| d.is_error()).filter_map(|d| d.span.as_ref()).any(|s| {
                let at = s.start.min(text.len().saturating_sub(1));
                start <= at && at < end
            })
        })
        .collect();
    if broken.is_empty() {
        return None;
    }
    let mut blanked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\n' || !broken.iter().any(|&(s, e)| s <= i && i < e) {
            blanked.push(c);
        } else {
            blanked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    let rest = Source::new(source.name(), blanked);
    crate::syntax::parse(&rest).0
}

/// Byte ranges of the top-level declarations: each starts at a line that begins, at its
/// first column, with a declaration word, together with the doc comments right above it.
pub fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut doc_start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if line.starts_with("///") {
            doc_start.get_or_insert(offset);
        } else if words::DECLARATION_WORDS.contains(&word.as_str()) || begins_chinese_declaration(&word) {
            starts.push(doc_start.take().unwrap_or(offset));
        } else if !line.trim().is_empty() {
            doc_start = None;
        }
        offset += line.len();
    }
    let mut chunks = Vec::with_capacity(starts.len() + 1);
    if starts.first().is_some_and(|&s| s > 0) {
        chunks.push((0, starts.first().copied().unwrap_or(0)));
    }
    for (i, &s) in starts.iter().enumerate() {
        chunks.push((s, starts.get(i + 1).copied().unwrap_or(text.len())));
    }
    if starts.is_empty() {
        chunks.push((0, text.len()));
    }
    chunks
}

/// Whether a line's first word begins a declaration in the Chinese dialect (`员工`, `工资`).
fn begins_chinese_declaration(word: &str) -> bool {
    use crate::syntax::keywords::{Dialect, Keyword, Kind};
    Keyword::in_dialect(word, Dialect::Chinese).is_some_and(|k| k.kind() == Kind::Declaration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_being_typed_leaves_the_rest_navigable() {
        let text = "severity 重度\n\nviolation 旷工 {\n  severity 重\n  points = \n}\n\nlet 最低工资 = 2420 元\n";
        let analysis = Analysis::new(Source::new("t.kh", text), 1, Encoding::Utf16);
        assert!(analysis.checked.file.is_none());
        assert!(analysis.partial);
        let names: Vec<&str> =
            analysis.symbols.symbols.iter().filter(|s| !s.is_builtin()).map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["重度", "最低工资"]);
    }
}
