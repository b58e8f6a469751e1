//! Holding-type deals by hand, one rule of the operating asset, the report or the holders'
//! metrics each: the cases cargo-mutants found no test for (docs/testing.md, "Fifth session:
//! holding operations, report, timeline, metrics").

use super::holding::{assert_conserved, d, small};
use rust_decimal::Decimal;
use tranche_studio::engine::run;
use tranche_studio::model::*;

/// A toll-road concession to 2030-01-01 bought on 2025-01-01, paid half-yearly: revenue
/// 1,000,000 × 1.1^y at 90% occupancy, opex 20% + 100,000 a year, capex 50,000 and 60,000 in
/// years 1–2 then 5% of revenue. No bank, no incentive, no plan fees.
fn concession() -> Deal {
    let mut deal = small();
    deal.frequency = Frequency::SemiAnnual;
    deal.first_payment_date = "2025-07-01".parse().unwrap();
    deal.legal_final_date = "2030-01-01".parse().unwrap();
    deal.scenarios[0].revenue_growth = 0.1;
    deal.scenarios[0].occupancy = 0.9;
    deal.scenarios[0].exit_cap_rate = None;
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.operator_base_fee_rate = 0.0;
    h.asset.right = AssetRight::Concession {
        expiry: "2030-01-01".parse().unwrap(),
    };
    h.asset.revenue_schedule.clear();
    h.asset.base_revenue = d("1000000");
    h.asset.opex_ratio = 0.2;
    h.asset.fixed_opex = d("100000");
    h.asset.capex_ratio = 0.05;
    h.asset.capex_schedule = vec![d("50000"), d("60000"), d("70000")];
    deal
}

#[test]
fn a_period_books_its_days_share_of_the_operating_year() {
    let r = run(&concession(), None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 10);
    let ops = |k: usize| (pc[k].revenue, pc[k].opex, pc[k].capex, pc[k].noi);
    // 2025-01-01 → 2025-07-01, 181 of the 365 days of operating year 0: revenue 1,000,000 ×
    // 0.9 × 181 / 365 = 446,301.369… → 446,301.37; opex 20% of it (89,260.274) + 100,000 ×
    // 181 / 365 (49,589.041…) = 138,849.315… → 138,849.32; capex 50,000 × 181 / 365 =
    // 24,794.52; NOI 446,301.37 − 138,849.32 = 307,452.05.
    assert_eq!(
        ops(0),
        (
            d("446301.37"),
            d("138849.32"),
            d("24794.52"),
            d("307452.05")
        )
    );
    // 2025-07-01 → 2026-01-01, the other 184 days: 900,000 × 184 / 365 = 453,698.630… →
    // 453,698.63; opex 90,739.726 + 50,410.958… = 141,150.684… → 141,150.68; capex
    // 50,000 × 184 / 365 = 25,205.479… → 25,205.48.
    assert_eq!(
        ops(1),
        (
            d("453698.63"),
            d("141150.68"),
            d("25205.48"),
            d("312547.95")
        )
    );
    // Year 1 (2026, 365 days) grows 10%: 990,000 × 181 / 365 = 490,931.506… → 490,931.51;
    // opex 98,186.302 + 49,589.041… = 147,775.343… → 147,775.34; capex 60,000 × 181 / 365 =
    // 29,753.424… → 29,753.42.
    assert_eq!(
        ops(2),
        (
            d("490931.51"),
            d("147775.34"),
            d("29753.42"),
            d("343156.17")
        )
    );
    // Year 3 (2028, 366 days: 29 February) past the capex schedule: revenue 1,000,000 ×
    // 1.1³ × 0.9 = 1,197,900 × 182 / 366 (2028-01-01 → 2028-07-01) = 595,677.049… →
    // 595,677.05; opex 119,135.41 + 100,000 × 182 / 366 (49,726.775…) = 168,862.185… →
    // 168,862.19; capex 5% of the booked revenue 29,783.8525 → 29,783.85.
    assert_eq!(
        ops(6),
        (
            d("595677.05"),
            d("168862.19"),
            d("29783.85"),
            d("426814.86")
        )
    );
    assert_conserved(&r);
}

