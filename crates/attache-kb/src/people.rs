//! Offices, people, and who held which office when.

use chrono::NaiveDate;

use crate::tsv::rows;
use crate::{parse_kb_date, Kb, KbError, SourceFile};

/// An office and the ways text names it.
#[derive(Debug, Clone)]
pub struct Office {
    pub key: String,
    pub sector: String,
    /// (holder code or None for generic, title)
    pub titles: Vec<(Option<String>, String)>,
}

/// A person.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub variants: Vec<String>,
    /// Nationality (ISO3) or organisation code.
    pub country: Option<String>,
    pub source: String,
}

/// A person holding an office for a state or organisation over a period.
#[derive(Debug, Clone)]
pub struct Role {
    pub person: u32,
    pub holder: String,
    pub office: u32,
    pub start: NaiveDate,
    /// Last day in office, inclusive; None while in office.
    pub end: Option<NaiveDate>,
    pub source: String,
    /// File and line the role came from (for `kb check`).
    pub origin: (String, usize),
    /// The dates as written (`2015-01` is less precise than `2015-01-31`).
    pub written: (String, String),
}

pub(crate) fn load_offices(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    for row in rows(&f.name, &f.text, &["office", "holder", "sector", "titles"])? {
        let key = row.get(0).trim();
        if key.is_empty() {
            return Err(row.error("empty office key"));
        }
        let holder = Some(row.get(1).trim())
            .filter(|h| !h.is_empty())
            .map(str::to_string);
        let sector = row.get(2).trim().to_string();
        let idx = match kb.office_by_key.get(key) {
            Some(&i) => i as usize,
            None => {
                kb.office_by_key
                    .insert(key.to_string(), kb.offices.len() as u32);
                kb.offices.push(Office {
                    key: key.to_string(),
                    sector: sector.clone(),
                    titles: Vec::new(),
                });
                kb.offices.len() - 1
            }
        };
        let office = &mut kb.offices[idx];
        if holder.is_none() && !sector.is_empty() {
            office.sector = sector;
        }
        for t in row.list(3) {
            office.titles.push((holder.clone(), t.to_string()));
        }
    }
    Ok(())
}

pub(crate) fn load_people(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    for row in rows(&f.name, &f.text, &["person", "name", "variants", "country"])? {
        let id = row.get(0).trim();
        if id.is_empty() {
            return Err(row.error("empty person id"));
        }
        let person = Person {
            id: id.to_string(),
            name: row.get(1).trim().to_string(),
            variants: row.list(2).map(str::to_string).collect(),
            country: Some(row.get(3).trim())
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            source: if f.overlay {
                format!("overlay:{}", f.name)
            } else {
                row.get(4).trim().to_string()
            },
        };
        match kb.person_by_id.get(id) {
            Some(&i) => {
                // The same person in two regional files: merge spellings.
                let p = &mut kb.people[i as usize];
                for v in person.variants {
                    if !p.variants.contains(&v) {
                        p.variants.push(v);
                    }
                }
                if f.overlay {
                    p.source = person.source;
                }
            }
            None => {
                kb.person_by_id
                    .insert(id.to_string(), kb.people.len() as u32);
                kb.people.push(person);
            }
        }
    }
    Ok(())
}

pub(crate) fn load_roles(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    let cols = ["person", "holder", "office", "start", "end", "source"];
    for row in rows(&f.name, &f.text, &cols)? {
        let person = kb
            .person(row.get(0).trim())
            .ok_or_else(|| row.error(format!("unknown person {}", row.get(0).trim())))?;
        let holder = row.get(1).trim();
        if !kb.is_actor_code(holder) {
            return Err(row.error(format!("unknown holder {holder}")));
        }
        let office = kb
            .office(row.get(2).trim())
            .ok_or_else(|| row.error(format!("unknown office {}", row.get(2).trim())))?;
        let start = parse_kb_date(row.get(3), false)
            .ok_or_else(|| row.error(format!("bad start date {:?}", row.get(3))))?;
        let end = match row.get(4).trim() {
            "" => None,
            s => Some(
                parse_kb_date(s, true).ok_or_else(|| row.error(format!("bad end date {s:?}")))?,
            ),
        };
        kb.roles.push(Role {
            person,
            holder: holder.to_string(),
            office,
            start,
            end,
            source: row.get(5).trim().to_string(),
            origin: (f.name.clone(), row.line),
            written: (row.get(3).trim().to_string(), row.get(4).trim().to_string()),
        });
    }
    Ok(())
}

pub(crate) fn index_roles(kb: &mut Kb) {
    kb.roles_by_person = vec![Vec::new(); kb.people.len()];
    for (i, r) in kb.roles.iter().enumerate() {
        kb.roles_by_post
            .entry((r.holder.clone(), r.office))
            .or_default()
            .push(i as u32);
        kb.roles_by_person[r.person as usize].push(i as u32);
    }
    let roles = &kb.roles;
    for ids in kb.roles_by_post.values_mut() {
        ids.sort_by_key(|&i| roles[i as usize].start);
    }
    for ids in &mut kb.roles_by_person {
        ids.sort_by_key(|&i| roles[i as usize].start);
    }
}
