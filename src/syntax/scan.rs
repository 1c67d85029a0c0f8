//! Where code is: strings and comments told apart from the code around them.
//!
//! [`segments`] cuts a text into runs of one [`Region`] each, in order, covering every
//! byte once. Every pass that needs "outside strings and comments" reads it: layout
//! (full-width punctuation, brackets), the builder (where a construct's code ends), error
//! recovery (braces) and the formatter (comments).
//!
//! The rules are the grammar's, read as layout reads the text before the grammar does:
//! - `"` opens a string; inside it `\` escapes the next character (any, a line break
//!   included), and the string ends after its closing `"` or, left open, before the line
//!   break (`\n` or `\r`) or the end of the text.
//! - A full-width mark that stands for `"` ([`ascii_for`]: `“` `”` `＂`) opens a string
//!   as `"` would (layout replaces it); such a string may also close with `”`.
//! - `//` outside strings opens a comment up to the line break (a `\r` before it is part
//!   of the comment); `///` not followed by a fourth `/` is a doc comment. A mark that
//!   stands for `/` (`／`) followed by `/` opens a comment too.
//!
//! A string's region includes its quotes; a comment's, its slashes; line breaks are code.

/// What a stretch of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Code,
    /// A string with its quotes; `closed` is false for one left open at a line break or
    /// at the end of the text.
    String {
        closed: bool,
    },
    /// A `//` comment (`////` and more included).
    Comment,
    /// A `///` doc comment.
    DocComment,
}

impl Region {
    pub fn is_comment(self) -> bool {
        matches!(self, Region::Comment | Region::DocComment)
    }
}

/// The bytes `start..end` of the text, all of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub region: Region,
    pub start: usize,
    pub end: usize,
}

impl Segment {
    /// The segment's text, out of the text it was cut from.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The segment's characters with their byte offsets in the whole text.
    pub fn char_indices(self, text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
        self.text(text).char_indices().map(move |(i, c)| (self.start + i, c))
    }
}

/// The ASCII character a full-width mark stands for, if it is one we recognise.
pub fn ascii_for(c: char) -> Option<char> {
    match c {
        '\u{3000}' => Some(' '),
        '“' | '”' | '＂' => Some('"'),
        '‘' | '’' => Some('\''),
        '、' => Some(','),
        '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{FF01}'..='\u{FF5E}' if !c.is_alphanumeric() => {
            char::from_u32(c as u32 - 0xFEE0).filter(|a| a.is_ascii_punctuation())
        }
        _ => None,
    }
}

/// The text's segments, in order.
pub fn segments(text: &str) -> Segments<'_> {
    Segments { text, at: 0 }
}

/// Every character of the text with its byte offset and region.
pub fn chars(text: &str) -> impl Iterator<Item = (usize, char, Region)> + '_ {
    segments(text).flat_map(move |s| s.char_indices(text).map(move |(at, c)| (at, c, s.region)))
}

/// The characters of the text that are code, with their byte offsets.
pub fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    segments(text).filter(|s| s.region == Region::Code).flat_map(move |s| s.char_indices(text))
}

/// The iterator of [`segments`].
#[derive(Debug, Clone)]
pub struct Segments<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let start = self.at;
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        let (region, len) = match opening(rest) {
            Some(Opening::String) => string(rest),
            Some(Opening::Comment) => comment(rest),
            None => (Region::Code, code(rest)),
        };
        self.at = start + len;
        Some(Segment { region, start, end: self.at })
    }
}

enum Opening {
    String,
    Comment,
}

/// What the code at the start of `rest` opens, if anything.
fn opening(rest: &str) -> Option<Opening> {
    let mut chars = rest.chars();
    match stands_for(chars.next()?) {
        '"' => Some(Opening::String),
        '/' if chars.next() == Some('/') => Some(Opening::Comment),
        _ => None,
    }
}

/// The ASCII character `c` is read as: itself, or the one a full-width mark stands for.
fn stands_for(c: char) -> char {
    if c.is_ascii() {
        c
    } else {
        ascii_for(c).unwrap_or(c)
    }
}

/// The length of the code at the start of `rest`: up to the next string or comment.
fn code(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes.get(from..).and_then(|b| b.iter().position(|&b| may_open(b))).map(|i| from + i) {
        if rest.get(at..).and_then(opening).is_some() {
            return at;
        }
        from = at + 1;
    }
    rest.len()
}

/// Whether a character that begins with this byte may open a string or a comment: `"`,
/// `/`, or the first byte of a full-width mark standing for one of them (`“` `”` `＂` `／`
/// all begin with 0xE2 or 0xEF). Every such byte begins a character, so the text can be
/// cut there. Code is searched byte by byte for these, which keeps the scan fast.
fn may_open(b: u8) -> bool {
    matches!(b, b'"' | b'/' | 0xE2 | 0xEF)
}

/// The string at the start of `rest`, which begins with its opening quote.
fn string(rest: &str) -> (Region, usize) {
    let mut chars = rest.char_indices();
    let curly = chars.next().is_some_and(|(_, q)| q != '"');
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return (Region::String { closed: true }, i + 1),
            '”' if curly => return (Region::String { closed: true }, i + '”'.len_utf8()),
            '\n' | '\r' => return (Region::String { closed: false }, i),
            _ => {}
        }
    }
    (Region::String { closed: false }, rest.len())
}

