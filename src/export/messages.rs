//! The engine's messages in the reader's language, for the app and the term sheet. The
//! engine writes its checks in English with a field path (`tranches[2].coupon`) and, for a
//! warning, a code (`[RL-THIN-CAP] …`); here a warning is worded by its code, a common error
//! by its wording, and a path becomes the field's name ("第3档证券（B） · 票面利率" /
//! "tranche 3 (B) · Coupon"). The code and the path stay available for support
//! ([`support_text`], shown on hover).

use super::Lang;
use crate::error::{Issue, Severity};
use crate::i18n::Term;
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
/// with the fields named; a syntax error keeps its line and column with the parser's
/// sentence in Chinese; a tape or a file that cannot be read is worded by
/// `file_messages` (the system's words kept as a detail).
pub fn load_error(lang: Lang, e: &crate::error::LoadError) -> String {
    use crate::error::LoadError;
    match e {
        LoadError::Invalid(issues) => issues
            .iter()
            .map(|i| issue_line(lang, None, i))
            .collect::<Vec<_>>()
            .join("\n"),
        LoadError::Syntax {
            path,
            line,
            col,
            code,
            ..
        } if lang == Lang::Zh => {
            let sentence = code.as_deref().map_or_else(
                || "不是 UTF-8 文本（交易文件须为 UTF-8 编码）".into(),
                ron_sentence,
            );
            format!("{path}：第 {line} 行第 {col} 列：{sentence}")
        }
        other => super::file_messages::file_load_error(lang, other),
    }
}

