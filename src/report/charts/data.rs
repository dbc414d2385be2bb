//! What each chart of a run's report shows, as plain data: series, bars, markers, labels and axis
//! ticks, computed from the evaluation and the timeline. Drawing (`draw.rs`) only places it, so
//! tests snapshot this data rather than pixels.

use crate::action::kind_word;
use crate::calendar::DateTime;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::Status;
use crate::timeline::{EventKind, Situation, Timeline};
use serde::Serialize;

/// Width of the incident curve's plot area in pixels: a curve keeps at most a few points per
/// pixel column.
pub(super) const PLOT_WIDTH: u64 = 700;
/// Width of the response timeline's plot area in pixels.
pub(super) const GANTT_WIDTH: u64 = 490;
/// Room for one clock-time label on a time axis, in pixels.
const TICK_ROOM: u64 = 90;

/// Every chart of a run's report that has something to show.
#[derive(Debug, Serialize)]
pub struct ChartData {
    pub incident_curve: Curve,
    pub response_timeline: Option<Gantt>,
    pub metrics: Option<MetricBars>,
    pub clocks: Option<ClockRows>,
}

/// A labelled tick on an axis, at a position in the axis's own unit (seconds or a count).
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub at: u64,
    pub label: String,
}

/// Hosts, records and services over clock time, one panel per scale, with the injects and
/// decisions marked above them.
#[derive(Debug, Serialize)]
pub struct Curve {
    /// Seconds since the start at the right edge; the incident's end when it ran on past the drill.
    pub end: u64,
    pub time_ticks: Vec<Tick>,
    /// Where the drill ended, when the incident ran on hidden after it.
    pub drill_end: Option<u64>,
    pub panels: Vec<Panel>,
    pub injects: Vec<Marker>,
    pub decisions: Vec<Marker>,
}

/// A panel of the incident curve: counts on one integer scale.
#[derive(Debug, Serialize)]
pub struct Panel {
    pub title: &'static str,
    pub top: u64,
    pub count_ticks: Vec<u64>,
    pub lines: Vec<Line>,
}

/// A step line: each (time, value) holds until the next.
#[derive(Debug, Serialize)]
pub struct Line {
    pub label: &'static str,
    pub colour: &'static str,
    pub steps: Vec<(u64, u64)>,
}

/// Injects or decisions close enough in time to share one label.
#[derive(Debug, Serialize)]
pub struct Marker {
    pub at: u64,
    pub tags: Vec<String>,
}

/// How a bar of the response timeline went; its colour and fill follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Done within its target or deadline.
    Met,
    /// Done after it.
    Late,
    /// Done, with no target or deadline to hold it against.
    Done,
    /// Not done by the drill's end, and its time ran out.
    Missed,
    /// Not done by the drill's end, not yet due.
    Running,
}

impl Progress {
    /// Whether the bar ends at the drill's end because the work never finished.
    pub fn unfinished(self) -> bool {
        matches!(self, Progress::Missed | Progress::Running)
    }

    fn of(status: Status, done: bool) -> Progress {
        match (status, done) {
            (Status::Met, true) => Progress::Met,
            (Status::Late, true) => Progress::Late,
            (_, true) => Progress::Done,
            (Status::Missed, false) => Progress::Missed,
            (_, false) => Progress::Running,
        }
    }
}

/// Where a deadline falls: on the axis, or after the drill's end.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    At(u64),
    PastEnd(u64),
}

/// The response as a Gantt chart: the phases, then each triggered plan step under its owner.
#[derive(Debug, Serialize)]
pub struct Gantt {
    pub end: u64,
    pub time_ticks: Vec<Tick>,
    pub groups: Vec<GanttGroup>,
}

/// The phases, or one role's steps.
#[derive(Debug, Serialize)]
pub struct GanttGroup {
    pub title: String,
    pub bars: Vec<GanttBar>,
}

#[derive(Debug, Serialize)]
pub struct GanttBar {
    pub label: String,
    pub from: u64,
    pub to: u64,
    pub progress: Progress,
    pub deadline: Option<Deadline>,
    /// The deadline as clock time, shown beside one that falls past the end.
    pub deadline_label: Option<String>,
}

