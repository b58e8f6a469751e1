//! Holding-type deals by hand: how the project company pays out its cash (arrears carried,
//! statutory reserve, dividends, capital return) and how the plan pays fees and distributes,
//! the cases cargo-mutants found no test for (docs/testing.md, "Fifth session: holding").
//!
//! Every test starts from `holding::small`: price 10,000,000, equity 20% = 2,000,000 (all of
//! the registered capital, the plan's), shareholder loan 8,000,000 at 5% (interest deductible
//! on 2 × 2,000,000 only), depreciation 1,000,000 a year, revenue 2,000,000 / 500,000 /
//! 2,000,000 / 2,000,000 with opex 20%, tax 25%, annual dates from 2026-01-01.

use super::holding::{assert_conserved, d, small};
use rust_decimal::Decimal;
use tranche_studio::engine::run;
use tranche_studio::model::*;

#[test]
fn a_deficit_is_made_up_before_the_statutory_reserve_takes_its_tenth() {
    // The small deal as `holding::project_company_by_hand` works it: year 1 net profit
    // 100,000 (reserve 10,000, dividends 90,000, nothing retained); year 2 net profit
    // −1,000,000 (a deficit of 1,000,000); year 3 net profit 1,600,000 − 400,000 −
    // 1,000,000 = 200,000, which only makes up part of the deficit: no reserve (not 10% of
    // 200,000), retained −800,000.
    // Year 4, the sale: net profit 1,600,000 − loan interest 8,000,000 × 5% × 366 / 365 =
    // 401,095.89 − depreciation 1,000,000 + gain 14,000,000 − tax 3,499,863.01 =
    // 10,699,041.10; after the deficit 9,899,041.10, a tenth 989,904.11, within the room
    // 2,000,000 / 2 − 10,000 = 990,000 (10% of the profit alone would be 1,069,904.11, capped
    // at 990,000).
    let r = run(&small(), None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    let reserve: Vec<Decimal> = pc.iter().map(|p| p.statutory_reserve).collect();
    assert_eq!(
        reserve,
        vec![d("10000"), Decimal::ZERO, Decimal::ZERO, d("989904.11")]
    );
    assert_eq!(pc[2].net_profit, d("200000"));
    assert_eq!(pc[3].net_profit, d("10699041.10"));
}

#[test]
fn the_statutory_reserve_stops_at_half_the_registered_capital() {
    // Sold after year 2 at 4% on year 3's NOI 1,600,000: 40,000,000 against a book value of
    // 10,000,000 − 2 × 1,000,000 = 8,000,000, a gain of 32,000,000. Year 2's taxable income
    // 400,000 − 200,000 (deductible interest) − 1,000,000 + 32,000,000 = 31,200,000: tax
    // 7,800,000; net profit 400,000 − 400,000 − 1,000,000 + 32,000,000 − 7,800,000 =
    // 23,200,000. Its tenth 2,320,000 is more than the room left, 2,000,000 / 2 − year 1's
    // 10,000 = 990,000.
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::Sale {
        year: 2,
        cap_rate: 0.04,
        costs: 0.0,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 2);
    assert_eq!(pc[1].gain_on_sale, d("32000000"));
    assert_eq!(
        (pc[1].tax_assessed, pc[1].net_profit),
        (d("7800000"), d("23200000"))
    );
    assert_eq!(
        (pc[0].statutory_reserve, pc[1].statutory_reserve),
        (d("10000"), d("990000"))
    );
    // Everything left is paid out: year 1's trapped 1,010,000 + 500,000 + 40,000,000 − opex
    // 100,000 − loan interest 400,000 − tax 7,800,000 − the loan 8,000,000 = 25,210,000.
    assert_eq!(pc[1].dividends, d("25210000"));
    assert_conserved(&r);
}

#[test]
fn capex_the_cash_cannot_pay_is_carried_and_paid_first_on_the_next_date() {
    // No loan interest (rate 0), capex 1,700,000 in year 1. Year 1: 2,000,000 − opex 400,000
    // leaves 1,600,000 for the capex: 100,000 of it is carried, and the tax on 1,600,000 −
    // 1,000,000 = 600,000, 150,000, is unpaid. Year 2: 500,000 − opex 100,000 = 400,000 pays
    // the capex carried, 100,000, then the tax arrears 150,000; year 2 is a loss (400,000 −
    // 1,000,000), so no tax and no dividend: 150,000 is trapped.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.spv.loan_rate = 0.0;
    h.asset.capex_schedule = vec![d("1700000")];
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(
        (pc[0].capex, pc[0].tax, pc[0].tax_arrears),
        (d("1600000"), Decimal::ZERO, d("150000"))
    );
    assert_eq!(
        (pc[1].capex, pc[1].tax, pc[1].dividends, pc[1].trapped_cash),
        (d("100000"), d("150000"), Decimal::ZERO, d("150000"))
    );
    // Nothing carried into year 3, which has no capex: none paid.
    assert_eq!(pc[2].capex, Decimal::ZERO);
    assert_conserved(&r);
}

#[test]
fn a_capital_reduction_above_a_threshold_returns_only_the_excess() {
    // Year 1 leaves 1,010,000 of trapped cash; above the threshold 300,000, 710,000 is
    // returned and the registered capital falls to 1,290,000: year 2's deductible interest is
    // on 2 × 1,290,000 × 5% = 129,000. Year 2 ends with the 300,000 kept + 500,000 − opex
    // 100,000 − loan interest 400,000 = 300,000 (a loss year, no tax, no dividend): nothing
    // above the threshold.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::CapitalReduction,
        periods: vec![],
        threshold: Some(d("300000")),
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(
        (pc[0].capital_reduction, pc[0].trapped_cash),
        (d("710000"), d("300000"))
    );
    assert_eq!(pc[1].deductible_interest, d("129000"));
    assert_eq!(
        (pc[1].capital_reduction, pc[1].trapped_cash),
        (Decimal::ZERO, d("300000"))
    );
    assert_eq!(
        r.plan.as_ref().unwrap().periods[0].capital_received,
        d("710000")
    );
    assert_conserved(&r);
}

#[test]
fn scheduled_loan_principal_the_cash_cannot_pay_is_due_on_the_next_date() {
    // The loan's schedule: 0, 1,200,000, 0. Year 1 leaves 1,010,000 trapped (as in
    // `holding::project_company_by_hand`). Year 2: 1,010,000 + 500,000 − opex 100,000 −
    // interest 400,000 = 1,010,000 pays that much of the 1,200,000 (a loss year, no tax):
    // 190,000 carried. Year 3: interest on 6,990,000 is 349,500; the taxable 1,600,000 −
    // 200,000 − 1,000,000 = 400,000 is absorbed by year 2's loss; 190,000 of principal is due
    // (the schedule's 0 + the arrears) and paid; net profit 250,500 does not make up the
    // deficit of 1,000,000, so no dividend: 2,000,000 − 400,000 − 349,500 − 190,000 =
    // 1,060,500 is trapped.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.loan_repayment =
        LoanRepayment::Schedule(vec![d("0"), d("1200000"), d("0")]);
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    let principal: Vec<Decimal> = pc[..3]
        .iter()
        .map(|p| p.shareholder_loan_principal)
        .collect();
    assert_eq!(principal, vec![Decimal::ZERO, d("1010000"), d("190000")]);
    assert_eq!(
        (pc[2].shareholder_loan_interest, pc[2].trapped_cash),
        (d("349500"), d("1060500"))
    );
    assert_conserved(&r);
}

#[test]
fn the_performance_guarantee_pays_the_shortfall_within_both_caps() {
    // Committed NOI 2,000,000, 1,000,000, 2,000,000 for years 1–3, 1,500,000 after; caps
    // 300,000 a year and 500,000 in all. NOI 1,600,000, 400,000, 1,600,000, 1,600,000:
    // year 1 short 400,000 → 300,000 (the yearly cap); year 2 short 600,000 → 300,000 a year
    // but 200,000 left of the total; year 3 short 400,000 → nothing left; year 4 not short.
    let mut deal = small();
    deal.holding.as_mut().unwrap().performance_guarantee = Some(PerformanceGuarantee {
        guarantor: "担保人".into(),
        target_noi: d("1500000"),
        target_by_year: vec![d("2000000"), d("1000000"), d("2000000")],
        cap_per_year: Some(d("300000")),
        cap_total: Some(d("500000")),
    });
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    let paid: Vec<Decimal> = plan.periods.iter().map(|p| p.guarantee_payment).collect();
    assert_eq!(
        paid,
        vec![d("300000"), d("200000"), Decimal::ZERO, Decimal::ZERO]
    );
    assert_eq!(plan.total_guarantee_payments, d("500000"));
    assert_conserved(&r);
}

#[test]
fn the_yearly_guarantee_cap_counts_every_payment_of_the_year() {
    // Half-yearly dates from 2025-07-01: year 1 has 181 + 184 days. Revenue 3,650,000 in
    // year 1, opex 20%: 3,650,000 × 181 / 365 = 1,810,000 and × 184 / 365 = 1,840,000, NOI
    // 1,448,000 and 1,472,000, against a committed 3,650,000 a year prorated the same way
    // (1,810,000 and 1,840,000): short 362,000 then 368,000. Within the 500,000 a year the
    // second half-year gets 500,000 − 362,000 = 138,000. Nothing is committed after year 1.
    let mut deal = small();
    deal.frequency = Frequency::SemiAnnual;
    deal.first_payment_date = "2025-07-01".parse().unwrap();
    let h = deal.holding.as_mut().unwrap();
    h.asset.revenue_schedule = vec![d("3650000")];
    h.performance_guarantee = Some(PerformanceGuarantee {
        guarantor: "担保人".into(),
        target_noi: Decimal::ZERO,
        target_by_year: vec![d("3650000")],
        cap_per_year: Some(d("500000")),
        cap_total: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!((pc[0].noi, pc[1].noi), (d("1448000"), d("1472000")));
    let paid: Vec<Decimal> = r.plan.as_ref().unwrap().periods[..4]
        .iter()
        .map(|p| p.guarantee_payment)
        .collect();
    assert_eq!(
        paid,
        vec![d("362000"), d("138000"), Decimal::ZERO, Decimal::ZERO]
    );
    assert_conserved(&r);
}

#[test]
fn a_deferred_part_of_the_incentive_fee_is_paid_at_the_exit() {
    // 预期值 1,500,000 (floor 1,400,000): NOI 1,600,000 in years 1, 3 and 4 earns 20% of
    // the first 75,000 above it and 30% of the next 25,000 = 22,500 (as in
    // `holding::operator_fee_below_floor_and_incentive_above_expected`); half of it is
    // deferred, 11,250 paid. Year 2 (NOI 400,000) earns nothing. At the exit (year 4) the
    // 11,250 of the year and the 3 × 11,250 deferred are paid: 45,000.
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    (inc.floor_noi, inc.expected_noi) = (d("1400000"), d("1500000"));
    inc.deferred_share = 0.5;
    let r = run(&deal, None).unwrap();
    let plan = &r.plan.as_ref().unwrap().periods;
    let col = |f: fn(&tranche_studio::results::PlanPeriod) -> Decimal| -> Vec<Decimal> {
        plan.iter().map(f).collect()
    };
    let z = Decimal::ZERO;
    assert_eq!(
        col(|p| p.incentive_deferred),
        vec![d("11250"), z, d("11250"), d("11250")]
    );
    assert_eq!(
        col(|p| p.incentive_fee),
        vec![d("11250"), z, d("11250"), d("45000")]
    );
    assert_conserved(&r);
}

#[test]
fn the_originator_s_income_makes_up_the_market_units_return_below_the_floor() {
    // 达标值 and 预期值 1,700,000 above year 1's NOI 1,600,000: the operator's 60,000 is cut
    // by 100,000 / 1,700,000 × 2 = 7,058.82, and the originator's units support the market
    // units' 4.5%. The plan's 490,000 − 52,941.18 = 437,058.82 by units (80,000 market,
    // 20,000 the originator's): 349,647.06 and 87,411.76. The market units' 4.5% on their
    // 8,000,000 paid in for 365 days is 360,000: 10,352.94 short, which the originator's
    // income makes up: 360,000 and 77,058.82.
    // The floor is 1,700,000 in year 1 only, 1,600,000 after: year 3's NOI 1,600,000 is at
    // it, not below, so the market units' 272,000 of year 3 (80% of 400,000 − 60,000) get no
    // support although they are short of 360,000.
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    (inc.floor_noi, inc.expected_noi) = (d("1600000"), d("1700000"));
    inc.floor_by_year = vec![d("1700000")];
    inc.originator_subordination = true;
    inc.investor_return = Some(0.045);
    let r = run(&deal, None).unwrap();
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(
        (p.operator_base_fee, p.originator_support),
        (d("52941.18"), d("10352.94"))
    );
    let t = &r.periods[0].tranches;
    assert_eq!(
        (t[0].residual_paid, t[1].residual_paid),
        (d("360000"), d("77058.82"))
    );
    let year3 = &r.plan.as_ref().unwrap().periods[2];
    assert_eq!(year3.originator_support, Decimal::ZERO);
    assert!(r.periods[0].trigger_breached && !r.periods[2].trigger_breached);
    assert_eq!(r.periods[2].tranches[0].residual_paid, d("272000"));
    assert_conserved(&r);
}

#[test]
fn a_dynamic_tilt_splits_only_between_ranks_that_hold_units() {
    // Below 预期值 (1,600,000 / 1,700,000) the market units would take 90%; but with no
    // units kept by the originator there is no one to take the other 10%: the market units
    // take all of year 1's 490,000 − 60,000 = 430,000 and nothing is left in the plan.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.plan.originator_unit_share = 0.0;
    h.incentive.as_mut().unwrap().expected_noi = d("1700000");
    h.tilted = Some(TiltedDistribution {
        market_hurdle: 0.0,
        originator_hurdle: 0.0,
        disposal_hurdle: 0.0,
        steps: vec![TiltStep {
            below: 1.0,
            market_share: 0.9,
        }],
    });
    let r = run(&deal, None).unwrap();
    assert_eq!(r.periods[0].tranches[0].residual_paid, d("430000"));
    assert_eq!(r.periods[0].retained, Decimal::ZERO);
    // Units that cost nothing have no multiple (not 0 / 0 = NaN): metrics.rs 115:27.
    assert_eq!(r.securities[1].total_residual, Decimal::ZERO);
    assert_eq!(r.securities[1].multiple, None);
    assert!(r.securities[0].multiple.is_some());
    assert_conserved(&r);
}

#[test]
fn a_dynamic_tilt_step_applies_below_its_level_not_at_it() {
    // NOI 1,600,000 exactly at 预期值 (performance 1.0) and a step below 1.0: no step, the
    // plan's 490,000 − 60,000 = 430,000 by units, 80% / 20%: 344,000 and 86,000 (not 90%).
    let mut deal = small();
    deal.holding.as_mut().unwrap().tilted = Some(TiltedDistribution {
        market_hurdle: 0.0,
        originator_hurdle: 0.0,
        disposal_hurdle: 0.0,
        steps: vec![TiltStep {
            below: 1.0,
            market_share: 0.9,
        }],
    });
    let r = run(&deal, None).unwrap();
    let t = &r.periods[0].tranches;
    assert_eq!(
        (t[0].residual_paid, t[1].residual_paid),
        (d("344000"), d("86000"))
    );
}

#[test]
fn units_sold_in_an_open_period_take_their_share_of_the_hurdle_carried() {
    // No incentive terms; market hurdle 10% a year on paid-in capital. Year 1: the plan's
    // 490,000 − 60,000 = 430,000 pays that much of the market units' 8,000,000 × 10% =
    // 800,000: 370,000 is carried. Then half the market units (40,000 of 80,000) are sold
    // to the originator in the open period, with half the paid-in capital (4,000,000) and
    // half the hurdle carried (185,000). Year 2: each half is due 400,000 + 185,000 =
    // 585,000, 1,170,000 in all, and shares the plan's 400,000 − 15,000 = 385,000 pari
    // passu: 192,500 each.
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::OpenPeriod {
        year: 1,
        share: 0.5,
    });
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.tilted = Some(TiltedDistribution {
        market_hurdle: 0.1,
        originator_hurdle: 0.0,
        disposal_hurdle: 0.1,
        steps: vec![],
    });
    let r = run(&deal, None).unwrap();
    let plan = &r.plan.as_ref().unwrap().periods;
    assert_eq!(
        (plan[0].hurdle_due, plan[0].hurdle_carried),
        (d("800000"), d("370000"))
    );
    assert_eq!(plan[1].hurdle_due, d("1170000"));
    let t = &r.periods[1].tranches;
    assert_eq!(t[2].units, Some(d("40000")));
    assert_eq!(
        (t[0].residual_paid, t[2].residual_paid),
        (d("192500"), d("192500"))
    );
    // At the exit (year 4) each class gets its capital back: the market units what they
    // kept, 4,000,000; the originator's 2,000,000; the buyer the 4,000,000 it took over.
    let last = &r.periods[3].tranches;
    let capital: Vec<Decimal> = last.iter().map(|t| t.principal_paid).collect();
    assert_eq!(capital, vec![d("4000000"), d("2000000"), d("4000000")]);
    assert_conserved(&r);
}

#[test]
fn no_expected_value_earns_no_incentive_fee() {
    // 预期值 and 达标值 0 (none set): NOI 1,600,000 is not an excess over it; no fee (the
    // tiers would otherwise take 30% of all of it, 480,000).
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    (inc.floor_noi, inc.expected_noi) = (Decimal::ZERO, Decimal::ZERO);
    let r = run(&deal, None).unwrap();
    let plan = &r.plan.as_ref().unwrap();
    assert_eq!(plan.periods[0].incentive_fee, Decimal::ZERO);
    assert_eq!(plan.total_incentive_fee, Decimal::ZERO);
}

#[test]
fn expansion_units_take_no_part_before_their_issue() {
    // An expansion on 2026-07-01 (bought in year 2): year 1's 490,000 − 60,000 = 430,000
    // goes to the units of the closing only, by units 80% / 20%: 344,000 and 86,000, and
    // nothing to the expansion units, issued later.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.expansion = Some(Expansion {
        date: "2026-07-01".parse().unwrap(),
        asset: h.asset.clone(),
        price: d("1000000"),
    });
    let r = run(&deal, None).unwrap();
    assert_eq!(r.securities[2].id, "expansion");
    let t = &r.periods[0].tranches;
    assert_eq!(
        (t[0].residual_paid, t[1].residual_paid, t[2].residual_paid),
        (d("344000"), d("86000"), Decimal::ZERO)
    );
    assert!(r.periods[1].tranches[2].residual_paid > Decimal::ZERO);
    let pc = &r.project_company.as_ref().unwrap().periods;
    // The expansion's asset operates from its purchase on: none of it in year 1 (revenue
    // 2,000,000), and in year 2 the original's 500,000 + the new asset's first-year
    // 2,000,000 × 184 / 365 days (from 2026-07-01) = 1,008,219.18: 1,508,219.18, NOI 80% =
    // 1,206,575.34 (ledger.rs 141:33).
    assert_eq!(
        (pc[0].revenue, pc[1].revenue),
        (d("2000000"), d("1508219.18"))
    );
    assert_eq!(pc[1].noi, d("1206575.34"));
    assert_conserved(&r);
}