#[test]
fn a_right_of_first_purchase_pays_for_the_concession_s_years_up_to_its_expiry() {
    let mut deal = concession();
    deal.scenarios[0].exit = Some(Exit::RightOfFirstPurchase {
        year: 2,
        discount_rate: 0.1,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    // Year 2 begins on 2027-01-01, the fourth date: the exit period runs from 2026-07-01, in
    // operating year 1, so the buyer pays for years 2, 3 and 4 (the concession ends on
    // 2030-01-01, the first day of year 5, which earns nothing), each year's cash = revenue
    // × 80% − 100,000 − capex, discounted at 10%:
    //   year 2: 1,089,000 × 0.8 − 100,000 − 70,000 (the schedule) = 701,200 / 1.1
    //   year 3: 1,197,900 × 0.75 − 100,000 = 798,425 / 1.21
    //   year 4: 1,317,690 × 0.75 − 100,000 = 888,267.5 / 1.331
    // = 637,454.545 + 659,855.372 + 667,368.520 = 1,964,678.437 → 1,964,678.44.
    assert_eq!(pc.len(), 4);
    assert_eq!(pc[3].gross_sale_price, d("1964678.44"));
    assert_conserved(&r);
    // Expiring 90 days into year 5 (2030-04-01) adds 90 / 365 of year 5's cash:
    // 1,449,459 × 0.75 − 100,000 = 987,094.25 / 1.4641 = 674,198.654 × 90 / 365 =
    // 166,240.764; 2,130,919.201 → 2,130,919.20.
    deal.holding.as_mut().unwrap().asset.right = AssetRight::Concession {
        expiry: "2030-04-01".parse().unwrap(),
    };
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[3].gross_sale_price, d("2130919.20"));
}

/// The run's warnings as (code, message), sorted by code.
fn warnings(r: &tranche_studio::results::DealResults) -> Vec<(String, String)> {
    let mut w: Vec<(String, String)> = r
        .warnings
        .iter()
        .map(|w| (w.code.clone(), w.message.clone()))
        .collect();
    w.sort();
    w
}

fn codes(r: &tranche_studio::results::DealResults) -> Vec<String> {
    warnings(r).into_iter().map(|w| w.0).collect()
}

fn message(r: &tranche_studio::results::DealResults, code: &str) -> String {
    let found: Vec<String> = warnings(r)
        .into_iter()
        .filter(|w| w.0 == code)
        .map(|w| w.1)
        .collect();
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    found[0].clone()
}

#[test]
fn a_company_that_pays_its_way_warns_only_of_thin_capital_trapped_cash_and_a_year_below_the_floor()
{
    let r = run(&small(), None).unwrap();
    // The loan is 4× the registered capital (thin capitalisation); no bank, no arrears, no
    // unpaid fee or debt at the end. Year 1 traps 1,010,000 of cash, above 0.5 (the default
    // alert) × the year's NOI 1,600,000 = 800,000. The floor and the expected NOI are both
    // 1,600,000: years 1, 3 and 4 earn exactly that (neither above the expected value nor
    // below the floor), year 2 only 400,000 (below the floor).
    assert_eq!(
        codes(&r),
        ["RL-THIN-CAP", "W-FLOOR-ABOVE-NOI", "W-TRAPPED-CASH"]
    );
    assert!(message(&r, "W-TRAPPED-CASH").contains("trapped cash 1010000.00 on 2026-01-01"));
    assert!(message(&r, "W-FLOOR-ABOVE-NOI").contains("operating years 2 of scenario base"));
    // Totals: tax paid 100,000 in year 1 and 3,499,863.01 on the sale in year 4 (see
    // holding::project_company_by_hand) = 3,599,863.01; the loan 8,000,000 over the
    // registered capital 2,000,000 = 4; nothing owed at the end.
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(pc.total_tax, d("3599863.01"));
    assert_eq!(pc.debt_to_equity, 4.0);
    assert_eq!(
        (
            pc.bank_unpaid_at_exit,
            pc.shareholder_loan_unpaid_at_exit,
            pc.tax_unpaid_at_exit,
            pc.opex_unpaid_at_exit
        ),
        (d("0"), d("0"), d("0"), d("0"))
    );
}

/// The project company of holding_hand's REIT conversion (bank 5,000,000 at 4% in two
/// instalments, the plan's loan 4,000,000 at 5%, registered capital 1,000,000, opex 300,000 a
/// year, capex 150,000 in year 2, revenue 2,000,000 then 200,000), held to the end of year 2
/// and then liquidated with nothing to sell (no exit cap rate), without plan fees.
fn owing() -> Deal {
    let mut deal = small();
    deal.legal_final_date = "2027-01-01".parse().unwrap();
    deal.scenarios[0].exit_cap_rate = None;
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.operator_base_fee_rate = 0.0;
    h.asset.opex_ratio = 0.0;
    h.asset.fixed_opex = d("300000");
    h.asset.revenue_schedule = vec![d("2000000"), d("200000")];
    h.asset.capex_schedule = vec![d("0"), d("150000")];
    h.spv.bank_debt = Some(BankDebt {
        ltv: 0.5,
        rate: 0.04,
        amortisation_periods: 2,
        repayment: BankRepayment::EqualPrincipal,
        refinancing: None,
    });
    deal
}

#[test]
fn a_liquidation_reports_every_debt_left_unpaid_and_when_each_fell_behind() {
    let r = run(&owing(), None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    // Year 1: 2,000,000 − opex 300,000 − bank interest 200,000 = 1,500,000 of the 2,500,000
    // instalment (principal behind, interest paid); the loan interest 200,000 and the tax
    // 100,000 unpaid. Year 2 (the end): 200,000 pays that much of the opex 300,000; capex
    // 150,000, bank interest 3,500,000 × 4% = 140,000, the bank's 3,500,000, loan interest
    // 400,000, the loan 4,000,000 and the tax 100,000 are all unpaid.
    assert_eq!(pc.bank_unpaid_at_exit, d("3640000")); // 3,500,000 + 140,000
    assert_eq!(pc.shareholder_loan_unpaid_at_exit, d("4400000")); // 4,000,000 + 400,000
    assert_eq!(pc.tax_unpaid_at_exit, d("100000"));
    assert_eq!(pc.opex_unpaid_at_exit, d("250000")); // opex 100,000 + capex 150,000
    assert_eq!(pc.debt_to_equity, 4.0); // 4,000,000 / 1,000,000
    // Nothing was repaid beyond an instalment (year 1 paid 1,500,000 of 2,500,000).
    assert_eq!(pc.exit_debt_repayment, d("0"));
    // No plan fee is owed; the company's debts are.
    assert_eq!(
        codes(&r),
        [
            "RL-THIN-CAP",
            "W-LOAN-ARREARS",
            "W-PC-DEFAULT",
            "W-PC-DEFICIT",
            "W-UNPAID-AT-EXIT"
        ]
    );
    // The bank fell behind on principal (not interest) in year 1, the opex only in year 2.
    assert!(message(&r, "W-PC-DEFAULT").contains("in full from 2026-01-01"));
    assert!(message(&r, "W-LOAN-ARREARS").contains("in full from 2026-01-01"));
    assert!(message(&r, "W-PC-DEFICIT").contains("expenses from 2027-01-01"));
    assert_conserved(&r);
}

#[test]
fn bank_interest_unpaid_on_a_bullet_loan_is_a_default_from_its_first_date() {
    // Bank 50% = 5,000,000 at 90%, repaid at the end: 4,500,000 of interest a year against
    // 1,600,000 of cash. No instalment is due before the end, so only interest is behind in
    // year 1.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = Some(BankDebt {
        ltv: 0.5,
        rate: 0.9,
        amortisation_periods: 8,
        repayment: BankRepayment::Bullet,
        refinancing: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(
        (pc[0].bank_interest_arrears, pc[0].bank_principal_arrears),
        (d("2900000"), d("0"))
    );
    assert!(message(&r, "W-PC-DEFAULT").contains("in full from 2026-01-01"));
}

#[test]
fn trapped_cash_warns_only_above_the_alert_times_the_annual_noi() {
    // Year 1 of the small deal traps 1,010,000 against an NOI of 1,600,000 over 365 days: an
    // alert of 0.63125 puts the limit at exactly 1,010,000, not above it. Year 2 keeps the
    // 1,010,000 against 0.63125 × 400,000 = 252,500: the first warning.
    let mut deal = small();
    deal.holding.as_mut().unwrap().plan.trapped_cash_alert = 0.63125;
    let r = run(&deal, None).unwrap();
    assert!(message(&r, "W-TRAPPED-CASH").contains("trapped cash 1010000.00 on 2027-01-01"));
    // A year without NOI has no annual NOI to compare with: year 2 at zero revenue (no opex)
    // keeps the cash of year 1 without a warning, and at 10× no year with NOI reaches it.
    let h = deal.holding.as_mut().unwrap();
    h.plan.trapped_cash_alert = 10.0;
    h.asset.revenue_schedule[1] = d("0");
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!((pc[1].noi, pc[1].trapped_cash > d("0")), (d("0"), true));
    assert!(!codes(&r).contains(&"W-TRAPPED-CASH".to_string()));
}

#[test]
fn trapped_cash_is_compared_with_the_noi_of_the_period_annualised_on_its_days() {
    // All equity, 1,000,000 of revenue a year and no opex, paid half-yearly: the 10-year
    // property depreciates 1,000,000 a year on the same day fractions as the revenue, so
    // there is no profit, no tax, no dividend, and all the NOI is trapped. 2025-07-01: NOI
    // 1,000,000 × 181 / 365 = 495,890.41, trapped 495,890.41, below 0.5 × 495,890.41 × 365 /
    // 181 = 500,000.00; 2026-01-01: 1,000,000 trapped against 0.5 × 504,109.59 × 365 / 184 =
    // 500,000.00: the first warning.
    let mut deal = small();
    deal.frequency = Frequency::SemiAnnual;
    deal.first_payment_date = "2025-07-01".parse().unwrap();
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.operator_base_fee_rate = 0.0;
    h.spv.equity_ratio = 1.0;
    h.asset.opex_ratio = 0.0;
    h.asset.revenue_schedule.clear();
    h.asset.base_revenue = d("1000000");
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(
        (pc[0].noi, pc[0].trapped_cash, pc[1].trapped_cash),
        (d("495890.41"), d("495890.41"), d("1000000"))
    );
    assert!(message(&r, "W-TRAPPED-CASH").contains("trapped cash 1000000.00 on 2026-01-01"));
}

#[test]
fn the_market_units_metrics_follow_their_distributions_by_hand() {
    // The small deal without the incentive: the plan receives loan interest and dividends,
    // pays the operator 3% of revenue, and splits the rest 80% / 20% (market 80,000 units
    // of 100, originator 20,000):
    //   2026: 400,000 + 90,000 − 60,000 = 430,000 → market 344,000
    //   2027: 400,000 − 15,000 = 385,000 → 308,000
    //   2028: 400,000 − 60,000 = 340,000 → 272,000
    //   2029 (the sale, see holding::project_company_by_hand): cash 2,210,000 + 2,000,000 +
    //   20,000,000 − opex 400,000 − interest 401,095.89 − tax 3,499,863.01 = 19,909,041.10:
    //   the loan 8,000,000 and dividends 11,909,041.10, with the interest 20,310,136.99; less
    //   60,000 of fee = 20,250,136.99: capital 8,000,000 / 2,000,000 back first, the income
    //   10,250,136.99 × 80% = 8,200,109.59 to the market units.
    let mut deal = small();
    deal.holding.as_mut().unwrap().incentive = None;
    let r = run(&deal, None).unwrap();
    let m = &r.securities[0];
    assert_eq!(m.id, "market");
    assert_eq!((m.size, m.total_principal), (d("8000000"), d("8000000")));
    // 344,000 + 308,000 + 272,000 + 8,200,109.59
    assert_eq!(m.total_residual, d("9124109.59"));
    assert_eq!(m.principal_loss, d("0"));
    // Received 17,124,109.59 for 8,000,000.
    assert!((m.multiple.unwrap() - 2.140_513_698_75).abs() < 1e-12);
    // Income over the 8,000,000 paid in, by operating year: 4.3%, 3.85%, 3.4%, then
    // 8,200,109.59 / 8,000,000; the mean leaves out the last year: 11.55% / 3 = 3.85%.
    let rates: Vec<(u32, f64)> = m
        .distribution_rates
        .iter()
        .map(|y| (y.year, y.rate))
        .collect();
    let want = [(1, 0.043), (2, 0.0385), (3, 0.034), (4, 1.025_013_698_75)];
    assert_eq!(rates.len(), 4);
    for ((y, r), (wy, wr)) in rates.iter().zip(want) {
        assert!(*y == wy && (r - wr).abs() < 1e-12, "year {y}: {r}");
    }
    assert!((m.distribution_rate.unwrap() - 0.0385).abs() < 1e-12);
    // IRR: −8,000,000 on 2025-01-01, then 344,000, 308,000, 272,000 on the next three
    // 1 Januaries and 16,200,109.59 on 2029-01-01 (1,461 days): solved by bisection on
    // Σ CF / 1.2178990…^(days / 365) = 0.
    assert!((m.irr.unwrap() - 0.217_899_045_358).abs() < 1e-9);
}

#[test]
fn an_open_window_on_the_last_date_sells_nothing() {
    // The small deal is held to 2029-01-01, the fourth and last date; operating year 4 begins
    // on that date, so a window in year 4 has nothing left to sell into: no buyer class, no
    // unit moves. In year 3 (2028-01-01, the third date) 10% of the 80,000 market units move
    // to the liquidity-support buyer after that date's distribution: 8,000 on the last date.
    let window = |year: u32| {
        let mut deal = small();
        deal.scenarios[0].redemption_share = 0.1;
        deal.holding.as_mut().unwrap().open_periods = vec![OpenWindow {
            year,
            cap: 1.0,
            buyer: Buyer::LiquiditySupport,
        }];
        run(&deal, None).unwrap()
    };
    let r = window(4);
    let ids: Vec<&str> = r.securities.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["market", "originator"]);
    let r = window(3);
    let units: Vec<_> = r.periods[3].tranches.iter().map(|t| t.units).collect();
    assert_eq!(units, [Some(d("72000")), Some(d("20000")), Some(d("8000"))]);
}

#[test]
fn expansion_rounds_are_named_by_their_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut deal = tranche_studio::io::load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    let h = deal.holding.as_mut().unwrap();
    let mut second = h.expansion.clone().unwrap();
    second.date = "2030-09-30".parse().unwrap();
    h.expansions = vec![second];
    let r = run(&deal, None).unwrap();
    let names: Vec<(&str, &str)> = r.securities[2..]
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("expansion", "扩募份额 Expansion units"),
            ("expansion-2", "扩募份额（第2轮）Expansion units, round 2")
        ]
    );
}

