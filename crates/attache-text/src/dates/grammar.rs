//! The date grammar: one handler per kind of trigger token, each looking
//! left for modifiers and right for continuations in the token window, then
//! resolving against the anchor (publication date) or the narrative
//! reference date.

use super::cal::{
    add_days, add_months, iso_dow, monday_of, season_index, season_of, ymd, Point, DAYPART_CODES,
    SEASON_CODES,
};
use super::lex::{tense_at, Kw, Tok, Unit, Window, NONE_TOK, W};
use super::{Lean, TimeExpr, TimeKind};
use attache_types::Precision;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// Relative modifier in front of a head word.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rel {
    None,
    /// "this", "current"
    This,
    /// "last", "this past" (anchor-based, strictly before)
    Last,
    /// "next", "this coming" (anchor-based, strictly after)
    Next,
    /// "the previous", "the preceding" (narrative reference, before)
    RefPrev,
    /// "the following", "the next" (narrative reference, after)
    RefNext,
    /// "the same", "that" (narrative reference)
    RefSame,
    /// "the past" (a duration ending at the anchor)
    PastDur,
    /// "the coming", "the next" (a duration starting at the anchor)
    NextDur,
    /// "recent"
    Recent,
    /// "every", "each", "per"
    Every,
    /// a bare "the"
    The,
}

/// Time of day attached to a date.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tod {
    None,
    Hm(u32, u32),
    Part(u8),
}

/// A year given after a head word: "of 2015", "of last year", "of the year".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum YearSpec {
    Abs(i32),
    Rel(i32),
}

/// A parsed month-name date.
#[derive(Clone, Copy, Debug)]
struct MonthDate {
    s: isize,
    e: isize,
    month: u32,
    day: Option<u32>,
    year: Option<YearSpec>,
    rel: Rel,
    /// A day range ("5-6 April", "October 25-26"): the second day, the
    /// end of the first expression and the start of the second.
    range: Option<(u32, isize, isize)>,
}

pub(super) struct Cx<'t, 'o> {
    pub text: &'t str,
    pub anchor: Option<NaiveDate>,
    pub lean: Lean,
    pub out: &'o mut Vec<TimeExpr>,
    pub win: Window,
    /// First window index a new expression may start at.
    pub lo: isize,
    /// Byte end of the last expression emitted.
    pub last_end: usize,
    /// First day and precision of the last date emitted (narrative reference).
    pub reference: Option<(NaiveDate, Precision)>,
}

fn is_clause_end(w: W) -> bool {
    matches!(w, W::P(b'.' | b'!' | b'?' | b';'))
}

impl Cx<'_, '_> {
    // ---------------------------------------------------------------- access

    /// Token `i`; a blank token outside the window.
    fn tok(&self, i: isize) -> Tok {
        if i < 0 || i >= self.win.n as isize {
            NONE_TOK
        } else {
            self.win.toks[i as usize]
        }
    }

    /// Class of token `i`, `W::None` outside the window or left of `lo`.
    fn w(&self, i: isize) -> W {
        if i < self.lo || i >= self.win.n as isize {
            W::None
        } else {
            self.win.toks[i as usize].w
        }
    }

    fn kw(&self, i: isize, k: Kw) -> bool {
        self.w(i) == W::Kw(k)
    }

    fn p(&self, i: isize, c: u8) -> bool {
        self.w(i) == W::P(c)
    }

    /// Tokens `a` and `b` touch (no space between).
    fn adj(&self, a: isize, b: isize) -> bool {
        a >= 0
            && (b as usize) < self.win.n
            && self.win.toks[a as usize].e == self.win.toks[b as usize].s
    }

    fn text_of(&self, i: isize) -> &str {
        let t = self.tok(i);
        &self.text[t.s as usize..t.e as usize]
    }

    fn word_is(&self, i: isize, word: &str) -> bool {
        i >= self.lo && (i as usize) < self.win.n && self.text_of(i).eq_ignore_ascii_case(word)
    }

    fn is_word(&self, i: isize) -> bool {
        !matches!(self.w(i), W::None | W::Num(..) | W::P(_))
    }

    // ---------------------------------------------------------------- entry

    pub fn run(&mut self, c: usize) {
        let mut lo = 0;
        while lo < self.win.n && (self.win.toks[lo].s as usize) < self.last_end {
            lo += 1;
        }
        self.lo = lo as isize;
        let c = c as isize;
        if c < self.lo {
            return;
        }
        let _ = match self.w(c) {
            W::Month(..) => self.month(c),
            W::Weekday(d) => self.weekday(c, d),
            W::Num(..) => self.number(c),
            W::Unit(u, pl) => self.unit(c, u, pl),
            W::Season(s) => self.season(c, s),
            W::Daypart(p) => self.daypart(c, p),
            W::Kw(k) => self.keyword(c, k),
            _ => None,
        };
    }

