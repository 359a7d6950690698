//! caregov-core