/// An expansion is priced at the NAV per unit on the date before it, to the fen; a NAV that
/// rounds to 0.00 prices nothing, and the round is left out with a warning, as one dated after
/// the deal's end is.
#[test]
fn an_expansion_with_no_nav_to_price_it_or_after_the_end_is_left_out() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let base = tranche_studio::io::load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    let left_out = |deal: &Deal| {
        let r = run(deal, None).unwrap();
        let ids: Vec<String> = r.securities.iter().map(|s| s.id.clone()).collect();
        let w = r
            .warnings
            .iter()
            .find(|w| w.code == "W-EXPANSION")
            .map(|w| w.message.split(':').next().unwrap().to_string());
        (ids.contains(&"expansion".to_string()), w)
    };
    assert_eq!(left_out(&base), (true, None));
    // Units of a fen face discounted at 100% a year: the NAV per unit before the expansion
    // (2027-09-30) is far below half a fen, so it prices at 0.00.
    let mut cheap = base.clone();
    let h = cheap.holding.as_mut().unwrap();
    h.plan.unit_face = Decimal::new(1, 2);
    h.valuation.calibrate_spread = false;
    h.valuation.spread = 1.0;
    assert_eq!(
        left_out(&cheap),
        (false, Some("holding.expansion".to_string()))
    );
    let mut late = base.clone();
    let h = late.holding.as_mut().unwrap();
    // The base scenario sells in year 15 (2040-09-30); legal final is 2045-09-30.
    h.expansion.as_mut().unwrap().date = "2042-03-31".parse().unwrap();
    assert_eq!(
        left_out(&late),
        (false, Some("holding.expansion".to_string()))
    );
    // The same round as a further one in `expansions`: named there; the first round stays.
    let mut further = base.clone();
    let h = further.holding.as_mut().unwrap();
    h.expansions = vec![late.holding.as_ref().unwrap().expansion.clone().unwrap()];
    assert_eq!(
        left_out(&further),
        (true, Some("holding.expansions[0]".to_string()))
    );
}

