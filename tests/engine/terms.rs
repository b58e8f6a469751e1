//! The deal terms of issue 15 on small deals computed by hand, the arithmetic written next to
//! each figure. The base is `common::SMALL_DEAL` (its figures are worked in `hand.rs`).

use crate::common::SMALL_DEAL;
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

#[test]
fn clean_up_call_at_par_ends_the_deal_on_its_date() {
    // After date 1 the pool is 500,000 = 50% of 1,000,000, below the 60% level.
    let deal = variant(&[(
        "    waterfall: Waterfall(",
        "    clean_up_call: CleanUpCall(below: 0.6),\n    waterfall: Waterfall(",
    )]);
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    assert_eq!(
        r.periods.len(),
        1,
        "the call date is the final payment date"
    );
    let p1 = &r.periods[0];
    assert_eq!(p1.pool.called_balance, d("500000.00"));
    assert_eq!(p1.pool.closing_balance, Decimal::ZERO);
    assert_eq!(p1.pool.call_proceeds, d("500000.00"));
    // Funds 14,794.52 interest + 500,000 principal + 500,000 call + 5,000 reserve released
    // = 1,019,794.52; fee 246.58, A interest 6,657.53, A 900,000 and B 100,000 repaid;
    // B's residual 1,019,794.52 − 246.58 − 6,657.53 − 1,000,000 = 12,890.41.
    assert_eq!(p1.available, d("1019794.52"));
    assert_eq!(p1.tranches[0].principal_paid, d("900000.00"));
    assert_eq!(p1.tranches[1].principal_paid, d("100000.00"));
    assert_eq!(p1.tranches[1].residual_paid, d("12890.41"));
    assert_eq!(
        r.pool.call_date.map(|x| x.to_string()),
        Some("2025-04-01".into())
    );
    assert_eq!(r.pool.call_proceeds, d("500000.00"));
}

#[test]
fn an_oc_test_on_the_call_date_reads_the_pool_before_the_call_sells_it() {
    // The call at 60% and an OC test on A at 0.5. Date 1: the pool is 500,000 before the
    // call sells it (closing 0, called 500,000); 500,000 / A's opening 900,000 = 0.556 is
    // not below 0.5: no breach (the closing 0 alone, or 0 − 500,000, would breach).
    let deal = variant(&[(
        "    waterfall: Waterfall(",
        "    clean_up_call: CleanUpCall(below: 0.6),\n    triggers: [Trigger(id: \"oc\", name: \"超额抵押\", test: OcRatio(tranches: [\"A\"], min: 0.5))],\n    waterfall: Waterfall(",
    )]);
    let r = run(&deal, Some("base")).unwrap();
    assert_eq!(r.periods[0].pool.called_balance, d("500000.00"));
    assert!(!r.periods[0].trigger_breached);
    // At 0.6 the same 0.556 is below the level: breached on the call date.
    let deal = variant(&[(
        "    waterfall: Waterfall(",
        "    clean_up_call: CleanUpCall(below: 0.6),\n    triggers: [Trigger(id: \"oc\", name: \"超额抵押\", test: OcRatio(tranches: [\"A\"], min: 0.6))],\n    waterfall: Waterfall(",
    )]);
    assert!(run(&deal, Some("base")).unwrap().periods[0].trigger_breached);
}

#[test]
fn clean_up_call_exactly_at_the_level_is_not_exercised() {
    // 500,000 is not below 50% of 1,000,000: the deal runs its two dates as without a call.
    let deal = variant(&[(
        "    waterfall: Waterfall(",
        "    clean_up_call: CleanUpCall(below: 0.5),\n    waterfall: Waterfall(",
    )]);
    let r = run(&deal, Some("base")).unwrap();
    assert_eq!(r.periods.len(), 2);
    assert_eq!(r.pool.call_date, None);
    // B's residual on date 2 as in engine_hand's base case: 9,363.01.
    assert_eq!(r.periods[1].tranches[1].residual_paid, d("9363.01"));
}

