//! The documented column set of every format: the single source of truth
//! for headers, the Parquet schema, the Spark DDL and `docs/export.md`.

use crate::Format;

/// Type of a column (delimited and Parquet formats) or of a top-level field
/// (JSON formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnType {
    String,
    /// 64-bit signed integer.
    Integer,
    Float32,
    Float64,
    Boolean,
    /// Calendar date, `YYYY-MM-DD` in text formats, Date32 in Parquet.
    Date,
    /// List of strings; `;`-joined in CSV, `; `-joined in POLECAT.
    StringList,
    /// JSON text inside a string column.
    Json,
    /// JSON object (JSON formats only).
    Object,
    /// JSON array of objects (JSON formats only).
    ObjectList,
}

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Float32 => "float32",
            ColumnType::Float64 => "float64",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::StringList => "list<string>",
            ColumnType::Json => "json",
            ColumnType::Object => "object",
            ColumnType::ObjectList => "list<object>",
        }
    }
}

/// One documented column: name exactly as written, type and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    pub description: &'static str,
}

const fn c(name: &'static str, ty: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        ty,
        description,
    }
}

use ColumnType as T;

/// The documented column set of `format`, in the order written.
pub fn columns(format: Format) -> &'static [Column] {
    match format {
        Format::Jsonl => JSONL,
        Format::Csv | Format::Parquet => FLAT,
        Format::Plover => PLOVER,
        Format::Polecat => POLECAT,
        Format::Gdelt => GDELT,
    }
}

/// Number of leading [`FLAT`] columns that describe the event alone (the
/// columns of `attache code --format csv`); the rest describe its story.
pub(crate) const FLAT_EVENT_COLUMNS: usize = 44;

/// CSV and Parquet: one row per event. The first 44 columns are those of
/// `attache code --format csv`, in the same order.
pub(crate) const FLAT: &[Column] = &[
    c("event_id", T::String, "Event id: 16 hex digits, stable for the same text, knowledge and coder version."),
    c("doc_id", T::String, "Id of the document the event was coded from."),
    c("type", T::String, "PLOVER event type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)."),
    c("mode", T::String, "PLOVER mode of the event type (e.g. visit, arrest, aerial); empty when none."),
    c("contexts", T::StringList, "PLOVER contexts (e.g. military, economic)."),
    c("cameo", T::String, "CAMEO event code through attache's PLOVER-CAMEO crosswalk; empty when none."),
    c("actor_text", T::StringList, "Actors: the words in the text. All actor_* lists hold one item per actor, in the same order."),
    c("actor_name", T::StringList, "Actors: canonical name of what the words refer to."),
    c("actor_country", T::StringList, "Actors: ISO 3166-1 alpha-3 country; empty item when none."),
    c("actor_org", T::StringList, "Actors: organisation code (international organisation or non-state group), e.g. NATO, UN, HTS; empty item when none."),
    c("actor_sector", T::StringList, "Actors: PLOVER sector code (GOV, MIL, SPY, REB, ...); empty item when none."),
    c("actor_person", T::StringList, "Actors: person id from the knowledge base, or the name as written; empty item when none."),
    c("actor_role", T::StringList, "Actors: office held at the event date (e.g. defence_minister); empty item when none."),
    c("recipient_text", T::StringList, "Recipients: the words in the text. All recipient_* lists hold one item per recipient, in the same order."),
    c("recipient_name", T::StringList, "Recipients: canonical name."),
    c("recipient_country", T::StringList, "Recipients: ISO 3166-1 alpha-3 country."),
    c("recipient_org", T::StringList, "Recipients: organisation code."),
    c("recipient_sector", T::StringList, "Recipients: PLOVER sector code."),
    c("recipient_person", T::StringList, "Recipients: person id or name as written."),
    c("recipient_role", T::StringList, "Recipients: office held at the event date."),
    c("trigger", T::String, "The words that triggered the event."),
    c("trigger_start", T::Integer, "Character offset of the trigger in the document text."),
    c("trigger_end", T::Integer, "Character offset just past the trigger."),
    c("date", T::Date, "First day of the event period; empty when the event has no date."),
    c("date_end", T::Date, "Last day of the event period (inclusive)."),
    c("date_precision", T::String, "Precision of the date: day, week, month, quarter, season, year or decade."),
    c("date_basis", T::String, "How the date was found: explicit, relative, context (carried from an earlier sentence) or publication (the publication date stands in)."),
    c("date_text", T::String, "The words the date was read from; empty when the basis is publication."),
    c("location", T::String, "Name of the place the event happened (gazetteer entry); empty when none."),
    c("location_country", T::String, "ISO 3166-1 alpha-3 country of the place."),
    c("lat", T::Float64, "Latitude of the place, decimal degrees."),
    c("lon", T::Float64, "Longitude of the place, decimal degrees."),
    c("negated", T::Boolean, "The report says the event did not happen (1/0 in CSV)."),
    c("future", T::Boolean, "The event is announced or planned, not yet done."),
    c("hypothetical", T::Boolean, "The event is conditional or hypothetical."),
    c("historical", T::Boolean, "The sentence recalls a past event as background."),
    c("confidence", T::Float32, "Coder's confidence, 0 to 1."),
    c("sentence_index", T::Integer, "0-based index of the sentence in the document."),
    c("sentence_start", T::Integer, "Character offset of the sentence in the document text."),
    c("sentence_end", T::Integer, "Character offset just past the sentence."),
    c("sentence", T::String, "Text of the sentence that carries the event."),
    c("rule", T::String, "Id of the lexicon entry that fired."),
    c("details", T::Json, "Money, personnel, agreements and mechanisms mentioned with the event, as the JSON array of the JSONL `details` field; empty when none."),
    c("coder_version", T::String, "Version of the coder that produced the event."),
    c("story_id", T::String, "Id of the story (cluster of reports of one event) in the store; empty when exported without stories."),
    c("story_reports", T::Integer, "Number of reports (documents) in the story; empty when exported without stories."),
];