#[test]
fn nav_per_unit_discounts_the_later_distributions_at_the_curve_plus_spread() {
    // The small deal without the incentive distributes 430,000, 385,000, 340,000 and
    // 20,250,136.99 on the 1 Januaries of 2026–2029 (see the metrics test above) to its
    // 100,000 units. The NAV after a date discounts the later ones on days / 365 at CDB(T) +
    // 2%, T the years left to 2029-01-01, the curve 2% at 1 year and 2.5% at 5, linear:
    //   after 2026-01-01: T = 1,096 / 365, y = 2% + 0.5% × (T − 1) / 4 + 2% = 4.2503425%,
    //     (385,000 / 1.0425^1 + 340,000 / 1.0425^2 + 20,250,136.99 / 1.0425^(1,096/365)) /
    //     100,000 = 185.530257
    //   after 2027-01-01: y = 4.1253425%, 190.018034; after 2028-01-01: y = 4.0003425%,
    //     20,250,136.99 / 1.0400034^(366/365) / 100,000 = 194.691291; after the last: 0.
    // At issue (T = 1,461 / 365, y = 4.3753425%), all four: 181.246317.
    let mut deal = small();
    deal.holding.as_mut().unwrap().incentive = None;
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    let nav: Vec<f64> = plan.periods.iter().map(|p| p.nav_per_unit).collect();
    let want = [185.530_257_141_5, 190.018_034_373_1, 194.691_291_257_1, 0.0];
    for (k, (n, w)) in nav.iter().zip(want).enumerate() {
        assert!((n - w).abs() < 1e-8, "date {k}: {n}");
    }
    assert!((plan.nav_at_issue.unwrap() - 181.246_317_134_1).abs() < 1e-8);
}

