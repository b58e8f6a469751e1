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

pub(crate) fn d(s: &str) -> Decimal {
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

pub(crate) fn small() -> Deal {
    parse_deal(SMALL, "small").unwrap()
}

#[test]
fn project_company_by_hand() {
    let r = run(&small(), None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(pc.registered_capital, d("2000000.00"));
    assert_eq!(pc.shareholder_loan, d("8000000.00"));
    assert!(r.warnings.iter().any(|w| w.code == "RL-THIN-CAP"));
    let (y1, y2, y3, y4) = (
        &pc.periods[0],
        &pc.periods[1],
        &pc.periods[2],
        &pc.periods[3],
    );

    // Year 1 (365 days): NOI = 2,000,000 − 20% = 1,600,000.
    assert_eq!(y1.noi, d("1600000.00"));
    // Depreciation round(10,000,000 / 10 years) = 1,000,000 a year.
    assert_eq!(y1.depreciation, d("1000000.00"));
    // Loan interest 8,000,000 × 5% = 400,000 is paid; deductible only on 2 × equity =
    // 4,000,000: 200,000.
    assert_eq!(y1.shareholder_loan_interest, d("400000.00"));
    assert_eq!(y1.deductible_interest, d("200000.00"));
    // Taxable 1,600,000 − 200,000 − 1,000,000 = 400,000; tax 25% = 100,000.
    assert_eq!(y1.taxable_income, d("400000.00"));
    assert_eq!(y1.tax, d("100000.00"));
    // Net profit 1,600,000 − 400,000 − 1,000,000 − 100,000 = 100,000; reserve 10% = 10,000;
    // dividends 90,000; cash 2,000,000 − opex 400,000 − 400,000 − 100,000 − 90,000 =
    // 1,010,000 is trapped.
    assert_eq!(y1.net_profit, d("100000.00"));
    assert_eq!(y1.statutory_reserve, d("10000.00"));
    assert_eq!(y1.dividends, d("90000.00"));
    assert_eq!(y1.trapped_cash, d("1010000.00"));

    // Year 2: NOI 400,000; taxable 400,000 − 200,000 − 1,000,000 = −800,000, a loss carried
    // forward; net profit 400,000 − 400,000 − 1,000,000 = −1,000,000; no dividend.
    assert_eq!(y2.taxable_income, d("-800000.00"));
    assert_eq!(y2.tax, Decimal::ZERO);
    assert_eq!(y2.dividends, Decimal::ZERO);
    assert_eq!(y2.trapped_cash, d("1010000.00")); // + 500,000 − 100,000 opex − 400,000

    // Year 3: taxable 400,000, absorbed by the year-2 loss (400,000 of it left); the deficit
    // (−1,000,000 + 200,000) leaves nothing distributable: 1,010,000 + 1,600,000 − 400,000.
    assert_eq!(y3.losses_used, d("400000.00"));
    assert_eq!(y3.tax, Decimal::ZERO);
    assert_eq!(y3.dividends, Decimal::ZERO);
    assert_eq!(y3.trapped_cash, d("2210000.00"));

    // Year 4 (2028, 366 days), the end (legal final date): the property is sold at next
    // year's NOI / 8% = 1,600,000 / 0.08 = 20,000,000 (no costs); book 10,000,000 −
    // 4 × 1,000,000 = 6,000,000; gain 14,000,000. Deductible interest 4,000,000 × 5% × 366 /
    // 365 = 200,547.95; taxable 1,600,000 − 200,547.95 − 1,000,000 + 14,000,000 −
    // the last 400,000 of loss = 13,999,452.05; tax 3,499,863.0125 → 3,499,863.01, all of it
    // due to the gain (without it the loss absorbs everything).
    assert_eq!(y4.gross_sale_price, d("20000000.00"));
    assert_eq!(y4.book_value_sold, d("6000000.00"));
    assert_eq!(y4.gain_on_sale, d("14000000.00"));
    assert_eq!(y4.tax, d("3499863.01"));
    assert_eq!(y4.tax_on_gain, d("3499863.01"));

    // The plan receives loan interest + dividends: 400,000 + 90,000 in year 1.
    let plan = r.plan.as_ref().unwrap();
    assert_eq!(plan.periods[0].from_project_company, d("490000.00"));
    // NOI exactly at the floor: no cut; exactly at the expected value: no incentive.
    assert_eq!(plan.periods[0].operator_fee_cut, Decimal::ZERO);
    assert_eq!(plan.periods[0].incentive_fee, Decimal::ZERO);
    assert_eq!(plan.periods[0].operator_base_fee, d("60000.00")); // 3% of 2,000,000
    // Whole units: 10,000,000 / 100 = 100,000, of which 20% are the originator's.
    assert_eq!(plan.units, d("100000"));
    assert_eq!(r.periods[0].tranches[1].units, Some(d("20000")));
    assert_conserved(&r);
}

#[test]
fn depreciation_on_days_as_an_option() {
    // Straight line on days to 2035-01-01 (3,652 days): 10,000,000 × 365 / 3,652 =
    // 999,452.354… → 999,452.35; then 9,000,547.65 × 365 / 3,287 = 999,452.36.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.depreciation = Depreciation::Days;
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[0].depreciation, d("999452.35"));
    assert_eq!(pc[1].depreciation, d("999452.36"));
    // Taxable 1,600,000 − 200,000 − 999,452.35 = 400,547.65; tax 100,136.9125 → 100,136.91.
    assert_eq!(pc[0].tax, d("100136.91"));
}

/// An all-equity 3-year concession: 300,000,000 paid in, revenue 1,000,000 a year, opex 50%,
/// manager 0.3% and custodian 0.01% of paid-in.
fn starved() -> Deal {
    let mut deal = small();
    deal.legal_final_date = "2030-01-01".parse().unwrap();
    let h = deal.holding.as_mut().unwrap();
    h.asset.right = AssetRight::Concession {
        expiry: "2028-01-01".parse().unwrap(),
    };
    h.asset.revenue_schedule.clear();
    h.asset.base_revenue = d("1000000");
    h.asset.opex_ratio = 0.5;
    h.spv.total_investment = d("300000000");
    h.spv.equity_ratio = 1.0;
    h.plan.operator_base_fee_rate = 0.0;
    h.plan.manager_fee_rate = 0.003;
    h.plan.custodian_fee_rate = 0.0001;
    h.incentive = None;
    deal
}

#[test]
fn unpaid_plan_fees_are_carried_and_reported() {
    let r = run(&starved(), None).unwrap();
    let (plan, pc) = (
        r.plan.as_ref().unwrap(),
        r.project_company.as_ref().unwrap(),
    );
    // Depreciation of 100,000,000 a year leaves losses: no dividend until the end, when the
    // cash kept (3 × 500,000) is paid out.
    assert_eq!(pc.periods[2].dividends, d("1500000.00"));
    // Manager 900,000 and custodian 30,000 accrue each year, unpaid in years 1 and 2.
    let fee = |k: usize, i: usize| r.periods[k].fees[i].clone();
    assert_eq!(
        (fee(0, 0).due, fee(0, 0).paid, fee(0, 0).shortfall),
        (d("900000.00"), d("0"), d("900000.00"))
    );
    assert_eq!(
        (fee(1, 1).due, fee(1, 1).shortfall),
        (d("60000.00"), d("60000.00"))
    );
    // Year 3: manager due 2,700,000, paid 1,500,000, carried 1,200,000; custodian 90,000
    // unpaid: 1,290,000 unpaid at the end.
    assert_eq!(
        (fee(2, 0).due, fee(2, 0).paid, fee(2, 0).shortfall),
        (d("2700000.00"), d("1500000.00"), d("1200000.00"))
    );
    assert_eq!((fee(2, 1).due, fee(2, 1).paid), (d("90000.00"), d("0")));
    assert_eq!(plan.unpaid_fees_at_exit, d("1290000.00"));
    assert!(r.warnings.iter().any(|w| w.code == "W-FEE-ARREARS"));
    assert!(r.warnings.iter().any(|w| w.code == "W-UNPAID-AT-EXIT"));
    assert_conserved(&r);
}

#[test]
fn unpaid_bank_interest_and_principal_are_arrears() {
    // Bank 50% of 10,000,000 at 90%: interest 4,500,000 a year against 1,600,000 of cash.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = Some(BankDebt {
        ltv: 0.5,
        rate: 0.9,
        amortisation_periods: 8,
        repayment: BankRepayment::EqualPrincipal,
        refinancing: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[0].bank_interest_due, d("4500000.00"));
    assert_eq!(pc[0].bank_interest, d("1600000.00"));
    assert_eq!(pc[0].bank_interest_arrears, d("2900000.00"));
    // The instalment 5,000,000 / 8 = 625,000 is unpaid too.
    assert_eq!(pc[0].bank_principal_arrears, d("625000.00"));
    // Year 2: 4,500,000 + 2,900,000 interest and 2 × 625,000 principal are due.
    assert_eq!(pc[1].bank_interest_due, d("7400000.00"));
    assert_eq!(pc[1].bank_principal_due, d("1250000.00"));
    assert!(r.warnings.iter().any(|w| w.code == "W-PC-DEFAULT"));
    assert_conserved(&r);
}

