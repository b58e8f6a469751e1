//! The term-sheet summary (产品要素表): key terms and metrics of each security or unit class,
//! the structure (priority of payments, triggers), the enhancements and the main scenarios.
//! Built once as sections of cells, then written as Markdown and as an XLSX sheet.

use super::Lang;
use super::tables::{Cell, Formats, write_cell};
use crate::engine::compare::Comparison;
use crate::format;
use crate::i18n::Term;
use crate::model::{
    Allocation, CallPrice, Cover, Curve, Deal, DelinquencyBasis, DelinquencyBucket, Exit, FeeBasis,
    Party, PrincipalAmount, PrincipalMode, ReserveTarget, Step, TriggerTest,
};
use crate::results::DealResults;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, XlsxError};

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Label–value pairs.
    Pairs(Vec<(String, Cell)>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// Numbered items (the priority of payments).
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TermSheet {
    pub title: String,
    pub lang: Lang,
    pub sections: Vec<Section>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_money(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, Cell::Money)
}

fn curve(c: &Curve) -> String {
    match c {
        Curve::Flat(x) => format::pct(*x, 2),
        Curve::Vector(v) => v
            .iter()
            .map(|x| format::pct(*x, 2))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn holder(h: &str, lang: Lang) -> String {
    match h {
        "Originator" => lang.pick(("原始权益人", "Originator")),
        "Market" => lang.pick(("市场投资者", "Market")),
        other => other,
    }
    .to_string()
}

pub(crate) fn enhancement_kind(kind: &str, lang: Lang) -> String {
    match kind {
        "Reserve" => lang.pick(("储备金", "Reserve")),
        "DeficiencyPayment" => lang.pick(("差额支付承诺", "Deficiency payment")),
        "Guarantee" => lang.pick(("担保", "Guarantee")),
        "BankGuarantee" => lang.pick(("银行保函", "Bank guarantee")),
        other => other,
    }
    .to_string()
}

/// A scenario's exit in words: "第8年出售（资本化率6.0%，费用1.5%）" / "Sale in year 8 (cap rate
/// 6.0%, costs 1.5%)".
pub fn exit_words(e: &Exit, lang: Lang) -> String {
    let pct = |x: f64| format::pct(x, 1);
    match (e, lang) {
        (
            Exit::Sale {
                year,
                cap_rate,
                costs,
            },
            Lang::Zh,
        ) => format!(
            "第{year}年出售（资本化率{}，费用{}）",
            pct(*cap_rate),
            pct(*costs)
        ),
        (
            Exit::Sale {
                year,
                cap_rate,
                costs,
            },
            Lang::En,
        ) => format!(
            "Sale in year {year} (cap rate {}, costs {})",
            pct(*cap_rate),
            pct(*costs)
        ),
        (
            Exit::RightOfFirstPurchase {
                year,
                discount_rate,
            },
            Lang::Zh,
        ) => {
            format!("第{year}年优先收购（折现率{}）", pct(*discount_rate))
        }
        (
            Exit::RightOfFirstPurchase {
                year,
                discount_rate,
            },
            Lang::En,
        ) => format!(
            "Right of first purchase in year {year} (discount rate {})",
            pct(*discount_rate)
        ),
        (
            Exit::ReitConversion {
                year,
                distribution_yield,
            },
            Lang::Zh,
        ) => {
            format!(
                "第{year}年转公募REITs（分派率{}）",
                pct(*distribution_yield)
            )
        }
        (
            Exit::ReitConversion {
                year,
                distribution_yield,
            },
            Lang::En,
        ) => format!(
            "Public REIT conversion in year {year} (distribution yield {})",
            pct(*distribution_yield)
        ),
        (Exit::OpenPeriod { year, share }, Lang::Zh) => {
            format!("第{year}年开放退出（赎回{}）", pct(*share))
        }
        (Exit::OpenPeriod { year, share }, Lang::En) => {
            format!("Open period in year {year} ({} redeemed)", pct(*share))
        }
        (Exit::HoldToEnd, _) => lang.pick(("持有至到期", "Hold to the end")).into(),
    }
}

/// The exit of a scenario that names none, from the engine's name of it.
/// The engine's name of an exit (`Sale`, `HoldToEnd`, …) in words.
pub fn exit_name_words(name: &str, lang: Lang) -> String {
    match name {
        "Sale" => lang.pick(("出售", "Sale")),
        "RightOfFirstPurchase" => lang.pick(("优先收购", "Right of first purchase")),
        "ReitConversion" => lang.pick(("转公募REITs", "Public REIT conversion")),
        "OpenPeriod" => lang.pick(("开放退出", "Open period")),
        _ => lang.pick(("持有至到期", "Hold to the end")),
    }
    .into()
}

/// A figure of a scenario compared (`engine::compare`), named in `lang`; a security's
/// figures carry its id first ("A IRR" / "A 内部收益率").
pub fn figure_label(lang: Lang, security: Option<&str>, figure: &str) -> String {
    let term = match figure {
        "irr" => Term::Irr,
        "wal" => Term::Wal,
        "principal_loss" => Term::PrincipalLoss,
        "interest_shortfall" => Term::InterestShortfall,
        "enhancement_draws" => Term::EnhancementDraws,
        "distribution_rate" => Term::DistributionRate,
        "multiple" => Term::Multiple,
        "min_dscr" => Term::MinDscr,
        "nav_at_issue" => Term::NavAtIssue,
        "fees" => Term::PlanFees,
        "incentive_fee" => Term::IncentiveFee,
        "fee_cut" => Term::OperatorFeeCut,
        "guarantee_payments" => Term::GuaranteePaid,
        "unpaid_at_exit" => Term::UnpaidAtExit,
        "exit" => Term::ExitMethod,
        _ => Term::CumulativeDefaultRate,
    };
    match security {
        Some(s) => format!("{s} {}", lang.term(term)),
        None => lang.term(term).to_string(),
    }
}

/// A compared figure as the structurers read it: rates in %, years and ratios to 2 or 4
/// places, money with separators, the exit in words.
pub fn figure_value(lang: Lang, figure: &str, v: &crate::engine::compare::Figure) -> String {
    use crate::engine::compare::Figure;
    match v {
        Figure::Money(d) => format::money(*d),
        Figure::Number(x) => match figure {
            "irr" | "distribution_rate" | "cumulative_default_rate" => format::opt_pct(*x, 3),
            "nav_at_issue" => x.map_or_else(|| "—".into(), |x| format!("{x:.4}")),
            _ => format::opt_years(*x),
        },
        Figure::Text(t) => t
            .as_deref()
            .map_or_else(|| "—".into(), |e| exit_name_words(e, lang)),
    }
}

/// The exit of the scenario `results` ran, in words.
pub fn exit_of(deal: &Deal, r: &DealResults, lang: Lang) -> String {
    exit_named(
        deal,
        &r.scenario,
        r.plan.as_ref().map(|p| p.exit.as_str()),
        lang,
    )
}

/// The exit of scenario `scenario` in words: the scenario's own exit, else the engine's name
/// of the exit it ran (`ran`).
fn exit_named(deal: &Deal, scenario: &str, ran: Option<&str>, lang: Lang) -> String {
    let named = deal
        .scenarios
        .iter()
        .find(|s| s.name == scenario)
        .and_then(|s| s.exit.as_ref());
    match (named, ran) {
        (Some(e), _) => exit_words(e, lang),
        (None, Some(exit)) => exit_name_words(exit, lang),
        (None, None) => "—".into(),
    }
}

fn list(ids: &[String], lang: Lang) -> String {
    ids.join(lang.pick(("、", ", ")))
}

fn covers(c: &[Cover], lang: Lang) -> String {
    c.iter()
        .map(|c| match c {
            Cover::Fees => lang.pick(("费用", "fees")).to_string(),
            Cover::Interest(ids) => match lang {
                Lang::Zh => format!("{} 利息", list(ids, lang)),
                Lang::En => format!("interest on {}", list(ids, lang)),
            },
            Cover::MaturityPrincipal(ids) => match lang {
                Lang::Zh => format!("{} 到期本金", list(ids, lang)),
                Lang::En => format!("principal of {} at maturity", list(ids, lang)),
            },
            Cover::MaturityDatePrincipal(ids) => match lang {
                Lang::Zh => format!("{} 预期到期日本金", list(ids, lang)),
                Lang::En => format!(
                    "principal of {} on the expected-maturity date only",
                    list(ids, lang)
                ),
            },
        })
        .collect::<Vec<_>>()
        .join(lang.pick(("；", "; ")))
}

/// The clean-up call (with its date in the headline scenario) and VAT, when the deal has them.
fn deal_options(deal: &Deal, results: &DealResults, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &deal.clean_up_call {
        let level = format::pct(c.below, 2);
        let price = match (c.price, lang) {
            (CallPrice::ParPlusAccrued, Lang::Zh) => "本金余额加待回收款".to_string(),
            (CallPrice::ParPlusAccrued, Lang::En) => "par plus recoveries to come".to_string(),
            (CallPrice::PerHundred(p), Lang::Zh) => format!("每百元 {p:.2} 元"),
            (CallPrice::PerHundred(p), Lang::En) => format!("{p:.2} per 100"),
        };
        let when = match (results.pool.call_date, lang) {
            (Some(d), Lang::Zh) => format!("，本情景于 {d} 行使"),
            (Some(d), Lang::En) => format!("; exercised on {d} in this scenario"),
            (None, Lang::Zh) => "，本情景未行使".to_string(),
            (None, Lang::En) => "; not exercised in this scenario".to_string(),
        };
        out.push(match lang {
            Lang::Zh => {
                format!("清仓回购：资产池余额低于初始余额的 {level} 时，价格为{price}{when}")
            }
            Lang::En => {
                format!("Clean-up call below {level} of the initial pool, at {price}{when}")
            }
        });
    }
    if let Some(v) = &deal.vat {
        let (rate, sur) = (format::pct(v.rate, 2), format::pct(v.surcharge_rate, 2));
        out.push(match lang {
            Lang::Zh => format!("增值税：利息收入（含税）× {rate}，附加税费为增值税的 {sur}"),
            Lang::En => format!(
                "VAT: {rate} of interest income (tax-inclusive), surcharges {sur} of the VAT"
            ),
        });
    }
    out
}

fn step(deal: &Deal, s: &Step, lang: Lang) -> String {
    match s {
        Step::Fee(id) => {
            let name = deal
                .fees
                .iter()
                .find(|f| &f.id == id)
                .map_or(id.as_str(), |f| f.name.as_str());
            match lang {
                Lang::Zh => format!("费用：{name}（{id}）"),
                Lang::En => format!("Fee: {name} ({id})"),
            }
        }
        Step::Interest(ids) => match lang {
            Lang::Zh => format!("利息：{}", list(ids, lang)),
            Lang::En => format!("Interest: {}", list(ids, lang)),
        },
        Step::ReserveTopUp => lang
            .pick(("储备金补足至目标余额", "Reserve top-up to target"))
            .into(),
        Step::Principal {
            tranches,
            allocation,
            amount,
        } => {
            let alloc = match allocation {
                Allocation::Sequential => lang.pick(("顺序偿付", "sequential")),
                Allocation::ProRata => lang.pick(("按比例偿付", "pro rata")),
            };
            let source = match amount {
                PrincipalAmount::Collections => lang
                    .pick(("本金回收款（过手）", "principal collections"))
                    .into(),
                PrincipalAmount::PoolDecline => lang
                    .pick(("资产池余额下降额", "decline of the pool balance"))
                    .into(),
                PrincipalAmount::Available => lang
                    .pick(("全部剩余资金（加速）", "all funds left (turbo)"))
                    .into(),
                PrincipalAmount::TargetShare(x) => match lang {
                    Lang::Zh => format!("至目标余额（资产池余额的 {}）", format::pct(*x, 2)),
                    Lang::En => format!("to target ({} of the pool)", format::pct(*x, 2)),
                },
            };
            let order = tranches.join(" → ");
            match lang {
                Lang::Zh => format!("本金：{order}（{alloc}，来源：{source}）"),
                Lang::En => format!("Principal: {order} ({alloc}; from {source})"),
            }
        }
        Step::Residual(id) => match lang {
            Lang::Zh => format!("剩余资金：{id}（{}）", Term::ResidualPaid.zh()),
            Lang::En => format!("Residual: {id} (excess spread)"),
        },
        Step::Tax => lang.pick(("增值税及附加", "VAT and surcharges")).into(),
        Step::ResidualTo(party) => lang
            .pick(match party {
                Party::Originator => ("剩余资金：原始权益人", "Residual: the originator"),
                Party::Servicer => ("剩余资金：资产服务机构", "Residual: the servicer"),
            })
            .into(),
    }
}

/// Columns of the securities table that do not apply to unit classes: rating, coupon,
/// principal mode, WAL, modified duration, principal window, interest and whether it was
/// paid in full (units earn distributions, shown as other income).
const NOT_FOR_UNITS: [usize; 9] = [3, 6, 7, 10, 12, 13, 14, 15, 19];

/// Build the term sheet of `results` (the deal's headline scenario), with a row per result in
/// `scenarios` in the scenario table.
pub fn term_sheet(
    deal: &Deal,
    results: &DealResults,
    scenarios: &Comparison,
    lang: Lang,
) -> TermSheet {
    let l = |zh: &'static str, en: &'static str| lang.pick((zh, en)).to_string();
    // A labelled amount of the key-figure lists.
    let money = |zh, en, d| (l(zh, en), Cell::Money(d));
    let mut sections = Vec::new();
    let holding = results.project_company.is_some() || deal.holding.is_some();

    // Key terms.
    let freq = match deal.frequency {
        crate::time::Frequency::Monthly => l("按月", "monthly"),
        crate::time::Frequency::Quarterly => l("按季", "quarterly"),
        crate::time::Frequency::SemiAnnual => l("按半年", "semi-annual"),
        crate::time::Frequency::Annual => l("按年", "annual"),
    };
    let day_count = match deal.day_count {
        crate::time::DayCount::Act365F => "ACT/365F",
        crate::time::DayCount::Act360 => "ACT/360",
        crate::time::DayCount::Thirty360 => "30/360",
    };
    let total_size: Decimal = results.securities.iter().map(|s| s.size).sum();
    let mut pairs = vec![
        (l("产品名称", "Deal"), text(&results.deal)),
        (l("情景", "Scenario"), text(&results.scenario)),
        (l("币种", "Currency"), text(&results.currency)),
        money("发行规模（元）", "Issue size (CNY)", total_size),
        (l("设立日", "Closing date"), Cell::Date(deal.closing_date)),
        (
            l("首个兑付日", "First payment date"),
            Cell::Date(deal.first_payment_date),
        ),
        (l("兑付频率", "Payment frequency"), text(freq)),
        (
            l("法定到期日", "Legal final date"),
            Cell::Date(deal.legal_final_date),
        ),
        (l("计息基准", "Day count"), text(day_count)),
    ];
    if !holding {
        pairs.extend([
            (
                l("回收款滞后（期）", "Collection lag (periods)"),
                Cell::Int(i64::from(deal.collection_lag)),
            ),
            money(
                "资产池初始余额（元）",
                "Initial pool balance (CNY)",
                results.pool.initial_balance,
            ),
            (
                l("资产笔数", "Assets"),
                Cell::Int(results.pool.assets as i64),
            ),
        ]);
        if results.pool.initial_balance > total_size {
            pairs.push(money(
                "超额抵押（元）",
                "Over-collateralisation (CNY)",
                results.pool.initial_balance - total_size,
            ));
        }
        if deal.data_asset_label {
            pairs.push((l("数据资产标识", "Data-asset label"), text(l("是", "yes"))));
        }
    }
    sections.push(Section {
        title: l("基本要素", "Key terms"),
        body: Body::Pairs(pairs),
    });

    // Securities.
    let units = results.securities.iter().any(|s| s.multiple.is_some());
    let mut header: Vec<String> = [
        ("代码", "Id"),
        ("名称", "Name"),
        ("持有人", "Holder"),
        ("评级", "Rating"),
        ("规模（元）", "Size (CNY)"),
        ("占比", "Share"),
        ("票面利率", "Coupon"),
        ("还本方式", "Principal"),
        ("预期到期日", "Expected maturity"),
        ("法定到期日", "Legal maturity"),
        (Term::Wal.zh(), Term::Wal.en()),
        (Term::Irr.zh(), Term::Irr.en()),
        (Term::ModifiedDuration.zh(), Term::ModifiedDuration.en()),
        ("本金偿付起始", "Principal from"),
        ("本金偿付截止", "Principal to"),
        ("利息合计（元）", "Interest (CNY)"),
        ("本金合计（元）", "Principal (CNY)"),
        ("其他收益（元）", "Other income (CNY)"),
        ("本金损失（元）", "Principal loss (CNY)"),
        ("利息足额支付", "Interest paid in full"),
    ]
    .iter()
    .map(|(zh, en)| lang.pick((zh, en)).to_string())
    .collect();
    if units {
        header.push(lang.term(Term::Multiple).to_string());
        header.push(lang.term(Term::DistributionRate).to_string());
    }
    // Unit classes have no coupon, amortisation, WAL, duration or principal window.
    let applies = |c: &usize| !holding || !NOT_FOR_UNITS.contains(c);
    let header = header
        .into_iter()
        .enumerate()
        .filter(|(c, _)| applies(c))
        .map(|(_, h)| h)
        .collect();
    let rows = results
        .securities
        .iter()
        .map(|s| {
            let mode = deal
                .tranches
                .iter()
                .find(|t| t.id == s.id)
                .map(|t| match t.principal_mode {
                    PrincipalMode::PassThrough => l("过手摊还", "pass-through"),
                    PrincipalMode::Bullet => l("到期一次还本", "bullet"),
                    PrincipalMode::Schedule(_) => l("固定摊还", "scheduled"),
                })
                .unwrap_or_else(|| "—".into());
            let share = (total_size > Decimal::ZERO)
                .then(|| crate::money::to_f64(s.size) / crate::money::to_f64(total_size));
            let mut row = vec![
                text(&s.id),
                text(&s.name),
                text(holder(&s.holder, lang)),
                text(s.rating.clone().unwrap_or_else(|| "—".into())),
                Cell::Money(s.size),
                Cell::Percent(share, 2),
                match deal
                    .tranches
                    .iter()
                    .find(|t| t.id == s.id)
                    .and_then(|t| t.floating.as_ref())
                {
                    // A floating coupon is its index plus the spread, not a number.
                    Some(f) => text(format!(
                        "{}{:+.2}%",
                        index_name(f.index, lang),
                        s.coupon * 100.0
                    )),
                    None => Cell::Percent((!holding).then_some(s.coupon), 2),
                },
                text(mode),
                Cell::Date(s.expected_maturity),
                Cell::Date(s.legal_maturity),
                Cell::Number(s.wal, 2),
                Cell::Percent(s.irr, 3),
                Cell::Number(s.modified_duration, 2),
                s.principal_window.map_or(Cell::Empty, |w| Cell::Date(w.0)),
                s.principal_window.map_or(Cell::Empty, |w| Cell::Date(w.1)),
                Cell::Money(s.total_interest),
                Cell::Money(s.total_principal),
                Cell::Money(s.total_residual),
                Cell::Money(s.principal_loss),
                text(if s.interest_paid_in_full {
                    l("是", "yes")
                } else {
                    l("否", "no")
                }),
            ];
            if units {
                row.push(Cell::Number(s.multiple, 3));
                row.push(Cell::Percent(s.distribution_rate, 2));
            }
            row.into_iter()
                .enumerate()
                .filter(|(c, _)| applies(c))
                .map(|(_, cell)| cell)
                .collect()
        })
        .collect();
    sections.push(Section {
        title: l("证券要素", "Securities"),
        body: Body::Table { header, rows },
    });

    // Holding-type deals: the project company and the plan, as the engine reports them.
    if let Some(pc) = &results.project_company {
        let mut pairs = vec![
            money(
                "资产收购价格（元）",
                "Purchase price (CNY)",
                pc.purchase_price,
            ),
            money(
                "注册资本（元）",
                "Registered capital (CNY)",
                pc.registered_capital,
            ),
            money("计划持股金额（元）", "Plan equity (CNY)", pc.plan_equity),
            money(
                "股东借款（元）",
                "Shareholder loan (CNY)",
                pc.shareholder_loan,
            ),
            money("银行借款（元）", "Bank loan (CNY)", pc.bank_loan),
            (
                l("债股比", "Debt to equity"),
                Cell::Number(Some(pc.debt_to_equity), 2),
            ),
            money("所得税合计（元）", "Total tax (CNY)", pc.total_tax),
            (
                l("最低经营期偿债覆盖倍数", "Minimum operating DSCR"),
                Cell::Number(pc.min_dscr, 2),
            ),
            money(
                "到期或退出时偿还银行本金（元）",
                "Bank principal repaid at maturity or exit (CNY)",
                pc.exit_debt_repayment,
            ),
            money(
                "退出时未付银行借款（元）",
                "Bank debt unpaid at exit (CNY)",
                pc.bank_unpaid_at_exit,
            ),
            money(
                "退出时未付股东借款（元）",
                "Shareholder loan unpaid at exit (CNY)",
                pc.shareholder_loan_unpaid_at_exit,
            ),
            money(
                "退出时未付所得税（元）",
                "Tax unpaid at exit (CNY)",
                pc.tax_unpaid_at_exit,
            ),
            money(
                "退出时未付运营及资本性支出（元）",
                "Opex and capex unpaid at exit (CNY)",
                pc.opex_unpaid_at_exit,
            ),
        ];
        if let Some(plan) = &results.plan {
            pairs.extend([
                money("计划实缴（元）", "Plan paid-in (CNY)", plan.paid_in),
                money("计划费用合计（元）", "Plan fees (CNY)", plan.total_fees),
                money(
                    "激励费合计（元）",
                    "Incentive fees (CNY)",
                    plan.total_incentive_fee,
                ),
                money(
                    "业绩补足合计（元）",
                    "Performance guarantee paid (CNY)",
                    plan.total_guarantee_payments,
                ),
                (l("退出方式", "Exit"), text(exit_of(deal, results, lang))),
                money("退出价值（元）", "Exit value (CNY)", plan.exit_value),
                (
                    l("发行时份额净值（元）", "NAV per unit at issue (CNY)"),
                    Cell::Number(plan.nav_at_issue, 4),
                ),
                (
                    l("估值利差", "Valuation spread"),
                    Cell::Percent(Some(plan.valuation_spread), 3),
                ),
                (
                    l("校准利差（净值等于面值）", "Calibrated spread (NAV = face)"),
                    Cell::Percent(plan.calibrated_spread, 3),
                ),
                money(
                    "退出时未付费用（元）",
                    "Fees unpaid at exit (CNY)",
                    plan.unpaid_fees_at_exit,
                ),
                money(
                    "退出时未付门槛收益（元）",
                    "Hurdle unpaid at exit (CNY)",
                    plan.unpaid_hurdle_at_exit,
                ),
            ]);
        }
        sections.push(Section {
            title: l("项目公司与专项计划", "Project company and plan"),
            body: Body::Pairs(pairs),
        });
    }

    // Structure: the priority of payments and the triggers.
    if !deal.waterfall.steps.is_empty() {
        sections.push(Section {
            title: lang.term(Term::PriorityOfPayments).to_string(),
            body: Body::List(
                deal.waterfall
                    .steps
                    .iter()
                    .map(|s| step(deal, s, lang))
                    .collect(),
            ),
        });
    }
    if let Some(post) = &deal.waterfall.post_trigger {
        sections.push(Section {
            title: l(
                "触发事件后的偿付顺序",
                "Priority of payments after a trigger",
            ),
            body: Body::List(post.iter().map(|s| step(deal, s, lang)).collect()),
        });
    }
    if !deal.triggers.is_empty() {
        sections.push(Section {
            title: l("触发事件", "Triggers"),
            body: Body::List(
                deal.triggers
                    .iter()
                    .map(|t| {
                        let test = match &t.test {
                            TriggerTest::CumulativeDefaultRate(x) => match lang {
                                Lang::Zh => format!("累计违约率 > {}", format::pct(*x, 2)),
                                Lang::En => {
                                    format!("cumulative default rate > {}", format::pct(*x, 2))
                                }
                            },
                            TriggerTest::OcRatio { tranches, min } => match lang {
                                Lang::Zh => {
                                    format!("超额抵押比率（{}）< {min}", list(tranches, lang))
                                }
                                Lang::En => format!("OC ratio ({}) < {min}", list(tranches, lang)),
                            },
                            TriggerTest::ExcessSpreadBelow(x) => match lang {
                                Lang::Zh => {
                                    format!("上一兑付日超额利差（年化）< {}", format::pct(*x, 2))
                                }
                                Lang::En => format!(
                                    "previous date's excess spread (annualised) < {}",
                                    format::pct(*x, 2)
                                ),
                            },
                            TriggerTest::ProviderRating { provider, below } => match lang {
                                Lang::Zh => format!("{provider} 主体评级低于 {below}"),
                                Lang::En => format!("{provider}'s rating below {below}"),
                            },
                            TriggerTest::Delinquency {
                                bucket,
                                basis,
                                above,
                                periods,
                            } => delinquency_test(*bucket, *basis, *above, *periods, lang),
                        };
                        format!("{}（{}）：{test}", t.name, t.id)
                    })
                    .collect(),
            ),
        });
    }
    let options = deal_options(deal, results, lang);
    if !options.is_empty() {
        sections.push(Section {
            title: l("清仓回购与税费", "Clean-up call and tax"),
            body: Body::List(options),
        });
    }
    if !deal.fees.is_empty() {
        sections.push(Section {
            title: l("费用", "Fees"),
            body: Body::Table {
                header: vec![l("代码", "Id"), l("名称", "Name"), l("计费方式", "Basis")],
                rows: deal
                    .fees
                    .iter()
                    .map(|f| {
                        let basis = match &f.basis {
                            FeeBasis::PoolBalance(x) => match lang {
                                Lang::Zh => {
                                    format!("资产池余额 × {} / 年", format::pct(*x, 3))
                                }
                                Lang::En => {
                                    format!("{} a year of the pool balance", format::pct(*x, 3))
                                }
                            },
                            FeeBasis::PerPeriod(d) => match lang {
                                Lang::Zh => format!("每期 {} 元", format::money(*d)),
                                Lang::En => format!("CNY {} per period", format::money(*d)),
                            },
                            FeeBasis::TrancheBalance { tranches, rate } => match lang {
                                Lang::Zh => format!(
                                    "{} 余额 × {} / 年",
                                    tranches.join("、"),
                                    format::pct(*rate, 3)
                                ),
                                Lang::En => format!(
                                    "{} a year of the balance of {}",
                                    format::pct(*rate, 3),
                                    tranches.join(", ")
                                ),
                            },
                            FeeBasis::Annual(d) => match lang {
                                Lang::Zh => format!("每年 {} 元（按天计提）", format::money(*d)),
                                Lang::En => {
                                    format!("CNY {} a year, accrued daily", format::money(*d))
                                }
                            },
                        };
                        vec![text(&f.id), text(&f.name), text(basis)]
                    })
                    .collect(),
            },
        });
    }

    // Enhancements: the deal's terms and, from the results, what was drawn.
    if !results.enhancements.is_empty() {
        let header = vec![
            l("代码", "Id"),
            l("类型", "Kind"),
            l("提供方", "Provider"),
            l("覆盖范围", "Covers"),
            l("单期上限（元）", "Cap per period (CNY)"),
            l("总上限（元）", "Total cap (CNY)"),
            l("本情景动用（元）", "Drawn in this scenario (CNY)"),
            l("动用期数", "Dates drawn"),
        ];
        let rows = results
            .enhancements
            .iter()
            .map(|e| {
                let (cov, cap_p, cap_t) = if e.kind == "Reserve" {
                    match &deal.reserve {
                        Some(r) => {
                            let target = match &r.target {
                                ReserveTarget::Fixed(d) => match lang {
                                    Lang::Zh => format!(
                                        "初始 {} 元，目标 {} 元",
                                        format::money(r.initial),
                                        format::money(*d)
                                    ),
                                    Lang::En => format!(
                                        "initial CNY {}, target CNY {}",
                                        format::money(r.initial),
                                        format::money(*d)
                                    ),
                                },
                                ReserveTarget::PoolShare(x) => match lang {
                                    Lang::Zh => format!(
                                        "初始 {} 元，目标为资产池余额的 {}",
                                        format::money(r.initial),
                                        format::pct(*x, 2)
                                    ),
                                    Lang::En => format!(
                                        "initial CNY {}, target {} of the pool",
                                        format::money(r.initial),
                                        format::pct(*x, 2)
                                    ),
                                },
                            };
                            (format!("{}；{target}", covers(&r.covers, lang)), None, None)
                        }
                        None => (String::new(), None, None),
                    }
                } else {
                    match deal.enhancements.iter().find(|d| d.id == e.id) {
                        Some(d) => (covers(&d.covers, lang), d.cap_per_period, d.cap_total),
                        None => (String::new(), None, None),
                    }
                };
                vec![
                    text(&e.id),
                    text(enhancement_kind(&e.kind, lang)),
                    text(&e.provider),
                    text(cov),
                    opt_money(cap_p),
                    opt_money(cap_t),
                    Cell::Money(e.total_drawn),
                    Cell::Int(e.periods_drawn as i64),
                ]
            })
            .collect();
        sections.push(Section {
            title: l("信用增级", "Credit enhancement"),
            body: Body::Table { header, rows },
        });
    }

    // Scenarios: the comparison of every scenario the deal names.
    let scenarios = &scenarios.scenarios;
    if !scenarios.is_empty() {
        let mut header = vec![l("情景", "Scenario")];
        if holding {
            header.extend([
                l("收入增长率", "Revenue growth"),
                l("出租率/车流", "Occupancy"),
                l("退出方式", "Exit"),
            ]);
        } else {
            header.extend([
                l("年违约率（CDR）", "CDR"),
                l("年提前还款率（CPR）", "CPR"),
                l("回收率", "Recovery rate"),
                l("回收滞后（期）", "Recovery lag"),
                l("指定违约", "Named defaults"),
                lang.term(Term::CumulativeDefaultRate).to_string(),
            ]);
        }
        for s in &results.securities {
            header.push(format!("{} IRR", s.id));
            if holding {
                header.push(match lang {
                    Lang::Zh => format!("{} 分配倍数", s.id),
                    Lang::En => format!("{} multiple", s.id),
                });
                header.push(match lang {
                    Lang::Zh => format!("{} 年均现金分派率", s.id),
                    Lang::En => format!("{} distribution rate", s.id),
                });
                continue;
            }
            header.push(match lang {
                Lang::Zh => format!("{} 期限（年）", s.id),
                Lang::En => format!("{} WAL", s.id),
            });
            header.push(match lang {
                Lang::Zh => format!("{} 本金损失（元）", s.id),
                Lang::En => format!("{} loss (CNY)", s.id),
            });
        }
        // A deal without bank debt has no DSCR in any scenario: no column for it.
        let has_dscr = scenarios.iter().any(|r| r.min_dscr.is_some());
        if holding {
            header.push(l("发行时份额净值（元）", "NAV per unit at issue (CNY)"));
            if has_dscr {
                header.push(l("最低经营期偿债覆盖倍数", "Minimum operating DSCR"));
            }
            header.push(l("退出时未付合计（元）", "Unpaid at exit (CNY)"));
        } else {
            header.push(l("增信动用合计（元）", "Enhancement draws (CNY)"));
        }
        let rows = scenarios
            .iter()
            .map(|sr| {
                let sc = deal.find_scenario(Some(&sr.scenario));
                let sc = sc.as_deref();
                let mut row = vec![text(&sr.scenario)];
                if holding {
                    row.push(Cell::Percent(sc.map(|s| s.revenue_growth), 2));
                    row.push(Cell::Percent(sc.map(|s| s.occupancy), 1));
                    row.push(text(exit_named(
                        deal,
                        &sr.scenario,
                        sr.exit.as_deref(),
                        lang,
                    )));
                } else {
                    row.push(text(sc.map_or_else(|| "—".into(), |s| curve(&s.cdr))));
                    row.push(text(sc.map_or_else(|| "—".into(), |s| curve(&s.cpr))));
                    row.push(Cell::Percent(sc.map(|s| s.recovery_rate), 1));
                    row.push(sc.map_or(Cell::Empty, |s| Cell::Int(i64::from(s.recovery_lag))));
                    row.push(text(sc.map_or_else(String::new, |s| {
                        s.obligor_defaults
                            .iter()
                            .map(|o| match lang {
                                Lang::Zh => format!("{} 第{}期", o.obligor, o.period),
                                Lang::En => format!("{} (period {})", o.obligor, o.period),
                            })
                            .collect::<Vec<_>>()
                            .join(lang.pick(("；", "; ")))
                    })));
                    row.push(Cell::Percent(sr.cumulative_default_rate, 2));
                }
                for s in &results.securities {
                    let m = sr.securities.iter().find(|m| m.id == s.id);
                    row.push(Cell::Percent(m.and_then(|m| m.irr), 3));
                    if holding {
                        row.push(Cell::Number(m.and_then(|m| m.multiple), 3));
                        row.push(Cell::Percent(m.and_then(|m| m.distribution_rate), 2));
                    } else {
                        row.push(Cell::Number(m.and_then(|m| m.wal), 2));
                        row.push(opt_money(m.map(|m| m.principal_loss)));
                    }
                }
                if holding {
                    row.push(Cell::Number(sr.nav_at_issue, 4));
                    if has_dscr {
                        row.push(Cell::Number(sr.min_dscr, 2));
                    }
                    row.push(opt_money(sr.unpaid_at_exit));
                } else {
                    row.push(opt_money(sr.enhancement_draws));
                }
                row
            })
            .collect();
        sections.push(Section {
            title: l("主要情景", "Scenarios"),
            body: Body::Table { header, rows },
        });
    }

    if !results.warnings.is_empty() {
        sections.push(Section {
            title: l("提示", "Warnings"),
            body: Body::List(
                results
                    .warnings
                    .iter()
                    // In the sheet's language; the code stays for support.
                    .map(|w| {
                        format!(
                            "{} ({})",
                            super::messages::warning_line(lang, Some(deal), w),
                            w.code
                        )
                    })
                    .collect(),
            ),
        });
    }

    TermSheet {
        title: match lang {
            Lang::Zh => format!("{} 产品要素表", results.deal),
            Lang::En => format!("{} term sheet", results.deal),
        },
        lang,
        sections,
    }
}

/// The display text of a cell in Markdown.
fn md_cell(c: &Cell, lang: Lang) -> String {
    let s = match c {
        Cell::Money(d) => format::money(*d),
        Cell::Percent(x, dp) => format::opt_pct(*x, *dp as usize),
        Cell::Number(Some(x), dp) if x.is_finite() => format!("{x:.*}", *dp as usize),
        Cell::Number(..) | Cell::Empty => "—".into(),
        Cell::Int(i) => i.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Text(s) if s.is_empty() => "—".into(),
        Cell::Text(s) => s.clone(),
        Cell::Bool(b) => lang
            .pick(if *b { ("是", "yes") } else { ("否", "no") })
            .into(),
    };
    s.replace('|', "\\|").replace('\n', " ")
}

/// The term sheet as Markdown: a heading per section, tables for pairs and tables. Money is
/// exact, with thousands separators.
pub fn markdown(ts: &TermSheet) -> String {
    use std::fmt::Write;
    let lang = ts.lang;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", ts.title.replace('\n', " "));
    let _ = writeln!(
        s,
        "{}\n",
        lang.pick((
            "由 tranche-studio 生成；金额单位为元，精确到分。",
            "Generated by tranche-studio; amounts in CNY, exact to the fen."
        ))
    );
    for sec in &ts.sections {
        let _ = writeln!(s, "## {}\n", sec.title);
        match &sec.body {
            Body::Pairs(pairs) => {
                let _ = writeln!(
                    s,
                    "| {} | {} |\n|---|---:|",
                    lang.pick(("项目", "Item")),
                    lang.pick(("内容", "Value"))
                );
                for (k, v) in pairs {
                    let _ = writeln!(s, "| {} | {} |", k.replace('|', "\\|"), md_cell(v, lang));
                }
            }
            Body::Table { header, rows } => {
                let _ = writeln!(
                    s,
                    "| {} |",
                    header
                        .iter()
                        .map(|h| h.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let align: Vec<&str> = (0..header.len())
                    .map(|c| {
                        let numeric = rows.first().and_then(|r| r.get(c)).is_some_and(|cell| {
                            matches!(
                                cell,
                                Cell::Money(_)
                                    | Cell::Percent(..)
                                    | Cell::Number(..)
                                    | Cell::Int(_)
                            )
                        });
                        if numeric { "---:" } else { "---" }
                    })
                    .collect();
                let _ = writeln!(s, "|{}|", align.join("|"));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| md_cell(c, lang)).collect();
                    let _ = writeln!(s, "| {} |", cells.join(" | "));
                }
            }
            Body::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(s, "{}. {}", i + 1, item.replace('\n', " "));
                }
            }
        }
        s.push('\n');
    }
    s
}

/// Add the term sheet as the first sheet of a workbook.
pub(crate) fn add_sheet(wb: &mut Workbook, ts: &TermSheet, f: &Formats) -> Result<(), XlsxError> {
    let lang = ts.lang;
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick(("产品要素", "Term sheet")))?;
    ws.set_column_width(0, 24)?;
    for c in 1..40u16 {
        ws.set_column_width(c, 15)?;
    }
    ws.write_string_with_format(0, 0, &ts.title, &f.title)?;
    let mut row = 2u32;
    for sec in &ts.sections {
        ws.write_string_with_format(row, 0, &sec.title, &f.bold)?;
        row += 1;
        match &sec.body {
            Body::Pairs(pairs) => {
                for (k, v) in pairs {
                    ws.write_string(row, 0, k)?;
                    write_cell(ws, row, 1, v, f)?;
                    row += 1;
                }
            }
            Body::Table { header, rows } => {
                for (c, h) in header.iter().enumerate() {
                    ws.write_string_with_format(row, c as u16, h, &f.header)?;
                }
                ws.set_row_height(row, 32)?;
                row += 1;
                for r in rows {
                    for (c, cell) in r.iter().enumerate() {
                        write_cell(ws, row, c as u16, cell, f)?;
                    }
                    row += 1;
                }
            }
            Body::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    ws.write_string(row, 0, format!("{}. {item}", i + 1))?;
                    row += 1;
                }
            }
        }
        row += 1;
    }
    Ok(())
}

