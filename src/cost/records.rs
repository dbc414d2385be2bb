//! The cost of records exfiltrated: linear up to a knee, then a power law, so that a record costs
//! less the larger the breach. Calibrated to IBM / Ponemon's Cost of a Data Breach 2018, the first
//! study with "mega breaches": USD 148 a record on breaches of up to about 100 000 records, USD 40 M
//! for 1 million records, USD 350 M for 50 million (docs/evaluation.md, "Cost model").

/// Records up to which each costs the scenario's full per-record price.
pub const KNEE: u64 = 50_000;

/// The power of the curve above the knee: ten times the records cost 10^0.56 ≈ 3.6 times as much.
pub const EXPONENT: f64 = 0.56;

/// The cost of `records` records of a class that costs `per_record` each in a small breach:
/// `per_record × records` up to `KNEE`, `per_record × KNEE × (records / KNEE)^EXPONENT` above.
/// Continuous, increasing and concave in `records`.
pub fn cost(per_record: f64, records: u64) -> f64 {
    if records <= KNEE {
        per_record * records as f64
    } else {
        per_record * KNEE as f64 * (records as f64 / KNEE as f64).powf(EXPONENT)
    }
}
