//! Term-sheet exports from `DealResults` (never egui): print charts (PNG with pHYs, SVG),
//! cash-flow tables (CSV, XLSX), the term-sheet summary (XLSX sheet, Markdown) and per-unit
//! distribution schedules (CSV, JSON). `docs/export.md` describes every file.
//!
//! The CLI (`tranche-studio export`) and the app call the same functions:
//! - one chart: [`charts::render_png`] / [`charts::render_svg`] with [`charts::ChartOptions`];
//! - everything into a directory: [`export_all`] / [`export_all_with`].

pub mod charts;
pub mod file_messages;
pub mod messages;
pub mod palette;
pub mod pdf;
pub mod per_unit;
mod raster;
mod staging;
pub mod summary;
pub mod tables;
pub mod tsv;

pub use staging::clean_stale;

use crate::engine::Session;
use crate::results::DealResults;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Language of the labels in charts, sheet headers and the term sheet (CSV headers and
/// JSON keys are always the English keys).
pub use crate::i18n::Lang;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be encoded (CSV, XLSX, JSON).
    #[error("{path}: {message}")]
    Write { path: String, message: String },
    #[error("chart {chart}: {message}")]
    Chart {
        chart: &'static str,
        message: String,
    },
    /// An option out of range (chart size, dpi, unit face).
    #[error("{field}: {message}")]
    Options {
        field: &'static str,
        message: String,
    },
    #[error("security {security}: {message}")]
    PerUnit { security: String, message: String },
    #[error("no security {0:?} in the results")]
    UnknownSecurity(String),
}

/// The period's entry for security `t` (whose id is `id`): by position, checked by id.
pub(crate) fn tranche<'a>(
    p: &'a crate::results::PeriodResult,
    t: usize,
    id: &str,
) -> Option<&'a crate::results::TranchePeriod> {
    p.tranches
        .get(t)
        .filter(|tp| &*tp.id == id)
        .or_else(|| p.tranches.iter().find(|tp| &*tp.id == id))
}

pub(crate) fn create_dir(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.display().to_string(),
        source,
    })
}

/// Write a file atomically (`io::write_atomic`), so a reader never sees a half-written export.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::io::write_atomic(path, bytes).map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// CSV text written by `write` (the CSV writers of the tables and the per-unit schedules);
/// an encoding error names the file `path`.
pub(crate) fn csv_string(
    path: &str,
    write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> Result<String, ExportError> {
    let err = |message: String| ExportError::Write {
        path: path.into(),
        message,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    write(&mut w).map_err(|e| err(e.to_string()))?;
    let bytes = w.into_inner().map_err(|e| err(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| err(e.to_string()))
}

/// What [`export_all_with`] writes.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Every chart as `<chart>.png` and `<chart>.svg`.
    pub charts: bool,
    /// `periods.csv`, `securities.csv`, `pool.csv` (and the holding parts), `cashflows.xlsx`,
    /// `term_sheet.md`, `per_unit_<security>.csv/.json`.
    pub tables: bool,
    pub chart: charts::ChartOptions,
    /// Face of one unit for the per-unit schedules, CNY (100 by default).
    pub unit_face: Decimal,
    pub lang: Lang,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            charts: true,
            tables: true,
            chart: charts::ChartOptions::default(),
            unit_face: per_unit::default_face(),
            lang: Lang::Zh,
        }
    }
}

/// The files written and what was left out (with the reason).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportReport {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// The charts that have data in these results: a holding-type deal has no pool chart, a
/// tranched deal no project-company or NAV chart.
pub fn available_charts(r: &DealResults) -> Vec<charts::ChartKind> {
    use charts::ChartKind as K;
    K::ALL
        .into_iter()
        .filter(|k| match k {
            K::PoolFlows => tables::has_pool(r),
            K::ProjectCompany => r.project_company.is_some(),
            K::Nav => r.plan.is_some(),
            K::Distributions | K::Balances | K::Irr | K::Sensitivity => true,
        })
        .collect()
}

