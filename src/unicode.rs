//! Characters that look like nothing, or like something else.
//!
//! Three hazards of Unicode text that a policy or a record file can carry: characters
//! that are invisible (a zero-width joiner inside `最低工资` makes a second, different
//! name that reads the same), look-alikes (Cyrillic `а` for Latin `a`), and controls
//! (terminal escape sequences in a name; bidi overrides that reorder what is shown). Two
//! names are confusable when their UTS #39 skeletons, after NFKC and with invisible
//! characters dropped, are equal; controls are shown escaped wherever Kaohe prints text
//! for people.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;

/// Unicode's Default_Ignorable_Code_Point: drawn as nothing.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// The bidirectional formatting characters, which reorder how a line is shown.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// What a name looks like: equal for two names a reader cannot tell apart.
pub fn look(name: &str) -> String {
    let visible: String = name.nfkc().filter(|c| !is_invisible(*c)).collect();
    skeleton(&visible).collect()
}

/// The name with its invisible characters dropped.
pub fn without_invisible(name: &str) -> Cow<'_, str> {
    if name.chars().any(is_invisible) {
        Cow::Owned(name.chars().filter(|c| !is_invisible(*c)).collect())
    } else {
        Cow::Borrowed(name)
    }
}

/// Whether a character is shown escaped in text for people: controls (other than line
/// breaks and tabs in running text), bidi controls and invisible characters.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c) || is_invisible(c)
}

/// Text safe to print for people: each control, bidi or invisible character written as
/// `\u{…}`, so a terminal escape sequence in a name is shown, never obeyed.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The same text with each character [`printable`] would escape replaced by a visible
/// mark of the same length in bytes, so byte offsets into it stay valid.
pub fn masked(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c) && c != '\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) && c != '\r' && c != '\t' {
            out.push_str(match c.len_utf8() {
                1 => "?",
                2 => "¿",
                3 => "⍰",
                _ => "????",
            });
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_look_alike_names_look_the_same() {
        assert_eq!(look("最低\u{200d}工资"), look("最低工资"));
        assert_eq!(look("bаse"), look("base")); // Cyrillic а
        assert_ne!(look("基本工资"), look("最低工资"));
        assert_eq!(without_invisible("A001\u{200b}"), "A001");
    }

    #[test]
    fn controls_are_escaped_and_masked_keeps_lengths() {
        assert_eq!(printable("张三\u{1b}[31m"), "张三\\u{1b}[31m");
        assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
        assert!(matches!(printable("plain 文本"), Cow::Borrowed(_)));
        let text = "x\u{1b}y\u{202e}z";
        assert_eq!(masked(text).len(), text.len());
        assert_eq!(masked(text), "x?y⍰z");
    }
}
