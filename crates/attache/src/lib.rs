//! attache as a library: the pipeline crates behind one facade.
//!
//! ```no_run
//! use std::sync::Arc;
//! let kb = Arc::new(attache::kb::Kb::builtin()?);
//! let coder = attache::code::Coder::new(kb);
//! for item in attache::ingest::read_path("articles".as_ref(), &Default::default()) {
//!     if let attache::ingest::Item::Doc(doc) = item {
//!         for event in coder.code(&doc).events {
//!             println!("{} {:?}", event.event_type, event.trigger.text);
//!         }
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use attache_code as code;
pub use attache_ingest as ingest;
pub use attache_kb as kb;
pub use attache_text as text;
pub use attache_types as types;

pub mod pipeline;
