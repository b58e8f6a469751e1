//! The capital structure a holding-type deal's terms state: how the plan's money is raised
//! and put into the project company, at closing and at each expansion (bank loan, plan
//! equity, shareholder loan, the originator's equity, whole units). The validator's thin-cap
//! red line and the engine read the same amounts.

use crate::model::DoubleSpv;
use crate::money::{dec, fen};
use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Debug, Clone, PartialEq)]
pub struct Capital {
    pub price: Decimal,
    pub bank: Decimal,
    /// The plan's money: whole units × unit price.
    pub plan_cash: Decimal,
    pub plan_equity: Decimal,
    pub loan: Decimal,
    /// The project company's registered capital (plan equity + the originator's equity).
    pub registered: Decimal,
    pub units: Decimal,
}

/// Capital for a purchase at `price` with units sold at `unit_price`.
///
/// Bank loan `fen(price × ltv)`; the plan's money before rounding to units
/// `C = fen((price − bank) / (er / share + 1 − er))`; units `floor(C / unit_price)` (whole
/// units), plan money `units × unit_price`; plan equity `fen(plan money × er)`; loan the rest;
/// registered capital `price − bank − loan`, so the originator's equity takes the yuan below
/// one unit and every rounding, and price = registered + loan + bank exactly.
pub fn capital(spv: &DoubleSpv, price: Decimal, unit_price: Decimal) -> Capital {
    checked(spv, price, unit_price).unwrap_or(Capital {
        price: Decimal::ZERO,
        bank: Decimal::ZERO,
        plan_cash: Decimal::ZERO,
        plan_equity: Decimal::ZERO,
        loan: Decimal::ZERO,
        registered: Decimal::ZERO,
        units: Decimal::ZERO,
    })
}

/// The same in checked arithmetic: none for terms outside what the validator accepts (an
/// amount out of Decimal's range, a zero unit price), so no input can panic here.
fn checked(spv: &DoubleSpv, price: Decimal, unit_price: Decimal) -> Option<Capital> {
    let price = fen(price);
    let bank = match &spv.bank_debt {
        Some(b) => fen(price.checked_mul(dec(b.ltv))?),
        None => Decimal::ZERO,
    };
    let (er, share) = (spv.equity_ratio, spv.plan_equity_share);
    let denom = dec(er / share + 1.0 - er);
    if denom <= Decimal::ZERO || unit_price <= Decimal::ZERO {
        return None;
    }
    let c = fen(price.checked_sub(bank)?.checked_div(denom)?);
    let units = c
        .checked_div(unit_price)?
        .round_dp_with_strategy(0, RoundingStrategy::ToZero);
    let plan_cash = fen(units.checked_mul(unit_price)?);
    let plan_equity = fen(plan_cash.checked_mul(dec(er))?);
    let loan = plan_cash - plan_equity;
    Some(Capital {
        price,
        bank,
        plan_cash,
        plan_equity,
        loan,
        registered: price.checked_sub(bank)?.checked_sub(loan)?,
        units,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoanRepayment;

    fn spv(er: f64, share: f64, ltv: Option<f64>) -> DoubleSpv {
        DoubleSpv {
            total_investment: Decimal::ZERO,
            equity_ratio: er,
            plan_equity_share: share,
            loan_rate: 0.05,
            loan_repayment: LoanRepayment::Sweep,
            bank_debt: ltv.map(|ltv| crate::model::BankDebt {
                ltv,
                rate: 0.04,
                amortisation_periods: 10,
                repayment: Default::default(),
                refinancing: None,
            }),
            tax_rate: 0.25,
            related_party_rate: None,
            depreciation: Default::default(),
            capital_return: None,
        }
    }

    #[test]
    fn whole_units_and_the_odd_yuan_to_the_originator() {
        // Price 1,000,000,050, LTV 20%: bank 200,000,010. er 0.3, share 0.9:
        // C = 800,000,040 / (0.3 / 0.9 + 0.7) = 800,000,040 / 1.0333… = 774,193,587.10;
        // units floor(C / 100) = 7,741,935, plan money 774,193,500.00 (87.10 to the originator).
        let c = capital(
            &spv(0.3, 0.9, Some(0.2)),
            "1000000050".parse().unwrap(),
            Decimal::ONE_HUNDRED,
        );
        assert_eq!(c.bank, "200000010.00".parse::<Decimal>().unwrap());
        assert_eq!(c.units, Decimal::from(7_741_935));
        assert_eq!(c.plan_cash, "774193500.00".parse::<Decimal>().unwrap());
        // Plan equity 30% = 232,258,050; loan 541,935,450; registered = price − bank − loan =
        // 258,064,590 (the originator's 25,806,540 is 10% of it, plus 87.10 and roundings).
        assert_eq!(c.plan_equity, "232258050.00".parse::<Decimal>().unwrap());
        assert_eq!(c.loan, "541935450.00".parse::<Decimal>().unwrap());
        assert_eq!(c.registered, "258064590.00".parse::<Decimal>().unwrap());
        assert_eq!(c.registered + c.loan + c.bank, c.price);
    }
}