/// A RON parser error in Chinese; names from the file (fields, variants) are kept as
/// written.
fn ron_sentence(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    let one_of = |alts: &[&str]| {
        let alts: Vec<String> = alts.iter().map(|a| format!("`{a}`")).collect();
        if alts.is_empty() {
            String::new()
        } else {
            format!("；可用：{}", alts.join("、"))
        }
    };
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map_or(String::new(), |o| format!("`{o}` 中"))
    };
    match code {
        E::Eof => "文件意外结束（缺少结尾的括号？）".into(),
        E::ExpectedArray => "此处应为“[”".into(),
        E::ExpectedArrayEnd => "此处应为“]”".into(),
        E::ExpectedAttribute => "此处应为 #![enable(...)] 属性".into(),
        E::ExpectedAttributeEnd => "属性缺少结尾的“)]”".into(),
        E::ExpectedBoolean => "此处应为 true 或 false".into(),
        E::ExpectedComma => "此处应为逗号".into(),
        E::ExpectedChar => "此处应为字符".into(),
        E::ExpectedByteLiteral => "此处应为字节".into(),
        E::ExpectedFloat => "此处应为数字".into(),
        E::FloatUnderscore => "数字中有多余的下划线".into(),
        E::ExpectedInteger => "此处应为整数".into(),
        E::ExpectedOption => "此处应为 Some(…) 或 None".into(),
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => "此处应为“)”".into(),
        E::ExpectedMap => "此处应为“{”".into(),
        E::ExpectedMapColon => "此处应为冒号".into(),
        E::ExpectedMapEnd => "此处应为“}”".into(),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("应为结构 `{expected}`，实为 `{found}`")
        }
        E::ExpectedStructLike => "此处应为“(”".into(),
        E::ExpectedNamedStructLike(name) => format!("结构 `{name}` 此处应为“(”"),
        E::ExpectedUnit => "此处应为 ()".into(),
        E::ExpectedString => "此处应为字符串（用双引号）".into(),
        E::ExpectedByteString => "此处应为字节串".into(),
        E::ExpectedStringEnd => "字符串缺少结尾的双引号".into(),
        E::ExpectedIdentifier => "此处应为名称".into(),
        E::InvalidEscape(_) => "字符串中有无效的转义".into(),
        E::IntegerOutOfBounds => "整数超出范围".into(),
        E::InvalidIntegerDigit { digit, base } => format!("{base} 进制整数中有无效数字 {digit:?}"),
        E::NoSuchExtension(name) => format!("没有名为 `{name}` 的 RON 扩展"),
        E::Utf8Error(_) => "不是有效的 UTF-8 文本".into(),
        E::UnclosedBlockComment => "块注释未闭合".into(),
        E::UnclosedLineComment => "行注释未结束".into(),
        E::UnderscoreAtBeginning => "数字以下划线开头".into(),
        E::UnexpectedChar(c) => format!("意外的字符 {c:?}"),
        E::TrailingCharacters => "内容结束后还有多余字符".into(),
        E::InvalidValueForType { expected, found } => {
            format!("应为{}，实为{}", serde_words(expected), serde_words(found))
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("应为{}，实有 {found} 项", serde_words(expected))
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!("{}没有选项 `{found}`{}", within(outer), one_of(expected)),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!("{}没有字段 `{found}`{}", within(outer), one_of(expected)),
        E::MissingStructField { field, outer } => {
            format!("{}缺少字段 `{field}`", within(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("{}字段 `{field}` 重复", within(outer))
        }
        E::InvalidIdentifier(name) => format!("无效的名称 {name:?}"),
        E::SuggestRawIdentifier(name) => format!("无效的名称 {name:?}，请写作 r#{name}"),
        E::ExpectedRawValue => "此处应为 RON 值".into(),
        E::ExceededRecursionLimit => "嵌套层数过多".into(),
        E::ExpectedStructName(name) => format!("此处应写出结构名 `{name}`"),
        E::ExpectedRangeSyntax => "此处应为范围写法（.. 或 ..=）".into(),
        E::Message(m) => match m.as_str() {
            "input contains invalid characters" => "日期中有无效字符（应为 YYYY-MM-DD）".into(),
            "premature end of input" => "日期不完整（应为 YYYY-MM-DD）".into(),
            "input is out of range" | "no possible date and time matching input" => {
                "不是有效日期".into()
            }
            "trailing input" => "日期后有多余字符".into(),
            _ => "取值无效".into(),
        },
        // Formatting and I/O errors do not arise while parsing text; later variants of the
        // parser are named generically.
        _ => "RON 语法错误".into(),
    }
}

/// Serde's words for a kind of value (`"a sequence"`, `"the string \"x\""`, `"u32"`) in
/// Chinese; the value itself is kept.
fn serde_words(s: &str) -> String {
    const WHOLE: &[(&str, &str)] = &[
        ("u8", "非负整数"),
        ("u16", "非负整数"),
        ("u32", "非负整数"),
        ("u64", "非负整数"),
        ("usize", "非负整数"),
        ("i32", "整数"),
        ("i64", "整数"),
        ("f32", "数字"),
        ("f64", "数字"),
        ("bool", "布尔值"),
        ("a boolean", "布尔值"),
        ("a string", "字符串"),
        ("a borrowed string", "字符串"),
        ("a sequence", "列表"),
        ("a map", "映射"),
        ("a unit value", "空值 ()"),
        ("an optional value", "可选值"),
        ("option", "可选值"),
        ("a newtype struct", "结构"),
        ("an enum", "选项"),
        ("a unit variant", "无数据的选项"),
        ("a newtype variant", "带数据的选项"),
        ("a tuple variant", "带数据的选项"),
        ("a struct variant", "带字段的选项"),
        (
            "a Decimal type representing a fixed-point number",
            "金额（十进制数）",
        ),
        ("a formatted date string", "日期（YYYY-MM-DD）"),
    ];
    const PREFIX: &[(&str, &str)] = &[
        ("tuple struct ", "结构 "),
        ("struct ", "结构 "),
        ("enum ", "选项 "),
        ("the boolean ", "布尔值 "),
        ("the unsigned integer ", "整数 "),
        ("the signed integer ", "整数 "),
        ("the floating point number ", "数字 "),
        ("the UTF-8 character ", "字符 "),
        ("the string ", "字符串 "),
        ("the byte string ", "字节串 "),
    ];
    if let Some((_, zh)) = WHOLE.iter().find(|(en, _)| *en == s) {
        return (*zh).to_string();
    }
    for (en, zh) in PREFIX {
        if let Some(rest) = s.strip_prefix(en) {
            return format!("{zh}{rest}");
        }
    }
    s.to_string()
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
        "RL-RISK-RETENTION" => [
            (
                "the originator keeps {} of the most junior tranche {} ({}% of the issue {}) and \
                 at least {}% of every tranche (least: {}); it must keep {}% of the issue in the \
                 most junior tranche or of every tranche (holder: Originator, or retained_share)",
                "原始权益人持有最劣后档证券 {1} 的 {0} 元（占发行规模 {3} 元的 {2}%），\
                 各档证券至少持有 {4}%（最少者：{5}）；须以最劣后档证券持有发行规模的 {6}%，\
                 或持有各档证券的 {6}%（持有人设为原始权益人，或设置自留比例）",
            ),
            (
                "the retention ends on {}, before the securities' last legal maturity {}; it \
                 must last as long as the securities",
                "风险自留于 {0} 结束，早于证券最晚的法定到期日 {1}；自留须持续至证券存续期满",
            ),
        ]
        .iter()
        .find_map(|(template, zh)| fill(template, zh, english))
        .unwrap_or_else(|| english.to_string()),
        "W-FLOOR-ABOVE-NOI" => format!(
            "情景“{scenario}”第 {years} 运营年度的达标值高于预测 NOI：预测本身即扣减基础管理费"
        ),
        _ => english.to_string(),
    }
}

