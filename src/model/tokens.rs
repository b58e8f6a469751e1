//! 资产支持证券代币 (ABST): a deal's securities issued as whole-unit tokens, their
//! time-sliced income rights (strips) and an offshore currency (境内资产境外发行).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Token terms of the deal. A security the list does not name still has a per-unit schedule,
/// with the default units.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokens {
    #[serde(default)]
    pub securities: Vec<TokenSecurity>,
    /// Per-unit schedules also in a second currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offshore: Option<Offshore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenSecurity {
    /// The tranche's id (`market`, `originator`, `expansion` for a holding deal's classes).
    pub security: String,
    /// Whole units; `floor(size / 100)`, at least 1, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<u64>,
    /// The security's identifier on the registry (an ISIN, a token contract address).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token_id: String,
    /// Record date (权益登记日) = payment date − this many calendar days.
    #[serde(default = "one")]
    pub record_days: u32,
    /// Time-sliced income rights (基于特定时间的收益权); they must split the security's cash
    /// exactly (every date's interest and principal in exactly one strip).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strips: Vec<Strip>,
}

fn one() -> u32 {
    1
}

impl TokenSecurity {
    pub fn new(security: &str) -> TokenSecurity {
        TokenSecurity {
            security: security.into(),
            units: None,
            token_id: String::new(),
            record_days: 1,
            strips: Vec::new(),
        }
    }
}

/// One strip: the part of the security's cash paid on payment dates after `from` up to and
/// including `to` (a window like a period: `(from, to]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strip {
    /// The strip token's id, unique within the security.
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default)]
    pub part: StripPart,
    /// The window starts after this date (exclusive); open when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// The window's last date (inclusive); open when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Whole units of the strip token.
    pub units: u64,
    /// Price of one unit at closing, CNY: the strip's IRR and duration are at this price
    /// (none when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StripPart {
    /// Interest, principal and other income.
    #[default]
    All,
    /// Coupon interest and other income (excess spread, a unit class's distributions).
    Interest,
    /// Principal.
    Principal,
}

impl StripPart {
    /// Whether the part takes interest (and other income), and principal.
    pub fn takes(self) -> (bool, bool) {
        match self {
            StripPart::All => (true, true),
            StripPart::Interest => (true, false),
            StripPart::Principal => (false, true),
        }
    }
}

/// 境内资产境外发行: per-unit schedules in a second currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offshore {
    /// ISO 4217 code, e.g. `HKD`.
    pub currency: String,
    /// Decimals of the currency's minor unit (2 for HKD and USD, 0 for JPY).
    #[serde(default = "two")]
    pub decimals: u32,
    /// CNY per one unit of the currency (7.1 for USD), unless the scenario gives a rate path.
    pub rate: Decimal,
}

fn two() -> u32 {
    2
}