#[test]
fn reit_conversion_transfers_the_plan_claims_without_a_sale() {
    // Conversion after year 1 at a 2% yield on next year's NOI − capex (400,000): the asset
    // is valued 20,000,000. The plan's claims: loan 8,000,000 + equity (20,000,000 + cash
    // 1,010,000 − loan 8,000,000) = 21,010,000. The company sells nothing: year-1 tax only.
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::ReitConversion {
        year: 1,
        distribution_yield: 0.02,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 1);
    assert_eq!(pc[0].sale_proceeds, Decimal::ZERO);
    assert_eq!(pc[0].tax, d("100000.00"));
    let plan = &r.plan.as_ref().unwrap().periods[0];
    assert_eq!(plan.conversion_proceeds, d("21010000.00"));
    assert_conserved(&r);
}

#[test]
fn operating_dscr_leaves_out_the_exit_repayment() {
    // Bank 30% = 3,000,000 at 4%, 8 equal instalments of 375,000. Year 2: NOI 400,000 against
    // interest 2,625,000 × 4% = 105,000 + 375,000: DSCR 0.8333…, the lowest. The exit in year
    // 4 repays 1,875,000, of which 1,500,000 beyond the instalment.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = Some(BankDebt {
        ltv: 0.3,
        rate: 0.04,
        amortisation_periods: 8,
        repayment: BankRepayment::EqualPrincipal,
        refinancing: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert!((pc.min_dscr.unwrap() - 400_000.0 / 480_000.0).abs() < 1e-12);
    assert_eq!(pc.exit_debt_repayment, d("1500000.00"));
    // Year 4 (366 days, 2028): interest 1,875,000 × 4% × 366 / 365 = 75,205.48 + 375,000;
    // NOI 1,600,000: 3.5539.
    assert!((pc.periods[3].dscr.unwrap() - 1_600_000.0 / 450_205.48).abs() < 1e-12);
}

#[test]
fn trapped_cash_prepays_the_loan_and_returns_capital() {
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::LoanPrepayment,
        periods: vec![1],
        threshold: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    // Year 1's 1,010,000 of trapped cash prepays the loan: 6,990,000 left, whose interest in
    // year 2 is 349,500.
    assert_eq!(pc[0].loan_prepayment, d("1010000.00"));
    assert_eq!(pc[0].trapped_cash, Decimal::ZERO);
    assert_eq!(pc[1].shareholder_loan_interest, d("349500.00"));
    // The plan returns it as capital, 80% / 20% by capital: 808,000 and 202,000.
    assert_eq!(r.periods[0].tranches[0].principal_paid, d("808000.00"));
    assert_eq!(r.periods[0].tranches[1].principal_paid, d("202000.00"));
    assert_conserved(&r);
}

#[test]
fn related_party_rate_limits_the_deduction() {
    // A comparable rate of 4%: deductible 4,000,000 × 4% = 160,000; taxable 1,600,000 −
    // 160,000 − 1,000,000 = 440,000; tax 110,000.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.related_party_rate = Some(0.04);
    let r = run(&deal, None).unwrap();
    let y1 = &r.project_company.as_ref().unwrap().periods[0];
    assert_eq!(y1.deductible_interest, d("160000.00"));
    assert_eq!(y1.tax, d("110000.00"));
}

