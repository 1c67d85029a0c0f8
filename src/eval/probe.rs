//! What an evaluation went through, beyond its figures: which table row matched (with
//! the arguments) and which branch of each `if` was taken.
//!
//! An agent's evaluation with the full trace carries one [`Probe`]; the evaluator marks
//! it as it goes (each agent on one thread, so a `RefCell` is enough). Explanations read
//! the table calls of each pay line; coverage adds up the marks of every agent.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::value::Value;

/// One table call: the row that matched (its index, `else` included) and the arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct TableCall {
    pub table: usize,
    pub row: usize,
    pub args: Vec<Value>,
    /// What the row gave.
    pub value: Value,
}

/// How often each row matched and each branch was taken.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hits {
    /// (table, row) → matches.
    pub rows: BTreeMap<(usize, usize), u64>,
    /// (the `if`'s byte offset in the policy, whether its condition held) → times.
    pub branches: BTreeMap<(usize, bool), u64>,
}

#[derive(Debug, Default)]
pub struct Probe {
    hits: RefCell<Hits>,
    calls: RefCell<Vec<TableCall>>,
}

impl Probe {
    pub(crate) fn row(&self, table: usize, row: usize, args: &[Value], value: &Value) {
        let mut hits = self.hits.borrow_mut();
        let at = hits.rows.entry((table, row)).or_default();
        *at = at.saturating_add(1);
        drop(hits);
        self.calls.borrow_mut().push(TableCall { table, row, args: args.to_vec(), value: value.clone() });
    }

    pub(crate) fn branch(&self, at: usize, held: bool) {
        let mut hits = self.hits.borrow_mut();
        let n = hits.branches.entry((at, held)).or_default();
        *n = n.saturating_add(1);
    }

    /// The table calls since the last time they were taken, in the order made.
    pub fn take_calls(&self) -> Vec<TableCall> {
        std::mem::take(&mut *self.calls.borrow_mut())
    }

    pub fn hits(&self) -> Hits {
        self.hits.borrow().clone()
    }
}
