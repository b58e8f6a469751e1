//! Pricing at settlement: accrued interest, clean and dirty price, yield, spread, durations,
//! by hand on a two-flow bond, and the yield → price → yield round trip.

use crate::common;

use rust_decimal::Decimal;
use std::str::FromStr;
use tranche_studio::engine::run;
use tranche_studio::io::parse_deal;
use tranche_studio::model::Deal;
use tranche_studio::pricing::{PricingError, Quote, price};

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() < tol, "{a} vs {b}");
}

/// A 1,000,000 note at 5% a year paying on 1 Jan 2026 (interest 50,000) and 1 Jan 2027
/// (50,000 + 1,000,000), each period 365 days, backed by a bullet loan at 10%.
fn two_flow_bond() -> Deal {
    parse_deal(
        r#"
#![enable(implicit_some)]
Deal(
    format_version: 1,
    name: "两笔现金流",
    closing_date: "2025-01-01",
    first_payment_date: "2026-01-01",
    frequency: Annual,
    legal_final_date: "2027-01-01",
    pool: Pool(assets: [
        Asset(id: "L1", obligor: "甲", asset_class: TrustLoan, balance: "1000000.00", rate: 0.10,
              remaining_term: 24, amortisation: Bullet),
    ]),
    scenarios: [Scenario(name: "base")],
    tranches: [
        Tranche(id: "A", name: "优先级", size: "1000000.00", coupon: 0.05,
                expected_maturity: "2027-01-01", legal_maturity: "2027-01-01"),
    ],
    waterfall: Waterfall(steps: [
        Interest(["A"]),
        Principal(tranches: ["A"], allocation: Sequential, amount: Collections),
    ]),
    pricing: PricingTerms(trade_date: "2025-06-30", settlement_date: "2025-07-02",
                          cdb_curve: [(1.0, 0.02), (2.0, 0.03)]),
)
"#,
        "two-flow",
    )
    .unwrap()
}

#[test]
fn two_flow_bond_priced_by_hand() {
    let deal = two_flow_bond();
    let r = run(&deal, None).unwrap();
    let p = price(&deal, &r, "A", date("2025-07-02"), Quote::Yield(0.05)).unwrap();
    // Accrued: 1 Jan → 2 Jul 2025 = 31+28+31+30+31+30+1 = 182 days;
    // 1,000,000 × 5% × 182/365 = 24,931.5068 → 24,931.51, i.e. 2.493151 per 100.
    assert_eq!(p.accrued_days, 182);
    assert_eq!(p.accrued_interest, Decimal::from_str("24931.51").unwrap());
    close(p.accrued_per_100, 2.493151, 1e-12);
    // Flows 183 and 548 days after settlement, at 5%:
    // 50,000 / 1.05^(183/365) = 48,791.7425; 1,050,000 / 1.05^(548/365) = 975,834.8500;
    // PV 1,024,626.5925 → dirty 102.462659 per 100 (= 100 × 1.05^(182/365): a bond whose
    // coupon equals its yield is worth par on its closing date and grows at the yield).
    close(p.dirty_price, 102.462_659_25, 1e-7);
    // Clean = 102.462659 − 2.493151 = 99.969508 (compounding vs simple accrual).
    close(p.clean_price, 99.969_508_25, 1e-7);
    close(p.settlement_amount, 1_024_626.592_5, 1e-3);
    assert_eq!(p.trade_date, Some(date("2025-06-30")));
    // Macaulay = (183/365 × 48,791.7425 + 548/365 × 975,834.8500) / 1,024,626.5925 = 1.453751;
    // modified = 1.453751 / 1.05 = 1.384525.
    close(p.macaulay_duration.unwrap(), 1.453_750_8, 1e-6);
    close(p.modified_duration.unwrap(), 1.384_524_6, 1e-6);
    // Convexity = (48,791.7425 × 0.50137 × 1.50137 + 975,834.8500 × 1.50137 × 2.50137)
    // / (1.05² × 1,024,626.5925) = 3.276638.
    close(p.convexity.unwrap(), 3.276_638_3, 1e-6);
    // WAL: all principal 548 days out = 1.501370; CDB there 2% + 1% × 0.501370 = 2.501370%;
    // spread 5% − 2.501370% = 2.498630%.
    close(p.wal.unwrap(), 548.0 / 365.0, 1e-12);
    close(p.curve_yield.unwrap(), 0.025_013_70, 1e-8);
    close(p.spread.unwrap(), 0.024_986_30, 1e-8);
}

#[test]
fn a_bond_at_its_coupon_prices_at_par_on_its_closing_date() {
    // Known bond: 5 / 1.05 + 105 / 1.05² = 4.761905 + 95.238095 = 100, nothing accrued.
    let deal = two_flow_bond();
    let r = run(&deal, None).unwrap();
    let p = price(&deal, &r, "A", date("2025-01-01"), Quote::Yield(0.05)).unwrap();
    assert_eq!(p.accrued_interest, Decimal::ZERO);
    close(p.dirty_price, 100.0, 1e-9);
    close(p.clean_price, 100.0, 1e-9);
    // And at par the solved yield is the coupon.
    let q = price(&deal, &r, "A", date("2025-01-01"), Quote::CleanPrice(100.0)).unwrap();
    close(q.yield_, 0.05, 1e-10);
}

