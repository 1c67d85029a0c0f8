//! Synthetic months for the bundled customer-service policy and the v2 rider scheme, for
//! benchmarks and tests.
//!
//! Deterministic for a given size and seed (a SplitMix64 stream, so the same files come
//! out on every machine). Every violation occurs, minutes sit on both sides of the
//! 30-minute threshold, some agents sit exactly on the escalation thresholds (two
//! moderate, four minor) and some hire dates fall on the 29th–31st.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};

use crate::records::Month;

/// A small, well-known generator; statistical quality is beside the point here.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(i).copied().unwrap_or("")
    }
}

const TIERS: [&str; 4] = ["初级客服", "中级客服", "高级客服", "资深客服"];
const VIOLATIONS: [(&str, u64); 9] = [
    ("旷工", 2),
    ("与客户冲突", 2),
    ("带外人进入工作区", 1),
    ("私带设备", 1),
    ("突发事件超时", 3),
    ("下单差错", 6),
    ("未反馈顾客需求", 6),
    ("迟到", 10),
    ("早退", 8),
];
const SURNAMES: [&str; 12] = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙"];
const GIVEN: [&str; 12] = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"];

/// A month of `agents` agents with about `per_agent` incidents each, as CSV text
/// (agents, incidents) for `policies/customer-service.kh`.
pub fn month(month: Month, agents: usize, per_agent: usize, seed: u64) -> (String, String) {
    let mut rng = SplitMix(seed);
    let first = month.first();
    let last = month.last();
    let days = u64::try_from((last - first).num_days() + 1).unwrap_or(28);
    let mut a = String::from("id,name,tier,hired_on,leads_team\n");
    let mut i = String::from("agent,date,violation,minutes,cost\n");
    let total_weight: u64 = VIOLATIONS.iter().map(|(_, w)| w).sum();
    for k in 0..agents {
        let id = format!("A{:06}", k + 1);
        let name = format!("{}{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN), rng.pick(&GIVEN));
        let hired = match rng.below(10) {
            // exactly on a tenure boundary, or a day after it
            0 => {
                let months = [3u32, 12, 24][usize::try_from(rng.below(3)).unwrap_or(0) % 3];
                let d = month.next_first().checked_sub_months(chrono::Months::new(months)).unwrap_or(first);
                if rng.below(2) == 0 {
                    d
                } else {
                    d + Duration::days(1)
                }
            }
            // hired on the 29th to 31st
            1 => {
                let day = 29 + u32::try_from(rng.below(3)).unwrap_or(0);
                NaiveDate::from_ymd_opt(first.year() - 1, 1, day).unwrap_or(first)
            }
            _ => last - Duration::days(i64::try_from(rng.below(1600)).unwrap_or(0)),
        };
        let tier = rng.pick(&TIERS);
        let leads = rng.pick(&["true", "false", ""]);
        let _ = writeln!(a, "{id},{name},{tier},{hired},{leads}");

        let mut planted: Vec<&str> = match rng.below(10) {
            0 => vec!["下单差错", "未反馈顾客需求"],
            1 => vec!["迟到", "早退", "迟到", "早退"],
            2 => vec!["迟到", "迟到", "迟到"],
            _ => Vec::new(),
        };
        let n = usize::try_from(rng.below(2 * per_agent as u64 + 1)).unwrap_or(0);
        for _ in 0..n {
            let mut r = rng.below(total_weight);
            let mut chosen = "迟到";
            for (v, w) in VIOLATIONS {
                if r < w {
                    chosen = v;
                    break;
                }
                r -= w;
            }
            planted.push(chosen);
        }
        for v in planted {
            let date = first + Duration::days(i64::try_from(rng.below(days)).unwrap_or(0));
            let minutes =
                if v == "突发事件超时" { rng.pick(&["30", "31", "29.5", "30.5", "45", "120", ""]) } else { "" };
            let cost =
                if v == "私带设备" { format!("{}.{:02}", rng.below(4000), rng.below(100)) } else { String::new() };
            let _ = writeln!(i, "{id},{date},{v},{minutes},{cost}");
        }
    }
    (a, i)
}

/// [`month`] with the incidents in date order (each day's in the order [`month`] gives
/// them), as HR systems export a month: not grouped by agent.
pub fn month_by_date(month: Month, agents: usize, per_agent: usize, seed: u64) -> (String, String) {
    let (a, i) = self::month(month, agents, per_agent, seed);
    (a, by_date(&i))
}

/// A CSV text whose second column is a date, its rows stably sorted by that date (ISO
/// dates sort as text); the header stays first.
pub fn by_date(csv: &str) -> String {
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or("");
    let mut rows: Vec<&str> = lines.collect();
    rows.sort_by_key(|row| row.split(',').nth(1).unwrap_or(""));
    let mut out = String::with_capacity(csv.len());
    for line in std::iter::once(header).chain(rows) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

const RIDER_TIERS: [&str; 3] = ["普通骑手", "优选骑手", "金牌骑手"];
const RIDER_VIOLATIONS: [(&str, u64); 5] =
    [("超时送达", 12), ("虚假点送达", 1), ("餐损", 2), ("违章驾驶", 1), ("远单", 4)];

/// A month of `agents` riders with about `per_agent` incidents each, as CSV text (agents,
/// incidents) for `policies/rider-penalties.kh` (language v2: caps per day, week and
/// month, fines, `occurrence`, a declared unit with its spellings). Incidents come in
/// date order, as dispatch systems export them.
pub fn rider_month(month: Month, agents: usize, per_agent: usize, seed: u64) -> (String, String) {
    let mut rng = SplitMix(seed);
    let first = month.first();
    let last = month.last();
    let days = u64::try_from((last - first).num_days() + 1).unwrap_or(28);
    let mut a = String::from("id,name,tier,hired_on,完成单量\n");
    let total_weight: u64 = RIDER_VIOLATIONS.iter().map(|(_, w)| w).sum();
    let mut rows: Vec<(NaiveDate, String)> = Vec::new();
    for k in 0..agents {
        let id = format!("R{:06}", k + 1);
        let name = format!("{}{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN), rng.pick(&GIVEN));
        let hired = last - Duration::days(i64::try_from(rng.below(1200)).unwrap_or(0));
        let tier = rng.pick(&RIDER_TIERS);
        let orders = 300 + rng.below(700);
        let _ = writeln!(a, "{id},{name},{tier},{hired},{orders}");
        let n = usize::try_from(rng.below(2 * per_agent as u64 + 1)).unwrap_or(0);
        for _ in 0..n {
            let mut r = rng.below(total_weight);
            let mut chosen = "超时送达";
            for (v, w) in RIDER_VIOLATIONS {
                if r < w {
                    chosen = v;
                    break;
                }
                r -= w;
            }
            // Clustered on a few days, so the day and week caps bind.
            let date = first + Duration::days(i64::try_from(rng.below(days.min(10)) * 3 % days).unwrap_or(0));
            let (late, distance, value) = match chosen {
                "超时送达" => {
                    (rng.pick(&["5", "12", "20分钟", "35", "0.5小时"]).to_string(), String::new(), String::new())
                }
                "远单" => {
                    (String::new(), rng.pick(&["5.5km", "6.333 千米", "12", "8公里", "5"]).to_string(), String::new())
                }
                "餐损" => (String::new(), String::new(), format!("{}.{:02}", rng.below(300), rng.below(100))),
                _ => (String::new(), String::new(), String::new()),
            };
            rows.push((date, format!("{id},{date},{chosen},{late},{distance},{value}")));
        }
    }
    rows.sort_by_key(|(d, _)| *d);
    let mut i = String::from("agent,date,violation,超时,距离,货值\n");
    for (_, row) in rows {
        i.push_str(&row);
        i.push('\n');
    }
    (a, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_date_sorts_rows_stably_under_the_header() {
        let text = "agent,date,violation\nA2,2024-12-09,迟到\nA1,2024-12-01,早退\nA2,2024-12-01,迟到\n";
        assert_eq!(by_date(text), "agent,date,violation\nA1,2024-12-01,早退\nA2,2024-12-01,迟到\nA2,2024-12-09,迟到\n");
    }

    #[test]
    fn a_month_by_date_holds_the_same_incidents() {
        let month = Month { year: 2024, month: 12 };
        let (a, i) = self::month(month, 50, 10, 3);
        let (a2, by) = month_by_date(month, 50, 10, 3);
        assert_eq!(a, a2);
        let sorted = |t: &str| {
            let mut rows: Vec<&str> = t.lines().collect();
            rows.sort_unstable();
            rows.join("\n")
        };
        assert_eq!(sorted(&i), sorted(&by));
        let dates: Vec<&str> = by.lines().skip(1).filter_map(|l| l.split(',').nth(1)).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        assert_ne!(i, by, "the agent-ordered month is not in date order");
    }
}
