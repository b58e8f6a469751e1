use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// Annual constant default rate.
    #[serde(default)]
    pub cdr: Curve,
    /// Annual constant prepayment rate.
    #[serde(default)]
    pub cpr: Curve,
    /// Share of a defaulted balance recovered.
    #[serde(default)]
    pub recovery_rate: f64,
    /// Payment periods between a default and its recovery.
    #[serde(default)]
    pub recovery_lag: u32,
    /// Obligors that default in full on a given period, on top of the rates.
    #[serde(default)]
    pub obligor_defaults: Vec<ObligorDefault>,
    /// Holding-type deals: annual revenue growth.
    #[serde(default)]
    pub revenue_growth: f64,
    /// Holding-type deals: occupancy (or traffic) as a share of capacity.
    #[serde(default = "full")]
    pub occupancy: f64,
    /// Holding-type deals: how the deal ends.
    #[serde(default)]
    pub exit: Option<super::Exit>,
    /// Holding-type deals: cap rate for a property's terminal value when the exit names none.
    #[serde(default)]
    pub exit_cap_rate: Option<f64>,
    /// Holding-type deals: share of the market units asking to redeem in each open window.
    #[serde(default)]
    pub redemption_share: f64,
    /// Token deals with an offshore currency: CNY per one unit of it on each payment date
    /// (the last value repeats); `tokens.offshore.rate` when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fx_rates: Vec<rust_decimal::Decimal>,
}

fn full() -> f64 {
    1.0
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "base".into(),
            cdr: Curve::default(),
            cpr: Curve::default(),
            recovery_rate: 0.0,
            recovery_lag: 0,
            obligor_defaults: Vec::new(),
            revenue_growth: 0.0,
            occupancy: 1.0,
            exit: None,
            exit_cap_rate: None,
            redemption_share: 0.0,
            fx_rates: Vec::new(),
        }
    }
}

/// An annual rate, flat or one value per payment period (the last value repeats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Curve {
    Flat(f64),
    Vector(Vec<f64>),
}

impl Default for Curve {
    fn default() -> Self {
        Curve::Flat(0.0)
    }
}

impl Curve {
    /// Annual rate in period `i` (0-based).
    pub fn at(&self, i: usize) -> f64 {
        match self {
            Curve::Flat(r) => *r,
            Curve::Vector(v) => v.get(i).or(v.last()).copied().unwrap_or(0.0),
        }
    }

    pub fn values(&self) -> &[f64] {
        match self {
            Curve::Flat(r) => std::slice::from_ref(r),
            Curve::Vector(v) => v,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligorDefault {
    pub obligor: String,
    /// 1-based payment period in which all the obligor's assets default.
    pub period: u32,
}
