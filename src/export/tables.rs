//! Cash-flow tables from `DealResults`: one [`Table`] per part of the deal (pool, waterfall,
//! securities, and for holding-type deals the project company and the plan), written as CSV
//! (exact decimal text) and as sheets of one XLSX workbook (numbers with formats). Both
//! writers read the same `Table`, so the files agree with each other and with the engine.

use super::summary::TermSheet;
use super::{ExportError, Lang};
use crate::format::exact;
use crate::i18n::Term;
use crate::money::to_f64;
use crate::results::{DealResults, PeriodResult, PlanPeriod, ProjectCompanyPeriod};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Ledger money, CNY: exact text in CSV, a number formatted `#,##0.00` in XLSX.
    Money(Decimal),
    /// A rate as a fraction (0.0258): CSV writes the fraction, XLSX a percent format with
    /// this many decimals. `None` is empty.
    Percent(Option<f64>, u8),
    /// A plain number (years, ratios, multiples) with this many decimals in XLSX.
    Number(Option<f64>, u8),
    Int(i64),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
    Empty,
}

impl Cell {
    /// The CSV text: exact money, fractions for rates, ISO dates.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Money(d) => exact(*d),
            Cell::Percent(Some(x), _) | Cell::Number(Some(x), _) if x.is_finite() => {
                format!("{x}")
            }
            Cell::Percent(..) | Cell::Number(..) | Cell::Empty => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// A column: `key` is the CSV header (stable, snake_case), the labels head the XLSX sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub zh: String,
    pub en: String,
}

impl Column {
    fn new(key: &str, zh: &str, en: &str) -> Column {
        Column {
            key: key.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A column headed by a term of the shared vocabulary.
    fn term(key: &str, t: Term) -> Column {
        Column::new(key, t.zh(), t.en())
    }

    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The parts of a deal that get a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The asset pool per period (tranched deals).
    Pool,
    /// Each payment date's sources and uses: collections, fees, payments, accounts.
    Waterfall,
    /// Each security's (or unit class's) cash flows per period, one row per security and date.
    Securities,
    /// The project company of a holding-type deal (second SPV).
    ProjectCompany,
    /// The plan of a holding-type deal: receipts, fees, distributions, NAV.
    Plan,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Pool,
        Part::Waterfall,
        Part::Securities,
        Part::ProjectCompany,
        Part::Plan,
    ];

    /// CSV file name: `pool.csv`, `periods.csv`, `securities.csv`, `project_company.csv`,
    /// `plan.csv`.
    pub fn csv_name(self) -> &'static str {
        match self {
            Part::Pool => "pool.csv",
            Part::Waterfall => "periods.csv",
            Part::Securities => "securities.csv",
            Part::ProjectCompany => "project_company.csv",
            Part::Plan => "plan.csv",
        }
    }

    pub fn sheet_name(self, lang: Lang) -> &'static str {
        lang.term(match self {
            Part::Pool => Term::Pool,
            Part::Waterfall => Term::PriorityOfPayments,
            Part::Securities => Term::Securities,
            Part::ProjectCompany => Term::ProjectCompany,
            Part::Plan => Term::Plan,
        })
    }
}

/// A part's table: columns and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub part: Part,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The index of the column with this CSV key.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

/// The table of one part, when the results have that part.
pub fn table(r: &DealResults, part: Part) -> Option<Table> {
    match part {
        Part::Pool => has_pool(r).then(|| pool_table(r)),
        Part::Waterfall => Some(waterfall_table(r)),
        Part::Securities => Some(securities_table(r)),
        Part::ProjectCompany => project_company_table(r),
        Part::Plan => plan_table(r),
    }
}

/// Every table the results have, in `Part::ALL` order.
pub fn tables(r: &DealResults) -> Vec<Table> {
    Part::ALL.iter().filter_map(|&p| table(r, p)).collect()
}

/// Whether the deal has an asset pool (holding-type deals have none).
pub fn has_pool(r: &DealResults) -> bool {
    r.pool.assets > 0 || r.pool.initial_balance != Decimal::ZERO
}

