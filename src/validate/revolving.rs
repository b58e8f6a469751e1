//! Checks of a revolving period (循环购买): its dates, price, purchase lines, eligibility
//! criteria and early-amortisation triggers.

use super::{Checker, MAX_AMOUNT, horizon};
use crate::model::{Amortisation, Deal};
use crate::time::payment_dates;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// `pool_total`: the pool's balance at closing, when its rows are valid.
pub(super) fn revolving(c: &mut Checker, deal: &Deal, pool_total: Option<Decimal>) {
    let Some(r) = &deal.revolving else { return };
    if deal.holding.is_some() {
        c.error("revolving", "a holding-type deal has no pool to revolve");
    }
    if deal.clean_up_call.is_some() {
        c.error(
            "revolving",
            "a revolving period with a clean-up call is not modelled; remove one of them",
        );
    }
    if deal.collection_lag > 0 {
        c.error(
            "revolving",
            "a revolving period needs collection_lag 0 (purchases use the date's collections)",
        );
    }
    if r.end < deal.first_payment_date || r.end >= deal.legal_final_date {
        c.error(
            "revolving.end",
            format!(
                "{} must be on or after first_payment_date ({}) and before legal_final_date ({})",
                r.end, deal.first_payment_date, deal.legal_final_date
            ),
        );
    }
    if r.price == 0.0 {
        c.error("revolving.price", "must be positive");
    } else {
        c.rate("revolving.price".into(), r.price, 0.0, 200.0);
        // Below par a purchase date buys up to 100 / price of balance for each yuan of principal
        // collected, so the pool can grow by that factor a date. Its bound over the revolving
        // dates must stay within the amounts the engine handles (beyond, the purchases'
        // arithmetic overflows).
        if r.price > 0.0
            && r.price < 100.0
            && let Some(total) = pool_total.and_then(|t| t.to_f64())
        {
            let dates = payment_dates(deal.first_payment_date, deal.frequency, r.end).len();
            let bound = total * (100.0 / r.price).powi(dates.min(i32::MAX as usize) as i32);
            if bound > MAX_AMOUNT as f64 {
                c.error(
                    "revolving.price",
                    format!(
                        "at {} per 100 over {dates} purchase dates the pool could grow past the largest amount handled; raise the price or end the revolving period earlier",
                        r.price
                    ),
                );
            }
        }
    }
    if r.purchases.is_empty() {
        c.error(
            "revolving.purchases",
            "the reinvestment assumption needs a purchase line",
        );
    }
    c.unique(
        "purchase line",
        r.purchases
            .iter()
            .enumerate()
            .map(|(i, l)| (i, l.id.as_str())),
        |i| format!("revolving.purchases[{i}].id"),
    );
    let (_, months_to_final) = horizon(deal);
    for (i, l) in r.purchases.iter().enumerate() {
        let p = format!("revolving.purchases[{i}]");
        c.rate(format!("{p}.weight"), l.weight, 0.0, 1.0);
        c.rate(format!("{p}.rate"), l.rate, 0.0, 1.0);
        if l.term == 0 || l.term as i32 > months_to_final {
            c.error(
                format!("{p}.term"),
                format!("{} months is outside [1, {months_to_final}]", l.term),
            );
        }
        if matches!(l.amortisation, Amortisation::Schedule(_)) {
            c.error(
                format!("{p}.amortisation"),
                "new assets amortise LevelPayment, EqualPrincipal or Bullet",
            );
        }
    }
    let total: f64 = r.purchases.iter().map(|l| l.weight).sum();
    if !r.purchases.is_empty() && (total - 1.0).abs() > 1e-9 {
        c.error(
            "revolving.purchases",
            format!("the weights add up to {total}, not 1"),
        );
    }
    let e = &r.eligibility;
    if let Some(x) = e.min_rate {
        c.rate("revolving.eligibility.min_rate".into(), x, 0.0, 1.0);
    }
    if e.max_term == Some(0) {
        c.error("revolving.eligibility.max_term", "must be at least 1 month");
    }
    for (name, x) in [
        ("max_obligor_share", e.max_obligor_share),
        ("max_industry_share", e.max_industry_share),
        ("max_uninvested_share", r.max_uninvested_share),
    ] {
        if let Some(x) = x {
            let path = if name == "max_uninvested_share" {
                format!("revolving.{name}")
            } else {
                format!("revolving.eligibility.{name}")
            };
            c.rate(path, x, 0.0, 1.0);
        }
    }
    for (i, id) in r.early_amortisation.iter().enumerate() {
        if !deal.triggers.iter().any(|t| &t.id == id) {
            c.error(
                format!("revolving.early_amortisation[{i}]"),
                format!("no trigger with id {id:?}"),
            );
        }
    }
}
