//! `kaohe gen-month` (hidden): writes a synthetic month for the bundled policy, or for the
//! rider scheme (`policies/rider-penalties.kh`), for benchmarks (see docs/performance.md).

use kaohe::records::Month;

use super::{EXIT_ERRORS, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_parser = |s: &str| s.parse::<Month>(), default_value = "2024-12")]
    month: Month,
    /// Number of agents
    #[arg(long, default_value_t = 1000)]
    agents: usize,
    /// Average incidents per agent
    #[arg(long, default_value_t = 20)]
    per_agent: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The order of the incidents: `date` (as HR systems export them) or `agent` (each
    /// agent's together); the bundled policy's months default to `agent`, the rider
    /// scheme's are in date order
    #[arg(long, value_enum)]
    order: Option<Order>,
    /// The policy the month is for: `customer-service` (the bundled policy) or `rider`
    /// (policies/rider-penalties.kh, language v2)
    #[arg(long, value_enum, default_value = "customer-service")]
    policy: Scheme,
    /// Folder to write agents.csv and incidents.csv into
    #[arg(long)]
    out: std::path::PathBuf,
}

localised_values! {
    pub enum Order {
        Agent = "agent": "cli-value-order-agent",
        Date = "date": "cli-value-order-date",
    }
}

localised_values! {
    pub enum Scheme {
        CustomerService = "customer-service": "cli-value-scheme-customer-service",
        Rider = "rider": "cli-value-scheme-rider",
    }
}

pub fn run(args: &Args) -> i32 {
    let generate = match (args.policy, args.order) {
        (Scheme::CustomerService, None | Some(Order::Agent)) => kaohe::synth::month,
        (Scheme::CustomerService, Some(Order::Date)) => kaohe::synth::month_by_date,
        (Scheme::Rider, None | Some(Order::Date)) => kaohe::synth::rider_month,
        (Scheme::Rider, Some(Order::Agent)) => {
            let problem = format!("{}\n", kaohe::tr!("cli-gen-rider-by-date"));
            return super::lang::print_usage_problem(clap::error::ErrorKind::ArgumentConflict, &problem);
        }
    };
    let (agents, incidents) = generate(args.month, args.agents, args.per_agent, args.seed);
    let written = std::fs::create_dir_all(&args.out)
        .and_then(|()| std::fs::write(args.out.join("agents.csv"), agents))
        .and_then(|()| std::fs::write(args.out.join("incidents.csv"), incidents));
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let message =
                kaohe::tr!("cli-gen-cannot-write", folder = args.out.display().to_string(), reason = e.to_string());
            eprintln!("{}", kaohe::tr!("cli-error", message = message));
            EXIT_ERRORS
        }
    }
}