/// JSONL: the fields of one `Event` object.
const JSONL: &[Column] = &[
    c("id", T::String, "Event id: 16 hex digits, stable for the same text, knowledge and coder version."),
    c("doc_id", T::String, "Id of the document the event was coded from."),
    c("type", T::String, "PLOVER event type."),
    c("mode", T::String, "PLOVER mode, or null."),
    c("contexts", T::StringList, "PLOVER contexts."),
    c("cameo", T::String, "CAMEO event code through the crosswalk, or null."),
    c("actors", T::ObjectList, "Actors: {text, start, end, name, country, org, body (only when set), sector, person, role, rule}."),
    c("recipients", T::ObjectList, "Recipients, same shape as actors."),
    c("trigger", T::Object, "The trigger words: {text, start, end} (character offsets)."),
    c("date", T::Object, "{value, end, precision, basis, span: {text, start, end} or null}, or null when the event has no date."),
    c("location", T::Object, "{name, country, lat, lon, geonameid, text, start, end, rule}, or null."),
    c("modality", T::Object, "{negated, future, hypothetical, historical}."),
    c("confidence", T::Float32, "Coder's confidence, 0 to 1."),
    c("sentence", T::Object, "{index, start, end, text} of the sentence that carries the event."),
    c("rule", T::String, "Id of the lexicon entry that fired."),
    c("details", T::ObjectList, "{kind (money, personnel, agreement, mechanism), text, start, end, value (when known), unit (when known)}."),
    c("coder_version", T::String, "Version of the coder."),
    c("story", T::Object, "{story_id, reports}: only on lines of events exported with a story; readers of `Event` ignore it."),
];

