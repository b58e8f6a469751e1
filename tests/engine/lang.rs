//! Messages and tables in the reader's language (issue 14 item 7): a tape that does not read,
//! a file refused, an export that cannot be written, and the CLI's tables, in Chinese and
//! in English, with the row, the column and the path kept.

use std::path::PathBuf;
use std::process::Command;
use tranche_studio::engine::Session;
use tranche_studio::export::file_messages::export_error;
use tranche_studio::export::messages::load_error;
use tranche_studio::i18n::Lang;

fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ts-lang-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tranche-studio"))
}

fn sample(name: &str) -> String {
    format!("{}/sample_deals/{name}", env!("CARGO_MANIFEST_DIR"))
}

const HEADER: &str =
    "id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation";
const GOOD: &str = "A1,甲,TrustLoan,,100.00,0.05,12,Bullet";

#[test]
fn a_bad_tape_reads_in_chinese_with_its_row_and_column() {
    let dir = fresh_dir("tape");
    let tape = |name: &str, rows: &str| {
        let p = dir.join(name);
        std::fs::write(&p, format!("{HEADER}\n{rows}")).unwrap();
        (
            tranche_studio::io::read_tape(&p).unwrap_err(),
            p.display().to_string(),
        )
    };
    // The header is row 1, so the second asset is row 3; its rate cell reads "zero".
    let (e, p) = tape(
        "rate.csv",
        &format!("{GOOD}\nA2,乙,TrustLoan,,1.00,zero,12,Bullet\n"),
    );
    assert_eq!(
        load_error(Lang::Zh, &e),
        format!("{p}：第3行「rate（利率）」列：“zero” 不是利率（如 0.048 或 4.8%）")
    );
    assert_eq!(
        load_error(Lang::En, &e),
        format!("{p}: row 3, column rate: \"zero\" is not a rate")
    );
    // Row 2 has 7 cells: the 8th column, amortisation, is the one missing.
    let (e, p) = tape("short.csv", "A1,甲,TrustLoan,,100.00,0.05,12\n");
    assert_eq!(
        load_error(Lang::Zh, &e),
        format!("{p}：第2行「amortisation（还款方式）」列：有 7 个字段，而表头有 8 个")
    );
    let (e, p) = tape("term.csv", "A1,甲,TrustLoan,,100.00,0.05,12.5,Bullet\n");
    assert_eq!(
        load_error(Lang::Zh, &e),
        format!("{p}：第2行「remaining_term（剩余期限（月））」列：“12.5” 不是整数月数")
    );
    // A folder is not a tape; a missing file keeps the system's words after the reason.
    let shown = dir.display().to_string();
    let e = tranche_studio::io::read_tape(&dir).unwrap_err();
    assert_eq!(load_error(Lang::Zh, &e), format!("{shown}：不是普通文件"));
    let missing = dir.join("missing.csv");
    let e = tranche_studio::io::read_tape(&missing).unwrap_err();
    assert_eq!(
        load_error(Lang::Zh, &e),
        format!(
            "{}：无法读取：文件或文件夹不存在（No such file or directory (os error 2)）",
            missing.display()
        )
    );
}

/// A deal whose tape has a bad cell: `check --lang zh` prints the Chinese sentence with the
/// tape's row and column; without `--lang` the documented English form.
#[test]
fn check_words_a_bad_tape_in_the_language_asked() {
    let dir = fresh_dir("check");
    let deal = std::fs::read_to_string(sample("data_empowered_leases.ron")).unwrap();
    std::fs::write(dir.join("data_empowered_leases.ron"), deal).unwrap();
    let tape = dir.join("data_empowered_leases_tape.csv");
    std::fs::write(
        &tape,
        format!("{HEADER}\n{GOOD}\nA2,乙,Car,,1.00,0.05,12,Bullet\n"),
    )
    .unwrap();
    let deal = dir.join("data_empowered_leases.ron");
    let stderr = |args: &[&str]| {
        let out = bin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr).unwrap()
    };
    let d = deal.to_str().unwrap();
    let t = tape.display();
    assert_eq!(
        stderr(&["check", d, "--lang", "zh"]),
        format!("{t}：第3行「asset_class（资产类型）」列：未知的资产类型 “Car”\n")
    );
    assert_eq!(
        stderr(&["check", d]),
        format!("{t}: row 3, column asset_class: unknown asset class \"Car\"\n")
    );
}

