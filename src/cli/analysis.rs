//! The CLI's questions of a deal: `compare`, `grid`, `tornado`, `solve`, `breakevens`,
//! `obligors`. Each opens the deal in an `engine::Session` and prints its answer as a table,
//! JSON or CSV (`docs/cli.md`).

use super::open;
use crate::engine::Session;
use crate::engine::analysis::{
    self, Goal, GridResult, ObligorStress, Solution, SolveSpec, SolveStatus, Tornado,
};
use crate::engine::compare::{self, Comparison, DealDiff};
use crate::engine::drivers;
use crate::export::summary::{figure_label, figure_value};
use crate::i18n::{Lang, Term};
use crate::model::Driver;
use clap::ValueEnum;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
}

/// Print `value` as pretty JSON; 1 when it cannot be written.
fn print_json(value: &impl Serialize) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            println!("{s}");
            0
        }
        Err(e) => {
            eprintln!("cannot write JSON: {e}");
            1
        }
    }
}

/// Print CSV rows (the first is the header); 1 when they cannot be written.
fn print_csv(rows: &[Vec<String>]) -> i32 {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        if let Err(e) = w.write_record(r) {
            eprintln!("cannot write CSV: {e}");
            return 1;
        }
    }
    match w.into_inner().map(String::from_utf8) {
        Ok(Ok(s)) => {
            print!("{s}");
            0
        }
        _ => {
            eprintln!("cannot write CSV");
            1
        }
    }
}

/// Plain columns, the first left-aligned.
fn columns(rows: &[Vec<String>]) -> String {
    super::columns(rows, 1)
}

/// A table for the eye in `lang`: the header row's CSV keys named by the shared vocabulary
/// (`loss:B` → "B Principal loss"), a solve's status in words, the first column left-aligned.
fn table(mut rows: Vec<Vec<String>>, lang: Lang) -> String {
    if let Some(header) = rows.first_mut() {
        for cell in header.iter_mut() {
            *cell = header_word(lang, cell);
        }
    }
    let status = rows
        .first()
        .and_then(|h| h.iter().position(|c| c == lang.term(Term::Status)));
    for row in rows.iter_mut().skip(1) {
        if let Some(cell) = status.and_then(|k| row.get_mut(k)) {
            *cell = status_word(lang, cell).to_string();
        }
        if row.first().is_some_and(|c| c == "pair") {
            row[0] = lang.term(Term::WorstPair).to_string();
        }
    }
    columns(&rows)
}

fn header_word(lang: Lang, key: &str) -> String {
    if let Some(id) = key.strip_prefix("loss:") {
        return format!("{id} {}", lang.term(Term::PrincipalLoss));
    }
    if let Some(output) = key.strip_prefix("output ") {
        return format!("{} {output}", lang.term(Term::Output));
    }
    let term = match key {
        "scenario" => Term::Scenario,
        "security" => Term::Security,
        "figure" => Term::Figure,
        "value" => Term::Value,
        "driver" => Term::Driver,
        "step" => Term::StepSize,
        "low" => Term::LowValue,
        "high" => Term::HighValue,
        "output" => Term::Output,
        "base" => Term::BaseValue,
        "at_low" => Term::AtLow,
        "at_high" => Term::AtHigh,
        "goal" => Term::Goal,
        "without" => Term::Without,
        "status" => Term::Status,
        "fails_at" => Term::FailsAt,
        "iterations" => Term::Iterations,
        "tolerance" => Term::Tolerance,
        "lo" => Term::LowerBound,
        "hi" => Term::UpperBound,
        "rank" => Term::Rank,
        "obligors" => Term::DefaultedObligors,
        "balance" => Term::Balance,
        _ => return key.to_string(),
    };
    lang.term(term).to_string()
}

