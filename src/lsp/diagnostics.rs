//! `kaohe check`'s diagnostics as the protocol carries them.
//!
//! Each keeps its stable code, its level, its message and its span; the help is the
//! message's second line (`help: did you mean \`旷工\`?`), as `kaohe check` prints it
//! under the excerpt, and the label and related places are related information. A
//! diagnostic without a place is shown at the start of the file.

use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Range, Uri,
};
use serde_json::Value;

use super::analysis::Analysis;
use crate::diag::{Code, Diagnostic, Level};

pub fn publish(analysis: &Analysis, uri: &Uri) -> Value {
    let diagnostics: Vec<LspDiagnostic> =
        analysis.checked.diagnostics.iter().map(|d| convert(analysis, uri, d)).collect();
    serde_json::json!({ "uri": uri, "version": analysis.version, "diagnostics": diagnostics })
}

/// The range of a diagnostic's place in the document.
pub fn range(analysis: &Analysis, d: &Diagnostic) -> Range {
    match &d.span {
        Some(s) => analysis.lines.range(analysis.text(), s.start, s.end),
        None => Range::default(),
    }
}

pub fn convert(analysis: &Analysis, uri: &Uri, d: &Diagnostic) -> LspDiagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let text = analysis.text();
    let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
    if let (Some(span), false) = (&d.span, d.label.is_empty()) {
        let range = analysis.lines.range(text, span.start, span.end);
        related.push(DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range },
            message: d.label.clone(),
        });
    }
    for (span, label) in &d.related {
        let range = analysis.lines.range(text, span.start, span.end);
        related.push(DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range },
            message: label.clone(),
        });
    }
    LspDiagnostic {
        range: range(analysis, d),
        severity: Some(match d.level {
            Level::Error => DiagnosticSeverity::ERROR,
            Level::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("kaohe".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: matches!(d.code, Code::Unreachable | Code::Unused).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
