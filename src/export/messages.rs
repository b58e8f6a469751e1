//! The engine's messages in the reader's language, for the app and the term sheet. The
//! engine writes its checks in English with a field path (`tranches[2].coupon`) and, for a
//! warning, a code (`[RL-THIN-CAP] …`); here a warning is worded by its code, a common error
//! by its wording, and a path becomes the field's name ("第3档证券（B） · 票面利率" /
//! "tranche 3 (B) · Coupon"). The code and the path stay available for support
//! ([`support_text`], shown on hover).

use super::Lang;
use crate::error::{Issue, Severity};
use crate::model::Deal;
use crate::results::Warning;

/// An issue's code (`RL-THIN-CAP`) and sentence, as the validator wrote them.
fn split_code(message: &str) -> (Option<&str>, &str) {
    match message.strip_prefix('[').and_then(|m| m.split_once("] ")) {
        Some((code, rest)) => (Some(code), rest),
        None => (None, message),
    }
}

/// The sentence of a validation issue in `lang` (without its field: it is shown under or
/// beside the field, or after [`field_name`]).
pub fn issue_sentence(lang: Lang, issue: &Issue) -> String {
    let (code, english) = split_code(&issue.message);
    match code {
        Some(code) => warning_sentence(lang, code, english),
        None => error_sentence(lang, english),
    }
}

/// "field: sentence" for a list of issues away from their fields (the status bar).
pub fn issue_line(lang: Lang, deal: Option<&Deal>, issue: &Issue) -> String {
    format!(
        "{}: {}",
        field_name(lang, deal, &issue.path),
        issue_sentence(lang, issue)
    )
}

/// The code and the path as the engine wrote them, for a tooltip ("RL-THIN-CAP ·
/// holding.spv.equity_ratio"), so support can find the check.
pub fn support_text(issue: &Issue) -> String {
    let (code, english) = split_code(&issue.message);
    let level = match issue.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{} · {}\n{english}", code.unwrap_or(level), issue.path)
}

/// A result warning ("path: English sentence" with its code) as "field: sentence".
pub fn warning_line(lang: Lang, deal: Option<&Deal>, w: &Warning) -> String {
    match w.message.split_once(": ") {
        Some((path, english)) if !path.contains(' ') => format!(
            "{}: {}",
            field_name(lang, deal, path),
            warning_sentence(lang, &w.code, english)
        ),
        _ => warning_sentence(lang, &w.code, &w.message),
    }
}

/// A failed load in the reader's language: a deal that does not validate lists its issues
/// with the fields named (the others — a syntax error at a line and column, a file that
/// cannot be read — keep the parser's or the system's words).
pub fn load_error(lang: Lang, e: &crate::error::LoadError) -> String {
    match e {
        crate::error::LoadError::Invalid(issues) => issues
            .iter()
            .map(|i| issue_line(lang, None, i))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// The figures of an English message in order: dates, amounts, rates, multiples.
fn figures(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = message.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Not an index in a path (`tranches[2]`) nor a digit inside a word.
        let index = i >= 2 && bytes[i - 1] == b'[' && bytes[i - 2].is_ascii_alphanumeric();
        let starts = bytes[i].is_ascii_digit()
            && !index
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || b".,-:".contains(&bytes[i])) {
            i += 1;
        }
        // A figure does not end in punctuation ("2031-06-30:" or "70%," in a sentence).
        let mut end = i;
        while end > start && b".,-:".contains(&bytes[end - 1]) {
            end -= 1;
        }
        let mut figure = &message[start..end];
        let rest = &message[end..];
        for unit in ["%", "×"] {
            if rest.starts_with(unit) {
                figure = &message[start..end + unit.len()];
            }
        }
        out.push(figure);
        i = end.max(start + 1);
    }
    out
}

/// The text between `after` and `before` in `message`.
fn between<'a>(message: &'a str, after: &str, before: &str) -> Option<&'a str> {
    let rest = &message[message.find(after)? + after.len()..];
    Some(&rest[..rest.find(before)?])
}

