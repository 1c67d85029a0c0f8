//! Snapshots for Rust users who embed Kaohe: `kaohe::snapshot::render` under
//! `insta::assert_snapshot!`, as docs/snapshots.md shows it (the first test is the doc's
//! example, word for word), and Kaohe's own snapshot files as insta reads and writes them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The example of docs/snapshots.md, "In your own Rust tests".
#[test]
fn october_under_the_customer_service_policy() {
    let path = "policies/customer-service.kh";
    let text = std::fs::read_to_string(path).unwrap();
    let program = kaohe::check_source(&kaohe::Source::new(path, text)).program.expect("the policy checks");
    let (result, _warnings) = kaohe::evaluate_files(
        &program,
        "2024-10".parse().unwrap(),
        "examples/2024-10/agents.csv",
        "examples/2024-10/incidents.csv",
        &kaohe::EvalOptions::default(),
    )
    .expect("the month evaluates");
    insta::assert_snapshot!(kaohe::snapshot::render(&program, &result));
}

const BUNDLED: &str = "policies/snapshots/customer-service__2024-10.snap";

/// The first fenced `rust` block after a heading.
fn rust_block(doc: &str, heading: &str) -> String {
    let after = doc.split(heading).nth(1).unwrap();
    let start = after.find("```rust\n").unwrap() + "```rust\n".len();
    let end = start + after[start..].find("```").unwrap();
    after[start..end].to_string()
}

#[test]
fn the_doc_shows_this_test_word_for_word() {
    let doc = std::fs::read_to_string("docs/snapshots.md").unwrap();
    let shown = rust_block(&doc, "## In your own Rust tests");
    let this = include_str!("snapshot_library.rs");
    let start = this.find("#[test]\nfn october_under").unwrap();
    let end = start + this[start..].find("\n}\n").unwrap() + 3;
    assert_eq!(shown, &this[start..end]);
}

#[test]
fn insta_keeps_the_same_results_as_the_bundled_snapshot() {
    let kept = insta::Snapshot::from_file(std::path::Path::new(
        "tests/it/snapshots/it__snapshot_library__october_under_the_customer_service_policy.snap",
    ))
    .unwrap();
    let bundled = kaohe::snapshot::Snapshot::parse(BUNDLED, &std::fs::read_to_string(BUNDLED).unwrap()).unwrap();
    let insta::internals::SnapshotContents::Text(text) = kept.contents() else { panic!("a text snapshot") };
    assert_eq!(format!("{text}\n"), bundled.body);
}

/// What `cargo insta review` does when it accepts new results: it reads the `.snap.new`
/// with insta and writes it again. Kaohe's files come out byte for byte the same.
#[test]
fn a_kaohe_snapshot_read_and_written_again_by_insta_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(BUNDLED).unwrap();
    let snapshot = insta::Snapshot::from_file(std::path::Path::new(BUNDLED)).unwrap();
    assert_eq!(snapshot.metadata().source(), Some("customer-service.kh"));
    assert_eq!(snapshot.metadata().description(), Some("kaohe snapshot of customer-service.kh on 2024-10"));
    let written = dir.path().join("again.snap");
    // `save` is hidden in insta's docs; cargo-insta uses it to accept a file snapshot.
    snapshot.save(&written).unwrap();
    assert_eq!(String::from_utf8(std::fs::read(&written).unwrap()).unwrap(), String::from_utf8(original).unwrap());

    // Also a header whose values insta quotes, and one it leaves plain.
    let policy = "policies/customer-service.kh";
    let program =
        kaohe::check_source(&kaohe::Source::new(policy, std::fs::read_to_string(policy).unwrap())).program.unwrap();
    let (mut taken, _) = kaohe::take_snapshot(
        &program,
        policy,
        "2024-10".parse().unwrap(),
        "examples/2024-10/agents.csv",
        "examples/2024-10/incidents.csv",
    )
    .unwrap();
    for name in ["true", "-x.kh", "a: b #c.kh", "say \"hi\".kh", "1234", "考核 办法.kh", "it's.kh", "\u{1}.kh"] {
        taken.header.policy = name.to_string();
        let file = dir.path().join("q.snap");
        std::fs::write(&file, taken.to_text()).unwrap();
        let read = insta::Snapshot::from_file(&file).unwrap();
        assert_eq!(read.metadata().source(), Some(name));
        let again = dir.path().join("q2.snap");
        read.save(&again).unwrap();
        assert_eq!(std::fs::read_to_string(&again).unwrap(), taken.to_text(), "{name:?}");
        let back = kaohe::snapshot::Snapshot::parse("q2.snap", &std::fs::read_to_string(&again).unwrap()).unwrap();
        assert_eq!(back, taken);
    }
}
