//! An overlay wins over the built-in knowledge; check names the line of a conflict.

use attache_kb::{builtin_files, check, Entity, Kb, SourceFile};

#[test]
fn shipped_knowledge_passes_check() {
    let problems = check::check(&builtin_files());
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn overlay_form_replaces_builtin_meaning() {
    let mut files = builtin_files();
    files.push(SourceFile {
        name: "actors/groups.tsv".into(),
        text: "code\tname\taliases\tcountry\tsector\tactive\tsource\nTESTGRP\tTest Group\tPentagon\tUSA\tREB\t2020-\ttest\n".into(),
        overlay: true,
    });
    let kb = Kb::from_files(&files).expect("loads");
    let mut found = Vec::new();
    kb.find_mentions("the Pentagon said", &mut found);
    let m = found.first().expect("mention");
    let ents = kb.entities(m.pattern);
    assert_eq!(ents.len(), 1);
    assert!(matches!(ents[0].0, Entity::Org { .. }));
}

#[test]
fn conflicting_alias_is_reported_with_its_line() {
    let mut files = builtin_files();
    files.push(SourceFile {
        name: "actors/igos.tsv".into(),
        text: "code\tname\taliases\tcontext_aliases\tparent\tsource\nZZTEST\tTest Body\tFrance\t\t\ttest\n".into(),
        overlay: false,
    });
    let problems = check::check(&files);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("\"France\"") && p.line > 0),
        "{problems:?}"
    );
}
