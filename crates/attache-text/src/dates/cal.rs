//! Calendar arithmetic and TIMEX3 values of resolved periods.

use attache_types::Precision;
use chrono::{Datelike, Days, NaiveDate};
use std::fmt::Write;

/// A resolved calendar period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Point {
    Day(NaiveDate),
    /// ISO week, given by its Monday.
    Week(NaiveDate),
    /// Saturday and Sunday of the ISO week given by its Monday.
    Weekend(NaiveDate),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    /// Season 0 spring, 1 summer, 2 autumn, 3 winter (December of the year
    /// to February of the next).
    Season(i32, u8),
    /// Months `.1 ..= .2` of a year ("the first nine months of 2015").
    Months(i32, u32, u32),
    Year(i32),
    /// Decade given as year / 10 (201 = the 2010s).
    Decade(i32),
    /// Century given as year / 100 (19 = 1900..1999).
    Century(i32),
}

pub(super) const SEASON_CODES: [&str; 4] = ["SP", "SU", "FA", "WI"];
pub(super) const DAYPART_CODES: [&str; 4] = ["MO", "AF", "EV", "NI"];

/// Append `v` zero-padded to `width` digits, as `write!(out, "{v:0width$}")`
/// does, without the formatting machinery for the usual non-negative values.
fn push_num(out: &mut String, v: impl Into<i64>, width: usize) {
    let v: i64 = v.into();
    let Ok(mut n) = u64::try_from(v) else {
        let _ = write!(out, "{v:0width$}");
        return;
    };
    let mut buf = [0u8; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in buf.len() - k..width {
        out.push('0');
    }
    out.extend(buf[k..].iter().map(|&b| char::from(b)));
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(super) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = add_months(y, m, 1);
    ymd(ny, nm, 1)?.pred_opt()
}

/// `(y, m)` moved by `delta` months.
pub(super) fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + delta;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

pub(super) fn monday_of(d: NaiveDate) -> Option<NaiveDate> {
    add_days(d, -i64::from(d.weekday().num_days_from_monday()))
}

/// ISO weekday 1..=7.
pub(super) fn iso_dow(d: NaiveDate) -> u8 {
    d.weekday().number_from_monday() as u8
}

/// The season occurrence containing `d`.
pub(super) fn season_of(d: NaiveDate) -> (i32, u8) {
    match d.month() {
        3..=5 => (d.year(), 0),
        6..=8 => (d.year(), 1),
        9..=11 => (d.year(), 2),
        12 => (d.year(), 3),
        _ => (d.year() - 1, 3),
    }
}

/// The season occurrence one step (`delta` occurrences of the same season)
/// away, as an index of seasons: year * 4 + season.
pub(super) fn season_index(y: i32, s: u8) -> i32 {
    y * 4 + i32::from(s)
}

impl Point {
    /// Inclusive first and last day.
    pub fn range(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Point::Day(d) => Some((d, d)),
            Point::Week(m) => Some((m, add_days(m, 6)?)),
            Point::Weekend(m) => Some((add_days(m, 5)?, add_days(m, 6)?)),
            Point::Month(y, m) => Some((ymd(y, m, 1)?, month_end(y, m)?)),
            Point::Quarter(y, q) => {
                let m = (q - 1) * 3 + 1;
                Some((ymd(y, m, 1)?, month_end(y, m + 2)?))
            }
            Point::Half(y, h) => {
                let m = (h - 1) * 6 + 1;
                Some((ymd(y, m, 1)?, month_end(y, m + 5)?))
            }
            Point::Season(y, s) => {
                let m = u32::from(s) * 3 + 3;
                let (ey, em) = add_months(y, m, 2);
                Some((ymd(y, m, 1)?, month_end(ey, em)?))
            }
            Point::Months(y, a, b) => Some((ymd(y, a, 1)?, month_end(y, b)?)),
            Point::Year(y) => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
            Point::Decade(d) => Some((ymd(d * 10, 1, 1)?, ymd(d * 10 + 9, 12, 31)?)),
            Point::Century(c) => Some((ymd(c * 100, 1, 1)?, ymd(c * 100 + 99, 12, 31)?)),
        }
    }

    pub fn precision(self) -> Option<Precision> {
        Some(match self {
            Point::Day(_) => Precision::Day,
            Point::Week(_) | Point::Weekend(_) => Precision::Week,
            Point::Month(..) => Precision::Month,
            Point::Quarter(..) => Precision::Quarter,
            Point::Season(..) => Precision::Season,
            Point::Months(_, a, b) => match b + 1 - a {
                1 => Precision::Month,
                2 | 3 => Precision::Quarter,
                _ => Precision::Year,
            },
            Point::Half(..) | Point::Year(_) => Precision::Year,
            Point::Decade(_) => Precision::Decade,
            Point::Century(_) => return None,
        })
    }

    pub fn write_timex(self, out: &mut String) {
        match self {
            Point::Day(d) => {
                push_num(out, d.year(), 4);
                out.push('-');
                push_num(out, d.month(), 2);
                out.push('-');
                push_num(out, d.day(), 2);
            }
            Point::Week(m) | Point::Weekend(m) => {
                let w = m.iso_week();
                push_num(out, w.year(), 4);
                out.push_str("-W");
                push_num(out, w.week(), 2);
                if matches!(self, Point::Weekend(_)) {
                    out.push_str("-WE");
                }
            }
            Point::Month(y, m) => {
                push_num(out, y, 4);
                out.push('-');
                push_num(out, m, 2);
            }
            Point::Quarter(y, q) => {
                push_num(out, y, 4);
                out.push_str("-Q");
                push_num(out, q, 0);
            }
            Point::Half(y, h) => {
                push_num(out, y, 4);
                out.push_str("-H");
                push_num(out, h, 0);
            }
            Point::Season(y, s) => {
                push_num(out, y, 4);
                out.push('-');
                out.push_str(SEASON_CODES[usize::from(s & 3)]);
            }
            Point::Months(y, a, b) => {
                push_num(out, y, 4);
                match (a, b) {
                    (1, 3) | (4, 6) | (7, 9) | (10, 12) => {
                        out.push_str("-Q");
                        push_num(out, b / 3, 0);
                    }
                    (1, 6) | (7, 12) => {
                        out.push_str("-H");
                        push_num(out, b / 6, 0);
                    }
                    (a, b) if a == b => {
                        out.push('-');
                        push_num(out, a, 2);
                    }
                    _ => {}
                }
            }
            Point::Year(y) => push_num(out, y, 4),
            Point::Decade(d) => push_num(out, d, 3),
            Point::Century(c) => push_num(out, c, 2),
        }
    }

    /// [`Point::write_timex`] through `write!` (reference for the tests).
    #[cfg(test)]
    pub fn write_timex_ref(self, out: &mut String) {
        let _ = match self {
            Point::Day(d) => write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Point::Week(m) => {
                let w = m.iso_week();
                write!(out, "{:04}-W{:02}", w.year(), w.week())
            }
            Point::Weekend(m) => {
                let w = m.iso_week();
                write!(out, "{:04}-W{:02}-WE", w.year(), w.week())
            }
            Point::Month(y, m) => write!(out, "{y:04}-{m:02}"),
            Point::Quarter(y, q) => write!(out, "{y:04}-Q{q}"),
            Point::Half(y, h) => write!(out, "{y:04}-H{h}"),
            Point::Season(y, s) => write!(out, "{y:04}-{}", SEASON_CODES[usize::from(s & 3)]),
            Point::Months(y, a, b) => match (a, b) {
                (1, 3) | (4, 6) | (7, 9) | (10, 12) => write!(out, "{y:04}-Q{}", b / 3),
                (1, 6) | (7, 12) => write!(out, "{y:04}-H{}", b / 6),
                (a, b) if a == b => write!(out, "{y:04}-{a:02}"),
                _ => write!(out, "{y:04}"),
            },
            Point::Year(y) => write!(out, "{y:04}"),
            Point::Decade(d) => write!(out, "{d:03}"),
            Point::Century(c) => write!(out, "{c:02}"),
        };
    }

    /// The period `n` steps of its own granularity away (weeks, months...).
    pub fn shift(self, n: i32) -> Option<Point> {
        Some(match self {
            Point::Day(d) => Point::Day(add_days(d, i64::from(n))?),
            Point::Week(m) => Point::Week(add_days(m, 7 * i64::from(n))?),
            Point::Weekend(m) => Point::Weekend(add_days(m, 7 * i64::from(n))?),
            Point::Month(y, m) => {
                let (y, m) = add_months(y, m, n);
                Point::Month(y, m)
            }
            Point::Quarter(y, q) => {
                let idx = y * 4 + q as i32 - 1 + n;
                Point::Quarter(idx.div_euclid(4), idx.rem_euclid(4) as u32 + 1)
            }
            Point::Half(y, h) => {
                let idx = y * 2 + h as i32 - 1 + n;
                Point::Half(idx.div_euclid(2), idx.rem_euclid(2) as u32 + 1)
            }
            Point::Season(y, s) => Point::Season(y + n, s),
            Point::Months(y, a, b) => Point::Months(y + n, a, b),
            Point::Year(y) => Point::Year(y + n),
            Point::Decade(d) => Point::Decade(d + n),
            Point::Century(c) => Point::Century(c + n),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        ymd(y, m, dd).expect("valid date")
    }

    fn timex(p: Point) -> String {
        let mut s = String::new();
        p.write_timex(&mut s);
        s
    }

    #[test]
    fn timex_digits_match_write() {
        let mut points = Vec::new();
        for y in [
            -12345, -10, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 2015, 9999, 10000, 123456,
        ] {
            for m in [0, 1, 3, 6, 9, 10, 12, 13, 100] {
                points.push(Point::Month(y, m));
                points.push(Point::Quarter(y, m));
                points.push(Point::Half(y, m));
                for b in [0, 1, 3, 6, 9, 12, 100] {
                    points.push(Point::Months(y, m, b));
                }
            }
            for s in 0..=255 {
                points.push(Point::Season(y, s));
            }
            points.extend([Point::Year(y), Point::Decade(y), Point::Century(y)]);
        }
        for y in [
            -9999, -1, 0, 1, 5, 99, 999, 1000, 1999, 2012, 2015, 9999, 12345,
        ] {
            let mut day = ymd(y, 1, 1).expect("valid date");
            while day.year() == y {
                points.extend([Point::Day(day), Point::Week(day), Point::Weekend(day)]);
                day = add_days(day, 5).expect("valid date");
            }
        }
        for p in points {
            let mut want = String::from("x");
            p.write_timex_ref(&mut want);
            assert_eq!(timex(p), want[1..], "{p:?}");
            let mut got = String::from("x");
            p.write_timex(&mut got);
            assert_eq!(got, want, "{p:?}");
        }
    }

    #[test]
    fn ranges_and_values() {
        assert_eq!(
            Point::Quarter(2015, 1).range(),
            Some((d(2015, 1, 1), d(2015, 3, 31)))
        );
        assert_eq!(
            Point::Season(2012, 3).range(),
            Some((d(2012, 12, 1), d(2013, 2, 28)))
        );
        assert_eq!(timex(Point::Week(d(2013, 3, 18))), "2013-W12");
        assert_eq!(timex(Point::Week(d(2012, 12, 31))), "2013-W01");
        assert_eq!(timex(Point::Decade(201)), "201");
        assert_eq!(timex(Point::Century(19)), "19");
        assert_eq!(timex(Point::Months(2015, 1, 3)), "2015-Q1");
        assert_eq!(timex(Point::Season(2012, 1)), "2012-SU");
        assert_eq!(add_months(2013, 1, -1), (2012, 12));
        assert_eq!(add_months(2013, 12, 1), (2014, 1));
        assert_eq!(
            Point::Quarter(2013, 1).shift(-1),
            Some(Point::Quarter(2012, 4))
        );
        assert_eq!(month_end(2012, 2), Some(d(2012, 2, 29)));
    }
}
