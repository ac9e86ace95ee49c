//! Character encoding of HTML bytes: byte-order mark, then the HTTP
//! `Content-Type` charset, then `<meta charset>` in the first 4 KiB, then
//! UTF-8 when the bytes are valid UTF-8, else windows-1252.

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

static META_CHARSET_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).ok());

/// The encoding named by a `charset=` parameter of a Content-Type value.
pub(crate) fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let label = lower.get(at + "charset=".len()..)?;
    let label = label
        .trim_start_matches(['"', '\'', ' '])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    Encoding::for_label(label.as_bytes())
}

fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096))?;
    let caps = META_CHARSET_RE.as_ref()?.captures(head)?;
    let enc = Encoding::for_label(caps.get(1)?.as_bytes())?;
    // a page that says UTF-16 in ASCII is not UTF-16
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

/// HTML bytes decoded to a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// Bytes before `text` in the input (a byte-order mark) when `text` is a
    /// byte-exact copy of the input after them; `None` when offsets into
    /// `text` are not input offsets (another encoding, repaired bytes).
    pub exact_offset: Option<u64>,
}

/// Decodes HTML bytes, detecting the encoding.
pub(crate) fn decode_html<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    let (enc, bom) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => {
            let declared = content_type
                .and_then(charset_of_content_type)
                .or_else(|| meta_charset(bytes));
            let enc = match declared {
                Some(e) => e,
                None if std::str::from_utf8(bytes).is_ok() => UTF_8,
                None => WINDOWS_1252,
            };
            (enc, 0)
        }
    };
    let body = bytes.get(bom..).unwrap_or_default();
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    let exact = enc == UTF_8 && !had_errors;
    Decoded {
        text,
        encoding: enc.name(),
        exact_offset: exact.then_some(bom as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_compiles() {
        assert!(META_CHARSET_RE.is_some());
    }

    #[test]
    fn windows_1252_from_meta() {
        let bytes = b"<meta charset=\"windows-1252\"><p>Egypt\x92s \x93army\x94</p>";
        let d = decode_html(bytes, None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Egypt’s “army”"));
        assert_eq!(d.exact_offset, None);
    }

    #[test]
    fn http_header_wins_over_meta() {
        let bytes = b"<meta charset=utf-8><p>caf\xe9</p>";
        let d = decode_html(bytes, Some("text/html; charset=ISO-8859-1"));
        assert!(d.text.contains("café"));
    }

    #[test]
    fn bom_and_fallbacks() {
        let d = decode_html(b"\xef\xbb\xbf<p>x</p>", Some("text/html; charset=latin1"));
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.exact_offset, Some(3));
        assert_eq!(d.text, "<p>x</p>");
        let d = decode_html(b"<p>caf\xe9</p>", None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
        let d = decode_html("<p>café</p>".as_bytes(), None);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.exact_offset, Some(0));
    }

    #[test]
    fn content_type_parsing() {
        assert_eq!(
            charset_of_content_type("text/html; charset=\"UTF-8\""),
            Some(UTF_8)
        );
        assert_eq!(charset_of_content_type("text/html"), None);
        assert_eq!(charset_of_content_type("text/html; charset=bogus"), None);
    }
}
