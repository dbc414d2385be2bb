//! Byte-level damage to valid files, drawn from a seeded generator so a campaign is repeatable:
//! truncation at every kind of boundary, byte flips, deleted and duplicated brackets, huge,
//! negative and non-finite numbers, duplicated fields, invalid UTF-8, a BOM, CRLF line ends,
//! control characters, very long strings and deep nesting.

/// SplitMix64: small, seeded, and the same on every machine.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers that have broken parsers and arithmetic elsewhere.
const NUMBERS: &[&str] = &[
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "18446744073709551616",
    "4294967296",
    "9223372036854775808",
    "0.0000000000000000000001",
    "1_000_000_000_000_000",
    "0x7fffffff",
    "1e-400",
    "+5",
];

/// Offsets of bytes in `text` that are one of `set`.
fn offsets(text: &[u8], set: &[u8]) -> Vec<usize> {
    text.iter().enumerate().filter(|(_, b)| set.contains(b)).map(|(i, _)| i).collect()
}

/// Spans of the numbers in `text` (digits, with a leading sign, dot and exponent).
fn numbers(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts =
            text[i].is_ascii_digit() && (i == 0 || !(text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_'));
        if starts {
            let start = i;
            while i < text.len() && (text[i].is_ascii_alphanumeric() || b"._".contains(&text[i])) {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// One damaged copy of `valid`, and a word for what was done.
pub fn damage(valid: &str, dice: &mut Dice) -> (&'static str, Vec<u8>) {
    let mut bytes = valid.as_bytes().to_vec();
    let at = |dice: &mut Dice, set: &[u8], bytes: &[u8]| {
        let found = offsets(bytes, set);
        if found.is_empty() { dice.below(bytes.len()) } else { *dice.pick(&found) }
    };
    let kind = match dice.below(14) {
        0 => {
            let cut = at(dice, b"([{,:\"\n )]}", &bytes);
            bytes.truncate(cut + dice.below(2));
            "truncate at a boundary"
        }
        1 => {
            bytes.truncate(dice.below(bytes.len()));
            "truncate anywhere"
        }
        2 => {
            for _ in 0..=dice.below(4) {
                let i = dice.below(bytes.len());
                bytes[i] ^= 1 << dice.below(8);
            }
            "flip bits"
        }
        3 => {
            let i = at(dice, b"()[]{}", &bytes);
            bytes.remove(i);
            "delete a bracket"
        }
        4 => {
            let i = at(dice, b"()[]{}", &bytes);
            let b = bytes[i];
            bytes.insert(i, b);
            "duplicate a bracket"
        }
        5 => {
            let spans = numbers(&bytes);
            if let Some(&(start, end)) = (!spans.is_empty()).then(|| dice.pick(&spans)) {
                bytes.splice(start..end, dice.pick(NUMBERS).bytes());
            }
            "replace a number"
        }
        6 => {
            // Repeat a whole line: a field given twice, or an entry given twice.
            let lines: Vec<&str> = valid.lines().collect();
            let i = dice.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.insert(i, lines[i]);
            bytes = out.join("\n").into_bytes();
            "duplicate a line"
        }
        7 => {
            let i = dice.below(bytes.len());
            let bad: &[&[u8]] = &[b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\0"];
            bytes.splice(i..i, dice.pick(bad).iter().copied());
            "insert invalid UTF-8"
        }
        8 => {
            bytes.splice(0..0, *b"\xef\xbb\xbf");
            "byte order mark"
        }
        9 => {
            bytes = valid.replace('\n', "\r\n").into_bytes();
            if dice.below(2) == 0 {
                bytes.retain(|&b| b != b'\n');
            }
            "CRLF or CR line ends"
        }
        10 => {
            let i = at(dice, b"\"", &bytes) + 1;
            let controls: &[&str] = &["\u{1b}]0;pwned\u{7}", "\u{1b}[2J", "\u{9b}31m", "\r", "\u{8}", "\u{7f}", "\t"];
            bytes.splice(i.min(bytes.len())..i.min(bytes.len()), dice.pick(controls).bytes());
            "control characters in a string"
        }
        11 => {
            let i = at(dice, b"\"", &bytes) + 1;
            let long = "a".repeat(1 << (10 + dice.below(10)));
            bytes.splice(i.min(bytes.len())..i.min(bytes.len()), long.bytes());
            "a very long string or id"
        }
        12 => {
            let i = at(dice, b"[(", &bytes) + 1;
            let open = *dice.pick(&["[", "(", "{a:", "All(", "Some("]);
            let depth = 1 << dice.below(17);
            bytes.splice(i.min(bytes.len())..i.min(bytes.len()), open.repeat(depth).bytes());
            "deep nesting"
        }
        _ => {
            // Swap two random stretches: structure rearranged.
            let (a, b) = (dice.below(bytes.len()), dice.below(bytes.len()));
            let (a, b) = (a.min(b), a.max(b));
            let piece: Vec<u8> = bytes.drain(a..b).collect();
            let to = dice.below(bytes.len() + 1);
            bytes.splice(to..to, piece);
            "move a stretch"
        }
    };
    (kind, bytes)
}
