//! The command line: `check`, `run`, `xirr`, `export`, and the questions of a deal
//! (`compare`, `grid`, `tornado`, `solve`, `breakevens`, `obligors`). A contract other tools
//! call, documented in `docs/cli.md`. No egui here.

mod analysis;
mod price_report;
mod tokens;

pub use analysis::ReportFormat;

use crate::engine::Session;
use crate::error::Severity;
use crate::format::money;
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
        /// Language of chart labels, sheet headers and the term sheet.
        #[arg(long, value_enum, default_value_t = ExportLang::Zh)]
        lang: ExportLang,
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
        /// Language of the page.
        #[arg(long, value_enum, default_value_t = ExportLang::Zh)]
        lang: ExportLang,
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
pub enum ExportLang {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Run a CLI command; returns the process exit code. Output goes to stdout, errors to stderr.
pub fn execute(cmd: Command) -> i32 {
    match cmd {
        Command::Check { deal } => check(&deal),
        Command::Run {
            deal,
            scenario,
            format,
        } => run(&deal, scenario.as_deref(), format),
        Command::Xirr { file } => xirr(file.as_deref()),
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
            price_report::price(&deal, &security, settle, quote, scenario.as_deref(), format)
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
            lang,
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
                lang: match lang {
                    ExportLang::Zh => crate::export::Lang::Zh,
                    ExportLang::En => crate::export::Lang::En,
                },
            };
            export(&deal, scenario.as_deref(), &out, &opts)
        }
        Command::Pdf {
            deal,
            out,
            scenario,
            lang,
        } => pdf(&deal, scenario.as_deref(), &out, lang),
        Command::Compare {
            deal,
            other,
            format,
        } => analysis::compare_cmd(&deal, other.as_deref(), format),
        Command::Grid { deal, name, format } => analysis::grid_cmd(&deal, &name, format),
        Command::Tornado {
            deal,
            scenario,
            format,
        } => analysis::tornado_cmd(&deal, scenario.as_deref(), format),
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
        ),
        Command::Breakevens {
            deal,
            vary,
            tolerance,
            scenario,
            format,
        } => analysis::breakevens_cmd(&deal, scenario.as_deref(), &vary, tolerance, format),
        Command::Tokens {
            deal,
            scenario,
            format,
        } => tokens::tokens_cmd(&deal, scenario.as_deref(), format),
        Command::Registry {
            deal,
            security,
            scenario,
            out,
        } => tokens::registry_cmd(&deal, &security, scenario.as_deref(), out.as_deref()),
        Command::VerifySchedule { deal, schedule } => tokens::verify_cmd(&deal, &schedule),
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
        ),
    }
}

