//! A lenient HTML scanner: article text, title, publication date and
//! canonical URL of a page. It never fails: unclosed tags, stray end tags and
//! truncated files give whatever text came before the damage.

use std::sync::LazyLock;

use attache_types::{InputMap, Precision};
use chrono::NaiveDate;
use memchr::{memchr, memmem};
use regex::Regex;

use crate::dates::parse_date_value;
use crate::text::{is_invisible, is_space, normalize, TextOut};

/// Text and metadata extracted from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText {
    /// Blocks separated by a blank line (`\n\n`), white space collapsed.
    pub text: String,
    /// `text` byte offsets → byte offsets of the HTML string given.
    pub input_map: InputMap,
    /// `og:title`, else `<title>` without a ` | Site` suffix, else the first `<h1>`.
    pub title: Option<String>,
    /// From meta tags, JSON-LD `datePublished` or `<time datetime>`.
    pub published: Option<(NaiveDate, Precision)>,
    /// `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
}

/// Most elements kept open at once; deeper ones are not tracked, which
/// keeps the work per end tag bounded on hostile input.
const MAX_OPEN: usize = 1024;

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside", "form",
    "button", "select", "iframe", "textarea", "object", "canvas", "dialog", "menu",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noembed", "noframes", "noscript",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Words in a class or id that mark boilerplate.
const BOILERPLATE_MARKERS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "related",
    "comment",
    "breadcrumb",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "footer",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sidebar",
    "promo",
    "popup",
    "paywall",
];

/// UI words that may follow a marker in one class word (`sharebar`, `menuitem`).
const MARKER_SUFFIXES: &[&str] = &[
    "s",
    "bar",
    "box",
    "btn",
    "button",
    "buttons",
    "list",
    "links",
    "tools",
    "toolbar",
    "icons",
    "widget",
    "wrapper",
    "container",
    "block",
    "area",
    "section",
    "panel",
    "banner",
    "popup",
    "modal",
    "form",
    "item",
    "items",
    "media",
    "module",
];

/// First words of a class that mark the article itself (`article-body`).
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "story", "body", "main", "text", "entry",
];

/// Meta names and properties that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "original-publish-date",
];

static JSONLD_DATE_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]{4,64})""#).ok());

/// Pending separator of a text flow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Pending {
    #[default]
    None,
    /// A space; `Some(offset)` when it was a single input space at `offset`.
    Space(Option<u64>),
    Break,
}

/// One output text (whole page, `<main>`, or one `<article>`).
#[derive(Debug, Default)]
struct Flow {
    out: TextOut,
    pending: Pending,
}

impl Flow {
    fn brk(&mut self) {
        self.pending = Pending::Break;
    }

    fn space(&mut self, exact: Option<u64>) {
        self.pending = match self.pending {
            Pending::None => Pending::Space(exact),
            Pending::Space(_) => Pending::Space(None),
            Pending::Break => Pending::Break,
        };
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if self.out.text.is_empty() {
            return;
        }
        match pending {
            Pending::None => {}
            Pending::Break => self.out.push_inserted("\n\n"),
            Pending::Space(Some(at)) => self.out.push_verbatim(" ", at),
            Pending::Space(None) => self.out.push_inserted(" "),
        }
    }

    fn apply(&mut self, src: &str, tokens: &[Tok]) {
        for tok in tokens {
            match tok {
                Tok::Word(a, b) => {
                    self.flush();
                    if let Some(s) = src.get(*a..*b) {
                        self.out.push_verbatim(s, *a as u64);
                    }
                }
                Tok::Entity(a, s) => {
                    self.flush();
                    self.out.push_decoded(s, *a as u64);
                }
                Tok::Space(exact) => self.space(*exact),
            }
        }
    }
}

/// A piece of a text node.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Verbatim non-space text `[start, end)`.
    Word(usize, usize),
    /// A character reference at `start`, decoded.
    Entity(usize, String),
    /// White space; `Some(offset)` when it is one ASCII space.
    Space(Option<u64>),
}

