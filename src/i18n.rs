//! The reader's language and the one vocabulary of the domain: the terms the app, the
//! exports (tables, charts, term sheet) and the CLI all show for the same concept, so a
//! column, a series or a section reads the same on screen and in a file. The app's own UI
//! strings (`app::i18n::S`) take these terms where they name the same thing.

use serde::{Deserialize, Serialize};

/// The reader's language (also the CLI's `--lang`). The structurers who use the tool work
/// in Chinese, the app's default; English is for foreign investors and reviewers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// The text for this language from a `(中文, English)` pair.
    pub fn pick<'a>(self, (zh, en): (&'a str, &'a str)) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// `head` followed by a colon before what it introduces: "Unpaid at exit: " /
    /// "退出时未付：" (full width in Chinese, which needs no space after it).
    pub fn colon(self, head: &str) -> String {
        match self {
            Lang::Zh => format!("{head}："),
            Lang::En => format!("{head}: "),
        }
    }

    /// A term of the shared vocabulary in this language.
    pub fn term(self, t: Term) -> &'static str {
        match self {
            Lang::Zh => t.zh(),
            Lang::En => t.en(),
        }
    }

    /// A cell of a tape or of pasted rows: "row 2, column rate (Rate)" / "第2行「rate（利率）」列";
    /// `column` is the tape's column name and its label, or none for the whole row.
    pub fn cell(self, row: u64, column: Option<(&str, &str)>) -> String {
        match (self, column) {
            (Lang::Zh, Some((key, label))) => format!("第{row}行「{key}（{label}）」列"),
            (Lang::Zh, None) => format!("第{row}行"),
            (Lang::En, Some((key, label))) => format!("row {row}, column {key} ({label})"),
            (Lang::En, None) => format!("row {row}"),
        }
    }

    /// An operating year, 1-based: "year 3" / "第3年".
    pub fn year(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("第{n}年"),
            Lang::En => format!("year {n}"),
        }
    }
}

macro_rules! terms {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A term of the shared vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Term { $($key),* }

        impl Term {
            /// The English term (`const`, so tables of columns can hold it).
            pub const fn en(self) -> &'static str {
                match self { $(Term::$key => $en,)* }
            }

            /// The Chinese term.
            pub const fn zh(self) -> &'static str {
                match self { $(Term::$key => $zh,)* }
            }
        }
    };
}

