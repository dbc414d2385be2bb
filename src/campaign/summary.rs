//! What a campaign answers, read off its tally: percentiles of every time metric and how often
//! each target was met; how often each notification clock was met; the score and the share of
//! harm averted; the plan steps most often late or missed; how often each stage succeeded. As
//! JSON for machines, as a text table for people.

use super::tally::{Counted, Tally};
use crate::duration::format_seconds;
use crate::evaluate::model::Status;
use crate::wording::signed_minutes;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub plan: String,
    /// Who responded on every run: the automated team (and how it slips) or a decisions file.
    pub response: String,
    pub seed: u64,
    pub runs: u64,
    /// Stopped before every run was played (Ctrl-C): the figures are those of the runs done.
    pub partial: bool,
    pub metrics: Vec<MetricSummary>,
    pub clocks: Vec<ClockSummary>,
    pub score: Spread,
    /// The share of the baseline's harm averted, 0 to 1.
    pub averted: Spread,
    /// Plan steps, most often late or missed first.
    pub steps: Vec<StepSummary>,
    /// Stage id → the share of runs it succeeded in.
    pub stages: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricSummary {
    pub id: String,
    pub name: String,
    pub target: Option<u64>,
    /// Seconds, over the runs that reached it.
    pub p50: Option<u64>,
    pub p90: Option<u64>,
    pub p99: Option<u64>,
    /// The share of runs that reached it.
    pub reached: f64,
    /// The share of runs in which it was due (triggered) that met its target.
    pub met: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClockSummary {
    pub id: String,
    pub regulation: String,
    /// The share of runs in which it started.
    pub started: f64,
    /// Of the runs in which it started: the shares met, late, missed, and still running at the end.
    pub met: f64,
    pub late: f64,
    pub missed: f64,
    pub pending: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    pub step: String,
    pub title: String,
    /// Runs in which its playbook started.
    pub triggered: u64,
    pub late: u64,
    pub missed: u64,
}

/// A distribution in four numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Spread {
    pub p10: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub mean: Option<f64>,
}

impl Summary {
    pub fn of(tally: &Tally, scenario: &str, plan: &str, response: &str, seed: u64, partial: bool) -> Summary {
        let runs = tally.runs;
        let share = |n: u64, of: u64| if of == 0 { 0.0 } else { round4(n as f64 / of as f64) };
        let count = |statuses: &BTreeMap<Status, u64>, s: Status| statuses.get(&s).copied().unwrap_or(0);
        let name = |kind: &str, id: &str| tally.names.get(&format!("{kind}:{id}")).cloned().unwrap_or(id.into());
        let mut metrics: Vec<MetricSummary> = tally
            .metrics
            .iter()
            .map(|(id, Counted { values, statuses })| {
                let due = runs - count(statuses, Status::NotTriggered);
                let target = tally.targets.get(id).copied();
                MetricSummary {
                    id: id.clone(),
                    name: name("metric", id),
                    target,
                    p50: values.quantile(0.5),
                    p90: values.quantile(0.9),
                    p99: values.quantile(0.99),
                    reached: share(values.len(), runs),
                    met: target.map(|_| share(count(statuses, Status::Met), due)),
                }
            })
            .collect();
        metrics.sort_by_key(|m| crate::evaluate::metric_position(&m.id));
        let clocks = tally
            .clocks
            .iter()
            .map(|(id, statuses)| {
                let started = runs - count(statuses, Status::NotTriggered);
                ClockSummary {
                    id: id.clone(),
                    regulation: name("clock", id),
                    started: share(started, runs),
                    met: share(count(statuses, Status::Met), started),
                    late: share(count(statuses, Status::Late), started),
                    missed: share(count(statuses, Status::Missed), started),
                    pending: share(count(statuses, Status::Pending), started),
                }
            })
            .collect();
        let mut steps: Vec<StepSummary> = tally
            .steps
            .iter()
            .map(|(id, statuses)| StepSummary {
                step: id.clone(),
                title: name("step", id),
                triggered: statuses.values().sum(),
                late: count(statuses, Status::Late),
                missed: count(statuses, Status::Missed),
            })
            .collect();
        steps.sort_by(|a, b| {
            (b.missed + b.late, b.missed).cmp(&(a.missed + a.late, a.missed)).then(a.step.cmp(&b.step))
        });
        let spread = |d: &super::Distribution, scale: f64| Spread {
            p10: d.quantile(0.1).map(|v| v as f64 / scale),
            p50: d.quantile(0.5).map(|v| v as f64 / scale),
            p90: d.quantile(0.9).map(|v| v as f64 / scale),
            mean: d.mean().map(|m| round4(m / scale)),
        };
        Summary {
            scenario: scenario.into(),
            plan: plan.into(),
            response: response.into(),
            seed,
            runs,
            partial,
            metrics,
            clocks,
            score: spread(&tally.score, 1.0),
            averted: spread(&tally.averted, 1_000.0),
            steps,
            stages: tally.stages.iter().map(|(id, n)| (id.clone(), share(*n, runs))).collect(),
        }
    }