#[test]
fn thresholds_per_year_remediation_and_warnings() {
    // 达标值 1,700,000 in year 1 only: NOI 1,600,000 is below it and the fee is cut by
    // 100,000 / 1,700,000 × 2 of 60,000 = 7,058.82.
    let mut deal = small();
    deal.holding
        .as_mut()
        .unwrap()
        .incentive
        .as_mut()
        .unwrap()
        .floor_by_year = vec![d("1700000")];
    let r = run(&deal, None).unwrap();
    assert_eq!(
        r.plan.as_ref().unwrap().periods[0].operator_fee_cut,
        d("7058.82")
    );
    // Years 1 (NOI 1,600,000 < 1,700,000) and 2 (400,000 < 1,600,000) are warned.
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "W-FLOOR-ABOVE-NOI" && w.message.contains("years 1, 2 "))
    );
    // With one period of remediation the first period below the floor is not cut.
    deal.holding
        .as_mut()
        .unwrap()
        .incentive
        .as_mut()
        .unwrap()
        .remediation_periods = 1;
    let r = run(&deal, None).unwrap();
    assert_eq!(
        r.plan.as_ref().unwrap().periods[0].operator_fee_cut,
        Decimal::ZERO
    );
    // 预期值 1,500,000 below the projected NOI of years 1, 3 and 4 (1,600,000): too easy.
    let mut deal = small();
    let inc = deal.holding.as_mut().unwrap().incentive.as_mut().unwrap();
    (inc.floor_noi, inc.expected_noi) = (d("1400000"), d("1500000"));
    let r = run(&deal, None).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.code == "W-INCENTIVE-EASY" && w.message.contains("years 1, 3, 4 "))
    );
}

#[test]
fn bank_refinanced_at_maturity_runs_to_the_exit() {
    // A 2-period bullet of 3,000,000 at 4%, refinanced at 6% on its maturity (period 2):
    // nothing is repaid then, and year-3 interest is 3,000,000 × 6% = 180,000.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = Some(BankDebt {
        ltv: 0.3,
        rate: 0.04,
        amortisation_periods: 2,
        repayment: BankRepayment::Bullet,
        refinancing: Some(Refinancing { rate: 0.06 }),
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[1].bank_principal, Decimal::ZERO);
    assert_eq!(pc[1].bank_interest, d("120000.00"));
    assert_eq!(pc[2].bank_interest, d("180000.00"));
    assert_eq!(pc[3].bank_principal, d("3000000.00"));
    assert_conserved(&r);
}

