//! The message files (`locales/<lang>/kaohe.ftl`) are whole: both parse, hold the same
//! ids with the same placeholders, every `tr!` in the code names a message and passes
//! exactly its placeholders, and every message is used. Then Chinese output of the
//! binary, text for text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use kaohe::i18n::Lang;

/// Each message's placeholders (`{ $name }`, also inside selectors).
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(lang.messages()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: the message file does not parse: {errors:?}", lang.as_str()),
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            assert!(out.insert(m.id.name.to_string(), vars).is_none(), "{}: `{}` twice", lang.as_str(), m.id.name);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn both_languages_have_every_message_with_the_same_placeholders() {
    let en = messages(Lang::En);
    let zh = messages(Lang::Zh);
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty() && only_zh.is_empty(), "only in en: {only_en:?}; only in zh: {only_zh:?}");
    for (id, vars) in &en {
        assert_eq!(Some(vars), zh.get(id), "`{id}`: the placeholders differ between en and zh");
    }
    assert!(en.len() > 100, "{} messages", en.len());
}

/// Every `tr!("id", a = …, b = …)` in `src/`: its id and the names it passes.
fn calls() -> Vec<(String, String, BTreeSet<String>)> {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("tr!(\"") {
            let after = &rest[i + 5..];
            if rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                rest = after;
                continue;
            }
            let id_end = after.find('"').unwrap();
            let id = after[..id_end].to_string();
            let args = call_args(&after[id_end + 1..]);
            out.push((file.display().to_string(), id, args));
            rest = &after[id_end..];
        }
    }
    out
}

/// The names of `name = value` arguments up to the call's closing parenthesis.
fn call_args(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let (mut depth, mut in_str, mut start) = (0i32, false, 0usize);
    let mut prev = '\0';
    for (k, c) in text.char_indices() {
        if in_str {
            if c == '"' && prev != '\\' {
                in_str = false;
            }
            prev = if prev == '\\' && c == '\\' { '\0' } else { c };
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                arg_name(&text[start..k], &mut names);
                break;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                arg_name(&text[start..k], &mut names);
                start = k + 1;
            }
            _ => {}
        }
        prev = c;
    }
    names
}

fn arg_name(arg: &str, names: &mut BTreeSet<String>) {
    if let Some((name, _)) = arg.split_once('=') {
        let name = name.trim();
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            names.insert(name.to_string());
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Messages looked up by an id made at run time: the command line's help
/// (`cli-<command>-<option>`), column titles (`column-<csv column>`).
const MADE_AT_RUN_TIME: [&str; 2] = ["cli-", "column-"];

#[test]
fn every_call_names_a_message_and_passes_its_placeholders() {
    let en = messages(Lang::En);
    let calls = calls();
    assert!(calls.len() > 50, "{} calls", calls.len());
    for (file, id, args) in &calls {
        let Some(vars) = en.get(id) else { panic!("{file}: `tr!(\"{id}\")` names no message") };
        assert_eq!(args, vars, "{file}: `{id}` is passed other arguments than it uses");
    }
    let used: BTreeSet<&str> = calls.iter().map(|(_, id, _)| id.as_str()).collect();
    let unused: Vec<&String> = en
        .keys()
        .filter(|k| !used.contains(k.as_str()) && !MADE_AT_RUN_TIME.iter().any(|p| k.starts_with(p)))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}