fn warning_sentence(lang: Lang, code: &str, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let f = figures(english);
    let fig = |k: usize| f.get(k).copied().unwrap_or("—");
    let years = between(english, "operating years ", " of scenario").unwrap_or("—");
    let scenario = between(english, "of scenario ", ": ").unwrap_or("—");
    match code {
        "W-NO-PRINCIPAL" => format!(
            "没有偿还本金的步骤支付证券 {}",
            between(english, "(", ")").unwrap_or("—")
        ),
        "W-NO-TRIGGER" => "设置了触发后的偿付顺序，但没有触发事件".into(),
        "W-NO-DELINQUENCY" => format!(
            "以下情景没有逾期假设，本逾期率触发事件在其中不会触发：{}",
            english.rsplit(": ").next().unwrap_or("—")
        ),
        "W-CASH-LEFT" => format!(
            "最后一个兑付日后仍余 {} 元无人受领；请以“剩余收益”步骤结束偿付顺序（归属某档证券、原始权益人或资产服务机构）",
            fig(0)
        ),
        "W-CALENDAR-END" => format!("节假日只列到 {}；此后的兑付日只按周末顺延", fig(0)),
        "RL-DATA-SHARE" => format!("数据资产占资产池 {}；数据资产标识产品要求 50%–70%", fig(0)),
        "RL-RIGID-ENHANCEMENT" => "持有型产品不得设置刚性增信（差额支付、担保、储备金）".into(),
        "RL-PLAN-EQUITY" => format!("专项计划持有项目公司 {} 股权；一般应不低于 70%", fig(0)),
        "RL-LEVERAGE" => format!("项目公司杠杆率 {} 高于 50%", fig(0)),
        "RL-THIN-CAP" => format!(
            "股东借款为项目公司权益的 {}；超过 2:1 部分的利息不得税前扣除",
            fig(0)
        ),
        "RL-RETENTION" => format!("原始权益人自持 {}，低于约定的最低比例 {}", fig(0), fig(1)),
        "W-EXIT-LATE" => "退出年份晚于资产或产品的终止日：产品于终止日结束".into(),
        "W-SPREAD" => "没有使份额按面值定价的利差；采用交易设定的利差".into(),
        "W-EXPANSION" => "扩募日晚于产品终止日，或无份额净值可为扩募份额定价：未纳入测算".into(),
        "W-PC-DEFAULT" => format!(
            "项目公司自 {} 起无法足额偿还银行借款：未付部分计为欠款",
            fig(0)
        ),
        "W-LOAN-ARREARS" => format!(
            "项目公司自 {} 起无法足额支付股东借款利息：未付部分结转（降低借款利率或权益占比可与现金匹配）",
            fig(0)
        ),
        "W-PC-DEFICIT" => format!("自 {} 起收入与现金不足以支付运营成本：未付部分结转", fig(0)),
        "W-FEE-ARREARS" => format!("自 {} 起专项计划费用结转未付", fig(0)),
        "W-UNPAID-AT-EXIT" => "产品结束时仍有应付未付款项（见“退出时未付”）".into(),
        "W-TRAPPED-CASH" => format!(
            "{} 项目公司沉淀现金 {} 元，超过年 NOI 的 {} 倍：可考虑减资或偿还借款",
            fig(1),
            fig(0),
            fig(2).trim_end_matches('×')
        ),
        "W-INCENTIVE-EASY" => format!(
            "情景“{scenario}”第 {years} 运营年度的预期值低于预测 NOI：无需超额业绩即可获得激励费"
        ),
        "W-FLOOR-ABOVE-NOI" => format!(
            "情景“{scenario}”第 {years} 运营年度的达标值高于预测 NOI：预测本身即扣减基础管理费"
        ),
        _ => english.to_string(),
    }
}