    // -------------------------------------------------------------- emission

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        s: isize,
        e: isize,
        kind: TimeKind,
        range: Option<(NaiveDate, NaiveDate)>,
        precision: Option<Precision>,
        relative: bool,
        timex: String,
    ) -> Option<()> {
        if e <= s || s < self.lo {
            return None;
        }
        let start = self.tok(s).s as usize;
        let end = self.tok(e - 1).e as usize;
        if matches!(kind, TimeKind::Date | TimeKind::Time) {
            if let (Some((first, _)), Some(p)) = (range, precision) {
                self.reference = Some((first, p));
            }
        }
        self.out.push(TimeExpr {
            start,
            end,
            kind,
            first: range.map(|r| r.0),
            last: range.map(|r| r.1),
            precision,
            relative,
            timex,
        });
        self.last_end = end;
        Some(())
    }

    fn emit_point(&mut self, s: isize, e: isize, p: Point, relative: bool, tod: Tod) -> Option<()> {
        let range = p.range()?;
        let mut timex = String::with_capacity(16);
        p.write_timex(&mut timex);
        let kind = write_tod(&mut timex, tod);
        self.push(s, e, kind, Some(range), p.precision(), relative, timex)
    }

    /// A relative expression that cannot be resolved (no anchor).
    fn emit_unresolved(
        &mut self,
        s: isize,
        e: isize,
        precision: Option<Precision>,
        timex: &str,
        tod: Tod,
    ) -> Option<()> {
        let mut t = String::with_capacity(timex.len() + 6);
        t.push_str(timex);
        let kind = write_tod(&mut t, tod);
        self.push(s, e, kind, None, precision, true, t)
    }

    fn emit_ref(&mut self, s: isize, e: isize, which: &str) -> Option<()> {
        let range = if which == "PRESENT_REF" {
            self.anchor.map(|a| (a, a))
        } else {
            None
        };
        let precision = range.map(|_| Precision::Day);
        let mut t = String::with_capacity(11);
        t.push_str(which);
        self.push(s, e, TimeKind::Date, range, precision, true, t)
    }

    fn emit_duration(
        &mut self,
        s: isize,
        e: isize,
        u: Unit,
        n: Option<u32>,
        range: Option<(NaiveDate, NaiveDate)>,
    ) -> Option<()> {
        let mut t = String::with_capacity(8);
        write_duration(&mut t, u, n);
        self.push(s, e, TimeKind::Duration, range, None, range.is_some(), t)
    }

    fn emit_set(&mut self, s: isize, e: isize, timex: String) -> Option<()> {
        self.push(s, e, TimeKind::Set, None, None, false, timex)
    }

    // ----------------------------------------------------------- resolution

    /// Past (true) or future (false) reading for a bare name at `s..e`:
    /// the nearest tense cue in the clause, else the caller's lean.
    fn past(&self, s: isize, e: isize) -> bool {
        self.tense(s, e).unwrap_or(matches!(self.lean, Lean::Past))
    }

    fn tense(&self, s: isize, e: isize) -> Option<bool> {
        let n = self.win.n as isize;
        let (mut left_open, mut right_open) = (true, true);
        for d in 1..=10 {
            for (i, open) in [(s - d, &mut left_open), (e - 1 + d, &mut right_open)] {
                if !*open || i < 0 || i >= n {
                    continue;
                }
                let t = self.win.toks[i as usize];
                // a line break between the expression and this token ends
                // the clause
                let crossed = if i < s {
                    self.win.toks[i as usize + 1].brk
                } else {
                    t.brk
                };
                if crossed {
                    *open = false;
                    continue;
                }
                let w = t.w;
                if is_clause_end(w) {
                    *open = false;
                    continue;
                }
                if matches!(w, W::Num(..) | W::P(_)) {
                    continue;
                }
                let bytes = self.text.as_bytes();
                let prev_is_be = || {
                    i > 0 && {
                        let p = self.win.toks[i as usize - 1];
                        bytes[p.s as usize..p.e as usize].eq_ignore_ascii_case(b"be")
                    }
                };
                if let Some(t) = tense_at(bytes, t.s as usize, t.e as usize, prev_is_be) {
                    return Some(t);
                }
            }
        }
        None
    }

    /// The day a narrative expression ("the next day") counts from: the
    /// last date emitted when it was a day, else the anchor.
    fn ref_day(&self) -> Option<NaiveDate> {
        match self.reference {
            Some((d, Precision::Day)) => Some(d),
            _ => self.anchor,
        }
    }

    /// The reference date usable for a unit of granularity `u`.
    fn ref_for(&self, u: Unit) -> Option<NaiveDate> {
        let need = match u {
            Unit::Minute | Unit::Hour | Unit::Day => Precision::Day,
            Unit::Week | Unit::Weekend | Unit::Fortnight => Precision::Week,
            Unit::Month => Precision::Month,
            Unit::Quarter => Precision::Quarter,
            _ => Precision::Year,
        };
        match self.reference {
            Some((d, p)) if p <= need => Some(d),
            _ => self.anchor,
        }
    }

    // ------------------------------------------------------------ pieces

    /// A day of the month at `i` ("5", "21st"): (day, index after).
    fn day_at(&self, i: isize) -> Option<(u32, isize)> {
        let W::Num(v, nd) = self.w(i) else {
            return None;
        };
        if nd > 2 || !(1..=31).contains(&v) {
            return None;
        }
        if self.adj(i, i + 1) {
            match self.w(i + 1) {
                // "5:30", "5%"
                W::P(b':' | b'%') => return None,
                // "5.5", "5,000"; a period or comma closing the date is fine
                W::P(b'.' | b',')
                    if matches!(self.w(i + 2), W::Num(..)) && self.adj(i + 1, i + 2) =>
                {
                    return None
                }
                _ => {}
            }
        }
        if self.w(i + 1) == W::Suffix && self.adj(i, i + 1) {
            return Some((v, i + 2));
        }
        if matches!(self.w(i + 1), W::Unit(..)) {
            return None;
        }
        Some((v, i + 1))
    }

    /// A day of the month ending at `j`, read leftwards. `suffixed`: only
    /// "5th" or "fifth" (used before "of").
    fn day_before(&self, j: isize, suffixed: bool) -> Option<(u32, isize)> {
        match self.w(j) {
            W::Suffix => {
                if let W::Num(v, nd) = self.w(j - 1) {
                    if nd <= 2 && (1..=31).contains(&v) && self.adj(j - 1, j) {
                        return Some((v, j - 1));
                    }
                }
                None
            }
            W::Num(v, nd) if !suffixed && nd <= 2 && (1..=31).contains(&v) => {
                if self.adj(j - 1, j) {
                    let glued = matches!(self.w(j - 1), W::P(b'.' | b'/' | b',' | b':'))
                        && matches!(self.w(j - 2), W::Num(..))
                        && self.adj(j - 2, j - 1);
                    if glued || matches!(self.w(j - 1), W::P(b'$' | b'#')) {
                        return None; // "3.5", "1/5", "$5"
                    }
                }
                Some((v, j))
            }
            W::Ord(v) if suffixed && v <= 31 => Some((v, j)),
            _ => None,
        }
    }

    /// A four-digit year at `i`.
    fn year_at(&self, i: isize) -> Option<i32> {
        let W::Num(v, 4) = self.w(i) else {
            return None;
        };
        if !(1000..=2099).contains(&v) {
            return None;
        }
        if self.adj(i, i + 1) && matches!(self.w(i + 1), W::P(b':' | b'%') | W::Num(..)) {
            return None;
        }
        Some(v as i32)
    }

    /// "of 2015", "of last year", "of this year", "of the year", "2015".
    fn year_spec_after(&self, i: isize) -> Option<(YearSpec, isize)> {
        if let Some(y) = self.year_at(i) {
            return Some((YearSpec::Abs(y), i + 1));
        }
        if !self.kw(i, Kw::Of) {
            return None;
        }
        if let Some(y) = self.year_at(i + 1) {
            return Some((YearSpec::Abs(y), i + 2));
        }
        let mut j = i + 1;
        let delta = match self.w(j) {
            W::Kw(Kw::This | Kw::The | Kw::Current) => 0,
            W::Kw(Kw::Last) => -1,
            W::Kw(Kw::Next) => 1,
            _ => return None,
        };
        j += 1;
        if self.kw(j, Kw::Fiscal) {
            j += 1;
        }
        if self.w(j) != W::Unit(Unit::Year, false) {
            return None;
        }
        Some((YearSpec::Rel(delta), j + 1))
    }

    fn resolve_year(&self, y: YearSpec) -> Option<i32> {
        match y {
            YearSpec::Abs(y) => Some(y),
            YearSpec::Rel(d) => self.anchor.map(|a| a.year() + d),
        }
    }

    /// Position modifiers left of `s` ("early", "late", "mid-", "the end
    /// of"...); returns the new start.
    fn position_left(&self, s: isize) -> isize {
        match self.w(s - 1) {
            W::Kw(Kw::Early | Kw::Late | Kw::Earlier | Kw::Later | Kw::Mid) => s - 1,
            W::P(b'-') if self.kw(s - 2, Kw::Mid) && self.adj(s - 2, s - 1) => s - 2,
            W::Kw(Kw::Of)
                if matches!(
                    self.w(s - 2),
                    W::Kw(Kw::End | Kw::Beginning | Kw::Start | Kw::Middle | Kw::Rest | Kw::Turn)
                ) =>
            {
                if self.kw(s - 3, Kw::The) {
                    s - 3
                } else {
                    s - 2
                }
            }
            _ => s,
        }
    }

    /// "am", "pm", "a.m.", "p.m." at `j`: (pm?, index after).
    fn ampm_at(&self, j: isize) -> Option<(bool, isize)> {
        match self.w(j) {
            W::Kw(Kw::Am) => return Some((false, j + 1)),
            W::Kw(Kw::Pm) => return Some((true, j + 1)),
            _ => {}
        }
        let pm = if self.word_is(j, "a") {
            false
        } else if self.word_is(j, "p") {
            true
        } else {
            return None;
        };
        if !(self.p(j + 1, b'.') && self.adj(j, j + 1) && self.word_is(j + 2, "m")) {
            return None;
        }
        if !self.adj(j + 1, j + 2) {
            return None;
        }
        if self.p(j + 3, b'.') && self.adj(j + 2, j + 3) {
            Some((pm, j + 4))
        } else {
            Some((pm, j + 3))
        }
    }

    /// A clock time at `k`: (hour, minute, index after, marked by am/pm or
    /// a time zone).
    fn time_at(&self, k: isize) -> Option<(u32, u32, isize, bool)> {
        let W::Num(mut h, nd) = self.w(k) else {
            return None;
        };
        let mut j = k + 1;
        let mut mi = 0;
        let mut colon = false;
        if nd == 4 && self.kw(j, Kw::Tz) {
            // military style "1500 GMT"
            mi = h % 100;
            h /= 100;
            colon = true;
        } else if nd > 2 {
            return None;
        } else if (self.p(j, b':') || self.p(j, b'.')) && self.adj(k, j) {
            let W::Num(mm, 2) = self.w(j + 1) else {
                return None;
            };
            if !self.adj(j, j + 1) {
                return None;
            }
            if self.p(j + 2, b':') && self.adj(j + 1, j + 2) {
                return None; // h:m:s is a race time, not a clock time
            }
            let dot = self.p(j, b'.');
            mi = mm;
            j += 2;
            if dot && self.ampm_at(j).is_none() {
                return None;
            }
            colon = true;
        }
        let mut marked = false;
        if let Some((pm, j2)) = self.ampm_at(j) {
            if h == 0 || h > 12 {
                return None;
            }
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
            marked = true;
            j = j2;
        } else if !colon {
            return None;
        }
        if self.kw(j, Kw::Tz) {
            marked = true;
            j += 1;
        } else if self.kw(j, Kw::Local) && self.kw(j + 1, Kw::Time) {
            marked = true;
            j += 2;
        }
        if h > 23 || mi > 59 {
            return None;
        }
        Some((h, mi, j, marked))
    }

    /// A day named after a time: "on Friday", "today", "March 5".
    /// Returns the date (None when unresolvable), its unresolved value and
    /// the index after it.
    fn day_after(&self, k: isize) -> Option<(Option<NaiveDate>, String, isize)> {
        let mut k = k;
        if self.p(k, b',') {
            k += 1;
        }
        if self.kw(k, Kw::On) {
            k += 1;
        }
        match self.w(k) {
            W::Weekday(wd) => {
                // "Thursday 28 July", "Thursday, July 28"
                for j in k + 1..=k + 3 {
                    if let W::Month(..) = self.w(j) {
                        if let Some(found) = self.month_day_after(j, k) {
                            return Some(found);
                        }
                        break;
                    }
                }
                let d = self
                    .anchor
                    .and_then(|a| weekday_near(a, wd, self.past(k, k + 1), false));
                Some((d, format!("XXXX-WXX-{wd}"), k + 1))
            }
            W::Kw(Kw::Today | Kw::Tonight) => Some((self.anchor, "XXXX-XX-XX".to_string(), k + 1)),
            W::Kw(Kw::Yesterday) => Some((
                self.anchor.and_then(|a| add_days(a, -1)),
                "XXXX-XX-XX".to_string(),
                k + 1,
            )),
            W::Kw(Kw::Tomorrow) => Some((
                self.anchor.and_then(|a| add_days(a, 1)),
                "XXXX-XX-XX".to_string(),
                k + 1,
            )),
            W::Month(..) => self.month_day_after(k, k),
            W::Num(..) => (k + 1..=k + 3)
                .find(|&j| matches!(self.w(j), W::Month(..)))
                .and_then(|j| self.month_day_after(j, k)),
            _ => None,
        }
    }

    /// A month-name date with a day whose expression starts at `start`.
    fn month_day_after(
        &self,
        month: isize,
        start: isize,
    ) -> Option<(Option<NaiveDate>, String, isize)> {
        let md = self.parse_month(month)?;
        let day = md.day?;
        if md.s != start || md.range.is_some() {
            return None;
        }
        let d = self
            .month_date_year(&md, day)
            .and_then(|y| ymd(y, md.month, day));
        Some((d, format!("XXXX-{:02}-{:02}", md.month, day), md.e))
    }

    /// The year of a month-name date with day `day`.
    fn month_date_year(&self, md: &MonthDate, day: u32) -> Option<i32> {
        match md.year {
            Some(y) => self.resolve_year(y),
            None => self.anchor.and_then(|a| {
                month_day_near(a, md.month, day, md.rel, self.past(md.s, md.e)).map(|d| d.year())
            }),
        }
    }

    // ------------------------------------------------------------- months

    fn parse_month(&self, c: isize) -> Option<MonthDate> {
        let W::Month(m, abbr) = self.w(c) else {
            return None;
        };
        if !self.tok(c).cap {
            return None;
        }
        let month = u32::from(m);
        let mut e = c + 1;
        if abbr && self.p(e, b'.') && self.adj(c, e) {
            e += 1;
        }
        let mut day = None;
        let mut year = None;
        let mut range = None;
        if let Some((d, j)) = self.day_at(e) {
            day = Some(d);
            e = j;
            if self.p(j, b'-') {
                if let Some((d2, j2)) = self.day_at(j + 1) {
                    if d2 > d {
                        range = Some((d2, j, j + 1));
                        e = j2;
                    }
                }
            }
            let k = if self.p(e, b',') { e + 1 } else { e };
            if let Some(y) = self.year_at(k) {
                year = Some(YearSpec::Abs(y));
                e = k + 1;
            }
        } else {
            let k = if self.p(e, b',') { e + 1 } else { e };
            if let Some(y) = self.year_at(k) {
                year = Some(YearSpec::Abs(y));
                e = k + 1;
            } else if self.kw(k, Kw::Of) {
                if let Some(y) = self.year_at(k + 1) {
                    year = Some(YearSpec::Abs(y));
                    e = k + 2;
                }
            }
        }
        let mut s = c;
        if day.is_none() {
            let of = self.kw(c - 1, Kw::Of);
            let j = if of { c - 2 } else { c - 1 };
            if let Some((d, st)) = self.day_before(j, of) {
                day = Some(d);
                s = st;
                if !of && self.p(st - 1, b'-') {
                    if let Some((d0, st0)) = self.day_before(st - 2, false) {
                        if d0 < d {
                            range = Some((d, st - 1, st));
                            day = Some(d0);
                            s = st0;
                        }
                    }
                }
                if self.kw(s - 1, Kw::The) {
                    s -= 1;
                }
            }
        }
        if year.is_none() {
            if let Some((y, j)) = self.year_spec_after(e) {
                if matches!(y, YearSpec::Rel(_)) {
                    year = Some(y);
                    e = j;
                }
            }
        }
        if abbr && day.is_none() && year.is_none() {
            return None;
        }
        if day.is_some() {
            let k = if self.p(s - 1, b',') { s - 2 } else { s - 1 };
            if let W::Weekday(_) = self.w(k) {
                s = k;
            }
        }
        let mut rel = Rel::None;
        if year.is_none() {
            match self.w(s - 1) {
                W::Kw(Kw::Last) => {
                    rel = Rel::Last;
                    s -= 1;
                }
                W::Kw(Kw::Next) => {
                    rel = Rel::Next;
                    s -= 1;
                }
                W::Kw(Kw::This) => {
                    rel = Rel::This;
                    s -= 1;
                }
                W::Kw(Kw::Past) if self.kw(s - 2, Kw::This) => {
                    rel = Rel::Last;
                    s -= 2;
                }
                W::Kw(Kw::Coming) if self.kw(s - 2, Kw::This) => {
                    rel = Rel::Next;
                    s -= 2;
                }
                _ => {}
            }
        }
        let sp = self.position_left(s);
        if day.is_none() && year.is_none() && rel == Rel::None && sp == s {
            // A bare month name: guard against "May" the verb or name and
            // "march" the noun.
            let prev = self.w(s - 1);
            let prep = matches!(
                prev,
                W::Kw(
                    Kw::In
                        | Kw::Since
                        | Kw::By
                        | Kw::Until
                        | Kw::From
                        | Kw::Of
                        | Kw::During
                        | Kw::Through
                        | Kw::Throughout
                        | Kw::Before
                        | Kw::After
                        | Kw::Between
                        | Kw::And
                        | Kw::To
                        | Kw::For
                        | Kw::On
                )
            );
            // "May" the verb or name, "march" the noun
            if (month == 5 || month == 3) && !prep {
                return None;
            }
            if !prep && self.w(c + 1) == W::Other && self.tok(c + 1).cap {
                return None; // "April Ryan said"
            }
            if matches!(prev, W::Kw(Kw::The | Kw::A)) {
                return None;
            }
            if prev == W::Other && self.tok(s - 1).cap {
                return None; // a name: "Theresa May"
            }
            if month == 5 && self.is_word(c + 1) && self.tok(c + 1).cap {
                return None;
            }
        }
        Some(MonthDate {
            s: sp,
            e,
            month,
            day,
            year,
            rel,
            range,
        })
    }

    fn month(&mut self, c: isize) -> Option<()> {
        let md = self.parse_month(c)?;
        self.emit_month(md)
    }

    fn emit_month(&mut self, md: MonthDate) -> Option<()> {
        if let (Some((d2, split_a, split_b)), Some(d1)) = (md.range, md.day) {
            // two days of one month: each its own expression, sharing the
            // month and the year
            let y = self.month_date_year(&md, d1);
            let relative = !matches!(md.year, Some(YearSpec::Abs(_)));
            let Some(y) = y else {
                self.emit_month(MonthDate {
                    e: split_a,
                    range: None,
                    ..md
                })?;
                return self.emit_month(MonthDate {
                    s: split_b,
                    day: Some(d2),
                    range: None,
                    ..md
                });
            };
            let a = ymd(y, md.month, d1)?;
            let b = ymd(y, md.month, d2)?;
            self.emit_point(md.s, split_a, Point::Day(a), relative, Tod::None)?;
            return self.emit_point(split_b, md.e, Point::Day(b), relative, Tod::None);
        }
        let (s, mut e) = (md.s, md.e);
        let mut tod = Tod::None;
        if md.day.is_some() {
            let k = if self.kw(e, Kw::At) { e + 1 } else { e };
            if let Some((h, mi, j, _)) = self.time_at(k) {
                tod = Tod::Hm(h, mi);
                e = j;
            }
        }
        if let Some(ys) = md.year {
            let relative = matches!(ys, YearSpec::Rel(_));
            let Some(y) = self.resolve_year(ys) else {
                let t = match md.day {
                    Some(d) => format!("XXXX-{:02}-{d:02}", md.month),
                    None => format!("XXXX-{:02}", md.month),
                };
                return self.emit_unresolved(s, e, Some(day_or_month(md.day)), &t, tod);
            };
            let p = match md.day {
                Some(d) => Point::Day(ymd(y, md.month, d)?),
                None => Point::Month(y, md.month),
            };
            return self.emit_point(s, e, p, relative, tod);
        }
        let Some(a) = self.anchor else {
            let t = match md.day {
                Some(d) => format!("XXXX-{:02}-{d:02}", md.month),
                None => format!("XXXX-{:02}", md.month),
            };
            return self.emit_unresolved(s, e, Some(day_or_month(md.day)), &t, tod);
        };
        let past = self.past(s, e);
        let p = match md.day {
            Some(d) => {
                ymd(2000, md.month, d)?; // a real day of some year
                Point::Day(month_day_near(a, md.month, d, md.rel, past)?)
            }
            None => {
                let (y, m) = month_near(a, md.month, md.rel, past);
                Point::Month(y, m)
            }
        };
        self.emit_point(s, e, p, true, tod)
    }

    // ----------------------------------------------------------- weekdays

    fn weekday(&mut self, c: isize, wd: u8) -> Option<()> {
        // "Friday, March 22, 2013" / "Friday 22 March"
        for j in c + 1..=c + 4 {
            if let W::Month(..) = self.w(j) {
                if let Some(md) = self.parse_month(j) {
                    if md.day.is_some() && md.s <= c {
                        return self.emit_month(md);
                    }
                }
                break;
            }
        }
        if matches!(self.w(c - 1), W::Kw(Kw::Every | Kw::Each)) {
            return self.emit_set(c - 1, c + 1, format!("XXXX-WXX-{wd}"));
        }
        if self.is_weekday_compound(c) {
            return None;
        }
        let mut s = c;
        let mut rel = Rel::None;
        match self.w(c - 1) {
            W::Kw(Kw::Last) => {
                rel = Rel::Last;
                s = c - 1;
            }
            W::Kw(Kw::Past) if self.kw(c - 2, Kw::This) => {
                rel = Rel::Last;
                s = c - 2;
            }
            W::Kw(Kw::Coming) if self.kw(c - 2, Kw::This) => {
                rel = Rel::Next;
                s = c - 2;
            }
            W::Kw(Kw::Next | Kw::Following) if self.kw(c - 2, Kw::The) => {
                rel = Rel::RefNext;
                s = c - 2;
            }
            W::Kw(Kw::Previous) if self.kw(c - 2, Kw::The) => {
                rel = Rel::RefPrev;
                s = c - 2;
            }
            W::Kw(Kw::Next | Kw::Coming) => {
                rel = Rel::Next;
                s = c - 1;
            }
            W::Kw(Kw::This) => {
                rel = Rel::This;
                s = c - 1;
            }
            _ => {}
        }
        let s = self.position_left(s);
        let mut e = c + 1;
        let mut tod = Tod::None;
        if let W::Daypart(p) = self.w(e) {
            tod = Tod::Part(p);
            e += 1;
        } else {
            let k = if self.kw(e, Kw::At) { e + 1 } else { e };
            if let Some((h, mi, j, _)) = self.time_at(k) {
                tod = Tod::Hm(h, mi);
                e = j;
            }
        }
        let Some(a) = self.anchor else {
            return self.emit_unresolved(
                s,
                e,
                Some(Precision::Day),
                &format!("XXXX-WXX-{wd}"),
                tod,
            );
        };
        let d = match rel {
            Rel::Last => weekday_near(a, wd, true, true),
            Rel::Next => weekday_near(a, wd, false, true),
            Rel::This => add_days(monday_of(a)?, i64::from(wd) - 1),
            Rel::RefPrev => weekday_near(self.ref_day()?, wd, true, true),
            Rel::RefNext => weekday_near(self.ref_day()?, wd, false, true),
            _ => weekday_near(a, wd, self.past(s, e), false),
        }?;
        self.emit_point(s, e, Point::Day(d), true, tod)
    }

    /// "Good Friday", "Super Tuesday", "the Sunday Times": names, not days.
    fn is_weekday_compound(&self, c: isize) -> bool {
        const BEFORE: &[&str] = &[
            "good", "black", "bloody", "super", "ash", "easter", "palm", "holy", "cyber", "maundy",
            "shrove", "orthodox",
        ];
        const AFTER: &[&str] = &[
            "times",
            "telegraph",
            "express",
            "mirror",
            "post",
            "herald",
            "independent",
            "observer",
            "mail",
            "tribune",
            "agreement",
            "school",
            "league",
        ];
        let before = self.is_word(c - 1)
            && self.tok(c - 1).cap
            && BEFORE
                .iter()
                .any(|w| self.text_of(c - 1).eq_ignore_ascii_case(w));
        let after = self.is_word(c + 1)
            && self.tok(c + 1).cap
            && AFTER
                .iter()
                .any(|w| self.text_of(c + 1).eq_ignore_ascii_case(w));
        before || after
    }

    // ------------------------------------------------------------ numbers

    fn number(&mut self, c: isize) -> Option<()> {
        let W::Num(v, nd) = self.w(c) else {
            return None;
        };
        // glued to a word ("A320", "FY2013") or part of a bigger number
        if self.adj(c - 1, c) {
            match self.w(c - 1) {
                W::P(b'-' | b'\'') | W::P(b'(') | W::P(b'"') | W::P(b'/') => {}
                _ => return None,
            }
            if self.p(c - 1, b'-') && matches!(self.w(c - 2), W::Num(..)) && self.adj(c - 2, c - 1)
            {
                return None;
            }
        }
        if matches!(self.w(c - 1), W::P(b'$' | b'#' | b'?')) {
            return None;
        }
        // ISO 2013-03-22
        if nd == 4
            && self.p(c + 1, b'-')
            && self.p(c + 3, b'-')
            && (c + 1..=c + 4).all(|i| self.adj(i - 1, i))
        {
            if let (W::Num(m, 1..=2), W::Num(d, 1..=2)) = (self.w(c + 2), self.w(c + 4)) {
                let date = ymd(v as i32, m, d)?;
                return self.emit_point(c, c + 5, Point::Day(date), false, Tod::None);
            }
        }
        // 3/22/2013 (month first unless impossible)
        if nd <= 2
            && self.p(c + 1, b'/')
            && self.p(c + 3, b'/')
            && (c + 1..=c + 4).all(|i| self.adj(i - 1, i))
        {
            if let (W::Num(b, 1..=2), W::Num(y, yd @ (2 | 4))) = (self.w(c + 2), self.w(c + 4)) {
                let y = if yd == 2 {
                    if y < 50 {
                        2000 + y
                    } else {
                        1900 + y
                    }
                } else {
                    y
                } as i32;
                let (m, d) = if v > 12 { (b, v) } else { (v, b) };
                let date = ymd(y, m, d)?;
                return self.emit_point(c, c + 5, Point::Day(date), false, Tod::None);
            }
        }
        // clock times
        if let Some((h, mi, j, marked)) = self.time_at(c) {
            let cue = matches!(
                self.w(c - 1),
                W::Kw(Kw::At | Kw::By | Kw::Until | Kw::From | Kw::Before | Kw::After | Kw::Since)
            ) || self.word_is(c - 1, "around")
                || self.word_is(c - 1, "about");
            if marked || cue {
                return self.emit_time(c, j, h, mi);
            }
            return None;
        }
        // decades: 1990s, the '90s
        if self.w(c + 1) != W::None && self.adj(c, c + 1) && self.word_is(c + 1, "s") {
            let dec = if nd == 4 && v % 10 == 0 {
                Some(v as i32 / 10)
            } else if nd == 2 && v % 10 == 0 && self.p(c - 1, b'\'') && self.adj(c - 1, c) {
                let ay = self.anchor.map_or(2000, |a| a.year());
                let mut d = (ay / 100) * 10 + v as i32 / 10;
                if d > ay / 10 {
                    d -= 10;
                }
                Some(d)
            } else {
                None
            };
            let d = dec?;
            let mut s = if nd == 2 { c - 1 } else { c };
            s = self.position_left(s);
            if self.kw(s - 1, Kw::The) {
                s -= 1;
            }
            return self.emit_point(s, c + 2, Point::Decade(d), false, Tod::None);
        }
        if nd != 4 {
            return None;
        }
        let y = self.year_at(c)?;
        if !self.plausible_year(c, y) {
            return None;
        }
        let mut s = self.position_left(c);
        if s == c && self.kw(c - 1, Kw::Fiscal) {
            s = c - 1;
        }
        self.emit_point(s, c + 1, Point::Year(y), false, Tod::None)?;
        // "2009-10", "1957-58": a second year written with two digits
        if self.p(c + 1, b'-') && self.adj(c, c + 1) && self.adj(c + 1, c + 2) {
            if let W::Num(y2, 2) = self.w(c + 2) {
                if !self.adj(c + 2, c + 3) || !matches!(self.w(c + 3), W::Num(..) | W::P(b'-')) {
                    let mut full = y / 100 * 100 + y2 as i32;
                    if full <= y {
                        full += 100;
                    }
                    if full - y <= 10 {
                        self.lo = c + 2;
                        return self.emit_point(c + 2, c + 3, Point::Year(full), false, Tod::None);
                    }
                }
            }
        }
        Some(())
    }

    /// Whether a four-digit number at `c` reads as a year.
    fn plausible_year(&self, c: isize, y: i32) -> bool {
        let prev_cue = matches!(
            self.w(c - 1),
            W::Kw(
                Kw::In
                    | Kw::Since
                    | Kw::By
                    | Kw::Until
                    | Kw::From
                    | Kw::Of
                    | Kw::During
                    | Kw::Before
                    | Kw::After
                    | Kw::Between
                    | Kw::And
                    | Kw::To
                    | Kw::Early
                    | Kw::Late
                    | Kw::Mid
                    | Kw::Fiscal
                    | Kw::Through
                    | Kw::Throughout
            ) | W::Unit(Unit::Year, false)
                | W::Month(..)
        );
        if !(1900..=2099).contains(&y) && !prev_cue {
            return false;
        }
        if self.adj(c, c + 1) && self.p(c + 1, b'%') {
            return false;
        }
        // "2000-tonne", "1500-strong": a count used as a modifier
        if self.p(c + 1, b'-')
            && self.adj(c, c + 1)
            && self.adj(c + 1, c + 2)
            && self.w(c + 2) == W::Other
            && !self.tok(c + 2).cap
        {
            return false;
        }
        if self.is_word(c + 1) {
            const COUNTED: &[&str] = &[
                "percent",
                "per",
                "people",
                "persons",
                "troops",
                "soldiers",
                "men",
                "women",
                "children",
                "workers",
                "members",
                "residents",
                "refugees",
                "migrants",
                "families",
                "households",
                "homes",
                "houses",
                "jobs",
                "votes",
                "seats",
                "cases",
                "deaths",
                "dead",
                "meters",
                "metres",
                "feet",
                "miles",
                "km",
                "kilometers",
                "kilometres",
                "tons",
                "tonnes",
                "dollars",
                "euros",
                "pounds",
                "yuan",
                "rubles",
                "units",
                "vehicles",
                "cars",
                "weapons",
                "rockets",
                "missiles",
                "fighters",
                "militants",
                "police",
                "officers",
                "pages",
                "words",
                "hectares",
                "acres",
                "barrels",
                "points",
                "students",
                "employees",
                "patients",
                "prisoners",
                "detainees",
                "protesters",
                "civilians",
                "victims",
                "buildings",
                "companies",
                "firms",
                "times",
                "kg",
                "mw",
            ];
            let next = self.text_of(c + 1);
            if COUNTED.iter().any(|w| next.eq_ignore_ascii_case(w)) {
                return false;
            }
        }
        true
    }

    fn emit_time(&mut self, s: isize, j: isize, h: u32, mi: u32) -> Option<()> {
        let tod = Tod::Hm(h, mi);
        if let Some((d, unres, k)) = self.day_after(j) {
            return match d {
                Some(d) => self.emit_point(s, k, Point::Day(d), true, tod),
                None => self.emit_unresolved(s, k, Some(Precision::Day), &unres, tod),
            };
        }
        match self.ref_day() {
            Some(d) => self.emit_point(s, j, Point::Day(d), true, tod),
            None => self.emit_unresolved(s, j, Some(Precision::Day), "XXXX-XX-XX", tod),
        }
    }

    // -------------------------------------------------------------- units

    /// A count ending at `j`: (count, None for "few"/"several", start).
    fn count_before(&self, j: isize) -> Option<(Option<u32>, isize)> {
        match self.w(j) {
            W::Num(v, _) => {
                if self.adj(j - 1, j)
                    && matches!(self.w(j - 2), W::Num(..))
                    && self.adj(j - 2, j - 1)
                {
                    if self.p(j - 1, b'.') {
                        return Some((None, j - 2));
                    }
                    if self.p(j - 1, b',') {
                        if let W::Num(k, _) = self.w(j - 2) {
                            return Some((Some(k.saturating_mul(1000).saturating_add(v)), j - 2));
                        }
                    }
                }
                if self.adj(j - 1, j) && matches!(self.w(j - 1), W::P(b'$' | b'/')) {
                    return None;
                }
                Some((Some(v), j))
            }
            W::NumWord(v) => {
                let mut st = j;
                let mut val = v;
                if v < 10 {
                    if let W::NumWord(t) = self.w(j - 1) {
                        if (20..100).contains(&t) && t % 10 == 0 {
                            val = t + v;
                            st = j - 1;
                        }
                    } else if self.p(j - 1, b'-') {
                        if let W::NumWord(t) = self.w(j - 2) {
                            if (20..100).contains(&t) && t % 10 == 0 && self.adj(j - 2, j - 1) {
                                val = t + v;
                                st = j - 2;
                            }
                        }
                    }
                }
                if val == 100 {
                    if let W::NumWord(k) = self.w(st - 1) {
                        if k < 10 {
                            val = k * 100;
                            st -= 1;
                        }
                    } else if self.kw(st - 1, Kw::A) {
                        st -= 1;
                    }
                }
                Some((Some(val), st))
            }
            W::Kw(Kw::A) => Some((Some(1), j)),
            W::Kw(Kw::Few | Kw::Several | Kw::Many | Kw::Some) => {
                let st = if self.kw(j - 1, Kw::A) { j - 1 } else { j };
                Some((None, st))
            }
            W::Kw(Kw::Dozen) => {
                if let W::NumWord(k) = self.w(j - 1) {
                    return Some((Some(k * 12), j - 1));
                }
                let st = if self.kw(j - 1, Kw::A) { j - 1 } else { j };
                Some((Some(12), st))
            }
            W::Kw(Kw::Of) => match self.w(j - 1) {
                W::Kw(Kw::Couple) => {
                    let st = if self.kw(j - 2, Kw::A) { j - 2 } else { j - 1 };
                    Some((None, st))
                }
                W::Kw(Kw::Dozens) => Some((None, j - 1)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The period of unit `u` containing `a`.
    fn unit_point(u: Unit, a: NaiveDate) -> Option<Point> {
        Some(match u {
            Unit::Minute | Unit::Hour | Unit::Day => Point::Day(a),
            Unit::Week | Unit::Fortnight => Point::Week(monday_of(a)?),
            Unit::Weekend => Point::Weekend(monday_of(a)?),
            Unit::Month => Point::Month(a.year(), a.month()),
            Unit::Quarter => Point::Quarter(a.year(), (a.month() - 1) / 3 + 1),
            Unit::Year => Point::Year(a.year()),
            Unit::Decade => Point::Decade(a.year().div_euclid(10)),
            Unit::Century => Point::Century(a.year().div_euclid(100)),
        })
    }

    /// `n` units before (negative) or after `a`, as a period of that unit.
    fn units_away(u: Unit, a: NaiveDate, n: i32) -> Option<Point> {
        match u {
            Unit::Minute | Unit::Hour => Some(Point::Day(a)),
            Unit::Fortnight => Self::unit_point(u, a)?.shift(2 * n),
            // "a decade ago" names a year, not a decade
            Unit::Decade => Some(Point::Year(a.year() + 10 * n)),
            Unit::Century => Some(Point::Year(a.year() + 100 * n)),
            _ => Self::unit_point(u, a)?.shift(n),
        }
    }

    /// A window of `n` units ending (`back`) or starting at the anchor.
    fn dur_window(&self, u: Unit, n: Option<u32>, back: bool) -> Option<(NaiveDate, NaiveDate)> {
        let a = self.anchor?;
        let n = i64::from(n?).min(100_000);
        let days = match u {
            Unit::Minute | Unit::Hour => 0,
            Unit::Day => n,
            Unit::Week | Unit::Weekend => 7 * n,
            Unit::Fortnight => 14 * n,
            Unit::Month | Unit::Quarter | Unit::Year | Unit::Decade | Unit::Century => {
                let months = n * match u {
                    Unit::Month => 1,
                    Unit::Quarter => 3,
                    Unit::Year => 12,
                    Unit::Decade => 120,
                    _ => 1200,
                };
                let months = i32::try_from(months).ok()?;
                let (y, m) = add_months(a.year(), a.month(), if back { -months } else { months });
                let d = ymd(y, m, a.day().min(28))?;
                return Some(if back { (d, a) } else { (a, d) });
            }
        };
        let other = add_days(a, if back { -days } else { days })?;
        Some(if back { (other, a) } else { (a, other) })
    }

    fn unit(&mut self, c: isize, u: Unit, plural: bool) -> Option<()> {
        let t = self.tok(c);
        if t.cap && self.tok(c - 1).cap && self.w(c - 1) == W::Other {
            return None; // "Independence Day", "Year of ..."
        }
        match u {
            Unit::Quarter => return self.quarter(c, plural),
            Unit::Century if !plural => {
                if let Some(n) = self.ordinal_before(c - 1) {
                    let mut s = if self.w(c - 1) == W::Suffix {
                        c - 2
                    } else {
                        c - 1
                    };
                    if self.kw(s - 1, Kw::The) {
                        s -= 1;
                    }
                    s = self.position_left(s);
                    if (1..=30).contains(&n) {
                        return self.emit_point(
                            s,
                            c + 1,
                            Point::Century(n as i32 - 1),
                            false,
                            Tod::None,
                        );
                    }
                    return None;
                }
            }
            _ => {}
        }
        // counted: "three days", "the past two years", "a year ago", "three-month"
        let (j, hyph) = if self.p(c - 1, b'-') && self.adj(c - 2, c - 1) && self.adj(c - 1, c) {
            (c - 2, true)
        } else {
            (c - 1, false)
        };
        if let Some((n, st)) = self.count_before(j) {
            return self.counted(c, u, n, st, hyph);
        }
        // relative: "last week", "this year", "the following day"
        let mut l = c - 1;
        if self.kw(l, Kw::Fiscal) {
            l -= 1;
        }
        let the_before = |cx: &Self, i: isize| if cx.kw(i - 1, Kw::The) { i - 1 } else { i };
        let (rel, s) = match self.w(l) {
            W::Kw(Kw::This) => (Rel::This, l),
            W::Kw(Kw::Current) => (Rel::This, the_before(self, l)),
            W::Kw(Kw::Last) => (Rel::Last, the_before(self, l)),
            W::Kw(Kw::Past) if self.kw(l - 1, Kw::This) => (Rel::Last, l - 1),
            W::Kw(Kw::Coming) if self.kw(l - 1, Kw::This) => (Rel::Next, l - 1),
            W::Kw(Kw::Past) => (Rel::PastDur, the_before(self, l)),
            W::Kw(Kw::Next) if self.kw(l - 1, Kw::The) => {
                if u == Unit::Day {
                    (Rel::RefNext, l - 1)
                } else {
                    (Rel::NextDur, l - 1)
                }
            }
            W::Kw(Kw::Next) => (Rel::Next, l),
            W::Kw(Kw::Coming) => (Rel::NextDur, the_before(self, l)),
            W::Kw(Kw::Previous) => (Rel::RefPrev, the_before(self, l)),
            W::Kw(Kw::Following) => (Rel::RefNext, the_before(self, l)),
            W::Kw(Kw::Same) => (Rel::RefSame, the_before(self, l)),
            W::Kw(Kw::That) => (Rel::RefSame, l),
            W::Kw(Kw::Recent) => (Rel::Recent, the_before(self, l)),
            W::Kw(Kw::Every | Kw::Each | Kw::Per) => (Rel::Every, l),
            W::Kw(Kw::The) => (Rel::The, l),
            _ => (Rel::None, c),
        };
        let sp = self.position_left(s);
        let positioned = sp < s;
        let e = c + 1;
        if plural {
            return match rel {
                Rel::None | Rel::Recent | Rel::PastDur | Rel::NextDur if !positioned => {
                    if rel == Rel::None && self.kw(e, Kw::Ago) {
                        return self.emit_ref(s, e + 1, "PAST_REF");
                    }
                    if rel == Rel::None && (self.kw(c - 1, Kw::The) || self.tok(c).cap) {
                        return None;
                    }
                    self.emit_duration(s, e, u, None, None)
                }
                _ => None,
            };
        }
        let rel = if rel == Rel::The && positioned {
            Rel::This
        } else {
            rel
        };
        match rel {
            Rel::Every => {
                let mut t = String::with_capacity(4);
                write_duration(&mut t, u, Some(1));
                self.emit_set(s, e, t)
            }
            Rel::PastDur | Rel::NextDur => {
                let w = self.dur_window(u, Some(1), rel == Rel::PastDur);
                self.emit_duration(sp, e, u, Some(1), w)
            }
            Rel::This | Rel::Last | Rel::Next => {
                if matches!(u, Unit::Hour | Unit::Minute) {
                    return self.emit_duration(sp, e, u, Some(1), None);
                }
                let delta = match rel {
                    Rel::Last => -1,
                    Rel::Next => 1,
                    _ => 0,
                };
                let Some(a) = self.anchor else {
                    return self.emit_unresolved(
                        sp,
                        e,
                        unit_precision(u),
                        unresolved_unit(u),
                        Tod::None,
                    );
                };
                let p = Self::unit_point(u, a)?.shift(delta)?;
                self.emit_point(sp, e, p, true, Tod::None)
            }
            Rel::RefPrev | Rel::RefNext | Rel::RefSame => {
                if matches!(u, Unit::Hour | Unit::Minute) {
                    return None;
                }
                if rel == Rel::RefSame && self.reference.is_none() {
                    return None;
                }
                let delta = match rel {
                    Rel::RefPrev => -1,
                    Rel::RefNext => 1,
                    _ => 0,
                };
                let Some(base) = self.ref_for(u) else {
                    return self.emit_unresolved(
                        sp,
                        e,
                        unit_precision(u),
                        unresolved_unit(u),
                        Tod::None,
                    );
                };
                let p = Self::unit_point(u, base)?.shift(delta)?;
                self.emit_point(sp, e, p, true, Tod::None)
            }
            Rel::The if u == Unit::Weekend => {
                let Some(a) = self.anchor else {
                    return self.emit_unresolved(
                        s,
                        e,
                        Some(Precision::Week),
                        "XXXX-WXX-WE",
                        Tod::None,
                    );
                };
                // the weekend on or before (past) / on or after the anchor
                let m = monday_of(a)?;
                let sat = add_days(m, 5)?;
                let p = if self.past(s, e) {
                    if a >= sat {
                        Point::Weekend(m)
                    } else {
                        Point::Weekend(add_days(m, -7)?)
                    }
                } else {
                    Point::Weekend(m)
                };
                self.emit_point(s, e, p, true, Tod::None)
            }
            _ => None,
        }
    }

    /// A counted unit: the count spans `st..c`.
    fn counted(&mut self, c: isize, u: Unit, n: Option<u32>, st: isize, hyph: bool) -> Option<()> {
        let e = c + 1;
        if hyph {
            return self.emit_duration(st, e, u, n, None);
        }
        if n == Some(0) || n.is_some_and(|k| k > 100_000) {
            return None;
        }
        // sets: "every two years", "twice a year"
        if matches!(self.w(st - 1), W::Kw(Kw::Every | Kw::Each)) {
            let mut t = String::with_capacity(6);
            write_duration(&mut t, u, n);
            return self.emit_set(st - 1, e, t);
        }
        if self.kw(st, Kw::A) && (matches!(self.w(st - 1), W::Kw(Kw::Once | Kw::Twice | Kw::Times)))
        {
            let mut t = String::with_capacity(6);
            write_duration(&mut t, u, Some(1));
            let s = if matches!(self.w(st - 2), W::Num(..) | W::NumWord(_))
                && self.kw(st - 1, Kw::Times)
            {
                st - 2
            } else {
                st - 1
            };
            return self.emit_set(s, e, t);
        }
        // "the first three months of 2015"
        if u == Unit::Month {
            if let (Some(k), W::Ord(o)) = (n, self.w(st - 1)) {
                if (1..=11).contains(&k) && (o == 1 || o == 99) {
                    let s = if self.kw(st - 2, Kw::The) {
                        st - 2
                    } else {
                        st - 1
                    };
                    if let Some((ys, j)) = self.year_spec_after(e) {
                        let relative = matches!(ys, YearSpec::Rel(_));
                        let Some(y) = self.resolve_year(ys) else {
                            return self.emit_unresolved(
                                s,
                                j,
                                Some(Precision::Year),
                                "XXXX",
                                Tod::None,
                            );
                        };
                        let p = if o == 1 {
                            Point::Months(y, 1, k)
                        } else {
                            Point::Months(y, 13 - k, 12)
                        };
                        return self.emit_point(s, j, p, relative, Tod::None);
                    }
                }
            }
        }
        // "three days ago"
        if self.kw(e, Kw::Ago) {
            let Some(k) = n else {
                return self.emit_ref(st, e + 1, "PAST_REF");
            };
            let Some(a) = self.anchor else {
                return self.emit_unresolved(
                    st,
                    e + 1,
                    unit_precision_ago(u),
                    unresolved_unit_ago(u),
                    Tod::None,
                );
            };
            let p = Self::units_away(u, a, -(k as i32))?;
            return self.emit_point(st, e + 1, p, true, Tod::None);
        }
        // "two days later", "a year earlier"
        if let W::Kw(k @ (Kw::Earlier | Kw::Later | Kw::Before | Kw::After)) = self.w(e) {
            let next = self.w(e + 1);
            // "a month earlier than usual" compares lengths: a duration
            let than = self.word_is(e + 1, "than");
            let ends = matches!(next, W::P(_) | W::None)
                || (matches!(k, Kw::Earlier | Kw::Later) && !than);
            if let (true, Some(cnt)) = (ends, n) {
                let back = matches!(k, Kw::Earlier | Kw::Before);
                let Some(base) = self.ref_for(u) else {
                    return self.emit_unresolved(
                        st,
                        e + 1,
                        unit_precision_ago(u),
                        unresolved_unit_ago(u),
                        Tod::None,
                    );
                };
                let p = Self::units_away(u, base, if back { -(cnt as i32) } else { cnt as i32 })?;
                return self.emit_point(st, e + 1, p, true, Tod::None);
            }
        }
        // "two weeks from now"
        if self.kw(e, Kw::From) && self.kw(e + 1, Kw::Now) {
            if let (Some(k), Some(a)) = (n, self.anchor) {
                let p = Self::units_away(u, a, k as i32)?;
                return self.emit_point(st, e + 2, p, true, Tod::None);
            }
        }
        // window modifiers: "the past two years", "the next few months"
        let (win, s) = match self.w(st - 1) {
            // "last" and "next" need "the": "will last several days" is a verb
            W::Kw(Kw::Last | Kw::Next) if !self.kw(st - 2, Kw::The) => (None, st),
            W::Kw(Kw::Past | Kw::Last | Kw::Previous) => {
                let s = if self.kw(st - 2, Kw::The) {
                    st - 2
                } else {
                    st - 1
                };
                (Some(true), s)
            }
            W::Kw(Kw::Next | Kw::Coming | Kw::Following) => {
                let s = if self.kw(st - 2, Kw::The) {
                    st - 2
                } else {
                    st - 1
                };
                (Some(false), s)
            }
            _ => (None, st),
        };
        if let Some(back) = win {
            let range = self.dur_window(u, n, back);
            return self.emit_duration(s, e, u, n, range);
        }
        // "in three days" (a date in the future unless the clause is past)
        if self.kw(st - 1, Kw::In)
            && !self.kw(e, Kw::Of)
            && !matches!(u, Unit::Minute | Unit::Hour | Unit::Decade | Unit::Century)
            && self.tense(st - 1, e) != Some(true)
        {
            if let (Some(k), Some(a)) = (n, self.anchor) {
                let p = Self::units_away(u, a, k as i32)?;
                return self.emit_point(st, e, p, true, Tod::None);
            }
        }
        if u == Unit::Quarter {
            return None;
        }
        self.emit_duration(st, e, u, n, None)
    }

    /// An ordinal ending at `j` ("first", "20th"); 99 for "final"/"last".
    fn ordinal_before(&self, j: isize) -> Option<u32> {
        match self.w(j) {
            W::Ord(n) => Some(n),
            W::Suffix => match self.w(j - 1) {
                W::Num(n, 1..=2) if self.adj(j - 1, j) => Some(n),
                _ => None,
            },
            W::Kw(Kw::Last) => Some(99),
            _ => None,
        }
    }

    /// "the first quarter (of 2015)", "last quarter", "Q1 2015", "the
    /// second half of the year".
    fn quarter(&mut self, c: isize, plural: bool) -> Option<()> {
        if plural {
            return None;
        }
        self.part_of_year(c, 4)
    }

    /// Quarters (`parts` 4) and halves (`parts` 2) of a year.
    fn part_of_year(&mut self, c: isize, parts: u32) -> Option<()> {
        let mut e = c + 1;
        let year = self.year_spec_after(e);
        if let Some((_, j)) = year {
            e = j;
        }
        let j = c - 1;
        let (mut s, ord) = match self.ordinal_before(j) {
            Some(99) if year.is_none() => {
                // "last quarter": the previous one
                (if self.kw(j - 1, Kw::The) { j - 1 } else { j }, None)
            }
            Some(n) => {
                let n = if n == 99 { parts } else { n };
                if !(1..=parts).contains(&n) {
                    return None;
                }
                let st = if self.w(j) == W::Suffix { j - 1 } else { j };
                (st, Some(n))
            }
            None => match self.w(j) {
                W::Kw(Kw::This | Kw::Current) if year.is_none() => (j, Some(0)),
                W::Kw(Kw::Next) if year.is_none() => (j, Some(100)),
                W::Kw(Kw::Previous) if year.is_none() => (j, None),
                _ => return None,
            },
        };
        if self.kw(s - 1, Kw::The) && self.w(s) != W::Kw(Kw::The) {
            s -= 1;
        }
        if self.kw(s - 1, Kw::Fiscal) {
            s -= 1;
        }
        let s = self.position_left(s);
        let mk = |y: i32, q: u32| {
            if parts == 4 {
                Point::Quarter(y, q)
            } else {
                Point::Half(y, q)
            }
        };
        let code = if parts == 4 { 'Q' } else { 'H' };
        if let Some((ys, _)) = year {
            let q = ord?;
            let relative = matches!(ys, YearSpec::Rel(_));
            let Some(y) = self.resolve_year(ys) else {
                return self.emit_unresolved(
                    s,
                    e,
                    Some(Precision::Quarter),
                    &format!("XXXX-{code}{q}"),
                    Tod::None,
                );
            };
            return self.emit_point(s, e, mk(y, q), relative, Tod::None);
        }
        let Some(a) = self.anchor else {
            let t = match ord {
                Some(q @ 1..=4) => format!("XXXX-{code}{q}"),
                _ => format!("XXXX-{code}X"),
            };
            return self.emit_unresolved(s, e, Some(Precision::Quarter), &t, Tod::None);
        };
        let cur = (a.month() - 1) / (12 / parts) + 1;
        let here = mk(a.year(), cur);
        let p = match ord {
            None => here.shift(-1)?,
            Some(0) => here,
            Some(100) => here.shift(1)?,
            Some(q) => {
                let y = if self.past(s, e) {
                    if q <= cur {
                        a.year()
                    } else {
                        a.year() - 1
                    }
                } else if q >= cur {
                    a.year()
                } else {
                    a.year() + 1
                };
                mk(y, q)
            }
        };
        self.emit_point(s, e, p, true, Tod::None)
    }

    // ------------------------------------------------------------ seasons

    fn season(&mut self, c: isize, sn: u8) -> Option<()> {
        let mut e = c + 1;
        let mut year = None;
        if let Some((ys, j)) = self.year_spec_after(e) {
            year = Some(ys);
            e = j;
        }
        let mut s = c;
        let mut rel = Rel::None;
        if year.is_none() {
            match self.w(c - 1) {
                W::Kw(Kw::Last) => {
                    rel = Rel::Last;
                    s = c - 1;
                }
                W::Kw(Kw::Next | Kw::Coming) => {
                    rel = Rel::Next;
                    s = c - 1;
                }
                W::Kw(Kw::This) => {
                    rel = Rel::This;
                    s = c - 1;
                }
                W::Kw(Kw::Past) if self.kw(c - 2, Kw::This) => {
                    rel = Rel::Last;
                    s = c - 2;
                }
                _ => {}
            }
            if matches!(rel, Rel::Last | Rel::Next) && self.kw(s - 1, Kw::This) {
                s -= 1;
            }
        }
        let sp = self.position_left(s);
        if year.is_none() && rel == Rel::None {
            // bare season words need "in (the)", "during (the)"...
            let mut k = sp - 1;
            let mut with_the = false;
            if sp == s && self.kw(k, Kw::The) {
                with_the = true;
                k -= 1;
            }
            let cue = matches!(
                self.w(k),
                W::Kw(
                    Kw::In
                        | Kw::During
                        | Kw::Since
                        | Kw::By
                        | Kw::Until
                        | Kw::Through
                        | Kw::Throughout
                        | Kw::Over
                )
            );
            if !(cue || (sp < s && !self.tok(c).cap)) {
                return None;
            }
            if self.kw(e, Kw::Of)
                || (self.tok(c).cap && !with_the && sp == s && self.tok(c - 1).cap)
            {
                return None; // "the fall of Rome", "Arab Spring"
            }
            if self.w(e) == W::Other {
                return None; // "spring markets", "the Summer Olympics"
            }
            if with_the {
                s -= 1;
            }
        }
        let sp = if sp < s { sp } else { s };
        let code = SEASON_CODES[usize::from(sn)];
        if let Some(ys) = year {
            let relative = matches!(ys, YearSpec::Rel(_));
            let Some(y) = self.resolve_year(ys) else {
                return self.emit_unresolved(
                    sp,
                    e,
                    Some(Precision::Season),
                    &format!("XXXX-{code}"),
                    Tod::None,
                );
            };
            return self.emit_point(sp, e, Point::Season(y, sn), relative, Tod::None);
        }
        let Some(a) = self.anchor else {
            return self.emit_unresolved(
                sp,
                e,
                Some(Precision::Season),
                &format!("XXXX-{code}"),
                Tod::None,
            );
        };
        let (cy, cs) = season_of(a);
        let cur = season_index(cy, cs);
        // occurrences of this season: index y * 4 + sn
        let at_or_before = (cur - i32::from(sn)).div_euclid(4);
        let before = if season_index(at_or_before, sn) == cur {
            at_or_before - 1
        } else {
            at_or_before
        };
        let y = match rel {
            Rel::Last => before,
            Rel::Next => {
                before
                    + if season_index(before + 1, sn) == cur {
                        2
                    } else {
                        1
                    }
            }
            Rel::This => {
                // the nearest occurrence; a tie goes to the coming one
                let back = cur - season_index(at_or_before, sn);
                let fwd = season_index(at_or_before + 1, sn) - cur;
                if back == 0 || back < fwd {
                    at_or_before
                } else {
                    at_or_before + 1
                }
            }
            _ => {
                if self.past(sp, e) || season_index(at_or_before, sn) == cur {
                    at_or_before
                } else {
                    at_or_before + 1
                }
            }
        };
        self.emit_point(sp, e, Point::Season(y, sn), true, Tod::None)
    }

    // ---------------------------------------------------- parts of the day

    fn daypart(&mut self, c: isize, p: u8) -> Option<()> {
        let code = DAYPART_CODES[usize::from(p)];
        let (delta, s) = match self.w(c - 1) {
            W::Kw(Kw::This) => (0, c - 1),
            W::Kw(Kw::Last) if p >= 2 => (-1, c - 1),
            W::Kw(Kw::Every | Kw::Each) => {
                return self.emit_set(c - 1, c + 1, format!("XXXX-XX-XXT{code}"));
            }
            _ => return None,
        };
        let s = self.position_left(s);
        let Some(a) = self.anchor else {
            return self.emit_unresolved(
                s,
                c + 1,
                Some(Precision::Day),
                "XXXX-XX-XX",
                Tod::Part(p),
            );
        };
        self.emit_point(
            s,
            c + 1,
            Point::Day(add_days(a, delta)?),
            true,
            Tod::Part(p),
        )
    }

    // ------------------------------------------------------------ keywords

    fn keyword(&mut self, c: isize, k: Kw) -> Option<()> {
        match k {
            Kw::Today | Kw::Yesterday | Kw::Tomorrow | Kw::Tonight => self.deictic_day(c, k),
            Kw::Now | Kw::Currently => self.emit_ref(c, c + 1, "PRESENT_REF"),
            Kw::Recently => self.emit_ref(c, c + 1, "PAST_REF"),
            Kw::Past | Kw::Future if self.tok(c).cap && !self.tok(c - 1).cap => None, // "the Future of Babylon"
            Kw::Past => {
                let s = match self.w(c - 1) {
                    W::Kw(Kw::The) => c - 1,
                    W::Kw(Kw::Recent | Kw::Distant) if self.kw(c - 2, Kw::The) => c - 2,
                    _ => return None,
                };
                match self.w(c + 1) {
                    W::Num(..)
                    | W::NumWord(_)
                    | W::Unit(..)
                    | W::Month(..)
                    | W::Weekday(_)
                    | W::Season(_)
                    | W::Kw(
                        Kw::Few
                        | Kw::Several
                        | Kw::Couple
                        | Kw::A
                        | Kw::Many
                        | Kw::Dozen
                        | Kw::Fiscal,
                    ) => None,
                    W::Other if !self.tok(c + 1).cap => None, // "the past decisions"
                    _ => self.emit_ref(s, c + 1, "PAST_REF"),
                }
            }
            Kw::Future => {
                let s = match self.w(c - 1) {
                    W::Kw(Kw::The) => c - 1,
                    W::Kw(Kw::In) => c,
                    W::Kw(Kw::Near | Kw::Distant) if self.kw(c - 2, Kw::The) => c - 2,
                    _ => return None,
                };
                if self.w(c + 1) == W::Other && !self.tok(c + 1).cap {
                    return None; // "the future king"
                }
                self.emit_ref(s, c + 1, "FUTURE_REF")
            }
            Kw::Time => {
                if matches!(self.w(c - 1), W::Kw(Kw::The | Kw::That)) && self.kw(c - 2, Kw::At) {
                    return self.emit_ref(c - 2, c + 1, "PAST_REF");
                }
                None
            }
            Kw::Annually => self.emit_set(c, c + 1, "P1Y".to_string()),
            Kw::Half => {
                if self.w(c + 1) == W::Kw(Kw::Of) || self.w(c + 1) == W::Unit(Unit::Year, false) {
                    self.part_of_year(c, 2)
                } else {
                    None
                }
            }
            Kw::Q(q) => {
                let mut e = c + 1;
                let mut year = None;
                if let Some(y) = self.year_at(e) {
                    year = Some(y);
                    e += 1;
                } else if self.p(e, b'\'') {
                    if let W::Num(y, 2) = self.w(e + 1) {
                        year = Some(2000 + y as i32);
                        e += 2;
                    }
                }
                let q = u32::from(q);
                if let Some(y) = year {
                    return self.emit_point(c, e, Point::Quarter(y, q), false, Tod::None);
                }
                let Some(a) = self.anchor else {
                    return self.emit_unresolved(
                        c,
                        e,
                        Some(Precision::Quarter),
                        &format!("XXXX-Q{q}"),
                        Tod::None,
                    );
                };
                let cur = (a.month() - 1) / 3 + 1;
                let y = if self.past(c, e) {
                    if q <= cur {
                        a.year()
                    } else {
                        a.year() - 1
                    }
                } else if q >= cur {
                    a.year()
                } else {
                    a.year() + 1
                };
                self.emit_point(c, e, Point::Quarter(y, q), true, Tod::None)
            }
            Kw::Noon | Kw::Midnight => {
                if !matches!(
                    self.w(c - 1),
                    W::Kw(Kw::At | Kw::By | Kw::Until | Kw::Before | Kw::After | Kw::Since)
                ) {
                    return None;
                }
                let h = if k == Kw::Noon { 12 } else { 0 };
                self.emit_time(c, c + 1, h, 0)
            }
            _ => None,
        }
    }

    fn deictic_day(&mut self, c: isize, k: Kw) -> Option<()> {
        if self.tok(c).cap && self.w(c - 1) == W::Other && self.tok(c - 1).cap {
            return None; // "USA Today"
        }
        let mut delta = match k {
            Kw::Yesterday => -1,
            Kw::Tomorrow => 1,
            _ => 0,
        };
        let mut s = c;
        if matches!(self.w(c - 1), W::Kw(Kw::Earlier | Kw::Later)) && k == Kw::Today {
            s = c - 1;
        }
        if matches!(k, Kw::Yesterday | Kw::Tomorrow)
            && self.w(c - 2) == W::Unit(Unit::Day, false)
            && self.kw(c - 3, Kw::The)
            && self.kw(c - 1, if delta < 0 { Kw::Before } else { Kw::After })
        {
            delta *= 2;
            s = c - 3;
        }
        let mut e = c + 1;
        let mut tod = if k == Kw::Tonight {
            Tod::Part(3)
        } else {
            Tod::None
        };
        if k != Kw::Tonight {
            if let W::Daypart(p) = self.w(e) {
                tod = Tod::Part(p);
                e += 1;
            } else {
                let kk = if self.kw(e, Kw::At) { e + 1 } else { e };
                if let Some((h, mi, j, _)) = self.time_at(kk) {
                    tod = Tod::Hm(h, mi);
                    e = j;
                }
            }
        }
        let Some(a) = self.anchor else {
            return self.emit_unresolved(s, e, Some(Precision::Day), "XXXX-XX-XX", tod);
        };
        self.emit_point(s, e, Point::Day(add_days(a, delta)?), true, tod)
    }
}

// ------------------------------------------------------------------ helpers

fn write_tod(t: &mut String, tod: Tod) -> TimeKind {
    match tod {
        Tod::None => TimeKind::Date,
        Tod::Hm(h, m) => {
            let _ = write!(t, "T{h:02}:{m:02}");
            TimeKind::Time
        }
        Tod::Part(p) => {
            t.push('T');
            t.push_str(DAYPART_CODES[usize::from(p & 3)]);
            TimeKind::Time
        }
    }
}

fn write_duration(t: &mut String, u: Unit, n: Option<u32>) {
    let (time, mul, code) = match u {
        Unit::Minute => (true, 1, "M"),
        Unit::Hour => (true, 1, "H"),
        Unit::Day => (false, 1, "D"),
        Unit::Week => (false, 1, "W"),
        Unit::Weekend => (false, 1, "WE"),
        Unit::Fortnight => (false, 2, "W"),
        Unit::Month => (false, 1, "M"),
        Unit::Quarter => (false, 1, "Q"),
        Unit::Year => (false, 1, "Y"),
        Unit::Decade => (false, 10, "Y"),
        Unit::Century => (false, 100, "Y"),
    };
    t.push('P');
    if time {
        t.push('T');
    }
    match n {
        Some(n) => {
            let _ = write!(t, "{}", u64::from(n) * mul);
            t.push_str(code);
        }
        None => {
            t.push('X');
            t.push_str(match u {
                Unit::Decade => "DE",
                Unit::Century => "CE",
                _ => code,
            });
        }
    }
}

fn day_or_month(day: Option<u32>) -> Precision {
    if day.is_some() {
        Precision::Day
    } else {
        Precision::Month
    }
}

fn unit_precision(u: Unit) -> Option<Precision> {
    Some(match u {
        Unit::Minute | Unit::Hour | Unit::Day => Precision::Day,
        Unit::Week | Unit::Weekend | Unit::Fortnight => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Quarter => Precision::Quarter,
        Unit::Year => Precision::Year,
        Unit::Decade => Precision::Decade,
        Unit::Century => return None,
    })
}

fn unit_precision_ago(u: Unit) -> Option<Precision> {
    match u {
        Unit::Decade | Unit::Century => Some(Precision::Year),
        _ => unit_precision(u),
    }
}

fn unresolved_unit(u: Unit) -> &'static str {
    match u {
        Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week | Unit::Fortnight => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    }
}

fn unresolved_unit_ago(u: Unit) -> &'static str {
    match u {
        Unit::Decade | Unit::Century => "XXXX",
        _ => unresolved_unit(u),
    }
}

/// The weekday `wd` nearest `a` looking back (`past`) or forward;
/// `strict` excludes `a` itself.
pub(super) fn weekday_near(a: NaiveDate, wd: u8, past: bool, strict: bool) -> Option<NaiveDate> {
    let cur = i64::from(iso_dow(a));
    let wd = i64::from(wd);
    if past {
        let mut back = (cur - wd).rem_euclid(7);
        if strict && back == 0 {
            back = 7;
        }
        add_days(a, -back)
    } else {
        let mut fwd = (wd - cur).rem_euclid(7);
        if strict && fwd == 0 {
            fwd = 7;
        }
        add_days(a, fwd)
    }
}

/// The month `m` relative to anchor `a`.
fn month_near(a: NaiveDate, m: u32, rel: Rel, past: bool) -> (i32, u32) {
    let ay = a.year();
    let am = a.month();
    let y = match rel {
        Rel::This => ay,
        Rel::Last => {
            if m < am {
                ay
            } else {
                ay - 1
            }
        }
        Rel::Next => {
            if m > am {
                ay
            } else {
                ay + 1
            }
        }
        _ => {
            if past {
                if m <= am {
                    ay
                } else {
                    ay - 1
                }
            } else if m >= am {
                ay
            } else {
                ay + 1
            }
        }
    };
    (y, m)
}

/// Month `m`, day `d` relative to anchor `a` (29 February looks up to
/// eight years away).
fn month_day_near(a: NaiveDate, m: u32, d: u32, rel: Rel, past: bool) -> Option<NaiveDate> {
    let ay = a.year();
    if rel == Rel::This {
        return ymd(ay, m, d);
    }
    let back = match rel {
        Rel::Last => true,
        Rel::Next => false,
        _ => past,
    };
    let strict = matches!(rel, Rel::Last | Rel::Next);
    for k in 0..8 {
        let y = if back { ay + 1 - k } else { ay - 1 + k };
        let Some(date) = ymd(y, m, d) else {
            continue;
        };
        let ok = if back {
            date < a || (!strict && date == a)
        } else {
            date > a || (!strict && date == a)
        };
        if ok {
            return Some(date);
        }
    }
    None
}