/// Time metrics on a logarithmic duration scale, so that short ones stay visible.
#[derive(Debug, Serialize)]
pub struct MetricBars {
    /// Seconds at the left and right edges of the scale.
    pub min: u64,
    pub max: u64,
    pub ticks: Vec<Tick>,
    /// The drill's length: where a "not reached" band ends.
    pub drill_length: u64,
    pub rows: Vec<MetricRow>,
}

#[derive(Debug, Serialize)]
pub struct MetricRow {
    pub name: String,
    /// Measured seconds; `None` when the end point was not reached by the drill's end.
    pub value: Option<u64>,
    pub progress: Option<Progress>,
    pub target: Option<u64>,
    pub value_label: String,
    pub target_label: Option<String>,
}

/// Notification clocks as countdowns: each row is its own window, start to deadline, so a
/// 60-day clock and a 24-hour one read alike.
#[derive(Debug, Serialize)]
pub struct ClockRows {
    pub rows: Vec<ClockRow>,
}

#[derive(Debug, Serialize)]
pub struct ClockRow {
    pub regulation: String,
    pub notify: &'static str,
    pub started: String,
    pub deadline: String,
    /// The window's length in seconds, and how much of it was used: to the notification, or to
    /// the drill's end when none was made. `used` may exceed `window` (late or missed).
    pub window: u64,
    pub used: u64,
    pub progress: Progress,
    pub note: String,
}

/// Computes every chart's data.
pub fn compute(evaluation: &Evaluation, timeline: &Timeline) -> ChartData {
    let clock = ClockFace(DateTime::parse(&evaluation.run.start).ok());
    ChartData {
        incident_curve: curve(evaluation, timeline, &clock),
        response_timeline: gantt(evaluation, &clock),
        metrics: metric_bars(evaluation),
        clocks: clock_rows(evaluation, &clock),
    }
}

/// The scenario's start, to turn seconds since the start into local clock time.
struct ClockFace(Option<DateTime>);

impl ClockFace {
    /// `Fri 13 02:10`, or `+2h10` when the start is unknown.
    fn at(&self, seconds: u64) -> String {
        match self.0 {
            Some(start) => {
                let t = start.plus_seconds(seconds);
                format!("{} {} {}", t.date.weekday().short(), t.date.day, hh_mm(t.minute_of_day))
            }
            None => format!("+{}h{:02}", seconds / 3_600, seconds / 60 % 60),
        }
    }

    /// Ticks on the hour (or a round number of minutes or days) of local time, as many as fit
    /// `width` pixels, each `hh:mm`; the first and each one on a new day also name the day.
    fn ticks(&self, end: u64, width: u64) -> Vec<Tick> {
        let most = width / TICK_ROOM;
        const STEPS: [u64; 11] =
            [900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_419_200];
        let step = STEPS.iter().copied().find(|s| end / s <= most).unwrap_or(2_419_200);
        let since_midnight = self.0.map_or(0, |s| u64::from(s.minute_of_day) * 60);
        let mut at = (step - since_midnight % step) % step;
        let mut ticks = Vec::new();
        let mut day = None;
        while at <= end {
            let date = self.0.map(|start| start.plus_seconds(at).date);
            let label = match date {
                Some(d) if day == Some(d) => hh_mm(self.0.map_or(0, |s| s.plus_seconds(at).minute_of_day)),
                _ => self.at(at),
            };
            day = date;
            ticks.push(Tick { at, label });
            at += step;
        }
        ticks
    }
}

fn hh_mm(minute_of_day: u32) -> String {
    format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
}