/// A validation error in `lang`: the common wordings are translated; a rarer one stays in
/// English (its field is still named in `lang`).
fn error_sentence(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let f = figures(english);
    let fig = |k: usize| f.get(k).copied().unwrap_or("—");
    let quoted = between(english, "\"", "\"").unwrap_or("—");
    let exact = match english {
        "must be a finite number" => Some("必须是有限数值"),
        "must be positive" => Some("必须为正数"),
        "must be after closing_date" => Some("必须晚于设立日"),
        "must not be before first_payment_date" => Some("不得早于首个兑付日"),
        "must not be before expected_maturity" => Some("不得早于预期到期日"),
        "must not be after the deal's legal_final_date" => Some("不得晚于交易的法定到期日"),
        "must be at least 1 month" => Some("至少为 1 个月"),
        "must be at least 1" => Some("至少为 1"),
        "the deal needs a name" => Some("交易需要名称"),
        "the pool has no assets" => Some("资产池没有资产"),
        "at least one tranche is needed" => Some("至少需要一档证券"),
        "at least one scenario is needed" => Some("至少需要一个情景"),
        "the priority of payments has no step" => Some("偿付顺序没有步骤"),
        "names no tranche" => Some("未指定证券"),
        "covers nothing" => Some("未覆盖任何款项"),
        "the vector is empty" => Some("向量为空"),
        "tiers must be in ascending order" => Some("档位须按升序排列"),
        "ReserveTopUp but the deal has no reserve" => {
            Some("有补足储备金步骤，但交易未设储备金账户")
        }
        "a Tax step but the deal has no vat" => Some("有增值税步骤，但交易未设增值税"),
        "a holding-type deal has no pool to call" => Some("持有型产品没有可回购的资产池"),
        "a holding-type deal has no pool to revolve" => Some("持有型产品没有可循环购买的资产池"),
        "a revolving period with a clean-up call is not modelled; remove one of them" => {
            Some("循环购买与清仓回购不能同时设置：请删除其一")
        }
        "a revolving period needs collection_lag 0 (purchases use the date's collections)" => {
            Some("循环购买要求回收款滞后为 0 期（购买使用当期回收款）")
        }
        "the reinvestment assumption needs a purchase line" => {
            Some("再投资假设至少需要一类新购资产")
        }
        "new assets amortise LevelPayment, EqualPrincipal or Bullet" => {
            Some("新购资产的还款方式须为等额本息、等额本金或到期一次还本")
        }
        "the expected value (预期值) must not be below the floor value (达标值)" => {
            Some("预期值不得低于达标值")
        }
        _ => None,
    };
    if let Some(s) = exact {
        return s.to_string();
    }
    if english.contains("a cure share") {
        return format!(
            "{} 超出范围 [0, 1)：转回正常比例须小于 1（为 1 时不会有违约）",
            fig(0)
        );
    }
    if english.contains(" is outside [") {
        return format!("{} 超出范围 [{}, {}]", fig(0), fig(1), fig(2));
    }
    if english.ends_with(" is negative") {
        return format!("{} 为负数", fig(0));
    }
    if english.ends_with(" must be positive") {
        return format!("{} 必须为正数", fig(0));
    }
    if english.contains("above the largest amount handled") {
        return "超过可处理的最大金额（1e15 元）".into();
    }
    if english.starts_with("duplicate ") {
        return format!("编号“{quoted}”重复");
    }
    if english.ends_with(" id is empty") {
        return "编号为空".into();
    }
    if english.starts_with("no tranche with id ") {
        return format!("没有编号为“{quoted}”的证券");
    }
    if english.starts_with("no fee with id ") {
        return format!("没有编号为“{quoted}”的费用");
    }
    if english.starts_with("no trigger with id ") {
        return format!("没有编号为“{quoted}”的触发事件");
    }
    if english.starts_with("the weights add up to ") {
        return format!("占比合计为 {}，应为 1", fig(0));
    }
    if english.contains(" must be on or after first_payment_date ") {
        return "须不早于首个兑付日，且早于法定到期日".into();
    }
    if english.starts_with("no scenario named ") {
        return format!("没有名为“{quoted}”的情景");
    }
    if english.starts_with("tranches total ") {
        return format!("证券合计 {} 高于资产池余额 {}", fig(0), fig(1));
    }
    english.to_string()
}