fn pool_table(r: &DealResults) -> Table {
    const FIELDS: &[Field<PeriodResult>] = &[
        (
            "date",
            Term::PaymentDate.zh(),
            Term::PaymentDate.en(),
            |p| Cell::Date(p.date),
        ),
        (
            "opening_balance",
            Term::OpeningBalance.zh(),
            Term::OpeningBalance.en(),
            |p| Cell::Money(p.pool.opening_balance),
        ),
        ("defaults", Term::Defaults.zh(), Term::Defaults.en(), |p| {
            Cell::Money(p.pool.defaults)
        }),
        (
            "interest",
            Term::PoolInterest.zh(),
            Term::PoolInterest.en(),
            |p| Cell::Money(p.pool.interest),
        ),
        (
            "scheduled_principal",
            Term::ScheduledPrincipal.zh(),
            Term::ScheduledPrincipal.en(),
            |p| Cell::Money(p.pool.scheduled_principal),
        ),
        (
            "prepayments",
            Term::Prepayments.zh(),
            Term::Prepayments.en(),
            |p| Cell::Money(p.pool.prepayments),
        ),
        (
            "recoveries",
            Term::Recoveries.zh(),
            Term::Recoveries.en(),
            |p| Cell::Money(p.pool.recoveries),
        ),
        ("closing_balance", "期末余额", "Closing balance", |p| {
            Cell::Money(p.pool.closing_balance)
        }),
        (
            "cumulative_default_rate",
            Term::CumulativeDefaultRate.zh(),
            Term::CumulativeDefaultRate.en(),
            |p| Cell::Percent(Some(p.pool.cumulative_default_rate), 3),
        ),
        (
            "collections",
            "转入分配的回收款",
            "Collections to waterfall",
            |p| Cell::Money(p.collections),
        ),
    ];
    period_table(
        Part::Pool,
        FIELDS,
        r.periods.iter().map(|p| (p.period as i64, p)),
    )
}