/// PLOVER: manual chapter "Data Fields", then attache's extra fields.
const PLOVER: &[Column] = &[
    c("id", T::String, "PLOVER `id`: the attache event id."),
    c("has_event", T::Boolean, "PLOVER `has_event`: always true."),
    c("date", T::Date, "PLOVER `date` (YYYY-MM-DD): first day of the event period, or null."),
    c("enddate", T::Date, "PLOVER `enddate`: last day of the event period, or null."),
    c("actor", T::ObjectList, "PLOVER `actor`: entity objects {code, sector, entity_text, identifier_text, office} plus attache's {name, country, org, body, person, start, end, rule}. `code` is the ISO3 country, else for an organisation UNO (UN system), EUR (EU institutions) or IGO (any other), as in the manual's table of non-state codes."),
    c("recipient", T::ObjectList, "PLOVER `recipient`: entity objects, same shape as actor."),
    c("event", T::StringList, "PLOVER `event`: list with the event type."),
    c("mode", T::StringList, "PLOVER `mode`: list with the mode, empty when none."),
    c("context", T::StringList, "PLOVER `context`: the contexts."),
    c("event_loc", T::Object, "PLOVER `event_loc` location object: {extracted_place, resolved_place, geonameid, lat, lon, country_code} plus attache's {start, end, rule}; null when no place. city, district, province, feature_class, feature_code and resolution are not written (attache does not know them)."),
    c("event_text", T::StringList, "PLOVER `event_text`: list with the sentence that carries the event."),
    c("quad_code", T::Integer, "PLOVER `quad_code` from the event type: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."),
    c("event_scale", T::Float64, "PLOVER `event_scale`: the manual's conflict-cooperation score of the type and mode (of the type when the mode has none), -10 to 10."),
    c("text_info", T::Object, "PLOVER `text_info`: {sequence (sentence index), start, end} (character offsets of the sentence)."),
    c("cite_info", T::Object, "PLOVER `cite_info`: {url, title, publication (source), published (attache extra, YYYY-MM-DD)}, each null unless the document was passed to the sink."),
    c("coder", T::String, "PLOVER `coder`: `attache` and the coder version."),
    c("doc_id", T::String, "attache extra: id of the document."),
    c("cameo", T::String, "attache extra: CAMEO event code, or null."),
    c("trigger", T::Object, "attache extra: {text, start, end} of the trigger words."),
    c("date_precision", T::String, "attache extra: precision of the date, or null."),
    c("date_basis", T::String, "attache extra: explicit, relative, context or publication, or null."),
    c("date_text", T::String, "attache extra: the words the date was read from, or null."),
    c("modality", T::Object, "attache extra: {negated, future, hypothetical, historical}."),
    c("confidence", T::Float32, "attache extra: coder's confidence, 0 to 1."),
    c("rule", T::String, "attache extra: id of the lexicon entry that fired."),
    c("details", T::ObjectList, "attache extra: details as in JSONL."),
    c("story_id", T::String, "attache extra: story id, or null."),
    c("story_reports", T::Integer, "attache extra: reports in the story, or null."),
];

