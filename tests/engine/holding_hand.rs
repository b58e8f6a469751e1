//! Holding-type deals by hand, one rule of the project company each: the cases cargo-mutants
//! found no test for (docs/testing.md, "Fourth session: holding").

use super::holding::{assert_conserved, d, small};
use rust_decimal::Decimal;
use tranche_studio::engine::run;
use tranche_studio::model::*;

/// The small deal with a bank loan of 50% at 4% in two equal instalments, fixed opex
/// 300,000 a year, capex 150,000 in year 2, revenue 2,000,000 then 200,000, no incentive fee,
/// the plan holding `share` of the equity; converted to a REIT after year 2 at a 5% yield.
fn reit_after_two_years(share: f64) -> Deal {
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::ReitConversion {
        year: 2,
        distribution_yield: 0.05,
    });
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.spv.plan_equity_share = share;
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
fn a_reit_conversion_deducts_every_debt_the_company_still_owes() {
    // Bank 50% of 10,000,000 at 4% in two equal instalments; the plan 5,000,000: equity 20% =
    // 1,000,000 (all of the registered capital), loan 4,000,000 at 5%. Fixed opex 300,000 a
    // year, capex 150,000 in year 2, revenue 2,000,000 then 200,000; converted after year 2.
    let r = run(&reit_after_two_years(1.0), None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 2);
    // Year 1: 2,000,000 − opex 300,000 − bank interest 200,000 = 1,500,000 pays that much of
    // the 2,500,000 instalment; loan interest 200,000 and tax are unpaid. Taxable 1,700,000 −
    // 200,000 − 100,000 (deductible on 2 × 1,000,000) − 1,000,000 = 400,000: tax 100,000.
    assert_eq!(
        (pc[0].bank_principal, pc[0].tax_assessed, pc[0].tax_arrears),
        (d("1500000"), d("100000"), d("100000"))
    );
    // Year 2: 200,000 pays part of the opex: 100,000 of it, the capex 150,000, bank interest
    // 3,500,000 × 4% = 140,000 and the whole bank balance 3,500,000 stay owed, with the tax
    // arrears 100,000 and the loan interest 400,000.
    let y2 = &pc[1];
    assert_eq!(
        (y2.opex_arrears, y2.bank_interest_arrears, y2.bank_balance),
        (d("100000"), d("140000"), d("3500000"))
    );
    assert_eq!(y2.tax_arrears, d("100000"));
    assert_eq!(y2.shareholder_loan_interest_arrears, d("400000"));
    // The REIT values the asset at year 3's cash 2,000,000 − 300,000 over 5% = 34,000,000.
    // The plan's claims: loan 4,000,000 + interest 400,000 = 4,400,000, and its whole equity
    // 34,000,000 + cash 0 − (bank 3,500,000 + interest 140,000 + tax 100,000 + opex 100,000
    // + capex 150,000) − 4,400,000 = 25,610,000: 30,010,000.
    let plan = &r.plan.as_ref().unwrap().periods[1];
    assert_eq!(plan.conversion_proceeds, d("30010000"));
    assert_conserved(&r);
}

#[test]
fn losses_of_one_calendar_year_expire_together_five_years_on() {
    // An all-equity 1,000,000 property (10 years: 100,000 a year) with no revenue, paid
    // half-yearly from 2025-07-01: every date books its depreciation as a loss. Cumulative
    // depreciation 100,000 × 181 / 365 = 49,589.04 on 2025-07-01, 100,000 on 2026-01-01, …:
    // 49,589.04 on each 1 July and 50,410.96 on each 1 January.
    let mut deal = small();
    deal.frequency = Frequency::SemiAnnual;
    deal.first_payment_date = "2025-07-01".parse().unwrap();
    deal.legal_final_date = "2032-01-01".parse().unwrap();
    deal.scenarios[0].exit_cap_rate = None;
    let h = deal.holding.as_mut().unwrap();
    h.incentive = None;
    h.plan.operator_base_fee_rate = 0.0;
    h.asset.base_revenue = Decimal::ZERO;
    h.asset.revenue_schedule.clear();
    h.spv.total_investment = d("1000000");
    h.spv.equity_ratio = 1.0;
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(pc.len(), 14);
    let dep: Vec<Decimal> = pc[..4].iter().map(|p| p.depreciation).collect();
    assert_eq!(
        dep,
        [d("49589.04"), d("50410.96"), d("49589.04"), d("50410.96")]
    );
    // The losses of 2025 (49,589.04) may be used up to 2030 and expire on the first date of
    // 2031; those of 2026 (2026-01-01 and 2026-07-01: 50,410.96 + 49,589.04 = 100,000) on the
    // first date of 2032. No other date lets a loss expire.
    let expired: Vec<(String, Decimal)> = pc
        .iter()
        .filter(|p| p.losses_expired != Decimal::ZERO)
        .map(|p| (p.date.to_string(), p.losses_expired))
        .collect();
    assert_eq!(
        expired,
        [
            ("2031-01-01".to_string(), d("49589.04")),
            ("2032-01-01".to_string(), d("100000"))
        ]
    );
    assert_conserved(&r);
}