/// A solve's status (`Found`, as the JSON writes it) in words.
fn status_word(lang: Lang, status: &str) -> &str {
    match status {
        "Found" => lang.pick(("已求得", "found")),
        "NotBracketed" => lang.pick(("区间内无解", "not bracketed")),
        "Failed" => lang.pick(("求解失败", "failed")),
        other => other,
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// A figure for the eye: amounts of 1,000 or more to the fen, smaller figures (rates,
/// years, ratios) to 6 decimal places.
fn short(x: Option<f64>) -> String {
    match x {
        None => "-".into(),
        Some(v) if v.abs() >= 1000.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.6}"),
    }
}

/// `compare DEAL` and `compare A B`.
pub fn compare_cmd(a: &Path, b: Option<&Path>, format: ReportFormat, lang: Lang) -> i32 {
    let Some(mut sa) = open(a, lang) else {
        return 1;
    };
    let ca = sa.compare();
    let Some(b) = b else {
        for f in &ca.failed {
            eprintln!("{}: scenario {f}", a.display());
        }
        return match format {
            ReportFormat::Json => print_json(&ca),
            ReportFormat::Csv => print_csv(&comparison_rows(&ca)),
            ReportFormat::Table => {
                print!("{}", comparison_table(&ca, lang));
                0
            }
        };
    };
    let Some(mut sb) = open(b, lang) else {
        return 1;
    };
    let cb = sb.compare();
    let diff = DealDiff {
        changes: compare::changes(sa.deal(), sa.tape(), sb.deal(), sb.tape()),
        a: ca,
        b: cb,
    };
    match format {
        ReportFormat::Json => print_json(&diff),
        ReportFormat::Csv => print_csv(&diff_rows(&diff)),
        ReportFormat::Table => {
            print!("{}", diff_table(&diff, a, b, lang));
            0
        }
    }
}

/// CSV of one deal's comparison: `scenario,security,figure,value`, one row a figure.
pub fn comparison_rows(c: &Comparison) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["scenario", "security", "figure", "value"]
            .map(String::from)
            .to_vec(),
    ];
    for s in &c.scenarios {
        for (sec, fig, v) in s.figures(c.holding) {
            rows.push(vec![
                s.scenario.clone(),
                sec.unwrap_or("").to_string(),
                fig.to_string(),
                v.text(),
            ]);
        }
    }
    rows
}

/// One row a figure, one column a scenario, in `lang` (the app's comparison tab's words).
fn comparison_table(c: &Comparison, lang: Lang) -> String {
    let mut rows = vec![
        std::iter::once(format!("{} — {}", c.deal, lang.term(Term::Figure)))
            .chain(c.scenarios.iter().map(|s| s.scenario.clone()))
            .collect::<Vec<_>>(),
    ];
    if let Some(first) = c.scenarios.first() {
        let keys: Vec<(Option<String>, &str)> = first
            .figures(c.holding)
            .into_iter()
            .map(|(s, f, _)| (s.map(String::from), f))
            .collect();
        for (sec, fig) in keys {
            let mut row = vec![figure_label(lang, sec.as_deref(), fig)];
            for s in &c.scenarios {
                let v = s
                    .figures(c.holding)
                    .into_iter()
                    .find(|(x, f, _)| x.map(String::from) == sec && *f == fig)
                    .map_or(String::new(), |(.., v)| figure_value(lang, fig, &v));
                row.push(v);
            }
            rows.push(row);
        }
    }
    let mut s = columns(&rows);
    for f in &c.failed {
        let _ = writeln!(s, "{}{f}", lang.pick(("未能计算：", "not run: ")));
    }
    s
}

/// The figures of scenario `name` in one comparison, keyed by (security, figure).
fn figure_map(c: &Comparison, name: &str) -> Vec<(String, String, String)> {
    c.scenario(name).map_or(Vec::new(), |s| {
        s.figures(c.holding)
            .into_iter()
            .map(|(sec, f, v)| (sec.unwrap_or("").to_string(), f.to_string(), v.text()))
            .collect()
    })
}

/// Scenario names of A, then those only in B.
fn scenario_names(d: &DealDiff) -> Vec<String> {
    let mut names: Vec<String> = d.a.scenarios.iter().map(|s| s.scenario.clone()).collect();
    for s in &d.b.scenarios {
        if !names.contains(&s.scenario) {
            names.push(s.scenario.clone());
        }
    }
    names
}