/// POLECAT: the header of POLECAT's published tab-separated files.
const POLECAT: &[Column] = &[
    c("Event ID", T::String, "attache event id."),
    c("Event Date", T::Date, "First day of the event period; empty when no date."),
    c("Event Type", T::String, "PLOVER event type, as attache writes it (upper case)."),
    c("Event Mode", T::String, "PLOVER mode; empty when none."),
    c("Event Intensity", T::Float64, "PLOVER manual's conflict-cooperation score of type and mode (of the type when the mode has none). Older POLECAT files call this column Intensity."),
    c("Quad Code", T::String, "VERBAL COOPERATION, MATERIAL COOPERATION, VERBAL CONFLICT or MATERIAL CONFLICT, from the event type."),
    c("Contexts", T::StringList, "PLOVER contexts, `; `-separated."),
    c("Actor Name", T::StringList, "Actors' canonical names, `; `-separated (all actor lists are aligned; a column whose items are all empty is empty)."),
    c("Actor Country", T::StringList, "Actors' ISO3 country, else UNO / EUR / IGO for organisations (as PLOVER's actor code)."),
    c("Actor COW", T::String, "Empty: attache has no Correlates of War codes."),
    c("Primary Actor Sector", T::StringList, "Actors' PLOVER sector codes."),
    c("Actor Sectors", T::StringList, "Actors' PLOVER sector codes (attache codes one sector per actor, so this equals the primary sector)."),
    c("Actor Title", T::StringList, "Actors' office at the event date (e.g. defence_minister)."),
    c("Actor Name Raw", T::StringList, "Actors' words in the text."),
    c("Wikipedia Actor ID", T::String, "Empty: attache links actors to its own knowledge base, not Wikipedia."),
    c("Recipient Name", T::StringList, "Recipients' canonical names."),
    c("Recipient Country", T::StringList, "Recipients' ISO3 country, else UNO / EUR / IGO."),
    c("Recipient COW", T::String, "Empty: no Correlates of War codes."),
    c("Primary Recipient Sector", T::StringList, "Recipients' PLOVER sector codes."),
    c("Recipient Sectors", T::StringList, "Recipients' PLOVER sector codes."),
    c("Recipient Title", T::StringList, "Recipients' office at the event date."),
    c("Recipient Name Raw", T::StringList, "Recipients' words in the text."),
    c("Wikipedia Recipient ID", T::String, "Empty: not Wikipedia-linked."),
    c("Placename", T::String, "Name of the place (gazetteer entry)."),
    c("City", T::String, "Empty: attache's location has no administrative breakdown."),
    c("District", T::String, "Empty: no administrative breakdown."),
    c("Province", T::String, "Empty: no administrative breakdown."),
    c("Country", T::String, "ISO3 country of the place."),
    c("Latitude", T::Float64, "Latitude of the place."),
    c("Longitude", T::Float64, "Longitude of the place."),
    c("GeoNames ID", T::Integer, "GeoNames id of the place."),
    c("Raw Placename", T::String, "The place's words in the text."),
    c("Feature Type", T::String, "Empty: attache's location has no feature class."),
    c("Source", T::String, "Source (publisher) of the document; empty unless the document was passed to the sink."),
    c("Publication Date", T::Date, "Publication date of the document; empty unless the document was passed to the sink."),
    c("Story People", T::String, "Empty: attache does not list a story's people."),
    c("Story Organizations", T::String, "Empty: attache does not list a story's organisations."),
    c("Story Locations", T::String, "Empty: attache does not list a story's places."),
    c("Language", T::String, "Empty: attache does not detect the language."),
    c("Version", T::String, "attache coder version."),
    c("Headline", T::String, "Title of the document; empty unless the document was passed to the sink. (Headline, Event Text, Story ID and Feed appear in later POLECAT files; their position after Version is attache's.)"),
    c("Event Text", T::String, "The sentence that carries the event."),
    c("Story ID", T::String, "attache story id; empty when exported without stories."),
    c("Feed", T::String, "Empty: attache has no feed."),
];

