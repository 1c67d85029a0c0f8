//! Arbitrary bytes → (if UTF-8 and it parses with no diagnostic) format, re-parse: the
//! tree must be the same (spans ignored), the formatted text must parse cleanly, and
//! formatting it again must change nothing.
#![no_main]

use kaohe::fmt::format_source;
use kaohe::{syntax, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = Source::new("fuzz.kh", text.to_string());
    let (before, diags) = syntax::parse(&src);
    let Some(before) = before else { return };
    if !diags.is_empty() {
        return;
    }
    let once = match format_source(&src) {
        Ok(s) => s,
        Err(d) => panic!("parsed cleanly but fmt refused: {:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()),
    };
    let (after, diags2) = syntax::parse(&Source::new("fuzz.kh", once.clone()));
    assert!(
        diags2.is_empty(),
        "formatted text has diagnostics: {:?}\n--- formatted:\n{once}",
        diags2.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    assert_eq!(Some(&before), after.as_ref(), "formatting changed the tree\n--- formatted:\n{once}");
    let twice = match format_source(&Source::new("fuzz.kh", once.clone())) {
        Ok(s) => s,
        Err(_) => panic!("formatted text refused by fmt"),
    };
    assert_eq!(once, twice, "formatting is not a fixed point");
});
