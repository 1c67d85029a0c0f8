//! `kaohe fmt`: idempotent and meaning-preserving on every policy in the project, and
//! on generated policies; the bundled policies are formatted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kaohe::fmt::format_source;
use kaohe::syntax::parse;
use kaohe::Source;
use proptest::prelude::*;

use crate::common;
use crate::common::policy_gen::decl;

fn kh_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["policies", "tests/check"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "kh") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Formats `text`; asserts the same tree and a fixed point. `None` if it does not parse.
fn round_trip(name: &str, text: &str) -> Option<String> {
    let src = Source::new(name, text.to_string());
    let once = format_source(&src).ok()?;
    let (before, _) = parse(&src);
    let (after, diags) = parse(&Source::new(name, once.clone()));
    assert!(
        diags.is_empty(),
        "{name}: formatted text has diagnostics: {:?}\n{once}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    assert_eq!(before, after, "{name}: formatting changed the tree\n{once}");
    let twice = format_source(&Source::new(name, once.clone())).unwrap();
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    Some(once)
}

#[test]
fn every_policy_and_fixture_round_trips() {
    let mut formatted = 0;
    for path in kh_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        if let Some(out) = round_trip(&name, &text) {
            formatted += 1;
            // Comments survive, all of them.
            let count = |t: &str| t.matches("//").count();
            assert_eq!(count(&text), count(&out), "{name}: a comment was lost");
        }
    }
    assert!(formatted > 50, "only {formatted} files formatted");
}

#[test]
fn bundled_policies_are_formatted() {
    for path in kh_files().into_iter().filter(|p| p.to_string_lossy().contains("/policies/")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let out = format_source(&Source::new(path.display().to_string(), text.clone())).unwrap();
        assert_eq!(out, text, "{} is not formatted: run `kaohe fmt --write`", path.display());
    }
}

#[test]
fn canonical_layout() {
    let messy = "policy \"t\"{effective 2024-10-01;status active}\n\n\n\
                 tier 初级 { base_salary=3000元 ; performance_pay = 500 元;requires tenure>=3 months // 门槛\n }\n\
                 severity 重度\nseverity 轻度\n\
                 /// 旷工\nviolation 旷工{severity 重度\n points=10分 }\n\
                 table 系数(s: points)->number{ s>=95分=>100% ; else=>0% }\n\
                 pay{ 实发=tier.base_salary*系数(100分-points)+(1 元\n + 2 元) }\n";
    let want = "policy \"t\" {\n  effective 2024-10-01\n  status active\n}\n\n\
                tier 初级 {\n  base_salary     = 3000 元\n  performance_pay = 500 元\n  requires tenure >= 3 months  // 门槛\n}\n\n\
                severity 重度\nseverity 轻度\n\n\
                /// 旷工\nviolation 旷工 {\n  severity 重度\n  points = 10 分\n}\n\n\
                table 系数(s: points) -> number {\n  s >= 95 分 => 100%\n  else       => 0%\n}\n\n\
                pay {\n  实发 = tier.base_salary * 系数(100 分 - points) + (1 元 + 2 元)\n}\n";
    assert_eq!(round_trip("messy.kh", messy).unwrap(), want);
}

#[test]
fn formatted_policy_evaluates_identically() {
    let text = common::bundled_policy();
    let reformatted = text.replace("\n  ", "\n      ");
    let formatted = format_source(&Source::new("p.kh", reformatted.clone())).unwrap();
    assert_eq!(formatted, text);
    let agents = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/2024-10/agents.csv")).unwrap();
    let incidents =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/2024-10/incidents.csv")).unwrap();
    assert_eq!(
        common::eval_json(&reformatted, "2024-10", &agents, &incidents),
        common::eval_json(&formatted, "2024-10", &agents, &incidents)
    );
}

// ---------------------------------------------------------------- generated policies

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]
    #[test]
    fn generated_policies_round_trip(decls in prop::collection::vec(decl(), 1..8), comment in any::<bool>()) {
        let mut text = String::from("policy \"生成\" {\n  effective 2024-10-01\n  status draft\n}\n");
        for d in decls {
            text.push_str(&d);
            text.push('\n');
            if comment {
                text.push_str("// 说明\n");
            }
        }
        // Syntactically valid by construction; names and types need not check.
        let out = round_trip("gen.kh", &text);
        prop_assert!(out.is_some(), "did not parse:\n{}", text);
    }
}
