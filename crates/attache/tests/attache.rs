//! Integration tests of the `attache` binary, by feature.

#[path = "attache/bad_inputs.rs"]
mod bad_inputs;
#[path = "attache/code_cmd.rs"]
mod code_cmd;
#[path = "attache/common.rs"]
mod common;
#[path = "attache/kb_cmd.rs"]
mod kb_cmd;
#[path = "attache/store_cmd.rs"]
mod store_cmd;
