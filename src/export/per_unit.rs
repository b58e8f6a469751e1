//! Per-unit (per-token) distribution schedules: what one unit of a security receives on each
//! payment date, for a token registry or a distribution contract.
//!
//! A unit has a face of `face` CNY (100 by default), so a security of size S has
//! `units = S / face` units, all outstanding from closing to the end (the face amortises per
//! unit: principal paid per unit is a fraction of its face). Per-unit amounts are the
//! security's amount / units, rounded half away from zero to [`DECIMALS`] decimals, so that
//! `round(per_unit × units, 2)` (half away from zero) gives back the engine's amount to the
//! fen. The schedule is checked against that when it is built; a schedule that could not
//! meet it is an error, never a silently wrong file.

use super::ExportError;
use crate::format::exact;
use crate::money::fen;
use crate::results::DealResults;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Decimals of per-unit amounts. 12 keeps `round(per_unit × units, 2)` exact for up to
/// 10^9 units (1,000 亿元 at a face of 100).
pub const DECIMALS: u32 = 12;

/// The default face of one unit, CNY.
pub fn default_face() -> Decimal {
    Decimal::ONE_HUNDRED
}

pub const ROUNDING: &str = "per-unit amounts = security amount / units, rounded half away from zero to 12 decimals; security amount = round(per-unit amount × units, 2), half away from zero";

/// One payment date of a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerUnitRow {
    pub period: usize,
    pub date: NaiveDate,
    /// Coupon interest per unit.
    #[serde(serialize_with = "ser_unit")]
    pub interest: Decimal,
    /// Principal (face) repaid per unit.
    #[serde(serialize_with = "ser_unit")]
    pub principal: Decimal,
    /// Other distributions per unit: excess-spread income of a subordinate tranche, the
    /// income of a unit class.
    #[serde(serialize_with = "ser_unit")]
    pub other: Decimal,
    /// interest + principal + other.
    #[serde(serialize_with = "ser_unit")]
    pub total: Decimal,
    /// Face still outstanding per unit after the date's payment.
    #[serde(serialize_with = "ser_unit")]
    pub face_outstanding: Decimal,
    /// The security's own amounts on the date, CNY (for reconciliation).
    #[serde(serialize_with = "ser_money")]
    pub security_interest: Decimal,
    #[serde(serialize_with = "ser_money")]
    pub security_principal: Decimal,
    #[serde(serialize_with = "ser_money")]
    pub security_other: Decimal,
}

/// A security's schedule per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerUnitSchedule {
    pub deal: String,
    pub scenario: String,
    pub security: String,
    pub name: String,
    pub currency: String,
    /// Face of one unit at issue.
    #[serde(serialize_with = "ser_plain")]
    pub face: Decimal,
    /// Units outstanding (constant: size / face).
    #[serde(serialize_with = "ser_plain")]
    pub units: Decimal,
    #[serde(serialize_with = "ser_money")]
    pub size: Decimal,
    pub decimals: u32,
    pub rounding: &'static str,
    pub rows: Vec<PerUnitRow>,
}

fn ser_unit<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&unit_text(*d))
}

fn ser_money<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&exact(*d))
}

fn ser_plain<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.normalize().to_string())
}

fn per_unit(amount: Decimal, units: Decimal) -> Option<Decimal> {
    amount
        .checked_div(units)
        .map(|x| x.round_dp_with_strategy(DECIMALS, RoundingStrategy::MidpointAwayFromZero))
}

/// `round(per_unit × units, 2)`: the security amount a per-unit amount stands for.
pub fn security_amount(per_unit: Decimal, units: Decimal) -> Option<Decimal> {
    per_unit.checked_mul(units).map(fen)
}

