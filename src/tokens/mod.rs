//! 资产支持证券代币 (ABST): per-unit schedules in whole units and whole minor units.
//!
//! A token is a security (or one of its strips) divided into whole units. On each payment
//! date each of its three components (interest, principal, other income) is split on its
//! own: the amount to distribute is the date's cash plus the residue carried from the
//! token's previous date; each unit gets that amount / units rounded *down* to the minor
//! unit (the fen); the rest, less than one minor unit per unit, is carried to the token's
//! next date. So on every date `per_unit × units + carried_out = cash + carried_in`, exactly;
//! what is left after the token's last date is its final residue, retained by the plan.
//! `docs/methodology.md` (Tokens) states the rule.

mod fx;
pub mod registry;

pub use fx::{Conversion, offshore};

use crate::model::{Deal, StripPart, TokenSecurity};
use crate::money::to_f64;
use crate::results::{DealResults, TranchePeriod};
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Units of a security the deal's token terms do not state: one per 100 CNY of size.
pub const DEFAULT_FACE: i64 = 100;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TokenError {
    #[error("tokens: no security {0:?} in the results")]
    UnknownSecurity(String),
    #[error("tokens: {0}")]
    Arithmetic(String),
}

/// One component of a token on one date, in the token's currency.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Leg {
    /// The token's cash of the date.
    pub cash: Decimal,
    /// Residue carried from the token's previous date.
    pub carried_in: Decimal,
    /// Paid to each unit: `floor((cash + carried_in) / units)` to the minor unit.
    pub per_unit: Decimal,
    /// Left for the next date: `cash + carried_in − per_unit × units`.
    pub carried_out: Decimal,
}

impl Leg {
    /// Split `cash + carried_in` over `units`, each unit's share rounded down to `decimals`.
    pub fn split(
        cash: Decimal,
        carried_in: Decimal,
        units: u64,
        decimals: u32,
    ) -> Result<Leg, TokenError> {
        let total = cash
            .checked_add(carried_in)
            .ok_or_else(|| overflow("cash + carried residue"))?;
        let u = Decimal::from(units);
        let mut per_unit = if units == 0 {
            Decimal::ZERO
        } else {
            total
                .checked_div(u)
                .ok_or_else(|| overflow("amount / units"))?
                .round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
        };
        // The quotient has 28 significant digits: guard the floor against a rounded-up one.
        let step = Decimal::new(1, decimals);
        let paid = |p: Decimal| p.checked_mul(u).ok_or_else(|| overflow("per unit × units"));
        while per_unit > Decimal::ZERO && paid(per_unit)? > total {
            per_unit -= step;
        }
        Ok(Leg {
            cash,
            carried_in,
            per_unit,
            carried_out: total - paid(per_unit)?,
        })
    }

    /// `per_unit × units`.
    pub fn paid(&self, units: u64) -> Decimal {
        self.per_unit * Decimal::from(units)
    }
}

fn overflow(what: &str) -> TokenError {
    TokenError::Arithmetic(format!("{what} overflows"))
}

/// One payment date of a token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenRow {
    pub period: usize,
    pub record_date: NaiveDate,
    pub payment_date: NaiveDate,
    /// Units outstanding on the date.
    pub units: u64,
    pub interest: Leg,
    pub principal: Leg,
    pub other: Leg,
    /// Offshore schedules: the conversion of each component's CNY cash, in the order
    /// interest, principal, other.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversion: Option<[Conversion; 3]>,
}

impl TokenRow {
    pub fn legs(&self) -> [&Leg; 3] {
        [&self.interest, &self.principal, &self.other]
    }

    /// Paid to one unit on the date.
    pub fn per_unit_total(&self) -> Decimal {
        self.interest.per_unit + self.principal.per_unit + self.other.per_unit
    }
}

/// Holder metrics of one unit, bought at `price` on the closing date.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TokenMetrics {
    pub price: Option<Decimal>,
    pub irr: Option<f64>,
    /// Years from closing, weighted by the principal paid per unit (none without principal).
    pub wal: Option<f64>,
    pub macaulay_duration: Option<f64>,
    pub modified_duration: Option<f64>,
}

