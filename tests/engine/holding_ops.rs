//! Holding-type deals by hand, one rule of the operating asset, the report or the holders'
//! metrics each: the cases cargo-mutants found no test for (docs/testing.md, "Fifth session:
//! holding operations, report, timeline, metrics").

use super::holding::{assert_conserved, d, small};
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