fn check(path: &std::path::Path) -> i32 {
    let mut session = match Session::open(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let issues = session.issues();
    let deal = session.deal();
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    for i in &issues {
        eprintln!("{}: {i}", path.display());
    }
    if errors > 0 {
        eprintln!("{}: {errors} error(s)", path.display());
        1
    } else {
        println!(
            "{}: ok: {} ({} assets, {} tranches, {} scenarios, {} from stress templates)",
            path.display(),
            deal.name,
            deal.pool.len(session.tape().len()),
            deal.tranches.len(),
            deal.scenarios.len() + deal.stress_templates.len(),
            deal.stress_templates.len()
        );
        0
    }
}

/// Open a deal file (and its tape); errors are printed and give `None`.
fn open(path: &std::path::Path) -> Option<Session> {
    Session::open(path).map_err(|e| eprintln!("{e}")).ok()
}

/// Load and run a deal; errors are printed and give `None`.
pub(crate) fn load_and_run(
    path: &std::path::Path,
    scenario: Option<&str>,
) -> Option<(Session, DealResults)> {
    let mut session = open(path)?;
    let results = session
        .run(scenario)
        .map_err(|e| eprintln!("{}: {e}", path.display()))
        .ok()?;
    Some((session, results))
}

fn run(path: &std::path::Path, scenario: Option<&str>, format: Format) -> i32 {
    let Some((_, results)) = load_and_run(path, scenario) else {
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
        Format::Table => print!("{}", table(&results)),
    }
    0
}

fn opt(x: Option<f64>, scale: f64, dp: usize) -> String {
    x.map_or("-".into(), |v| format!("{:.dp$}", v * scale))
}

/// The plain-text report: securities, then the period cash flows.
pub fn table(r: &DealResults) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{} — scenario {}", r.deal, r.scenario);
    if let Some(st) = &r.stress {
        let _ = writeln!(
            s,
            "stress of {}: CDR × {}, recovery rate × (1 − {})",
            st.base, st.cdr_multiple, st.recovery_haircut
        );
    }
    let _ = writeln!(
        s,
        "\n{:<10} {:>16} {:>7} {:>8} {:>6} {:>6} {:>6} {:>14} {:>14}",
        "security", "size", "coupon%", "IRR%", "WAL", "MacD", "ModD", "loss", "int.short"
    );
    for m in &r.securities {
        let _ = writeln!(
            s,
            "{:<10} {:>16} {:>7.3} {:>8} {:>6} {:>6} {:>6} {:>14} {:>14}",
            m.id,
            money(m.size),
            m.coupon * 100.0,
            opt(m.irr, 100.0, 3),
            opt(m.wal, 1.0, 2),
            opt(m.macaulay_duration, 1.0, 2),
            opt(m.modified_duration, 1.0, 2),
            money(m.principal_loss),
            money(m.interest_shortfall)
        );
    }
    if let (Some(pc), Some(plan)) = (&r.project_company, &r.plan) {
        // Checked: a sum out of `Decimal`'s range is printed as such, never a panic.
        let sum = |f: fn(&crate::results::ProjectCompanyPeriod) -> rust_decimal::Decimal| {
            let total: crate::money::ExactSum = pc.periods.iter().map(f).collect();
            total.total().map_or_else(|| "out of range".into(), money)
        };
        let _ = writeln!(
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
        );
        let _ = writeln!(
            s,
            "plan: paid-in {}, fees {}, incentive {}, guarantee {}, exit {} at {}",
            money(plan.paid_in),
            money(plan.total_fees),
            money(plan.total_incentive_fee),
            money(plan.total_guarantee_payments),
            plan.exit,
            money(plan.exit_value)
        );
        for m in &r.securities {
            let _ = writeln!(
                s,
                "{}: multiple {}, distribution rate {}%",
                m.id,
                opt(m.multiple, 1.0, 3),
                opt(m.distribution_rate, 100.0, 2)
            );
        }
    } else {
        let p = &r.pool;
        let _ = writeln!(
            s,
            "\npool: {} assets, balance {}, collections {}, defaults {} (CDR cum. {:.3}%), recoveries {}, excess spread {}",
            p.assets,
            money(p.initial_balance),
            money(p.total_collections),
            money(p.total_defaults),
            p.cumulative_default_rate * 100.0,
            money(p.total_recoveries),
            money(p.total_excess_spread)
        );
    }
    for e in &r.enhancements {
        let _ = writeln!(
            s,
            "{} {} ({}): drawn {} on {} date(s)",
            e.kind,
            e.id,
            e.provider,
            money(e.total_drawn),
            e.periods_drawn
        );
    }
    let _ = write!(
        s,
        "\n{:>3} {:<10} {:>15} {:>15} {:>15} {:>15}",
        "#", "date", "available", "paid", "retained", "pool bal."
    );
    for m in &r.securities {
        let _ = write!(s, " {:>14}", format!("{} bal.", m.id));
    }
    s.push('\n');
    for p in &r.periods {
        let _ = write!(
            s,
            "{:>3} {:<10} {:>15} {:>15} {:>15} {:>15}",
            p.period,
            p.date,
            money(p.available),
            money(p.paid),
            money(p.retained),
            money(p.pool.closing_balance)
        );
        for t in &p.tranches {
            let _ = write!(s, " {:>14}", money(t.closing_balance));
        }
        s.push('\n');
    }
    for w in &r.warnings {
        let _ = writeln!(s, "warning {}: {}", w.code, w.message);
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

fn xirr(file: Option<&std::path::Path>) -> i32 {
    let text = match file {
        Some(p) => std::fs::File::open(p)
            .map_err(|e| format!("{}: {e}", p.display()))
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
            eprintln!("{e}");
            1
        }
    }
}

fn export(
    path: &std::path::Path,
    scenario: Option<&str>,
    out: &std::path::Path,
    opts: &crate::export::ExportOptions,
) -> i32 {
    let Some((mut session, results)) = load_and_run(path, scenario) else {
        return 1;
    };
    match crate::export::export_all_with(&mut session, &results, out, opts) {
        Ok(report) => {
            for p in &report.written {
                println!("{}", p.display());
            }
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn pdf(
    path: &std::path::Path,
    scenario: Option<&str>,
    out: &std::path::Path,
    lang: ExportLang,
) -> i32 {
    let Some((_, results)) = load_and_run(path, scenario) else {
        return 1;
    };
    let lang = match lang {
        ExportLang::Zh => crate::export::Lang::Zh,
        ExportLang::En => crate::export::Lang::En,
    };
    match crate::export::pdf::save_pdf(&results, out, lang) {
        Ok(()) => {
            println!("{}", out.display());
            0
        }
        Err(e) => {
            eprintln!("{e}");
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
        let text = super::table(&r);
        assert!(text.contains("NOI out of range, "), "{text}");
        assert!(text.contains("dividends 1.50, "), "{text}");
    }
}