/// Decodes the character reference starting at `i` (`&amp;`, `&#8217;`,
/// `&#x2019;`, legacy `&nbsp`): its end and the decoded text.
fn parse_entity(src: &str, i: usize) -> Option<(usize, String)> {
    let b = src.as_bytes();
    let mut j = i + 1;
    if b.get(j) == Some(&b'#') {
        j += 1;
        let hex = matches!(b.get(j), Some(b'x' | b'X'));
        if hex {
            j += 1;
        }
        let digits_start = j;
        while b.get(j).is_some_and(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        }) && j - digits_start < 10
        {
            j += 1;
        }
        if j == digits_start {
            return None;
        }
    } else {
        let name_start = j;
        while b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) && j - name_start < 32 {
            j += 1;
        }
        if j == name_start {
            return None;
        }
    }
    if b.get(j) == Some(&b';') {
        j += 1;
    }
    let candidate = src.get(i..j)?;
    let decoded = html_escape::decode_html_entities(candidate);
    (decoded != candidate).then(|| (j, decoded.into_owned()))
}

/// Splits the text node `src[a..b]` into words, references and white space.
fn tokenize_text(src: &str, a: usize, b: usize) -> Vec<Tok> {
    let mut toks = Vec::new();
    let Some(slice) = src.get(a..b) else {
        return toks;
    };
    let mut word: Option<usize> = None;
    let mut space: Option<(usize, usize)> = None;
    let mut skip_to = a;
    let flush_space = |toks: &mut Vec<Tok>, space: &mut Option<(usize, usize)>| {
        if let Some((s0, len)) = space.take() {
            let exact = (len == 1 && src.as_bytes().get(s0) == Some(&b' ')).then_some(s0 as u64);
            toks.push(Tok::Space(exact));
        }
    };
    for (off, c) in slice.char_indices() {
        let pos = a + off;
        if pos < skip_to {
            continue;
        }
        if c == '&' {
            if let Some((end, decoded)) = parse_entity(src, pos).filter(|(end, _)| *end <= b) {
                if let Some(w) = word.take() {
                    toks.push(Tok::Word(w, pos));
                }
                skip_to = end;
                if decoded.chars().all(is_space) {
                    space = Some(match space {
                        Some((s0, _)) => (s0, usize::MAX),
                        None => (pos, usize::MAX),
                    });
                } else if decoded.chars().all(is_invisible) {
                    // soft hyphen and friends: dropped
                } else {
                    flush_space(&mut toks, &mut space);
                    toks.push(Tok::Entity(pos, decoded));
                }
                continue;
            }
        }
        if is_space(c) || is_invisible(c) {
            if let Some(w) = word.take() {
                toks.push(Tok::Word(w, pos));
            }
            if is_space(c) {
                space = Some(match space {
                    Some((s0, len)) => (s0, len.saturating_add(c.len_utf8())),
                    None => (pos, c.len_utf8()),
                });
            }
            continue;
        }
        if word.is_none() {
            flush_space(&mut toks, &mut space);
            word = Some(pos);
        }
    }
    if let Some(w) = word {
        toks.push(Tok::Word(w, b));
    }
    flush_space(&mut toks, &mut space);
    toks
}

/// Text of tokens with entities decoded and white space collapsed.
fn tokens_to_string(src: &str, toks: &[Tok], out: &mut String) {
    for t in toks {
        match t {
            Tok::Word(a, b) => out.push_str(src.get(*a..*b).unwrap_or("")),
            Tok::Entity(_, s) => out.push_str(s),
            Tok::Space(_) => out.push(' '),
        }
    }
}

fn decode_text(src: &str, a: usize, b: usize) -> String {
    let mut s = String::new();
    tokens_to_string(src, &tokenize_text(src, a, b), &mut s);
    normalize(&s)
}