/// Every sentence the validator writes for an error (`validate`, `engine::drivers`), as an
/// English template and its Chinese: `{}` is a figure, a name or an id carried over, and
/// `{0}`, `{1}`, … place them in the Chinese in their English order. A template that
/// begins like another comes first. `validator_errors_read_in_chinese` checks that every
/// message of the validator's source matches one.
const ERRORS: &[(&str, &str)] = &[
    // A run the engine refused (`engine::EngineError`, the app's sensitivity sweep).
    (
        "no scenario named {} in the deal",
        "交易中没有名为 {0} 的情景",
    ),
    ("the deal has no scenario", "交易没有情景"),
    (
        "the driver does not apply to this deal",
        "该驱动因素不适用于本交易",
    ),
    ("invalid deal", "交易无效"),
    // The app's workers (`app::compute`, `app::analyses`), should one fail.
    (
        "cannot start the analysis threads: {}",
        "无法启动分析线程（{0}）",
    ),
    ("an analysis thread stopped", "分析线程已停止"),
    (
        "cannot start the compute thread: {}",
        "无法启动计算线程（{0}）",
    ),
    ("the compute thread stopped", "计算线程已停止"),
    ("the sensitivity thread stopped", "敏感性分析线程已停止"),
    ("the comparison thread stopped", "情景比较线程已停止"),
    // The questions of a deal (`engine::analysis`, `engine::drivers`) and the CLI's options.
    (
        "unknown driver {} (cdr, cpr, recovery, recovery-lag, default:OBLIGOR, coupon:TRANCHE, size:TRANCHE, growth, occupancy, exit-cap, equity-ratio, valuation-spread)",
        "未知的驱动因素 {0}（可用 cdr、cpr、recovery、recovery-lag、default:债务人、coupon:证券、size:证券、growth、occupancy、exit-cap、equity-ratio、valuation-spread）",
    ),
    (
        "unknown target {} (no-loss:SECURITY, no-shortfall:SECURITY, incentive, fee-cut, guarantee, OUTPUT=VALUE)",
        "未知的目标 {0}（可用 no-loss:证券、no-shortfall:证券、incentive、fee-cut、guarantee、指标=取值）",
    ),
    ("unknown output {} ({})", "未知的输出指标 {0}（可用 {1}）"),
    (
        "{} is per security: write {}:SECURITY",
        "{0} 按证券计算：请写作 {1}:证券",
    ),
    (
        "{} is not per security: write {} alone",
        "{0} 不按证券计算：请只写 {1}",
    ),
    ("target {} is not a number", "目标值 {0} 不是数字"),
    ("target {} is not finite", "目标值 {0} 不是有限数"),
    ("a holding-type deal's goal", "此目标仅适用于持有型产品"),
    ("grid {}: x has no value", "网格 {0}：横轴没有取值"),
    ("grid {}: y has no value", "网格 {0}：纵轴没有取值"),
    (
        "no grid named {} (the deal has {})",
        "没有名为 {0} 的网格（交易中有 {1}）",
    ),
    (
        "obligor stresses apply to tranched deals only",
        "债务人违约压力测试仅适用于分层交易",
    ),
    (
        "no enhancement {} (reserve or an enhancement id)",
        "没有增信 {0}（可用 reserve 或增信编号）",
    ),
    (
        "needs lo < hi and a positive tolerance (lo {}, hi {}, tolerance {})",
        "须下限小于上限且容差为正（下限 {0}，上限 {1}，容差 {2}）",
    ),
    ("{} has no value at {}", "{0} 在 {1} 处没有取值"),
    (
        "the goal {} at both ends of [{}, {}]: no boundary in the range",
        "目标在区间 [{1}, {2}] 两端均{0}：区间内没有分界点",
    ),
    ("holds at {}, fails at {}", "在 {0} 处成立，在 {1} 处不成立"),
    (
        "the goal is met at an end of the range",
        "目标在区间端点处即已满足",
    ),
    (
        "output − target is {} at {} and {} at {}, of one sign: no root bracketed",
        "输出减目标在 {1} 处为 {0}、在 {3} 处为 {2}，符号相同：区间内无解",
    ),
    (
        "output − target is {} at {}; the root lies between {} and {}",
        "输出减目标在 {1} 处为 {0}；解在 {2} 与 {3} 之间",
    ),
    ("{} = {} is not a number", "{0} = {1} 不是数字"),
    (
        "no settlement date: give --settle or set pricing.settlement_date",
        "没有结算日：请给出 --settle 或设置 pricing.settlement_date",
    ),
    // Before the general range below, which would keep "months" in the Chinese.
    (
        "{} months is outside [{}, {}]",
        "{0} 个月超出范围 [{1}, {2}] 个月",
    ),
    (
        "{} is outside [0, 1): a cure share is a fraction below 1 (1 would leave nothing to default)",
        "{0} 超出范围 [0, 1)：转回正常比例须小于 1（为 1 时不会有违约）",
    ),
    (
        "a delinquency assumption needs a pool (tranched deals only)",
        "逾期假设需要资产池（仅适用于分档产品）",
    ),
    (
        "a holding-type deal has no pool to revolve",
        "持有型产品没有可循环购买的资产池",
    ),
    (
        "a revolving period with a clean-up call is not modelled; remove one of them",
        "循环购买与清仓回购不能同时设置：请删除其一",
    ),
    (
        "a revolving period needs collection_lag 0 (purchases use the date's collections)",
        "循环购买要求回收款滞后为 0 期（购买使用当期回收款）",
    ),
    (
        "the reinvestment assumption needs a purchase line",
        "再投资假设至少需要一类新购资产",
    ),
    (
        "at {} per 100 over {} purchase dates the pool could grow past the largest amount handled; raise the price or end the revolving period earlier",
        "按每100元面值 {0} 元的价格、{1} 个购买日，资产池可能超过可处理的最大金额；请提高价格或提前结束循环期",
    ),
    (
        "new assets amortise LevelPayment, EqualPrincipal or Bullet",
        "新购资产的还款方式须为等额本息、等额本金或到期一次还本",
    ),
    (
        "the weights add up to {}, not 1",
        "权重合计为 {0}，不等于 1",
    ),
    (
        "{} must be on or after first_payment_date ({}) and before legal_final_date ({})",
        "{0} 须不早于首个兑付日（{1}），且早于法定到期日（{2}）",
    ),
    ("must be a finite number", "必须是有限数值"),
    ("must be positive", "必须为正数"),
    ("must be after closing_date", "必须晚于设立日"),
    ("must be after from", "必须晚于起始日"),
    (
        "must not be before first_payment_date",
        "不得早于首个兑付日",
    ),
    ("must not be before expected_maturity", "不得早于预期到期日"),
    ("must not be before closing_date", "不得早于设立日"),
    ("must not be after settlement_date", "不得晚于结算日"),
    (
        "must not be after the deal's legal_final_date",
        "不得晚于交易的法定到期日",
    ),
    (
        "must fall between closing_date and legal_final_date",
        "须在设立日与法定到期日之间",
    ),
    ("must be at least 1 month", "至少为 1 个月"),
    ("must be at least 1", "至少为 1"),
    ("must be at most 1200", "不得超过 1200"),
    ("must be between 1 and 100", "须在 1 至 100 之间"),
    ("must be from 0 to 31", "须在 0 至 31 之间"),
    ("must be from 0 to 4", "须在 0 至 4 之间"),
    ("must be from 1 to {}", "须在 1 至 {0} 之间"),
    ("must differ from the deal's currency", "须不同于交易币种"),
    ("the deal needs a name", "交易需要名称"),
    ("the template needs a name", "模板需要名称"),
    ("the pool has no assets", "资产池没有资产"),
    ("at least one tranche is needed", "至少需要一档证券"),
    ("at least one scenario is needed", "至少需要一个情景"),
    ("the priority of payments has no step", "偿付顺序没有步骤"),
    ("names no tranche", "未指定证券"),
    ("covers nothing", "未覆盖任何款项"),
    ("the vector is empty", "向量为空"),
    ("the path has no level", "利率路径没有取值"),
    ("no lines", "没有代表性资产行"),
    ("tiers must be in ascending order", "档位须按升序排列"),
    ("steps must be in ascending order", "档位须按升序排列"),
    ("dates must be ascending", "日期须按升序排列"),
    (
        "tenors must be finite and ascending",
        "期限须为有限值并按升序排列",
    ),
    ("periods are numbered from 1", "期次从 1 开始编号"),
    ("the same driver as x", "与横轴的驱动因素相同"),
    (
        "ReserveTopUp but the deal has no reserve",
        "有补足储备金步骤，但交易未设储备金账户",
    ),
    (
        "a Tax step but the deal has no vat",
        "有增值税步骤，但交易未设增值税",
    ),
    (
        "the deal has vat: exactly one Tax step pays it ({} here)",
        "交易设有增值税：须恰有一个增值税步骤支付（此处为 {0} 个）",
    ),
    (
        "a holding-type deal has no pool to call",
        "持有型产品没有可回购的资产池",
    ),
    (
        "a holding-type deal has units, not a pool and tranches: remove pool and tranches",
        "持有型产品发行份额，不设资产池与分层证券：请删除资产池与证券",
    ),
    (
        "a holding-type deal runs at most {} years after closing_date",
        "持有型产品自设立日起最长 {0} 年",
    ),
    (
        "holding-type deals accrue between the dates cash moves; use Adjusted",
        "持有型产品按资金实际划转的日期计息：请选择按调整后日期计息",
    ),
    (
        "holding-type deals have no default rate to stress",
        "持有型产品没有可施压的违约率",
    ),
    (
        "the concession must expire after closing_date",
        "特许经营权须在设立日之后到期",
    ),
    (
        "no payment date before the legal final date",
        "法定到期日前没有兑付日",
    ),
    (
        "needs at least one (tenor, yield) point",
        "至少需要一个（期限，收益率）点",
    ),
    (
        "the expected value (预期值) must not be below the floor value (达标值)",
        "预期值不得低于达标值",
    ),
    (
        "the tape's rows are not loaded (or the tape has no rows)",
        "资产清单的数据行未读入（或清单没有数据行）",
    ),
    (
        "tape rows are given but the deal names no tape",
        "给出了资产清单的数据行，但交易未指定资产清单文件",
    ),
    (
        "the pool's balance is above the largest amount handled (1e15 CNY)",
        "资产池余额超过可处理的最大金额（1e15 元）",
    ),
    (
        "exchange rates need tokens.offshore (the currency they convert to)",
        "设置汇率须先设置境外发行币种",
    ),
    (
        "an obligor default applies to tranched deals only",
        "债务人违约仅适用于分层交易",
    ),
    ("{} is outside [{}, {}]", "{0} 超出范围 [{1}, {2}]"),
    ("{} is outside (0, {}]", "{0} 超出范围 (0, {1}]"),
    ("{} is negative", "{0} 为负数"),
    ("{} must be positive", "{0} 必须为正数"),
    ("{} is not a positive number", "{0} 不是正数"),
    (
        "{} is above the largest amount handled (1e15 CNY)",
        "{0} 超过可处理的最大金额（1e15 元）",
    ),
    (
        "{} is above total_investment: less than one unit would be issued",
        "{0} 高于总投资额：发行份额将不足一份",
    ),
    (
        "{} is above the plan's money, {} CNY: no unit would be issued",
        "{0} 高于专项计划的资金 {1} 元：发行份额将为零",
    ),
    ("{} is above the limit of {} years", "{0} 超过 {1} 年的上限"),
    (
        "{} is above the limit of {} periods",
        "{0} 超过 {1} 期的上限",
    ),
    ("{} is below 0.01 CNY", "{0} 低于 0.01 元"),
    ("{} is below from ({})", "{0} 小于起点（{1}）"),
    (
        "{} is not between 1900-01-01 and 9999-12-31",
        "{0} 不在 1900-01-01 至 9999-12-31 之间",
    ),
    (
        "{} is not an appraised value from 0.01 to 1e15 CNY",
        "{0} 不是 0.01 至 1e15 元之间的评估价值",
    ),
    (
        "{} is not a price per 100 of face",
        "{0} 不是有效的每百元面值价格",
    ),
    (
        "{} is not a rating of the scale {}",
        "{0} 不是评级符号（{1}）之一",
    ),
    (
        "{} is not a three-letter ISO 4217 code",
        "{0} 不是三位字母的 ISO 4217 币种代码",
    ),
    ("{} is not per security", "{0} 不按证券计算"),
    ("{} is per security: name one", "{0} 按证券计算：请指定证券"),
    (
        "{} is already the name of a scenario or template",
        "{0} 已是情景或模板的名称",
    ),
    ("{} has token terms twice", "{0} 的代币条款重复"),
    ("{} applies to {} deals only", "{0} 仅适用于{1}产品"),
    (
        "{} periods is not shorter than the deal ({} periods)",
        "{0} 期不短于交易期限（{1} 期）",
    ),
    (
        "{} months runs past the legal final date ({} months after closing)",
        "{0} 个月超过法定到期日（设立后 {1} 个月）",
    ),
    (
        "{} amounts for {} payment periods",
        "有 {0} 个金额，而兑付期为 {1} 期",
    ),
    ("{} cells; the limit is {}", "{0} 个单元格，上限为 {1}"),
    (
        "{} rolls to {}, not after the previous date {}",
        "{0} 顺延至 {1}，不晚于前一日期 {2}",
    ),
    ("{} id is empty", "编号为空"),
    ("duplicate {} id {}", "编号 {1} 重复"),
    (
        "more than {} payment periods ({} from {} to {}); the limit is {}",
        "兑付期数超过上限 {0}（{2} 至 {3}）",
    ),
    ("more than {} values", "取值超过 {0} 个"),
    ("weights add up to {}, not 1", "权重合计为 {0}，不等于 1"),
    (
        "tranches total {} is above the pool balance {}",
        "证券合计 {0} 高于资产池余额 {1}",
    ),
    (
        "the cap {} is below the floor {}",
        "利率上限 {0} 低于利率下限 {1}",
    ),
    (
        "starts on {}, after the closing date {}: the first period's rate is fixed on the closing date",
        "起始于 {0}，晚于设立日 {1}：首期利率在设立日确定",
    ),
    (
        "no rate path for {}, on which tranches[{}] ({}) floats",
        "缺少证券 {2} 所参照基准利率的利率路径",
    ),
    ("a second path for {}", "同一基准利率有两条利率路径"),
    (
        "revenue would reach {} CNY a year within {} years, above the largest amount handled (1e15 CNY)",
        "收入将在 {1} 年内达到每年 {0} 元，超过可处理的最大金额（1e15 元）",
    ),
    (
        "the {} of dates {} is in no strip",
        "{1} 期间的{0}不属于任何分拆",
    ),
    (
        "the {} of this window is already in another strip",
        "该窗口的{0}已属于另一分拆",
    ),
    ("no scenario named {}", "没有名为 {0} 的情景"),
    ("no security {} in the deal", "交易中没有证券 {0}"),
    ("no security {}", "没有证券 {0}"),
    ("no tranche with id {}", "没有编号为 {0} 的证券"),
    ("no tranche {}", "没有证券 {0}"),
    ("no fee with id {}", "没有编号为 {0} 的费用"),
    ("no trigger with id {}", "没有编号为 {0} 的触发事件"),
    ("no asset of obligor {}", "没有债务人 {0} 的资产"),
    ("no obligor {} in the pool", "资产池中没有债务人 {0}"),
    ("no enhancement provider {}", "没有增信方 {0}"),
];

