//! File errors in the reader's language: a tape that does not read (its row and column
//! kept), a file refused or unreadable, a save or an export that fails. The readers and
//! writers word their errors in English (`io`, `export`); here a sentence is worded again
//! from its template, and the system's own words for an I/O error follow as a detail.

use super::{ExportError, Lang};
use crate::error::LoadError;
use crate::i18n::Term;
use std::io::ErrorKind;

/// Every sentence the file readers and the exports write, as an English template and its
/// Chinese (the form of `messages::ERRORS`; a template that a more general one would also
/// match comes first). `messages::tests` checks that every message of their sources
/// matches one.
const FILE_ERRORS: &[(&str, &str)] = &[
    // io::input
    ("not a regular file", "不是普通文件"),
    ("larger than the limit of {} bytes", "超过 {0} 字节的上限"),
    (
        "invalid UTF-8 (deal files are UTF-8 text)",
        "不是有效的 UTF-8 文本（交易文件须为 UTF-8 编码）",
    ),
    // io::atomic
    (
        "{}: too many levels of symbolic links",
        "{0}：符号链接层数过多",
    ),
    // io::tape
    ("header must be {}", "表头须为 {0}"),
    (
        "more than the limit of {} asset rows",
        "资产行数超过 {0} 行的上限",
    ),
    ("more than the limit of {} rows", "行数超过 {0} 行的上限"),
    ("unknown asset class {}", "未知的资产类型 {0}"),
    (
        "unknown role {}",
        "未知的数据资产角色 {0}（可用 InPool、Empowering 或留空）",
    ),
    ("{} is not an amount: {}", "{0} 不是金额"),
    ("{} is not a rate", "{0} 不是利率（如 0.048 或 4.8%）"),
    ("{} is not a weight", "{0} 不是权重（如 0.25 或 25%）"),
    ("{} is not a whole number of months", "{0} 不是整数月数"),
    (
        "unknown amortisation {} (LevelPayment, EqualPrincipal or Bullet)",
        "未知的还款方式 {0}（可用 LevelPayment、EqualPrincipal 或 Bullet）",
    ),
    (
        "invalid UTF-8 (tapes are UTF-8 text)",
        "不是有效的 UTF-8 文本（资产清单须为 UTF-8 编码）",
    ),
    (
        "{} fields where the header has {}",
        "有 {0} 个字段，而表头有 {1} 个",
    ),
    (
        "{} cells where a row has {}",
        "有 {0} 个单元格，而每行应有 {1} 个",
    ),
    // export
    (
        "a folder is in the way of this file",
        "此处已有同名文件夹，无法写入文件",
    ),
    ("{} mm is outside [{}, {}]", "{0} 毫米超出范围 [{1}, {2}]"),
    ("{} is outside [{}, {}]", "{0} 超出范围 [{1}, {2}]"),
    (
        "{} pixels is more than {}; lower the size or the dpi",
        "{0} 像素超过上限 {1}：请减小尺寸或分辨率",
    ),
    ("the unit face {} is not positive", "单位面值 {0} 不是正数"),
    ("the size {} is not positive", "规模 {0} 不是正数"),
    ("size / face overflows", "规模除以面值超出可处理的范围"),
    // After the sentences it would also match ("the size {} is not positive").
    ("{} is not positive", "{0} 不是正数"),
    (
        "the size {} is not a whole number of units of {} (face)",
        "规模 {0} 不是面值 {1} 的整数倍",
    ),
    ("per-unit division failed", "每份额金额的除法失败"),
    (
        "{} units are too many for {} decimals per unit on {}",
        "{2}：{0} 份过多，每份额金额无法保留 {1} 位小数",
    ),
    (
        "the bundled CJK font cannot be read",
        "无法读取内置的中文字体",
    ),
    ("the bundled font cannot be read", "无法读取内置字体"),
    // What an export reports besides its files (`ExportReport::warnings`).
    (
        "removed a stray temporary file {}",
        "已删除残留的临时文件 {0}",
    ),
    (
        "finished an interrupted export: {} file(s) moved into place",
        "已完成上次中断的导出：{0} 个文件已移入",
    ),
    (
        "removed an interrupted export's files ({})",
        "已删除上次中断的导出留下的文件（{0}）",
    ),
    ("scenario {}: {}", "情景 {0} 未能计算（{1}）"),
    // `xirr`'s input
    (
        "line {}: expected YYYY-MM-DD,amount",
        "第{0}行：应为“日期,金额”（YYYY-MM-DD,amount）",
    ),
    (
        "line {}: date {}: {}",
        "第{0}行：日期 {1} 无法识别，应为 YYYY-MM-DD（{2}）",
    ),
    (
        "line {}: amount {} is not a number",
        "第{0}行：金额 {1} 不是数字",
    ),
    (
        "line {}: amount {} is not finite",
        "第{0}行：金额 {1} 不是有限数",
    ),
    (
        "no cash flows in the input (lines YYYY-MM-DD,amount)",
        "输入中没有现金流（每行 YYYY-MM-DD,金额）",
    ),
    (
        "{}: larger than the limit of {} bytes",
        "{0}：超过 {1} 字节的上限",
    ),
];

