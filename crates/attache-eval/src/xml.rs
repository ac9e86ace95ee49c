//! A lenient scanner for the XML-ish gold files (PETRARCH validation
//! records, TimeML, TR-News). They are not always well-formed (PETRARCH
//! opens `<Sentence …/>` as an empty tag and closes it later), so this
//! reads tags by position instead of building a tree. Elements of the same
//! name are assumed not to nest, which holds for every format read here.

/// One element: its open tag and what lies between it and its close tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    /// The open tag, from `<` to `>` inclusive.
    pub tag: &'a str,
    /// The content (empty for `<x/>` or a missing close tag).
    pub inner: &'a str,
    /// Byte offset of `<` in the scanned text.
    pub start: usize,
    /// Byte offset just past the element.
    pub end: usize,
}

impl Element<'_> {
    /// Value of attribute `name` of the open tag, unescaped.
    pub fn attr(&self, name: &str) -> Option<String> {
        attr(self.tag, name)
    }

    /// The content as text: CDATA sections verbatim, the rest unescaped.
    pub fn text(&self) -> String {
        text(self.inner)
    }
}

fn is_name_end(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
}

/// Every `<name …>` element of `hay`, in order.
pub fn elements<'a>(hay: &'a str, name: &str) -> Vec<Element<'a>> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(&open) {
        let start = from + i;
        let after = start + open.len();
        if !is_name_end(bytes.get(after)) {
            from = after;
            continue;
        }
        let Some(gt) = hay[after..].find('>') else {
            break;
        };
        let tag_end = after + gt + 1;
        let tag = &hay[start..tag_end];
        if tag.ends_with("/>") {
            out.push(Element {
                tag,
                inner: "",
                start,
                end: tag_end,
            });
            from = tag_end;
            continue;
        }
        match hay[tag_end..].find(&close) {
            Some(c) => {
                let end = tag_end + c + close.len();
                out.push(Element {
                    tag,
                    inner: &hay[tag_end..tag_end + c],
                    start,
                    end,
                });
                from = end;
            }
            None => {
                out.push(Element {
                    tag,
                    inner: "",
                    start,
                    end: tag_end,
                });
                from = tag_end;
            }
        }
    }
    out
}

/// The first `<name>` element of `hay`.
pub fn first<'a>(hay: &'a str, name: &str) -> Option<Element<'a>> {
    elements(hay, name).into_iter().next()
}

/// The text of the first `<name>` element of `hay`, trimmed.
pub fn child_text(hay: &str, name: &str) -> Option<String> {
    first(hay, name).map(|e| e.text().trim().to_string())
}

/// Value of attribute `name` in an open tag (`name="v"` or `name='v'`).
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at > 0 && bytes[at - 1].is_ascii_whitespace();
        if !before_ok {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let body = &rest[1..];
        let end = body.find(quote)?;
        return Some(unescape(&body[..end]));
    }
    None
}

/// Content as text: `<![CDATA[…]]>` sections verbatim, other text with
/// entities decoded.
pub fn text(inner: &str) -> String {
    let mut out = String::new();
    let mut rest = inner;
    while let Some(i) = rest.find("<![CDATA[") {
        out.push_str(&unescape(&rest[..i]));
        let body = &rest[i + 9..];
        match body.find("]]>") {
            Some(e) => {
                out.push_str(&body[..e]);
                rest = &body[e + 3..];
            }
            None => {
                out.push_str(body);
                rest = "";
            }
        }
    }
    out.push_str(&unescape(rest));
    out
}

/// Decode the five XML entities and numeric character references; anything
/// else is kept as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|&e| e <= 10).and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_empty_and_full() {
        let s = r#"<a x="1"/><ab>no</ab><a y='2'>in &amp; out</a><a>"#;
        let all = elements(s, "a");
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].attr("x").as_deref(), Some("1"));
        assert_eq!(all[0].inner, "");
        assert_eq!(all[1].attr("y").as_deref(), Some("2"));
        assert_eq!(all[1].text(), "in & out");
        assert_eq!(all[2].inner, "");
    }

    #[test]
    fn attr_needs_whole_name() {
        assert_eq!(
            attr(r#"<t xtype="a" type="b">"#, "type").as_deref(),
            Some("b")
        );
        assert_eq!(attr("<t>", "type"), None);
    }

    #[test]
    fn cdata_and_entities() {
        assert_eq!(text("a &lt;<![CDATA[b & <c>]]>&#65;&#x42;"), "a <b & <c>AB");
        assert_eq!(unescape("AT&T; & &bogus;"), "AT&T; & &bogus;");
    }
}