/// Rows `scenario,security,figure,a,b`: first the changed terms (scenario `terms`, the
/// field path in `security`), then every figure of every scenario of either deal.
fn diff_rows(d: &DealDiff) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["scenario", "security", "figure", "a", "b"]
            .map(String::from)
            .to_vec(),
    ];
    for c in &d.changes {
        rows.push(vec![
            "terms".into(),
            c.path.clone(),
            "value".into(),
            c.a.clone().unwrap_or_default(),
            c.b.clone().unwrap_or_default(),
        ]);
    }
    for name in scenario_names(d) {
        let (fa, fb) = (figure_map(&d.a, &name), figure_map(&d.b, &name));
        let mut keys: Vec<(String, String)> =
            fa.iter().map(|(s, f, _)| (s.clone(), f.clone())).collect();
        for (s, f, _) in &fb {
            if !keys.contains(&(s.clone(), f.clone())) {
                keys.push((s.clone(), f.clone()));
            }
        }
        let get = |m: &[(String, String, String)], k: &(String, String)| {
            m.iter()
                .find(|(s, f, _)| *s == k.0 && *f == k.1)
                .map_or(String::new(), |x| x.2.clone())
        };
        for k in keys {
            rows.push(vec![
                name.clone(),
                k.0.clone(),
                k.1.clone(),
                get(&fa, &k),
                get(&fb, &k),
            ]);
        }
    }
    rows
}

fn diff_table(d: &DealDiff, a: &Path, b: &Path, lang: Lang) -> String {
    let mut s = format!(
        "A: {} ({})\nB: {} ({})\n\n",
        d.a.deal,
        a.display(),
        d.b.deal,
        b.display()
    );
    let terms = lang.term(Term::Terms);
    if d.changes.is_empty() {
        let _ = writeln!(s, "{terms}{}", lang.pick(("：无变化", ": no change")));
    } else {
        let mut rows = vec![vec![terms.to_string(), "A".into(), "B".into()]];
        for c in &d.changes {
            rows.push(vec![
                crate::export::messages::field_name(lang, None, &c.path),
                c.a.clone().unwrap_or_else(|| "—".into()),
                c.b.clone().unwrap_or_else(|| "—".into()),
            ]);
        }
        s.push_str(&columns(&rows));
    }
    let all = diff_rows(d);
    let header = format!(
        "{} / {}",
        lang.term(Term::Scenario),
        lang.term(Term::Figure)
    );
    let mut rows = vec![vec![header, "A".into(), "B".into()]];
    for r in all.iter().skip(1).filter(|r| r[0] != "terms") {
        let security = Some(r[1].as_str()).filter(|s| !s.is_empty());
        let label = format!("{} {}", r[0], figure_label(lang, security, &r[2]));
        rows.push(vec![label, r[3].clone(), r[4].clone()]);
    }
    s.push('\n');
    s.push_str(&columns(&rows));
    s
}

/// `grid DEAL --grid NAME`.
pub fn grid_cmd(path: &Path, name: &str, format: ReportFormat, lang: Lang) -> i32 {
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let g = match session.grid_named(name, &AtomicBool::new(false)) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    for e in &g.errors {
        eprintln!("cell ({}, {}): {}", e.row, e.col, e.message);
    }
    match format {
        ReportFormat::Json => print_json(&g),
        ReportFormat::Csv => print_csv(&grid_rows(&g, false)),
        ReportFormat::Table => {
            print!("{}", columns(&grid_rows(&g, true)));
            0
        }
    }
}

/// The grid as rows: a header `y \ x` then the x values, each row its y value then the cells
/// (a 1-D grid: one row named by the output).
pub fn grid_rows(g: &GridResult, eye: bool) -> Vec<Vec<String>> {
    let cell = if eye { short } else { num };
    let corner = match &g.y {
        Some(y) => format!("{} \\ {}", y.driver, g.x.driver),
        None => g.x.driver.clone(),
    };
    let mut rows = vec![
        std::iter::once(corner)
            .chain(g.x.values.iter().map(|x| x.to_string()))
            .collect::<Vec<_>>(),
    ];
    for (i, cells) in g.cells.iter().enumerate() {
        let label =
            g.y.as_ref()
                .map_or(g.output.clone(), |y| y.values[i].to_string());
        rows.push(
            std::iter::once(label)
                .chain(cells.iter().map(|c| cell(*c)))
                .collect(),
        );
    }
    rows
}

