//! Who held an office on a date: each case is checked against the public
//! record (the office's Wikipedia list of holders).

use attache_kb::Kb;
use chrono::NaiveDate;

/// (holder, office, date, a word of the expected holder's name).
const CASES: &[(&str, &str, &str, &str)] = &[
    ("EGY", "defence_minister", "2016-03-14", "Sobh"),
    ("EGY", "defence_minister", "2024-09-01", "Saqr"),
    ("EGY", "defence_minister", "2019-11-15", "Zaki"),
    ("EGY", "head_of_state", "2013-01-01", "Morsi"),
    ("EGY", "head_of_state", "2015-06-01", "Sisi"),
    ("EGY", "chief_of_staff", "2016-03-14", "Hegazy"),
    ("USA", "head_of_state", "2010-06-01", "Obama"),
    ("USA", "head_of_state", "2018-06-01", "Trump"),
    ("USA", "head_of_state", "2022-06-01", "Biden"),
    ("USA", "foreign_minister", "2014-06-01", "Kerry"),
    ("USA", "foreign_minister", "2018-06-01", "Pompeo"),
    ("USA", "foreign_minister", "2022-06-01", "Blinken"),
    ("USA", "defence_minister", "2016-03-14", "Carter"),
    ("USA", "defence_minister", "2022-06-01", "Austin"),
    ("GBR", "head_of_government", "2012-01-01", "Cameron"),
    ("GBR", "head_of_government", "2017-06-01", "May"),
    ("GBR", "head_of_government", "2021-01-01", "Johnson"),
    ("GBR", "defence_minister", "2016-03-14", "Fallon"),
    ("RUS", "defence_minister", "2019-11-15", "Shoigu"),
    ("RUS", "defence_minister", "2024-06-01", "Belousov"),
    ("RUS", "foreign_minister", "2015-06-01", "Lavrov"),
    ("TUR", "defence_minister", "2020-12-27", "Akar"),
    ("TUR", "defence_minister", "2024-01-01", "Güler"),
    ("TUR", "head_of_state", "2013-01-01", "Gül"),
    ("TUR", "head_of_state", "2016-01-01", "Erdoğan"),
    ("IND", "head_of_government", "2012-01-01", "Manmohan"),
    ("IND", "head_of_government", "2016-01-01", "Modi"),
    ("IND", "defence_minister", "2016-03-14", "Parrikar"),
    ("CHN", "head_of_state", "2012-01-01", "Hu Jintao"),
    ("CHN", "head_of_state", "2016-01-01", "Xi Jinping"),
    ("FRA", "head_of_state", "2011-06-01", "Sarkozy"),
    ("FRA", "head_of_state", "2014-06-01", "Hollande"),
    ("FRA", "head_of_state", "2019-06-01", "Macron"),
    ("DEU", "head_of_government", "2010-06-01", "Merkel"),
    ("DEU", "head_of_government", "2023-06-01", "Scholz"),
    ("JPN", "head_of_government", "2015-06-01", "Abe"),
    ("UKR", "head_of_state", "2016-06-01", "Poroshenko"),
    ("UKR", "head_of_state", "2020-06-01", "Zelensky"),
    ("ISR", "head_of_government", "2022-01-01", "Bennett"),
    ("SAU", "head_of_state", "2016-06-01", "Salman"),
    ("BRA", "head_of_state", "2020-06-01", "Bolsonaro"),
    ("NATO", "secretary_general", "2012-06-01", "Rasmussen"),
    ("NATO", "secretary_general", "2016-06-01", "Stoltenberg"),
    ("NATO", "secretary_general", "2025-06-01", "Rutte"),
    ("UN", "secretary_general", "2012-06-01", "Ban Ki-moon"),
    ("UN", "secretary_general", "2018-06-01", "Guterres"),
];

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace('ğ', "g")
        .replace('ü', "u")
        .replace('ö', "o")
}

#[test]
fn office_holders_on_dates() {
    let kb = Kb::builtin().expect("built-in knowledge loads");
    let mut countries = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for &(holder, office, date, want) in CASES {
        countries.insert(holder);
        let office_id = kb
            .office(office)
            .unwrap_or_else(|| panic!("office {office}"));
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
        let got = kb.holder_on(holder, office_id, d).map(|r| {
            let p = &kb.people[r.person as usize];
            format!("{} {}", p.name, p.variants.join(" "))
        });
        match got {
            Some(name) if fold(&name).contains(&fold(want)) => {}
            other => failures.push(format!(
                "{holder} {office} {date}: want {want}, got {other:?}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(CASES.len() >= 30 && countries.len() >= 12);
}

#[test]
fn former_officeholders_are_elites_after_their_term() {
    let kb = Kb::builtin().expect("knowledge");
    let p = kb
        .people
        .iter()
        .position(|p| p.name.contains("Hegazy"))
        .expect("Hegazy") as u32;
    let d = NaiveDate::from_ymd_opt(2019, 1, 1).expect("date");
    assert!(
        kb.roles_on(p, d).next().is_none()
            || kb
                .roles_on(p, d)
                .all(|r| r.office != kb.office("chief_of_staff").unwrap_or(u32::MAX))
    );
    assert!(kb.roles_of(p).any(|r| r.end.is_some_and(|e| e < d)));
}