/// An integer scale from 0 to at least `top` in at most five steps of 1, 2 or 5 × 10ⁿ.
fn count_scale(top: u64) -> (u64, Vec<u64>) {
    let top = top.max(1);
    let mut power = 1u64;
    loop {
        for step in [power, 2 * power, 5 * power] {
            if top.div_ceil(step) <= 5 {
                let axis = top.div_ceil(step) * step;
                return (axis, (0..=axis / step).map(|i| i * step).collect());
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A step line kept exact where the pixels can show it: only the changes of value, and within
/// one pixel column of the plot at most its lowest, highest and last points.
fn thin(points: impl Iterator<Item = (u64, u64)>, end: u64) -> Vec<(u64, u64)> {
    let mut changes: Vec<(u64, u64)> = Vec::new();
    for (t, v) in points {
        while changes.last().is_some_and(|&(last, _)| last == t) {
            changes.pop();
        }
        if changes.last().is_none_or(|&(_, last)| last != v) {
            changes.push((t, v));
        }
    }
    let column = |t: u64| t.saturating_mul(PLOT_WIDTH) / end.max(1);
    let mut kept = Vec::with_capacity(changes.len());
    for group in changes.chunk_by(|a, b| column(a.0) == column(b.0)) {
        if group.len() <= 3 {
            kept.extend_from_slice(group);
            continue;
        }
        let mut extremes = [group.iter().min_by_key(|p| p.1), group.iter().max_by_key(|p| p.1), group.last()]
            .into_iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>();
        extremes.sort_unstable();
        extremes.dedup();
        kept.extend(extremes);
    }
    kept
}

/// A panel holding `lines`, its scale fitted to their highest value.
fn panel(title: &'static str, lines: Vec<Line>) -> Panel {
    let top = lines.iter().flat_map(|l| l.steps.iter().map(|s| s.1)).max().unwrap_or(0);
    let (top, count_ticks) = count_scale(top);
    Panel { title, top, count_ticks, lines }
}

fn has_data(panel: &Panel) -> bool {
    panel.lines.iter().any(|l| l.steps.iter().any(|s| s.1 > 0))
}

/// Visible events tagged by `tag`, those closer than a label's width on the plot under one marker.
fn markers(timeline: &Timeline, end: u64, tag: impl Fn(&EventKind) -> Option<String>) -> Vec<Marker> {
    let gap = (end * 14 / PLOT_WIDTH).max(1);
    let mut out: Vec<Marker> = Vec::new();
    for event in timeline.events.iter().filter(|e| e.visible) {
        let Some(tag) = tag(&event.kind) else { continue };
        match out.last_mut() {
            Some(marker) if event.time.saturating_sub(marker.at) < gap => {
                if !marker.tags.contains(&tag) {
                    marker.tags.push(tag);
                }
            }
            _ => out.push(Marker { at: event.time, tags: vec![tag] }),
        }
    }
    out
}

fn curve(evaluation: &Evaluation, timeline: &Timeline, clock: &ClockFace) -> Curve {
    let run = &evaluation.run;
    // The whole incident: past the drill's end when it ran on hidden, with the end marked.
    let end = run.ran_on.as_ref().map_or(run.ended_at, |r| r.ended_at).max(900);
    let mut situations = vec![(0, Situation::default())];
    let mut records = vec![(0u64, 0u64)];
    for event in &timeline.events {
        match &event.kind {
            EventKind::Situation(s) => situations.push((event.time, *s)),
            EventKind::RecordsExfiltrated { records: n, .. } => {
                let total = records.last().map_or(0, |r| r.1).saturating_add(*n);
                records.push((event.time, total));
            }
            _ => {}
        }
    }
    let line = |label, colour, count: fn(&Situation) -> u64| Line {
        label,
        colour,
        steps: thin(situations.iter().map(|(t, s)| (*t, count(s))), end),
    };
    let held = panel(
        "Hosts held by the adversary",
        vec![line("compromised", RED, |s| s.compromised), line("encrypted", PURPLE, |s| s.encrypted)],
    );
    let others = [
        panel(
            "Hosts isolated and restored by the team",
            vec![line("isolated", BLUE, |s| s.isolated), line("restored", GREEN, |s| s.restored)],
        ),
        panel(
            "Records exfiltrated, in total",
            vec![Line { label: "records", colour: ORANGE, steps: thin(records.into_iter(), end) }],
        ),
        panel("Services down", vec![line("services down", GREY, |s| s.services_down)]),
    ];
    let mut panels = vec![held];
    panels.extend(others.into_iter().filter(has_data));
    Curve {
        end,
        time_ticks: clock.ticks(end, PLOT_WIDTH),
        drill_end: run.ran_on.as_ref().map(|_| run.ended_at),
        panels,
        injects: markers(timeline, end, |k| match k {
            EventKind::InjectDelivered { inject, .. } => Some(inject.clone()),
            _ => None,
        }),
        decisions: markers(timeline, end, |k| match k {
            EventKind::DecisionTaken { action, .. } => Some(kind_word(action.kind()).to_string()),
            _ => None,
        }),
    }
}

pub(super) const RED: &str = "#c82828";
pub(super) const PURPLE: &str = "#6e1478";
pub(super) const BLUE: &str = "#1e64c8";
pub(super) const GREEN: &str = "#2e8b57";
pub(super) const ORANGE: &str = "#e6911e";
pub(super) const GREY: &str = "#6e6e6e";

/// A bar of the response timeline; a deadline after `end` is marked as past it.
fn gantt_bar(
    label: String,
    span: (u64, u64),
    progress: Progress,
    due: Option<u64>,
    end: u64,
    clock: &ClockFace,
) -> GanttBar {
    GanttBar {
        label,
        from: span.0,
        to: span.1.max(span.0),
        progress,
        deadline: due.map(|d| if d <= end { Deadline::At(d) } else { Deadline::PastEnd(d) }),
        deadline_label: due.filter(|d| *d > end).map(|d| clock.at(d)),
    }
}

fn gantt(evaluation: &Evaluation, clock: &ClockFace) -> Option<Gantt> {
    let run = &evaluation.run;
    let end = run.ended_at.max(900);
    // The phases: from their start to their end point, or to the drill's end if never reached.
    let phase = |name: &str, from: Option<u64>, id: &str| -> Option<GanttBar> {
        let from = from?;
        let m = evaluation.metrics.iter().find(|m| m.id == id)?;
        let to = m.value.map_or(end, |v| from.saturating_add(v));
        let due = m.target.map(|t| from.saturating_add(t));
        // Not reached, and its target passed before the drill's end: missed, whatever the metric's
        // own word for it.
        let progress = match (m.value, due) {
            (None, Some(due)) if due <= end => Progress::Missed,
            _ => Progress::of(m.status, m.value.is_some()),
        };
        Some(gantt_bar(name.into(), (from, to), progress, due, end, clock))
    };
    // Each phase from the start point its metric is measured from.
    let phases: Vec<GanttBar> = [
        phase("Detection", run.first_compromise, "detect"),
        phase("Containment", run.first_signal, "contain"),
        phase("Eradication", run.first_signal, "eradicate"),
        phase("Recovery", run.first_signal, "recover"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut steps: Vec<_> = evaluation.steps.iter().filter(|s| s.triggered_at.is_some()).collect();
    steps.sort_by(|a, b| (&a.owner, a.triggered_at).cmp(&(&b.owner, b.triggered_at)));
    let mut groups = vec![GanttGroup { title: "Phases of the response".into(), bars: phases }];
    for owned in steps.chunk_by(|a, b| a.owner == b.owner) {
        let owner = &owned[0].owner;
        let title = crate::role::find(owner).map_or_else(|| owner.clone(), |r| r.name.to_string());
        let bars = owned
            .iter()
            .map(|s| {
                let from = s.triggered_at.unwrap_or(0);
                let progress = Progress::of(s.status, s.done_at.is_some());
                gantt_bar(s.title.clone(), (from, s.done_at.unwrap_or(end)), progress, s.due, end, clock)
            })
            .collect();
        groups.push(GanttGroup { title, bars });
    }
    groups.retain(|g| !g.bars.is_empty());
    let end = groups.iter().flat_map(|g| g.bars.iter().map(|b| b.to)).fold(end, u64::max);
    (!groups.is_empty()).then(|| Gantt { end, time_ticks: clock.ticks(end, GANTT_WIDTH), groups })
}

/// Round durations for a logarithmic scale, in seconds.
const DURATION_TICKS: [u64; 12] =
    [60, 300, 900, 3_600, 14_400, 43_200, 86_400, 259_200, 604_800, 2_592_000, 7_776_000, 31_536_000];

fn metric_bars(evaluation: &Evaluation) -> Option<MetricBars> {
    if evaluation.metrics.is_empty() {
        return None;
    }
    let drill_length = evaluation.run.ended_at.max(60);
    let spans = evaluation.metrics.iter().flat_map(|m| [m.value, m.target]).flatten();
    let shortest = spans.clone().filter(|s| *s > 0).min().unwrap_or(60);
    let longest = spans.chain([drill_length]).max().unwrap_or(60);
    // One round duration below the shortest, so no bar or tick sits on the scale's left edge.
    let min = DURATION_TICKS.iter().copied().rev().find(|t| *t < shortest).unwrap_or(60);
    let max = DURATION_TICKS.iter().copied().find(|t| *t > longest).unwrap_or(31_536_000);
    let ticks = DURATION_TICKS
        .iter()
        .filter(|t| (min..=max).contains(*t))
        .map(|&at| Tick { at, label: format_seconds(at) })
        .collect();
    let rows = evaluation
        .metrics
        .iter()
        .map(|m| MetricRow {
            name: m.name.clone(),
            value: m.value,
            progress: m.value.map(|_| Progress::of(m.status, true)),
            target: m.target,
            value_label: m.value.map_or_else(|| "not reached".into(), format_seconds),
            target_label: m.target.map(|t| format!("target {}", format_seconds(t))),
        })
        .collect();
    Some(MetricBars { min, max, ticks, drill_length, rows })
}

fn clock_rows(evaluation: &Evaluation, clock: &ClockFace) -> Option<ClockRows> {
    let end = evaluation.run.ended_at;
    let rows: Vec<ClockRow> = evaluation
        .clocks
        .iter()
        .filter_map(|c| {
            let (start, deadline) = (c.started_at?, c.deadline?);
            let window = deadline.saturating_sub(start).max(1);
            let used = c.notified_at.unwrap_or(end).saturating_sub(start);
            let note = match c.notified_at {
                Some(n) if n <= deadline => {
                    format!("notified after {}, {} to spare", format_seconds(used), format_seconds(deadline - n))
                }
                Some(n) => format!("notified {} late", format_seconds(n - deadline)),
                None if end > deadline => {
                    format!("not notified; deadline passed {} before the drill's end", format_seconds(end - deadline))
                }
                None => format!("not notified by the drill's end, {} left", format_seconds(deadline - end)),
            };
            Some(ClockRow {
                regulation: c.regulation.clone(),
                notify: crate::wording::party(c.notify),
                started: clock.at(start),
                deadline: clock.at(deadline),
                window,
                used,
                progress: Progress::of(c.status, c.notified_at.is_some()),
                note,
            })
        })
        .collect();
    (!rows.is_empty()).then_some(ClockRows { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_noisy_curve_keeps_a_few_points_per_pixel_column_and_its_extremes() {
        let kept = thin((0..100_000u64).map(|t| (t, t * 7_919 % 1_000)), 100_000);
        assert!(kept.len() <= 3 * (PLOT_WIDTH as usize + 1), "{} points kept", kept.len());
        assert_eq!(kept.iter().map(|p| p.1).max(), Some(999));
        assert_eq!(kept.iter().map(|p| p.1).min(), Some(0));
        assert!(kept.windows(2).all(|w| w[0].0 < w[1].0), "in time order");
    }

    #[test]
    fn a_step_curve_keeps_exactly_its_changes() {
        let steps = [(0, 0), (900, 0), (1_800, 5), (2_700, 5), (2_700, 6), (3_600, 2)];
        assert_eq!(thin(steps.into_iter(), 3_600), vec![(0, 0), (1_800, 5), (2_700, 6), (3_600, 2)]);
    }

    #[test]
    fn counts_get_integer_ticks_in_at_most_five_steps() {
        assert_eq!(count_scale(0), (1, vec![0, 1]));
        assert_eq!(count_scale(3), (3, vec![0, 1, 2, 3]));
        assert_eq!(count_scale(700), (800, vec![0, 200, 400, 600, 800]));
    }

    #[test]
    fn time_ticks_fall_on_round_local_hours_and_name_the_day_when_it_changes() {
        let clock = ClockFace(DateTime::parse("2026-03-14T21:30").ok());
        let labels: Vec<String> = clock.ticks(36_000, PLOT_WIDTH).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["Sat 14 22:00", "Sun 15 00:00", "02:00", "04:00", "06:00"]);
    }
}
