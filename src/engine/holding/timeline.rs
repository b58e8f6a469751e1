//! The deal's shape over time: where and how it ends, the open-period windows, and the unit
//! classes (market, originator, expansion rounds, open-period buyers) with when each exists.

use super::company::Ending;
use super::distribution::{Class, Rank};
use super::operations::{asset_end, year_start};
use crate::engine::schedule::Schedule;
use crate::model::*;
use crate::model::{Capital, capital};
use crate::money::dec;
use crate::results::Warning;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

const ZERO: Decimal = Decimal::ZERO;

/// The ids of the unit classes a deal can have (open-period buyers only when the deal has
/// open periods), in results order.
pub fn unit_class_ids(h: &Holding) -> Vec<String> {
    let mut ids = vec!["market".to_string(), "originator".to_string()];
    for r in 0..rounds(h).len() {
        ids.push(expansion_id(r));
    }
    ids
}

pub fn expansion_id(r: usize) -> String {
    if r == 0 {
        "expansion".into()
    } else {
        format!("expansion-{}", r + 1)
    }
}

/// The expansion rounds in date order.
pub fn rounds(h: &Holding) -> Vec<&Expansion> {
    let mut v: Vec<&Expansion> = h.expansion.iter().chain(&h.expansions).collect();
    v.sort_by_key(|x| x.date);
    v
}

pub fn whole(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::ToZero)
}

/// Where the deal ends and how, and the open-period windows (date index, share redeemed,
/// buyer).
pub struct Ends {
    pub end: usize,
    pub ending: Ending,
    pub exit: Exit,
    pub windows: Vec<(usize, f64, Buyer)>,
    pub warnings: Vec<Warning>,
}

pub fn ends(deal: &Deal, h: &Holding, sc: &Scenario, schedule: &Schedule) -> Ends {
    let closing = deal.closing_date;
    let exit = sc.exit.clone().unwrap_or(Exit::HoldToEnd);
    let mut warnings = Vec::new();
    let limit = asset_end(&h.asset)
        .unwrap_or(deal.legal_final_date)
        .min(deal.legal_final_date);
    let hold_end = schedule
        .dates
        .iter()
        .rposition(|d| *d <= limit)
        .unwrap_or(0);
    let year_index = |y: u32| {
        schedule
            .dates
            .iter()
            .position(|d| *d >= year_start(closing, y))
    };
    let at = |y: u32, warnings: &mut Vec<Warning>| match year_index(y).filter(|k| *k <= hold_end) {
        Some(k) => k,
        None => {
            warnings.push(Warning::at(
                "W-EXIT-LATE",
                "scenarios.exit.year",
                "the exit year falls after the asset's or the deal's end: the deal ends then",
            ));
            hold_end
        }
    };
    let (end, ending) = match &exit {
        Exit::Sale { year, .. } | Exit::RightOfFirstPurchase { year, .. } => {
            (at(*year, &mut warnings), Ending::Liquidation)
        }
        Exit::ReitConversion { year, .. } => (at(*year, &mut warnings), Ending::Transfer),
        Exit::OpenPeriod { .. } | Exit::HoldToEnd => (hold_end, Ending::Liquidation),
    };
    let end = end.min(schedule.len().saturating_sub(1));
    let mut windows: Vec<(usize, f64, Buyer)> = h
        .open_periods
        .iter()
        .filter_map(|w| {
            year_index(w.year).map(|k| (k, sc.redemption_share.min(w.cap).max(0.0), w.buyer))
        })
        .collect();
    if let Exit::OpenPeriod { year, share } = &exit
        && let Some(k) = year_index(*year)
    {
        windows.push((k, share.clamp(0.0, 1.0), Buyer::Originator));
    }
    // A window on the last date has nothing left to sell into.
    windows.retain(|w| w.0 < end && w.1 > 0.0);
    windows.sort_by_key(|w| w.0);
    Ends {
        end,
        ending,
        exit,
        windows,
        warnings,
    }
}

