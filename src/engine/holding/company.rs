//! Stage 2, the project company: depreciation, sale, bank debt, shareholder loan, tax with
//! loss carry-forward, statutory reserve, dividends, capital return and trapped cash. Every
//! accrual is paid or carried as arrears; each date conserves cash.

use super::capital::Capital;
use super::operations::{Operations, years_between};
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
}

impl Company {
    pub fn new() -> Company {
        Company {
            registered: ZERO,
            plan_equity: ZERO,
            loan: ZERO,
            bank: ZERO,
            bank_drawn: ZERO,
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
        }
    }

    /// Buy an asset on `start` with this capital (at closing and at each expansion).
    pub fn buy(&mut self, c: &Capital, start: NaiveDate, life_end: NaiveDate) {
        self.registered += c.registered;
        self.plan_equity += c.plan_equity;
        self.loan += c.loan;
        self.bank += c.bank;
        self.bank_drawn += c.bank;
        self.books.push(Book {
            start,
            end: life_end,
            price: c.price,
            depreciated: ZERO,
        });
    }

    /// The plan's share of the company's equity.
    pub fn plan_share(&self) -> Decimal {
        if self.registered > ZERO {
            self.plan_equity / self.registered
        } else {
            ZERO
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

    #[allow(clippy::too_many_lines)]
    pub fn step(&mut self, spv: &DoubleSpv, p: &PeriodIn) -> (ProjectCompanyPeriod, ToPlan) {
        let liquidation = p.ending == Ending::Liquidation;
        let days = Decimal::from(p.days);
        let accrue =
            |balance: Decimal, rate: f64| fen(balance * dec(rate) * days / Decimal::from(365));
        let noi = p.ops.noi();

        let depreciation = self.depreciate(spv.depreciation, p.from, p.date);
        let (book_value_sold, gain) = if liquidation {
            let book = self.book_value();
            for b in &mut self.books {
                b.depreciated = b.price;
            }
            (book, p.sale.gross - p.sale.costs - book)
        } else {
            (ZERO, ZERO)
        };

        // Bank debt: interest on the balance; the regular instalment; the rest at maturity
        // (or refinanced then) and at a liquidation.
        let (bank_rate, n, refinancing) = spv.bank_debt.as_ref().map_or((0.0, 1, None), |b| {
            let rate = match (&b.refinancing, self.refinanced) {
                (Some(r), true) => r.rate,
                _ => b.rate,
            };
            (
                rate,
                b.amortisation_periods.max(1) as usize,
                b.refinancing.as_ref(),
            )
        });
        let bank_accrued = accrue(self.bank, bank_rate);
        let bank_interest_due = bank_accrued + self.bank_interest_arrears;
        let period_no = p.k + 1;
        let refinance_now = refinancing.is_some() && !self.refinanced && period_no == n;
        let regular = if self.refinanced || refinance_now {
            ZERO
        } else {
            match spv.bank_debt.as_ref().map(|b| &b.repayment) {
                Some(BankRepayment::EqualPrincipal) if period_no <= n => {
                    fen(self.bank_drawn / Decimal::from(n as u64))
                }
                Some(BankRepayment::Schedule(v)) => v.get(p.k).copied().unwrap_or(ZERO),
                _ => ZERO,
            }
        }
        .min(self.bank);
        let matures = !self.refinanced && !refinance_now && period_no >= n;
        let bank_principal_due = if liquidation || matures {
            self.bank
        } else {
            (regular + self.bank_principal_arrears).min(self.bank)
        };
        if refinance_now {
            self.refinanced = true;
        }

        // Shareholder loan: interest accrued on the balance; the deductible part is limited by
        // 2 × registered capital (thin cap) and by the comparable commercial rate.
        let loan_accrued = accrue(self.loan, spv.loan_rate);
        let loan_interest_due = loan_accrued + self.loan_interest_arrears;
        let deductible_rate = spv
            .related_party_rate
            .map_or(spv.loan_rate, |r| spv.loan_rate.min(r));
        let deductible = accrue(
            self.loan.min(self.registered * Decimal::TWO),
            deductible_rate,
        );

        // Tax: losses of the last five calendar years, oldest first.
        let year = p.date.year();
        let mut losses_expired = ZERO;
        self.losses.retain(|(ly, l)| {
            let keep = *ly >= year - 5;
            if !keep {
                losses_expired += *l;
            }
            keep
        });
        let taxable = noi - bank_accrued - deductible - depreciation + gain;
        let rate = dec(spv.tax_rate);
        let tax_on_gain = if gain == ZERO {
            ZERO
        } else {
            let (without, _) = self.after_losses(taxable - gain, year, false);
            let (with, _) = self.after_losses(taxable, year, false);
            fen(with * rate) - fen(without * rate)
        };
        let (base, losses_used) = self.after_losses(taxable, year, true);
        let tax_assessed = fen(base * rate);
        let net_profit = noi - bank_accrued - loan_accrued - depreciation + gain - tax_assessed;

        // Cash, in order; each payment min(due, cash left).
        let available = self.cash + p.ops.revenue + p.sale.gross - p.sale.costs;
        let mut till = Till(available);
        let mut pay = |due: Decimal| till.pay(due);
        let opex_due = p.ops.opex + self.opex_arrears;
        let opex_paid = pay(opex_due);
        self.opex_arrears = opex_due - opex_paid;
        let capex_due = p.ops.capex + self.capex_arrears;
        let capex_paid = pay(capex_due);
        self.capex_arrears = capex_due - capex_paid;
        let bank_interest = pay(bank_interest_due);
        self.bank_interest_arrears = bank_interest_due - bank_interest;
        let bank_principal = pay(bank_principal_due);
        self.bank -= bank_principal;
        self.bank_principal_arrears = if liquidation || matures {
            ZERO
        } else {
            bank_principal_due - bank_principal
        };
        let loan_interest = pay(loan_interest_due);
        self.loan_interest_arrears = loan_interest_due - loan_interest;
        let tax_due = tax_assessed + self.tax_arrears;
        let tax = pay(tax_due);
        self.tax_arrears = tax_due - tax;
        let loan_principal_due = if liquidation {
            self.loan
        } else {
            match &spv.loan_repayment {
                LoanRepayment::Sweep => self.loan,
                LoanRepayment::Schedule(v) => (v.get(p.k).copied().unwrap_or(ZERO)
                    + self.loan_schedule_arrears)
                    .min(self.loan),
            }
        };
        let loan_principal = pay(loan_principal_due);
        if matches!(spv.loan_repayment, LoanRepayment::Schedule(_)) && !liquidation {
            self.loan_schedule_arrears = loan_principal_due - loan_principal;
        }
        self.loan -= loan_principal;

        // Dividends out of accumulated distributable profit after the statutory reserve (10%
        // of profit after prior deficits, up to 50% of registered capital); at a liquidation
        // everything left is paid out.
        let reserve_room = (self.registered / Decimal::TWO - self.reserve).max(ZERO);
        let make_up = net_profit + self.retained.min(ZERO);
        let reserve_add = if make_up > ZERO {
            fen(make_up / Decimal::TEN).min(reserve_room)
        } else {
            ZERO
        };
        self.reserve += reserve_add;
        let distributable = (self.retained + net_profit - reserve_add).max(ZERO);
        let share = self.plan_share();
        let dividends = pay(if liquidation {
            Decimal::MAX
        } else {
            distributable
        });
        self.retained += net_profit - reserve_add - dividends;

        // Capital return out of trapped cash, on chosen dates or above a threshold.
        let (mut capital_reduction, mut loan_prepayment, mut reduction_to_plan) =
            (ZERO, ZERO, ZERO);
        if let Some(cr) = spv.capital_return.as_ref().filter(|_| !liquidation) {
            let left = till.0;
            let excess = if cr.periods.contains(&(period_no as u32)) {
                left
            } else {
                cr.threshold
                    .map_or(ZERO, |t| (left - t.max(ZERO)).max(ZERO))
            };
            match cr.method {
                CapitalReturnMethod::CapitalReduction => {
                    capital_reduction = till.pay(excess.min(self.registered));
                    reduction_to_plan = fen(capital_reduction * share);
                    self.registered -= capital_reduction;
                    self.plan_equity -= reduction_to_plan;
                }
                CapitalReturnMethod::LoanPrepayment => {
                    loan_prepayment = till.pay(excess.min(self.loan));
                    self.loan -= loan_prepayment;
                }
            }
        }
        self.cash = till.0;

        let paid = opex_paid
            + capex_paid
            + bank_interest
            + bank_principal
            + loan_interest
            + tax
            + loan_principal
            + dividends
            + capital_reduction
            + loan_prepayment;
        let debt_service = bank_accrued + regular;
        let period = ProjectCompanyPeriod {
            date: p.date,
            revenue: p.ops.revenue,
            opex: p.ops.opex,
            opex_paid,
            opex_arrears: self.opex_arrears,
            noi,
            capex: capex_paid,
            gross_sale_price: p.sale.gross,
            selling_costs: p.sale.costs,
            sale_proceeds: p.sale.gross - p.sale.costs,
            book_value_sold,
            gain_on_sale: gain,
            tax_on_gain,
            bank_interest_due,
            bank_interest,
            bank_interest_arrears: self.bank_interest_arrears,
            bank_principal_due,
            bank_principal,
            bank_principal_arrears: self.bank_principal_arrears,
            bank_scheduled_principal: regular,
            shareholder_loan_interest_due: loan_interest_due,
            shareholder_loan_interest: loan_interest,
            shareholder_loan_interest_arrears: self.loan_interest_arrears,
            deductible_interest: deductible,
            shareholder_loan_principal: loan_principal,
            depreciation,
            taxable_income: taxable,
            losses_used,
            losses_expired,
            tax_assessed,
            tax,
            tax_arrears: self.tax_arrears,
            net_profit,
            statutory_reserve: reserve_add,
            dividends,
            capital_reduction,
            loan_prepayment,
            trapped_cash: self.cash,
            shareholder_loan_balance: self.loan,
            bank_balance: self.bank,
            dscr: (debt_service > ZERO).then(|| to_f64(noi - p.ops.capex) / to_f64(debt_service)),
            ltv: {
                let value = to_f64(self.books.iter().map(|b| b.price).sum());
                if value > 0.0 {
                    to_f64(self.bank) / value
                } else {
                    0.0
                }
            },
            available,
            paid,
            retained: self.cash,
        };
        let to_plan = ToPlan {
            interest: loan_interest,
            capital: loan_principal + loan_prepayment + reduction_to_plan,
            dividends: fen(dividends * share),
        };
        (period, to_plan)
    }
}
