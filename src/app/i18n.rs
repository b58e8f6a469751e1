//! Chinese and English UI text. Every visible string goes through [`Lang::tr`] with a key
//! from [`S`], so a missing translation is a compile error rather than a blank label.

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
    pub fn tr(self, key: S) -> &'static str {
        key.text(self)
    }

    /// An operating year, 1-based: "year 3" / "第3年".
    pub fn year(self, n: usize) -> String {
        match self {
            Lang::Zh => format!("第{n}年"),
            Lang::En => format!("year {n}"),
        }
    }

    /// A cell of pasted rows: "row 2, column rate (Rate)" / "第2行「rate（利率）」列";
    /// `column` is the tape's column name and its label, or none for the whole row.
    pub fn cell(self, row: u64, column: Option<(&str, S)>) -> String {
        match (self, column) {
            (Lang::Zh, Some((key, label))) => format!("第{row}行「{key}（{}）」列", self.tr(label)),
            (Lang::Zh, None) => format!("第{row}行"),
            (Lang::En, Some((key, label))) => {
                format!("row {row}, column {key} ({})", self.tr(label))
            }
            (Lang::En, None) => format!("row {row}"),
        }
    }
}

impl From<Lang> for crate::export::Lang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Zh => crate::export::Lang::Zh,
            Lang::En => crate::export::Lang::En,
        }
    }
}