#[test]
fn calibrated_spread_prices_the_units_at_face() {
    let mut deal = small();
    deal.holding.as_mut().unwrap().valuation.calibrate_spread = true;
    let r = run(&deal, None).unwrap();
    let plan = r.plan.as_ref().unwrap();
    assert!(
        (plan.nav_at_issue.unwrap() - 100.0).abs() < 1e-6,
        "{:?}",
        plan.nav_at_issue
    );
    assert_eq!(Some(plan.valuation_spread), plan.calibrated_spread);
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

/// Incentive terms with an expected NOI of 1,000,000 (floor 900,000), `tiers` and `cap`.
fn incentive_on_a_million(tiers: Vec<IncentiveTier>, cap: Option<Decimal>) -> Incentive {
    Incentive {
        floor_noi: d("900000"),
        floor_by_year: vec![],
        remediation_periods: 0,
        investor_return: None,
        expected_by_year: vec![],
        cut_multiple: 1.0,
        max_cut: 1.0,
        originator_subordination: false,
        expected_noi: d("1000000"),
        tiers,
        cap,
        deferred_share: 0.0,
    }
}

#[test]
fn incentive_tiers_cap_and_thresholds() {
    let tier = |from, share| IncentiveTier { from, share };
    let inc = incentive_on_a_million(vec![tier(0.0, 0.2), tier(0.1, 0.3)], Some(d("30000")));
    let e = d("1000000");
    let one = Decimal::ONE;
    assert_eq!(incentive_fee(&inc, Decimal::ZERO, e, one), Decimal::ZERO);
    assert_eq!(incentive_fee(&inc, d("50000"), e, one), d("10000.00")); // 20% of 50,000
    assert_eq!(incentive_fee(&inc, d("100000"), e, one), d("20000.00")); // band 1 full
    // 20% × 100,000 + 30% × 50,000 = 35,000, capped at 30,000; half a year caps at 15,000.
    assert_eq!(incentive_fee(&inc, d("150000"), e, one), d("30000.00"));
    assert_eq!(incentive_fee(&inc, d("150000"), e, d("0.5")), d("15000.00"));
}

/// A middle tier's band starts above zero: only there does `min(excess, next) − from` differ
/// from `+ from` (fees.rs 143:40; every other test has at most two tiers, the first from 0).
#[test]
fn a_middle_incentive_tier_takes_only_its_own_band() {
    let tier = |from, share| IncentiveTier { from, share };
    let inc = incentive_on_a_million(vec![tier(0.0, 0.1), tier(0.1, 0.2), tier(0.2, 0.3)], None);
    let (e, one) = (d("1000000"), Decimal::ONE);
    // Excess 150,000: 10% × 100,000 + 20% × (150,000 − 100,000) = 10,000 + 10,000; the top
    // tier starts at 200,000 and takes nothing.
    assert_eq!(incentive_fee(&inc, d("150000"), e, one), d("20000.00"));
    // Excess 250,000: 10,000 + 20% × 100,000 + 30% × 50,000 = 45,000.
    assert_eq!(incentive_fee(&inc, d("250000"), e, one), d("45000.00"));
}

pub(crate) fn assert_conserved(r: &DealResults) {
    let pc = r.project_company.as_ref().unwrap();
    let (mut opex_arrears, mut bank_arrears, mut loan_arrears, mut tax_arrears) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for p in &pc.periods {
        let at = format!("{} {}: project company {}", r.deal, r.scenario, p.date);
        assert_eq!(p.available, p.paid + p.retained, "{at}");
        assert_eq!(p.noi, p.revenue - p.opex, "{at}");
        assert_eq!(
            p.paid,
            p.opex_paid
                + p.capex
                + p.bank_interest
                + p.bank_principal
                + p.shareholder_loan_interest
                + p.tax
                + p.shareholder_loan_principal
                + p.dividends
                + p.capital_reduction
                + p.loan_prepayment,
            "{at}"
        );
        // Accrued + carried in = paid + carried out, for every accrual.
        assert_eq!(
            p.opex + opex_arrears,
            p.opex_paid + p.opex_arrears,
            "{at} opex"
        );
        assert_eq!(
            p.bank_interest_due,
            p.bank_interest + p.bank_interest_arrears,
            "{at}"
        );
        assert!(p.bank_interest_due >= bank_arrears, "{at}");
        assert_eq!(
            p.shareholder_loan_interest_due,
            p.shareholder_loan_interest + p.shareholder_loan_interest_arrears,
            "{at}"
        );
        assert!(p.shareholder_loan_interest_due >= loan_arrears, "{at}");
        assert_eq!(
            p.tax_assessed + tax_arrears,
            p.tax + p.tax_arrears,
            "{at} tax"
        );
        assert!(
            p.trapped_cash >= Decimal::ZERO && p.available >= Decimal::ZERO,
            "{at}"
        );
        opex_arrears = p.opex_arrears;
        bank_arrears = p.bank_interest_arrears;
        loan_arrears = p.shareholder_loan_interest_arrears;
        tax_arrears = p.tax_arrears;
    }
    let plan = r.plan.as_ref().unwrap();
    let mut carried = [Decimal::ZERO; 4];
    let mut hurdle = Decimal::ZERO;
    for (p, q) in r.periods.iter().zip(&plan.periods) {
        let at = format!("{} {}: plan {}", r.deal, r.scenario, p.date);
        assert_eq!(p.available, p.paid + p.retained, "{at}");
        assert_eq!(p.available, p.carried_in + p.collections, "{at}");
        let fees: Decimal = p.fees.iter().map(|f| f.paid).sum();
        let units: Decimal = p.tranches.iter().map(|t| t.cash()).sum();
        assert_eq!(p.paid, fees + units, "{at}");
        assert_eq!(q.distributions, units, "{at}");
        assert_eq!(
            p.collections,
            q.from_project_company + q.guarantee_payment + q.conversion_proceeds,
            "{at}"
        );
        for (i, f) in p.fees.iter().enumerate() {
            assert_eq!(f.due, f.paid + f.shortfall, "{at} {}", f.id);
            assert!(
                f.due >= carried[i] && f.paid >= Decimal::ZERO,
                "{at} {}",
                f.id
            );
            carried[i] = f.shortfall;
        }
        assert!(q.hurdle_due >= hurdle, "{at}");
        hurdle = q.hurdle_carried;
        for t in &p.tranches {
            assert!(
                t.residual_paid >= Decimal::ZERO && t.principal_paid >= Decimal::ZERO,
                "{at}"
            );
            assert_eq!(
                t.closing_balance,
                t.opening_balance - t.principal_paid,
                "{at}"
            );
        }
    }
    assert_eq!(plan.unpaid_fees_at_exit, carried.iter().sum::<Decimal>());
    assert_equity_split(r);
}

/// The company's dividends and capital reductions go to the plan and to the other
/// shareholders by their shares of the registered capital, which a pro-rata reduction does
/// not change (also one returning all of it). The plan's part is what it received from the
/// company less the loan's interest, principal and prepayment; the share is the closing
/// capital's, `plan_equity / registered_capital` as reported. An expansion buys capital of
/// its own, whose shares the results do not report: then only 0 ≤ the plan's part ≤ the
/// whole is checked.
fn assert_equity_split(r: &DealResults) {
    let pc = r.project_company.as_ref().unwrap();
    let plan = r.plan.as_ref().unwrap();
    let expands = r.securities.iter().any(|s| s.id.starts_with("expansion"));
    let share = (pc.registered_capital > Decimal::ZERO && !expands)
        .then(|| pc.plan_equity / pc.registered_capital);
    let half_fen = d("0.005");
    // Each reduction that leaves some registered capital rounds the plan's part to the fen:
    // the share moves by at most 0.005 / what is left.
    let (mut registered, mut drift) = (pc.registered_capital, Decimal::ZERO);
    for (p, q) in pc.periods.iter().zip(&plan.periods) {
        let at = format!("{} {}: equity split {}", r.deal, r.scenario, p.date);
        let capital = q.capital_received - q.conversion_proceeds;
        let reduction = capital - p.shareholder_loan_principal - p.loan_prepayment;
        let dividends = q.from_project_company - capital - p.shareholder_loan_interest;
        for (to_plan, whole) in [(dividends, p.dividends), (reduction, p.capital_reduction)] {
            let others = whole - to_plan;
            assert!(to_plan >= Decimal::ZERO && others >= Decimal::ZERO, "{at}");
            if let Some(share) = share {
                let off = (to_plan - whole * share).abs();
                assert!(
                    off <= half_fen + whole * drift,
                    "{at}: the plan got {to_plan} of {whole} (others {others}), share {share}"
                );
            }
        }
        registered -= p.capital_reduction;
        if p.capital_reduction > Decimal::ZERO && registered > Decimal::ZERO {
            drift += half_fen / registered;
        }
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
        let deal = load_deal(&dir.join(name)).unwrap().deal;
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
    let deal = load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
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
        returned in 0u8..4,
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
        h.spv.bank_debt = (ltv > 0.05).then_some(BankDebt { ltv, rate: 0.04, amortisation_periods: 8, repayment: BankRepayment::EqualPrincipal, refinancing: None });
        h.plan.manager_fee_rate = 0.002;
        h.incentive.as_mut().unwrap().originator_subordination = subordinate;
        h.tilted = tilted.then_some(TiltedDistribution { market_hurdle: 0.05, originator_hurdle: 0.03, disposal_hurdle: 0.06, steps: vec![] });
        h.performance_guarantee = Some(PerformanceGuarantee { guarantor: "g".into(), target_noi: d("1500000"), target_by_year: vec![], cap_per_year: Some(d("200000")), cap_total: Some(d("500000")) });
        // Trapped cash returned: none, by reductions on every date (which can return all the
        // registered capital), above a threshold, or prepaying the loan.
        h.spv.capital_return = match returned {
            0 => None,
            1 => Some(CapitalReturn { method: CapitalReturnMethod::CapitalReduction, periods: (1..=40).collect(), threshold: None }),
            2 => Some(CapitalReturn { method: CapitalReturnMethod::CapitalReduction, periods: vec![], threshold: Some(d("300000")) }),
            _ => Some(CapitalReturn { method: CapitalReturnMethod::LoanPrepayment, periods: vec![2, 4], threshold: None }),
        };
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

#[test]
fn thin_cap_red_line_compares_the_amounts() {
    // 9,000,000 with a third as equity: equity fen(9,000,000 × 0.333…) = 3,000,000.00, loan
    // 6,000,000.00 = exactly 2 × equity: no warning (the ratio in f64 is 2.0000000000000004).
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.spv.total_investment = d("9000000");
    h.spv.equity_ratio = 1.0 / 3.0;
    let r = run(&deal, None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(
        (pc.shareholder_loan, pc.registered_capital),
        (d("6000000.00"), d("3000000.00"))
    );
    assert!(!r.warnings.iter().any(|w| w.code == "RL-THIN-CAP"));
    // One yuan more of loan is above 2:1: 9,000,100 gives a loan of 6,000,067.00 against
    // registered capital 3,000,033.00.
    deal.holding.as_mut().unwrap().spv.total_investment = d("9000100");
    let r = run(&deal, None).unwrap();
    assert!(r.warnings.iter().any(|w| w.code == "RL-THIN-CAP"));
}

#[test]
fn open_period_units_leave_the_market_class() {
    // Rental sample without the expansion, open period in year 5 with share 0 and 0.3.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut deal = load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    deal.holding.as_mut().unwrap().expansion = None;
    let total = |share: f64| {
        let mut deal = deal.clone();
        deal.scenarios[0].exit = Some(Exit::OpenPeriod { year: 5, share });
        deal.scenarios[0].exit_cap_rate = Some(0.045);
        run(&deal, None).unwrap()
    };
    let (r0, r3) = (total(0.0), total(0.3));
    assert_eq!(r0.securities.len(), 2);
    assert_eq!(r3.securities[2].id, "buyer-originator");
    // The market rank as a whole earns the same; the buyer earns 30% of it after the window.
    let market = |r: &DealResults| r.securities[0].total_residual + r.securities[0].total_principal;
    let buyer = &r3.securities[2];
    assert_eq!(
        market(&r0),
        market(&r3) + buyer.total_residual + buyer.total_principal
    );
    assert!(market(&r3) < market(&r0));
    // Units: floor(30% × market units) move after the window's date.
    let units = |r: &DealResults, k: usize, c: usize| r.periods[k].tranches[c].units.unwrap();
    let k = r3
        .periods
        .iter()
        .position(|p| p.tranches[2].units.unwrap() > Decimal::ZERO)
        .unwrap();
    let before = units(&r3, k - 1, 0);
    let moved = (before * d("0.3")).floor();
    assert_eq!(units(&r3, k, 2), moved);
    assert_eq!(units(&r3, k, 0), before - moved);
    // Per unit the two holders of market units earn the same (to the fen per 10,000 units).
    let per_unit = |c: usize| r3.periods[k + 1].tranches[c].residual_paid / units(&r3, k + 1, c);
    assert!((per_unit(0) - per_unit(2)).abs() < d("0.0001"));
    assert_conserved(&r3);
}

#[test]
fn expansion_units_rank_with_the_originals_and_nav_before_it_is_unchanged() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let deal = load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    let mut without = deal.clone();
    without.holding.as_mut().unwrap().expansion = None;
    let (r, r0) = (run(&deal, None).unwrap(), run(&without, None).unwrap());
    let x = deal
        .holding
        .as_ref()
        .unwrap()
        .expansion
        .as_ref()
        .unwrap()
        .date;
    let (plan, plan0) = (r.plan.as_ref().unwrap(), r0.plan.as_ref().unwrap());
    for (p, q) in plan.periods.iter().zip(&plan0.periods) {
        if p.date < x {
            assert_eq!(p.nav_per_unit, q.nav_per_unit, "{}", p.date);
        }
    }
    // Issued on a payment date (no days of hurdle then), the expansion class receives its
    // hurdle with the market units from the next date on, pari passu, not after the
    // originals' unpaid hurdle is caught up.
    let k = r.periods.iter().position(|p| p.date >= x).unwrap();
    for p in &r.periods[k + 1..] {
        assert!(p.tranches[2].residual_paid > Decimal::ZERO, "{}", p.date);
    }
    assert!(r.securities[2].size > Decimal::ZERO);
    assert_conserved(&r);
}

/// Each holder's cash over the deal, and the plan's fees and originator support.
fn holder_totals(r: &DealResults) -> (Vec<Decimal>, Decimal, Decimal) {
    let n = r.securities.len();
    let mut cash = vec![Decimal::ZERO; n];
    for p in &r.periods {
        for (c, t) in p.tranches.iter().enumerate() {
            cash[c] += t.cash();
        }
    }
    let plan = r.plan.as_ref().unwrap();
    let support = plan.periods.iter().map(|p| p.originator_support).sum();
    (cash, plan.total_fees, support)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]
    /// No cliffs the deal does not name: one fen more revenue in one year moves every
    /// holder's total by at most a few fen (the roundings it goes through), unless a period
    /// crosses 达标值 or 预期值, where the holders together lose exactly what the fees gain.
    #[test]
    fn one_fen_of_revenue_moves_holders_by_fen(
        revenue in 1_000_000u64..2_600_000, near in 0u8..4, year in 0usize..3, subordinate in any::<bool>(),
        tilted in any::<bool>(), guarantee in any::<bool>(),
    ) {
        let mut deal = small();
        let h = deal.holding.as_mut().unwrap();
        // Often one fen below a threshold: revenue 2,000,000 is NOI 1,600,000 (达标值),
        // 2,125,000 is NOI 1,700,000 (预期值), 1,875,000 is NOI 1,500,000 (对赌 target).
        h.asset.revenue_schedule[year] = match near {
            0 => d("1999999.99"),
            1 => d("2124999.99"),
            2 => d("1874999.99"),
            _ => Decimal::from(revenue),
        };
        h.spv.loan_repayment = LoanRepayment::Sweep;
        h.plan.manager_fee_rate = 0.003;
        let inc = h.incentive.as_mut().unwrap();
        inc.originator_subordination = subordinate;
        inc.investor_return = Some(0.06);
        inc.expected_noi = d("1700000");
        h.tilted = tilted.then_some(TiltedDistribution { market_hurdle: 0.05, originator_hurdle: 0.03, disposal_hurdle: 0.06, steps: vec![] });
        h.performance_guarantee = guarantee.then(|| PerformanceGuarantee { guarantor: "g".into(), target_noi: d("1500000"), target_by_year: vec![], cap_per_year: None, cap_total: None });
        let r0 = run(&deal, None).unwrap();
        deal.holding.as_mut().unwrap().asset.revenue_schedule[year] += d("0.01");
        let r1 = run(&deal, None).unwrap();
        let flags = |r: &DealResults| -> Vec<(bool, bool)> {
            r.periods.iter().zip(&r.plan.as_ref().unwrap().periods).map(|(p, q)| (p.trigger_breached, q.incentive_fee > Decimal::ZERO)).collect()
        };
        let ((c0, f0, s0), (c1, f1, s1)) = (holder_totals(&r0), holder_totals(&r1));
        let fen5 = d("0.05");
        if flags(&r0) == flags(&r1) {
            for (a, b) in c0.iter().zip(&c1) {
                prop_assert!((b - a).abs() <= fen5, "{a} → {b}");
            }
        } else {
            // Across a named threshold: what the holders lose together is what the fees gain
            // (to the fen of rounding), and no holder moves by more than that and the support.
            let holders: Decimal = c1.iter().sum::<Decimal>() - c0.iter().sum::<Decimal>();
            prop_assert!((holders + (f1 - f0)).abs() <= fen5, "holders {holders}, fees {}", f1 - f0);
            for (a, b) in c0.iter().zip(&c1) {
                prop_assert!((b - a).abs() <= (f1 - f0).abs() + (s1 - s0).abs() + fen5);
            }
        }
    }
}

#[test]
fn zero_revenue_leaves_opex_unpaid_not_negative_cash() {
    // No revenue and 100,000 of fixed opex a year: nothing can be paid; opex is carried and
    // warned, and no cash goes negative.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.asset.revenue_schedule = vec![Decimal::ZERO; 4];
    h.asset.base_revenue = Decimal::ZERO;
    h.asset.fixed_opex = d("100000");
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[0].available, Decimal::ZERO);
    assert_eq!(pc[1].opex_arrears, d("200000.00"));
    assert!(r.warnings.iter().any(|w| w.code == "W-PC-DEFICIT"));
    assert_conserved(&r);
}

#[test]
fn holding_samples_export_per_unit_schedules_for_every_class() {
    use tranche_studio::export::per_unit;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    for name in [
        "highway_concession.ron",
        "rental_housing_expansion.ron",
        "data_centre.ron",
    ] {
        let deal = load_deal(&dir.join(name)).unwrap().deal;
        for s in &deal.scenarios {
            let r = run(&deal, Some(&s.name)).unwrap();
            assert_eq!(
                r.plan.as_ref().unwrap().units.fract(),
                Decimal::ZERO,
                "{name}"
            );
            for sec in &r.securities {
                let sched = per_unit::schedule(&r, &sec.id, per_unit::default_face());
                let sched = sched.unwrap_or_else(|e| panic!("{name} {} {}: {e}", s.name, sec.id));
                assert_eq!(sched.units.fract(), Decimal::ZERO);
            }
        }
    }
}

#[test]
fn sale_reports_gross_price_costs_book_gain_and_tax_on_gain() {
    // Sale after 3 years at 8%, costs 1.5%: gross = next year's NOI 1,600,000 / 0.08 =
    // 20,000,000; costs 300,000; net 19,700,000; book 10,000,000 − 3 × 1,000,000 =
    // 7,000,000; gain 12,700,000. Taxable 1,600,000 − 200,000 − 1,000,000 + 12,700,000 −
    // the 800,000 loss of year 2 = 12,300,000; tax 3,075,000, all due to the gain.
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::Sale {
        year: 3,
        cap_rate: 0.08,
        costs: 0.015,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    let y3 = pc.last().unwrap();
    assert_eq!(pc.len(), 3);
    assert_eq!(
        (y3.gross_sale_price, y3.selling_costs, y3.sale_proceeds),
        (d("20000000.00"), d("300000.00"), d("19700000.00"))
    );
    assert_eq!(
        (y3.book_value_sold, y3.gain_on_sale),
        (d("7000000.00"), d("12700000.00"))
    );
    assert_eq!((y3.tax, y3.tax_on_gain), (d("3075000.00"), d("3075000.00")));
    assert_eq!(r.plan.as_ref().unwrap().exit, "Sale");
    // The exit value is the price net of costs: 20,000,000 − 300,000.
    assert_eq!(r.plan.as_ref().unwrap().exit_value, d("19700000.00"));
    assert_conserved(&r);
}

#[test]
fn capital_reduction_lowers_the_thin_cap_base() {
    // Year 1's trapped 1,010,000 reduces registered capital to 990,000 and goes to the plan;
    // year 2's deductible interest is on 2 × 990,000 = 1,980,000: 99,000.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::CapitalReduction,
        periods: vec![1],
        threshold: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc[0].capital_reduction, d("1010000.00"));
    assert_eq!(pc[1].deductible_interest, d("99000.00"));
    assert_eq!(
        r.plan.as_ref().unwrap().periods[0].capital_received,
        d("1010000.00")
    );
    assert_conserved(&r);
}

#[test]
fn hurdle_on_outstanding_capital() {
    // Tilted 5% / 3%, the loan prepaid with year 1's trapped cash. Year 1: funds 490,000 +
    // 1,010,000 − operator 60,000 = 1,440,000; hurdles 400,000 + 60,000; capital returned
    // min(980,000 left, 1,010,000 received) = 980,000 by capital: 784,000 and 196,000.
    // Year 2 on outstanding capital: 7,216,000 × 5% + 1,804,000 × 3% = 360,800 + 54,120.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::LoanPrepayment,
        periods: vec![1],
        threshold: None,
    });
    h.tilted = Some(TiltedDistribution {
        market_hurdle: 0.05,
        originator_hurdle: 0.03,
        disposal_hurdle: 0.05,
        steps: vec![],
    });
    let paid_in = run(&deal, None).unwrap();
    assert_eq!(
        paid_in.periods[0].tranches[0].principal_paid,
        d("784000.00")
    );
    assert_eq!(
        paid_in.plan.as_ref().unwrap().periods[1].hurdle_due,
        d("460000.00")
    );
    deal.holding.as_mut().unwrap().plan.hurdle_base = HurdleBase::Outstanding;
    let outstanding = run(&deal, None).unwrap();
    assert_eq!(
        outstanding.plan.as_ref().unwrap().periods[1].hurdle_due,
        d("414920.00")
    );
    assert_conserved(&outstanding);
}