/// Write the charts and/or the tables of `results` into `out_dir` with the default options
/// (160 × 100 mm at 300 dpi, unit face 100 CNY, Chinese labels).
pub fn export_all(
    session: &mut Session,
    results: &DealResults,
    out_dir: &Path,
    charts: bool,
    tables: bool,
) -> Result<ExportReport, ExportError> {
    export_all_with(
        session,
        results,
        out_dir,
        &ExportOptions {
            charts,
            tables,
            ..ExportOptions::default()
        },
    )
}

/// Write what `opts` selects into `out_dir` (created if missing), as a set: every file is
/// written into a staging folder first and moved into place only when all are written, so a
/// failure leaves `out_dir` as it was ([`staging`]). What an interrupted export left behind is
/// finished or removed first, with a warning. The term sheet's scenario table runs every
/// scenario of the session's deal (with its tape).
pub fn export_all_with(
    session: &mut Session,
    results: &DealResults,
    out_dir: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport, ExportError> {
    export_all_counted(session, results, out_dir, opts, &AtomicUsize::new(0))
}

/// [`export_all_with`], counting in `written` the files staged so far (a progress display
/// reads it while the export runs on another thread).
pub fn export_all_counted(
    session: &mut Session,
    results: &DealResults,
    out_dir: &Path,
    opts: &ExportOptions,
    written: &AtomicUsize,
) -> Result<ExportReport, ExportError> {
    if opts.unit_face <= Decimal::ZERO {
        return Err(ExportError::Options {
            field: "unit_face",
            message: format!("{} is not positive", opts.unit_face),
        });
    }
    if opts.charts {
        opts.chart.pixel_size()?;
    }
    create_dir(out_dir)?;
    let mut report = ExportReport {
        warnings: staging::clean_stale(out_dir),
        ..ExportReport::default()
    };
    let stage = staging::Stage::new(out_dir)?;
    let mut staged = Vec::new();
    let mut put = |name: String, bytes: &[u8]| -> Result<(), ExportError> {
        staged.push(stage.write(&name, bytes)?);
        written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    if opts.charts {
        let chart_opts = charts::ChartOptions {
            lang: opts.lang,
            ..opts.chart
        };
        for kind in available_charts(results) {
            let spec = charts::chart_spec(results, kind, opts.lang);
            let stem = kind.file_stem();
            put(
                format!("{stem}.png"),
                &charts::render_spec_png(&spec, &chart_opts)?,
            )?;
            put(
                format!("{stem}.svg"),
                charts::render_spec_svg(&spec, &chart_opts)?.as_bytes(),
            )?;
        }
    }
    if opts.tables {
        for t in tables::tables(results) {
            put(t.part.csv_name().into(), tables::to_csv(&t)?.as_bytes())?;
        }
        let comparison = session.compare();
        report
            .warnings
            .extend(comparison.failed.iter().map(|f| format!("scenario {f}")));
        let ts = summary::term_sheet(session.deal(), results, &comparison, opts.lang);
        put(
            "cashflows.xlsx".into(),
            &tables::xlsx_bytes(results, Some(&ts), opts.lang)?,
        )?;
        put("term_sheet.md".into(), summary::markdown(&ts).as_bytes())?;

        let mut used = std::collections::HashSet::new();
        for s in &results.securities {
            let schedule = match per_unit::schedule(results, &s.id, opts.unit_face) {
                Ok(x) => x,
                Err(e) => {
                    report.warnings.push(format!("no per-unit schedule: {e}"));
                    continue;
                }
            };
            let mut stem = format!("per_unit_{}", per_unit::file_id(&s.id));
            while !used.insert(stem.clone()) {
                stem.push('_');
            }
            put(
                format!("{stem}.csv"),
                per_unit::to_csv(&schedule)?.as_bytes(),
            )?;
            put(
                format!("{stem}.json"),
                per_unit::to_json(&schedule)?.as_bytes(),
            )?;
        }
    }
    report.written = stage.commit(&staged)?;
    Ok(report)
}