/// The parts of `english` in the `{}` places of `template`, if it matches it.
fn captures<'a>(template: &str, english: &'a str) -> Option<Vec<&'a str>> {
    let mut pieces = template.split("{}");
    let mut rest = english.strip_prefix(pieces.next()?)?;
    let mut out = Vec::new();
    let mut pieces = pieces.peekable();
    while let Some(piece) = pieces.next() {
        let end = if pieces.peek().is_none() {
            // The last literal ends the message.
            rest.strip_suffix(piece)?.len()
        } else {
            rest.find(piece)?
        };
        out.push(&rest[..end]);
        rest = &rest[end + piece.len()..];
    }
    rest.is_empty().then_some(out)
}

/// A part carried into the Chinese: a quoted id in Chinese quotes, a word of the validator
/// in Chinese.
fn carried(part: &str) -> String {
    if let Some(id) = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
        return format!("“{id}”");
    }
    match part {
        "income" => "收益".into(),
        "principal" => "本金".into(),
        "interest" => "利息".into(),
        "tranched" => "分层".into(),
        "holding-type" => "持有型".into(),
        "holds" => "成立".into(),
        "fails" => "不成立".into(),
        other => other.to_string(),
    }
}

/// A validation error or a refused run in `lang` (a field is named apart, by
/// [`field_name`]); a sentence without a template stays as written.
pub fn error_sentence(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    ERRORS
        .iter()
        .find_map(|(template, zh)| fill(template, zh, english))
        .unwrap_or_else(|| english.to_string())
}