#[test]
fn dynamic_tilt_gives_the_market_units_a_larger_share_below_expectations() {
    // No hurdles; below 预期值 (NOI 1,600,000 / 1,700,000 < 1) the market units take 90% of
    // year 1's 490,000 − 60,000 = 430,000: 387,000 and 43,000 (by units: 344,000 and 86,000).
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
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
    let t = &r.periods[0].tranches;
    assert_eq!(
        (t[0].residual_paid, t[1].residual_paid),
        (d("387000.00"), d("43000.00"))
    );
    deal.holding
        .as_mut()
        .unwrap()
        .tilted
        .as_mut()
        .unwrap()
        .steps
        .clear();
    let r = run(&deal, None).unwrap();
    let t = &r.periods[0].tranches;
    assert_eq!(
        (t[0].residual_paid, t[1].residual_paid),
        (d("344000.00"), d("86000.00"))
    );
}

#[test]
fn capex_schedule_and_bank_schedule() {
    // Capex 100,000 in year 1 only; the bank (3,000,000 at 4%) repays 100,000 and 200,000,
    // then everything on its 4th period: 2,700,000, all of it beyond a regular instalment.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.asset.capex_schedule = vec![d("100000")];
    h.spv.bank_debt = Some(BankDebt {
        ltv: 0.3,
        rate: 0.04,
        amortisation_periods: 4,
        repayment: BankRepayment::Schedule(vec![d("100000"), d("200000")]),
        refinancing: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(
        (pc.periods[0].capex, pc.periods[1].capex),
        (d("100000.00"), Decimal::ZERO)
    );
    let principal: Vec<Decimal> = pc.periods.iter().map(|p| p.bank_principal).collect();
    assert_eq!(
        principal,
        vec![
            d("100000.00"),
            d("200000.00"),
            Decimal::ZERO,
            d("2700000.00")
        ]
    );
    assert_eq!(pc.exit_debt_repayment, d("2700000.00"));
    // Year 1 DSCR: (1,600,000 − 100,000) / (120,000 + 100,000).
    assert!((pc.periods[0].dscr.unwrap() - 1_500_000.0 / 220_000.0).abs() < 1e-12);
    assert_conserved(&r);
}

#[test]
fn open_windows_with_caps_and_a_liquidity_buyer() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut deal = load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    let h = deal.holding.as_mut().unwrap();
    h.expansion = None;
    h.open_periods = vec![
        OpenWindow {
            year: 3,
            cap: 0.1,
            buyer: Buyer::LiquiditySupport,
        },
        OpenWindow {
            year: 6,
            cap: 0.2,
            buyer: Buyer::Originator,
        },
    ];
    deal.scenarios[0].redemption_share = 0.15;
    let r = run(&deal, None).unwrap();
    let ids: Vec<&str> = r.securities.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "market",
            "originator",
            "buyer-liquidity",
            "buyer-originator"
        ]
    );
    let units = |k: usize| -> Vec<Decimal> {
        r.periods[k]
            .tranches
            .iter()
            .map(|t| t.units.unwrap())
            .collect()
    };
    let market = units(0)[0];
    // Year 3: 15% asked, 10% allowed; year 6: 15% of what is left.
    let first = (market * d("0.1")).floor();
    let second = ((market - first) * d("0.15")).floor();
    let last = units(r.periods.len() - 1);
    assert_eq!(last[2], first);
    assert_eq!(last[3], second);
    assert_eq!(last[0], market - first - second);
    // Each buyer paid for its units and is paid like the market units afterwards.
    assert!(r.securities[2].size > Decimal::ZERO && r.securities[3].size > Decimal::ZERO);
    assert!(r.securities[2].irr.is_some());
    assert_conserved(&r);
}

