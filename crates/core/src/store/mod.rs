//! The encrypted calendar cache (written by a helper; placeholder until then).