#[test]
fn loan_to_value_is_the_bank_balance_over_the_price_and_no_debt_service_has_no_dscr() {
    // Bank 30% of 10,000,000 in 8 instalments of 375,000: after year 1 it owes 2,625,000,
    // 26.25% of the price paid; after year 2, 2,250,000: 22.5%.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = Some(BankDebt {
        ltv: 0.3,
        rate: 0.04,
        amortisation_periods: 8,
        repayment: BankRepayment::EqualPrincipal,
        refinancing: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!((pc[0].ltv, pc[1].ltv), (0.2625, 0.225));
    // Without a bank nothing is owed to it: no debt service, so no DSCR at all.
    let r = run(&small(), None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert!(pc.periods.iter().all(|p| p.dscr.is_none() && p.ltv == 0.0));
    assert_eq!(pc.min_dscr, None);
}

fn bank(ltv: f64, periods: u32, refinancing: Option<Refinancing>) -> Option<BankDebt> {
    Some(BankDebt {
        ltv,
        rate: 0.04,
        amortisation_periods: periods,
        repayment: BankRepayment::EqualPrincipal,
        refinancing,
    })
}

#[test]
fn a_bank_loan_unpaid_at_its_maturity_stays_due_in_whole_without_instalments() {
    // Bank 50% = 5,000,000 at 4% in two instalments of 2,500,000; the plan's loan 4,000,000.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = bank(0.5, 2, None);
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    // Year 1: 2,000,000 − opex 400,000 − interest 200,000 pays 1,400,000 of the instalment:
    // 3,600,000 left, 1,100,000 of it in arrears.
    assert_eq!(
        (pc[0].bank_principal, pc[0].bank_principal_arrears),
        (d("1400000"), d("1100000"))
    );
    // Year 2, the maturity: the whole 3,600,000 is due; 500,000 − 100,000 − interest 144,000
    // pays 256,000 of it. What is left is due in whole again, not as arrears of an instalment.
    let y2 = &pc[1];
    assert_eq!(
        (y2.bank_principal_due, y2.bank_principal),
        (d("3600000"), d("256000"))
    );
    assert_eq!(
        (y2.bank_scheduled_principal, y2.bank_principal_arrears),
        (d("2500000"), Decimal::ZERO)
    );
    // Year 3: no instalment is scheduled past the maturity; the 3,344,000 is due; interest
    // 3,344,000 × 4% = 133,760, so the DSCR is 1,600,000 / 133,760.
    let y3 = &pc[2];
    assert_eq!(
        (y3.bank_scheduled_principal, y3.bank_principal_due),
        (Decimal::ZERO, d("3344000"))
    );
    assert_eq!(y3.bank_interest, d("133760"));
    assert_eq!(y3.dscr, Some(1_600_000.0 / 133_760.0));
    assert_conserved(&r);
}

#[test]
fn an_amortising_bank_loan_refinanced_at_its_last_instalment_repays_nothing_then() {
    // Bank 20% = 2,000,000 at 4% in two instalments of 1,000,000, refinanced at 6% on period
    // 2: year 1 repays 1,000,000 (cash 2,000,000 − 400,000 − 80,000), year 2 nothing, year 3
    // pays 1,000,000 × 6% = 60,000 of interest and the exit repays the 1,000,000.
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.bank_debt = bank(0.2, 2, Some(Refinancing { rate: 0.06 }));
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    let principal: Vec<_> = pc.iter().map(|p| p.bank_principal).collect();
    assert_eq!(
        principal,
        [d("1000000"), Decimal::ZERO, Decimal::ZERO, d("1000000")]
    );
    assert_eq!(
        (pc[1].bank_scheduled_principal, pc[1].bank_principal_due),
        (Decimal::ZERO, Decimal::ZERO)
    );
    assert_eq!(pc[2].bank_interest, d("60000"));
    assert_conserved(&r);
}

#[test]
fn bank_money_drawn_at_an_expansion_starts_its_instalments_on_the_next_date() {
    // An expansion on 2025-07-02 at 1,000,000 borrows 50% = 500,000 more from the bank (10
    // instalments, 4%) beside the 5,000,000 drawn at closing. Year 1's instalment is on the
    // closing draw only: 5,000,000 / 10 = 500,000; year 2's on both: 5,500,000 / 10 =
    // 550,000. Year-1 interest: 5,000,000 × 4% + 500,000 × 4% × 183 / 365 = 200,000 +
    // 10,027.397… = 210,027.40.
    let mut deal = small();
    let h = deal.holding.as_mut().unwrap();
    h.spv.bank_debt = bank(0.5, 10, None);
    h.expansion = Some(Expansion {
        date: "2025-07-02".parse().unwrap(),
        asset: h.asset.clone(),
        price: d("1000000"),
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    assert_eq!(
        (
            pc[0].bank_scheduled_principal,
            pc[1].bank_scheduled_principal
        ),
        (d("500000"), d("550000"))
    );
    assert_eq!(pc[0].bank_interest_due, d("210027.40"));
    assert_conserved(&r);
}

#[test]
fn interest_carried_in_arrears_is_charged_once_in_the_year_it_accrues() {
    // Bank 50% = 5,000,000 at 90%: 4,500,000 of interest a year against 1,600,000 of cash in
    // year 1 (2,900,000 carried); the plan's loan 4,000,000 at 5% (200,000, unpaid, deductible
    // on 2 × 1,000,000 only: 100,000).
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
    // Year 1: taxable 1,600,000 − 4,500,000 − 100,000 − 1,000,000 = −4,000,000; net profit
    // 1,600,000 − 4,500,000 − 200,000 − 1,000,000 = −4,100,000.
    assert_eq!(
        (pc[0].taxable_income, pc[0].net_profit),
        (d("-4000000"), d("-4100000"))
    );
    // Year 2 owes 4,500,000 + 2,900,000 to the bank and 200,000 + 200,000 on the loan, but
    // only this year's accruals are charged: taxable 400,000 − 4,500,000 − 100,000 −
    // 1,000,000 = −5,200,000; net profit 400,000 − 4,500,000 − 200,000 − 1,000,000 =
    // −5,300,000.
    assert_eq!(
        (pc[1].bank_interest_due, pc[1].shareholder_loan_interest_due),
        (d("7400000"), d("400000"))
    );
    assert_eq!(
        (pc[1].taxable_income, pc[1].net_profit),
        (d("-5200000"), d("-5300000"))
    );
    assert_conserved(&r);
}

#[test]
fn the_tax_on_a_gain_is_the_tax_with_it_less_the_tax_without_it() {
    // Sold after year 1 at 2% on next year's NOI 400,000: 20,000,000 against a book value of
    // 10,000,000 − 1,000,000 = 9,000,000, a gain of 11,000,000. Taxable 1,600,000 − 200,000
    // − 1,000,000 + 11,000,000 = 11,400,000: tax 2,850,000; without the gain 400,000 is
    // taxed 100,000, so 2,750,000 is due to the gain.
    let mut deal = small();
    deal.scenarios[0].exit = Some(Exit::Sale {
        year: 1,
        cap_rate: 0.02,
        costs: 0.0,
    });
    let r = run(&deal, None).unwrap();
    let y1 = &r.project_company.as_ref().unwrap().periods[0];
    assert_eq!(y1.gain_on_sale, d("11000000"));
    assert_eq!(
        (y1.taxable_income, y1.tax, y1.tax_on_gain),
        (d("11400000"), d("2850000"), d("2750000"))
    );
    assert_conserved(&r);
}

#[test]
fn a_reduction_of_all_the_registered_capital_keeps_the_plan_s_share_of_later_dividends() {
    // The small deal's plan holds all the equity (plan_equity_share 1.0) of a registered
    // capital of 2,000,000. Trapped cash is returned by capital reduction on dates 1 to 4:
    // 1,010,000 on date 1 (year 1's trapped cash), then the 990,000 left
    // (2,000,000 − 1,010,000) on date 3, which leaves no registered capital. A pro-rata
    // reduction does not change who owns the company: the dividends paid out at the
    // liquidation on date 4 are still all the plan's, with the loan's interest and principal.
    // (The engine took the plan's share as 0 once no registered capital was left, and the
    // plan received none of those dividends.)
    let mut deal = small();
    deal.holding.as_mut().unwrap().spv.capital_return = Some(CapitalReturn {
        method: CapitalReturnMethod::CapitalReduction,
        periods: vec![1, 2, 3, 4],
        threshold: None,
    });
    let r = run(&deal, None).unwrap();
    let pc = &r.project_company.as_ref().unwrap().periods;
    let plan = &r.plan.as_ref().unwrap().periods;
    assert_eq!(pc[0].capital_reduction, d("1010000.00"));
    assert_eq!(pc[2].capital_reduction, d("990000.00"));
    assert_eq!(plan[2].capital_received, d("990000.00"));
    let last = &pc[3];
    assert!(last.dividends > d("9000000"), "{}", last.dividends);
    assert_eq!(
        plan[3].from_project_company,
        last.dividends + last.shareholder_loan_interest + last.shareholder_loan_principal
    );
    assert_conserved(&r);
}

#[test]
fn a_reit_conversion_pays_the_loan_claim_and_the_plan_s_share_of_the_equity() {
    // `a_reit_conversion_deducts_every_debt_the_company_still_owes` with the plan holding 80%
    // of the equity (ledger.rs 185:37, 186:32, 188:42, 193:46, 193:59). Capital (model::capital):
    // the plan's money fen(5,000,000 / (0.2 / 0.8 + 1 − 0.2)) = 4,761,904.76, 47,619 whole units
    // = 4,761,900; its equity 20% = 952,380, its loan 3,809,520; registered capital 5,000,000 −
    // 3,809,520 = 1,190,480 (the originator's 238,100).
    let r = run(&reit_after_two_years(0.8), None).unwrap();
    let pc = r.project_company.as_ref().unwrap();
    assert_eq!(
        (pc.registered_capital, pc.shareholder_loan),
        (d("1190480"), d("3809520"))
    );
    // Year 1 pays no loan interest (as in the deal above): 3,809,520 × 5% = 190,476 a year,
    // 380,952 owed after year 2. Taxable 1,700,000 − bank interest 200,000 − 119,048
    // (deductible on 2 × 1,190,480) − 1,000,000 = 380,952: tax 95,238, unpaid.
    let y2 = &pc.periods[1];
    assert_eq!(y2.shareholder_loan_interest_arrears, d("380952"));
    assert_eq!(y2.tax_arrears, d("95238"));
    // The REIT values the asset at 34,000,000 (1,700,000 / 5%); that is the exit value, with
    // no sale and no costs.
    let plan = r.plan.as_ref().unwrap();
    assert_eq!(plan.exit_value, d("34000000"));
    // The claim: loan 3,809,520 + interest 380,952 = 4,190,472. The equity: 34,000,000 − debts
    // (bank 3,500,000 + interest 140,000 + tax 95,238 + opex 100,000 + capex 150,000 =
    // 3,985,238) − the claim = 25,824,290, of which the plan's 952,380 / 1,190,480:
    // 20,659,345.2298 → 20,659,345.23. Proceeds 4,190,472 + 20,659,345.23 = 24,849,817.23,
    // on the conversion date only.
    assert_eq!(plan.periods[0].conversion_proceeds, Decimal::ZERO);
    assert_eq!(plan.periods[1].conversion_proceeds, d("24849817.23"));
    // The dates are numbered from 1 (ledger.rs 300:23).
    assert_eq!((r.periods[0].period, r.periods[1].period), (1, 2));
    assert_conserved(&r);
}