/// A token's per-unit schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenSchedule {
    pub security: String,
    /// The strip's id; none for the whole security.
    pub strip: Option<String>,
    pub name: String,
    pub token_id: String,
    pub part: StripPart,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Units at issue (a holding deal's class may change them in open periods).
    pub units: u64,
    pub currency: String,
    /// Decimals of the currency's minor unit.
    pub decimals: u32,
    pub rows: Vec<TokenRow>,
    pub metrics: TokenMetrics,
}

impl TokenSchedule {
    /// Residue of each component after the token's last date (interest, principal, other).
    pub fn final_residue(&self) -> [Decimal; 3] {
        self.rows.last().map_or([Decimal::ZERO; 3], |r| {
            [
                r.interest.carried_out,
                r.principal.carried_out,
                r.other.carried_out,
            ]
        })
    }
}

/// Every token of one security: the security itself, then its strips.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityTokens {
    pub security: String,
    pub tokens: Vec<TokenSchedule>,
    /// The same tokens in the offshore currency, when the deal names one.
    pub offshore: Vec<TokenSchedule>,
}

/// The token terms of `security` (the defaults when the deal states none).
pub fn terms(deal: &Deal, security: &str) -> TokenSecurity {
    deal.tokens
        .as_ref()
        .and_then(|t| t.securities.iter().find(|s| s.security == security))
        .cloned()
        .unwrap_or_else(|| TokenSecurity::new(security))
}

/// `floor(size / 100)`, at least 1.
pub fn default_units(size: Decimal) -> u64 {
    let u = (size / Decimal::from(DEFAULT_FACE)).floor();
    u64::try_from(u).unwrap_or(0).max(1)
}

/// The tokens of every security of the results, in CNY and (when the deal names one) the
/// offshore currency.
pub fn all(deal: &Deal, r: &DealResults) -> Result<Vec<SecurityTokens>, TokenError> {
    r.securities
        .iter()
        .map(|s| security_tokens(deal, r, &s.id))
        .collect()
}

/// The tokens of one security.
pub fn security_tokens(
    deal: &Deal,
    r: &DealResults,
    security: &str,
) -> Result<SecurityTokens, TokenError> {
    let tokens = schedules(deal, r, security)?;
    let offshore = match deal.tokens.as_ref().and_then(|t| t.offshore.as_ref()) {
        Some(o) => {
            let rates = deal
                .find_scenario(Some(&r.scenario))
                .map(|s| s.fx_rates.clone())
                .unwrap_or_default();
            tokens
                .iter()
                .map(|t| offshore(t, o, &rates, r.closing_date))
                .collect::<Result<_, _>>()?
        }
        None => Vec::new(),
    };
    Ok(SecurityTokens {
        security: security.into(),
        tokens,
        offshore,
    })
}

/// The CNY schedules of one security: the whole security, then each strip.
pub fn schedules(
    deal: &Deal,
    r: &DealResults,
    security: &str,
) -> Result<Vec<TokenSchedule>, TokenError> {
    let idx = r
        .securities
        .iter()
        .position(|s| s.id == security)
        .ok_or_else(|| TokenError::UnknownSecurity(security.into()))?;
    let sec = &r.securities[idx];
    let t = terms(deal, security);
    let cash: Vec<(usize, NaiveDate, &TranchePeriod)> = r
        .periods
        .iter()
        .filter_map(|p| {
            let tp = p
                .tranches
                .get(idx)
                .filter(|tp| *tp.id == *security)
                .or_else(|| p.tranches.iter().find(|tp| *tp.id == *security))?;
            Some((p.period, p.date, tp))
        })
        .collect();
    let units = t.units.unwrap_or_else(|| default_units(sec.size));
    // Par per unit, or the tranche's price per 100 of face.
    let price_pct = deal
        .tranche_index(security)
        .and_then(|i| deal.tranches[i].price)
        .map_or(Decimal::ONE_HUNDRED, crate::money::dec);
    let price = sec
        .size
        .checked_mul(price_pct)
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED * Decimal::from(units)));
    let whole = Window {
        strip: None,
        name: sec.name.clone(),
        token_id: t.token_id.clone(),
        part: StripPart::All,
        from: None,
        to: None,
        units,
        price,
        // A holding deal's class states its units on each date.
        class_units: true,
    };
    let mut out = vec![build(&whole, &t, &cash, r, security)?];
    for s in &t.strips {
        let w = Window {
            strip: Some(s.id.clone()),
            name: if s.name.is_empty() {
                s.id.clone()
            } else {
                s.name.clone()
            },
            token_id: s.id.clone(),
            part: s.part,
            from: s.from,
            to: s.to,
            units: s.units,
            price: s.price,
            class_units: false,
        };
        out.push(build(&w, &t, &cash, r, security)?);
    }
    Ok(out)
}

