//! One month, evaluated: per agent, in input order.
//!
//! The evaluator reads typed, checked records ([`input`]) and a checked [`Program`]; it
//! never reads a file and never checks a record (that is `records`, a layer above). Each
//! agent's month is evaluated on its own ([`agent`]), in parallel, and the results come
//! out in input order. Expressions run in [`expr`]; [`result`] holds what comes out,
//! every figure with the values it was computed from, so an agent's month can be
//! explained line by line; [`shown`] renders values for people.

pub mod agent;
pub mod caps;
pub mod expr;
pub mod history;
pub mod input;
pub mod probe;
pub mod result;
pub mod shown;
pub mod why;

use crate::check::program::*;
use crate::diag::Diagnostic;
pub use agent::{evaluate_agent, evaluate_agent_with_history};
pub use expr::{Env, EvalError, MonthState};
pub use history::{History, PastMonth, StoredResult};
pub use input::{IncidentRow, MonthRecords, Rows};
pub use result::*;
pub use shown::{render, shown};

/// A value that needs nothing at run time, e.g. a field default.
pub fn constant(program: &Program, e: &CExpr) -> Result<Value, EvalError> {
    Env::constant(program).eval(e)
}

/// Stack for each evaluating thread.
const EVAL_STACK: usize = 16 * 1024 * 1024;

/// Evaluates a month of checked records, with full traces. Errors name the agent and
/// the expression.
pub fn evaluate(program: &Program, records: &MonthRecords) -> Result<MonthResult, Vec<Diagnostic>> {
    evaluate_with(program, records, Trace::Full)
}

/// Evaluates a month; agents are evaluated in parallel and come out in input order.
pub fn evaluate_with(program: &Program, records: &MonthRecords, trace: Trace) -> Result<MonthResult, Vec<Diagnostic>> {
    evaluate_with_history(program, records, trace, &History::none())
}

/// Evaluates a month reading the agents' closed months from `history` (contract v2 §4.1);
/// the evaluator never reads a ledger itself.
pub fn evaluate_with_history(
    program: &Program,
    records: &MonthRecords,
    trace: Trace,
    history: &History,
) -> Result<MonthResult, Vec<Diagnostic>> {
    let mut agents = Vec::with_capacity(records.agents.len());
    evaluate_each(program, records, trace, history, &|a| a, &mut |chunk| agents.extend(chunk))?;
    Ok(MonthResult { month: records.month, agents })
}

/// How many agents are evaluated between two hand-overs of [`evaluate_each`]: enough to
/// keep every thread busy, few enough that a chunk's results take little memory.
pub const CHUNK: usize = 4096;

/// Evaluates a month a chunk of agents at a time ([`CHUNK`]), each chunk's agents in
/// parallel: each agent's result is made into what the caller keeps by `each`, on the
/// evaluating thread (a report renders it there), and `take` receives the chunks in input
/// order. Every agent is evaluated even after one fails, so that all run-time errors are
/// reported; once one has, `take` receives nothing more.
pub fn evaluate_each<T: Send>(
    program: &Program,
    records: &MonthRecords,
    trace: Trace,
    history: &History,
    each: &(dyn Fn(AgentResult) -> T + Sync),
    take: &mut dyn FnMut(Vec<T>),
) -> Result<(), Vec<Diagnostic>> {
    use rayon::prelude::*;

    let n = records.agents.len();
    let (starts, order) = group_by_agent(records);
    let width = records.incidents_width();
    let evaluate = |i: usize| -> Result<T, Diagnostic> {
        let fields = records.agents.row(i);
        let group =
            order.get(starts.get(i).copied().unwrap_or(0)..starts.get(i + 1).copied().unwrap_or(0)).unwrap_or(&[]);
        // The agent's incidents, unpacked side by side.
        let mut values = Vec::with_capacity(group.len() * width);
        let mut bounds = Vec::with_capacity(group.len() + 1);
        bounds.push(0);
        for &j in group {
            records.incidents.unpack_into(j, &mut values);
            bounds.push(values.len());
        }
        let incidents: Vec<IncidentRow> = group
            .iter()
            .zip(bounds.windows(2))
            .map(|(&j, b)| IncidentRow {
                values: match b {
                    [start, end] => values.get(*start..*end).unwrap_or(&[]),
                    _ => &[],
                },
                line: records.incidents.line(j),
            })
            .collect();
        let id = text_of(fields.get(AGENT_ID));
        evaluate_agent_with_history(program, records.month, fields, &incidents, trace, history.of(&id))
            .map(each)
            .map_err(|e| e.into_diagnostic(Some(&id)))
    };
    // Evaluation recurses along expressions: workers get room for the deepest one.
    let pool = rayon::ThreadPoolBuilder::new().stack_size(EVAL_STACK).build().ok();
    let mut errors = Vec::new();
    let mut start = 0;
    while start < n {
        let end = n.min(start + CHUNK);
        let chunk = || -> Vec<Result<T, Diagnostic>> { (start..end).into_par_iter().map(evaluate).collect() };
        let results = match &pool {
            Some(pool) => pool.install(chunk),
            None => chunk(),
        };
        let mut kept = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(t) => kept.push(t),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            take(kept);
        }
        start = end;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The incidents grouped by agent, each group in input order (a counting sort):
/// agent `i`'s incidents are `order[starts[i]..starts[i + 1]]`.
fn group_by_agent(records: &MonthRecords) -> (Vec<usize>, Vec<usize>) {
    let n = records.agents.len();
    let mut starts = vec![0usize; n + 1];
    for &a in &records.incident_agent {
        if let Some(c) = starts.get_mut(a as usize + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let before = starts.get(i).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(i + 1) {
            *c += before;
        }
    }
    let mut next = starts.clone();
    let mut order = vec![0usize; records.incident_agent.len()];
    for (i, &a) in records.incident_agent.iter().enumerate() {
        if let Some(slot) = next.get_mut(a as usize) {
            if let Some(o) = order.get_mut(*slot) {
                *o = i;
            }
            *slot += 1;
        }
    }
    (starts, order)
}

pub(crate) fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}