#[test]
fn two_expansion_rounds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals");
    let mut deal = load_deal(&dir.join("rental_housing_expansion.ron"))
        .unwrap()
        .deal;
    let mut second = deal.holding.as_ref().unwrap().expansion.clone().unwrap();
    second.date = "2030-09-30".parse().unwrap();
    deal.holding.as_mut().unwrap().expansions = vec![second.clone()];
    let one = {
        let mut d1 = deal.clone();
        d1.holding.as_mut().unwrap().expansions.clear();
        run(&d1, None).unwrap()
    };
    let r = run(&deal, None).unwrap();
    assert_eq!(r.securities[3].id, "expansion-2");
    // Before the second round the NAV is the one-round deal's.
    let (p1, p2) = (
        &one.plan.as_ref().unwrap().periods,
        &r.plan.as_ref().unwrap().periods,
    );
    for (a, b) in p1.iter().zip(p2).filter(|(a, _)| a.date < second.date) {
        assert_eq!(a.nav_per_unit, b.nav_per_unit, "{}", a.date);
    }
    // Its units were issued at that NAV (the last date before its own): units × price.
    let k = r
        .periods
        .iter()
        .position(|p| p.date >= second.date)
        .unwrap();
    let price = d(&format!("{:.2}", p1[k - 1].nav_per_unit));
    let units = r.periods[k].tranches[3].units.unwrap();
    assert_eq!(r.securities[3].size, units * price);
    assert_conserved(&r);
}