/// GDELT 2.0 Events table (BigQuery `gdeltv2.events` column names).
const GDELT: &[Column] = &[
    c("GLOBALEVENTID", T::Integer, "The attache event id (16 hex digits) read as a number with its top bit cleared, in decimal (ids of another shape are hashed with FNV-1a). Stable, but not reversible to the hex id."),
    c("SQLDATE", T::Integer, "Event date YYYYMMDD; empty when no date."),
    c("MonthYear", T::Integer, "Event date YYYYMM."),
    c("Year", T::Integer, "Event year."),
    c("FractionDate", T::Float64, "Year + ((month - 1) * 30 + day) / 365, 4 decimals: GDELT's codebook formula with a zero-based month, which keeps the fraction below 1 as the codebook says."),
    c("Actor1Code", T::String, "First actor: PLOVER actor code (ISO3 country, else UNO / EUR / IGO) followed by its sector code, e.g. USAGOV. PLOVER sectors are close to, not the same as, CAMEO type codes."),
    c("Actor1Name", T::String, "First actor's canonical name."),
    c("Actor1CountryCode", T::String, "First actor's ISO3 country (CAMEO country codes are ISO3 for states)."),
    c("Actor1KnownGroupCode", T::String, "Empty: attache's organisation codes are not CAMEO known-group codes."),
    c("Actor1EthnicCode", T::String, "Empty: not coded."),
    c("Actor1Religion1Code", T::String, "Empty: not coded."),
    c("Actor1Religion2Code", T::String, "Empty: not coded."),
    c("Actor1Type1Code", T::String, "First actor's PLOVER sector code."),
    c("Actor1Type2Code", T::String, "Empty: one sector per actor."),
    c("Actor1Type3Code", T::String, "Empty: one sector per actor."),
    c("Actor2Code", T::String, "First recipient, as Actor1Code; empty when none. Further actors and recipients are not written (GDELT has one per side)."),
    c("Actor2Name", T::String, "First recipient's canonical name."),
    c("Actor2CountryCode", T::String, "First recipient's ISO3 country."),
    c("Actor2KnownGroupCode", T::String, "Empty."),
    c("Actor2EthnicCode", T::String, "Empty."),
    c("Actor2Religion1Code", T::String, "Empty."),
    c("Actor2Religion2Code", T::String, "Empty."),
    c("Actor2Type1Code", T::String, "First recipient's PLOVER sector code."),
    c("Actor2Type2Code", T::String, "Empty."),
    c("Actor2Type3Code", T::String, "Empty."),
    c("IsRootEvent", T::Integer, "1 when the event is in the document's first sentence, else 0."),
    c("EventCode", T::String, "CAMEO code of the event (the `cameo` field); empty when none."),
    c("EventBaseCode", T::String, "First three digits of the CAMEO code (a two-digit root code gets a 0 appended)."),
    c("EventRootCode", T::String, "First two digits of the CAMEO code."),
    c("QuadClass", T::Integer, "From the PLOVER type's quad: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."),
    c("GoldsteinScale", T::Float64, "Goldstein (1992) conflict-cooperation value of the CAMEO root code (the value of its `xx0` code in the CAMEO Goldstein table); per-code values are not used. Empty without a CAMEO code."),
    c("NumMentions", T::Integer, "Story reports when exported with stories, else 1."),
    c("NumSources", T::Integer, "1 without stories; empty with stories (attache does not count distinct sources)."),
    c("NumArticles", T::Integer, "Story reports when exported with stories, else 1."),
    c("AvgTone", T::Float64, "Empty: attache does not score tone."),
    c("Actor1Geo_Type", T::Integer, "Empty: attache does not place actors."),
    c("Actor1Geo_FullName", T::String, "Empty."),
    c("Actor1Geo_CountryCode", T::String, "Empty."),
    c("Actor1Geo_ADM1Code", T::String, "Empty."),
    c("Actor1Geo_ADM2Code", T::String, "Empty."),
    c("Actor1Geo_Lat", T::Float64, "Empty."),
    c("Actor1Geo_Long", T::Float64, "Empty."),
    c("Actor1Geo_FeatureID", T::String, "Empty."),
    c("Actor2Geo_Type", T::Integer, "Empty: attache does not place recipients."),
    c("Actor2Geo_FullName", T::String, "Empty."),
    c("Actor2Geo_CountryCode", T::String, "Empty."),
    c("Actor2Geo_ADM1Code", T::String, "Empty."),
    c("Actor2Geo_ADM2Code", T::String, "Empty."),
    c("Actor2Geo_Lat", T::Float64, "Empty."),
    c("Actor2Geo_Long", T::Float64, "Empty."),
    c("Actor2Geo_FeatureID", T::String, "Empty."),
    c("ActionGeo_Type", T::Integer, "Empty: attache's location has no feature class to choose among GDELT's country / state / city types."),
    c("ActionGeo_FullName", T::String, "Name of the place (gazetteer entry)."),
    c("ActionGeo_CountryCode", T::String, "ISO3 country of the place. GDELT writes FIPS 10-4 codes here; attache has no FIPS table."),
    c("ActionGeo_ADM1Code", T::String, "Empty: no administrative codes."),
    c("ActionGeo_ADM2Code", T::String, "Empty: no administrative codes."),
    c("ActionGeo_Lat", T::Float64, "Latitude of the place."),
    c("ActionGeo_Long", T::Float64, "Longitude of the place."),
    c("ActionGeo_FeatureID", T::String, "GeoNames id of the place (GDELT uses GNS feature ids)."),
    c("DATEADDED", T::Integer, "Publication date as YYYYMMDD000000 when the document was passed to the sink, else empty (attache writes no wall-clock time)."),
    c("SOURCEURL", T::String, "URL of the document when it was passed to the sink, else empty."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_counts_known() {
        for f in Format::ALL {
            let cols = columns(f);
            let mut names: Vec<_> = cols.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), cols.len(), "duplicate column in {f}");
        }
        assert_eq!(columns(Format::Gdelt).len(), 61);
        assert_eq!(columns(Format::Csv).len(), FLAT_EVENT_COLUMNS + 2);
        assert_eq!(columns(Format::Polecat).len(), 44);
    }
}
