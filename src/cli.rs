//! The command line: `check`, `run`, `xirr`, `export`, and the questions of a deal
//! (`compare`, `grid`, `tornado`, `solve`, `breakevens`, `obligors`). A contract other tools
//! call, documented in `docs/cli.md`. No egui here.

mod analysis;
mod price_report;
mod tokens;

pub use analysis::ReportFormat;

use crate::engine::{EngineError, Session};
use crate::error::{LoadError, Severity};
use crate::export::messages;
use crate::format::{money, opt_pct, opt_years, pct};
use crate::i18n::{Lang, Term};
use crate::results::DealResults;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tranche-studio",
    version,
    about = "Structure Chinese ABS deals: tranched, holding-type, tokens"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Deal file to open in the desktop app (the default sample deal when absent).
    pub deal: Option<PathBuf>,
    /// Language of the tables and messages a subcommand prints (English when absent) and of
    /// the files `export` and `pdf` write (Chinese when absent).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a deal file: exit 0 when valid, 1 with the errors otherwise.
    Check { deal: PathBuf },
    /// Project the deal and print the results.
    Run {
        deal: PathBuf,
        /// Scenario name (the deal's default scenario when absent).
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Price a tranche at settlement from a yield, a clean price or a spread over the CDB curve.
    Price {
        deal: PathBuf,
        /// Tranche id.
        #[arg(long)]
        security: String,
        /// Settlement date YYYY-MM-DD (the deal's pricing.settlement_date when absent).
        #[arg(long)]
        settle: Option<NaiveDate>,
        /// Yield, a decimal (0.025 = 2.5%), annual compounding ACT/365F.
        #[arg(long = "yield", group = "quote", allow_hyphen_values = true)]
        yield_: Option<f64>,
        /// Clean price per 100 of the balance outstanding at settlement.
        #[arg(long, group = "quote")]
        price: Option<f64>,
        /// Spread over the CDB curve at the WAL, a decimal (0.004 = 40 bp).
        #[arg(long, group = "quote", allow_hyphen_values = true)]
        spread: Option<f64>,
        /// Scenario whose projected cash flows are priced.
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// XIRR of lines `YYYY-MM-DD,amount` (from FILE or standard input), as a decimal.
    Xirr { file: Option<PathBuf> },
    /// Write print charts (PNG + SVG) and tables (CSV, XLSX, term sheet, per-unit schedules)
    /// into DIR and print the paths written. Neither --charts nor --tables writes both.
    Export {
        deal: PathBuf,
        /// Output directory (created if missing; files in it are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Scenario name (the deal's default scenario when absent).
        #[arg(long)]
        scenario: Option<String>,
        /// Write the charts.
        #[arg(long)]
        charts: bool,
        /// Write the tables, the term sheet and the per-unit schedules.
        #[arg(long)]
        tables: bool,
        /// Chart width, mm.
        #[arg(long, default_value_t = 160.0)]
        width_mm: f64,
        /// Chart height, mm.
        #[arg(long, default_value_t = 100.0)]
        height_mm: f64,
        /// PNG resolution, dots per inch.
        #[arg(long, default_value_t = 300)]
        dpi: u32,
        /// Face of one unit in the per-unit schedules, CNY.
        #[arg(long, default_value = "100")]
        unit_face: rust_decimal::Decimal,
    },
    /// Write the meeting page (A4 landscape PDF: the securities' figures and the main
    /// charts of one scenario) to FILE and print its path.
    Pdf {
        deal: PathBuf,
        /// The PDF file to write (replaced atomically).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Scenario name (the deal's default scenario when absent).
        #[arg(long)]
        scenario: Option<String>,
    },
    /// Every scenario side by side; with a second deal file, what changed in the terms and
    /// both deals' figures side by side.
    Compare {
        deal: PathBuf,
        /// A second version of the deal.
        other: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Run a grid saved in the deal file.
    Grid {
        deal: PathBuf,
        /// The grid's name.
        #[arg(long = "grid", value_name = "NAME")]
        name: String,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Every output against one step down and up of each driver.
    Tornado {
        deal: PathBuf,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Move one driver until a goal is met: exit 0 when found, 2 when no answer is bracketed.
    Solve {
        deal: PathBuf,
        /// no-loss:SECURITY, no-shortfall:SECURITY, incentive, fee-cut, guarantee, or
        /// OUTPUT=VALUE (e.g. irr:B=0.04).
        #[arg(long)]
        target: String,
        /// The driver: cdr, cpr, recovery, recovery-lag, default:OBLIGOR, coupon:TRANCHE,
        /// size:TRANCHE, growth, occupancy, exit-cap, equity-ratio, valuation-spread.
        #[arg(long)]
        vary: String,
        /// Lower end of the search (the driver's default range when absent).
        #[arg(long)]
        from: Option<f64>,
        /// Upper end of the search.
        #[arg(long)]
        to: Option<f64>,
        /// Width of the final bracket, in the driver's units (1 bp for a rate by default).
        #[arg(long)]
        tolerance: Option<f64>,
        /// Solve without one enhancement: `reserve` or an enhancement's id.
        #[arg(long)]
        without: Option<String>,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Break-even of a driver for every tranche (no loss, no shortfall), with every
    /// enhancement and without each.
    Breakevens {
        deal: PathBuf,
        #[arg(long, default_value = "cdr")]
        vary: String,
        #[arg(long)]
        tolerance: Option<f64>,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Per-unit (per-token) schedules of every security and strip: units, IRR, WAL,
    /// duration, final residue (table), or every schedule in full (JSON).
    Tokens {
        deal: PathBuf,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a security's registry file: its per-unit schedules in integer minor units.
    Registry {
        deal: PathBuf,
        /// The security's id.
        #[arg(long)]
        security: String,
        #[arg(long)]
        scenario: Option<String>,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Recompute a registry file from the deal: exit 0 when every field matches, 3 with each
    /// mismatch (token, date, field, expected, found) otherwise.
    VerifySchedule { deal: PathBuf, schedule: PathBuf },
    /// Default each obligor in turn (the worst first) and find the worst pair.
    Obligors {
        deal: PathBuf,
        /// The period in which the obligors default in full.
        #[arg(long, default_value_t = 1)]
        period: u32,
        /// The output that ranks them (the most junior tranche's loss by default).
        #[arg(long)]
        output: Option<String>,
        /// How many single obligors to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Run a CLI command; returns the process exit code. Output goes to stdout, errors to stderr.
/// `lang` is the `--lang` option: tables and messages are in English without it, the files
/// of `export` and `pdf` in Chinese.
pub fn execute(cmd: Command, lang: Option<Lang>) -> i32 {
    let says = lang.unwrap_or(Lang::En);
    let writes = lang.unwrap_or(Lang::Zh);
    match cmd {
        Command::Check { deal } => check(&deal, says),
        Command::Run {
            deal,
            scenario,
            format,
        } => run(&deal, scenario.as_deref(), format, says),
        Command::Xirr { file } => xirr(file.as_deref(), says),
        Command::Price {
            deal,
            security,
            settle,
            yield_,
            price,
            spread,
            scenario,
            format,
        } => {
            let quote = match (yield_, price, spread) {
                (Some(y), ..) => crate::pricing::Quote::Yield(y),
                (_, Some(p), _) => crate::pricing::Quote::CleanPrice(p),
                (.., Some(s)) => crate::pricing::Quote::Spread(s),
                _ => {
                    eprintln!("price: give one of --yield, --price or --spread");
                    return 2;
                }
            };
            price_report::price(
                &deal,
                &security,
                settle,
                quote,
                scenario.as_deref(),
                format,
                says,
            )
        }
        Command::Export {
            deal,
            out,
            scenario,
            charts,
            tables,
            width_mm,
            height_mm,
            dpi,
            unit_face,
        } => {
            // Neither flag means both.
            let both = !charts && !tables;
            let opts = crate::export::ExportOptions {
                charts: charts || both,
                tables: tables || both,
                chart: crate::export::charts::ChartOptions {
                    width_mm,
                    height_mm,
                    dpi,
                    ..Default::default()
                },
                unit_face,
                lang: writes,
            };
            export(&deal, scenario.as_deref(), &out, &opts, says)
        }
        Command::Pdf {
            deal,
            out,
            scenario,
        } => pdf(&deal, scenario.as_deref(), &out, writes, says),
        Command::Compare {
            deal,
            other,
            format,
        } => analysis::compare_cmd(&deal, other.as_deref(), format, says),
        Command::Grid { deal, name, format } => analysis::grid_cmd(&deal, &name, format, says),
        Command::Tornado {
            deal,
            scenario,
            format,
        } => analysis::tornado_cmd(&deal, scenario.as_deref(), format, says),
        Command::Solve {
            deal,
            target,
            vary,
            from,
            to,
            tolerance,
            without,
            scenario,
            format,
        } => analysis::solve_cmd(
            &deal,
            &analysis::SolveArgs {
                scenario: scenario.as_deref(),
                target: &target,
                vary: &vary,
                from,
                to,
                tolerance,
                without: without.as_deref(),
                format,
            },
            says,
        ),
        Command::Breakevens {
            deal,
            vary,
            tolerance,
            scenario,
            format,
        } => analysis::breakevens_cmd(&deal, scenario.as_deref(), &vary, tolerance, format, says),
        Command::Tokens {
            deal,
            scenario,
            format,
        } => tokens::tokens_cmd(&deal, scenario.as_deref(), format, says),
        Command::Registry {
            deal,
            security,
            scenario,
            out,
        } => tokens::registry_cmd(&deal, &security, scenario.as_deref(), out.as_deref(), says),
        Command::VerifySchedule { deal, schedule } => tokens::verify_cmd(&deal, &schedule, says),
        Command::Obligors {
            deal,
            period,
            output,
            top,
            scenario,
            format,
        } => analysis::obligors_cmd(
            &deal,
            scenario.as_deref(),
            period,
            output.as_deref(),
            top,
            format,
            says,
        ),
    }
}

fn check(path: &std::path::Path, lang: Lang) -> i32 {
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let issues = session.issues();
    let deal = session.deal();
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let p = path.display();
    for i in &issues {
        match lang {
            Lang::En => eprintln!("{p}: {i}"),
            Lang::Zh => {
                let level = match i.severity {
                    Severity::Error => "错误",
                    Severity::Warning => "警告",
                };
                eprintln!(
                    "{p}：{level}：{}",
                    messages::issue_line(lang, Some(deal), i)
                );
            }
        }
    }
    let (assets, tranches) = (deal.pool.len(session.tape().len()), deal.tranches.len());
    let (scenarios, templates) = (
        deal.scenarios.len() + deal.stress_templates.len(),
        deal.stress_templates.len(),
    );
    match (errors > 0, lang) {
        (true, Lang::En) => eprintln!("{p}: {errors} error(s)"),
        (true, Lang::Zh) => eprintln!("{p}：{errors} 个错误"),
        (false, Lang::En) => println!(
            "{p}: ok: {} ({assets} assets, {tranches} tranches, {scenarios} scenarios, {templates} from stress templates)",
            deal.name
        ),
        (false, Lang::Zh) => println!(
            "{p}：通过：{}（{assets} 笔资产，{tranches} 档证券，{scenarios} 个情景，其中 {templates} 个来自压力模板）",
            deal.name
        ),
    }
    i32::from(errors > 0)
}

/// A deal or tape that did not load, as printed: English in the forms `docs/cli.md` lists,
/// Chinese worded by `export::messages`.
fn load_failure(lang: Lang, e: &LoadError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => messages::load_error(lang, e),
    }
}

/// A run that could not start, in `lang`.
fn engine_failure(lang: Lang, path: &std::path::Path, e: &EngineError) -> String {
    let p = path.display();
    match (lang, e) {
        (Lang::En, e) => format!("{p}: {e}"),
        (Lang::Zh, EngineError::Invalid(issues)) => {
            let lines: Vec<String> = issues
                .iter()
                .map(|i| messages::issue_line(lang, None, i))
                .collect();
            format!("{p}：交易无效：\n{}", lines.join("\n"))
        }
        (Lang::Zh, e) => format!("{p}：{}", messages::error_sentence(lang, &e.to_string())),
    }
}

/// An error about the file `path` as printed: "PATH: sentence", in Chinese
/// "PATH：句子" (worded by `export::messages`).
pub(crate) fn failure(lang: Lang, path: &std::path::Path, english: &str) -> String {
    match lang {
        Lang::En => format!("{}: {english}", path.display()),
        Lang::Zh => format!(
            "{}：{}",
            path.display(),
            messages::error_sentence(lang, english)
        ),
    }
}

/// Open a deal file (and its tape); errors are printed (in `lang`) and give `None`.
fn open(path: &std::path::Path, lang: Lang) -> Option<Session> {
    Session::open(path)
        .map_err(|e| eprintln!("{}", load_failure(lang, &e)))
        .ok()
}

/// Load and run a deal; errors are printed (in `lang`) and give `None`.
pub(crate) fn load_and_run(
    path: &std::path::Path,
    scenario: Option<&str>,
    lang: Lang,
) -> Option<(Session, DealResults)> {
    let mut session = open(path, lang)?;
    let results = session
        .run(scenario)
        .map_err(|e| eprintln!("{}", engine_failure(lang, path, &e)))
        .ok()?;
    Some((session, results))
}

fn run(path: &std::path::Path, scenario: Option<&str>, format: Format, lang: Lang) -> i32 {
    let Some((_, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    match format {
        Format::Json => match serde_json::to_string_pretty(&results) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("cannot write JSON: {e}");
                return 1;
            }
        },
        Format::Table => print!("{}", table(&results, lang)),
    }
    0
}

/// Plain columns: the first `left` left-aligned, the rest right-aligned, each as wide as its
/// widest cell on screen (a Chinese character takes two columns).
pub(crate) fn columns(rows: &[Vec<String>], left: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, x) in r.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(width[c] - x.width());
            if c < left {
                line.push_str(x);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(x);
            }
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

fn opt(x: Option<f64>, scale: f64, dp: usize) -> String {
    x.map_or("-".into(), |v| format!("{:.dp$}", v * scale))
}

/// The plain-text report in `lang`: securities, then the period cash flows; headers are
/// the shared vocabulary (`Term`), figures the shared formatters (`format`).
pub fn table(r: &DealResults, lang: Lang) -> String {
    use crate::export::summary::{enhancement_kind, exit_name_words};
    use std::fmt::Write;
    let t = |term| lang.term(term).to_string();
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let _ = writeln!(s, "{} — {} {}", r.deal, t(Term::Scenario), r.scenario);
    if let Some(st) = &r.stress {
        let _ = match lang {
            Lang::En => writeln!(
                s,
                "stress of {}: CDR × {}, recovery rate × (1 − {})",
                st.base, st.cdr_multiple, st.recovery_haircut
            ),
            Lang::Zh => writeln!(
                s,
                "{} 的压力情景：CDR × {}，违约回收率 × (1 − {})",
                st.base, st.cdr_multiple, st.recovery_haircut
            ),
        };
    }
    let mut rows = vec![
        [
            Term::Security,
            Term::SizeCny,
            Term::Coupon,
            Term::Irr,
            Term::Wal,
            Term::MacaulayDuration,
            Term::ModifiedDuration,
            Term::PrincipalLoss,
            Term::InterestShortfall,
        ]
        .map(t)
        .to_vec(),
    ];
    for m in &r.securities {
        rows.push(vec![
            m.id.to_string(),
            money(m.size),
            pct(m.coupon, 3),
            opt_pct(m.irr, 3),
            opt_years(m.wal),
            opt_years(m.macaulay_duration),
            opt_years(m.modified_duration),
            money(m.principal_loss),
            money(m.interest_shortfall),
        ]);
    }
    s.push('\n');
    s.push_str(&columns(&rows, 1));
    if let (Some(pc), Some(plan)) = (&r.project_company, &r.plan) {
        // Checked: a sum out of `Decimal`'s range is printed as such, never a panic.
        let out_of_range = lang.pick(("超出范围", "out of range"));
        let sum = |f: fn(&crate::results::ProjectCompanyPeriod) -> rust_decimal::Decimal| {
            let total: crate::money::ExactSum = pc.periods.iter().map(f).collect();
            total.total().map_or_else(|| out_of_range.into(), money)
        };
        let _ = if zh {
            writeln!(
                s,
                "\n项目公司：收购价 {}，注册资本 {}，股东借款 {}（债股比 {:.2}），银行借款 {}；NOI {}，所得税 {}，分红 {}，最低 DSCR {}",
                money(pc.purchase_price),
                money(pc.registered_capital),
                money(pc.shareholder_loan),
                pc.debt_to_equity,
                money(pc.bank_loan),
                sum(|p| p.noi),
                money(pc.total_tax),
                sum(|p| p.dividends),
                opt(pc.min_dscr, 1.0, 2)
            )
        } else {
            writeln!(
                s,
                "\nproject company: price {}, equity {}, shareholder loan {} (D/E {:.2}), bank {}; NOI {}, tax {}, dividends {}, min DSCR {}",
                money(pc.purchase_price),
                money(pc.registered_capital),
                money(pc.shareholder_loan),
                pc.debt_to_equity,
                money(pc.bank_loan),
                sum(|p| p.noi),
                money(pc.total_tax),
                sum(|p| p.dividends),
                opt(pc.min_dscr, 1.0, 2)
            )
        };
        let _ = if zh {
            writeln!(
                s,
                "专项计划：实缴 {}，费用 {}，激励费 {}，业绩补足 {}，退出（{}）{}",
                money(plan.paid_in),
                money(plan.total_fees),
                money(plan.total_incentive_fee),
                money(plan.total_guarantee_payments),
                exit_name_words(&plan.exit, lang),
                money(plan.exit_value)
            )
        } else {
            writeln!(
                s,
                "plan: paid-in {}, fees {}, incentive {}, guarantee {}, exit ({}) at {}",
                money(plan.paid_in),
                money(plan.total_fees),
                money(plan.total_incentive_fee),
                money(plan.total_guarantee_payments),
                exit_name_words(&plan.exit, lang),
                money(plan.exit_value)
            )
        };
        let (colon, comma) = match lang {
            Lang::Zh => ("：", "，"),
            Lang::En => (": ", ", "),
        };
        for m in &r.securities {
            let _ = writeln!(
                s,
                "{}{colon}{} {}{comma}{} {}",
                m.id,
                t(Term::Multiple),
                opt(m.multiple, 1.0, 3),
                t(Term::DistributionRate),
                opt_pct(m.distribution_rate, 2)
            );
        }
    } else {
        let p = &r.pool;
        let _ = if zh {
            writeln!(
                s,
                "\n资产池：{} 笔资产，余额 {}，回收 {}，违约 {}（累计违约率 {:.3}%），违约回收 {}，超额利差 {}",
                p.assets,
                money(p.initial_balance),
                money(p.total_collections),
                money(p.total_defaults),
                p.cumulative_default_rate * 100.0,
                money(p.total_recoveries),
                money(p.total_excess_spread)
            )
        } else {
            writeln!(
                s,
                "\npool: {} assets, balance {}, collections {}, defaults {} (CDR cum. {:.3}%), recoveries {}, excess spread {}",
                p.assets,
                money(p.initial_balance),
                money(p.total_collections),
                money(p.total_defaults),
                p.cumulative_default_rate * 100.0,
                money(p.total_recoveries),
                money(p.total_excess_spread)
            )
        };
    }
    for e in &r.enhancements {
        let _ = if zh {
            writeln!(
                s,
                "{} {}（{}）：{} 期共提取 {}",
                enhancement_kind(&e.kind, lang),
                e.id,
                e.provider,
                e.periods_drawn,
                money(e.total_drawn)
            )
        } else {
            writeln!(
                s,
                "{} {} ({}): drawn {} on {} date(s)",
                enhancement_kind(&e.kind, lang),
                e.id,
                e.provider,
                money(e.total_drawn),
                e.periods_drawn
            )
        };
    }
    let mut header = [
        Term::Period,
        Term::PaymentDate,
        Term::AvailableFunds,
        Term::Paid,
        Term::Retained,
        Term::PoolBalance,
    ]
    .map(t)
    .to_vec();
    header.extend(
        r.securities
            .iter()
            .map(|m| format!("{} {}", m.id, t(Term::Balance))),
    );
    let mut rows = vec![header];
    for p in &r.periods {
        let mut row = vec![
            p.period.to_string(),
            crate::format::date(p.date),
            money(p.available),
            money(p.paid),
            money(p.retained),
            money(p.pool.closing_balance),
        ];
        row.extend(p.tranches.iter().map(|t| money(t.closing_balance)));
        rows.push(row);
    }
    s.push('\n');
    s.push_str(&columns(&rows, 2));
    for w in &r.warnings {
        let _ = match lang {
            Lang::En => writeln!(s, "warning {}: {}", w.code, w.message),
            Lang::Zh => writeln!(s, "警告：{}", messages::warning_line(lang, None, w)),
        };
    }
    s
}

/// `text` quoted for an error message, cut after 40 characters (with the full length) so a
/// huge bad value is not echoed in full.
fn quoted(text: &str) -> String {
    const KEEP: usize = 40;
    match text.char_indices().nth(KEEP) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

/// Parse `YYYY-MM-DD,amount` lines; blank lines and `#` comments are skipped. No flow at all
/// is an error.
pub fn parse_flows(text: &str) -> Result<Vec<(NaiveDate, f64)>, String> {
    let mut flows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (d, a) = line
            .split_once(',')
            .ok_or_else(|| format!("line {}: expected YYYY-MM-DD,amount", i + 1))?;
        let (d, a) = (d.trim(), a.trim());
        let date = NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|e| format!("line {}: date {}: {e}", i + 1, quoted(d)))?;
        let amount: f64 = a
            .parse()
            .map_err(|_| format!("line {}: amount {} is not a number", i + 1, quoted(a)))?;
        if !amount.is_finite() {
            return Err(format!(
                "line {}: amount {} is not finite",
                i + 1,
                quoted(a)
            ));
        }
        flows.push((date, amount));
    }
    if flows.is_empty() {
        return Err("no cash flows in the input (lines YYYY-MM-DD,amount)".into());
    }
    Ok(flows)
}

/// The most input `xirr` reads, from a file or standard input.
const MAX_XIRR_BYTES: u64 = 64 << 20;

fn read_limited(mut r: impl Read, origin: &str) -> Result<String, String> {
    let mut s = String::new();
    r.by_ref()
        .take(MAX_XIRR_BYTES + 1)
        .read_to_string(&mut s)
        .map_err(|e| format!("{origin}: {e}"))?;
    if s.len() as u64 > MAX_XIRR_BYTES {
        return Err(format!(
            "{origin}: larger than the limit of {MAX_XIRR_BYTES} bytes"
        ));
    }
    Ok(s)
}

fn xirr(file: Option<&std::path::Path>, lang: Lang) -> i32 {
    let text = match file {
        Some(p) => std::fs::File::open(p)
            .map_err(|e| match lang {
                Lang::En => format!("{}: {e}", p.display()),
                Lang::Zh => format!("{}：无法读取（{e}）", p.display()),
            })
            .and_then(|f| read_limited(f, &p.display().to_string())),
        None => read_limited(std::io::stdin().lock(), "stdin"),
    };
    match text.and_then(|t| parse_flows(&t)) {
        Ok(flows) => {
            match crate::metrics::xirr(&flows) {
                Some(r) => println!("{r}"),
                None => println!("none"),
            }
            0
        }
        Err(e) => {
            let says = crate::export::file_messages::file_sentence(lang, &e, "无法读取现金流");
            eprintln!("{says}");
            1
        }
    }
}

fn export(
    path: &std::path::Path,
    scenario: Option<&str>,
    out: &std::path::Path,
    opts: &crate::export::ExportOptions,
    lang: Lang,
) -> i32 {
    let Some((mut session, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    match crate::export::export_all_with(&mut session, &results, out, opts) {
        Ok(report) => {
            for p in &report.written {
                println!("{}", p.display());
            }
            for w in &report.warnings {
                match lang {
                    Lang::En => eprintln!("warning: {w}"),
                    Lang::Zh => eprintln!(
                        "警告：{}",
                        crate::export::file_messages::export_warning(lang, w)
                    ),
                }
            }
            0
        }
        Err(e) => {
            eprintln!("{}", crate::export::file_messages::export_error(lang, &e));
            1
        }
    }
}

/// Write the meeting page in `page`'s language; messages in `lang`.
fn pdf(
    path: &std::path::Path,
    scenario: Option<&str>,
    out: &std::path::Path,
    page: Lang,
    lang: Lang,
) -> i32 {
    let Some((_, results)) = load_and_run(path, scenario, lang) else {
        return 1;
    };
    match crate::export::pdf::save_pdf(&results, out, page) {
        Ok(()) => {
            println!("{}", out.display());
            0
        }
        Err(e) => {
            eprintln!("{}", crate::export::file_messages::export_error(lang, &e));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    #[test]
    fn table_sums_out_of_range_do_not_panic() {
        let deal = crate::io::parse_deal(
            include_str!("../sample_deals/highway_concession.ron"),
            "highway",
        )
        .unwrap();
        let mut r = crate::engine::run(&deal, None).unwrap();
        let pc = r.project_company.as_mut().unwrap();
        pc.periods[0].noi = Decimal::MAX;
        pc.periods[1].noi = Decimal::MAX;
        pc.periods[0].dividends = Decimal::new(150, 2);
        for p in &mut pc.periods[1..] {
            p.dividends = Decimal::ZERO;
        }
        let text = super::table(&r, crate::i18n::Lang::En);
        assert!(text.contains("NOI out of range, "), "{text}");
        assert!(text.contains("dividends 1.50, "), "{text}");
    }
}