/// An export into a folder that cannot be made (its parent is a file): the Chinese sentence
/// names the folder and the reason, with the system's words after it. (A read-only folder
/// would not stop the tests when they run as root; a file in the way stops everyone.)
#[test]
fn a_failed_export_reads_in_chinese() {
    let dir = fresh_dir("export");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("out");
    let mut session = Session::open(sample("data_asset_pledge_loans.ron").as_ref()).unwrap();
    let results = session.run(None).unwrap();
    let opts = tranche_studio::export::ExportOptions {
        charts: false,
        ..Default::default()
    };
    let e =
        tranche_studio::export::export_all_with(&mut session, &results, &out, &opts).unwrap_err();
    let o = out.display();
    assert_eq!(
        export_error(Lang::Zh, &e),
        format!("{o}：无法写入：路径中有一段不是文件夹（Not a directory (os error 20)）")
    );
    assert_eq!(
        export_error(Lang::En, &e),
        format!("{o}: Not a directory (os error 20)")
    );
    // The CLI says the same, after the subcommand's --lang.
    let run = bin()
        .args([
            "export",
            &sample("data_asset_pledge_loans.ron"),
            "--tables",
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "zh",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        format!("{o}：无法写入：路径中有一段不是文件夹（Not a directory (os error 20)）\n")
    );
    // A chart option out of range: the field as written, the sentence in Chinese.
    let opts = tranche_studio::export::ExportOptions {
        chart: tranche_studio::export::charts::ChartOptions {
            dpi: 1,
            ..Default::default()
        },
        ..Default::default()
    };
    let e =
        tranche_studio::export::export_all_with(&mut session, &results, &dir, &opts).unwrap_err();
    assert!(
        export_error(Lang::Zh, &e).starts_with("dpi：1 超出范围 ["),
        "{}",
        export_error(Lang::Zh, &e)
    );
}

/// The words of a table's header line (cells are separated by two or more spaces).
fn header_cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn run_table(lang: Option<&str>) -> String {
    let mut cmd = bin();
    cmd.args(["run", &sample("data_asset_pledge_loans.ron")]);
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_run_table_has_its_headers_in_the_language_asked() {
    let zh = run_table(Some("zh"));
    let lines: Vec<&str> = zh.lines().collect();
    assert!(lines[0].ends_with(" — 情景 base"), "{zh}");
    assert_eq!(
        header_cells(lines[2]),
        [
            "证券",
            "规模（元）",
            "票面利率",
            "内部收益率",
            "加权平均期限（年）",
            "麦考利久期",
            "修正久期",
            "本金损失",
            "利息缺口"
        ]
    );
    let periods = lines.iter().position(|l| l.starts_with("期数")).unwrap();
    assert_eq!(
        header_cells(lines[periods]),
        [
            "期数",
            "兑付日",
            "可分配资金",
            "已支付",
            "留存",
            "资产池余额",
            "A 余额",
            "B 余额"
        ]
    );
    // Every line of a block is as wide on screen as its header, a Chinese character taking
    // two columns: the figures stand under their headers.
    use unicode_width::UnicodeWidthStr;
    let width = lines[periods].width();
    assert!(
        lines[periods + 1..]
            .iter()
            .take_while(|l| !l.is_empty() && !l.starts_with("警告"))
            .all(|l| l.width() == width),
        "{zh}"
    );
    // A's coupon is 2% (`coupon: 0.02` in the sample), shown with three decimals.
    assert!(lines[3].starts_with("A "), "{zh}");
    assert_eq!(header_cells(lines[3])[2], "2.000%");

    let en = run_table(None);
    assert_eq!(en, run_table(Some("en")));
    let lines: Vec<&str> = en.lines().collect();
    assert!(lines[0].ends_with(" — Scenario base"), "{en}");
    assert_eq!(
        header_cells(lines[2]),
        [
            "Security",
            "Size (CNY)",
            "Coupon",
            "IRR",
            "WAL (years)",
            "Macaulay duration",
            "Modified duration",
            "Principal loss",
            "Interest shortfall"
        ]
    );
    let periods = lines.iter().position(|l| l.starts_with("Period")).unwrap();
    assert_eq!(
        header_cells(lines[periods]),
        [
            "Period",
            "Payment date",
            "Available funds",
            "Paid",
            "Retained",
            "Pool balance",
            "A Balance",
            "B Balance"
        ]
    );
}

fn stdout_of(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `price`, `tokens` and `solve` name their columns with the same words in Chinese; a
/// solve's status and a token's part read as words, not as the engine's names.
#[test]
fn price_tokens_and_solve_tables_in_chinese() {
    let deal = sample("data_asset_pledge_loans.ron");
    let price = stdout_of(&[
        "price",
        &deal,
        "--security",
        "A",
        "--yield",
        "0.025",
        "--lang",
        "zh",
    ]);
    let lines: Vec<&str> = price.lines().collect();
    assert!(lines[1].starts_with("剩余本金 "), "{price}");
    // 2.5% asked: the yield line shows it as a percentage with six decimals.
    assert!(
        lines.contains(&"到期收益率                    2.500000%"),
        "{price}"
    );
    let flows = lines.iter().find(|l| l.starts_with("日期")).unwrap();
    assert_eq!(
        header_cells(flows),
        ["日期", "利息", "本金", "剩余收益", "现值"]
    );

    let tokens = stdout_of(&["tokens", &sample("token_income_strips.ron"), "--lang", "zh"]);
    let lines: Vec<&str> = tokens.lines().collect();
    assert_eq!(
        header_cells(lines[0]),
        [
            "证券",
            "代币",
            "权益部分",
            "币种",
            "份数",
            "内部收益率",
            "加权平均期限（年）",
            "麦考利久期",
            "修正久期",
            "最终尾差"
        ]
    );
    // The security as a whole, all its cash: no "(whole)" or "all" left.
    assert_eq!(
        &header_cells(lines[1])[..4],
        ["A", "整体证券", "全部现金流", "CNY"]
    );

    let solve = stdout_of(&[
        "solve",
        &deal,
        "--target",
        "no-loss:A",
        "--vary",
        "cdr",
        "--lang",
        "zh",
    ]);
    let lines: Vec<&str> = solve.lines().collect();
    assert_eq!(
        header_cells(lines[0]),
        [
            "目标",
            "不含",
            "驱动因素",
            "状态",
            "取值",
            "失效值",
            "迭代次数",
            "容差",
            "下限",
            "上限"
        ]
    );
    assert_eq!(header_cells(lines[1])[..3], ["no-loss:A", "cdr", "已求得"]);
}

/// A run the engine refuses reads in Chinese too (the template of the app's results panel).
#[test]
fn an_unknown_scenario_reads_in_chinese() {
    let deal = sample("data_asset_pledge_loans.ron");
    let out = bin()
        .args(["run", &deal, "--scenario", "nope", "--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("{deal}：交易中没有名为 “nope” 的情景\n")
    );
}
