//! Stage 2, the project company: depreciation, sale, bank debt, shareholder loan, tax with
//! loss carry-forward, statutory reserve, dividends, capital return and trapped cash. Every
//! accrual is paid or carried as arrears; each date conserves cash.

use super::operations::{Operations, years_between};
use crate::model::Capital;
use crate::model::{BankRepayment, CapitalReturnMethod, Depreciation, DoubleSpv, LoanRepayment};
use crate::money::{dec, fen, to_f64};
use crate::results::ProjectCompanyPeriod;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// How the deal ends on a date, as the project company sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// An ordinary date.
    No,
    /// Sale or end of the concession: debts are due, everything left is paid out.
    Liquidation,
    /// REIT conversion: the company goes on under new owners; an ordinary date for it.
    Transfer,
}

/// An asset on the books, depreciated over its own life.
#[derive(Debug, Clone)]
struct Book {
    start: NaiveDate,
    end: NaiveDate,
    price: Decimal,
    depreciated: Decimal,
}

/// Gross price and selling costs of a sale on the exit date.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sale {
    pub gross: Decimal,
    pub costs: Decimal,
}

/// Cash on hand, paid out in order: each payment `min(due, cash left)`.
struct Till(Decimal);

impl Till {
    fn pay(&mut self, due: Decimal) -> Decimal {
        let x = due.min(self.0).max(ZERO);
        self.0 -= x;
        x
    }
}

/// Interest on a sum of balance × days at `rate`, ACT/365, rounded once.
fn accrue_on(balance_days: Decimal, rate: f64) -> Decimal {
    fen(balance_days * dec(rate) / Decimal::from(365))
}

/// Money put in during a period (an expansion): it accrues from its date only.
#[derive(Debug, Clone)]
struct Drawn {
    date: NaiveDate,
    loan: Decimal,
    bank: Decimal,
    registered: Decimal,
}

/// The bank's interest accrued on a date, and whether its whole balance is due.
#[derive(Debug, Default)]
struct BankDue {
    accrued: Decimal,
    whole_balance: bool,
}

/// What one period gives the company.
pub struct PeriodIn {
    pub k: usize,
    pub date: NaiveDate,
    pub from: NaiveDate,
    pub days: i64,
    pub ops: Operations,
    pub ending: Ending,
    pub sale: Sale,
}

/// What the plan receives from the company on a date.
#[derive(Debug, Clone, Copy, Default)]
pub struct ToPlan {
    pub interest: Decimal,
    /// Loan principal (scheduled, swept, prepaid) and the plan's part of a capital reduction.
    pub capital: Decimal,
    pub dividends: Decimal,
}

#[derive(Debug, Clone)]
pub struct Company {
    pub registered: Decimal,
    pub plan_equity: Decimal,
    pub loan: Decimal,
    pub bank: Decimal,
    /// Bank principal drawn (the base of equal instalments).
    bank_drawn: Decimal,
    /// Drawn during the period being run, with its date.
    drawn: Vec<Drawn>,
    refinanced: bool,
    books: Vec<Book>,
    pub cash: Decimal,
    pub opex_arrears: Decimal,
    pub capex_arrears: Decimal,
    pub bank_interest_arrears: Decimal,
    bank_principal_arrears: Decimal,
    pub loan_interest_arrears: Decimal,
    loan_schedule_arrears: Decimal,
    pub tax_arrears: Decimal,
    losses: Vec<(i32, Decimal)>,
    retained: Decimal,
    reserve: Decimal,
    /// The plan's share of the equity before the last capital reduction: a pro-rata reduction
    /// leaves the shares as they were, also one that returns all the registered capital.
    share_before_reduction: Decimal,
}