#[test]
fn a_spread_reads_the_curve_at_the_wal() {
    let deal = two_flow_bond();
    let r = run(&deal, None).unwrap();
    // CDB at WAL 1.501370 = 2.501370%; + 100 bp = 3.501370%.
    let p = price(&deal, &r, "A", date("2025-07-02"), Quote::Spread(0.01)).unwrap();
    close(p.yield_, 0.035_013_70, 1e-8);
    close(p.spread.unwrap(), 0.01, 1e-12);
}

#[test]
fn yield_to_price_to_yield_round_trips_on_an_amortising_tranche() {
    // The small deal's A: 900,000 at 3%, 500,000 repaid on 1 Apr 2025, the rest on 1 Jul.
    let deal = common::small_deal();
    let r = run(&deal, Some("base")).unwrap();
    let settle = date("2025-05-15");
    let p = price(&deal, &r, "A", settle, Quote::Yield(0.037)).unwrap();
    // After the 1 Apr payment 400,000 is outstanding; accrued 1 Apr → 15 May = 44 days:
    // 400,000 × 3% × 44/365 = 1,446.5753 → 1,446.58.
    assert_eq!(p.outstanding, Decimal::from_str("400000.00").unwrap());
    assert_eq!(p.accrued_interest, Decimal::from_str("1446.58").unwrap());
    // One flow left, 1 Jul (47 days): 2,991.78 + 400,000 = 402,991.78 / 1.037^(47/365)
    // = 402,991.78 / 1.0046893 = 401,110.84 → dirty 100.277711.
    close(p.dirty_price, 100.277_711, 1e-6);
    let back = price(&deal, &r, "A", settle, Quote::CleanPrice(p.clean_price)).unwrap();
    close(back.yield_, 0.037, 1e-10);
    close(back.dirty_price, p.dirty_price, 1e-12);
}

#[test]
fn what_cannot_be_priced_is_refused_with_its_reason() {
    let deal = two_flow_bond();
    let r = run(&deal, None).unwrap();
    // On the last payment date the seller keeps the last flow: nothing is left to price.
    assert_eq!(
        price(&deal, &r, "A", date("2027-01-01"), Quote::Yield(0.05)),
        Err(PricingError::NothingAfter("A".into(), date("2027-01-01")))
    );
    assert_eq!(
        price(&deal, &r, "Z", date("2025-07-02"), Quote::Yield(0.05)),
        Err(PricingError::UnknownSecurity("Z".into()))
    );
    assert_eq!(
        price(&deal, &r, "A", date("2024-12-31"), Quote::Yield(0.05)),
        Err(PricingError::BeforeClosing(
            date("2024-12-31"),
            date("2025-01-01")
        ))
    );
    let mut no_curve = deal.clone();
    no_curve.pricing = None;
    assert_eq!(
        price(&no_curve, &r, "A", date("2025-07-02"), Quote::Spread(0.01)),
        Err(PricingError::NoCurve)
    );
    assert_eq!(
        price(&deal, &r, "A", date("2025-07-02"), Quote::CleanPrice(-1.0)),
        Err(PricingError::BadInput(-1.0, "clean price"))
    );
}

#[test]
fn the_pricing_dates_and_curve_are_checked() {
    // validate/market.rs `pricing`: closing 2025-01-01, trade 2025-06-30, settlement
    // 2025-07-02. Settlement on closing and trade on settlement are accepted; a day earlier
    // (settlement) or later (trade) is refused; the curve is checked at its own path.
    use tranche_studio::error::Severity;
    let errors = |deal: &Deal| -> Vec<(String, String)> {
        tranche_studio::validate::validate(deal, &[])
            .into_iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| (i.path, i.message))
            .collect()
    };
    let one = |path: &str, message: &str| vec![(path.to_string(), message.to_string())];
    let mut deal = two_flow_bond();
    assert_eq!(errors(&deal), vec![]);
    let p = deal.pricing.as_mut().unwrap();
    (p.trade_date, p.settlement_date) = (Some(date("2025-01-01")), Some(date("2025-01-01")));
    assert_eq!(errors(&deal), vec![]);
    deal.pricing.as_mut().unwrap().settlement_date = Some(date("2024-12-31"));
    assert_eq!(
        errors(&deal),
        vec![
            (
                "pricing.settlement_date".to_string(),
                "must not be before closing_date".to_string()
            ),
            (
                "pricing.trade_date".to_string(),
                "must not be after settlement_date".to_string()
            ),
        ]
    );
    let p = deal.pricing.as_mut().unwrap();
    (p.trade_date, p.settlement_date) = (Some(date("2025-01-02")), Some(date("2025-01-01")));
    assert_eq!(
        errors(&deal),
        one("pricing.trade_date", "must not be after settlement_date")
    );
    let p = deal.pricing.as_mut().unwrap();
    p.trade_date = None;
    p.cdb_curve = vec![(2.0, 0.02), (1.0, 0.03)];
    assert_eq!(
        errors(&deal),
        one(
            "pricing.cdb_curve[1].0",
            "tenors must be finite and ascending"
        )
    );
}