    /// Each metric as table cells, under `METRIC_HEAD`: for the text table and the page alike.
    pub fn metric_cells(&self) -> Vec<Vec<String>> {
        let time = |v: Option<u64>| v.map_or("—".into(), format_seconds);
        (self.metrics.iter())
            .map(|m| {
                let met = m.met.map_or("—".into(), percent);
                vec![m.name.clone(), time(m.p50), time(m.p90), time(m.p99), time(m.target), percent(m.reached), met]
            })
            .collect()
    }

    /// Each clock as table cells, under `CLOCK_HEAD`.
    pub fn clock_cells(&self) -> Vec<Vec<String>> {
        (self.clocks.iter())
            .map(|c| {
                let shares = [c.started, c.met, c.late, c.missed, c.pending].map(percent);
                std::iter::once(c.regulation.clone()).chain(shares).collect()
            })
            .collect()
    }

    /// The summary as a text table.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let partial = if self.partial { " — PARTIAL: stopped before every run was played" } else { "" };
        out.push_str(&format!(
            "{} against {}: {} runs from seed {}{partial}\nresponse: {}\n\n",
            self.scenario, self.plan, self.runs, self.seed, self.response
        ));
        out.push_str(&columns(&METRIC_HEAD, &self.metric_cells(), &[34, 9, 9, 9, 9, 8, 9]));
        if !self.clocks.is_empty() {
            out.push('\n');
            out.push_str(&columns(&CLOCK_HEAD, &self.clock_cells(), &[44, 8, 8, 8, 8, 8]));
        }
        let spread = |s: &Spread, f: &dyn Fn(f64) -> String| {
            let v = |x: Option<f64>| x.map_or("—".into(), f);
            format!("p10 {}, median {}, p90 {}", v(s.p10), v(s.p50), v(s.p90))
        };
        out.push_str(&format!("\nreadiness score: {}\n", spread(&self.score, &|x| format!("{x:.0}"))));
        out.push_str(&format!("harm averted:    {}\n", spread(&self.averted, &|x| format!("{:.1} %", x * 100.0))));
        let missed: Vec<&StepSummary> = self.steps.iter().filter(|s| s.missed + s.late > 0).take(10).collect();
        if !missed.is_empty() {
            out.push_str("\nplan steps most often late or missed (of the runs that triggered them)\n");
            for s in missed {
                out.push_str(&format!(
                    "  {:<40} missed {:>5}  late {:>5}  of {:>5}  {}\n",
                    s.step, s.missed, s.late, s.triggered, s.title
                ));
            }
        }
        out.push_str("\nstages succeeded (share of runs)\n");
        for (stage, share) in &self.stages {
            out.push_str(&format!("  {stage:<40} {}\n", percent(*share)));
        }
        out
    }
}

/// The heads of the metric and clock tables.
pub const METRIC_HEAD: [&str; 7] = ["metric", "p50", "p90", "p99", "target", "reached", "on time"];
pub const CLOCK_HEAD: [&str; 6] = ["clock", "started", "met", "late", "missed", "running"];