#[test]
fn clean_up_call_at_a_stated_price_buys_the_recoveries_to_come() {
    // A second obligor's 200,000 defaults in period 1; half is recovered one period later,
    // after the call, so the buyer takes it: base 500,000 + 100,000 = 600,000, at 98 per
    // 100 = 588,000.00. The level: 500,000 < 50% × 1,200,000 = 600,000.
    let deal = variant(&[
        (
            "              remaining_term: 6, amortisation: EqualPrincipal),\n",
            "              remaining_term: 6, amortisation: EqualPrincipal),
        Asset(id: \"L2\", obligor: \"乙公司\", asset_class: TrustLoan, balance: \"200000.00\",
              rate: 0.06, remaining_term: 6, amortisation: EqualPrincipal),\n",
        ),
        (
            r#"Scenario(name: "base"),"#,
            r#"Scenario(name: "base", recovery_rate: 0.5, recovery_lag: 1,
                 obligor_defaults: [ObligorDefault(obligor: "乙公司", period: 1)]),"#,
        ),
        (
            "    waterfall: Waterfall(",
            "    clean_up_call: CleanUpCall(below: 0.5, price: PerHundred(98.0)),\n    waterfall: Waterfall(",
        ),
    ]);
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    assert_eq!(r.periods.len(), 1);
    let p1 = &r.periods[0];
    assert_eq!(p1.pool.defaults, d("200000.00"));
    assert_eq!(p1.pool.recoveries, Decimal::ZERO);
    assert_eq!(p1.pool.call_proceeds, d("588000.00"));
    assert_eq!(r.pool.recoveries_lost, Decimal::ZERO, "sold, not lost");
    // Fee 1,200,000 × 0.1% × 90/365 = 295.8904 → 295.89. Funds 14,794.52 + 500,000
    // + 588,000 + 5,000 = 1,107,794.52; B's residual 1,107,794.52 − 295.89 − 6,657.53
    // − 1,000,000 = 100,841.10.
    assert_eq!(p1.fees[0].paid, d("295.89"));
    assert_eq!(p1.available, d("1107794.52"));
    assert_eq!(p1.tranches[1].residual_paid, d("100841.10"));
}

#[test]
fn a_cached_projection_follows_an_edit_of_the_call() {
    // The pool projection is cached; adding the call must still end the deal on date 1.
    let mut cache = tranche_studio::engine::ProjectionCache::default();
    let mut deal = variant(&[]);
    assert_eq!(cache.results(&deal, &[], None, 7).unwrap().periods.len(), 2);
    deal.clean_up_call = Some(tranche_studio::model::CleanUpCall {
        below: 0.6,
        price: tranche_studio::model::CallPrice::ParPlusAccrued,
    });
    assert_eq!(cache.results(&deal, &[], None, 7).unwrap().periods.len(), 1);
}

#[test]
fn a_fee_on_the_tranche_balance_accrues_on_its_opening_balance() {
    let deal = variant(&[
        (
            r#"fees: [Fee(id: "mgmt", name: "管理费", basis: PoolBalance(0.001))],"#,
            r#"fees: [Fee(id: "mgmt", name: "管理费", basis: PoolBalance(0.001)),
           Fee(id: "trustee", name: "受托费", basis: TrancheBalance(tranches: ["A"], rate: 0.001))],"#,
        ),
        (
            r#"        Fee("mgmt"),"#,
            "        Fee(\"mgmt\"),\n        Fee(\"trustee\"),",
        ),
    ]);
    let r = run(&deal, Some("base")).unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: A's opening 900,000 × 0.1% × 90/365 = 221.9178 → 221.92 (on the pool's
    // 1,000,000 it would be 246.58); B's residual 7,890.41 − 221.92 = 7,668.49.
    assert_eq!(p1.fees[1].paid, d("221.92"));
    assert_eq!(p1.tranches[1].residual_paid, d("7668.49"));
    // Date 2: A's opening 400,000 × 0.1% × 91/365 = 99.7260 → 99.73 (its closing balance,
    // zero, would give nothing); B's residual 9,363.01 − 99.73 = 9,263.28.
    assert_eq!(p2.fees[1].paid, d("99.73"));
    assert_eq!(p2.tranches[1].residual_paid, d("9263.28"));
}

