//! Holding-type deals: a small project company by hand (tax, thin capitalisation, loss
//! carry-forward, dividend limit, trapped cash), the incentive fee around its thresholds, and
//! conservation at project-company and plan level.

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::{incentive_fee, run};
use tranche_studio::io::{load_deal, parse_deal};
use tranche_studio::model::*;
use tranche_studio::results::DealResults;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Price 10,000,000: equity 20% = 2,000,000, shareholder loan 8,000,000 at 5% (4× equity, so
/// only the interest on 4,000,000 is deductible). Revenue 2,000,000 / 500,000 / 2,000,000 in
/// the first three years, opex 20%, a 10-year property, annual payments.
const SMALL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "小型项目公司",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2029-01-01",
    scenarios: [Scenario(name: "base", exit: HoldToEnd, exit_cap_rate: 0.08)],
    holding: Holding(
        asset: OperatingAsset(
            name: "测试资产",
            right: Property(useful_life_years: 10),
            base_revenue: "2000000.00",
            revenue_schedule: ["2000000.00", "500000.00", "2000000.00"],
            opex_ratio: 0.2,
        ),
        spv: DoubleSpv(
            total_investment: "10000000.00",
            equity_ratio: 0.2,
            plan_equity_share: 1.0,
            loan_rate: 0.05,
            loan_repayment: Schedule([]),
        ),
        plan: PlanTerms(originator_unit_share: 0.2, operator_base_fee_rate: 0.03),
        incentive: Incentive(
            floor_noi: "1600000.00",
            expected_noi: "1600000.00",
            cut_multiple: 2.0,
            tiers: [IncentiveTier(from: 0.0, share: 0.2), IncentiveTier(from: 0.05, share: 0.3)],
        ),
        valuation: Valuation(cdb_curve: [(1.0, 0.02), (5.0, 0.025)], spread: 0.02),
    ),
)
"#;

fn small() -> Deal {
    parse_deal(SMALL, "small").unwrap()
}