/// A share as a percentage, to a tenth.
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// Rows under a head as fixed-width text: the first column left-aligned, the rest right-aligned.
fn columns(head: &[&str], rows: &[Vec<String>], widths: &[usize]) -> String {
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = (cells.iter().zip(widths).enumerate())
            .map(|(i, (cell, w))| if i == 0 { format!("{cell:<w$}") } else { format!("{cell:>w$}") })
            .collect();
        padded.join(" ") + "\n"
    };
    let mut out = line(head.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Two plans on the same seeds, side by side, with the paired differences.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonSummary {
    pub a: Summary,
    pub b: Summary,
    /// For each time metric reached under both plans in some run: B − A.
    pub paired: Vec<PairedSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairedSummary {
    pub id: String,
    pub name: String,
    /// Runs in which both plans reached it.
    pub pairs: u64,
    /// Seconds, plan B minus plan A: negative when B is faster.
    pub mean_difference: Option<f64>,
    /// The 95 % confidence interval of the mean difference.
    pub ci95: Option<(f64, f64)>,
    /// The share of pairs in which B was faster, and in which A was.
    pub b_faster: f64,
    pub a_faster: f64,
    /// Runs in which only A reached it, and only B: not in the difference, but a win for the
    /// plan that got there.
    pub only_a: u64,
    pub only_b: u64,
    /// Of the runs in which one plan was ahead (faster, or reached it when the other had to and
    /// never did), the share in which B was: above one half when B is the better plan. Unlike
    /// the mean difference it counts the runs one plan never got there in.
    pub b_ahead: Option<f64>,
    /// Its 95 % interval (Wilson): one that excludes one half is an ordering the seeds do not explain.
    pub b_ahead_ci95: Option<(f64, f64)>,
}

impl PairedSummary {
    /// "B ahead" as people read it: the share, with its interval in percent.
    pub fn ahead(&self) -> String {
        match (self.b_ahead, self.b_ahead_ci95) {
            (Some(share), Some((lo, hi))) => format!("{} ({:.1}–{:.1})", percent(share), lo * 100.0, hi * 100.0),
            _ => "—".into(),
        }
    }
}

/// The Wilson score interval at 95 % of a share of `k` in `n` (`n` > 0).
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    let (k, n, z) = (k as f64, n as f64, 1.96_f64);
    let share = k / n;
    let centre = (share + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (share * (1.0 - share) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

impl ComparisonSummary {
    pub fn of(
        both: &super::Comparison,
        scenario: &str,
        plans: [&str; 2],
        responses: [&str; 2],
        seed: u64,
        partial: bool,
    ) -> Self {
        let a = Summary::of(&both.a, scenario, plans[0], responses[0], seed, partial);
        let b = Summary::of(&both.b, scenario, plans[1], responses[1], seed, partial);
        let mut paired: Vec<PairedSummary> = (both.paired.0.iter())
            .map(|(id, d)| {
                let share = |k: u64| if d.n == 0 { 0.0 } else { round4(k as f64 / d.n as f64) };
                let (ahead, decisive) = (d.b_faster + d.only_b, d.b_faster + d.a_faster + d.only_a + d.only_b);
                let b_ahead = (decisive > 0).then(|| round4(ahead as f64 / decisive as f64));
                let b_ahead_ci95 =
                    (decisive > 0).then(|| wilson(ahead, decisive)).map(|(lo, hi)| (round4(lo), round4(hi)));
                PairedSummary {
                    id: id.clone(),
                    name: both.a.names.get(&format!("metric:{id}")).cloned().unwrap_or(id.clone()),
                    pairs: d.n,
                    mean_difference: d.mean().map(round4),
                    ci95: d.interval().map(|(lo, hi)| (round4(lo), round4(hi))),
                    b_faster: share(d.b_faster),
                    a_faster: share(d.a_faster),
                    only_a: d.only_a,
                    only_b: d.only_b,
                    b_ahead,
                    b_ahead_ci95,
                }
            })
            .collect();
        paired.sort_by_key(|p| crate::evaluate::metric_position(&p.id));
        ComparisonSummary { a, b, paired }
    }

    pub fn text(&self) -> String {
        let (a, b) = (&self.a, &self.b);
        let mut out = format!(
            "{a_plan} (A) against {b_plan} (B), same seeds\nresponse: A {}; B {}\n\n",
            a.response,
            b.response,
            a_plan = a.plan,
            b_plan = b.plan
        );
        let time = |v: Option<u64>| v.map_or("—".into(), format_seconds);
        out.push_str(&format!(
            "{:<34} {:>9} {:>9} {:>9} {:>9} {:>10} {:>24} {:>8} {:>7} {:>7} {:>19}\n",
            "metric",
            "A p50",
            "B p50",
            "A p90",
            "B p90",
            "B − A",
            "95 % interval",
            "pairs",
            "only A",
            "only B",
            "B ahead (95 %)"
        ));
        for p in &self.paired {
            let of = |s: &Summary| s.metrics.iter().find(|m| m.id == p.id).cloned();
            let (ma, mb) = (of(a), of(b));
            let mean = p.mean_difference.map_or("—".into(), signed_minutes);
            let ci =
                p.ci95.map_or("—".into(), |(lo, hi)| format!("{} to {}", signed_minutes(lo), signed_minutes(hi)));
            let ahead = p.ahead();
            out.push_str(&format!(
                "{:<34} {:>9} {:>9} {:>9} {:>9} {:>10} {:>24} {:>8} {:>7} {:>7} {:>19}\n",
                p.name,
                time(ma.as_ref().and_then(|m| m.p50)),
                time(mb.as_ref().and_then(|m| m.p50)),
                time(ma.as_ref().and_then(|m| m.p90)),
                time(mb.as_ref().and_then(|m| m.p90)),
                mean,
                ci,
                p.pairs,
                p.only_a,
                p.only_b,
                ahead
            ));
        }
        out.push_str("\nB − A is the mean, over the runs in which both plans reached the metric, of B's time minus A's:\nnegative when B is faster. An interval that excludes zero is a difference the seeds do not explain.\n\"only A\" and \"only B\" count the runs in which one plan reached it and the other never did: read them\nwith the difference, a plan that never contains is not faster. \"B ahead\" is the share of the runs in
which one plan was ahead (faster, or there when the other never got there) that B was: an interval
above 50 % is an ordering the seeds do not explain.\n");
        out.push_str(&format!("\n── A: {} ──\n{}", a.plan, a.text()));
        out.push_str(&format!("\n── B: {} ──\n{}", b.plan, b.text()));
        out
    }
}
