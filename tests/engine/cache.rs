//! The projection cache reuses the pool's checks only while the pool version and the dates
//! are unchanged (`engine::ProjectionCache::validate`): a pool edit under a new version, or
//! a date edit under the same version, is checked again.

use crate::common::small_deal;
use tranche_studio::engine::ProjectionCache;
use tranche_studio::error::{Issue, Severity};

/// The errors at the small deal's one asset's term.
fn term_errors(issues: &[Issue]) -> usize {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.path == "pool.assets[0].remaining_term")
        .count()
}

#[test]
fn the_pool_checks_follow_a_new_pool_version_and_a_date_edit() {
    let mut cache = ProjectionCache::default();
    let mut deal = small_deal();
    // A 6-month term within the 12 months to the legal final date (2026-01-01): no error.
    assert_eq!(term_errors(&cache.validate(&deal, &[], 1)), 0);
    // A term of 0 months under pool version 2: checked again, an error.
    deal.pool.assets[0].remaining_term = 0;
    assert_eq!(term_errors(&cache.validate(&deal, &[], 2)), 1);
    deal.pool.assets[0].remaining_term = 6;
    assert_eq!(term_errors(&cache.validate(&deal, &[], 3)), 0);
    // Same pool version, legal final date moved to 2025-04-01: 3 months to it, so the
    // 6-month term now runs past it.
    deal.legal_final_date = "2025-04-01".parse().unwrap();
    assert_eq!(term_errors(&cache.validate(&deal, &[], 3)), 1);
}
