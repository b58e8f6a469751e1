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