#[test]
fn a_unit_face_of_50_doubles_the_units_and_halves_the_nav_per_unit() {
    // The deal above with units of 50 instead of 100 face: the same 10,000,000 buys 200,000
    // units and the same distributions are shared among them, so each NAV per unit is half:
    // 185.530257 / 2 = 92.765129 after the first date, 181.246317 / 2 = 90.623159 at issue.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.unit_face = Decimal::from(50);
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    assert!((plan.periods[0].nav_per_unit - 92.765_128_570_75).abs() < 1e-8);
    assert!((plan.nav_at_issue.unwrap() - 90.623_158_567_05).abs() < 1e-8);
}

#[test]
fn the_plan_s_total_fees_add_all_four_fees() {
    // The small deal with a manager fee of 0.1% and a custodian fee of 0.05% a year on the
    // 10,000,000 paid in (days / 365), the operator's 3% of revenue, and an incentive above
    // 预期值 1,500,000 (no floor to cut the base fee): 20% of the excess up to 5% of
    // 1,500,000 = 75,000, 30% above it.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.plan.manager_fee_rate = 0.001;
    h.plan.custodian_fee_rate = 0.0005;
    let inc = h.incentive.as_mut().unwrap();
    inc.floor_noi = d("0");
    inc.expected_noi = d("1500000");
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    // Manager 10,000 in 2025–2027 and 10,000 × 366 / 365 = 10,027.40 in 2028: 40,027.40.
    // Custodian 5,000 × 3 + 5,013.70 = 20,013.70. Operator 60,000 + 15,000 + 60,000 +
    // 60,000 = 195,000. Incentive: the NOI 1,600,000 of years 1, 3 and 4 is 100,000 above
    // 1,500,000: 75,000 × 20% + 25,000 × 30% = 22,500 each, 67,500.
    assert_eq!(plan.total_incentive_fee, d("67500"));
    // 40,027.40 + 20,013.70 + 195,000 + 67,500
    assert_eq!(plan.total_fees, d("322541.10"));
    assert_eq!(plan.unpaid_fees_at_exit, d("0"));
}