/// What a path segment names, as (中文, English).
fn segment_name(segment: &str) -> Option<(&'static str, &'static str)> {
    Some(match segment {
        "name" => ("名称", "Name"),
        "id" => ("编号", "ID"),
        "size" => ("规模（元）", "Size (CNY)"),
        "coupon" => ("票面利率", "Coupon"),
        "principal_mode" => ("还本方式", "Principal"),
        "expected_maturity" => ("预期到期日", "Expected maturity"),
        "legal_maturity" => ("法定到期日", "Legal maturity"),
        "holder" => ("持有人", "Holder"),
        "rating" => ("评级", "Rating"),
        "price" => ("价格（每百元）", "Price (per 100)"),
        "basis" => ("计费方式", "Basis"),
        "reserve" => ("储备金账户", "Reserve account"),
        "initial" => ("初始金额（元）", "Initial deposit (CNY)"),
        "target" => ("目标余额", "Target"),
        "covers" => ("覆盖范围", "Covers"),
        "enhancements" => ("外部增信", "External enhancements"),
        "provider" => ("增信方", "Provider"),
        "cap_per_period" => ("单期上限（元）", "Cap per period (CNY)"),
        "cap_total" => ("累计上限（元）", "Total cap (CNY)"),
        "triggers" => ("触发事件", "Triggers"),
        "clean_up_call" => ("清仓回购", "Clean-up call"),
        "below" => (
            "资产池余额低于初始余额的比例",
            "Exercised below this share of the initial pool",
        ),
        "vat" => ("利息收入增值税", "VAT on interest income"),
        "rate" => ("利率", "Rate"),
        "surcharge_rate" => (
            "附加税费（占增值税比例）",
            "Surcharges as a share of the VAT",
        ),
        "cdr" => ("年化违约率 CDR", "CDR (annual default rate)"),
        "cpr" => ("年提前还款率 CPR", "CPR (annual prepayment rate)"),
        "recovery_rate" => ("违约回收率", "Recovery rate"),
        "recovery_lag" => ("回收滞后（期）", "Recovery lag (periods)"),
        "obligor_defaults" => ("大额债务人违约", "Large-obligor defaults"),
        "obligor" => ("债务人", "Obligor"),
        "period" => ("期数", "Period"),
        "revenue_growth" => ("收入年增长率", "Revenue growth"),
        "occupancy" => ("出租率／使用率", "Occupancy"),
        "pool" => ("资产池", "Pool"),
        "tranches" => ("证券分层", "Tranches"),
        "fees" => ("费用", "Fees"),
        "scenarios" => ("情景假设", "Scenarios"),
        "waterfall" => ("偿付顺序", "Priority of payments"),
        "steps" => ("步骤", "Steps"),
        "post_trigger" => ("触发事件发生后", "After a trigger is breached"),
        "asset" => ("底层资产", "Operating asset"),
        "spv" => ("项目公司", "Project company"),
        "plan" => ("专项计划", "Plan"),
        "bank_debt" => ("外部银行借款", "External bank debt"),
        "ltv" => ("收购时贷款价值比", "LTV at purchase"),
        "total_investment" => ("总投资额（元）", "Total investment (CNY)"),
        "equity_ratio" => ("股债配比（权益占比）", "Equity share of the plan's money"),
        "plan_equity_share" => ("专项计划持股比例", "Plan's share of the equity"),
        "loan_rate" => ("股东借款利率", "Shareholder loan rate"),
        "loan_repayment" => ("股东借款还款方式", "Shareholder loan repayment"),
        "originator_unit_share" => ("原始权益人自持比例", "Originator's units"),
        "min_originator_share" => ("最低自持比例", "Minimum retention"),
        "unit_face" => ("份额面值（元）", "Unit face (CNY)"),
        "base_revenue" => ("首年收入（元）", "Revenue, first year (CNY)"),
        "opex_ratio" => ("运营成本率（占收入）", "Opex ratio (of revenue)"),
        "capex_ratio" => ("资本性支出率（占收入）", "Capex ratio (of revenue)"),
        "incentive" => ("运营管理机构激励安排", "Operating manager incentive"),
        "floor_noi" => ("达标值（年 NOI，元）", "Floor NOI per year (CNY)"),
        "expected_noi" => ("预期值（年 NOI，元）", "Expected NOI per year (CNY)"),
        "valuation" => ("估值（份额净值）", "Valuation (NAV)"),
        "spread" => ("国开债收益率曲线之上的利差", "Spread over the CDB curve"),
        "expansions" | "expansion" => ("后续扩募", "Further expansion rounds"),
        "open_periods" => ("开放退出窗口", "Open-period windows (开放退出)"),
        "tax_rate" => ("所得税税率", "Income tax rate"),
        "useful_life_years" => ("折旧年限（年）", "Useful life (years)"),
        "business_days" => ("兑付日调整", "Payment dates"),
        "exit" => ("退出方式", "Exit"),
        "revolving" => ("循环购买", "Revolving period"),
        "end" => ("循环期末", "Revolving period ends"),
        "purchases" => ("新购资产", "Purchase lines"),
        "weight" => ("占每次购买比例", "Share of each purchase"),
        "term" => ("期限（月）", "Term (months)"),
        "industry" => ("行业", "Industry"),
        "amortisation" => ("还款方式", "Amortisation"),
        "eligibility" => ("合格标准", "Eligibility criteria"),
        "min_rate" => ("最低利率", "Lowest rate"),
        "max_term" => ("最长期限（月）", "Longest term (months)"),
        "max_obligor_share" => ("单一债务人占比上限", "Largest share of one obligor"),
        "max_industry_share" => ("单一行业占比上限", "Largest share of one industry"),
        "max_uninvested_share" => ("未投资现金占比上限", "Uninvested cash limit"),
        "early_amortisation" => ("提前摊还事件", "Early-amortisation triggers"),
        "delinquency" => ("逾期假设", "Delinquency assumption"),
        "cure_30" => ("逾期30天当月转回正常比例", "Cures at 30 days overdue"),
        "cure_60" => ("逾期60天当月转回正常比例", "Cures at 60 days overdue"),
        "cure_90" => ("逾期90天当月转回正常比例", "Cures at 90 days overdue"),
        "test" => ("触发条件", "Test"),
        "above" => ("触发水平", "Level"),
        "periods" => ("连续期数", "Consecutive periods"),
        _ => return None,
    })
}

