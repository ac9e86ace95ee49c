use attache_eval::tr_news::{self, align, haversine};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("tr-news", |p| tr_news::run(common::coder(), p));
}

#[test]
fn parses_articles() {
    // An invented article in the corpus layout.
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<articles>
<article docid="42">
  <title>t</title>
  <dltime>2017-01-02</dltime>
  <text><![CDATA[Ships left Valletta for the Sea of Nowhere & back.]]></text>
  <toponym>
    <phrase>Valletta</phrase> <start>11</start> <end>19</end>
    <gaztag geonameid="2562305"> <name>Valletta</name> <fclass>P</fclass> <fcode>PPLC</fcode>
      <lat>35.89968</lat> <lon>14.5148</lon> <country geonameid="2562770">Malta</country> </gaztag>
  </toponym>
  <toponym>
    <phrase>Sea of Nowhere</phrase> <start>28</start> <end>42</end>
    <gaztag geonameid="1"> <name>Nowhere Sea</name> <fclass>H</fclass> <fcode>SEA</fcode>
      <lat>1</lat> <lon>2</lon> </gaztag>
  </toponym>
  <toponym><phrase>back</phrase><start>45</start><end>49</end></toponym>
</article>
</articles>"#;
    let a = tr_news::parse(xml);
    assert_eq!(a.len(), 1);
    let a = &a[0];
    assert_eq!(a.id, "42");
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2017-01-02")
    );
    assert!(a.text.contains(" & back"));
    assert_eq!(a.toponyms.len(), 3);
    let g = a.toponyms[0].gaz.as_ref().expect("tagged");
    assert_eq!(g.country.as_deref(), Some("Malta"));
    assert_eq!(g.country_geonameid, Some(2_562_770));
    assert_eq!(g.fcode, "PPLC");
    assert!(a.toponyms[1]
        .gaz
        .as_ref()
        .is_some_and(|g| g.country.is_none()));
    assert!(a.toponyms[2].gaz.is_none());
    let chars: Vec<char> = a.text.chars().collect();
    assert_eq!(align(&chars, &a.toponyms[0]), (11, 19, false));
    // Drifted offsets are moved to the nearest occurrence.
    let mut drifted = a.toponyms[0].clone();
    drifted.start += 3;
    drifted.end += 3;
    assert_eq!(align(&chars, &drifted), (11, 19, true));
}

#[test]
fn haversine_distances() {
    assert!(common::approx(haversine(10.0, 20.0, 10.0, 20.0), 0.0));
    // One degree of latitude is about 111 km.
    let d = haversine(0.0, 0.0, 1.0, 0.0);
    assert!((d - 111.2).abs() < 0.5, "{d}");
}