#[test]
fn new_holding_terms_are_checked_at_their_path() {
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.asset.capex_schedule = vec![d("100"), d("-1")];
    let inc = h.incentive.as_mut().unwrap();
    inc.floor_by_year = vec![d("1000000"), d("1000000")];
    inc.expected_by_year = vec![d("1200000"), d("900000")];
    h.open_periods = vec![OpenWindow {
        year: 0,
        cap: 2.0,
        buyer: Buyer::Originator,
    }];
    h.spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::LoanPrepayment,
        periods: vec![0],
        threshold: None,
    });
    deal.scenarios[0].redemption_share = 1.5;
    let issues = tranche_studio::validate::validate(&deal, &[]);
    let at = |path: &str| -> Vec<String> {
        issues
            .iter()
            .filter(|i| i.path == path)
            .map(|i| i.message.clone())
            .collect()
    };
    assert_eq!(at("holding.asset.capex_schedule[1]"), ["-1 is negative"]);
    assert_eq!(at("holding.asset.capex_schedule[0]"), Vec::<String>::new());
    assert_eq!(
        at("holding.incentive.expected_by_year[1]"),
        ["the expected value (预期值) must not be below the floor value (达标值)"]
    );
    assert_eq!(at("holding.open_periods[0].cap"), ["2 is outside [0, 1]"]);
    assert_eq!(
        at("holding.open_periods[0].year"),
        ["must be between 1 and 100"]
    );
    assert_eq!(
        at("holding.spv.capital_return.periods"),
        ["periods are numbered from 1"]
    );
    assert_eq!(
        at("scenarios[0].redemption_share"),
        ["1.5 is outside [0, 1]"]
    );
    assert!(run(&deal, None).is_err());
}

