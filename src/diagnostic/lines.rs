//! An index of one text's lines, built once, that turns byte offsets into line and character
//! column and back in time independent of the text's size: a file with a million diagnostics,
//! or one 8 MiB line, never makes each lookup re-scan the file.

use super::Position;

/// Bytes between two character-count checkpoints.
const STEP: usize = 4096;

/// Line starts and character counts of a text.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// `checkpoints[k]`: characters that start before byte `k * STEP`.
    checkpoints: Vec<usize>,
}

/// Whether `byte` starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: &u8) -> bool {
    byte & 0xC0 != 0x80
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut checkpoints = vec![0];
        for chunk in text.as_bytes().chunks(STEP) {
            let last = checkpoints.last().copied().unwrap_or(0);
            checkpoints.push(last + chunk.iter().filter(|b| starts_char(b)).count());
        }
        LineIndex { text, line_starts, checkpoints }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / STEP;
        let counted = self.checkpoints.get(block).copied().unwrap_or(0);
        counted + self.text.as_bytes()[block * STEP..offset].iter().filter(|b| starts_char(b)).count()
    }

    /// Line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.line_starts[line - 1];
        Position { line, column: self.chars_before(offset) - self.chars_before(line_start) + 1 }
    }

    /// The text of 1-based line `line`, without its line break, and its byte offset.
    pub fn line(&self, line: usize) -> Option<(usize, &'a str)> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end)?;
        Some((start, text.strip_suffix('\r').unwrap_or(text)))
    }

    /// The byte offset of `position`, or the end of its line when the column is past it.
    pub fn offset(&self, position: Position) -> Option<usize> {
        let (start, line) = self.line(position.line)?;
        let wanted = self.chars_before(start) + position.column.saturating_sub(1);
        // The last checkpoint at or before the wanted character, then a short walk.
        let block = self.checkpoints.partition_point(|&counted| counted <= wanted).saturating_sub(1);
        let end = start + line.len();
        // A column past the end of a short text must not start the walk past the text.
        let mut at = (block * STEP).clamp(start, end);
        let mut counted = self.chars_before(at);
        while at < end {
            if starts_char(&self.text.as_bytes()[at]) {
                if counted == wanted {
                    return Some(at);
                }
                counted += 1;
            }
            at += 1;
        }
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_round_trip() {
        let text = "ab\néé x\r\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position { line: 2, column: 4 });
        assert_eq!(index.offset(Position { line: 2, column: 4 }), Some(x));
        assert_eq!(index.line(2), Some((3, "éé x")));
        assert_eq!(index.line(3), Some((text.find("\n\n").unwrap() + 1, "")));
        assert_eq!(index.line(5), None);
        assert_eq!(index.position(text.len()), Position { line: 4, column: 5 });
    }

    #[test]
    fn a_column_far_past_a_short_line_is_its_end() {
        // Kept from the hostile-input harness: `//` alone, with a diagnostic at column 5 000.
        let index = LineIndex::new("//");
        assert_eq!(index.offset(Position { line: 1, column: 5_000 }), Some(2));
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.offset(Position { line: 1, column: STEP * 3 }), Some(2));
    }

    #[test]
    fn agrees_with_counting_across_checkpoints() {
        let text: String = (0..3 * STEP).map(|i| if i % 7 == 0 { 'é' } else { 'a' }).collect();
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).filter(|&i| text.is_char_boundary(i)).step_by(997) {
            let column = text[..offset].chars().count() + 1;
            assert_eq!(index.position(offset), Position { line: 1, column });
            assert_eq!(index.offset(Position { line: 1, column }), Some(offset));
        }
    }
}
