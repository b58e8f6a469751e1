//! Stage 4a, the exit: the sale price (gross and costs) of a liquidation, the asset value of
//! a REIT conversion, each asset valued in its own operating year.

use super::company::Sale;
use super::operations::{annual_cash, annual_noi, income_value, operating_year};
use crate::model::{AssetRight, Exit, OperatingAsset, Scenario};
use crate::money::{dec, fen};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The sale on the exit date and the asset value a REIT conversion pays for.
pub fn exit_amounts(
    exit: &Exit,
    assets: &[(&OperatingAsset, NaiveDate)],
    from: NaiveDate,
    sc: &Scenario,
) -> (Sale, Decimal) {
    let value = |rate: f64, on_cash: bool| -> Decimal {
        let v: f64 = assets
            .iter()
            .map(|(a, start)| {
                let f = |y: u32| {
                    if on_cash {
                        annual_cash(a, y, sc)
                    } else {
                        annual_noi(a, y, sc)
                    }
                };
                income_value(a, *start, operating_year(*start, from), rate, &f)
            })
            .sum();
        fen(dec(v.max(0.0)))
    };
    let sale = |gross: Decimal, costs: f64| Sale {
        gross,
        costs: fen(gross * dec(costs)),
    };
    match exit {
        Exit::Sale {
            cap_rate, costs, ..
        } => (sale(value(*cap_rate, false), *costs), Decimal::ZERO),
        Exit::RightOfFirstPurchase { discount_rate, .. } => {
            (sale(value(*discount_rate, true), 0.0), Decimal::ZERO)
        }
        Exit::ReitConversion {
            distribution_yield, ..
        } => (Sale::default(), value(*distribution_yield, true)),
        Exit::OpenPeriod { .. } | Exit::HoldToEnd => {
            let property = matches!(
                assets.first().map(|a| &a.0.right),
                Some(AssetRight::Property { .. })
            );
            let gross = match sc.exit_cap_rate {
                Some(c) if property => value(c, false),
                _ => Decimal::ZERO,
            };
            (sale(gross, 0.0), Decimal::ZERO)
        }
    }
}

pub fn exit_name(e: &Exit) -> &'static str {
    match e {
        Exit::Sale { .. } => "Sale",
        Exit::RightOfFirstPurchase { .. } => "RightOfFirstPurchase",
        Exit::ReitConversion { .. } => "ReitConversion",
        Exit::OpenPeriod { .. } => "OpenPeriod",
        Exit::HoldToEnd => "HoldToEnd",
    }
}
