//! Baseline files: fingerprints of accepted findings, keyed so that moving
//! lines does not invalidate them.