#[derive(Debug, Clone)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Offset just past the closing `>`.
    end: usize,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
        j += 1;
    }
    j
}

/// Parses the start tag at `i` (`<` followed by a letter); `None` when the
/// input ends inside it.
fn parse_start_tag(src: &str, i: usize) -> Option<Tag> {
    let b = src.as_bytes();
    let mut j = i + 1;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_'))
    {
        j += 1;
    }
    let name = src.get(i + 1..j)?.to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        j = skip_ws(b, j);
        match b.get(j)? {
            b'>' => {
                return Some(Tag {
                    name,
                    attrs,
                    self_closing,
                    end: j + 1,
                })
            }
            b'/' => {
                self_closing = true;
                j += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let name_start = j;
        j += 1;
        while b
            .get(j)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'='))
        {
            j += 1;
        }
        let attr_name = src.get(name_start..j).unwrap_or("").to_ascii_lowercase();
        j = skip_ws(b, j);
        let mut value = String::new();
        if b.get(j) == Some(&b'=') {
            j = skip_ws(b, j + 1);
            match b.get(j)? {
                q @ (b'"' | b'\'') => {
                    let close = memchr(*q, b.get(j + 1..)?)? + j + 1;
                    value = src.get(j + 1..close).unwrap_or("").to_string();
                    j = close + 1;
                }
                _ => {
                    let start = j;
                    while b
                        .get(j)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        j += 1;
                    }
                    value = src.get(start..j).unwrap_or("").to_string();
                }
            }
        }
        if attrs.len() < 64 {
            let value = html_escape::decode_html_entities(&value).into_owned();
            attrs.push((attr_name, value));
        }
    }
}

/// Offset of `</name` (case-insensitive) at or after `from`.
fn find_end_tag(src: &str, from: usize, name: &str) -> Option<usize> {
    let b = src.as_bytes();
    let mut k = from;
    while let Some(off) = memchr(b'<', b.get(k..)?) {
        let at = k + off;
        let after = at + 2 + name.len();
        if b.get(at + 1) == Some(&b'/')
            && b.get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && !b.get(after).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return Some(at);
        }
        k = at + 1;
    }
    None
}

fn class_words(value: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    value.split_ascii_whitespace().map(|token| {
        token
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_lowercase())
            .collect()
    })
}

fn is_marker(word: &str) -> bool {
    BOILERPLATE_MARKERS.iter().any(|m| {
        word == *m
            || word
                .strip_prefix(m)
                .is_some_and(|rest| m.len() >= 3 && MARKER_SUFFIXES.contains(&rest))
    })
}

/// Whether class/id values mark boilerplate: some token (`comment-list`,
/// `share`) holds a marker word, and no token starts like article content
/// (`article-body`).
pub(crate) fn is_boilerplate_class(values: &[&str]) -> bool {
    let mut boiler = false;
    for value in values {
        for words in class_words(value) {
            let Some(first) = words.first() else { continue };
            if CONTENT_WORDS.contains(&first.as_str()) {
                return false;
            }
            if words.iter().any(|w| is_marker(w)) {
                boiler = true;
            }
        }
    }
    boiler
}

#[derive(Debug)]
struct Open {
    name: String,
    skip: bool,
    article: bool,
    main: bool,
    h1: bool,
}