/// A path as the field's name: `tranches[2].coupon` → "第3档证券（B） · 票面利率". Segments
/// without a name here stay as written; `holding.` is left out (every field of a holding
/// deal is under it).
pub fn field_name(lang: Lang, deal: Option<&Deal>, path: &str) -> String {
    let zh = lang == Lang::Zh;
    let mut parts: Vec<String> = Vec::new();
    for (j, segment) in path.split('.').enumerate() {
        let (head, index) = match segment.split_once('[') {
            Some((h, rest)) => (h, rest.strip_suffix(']')),
            None => (segment, None),
        };
        if head == "holding" && j == 0 {
            continue;
        }
        let name = segment_name(head).map_or(head, |pair| lang.pick(pair));
        let Some(index) = index else {
            parts.push(name.to_string());
            continue;
        };
        let Ok(k) = index.parse::<usize>() else {
            // `pool.tape[row 7]`: a row of the tape file, as the file numbers it.
            parts.push(match index.strip_prefix("row ") {
                Some(row) if zh => format!("资产清单第{row}行"),
                Some(row) => format!("tape row {row}"),
                None => segment.to_string(),
            });
            continue;
        };
        // A row of a list is named by its number and its id ("tranche 3 (B)").
        let item = match head {
            "tranches" => ordinal(
                zh,
                k,
                ("第{}档证券", "tranche {}"),
                deal.and_then(|d| d.tranches.get(k)).map(|t| t.id.as_str()),
            ),
            "fees" => ordinal(
                zh,
                k,
                ("费用{}", "fee {}"),
                deal.and_then(|d| d.fees.get(k)).map(|f| f.id.as_str()),
            ),
            "scenarios" => ordinal(
                zh,
                k,
                ("情景{}", "scenario {}"),
                deal.and_then(|d| d.scenarios.get(k))
                    .map(|s| s.name.as_str()),
            ),
            "enhancements" => ordinal(
                zh,
                k,
                ("增信{}", "enhancement {}"),
                deal.and_then(|d| d.enhancements.get(k))
                    .map(|e| e.id.as_str()),
            ),
            "triggers" => ordinal(
                zh,
                k,
                ("触发事件{}", "trigger {}"),
                deal.and_then(|d| d.triggers.get(k)).map(|t| t.id.as_str()),
            ),
            "steps" => ordinal(zh, k, ("第{}步", "step {}"), None),
            _ if zh => format!("{name}第{}项", k + 1),
            _ => format!("{name} {}", k + 1),
        };
        parts.push(item);
    }
    parts.join(" · ")
}

