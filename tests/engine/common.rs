// Shared by the engine tests: a tiny deal whose figures are worked out by hand.
#![allow(dead_code)]

use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;

/// One 1,000,000 asset at 6%, equal principal over 6 months (2 quarterly periods);
/// A 900,000 at 3% and B 100,000 taking the residual; a 0.1% management fee.
pub const SMALL_DEAL: &str = r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "小型手算交易",
    closing_date: "2025-01-01",
    first_payment_date: "2025-04-01",
    frequency: Quarterly,
    legal_final_date: "2026-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲公司", asset_class: TrustLoan, balance: "1000000.00", rate: 0.06,
              remaining_term: 6, amortisation: EqualPrincipal),
    ]),
    scenarios: [
        Scenario(name: "base"),
        Scenario(name: "default", obligor_defaults: [ObligorDefault(obligor: "甲公司", period: 2)]),
    ],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "900000.00", coupon: 0.03,
                expected_maturity: "2025-07-01", legal_maturity: "2026-01-01", rating: "AAA"),
        Tranche(id: "B", name: "次级", size: "100000.00", coupon: 0.0,
                expected_maturity: "2025-07-01", legal_maturity: "2026-01-01", holder: Originator),
    ],
    fees: [Fee(id: "mgmt", name: "管理费", basis: PoolBalance(0.001))],
    reserve: Reserve(initial: "5000.00", target: Fixed("5000.00"), covers: [Fees, Interest(["A"])]),
    enhancements: [
        Enhancement(id: "dp", kind: DeficiencyPayment, provider: "增信公司",
                    covers: [MaturityPrincipal(["A"])], cap_total: "300000.00"),
    ],
    waterfall: Waterfall(steps: [
        Fee("mgmt"),
        Interest(["A"]),
        ReserveTopUp,
        Principal(tranches: ["A", "B"], allocation: Sequential, amount: Collections),
        Residual("B"),
    ]),
)
"#;

pub fn small_deal() -> Deal {
    parse_deal(SMALL_DEAL, "small").expect("the small deal parses")
}