/// The comment at the start of `rest`, which begins with its slashes.
fn comment(rest: &str) -> (Region, usize) {
    let len = rest.find('\n').unwrap_or(rest.len());
    let doc = rest.starts_with("///") && !rest.starts_with("////");
    (if doc { Region::DocComment } else { Region::Comment }, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The segments as `region:text` strings.
    fn cut(text: &str) -> Vec<String> {
        segments(text)
            .map(|s| {
                let r = match s.region {
                    Region::Code => "code",
                    Region::String { closed: true } => "str",
                    Region::String { closed: false } => "open-str",
                    Region::Comment => "comment",
                    Region::DocComment => "doc",
                };
                format!("{r}:{}", s.text(text))
            })
            .collect()
    }

    #[test]
    fn code_strings_and_comments() {
        assert_eq!(cut("a = \"x\" // c\nb"), ["code:a = ", "str:\"x\"", "code: ", "comment:// c", "code:\nb"]);
        assert_eq!(cut(""), Vec::<String>::new());
        assert_eq!(cut("x"), ["code:x"]);
        assert_eq!(cut("a / b"), ["code:a / b"]);
    }

    #[test]
    fn escapes_stay_in_the_string() {
        assert_eq!(cut(r#""a\"b" c"#), [r#"str:"a\"b""#, "code: c"]);
        assert_eq!(cut(r#""a\\" c"#), [r#"str:"a\\""#, "code: c"]);
        // A backslash at the end of a line escapes the line break, as the grammar reads it.
        assert_eq!(cut("\"a\\\nb\" c"), ["str:\"a\\\nb\"", "code: c"]);
        assert_eq!(cut("\"a\\"), ["open-str:\"a\\"]);
    }

    #[test]
    fn comment_inside_a_string_is_string() {
        assert_eq!(cut(r#"u = "http://x" // y"#), ["code:u = ", r#"str:"http://x""#, "code: ", "comment:// y"]);
    }

    #[test]
    fn string_inside_a_comment_is_comment() {
        assert_eq!(cut("a // say \"hi\n\"b\""), ["code:a ", "comment:// say \"hi", "code:\n", "str:\"b\""]);
    }

    #[test]
    fn doc_comments() {
        assert_eq!(
            cut("/// doc\n//// not doc\n// plain"),
            ["doc:/// doc", "code:\n", "comment://// not doc", "code:\n", "comment:// plain"]
        );
        assert_eq!(cut("///"), ["doc:///"]);
    }

    #[test]
    fn an_open_string_ends_before_the_line_break() {
        assert_eq!(cut("\"abc\nd"), ["open-str:\"abc", "code:\nd"]);
        assert_eq!(cut("\"abc\r\nd"), ["open-str:\"abc", "code:\r\nd"]);
        assert_eq!(cut("\"abc"), ["open-str:\"abc"]);
    }

    #[test]
    fn crlf_line_breaks_are_code_and_end_comments() {
        assert_eq!(cut("a // c\r\nb\r\n"), ["code:a ", "comment:// c\r", "code:\nb\r\n"]);
    }

    #[test]
    fn cjk_text_keeps_byte_offsets() {
        let text = "迟到 = \"说明//不是注释\" // 注释\n罚款";
        let segs: Vec<Segment> = segments(text).collect();
        assert_eq!(segs.len(), 5);
        assert_eq!(segs[1].region, Region::String { closed: true });
        assert_eq!(segs[1].text(text), "\"说明//不是注释\"");
        assert_eq!(segs[3].text(text), "// 注释");
        assert_eq!(segs[4].text(text), "\n罚款");
        // The segments cover the text, in order, without gaps.
        assert_eq!(segs.first().map(|s| s.start), Some(0));
        assert!(segs.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(segs.last().map(|s| s.end), Some(text.len()));
        let comment_at = text.find("// 注释").unwrap();
        assert_eq!(chars(text).find(|&(_, _, r)| r == Region::Comment).map(|(at, _, _)| at), Some(comment_at));
    }

    #[test]
    fn curly_quotes_open_strings_as_layout_reads_them() {
        // `“` stands for `"`; its string closes at `”` or `"`.
        assert_eq!(cut("a “x // y” b"), ["code:a ", "str:“x // y”", "code: b"]);
        assert_eq!(cut("a “x\" b"), ["code:a ", "str:“x\"", "code: b"]);
        // A string opened by `"` does not close at `”`.
        assert_eq!(cut("a \"x” b\" c"), ["code:a ", "str:\"x” b\"", "code: c"]);
        assert_eq!(cut("a ＂x” b"), ["code:a ", "str:＂x”", "code: b"]);
        // `／/` opens a comment, `/／` does not.
        assert_eq!(cut("a ／/ c"), ["code:a ", "comment:／/ c"]);
        assert_eq!(cut("a /／ c"), ["code:a /／ c"]);
    }

    #[test]
    fn every_mark_that_opens_begins_with_a_byte_the_search_stops_at() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if matches!(stands_for(c), '"' | '/') {
                let mut buf = [0; 4];
                assert!(may_open(c.encode_utf8(&mut buf).as_bytes()[0]), "{c:?}");
            }
        }
    }

    #[test]
    fn code_chars_skip_strings_and_comments() {
        let code: String = code_chars("{ \"{\" // {\n}").map(|(_, c)| c).collect();
        assert_eq!(code, "{  \n}");
    }
}