/// `tornado DEAL`.
pub fn tornado_cmd(path: &Path, scenario: Option<&str>, format: ReportFormat, lang: Lang) -> i32 {
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let steps = analysis::default_tornado(session.deal());
    let outputs = analysis::all_outputs(session.deal());
    let t = match session.tornado(scenario, &steps, &outputs, &AtomicBool::new(false)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    match format {
        ReportFormat::Json => print_json(&t),
        ReportFormat::Csv => print_csv(&tornado_rows(&t, false)),
        ReportFormat::Table => {
            print!("{}", table(tornado_rows(&t, true), lang));
            0
        }
    }
}

/// `driver,value,step,low,high,output,base,at_low,at_high`, one row an output of a driver.
pub fn tornado_rows(t: &Tornado, eye: bool) -> Vec<Vec<String>> {
    let f = if eye { short } else { num };
    let mut rows = vec![
        [
            "driver", "value", "step", "low", "high", "output", "base", "at_low", "at_high",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for r in &t.rows {
        for (k, o) in t.outputs.iter().enumerate() {
            rows.push(vec![
                r.driver.clone(),
                r.value.to_string(),
                r.step.to_string(),
                r.low.to_string(),
                r.high.to_string(),
                o.clone(),
                f(t.base[k]),
                f(r.at_low[k]),
                f(r.at_high[k]),
            ]);
        }
    }
    rows
}

/// What `solve` was asked.
pub struct SolveArgs<'a> {
    pub scenario: Option<&'a str>,
    pub target: &'a str,
    pub vary: &'a str,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub tolerance: Option<f64>,
    pub without: Option<&'a str>,
    pub format: ReportFormat,
}

/// The tolerance when none is given: 1 bp for a rate, half a period or year for a count, one
/// yuan for a size.
pub fn default_tolerance(d: &Driver) -> f64 {
    match d {
        Driver::RecoveryLag | Driver::ObligorDefaultPeriod(_) => 0.5,
        Driver::TrancheSize(_) => 1.0,
        _ => 1e-4,
    }
}

/// The search range and tolerance for `driver` on this deal (what the caller gave, else the
/// driver's default range).
fn range_of(
    session: &mut Session,
    driver: &Driver,
    scenario: Option<&str>,
    from: Option<f64>,
    to: Option<f64>,
) -> Result<(f64, f64), String> {
    let (lo, hi) = match (from, to) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            let r = session.run(scenario).map_err(|e| e.to_string())?;
            let d = analysis::search_range(driver, r.pool.initial_balance, r.periods.len());
            (from.unwrap_or(d.0), to.unwrap_or(d.1))
        }
    };
    Ok((lo, hi))
}

/// `solve DEAL --target GOAL --vary DRIVER`: exit 0 when found, 2 when nothing is bracketed
/// or a run failed, 1 on an error.
pub fn solve_cmd(path: &Path, a: &SolveArgs<'_>, lang: Lang) -> i32 {
    let (goal, driver) = match (Goal::parse(a.target), drivers::parse(a.vary)) {
        (Ok(g), Ok(d)) => (g, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{}", crate::export::messages::error_sentence(lang, &e));
            return 1;
        }
    };
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let (lo, hi) = match range_of(&mut session, &driver, a.scenario, a.from, a.to) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    let spec = SolveSpec {
        scenario: a.scenario.map(String::from),
        tolerance: a.tolerance.unwrap_or_else(|| default_tolerance(&driver)),
        driver,
        lo,
        hi,
        goal,
        without: a.without.map(String::from),
    };
    let sol = match session.solve(&spec) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    let code = match a.format {
        ReportFormat::Json => print_json(&sol),
        ReportFormat::Csv => print_csv(&solution_rows(std::slice::from_ref(&sol))),
        ReportFormat::Table => {
            print!("{}", table(solution_rows(std::slice::from_ref(&sol)), lang));
            println!(
                "{}",
                crate::export::messages::error_sentence(lang, &sol.message)
            );
            0
        }
    };
    if code != 0 {
        code
    } else if sol.status == SolveStatus::Found {
        0
    } else {
        2
    }
}

