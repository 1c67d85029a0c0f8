//! A month evaluated held whole or over an in-memory budget, as a program of its own:
//! `budget POLICY MONTH AGENTS.csv INCIDENTS.csv INCIDENTS_IN_MEMORY` loads the month
//! (`kaohe::load_files`, the budget given to `EvalOptions::within`), evaluates it and
//! writes each agent's CSV row to a sink, then prints whether the incidents were typed
//! once into temporary files, the seconds taken and the peak resident memory.
//! `benches/budget.sh` runs it on one month at two budgets, alternated.
//!
//! Built with `cargo bench --bench budget --no-run`.

use std::io::Write;

fn main() {
    // `cargo bench` adds `--bench`; the rest are the arguments.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [policy, month, agents, incidents, budget] = args.as_slice() else {
        eprintln!("usage: budget POLICY MONTH AGENTS.csv INCIDENTS.csv INCIDENTS_IN_MEMORY");
        std::process::exit(2);
    };
    let fail = |what: String| -> ! {
        eprintln!("{what}");
        std::process::exit(1)
    };
    let source = kaohe::read_policy(policy).unwrap_or_else(|d| fail(d.message));
    let (program, _) = kaohe::program_of(&source).unwrap_or_else(|_| fail(format!("{policy} does not check")));
    let month: kaohe::records::Month = month.parse().unwrap_or_else(|_| fail(format!("not a month: {month}")));
    let budget: usize = budget.parse().unwrap_or_else(|_| fail(format!("not a number: {budget}")));
    let options = kaohe::EvalOptions::default().with_trace(kaohe::eval::Trace::Report).within(budget);
    let start = std::time::Instant::now();
    let loaded = kaohe::load_files(&program, month, agents, incidents, &options)
        .unwrap_or_else(|d| fail(format!("{} errors in the records", d.len())));
    let mut sink = std::io::sink();
    let row = |r: kaohe::eval::AgentResult| kaohe::report::csv_row(&program, &r).join(",");
    loaded
        .evaluate_each(&program, &kaohe::eval::History::none(), &row, &mut |rows| {
            for r in rows {
                let _ = writeln!(sink, "{r}");
            }
        })
        .unwrap_or_else(|d| fail(format!("{} run-time errors", d.len())));
    let seconds = start.elapsed().as_secs_f64();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map_or("?".to_string(), |kb| kb.trim().to_string());
    println!("budget {budget}: typed once into temporary files {}, {seconds:.2} s, peak {peak}", loaded.spilled());
}