impl Company {
    pub fn new() -> Company {
        Company {
            registered: ZERO,
            plan_equity: ZERO,
            loan: ZERO,
            bank: ZERO,
            bank_drawn: ZERO,
            drawn: Vec::new(),
            refinanced: false,
            books: Vec::new(),
            cash: ZERO,
            opex_arrears: ZERO,
            capex_arrears: ZERO,
            bank_interest_arrears: ZERO,
            bank_principal_arrears: ZERO,
            loan_interest_arrears: ZERO,
            loan_schedule_arrears: ZERO,
            tax_arrears: ZERO,
            losses: Vec::new(),
            retained: ZERO,
            reserve: ZERO,
            share_before_reduction: ZERO,
        }
    }

    /// Buy an asset on `start` with this capital (at closing and at each expansion).
    pub fn buy(&mut self, c: &Capital, start: NaiveDate, life_end: NaiveDate) {
        self.registered += c.registered;
        self.plan_equity += c.plan_equity;
        self.loan += c.loan;
        self.bank += c.bank;
        self.bank_drawn += c.bank;
        self.drawn.push(Drawn {
            date: start,
            loan: c.loan,
            bank: c.bank,
            registered: c.registered,
        });
        self.books.push(Book {
            start,
            end: life_end,
            price: c.price,
            depreciated: ZERO,
        });
    }

    /// Σ balance × days over the period of `p`, money drawn during it counting from its date.
    fn balance_days(&self, balance: Decimal, part: fn(&Drawn) -> Decimal, p: &PeriodIn) -> Decimal {
        let mut old = balance;
        let mut sum = ZERO;
        for d in self.drawn.iter().filter(|d| d.date > p.from) {
            old -= part(d);
            sum += part(d) * Decimal::from((p.date - d.date).num_days().max(0));
        }
        sum + old * Decimal::from(p.days)
    }

    /// The plan's share of the company's equity.
    pub fn plan_share(&self) -> Decimal {
        if self.registered > ZERO {
            self.plan_equity / self.registered
        } else {
            self.share_before_reduction
        }
    }

    pub fn book_value(&self) -> Decimal {
        self.books.iter().map(|b| b.price - b.depreciated).sum()
    }

    /// Owed by the company after the date, other than the shareholder loan.
    pub fn other_debts(&self) -> Decimal {
        self.bank
            + self.bank_interest_arrears
            + self.tax_arrears
            + self.opex_arrears
            + self.capex_arrears
    }

    /// `Years`: cumulative depreciation at a date = `fen(round(price / life years) × years
    /// elapsed)`, the whole price at the end of life; `Days`: `book × days / days to the end`.
    fn depreciate(&mut self, method: Depreciation, from: NaiveDate, date: NaiveDate) -> Decimal {
        let mut total = ZERO;
        for b in &mut self.books {
            let target = if date >= b.end {
                b.price
            } else {
                match method {
                    Depreciation::Years => {
                        let life = years_between(b.start, b.end);
                        let annual = b.price.checked_div(life).map_or(b.price, fen);
                        fen(annual * years_between(b.start, date)).min(b.price)
                    }
                    Depreciation::Days => {
                        let left = (b.end - from.max(b.start)).num_days();
                        let days = (date - from.max(b.start)).num_days().max(0);
                        let book = b.price - b.depreciated;
                        b.depreciated + fen(book * Decimal::from(days) / Decimal::from(left.max(1)))
                    }
                }
            };
            total += target - b.depreciated;
            b.depreciated = target;
        }
        total
    }

    /// Taxable income after losses: (base, losses used), mutating the loss pool when `book`.
    fn after_losses(&mut self, taxable: Decimal, year: i32, book: bool) -> (Decimal, Decimal) {
        if taxable < ZERO {
            if book {
                match self.losses.iter_mut().find(|(ly, _)| *ly == year) {
                    Some((_, l)) => *l -= taxable,
                    None => self.losses.push((year, -taxable)),
                }
            }
            return (ZERO, ZERO);
        }
        let (mut base, mut used) = (taxable, ZERO);
        for (_, l) in self.losses.iter_mut() {
            let u = (*l).min(base);
            base -= u;
            used += u;
            if book {
                *l -= u;
            }
        }
        if book {
            self.losses.retain(|(_, l)| *l > ZERO);
        }
        (base, used)
    }

