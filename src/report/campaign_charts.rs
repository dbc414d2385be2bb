//! The charts of a campaign's page, as SVG strings: a cumulative distribution of a time metric
//! (one curve per plan, the target dashed), a histogram of time to contain or of the harm averted
//! (one bar colour per plan, side by side), and the notification clocks' outcomes as stacked
//! bars. Text is SVG text, so no font file is needed.

use crate::campaign::Distribution;
use crate::campaign::summary::ClockSummary;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One colour per plan, A then B.
const PLANS: [RGBColor; 2] = [RGBColor(30, 100, 200), RGBColor(200, 90, 20)];

/// A plan's values of one measure: `of` is how many runs it was due in (the curve's 100 %).
pub struct Series<'a> {
    pub label: &'a str,
    pub values: &'a Distribution,
    pub of: u64,
}

/// The share of the runs it was due in that had reached it by each time, hours on the x axis;
/// runs that never reached it keep the curve below 100 %.
pub fn cdf(title: &str, series: &[Series], target: Option<u64>) -> String {
    let hours = |s: u64| s as f64 / 3_600.0;
    let last = series.iter().filter_map(|s| s.values.quantile(1.0)).max().unwrap_or(3_600).max(target.unwrap_or(0));
    let end = axis_end(hours(last));
    let mut keys: Vec<Key> = series
        .iter()
        .zip(PLANS)
        .map(|(one, colour)| {
            let reached = one.values.len() as f64 * 100.0 / one.of.max(1) as f64;
            Key::Line(format!("{} ({reached:.0} % reached)", one.label), colour)
        })
        .collect();
    keys.extend(target.map(|t| Key::Dashed(format!("target {}", crate::duration::format_seconds(t)))));
    draw((900, 400), title, &keys, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..end, 0.0..100.0)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("time from the first signal")
            .y_desc("% of runs")
            .x_label_formatter(&|h| crate::duration::format_seconds((h * 60.0).round() as u64 * 60))
            .y_label_formatter(&|p| format!("{p:.0} %"))
            .draw()
            .map_err(|e| e.to_string())?;
        // A's line wider than B's, so a curve the other covers still shows at its edges.
        for ((one, colour), width) in series.iter().zip(PLANS).zip([4, 2]) {
            let mut steps = vec![(0.0, 0.0)];
            let mut reached = 0.0;
            for (s, share) in one.values.cumulative(one.of) {
                steps.push((hours(s), reached));
                reached = share * 100.0;
                steps.push((hours(s), reached));
            }
            steps.push((end, reached));
            chart.draw_series(LineSeries::new(steps, colour.stroke_width(width))).map_err(|e| e.to_string())?;
        }
        if let Some(t) = target {
            let dashes = (0..20).map(|i| {
                let (a, b) = (f64::from(i) * 5.0, f64::from(i) * 5.0 + 2.5);
                PathElement::new(vec![(hours(t), a), (hours(t), b)], BLACK.stroke_width(1))
            });
            chart.draw_series(dashes).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// How many runs fell in each bin of `width` (in the values' unit), bars side by side per plan;
/// values at or past `top` go in the bin below it (a share of 100 % with the 90 % ones). `unit`
/// scales a value for the axis (3 600 for hours), `axis` names it.
pub fn histogram(title: &str, series: &[Series], width: u64, top: Option<u64>, unit: f64, axis: &str) -> String {
    let last_bin = top.map_or(u64::MAX, |t| t.saturating_sub(1) / width);
    let bins = |d: &Distribution| -> Vec<(u64, u64)> {
        let mut counts = std::collections::BTreeMap::new();
        for (value, runs) in d.counts() {
            *counts.entry((value / width).min(last_bin)).or_insert(0) += runs;
        }
        counts.into_iter().collect()
    };
    let all: Vec<Vec<(u64, u64)>> = series.iter().map(|s| bins(s.values)).collect();
    let last = all.iter().flat_map(|b| b.iter().map(|(bin, _)| *bin)).max().unwrap_or(0) + 1;
    let tallest = all.iter().flat_map(|b| b.iter().map(|(_, n)| *n)).max().unwrap_or(1);
    let scale = |bin: u64| (bin * width) as f64 / unit;
    let keys: Vec<Key> =
        series.iter().zip(PLANS).map(|(one, colour)| Key::Box(one.label.to_string(), colour)).collect();
    draw((900, 360), title, &keys, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..scale(last), 0.0..(tallest as f64 * 1.1))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(axis)
            .y_desc("runs")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(|e| e.to_string())?;
        let share = 1.0 / series.len().max(1) as f64;
        for (i, (bins, colour)) in all.iter().zip(PLANS).enumerate() {
            let bars = bins.iter().map(|(bin, n)| {
                let left = scale(*bin) + (width as f64 / unit) * share * i as f64;
                let right = left + (width as f64 / unit) * share * 0.9;
                Rectangle::new([(left, 0.0), (right, *n as f64)], colour.filled())
            });
            chart.draw_series(bars).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Each clock that started in some run, per plan: the shares met, late, missed and still running
/// at the end, of the runs it started in, as one stacked bar.
pub fn clocks(plans: &[(&str, &[ClockSummary])]) -> String {
    let rows: Vec<(String, &ClockSummary)> = plans
        .iter()
        .flat_map(|(plan, clocks)| {
            clocks.iter().filter(|c| c.started > 0.0).map(move |c| {
                let label = if plans.len() > 1 { format!("{} — {plan}", c.regulation) } else { c.regulation.clone() };
                (label, c)
            })
        })
        .collect();
    let height = 90 + 34 * rows.len() as u32;
    let parts = [
        ("met", RGBColor(40, 150, 70)),
        ("late", RGBColor(230, 160, 20)),
        ("missed", RGBColor(200, 40, 40)),
        ("still running", RGBColor(160, 160, 160)),
    ];
    let keys: Vec<Key> = parts.iter().map(|(name, colour)| Key::Box(name.to_string(), *colour)).collect();
    draw((900, height), "Notification clocks: outcome in the runs each started in", &keys, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(300)
            .build_cartesian_2d(0.0..100.0, (0..rows.len()).into_segmented())
            .map_err(|e| e.to_string())?;
        let names: Vec<String> =
            rows.iter().map(|(l, c)| format!("{l} (started in {:.0} %)", c.started * 100.0)).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("% of the runs it started in")
            .x_label_formatter(&|p| format!("{p:.0} %"))
            .y_label_formatter(&|row| match row {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(|e| e.to_string())?;
        for (k, (_, colour)) in parts.iter().enumerate() {
            let bars = rows.iter().enumerate().map(|(i, (_, c))| {
                let shares = [c.met, c.late, c.missed, c.pending];
                let from = shares[..k].iter().sum::<f64>() * 100.0;
                let to = from + shares[k] * 100.0;
                Rectangle::new([(from, SegmentValue::Exact(i)), (to, SegmentValue::Exact(i + 1))], colour.filled())
            });
            chart.draw_series(bars).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// A round end for a time axis, in hours: a little past `last`, on a whole step.
fn axis_end(last: f64) -> f64 {
    let step = [1.0, 2.0, 4.0, 6.0, 12.0, 24.0].into_iter().find(|s| last / s <= 12.0).unwrap_or(48.0);
    ((last / step).floor() + 1.0) * step
}

/// One entry of a chart's key.
enum Key {
    Line(String, RGBColor),
    Dashed(String),
    Box(String, RGBColor),
}

/// An SVG of `size`: the title, then the key on its own strip (so it never covers data), then
/// what `paint` draws below. A failure is written on the chart rather than lost.
fn draw(
    size: (u32, u32),
    title: &str,
    keys: &[Key],
    paint: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(|e| e.to_string()).and_then(|()| {
            let (head, body) = root.split_vertically(56);
            let text = ("sans-serif", 18).into_text_style(&head);
            head.draw_text(title, &text, (60, 6)).map_err(|e| e.to_string())?;
            let small = ("sans-serif", 13).into_text_style(&head);
            let mut x = 60;
            for key in keys {
                let label = match key {
                    Key::Line(label, colour) => {
                        head.draw(&PathElement::new(vec![(x, 40), (x + 22, 40)], colour.stroke_width(3)))
                            .map_err(|e| e.to_string())?;
                        label
                    }
                    Key::Dashed(label) => {
                        for d in [0, 8, 16] {
                            head.draw(&PathElement::new(vec![(x + d, 40), (x + d + 4, 40)], BLACK.stroke_width(1)))
                                .map_err(|e| e.to_string())?;
                        }
                        label
                    }
                    Key::Box(label, colour) => {
                        head.draw(&Rectangle::new([(x + 4, 34), (x + 16, 46)], colour.filled()))
                            .map_err(|e| e.to_string())?;
                        label
                    }
                };
                head.draw_text(label, &small, (x + 28, 33)).map_err(|e| e.to_string())?;
                x += 40 + 7 * label.chars().count() as i32;
            }
            paint(&body)
        });
        if let Err(e) = drawn {
            let _ =
                root.draw_text(&format!("chart not drawn: {e}"), &("sans-serif", 14).into_text_style(&root), (10, 20));
        }
        let _ = root.present();
    }
    out
}