/// The per-unit schedule of the security with this id, for a unit face of `face` CNY.
pub fn schedule(
    r: &DealResults,
    security: &str,
    face: Decimal,
) -> Result<PerUnitSchedule, ExportError> {
    let t = r
        .securities
        .iter()
        .position(|s| s.id == security)
        .ok_or_else(|| ExportError::UnknownSecurity(security.into()))?;
    let s = &r.securities[t];
    let fail = |message: String| ExportError::PerUnit {
        security: security.into(),
        message,
    };
    if face <= Decimal::ZERO {
        return Err(fail(format!("the unit face {face} is not positive")));
    }
    if s.size <= Decimal::ZERO {
        return Err(fail(format!("the size {} is not positive", exact(s.size))));
    }
    let by_size = s
        .size
        .checked_div(face)
        .ok_or_else(|| fail("size / face overflows".into()))?;
    // A holding deal's unit classes state their units on every date.
    let class_units = r
        .periods
        .iter()
        .filter_map(|p| super::tranche(p, t, &s.id).and_then(|tp| tp.units))
        .find(|u| *u > Decimal::ZERO);
    let classes_have_units = class_units.is_some();
    let units = class_units.unwrap_or(by_size);
    if !classes_have_units && !units.fract().is_zero() {
        return Err(fail(format!(
            "the size {} is not a whole number of units of {} (face)",
            exact(s.size),
            exact(face)
        )));
    }
    let units = units.normalize();
    let mut rows = Vec::with_capacity(r.periods.len());
    for p in &r.periods {
        let Some(tp) = super::tranche(p, t, &s.id) else {
            continue;
        };
        // A unit class's units on the date (they change in open periods); a date on which
        // the class holds no units has nothing per unit.
        let units = match tp.units {
            Some(u) if u <= Decimal::ZERO => continue,
            Some(u) => u.normalize(),
            None => units,
        };
        let amounts = [tp.interest_paid, tp.principal_paid, tp.residual_paid];
        let mut per = [Decimal::ZERO; 3];
        for (k, a) in amounts.iter().enumerate() {
            let v = per_unit(*a, units).ok_or_else(|| fail("per-unit division failed".into()))?;
            // The rounding promise, checked on every amount.
            if security_amount(v, units) != Some(*a) {
                return Err(fail(format!(
                    "{} units are too many for {DECIMALS} decimals per unit on {}",
                    units, p.date
                )));
            }
            per[k] = v;
        }
        let total = per[0] + per[1] + per[2];
        if security_amount(total, units) != Some(tp.cash()) {
            return Err(fail(format!(
                "{units} units are too many for {DECIMALS} decimals per unit on {}",
                p.date
            )));
        }
        rows.push(PerUnitRow {
            period: p.period,
            date: p.date,
            interest: per[0],
            principal: per[1],
            other: per[2],
            total,
            face_outstanding: per_unit(tp.closing_balance, units)
                .ok_or_else(|| fail("per-unit division failed".into()))?,
            security_interest: tp.interest_paid,
            security_principal: tp.principal_paid,
            security_other: tp.residual_paid,
        });
    }
    Ok(PerUnitSchedule {
        deal: r.deal.clone(),
        scenario: r.scenario.clone(),
        security: s.id.clone(),
        name: s.name.clone(),
        currency: r.currency.clone(),
        face,
        units,
        size: s.size,
        decimals: DECIMALS,
        rounding: ROUNDING,
        rows,
    })
}

/// Fixed-point text of a per-unit amount: always [`DECIMALS`] decimals.
fn unit_text(d: Decimal) -> String {
    let mut x = d;
    x.rescale(DECIMALS);
    x.to_string()
}

/// CSV: one row per payment date; per-unit amounts with 12 decimals, security amounts exact.
pub fn to_csv(s: &PerUnitSchedule) -> Result<String, ExportError> {
    super::csv_string(&format!("per_unit_{}.csv", s.security), |w| {
        w.write_record([
            "period",
            "date",
            "interest_per_unit",
            "principal_per_unit",
            "other_per_unit",
            "total_per_unit",
            "face_outstanding_per_unit",
            "units",
            "security_interest",
            "security_principal",
            "security_other",
        ])?;
        let units = s.units.to_string();
        for r in &s.rows {
            w.write_record([
                r.period.to_string(),
                r.date.format("%Y-%m-%d").to_string(),
                unit_text(r.interest),
                unit_text(r.principal),
                unit_text(r.other),
                unit_text(r.total),
                unit_text(r.face_outstanding),
                units.clone(),
                exact(r.security_interest),
                exact(r.security_principal),
                exact(r.security_other),
            ])?;
        }
        Ok(())
    })
}

/// JSON: the header fields and the rows; every amount is a decimal string (exact).
pub fn to_json(s: &PerUnitSchedule) -> Result<String, ExportError> {
    serde_json::to_string_pretty(s).map_err(|e| ExportError::Write {
        path: format!("per_unit_{}.json", s.security),
        message: e.to_string(),
    })
}

/// A file-name-safe form of a security id: letters and digits (Chinese included), `-` and
/// `_` are kept; anything else (`/`, `.`, spaces) becomes `_`.
pub fn file_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}