// One line per concept; the Chinese is the word the market uses (提前还款, not 早偿).
terms! {
    // Periods and the pool
    Period => "Period", "期数";
    PaymentDate => "Payment date", "兑付日";
    OpeningBalance => "Opening balance", "期初余额";
    PoolInterest => "Interest", "利息回收";
    ScheduledPrincipal => "Scheduled principal", "计划本金";
    Prepayments => "Prepayments", "提前还款";
    Recoveries => "Recoveries", "违约回收";
    Defaults => "Defaults", "违约金额";
    PoolBalance => "Pool balance", "资产池余额";
    CumulativeDefaultRate => "Cumulative default rate", "累计违约率";
    // The priority of payments on each date
    AvailableFunds => "Available funds", "可分配资金";
    Paid => "Paid", "已支付";
    Retained => "Retained", "留存";
    InterestPaid => "interest", "利息";
    PrincipalPaid => "principal", "本金";
    ResidualPaid => "residual", "剩余收益";
    ResidualToOriginator => "Residual to the originator", "剩余收益（原始权益人）";
    ResidualToServicer => "Residual to the servicer", "剩余收益（资产服务机构）";
    ExcessSpread => "Excess spread", "超额利差";
    ReserveBalance => "Reserve balance", "储备金余额";
    OcRatio => "OC ratio", "超额抵押比率";
    TriggerBreached => "Trigger breached", "触发事件";
    // Parts of a deal (sections, sheets)
    Pool => "Pool", "资产池";
    Scenario => "Scenario", "情景";
    PriorityOfPayments => "Priority of payments", "偿付顺序";
    ProjectCompany => "Project company", "项目公司";
    Plan => "Plan", "专项计划";
    // Holding-type deals
    Revenue => "Revenue", "营业收入";
    Noi => "NOI", "净营运收入（NOI）";
    Capex => "Capex", "资本性支出";
    IncomeTax => "Tax", "所得税";
    Dividends => "Dividends", "分红";
    TrappedCash => "Trapped cash", "沉淀现金";
    FromProjectCompany => "From the project company", "来自项目公司";
    GuaranteePayments => "Guarantee payments", "业绩补足";
    OperatorFeeCut => "Operator fee cut", "运营管理费扣减";
    Distributions => "Distributions", "分配金额";
    BankDebtService => "Bank debt service", "银行还本付息";
    ShareholderLoanService => "Shareholder loan service", "股东借款还本付息";
    NavPerUnit => "NAV per unit", "份额净值";
    // Figures of a security
    Irr => "IRR", "内部收益率";
    Wal => "WAL (years)", "加权平均期限（年）";
    MacaulayDuration => "Macaulay duration", "麦考利久期";
    ModifiedDuration => "Modified duration", "修正久期";
    PrincipalLoss => "Principal loss", "本金损失";
    InterestShortfall => "Interest shortfall", "利息缺口";
    Multiple => "Multiple", "分配倍数";
    DistributionRate => "Cash distribution rate", "年均现金分派率";
    // Pricing and tokens
    SettlementDate => "Settlement date", "结算日";
    Outstanding => "Outstanding principal", "剩余本金";
    AccruedInterest => "Accrued interest", "应计利息";
    AccruedDays => "Accrued days", "计息天数";
    CleanPrice => "Clean price", "净价";
    DirtyPrice => "Dirty price", "全价";
    Yield => "Yield", "到期收益率";
    CdbAtWal => "CDB yield at the WAL", "国开债收益率（加权平均期限）";
    SpreadBp => "Spread over CDB (bp)", "国开债利差（基点）";
    Convexity => "Convexity", "凸性";
    Token => "Token", "代币";
    WholeSecurity => "Whole security", "整体证券";
    Units => "Units", "份数";
    FinalResidue => "Final residue", "最终尾差";
    TokenPart => "Part", "权益部分";
    PartAll => "All cash", "全部现金流";
    PartInterest => "Interest and income", "利息及收益";
    TradeDate => "Trade date", "成交日";
    SettlementAmount => "Settlement amount", "结算金额";
    Interest => "Interest", "利息";
    Principal => "Principal", "本金";
    Residual => "Residual", "剩余收益";
    PresentValue => "Present value", "现值";
    Currency => "Currency", "币种";
    // Figures of a scenario compared (`engine::compare`)
    EnhancementDraws => "Enhancement draws", "增信动用";
    MinDscr => "Minimum DSCR", "最低偿债覆盖倍数";
    NavAtIssue => "NAV per unit at issue", "发行时份额净值";
    PlanFees => "Plan fees", "计划费用";
    IncentiveFee => "Incentive fee", "超额激励费";
    GuaranteePaid => "Guarantee payments", "业绩补足支付";
    UnpaidAtExit => "Unpaid at exit", "退出时未付合计";
    // Questions of a deal (the CLI's compare, tornado, solve, breakevens, obligors)
    Figure => "Figure", "指标";
    Value => "Value", "取值";
    Driver => "Driver", "驱动因素";
    StepSize => "Step", "步长";
    LowValue => "Low", "下调值";
    HighValue => "High", "上调值";
    Output => "Output", "输出指标";
    BaseValue => "Base", "基准值";
    AtLow => "At low", "下调时";
    AtHigh => "At high", "上调时";
    Goal => "Goal", "目标";
    Without => "Without", "不含";
    Status => "Status", "状态";
    FailsAt => "Fails at", "失效值";
    Iterations => "Iterations", "迭代次数";
    Tolerance => "Tolerance", "容差";
    LowerBound => "Lower bound", "下限";
    UpperBound => "Upper bound", "上限";
    Rank => "Rank", "排名";
    DefaultedObligors => "Obligors defaulted", "违约债务人";
    WorstPair => "Worst pair", "最差组合";
    Terms => "Terms", "条款";
    // Charts
    ChartDistributions => "Distributions by security", "各期分配（按证券）";
    ChartBalances => "Outstanding balances", "未偿本金余额";
    ChartCapital => "Paid-in capital outstanding", "未返还实缴资本";
    ChartPoolFlows => "Pool collections, defaults and recoveries", "资产池回收与违约";
    ChartIrr => "IRR by security", "各证券内部收益率（IRR）";
    ChartProjectCompany => "Project company per period", "项目公司各期现金流";
    ChartNav => "Plan NAV per unit", "专项计划份额净值";
    ChartSensitivity => "IRR against a driver", "内部收益率对驱动因素的敏感性";
    NoIrr => "no IRR", "无 IRR";
    ScenarioValue => "Scenario value", "当前情景取值";
    Balance => "Balance", "余额";
    Amount => "Amount", "金额";
    Date => "Date", "日期";
    Security => "Security", "证券";
    Securities => "Securities", "证券";
    UnitWan => "CNY 10k", "万元";
    UnitYi => "CNY 100m", "亿元";
    UnitCnyPerUnit => "CNY per unit", "元/份";
    // Sensitivity drivers
    DriverCdr => "CDR", "违约率 CDR";
    DriverCpr => "CPR", "提前还款率 CPR";
    DriverRecovery => "Recovery rate", "回收率";
    DriverExitCap => "Exit cap rate", "退出资本化率";
    // Fields of a deal, as messages name them (`tranches[2].coupon` → 第3档证券（B） · 票面利率)
    // and the tape's columns
    Name => "Name", "名称";
    Id => "ID", "编号";
    SizeCny => "Size (CNY)", "规模（元）";
    Coupon => "Coupon", "票面利率";
    PrincipalMode => "Principal", "还本方式";
    ExpectedMaturity => "Expected maturity", "预期到期日";
    LegalMaturity => "Legal maturity", "法定到期日";
    Holder => "Holder", "持有人";
    Rating => "Rating", "评级";
    PricePer100 => "Price (per 100)", "价格（每百元）";
    FeeBasis => "Basis", "计费方式";
    ReserveAccount => "Reserve account", "储备金账户";
    ReserveInitial => "Initial deposit (CNY)", "初始金额（元）";
    ReserveTarget => "Target", "目标余额";
    Covers => "Covers", "覆盖范围";
    Enhancements => "External enhancements", "外部增信";
    EnhancementProvider => "Provider", "增信方";
    CapPerPeriod => "Cap per period (CNY)", "单期上限（元）";
    CapTotal => "Total cap (CNY)", "累计上限（元）";
    Triggers => "Triggers", "触发事件";
    CleanUpCall => "Clean-up call", "清仓回购";
    CallBelow => "Exercised below this share of the initial pool", "资产池余额低于初始余额的比例";
    Vat => "VAT on interest income", "利息收入增值税";
    Rate => "Rate", "利率";
    SurchargeRate => "Surcharges as a share of the VAT", "附加税费（占增值税比例）";
    Cdr => "CDR (annual default rate)", "年化违约率 CDR";
    Cpr => "CPR (annual prepayment rate)", "年提前还款率 CPR";
    RecoveryRate => "Recovery rate", "违约回收率";
    RecoveryLag => "Recovery lag (periods)", "回收滞后（期）";
    ObligorDefaults => "Large-obligor defaults", "大额债务人违约";
    Obligor => "Obligor", "债务人";
    RevenueGrowth => "Revenue growth", "收入年增长率";
    Occupancy => "Occupancy", "出租率／使用率";
    Tranches => "Tranches", "证券分层";
    Fees => "Fees", "费用";
    Scenarios => "Scenarios", "情景假设";
    Steps => "Steps", "步骤";
    PostTrigger => "After a trigger is breached", "触发事件发生后";
    OperatingAsset => "Operating asset", "底层资产";
    BankDebt => "External bank debt", "外部银行借款";
    LtvAtPurchase => "LTV at purchase", "收购时贷款价值比";
    TotalInvestment => "Total investment (CNY)", "总投资额（元）";
    EquityRatio => "Equity share of the plan's money", "股债配比（权益占比）";
    PlanEquityShare => "Plan's share of the equity", "专项计划持股比例";
    LoanRate => "Shareholder loan rate", "股东借款利率";
    LoanRepayment => "Shareholder loan repayment", "股东借款还款方式";
    OriginatorUnitShare => "Originator's units", "原始权益人自持比例";
    MinOriginatorShare => "Minimum retention", "最低自持比例";
    UnitFace => "Unit face (CNY)", "份额面值（元）";
    BaseRevenue => "Revenue, first year (CNY)", "首年收入（元）";
    OpexRatio => "Opex ratio (of revenue)", "运营成本率（占收入）";
    CapexRatio => "Capex ratio (of revenue)", "资本性支出率（占收入）";
    OperatorIncentive => "Operating manager incentive", "运营管理机构激励安排";
    FloorNoi => "Floor NOI per year (CNY)", "达标值（年 NOI，元）";
    ExpectedNoi => "Expected NOI per year (CNY)", "预期值（年 NOI，元）";
    Valuation => "Valuation (NAV)", "估值（份额净值）";
    ValuationSpread => "Spread over the CDB curve", "国开债收益率曲线之上的利差";
    Expansions => "Further expansion rounds", "后续扩募";
    OpenPeriods => "Open-period windows (开放退出)", "开放退出窗口";
    TaxRate => "Income tax rate", "所得税税率";
    UsefulLifeYears => "Useful life (years)", "折旧年限（年）";
    BusinessDays => "Payment dates", "兑付日调整";
    ExitMethod => "Exit", "退出方式";
    RevolvingPeriod => "Revolving period", "循环购买";
    RevolvingEnd => "Revolving period ends", "循环期末";
    Purchases => "Purchase lines", "新购资产";
    PurchaseWeight => "Share of each purchase", "占每次购买比例";
    TermMonths => "Term (months)", "期限（月）";
    Industry => "Industry", "行业";
    Amortisation => "Amortisation", "还款方式";
    Eligibility => "Eligibility criteria", "合格标准";
    MinRate => "Lowest rate", "最低利率";
    MaxTerm => "Longest term (months)", "最长期限（月）";
    MaxObligorShare => "Largest share of one obligor", "单一债务人占比上限";
    MaxIndustryShare => "Largest share of one industry", "单一行业占比上限";
    MaxUninvestedShare => "Uninvested cash limit", "未投资现金占比上限";
    EarlyAmortisation => "Early-amortisation triggers", "提前摊还事件";
    Delinquency => "Delinquency assumption", "逾期假设";
    Cure30 => "Cures at 30 days overdue", "逾期30天当月转回正常比例";
    Cure60 => "Cures at 60 days overdue", "逾期60天当月转回正常比例";
    Cure90 => "Cures at 90 days overdue", "逾期90天当月转回正常比例";
    TriggerTest => "Test", "触发条件";
    TriggerLevel => "Level", "触发水平";
    ConsecutivePeriods => "Consecutive periods", "连续期数";
    AssetClass => "Asset class", "资产类型";
    DataAssetRole => "Data asset", "数据资产";
    RemainingTerm => "Remaining term (months)", "剩余期限（月）";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_reads_in_each_language() {
        assert_eq!(Lang::Zh.term(Term::Prepayments), "提前还款");
        assert_eq!(Lang::En.term(Term::Prepayments), "Prepayments");
        assert_eq!(Lang::Zh.pick(("期数", "Period")), "期数");
        assert_eq!(Lang::En.year(3), "year 3");
    }
}
