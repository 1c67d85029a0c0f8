//! Text → syntax tree.
//!
//! [`parse`] runs the layout pass ([`layout`]: full-width punctuation, line breaks in
//! brackets, bracket depth), then the pest grammar, then builds the tree ([`parser`]).
//! It returns the tree when the text parses, and every diagnostic found on the way.
//!
//! Two tables serve every stage: [`keywords`], the words of the language (the grammar's
//! keywords, checked against `grammar/kaohe.pest` by a test, and the built-in names), and
//! [`scan`], which tells code from strings and comments.

pub mod ast;
pub mod dialect;
mod grammar;
pub mod keywords;
pub mod layout;
pub mod parser;
pub mod scan;
pub mod unit_names;

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::source::Source;

pub use ast::PolicyFile;

/// Stack for the recursive descent: enough for the deepest policy the limits allow.
const PARSE_STACK: usize = 256 * 1024 * 1024;

pub fn parse(source: &Arc<Source>) -> (Option<PolicyFile>, Vec<Diagnostic>) {
    let dialect = dialect::detect(source.text());
    let layout = layout::prepare(source, dialect);
    let mut diags = layout.diagnostics;
    if layout.stop {
        return (None, diags);
    }
    let mut text = layout.text;
    diags.extend(dialect::mark(source, &mut text, dialect));
    let src = source.clone();
    // Long chains of prefix operators recurse in the grammar; give it room.
    let run = move || parser::parse_text(&src, &text, dialect);
    let (file, more) = match std::thread::Builder::new().stack_size(PARSE_STACK).spawn(run) {
        Ok(handle) => handle.join().unwrap_or((None, Vec::new())),
        Err(_) => (None, Vec::new()),
    };
    diags.extend(more);
    (file, diags)
}