/// A sentence of the file readers or the exports in `lang`; one without a template (a
/// library's words) keeps its English as a detail after `otherwise`.
pub(crate) fn file_sentence(lang: Lang, english: &str, otherwise: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    FILE_ERRORS
        .iter()
        .find_map(|(template, zh)| super::messages::fill(template, zh, english))
        .unwrap_or_else(|| format!("{otherwise}（{english}）"))
}

/// What was being done when the system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

/// An I/O failure on `path`: "PATH：无法写入：没有权限（Permission denied (os error 13)）".
/// An error the program wrote itself (no system code) is worded from its template.
fn io_failure(lang: Lang, access: Access, path: &str, e: &std::io::Error) -> String {
    if lang == Lang::En {
        return format!("{path}: {e}");
    }
    let verb = match access {
        Access::Read => "无法读取",
        Access::Write => "无法写入",
    };
    if e.raw_os_error().is_none() && e.kind() == ErrorKind::Other {
        return format!(
            "{path}：{verb}：{}",
            file_sentence(lang, &e.to_string(), "出错")
        );
    }
    let reason = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::ReadOnlyFilesystem => "文件系统为只读",
        ErrorKind::IsADirectory => "这是文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::AlreadyExists => "已存在同名文件",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::InvalidFilename => "文件名无效",
        _ => "系统报告错误",
    };
    format!("{path}：{verb}：{reason}（{e}）")
}

/// A tape column's readable name (`balance` → 余额), for "第3行「balance（余额）」列".
fn column_label(column: &str) -> Option<Term> {
    Some(match column {
        "id" => Term::Id,
        "obligor" => Term::Obligor,
        "asset_class" => Term::AssetClass,
        "data_asset_role" => Term::DataAssetRole,
        "balance" => Term::Balance,
        "rate" => Term::Rate,
        "remaining_term" => Term::RemainingTerm,
        "amortisation" => Term::Amortisation,
        "industry" => Term::Industry,
        _ => return None,
    })
}

/// A file that could not be loaded (a deal or a tape), in `lang`; a deal's syntax and
/// validation errors are worded by `messages::load_error`. English is the error's own text,
/// which the CLI's documented formats follow.
pub(crate) fn file_load_error(lang: Lang, e: &LoadError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        LoadError::Io { path, source } => io_failure(lang, Access::Read, path, source),
        LoadError::File { path, message } => {
            format!("{path}：{}", file_sentence(lang, message, "无法读取"))
        }
        LoadError::Tape {
            path,
            row,
            column,
            message,
        } => {
            let column = column.as_deref().map(|c| {
                let label = column_label(c).map_or(c, |t| lang.term(t));
                (c, label)
            });
            format!(
                "{path}：{}：{}",
                lang.cell(*row, column),
                file_sentence(lang, message, "CSV 格式有误")
            )
        }
        LoadError::Syntax { .. } | LoadError::Invalid(_) => e.to_string(),
    }
}

/// A deal that could not be saved, in `lang`.
pub fn save_error(lang: Lang, e: &LoadError) -> String {
    match e {
        LoadError::Io { path, source } => io_failure(lang, Access::Write, path, source),
        other => super::messages::load_error(lang, other),
    }
}

/// A file the app writes itself (a table as CSV, a chart) that could not be written.
pub fn write_error(lang: Lang, path: &str, e: &std::io::Error) -> String {
    io_failure(lang, Access::Write, path, e)
}

/// An export that failed, in `lang` (English: the error's own text).
pub fn export_error(lang: Lang, e: &ExportError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ExportError::Io { path, source } => io_failure(lang, Access::Write, path, source),
        ExportError::Write { path, message } => {
            format!("{path}：无法生成文件（{message}）")
        }
        ExportError::Chart { chart, message } => {
            format!("图表 {chart}：{}", file_sentence(lang, message, "无法绘制"))
        }
        ExportError::Options { field, message } => {
            format!("{field}：{}", file_sentence(lang, message, "取值无效"))
        }
        ExportError::PerUnit { security, message } => {
            format!(
                "证券 {security}：{}",
                file_sentence(lang, message, "无法计算每份额现金流")
            )
        }
        ExportError::UnknownSecurity(id) => format!("结果中没有证券 “{id}”"),
    }
}

/// A note of an export besides its files (`ExportReport::warnings`) in `lang`.
pub fn export_warning(lang: Lang, english: &str) -> String {
    // A per-unit schedule left out: its reason is an export error's text.
    let per_unit = english
        .strip_prefix("no per-unit schedule: security ")
        .and_then(|rest| rest.split_once(": "));
    match (lang, per_unit) {
        (Lang::Zh, Some((security, message))) => format!(
            "证券 {security} 没有每份额分配表：{}",
            file_sentence(lang, message, "无法计算")
        ),
        _ => file_sentence(lang, english, "提示"),
    }
}