macro_rules! strings {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A UI string key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum S { $($key),* }

        impl S {
            fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((S::$key, Lang::En) => $en, (S::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

strings! {
    AppName => "Tranche Studio", "Tranche Studio 分层结构工作台";
    // Menus
    File => "File", "文件";
    New => "New", "新建";
    Open => "Open…", "打开…";
    OpenRecent => "Open recent", "最近打开";
    NoRecent => "(none)", "（无）";
    Save => "Save", "保存";
    SaveAs => "Save as…", "另存为…";
    ImportTape => "Import CSV tape…", "导入资产清单 CSV…";
    Quit => "Quit", "退出";
    Edit => "Edit", "编辑";
    Undo => "Undo", "撤销";
    Redo => "Redo", "重做";
    View => "View", "视图";
    Light => "Light theme", "浅色主题";
    Dark => "Dark theme", "深色主题";
    Language => "Language", "语言";
    // Sections
    SecTerms => "Deal terms", "交易条款";
    SecPool => "Pool", "资产池";
    SecTranches => "Tranches and fees", "证券与费用";
    SecEnhancements => "Enhancements and triggers", "增信与触发事件";
    SecWaterfall => "Priority of payments", "偿付顺序";
    SecScenarios => "Scenarios", "情景假设";
    Sections => "Sections", "目录";
    // Deal terms
    NewDealName => "New deal", "新交易";
    DealName => "Deal name", "项目名称";
    Currency => "Currency", "币种";
    DataAssetLabel => "Data-asset labelled deal (50–70% data assets)", "数据资产标签（数据资产占比 50–70%）";
    ClosingDate => "Closing date", "设立日";
    FirstPaymentDate => "First payment date", "首个兑付日";
    LegalFinalDate => "Legal final date", "法定到期日";
    Frequency => "Payment frequency", "兑付频率";
    Monthly => "Monthly", "按月";
    Quarterly => "Quarterly", "按季";
    SemiAnnual => "Semi-annual", "按半年";
    Annual => "Annual", "按年";
    DayCount => "Day count", "计息基准";
    CollectionLag => "Collection lag (periods)", "回收款划转滞后（期）";
    DefaultScenario => "Default scenario", "默认情景";
    DateHint => "YYYY-MM-DD", "YYYY-MM-DD";
    // Pool
    PoolSummary => "Pool summary", "资产池概况";
    PoolBalance => "Pool balance", "资产池余额";
    Assets => "Assets", "笔数";
    Obligors => "Obligors", "债务人数";
    WaRate => "Weighted average rate", "加权平均利率";
    WaTerm => "Weighted average remaining term (months)", "加权平均剩余期限（月）";
    DataAssetShare => "Data assets in pool", "数据资产入池占比";
    AssetClassMix => "Asset-class mix", "资产类型分布";
    TopObligors => "Obligor concentration", "债务人集中度";
    Top1 => "Largest obligor", "最大单一债务人";
    Top5 => "Top 5", "前五大";
    Top10 => "Top 10", "前十大";
    Share => "Share", "占比";
    Count => "Count", "笔数";
    AssetTable => "Assets", "资产明细";
    TapeFile => "Tape file", "资产清单文件";
    NoTape => "none", "无";
    RemoveTape => "Remove tape", "移除资产清单";
    Id => "ID", "编号";
    Name => "Name", "名称";
    Obligor => "Obligor", "债务人";
    AssetClass => "Asset class", "资产类型";
    DataRole => "Data asset", "数据资产";
    Balance => "Balance", "本金余额";
    Rate => "Rate", "利率";
    Term => "Term (m)", "剩余期限（月）";
    Amortisation => "Amortisation", "还款方式";
    ClassTrustLoan => "Trust loan", "信托贷款";
    ClassFinancialLease => "Financial lease", "融资租赁债权";
    ClassTradeReceivable => "Trade receivable", "应收账款";
    ClassIpLicence => "IP licence", "知识产权许可";
    ClassInfrastructureFee => "Infrastructure fee", "基础设施收费收益权";
    ClassDataAssetPledgeLoan => "Data-asset pledge loan", "数据资产质押贷款";
    ClassOther => "Other", "其他";
    RoleInPool => "In pool", "入池";
    RoleEmpowering => "Empowering", "赋能";
    RoleNone => "—", "—";
    AmLevelPayment => "Level payment", "等额本息";
    AmEqualPrincipal => "Equal principal", "等额本金";
    AmBullet => "Bullet", "到期还本";
    AmSchedule => "Schedule", "计划摊还";
    // Pool editing
    AddAsset => "Add asset", "新增资产";
    AddLine => "Add line", "新增代表性资产";
    DuplicateRows => "Duplicate selected", "复制所选行";
    DeleteRows => "Delete selected", "删除所选行";
    CopyRows => "Copy rows", "复制行";
    CopyRowsHint => "The selected rows (all rows when none is selected) as tab-separated text in the tape's columns, for Excel.", "所选行（未选时为全部行）按资产清单列顺序复制为制表符分隔文本，可粘贴到 Excel。";
    PasteRows => "Paste rows…", "粘贴行…";
    PasteRowsHint => "Rows copied from Excel in the tape's columns (id, obligor, asset_class, data_asset_role, balance, rate, remaining_term, amortisation), with or without the header row. Ctrl+V over the pool pastes directly. They replace the selected rows, or are added at the end.", "从 Excel 复制的行，列顺序与资产清单相同（id, obligor, asset_class, data_asset_role, balance, rate, remaining_term, amortisation），可含或不含表头行。在资产池中直接按 Ctrl+V 亦可粘贴。有选中行时替换所选行，否则追加到末尾。";
    PasteBox => "Rows to paste", "待粘贴的行";
    PasteApply => "Paste", "粘贴";
    SelectRow => "Select", "选择";
    SelectedRows => "selected", "行已选";
    PasteFailed => "Nothing was pasted; the pool is unchanged.", "未粘贴任何行，资产池未改动。";
    PasteShape => "a row has the tape's 8 columns", "每行应有资产清单的 8 列";
    PasteHeader => "a header row must be the tape's column names", "表头行须为资产清单的列名";
    PasteTooMany => "more rows than a tape may have", "行数超过资产清单上限";
    ExpId => "text", "文本";
    ExpClass => "TrustLoan, FinancialLease, TradeReceivable, IpLicence, InfrastructureFee, DataAssetPledgeLoan or Other", "TrustLoan、FinancialLease、TradeReceivable、IpLicence、InfrastructureFee、DataAssetPledgeLoan 或 Other";
    ExpRole => "InPool, Empowering, None or empty", "InPool、Empowering、None 或留空";
    ExpBalance => "an amount such as 25000000.00", "金额，如 25000000.00";
    ExpRate => "a rate such as 0.048 or 4.8%", "利率，如 0.048 或 4.8%";
    ExpTerm => "a whole number of months", "整数月数";
    ExpAmortisation => "LevelPayment, EqualPrincipal or Bullet", "LevelPayment、EqualPrincipal 或 Bullet";
    CannotRead => "cannot be read; expected", "无法读取，应为";
    TapeRowsNote => "Rows from the tape file are read-only here: edit the file, or copy them into the deal to edit them in the app.", "来自资产清单文件的行在此只读：请修改该文件，或将其复制到交易中后在本应用内编辑。";
    InlineTape => "Copy tape into the deal", "将资产清单复制到交易中";
    InlineTapeHint => "The tape's rows become the deal's own assets (saved in the deal file) and the deal no longer reads the CSV file.", "资产清单的各行成为交易自身的资产（保存在交易文件中），交易不再读取该 CSV 文件。";
    FromTape => "from the tape file", "来自资产清单文件";
    RepLines => "Representative lines", "代表性资产";
    RepTotal => "Total balance (CNY)", "总余额（元）";
    Weight => "Weight", "权重";
    // Tranches and fees
    Tranches => "Tranches", "证券分层";
    AddTranche => "Add tranche", "新增证券";
    NewTrancheName => "New tranche", "新证券";
    Size => "Size (CNY)", "规模（元）";
    Coupon => "Coupon", "票面利率";
    PrincipalMode => "Principal", "还本方式";
    PassThrough => "Pass-through", "过手摊还";
    BulletMode => "Bullet", "到期一次还本";
    ScheduleMode => "Fixed schedule", "固定摊还";
    ScheduleAmounts => "Schedule (CNY per period, comma separated)", "摊还计划（每期金额，逗号分隔）";
    ExpectedMaturity => "Expected maturity", "预期到期日";
    LegalMaturity => "Legal maturity", "法定到期日";
    Holder => "Holder", "持有人";
    Market => "Market", "市场投资者";
    Originator => "Originator", "原始权益人";
    Rating => "Rating", "评级";
    Price => "Price (per 100)", "价格（每百元）";
    MoveUp => "Move up", "上移";
    MoveDown => "Move down", "下移";
    TrancheOrderNote => "↑↓ order this list and the charts. Seniority is set by the priority of payments (section Priority of payments).", "↑↓ 只调整本列表和图表中的顺序；偿付先后由“偿付顺序”一节决定。";
    Remove => "Remove", "删除";
    TrancheTotal => "Tranches total", "证券合计";
    OfPool => "of pool", "占资产池";
    Fees => "Fees", "费用";
    AddFee => "Add fee", "新增费用";
    NewFeeName => "New fee", "新费用";
    FeeBasis => "Basis", "计费方式";
    FeePoolBalance => "% of pool balance p.a.", "资产池余额 × 年费率";
    FeePerPeriod => "Fixed per period", "每期固定金额";
    FeeAnnual => "Fixed per year", "每年固定金额";
    Amount => "Amount", "金额";
    // Enhancements and triggers
    Reserve => "Reserve account", "储备金账户";
    HasReserve => "The deal has a reserve account", "设置储备金账户";
    ReserveInitial => "Initial deposit (CNY)", "初始金额（元）";
    ReserveTarget => "Target", "目标余额";
    TargetFixed => "Fixed amount", "固定金额";
    TargetPoolShare => "Share of pool balance", "资产池余额比例";
    Covers => "Covers", "覆盖范围";
    CoverFees => "Fees", "费用";
    CoverInterest => "Interest of", "利息：";
    CoverPrincipal => "Principal at maturity of", "到期本金：";
    CoverPrincipalOnDate => "Principal on the maturity date only, of", "仅预期到期日本金：";
    Enhancements => "External enhancements", "外部增信";
    AddEnhancement => "Add enhancement", "新增增信";
    Kind => "Kind", "类型";
    DeficiencyPayment => "Deficiency payment", "差额支付承诺";
    Guarantee => "Guarantee", "担保";
    BankGuarantee => "Bank letter of guarantee", "银行保函";
    Provider => "Provider", "增信方";
    CapPerPeriod => "Cap per period (CNY)", "单期上限（元）";
    CapTotal => "Total cap (CNY)", "累计上限（元）";
    NoCap => "no cap", "无上限";
    Triggers => "Triggers", "触发事件";
    AddTrigger => "Add trigger", "新增触发事件";
    NewTriggerName => "New trigger", "新触发事件";
    Test => "Test", "触发条件";
    CumulativeDefaultRate => "Cumulative default rate above", "累计违约率超过";
    OcRatio => "OC ratio below", "超额抵押比率低于";
    ExcessSpreadBelow => "Excess spread below (annualised, previous date)", "超额利差低于（上一兑付日，年化）";
    ProviderRatingBelow => "Provider's rating below", "增信方主体评级低于";
    // Coupon terms (floating coupons, step-ups) and risk retention
    CouponTerms => "Coupon terms and retention", "利率条款与风险自留";
    CouponTermsNote => "For a floating coupon the Coupon column is the spread over the index; the index is set from the scenario's rate path at the start of each period.", "浮动利率证券的“票面利率”一栏为基准利率之上的利差；基准利率按情景中的利率路径在每期期初确定。";
    CouponType => "Coupon type", "利率类型";
    FixedCoupon => "Fixed", "固定利率";
    IndexLpr1Y => "1Y LPR + spread", "1年期LPR＋利差";
    IndexLpr5Y => "5Y LPR + spread", "5年期以上LPR＋利差";
    IndexShibor3M => "3M Shibor + spread", "3个月Shibor＋利差";
    Lpr1Y => "1Y LPR", "1年期LPR";
    Lpr5Y => "5Y LPR", "5年期以上LPR";
    Shibor3M => "3M Shibor", "3个月Shibor";
    CouponFloor => "Floor", "利率下限";
    Pledges => "Pledged data assets (数据资产质押)", "质押数据资产";
    PledgesNote => "Data-asset pledge loans written in the deal file: the appraised value of the pledge (empty: none). On default such a loan recovers min(balance, value × (1 − value stress) × (1 − haircut)) instead of the flat recovery rate.", "交易文件中的数据资产质押贷款：质押物评估价值（空：无质押）。违约时按 min(余额, 评估价值 × (1 − 价值压力) × (1 − 处置折扣)) 回收，不用统一回收率。";
    PledgeName => "Pledged data asset", "质押数据资产";
    AppraisedValue => "Appraised value (CNY)", "评估价值（元）";
    PledgeHaircut => "Pledge haircut on enforcement", "质押物处置折扣";
    PledgeValueStress => "Pledge value stress", "质押物价值压力";
    PledgeLag => "Pledge recovery lag (periods)", "质押物回收滞后（期）";
    PledgeLtv => "Pledged loans' LTV", "质押贷款抵质押率";
    CouponCap => "Cap", "利率上限";
    RetainedShare => "Retained by the originator", "原始权益人自留比例";
    StepUps => "Step-ups", "利率跳升";
    AddStepUp => "Add step-up", "添加利率跳升";
    AfterDate => "after date", "自日期";
    AfterTrigger => "after trigger", "自触发事件";
    StepUpAdd => "adds", "跳升";
    RatePaths => "Benchmark rate path", "基准利率路径";
    RatingEvents => "Provider rating events", "增信方评级调整";
    RatingEventsNote => "date provider rating; … e.g. 2026-11-15 中原信用增进 AA", "日期 增信方 评级；… 例如 2026-11-15 中原信用增进 AA";
    RatePathNote => "date level; … e.g. 2025-12-22 3.0; 2026-09-21 2.95", "日期 利率；… 例如 2025-12-22 3.0; 2026-09-21 2.95";
    RiskRetentionMin => "Risk retention: minimum share", "风险自留最低比例";
    RetainedUntil => "Retention held until (empty: to the end)", "自留持有至（空：至存续期满）";
    ErrRatingEvents => "write date, provider and rating for each event", "每条须写日期、增信方和评级";
    ErrRateLevels => "write a date and a rate for each level", "每条须写日期和利率";
    OcTranches => "of tranches", "对应证券";
    // Waterfall
    Steps => "Steps", "步骤";
    PostTrigger => "After a trigger is breached", "触发事件发生后";
    HasPostTrigger => "Separate priority of payments after a trigger", "触发后适用单独的偿付顺序";
    AddStep => "Add step", "新增步骤";
    StepFee => "Fee", "支付费用";
    StepInterest => "Interest", "支付利息";
    StepReserveTopUp => "Reserve top-up", "补足储备金";
    StepPrincipal => "Principal", "偿还本金";
    StepResidual => "Residual", "剩余收益";
    FeeTrancheBalance => "% of tranche balance p.a.", "证券余额 × 年费率";
    StepResidualTo => "Residual to a party", "剩余收益归属方";
    CleanUpCall => "Clean-up call", "清仓回购";
    StepTax => "VAT and surcharges", "增值税及附加";
    ResidualToOriginator => "Residual to the originator", "剩余收益（原始权益人）";
    ResidualToServicer => "Residual to the servicer", "剩余收益（资产服务机构）";
    Vat => "VAT on interest income", "利息收入增值税";
    HasVat => "The plan pays VAT and surcharges on its interest income", "计划就利息收入缴纳增值税及附加";
    VatRate => "VAT rate (interest taken as tax-inclusive)", "增值税税率（利息按含税计）";
    SurchargeRate => "Surcharges as a share of the VAT", "附加税费（占增值税比例）";
    HasCleanUpCall => "The originator may buy the remaining pool", "原始权益人可回购剩余资产池";
    CallBelow => "Exercised below this share of the initial pool", "资产池余额低于初始余额的比例";
    CallPrice => "Call price", "回购价格";
    ParPlusAccrued => "Par plus accrued (with recoveries to come)", "本金余额加应计（含待回收款）";
    CallPerHundred => "Stated price per 100", "约定价格（每百元）";
    Servicer => "Servicer", "资产服务机构";
    Sequential => "Sequential", "顺序偿付";
    ProRata => "Pro rata", "按比例偿付";
    AmtCollections => "Principal collections", "本金回收款";
    AmtPoolDecline => "Pool balance decline", "资产池余额减少额";
    AmtAvailable => "All funds left (turbo)", "全部剩余资金（加速）";
    AmtTargetShare => "Down to a share of pool", "降至资产池比例";
    Allocation => "Allocation", "分配方式";
    // Scenarios
    Scenario => "Scenario", "情景";
    AddScenario => "Add scenario", "新增情景";
    DuplicateScenario => "Duplicate", "复制";
    ScenarioName => "Scenario name", "情景名称";
    Cdr => "CDR (annual default rate)", "年化违约率 CDR";
    Cpr => "CPR (annual prepayment rate)", "年提前还款率 CPR";
    Flat => "Flat", "固定";
    Vector => "Vector", "分期向量";
    VectorHint => "% per period, comma separated", "每期 %，逗号分隔";
    RecoveryRate => "Recovery rate", "违约回收率";
    RecoveryLag => "Recovery lag (periods)", "回收滞后（期）";
    ObligorDefaults => "Large-obligor defaults", "大额债务人违约";
    AddObligorDefault => "Add obligor default", "新增债务人违约";
    Period => "Period", "期数";
    // Results
    Results => "Results", "测算结果";
    Computing => "Computing…", "计算中…";
    StaleFigures => "The deal has errors; the figures are from its last valid version.", "交易存在错误，以下为最近一次有效版本的结果。";
    NoFigures => "No figures: fix the errors below.", "暂无结果：请先修正下方错误。";
    Security => "Security", "证券";
    Irr => "IRR", "内部收益率";
    Wal => "WAL (y)", "加权平均期限（年）";
    Macaulay => "Duration (y)", "麦考利久期（年）";
    Modified => "Mod. duration", "修正久期";
    Loss => "Principal loss", "本金损失";
    Shortfall => "Interest shortfall", "利息缺口";
    TotalInterest => "Interest received", "利息收入";
    Window => "Principal window", "本金偿付区间";
    PoolCdr => "Cumulative default rate", "累计违约率";
    ExcessSpread => "Excess spread", "超额利差";
    Collections => "Collections", "回收款";
    Warnings => "Warnings", "提示";
    NoWarnings => "No warnings", "无提示";
    SliderFineHint => "Shift + drag: fine steps of 0.01 percentage point. Double-click the figure to type it.", "按住 Shift 拖动：每次微调 0.01 个百分点。双击数值可直接输入。";
    EnhancementDraws => "Enhancement draws", "增信动用";
    TabDistributions => "Distributions", "兑付分布";
    TabBalances => "Balances", "证券余额";
    TabPool => "Pool cash flows", "资产池现金流";
    TabIrr => "IRR", "收益率";
    TabSensitivity => "IRR sensitivity", "收益率敏感性";
    TabCashFlows => "Cash-flow table", "现金流量表";
    TabCompare => "Scenario comparison", "情景对比";
    CompareComputing => "Running every scenario…", "正在计算各情景…";
    CompareFigure => "Figure", "指标";
    CompareNotRun => "Not run:", "未能计算：";
    StressTemplates => "Stress templates", "评级压力情景模板";
    StressOf => "Stress of", "压力基准情景";
    GoalSeek => "Goal seek", "单变量求解";
    GoalSeekShort => "Solve…", "求解…";
    GoalMaxSize => "largest size with no principal loss at this scenario", "本情景下无本金损失的最大规模";
    GoalCoupon => "coupon for a target yield at the tranche's price", "按发行价格达到目标收益率的票面利率";
    GoalEquityRatio => "equity ratio for a target IRR of the market units", "达到市场化份额目标收益率的股债配比";
    GoalIncentive => "revenue growth and first-year NOI at which the incentive fee starts", "开始计提超额激励费的收入增长率与首年 NOI";
    GoalTarget => "Target", "目标值";
    GoalSolving => "Solving…", "求解中…";
    GoalAnswer => "Answer", "求解结果";
    GoalIterations => "runs (iterations)", "次试算（迭代）";
    GoalFirstYearNoi => "First-year NOI", "首年 NOI";
    GoalApply => "Apply to the deal", "应用到交易";
    GoalNotBracketed => "Not bracketed: no answer in the range", "区间内无解（未能夹逼）";
    GoalFailed => "The solve failed", "求解失败";
    BreakEvenCdr => "Break-even CDR", "盈亏平衡违约率";
    BreakEvenNone => "none in 0–100%", "0–100% 内无解";
    ComparePin => "Pin these results", "固定当前结果";
    CompareUnpin => "Unpin", "取消固定";
    ComparePinned => "(pinned)", "（已固定）";
    CompareChart => "By security", "按证券对比";
    Exporting => "Exporting:", "正在导出：";
    ExportFiles => "files written", "个文件已写入";
    ExportBusy => "An export is still running.", "上一次导出尚未完成。";
    ExportStopped => "(the export thread stopped)", "（导出线程意外停止）";
    TabGrid => "Grids and tornado", "敏感性网格与龙卷风图";
    GridMode => "Grid", "网格";
    TornadoMode => "Tornado", "龙卷风图";
    GridPick => "Grid", "网格";
    GridNew => "New grid", "新建网格";
    GridDelete => "Delete grid", "删除网格";
    GridNone => "The deal has no grid yet: add one.", "该交易尚无网格，请新建。";
    GridName => "Grid name", "网格名称";
    GridEdit => "Edit the grid", "编辑网格";
    GridOutput => "Cell value", "单元格指标";
    GridOutputOf => "Of", "所属证券";
    GridX => "Columns", "列（横轴）";
    GridY => "Rows", "行（纵轴）";
    GridTwoDrivers => "Second driver", "第二驱动因素";
    GridFrom => "From", "起点";
    GridTo => "To", "终点";
    GridStep => "Step", "步长";
    GridScenario => "Scenario", "情景";
    GridDefaultScenario => "(default scenario)", "（默认情景）";
    GridRunning => "Computing the grid", "网格计算中";
    GridCancelled => "Cancelled.", "已取消。";
    GridRunAgain => "Run again", "重新计算";
    GridScale => "Scale", "色阶";
    GridNoValue => "—: no value (no IRR) or the run was refused", "—：无取值（无内部收益率）或该组合无法运行";
    TornadoOutput => "Output", "指标";
    TornadoRunning => "Computing the tornado", "龙卷风图计算中";
    TornadoLow => "One step down", "下调一个步长";
    TornadoHigh => "One step up", "上调一个步长";
    TornadoBase => "Scenario value", "情景取值";
    DriverRecoveryLag => "Recovery lag (periods)", "回收滞后（期）";
    DriverEquityRatio => "Equity ratio", "股债配比（权益占比）";
    DriverValuationSpread => "Valuation spread", "估值利差";
    DriverCoupon => "coupon", "票面利率";
    DriverSize => "size", "规模";
    DriverObligorDefault => "default period", "违约期次";
    UnitPeriods => "periods", "期";
    UnitYears => "years", "年";
    FigIrr => "IRR", "内部收益率";
    FigWal => "WAL (years)", "加权平均期限（年）";
    FigLoss => "Principal loss", "本金损失";
    FigShortfall => "Interest shortfall", "利息短缺";
    FigDraws => "Enhancement draws", "增信动用";
    FigDistributionRate => "Distribution rate", "年均现金分派率";
    FigMultiple => "Multiple", "分配倍数";
    FigMinDscr => "Minimum DSCR", "最低偿债覆盖倍数";
    FigNav => "NAV per unit at issue", "发行时份额净值";
    FigFees => "Plan fees", "计划费用";
    FigIncentive => "Incentive fee", "超额激励费";
    FigFeeCut => "Operator fee cut", "运营管理费扣减";
    FigGuarantee => "Guarantee payments", "业绩补足支付";
    FigUnpaid => "Unpaid at exit", "退出时未付合计";
    FigExit => "Exit", "退出方式";
    FigCdr => "Cumulative default rate", "累计违约率";
    ChartDistributions => "Distributions per period by security", "各期分配（按证券）";
    ChartBalances => "Outstanding balance", "未偿本金余额";
    ChartCapital => "Paid-in capital outstanding", "未返还实缴资本";
    CapitalLeft => "Paid-in left at the end", "期末未返还实缴";
    ChartPool => "Pool collections, defaults and recoveries", "资产池回收、违约与回收款";
    ChartIrr => "IRR by security", "各证券内部收益率";
    ChartSensitivity => "IRR against a driver", "内部收益率对驱动因素的敏感性";
    SensitivityOf => "Security", "证券";
    SensitivityNotApplicable => "The sensitivity needs at least one security.", "至少需要一只证券才能计算敏感性。";
    SensitivityComputing => "Computing the sensitivity…", "敏感性计算中…";
    BreakEven => "Highest CDR with no principal loss", "无本金损失的最高违约率";
    CurrentValue => "Scenario value", "当前情景取值";
    SensitivityDriver => "Driver", "驱动因素";
    DriverCdr => "CDR", "违约率 CDR";
    DriverCpr => "CPR", "提前还款率 CPR";
    DriverRecovery => "Recovery rate", "回收率";
    DriverRevenueGrowth => "Revenue growth", "收入年增长率";
    DriverOccupancy => "Occupancy", "出租率／使用率";
    DriverExitCap => "Exit cap rate", "退出资本化率";
    NoIrr => "no IRR", "无解";
    PoolBalanceLine => "Pool balance", "资产池余额";
    Interest => "Interest", "利息";
    ScheduledPrincipal => "Scheduled principal", "计划本金";
    Prepayments => "Prepayments", "提前还款";
    Recoveries => "Recoveries", "违约回收";
    Defaults => "Defaults", "违约";
    Date => "Payment date", "兑付日";
    Available => "Available", "可分配资金";
    FeesPaid => "Fees", "费用";
    ReserveBalance => "Reserve", "储备金";
    Oc => "OC ratio", "超额抵押比率";
    TriggerCol => "Trigger", "触发";
    Yes => "yes", "是";
    PrincipalPaid => "principal", "本金";
    InterestPaid => "interest", "利息";
    ResidualPaid => "residual", "剩余收益";
    UnitWan => "CNY 10k", "万元";
    UnitYi => "CNY 100m", "亿元";
    Percent => "%", "%";
    // Pricing at settlement
    Pricing => "Pricing at settlement", "结算定价";
    SettlementDate => "Settlement date", "结算日";
    PaymentDates => "Payment dates", "兑付日调整";
    RollUnadjusted => "as scheduled (no adjustment)", "不调整";
    RollFollowing => "next business day", "顺延至下一工作日";
    RollModifiedFollowing => "modified following", "经调整的顺延";
    CalendarExchange => "SSE/SZSE calendar", "沪深交易所日历";
    WeekendsOnly => "weekends only", "仅周末";
    QuoteBy => "Quote by", "报价方式";
    QuoteYield => "Yield (%)", "收益率（%）";
    QuoteSpread => "Spread over CDB (bp)", "国开债利差（基点）";
    QuoteValue => "Quote", "报价";
    Outstanding => "Outstanding principal", "剩余本金";
    AccruedInterest => "Accrued interest", "应计利息";
    AccruedDays => "Accrued days", "计息天数";
    PerHundred => "per 100", "每百元";
    CleanPrice => "Clean price", "净价";
    DirtyPrice => "Dirty price", "全价";
    Yield => "Yield", "到期收益率";
    CdbAtWal => "CDB yield at the WAL", "国开债收益率（加权平均期限）";
    SpreadBp => "Spread over CDB (bp)", "国开债利差（基点）";
    Convexity => "Convexity", "凸性";
    // Holding-type deals (持有型不动产ABS)
    SecAsset => "Operating asset", "底层资产";
    SecSpv => "Double SPV", "双SPV结构";
    SecIncentives => "Incentives and support", "激励与增信安排";
    SecExits => "Exits and expansion", "退出与扩募";
    SecTokens => "Security tokens", "资产支持证券代币";
    NotHolding => "This section applies to holding-type deals.", "本栏目适用于持有型不动产ABS。";
    AssetName => "Asset name", "资产名称";
    AssetRight => "Right", "权属类型";
    Concession => "Concession", "经营权";
    Property => "Property", "产权";
    ConcessionExpiry => "Concession expiry", "经营权到期日";
    UsefulLife => "Useful life (years)", "折旧年限（年）";
    BaseRevenue => "Revenue, first year (CNY)", "首年收入（元）";
    RevenueScheduleSet => "The file's revenue schedule overrides this and the growth rate", "文件中的逐年收入计划优先于此项与增长率";
    OpexRatio => "Opex ratio (of revenue)", "运营成本率（占收入）";
    FixedOpex => "Fixed opex per year (CNY)", "每年固定运营成本（元）";
    CapexRatio => "Capex ratio (of revenue)", "资本性支出率（占收入）";
    TotalInvestment => "Total investment (CNY)", "总投资额（元）";
    PlanEquityShare => "Plan's share of the equity", "专项计划持股比例";
    EquityRatio => "Equity share of the plan's money", "股债配比（权益占比）";
    LoanRate => "Shareholder loan rate", "股东借款利率";
    LoanRepayment => "Shareholder loan repayment", "股东借款还款方式";
    Sweep => "Cash sweep", "现金全额偿还";
    LoanSchedule => "Schedule", "计划还款";
    LoanScheduleAmounts => "Principal per period (CNY, comma separated)", "每期本金（元，逗号分隔）";
    HasBankDebt => "External bank debt", "外部银行借款";
    Ltv => "LTV at purchase", "收购时贷款价值比";
    BankRate => "Bank rate", "银行借款利率";
    AmortPeriods => "Amortisation periods", "摊还期数";
    TaxRate => "Income tax rate", "所得税税率";
    PlanHeading => "Plan", "专项计划";
    OriginatorUnitShare => "Originator's units", "原始权益人自持比例";
    MinOriginatorShare => "Minimum retention", "最低自持比例";
    UnitFace => "Unit face (CNY)", "份额面值（元）";
    ManagerFee => "Manager fee p.a.", "计划管理人费率（年）";
    CustodianFee => "Custodian fee p.a.", "托管费率（年）";
    Structure => "Structure", "交易结构";
    StructureDiagram => "Double SPV structure diagram", "双SPV交易结构图";
    NodePlan => "Plan", "专项计划";
    NodePc => "Project company", "项目公司";
    NodeAsset => "Asset", "底层资产";
    NodeBank => "Bank", "银行";
    PaidIn => "paid-in", "实缴";
    OriginatorEquity => "equity", "持股";
    RegisteredCapital => "capital", "注册资本";
    FlowEquity => "equity", "股权";
    FlowLoan => "shareholder loan", "股东借款";
    FlowBankLoan => "bank loan", "银行借款";
    FlowPrice => "purchase price", "收购对价";
    FlowBack => "dividends, interest, principal", "分红、利息、本金";
    FlowUnits => "units", "认购份额";
    DebtToEquity => "D/E (thin-cap limit 2:1)", "债资比（资本弱化上限 2:1）";
    OverThinCap => "above 2:1: part of the loan interest is not deductible", "超过 2:1：部分借款利息不得税前扣除";
    MinDscr => "Min operating DSCR", "最低经营期偿债覆盖率";
    ExitDebtRepayment => "Bank principal at maturity or exit", "到期或退出时偿还银行本金";
    TotalTax => "Total tax", "所得税合计";
    TrappedAtExit => "Trapped cash at exit", "退出时沉淀现金";
    StructureWaiting => "The amounts appear once the figures are computed.", "结果计算完成后显示各方金额。";
    HasIncentive => "Operating manager incentive", "运营管理机构激励安排";
    OperatorBaseFee => "Operator base fee (of revenue)", "运营管理基础费率（占收入）";
    FloorNoi => "Floor NOI per year (CNY)", "达标值（年 NOI，元）";
    ExpectedNoi => "Expected NOI per year (CNY)", "预期值（年 NOI，元）";
    CutMultiple => "Cut multiple", "扣减倍数";
    MaxCut => "Maximum cut", "最高扣减比例";
    Subordination => "Originator's units subordinated below the floor", "未达标时原始权益人份额劣后";
    IncentiveTiers => "Tiers of the excess over expected", "超额收益分档";
    TierFrom => "from (of expected)", "起点（占预期值）";
    TierShare => "share", "分成比例";
    Tier => "Tier", "分档";
    AddTier => "Add tier", "新增分档";
    IncentiveCap => "Annual cap (CNY, empty: none)", "年度上限（元，空为不设）";
    DeferredShare => "Deferred to the exit", "递延至退出的比例";
    ChartOperatorFee => "Operating manager's fee against annual NOI", "运营管理费与年 NOI";
    OperatorFee => "Operator fee", "运营管理费";
    AnnualNoi => "Annual NOI", "年 NOI";
    FloorLine => "Floor", "达标值";
    ExpectedLine => "Expected", "预期值";
    HasGuarantee => "Performance guarantee", "业绩对赌";
    Guarantor => "Guarantor", "对赌方";
    TargetNoi => "Committed NOI per year (CNY)", "承诺年 NOI（元）";
    CapPerYear => "Cap per year (CNY, empty: none)", "年度上限（元，空为不设）";
    CapTotalOpt => "Total cap (CNY, empty: none)", "累计上限（元，空为不设）";
    HasTilted => "Tilted distribution", "倾斜分配";
    MarketHurdle => "Market hurdle p.a.", "市场份额门槛收益率";
    OriginatorHurdle => "Originator hurdle p.a.", "原始权益人份额门槛收益率";
    DisposalHurdle => "Disposal hurdle", "处置期门槛收益率";
    ExitOf => "Exit in scenario", "情景退出方式";
    ExitKind => "Exit", "退出方式";
    ExitSale => "Market sale", "市场化出售";
    ExitRofp => "Right of first purchase", "优先收购权";
    ExitReit => "Public REIT conversion", "转公募REITs";
    ExitOpen => "Open period", "开放退出";
    ExitHold => "Hold to the end", "持有至到期";
    ExitNone => "(deal default)", "（未设置）";
    ExitYear => "After (years)", "退出年份（年）";
    SaleCapRate => "Cap rate", "资本化率";
    SaleCosts => "Sale costs", "交易成本";
    DiscountRate => "Discount rate", "折现率";
    DistributionYield => "Distribution yield", "分派率";
    OpenShare => "Market units redeemed", "开放退出份额比例";
    ExitCapRate => "Exit cap rate (terminal value)", "退出资本化率（终值）";
    HasExitCap => "Terminal value at an exit cap rate", "按退出资本化率计算终值";
    HasExpansion => "Expansion (a second asset)", "扩募（新增资产）";
    ExpansionDate => "Expansion date", "扩募日";
    ExpansionPrice => "Price (CNY)", "收购价格（元）";
    RevenueGrowth => "Revenue growth p.a.", "收入年增长率";
    Occupancy => "Occupancy", "出租率／使用率";
    Multiple => "Multiple", "回报倍数";
    DistRate => "Distribution rate", "年化分派率";
    TabProjectCompany => "Project company", "项目公司";
    TabNav => "NAV per unit", "单位净值";
    ChartPc => "Project company per period", "项目公司各期现金流";
    ChartNav => "NAV per unit", "每份额净值";
    Noi => "NOI", "NOI";
    BankService => "Bank debt service", "银行还本付息";
    LoanService => "Shareholder loan service", "股东借款还本付息";
    Tax => "Tax", "所得税";
    TrappedCash => "Trapped cash", "沉淀现金";
    CnyPerUnit => "CNY per unit", "元/份";
    ExitValue => "Exit value", "退出估值";
    IncentivePaid => "Incentive fees", "激励费合计";
    GuaranteePaid => "Guarantee payments", "对赌补偿";
    // Holding deals: per-year terms and the options of issue 11
    FloorByYear => "Floor NOI by operating year (CNY)", "逐年达标值（元）";
    ExpectedByYear => "Expected NOI by operating year (CNY)", "逐年预期值（元）";
    TargetByYear => "Committed NOI by operating year (CNY)", "逐年承诺 NOI（元）";
    CapexSchedule => "Capex by operating year (CNY)", "逐年资本性支出（元）";
    AddYear => "Add a year", "增加一年";
    RemoveLastYear => "Remove the last year", "删除最后一年";
    YearsNotListed => "Years not listed use the value above", "未列出的年份适用上方的数值";
    RemediationPeriods => "Remediation periods before the cut", "整改期（低于达标值的连续期数）";
    InvestorReturn => "Investor return made up by the originator", "补足投资者收益缺口的目标收益率";
    HasInvestorReturn => "Own target (else the market hurdle)", "单独设定（否则为市场份额门槛收益率）";
    TiltSteps => "Dynamic tilt (share to market units by NOI / expected)", "动态倾斜（按 NOI／预期值确定市场份额分配比例）";
    TiltStep => "Step", "档位";
    TiltBelow => "performance below", "业绩低于";
    TiltMarketShare => "market units' share", "市场份额分配比例";
    AddTiltStep => "Add step", "新增档位";
    HurdleBase => "Hurdle accrues on", "门槛收益计算基数";
    HurdlePaidIn => "Paid-in capital", "实缴本金";
    HurdleOutstanding => "Capital not yet returned", "未返还本金";
    TrappedCashAlert => "Trapped cash alert (× annual NOI)", "沉淀现金预警（年 NOI 倍数）";
    RelatedPartyRate => "Comparable commercial rate (deductibility)", "可比商业利率（利息扣除上限）";
    HasRelatedPartyRate => "Limit deductible loan interest to it", "超出部分利息不得税前扣除";
    Depreciation => "Depreciation", "折旧方法";
    DepYears => "By years", "按年";
    DepDays => "By days", "按天";
    HasCapitalReturn => "Return trapped cash to the plan", "沉淀现金返还专项计划";
    CapitalReturnMethod => "Capital return by", "返还方式";
    CapitalReduction => "Capital reduction", "减资";
    LoanPrepayment => "Loan prepayment", "提前偿还股东借款";
    CapitalReturnPeriods => "On periods (comma separated)", "返还期次（逗号分隔）";
    CapitalReturnThreshold => "When trapped cash exceeds (CNY, empty: none)", "沉淀现金超过（元，空为不设）";
    BankRepayment => "Bank repayment", "银行借款还款方式";
    EqualPrincipal => "Equal principal", "等额本金";
    Bullet => "Bullet", "到期一次还本";
    HasRefinancing => "Refinance at maturity", "到期再融资";
    RefinancingRate => "Refinancing rate", "再融资利率";
    OpenWindows => "Open-period windows (开放退出)", "开放退出窗口";
    OpenWindow => "Window", "窗口";
    WindowYear => "after years", "年份";
    WindowCap => "cap on units redeemed", "赎回比例上限";
    Buyer => "buyer", "承接方";
    BuyerOriginator => "Originator", "原始权益人";
    BuyerLiquidity => "Liquidity support provider", "流动性支持机构";
    AddWindow => "Add window", "新增开放窗口";
    RedemptionShare => "Market units asking to redeem in each window", "每个开放窗口申请赎回比例";
    ExpansionRounds => "Further expansion rounds", "后续扩募";
    Round => "Round", "轮次";
    AddRound => "Add round", "新增扩募轮次";
    ValuationHeading => "Valuation (NAV)", "估值（份额净值）";
    ValuationSpread => "Spread over the CDB curve", "国开债收益率曲线之上的利差";
    CalibrateSpread => "Calibrate the spread: NAV at issue = unit face", "校准利差：发行时份额净值等于面值";
    // Holding results
    NavAtIssue => "NAV per unit at issue", "发行时份额净值";
    SpreadUsed => "Valuation spread", "估值利差";
    CalibratedSpread => "Calibrated spread", "校准利差";
    UnpaidAtExit => "Unpaid at exit", "退出时未付";
    UnpaidFees => "fees", "费用";
    UnpaidHurdle => "hurdle", "门槛收益";
    UnpaidBank => "bank", "银行借款";
    UnpaidLoan => "shareholder loan", "股东借款";
    UnpaidTax => "tax", "所得税";
    PlanTable => "Plan per period", "专项计划各期";
    CompanyTable => "Project company per period", "项目公司各期";
    FeesDue => "Fees due", "应付费用";
    FeesPaidCol => "Fees paid", "实付费用";
    FeesCarried => "Fees carried", "结转未付费用";
    BankArrears => "Bank arrears", "银行借款欠付";
    LoanArrears => "Loan interest arrears", "股东借款利息欠付";
    CapitalReceived => "Capital received", "收回本金";
    ConversionProceeds => "Conversion proceeds", "转换对价";
    OriginatorSupport => "Originator support", "原始权益人补足";
    FeeCut => "Operator fee cut", "运营管理费扣减";
    Distributions => "Distributions", "分配金额";
    Revenue => "Revenue", "营业收入";
    Capex => "Capex", "资本性支出";
    FromCompany => "From the project company", "来自项目公司";
    Dividends => "Dividends", "分红";
    // Chart export
    ExportChart => "Export…", "导出…";
    ExportAll => "Export all…", "全部导出…";
    CopyData => "Copy data (tab-separated, for Excel)", "复制数据（制表符分隔，可粘贴到 Excel）";
    CopyTable => "Copy", "复制";
    CopyTableHint => "The whole table as tab-separated text: paste it into Excel.", "整张表复制为制表符分隔文本，可直接粘贴到 Excel。";
    NoFileDialog => "This desktop has no file dialog (no desktop portal and no zenity were found). Type the path, or click a file or folder below:", "本机没有可用的系统文件对话框（未找到桌面门户或 zenity）。请输入路径，或点击下面的文件或文件夹：";
    PathField => "Path", "路径";
    InFolder => "In folder", "所在文件夹";
    ExportTitle => "Export chart", "导出图表";
    WidthMm => "Width (mm)", "宽度（毫米）";
    HeightMm => "Height (mm)", "高度（毫米）";
    Dpi => "Resolution (dpi)", "分辨率（dpi）";
    ExportFormat => "Format", "格式";
    ExportDo => "Export", "导出";
    Exported => "Exported", "已导出";
    ExportFailed => "Export failed:", "导出失败：";
    NothingToExport => "No current figures to export", "暂无可导出的最新结果";
    // Status bar and dialogs
    Valid => "No issues", "校验通过";
    Errors => "errors", "个错误";
    WarningsCount => "warnings", "个提示";
    Untitled => "untitled", "未命名";
    Sample => "sample", "示例";
    UnsavedTitle => "Unsaved changes", "尚未保存";
    UnsavedBody => "Save the changes to this deal first?", "是否先保存对当前交易的修改？";
    Discard => "Discard", "不保存";
    Cancel => "Cancel", "取消";
    LoadFailed => "Could not open the file", "无法打开文件";
    SaveFailed => "Could not save the file", "无法保存文件";
    TapeFailed => "Could not import the tape", "无法导入资产清单";
    Ok => "OK", "确定";
    RecoverTitle => "Recover unsaved work?", "恢复未保存的工作？";
    RecoverBody => "Tranche Studio closed with unsaved changes to this deal:", "上次关闭时以下交易有未保存的修改：";
    Recover => "Recover", "恢复";
    Saved => "Saved", "已保存";
    Opened => "Opened", "已打开";
    DropHint => "Drop a deal (.ron) or an asset tape (.csv)", "拖入交易文件（.ron）或资产清单（.csv）";
    // Field errors
    ErrAmount => "not an amount (e.g. 1,000,000.00 or 100万)", "不是有效金额（如 1,000,000.00 或 100万）";
    ErrDate => "not a date (YYYY-MM-DD)", "不是有效日期（YYYY-MM-DD）";
    ErrNumbers => "not a list of numbers", "不是有效的数字列表";
    ErrEmpty => "must not be empty", "不能为空";
    ErrNegative => "must not be negative", "不能为负数";
    ErrTaken => "already used", "已被使用";
    ErrNumber => "not a number", "不是有效数字";
    ErrSettleBeforeClosing => "settlement is before the closing date", "结算日早于设立日";
    ErrNothingToPrice => "no principal or cash flow left after settlement", "结算日后无剩余本金或现金流";
    ErrNoCurve => "the deal has no CDB curve", "交易未设置国开债收益率曲线";
    ErrNoYield => "no yield gives this price", "没有收益率对应此价格";
    // Security tokens
    TokTerms => "Token terms", "代币条款";
    TokNoSecurities => "The deal has no securities yet", "交易尚无证券";
    TokSecurity => "Security", "证券";
    TokCustom => "Own token terms for this security", "为该证券设定代币条款";
    TokUnits => "Units", "份数";
    TokDefaultUnits => "Default: one unit per 100 CNY", "默认：每100元一份";
    TokTokenId => "Registry id", "登记编号";
    TokRecordDays => "Record date, days before payment", "权益登记日（兑付日前天数）";
    TokStrips => "Income strips (time-sliced income rights)", "收益权分拆（基于特定时间的收益权）";
    TokStripId => "Strip id", "分拆编号";
    TokPart => "Part", "权益部分";
    PartAll => "All cash", "全部现金流";
    PartInterest => "Interest and income", "利息及收益";
    PartPrincipal => "Principal", "本金";
    TokFrom => "After (date)", "起始日之后";
    TokTo => "Up to (date)", "截止日（含）";
    TokPrice => "Price per unit", "每份价格";
    TokAddStrip => "Add strip", "添加分拆";
    TokYearly => "Split: interest by year + principal", "拆分：逐年利息＋本金";
    TokOffshoreTitle => "Offshore issuance", "境内资产境外发行";
    TokOffshore => "Also in a second currency", "以第二币种发行";
    TokCurrency => "Currency", "币种";
    TokDecimals => "Minor-unit decimals", "最小货币单位小数位";
    TokRate => "Rate (CNY per unit)", "汇率（每单位外币折人民币）";
    TokRatePath => "Rate on each payment date", "各兑付日汇率";
    TokRatePathNote => "The scenario's rates, one per payment date (the last repeats), replace the stated rate; empty: the stated rate.", "情景的各兑付日汇率（最后一个值沿用）优先于上述汇率；留空则用上述汇率。";
    TokSchedule => "Per-unit schedule", "每份分配表";
    TokNoFigures => "The schedule appears once the deal is computed.", "交易计算完成后显示分配表。";
    TokToken => "Token", "代币";
    TokWhole => "Whole security", "整体证券";
    TokInOffshore => "In the second currency", "以第二币种显示";
    TokNoPrice => "no price", "未设价格";
    TokModified => "Modified duration", "修正久期";
    TokFinalResidue => "Final residue", "最终尾差";
    TokRecordDate => "Record date", "权益登记日";
    TokInterestPerUnit => "Interest / unit", "每份利息";
    TokPrincipalPerUnit => "Principal / unit", "每份本金";
    TokOtherPerUnit => "Other / unit", "每份其他收益";
    TokTotalPerUnit => "Total / unit", "每份合计";
    TokResidue => "Residue carried", "结转尾差";
    TokFxResidue => "CNY not converted", "未兑换人民币";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_text() {
        for lang in [Lang::Zh, Lang::En] {
            assert!(!lang.tr(S::File).is_empty());
        }
        assert_ne!(Lang::Zh.tr(S::Undo), Lang::En.tr(S::Undo));
    }
}