/// `zh` with the parts of `english` in the places of `template`, if `english` matches it.
pub(crate) fn fill(template: &str, zh: &str, english: &str) -> Option<String> {
    let parts = captures(template, english)?;
    let mut out = zh.to_string();
    for (k, part) in parts.iter().enumerate() {
        out = out.replace(&format!("{{{k}}}"), &carried(part));
    }
    Some(out)
}

/// The term a path segment names (`coupon` → 票面利率 / Coupon).
fn segment_term(segment: &str) -> Option<Term> {
    Some(match segment {
        "name" => Term::Name,
        "id" => Term::Id,
        "size" => Term::SizeCny,
        "coupon" => Term::Coupon,
        "principal_mode" => Term::PrincipalMode,
        "expected_maturity" => Term::ExpectedMaturity,
        "legal_maturity" => Term::LegalMaturity,
        "holder" => Term::Holder,
        "rating" => Term::Rating,
        "price" => Term::PricePer100,
        "basis" => Term::FeeBasis,
        "reserve" => Term::ReserveAccount,
        "initial" => Term::ReserveInitial,
        "target" => Term::ReserveTarget,
        "covers" => Term::Covers,
        "enhancements" => Term::Enhancements,
        "provider" => Term::EnhancementProvider,
        "cap_per_period" => Term::CapPerPeriod,
        "cap_total" => Term::CapTotal,
        "triggers" => Term::Triggers,
        "clean_up_call" => Term::CleanUpCall,
        "below" => Term::CallBelow,
        "vat" => Term::Vat,
        "rate" => Term::Rate,
        "surcharge_rate" => Term::SurchargeRate,
        "cdr" => Term::Cdr,
        "cpr" => Term::Cpr,
        "recovery_rate" => Term::RecoveryRate,
        "recovery_lag" => Term::RecoveryLag,
        "obligor_defaults" => Term::ObligorDefaults,
        "obligor" => Term::Obligor,
        "period" => Term::Period,
        "revenue_growth" => Term::RevenueGrowth,
        "occupancy" => Term::Occupancy,
        "pool" => Term::Pool,
        "tranches" => Term::Tranches,
        "fees" => Term::Fees,
        "scenarios" => Term::Scenarios,
        "waterfall" => Term::PriorityOfPayments,
        "steps" => Term::Steps,
        "post_trigger" => Term::PostTrigger,
        "asset" => Term::OperatingAsset,
        "spv" => Term::ProjectCompany,
        "plan" => Term::Plan,
        "bank_debt" => Term::BankDebt,
        "ltv" => Term::LtvAtPurchase,
        "total_investment" => Term::TotalInvestment,
        "equity_ratio" => Term::EquityRatio,
        "plan_equity_share" => Term::PlanEquityShare,
        "loan_rate" => Term::LoanRate,
        "loan_repayment" => Term::LoanRepayment,
        "originator_unit_share" => Term::OriginatorUnitShare,
        "min_originator_share" => Term::MinOriginatorShare,
        "unit_face" => Term::UnitFace,
        "base_revenue" => Term::BaseRevenue,
        "opex_ratio" => Term::OpexRatio,
        "capex_ratio" => Term::CapexRatio,
        "incentive" => Term::OperatorIncentive,
        "floor_noi" => Term::FloorNoi,
        "expected_noi" => Term::ExpectedNoi,
        "valuation" => Term::Valuation,
        "spread" => Term::ValuationSpread,
        "expansions" | "expansion" => Term::Expansions,
        "open_periods" => Term::OpenPeriods,
        "tax_rate" => Term::TaxRate,
        "useful_life_years" => Term::UsefulLifeYears,
        "business_days" => Term::BusinessDays,
        "exit" => Term::ExitMethod,
        "revolving" => Term::RevolvingPeriod,
        "end" => Term::RevolvingEnd,
        "purchases" => Term::Purchases,
        "weight" => Term::PurchaseWeight,
        "term" => Term::TermMonths,
        "industry" => Term::Industry,
        "amortisation" => Term::Amortisation,
        "eligibility" => Term::Eligibility,
        "min_rate" => Term::MinRate,
        "max_term" => Term::MaxTerm,
        "max_obligor_share" => Term::MaxObligorShare,
        "max_industry_share" => Term::MaxIndustryShare,
        "max_uninvested_share" => Term::MaxUninvestedShare,
        "early_amortisation" => Term::EarlyAmortisation,
        "delinquency" => Term::Delinquency,
        "cure_30" => Term::Cure30,
        "cure_60" => Term::Cure60,
        "cure_90" => Term::Cure90,
        "test" => Term::TriggerTest,
        "above" => Term::TriggerLevel,
        "periods" => Term::ConsecutivePeriods,
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
        let name = segment_term(head).map_or(head, |t| lang.term(t));
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

    /// A run of four or more English words: a sentence left untranslated.
    fn english_sentence(text: &str) -> bool {
        let mut run = 0;
        for word in text.split(char::is_whitespace) {
            let letters = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
            if letters.len() >= 2 && letters.chars().all(|c| c.is_ascii_alphabetic()) {
                run += 1;
                if run >= 4 {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    }

    /// The string literals of a Rust call's text, with `\` line continuations joined.
    fn literals(call: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = call.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut lit = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('\n') => {
                            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                                chars.next();
                            }
                        }
                        Some(e) => lit.push(e),
                        None => {}
                    },
                    c => lit.push(c),
                }
            }
            out.push(lit);
        }
        out
    }

    /// Every call `name(…)` of a source file: its code name (the first literal without a
    /// space, for warnings) and its message (the last literal with one, `{…}` filled in
    /// with a figure). Calls whose message is a variable have none.
    fn messages(source: &str, name: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (start, _) in source.match_indices(name) {
            let mut depth = 0;
            let mut in_str = false;
            let mut end = start;
            let mut prev = ' ';
            for (i, c) in source[start..].char_indices() {
                match c {
                    '"' if prev != '\\' => in_str = !in_str,
                    '(' if !in_str => depth += 1,
                    ')' if !in_str => {
                        depth -= 1;
                        if depth == 0 {
                            end = start + i;
                            break;
                        }
                    }
                    _ => {}
                }
                prev = c;
            }
            let lits = literals(&source[start..end]);
            let code = lits.iter().find(|l| !l.contains(' ')).cloned();
            let sentence =
                |l: &&String| l.contains(' ') && l.chars().any(|c| c.is_ascii_alphabetic());
            let Some(message) = lits.iter().rev().find(sentence) else {
                continue;
            };
            let mut filled = String::new();
            let mut rest = message.as_str();
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                filled.push_str(&rest[..open]);
                filled.push('7');
                rest = &rest[close..];
            }
            filled.push_str(rest);
            out.push((code.unwrap_or_default(), filled));
        }
        out
    }

    const VALIDATOR: [&str; 4] = [
        include_str!("../validate.rs"),
        include_str!("../validate/market.rs"),
        include_str!("../validate/terms.rs"),
        include_str!("../validate/tokens.rs"),
    ];

    /// Every error message the validator's source writes (its figures filled in) reads in
    /// Chinese with no English sentence left: a new check without a translation fails here.
    #[test]
    fn validator_errors_read_in_chinese() {
        let mut found: Vec<String> = VALIDATOR
            .iter()
            .flat_map(|src| messages(src, ".error("))
            .map(|(_, m)| m)
            .collect();
        // The grid drivers' reasons (`engine::drivers::unusable`), passed on as a variable.
        found.extend(
            [
                "an obligor default applies to tranched deals only",
                "no obligor \"甲\" in the pool",
                "no tranche \"B\"",
                "cdr applies to holding-type deals only",
            ]
            .map(String::from),
        );
        assert!(found.len() > 90, "{} messages found", found.len());
        let untranslated: Vec<(&String, String)> = found
            .iter()
            .map(|english| (english, error_sentence(Lang::Zh, english)))
            .filter(|(english, zh)| english_sentence(zh) || zh == *english)
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:#?}");
        // Worked out from the templates: the figures and ids carried over.
        assert_eq!(
            error_sentence(
                Lang::Zh,
                "7 months runs past the legal final date (6 months after closing)"
            ),
            "7 个月超过法定到期日（设立后 6 个月）"
        );
        assert_eq!(
            error_sentence(Lang::Zh, "duplicate tranche id \"A\""),
            "编号 “A” 重复"
        );
        assert_eq!(
            error_sentence(Lang::Zh, "cdr applies to holding-type deals only"),
            "cdr 仅适用于持有型产品"
        );
        assert_eq!(
            error_sentence(
                Lang::Zh,
                "the income of dates 2026-01-01 to 2026-06-30 is in no strip"
            ),
            "2026-01-01 to 2026-06-30 期间的收益不属于任何分拆"
        );
    }

    /// Every sentence the file readers and the exports write (their figures filled in)
    /// reads in Chinese from a template of `file_messages`: a new one without a template
    /// fails here.
    #[test]
    fn file_errors_read_in_chinese() {
        use crate::export::file_messages::{export_warning, file_sentence};
        // The code before its unit tests, whose expected texts are not messages.
        let code = |src: &'static str| src.split("#[cfg(test)]").next().unwrap_or(src);
        let sources = [
            (include_str!("../io/tape.rs"), "format!("),
            (include_str!("../io/tape.rs"), "tape("),
            (include_str!("../io/input.rs"), "format!("),
            (include_str!("../io/input.rs"), "refuse("),
            (include_str!("../io/atomic.rs"), "other(format!("),
            (include_str!("mod.rs"), "message: format!("),
            (include_str!("staging.rs"), "Error::other("),
            (include_str!("staging.rs"), "format!("),
            (include_str!("per_unit.rs"), "fail("),
            (include_str!("pdf.rs"), "error("),
            (include_str!("charts.rs"), "message: format!("),
        ];
        // A constant, not a call (`charts::FONT_UNREADABLE`).
        let font = "the bundled CJK font cannot be read".to_string();
        assert!(include_str!("charts.rs").contains(&format!("{font:?}")));
        let found = sources
            .into_iter()
            .flat_map(|(src, call)| messages(code(src), call))
            .map(|(_, english)| english)
            .chain([font]);
        let mut n = 0;
        for english in found {
            {
                let zh = file_sentence(Lang::Zh, &english, "");
                assert!(
                    !english_sentence(&zh) && !zh.contains(&english),
                    "{english:?} → {zh:?}"
                );
                n += 1;
            }
        }
        assert!(n >= 25, "{n} messages found");
        // Worked out from the templates: the figures carried over in their places.
        assert_eq!(
            file_sentence(Lang::Zh, "\"x\" is not a rate", ""),
            "“x” 不是利率（如 0.048 或 4.8%）"
        );
        assert_eq!(
            file_sentence(Lang::Zh, "7 fields where the header has 8", ""),
            "有 7 个字段，而表头有 8 个"
        );
        assert_eq!(
            file_sentence(Lang::Zh, "a library's words", "无法绘制"),
            "无法绘制（a library's words）"
        );
        assert_eq!(
            export_warning(
                Lang::Zh,
                "no per-unit schedule: security B: the size 0.00 is not positive"
            ),
            "证券 B 没有每份额分配表：规模 0.00 不是正数"
        );
    }

    /// The app's workers and the CLI's questions word why they have no answer in Chinese
    /// too: a run the engine refused, a sweep's driver that does not apply, a thread that
    /// could not start, a goal or driver that does not read, a search with no root.
    #[test]
    fn refused_runs_and_worker_errors_read_in_chinese() {
        let mut found: Vec<String> = [
            (include_str!("../app/compute.rs"), "start_error = Some("),
            (include_str!("../app/analyses.rs"), "Failure::Refused("),
            (include_str!("../app/compute.rs"), "return Err("),
            (include_str!("../engine/analysis.rs"), "format!("),
            (include_str!("../engine/drivers.rs"), "format!("),
            (include_str!("../engine/session.rs"), "format!("),
        ]
        .into_iter()
        .flat_map(|(src, call)| messages(src, call))
        .map(|(_, m)| m)
        // Not `{n}: {e}`, which only joins a name and a message.
        .filter(|m| m.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
        found.extend(
            [
                "no scenario named \"x\" in the deal",
                "the deal has no scenario",
                "invalid deal",
                // `engine::analysis`: literals, not formats.
                "a holding-type deal's goal",
                "obligor stresses apply to tranched deals only",
                "the goal is met at an end of the range",
                "no settlement date: give --settle or set pricing.settlement_date",
            ]
            .map(String::from),
        );
        assert!(found.len() >= 10, "{found:?}");
        for english in &found {
            let zh = error_sentence(Lang::Zh, english);
            assert!(
                !english_sentence(&zh) && zh != *english,
                "{english:?} → {zh:?}"
            );
        }
        assert_eq!(
            error_sentence(Lang::Zh, "no scenario named \"x\" in the deal"),
            "交易中没有名为 “x” 的情景"
        );
    }

    /// Every warning the validator and the engine write reads in Chinese by its code.
    #[test]
    fn warnings_read_in_chinese() {
        let sources = VALIDATOR.iter().map(|src| (*src, ".warn(")).chain(
            [
                include_str!("../engine/mod.rs"),
                include_str!("../engine/holding/timeline.rs"),
                include_str!("../engine/holding/mod.rs"),
                include_str!("../engine/holding/report.rs"),
            ]
            .map(|src| (src, "Warning::at(")),
        );
        let mut n = 0;
        for (src, call) in sources {
            for (code, english) in messages(src, call) {
                let zh = warning_sentence(Lang::Zh, &code, &english);
                assert!(!english_sentence(&zh), "{code} {english:?} → {zh:?}");
                n += 1;
            }
        }
        assert!(n >= 20, "{n} warnings found");
    }

    /// A RON syntax error keeps its line and column and reads in Chinese, for each kind the
    /// parser reports.
    #[test]
    fn ron_errors_read_in_chinese_with_line_and_column() {
        use ron::error::Error as E;
        let err = crate::io::parse_deal("(\n  name: \"x\"\n  closing_date: 1,\n)", "deal.ron")
            .unwrap_err();
        // Line 3 starts the field after `name` with no comma between them.
        assert_eq!(
            load_error(Lang::Zh, &err),
            "deal.ron：第 3 行第 3 列：此处应为逗号"
        );
        assert!(load_error(Lang::En, &err).starts_with("deal.ron:3:3: "));
        let kinds = [
            E::Eof,
            E::ExpectedArray,
            E::ExpectedArrayEnd,
            E::ExpectedBoolean,
            E::ExpectedComma,
            E::ExpectedFloat,
            E::ExpectedInteger,
            E::ExpectedOption,
            E::ExpectedStructLikeEnd,
            E::ExpectedMapColon,
            E::ExpectedString,
            E::ExpectedStringEnd,
            E::ExpectedIdentifier,
            E::IntegerOutOfBounds,
            E::UnexpectedChar('@'),
            E::TrailingCharacters,
            E::UnclosedBlockComment,
            E::ExceededRecursionLimit,
            E::InvalidValueForType {
                expected: "a Decimal type representing a fixed-point number".into(),
                found: "the string \"abc\"".into(),
            },
            E::InvalidValueForType {
                expected: "u32".into(),
                found: "the floating point number `1.5`".into(),
            },
            E::ExpectedDifferentLength {
                expected: "a tuple of size 2".into(),
                found: 3,
            },
            E::NoSuchEnumVariant {
                expected: &["Fee", "Interest", "Principal"],
                found: "Intrest".into(),
                outer: Some("Step".into()),
            },
            E::NoSuchStructField {
                expected: &["name", "id"],
                found: "nmae".into(),
                outer: Some("Tranche".into()),
            },
            E::MissingStructField {
                field: "closing_date",
                outer: Some("Deal".into()),
            },
            E::DuplicateStructField {
                field: "name",
                outer: None,
            },
            E::Message("input contains invalid characters".into()),
            E::Message("some message of a library we do not know".into()),
        ];
        for code in kinds {
            let zh = ron_sentence(&code);
            assert!(!english_sentence(&zh), "{code:?} → {zh:?}");
            assert_ne!(zh, code.to_string());
        }
        assert_eq!(
            ron_sentence(&E::NoSuchEnumVariant {
                expected: &["Fee", "Interest"],
                found: "Intrest".into(),
                outer: Some("Step".into()),
            }),
            "`Step` 中没有选项 `Intrest`；可用：`Fee`、`Interest`"
        );
        assert_eq!(
            ron_sentence(&E::InvalidValueForType {
                expected: "u32".into(),
                found: "the floating point number `1.5`".into(),
            }),
            "应为非负整数，实为数字 `1.5`"
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