/// The small deal with VAT at `rate` and surcharges at `surcharge` of it, its `Tax` step
/// inserted before `before`.
fn with_vat(rate: &str, surcharge: &str, before: &str) -> Deal {
    variant(&[
        (
            "    waterfall: Waterfall(",
            &format!(
                "    vat: Vat(rate: {rate}, surcharge_rate: {surcharge}),\n    waterfall: Waterfall("
            ),
        ),
        (before, &format!("Tax,\n        {before}")),
    ])
}

#[test]
fn vat_on_interest_income_is_a_waterfall_step() {
    let r = run(
        &with_vat("0.03", "0.12", r#"Interest(["A"]),"#),
        Some("base"),
    )
    .unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: interest 14,794.52 is tax-inclusive: VAT 14,794.52 × 0.03 / 1.03 = 430.9083
    // → 430.91; surcharges 430.91 × 12% = 51.7092 → 51.71; paid 482.62; B's residual
    // 7,890.41 − 482.62 = 7,407.79.
    assert_eq!(p1.tax.vat, d("430.91"));
    assert_eq!(p1.tax.surcharges, d("51.71"));
    assert_eq!(p1.tax.paid, d("482.62"));
    assert_eq!(p1.tranches[1].residual_paid, d("7407.79"));
    // Excess spread 14,794.52 − fee 246.58 − tax 482.62 − A interest 6,657.53 = 7,407.79.
    assert_eq!(p1.excess_spread, d("7407.79"));
    // Date 2: 7,479.45 × 0.03 / 1.03 = 217.8481 → 217.85; × 12% = 26.142 → 26.14;
    // B's residual 9,363.01 − 243.99 = 9,119.02.
    assert_eq!(p2.tax.paid, d("243.99"));
    assert_eq!(p2.tranches[1].residual_paid, d("9119.02"));
    // Over the deal: 482.62 + 243.99 = 726.61 paid, nothing owed.
    assert_eq!(r.tax.paid, d("726.61"));
    assert_eq!(r.tax.shortfall, Decimal::ZERO);
}

#[test]
fn unpaid_vat_is_carried_as_arrears_and_reported() {
    // VAT at 100% with 100% surcharges (extreme, to run short), paid after principal.
    let r = run(&with_vat("1.0", "1.0", r#"Residual("B")"#), Some("base")).unwrap();
    conserved(&r);
    let (p1, p2) = (&r.periods[0], &r.periods[1]);
    // Date 1: VAT 14,794.52 / 2 = 7,397.26, surcharges 7,397.26, due 14,794.52; only the
    // 7,890.41 left after principal pays it: arrears 6,904.11; nothing for B.
    assert_eq!(p1.tax.due, d("14794.52"));
    assert_eq!(p1.tax.paid, d("7890.41"));
    assert_eq!(p1.tax.shortfall, d("6904.11"));
    assert_eq!(p1.tranches[1].residual_paid, Decimal::ZERO);
    // Date 2: 7,479.45 / 2 = 3,739.725 → 3,739.73 twice + arrears 6,904.11 = 14,383.57
    // due; 9,363.01 paid; 5,020.56 still owed when the deal ends.
    assert_eq!(p2.tax.due, d("14383.57"));
    assert_eq!(p2.tax.paid, d("9363.01"));
    assert_eq!(r.tax.shortfall, d("5020.56"));
    // Assessed 14,794.52 + 7,479.46 = 22,273.98 = paid 17,253.42 + owed 5,020.56.
    assert_eq!(r.tax.due, d("22273.98"));
    assert_eq!(r.tax.paid, d("17253.42"));
}

#[test]
fn the_new_terms_are_checked_at_their_field_paths() {
    use tranche_studio::validate::validate;
    let paths = |deal: &Deal| -> Vec<String> {
        validate(deal, &[])
            .into_iter()
            .filter(|i| i.severity == tranche_studio::error::Severity::Error)
            .map(|i| i.path)
            .collect()
    };
    // VAT without a Tax step, and a Tax step without VAT.
    let no_step = variant(&[(
        "    waterfall: Waterfall(",
        "    vat: Vat(rate: 0.03, surcharge_rate: 0.12),\n    waterfall: Waterfall(",
    )]);
    assert_eq!(paths(&no_step), vec!["waterfall.steps"]);
    let no_vat = variant(&[(r#"Interest(["A"]),"#, r#"Tax, Interest(["A"]),"#)]);
    assert_eq!(paths(&no_vat), vec!["waterfall.steps[1]"]);
    // A call level above 1, a tranche-balance fee naming no tranche.
    let bad = variant(&[
        (
            "    waterfall: Waterfall(",
            "    clean_up_call: CleanUpCall(below: 1.5),\n    waterfall: Waterfall(",
        ),
        (
            "basis: PoolBalance(0.001)",
            "basis: TrancheBalance(tranches: [], rate: 0.001)",
        ),
    ]);
    assert_eq!(
        paths(&bad),
        vec!["clean_up_call.below", "fees[0].basis.tranches"]
    );
}

#[test]
fn periods_csv_shows_every_payment_the_new_terms_make() {
    // VAT paid after principal, the residual to the originator: on each row of periods.csv,
    // paid = fees + securities' cash + party residual + tax paid (a missing column fails).
    let deal = variant(&[
        (
            "    waterfall: Waterfall(",
            "    vat: Vat(rate: 0.03, surcharge_rate: 0.12),\n    waterfall: Waterfall(",
        ),
        (r#"Residual("B"),"#, "Tax,\n        ResidualTo(Originator),"),
    ]);
    let r = run(&deal, Some("base")).unwrap();
    let dir = std::env::temp_dir().join(format!("ts-terms-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    tranche_studio::export::tables::write_csv_dir(&r, &dir).unwrap();
    let mut rd = csv::Reader::from_path(dir.join("periods.csv")).unwrap();
    let header = rd.headers().unwrap().clone();
    let col = |rec: &csv::StringRecord, k: &str| {
        let i = header
            .iter()
            .position(|h| h == k)
            .unwrap_or_else(|| panic!("{k}"));
        d(&rec[i])
    };
    let mut rows = 0;
    for rec in rd.records().map(Result::unwrap) {
        rows += 1;
        let parts = col(&rec, "fee_mgmt_paid")
            + ["A", "B"]
                .iter()
                .flat_map(|s| ["interest", "principal", "residual"].map(|k| format!("{s}_{k}")))
                .map(|k| col(&rec, &k))
                .sum::<Decimal>()
            + col(&rec, "originator_residual")
            + col(&rec, "servicer_residual")
            + col(&rec, "tax_paid");
        assert_eq!(parts, col(&rec, "paid"));
        assert!(col(&rec, "tax_paid") > Decimal::ZERO);
        assert!(col(&rec, "originator_residual") > Decimal::ZERO);
    }
    assert_eq!(rows, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_term_sheet_states_the_call_and_the_vat() {
    use tranche_studio::export::{Lang, summary};
    let deal = variant(&[
        (
            "    waterfall: Waterfall(",
            "    clean_up_call: CleanUpCall(below: 0.6),\n    vat: Vat(rate: 0.03, surcharge_rate: 0.12),\n    waterfall: Waterfall(",
        ),
        (r#"Interest(["A"]),"#, r#"Tax, Interest(["A"]),"#),
    ]);
    let r = run(&deal, Some("base")).unwrap();
    let en = summary::markdown(&summary::term_sheet(
        &deal,
        &r,
        &tranche_studio::engine::compare::Comparison::of(
            &deal.name,
            false,
            std::slice::from_ref(&r),
            vec![],
        ),
        Lang::En,
    ));
    // Exercised on date 1 (see clean_up_call_at_par_ends_the_deal_on_its_date).
    assert!(
        en.contains("Clean-up call below 60.00% of the initial pool, at par plus recoveries to come; exercised on 2025-04-01"),
        "{en}"
    );
    assert!(en.contains("VAT: 3.00% of interest income"), "{en}");
    let zh = summary::markdown(&summary::term_sheet(
        &deal,
        &r,
        &tranche_studio::engine::compare::Comparison::of(
            &deal.name,
            false,
            std::slice::from_ref(&r),
            vec![],
        ),
        Lang::Zh,
    ));
    assert!(
        zh.contains("清仓回购：资产池余额低于初始余额的 60.00%"),
        "{zh}"
    );
    assert!(zh.contains("增值税及附加"), "{zh}");
}
