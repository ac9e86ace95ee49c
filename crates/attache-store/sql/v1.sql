-- attache store, schema version 1 (the first released layout).
-- Kept verbatim: a fresh store is created by running this file and then
-- every later migration in order, so the upgrade path is always exercised.

CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    source TEXT,
    published TEXT,
    published_precision TEXT,
    published_found TEXT,
    published_text TEXT,
    origin_path TEXT NOT NULL,
    origin_record INTEGER,
    origin_part INTEGER NOT NULL DEFAULT 0,
    sentences INTEGER NOT NULL,
    events INTEGER NOT NULL,
    text TEXT NOT NULL,
    input_map TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE sentences (
    rowid INTEGER PRIMARY KEY,
    doc_rowid INTEGER NOT NULL REFERENCES documents(rowid),
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (doc_rowid, idx)
);

CREATE TABLE events (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    date TEXT,
    date_end TEXT,
    date_precision TEXT,
    date_basis TEXT,
    actor_country TEXT,
    actor_org TEXT,
    recipient_country TEXT,
    recipient_org TEXT,
    place TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL,
    negated INTEGER NOT NULL,
    future INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    historical INTEGER NOT NULL,
    confidence REAL NOT NULL,
    sentence_index INTEGER NOT NULL,
    trigger_text TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    rule TEXT NOT NULL,
    coder_version TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type_date ON events(type, date);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_actors (
    event_rowid INTEGER NOT NULL REFERENCES events(rowid),
    role INTEGER NOT NULL, -- 0 actor, 1 recipient
    pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    org TEXT,
    body TEXT,
    sector TEXT,
    person TEXT,
    office TEXT,
    rule TEXT NOT NULL,
    PRIMARY KEY (event_rowid, role, pos)
) WITHOUT ROWID;
CREATE INDEX event_actors_country ON event_actors(country, role);
CREATE INDEX event_actors_org ON event_actors(org, role);