fn buyer_class(b: Buyer, from: usize, start: NaiveDate) -> Class {
    let (id, name, holder) = match b {
        Buyer::Originator => (
            "buyer-originator",
            "开放期受让份额（原始权益人）Units bought in open periods (originator)",
            "Originator",
        ),
        Buyer::LiquiditySupport => (
            "buyer-liquidity",
            "开放期受让份额（流动性支持机构）Units bought in open periods (liquidity support)",
            "Liquidity support",
        ),
    };
    Class {
        id: id.into(),
        name: name.into(),
        holder,
        rank: Rank::Market,
        from,
        start,
        units: ZERO,
        paid_in: ZERO,
        capital: ZERO,
        hurdle_arrears: ZERO,
    }
}

/// An expansion round the run includes: the date index of its issue, its asset, its capital
/// and its date.
pub struct Round<'a> {
    pub k: usize,
    pub asset: &'a OperatingAsset,
    pub capital: Capital,
    pub date: NaiveDate,
}

/// The unit classes of a run and what is planned for them.
pub struct Shape<'a> {
    pub ends: Ends,
    pub capital: Capital,
    pub classes: Vec<Class>,
    /// Index of the date on which each class's units were issued (0: at closing).
    pub issued: Vec<usize>,
    pub rounds: Vec<Round<'a>>,
    /// Open periods: (date index, buyer class, units) moved from the market class.
    pub transfers: Vec<(usize, usize, Decimal)>,
}

/// A class issued on date index `from` (its `start` date) at `price` a unit.
fn class(
    id: String,
    name: &str,
    holder: &'static str,
    rank: Rank,
    (from, start): (usize, NaiveDate),
    units: Decimal,
    price: Decimal,
) -> Class {
    Class {
        id,
        name: name.into(),
        holder,
        rank,
        from,
        start,
        units,
        paid_in: units * price,
        capital: units * price,
        hurdle_arrears: ZERO,
    }
}

/// The classes at issue, the expansion rounds priced so far, and the open-period buyers.
pub fn shape<'a>(
    deal: &Deal,
    h: &Holding,
    sc: &Scenario,
    schedule: &Schedule,
    face: Decimal,
    priced: &[(&'a Expansion, Decimal)],
) -> Shape<'a> {
    let closing = deal.closing_date;
    let ends = ends(deal, h, sc, schedule);
    let cap = capital(&h.spv, h.spv.total_investment, face);
    let originator_units = (cap.units * dec(h.plan.originator_unit_share))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut classes = vec![
        class(
            "market".into(),
            "市场化份额 Market units",
            "Market",
            Rank::Market,
            (0, closing),
            cap.units - originator_units,
            face,
        ),
        class(
            "originator".into(),
            "原始权益人自持份额 Originator units",
            "Originator",
            Rank::Originator,
            (0, closing),
            originator_units,
            face,
        ),
    ];
    let mut issued = vec![0, 0];
    let mut rounds = Vec::new();
    for (r, (x, price)) in priced.iter().enumerate() {
        let Some(k) = schedule
            .dates
            .iter()
            .position(|d| *d >= x.date)
            .filter(|k| *k <= ends.end)
        else {
            continue;
        };
        let c = capital(&h.spv, x.price, *price);
        let name = if r == 0 {
            "扩募份额 Expansion units".to_string()
        } else {
            format!("扩募份额（第{}轮）Expansion units, round {}", r + 1, r + 1)
        };
        classes.push(class(
            expansion_id(r),
            &name,
            "Market",
            Rank::Market,
            (k, x.date),
            c.units,
            *price,
        ));
        issued.push(k);
        rounds.push(Round {
            k,
            asset: &x.asset,
            capital: c,
            date: x.date,
        });
    }
    // Buyers of open-period units, known before the run: the units redeemed depend only on
    // the market class's units, which only the windows change.
    let mut transfers = Vec::new();
    let mut market_units = classes[0].units;
    for &(k, share, buyer) in &ends.windows {
        let units = whole(market_units * dec(share));
        if units <= ZERO {
            continue;
        }
        market_units -= units;
        let id = buyer_class(buyer, 0, closing).id;
        let to = match classes.iter().position(|c| c.id == id) {
            Some(i) => i,
            None => {
                classes.push(buyer_class(buyer, k + 1, schedule.dates[k]));
                issued.push(0);
                classes.len() - 1
            }
        };
        transfers.push((k, to, units));
    }
    Shape {
        ends,
        capital: cap,
        classes,
        issued,
        rounds,
        transfers,
    }
}
