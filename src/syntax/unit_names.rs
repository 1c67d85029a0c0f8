//! Names of declared units (`unit 公里 (km, 千米)`), interned once per process.
//!
//! A declared unit is part of a type, and types are small values copied everywhere; so a
//! type holds a [`UnitName`] — a number — and the text is looked up here when a type is
//! written for people. The table only grows with distinct spellings, which are few; a
//! spelling keeps its number for the life of the process, in every policy.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// An interned unit spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitName(pub u32);

#[derive(Default)]
struct Table {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

fn table() -> MutexGuard<'static, Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    let m = TABLE.get_or_init(|| Mutex::new(Table::default()));
    // A thread that panicked while holding the lock left the table whole: a push or an
    // insert either happened or did not.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl UnitName {
    /// The number of `spelling`, given it the first time it is seen.
    pub fn intern(spelling: &str) -> UnitName {
        let mut t = table();
        if let Some(&i) = t.index.get(spelling) {
            return UnitName(i);
        }
        let i = u32::try_from(t.names.len()).unwrap_or(u32::MAX);
        t.names.push(spelling.to_string());
        t.index.insert(spelling.to_string(), i);
        UnitName(i)
    }

    /// The spelling.
    pub fn text(self) -> String {
        let t = table();
        usize::try_from(self.0).ok().and_then(|i| t.names.get(i)).cloned().unwrap_or_else(|| "?".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spelling_keeps_its_number() {
        let a = UnitName::intern("公里");
        let b = UnitName::intern("千米");
        assert_ne!(a, b);
        assert_eq!(UnitName::intern("公里"), a);
        assert_eq!(a.text(), "公里");
    }
}
