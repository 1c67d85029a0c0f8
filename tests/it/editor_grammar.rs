//! The VS Code extension's TextMate grammar knows every word the parser reserves: the
//! list is the one `kaohe lsp` completes and colours from (`kaohe::lsp::words`), so a
//! keyword added to the language and not to the grammar fails here. (The grammar's
//! scopes on the bundled policies are tested in `editors/vscode/test/`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaohe::lsp::words;

fn matches(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("match" | "begin", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => matches(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| matches(v, out)),
        _ => {}
    }
}

#[test]
fn the_grammar_highlights_every_reserved_and_contextual_word() {
    let text = std::fs::read_to_string("editors/vscode/syntaxes/kaohe.tmLanguage.json").unwrap();
    let grammar: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut regexes = Vec::new();
    matches(&grammar, &mut regexes);
    let alternative = |word: &str| {
        regexes.iter().any(|r| {
            [format!("({word}|"), format!("|{word}|"), format!("|{word})"), format!("({word})")]
                .iter()
                .any(|form| r.contains(form.as_str()))
        })
    };
    let missing: Vec<&str> =
        words::RESERVED.iter().chain(words::CONTEXTUAL).copied().filter(|w| !alternative(w)).collect();
    assert!(missing.is_empty(), "the grammar does not highlight {missing:?}");
    assert_eq!(grammar["scopeName"], "source.kaohe");
}
