use super::{Amortisation, AssetClass};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 循环购买: during the revolving period the principal collections buy new assets instead of
/// repaying the securities; then the pool amortises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revolving {
    /// The last payment date on which collections buy new assets (循环期末).
    pub end: NaiveDate,
    /// Cash paid per 100 of balance bought: 100 at par, 98 at a 2% discount.
    #[serde(default = "par")]
    pub price: f64,
    /// The reinvestment assumption: what each purchase buys, as shares of it.
    pub purchases: Vec<PurchaseLine>,
    /// 合格标准: what may be bought.
    #[serde(default)]
    pub eligibility: Eligibility,
    /// Ids of `triggers` whose breach ends the revolving period (提前摊还事件) from the date
    /// it is first breached.
    #[serde(default)]
    pub early_amortisation: Vec<String>,
    /// Ends the revolving period from the next date when the cash left uninvested after a
    /// date's purchases is above this share of the pool balance after them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uninvested_share: Option<f64>,
}

fn par() -> f64 {
    100.0
}

/// One kind of asset bought on every purchase date: a share of the cash invested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchaseLine {
    pub id: String,
    /// A single obligor the line lends to; empty: many small obligors (no obligor limit).
    #[serde(default)]
    pub obligor: String,
    /// The obligors' industry (行业); empty: not counted by the industry limit.
    #[serde(default)]
    pub industry: String,
    #[serde(default = "receivable")]
    pub asset_class: AssetClass,
    /// Share of each purchase's cash; the shares add up to 1.
    pub weight: f64,
    /// Annual rate of the new assets, decimal.
    pub rate: f64,
    /// Term of the new assets in months from their purchase date.
    pub term: u32,
    /// `LevelPayment`, `EqualPrincipal` or `Bullet`.
    pub amortisation: Amortisation,
}

fn receivable() -> AssetClass {
    AssetClass::TradeReceivable
}

/// 合格标准 of the assets bought; an absent limit does not apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Lowest rate a new asset may have, decimal p.a.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_rate: Option<f64>,
    /// Longest term a new asset may have, months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_term: Option<u32>,
    /// Most one obligor may hold of the pool after a purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_obligor_share: Option<f64>,
    /// Most one industry may hold of the pool after a purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_industry_share: Option<f64>,
}
