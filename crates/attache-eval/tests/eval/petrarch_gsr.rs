use attache_eval::petrarch_gsr::{self, reduce};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("petrarch-gsr", |p| petrarch_gsr::run(common::coder(), p));
}

#[test]
fn parses_lenient_records() {
    // Invented records in the file's layout: an empty <Sentence/> tag
    // closed later, a comment block, a parse to skip.
    let xml = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment line with <angle> words
<Sentences>
<Sentence category="GOLD" date="20150102" id="T_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="AAAGOV" targetcode="IGOXYZ" />
<EventCoding eventcode="190" sourcecode="---REB" targetcode="BBB" />
<Text>
Alpha's minister visited
the bloc &amp; friends.
</Text>
<Parse>
1	Alpha	Alpha	PROPN	NNP	_	0	root	_	_
</Parse></Sentence>
<Sentence category="AFP" date="20080101" id="T_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
</Sentences>
</Validation>"#;
    let s = petrarch_gsr::parse(xml);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].id, "T_1");
    assert_eq!(s[0].category, "GOLD");
    assert_eq!(
        s[0].date.map(|d| d.to_string()).as_deref(),
        Some("2015-01-02")
    );
    assert_eq!(s[0].text, "Alpha's minister visited the bloc & friends.");
    assert_eq!(s[0].codings.len(), 2);
    assert_eq!(s[0].codings[1].eventcode, "190");
    assert!(s[1].codings.is_empty());
    assert_eq!(s[1].text, "Nothing happened.");
}

#[test]
fn reduces_phoenix_codes() {
    assert_eq!(reduce("USAGOV").as_deref(), Some("USA"));
    assert_eq!(reduce("IGOEUREEC").as_deref(), Some("ORG"));
    assert_eq!(reduce("---MIL"), None);
    assert_eq!(reduce(""), None);
}