struct Window {
    strip: Option<String>,
    name: String,
    token_id: String,
    part: StripPart,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    units: u64,
    price: Option<Decimal>,
    class_units: bool,
}

impl Window {
    fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d > f) && self.to.is_none_or(|t| d <= t)
    }
}

fn build(
    w: &Window,
    t: &TokenSecurity,
    cash: &[(usize, NaiveDate, &TranchePeriod)],
    r: &DealResults,
    security: &str,
) -> Result<TokenSchedule, TokenError> {
    let (takes_income, takes_principal) = w.part.takes();
    let pick = |on: bool, x: Decimal| if on { x } else { Decimal::ZERO };
    let mut rows: Vec<TokenRow> = Vec::new();
    for &(period, date, tp) in cash.iter().filter(|(_, d, _)| w.contains(*d)) {
        let units = match tp.units {
            Some(u) if w.class_units => u64::try_from(u.floor()).unwrap_or(0),
            _ => w.units,
        };
        let carried = rows.last().map(|r| [r.interest, r.principal, r.other]);
        let leg = |k: usize, amount: Decimal| {
            let carried_in = carried.map_or(Decimal::ZERO, |c| c[k].carried_out);
            Leg::split(amount, carried_in, units, 2)
        };
        rows.push(TokenRow {
            period,
            record_date: record_date(date, t.record_days),
            payment_date: date,
            units,
            interest: leg(0, pick(takes_income, tp.interest_paid))?,
            principal: leg(1, pick(takes_principal, tp.principal_paid))?,
            other: leg(2, pick(takes_income, tp.residual_paid))?,
            conversion: None,
        });
    }
    let metrics = metrics(r.closing_date, w.price, &rows);
    Ok(TokenSchedule {
        security: security.into(),
        strip: w.strip.clone(),
        name: w.name.clone(),
        token_id: w.token_id.clone(),
        part: w.part,
        from: w.from,
        to: w.to,
        units: w.units,
        currency: r.currency.clone(),
        decimals: 2,
        rows,
        metrics,
    })
}

/// Payment date − `days` calendar days (the payment date itself when that is out of range).
pub fn record_date(payment: NaiveDate, days: u32) -> NaiveDate {
    payment
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(payment)
}

/// One unit's IRR (bought at `price` on `closing`), WAL and durations at that IRR.
pub fn metrics(closing: NaiveDate, price: Option<Decimal>, rows: &[TokenRow]) -> TokenMetrics {
    let receipts: Vec<(NaiveDate, f64)> = rows
        .iter()
        .map(|r| (r.payment_date, to_f64(r.per_unit_total())))
        .filter(|(_, a)| *a != 0.0)
        .collect();
    let principal: Vec<(NaiveDate, f64)> = rows
        .iter()
        .map(|r| (r.payment_date, to_f64(r.principal.per_unit)))
        .filter(|(_, a)| *a != 0.0)
        .collect();
    let irr = price.and_then(|p| {
        let mut flows = vec![(closing, -to_f64(p))];
        flows.extend_from_slice(&receipts);
        crate::metrics::xirr(&flows)
    });
    TokenMetrics {
        price,
        irr,
        wal: crate::metrics::wal(closing, &principal),
        macaulay_duration: irr
            .and_then(|y| crate::metrics::macaulay_duration(closing, &receipts, y)),
        modified_duration: irr
            .and_then(|y| crate::metrics::modified_duration(closing, &receipts, y)),
    }
}