#[test]
fn project_company_by_hand() {
    let r = run(&small(), None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(pc.registered_capital, d("2000000.00"));
    assert_eq!(pc.shareholder_loan, d("8000000.00"));
    assert!(r.warnings.iter().any(|w| w.code == "RL-THIN-CAP"));
    let (y1, y2, y3) = (&pc.periods[0], &pc.periods[1], &pc.periods[2]);

    // Year 1 (365 days): NOI = 2,000,000 − 20% = 1,600,000.
    assert_eq!(y1.noi, d("1600000.00"));
    // Depreciation straight line on days to 2035-01-01 (3,652 days):
    // 10,000,000 × 365 / 3,652 = 999,452.354… → 999,452.35.
    assert_eq!(y1.depreciation, d("999452.35"));
    // Loan interest 8,000,000 × 5% = 400,000 is paid; deductible only on 2 × equity =
    // 4,000,000: 200,000.
    assert_eq!(y1.shareholder_loan_interest, d("400000.00"));
    assert_eq!(y1.deductible_interest, d("200000.00"));
    // Taxable 1,600,000 − 200,000 − 999,452.35 = 400,547.65; tax 25% = 100,136.9125 → 100,136.91.
    assert_eq!(y1.taxable_income, d("400547.65"));
    assert_eq!(y1.tax, d("100136.91"));
    // Net profit 1,600,000 − 400,000 − 999,452.35 − 100,136.91 = 100,410.74; reserve 10% =
    // 10,041.07; dividends limited to 90,369.67 although cash after interest and tax is
    // 1,099,863.09: 1,009,493.42 is trapped.
    assert_eq!(y1.net_profit, d("100410.74"));
    assert_eq!(y1.statutory_reserve, d("10041.07"));
    assert_eq!(y1.dividends, d("90369.67"));
    assert_eq!(y1.trapped_cash, d("1009493.42"));

    // Year 2: NOI 400,000; depreciation 9,000,547.65 × 365 / 3,287 = 999,452.36; taxable
    // 400,000 − 200,000 − 999,452.36 = −799,452.36, a loss carried forward; no dividend.
    assert_eq!(y2.depreciation, d("999452.36"));
    assert_eq!(y2.taxable_income, d("-799452.36"));
    assert_eq!(y2.tax, Decimal::ZERO);
    assert_eq!(y2.dividends, Decimal::ZERO);
    assert_eq!(y2.trapped_cash, d("1009493.42")); // 1,009,493.42 + 400,000 − 400,000

    // Year 3: taxable 1,600,000 − 200,000 − 999,452.35 = 400,547.65, all absorbed by the
    // year-2 loss; the deficit (−999,452.36) leaves nothing distributable, so the cash stays
    // trapped: 1,009,493.42 + 1,600,000 − 400,000 = 2,209,493.42.
    assert_eq!(y3.depreciation, d("999452.35"));
    assert_eq!(y3.losses_used, d("400547.65"));
    assert_eq!(y3.tax, Decimal::ZERO);
    assert_eq!(y3.dividends, Decimal::ZERO);
    assert_eq!(y3.trapped_cash, d("2209493.42"));

    // The plan receives loan interest + dividends: 400,000 + 90,369.67 in year 1.
    let plan = r.plan.as_ref().unwrap();
    assert_eq!(plan.periods[0].from_project_company, d("490369.67"));
    // NOI exactly at the floor: no cut; exactly at the expected value: no incentive.
    assert_eq!(plan.periods[0].operator_fee_cut, Decimal::ZERO);
    assert_eq!(plan.periods[0].incentive_fee, Decimal::ZERO);
    assert_eq!(plan.periods[0].operator_base_fee, d("60000.00")); // 3% of 2,000,000
    assert_conserved(&r);
}

#[test]
fn operator_fee_below_floor_and_incentive_above_expected() {
    // Floor 1,700,000 > NOI 1,600,000: shortfall 100,000 / 1,700,000 × 2 = 11.7647% of the
    // 60,000 base fee is cut: 7,058.82.
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    inc.floor_noi = d("1700000.00");
    inc.expected_noi = d("1700000.00");
    let r = run(&deal, None).unwrap();
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(p.operator_fee_cut, d("7058.82"));
    assert_eq!(p.operator_base_fee, d("52941.18"));
    assert_eq!(p.incentive_fee, Decimal::ZERO);

    // Expected 1,500,000 < NOI: excess 100,000; the first band (up to 5% of 1,500,000 =
    // 75,000) at 20% = 15,000, the rest 25,000 at 30% = 7,500: 22,500.
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    inc.floor_noi = d("1400000.00");
    inc.expected_noi = d("1500000.00");
    let r = run(&deal, None).unwrap();
    let p = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(p.incentive_fee, d("22500.00"));
    assert_eq!(p.operator_fee_cut, Decimal::ZERO);
}

#[test]
fn incentive_tiers_cap_and_thresholds() {
    let inc = Incentive {
        floor_noi: d("900000"),
        cut_multiple: 1.0,
        max_cut: 1.0,
        originator_subordination: false,
        expected_noi: d("1000000"),
        tiers: vec![
            IncentiveTier {
                from: 0.0,
                share: 0.2,
            },
            IncentiveTier {
                from: 0.1,
                share: 0.3,
            },
        ],
        cap: Some(d("30000")),
        deferred_share: 0.0,
    };
    let e = d("1000000");
    let one = Decimal::ONE;
    assert_eq!(incentive_fee(&inc, Decimal::ZERO, e, one), Decimal::ZERO);
    assert_eq!(incentive_fee(&inc, d("50000"), e, one), d("10000.00")); // 20% of 50,000
    assert_eq!(incentive_fee(&inc, d("100000"), e, one), d("20000.00")); // band 1 full
    // 20% × 100,000 + 30% × 50,000 = 35,000, capped at 30,000; half a year caps at 15,000.
    assert_eq!(incentive_fee(&inc, d("150000"), e, one), d("30000.00"));
    assert_eq!(incentive_fee(&inc, d("150000"), e, d("0.5")), d("15000.00"));
}

fn assert_conserved(r: &DealResults) {
    let pc = r.project_company.as_ref().unwrap();
    for p in &pc.periods {
        assert_eq!(
            p.available,
            p.paid + p.retained,
            "{}: project company {}",
            r.deal,
            p.date
        );
        assert_eq!(p.noi, p.revenue - p.opex);
        assert_eq!(
            p.paid,
            p.capex
                + p.bank_interest
                + p.bank_principal
                + p.shareholder_loan_interest
                + p.tax
                + p.shareholder_loan_principal
                + p.dividends
        );
    }
    let plan = r.plan.as_ref().unwrap();
    for (p, q) in r.periods.iter().zip(&plan.periods) {
        assert_eq!(
            p.available,
            p.paid + p.retained,
            "{}: plan {}",
            r.deal,
            p.date
        );
        let fees: Decimal = p.fees.iter().map(|f| f.paid).sum();
        let units: Decimal = p.tranches.iter().map(|t| t.cash()).sum();
        assert_eq!(p.paid, fees + units);
        assert_eq!(q.distributions, units);
        assert_eq!(p.collections, q.from_project_company + q.guarantee_payment);
    }
}

#[test]
fn holding_samples_conserve_money_in_every_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut n = 0;
    for name in [
        "highway_concession.ron",
        "rental_housing_expansion.ron",
        "data_centre.ron",
    ] {
        let deal = load_deal(&dir.join(name)).unwrap();
        for s in &deal.scenarios {
            let r = run(&deal, Some(&s.name)).unwrap();
            assert_conserved(&r);
            assert!(r.securities.iter().all(|m| m.multiple.is_some()));
            n += 1;
        }
    }
    assert_eq!(n, 10);
}

