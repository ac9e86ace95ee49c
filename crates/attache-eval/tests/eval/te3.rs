use attache_eval::te3::{self, granularity};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("te3", te3::run);
}

#[test]
fn strips_tags_keeping_offsets() {
    // An invented document in the TimeML layout.
    let tml = r#"<?xml version="1.0" ?><TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-05-08" functionInDocument="CREATION_TIME">May 8, 2020</TIMEX3></DCT>
<TEXT>Rain &amp; wind <EVENT eid="e1">hit</EVENT> the coast <TIMEX3 tid="t1" type="DATE" value="2020-05-07">yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>.</TEXT>
</TimeML>"#;
    let d = te3::parse("x.tml", tml);
    assert_eq!(d.dct.map(|d| d.to_string()).as_deref(), Some("2020-05-08"));
    assert_eq!(
        d.text,
        "Rain & wind hit the coast yesterday for three hours."
    );
    assert_eq!(d.timexes.len(), 2);
    let t = &d.timexes[0];
    assert_eq!(&d.text[t.start..t.end], "yesterday");
    assert_eq!((t.kind.as_str(), t.value.as_str()), ("DATE", "2020-05-07"));
    assert_eq!(&d.text[d.timexes[1].start..d.timexes[1].end], "three hours");
}

#[test]
fn names_granularities() {
    assert_eq!(granularity("2013-03-22"), "day");
    assert_eq!(granularity("2013-W12"), "week");
    assert_eq!(granularity("2013-03"), "month");
    assert_eq!(granularity("2012-SU"), "season");
    assert_eq!(granularity("2013-Q1"), "quarter");
    assert_eq!(granularity("2012"), "year");
    assert_eq!(granularity("201"), "decade");
    assert_eq!(granularity("PRESENT_REF"), "reference");
    assert_eq!(granularity("P1M"), "duration");
}