#[test]
fn without_an_expected_value_a_negative_noi_does_not_tilt_the_income() {
    // Fixed opex 500,000 makes year 2's NOI 500,000 × 80% − 500,000 = −100,000. With no
    // 预期值 there is no performance to read, so the tilt (90% to the market units below
    // 100%) does not apply: the plan's 400,000 of loan interest less the base fee 3% ×
    // 500,000 = 15,000 leaves 385,000, split by units 80% / 20%: 308,000 and 77,000 (a
    // performance of −100,000 / 0 = −∞ would tilt it to 346,500 / 38,500): fees.rs 103:41.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.asset.fixed_opex = d("500000");
    let inc = h.incentive.as_mut().unwrap();
    (inc.floor_noi, inc.expected_noi) = (Decimal::ZERO, Decimal::ZERO);
    h.tilted = Some(TiltedDistribution {
        market_hurdle: 0.0,
        originator_hurdle: 0.0,
        disposal_hurdle: 0.0,
        steps: vec![TiltStep {
            below: 1.0,
            market_share: 0.9,
        }],
    });
    let r = run(&deal, None).unwrap();
    assert_eq!(
        r.project_company.as_ref().unwrap().periods[1].noi,
        d("-100000")
    );
    let y2 = &r.periods[1].tranches;
    assert_eq!(y2[0].residual_paid, d("308000"));
    assert_eq!(y2[1].residual_paid, d("77000"));
    assert_conserved(&r);
}

