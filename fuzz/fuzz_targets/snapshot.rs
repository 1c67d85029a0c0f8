//! Arbitrary bytes → (if UTF-8) `kaohe::snapshot::Snapshot::parse`, and whatever was read
//! written back and read again. Must never panic; a refusal is
//! `kaohe::snapshot::malformed`, and a snapshot that reads writes back as the same one.
#![no_main]

use kaohe::snapshot::Snapshot;
use kaohe::Code;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Snapshot::parse("fuzz.snap", text) {
        Ok(s) => assert_eq!(Snapshot::parse("again.snap", &s.to_text()).ok(), Some(s)),
        Err(d) => assert_eq!(d.code, Code::SnapshotMalformed),
    }
});