/// One row a solution.
pub fn solution_rows(sols: &[Solution]) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "goal",
            "without",
            "driver",
            "status",
            "value",
            "fails_at",
            "iterations",
            "tolerance",
            "lo",
            "hi",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for s in sols {
        rows.push(vec![
            s.goal.clone(),
            s.without.clone().unwrap_or_default(),
            s.driver.clone(),
            format!("{:?}", s.status),
            num(s.value),
            num(s.fails_at),
            s.iterations.to_string(),
            s.tolerance.to_string(),
            s.lo.to_string(),
            s.hi.to_string(),
        ]);
    }
    rows
}

/// `breakevens DEAL --vary DRIVER`: every tranche, no loss and no shortfall, with every
/// enhancement and without each.
pub fn breakevens_cmd(
    path: &Path,
    scenario: Option<&str>,
    vary: &str,
    tolerance: Option<f64>,
    format: ReportFormat,
    lang: Lang,
) -> i32 {
    let driver = match drivers::parse(vary) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}", crate::export::messages::error_sentence(lang, &e));
            return 1;
        }
    };
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let (lo, hi) = match range_of(&mut session, &driver, scenario, None, None) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    let tol = tolerance.unwrap_or_else(|| default_tolerance(&driver));
    match session.breakevens(scenario, &driver, lo, hi, tol) {
        Ok(sols) => match format {
            ReportFormat::Json => print_json(&sols),
            ReportFormat::Csv => print_csv(&solution_rows(&sols)),
            ReportFormat::Table => {
                print!("{}", table(solution_rows(&sols), lang));
                0
            }
        },
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            1
        }
    }
}

/// `obligors DEAL`: each obligor defaulted in turn, the top N, and the worst pair.
pub fn obligors_cmd(
    path: &Path,
    scenario: Option<&str>,
    period: u32,
    output: Option<&str>,
    top: usize,
    format: ReportFormat,
    lang: Lang,
) -> i32 {
    let Some(mut session) = open(path, lang) else {
        return 1;
    };
    let output = match output {
        Some(o) => match drivers::parse_output(o) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("{}", crate::export::messages::error_sentence(lang, &e));
                return 1;
            }
        },
        // The most junior tranche's loss: the first to feel a default.
        None => match session.deal().tranches.last() {
            Some(t) => crate::model::Output {
                metric: crate::model::Metric::PrincipalLoss,
                security: Some(t.id.clone()),
            },
            None => {
                eprintln!("{}: no tranche", path.display());
                return 1;
            }
        },
    };
    let mut st = match session.obligor_stress(scenario, period, &output, &AtomicBool::new(false)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", super::failure(lang, path, &e.to_string()));
            return 1;
        }
    };
    st.singles.truncate(top);
    match format {
        ReportFormat::Json => print_json(&st),
        ReportFormat::Csv => print_csv(&obligor_rows(&st)),
        ReportFormat::Table => {
            print!("{}", table(obligor_rows(&st), lang));
            let (output, base, pairs) = (&st.output, num(st.base), st.pairs_searched);
            match lang {
                Lang::Zh => println!("基准值 {output}：{base}（试算 {pairs} 个组合）"),
                Lang::En => println!("base {output}: {base} ({pairs} pairs tried)"),
            }
            0
        }
    }
}

/// `rank,obligors,balance,value` then each security's loss; the worst pair last (rank
/// `pair`).
pub fn obligor_rows(st: &ObligorStress) -> Vec<Vec<String>> {
    let ids: Vec<String> = st
        .singles
        .first()
        .or(st.worst_pair.as_ref())
        .map_or(Vec::new(), |r| {
            r.losses.iter().map(|(s, _)| s.clone()).collect()
        });
    let mut header: Vec<String> = vec![
        "rank".into(),
        "obligors".into(),
        "balance".into(),
        format!("output {}", st.output),
    ];
    header.extend(ids.iter().map(|s| format!("loss:{s}")));
    let mut rows = vec![header];
    let row = |rank: String, r: &analysis::ObligorRow| {
        let mut v = vec![
            rank,
            r.obligors.join(" + "),
            r.balance.to_string(),
            num(r.value),
        ];
        v.extend(r.losses.iter().map(|(_, l)| l.to_string()));
        v
    };
    for (i, r) in st.singles.iter().enumerate() {
        rows.push(row((i + 1).to_string(), r));
    }
    if let Some(p) = &st.worst_pair {
        rows.push(row("pair".into(), p));
    }
    rows
}