    /// One date of the company: every line of its ledger for the date, and what the plan
    /// receives.
    pub fn step(&mut self, spv: &DoubleSpv, p: &PeriodIn) -> (ProjectCompanyPeriod, ToPlan) {
        let liquidation = p.ending == Ending::Liquidation;
        let mut out = ProjectCompanyPeriod {
            date: p.date,
            revenue: p.ops.revenue,
            opex: p.ops.opex,
            noi: p.ops.noi(),
            gross_sale_price: p.sale.gross,
            selling_costs: p.sale.costs,
            sale_proceeds: p.sale.gross - p.sale.costs,
            ..Default::default()
        };
        out.depreciation = self.depreciate(spv.depreciation, p.from, p.date);
        if liquidation {
            out.book_value_sold = self.book_value();
            for b in &mut self.books {
                b.depreciated = b.price;
            }
            out.gain_on_sale = out.sale_proceeds - out.book_value_sold;
        }
        let bank = self.bank_dues(spv, p, liquidation, &mut out);
        self.loan_dues(spv, p, &mut out);
        self.assess_tax(spv, p, &mut out);
        let to_plan = self.pay(spv, p, liquidation, &bank, &mut out);
        let debt_service = bank.accrued + out.bank_scheduled_principal;
        out.dscr =
            (debt_service > ZERO).then(|| to_f64(out.noi - p.ops.capex) / to_f64(debt_service));
        let value = to_f64(self.books.iter().map(|b| b.price).sum());
        out.ltv = if value > 0.0 {
            to_f64(self.bank) / value
        } else {
            0.0
        };
        out.shareholder_loan_balance = self.loan;
        out.bank_balance = self.bank;
        self.drawn.clear();
        (out, to_plan)
    }

    /// Bank interest on the balance; the regular instalment; the rest at maturity (or
    /// refinanced then) and at a liquidation.
    fn bank_dues(
        &mut self,
        spv: &DoubleSpv,
        p: &PeriodIn,
        liquidation: bool,
        out: &mut ProjectCompanyPeriod,
    ) -> BankDue {
        let Some(b) = spv.bank_debt.as_ref() else {
            return BankDue::default();
        };
        let rate = match (&b.refinancing, self.refinanced) {
            (Some(r), true) => r.rate,
            _ => b.rate,
        };
        let n = b.amortisation_periods.max(1) as usize;
        let accrued = accrue_on(self.balance_days(self.bank, |d| d.bank, p), rate);
        out.bank_interest_due = accrued + self.bank_interest_arrears;
        let period_no = p.k + 1;
        let refinance_now = b.refinancing.is_some() && !self.refinanced && period_no == n;
        let regular = if self.refinanced || refinance_now {
            ZERO
        } else {
            match &b.repayment {
                BankRepayment::EqualPrincipal if period_no <= n => {
                    {
                        // Money drawn during the period starts its instalments on the next date.
                        let new: Decimal = self
                            .drawn
                            .iter()
                            .filter(|d| d.date > p.from)
                            .map(|d| d.bank)
                            .sum();
                        fen((self.bank_drawn - new) / Decimal::from(n as u64))
                    }
                }
                BankRepayment::Schedule(v) => v.get(p.k).copied().unwrap_or(ZERO),
                _ => ZERO,
            }
        }
        .min(self.bank);
        let matures = !self.refinanced && !refinance_now && period_no >= n;
        out.bank_scheduled_principal = regular;
        out.bank_principal_due = if liquidation || matures {
            self.bank
        } else {
            (regular + self.bank_principal_arrears).min(self.bank)
        };
        self.refinanced |= refinance_now;
        BankDue {
            accrued,
            whole_balance: liquidation || matures,
        }
    }

