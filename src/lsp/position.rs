//! Positions: the one place where byte offsets meet the protocol's line and character.
//!
//! Spans are byte ranges into the text; the protocol counts a line's characters in the
//! units of the encoding the client and server agreed on (`positionEncoding`), UTF-16
//! code units unless told otherwise. A Chinese character is one UTF-16 unit and three
//! bytes, an emoji two units and four bytes, so every offset that goes out and every
//! position that comes in passes through a [`LineIndex`], and nowhere else.
//!
//! Positions from the client are clamped, never refused: a line past the end is the end
//! of the text, a character past the end of its line is the line's end, and a position
//! inside a character (half a surrogate pair) is the start of that character.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How a line's characters are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's list that Kaohe knows (the list is in the
    /// client's order of preference), UTF-16 when it gives none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or(&[])
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or_default()
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many units one character counts for.
    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    /// How many units a piece of text counts for.
    pub fn len(self, text: &str) -> u32 {
        match self {
            Encoding::Utf8 => text.len() as u32,
            _ if text.is_ascii() => text.len() as u32,
            _ => text.chars().map(|c| self.units(c)).sum(),
        }
    }
}

/// Where each line of one text starts, and the encoding positions are counted in.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of each line's start; a line ends at `\n`, `\r\n` or `\r`.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl LineIndex {
    pub fn new(text: &str, encoding: Encoding) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts, encoding }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The bytes of 0-based line `line`, without its line break.
    fn line(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(text.len()).min(text.len());
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len()).min(text.len());
        let ending = text.get(start..end).unwrap_or("");
        if ending.ends_with("\r\n") {
            end -= 2;
        } else if ending.ends_with('\n') || ending.ends_with('\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// The position of a byte offset (clamped to the text, moved back to a character's
    /// start).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let (start, end) = self.line(text, line);
        let upto = offset.clamp(start, end);
        let character = self.encoding.len(text.get(start..upto).unwrap_or(""));
        Position { line: line as u32, character }
    }

    /// The byte offset of a position, clamped as the module says.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line(text, line);
        let content = text.get(start..end).unwrap_or("");
        let wanted = pos.character;
        if self.encoding == Encoding::Utf8 {
            let mut at = (wanted as usize).min(content.len());
            while !content.is_char_boundary(at) {
                at -= 1;
            }
            return start + at;
        }
        let mut units = 0u32;
        for (i, c) in content.char_indices() {
            let next = units + self.encoding.units(c);
            if next > wanted {
                return start + i;
            }
            units = next;
        }
        end
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range { start: self.position(text, start), end: self.position(text, end.max(start)) }
    }

    /// The byte range of a protocol range, start first.
    pub fn span(&self, text: &str, range: Range) -> (usize, usize) {
        let (a, b) = (self.offset(text, range.start), self.offset(text, range.end));
        (a.min(b), a.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn chinese_counts_one_unit_and_an_emoji_two_in_utf16() {
        let text = "let 最低工资 = 2420 元 // 😀x\nb";
        let index = LineIndex::new(text, Encoding::Utf16);
        let eq = text.find('=').unwrap_or(0);
        assert_eq!(index.position(text, eq), pos(0, 9));
        assert_eq!(index.offset(text, pos(0, 9)), eq);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(index.position(text, x), pos(0, 23));
        assert_eq!(index.offset(text, pos(0, 23)), x);
        // Half an emoji is the emoji's start.
        assert_eq!(index.offset(text, pos(0, 22)), x - 4);
        assert_eq!(index.position(text, text.len()), pos(1, 1));
    }

    #[test]
    fn utf8_and_utf32_count_bytes_and_characters() {
        let text = "a 最低工资 b";
        let b = text.find('b').unwrap_or(0);
        assert_eq!(LineIndex::new(text, Encoding::Utf8).position(text, b), pos(0, 15));
        assert_eq!(LineIndex::new(text, Encoding::Utf32).position(text, b), pos(0, 7));
        assert_eq!(LineIndex::new(text, Encoding::Utf32).offset(text, pos(0, 7)), b);
        // A byte offset inside a character is that character.
        assert_eq!(LineIndex::new(text, Encoding::Utf8).offset(text, pos(0, 3)), 2);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\n最低\n";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset(text, pos(0, 99)), 2);
        assert_eq!(index.offset(text, pos(1, 99)), 10);
        assert_eq!(index.offset(text, pos(7, 0)), text.len());
        assert_eq!(index.position(text, 99), pos(2, 0));
        assert_eq!(index.position(text, 3), pos(0, 2));
    }

    #[test]
    fn negotiation_takes_the_clients_first_known_encoding() {
        let offered = [PositionEncodingKind::new("utf-7"), PositionEncodingKind::UTF8, PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
    }
}
