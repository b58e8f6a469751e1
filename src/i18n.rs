//! The reader's language and the one vocabulary of the domain: the terms the app, the
//! exports (tables, charts, term sheet) and the CLI all show for the same concept, so a
//! column, a series or a section reads the same on screen and in a file. The app's own UI
//! strings (`app::i18n::S`) take these terms where they name the same thing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// The structurers who use the tool work in Chinese; English is for foreign investors
    /// and reviewers.
    #[default]
    Zh,
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

    /// A term of the shared vocabulary in this language.
    pub fn term(self, t: Term) -> &'static str {
        match self {
            Lang::Zh => t.zh(),
            Lang::En => t.en(),
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
    ModifiedDuration => "Modified duration", "修正久期";
    Multiple => "Multiple", "分配倍数";
    DistributionRate => "Cash distribution rate", "年均现金分派率";
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
    PrincipalLoss => "Principal loss", "本金损失";
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
    DriverRevenueGrowth => "Revenue growth", "收入年增长率";
    DriverOccupancy => "Occupancy", "出租率／使用率";
    DriverExitCap => "Exit cap rate", "退出资本化率";
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
