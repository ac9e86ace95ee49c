-- attache store, schema version 2: stories, full-text search, dyad and
-- filter indexes, ingest errors. Derived columns added here are filled for
-- existing rows by the Rust side of the migration (attache_store::schema).

ALTER TABLE events ADD COLUMN sentence_rowid INTEGER;
ALTER TABLE events ADD COLUMN story_rowid INTEGER;
ALTER TABLE events ADD COLUMN actor_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN recipient_codes TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN reported TEXT;
CREATE INDEX events_story ON events(story_rowid);
CREATE INDEX events_sentence ON events(sentence_rowid);
CREATE INDEX events_place ON events(place COLLATE NOCASE);
CREATE INDEX events_place_country ON events(place_country);

-- Every code (country, organisation, body) of every actor (role 0) and
-- recipient (role 1), with the event's date ('' when undated): the index
-- behind --actor and --recipient, in date order for "latest first".
CREATE TABLE event_codes (
    code TEXT NOT NULL,
    role INTEGER NOT NULL,
    date TEXT NOT NULL,
    event_rowid INTEGER NOT NULL,
    PRIMARY KEY (code, role, date, event_rowid)
) WITHOUT ROWID;

-- One row per (actor code, recipient code) pair of each counted event
-- (not negated, not hypothetical); recipient '' when there is none.
CREATE TABLE dyad_events (
    actor TEXT NOT NULL,
    recipient TEXT NOT NULL,
    month TEXT NOT NULL,
    type TEXT NOT NULL,
    event_rowid INTEGER NOT NULL,
    story_rowid INTEGER,
    PRIMARY KEY (actor, month, recipient, type, event_rowid)
) WITHOUT ROWID;
CREATE INDEX dyad_events_recipient ON dyad_events(recipient, month, actor, type, story_rowid);

CREATE TABLE stories (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    actor_codes TEXT NOT NULL,
    recipient_codes TEXT NOT NULL,
    date TEXT,
    date_end TEXT,
    first_reported TEXT,
    last_reported TEXT,
    reports INTEGER NOT NULL,
    first_event_rowid INTEGER NOT NULL
);
CREATE INDEX stories_date ON stories(date);

-- Candidate index for incremental clustering: one row per story and
-- actor-side code, with the story's (widened) date range; `long` marks
-- ranges over 35 days, looked up apart so that the common short stories
-- are found by a narrow index range.
CREATE TABLE story_keys (
    type TEXT NOT NULL,
    code TEXT NOT NULL,
    story_rowid INTEGER NOT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    long INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, code, story_rowid)
) WITHOUT ROWID;
CREATE INDEX story_keys_range ON story_keys(type, code, long, date_start, date_end);

CREATE TABLE ingest_errors (
    path TEXT NOT NULL,
    record INTEGER NOT NULL, -- -1 when the error concerns the whole input
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (path, record, code)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