#[test]
fn a_hurdle_left_unpaid_alone_is_warned_at_the_exit() {
    // A market hurdle of 100% a year: year 1 owes 8,000,000 × 100% = 8,000,000 and pays the
    // 430,000 there is, carrying 7,570,000. The sale at the end pays every debt of the
    // company and every fee, but not the hurdle: that alone is unpaid at the exit, and
    // warned (report.rs 280:58).
    let mut deal = small();
    deal.holding.as_mut().unwrap().tilted = Some(TiltedDistribution {
        market_hurdle: 1.0,
        originator_hurdle: 0.0,
        disposal_hurdle: 0.0,
        steps: vec![],
    });
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    let y1 = &plan.periods[0];
    assert_eq!(
        (y1.hurdle_due, y1.hurdle_carried),
        (d("8000000"), d("7570000"))
    );
    let pc = r.project_company.as_ref().unwrap();
    let company = [
        pc.bank_unpaid_at_exit,
        pc.shareholder_loan_unpaid_at_exit,
        pc.tax_unpaid_at_exit,
        pc.opex_unpaid_at_exit,
    ];
    assert_eq!(company, [Decimal::ZERO; 4]);
    assert_eq!(plan.unpaid_fees_at_exit, Decimal::ZERO);
    assert!(plan.unpaid_hurdle_at_exit > Decimal::ZERO);
    assert!(r.warnings.iter().any(|w| w.code == "W-UNPAID-AT-EXIT"));
    assert_conserved(&r);
}