    /// Shareholder-loan interest accrued on the balance; the deductible part is limited by
    /// 2 × registered capital (thin cap) and by the comparable commercial rate.
    fn loan_dues(&self, spv: &DoubleSpv, p: &PeriodIn, out: &mut ProjectCompanyPeriod) {
        let loan_days = self.balance_days(self.loan, |d| d.loan, p);
        let accrued = accrue_on(loan_days, spv.loan_rate);
        out.shareholder_loan_interest_due = accrued + self.loan_interest_arrears;
        let rate = spv
            .related_party_rate
            .map_or(spv.loan_rate, |r| spv.loan_rate.min(r));
        let cap_days = self.balance_days(self.registered, |d| d.registered, p) * Decimal::TWO;
        out.deductible_interest = accrue_on(loan_days.min(cap_days), rate);
    }

    /// Taxable income, losses of the last five calendar years (oldest first), the tax
    /// assessed and the part due to a gain, and the net profit.
    fn assess_tax(&mut self, spv: &DoubleSpv, p: &PeriodIn, out: &mut ProjectCompanyPeriod) {
        let year = p.date.year();
        let mut expired = ZERO;
        self.losses.retain(|(ly, l)| {
            let keep = *ly >= year - 5;
            if !keep {
                expired += *l;
            }
            keep
        });
        out.losses_expired = expired;
        let bank_accrued = out.bank_interest_due - self.bank_interest_arrears;
        let loan_accrued = out.shareholder_loan_interest_due - self.loan_interest_arrears;
        let gain = out.gain_on_sale;
        out.taxable_income =
            out.noi - bank_accrued - out.deductible_interest - out.depreciation + gain;
        let rate = dec(spv.tax_rate);
        if gain != ZERO {
            let (without, _) = self.after_losses(out.taxable_income - gain, year, false);
            let (with, _) = self.after_losses(out.taxable_income, year, false);
            out.tax_on_gain = fen(with * rate) - fen(without * rate);
        }
        let (base, used) = self.after_losses(out.taxable_income, year, true);
        out.losses_used = used;
        out.tax_assessed = fen(base * rate);
        out.net_profit =
            out.noi - bank_accrued - loan_accrued - out.depreciation + gain - out.tax_assessed;
    }

