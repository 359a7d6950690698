//! The `caregov` command line: argument parsing and output only.

pub mod human;
