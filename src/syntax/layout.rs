//! The pass before the grammar: full-width punctuation and line breaks in brackets.
//!
//! It reads the text once, segment by segment ([`scan`]), and returns a copy of the same
//! byte length (so every span stays valid in the original) in which
//! - each full-width punctuation mark (`：` `，` `（` …) outside strings and comments is
//!   replaced by the ASCII character it stands for, padded with spaces, and reported as
//!   `kaohe::fullwidth`, so that one run reports these and every error after them;
//! - each line break inside round brackets is a space, and so is a `//` comment there,
//!   because an expression continues across lines only inside brackets.
//!
//! Strings are copied as written (only a curly quote around one is reported); a string
//! left open at a line break stops the parse. In code it also counts bracket depth and
//! the prefix operators of an item: deeper than [`MAX_DEPTH`] or more than
//! [`MAX_PREFIXES`] is refused here, before a recursive parser could run out of stack.

use std::sync::Arc;

use super::keywords::{Dialect, Keyword};
use super::scan::{self, Region, Segment};
use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};
use crate::unicode::is_bidi_control;

pub use super::scan::ascii_for;

/// The deepest bracket nesting a policy may use.
pub const MAX_DEPTH: usize = 64;

/// The most prefix operators one expression may nest (far beyond any real policy; it
/// bounds the grammar's recursion).
pub const MAX_PREFIXES: usize = 1000;

pub struct Layout {
    /// Same length as the source text; what the grammar parses.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the text must not be parsed: brackets too deep or never closed.
    pub stop: bool,
}

pub fn prepare(source: &Arc<Source>, dialect: Dialect) -> Layout {
    let mut pass = Pass::new(source);
    pass.prefixes.dialect = dialect;
    for segment in scan::segments(source.text()) {
        match segment.region {
            Region::Code => pass.code(segment),
            Region::String { closed } => pass.string(segment, closed),
            Region::Comment | Region::DocComment => pass.comment(segment),
        }
    }
    pass.finish()
}

/// The pass over one text: what it has written and found so far.
struct Pass<'s> {
    source: &'s Arc<Source>,
    out: String,
    diagnostics: Vec<Diagnostic>,
    stop: bool,
    /// Where each round bracket still open was opened.
    open: Vec<usize>,
    prefixes: Prefixes,
}

