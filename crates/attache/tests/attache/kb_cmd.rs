//! `attache kb` commands: lookup through time, check, import into an overlay.

use crate::common::{data, records, run};

#[test]
fn lookup_follows_roles_through_time() {
    let at = |date: &str| {
        let out = run(&[
            "kb",
            "lookup",
            "Egypt's defence minister",
            "--on",
            date,
            "--json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v[0]["person"].as_str().unwrap_or_default().to_string()
    };
    let (a, b) = (at("2016-03-14"), at("2024-09-01"));
    assert!(a.contains("sobhi") || a.contains("sobhy"), "{a}");
    assert!(b.contains("saqr"), "{b}");
}

#[test]
fn check_passes_on_shipped_knowledge_and_names_a_seeded_conflict() {
    let out = run(&["kb", "check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("people")).expect("mkdir");
    // Two people in one office over the same years.
    std::fs::write(
        dir.path().join("people/people-test.tsv"),
        "person\tname\tvariants\tcountry\tsource\nzz-first\tZz First\t\tEGY\ttest\nzz-second\tZz Second\t\tEGY\ttest\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("people/roles-test.tsv"),
        "person\tholder\toffice\tstart\tend\tsource\nzz-first\tFRA\tforeign_minister\t1990-01-01\t1995-12-31\ttest\nzz-second\tFRA\tforeign_minister\t1994-06-01\t1999-12-31\ttest\n",
    )
    .expect("write");
    let out = run(&[
        "--kb",
        dir.path().to_str().unwrap_or_default(),
        "kb",
        "check",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("people/roles-test.tsv:3"), "{stdout}");
    assert!(stdout.contains("overlaps"), "{stdout}");
}

#[test]
fn petrarch_dictionary_changes_coding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kb = dir.path().to_str().unwrap_or_default();
    for file in ["petrarch-actors.txt", "petrarch-agents.txt"] {
        let out = run(&[
            "--kb",
            kb,
            "kb",
            "import",
            "--format",
            "petrarch",
            data(file).to_str().unwrap_or_default(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let article = dir.path().join("article.txt");
    std::fs::write(
        &article,
        "Rebels attack border post\n\n4 May, 2021\n\nThe Montrachian Liberation Front attacked a Kenyan border post on Monday, the Kenyan army said.\n",
    )
    .expect("write");
    let coded = |with_overlay: bool| {
        let mut args = vec![];
        if with_overlay {
            args.extend(["--kb", kb]);
        }
        args.extend(["code", article.to_str().unwrap_or_default()]);
        records(&run(&args).stdout)
            .into_iter()
            .filter(|(t, _)| t == "event")
            .map(|(_, e)| e)
            .collect::<Vec<_>>()
    };
    assert!(coded(false)
        .iter()
        .all(|e| e["actors"][0]["country"] != "MTR"));
    let with = coded(true);
    let hit = with
        .iter()
        .find(|e| e["actors"][0]["country"] == "MTR")
        .expect("an event by the imported actor");
    assert_eq!(hit["type"], "ASSAULT");
    assert_eq!(hit["actors"][0]["sector"], "REB");
    assert_eq!(hit["recipients"][0]["country"], "KEN");

    // Date-restricted codes: the same person is GOV before 2019 and REB after.
    let sector_on = |date: &str| {
        let out = run(&[
            "--kb",
            kb,
            "kb",
            "lookup",
            "Valdor Kessel",
            "--on",
            date,
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v[0]["sector"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(sector_on("2018-06-01"), "GOV");
    assert_eq!(sector_on("2020-06-01"), "REB");
    // The agent noun is known too.
    let out = run(&["--kb", kb, "kb", "lookup", "Kenyan gendarmes", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["sector"], "COP");
}
