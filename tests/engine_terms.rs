//! The deal terms of issue 15 on small deals computed by hand, the arithmetic written next to
//! each figure. The base is `common::SMALL_DEAL` (its figures are worked in `engine_hand.rs`).

mod common;

use common::SMALL_DEAL;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The small deal with each `(from, to)` text replaced (each must occur).
fn variant(edits: &[(&str, &str)]) -> Deal {
    let mut text = SMALL_DEAL.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in the small deal");
        text = text.replacen(from, to, 1);
    }
    parse_deal(&text, "variant").expect("the variant parses")
}

/// Every date conserves money: available = paid + retained.
fn conserved(r: &tranche_studio::results::DealResults) {
    for p in &r.periods {
        assert_eq!(p.available, p.paid + p.retained, "date {}", p.date);
    }
}

/// The small deal without its subordinate tranche: A 900,000 and the residual to `holder`.
fn no_subordinate(residual: &str) -> Deal {
    variant(&[
        (
            r#"        Tranche(id: "B", name: "次级", size: "100000.00", coupon: 0.0,
                expected_maturity: "2025-07-01", legal_maturity: "2026-01-01", holder: Originator),
"#,
            "",
        ),
        (r#"tranches: ["A", "B"]"#, r#"tranches: ["A"]"#),
        (r#"Residual("B")"#, residual),
    ])
}

#[test]
fn residual_to_the_originator_is_its_cash() {
    let r = run(&no_subordinate("ResidualTo(Originator)"), Some("base")).unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: 514,794.52 available − fee 246.58 − A interest 6,657.53 − principal 500,000
    // = 7,890.41 to the originator, paid (not retained).
    assert_eq!(p1.party_residual.originator, d("7890.41"));
    assert_eq!(p1.party_residual.servicer, Decimal::ZERO);
    assert_eq!(p1.paid, d("514794.52"));
    assert_eq!(p1.retained, Decimal::ZERO);
    // Date 2 (final): 512,479.45 (reserve 5,000 released) − 124.66 − 2,991.78 − A's
    // 400,000 = 109,363.01.
    assert_eq!(p2.party_residual.originator, d("109363.01"));
    assert_eq!(p2.carried_out, Decimal::ZERO);
    // 7,890.41 + 109,363.01 = 117,253.42 over the deal.
    assert_eq!(r.party_residual.originator, d("117253.42"));
    assert!(r.warnings.iter().all(|w| w.code != "W-CASH-LEFT"));
}

#[test]
fn residual_to_the_servicer_is_not_the_originators() {
    let r = run(&no_subordinate("ResidualTo(Servicer)"), Some("base")).unwrap();
    conserved(&r);
    // The same 117,253.42 (above), to the servicer alone.
    assert_eq!(r.party_residual.servicer, d("117253.42"));
    assert_eq!(r.party_residual.originator, Decimal::ZERO);
}

#[test]
fn cash_with_no_receiver_is_warned_with_its_amount() {
    // No residual step: date 1 carries 7,890.41; date 2 has 512,479.45 + 7,890.41
    // = 520,369.86 − 124.66 − 2,991.78 − 400,000 = 117,253.42 left with nobody.
    let r = run(&no_subordinate("ReserveTopUp"), Some("base")).unwrap();
    conserved(&r);
    assert_eq!(r.periods[0].carried_out, d("7890.41"));
    assert_eq!(r.periods[1].carried_out, d("117253.42"));
    let w = r.warnings.iter().find(|w| w.code == "W-CASH-LEFT").unwrap();
    assert!(w.message.contains("117253.42"), "{}", w.message);
}

/// A matures on date 1 (2025-04-01) and the only obligor defaults in period 2, so A is short
/// on its maturity date and after it; the deficiency payment may pay 100,000 a date.
fn short_after_maturity(cover: &str) -> Deal {
    variant(&[
        (
            r#"coupon: 0.03,
                expected_maturity: "2025-07-01""#,
            r#"coupon: 0.03,
                expected_maturity: "2025-04-01""#,
        ),
        (
            r#"covers: [MaturityPrincipal(["A"])], cap_total: "300000.00""#,
            cover,
        ),
    ])
}

#[test]
fn deficiency_cover_on_the_maturity_date_only() {
    let on_date = r#"covers: [MaturityDatePrincipal(["A"])], cap_per_period: "100000.00""#;
    let r = run(&short_after_maturity(on_date), Some("default")).unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1, A's maturity: 514,794.52 − fee 246.58 − interest 6,657.53 = 507,890.41 to
    // A's 900,000; the 392,109.59 short is covered up to the 100,000 cap.
    assert_eq!(p1.enhancement_draws, vec![d("100000.00")]);
    assert_eq!(p1.tranches[0].principal_paid, d("607890.41"));
    assert_eq!(p1.tranches[0].closing_balance, d("292109.59"));
    // Date 2: no collections, the 5,000 reserve released: fee 124.66, A interest
    // 292,109.59 × 3% × 91/365 = 2,184.8197 → 2,184.82, principal 5,000 − 124.66 − 2,184.82
    // = 2,690.52; after the maturity date nothing is drawn.
    assert_eq!(p2.tranches[0].interest_paid, d("2184.82"));
    assert_eq!(p2.tranches[0].principal_paid, d("2690.52"));
    assert_eq!(p2.enhancement_draws, vec![Decimal::ZERO]);
    // Loss 292,109.59 − 2,690.52 = 289,419.07.
    assert_eq!(r.securities[0].principal_loss, d("289419.07"));
    assert_eq!(r.securities[0].enhancement_draws, d("100000.00"));
}

#[test]
fn deficiency_cover_on_and_after_maturity_draws_again() {
    let after = r#"covers: [MaturityPrincipal(["A"])], cap_per_period: "100000.00""#;
    let r = run(&short_after_maturity(after), Some("default")).unwrap();
    conserved(&r);
    // Date 1 as above; date 2 draws another 100,000: A paid 2,690.52 + 100,000 and loses
    // 292,109.59 − 102,690.52 = 189,419.07.
    assert_eq!(r.periods[0].enhancement_draws, vec![d("100000.00")]);
    assert_eq!(r.periods[1].enhancement_draws, vec![d("100000.00")]);
    assert_eq!(r.periods[1].tranches[0].principal_paid, d("102690.52"));
    assert_eq!(r.securities[0].principal_loss, d("189419.07"));
}
