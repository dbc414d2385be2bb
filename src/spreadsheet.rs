//! CSV that opens cleanly in a spreadsheet: a UTF-8 byte-order mark (so that Excel reads the
//! text as UTF-8), quoting where RFC 4180 needs it (the `csv` crate), one header row, and every
//! cell a spreadsheet would take for a formula (one starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return) neutralised with a leading apostrophe, as OWASP advises against CSV
//! injection. Text from scenario files and the room goes into these cells.

/// The byte-order mark that starts every file.
pub const BOM: &str = "\u{feff}";

/// The CSV text of `head` and `rows`.
pub fn csv(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail, and every row is as long as the head it is checked against.
    let write = |writer: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        let _ = writer.write_record(cells.iter().map(|c| neutralised(c)));
    };
    write(&mut writer, head.iter().map(|h| h.to_string()).collect());
    for row in rows {
        let mut cells = row.clone();
        cells.resize(head.len(), String::new());
        write(&mut writer, cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}

/// `cell`, with a leading apostrophe when a spreadsheet would read it as a formula.
pub fn neutralised(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(text: &str) -> Vec<Vec<String>> {
        let text = text.strip_prefix(BOM).expect("a byte-order mark first");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
    }

    #[test]
    fn cells_round_trip_through_a_csv_reader() {
        let rows = vec![
            vec!["a, with comma".to_string(), "quote \"inside\"".into(), "two\nlines".into()],
            vec!["ünïcødé — dash".to_string(), String::new(), "short".into()],
        ];
        let text = csv(&["one", "two", "three"], &rows);
        let back = read_back(&text);
        assert_eq!(back[0], ["one", "two", "three"]);
        assert_eq!(back[1..], rows[..]);
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn formulas_are_neutralised_and_nothing_else_changes() {
        let risky = ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"];
        let rows: Vec<Vec<String>> = risky.iter().map(|c| vec![c.to_string()]).collect();
        let back = read_back(&csv(&["cell"], &rows));
        for (cell, read) in risky.iter().zip(&back[1..]) {
            assert_eq!(read[0], format!("'{cell}"));
        }
        for safe in ["plain", "1-2", "a=b", "'quoted", ""] {
            assert_eq!(neutralised(safe), safe);
        }
    }

    #[test]
    fn short_rows_are_padded_to_the_head() {
        let back = read_back(&csv(&["a", "b"], &[vec!["x".into()]]));
        assert_eq!(back[1], ["x", ""]);
    }
}
