//! The registry file: a security's per-unit schedules as JSON in integer minor units, and the
//! check of such a file against the deal (`tranche-studio verify-schedule`). The schema is in
//! `docs/export.md`.

use super::{SecurityTokens, TokenSchedule};
use crate::model::{Deal, StripPart};
use crate::results::DealResults;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The schema's name and version, the file's first field.
pub const SCHEMA: &str = "tranche-studio/token-schedule/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    pub schema: String,
    pub deal: String,
    pub scenario: String,
    pub security: String,
    pub name: String,
    pub token_id: String,
    pub tokens: Vec<RegistryToken>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryToken {
    pub token_id: String,
    /// The strip's id; null for the whole security.
    pub strip: Option<String>,
    pub part: StripPart,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub currency: String,
    /// Amounts are integers of 10^-minor_unit of the currency (2: fen, cents).
    pub minor_unit: u32,
    pub units: u64,
    pub rows: Vec<RegistryRow>,
    /// Left after the token's last date (interest + principal + other), minor units.
    pub final_residue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryRow {
    pub period: usize,
    pub record_date: NaiveDate,
    pub payment_date: NaiveDate,
    pub units: u64,
    pub interest_per_unit: i64,
    pub principal_per_unit: i64,
    pub other_per_unit: i64,
    pub total_per_unit: i64,
    /// Carried to the token's next date (the three components), minor units.
    pub residue: i64,
    /// Offshore tokens: CNY per unit of the currency on the date (decimal text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx_rate: Option<String>,
    /// Offshore tokens: CNY left unconverted after the date (exact decimal text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx_residue_cny: Option<String>,
}

/// `amount` in minor units of `decimals`; an error when it is not a whole number of them.
fn minor(amount: Decimal, decimals: u32) -> Result<i64, super::TokenError> {
    let scaled = amount
        .checked_mul(Decimal::from(10i64.pow(decimals.min(18))))
        .filter(|x| x.fract().is_zero())
        .ok_or_else(|| {
            super::TokenError::Arithmetic(format!("{amount} is not a whole number of minor units"))
        })?;
    i64::try_from(scaled)
        .map_err(|_| super::TokenError::Arithmetic(format!("{amount} is out of range")))
}

fn token(t: &TokenSchedule) -> Result<RegistryToken, super::TokenError> {
    let m = |d: Decimal| minor(d, t.decimals);
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let residue = r.interest.carried_out + r.principal.carried_out + r.other.carried_out;
            Ok(RegistryRow {
                period: r.period,
                record_date: r.record_date,
                payment_date: r.payment_date,
                units: r.units,
                interest_per_unit: m(r.interest.per_unit)?,
                principal_per_unit: m(r.principal.per_unit)?,
                other_per_unit: m(r.other.per_unit)?,
                total_per_unit: m(r.per_unit_total())?,
                residue: m(residue)?,
                fx_rate: r.conversion.map(|c| c[0].rate.normalize().to_string()),
                fx_residue_cny: r.conversion.map(|c| {
                    (c[0].carried_out + c[1].carried_out + c[2].carried_out)
                        .normalize()
                        .to_string()
                }),
            })
        })
        .collect::<Result<_, super::TokenError>>()?;
    Ok(RegistryToken {
        token_id: t.token_id.clone(),
        strip: t.strip.clone(),
        part: t.part,
        from: t.from,
        to: t.to,
        currency: t.currency.clone(),
        minor_unit: t.decimals,
        units: t.units,
        rows,
        final_residue: m(t.final_residue().iter().sum())?,
    })
}

/// The registry file of one security's tokens (CNY, then the offshore currency).
pub fn file(r: &DealResults, s: &SecurityTokens) -> Result<RegistryFile, super::TokenError> {
    let whole = s.tokens.first();
    Ok(RegistryFile {
        schema: SCHEMA.into(),
        deal: r.deal.clone(),
        scenario: r.scenario.clone(),
        security: s.security.clone(),
        name: whole.map(|t| t.name.clone()).unwrap_or_default(),
        token_id: whole.map(|t| t.token_id.clone()).unwrap_or_default(),
        tokens: s
            .tokens
            .iter()
            .chain(&s.offshore)
            .map(token)
            .collect::<Result<_, _>>()?,
    })
}

/// The registry file of `security` for the deal's results.
pub fn for_security(
    deal: &Deal,
    r: &DealResults,
    security: &str,
) -> Result<RegistryFile, super::TokenError> {
    file(r, &super::security_tokens(deal, r, security)?)
}

/// A difference between a schedule file and the deal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// `token_id (currency)`, or empty for the file's header.
    pub token: String,
    /// The row's payment date, if the field is in a row.
    pub date: Option<NaiveDate>,
    pub field: String,
    pub expected: String,
    pub found: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.token.is_empty() {
            write!(f, "{}: ", self.token)?;
        }
        if let Some(d) = self.date {
            write!(f, "{d}: ")?;
        }
        write!(
            f,
            "{}: expected {}, found {}",
            self.field, self.expected, self.found
        )
    }
}

/// Every field of `found` that differs from `expected`: the header, each token (matched by
/// position) and each row (matched by position, reported by payment date).
pub fn compare(expected: &RegistryFile, found: &RegistryFile) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut diff =
        |token: &str, date: Option<NaiveDate>, e: serde_json::Value, f: serde_json::Value| {
            let (serde_json::Value::Object(e), serde_json::Value::Object(f)) = (e, f) else {
                return;
            };
            for (k, ev) in &e {
                if matches!(ev, serde_json::Value::Array(_)) {
                    continue;
                }
                let fv = f.get(k).cloned().unwrap_or(serde_json::Value::Null);
                if *ev != fv {
                    out.push(Mismatch {
                        token: token.into(),
                        date,
                        field: k.clone(),
                        expected: ev.to_string(),
                        found: fv.to_string(),
                    });
                }
            }
        };
    diff("", None, json(expected), json(found));
    let count = |n: usize| serde_json::Value::from(n);
    if expected.tokens.len() != found.tokens.len() {
        diff(
            "",
            None,
            serde_json::json!({ "tokens": count(expected.tokens.len()) }),
            serde_json::json!({ "tokens": count(found.tokens.len()) }),
        );
    }
    for (e, f) in expected.tokens.iter().zip(&found.tokens) {
        let name = format!("{} ({})", e.token_id, e.currency);
        diff(&name, None, json(e), json(f));
        if e.rows.len() != f.rows.len() {
            diff(
                &name,
                None,
                serde_json::json!({ "rows": count(e.rows.len()) }),
                serde_json::json!({ "rows": count(f.rows.len()) }),
            );
        }
        for (er, fr) in e.rows.iter().zip(&f.rows) {
            diff(&name, Some(er.payment_date), json(er), json(fr));
        }
    }
    out
}

/// A part of the file as a JSON value, for the field-by-field comparison.
fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
