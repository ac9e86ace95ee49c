//! `attache kb` commands.