impl<'s> Pass<'s> {
    fn new(source: &'s Arc<Source>) -> Pass<'s> {
        Pass {
            source,
            out: String::with_capacity(source.text().len()),
            diagnostics: Vec::new(),
            stop: false,
            open: Vec::new(),
            prefixes: Prefixes::default(),
        }
    }

    fn depth(&self) -> usize {
        self.open.len()
    }

    fn finish(mut self) -> Layout {
        if let Some(&at) = self.open.last() {
            // Every line after it was joined into one expression; stop here.
            self.stop = true;
            self.diagnostics.push(
                Diagnostic::error(Code::Syntax, tr!("layout-paren-unclosed"))
                    .at(&self.span(at, 1), tr!("layout-paren-unclosed-label"))
                    .with_help(tr!("layout-paren-unclosed-help")),
            );
        }
        Layout { text: self.out, diagnostics: self.diagnostics, stop: self.stop }
    }

    fn span(&self, at: usize, len: usize) -> Span {
        Span::new(self.source, at, at + len)
    }

    // ------------------------------------------------------------ strings

    /// A string is copied as written; only its quotes can be full-width.
    fn string(&mut self, string: Segment, closed: bool) {
        let mut chars = string.char_indices(self.source.text());
        if let Some((at, quote)) = chars.next() {
            self.code_char(at, quote);
        }
        let mut warned = false;
        for (at, c) in chars {
            if is_bidi_control(c) && !warned {
                warned = true;
                self.diagnostics.push(bidi(&self.span(at, c.len_utf8()), c, Place::String));
            }
            // A closed string that ends in `”` was opened by a curly quote and closed by one.
            if closed && c == '”' && at + c.len_utf8() == string.end {
                self.full_width(at, c, '"');
            } else {
                self.out.push(c);
            }
        }
        if !closed {
            self.unclosed_string(string);
        }
    }

    /// A string left open at a line break; one left open at the end of the text is the
    /// grammar's to report.
    fn unclosed_string(&mut self, string: Segment) {
        if string.end == self.source.text().len() || self.stop {
            return;
        }
        self.stop = true;
        self.diagnostics.push(
            Diagnostic::error(Code::Syntax, tr!("layout-string-unclosed"))
                .at(&self.span(string.start, string.end - string.start), tr!("layout-string-unclosed-label"))
                .with_help(tr!("layout-string-unclosed-help")),
        );
    }

    // ------------------------------------------------------------ comments

    /// A comment is copied, or blanked inside brackets, where the line break after it
    /// does not end the expression either.
    fn comment(&mut self, comment: Segment) {
        let mut chars = comment.char_indices(self.source.text());
        // The first slash ends the line's code; it is no operator (a line ending in a
        // comment still ends its item), and inside brackets it is blanked.
        if chars.next().is_some() {
            self.out.push(if self.depth() > 0 { ' ' } else { '/' });
        }
        let mut warned = false;
        for (at, c) in chars {
            if is_bidi_control(c) && !warned {
                warned = true;
                self.diagnostics.push(bidi(&self.span(at, c.len_utf8()), c, Place::Comment));
            }
            if self.depth() > 0 {
                pad(&mut self.out, ' ', c.len_utf8());
            } else {
                self.out.push(c);
            }
        }
    }

    // ------------------------------------------------------------ code

    fn code(&mut self, code: Segment) {
        let chars: Vec<(usize, char)> = code.char_indices(self.source.text()).collect();
        let mut i = 0;
        while let Some(&(at, c)) = chars.get(i) {
            let run = full_width_number(chars.get(i..).unwrap_or(&[]));
            if run > 0 {
                self.full_width_run(chars.get(i..i + run).unwrap_or(&[]));
                i += run;
                continue;
            }
            self.code_char(at, c);
            i += 1;
        }
    }

    /// A number or a date written in full-width digits (`３０００`, `１２．５`,
    /// `２０２４－１０－０１`): read as its ASCII twin, filled to its byte length so the
    /// grammar reads one token over the whole of it (`3000________`; a date, whose
    /// digits cannot run into `_`, with spaces), reported once.
    fn full_width_run(&mut self, run: &[(usize, char)]) {
        let (Some(&(start, _)), Some(&(last, last_c))) = (run.first(), run.last()) else { return };
        let end = last + last_c.len_utf8();
        let ascii: String = run.iter().filter_map(|&(_, c)| ascii_for(c)).collect();
        let fill = if ascii.contains('-') { ' ' } else { '_' };
        self.out.push_str(&ascii);
        for _ in ascii.len()..end - start {
            self.out.push(fill);
        }
        for (k, c) in ascii.chars().enumerate() {
            self.count_prefix(start + k, c);
        }
        let written: String = run.iter().map(|&(_, c)| c).collect();
        self.diagnostics.push(
            Diagnostic::warning(Code::Fullwidth, tr!("fullwidth-digits", digits = written))
                .at(&self.span(start, end - start), tr!("fullwidth-digits-label"))
                .with_help(tr!("fullwidth-digits-help", ascii = ascii)),
        );
    }

    /// One character of code: written out, then counted as the grammar will read it.
    fn code_char(&mut self, at: usize, c: char) {
        let c = self.write_code(at, c);
        self.count_prefix(at, c);
        self.count_bracket(at, c);
    }

    /// Writes a character of code and returns what the grammar will read: the ASCII
    /// character for a full-width mark, a space for a line break inside brackets.
    fn write_code(&mut self, at: usize, c: char) -> char {
        if is_bidi_control(c) {
            // It would reorder how the line is shown: refused, and read as a space.
            let span = self.span(at, c.len_utf8());
            self.diagnostics.push(bidi_in_code(&span, c));
            pad(&mut self.out, ' ', c.len_utf8());
            return ' ';
        }
        match ascii_for(c) {
            Some(ascii) => {
                self.full_width(at, c, ascii);
                ascii
            }
            None => {
                if (c == '\n' || c == '\r') && self.depth() > 0 {
                    self.out.push(' ');
                } else {
                    self.out.push(c);
                }
                c
            }
        }
    }

    /// Reports a full-width mark and writes its ASCII character, padded to its length.
    fn full_width(&mut self, at: usize, c: char, ascii: char) {
        self.diagnostics.push(fullwidth(&self.span(at, c.len_utf8()), c, ascii));
        pad(&mut self.out, ascii, c.len_utf8());
    }

    fn count_prefix(&mut self, at: usize, c: char) {
        let depth = self.depth();
        if self.prefixes.read(c, depth) && !self.stop {
            self.stop = true;
            self.diagnostics.push(
                Diagnostic::error(Code::TooDeep, tr!("layout-prefixes-too-deep", max = MAX_PREFIXES))
                    .at(&self.span(at, c.len_utf8()), tr!("layout-too-deep"))
                    .with_help(tr!("layout-name-parts-help")),
            );
        }
    }

    fn count_bracket(&mut self, at: usize, c: char) {
        match c {
            '(' => {
                self.open.push(at);
                if self.depth() > MAX_DEPTH && !self.stop {
                    self.stop = true;
                    self.diagnostics.push(
                        Diagnostic::error(Code::TooDeep, tr!("layout-brackets-too-deep", max = MAX_DEPTH))
                            .at(&self.span(at, 1), tr!("layout-too-deep"))
                            .with_help(tr!("layout-name-a-part-help")),
                    );
                }
            }
            ')' => {
                self.open.pop();
            }
            _ => {}
        }
    }
}

/// Prefix operators are nested recursively by the grammar.
const PREFIX_WORDS: [Keyword; 2] = [Keyword::If, Keyword::Not];

/// An item goes on over a line break that follows one of these.
const CONTINUING_WORDS: [Keyword; 6] =
    [Keyword::And, Keyword::Or, Keyword::Not, Keyword::If, Keyword::Then, Keyword::Else];

/// The prefix operators (`-`, `not`, `if`) of the current item, counted from its code.
#[derive(Default)]
struct Prefixes {
    /// Whose words `not`, `if`, `and` … are.
    dialect: Dialect,
    count: usize,
    /// The word being read.
    word: String,
    /// Whether the last token read lets the item go on over a line break.
    continues: bool,
}

impl Prefixes {
    /// Reads a character of code; true when the item has more prefixes than allowed.
    fn read(&mut self, c: char, depth: usize) -> bool {
        if c.is_alphanumeric() || c == '_' {
            self.word.push(c);
            return false;
        }
        self.end_word();
        match c {
            '-' => self.count += 1,
            '\n' if depth == 0 && !self.continues => self.count = 0,
            _ => {}
        }
        if !c.is_whitespace() {
            self.continues = matches!(c, '+' | '-' | '*' | '/' | '=' | '<' | '>' | '!' | ',');
        }
        self.count > MAX_PREFIXES
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let is = |words: &[Keyword]| words.iter().any(|k| k.spelling_in(self.dialect) == self.word);
        if is(&PREFIX_WORDS) {
            self.count += 1;
        }
        self.continues = is(&CONTINUING_WORDS);
        self.word.clear();
    }
}

/// A bidi control in a string or a comment: allowed, but it can make the line look like
/// something else than it is.
fn bidi(span: &Span, c: char, place: Place) -> Diagnostic {
    let code = format!("{:04X}", c as u32);
    let message = match place {
        Place::String => tr!("layout-bidi-in-string", code = code),
        Place::Comment => tr!("layout-bidi-in-comment", code = code),
    };
    Diagnostic::warning(Code::Bidi, message).at(span, tr!("layout-bidi-label")).with_help(tr!("layout-bidi-help"))
}

/// Where a bidi control that is allowed stands.
#[derive(Clone, Copy)]
enum Place {
    String,
    Comment,
}

/// A bidi control in code: refused, as compilers refuse it (it can make a condition read
/// as something else than it is).
fn bidi_in_code(span: &Span, c: char) -> Diagnostic {
    Diagnostic::error(Code::Bidi, tr!("layout-bidi-in-code", code = format!("{:04X}", c as u32)))
        .at(span, tr!("layout-bidi-in-code-label"))
        .with_help(tr!("layout-bidi-in-code-help"))
}

/// How many characters at the start of `chars` are a number in full-width digits: a
/// full-width digit, then digits, and `．` or `－` each followed by a digit.
fn full_width_number(chars: &[(usize, char)]) -> usize {
    let digit = |c: char| ('\u{FF10}'..='\u{FF19}').contains(&c);
    if !chars.first().is_some_and(|&(_, c)| digit(c)) {
        return 0;
    }
    let mut n = 1;
    while let Some(&(_, c)) = chars.get(n) {
        let joins = matches!(c, '．' | '－') && chars.get(n + 1).is_some_and(|&(_, d)| digit(d));
        if digit(c) || joins {
            n += 1;
        } else {
            break;
        }
    }
    n
}

fn pad(out: &mut String, c: char, len: usize) {
    out.push(c);
    for _ in c.len_utf8()..len {
        out.push(' ');
    }
}

fn fullwidth(span: &Span, c: char, ascii: char) -> Diagnostic {
    let shown = if c == '\u{3000}' { tr!("fullwidth-ideographic-space") } else { format!("`{c}`") };
    let ascii_shown = if ascii == ' ' { tr!("fullwidth-ordinary-space") } else { format!("`{ascii}`") };
    let label = if ascii == ' ' {
        tr!("fullwidth-space-label")
    } else if ascii.is_ascii_digit() {
        tr!("fullwidth-digit-label")
    } else {
        tr!("fullwidth-punctuation-label")
    };
    // Read as its ASCII twin, so the policy still means what it shows: a warning.
    Diagnostic::warning(Code::Fullwidth, tr!("fullwidth-char", char = shown))
        .at(span, label)
        .with_help(tr!("fullwidth-help", ascii = ascii_shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_byte_length_and_blanks_breaks_in_brackets() {
        let src = Source::new("t.kh", "a = max(1,\n 2) // x\nb：1\n\"（\"");
        let l = prepare(&src, Dialect::English);
        assert_eq!(l.text.len(), src.text().len());
        assert_eq!(l.text, "a = max(1,  2) // x\nb:  1\n\"（\"");
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].code, Code::Fullwidth);
        assert_eq!(l.diagnostics[0].help.as_deref(), Some("use `:` instead (switch the input method to half-width)"));
    }

    #[test]
    fn comment_inside_brackets_is_blanked() {
        let src = Source::new("t.kh", "f(a, // one\n b)");
        assert_eq!(prepare(&src, Dialect::English).text, "f(a,         b)");
    }

    #[test]
    fn refuses_deep_nesting() {
        let text = format!("let x = {}1{}", "(".repeat(100), ")".repeat(100));
        let l = prepare(&Source::new("t.kh", text), Dialect::English);
        assert!(l.stop);
        assert_eq!(l.diagnostics[0].code, Code::TooDeep);
    }
}