/// "第3档证券（B）" / "tranche 3 (B)" for item `k` (0-based) of a list, with its id.
fn ordinal(zh: bool, k: usize, (zh_fmt, en_fmt): (&str, &str), id: Option<&str>) -> String {
    let base = if zh { zh_fmt } else { en_fmt }.replace("{}", &(k + 1).to_string());
    match id {
        Some(id) if zh => format!("{base}（{id}）"),
        Some(id) => format!("{base} ({id})"),
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal() -> Deal {
        crate::io::parse_deal(
            include_str!("../../sample_deals/data_asset_pledge_loans.ron"),
            "sample",
        )
        .unwrap()
    }

    #[test]
    fn paths_read_as_field_names() {
        let d = deal();
        let second = d.tranches[1].id.clone();
        assert_eq!(
            field_name(Lang::Zh, Some(&d), "tranches[1].coupon"),
            format!("第2档证券（{second}） · 票面利率")
        );
        assert_eq!(
            field_name(Lang::En, Some(&d), "tranches[1]"),
            format!("tranche 2 ({second})")
        );
        // A row past the end (a removed tranche): the number alone.
        assert_eq!(field_name(Lang::Zh, Some(&d), "tranches[5]"), "第6档证券");
        assert_eq!(
            field_name(Lang::Zh, Some(&d), "waterfall.steps[3]"),
            "偿付顺序 · 第4步"
        );
        assert_eq!(
            field_name(Lang::En, None, "holding.spv.equity_ratio"),
            "Project company · Equity share of the plan's money"
        );
        assert_eq!(
            field_name(Lang::Zh, None, "pool.tape[row 7]"),
            "资产池 · 资产清单第7行"
        );
    }

    #[test]
    fn figures_are_read_in_order() {
        assert_eq!(
            figures("trapped cash 1234567.89 on 2031-06-30 exceeds 1.5× the annual NOI"),
            ["1234567.89", "2031-06-30", "1.5×"]
        );
        assert_eq!(
            figures("originator retention 4.0% is below the stated minimum 5.0%"),
            ["4.0%", "5.0%"]
        );
        // An index in a path is not a figure.
        assert_eq!(
            figures("no principal step pays tranches[2] (B)"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn warnings_and_errors_in_chinese() {
        let w = Issue {
            path: "holding.spv.equity_ratio".into(),
            severity: Severity::Warning,
            message: "[RL-THIN-CAP] shareholder loan is 2.35× the project company's equity; \
                      interest above 2:1 is not deductible"
                .into(),
        };
        assert_eq!(
            issue_sentence(Lang::Zh, &w),
            "股东借款为项目公司权益的 2.35×；超过 2:1 部分的利息不得税前扣除"
        );
        assert!(support_text(&w).starts_with("RL-THIN-CAP · holding.spv.equity_ratio"));
        let e = Issue {
            path: "tranches[1].coupon".into(),
            severity: Severity::Error,
            message: "1.5 is outside [0, 1]".into(),
        };
        assert_eq!(issue_sentence(Lang::Zh, &e), "1.5 超出范围 [0, 1]");
        assert_eq!(issue_sentence(Lang::En, &e), "1.5 is outside [0, 1]");
        let r = Warning {
            code: "W-NO-PRINCIPAL".into(),
            message: "waterfall.steps: no principal step pays tranches[2] (B)".into(),
        };
        assert_eq!(
            warning_line(Lang::Zh, None, &r),
            "偿付顺序 · 步骤: 没有偿还本金的步骤支付证券 B"
        );
    }
}
