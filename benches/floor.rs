//! The floor of a month, as a program of its own: `floor AGENTS.csv INCIDENTS.csv` reads
//! both files and parses them with `csv` + serde into typed rows (dates, decimals, the
//! tier and violation looked up), joining each incident to its agent, nothing more: no
//! policy, no checks, no output. `benches/cli-month.sh` times it against `kaohe eval`
//! through the command line, alternating the two, for docs/performance.md.
//!
//! Built with `cargo bench --bench floor --no-run`; the same floor as `benches/month.rs`.

#[path = "common/floor.rs"]
mod floor;

fn main() {
    // `cargo bench` adds `--bench`; the files are the other arguments.
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [agents, incidents] = files.as_slice() else {
        eprintln!("usage: floor AGENTS.csv INCIDENTS.csv");
        std::process::exit(2);
    };
    let read = |p: &str| {
        std::fs::read(p).unwrap_or_else(|e| {
            eprintln!("{p}: {e}");
            std::process::exit(1)
        })
    };
    let (agents, incidents) = (read(agents), read(incidents));

    let (out_agents, out, _) = floor::floor(&agents, &incidents);
    println!("{} agents, {} incidents", out_agents.len(), out.len());
}