/// A benchmark rate's market name.
fn index_name(index: crate::model::RateIndex, lang: Lang) -> &'static str {
    use crate::model::RateIndex;
    match (index, lang) {
        (RateIndex::Lpr1Y, Lang::Zh) => "1年期LPR",
        (RateIndex::Lpr1Y, Lang::En) => "1Y LPR",
        (RateIndex::Lpr5Y, Lang::Zh) => "5年期以上LPR",
        (RateIndex::Lpr5Y, Lang::En) => "5Y LPR",
        (RateIndex::Shibor3M, Lang::Zh) => "3个月Shibor",
        (RateIndex::Shibor3M, Lang::En) => "3M Shibor",
    }
}

/// "逾期90天以上资产余额 / 当期资产池余额 > 2.00%，连续 3 期".
fn delinquency_test(
    bucket: DelinquencyBucket,
    basis: DelinquencyBasis,
    above: f64,
    periods: u32,
    lang: Lang,
) -> String {
    let days = match bucket {
        DelinquencyBucket::Days30 => 30,
        DelinquencyBucket::Days60 => 60,
        DelinquencyBucket::Days90 => 90,
    };
    let level = format::pct(above, 2);
    match (lang, basis) {
        (Lang::Zh, b) => format!(
            "逾期{days}天以上资产余额 / {} > {level}，连续 {periods} 期",
            match b {
                DelinquencyBasis::Current => "当期末资产池余额",
                DelinquencyBasis::Initial => "初始资产池余额",
            }
        ),
        (Lang::En, b) => format!(
            "balance {days}+ days overdue / {} > {level} on {periods} consecutive dates",
            match b {
                DelinquencyBasis::Current => "current pool balance",
                DelinquencyBasis::Initial => "initial pool balance",
            }
        ),
    }
}
