//! The deal as the user writes it: plain serde data, no behaviour. `docs/deal-format.md`
//! documents every field; keep the two in step.

mod analysis;
mod call;
mod capital;
mod holding;
mod liabilities;
mod pool;
mod pricing;
mod revolving;
mod scenario;
mod stress;
mod tokens;

pub use analysis::*;
pub use call::*;
pub use capital::{Capital, capital};
pub use holding::*;
pub use liabilities::*;
pub use pool::*;
pub use pricing::PricingTerms;
pub use revolving::*;
pub use scenario::*;
pub use stress::StressTemplate;
pub use tokens::*;

pub use crate::business_days::{AccrualDates, BusinessDays, HolidayCalendar, Roll};
pub use crate::time::{DayCount, Frequency};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    pub format_version: u32,
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Marks a deal sold as data-asset ABS (数据资产ABS), which must hold 50–70% data assets.
    #[serde(default)]
    pub data_asset_label: bool,
    pub closing_date: NaiveDate,
    pub first_payment_date: NaiveDate,
    pub frequency: Frequency,
    pub legal_final_date: NaiveDate,
    #[serde(default)]
    pub day_count: DayCount,
    /// Business-day rule for payment dates; none by default (dates as scheduled).
    #[serde(default, skip_serializing_if = "BusinessDays::is_default")]
    pub business_days: BusinessDays,
    /// Collections of period i are available on payment date i + lag.
    #[serde(default)]
    pub collection_lag: u32,
    /// Tranched deals: the pool. Empty for holding-type deals.
    #[serde(default)]
    pub pool: Pool,
    pub scenarios: Vec<Scenario>,
    /// Scenario used when none is named; the first scenario when absent.
    #[serde(default)]
    pub default_scenario: Option<String>,
    /// Rating-style stresses, each a named scenario derived from a written one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stress_templates: Vec<StressTemplate>,
    /// Tranched deals: the securities. Empty for holding-type deals.
    #[serde(default)]
    pub tranches: Vec<Tranche>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub reserve: Option<Reserve>,
    #[serde(default)]
    pub enhancements: Vec<Enhancement>,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// 增值税及附加 on the plan's interest income, paid at the `Tax` step.
    #[serde(default)]
    pub vat: Option<Vat>,
    /// 清仓回购: the originator's clean-up call.
    #[serde(default)]
    pub clean_up_call: Option<CleanUpCall>,
    /// 循环购买: a revolving period in which principal collections buy new assets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revolving: Option<Revolving>,
    /// 风险自留: the share the originator keeps and for how long (checked as a red line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_retention: Option<RiskRetention>,
    #[serde(default)]
    pub waterfall: Waterfall,
    /// Holding-type deals (持有型不动产ABS): the double SPV and its terms.
    #[serde(default)]
    pub holding: Option<Holding>,
    /// Secondary-market pricing: trade and settlement dates, the CDB curve for spreads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingTerms>,
    /// Grids of one or two drivers saved with the deal (`tranche-studio grid`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grids: Vec<Grid>,
    /// 资产支持证券代币: whole units, strips and an offshore currency of the securities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Tokens>,
}

fn default_currency() -> String {
    "CNY".into()
}

impl Deal {
    pub fn scenario(&self, name: Option<&str>) -> Option<&Scenario> {
        match name.or(self.default_scenario.as_deref()) {
            Some(n) => self.scenarios.iter().find(|s| s.name == n),
            None => self.scenarios.first(),
        }
    }

    pub fn tranche_index(&self, id: &str) -> Option<usize> {
        self.tranches.iter().position(|t| t.id == id)
    }
}
