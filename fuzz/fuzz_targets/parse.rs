//! Arbitrary bytes → (if UTF-8) `kaohe::syntax::parse`. Must never panic, hang or
//! overflow the stack; a refusal is diagnostics, and no tree without an error.
#![no_main]

use kaohe::{syntax, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (file, diags) = syntax::parse(&Source::new("fuzz.kh", text.to_string()));
    if file.is_none() {
        assert!(diags.iter().any(|d| d.is_error()), "no tree and no error for {text:?}");
    }
    for d in &diags {
        assert!(d.code.as_str().starts_with("kaohe::"), "code {:?}", d.code);
    }
});
