use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// Assets or representative lines written in the deal file.
    #[serde(default)]
    pub assets: Vec<Asset>,
    /// A CSV asset tape, relative to the deal file; its rows are appended after `assets`.
    /// The rows themselves are not part of the deal: they are read once with the deal
    /// (`io::load_deal`) and held beside it (`engine::Session`).
    #[serde(default)]
    pub tape: Option<String>,
    /// Representative lines sized as weights of a total balance.
    #[serde(default)]
    pub rep_lines: Option<RepLines>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepLines {
    /// Total balance shared by the lines, CNY.
    pub total_balance: Decimal,
    pub lines: Vec<RepLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepLine {
    pub id: String,
    pub obligor: String,
    pub asset_class: AssetClass,
    #[serde(default)]
    pub data_asset_role: DataAssetRole,
    /// The obligors' industry (行业); empty when not stated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub industry: String,
    /// Share of `total_balance`; the weights add up to 1.
    pub weight: f64,
    pub rate: f64,
    pub remaining_term: u32,
    pub amortisation: Amortisation,
}

impl Pool {
    /// Every asset in pool order: inline assets, the tape's rows (`tape`, read from the file
    /// `self.tape` names), then the rep lines, each line's balance the total × weight rounded
    /// to the fen, the last line taking the rest. Listed assets are borrowed; only rep lines
    /// are built.
    pub fn assets<'a>(&'a self, tape: &'a [Asset]) -> PoolAssets<'a> {
        let mut rep = Vec::new();
        if let Some(lines) = &self.rep_lines {
            let mut left = lines.total_balance;
            for (i, l) in lines.lines.iter().enumerate() {
                let balance = if i + 1 == lines.lines.len() {
                    left
                } else {
                    // Checked: an absurd weight is reported by validation, not a panic here.
                    let share = lines.total_balance.checked_mul(crate::money::dec(l.weight));
                    share.map(crate::money::fen).unwrap_or_default()
                };
                left = left.checked_sub(balance).unwrap_or_default();
                rep.push(Asset {
                    id: l.id.clone(),
                    obligor: l.obligor.clone(),
                    asset_class: l.asset_class,
                    data_asset_role: l.data_asset_role,
                    industry: l.industry.clone(),
                    balance,
                    rate: l.rate,
                    remaining_term: l.remaining_term,
                    amortisation: l.amortisation.clone(),
                    pledge: None,
                });
            }
        }
        PoolAssets {
            listed: [&self.assets, tape],
            rep,
        }
    }

    /// The number of assets with `tape_rows` rows of tape.
    pub fn len(&self, tape_rows: usize) -> usize {
        self.assets.len() + tape_rows + self.rep_lines.as_ref().map_or(0, |r| r.lines.len())
    }
}

/// A pool's assets in pool order (see [`Pool::assets`]).
pub struct PoolAssets<'a> {
    /// Inline assets, then the tape's rows.
    listed: [&'a [Asset]; 2],
    /// The rep lines as assets.
    pub rep: Vec<Asset>,
}

pub type PoolAssetsIter<'b> = std::iter::Chain<
    std::iter::Chain<std::slice::Iter<'b, Asset>, std::slice::Iter<'b, Asset>>,
    std::slice::Iter<'b, Asset>,
>;

impl PoolAssets<'_> {
    pub fn iter(&self) -> PoolAssetsIter<'_> {
        self.listed[0].iter().chain(self.listed[1]).chain(&self.rep)
    }

    pub fn len(&self) -> usize {
        self.listed[0].len() + self.listed[1].len() + self.rep.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'b> IntoIterator for &'b PoolAssets<'_> {
    type Item = &'b Asset;
    type IntoIter = PoolAssetsIter<'b>;

    fn into_iter(self) -> PoolAssetsIter<'b> {
        self.iter()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    pub id: String,
    pub obligor: String,
    pub asset_class: AssetClass,
    #[serde(default)]
    pub data_asset_role: DataAssetRole,
    /// The obligor's industry (行业), counted by a revolving period's industry limit; empty
    /// when not stated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub industry: String,
    /// Outstanding principal at the closing date, CNY.
    pub balance: Decimal,
    /// Annual interest (or lease) rate, decimal.
    pub rate: f64,
    /// Remaining term in months from the closing date.
    pub remaining_term: u32,
    pub amortisation: Amortisation,
    /// The data asset pledged for the loan (数据资产质押): on default the recovery comes
    /// from it instead of the scenario's flat recovery rate. Inline assets only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pledge: Option<DataPledge>,
}

/// A pledged data asset (质押的数据资产) and its appraised value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataPledge {
    /// What is pledged, e.g. 城市交通出行数据集.
    #[serde(default)]
    pub name: String,
    /// Appraised value at closing (评估价值), CNY, above zero.
    pub appraised_value: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssetClass {
    /// 信托贷款 / 信托受益权
    TrustLoan,
    /// 融资租赁债权
    FinancialLease,
    /// 应收账款
    TradeReceivable,
    /// 知识产权许可
    IpLicence,
    /// 基础设施收费收益权
    InfrastructureFee,
    /// 数据资产质押贷款
    DataAssetPledgeLoan,
    Other,
}

impl AssetClass {
    pub const ALL: [AssetClass; 7] = [
        AssetClass::TrustLoan,
        AssetClass::FinancialLease,
        AssetClass::TradeReceivable,
        AssetClass::IpLicence,
        AssetClass::InfrastructureFee,
        AssetClass::DataAssetPledgeLoan,
        AssetClass::Other,
    ];

    /// Name used in deal files and CSV tapes.
    pub fn key(self) -> &'static str {
        match self {
            AssetClass::TrustLoan => "TrustLoan",
            AssetClass::FinancialLease => "FinancialLease",
            AssetClass::TradeReceivable => "TradeReceivable",
            AssetClass::IpLicence => "IpLicence",
            AssetClass::InfrastructureFee => "InfrastructureFee",
            AssetClass::DataAssetPledgeLoan => "DataAssetPledgeLoan",
            AssetClass::Other => "Other",
        }
    }
}

/// Whether an asset counts as a data asset for the 50–70% label test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DataAssetRole {
    /// The data asset itself backs the cash flow (数据资产入池).
    InPool,
    /// A traditional asset with data only as an enhancement (数据资产赋能).
    Empowering,
    #[default]
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Amortisation {
    /// 等额本息: annuity over the remaining payments.
    LevelPayment,
    /// 等额本金: equal principal each payment.
    EqualPrincipal,
    /// All principal at maturity.
    Bullet,
    /// Scheduled principal per deal period (CNY), scaled by the surviving fraction.
    Schedule(Vec<Decimal>),
}