#[test]
fn a_shareholder_loan_left_unpaid_alone_is_still_unpaid_at_the_exit() {
    // The small deal held to the end with no exit cap rate: nothing to sell in year 4. Cash
    // 2,210,000 + 2,000,000 − opex 400,000 − interest 8,000,000 × 5% × 366 / 365 =
    // 401,095.89 = 3,408,904.11 (no tax: the book value 6,000,000 written off leaves a loss)
    // repays that much of the loan: 4,591,095.89 of it is the one debt left. The plan's fees
    // are paid.
    let mut deal = small();
    deal.scenarios[0].exit_cap_rate = None;
    let r = run(&deal, None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(pc.periods[3].shareholder_loan_principal, d("3408904.11"));
    assert_eq!(pc.shareholder_loan_unpaid_at_exit, d("4591095.89"));
    assert_eq!(
        (
            pc.bank_unpaid_at_exit,
            pc.tax_unpaid_at_exit,
            pc.opex_unpaid_at_exit
        ),
        (d("0"), d("0"), d("0"))
    );
    assert_eq!(r.plan.as_ref().unwrap().unpaid_fees_at_exit, d("0"));
    assert_eq!(
        codes(&r),
        [
            "RL-THIN-CAP",
            "W-FLOOR-ABOVE-NOI",
            "W-TRAPPED-CASH",
            "W-UNPAID-AT-EXIT"
        ]
    );
}

#[test]
fn units_sold_in_an_open_period_count_for_the_seller_and_the_buyer_at_the_nav() {
    // The small deal without the incentive (distributions as in the metrics test above), with
    // a window in year 3: after the distribution of 2028-01-01, 10% of the 80,000 market
    // units (8,000) go to the liquidity-support buyer at the NAV after that date, 194.69
    // (194.691291, see the NAV test), with their share of paid-in and capital: 800,000. The
    // exit's 20,250,136.99 repays capital first (market 7,200,000, buyer 800,000, originator
    // 2,000,000), then 10,250,136.99 of income by units: 72% = 7,380,098.63, 8% =
    // 820,010.96, 20% = 2,050,027.40.
    let mut deal = small();
    deal.scenarios[0].redemption_share = 0.1;
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.open_periods = vec![OpenWindow {
        year: 3,
        cap: 1.0,
        buyer: Buyer::LiquiditySupport,
    }];
    let r = run(&deal, None).unwrap();
    let (market, buyer) = (&r.securities[0], &r.securities[2]);
    assert_eq!(buyer.id, "buyer-liquidity");
    // The buyer paid 8,000 × 194.69 = 1,557,520 and received 800,000 + 820,010.96.
    assert_eq!(buyer.size, d("1557520"));
    assert_eq!(
        (
            buyer.total_principal,
            buyer.total_residual,
            buyer.principal_loss
        ),
        (d("800000"), d("820010.96"), d("0"))
    );
    // 1,620,010.96 / 1,557,520 = 1.0401221; IRR over the 366 days of 2028:
    // 1.0401221^(365 / 366) − 1 = 4.001030%.
    assert!((buyer.multiple.unwrap() - 1.040_122_091_530_1).abs() < 1e-12);
    assert!((buyer.irr.unwrap() - 0.040_010_304_016).abs() < 1e-9);
    // Income over the 800,000 of paid-in it holds on its one date: 820,010.96 / 800,000;
    // no rate before it held units, and its one year is its mean.
    let rates: Vec<(u32, f64)> = buyer
        .distribution_rates
        .iter()
        .map(|y| (y.year, y.rate))
        .collect();
    assert_eq!(rates, [(1, 0.0), (2, 0.0), (3, 0.0), (4, 1.025_013_7)]);
    assert_eq!(buyer.distribution_rate, Some(1.025_013_7));
    // The market units paid 8,000,000 and received 344,000 + 308,000 + 272,000 + the sale
    // 1,557,520 + capital 7,200,000 + income 7,380,098.63 = 17,061,618.63: 2.1327023.
    assert_eq!(market.size, d("8000000"));
    assert_eq!(
        (market.total_principal, market.total_residual),
        (d("7200000"), d("8304098.63"))
    );
    assert!((market.multiple.unwrap() - 2.132_702_328_75).abs() < 1e-12);
    // The last year's income over the 7,200,000 of paid-in left: 7,380,098.63 / 7,200,000.
    let last = market.distribution_rates.last().unwrap();
    assert!((last.rate - 1.025_013_698_611_1).abs() < 1e-12);
}

#[test]
fn no_spread_pricing_the_units_at_face_is_warned_and_the_deals_spread_used() {
    // Capitalised at 90%, the exit brings NOI / 0.9 (under 2,000,000), so the distributions
    // add up to well under the 10,000,000 paid in: even at the lowest spread (the curve's 2%
    // taken off, a yield of 0) their value is below face and nothing calibrates. The deal's
    // own 2% is used, and the warning says so.
    let mut deal = small();
    deal.scenarios[0].exit_cap_rate = Some(0.9);
    deal.holding.as_mut().unwrap().valuation.calibrate_spread = true;
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    assert_eq!(plan.calibrated_spread, None);
    assert_eq!(plan.valuation_spread, 0.02);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "W-SPREAD")
        .expect("W-SPREAD");
    assert!(
        w.message.starts_with("holding.valuation.spread: "),
        "{}",
        w.message
    );
}

