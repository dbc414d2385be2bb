//! ttx: a tabletop-exercise and incident-response drill simulator. Scenarios and response plans
//! are RON files; this library loads, validates, simulates and evaluates them.

pub mod action;
pub mod atomic;
pub mod calendar;
pub mod campaign;
pub mod checks;
pub mod cli;
pub mod compile;
pub mod cost;
pub mod cue;
pub mod decisions;
pub mod diagnostic;
pub mod duration;
pub mod engine;
pub mod evaluate;
pub mod exercise;
pub mod knowledge;
pub mod library;
pub mod materials;
pub mod plan;
pub mod rejection;
pub mod report;
pub mod role;
pub mod rules;
pub mod scenario;
pub mod screen;
pub mod source;
pub mod spreadsheet;
pub mod stdout;
pub mod team;
pub mod terminal;
pub mod timeline;
pub mod validate;
pub mod wording;