#[derive(Debug, Default)]
struct Scanner<'a> {
    src: &'a str,
    stack: Vec<Open>,
    skip: usize,
    article_depth: usize,
    main_depth: usize,
    all: Flow,
    main: Flow,
    articles: Vec<Flow>,
    cur_article: Option<usize>,
    in_h1: bool,
    h1_buf: String,
    h1_hidden: bool,
    h1_in_article: bool,
    /// First `<h1>` inside an article or main, outside boilerplate, anywhere.
    h1: [Option<String>; 3],
    title: Option<String>,
    meta: Vec<(String, String)>,
    canonical: Option<String>,
    jsonld_date: Option<String>,
    time_pub: Option<String>,
    time_article: Option<String>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Scanner {
            src,
            ..Default::default()
        }
    }

    fn run(&mut self) {
        let src = self.src;
        let b = src.as_bytes();
        let mut i = 0usize;
        while i < b.len() {
            let Some(off) = memchr(b'<', &b[i..]) else {
                self.text(i, b.len());
                break;
            };
            let lt = i + off;
            if lt > i {
                self.text(i, lt);
            }
            let next = b.get(lt + 1).copied();
            match next {
                Some(b'!') if b[lt..].starts_with(b"<!--") => {
                    match memmem::find(&b[lt + 4..], b"-->") {
                        Some(k) => i = lt + 4 + k + 3,
                        None => break,
                    }
                }
                Some(b'!' | b'?') => match memchr(b'>', &b[lt..]) {
                    Some(k) => i = lt + k + 1,
                    None => break,
                },
                Some(b'/') => {
                    let Some(k) = memchr(b'>', &b[lt..]) else {
                        break;
                    };
                    let name_end = (lt + 2..lt + k)
                        .find(|&j| {
                            !b.get(j).is_some_and(|c| {
                                c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_')
                            })
                        })
                        .unwrap_or(lt + k);
                    let name = src.get(lt + 2..name_end).unwrap_or("").to_ascii_lowercase();
                    if !name.is_empty() {
                        self.end_tag(&name);
                    }
                    i = lt + k + 1;
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let Some(tag) = parse_start_tag(src, lt) else {
                        break;
                    };
                    i = tag.end;
                    if RAW_TEXT.contains(&tag.name.as_str()) && !tag.self_closing {
                        let close = find_end_tag(src, tag.end, &tag.name);
                        let content_end = close.unwrap_or(b.len());
                        self.raw_text(&tag, tag.end, content_end);
                        i = match close.and_then(|c| memchr(b'>', &b[c..]).map(|k| c + k + 1)) {
                            Some(k) => k,
                            None => b.len(),
                        };
                    } else {
                        self.start_tag(&tag);
                    }
                }
                _ => {
                    // a literal '<'
                    self.text(lt, lt + 1);
                    i = lt + 1;
                }
            }
        }
    }

    fn flows(&mut self) -> impl Iterator<Item = &mut Flow> {
        let main = (self.main_depth > 0).then_some(&mut self.main);
        let article = match self.cur_article {
            Some(k) if self.article_depth > 0 => self.articles.get_mut(k),
            _ => None,
        };
        std::iter::once(&mut self.all).chain(main).chain(article)
    }

    fn text(&mut self, a: usize, b: usize) {
        let toks = tokenize_text(self.src, a, b);
        if toks.is_empty() {
            return;
        }
        if self.in_h1 && self.h1_buf.len() < 1000 {
            tokens_to_string(self.src, &toks, &mut self.h1_buf);
        }
        if self.skip > 0 {
            return;
        }
        let src = self.src;
        for flow in self.flows() {
            flow.apply(src, &toks);
        }
    }

    fn brk(&mut self) {
        self.all.brk();
        self.main.brk();
        if let Some(f) = self.cur_article.and_then(|k| self.articles.get_mut(k)) {
            f.brk();
        }
    }

    fn space(&mut self) {
        if self.skip > 0 {
            return;
        }
        for flow in self.flows() {
            flow.space(None);
        }
    }

    fn raw_text(&mut self, tag: &Tag, a: usize, b: usize) {
        match tag.name.as_str() {
            "title" if self.skip == 0 && self.title.is_none() => {
                let t = decode_text(self.src, a, b);
                if !t.is_empty() {
                    self.title = Some(t);
                }
            }
            "script" => {
                let is_jsonld = tag
                    .attr("type")
                    .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
                if is_jsonld && self.jsonld_date.is_none() {
                    let content = self.src.get(a..b).unwrap_or("");
                    self.jsonld_date = JSONLD_DATE_RE
                        .as_ref()
                        .and_then(|re| re.captures(content))
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str().to_string());
                }
            }
            _ => {}
        }
    }

    fn meta_tag(&mut self, tag: &Tag) {
        let key = tag
            .attr("property")
            .or_else(|| tag.attr("name"))
            .or_else(|| tag.attr("itemprop"))
            .map(|k| k.trim().to_ascii_lowercase());
        let (Some(key), Some(content)) = (key, tag.attr("content")) else {
            return;
        };
        let content = normalize(content);
        if content.is_empty() || self.meta.len() >= 256 {
            return;
        }
        let wanted = matches!(
            key.as_str(),
            "og:title" | "twitter:title" | "og:url" | "og:site_name"
        ) || DATE_META.contains(&key.as_str());
        if wanted {
            self.meta.push((key, content));
        }
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn is_skip(&self, tag: &Tag) -> bool {
        let name = tag.name.as_str();
        if SKIP_TAGS.contains(&name) {
            return true;
        }
        if name == "header" && self.article_depth == 0 && self.main_depth == 0 {
            return true;
        }
        if matches!(name, "html" | "body" | "article" | "main") {
            return false;
        }
        if tag.attr("hidden").is_some()
            || tag
                .attr("aria-hidden")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return true;
        }
        if let Some(style) = tag.attr("style") {
            let s: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
        if let Some(role) = tag.attr("role") {
            if matches!(
                role.trim().to_ascii_lowercase().as_str(),
                "navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "menubar"
            ) {
                return true;
            }
        }
        let values: Vec<&str> = ["class", "id"].iter().filter_map(|k| tag.attr(k)).collect();
        is_boilerplate_class(&values)
    }

    /// Closes elements that the start of `name` ends implicitly.
    fn close_implied(&mut self, name: &str) {
        let (targets, bounds): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "option" => (&["option"], &["select", "datalist", "optgroup"]),
            _ if BLOCK.contains(&name) => {
                if self.stack.last().is_some_and(|o| o.name == "p") {
                    self.pop();
                }
                return;
            }
            _ => return,
        };
        for k in (0..self.stack.len()).rev() {
            let n = self.stack[k].name.as_str();
            if targets.contains(&n) {
                while self.stack.len() > k {
                    self.pop();
                }
                return;
            }
            if bounds.contains(&n) {
                return;
            }
        }
    }

    fn start_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        match name {
            "meta" => self.meta_tag(tag),
            "link" => {
                let canonical = tag.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if canonical && self.canonical.is_none() {
                    self.canonical = tag.attr("href").map(normalize).filter(|h| !h.is_empty());
                }
            }
            "br" | "hr" => self.brk(),
            _ => {}
        }
        if tag
            .attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("datepublished"))
            && name != "meta"
        {
            if let Some(v) = tag.attr("content").or_else(|| tag.attr("datetime")) {
                if self.time_pub.is_none() {
                    self.time_pub = Some(v.to_string());
                }
            }
        }
        if name == "time" {
            if let Some(dt) = tag.attr("datetime") {
                if tag.attr("pubdate").is_some() && self.time_pub.is_none() {
                    self.time_pub = Some(dt.to_string());
                } else if self.article_depth > 0 && self.time_article.is_none() {
                    self.time_article = Some(dt.to_string());
                }
            }
        }
        if VOID.contains(&name) {
            return;
        }
        self.close_implied(name);
        if self.stack.len() >= MAX_OPEN {
            // absurd nesting: further elements are not tracked
            if BLOCK.contains(&name) {
                self.brk();
            }
            return;
        }
        let skip = self.is_skip(tag);
        let article = name == "article" && !skip;
        let main = (name == "main"
            || tag
                .attr("role")
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("main")))
            && !skip;
        if BLOCK.contains(&name) {
            self.brk();
        }
        if matches!(name, "td" | "th") {
            self.space();
        }
        if article {
            if self.article_depth == 0 && self.skip == 0 {
                self.articles.push(Flow::default());
                self.cur_article = Some(self.articles.len() - 1);
            }
            self.article_depth += 1;
        }
        if main {
            self.main_depth += 1;
        }
        let h1 = name == "h1" && !self.in_h1;
        if h1 {
            self.in_h1 = true;
            self.h1_buf.clear();
            self.h1_hidden = skip || self.skip > 0;
            self.h1_in_article = self.article_depth > 0 || self.main_depth > 0;
        }
        if skip {
            self.skip += 1;
        }
        self.stack.push(Open {
            name: tag.name.clone(),
            skip,
            article,
            main,
            h1,
        });
        if tag.self_closing {
            self.end_tag(name);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(k) = self.stack.iter().rposition(|o| o.name == name) {
            while self.stack.len() > k {
                self.pop();
            }
        } else if BLOCK.contains(&name) || name == "br" {
            self.brk();
        }
    }

    fn pop(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        if open.skip {
            self.skip = self.skip.saturating_sub(1);
        }
        if open.article {
            self.article_depth = self.article_depth.saturating_sub(1);
            if self.article_depth == 0 {
                // text after the article still gets a break in that flow
                self.brk();
                self.cur_article = None;
            }
        }
        if open.main {
            self.main_depth = self.main_depth.saturating_sub(1);
        }
        if open.h1 {
            self.in_h1 = false;
            let t = normalize(&self.h1_buf);
            if !t.is_empty() {
                let slots = [self.h1_in_article && !self.h1_hidden, !self.h1_hidden, true];
                for (slot, ok) in self.h1.iter_mut().zip(slots) {
                    if ok && slot.is_none() {
                        *slot = Some(t.clone());
                    }
                }
            }
        }
        if BLOCK.contains(&open.name.as_str()) {
            self.brk();
        }
    }

    fn finish(mut self) -> HtmlText {
        while !self.stack.is_empty() {
            self.pop();
        }
        let all_len = self.all.out.text.len();
        let good = |len: usize| len > 0 && (len >= 500 || len * 5 >= all_len);
        let best_article = self
            .articles
            .iter()
            .enumerate()
            .max_by_key(|(_, f)| f.out.text.len())
            .map(|(k, f)| (k, f.out.text.len()));
        let chosen = match best_article {
            Some((k, len)) if good(len) => std::mem::take(&mut self.articles[k].out),
            _ if good(self.main.out.text.len()) => std::mem::take(&mut self.main.out),
            _ => std::mem::take(&mut self.all.out),
        };

        let title = self
            .meta("og:title")
            .map(|t| strip_site_suffix(t, false))
            .or_else(|| {
                self.meta("twitter:title")
                    .map(|t| strip_site_suffix(t, false))
            })
            .or_else(|| self.title.as_deref().map(|t| strip_site_suffix(t, true)))
            .or_else(|| self.h1.iter().flatten().next().cloned())
            .filter(|t| !t.is_empty());

        let mut candidates: Vec<&str> = DATE_META.iter().filter_map(|k| self.meta(k)).collect();
        candidates.extend(self.jsonld_date.as_deref());
        candidates.extend(self.time_pub.as_deref());
        candidates.extend(self.time_article.as_deref());
        let published = candidates.into_iter().find_map(parse_date_value);

        let og_url = self.meta("og:url").map(str::to_string);
        let absolute = |u: &String| u.starts_with("http://") || u.starts_with("https://");
        let url = self
            .canonical
            .clone()
            .filter(absolute)
            .or_else(|| og_url.clone().filter(absolute))
            .or(self.canonical.clone())
            .or(og_url);

        HtmlText {
            text: chosen.text,
            input_map: chosen.map,
            title,
            published,
            url,
            site_name: self.meta("og:site_name").map(str::to_string),
        }
    }
}