/// The small deal paid half-yearly from 2025-07-01 with 3,650,000 of revenue in year 1 (as in
/// `holding_cash::the_yearly_guarantee_cap_counts_every_payment_of_the_year`): the first
/// half-year has 181 of the year's 365 days, revenue 1,810,000, opex 20%, NOI 1,448,000, and a
/// 3% base fee of 54,300.
fn half_yearly() -> Deal {
    let mut deal = small();
    deal.frequency = Frequency::SemiAnnual;
    deal.first_payment_date = "2025-07-01".parse().unwrap();
    let h = deal.holding.as_mut().unwrap();
    h.asset.revenue_schedule = vec![d("3650000")];
    deal
}

#[test]
fn the_floor_and_the_expected_value_are_prorated_to_the_half_year() {
    // 达标值 3,650,000 a year: 3,650,000 × 181 / 365 = 1,810,000 for the half-year; NOI
    // 1,448,000 is 362,000 short, 362,000 / 1,810,000 × 2 (the cut multiple) = 40% of the
    // base fee: 21,720 cut (a floor divided by the fraction, 7,360,497.24, would cut it all).
    let mut deal = half_yearly();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    inc.floor_noi = d("3650000");
    inc.expected_noi = d("3650000");
    let r = run(&deal, None).unwrap();
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(p.operator_fee_cut, d("21720.00"));
    assert_eq!(p.incentive_fee, Decimal::ZERO);

    // 预期值 2,000,000 a year: 991,780.82 for the half-year, exceeded by 456,219.18: 20% of
    // the first 5% of it (49,589.041) = 9,917.8082 and 30% of the remaining 406,630.139 =
    // 121,989.0417, 131,906.85 in all (an expected value divided by the fraction,
    // 4,033,149.17, would be above the NOI and earn nothing).
    let mut deal = half_yearly();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    inc.floor_noi = Decimal::ZERO;
    inc.expected_noi = d("2000000");
    let r = run(&deal, None).unwrap();
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(p.incentive_fee, d("131906.85"));
    assert_eq!(p.operator_fee_cut, Decimal::ZERO);
}

#[test]
fn without_a_floor_a_negative_noi_cuts_no_fee() {
    // No 达标值 (0): fixed opex of 3,000,000 makes year 1's NOI 2,000,000 − 400,000 −
    // 3,000,000 = −1,400,000, and the 60,000 base fee (3% of the revenue; the plan has no cash
    // to pay it) is still not cut (a floor of 0 counted as missed would divide by it and cut
    // the whole fee).
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.asset.fixed_opex = d("3000000");
    let inc = h.incentive.as_mut().unwrap();
    inc.floor_noi = Decimal::ZERO;
    let r = run(&deal, None).unwrap();
    assert_eq!(
        r.project_company.as_ref().unwrap().periods[0].noi,
        d("-1400000")
    );
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(p.operator_fee_cut, Decimal::ZERO);
}
