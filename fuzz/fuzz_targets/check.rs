//! Arbitrary bytes → (if UTF-8) `kaohe::check_source`. Must never panic; the result is
//! either a program or at least one error, never neither.
#![no_main]

use kaohe::{check_source, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let checked = check_source(&Source::new("fuzz.kh", text.to_string()));
    let has_error = checked.diagnostics.iter().any(|d| d.is_error());
    assert!(checked.program.is_some() != has_error, "program: {}, errors: {has_error}", checked.program.is_some());
    // Rendering every diagnostic must not panic either (spans, line/col, labels).
    let _ = kaohe::diag::render_human(&checked.diagnostics, false);
    let _ = kaohe::diag::render_json(&checked.diagnostics);
});