/// Drops a ` | Site name` style suffix from a page title. With
/// `all_separators`, ` - `, ` – `, ` — `, ` :: `, ` · ` and ` » ` count too.
pub(crate) fn strip_site_suffix(title: &str, all_separators: bool) -> String {
    const ALL: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " • "];
    let seps: &[&str] = if all_separators { ALL } else { &[" | "] };
    let mut t = normalize(title);
    loop {
        let best = seps
            .iter()
            .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
            .max_by_key(|&(i, _)| i);
        let Some((i, len)) = best else { break };
        let head = t.get(..i).unwrap_or("").trim();
        let tail = t.get(i + len..).unwrap_or("").trim();
        let (hn, tn) = (head.chars().count(), tail.chars().count());
        if tn <= 40 && hn > tn && head.split_whitespace().count() >= 2 {
            t = head.to_string();
        } else {
            break;
        }
    }
    t
}

/// Extracts the article text and metadata of an HTML page.
///
/// Drops scripts, styles, navigation, headers and footers outside the
/// article, forms, and elements whose class or id marks boilerplate (share
/// bars, cookie banners, related links, comments, ...). Block elements start
/// a new paragraph (`\n\n`); white space is collapsed; character references
/// are decoded. The content of `<article>` (else `<main>`) is preferred when
/// it holds a fair share of the page's text.
pub fn html_to_text(html: &str) -> HtmlText {
    let mut scanner = Scanner::new(html);
    scanner.run();
    scanner.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_map(html: &str, ht: &HtmlText) {
        for &(cs, is, len) in &ht.input_map.segments {
            let is = is as usize;
            let clean = &ht.text[cs..cs + len];
            if html.as_bytes()[is] == b'&' {
                continue; // decoded reference: mapped to its start
            }
            assert_eq!(&html[is..is + len], clean);
        }
    }

    #[test]
    fn regex_compiles() {
        assert!(JSONLD_DATE_RE.is_some());
    }

    #[test]
    fn blocks_entities_whitespace() {
        let html = "<p>Egypt&rsquo;s  army\n said</p><p>A &amp; B<br>C&nbsp;D</p>";
        let ht = html_to_text(html);
        assert_eq!(ht.text, "Egypt’s army said\n\nA & B\n\nC D");
        check_map(html, &ht);
        // the reference maps to its '&'
        let pos = ht.text.find('’').unwrap_or(0);
        assert_eq!(ht.input_map.input_of(pos), Some(8));
    }

    #[test]
    fn inline_tags_do_not_split_words() {
        let ht = html_to_text("<p>Egy<b>pt</b> and <a href='x'>Sudan</a>.</p>");
        assert_eq!(ht.text, "Egypt and Sudan.");
    }

    #[test]
    fn drops_boilerplate_elements() {
        let html = r#"<html><head><title>T</title><style>p{}</style></head><body>
            <nav>Home News</nav><header><h1 class="logo">Site</h1></header>
            <div class="share-bar">Share Tweet</div>
            <p>Kept text.</p>
            <div class="cookie-notice">We use cookies</div>
            <script>var x = "<p>no</p>";</script>
            <div class="article-body has-comments"><p>Also kept.</p></div>
            <div class="comments"><p>First!</p></div>
            <footer>Contact</footer></body></html>"#;
        let ht = html_to_text(html);
        assert_eq!(ht.text, "Kept text.\n\nAlso kept.");
        assert_eq!(ht.title.as_deref(), Some("T"));
        check_map(html, &ht);
    }

    #[test]
    fn prefers_article() {
        let html = "<body><div>Menu text here</div><article><header><h1>Big News</h1></header>\
            <p>Body of the article with enough words.</p></article><div>Trailing junk</div></body>";
        let ht = html_to_text(html);
        assert_eq!(
            ht.text,
            "Big News\n\nBody of the article with enough words."
        );
        assert_eq!(ht.title.as_deref(), Some("Big News"));
    }

    #[test]
    fn metadata() {
        let html = r#"<head><meta property="og:title" content="Talks &amp; more | Daily">
            <title>Other | Daily</title><link rel="canonical" href="https://ex.org/a">
            <meta property="article:published_time" content="2021-03-02T08:00:00+02:00">
            </head><body><p>x</p></body>"#;
        let ht = html_to_text(html);
        assert_eq!(ht.title.as_deref(), Some("Talks & more"));
        assert_eq!(ht.url.as_deref(), Some("https://ex.org/a"));
        assert_eq!(
            ht.published,
            NaiveDate::from_ymd_opt(2021, 3, 2).map(|d| (d, Precision::Day))
        );
    }

    #[test]
    fn jsonld_and_time() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-05"}</script><p>x</p>"#;
        assert_eq!(
            html_to_text(html).published,
            NaiveDate::from_ymd_opt(2019, 11, 5).map(|d| (d, Precision::Day))
        );
        let html = r#"<article><time datetime="2018-07-01">July 1</time><p>x</p></article>"#;
        assert_eq!(
            html_to_text(html).published,
            NaiveDate::from_ymd_opt(2018, 7, 1).map(|d| (d, Precision::Day))
        );
    }

    #[test]
    fn title_suffixes() {
        assert_eq!(
            strip_site_suffix("UN envoy warns | World | Daily News", true),
            "UN envoy warns"
        );
        assert_eq!(
            strip_site_suffix("Egypt and Russia hold talks - The Paper", true),
            "Egypt and Russia hold talks"
        );
        assert_eq!(
            strip_site_suffix("Egypt - UK talks", true),
            "Egypt - UK talks"
        );
        assert_eq!(
            strip_site_suffix("Egypt and UK talk - report", false),
            "Egypt and UK talk - report"
        );
    }

    #[test]
    fn class_markers() {
        assert!(is_boilerplate_class(&["share-buttons"]));
        assert!(is_boilerplate_class(&["post-comments"]));
        assert!(is_boilerplate_class(&["related-articles"]));
        assert!(is_boilerplate_class(&["sharebar"]));
        assert!(!is_boilerplate_class(&["commentary"]));
        assert!(!is_boilerplate_class(&["article-body has-comments"]));
        assert!(!is_boilerplate_class(&["canvas navy"]));
        assert!(!is_boilerplate_class(&["entry-content"]));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut html = "<x>".repeat(50_000);
        html.push_str("<p>deep text</p>");
        html.push_str(&"</y>".repeat(50_000));
        let ht = html_to_text(&html);
        assert_eq!(ht.text, "deep text");
    }

    #[test]
    fn broken_html_never_panics() {
        let cases = [
            "",
            "<",
            "<p",
            "<p class=\"a",
            "<!--",
            "<!-- x",
            "</",
            "</p",
            "<p>text<",
            "&",
            "&#",
            "&#x;",
            "&#99999999999;",
            "<p>a &amp b &copy2020 c</p>",
            "<script>never closed",
            "<title>t",
            "<div class=share>",
            "<<<>>>",
            "<a href='x'>é</a",
            "<p>caf\u{e9}&",
            "<svg><title>icon</title></svg><title>Real</title>",
            "&#xFFFFFFFF; &#0; &#xD800; &#x110000; &#55296; &#;",
            "<p a=1 b='2' c=\"3\" d e=>x</p>",
            "<p =x>y</p>",
            "<p/ >z",
        ];
        for c in cases {
            let ht = html_to_text(c);
            check_map(c, &ht);
        }
        let ht = html_to_text("<p>First paragraph.</p><p>Second paragraph that is cut");
        assert_eq!(ht.text, "First paragraph.\n\nSecond paragraph that is cut");
        let ht = html_to_text("<svg><title>icon</title></svg><title>Real</title>");
        assert_eq!(ht.title.as_deref(), Some("Real"));
    }
}