/// A column of a per-period table: CSV key, Chinese and English labels, and the cell it
/// reads from one period's record.
type Field<P> = (&'static str, &'static str, &'static str, fn(&P) -> Cell);

/// A table with one row per period: a `period` number column, then one column per field.
fn period_table<'a, P: 'a>(
    part: Part,
    fields: &[Field<P>],
    periods: impl Iterator<Item = (i64, &'a P)>,
) -> Table {
    let columns = std::iter::once(Column::term("period", Term::Period))
        .chain(
            fields
                .iter()
                .map(|(key, zh, en, _)| Column::new(key, zh, en)),
        )
        .collect();
    let rows = periods
        .map(|(n, p)| {
            std::iter::once(Cell::Int(n))
                .chain(fields.iter().map(|f| (f.3)(p)))
                .collect()
        })
        .collect();
    Table {
        part,
        columns,
        rows,
    }
}

/// Ids of the enhancements whose draws `PeriodResult::enhancement_draws` lists (the reserve
/// is reported separately, in `reserve`).
fn enhancement_ids(r: &DealResults) -> Vec<String> {
    let ids: Vec<String> = r
        .enhancements
        .iter()
        .filter(|e| e.kind != "Reserve")
        .map(|e| e.id.clone())
        .collect();
    let n = r
        .periods
        .iter()
        .map(|p| p.enhancement_draws.len())
        .max()
        .unwrap_or(0);
    (0..n)
        .map(|i| {
            ids.get(i)
                .cloned()
                .unwrap_or_else(|| format!("enhancement{}", i + 1))
        })
        .collect()
}

fn waterfall_table(r: &DealResults) -> Table {
    let fee_ids: Vec<String> = r
        .periods
        .first()
        .map(|p| p.fees.iter().map(|f| f.id.to_string()).collect())
        .unwrap_or_default();
    let enh_ids = enhancement_ids(r);
    let mut columns = vec![
        Column::term("period", Term::Period),
        Column::term("date", Term::PaymentDate),
        Column::new("accrual_days", "计息天数", "Accrual days"),
        Column::new("collections", "回收款", "Collections"),
        Column::new(
            "call_proceeds",
            "其中：清仓回购价款",
            "of which clean-up call",
        ),
        Column::new("carried_in", "上期结转", "Carried in"),
        Column::new("reserve_release", "储备金释放", "Reserve release"),
        Column::new(
            "principal_account_release",
            "本金账户释放",
            "Principal account release",
        ),
        Column::new("reserve_draw", "储备金动用", "Reserve draw"),
    ];
    for id in &enh_ids {
        columns.push(Column {
            key: format!("draw_{id}"),
            zh: format!("增信动用 {id}"),
            en: format!("Draw {id}"),
        });
    }
    columns.push(Column::term("available", Term::AvailableFunds));
    for id in &fee_ids {
        for (k, zh, en) in [
            ("due", "应付", "due"),
            ("paid", "实付", "paid"),
            ("shortfall", "未付", "shortfall"),
        ] {
            columns.push(Column {
                key: format!("fee_{id}_{k}"),
                zh: format!("费用 {id} {zh}"),
                en: format!("Fee {id} {en}"),
            });
        }
    }
    for s in &r.securities {
        let id = &s.id;
        for (k, term) in [
            ("interest", Term::InterestPaid),
            ("principal", Term::PrincipalPaid),
            ("residual", Term::ResidualPaid),
        ] {
            columns.push(Column {
                key: format!("{id}_{k}"),
                zh: format!("{} {}", s.name, term.zh()),
                en: format!("{id} {}", term.en()),
            });
        }
    }
    for (key, zh, en) in [
        (
            "originator_residual",
            Term::ResidualToOriginator.zh(),
            Term::ResidualToOriginator.en(),
        ),
        (
            "servicer_residual",
            Term::ResidualToServicer.zh(),
            Term::ResidualToServicer.en(),
        ),
        ("tax_due", "增值税及附加 应付", "VAT and surcharges due"),
        ("tax_paid", "增值税及附加 实付", "VAT and surcharges paid"),
        (
            "tax_shortfall",
            "增值税及附加 欠缴",
            "VAT and surcharges owed",
        ),
        ("paid", "支付合计", "Paid"),
        ("reserve_deposit", "储备金存入", "Reserve deposit"),
        (
            "reserve_closing",
            Term::ReserveBalance.zh(),
            Term::ReserveBalance.en(),
        ),
        ("carried_out", "结转下期", "Carried out"),
        ("retained", "留存合计", "Retained"),
        (
            "excess_spread",
            Term::ExcessSpread.zh(),
            Term::ExcessSpread.en(),
        ),
    ] {
        columns.push(Column::new(key, zh, en));
    }
    columns.push(Column::term("trigger_breached", Term::TriggerBreached));
    columns.push(Column::term("oc_ratio", Term::OcRatio));
    // A revolving deal: its state and the cash of its purchases (in `available`, `paid` and
    // `retained` above).
    let revolving = r.pool.revolving.is_some();
    if revolving {
        for (key, zh, en) in [
            ("revolving", "循环期", "Revolving"),
            (
                "revolving_account_in",
                "循环购买账户转入",
                "Revolving account in",
            ),
            ("purchases", "循环购买支付", "Purchases"),
            ("purchased_balance", "新购资产余额", "Balance bought"),
            ("uninvested", "未投资留存", "Uninvested kept"),
        ] {
            columns.push(Column::new(key, zh, en));
        }
    }
    // With the scenario's delinquency assumption: overdue balances and each delinquency
    // trigger's ratio.
    let delinquency = r.periods.iter().find_map(|p| p.delinquency.as_ref());
    if let Some(dq) = delinquency {
        for (key, zh, en) in [
            (
                "days_30_plus",
                "逾期30天以上余额",
                "Balance 30+ days overdue",
            ),
            (
                "days_60_plus",
                "逾期60天以上余额",
                "Balance 60+ days overdue",
            ),
            (
                "days_90_plus",
                "逾期90天以上余额",
                "Balance 90+ days overdue",
            ),
        ] {
            columns.push(Column::new(key, zh, en));
        }
        for x in &dq.ratios {
            columns.push(Column {
                key: format!("delinquency_ratio_{}", x.trigger),
                zh: format!("逾期率 {}", x.trigger),
                en: format!("Delinquency ratio {}", x.trigger),
            });
        }
    }

    let rows = r
        .periods
        .iter()
        .map(|p| {
            let mut row = vec![
                Cell::Int(p.period as i64),
                Cell::Date(p.date),
                Cell::Int(p.accrual_days),
                Cell::Money(p.collections),
                Cell::Money(p.pool.call_proceeds),
                Cell::Money(p.carried_in),
                Cell::Money(p.reserve.release),
                Cell::Money(p.principal_account_release),
                Cell::Money(p.reserve.draw),
            ];
            for i in 0..enh_ids.len() {
                row.push(Cell::Money(
                    p.enhancement_draws.get(i).copied().unwrap_or_default(),
                ));
            }
            row.push(Cell::Money(p.available));
            for id in &fee_ids {
                match p.fees.iter().find(|f| *f.id == **id) {
                    Some(f) => row.extend([
                        Cell::Money(f.due),
                        Cell::Money(f.paid),
                        Cell::Money(f.shortfall),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            for (t, s) in r.securities.iter().enumerate() {
                match super::tranche(p, t, &s.id) {
                    Some(tp) => row.extend([
                        Cell::Money(tp.interest_paid),
                        Cell::Money(tp.principal_paid),
                        Cell::Money(tp.residual_paid),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row.extend([
                Cell::Money(p.party_residual.originator),
                Cell::Money(p.party_residual.servicer),
                Cell::Money(p.tax.due),
                Cell::Money(p.tax.paid),
                Cell::Money(p.tax.shortfall),
                Cell::Money(p.paid),
                Cell::Money(p.reserve.deposit),
                Cell::Money(p.reserve.closing),
                Cell::Money(p.carried_out),
                Cell::Money(p.retained),
                Cell::Money(p.excess_spread),
                Cell::Bool(p.trigger_breached),
                Cell::Number(p.oc_ratio, 4),
            ]);
            if revolving {
                let rv = p.revolving.clone().unwrap_or_default();
                row.extend([
                    Cell::Bool(rv.revolving),
                    Cell::Money(rv.account_in),
                    Cell::Money(rv.purchases),
                    Cell::Money(rv.purchased_balance),
                    Cell::Money(rv.uninvested),
                ]);
            }
            if let Some(dq) = delinquency {
                match &p.delinquency {
                    Some(x) => {
                        row.extend([
                            Cell::Money(x.days_30_plus),
                            Cell::Money(x.days_60_plus),
                            Cell::Money(x.days_90_plus),
                        ]);
                        row.extend(x.ratios.iter().map(|y| Cell::Number(y.ratio, 6)));
                    }
                    None => row.extend((0..3 + dq.ratios.len()).map(|_| Cell::Empty)),
                }
            }
            row
        })
        .collect();
    Table {
        part: Part::Waterfall,
        columns,
        rows,
    }
}

fn securities_table(r: &DealResults) -> Table {
    let columns = vec![
        Column::term("period", Term::Period),
        Column::term("date", Term::PaymentDate),
        Column::new("security", "证券代码", "Security"),
        Column::new("name", "证券名称", "Name"),
        Column::new("opening_balance", "期初本金余额", "Opening balance"),
        Column::new("interest_due", "应付利息", "Interest due"),
        Column::new("interest_paid", "实付利息", "Interest paid"),
        Column::term("interest_shortfall", Term::InterestShortfall),
        Column::new("principal_paid", "偿还本金", "Principal paid"),
        Column::new("residual_paid", "剩余收益", "Residual paid"),
        Column::new("cash", "分配合计", "Total distribution"),
        Column::new("closing_balance", "期末本金余额", "Closing balance"),
        Column::new("principal_account", "本金账户", "Principal account"),
    ];
    let mut rows = Vec::new();
    for p in &r.periods {
        for (t, s) in r.securities.iter().enumerate() {
            let Some(tp) = super::tranche(p, t, &s.id) else {
                continue;
            };
            rows.push(vec![
                Cell::Int(p.period as i64),
                Cell::Date(p.date),
                Cell::Text(s.id.clone()),
                Cell::Text(s.name.clone()),
                Cell::Money(tp.opening_balance),
                Cell::Money(tp.interest_due),
                Cell::Money(tp.interest_paid),
                Cell::Money(tp.interest_shortfall),
                Cell::Money(tp.principal_paid),
                Cell::Money(tp.residual_paid),
                Cell::Money(tp.cash()),
                Cell::Money(tp.closing_balance),
                Cell::Money(tp.principal_account),
            ]);
        }
    }
    Table {
        part: Part::Securities,
        columns,
        rows,
    }
}

fn project_company_table(r: &DealResults) -> Option<Table> {
    const FIELDS: &[Field<ProjectCompanyPeriod>] = &[
        (
            "date",
            Term::PaymentDate.zh(),
            Term::PaymentDate.en(),
            |p| Cell::Date(p.date),
        ),
        ("revenue", Term::Revenue.zh(), Term::Revenue.en(), |p| {
            Cell::Money(p.revenue)
        }),
        ("opex", "运营成本", "Operating expenses", |p| {
            Cell::Money(p.opex)
        }),
        ("noi", Term::Noi.zh(), Term::Noi.en(), |p| {
            Cell::Money(p.noi)
        }),
        ("capex", Term::Capex.zh(), Term::Capex.en(), |p| {
            Cell::Money(p.capex)
        }),
        ("sale_proceeds", "处置净收入", "Sale proceeds", |p| {
            Cell::Money(p.sale_proceeds)
        }),
        (
            "bank_interest",
            "银行借款利息",
            "Bank interest",
            |p| Cell::Money(p.bank_interest),
        ),
        (
            "bank_principal",
            "银行借款本金",
            "Bank principal",
            |p| Cell::Money(p.bank_principal),
        ),
        (
            "shareholder_loan_interest",
            "股东借款利息",
            "Shareholder-loan interest",
            |p| Cell::Money(p.shareholder_loan_interest),
        ),
        (
            "deductible_interest",
            "可税前扣除利息",
            "Deductible interest",
            |p| Cell::Money(p.deductible_interest),
        ),
        (
            "shareholder_loan_principal",
            "股东借款本金",
            "Shareholder-loan principal",
            |p| Cell::Money(p.shareholder_loan_principal),
        ),
        ("depreciation", "折旧摊销", "Depreciation", |p| {
            Cell::Money(p.depreciation)
        }),
        (
            "taxable_income",
            "应纳税所得额",
            "Taxable income",
            |p| Cell::Money(p.taxable_income),
        ),
        ("losses_used", "弥补亏损", "Losses used", |p| {
            Cell::Money(p.losses_used)
        }),
        ("tax", Term::IncomeTax.zh(), Term::IncomeTax.en(), |p| {
            Cell::Money(p.tax)
        }),
        ("net_profit", "净利润", "Net profit", |p| {
            Cell::Money(p.net_profit)
        }),
        (
            "statutory_reserve",
            "法定盈余公积",
            "Statutory reserve",
            |p| Cell::Money(p.statutory_reserve),
        ),
        (
            "dividends",
            Term::Dividends.zh(),
            Term::Dividends.en(),
            |p| Cell::Money(p.dividends),
        ),
        (
            "trapped_cash",
            Term::TrappedCash.zh(),
            Term::TrappedCash.en(),
            |p| Cell::Money(p.trapped_cash),
        ),
        (
            "shareholder_loan_balance",
            "股东借款余额",
            "Shareholder-loan balance",
            |p| Cell::Money(p.shareholder_loan_balance),
        ),
        ("bank_balance", "银行借款余额", "Bank balance", |p| {
            Cell::Money(p.bank_balance)
        }),
        ("dscr", "偿债覆盖倍数", "DSCR", |p| {
            Cell::Number(p.dscr, 2)
        }),
        ("ltv", "贷款价值比", "LTV", |p| {
            Cell::Percent(Some(p.ltv), 2)
        }),
        ("available", "可用现金", "Available", |p| {
            Cell::Money(p.available)
        }),
        ("paid", "支出合计", "Paid", |p| Cell::Money(p.paid)),
        ("retained", "留存", "Retained", |p| {
            Cell::Money(p.retained)
        }),
    ];
    let pc = r.project_company.as_ref()?;
    Some(period_table(
        Part::ProjectCompany,
        FIELDS,
        (1..).zip(&pc.periods),
    ))
}

fn plan_table(r: &DealResults) -> Option<Table> {
    const FIELDS: &[Field<PlanPeriod>] = &[
        (
            "date",
            Term::PaymentDate.zh(),
            Term::PaymentDate.en(),
            |p| Cell::Date(p.date),
        ),
        (
            "from_project_company",
            Term::FromProjectCompany.zh(),
            Term::FromProjectCompany.en(),
            |p| Cell::Money(p.from_project_company),
        ),
        (
            "guarantee_payment",
            Term::GuaranteePayments.zh(),
            Term::GuaranteePayments.en(),
            |p| Cell::Money(p.guarantee_payment),
        ),
        ("manager_fee", "管理费", "Manager fee", |p| {
            Cell::Money(p.manager_fee)
        }),
        ("custodian_fee", "托管费", "Custodian fee", |p| {
            Cell::Money(p.custodian_fee)
        }),
        (
            "operator_base_fee",
            "运营管理基础费",
            "Operator base fee",
            |p| Cell::Money(p.operator_base_fee),
        ),
        (
            "operator_fee_cut",
            Term::OperatorFeeCut.zh(),
            Term::OperatorFeeCut.en(),
            |p| Cell::Money(p.operator_fee_cut),
        ),
        ("incentive_fee", "激励费", "Incentive fee", |p| {
            Cell::Money(p.incentive_fee)
        }),
        (
            "incentive_deferred",
            "递延激励费",
            "Incentive deferred",
            |p| Cell::Money(p.incentive_deferred),
        ),
        (
            "distributions",
            Term::Distributions.zh(),
            Term::Distributions.en(),
            |p| Cell::Money(p.distributions),
        ),
        ("nav_per_unit", "份额净值", "NAV per unit", |p| {
            Cell::Number(Some(p.nav_per_unit), 4)
        }),
    ];
    let plan = r.plan.as_ref()?;
    Some(period_table(Part::Plan, FIELDS, (1..).zip(&plan.periods)))
}

/// CSV text of a table (header = the column keys).
pub fn to_csv(t: &Table) -> Result<String, ExportError> {
    super::csv_string(t.part.csv_name(), |w| {
        w.write_record(t.columns.iter().map(|c| c.key.as_str()))?;
        for row in &t.rows {
            w.write_record(row.iter().map(Cell::csv_text))?;
        }
        Ok(())
    })
}

/// Write every table as `<dir>/<part>.csv`; returns the paths written.
pub fn write_csv_dir(r: &DealResults, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    super::create_dir(dir)?;
    let mut written = Vec::new();
    for t in tables(r) {
        let path = dir.join(t.part.csv_name());
        super::write_file(&path, to_csv(&t)?.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Cell formats of a workbook.
pub(crate) struct Formats {
    pub header: Format,
    pub money: Format,
    pub date: Format,
    pub text: Format,
    pub bold: Format,
    pub title: Format,
    pub int: Format,
}

impl Formats {
    pub fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xE8EEF5)
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            text: Format::new(),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            int: Format::new().set_num_format("0"),
        }
    }

    pub fn percent(dp: u8) -> Format {
        let zeros = "0".repeat(dp as usize);
        Format::new().set_num_format(if dp == 0 {
            "0%".to_string()
        } else {
            format!("0.{zeros}%")
        })
    }

    pub fn number(dp: u8) -> Format {
        let zeros = "0".repeat(dp as usize);
        Format::new().set_num_format(if dp == 0 {
            "#,##0".to_string()
        } else {
            format!("#,##0.{zeros}")
        })
    }
}

/// Excel date of a calendar date.
pub(crate) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// Write one cell at (row, col) with its format.
pub(crate) fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        Cell::Money(d) => {
            ws.write_number_with_format(row, col, to_f64(*d), &f.money)?;
        }
        Cell::Percent(Some(x), dp) if x.is_finite() => {
            ws.write_number_with_format(row, col, *x, &Formats::percent(*dp))?;
        }
        Cell::Number(Some(x), dp) if x.is_finite() => {
            ws.write_number_with_format(row, col, *x, &Formats::number(*dp))?;
        }
        Cell::Percent(..) | Cell::Number(..) | Cell::Empty => {}
        Cell::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, &f.int)?;
        }
        Cell::Date(d) => match excel_date(*d) {
            Ok(x) => {
                ws.write_datetime_with_format(row, col, &x, &f.date)?;
            }
            // Years outside Excel's calendar (before 1900) stay as text.
            Err(_) => {
                ws.write_string_with_format(row, col, d.to_string(), &f.text)?;
            }
        },
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, &f.text)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

fn column_width(cell: Option<&Cell>, label: &str) -> f64 {
    let label_w = label
        .chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum::<f64>();
    let content = match cell {
        Some(Cell::Money(_)) => 16.0,
        Some(Cell::Date(_)) => 11.0,
        Some(Cell::Text(s)) => s
            .chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>()
            .min(40.0),
        Some(Cell::Int(_)) => 6.0,
        _ => 10.0,
    };
    // Headers wrap onto two lines, so half their width is enough.
    content.max(label_w / 2.0 + 2.0).clamp(6.0, 40.0)
}

/// Add one table as a sheet: a frozen, filtered header row and formatted cells.
fn add_table_sheet(
    wb: &mut Workbook,
    t: &Table,
    lang: Lang,
    f: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(t.part.sheet_name(lang))?;
    ws.set_row_height(0, 32)?;
    for (c, col) in t.columns.iter().enumerate() {
        let c16 = c as u16;
        ws.write_string_with_format(0, c16, col.label(lang), &f.header)?;
        ws.set_column_width(
            c16,
            column_width(t.rows.first().and_then(|r| r.get(c)), col.label(lang)),
        )?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r as u32 + 1, c as u16, cell, f)?;
        }
    }
    ws.set_freeze_panes(1, 2)?;
    if !t.columns.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16 - 1)?;
    }
    Ok(())
}

/// The workbook as bytes: the term sheet first (when given), then a sheet per part.
pub fn xlsx_bytes(
    r: &DealResults,
    term_sheet: Option<&TermSheet>,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    build_workbook(r, term_sheet, lang)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| ExportError::Write {
            path: "cashflows.xlsx".into(),
            message: e.to_string(),
        })
}

fn build_workbook(
    r: &DealResults,
    term_sheet: Option<&TermSheet>,
    lang: Lang,
) -> Result<Workbook, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    if let Some(ts) = term_sheet {
        super::summary::add_sheet(&mut wb, ts, &f)?;
    }
    for t in tables(r) {
        add_table_sheet(&mut wb, &t, lang, &f)?;
    }
    Ok(wb)
}

/// Write the workbook to `path`.
pub fn write_xlsx(
    r: &DealResults,
    term_sheet: Option<&TermSheet>,
    lang: Lang,
    path: &Path,
) -> Result<(), ExportError> {
    let bytes = xlsx_bytes(r, term_sheet, lang).map_err(|e| match e {
        ExportError::Write { message, .. } => ExportError::Write {
            path: path.display().to_string(),
            message,
        },
        other => other,
    })?;
    super::write_file(path, &bytes)
}
