//! A code lens on each worked example (`test "…" { … }`): it shows whether the example
//! passes, as `kaohe test` runs it, and running its command runs the example again and
//! reports the outcome in a message (each failed expectation with what the month gave).

use lsp_types::{CodeLens, Command, ExecuteCommandParams, MessageType, ShowMessageParams};
use serde_json::Value;

use super::{failed, json, Reply, View};
use crate::syntax::ast::DeclKind;
use crate::worked::ExampleOutcome;

/// The command a lens runs: arguments are the document's URI and the example's name.
pub const RUN_TEST: &str = "kaohe.runTest";

fn outcome<'a>(view: &'a View, name: &str) -> Option<&'a ExampleOutcome> {
    view.analysis.examples()?.iter().find(|o| o.name == name)
}

/// The lens's title: `✓ passed (9 expectations)`, `✗ failed: 1 of 9 expectations`.
pub fn title(outcome: Option<&ExampleOutcome>, policy_has_errors: bool) -> String {
    match outcome {
        Some(o) if o.ok() => tr!("lsp-lens-passed", count = o.passed),
        Some(o) => tr!("lsp-lens-failed", failed = o.failures.len(), count = o.passed + o.failures.len()),
        None if policy_has_errors => tr!("lsp-lens-run-broken"),
        None => tr!("lsp-lens-run"),
    }
}

pub fn code_lenses(view: &View) -> Reply {
    let a = view.analysis;
    let Some(tree) = a.tree.as_ref() else { return json(Vec::<CodeLens>::new()) };
    let errors = a.checked.has_errors();
    let lenses: Vec<CodeLens> = tree
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Test(t) => Some((d, t)),
            _ => None,
        })
        .map(|(d, t)| {
            let name = &t.name.value;
            let start = d.span.start;
            CodeLens {
                range: a.lines.range(a.text(), start, t.name.span.end),
                command: Some(Command {
                    title: title(outcome(view, name), errors),
                    command: RUN_TEST.into(),
                    arguments: Some(vec![
                        serde_json::to_value(view.uri).unwrap_or(Value::Null),
                        Value::from(name.as_str()),
                    ]),
                }),
                data: None,
            }
        })
        .collect();
    json(lenses)
}

/// Runs a worked example: the reply says how it went, and a message shows it.
pub fn execute(view: &View, p: ExecuteCommandParams) -> Reply {
    if p.command != RUN_TEST {
        return Err(failed(tr!("lsp-unknown-command", command = &p.command)));
    }
    let Some(name) = p.arguments.get(1).and_then(Value::as_str) else {
        return Err(failed(tr!("lsp-run-test-arguments")));
    };
    if view.analysis.checked.program.is_none() {
        return Err(failed(tr!("lsp-run-test-broken")));
    }
    let Some(o) = outcome(view, name) else { return Err(failed(tr!("lsp-no-example", name = name))) };
    let message = if o.ok() {
        tr!("lsp-example-passed", name = name, count = o.passed)
    } else {
        let lines: Vec<String> = o
            .failures
            .iter()
            .map(|d| match &d.span {
                Some(s) => tr!("lsp-example-failure", line = s.line(), label = &d.label),
                None => d.message.clone(),
            })
            .collect();
        tr!("lsp-example-failed", name = name, failures = lines.join("\n"))
    };
    let kind = if o.ok() { MessageType::INFO } else { MessageType::ERROR };
    json(serde_json::json!({
        "name": name,
        "passed": o.ok(),
        "expectations": o.passed + o.failures.len(),
        "failed": o.failures.len(),
        "message": ShowMessageParams { typ: kind, message },
    }))
}
