//! JSON-RPC over a byte stream: `Content-Length` framing, read forgivingly.
//!
//! Whatever arrives, the reader returns: a message, a note that what came was not one
//! (answered with a parse error, and reading goes on with the next frame), or the end.
//! A header line is read at most [`MAX_HEADER_LINE`] bytes at a time and a body of more
//! than [`MAX_MESSAGE`] bytes is skipped without being held, so no input makes the
//! server allocate without bound.

use std::io::{self, BufRead, Read, Write};

use lsp_server::Message;

/// The largest message body read; a policy of 64 MiB is far beyond any real one.
pub const MAX_MESSAGE: usize = 64 << 20;

/// The longest header line read at once.
pub const MAX_HEADER_LINE: u64 = 8 << 10;

pub enum Incoming {
    Message(Message),
    /// Something that is not a message: the reason.
    Malformed(String),
    End,
}

pub fn read(input: &mut impl BufRead) -> Incoming {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line) {
            Ok(0) => return Incoming::End,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Incoming::End,
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Incoming::Malformed(tr!("lsp-malformed-length"));
    };
    if length > MAX_MESSAGE {
        if io::copy(&mut input.by_ref().take(length as u64), &mut io::sink()).is_err() {
            return Incoming::End;
        }
        return Incoming::Malformed(tr!(
            "lsp-malformed-too-large",
            length = length.to_string(),
            max = MAX_MESSAGE.to_string()
        ));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Incoming::End;
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(tr!("lsp-malformed-json", reason = e.to_string())),
    }
}

pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// A parse error, which has no request id to answer to.
pub fn write_parse_error(out: &mut impl Write, reason: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": lsp_server::ErrorCode::ParseError as i32, "message": reason },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_on_after_garbage() {
        let stream = format!(
            "{}garbage line\r\n\r\n{}{}",
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            "Content-Length: 99999999999\r\n\r\nxyz"
        );
        let mut input = io::Cursor::new(stream.into_bytes());
        assert!(matches!(read(&mut input), Incoming::Malformed(m) if m.starts_with("not a JSON-RPC")));
        assert!(matches!(read(&mut input), Incoming::Malformed(m) if m.contains("Content-Length")));
        assert!(matches!(read(&mut input), Incoming::Message(Message::Notification(n)) if n.method == "initialized"));
        assert!(matches!(read(&mut input), Incoming::Malformed(m) if m.contains("at most")));
        assert!(matches!(read(&mut input), Incoming::End));
    }
}