    /// Cash, paid in order, each `min(due, cash left)`; what is not paid is carried. Then
    /// dividends, capital return and trapped cash.
    fn pay(
        &mut self,
        spv: &DoubleSpv,
        p: &PeriodIn,
        liquidation: bool,
        bank: &BankDue,
        out: &mut ProjectCompanyPeriod,
    ) -> ToPlan {
        out.available = self.cash + p.ops.revenue + out.sale_proceeds;
        let mut till = Till(out.available);
        let opex_due = p.ops.opex + self.opex_arrears;
        out.opex_paid = till.pay(opex_due);
        self.opex_arrears = opex_due - out.opex_paid;
        out.opex_arrears = self.opex_arrears;
        let capex_due = p.ops.capex + self.capex_arrears;
        out.capex = till.pay(capex_due);
        self.capex_arrears = capex_due - out.capex;
        out.bank_interest = till.pay(out.bank_interest_due);
        self.bank_interest_arrears = out.bank_interest_due - out.bank_interest;
        out.bank_interest_arrears = self.bank_interest_arrears;
        out.bank_principal = till.pay(out.bank_principal_due);
        self.bank -= out.bank_principal;
        self.bank_principal_arrears = if bank.whole_balance {
            ZERO
        } else {
            out.bank_principal_due - out.bank_principal
        };
        out.bank_principal_arrears = self.bank_principal_arrears;
        out.shareholder_loan_interest = till.pay(out.shareholder_loan_interest_due);
        self.loan_interest_arrears =
            out.shareholder_loan_interest_due - out.shareholder_loan_interest;
        out.shareholder_loan_interest_arrears = self.loan_interest_arrears;
        let tax_due = out.tax_assessed + self.tax_arrears;
        out.tax = till.pay(tax_due);
        self.tax_arrears = tax_due - out.tax;
        out.tax_arrears = self.tax_arrears;
        let principal_due = match (&spv.loan_repayment, liquidation) {
            (_, true) | (LoanRepayment::Sweep, _) => self.loan,
            (LoanRepayment::Schedule(v), false) => {
                (v.get(p.k).copied().unwrap_or(ZERO) + self.loan_schedule_arrears).min(self.loan)
            }
        };
        out.shareholder_loan_principal = till.pay(principal_due);
        if matches!(spv.loan_repayment, LoanRepayment::Schedule(_)) && !liquidation {
            self.loan_schedule_arrears = principal_due - out.shareholder_loan_principal;
        }
        self.loan -= out.shareholder_loan_principal;
        let share = self.plan_share();
        self.dividends(liquidation, &mut till, out);
        let reduction_to_plan = self.capital_return(spv, p, liquidation, share, &mut till, out);
        self.cash = till.0;
        out.trapped_cash = self.cash;
        out.retained = self.cash;
        out.paid = out.opex_paid
            + out.capex
            + out.bank_interest
            + out.bank_principal
            + out.shareholder_loan_interest
            + out.tax
            + out.shareholder_loan_principal
            + out.dividends
            + out.capital_reduction
            + out.loan_prepayment;
        ToPlan {
            interest: out.shareholder_loan_interest,
            capital: out.shareholder_loan_principal + out.loan_prepayment + reduction_to_plan,
            dividends: fen(out.dividends * share),
        }
    }

    /// Dividends out of accumulated distributable profit after the statutory reserve (10% of
    /// profit after prior deficits, up to 50% of registered capital); at a liquidation
    /// everything left is paid out.
    fn dividends(&mut self, liquidation: bool, till: &mut Till, out: &mut ProjectCompanyPeriod) {
        let room = (self.registered / Decimal::TWO - self.reserve).max(ZERO);
        let make_up = out.net_profit + self.retained.min(ZERO);
        out.statutory_reserve = if make_up > ZERO {
            fen(make_up / Decimal::TEN).min(room)
        } else {
            ZERO
        };
        self.reserve += out.statutory_reserve;
        let distributable = (self.retained + out.net_profit - out.statutory_reserve).max(ZERO);
        out.dividends = till.pay(if liquidation {
            Decimal::MAX
        } else {
            distributable
        });
        self.retained += out.net_profit - out.statutory_reserve - out.dividends;
    }

    /// Capital return out of trapped cash, on chosen dates or above a threshold; the plan's
    /// part of a capital reduction.
    fn capital_return(
        &mut self,
        spv: &DoubleSpv,
        p: &PeriodIn,
        liquidation: bool,
        share: Decimal,
        till: &mut Till,
        out: &mut ProjectCompanyPeriod,
    ) -> Decimal {
        let Some(cr) = spv.capital_return.as_ref().filter(|_| !liquidation) else {
            return ZERO;
        };
        let excess = if cr.periods.contains(&(p.k as u32 + 1)) {
            till.0
        } else {
            cr.threshold
                .map_or(ZERO, |t| (till.0 - t.max(ZERO)).max(ZERO))
        };
        match cr.method {
            CapitalReturnMethod::CapitalReduction => {
                out.capital_reduction = till.pay(excess.min(self.registered));
                let to_plan = fen(out.capital_reduction * share);
                self.share_before_reduction = share;
                self.registered -= out.capital_reduction;
                self.plan_equity -= to_plan;
                to_plan
            }
            CapitalReturnMethod::LoanPrepayment => {
                out.loan_prepayment = till.pay(excess.min(self.loan));
                self.loan -= out.loan_prepayment;
                ZERO
            }
        }
    }
}