#[test]
fn expansion_adds_a_unit_class_priced_at_nav() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let deal = load_deal(&dir.join("rental_housing_expansion.ron")).unwrap();
    let r = run(&deal, None).unwrap();
    assert_eq!(r.securities.len(), 3);
    assert_eq!(r.securities[2].id, "expansion");
    let mut without = deal.clone();
    without.holding.as_mut().unwrap().expansion = None;
    let r0 = run(&without, None).unwrap();
    // The existing holders' IRR moves with the expansion (accretion or dilution).
    assert_ne!(r.securities[0].irr, r0.securities[0].irr);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
    #[test]
    fn generated_holding_deals_conserve_money(
        er in 0.05f64..1.0, share in 0.3f64..1.0, rate in 0.0f64..0.12, opex in 0.0f64..0.9,
        growth in -0.1f64..0.1, occupancy in 0.3f64..1.0, ltv in 0.0f64..0.7, sweep in any::<bool>(),
        exit in 0u8..5, tilted in any::<bool>(), subordinate in any::<bool>(), freq in 0u8..3,
    ) {
        let mut deal = small();
        deal.frequency = [Frequency::Quarterly, Frequency::SemiAnnual, Frequency::Annual][freq as usize];
        deal.legal_final_date = "2035-01-01".parse().unwrap();
        let h = deal.holding.as_mut().unwrap();
        h.asset.revenue_schedule.clear();
        h.asset.opex_ratio = opex;
        h.asset.capex_ratio = 0.02;
        h.spv.equity_ratio = er;
        h.spv.plan_equity_share = share;
        h.spv.loan_rate = rate;
        h.spv.loan_repayment = if sweep { LoanRepayment::Sweep } else { LoanRepayment::Schedule(vec![d("100000"); 5]) };
        h.spv.bank_debt = (ltv > 0.05).then_some(BankDebt { ltv, rate: 0.04, amortisation_periods: 8 });
        h.plan.manager_fee_rate = 0.002;
        h.incentive.as_mut().unwrap().originator_subordination = subordinate;
        h.tilted = tilted.then_some(TiltedDistribution { market_hurdle: 0.05, originator_hurdle: 0.03, disposal_hurdle: 0.06 });
        h.performance_guarantee = Some(PerformanceGuarantee { guarantor: "g".into(), target_noi: d("1500000"), cap_per_year: Some(d("200000")), cap_total: Some(d("500000")) });
        deal.scenarios[0].revenue_growth = growth;
        deal.scenarios[0].occupancy = occupancy;
        deal.scenarios[0].exit = Some(match exit {
            0 => Exit::Sale { year: 5, cap_rate: 0.06, costs: 0.02 },
            1 => Exit::RightOfFirstPurchase { year: 6, discount_rate: 0.07 },
            2 => Exit::ReitConversion { year: 4, distribution_yield: 0.05 },
            3 => Exit::OpenPeriod { year: 3, share: 0.3 },
            _ => Exit::HoldToEnd,
        });
        let r = run(&deal, None).unwrap();
        assert_conserved(&r);
    }
}