/// Nine years of a project company by hand: a loss that expires partly unused, thin cap
/// binding in the first three years only, dividends held back by the deficit and then limited
/// by distributable profit, the statutory reserve reaching its cap, trapped cash released at
/// the exit.
#[test]
fn nine_years_by_hand() {
    let mut deal = small();
    deal.legal_final_date = "2034-01-01".parse().unwrap();
    deal.scenarios[0].exit_cap_rate = Some(0.05);
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.operator_base_fee_rate = 0.0;
    h.asset.opex_ratio = 0.0;
    h.asset.base_revenue = d("1500000");
    h.asset.revenue_schedule = [
        "1000000",
        "1400000",
        "1350000",
        "1325808.22",
        "1315000",
        "1305000",
        "2000000",
        "2000000",
        "2000000",
    ]
    .iter()
    .map(|s| d(s))
    .collect();
    // Equity 30% = 3,000,000 (thin cap 6,000,000), loan 7,000,000 at 5%, repaid 500,000 in
    // year 2 and 600,000 in year 3, the rest at the exit.
    h.spv.equity_ratio = 0.3;
    h.spv.loan_repayment = LoanRepayment::Schedule(vec![d("0"), d("500000"), d("600000")]);
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 9);
    let col = |f: fn(&tranche_studio::results::ProjectCompanyPeriod) -> Decimal| -> Vec<Decimal> {
        pc.iter().map(f).collect()
    };
    let ds = |v: &[&str]| -> Vec<Decimal> { v.iter().map(|s| d(s)).collect() };
    // Interest on the opening balance: 7.0m, 7.0m, 6.5m, then 5.9m (2028 has 366 days:
    // 5,900,000 × 5% × 366 / 365 = 295,808.22).
    assert_eq!(
        col(|p| p.shareholder_loan_interest),
        ds(&[
            "350000",
            "350000",
            "325000",
            "295808.22",
            "295000",
            "295000",
            "295000",
            "295808.22",
            "295000"
        ])
    );
    // Deductible on at most 6,000,000 while the balance is above it (years 1–3).
    assert_eq!(
        col(|p| p.deductible_interest),
        ds(&[
            "300000",
            "300000",
            "300000",
            "295808.22",
            "295000",
            "295000",
            "295000",
            "295808.22",
            "295000"
        ])
    );
    // Taxable = revenue − deductible − 1,000,000 depreciation: year 1 a loss of 300,000,
    // then 100,000 + 50,000 + 30,000 + 20,000 + 10,000 of it used; the 90,000 left expires
    // in 2032 (booked in 2026, usable to 2031).
    assert_eq!(
        col(|p| p.taxable_income)[..6],
        ds(&["-300000", "100000", "50000", "30000", "20000", "10000"])[..]
    );
    assert_eq!(
        col(|p| p.losses_used)[..6],
        ds(&["0", "100000", "50000", "30000", "20000", "10000"])[..]
    );
    assert_eq!(pc[6].losses_expired, d("90000"));
    // Year 7: taxable 2,000,000 − 295,000 − 1,000,000 = 705,000, tax 176,250. Net profit
    // 528,750 after a deficit of 350,000 − (50,000 + 25,000 + 30,000 + 20,000 + 10,000) =
    // 215,000: reserve 10% × 313,750 = 31,375; dividends 528,750 − 215,000 − 31,375 = 282,375.
    assert_eq!(
        col(|p| p.tax)[..7],
        ds(&["0", "0", "0", "0", "0", "0", "176250"])[..]
    );
    assert_eq!(
        col(|p| p.dividends)[..7],
        ds(&["0", "0", "0", "0", "0", "0", "282375"])[..]
    );
    assert_eq!(pc[6].statutory_reserve, d("31375"));
    // Year 8 (366 days): taxable 704,191.78, tax 176,047.945 → 176,047.95; net profit
    // 528,143.83, reserve 52,814.38, dividends 475,329.45 — limited by profit, not cash.
    assert_eq!(
        (pc[7].tax, pc[7].statutory_reserve, pc[7].dividends),
        (d("176047.95"), d("52814.38"), d("475329.45"))
    );
    // Trapped cash: 650,000; +1,400,000 − 350,000 − 500,000 = 1,200,000; …; year 7:
    // 4,685,000 + 2,000,000 − 295,000 − 176,250 − 282,375 = 5,931,375; year 8: 6,984,189.38.
    assert_eq!(
        col(|p| p.trapped_cash)[..8],
        ds(&[
            "650000",
            "1200000",
            "1625000",
            "2655000",
            "3675000",
            "4685000",
            "5931375",
            "6984189.38"
        ])[..]
    );
    // Year 9, the end: sold at 1,500,000 / 5% = 30,000,000, book 1,000,000, gain 29,000,000;
    // taxable 29,705,000, tax 7,426,250; net profit 22,278,750, reserve capped at 50% ×
    // 3,000,000 − 31,375 − 52,814.38 = 1,415,810.62; all cash paid out: 6,984,189.38 +
    // 2,000,000 + 30,000,000 − 295,000 − 7,426,250 − 5,900,000 = 25,362,939.38.
    let y9 = &pc[8];
    assert_eq!((y9.gain_on_sale, y9.tax), (d("29000000"), d("7426250")));
    assert_eq!(y9.statutory_reserve, d("1415810.62"));
    assert_eq!(y9.shareholder_loan_principal, d("5900000"));
    assert_eq!(
        (y9.dividends, y9.trapped_cash),
        (d("25362939.38"), Decimal::ZERO)
    );
    assert_conserved(&r);
}

#[test]
fn revenue_growth_that_leaves_the_amounts_handled_is_an_error() {
    // 2,000,000 doubling every year for 60 years is 2.3e24 CNY: refused, not run to zero.
    let mut deal = small();
    deal.legal_final_date = "2085-01-01".parse().unwrap();
    deal.holding.as_mut().unwrap().asset.right = AssetRight::Property {
        useful_life_years: 80,
    };
    deal.scenarios[0].revenue_growth = 1.0;
    let issues = tranche_studio::validate::validate(&deal, &[]);
    let e = issues
        .iter()
        .find(|i| i.path == "scenarios[0].revenue_growth")
        .unwrap();
    assert!(
        e.message.contains("above the largest amount handled"),
        "{}",
        e.message
    );
    // 1% a year stays within them.
    deal.scenarios[0].revenue_growth = 0.01;
    assert!(run(&deal, None).is_ok());
}

#[test]
fn money_drawn_at_an_expansion_accrues_from_its_date() {
    // An expansion on 2025-07-02 adds a loan L in the middle of year 1: year-1 interest is
    // 8,000,000 × 5% × 365 / 365 + L × 5% × 183 / 365 (183 days to 2026-01-01), rounded once.
    let mut deal = small();
    let asset = deal.holding.as_ref().unwrap().asset.clone();
    deal.holding.as_mut().unwrap().expansion = Some(Expansion {
        date: "2025-07-02".parse().unwrap(),
        asset,
        price: d("1000000"),
    });
    let r = run(&deal, None).unwrap();
    let y1 = &r.project_company.as_ref().unwrap().periods[0];
    let l = y1.shareholder_loan_balance - d("8000000");
    assert!(l > d("700000") && l < d("800000"), "{l}");
    let expected = ((d("8000000") * d("365") + l * d("183")) * d("0.05") / d("365"))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(y1.shareholder_loan_interest_due, expected);
    assert_conserved(&r);
}
