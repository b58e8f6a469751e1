//! Print charts from `DealResults`: PNG at a chosen physical size and resolution (with the
//! pHYs chunk) and SVG (vector, sized in millimetres). Chinese text is drawn with the bundled
//! Noto Sans SC subset, so the output never depends on the fonts of the machine.
//!
//! A chart is first described by a [`ChartSpec`] (titles, units, series, colours), then drawn
//! by one renderer for both backends; the app can read the same specs to show the same
//! series, names and colours.

use super::palette::{self, Rgb};
use super::{ExportError, Lang};
use crate::format::{self, MoneyUnit};
use crate::i18n::Term;
use crate::money::to_f64;
use crate::results::{DealResults, ProjectCompanyPeriod};
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// The CJK font drawn into PNGs (`assets/fonts/OFL.txt` is its licence), before the system's.
pub use crate::fonts::CJK_FONT;

/// Family the font is registered under. SVG writes it verbatim as `font-family`, so it is a
/// CSS fallback list: the bundled font's family first, then the usual Chinese UI fonts.
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// The charts the app shows and the exports write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Cash paid to each security per payment date, stacked bars.
    Distributions,
    /// Outstanding balance of each security and of the performing pool, lines.
    Balances,
    /// Pool interest, scheduled principal, prepayments and recoveries (stacked above the
    /// axis) and defaults (below it) per payment date.
    PoolFlows,
    /// IRR of each security, bars.
    Irr,
    /// Holding-type deals: the project company's NOI, bank and shareholder-loan debt
    /// service, tax and trapped cash per payment date, lines.
    ProjectCompany,
    /// Holding-type deals: the plan's NAV per unit per payment date, a line.
    Nav,
    /// IRR of one security against a scenario input ([`sensitivity_spec`]); not a chart of
    /// one run's results, so not in [`ChartKind::ALL`].
    Sensitivity,
}

impl ChartKind {
    /// The charts of one run's results, in the order they are exported.
    pub const ALL: [ChartKind; 6] = [
        ChartKind::Distributions,
        ChartKind::Balances,
        ChartKind::PoolFlows,
        ChartKind::Irr,
        ChartKind::ProjectCompany,
        ChartKind::Nav,
    ];

    /// File name without extension: `distributions`, `balances`, `pool_flows`, `irr`,
    /// `project_company`, `nav`, `sensitivity`.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Distributions => "distributions",
            ChartKind::Balances => "balances",
            ChartKind::PoolFlows => "pool_flows",
            ChartKind::Irr => "irr",
            ChartKind::ProjectCompany => "project_company",
            ChartKind::Nav => "nav",
            ChartKind::Sensitivity => "sensitivity",
        }
    }

    /// An export error about this chart.
    fn error(self, message: impl ToString) -> ExportError {
        ExportError::Chart {
            chart: self.file_stem(),
            message: message.to_string(),
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        lang.term(match self {
            ChartKind::Distributions => Term::ChartDistributions,
            ChartKind::Balances => Term::ChartBalances,
            ChartKind::PoolFlows => Term::ChartPoolFlows,
            ChartKind::Irr => Term::ChartIrr,
            ChartKind::ProjectCompany => Term::ChartProjectCompany,
            ChartKind::Nav => Term::ChartNav,
            ChartKind::Sensitivity => Term::ChartSensitivity,
        })
    }
}

/// Size and resolution of an exported chart. PNG pixels are
/// `round(width_mm / 25.4 × dpi)` × `round(height_mm / 25.4 × dpi)`; the SVG is drawn on the
/// same grid and declares its size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartOptions {
    pub width_mm: f64,
    pub height_mm: f64,
    pub dpi: u32,
    pub lang: Lang,
}

/// The brief's name for the same options.
pub type PngOptions = ChartOptions;

impl Default for ChartOptions {
    /// 160 × 100 mm (the text width of an A4 page) at 300 dpi, Chinese labels.
    fn default() -> Self {
        ChartOptions {
            width_mm: 160.0,
            height_mm: 100.0,
            dpi: 300,
            lang: Lang::Zh,
        }
    }
}

pub const MIN_WIDTH_MM: f64 = 60.0;
pub const MIN_HEIGHT_MM: f64 = 50.0;
pub const MAX_MM: f64 = 2000.0;
pub const MIN_DPI: u32 = 50;
pub const MAX_DPI: u32 = 2400;
/// Largest image, in pixels (an RGB buffer of 240 MB).
pub const MAX_PIXELS: u64 = 80_000_000;

impl ChartOptions {
    /// Pixel size of the PNG (and the SVG's drawing grid), after checking the options.
    pub fn pixel_size(&self) -> Result<(u32, u32), ExportError> {
        let check_mm = |field: &'static str, v: f64, min: f64| {
            if v.is_finite() && (min..=MAX_MM).contains(&v) {
                Ok(())
            } else {
                Err(ExportError::Options {
                    field,
                    message: format!("{v} mm is outside [{min}, {MAX_MM}]"),
                })
            }
        };
        check_mm("width_mm", self.width_mm, MIN_WIDTH_MM)?;
        check_mm("height_mm", self.height_mm, MIN_HEIGHT_MM)?;
        if !(MIN_DPI..=MAX_DPI).contains(&self.dpi) {
            return Err(ExportError::Options {
                field: "dpi",
                message: format!("{} is outside [{MIN_DPI}, {MAX_DPI}]", self.dpi),
            });
        }
        let px = |mm: f64| (mm / 25.4 * f64::from(self.dpi)).round() as u32;
        let (w, h) = (px(self.width_mm), px(self.height_mm));
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(ExportError::Options {
                field: "dpi",
                message: format!(
                    "{w} × {h} pixels is more than {MAX_PIXELS}; lower the size or the dpi"
                ),
            });
        }
        Ok((w, h))
    }

    /// Pixels per metre for the PNG pHYs chunk: 11811 at 300 dpi.
    pub fn pixels_per_metre(&self) -> u32 {
        (f64::from(self.dpi) / 0.0254).round() as u32
    }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Bars stacked with the other `StackedBar` series at the same x (negative values below
    /// the axis).
    StackedBar,
    /// One bar per point (categories).
    Bar,
    Line,
    DashedLine,
    /// A line with a dot on each point.
    LinePoints,
    /// A dot on each point, no line.
    Points,
    /// A dashed vertical line at each point's x (its y is `None`).
    VLine,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: Rgb,
    pub mark: Mark,
    /// `(x, y)`: x is a day number (`date_x`) or a category index; y is in the chart's unit,
    /// `None` where there is no value (an IRR that does not exist).
    pub points: Vec<(f64, Option<f64>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum XAxis {
    /// Payment dates (ticks), with the closing date where the axis starts; bars are
    /// `bar_days` wide.
    Dates {
        closing: NaiveDate,
        dates: Vec<NaiveDate>,
        bar_days: f64,
    },
    /// One slot per name, at x = 0, 1, 2, …
    Categories(Vec<String>),
    /// Numbers from `lo` to `hi` (a scenario input in percent), ticks every 1, 2 or 5 × 10ⁿ.
    Values { lo: f64, hi: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum YUnit {
    Money(MoneyUnit),
    Percent,
    /// CNY per unit (a NAV).
    CnyPerUnit,
}

impl YUnit {
    /// The unit alone, for a read-out beside a value: `万元`, `%`, `元/份`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            YUnit::Money(u) => u.label(lang),
            YUnit::Percent => "%",
            YUnit::CnyPerUnit => lang.term(Term::UnitCnyPerUnit),
        }
    }
}

/// How the y axis is fitted to the values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum YRange {
    /// From zero (amounts, IRR bars).
    FromZero,
    /// The values' range, widened about its middle to at least `min_span` (a level such as
    /// a NAV, or an IRR curve, whose small moves would otherwise fill the chart).
    Fit { min_span: f64 },
}

/// Everything a chart shows, independent of how it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    /// Deal and scenario.
    pub subtitle: String,
    pub x_label: String,
    /// Quantity and unit, e.g. `金额（万元）`.
    pub y_label: String,
    pub y_unit: YUnit,
    pub y_range: YRange,
    pub x: XAxis,
    pub series: Vec<Series>,
    /// The label of a bar with no value (a security with no IRR).
    pub no_value: String,
}

/// The smallest IRR range the sensitivity chart shows, in percentage points: a flat line
/// (2.3244005% to 2.3244023%) would otherwise fill the chart and look dramatic.
pub const MIN_IRR_SPAN: f64 = 1.0;

/// The smallest NAV range shown, CNY per unit: a NAV that barely moves reads as flat.
pub const MIN_NAV_SPAN: f64 = 1.0;

/// The range of `ys` (finite values), widened about its middle to `min_span`; `(0, min_span)`
/// when there is none.
pub fn fit_span(ys: impl Iterator<Item = f64>, min_span: f64) -> (f64, f64) {
    let (lo, hi) = ys
        .filter(|y| y.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
            (lo.min(y), hi.max(y))
        });
    if !lo.is_finite() {
        return (0.0, min_span);
    }
    let mid = (lo + hi) / 2.0;
    let half = ((hi - lo) / 2.0).max(min_span / 2.0);
    (mid - half, mid + half)
}

/// x coordinate of a date: days from the common era.
pub fn date_x(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

pub(crate) fn x_date(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || x.abs() > 1e7 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

/// A date axis from the closing date over `dates`; bars are 70% of the shortest period wide.
fn dates_axis(closing: NaiveDate, dates: Vec<NaiveDate>) -> XAxis {
    let shortest = std::iter::once(closing)
        .chain(dates.iter().copied())
        .map(date_x)
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let bar_days = if shortest.is_finite() {
        shortest * 0.7
    } else {
        20.0
    };
    XAxis::Dates {
        closing,
        dates,
        bar_days,
    }
}

/// `IRR（%）` / `IRR (%)`: the y label of the IRR charts.
fn irr_label(lang: Lang) -> String {
    lang.pick(("IRR（%）", "IRR (%)")).into()
}

/// Describe one chart of the results.
pub fn chart_spec(r: &DealResults, kind: ChartKind, lang: Lang) -> ChartSpec {
    let dates: Vec<NaiveDate> = r.periods.iter().map(|p| p.date).collect();
    let xs: Vec<f64> = dates.iter().map(|&d| date_x(d)).collect();
    let date_axis = dates_axis(r.closing_date, dates);
    let subtitle = match lang {
        Lang::Zh => format!("{} · 情景：{}", r.deal, r.scenario),
        Lang::En => format!("{} · scenario: {}", r.deal, r.scenario),
    };
    let money_label = |what: Term, unit: MoneyUnit| match lang {
        Lang::Zh => format!("{}（{}）", what.zh(), unit.label(lang)),
        Lang::En => format!("{} ({})", what.en(), unit.label(lang)),
    };
    let scaled = |xs: &[f64], ys: &[f64], unit: MoneyUnit| -> Vec<(f64, Option<f64>)> {
        xs.iter()
            .zip(ys)
            .map(|(&x, &y)| (x, Some(y / unit.divisor())))
            .collect()
    };
    // Every chart has the kind's title and the deal's subtitle.
    // A holding-type deal's balances are its units' paid-in capital.
    let title = match kind {
        ChartKind::Balances if r.project_company.is_some() => lang.term(Term::ChartCapital),
        _ => kind.title(lang),
    };
    let spec = |x_label: Term, y_label: String, y_unit: YUnit, x: XAxis, series| ChartSpec {
        kind,
        title: title.to_string(),
        subtitle,
        x_label: lang.term(x_label).into(),
        y_label,
        y_unit,
        y_range: YRange::FromZero,
        x,
        series,
        no_value: lang.term(Term::NoIrr).into(),
    };
    // One series per security (in deal order, coloured by position) from its values.
    let security_series = |mark: Mark, xs: &[f64], values: &[Vec<f64>], unit: MoneyUnit| {
        r.securities
            .iter()
            .zip(values)
            .enumerate()
            .map(|(t, (s, v))| Series {
                name: s.name.clone(),
                color: palette::series(t),
                mark,
                points: scaled(xs, v, unit),
            })
            .collect::<Vec<_>>()
    };
    // The charts of amounts over the payment dates; IRR, by security, returns its own.
    let (x_label, what, unit, x, series) = match kind {
        ChartKind::Distributions => {
            let cash: Vec<Vec<f64>> = (0..r.securities.len())
                .map(|t| {
                    r.periods
                        .iter()
                        .map(|p| {
                            super::tranche(p, t, &r.securities[t].id)
                                .map_or(0.0, |tp| to_f64(tp.cash()))
                        })
                        .collect()
                })
                .collect();
            let max = (0..r.periods.len())
                .map(|i| cash.iter().map(|c| c[i].max(0.0)).sum::<f64>())
                .fold(0.0, f64::max);
            let unit = MoneyUnit::for_max(max);
            (
                Term::PaymentDate,
                Term::Distributions,
                unit,
                date_axis,
                security_series(Mark::StackedBar, &xs, &cash, unit),
            )
        }
        ChartKind::Balances => {
            let bal_xs: Vec<f64> = std::iter::once(date_x(r.closing_date))
                .chain(xs.iter().copied())
                .collect();
            let balances: Vec<Vec<f64>> = r
                .securities
                .iter()
                .enumerate()
                .map(|(t, s)| {
                    std::iter::once(to_f64(s.size))
                        .chain(r.periods.iter().map(|p| {
                            super::tranche(p, t, &s.id).map_or(0.0, |tp| to_f64(tp.closing_balance))
                        }))
                        .collect()
                })
                .collect();
            // A holding-type deal has no pool: no pool line (it would lie at 0).
            let pool: Vec<f64> = if super::tables::has_pool(r) {
                std::iter::once(to_f64(r.pool.initial_balance))
                    .chain(r.periods.iter().map(|p| to_f64(p.pool.closing_balance)))
                    .collect()
            } else {
                Vec::new()
            };
            let max = balances
                .iter()
                .flatten()
                .chain(&pool)
                .fold(0.0_f64, |m, v| m.max(v.abs()));
            let unit = MoneyUnit::for_max(max);
            let mut series = security_series(Mark::Line, &bal_xs, &balances, unit);
            if !pool.is_empty() {
                series.push(Series {
                    name: lang.term(Term::PoolBalance).into(),
                    color: Rgb::from_hex(palette::POOL_BALANCE),
                    mark: Mark::DashedLine,
                    points: scaled(&bal_xs, &pool, unit),
                });
            }
            (Term::Date, Term::Balance, unit, date_axis, series)
        }
        ChartKind::PoolFlows => {
            let per = |f: &dyn Fn(&crate::results::PeriodResult) -> f64| -> Vec<f64> {
                r.periods.iter().map(f).collect()
            };
            let flows: [(Term, u32, Vec<f64>); 5] = [
                (
                    Term::PoolInterest,
                    palette::POOL_INTEREST,
                    per(&|p| to_f64(p.pool.interest)),
                ),
                (
                    Term::ScheduledPrincipal,
                    palette::POOL_SCHEDULED_PRINCIPAL,
                    per(&|p| to_f64(p.pool.scheduled_principal)),
                ),
                (
                    Term::Prepayments,
                    palette::POOL_PREPAYMENTS,
                    per(&|p| to_f64(p.pool.prepayments)),
                ),
                (
                    Term::Recoveries,
                    palette::POOL_RECOVERIES,
                    per(&|p| to_f64(p.pool.recoveries)),
                ),
                (
                    Term::Defaults,
                    palette::POOL_DEFAULTS,
                    per(&|p| -to_f64(p.pool.defaults)),
                ),
            ];
            let max = (0..r.periods.len())
                .map(|i| {
                    let up: f64 = flows.iter().map(|f| f.2[i].max(0.0)).sum();
                    let down: f64 = flows.iter().map(|f| f.2[i].min(0.0)).sum();
                    up.max(-down)
                })
                .fold(0.0, f64::max);
            let unit = MoneyUnit::for_max(max);
            (
                Term::PaymentDate,
                Term::Amount,
                unit,
                date_axis,
                flows
                    .iter()
                    .map(|(term, color, v)| Series {
                        name: lang.term(*term).into(),
                        color: Rgb::from_hex(*color),
                        mark: Mark::StackedBar,
                        points: scaled(&xs, v, unit),
                    })
                    .collect(),
            )
        }
        ChartKind::Irr => {
            return spec(
                Term::Security,
                irr_label(lang),
                YUnit::Percent,
                XAxis::Categories(r.securities.iter().map(|s| s.name.clone()).collect()),
                r.securities
                    .iter()
                    .enumerate()
                    .map(|(t, s)| Series {
                        name: s.name.clone(),
                        color: palette::series(t),
                        mark: Mark::Bar,
                        points: vec![(
                            t as f64,
                            s.irr.filter(|v| v.is_finite()).map(|v| v * 100.0),
                        )],
                    })
                    .collect(),
            );
        }
        ChartKind::ProjectCompany => {
            let periods = r.project_company.as_ref().map_or(&[][..], |pc| &pc.periods);
            let pc_xs: Vec<f64> = periods.iter().map(|p| date_x(p.date)).collect();
            let per = |f: fn(&ProjectCompanyPeriod) -> Decimal| -> Vec<f64> {
                periods.iter().map(|p| to_f64(f(p))).collect()
            };
            let lines: [(Term, u32, Mark, Vec<f64>); 5] = [
                (Term::Noi, palette::PC_NOI, Mark::Line, per(|p| p.noi)),
                (
                    Term::BankDebtService,
                    palette::PC_BANK_SERVICE,
                    Mark::Line,
                    per(|p| p.bank_interest + p.bank_principal),
                ),
                (
                    Term::ShareholderLoanService,
                    palette::PC_LOAN_SERVICE,
                    Mark::Line,
                    per(|p| p.shareholder_loan_interest + p.shareholder_loan_principal),
                ),
                (Term::IncomeTax, palette::PC_TAX, Mark::Line, per(|p| p.tax)),
                (
                    Term::TrappedCash,
                    palette::PC_TRAPPED_CASH,
                    Mark::DashedLine,
                    per(|p| p.trapped_cash),
                ),
            ];
            let max = lines
                .iter()
                .flat_map(|l| &l.3)
                .fold(0.0_f64, |m, v| m.max(v.abs()));
            let unit = MoneyUnit::for_max(max);
            (
                Term::PaymentDate,
                Term::Amount,
                unit,
                dates_axis(r.closing_date, periods.iter().map(|p| p.date).collect()),
                lines
                    .iter()
                    .map(|(term, color, mark, v)| Series {
                        name: lang.term(*term).into(),
                        color: Rgb::from_hex(*color),
                        mark: *mark,
                        points: scaled(&pc_xs, v, unit),
                    })
                    .collect(),
            )
        }
        ChartKind::Nav => {
            let periods = r.plan.as_ref().map_or(&[][..], |p| &p.periods);
            let nav = Series {
                name: lang.term(Term::NavPerUnit).into(),
                color: palette::series(0),
                mark: Mark::Line,
                points: periods
                    .iter()
                    .map(|p| {
                        (
                            date_x(p.date),
                            Some(p.nav_per_unit).filter(|v| v.is_finite()),
                        )
                    })
                    .collect(),
            };
            // 份额净值（元/份）; "NAV per unit (CNY)", which says "per unit" once.
            let label = match lang {
                Lang::Zh => format!("{}（{}）", Term::NavPerUnit.zh(), Term::UnitCnyPerUnit.zh()),
                Lang::En => format!("{} (CNY)", Term::NavPerUnit.en()),
            };
            return ChartSpec {
                y_range: YRange::Fit {
                    min_span: MIN_NAV_SPAN,
                },
                ..spec(
                    Term::PaymentDate,
                    label,
                    YUnit::CnyPerUnit,
                    dates_axis(r.closing_date, periods.iter().map(|p| p.date).collect()),
                    vec![nav],
                )
            };
        }
        ChartKind::Sensitivity => {
            // A sweep of runs, not one run's results: described by `sensitivity_spec`.
            return spec(
                Term::Security,
                irr_label(lang),
                YUnit::Percent,
                XAxis::Values { lo: 0.0, hi: 1.0 },
                Vec::new(),
            );
        }
    };
    spec(
        x_label,
        money_label(what, unit),
        YUnit::Money(unit),
        x,
        series,
    )
}

/// One security's IRR over the range of a scenario input (the app's sensitivity sweep).
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityCurve {
    pub deal: String,
    pub scenario: String,
    pub security: String,
    /// The input swept.
    pub driver: Term,
    /// The input's range, as fractions.
    pub range: (f64, f64),
    /// (input value, IRR, principal lost), as fractions.
    pub points: Vec<(f64, Option<f64>, bool)>,
    /// The scenario's own value of the input, when it is one number.
    pub current: Option<f64>,
}

/// Describe the sensitivity chart: the IRR line (dots on the runs), the runs that lose
/// principal, and the scenario's value, in percent on both axes.
pub fn sensitivity_spec(c: &SensitivityCurve, lang: Lang) -> ChartSpec {
    let pct = |x: f64| x * 100.0;
    let irr: Vec<(f64, Option<f64>)> = c
        .points
        .iter()
        .map(|&(x, irr, _)| (pct(x), irr.filter(|v| v.is_finite()).map(pct)))
        .collect();
    let lost: Vec<(f64, Option<f64>)> = c
        .points
        .iter()
        .zip(&irr)
        .filter(|((_, _, loss), _)| *loss)
        .map(|(_, p)| *p)
        .collect();
    let mut series = vec![Series {
        name: lang.term(Term::Irr).into(),
        color: palette::series(0),
        mark: Mark::LinePoints,
        points: irr,
    }];
    if !lost.is_empty() {
        series.push(Series {
            name: lang.term(Term::PrincipalLoss).into(),
            color: Rgb::from_hex(palette::LOSS),
            mark: Mark::Points,
            points: lost,
        });
    }
    if let Some(x) = c.current.filter(|x| x.is_finite()) {
        series.push(Series {
            name: lang.term(Term::ScenarioValue).into(),
            color: Rgb::from_hex(palette::SCENARIO_VALUE),
            mark: Mark::VLine,
            points: vec![(pct(x), None)],
        });
    }
    let (subtitle, x_label) = match lang {
        Lang::Zh => (
            format!("{} · 情景：{} · {}", c.deal, c.scenario, c.security),
            format!("{}（%）", c.driver.zh()),
        ),
        Lang::En => (
            format!("{} · scenario: {} · {}", c.deal, c.scenario, c.security),
            format!("{} (%)", c.driver.en()),
        ),
    };
    ChartSpec {
        kind: ChartKind::Sensitivity,
        title: ChartKind::Sensitivity.title(lang).into(),
        subtitle,
        x_label,
        y_label: irr_label(lang),
        y_unit: YUnit::Percent,
        y_range: YRange::Fit {
            min_span: MIN_IRR_SPAN,
        },
        x: XAxis::Values {
            lo: pct(c.range.0),
            hi: pct(c.range.1),
        },
        series,
        no_value: lang.term(Term::NoIrr).into(),
    }
}

/// PNG bytes of one chart of the results.
pub fn render_png(
    r: &DealResults,
    kind: ChartKind,
    opts: &ChartOptions,
) -> Result<Vec<u8>, ExportError> {
    render_spec_png(&chart_spec(r, kind, opts.lang), opts)
}

/// SVG text of one chart of the results.
pub fn render_svg(
    r: &DealResults,
    kind: ChartKind,
    opts: &ChartOptions,
) -> Result<String, ExportError> {
    render_spec_svg(&chart_spec(r, kind, opts.lang), opts)
}

/// Write one chart to `path`: SVG when the extension is `.svg`, PNG otherwise (the app's save
/// dialog handler calls this with the path the user picked).
pub fn save_chart(
    r: &DealResults,
    kind: ChartKind,
    path: &std::path::Path,
    opts: &ChartOptions,
) -> Result<(), ExportError> {
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        super::write_file(path, render_svg(r, kind, opts)?.as_bytes())
    } else {
        super::write_file(path, &render_png(r, kind, opts)?)
    }
}

pub fn render_spec_png(spec: &ChartSpec, opts: &ChartOptions) -> Result<Vec<u8>, ExportError> {
    let (rgb, size) = render_spec_rgb(spec, opts)?;
    encode_png(&rgb, size, opts, &spec.title).map_err(|e| spec.kind.error(e))
}

/// The print chart as 8-bit RGB pixels, row by row, and its size in pixels (the PNG's
/// pixels; the PDF page embeds them).
pub fn render_spec_rgb(
    spec: &ChartSpec,
    opts: &ChartOptions,
) -> Result<(Vec<u8>, (u32, u32)), ExportError> {
    let (w, h) = opts.pixel_size()?;
    let em = em_per_size(spec.kind)?;
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let font = super::raster::font().ok_or_else(|| spec.kind.error(FONT_UNREADABLE))?;
        let backend = BitMapBackend::with_buffer(&mut rgb, (w, h));
        let root = super::raster::PrintBitmap::new(backend, font).into_drawing_area();
        draw_and_present(&root, spec, &Scale::new(opts, em))?;
    }
    Ok((rgb, (w, h)))
}

pub fn render_spec_svg(spec: &ChartSpec, opts: &ChartOptions) -> Result<String, ExportError> {
    let (w, h) = opts.pixel_size()?;
    let em = em_per_size(spec.kind)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw_and_present(&root, spec, &Scale::new(opts, em))?;
    }
    Ok(finish_svg(&svg, (w, h), opts, spec, em))
}

/// Draw the chart on either backend and flush it; errors name the chart.
fn draw_and_present<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    s: &Scale,
) -> Result<(), ExportError> {
    draw(root, spec, s).map_err(|e| spec.kind.error(e))?;
    root.present().map_err(|e| spec.kind.error(e))
}

fn encode_png(
    rgb: &[u8],
    (w, h): (u32, u32),
    opts: &ChartOptions,
    title: &str,
) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    let ppm = opts.pixels_per_metre();
    enc.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    enc.add_itxt_chunk("Title".into(), title.into())?;
    enc.add_text_chunk("Software".into(), "tranche-studio".into())?;
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// Size the SVG in millimetres, add `<title>`/`<desc>`, and make the declared font sizes
/// match the ones the layout measured (plotters writes `size / 1.24` as the CSS font size
/// but measures text with the font's own ascent–descent height).
fn finish_svg(
    svg: &str,
    (w, h): (u32, u32),
    opts: &ChartOptions,
    spec: &ChartSpec,
    em: f64,
) -> String {
    let head = format!(r#"<svg width="{w}" height="{h}" "#);
    let sized = format!(
        r#"<svg width="{}mm" height="{}mm" "#,
        trim_float(opts.width_mm),
        trim_float(opts.height_mm)
    );
    let mut out = String::with_capacity(svg.len() + 256);
    let body = match svg.strip_prefix(&head) {
        Some(rest) => {
            out.push_str(&sized);
            rest
        }
        None => svg,
    };
    // Insert the title after the root element's opening tag.
    let (open, rest) = match body.find('>') {
        Some(i) => body.split_at(i + 1),
        None => (body, ""),
    };
    out.push_str(open);
    out.push_str("\n<title>");
    out.push_str(&xml_escape(&spec.title));
    out.push_str("</title>\n<desc>");
    out.push_str(&xml_escape(&spec.subtitle));
    out.push_str("</desc>");
    let k = 1.24 * em;
    let mut rest = rest;
    const ATTR: &str = "font-size=\"";
    while let Some(i) = rest.find(ATTR) {
        let (before, after) = rest.split_at(i + ATTR.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{:.2}", v * k)),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

const FONT_UNREADABLE: &str = "the bundled CJK font cannot be read";

/// Register the bundled font with plotters once (the SVG backend measures text with it) and
/// return the font's em in pixels per unit of plotters' font size (plotters scales a font to
/// its ascent–descent height).
fn em_per_size(kind: ChartKind) -> Result<f64, ExportError> {
    static EM: OnceLock<Result<f64, String>> = OnceLock::new();
    EM.get_or_init(|| {
        use ab_glyph::Font;
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, CJK_FONT)
            .map_err(|_| FONT_UNREADABLE.to_string())?;
        let font = super::raster::font()
            .ok_or_else(|| FONT_UNREADABLE.to_string())?
            .primary();
        let upem = font.units_per_em().unwrap_or(1000.0);
        let height = font.height_unscaled();
        if height <= 0.0 || upem <= 0.0 {
            return Err(FONT_UNREADABLE.into());
        }
        Ok(f64::from(upem / height))
    })
    .clone()
    .map_err(|message| kind.error(message))
}

/// The characters of `text` the bundled font has no glyph for (a PNG draws them from a system
/// CJK font when there is one, else as the font's "missing" box; an SVG viewer looks them up
/// in its own fonts). Whitespace and control characters are not checked.
pub fn missing_glyphs(text: &str) -> Result<Vec<char>, ExportError> {
    use ab_glyph::Font;
    let font = super::raster::font()
        .ok_or_else(|| ExportError::Chart {
            chart: "font",
            message: FONT_UNREADABLE.into(),
        })?
        .primary();
    let mut seen = std::collections::BTreeSet::new();
    Ok(text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && seen.insert(*c))
        .filter(|c| font.glyph_id(*c).0 == 0)
        .collect())
}

/// Physical scale of a drawing: pixels per point and the font's em per size unit.
struct Scale {
    px_per_pt: f64,
    em: f64,
}

impl Scale {
    /// Type and spacing are in points at the default size; a smaller chart scales them down
    /// (to 75% at most), so small charts keep room for the plot.
    fn new(opts: &ChartOptions, em: f64) -> Scale {
        let d = ChartOptions::default();
        let k = (opts.width_mm / d.width_mm)
            .min(opts.height_mm / d.height_mm)
            .clamp(0.75, 1.0);
        Scale {
            px_per_pt: f64::from(opts.dpi) / 72.0 * k,
            em,
        }
    }

    fn px(&self, pt: f64) -> i32 {
        (pt * self.px_per_pt).round() as i32
    }

    fn stroke(&self, pt: f64) -> u32 {
        ((pt * self.px_per_pt).round() as u32).max(1)
    }

    /// A text style whose em is `pt` points.
    fn text(&self, pt: f64, color: Rgb) -> TextStyle<'static> {
        let size = pt * self.px_per_pt / self.em;
        FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal).color(&rgb(color))
    }
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

const TITLE_PT: f64 = 13.0;
const SUBTITLE_PT: f64 = 8.5;
const LABEL_PT: f64 = 9.0;
const TICK_PT: f64 = 8.0;
const LEGEND_PT: f64 = 8.5;
const MARGIN_PT: f64 = 12.0;

fn text_width<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<i32, String> {
    root.estimate_text_size(text, style)
        .map(|(w, _)| w as i32)
        .map_err(|e| e.to_string())
}

/// A line of text that fits `width` pixels: in `pt` points when it fits, else in smaller
/// type (down to 60%), else cut with "…" (a long deal name on a narrow chart of the PDF page).
fn fit_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    s: &Scale,
    pt: f64,
    color: Rgb,
    width: i32,
) -> Result<(String, TextStyle<'static>), String> {
    let full = text_width(root, text, &s.text(pt, color))?;
    if full <= width {
        return Ok((text.to_string(), s.text(pt, color)));
    }
    let smaller = (pt * f64::from(width) / f64::from(full.max(1))).max(pt * 0.6);
    let style = s.text(smaller, color);
    let mut chars: Vec<char> = text.chars().collect();
    let mut line = text.to_string();
    while chars.len() > 1 && text_width(root, &line, &style)? > width {
        chars.pop();
        line = chars.iter().collect::<String>() + "…";
    }
    Ok((line, style))
}

/// The y range of the plotted values (in the chart's unit): zero included, or fitted to the
/// values ([`YRange`]).
fn y_range(spec: &ChartSpec) -> (f64, f64) {
    if let YRange::Fit { min_span } = spec.y_range {
        let ys = spec
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1));
        let (lo, hi) = fit_span(ys, min_span.max(f64::EPSILON));
        let pad = (hi - lo) * 0.08;
        return (lo - pad, hi + pad);
    }
    let mut lo = 0.0_f64;
    let mut hi = 0.0_f64;
    let mut stacks: Vec<(f64, f64, f64)> = Vec::new(); // (x, up, down)
    for s in &spec.series {
        for &(x, y) in &s.points {
            let Some(y) = y.filter(|y| y.is_finite()) else {
                continue;
            };
            if s.mark == Mark::StackedBar {
                let slot = match stacks.iter_mut().find(|st| st.0 == x) {
                    Some(st) => st,
                    None => {
                        stacks.push((x, 0.0, 0.0));
                        let last = stacks.len() - 1;
                        &mut stacks[last]
                    }
                };
                if y >= 0.0 {
                    slot.1 += y;
                } else {
                    slot.2 += y;
                }
            } else {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
    }
    for (_, up, down) in stacks {
        hi = hi.max(up);
        lo = lo.min(down);
    }
    if hi - lo <= f64::EPSILON {
        hi = lo + 1.0;
    }
    let pad = (hi - lo) * 0.08;
    (if lo < 0.0 { lo - pad } else { lo }, hi + pad)
}

/// The 1-2-5 × 10ⁿ step that gives about `n` ticks from `lo` to `hi` (None for no range).
fn nice_step(lo: f64, hi: f64, n: f64) -> Option<f64> {
    let rough = (hi - lo) / n;
    if !rough.is_finite() || rough <= 0.0 {
        return None;
    }
    let mag = 10f64.powf(rough.log10().floor());
    Some(
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= rough)
            .unwrap_or(10.0 * mag),
    )
}

/// Decimals for labels of ticks `step` apart.
fn step_decimals(step: f64) -> usize {
    (-step.log10().floor()).clamp(0.0, 6.0) as usize
}

/// Decimals for tick labels: those of the 1-2-5 step plotters picks for about six ticks.
fn tick_decimals(lo: f64, hi: f64) -> usize {
    nice_step(lo, hi, 6.0).map_or(0, step_decimals)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    s: &Scale,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&rgb(Rgb::from_hex(palette::BACKGROUND)))
        .map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let m = s.px(MARGIN_PT);
    let text_color = Rgb::from_hex(palette::TEXT);
    let muted = Rgb::from_hex(palette::MUTED_TEXT);

    // Title and subtitle, centred at the top.
    let title_style = s
        .text(TITLE_PT, text_color)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw_text(&spec.title, &title_style, (w / 2, m))
        .map_err(err)?;
    let sub_y = m + s.px(TITLE_PT * 1.45);
    let (subtitle, sub_style) = fit_line(root, &spec.subtitle, s, SUBTITLE_PT, muted, w - 2 * m)?;
    root.draw_text(
        &subtitle,
        &sub_style.pos(Pos::new(HPos::Center, VPos::Top)),
        (w / 2, sub_y),
    )
    .map_err(err)?;
    let top = sub_y + s.px(SUBTITLE_PT * 1.4 + 12.0);

    // Legend rows at the bottom: a swatch and the series name, wrapped to the width.
    let legend_style = s
        .text(LEGEND_PT, text_color)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let swatch = s.px(LEGEND_PT * 1.6);
    let gap = s.px(LEGEND_PT * 0.5);
    let item_gap = s.px(LEGEND_PT * 1.6);
    let row_h = s.px(LEGEND_PT * 1.8);
    let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let mut row_w = Vec::new();
    let mut cur = 0;
    for (i, series) in spec.series.iter().enumerate() {
        let item = swatch + gap + text_width(root, &series.name, &legend_style)?;
        if cur > 0 && cur + item_gap + item > w - 2 * m {
            row_w.push(cur);
            rows.push(Vec::new());
            cur = 0;
        }
        if cur > 0 {
            cur += item_gap;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, cur));
        }
        cur += item;
    }
    row_w.push(cur);
    let legend_h = if spec.series.is_empty() {
        0
    } else {
        rows.len() as i32 * row_h
    };
    let legend_top = h - m - legend_h;
    for (r, (row, width)) in rows.iter().zip(&row_w).enumerate() {
        let x0 = (w - width) / 2;
        let yc = legend_top + r as i32 * row_h + row_h / 2;
        for &(i, dx) in row {
            let series = &spec.series[i];
            let x = x0 + dx;
            let color = rgb(series.color);
            match series.mark {
                Mark::StackedBar | Mark::Bar => {
                    let half = s.px(LEGEND_PT * 0.4);
                    root.draw(&Rectangle::new(
                        [(x + swatch / 4, yc - half), (x + swatch * 3 / 4, yc + half)],
                        color.filled(),
                    ))
                    .map_err(err)?;
                }
                Mark::Line | Mark::LinePoints => {
                    root.draw(&PathElement::new(
                        vec![(x, yc), (x + swatch, yc)],
                        color.stroke_width(s.stroke(1.5)),
                    ))
                    .map_err(err)?;
                    if series.mark == Mark::LinePoints {
                        root.draw(&Circle::new(
                            (x + swatch / 2, yc),
                            s.px(2.0),
                            color.filled(),
                        ))
                        .map_err(err)?;
                    }
                }
                Mark::Points => {
                    root.draw(&Circle::new(
                        (x + swatch / 2, yc),
                        s.px(2.5),
                        color.filled(),
                    ))
                    .map_err(err)?;
                }
                Mark::DashedLine | Mark::VLine => {
                    let seg = swatch / 4;
                    for k in [0, 2] {
                        root.draw(&PathElement::new(
                            vec![(x + k * seg, yc), (x + (k + 1) * seg + seg / 2, yc)],
                            color.stroke_width(s.stroke(1.5)),
                        ))
                        .map_err(err)?;
                    }
                }
            }
            root.draw_text(&series.name, &legend_style, (x + swatch + gap, yc))
                .map_err(err)?;
        }
    }

    // The plot: axes, ticks, grid and series.
    let plot_bottom = legend_top - s.px(6.0);
    if plot_bottom - top < s.px(45.0) {
        return Err(format!(
            "not enough room for the plot ({} series in the legend); make the chart taller",
            spec.series.len()
        ));
    }
    let plot_area = root
        .clone()
        .shrink((m, top), (w - 2 * m, plot_bottom - top));
    let (y_lo, y_hi) = y_range(spec);
    let dp = tick_decimals(y_lo, y_hi);
    let y_fmt = |y: &f64| match spec.y_unit {
        YUnit::Percent => format!("{}%", format::number(*y, dp)),
        YUnit::Money(_) | YUnit::CnyPerUnit => format::number(*y, dp),
    };
    let tick_style = s.text(TICK_PT, text_color);
    let label_style = s.text(LABEL_PT, text_color);
    let widest_tick = [y_lo, y_hi, (y_lo + y_hi) / 2.0]
        .iter()
        .map(|y| text_width(root, &y_fmt(y), &tick_style))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .max()
        .unwrap_or(0);
    let y_area = widest_tick + s.px(TICK_PT * 0.6 + LABEL_PT * 1.5 + 6.0);
    let x_area = s.px(TICK_PT * 1.6 + LABEL_PT * 1.6 + 4.0);
    let plot_w = w - 2 * m - y_area - s.px(8.0);

    // x range and ticks.
    let (x_lo, x_hi, keys, labels): (f64, f64, Vec<f64>, Vec<String>) = match &spec.x {
        XAxis::Dates {
            closing,
            dates,
            bar_days,
        } => {
            let first = date_x(*closing);
            let last = dates.last().map_or(first + 30.0, |d| date_x(*d));
            let pad = bar_days * 0.75;
            let long = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();
            let short = |d: &NaiveDate| d.format("%Y-%m").to_string();
            let fits = |f: &dyn Fn(&NaiveDate) -> String| -> Result<usize, String> {
                let sample = dates.last().map(f).unwrap_or_default();
                let lw = text_width(root, &sample, &tick_style)? + s.px(TICK_PT * 1.5);
                Ok((plot_w / lw.max(1)).max(1) as usize)
            };
            let mut max_labels = fits(&long)?;
            let mut fmt: &dyn Fn(&NaiveDate) -> String = &long;
            if max_labels < dates.len().min(5) {
                max_labels = fits(&short)?;
                fmt = &short;
            }
            let step = dates.len().div_ceil(max_labels.max(1)).max(1);
            let chosen: Vec<&NaiveDate> = dates.iter().step_by(step).collect();
            (
                first - pad,
                last + pad,
                chosen.iter().map(|d| date_x(**d)).collect(),
                chosen.iter().map(|d| fmt(d)).collect(),
            )
        }
        XAxis::Categories(names) => {
            let n = names.len().max(1) as f64;
            (
                -0.5,
                n - 0.5,
                (0..names.len()).map(|i| i as f64).collect(),
                names.clone(),
            )
        }
        XAxis::Values { lo, hi } => {
            let (lo, hi) = if hi > lo { (*lo, *hi) } else { (*lo, lo + 1.0) };
            let step = nice_step(lo, hi, 8.0).unwrap_or(1.0);
            let dp = step_decimals(step);
            let keys: Vec<f64> = (0..)
                .map(|k| (lo / step).ceil() * step + f64::from(k) * step)
                .take_while(|x| *x <= hi + step * 1e-9)
                .collect();
            let pad = (hi - lo) * 0.03;
            let labels = keys.iter().map(|x| format::number(*x, dp)).collect();
            (lo - pad, hi + pad, keys, labels)
        }
    };
    let x_fmt = |x: &f64| {
        keys.iter()
            .position(|k| (k - x).abs() < 1e-6)
            .and_then(|i| labels.get(i).cloned())
            .unwrap_or_default()
    };

    let mut chart = ChartBuilder::on(&plot_area)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .margin_right(s.px(8.0))
        .build_cartesian_2d(
            KeyAxis {
                inner: (x_lo..x_hi).into(),
                keys: keys.clone(),
            },
            y_lo..y_hi,
        )
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(6)
        .max_light_lines(0)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(spec.x_label.as_str())
        .y_desc(spec.y_label.as_str())
        .label_style(tick_style.clone())
        .axis_desc_style(label_style.clone())
        .axis_style(rgb(Rgb::from_hex(palette::AXIS)).stroke_width(s.stroke(0.75)))
        .bold_line_style(rgb(Rgb::from_hex(palette::GRID)).stroke_width(s.stroke(0.5)))
        .set_all_tick_mark_size(s.px(3.0))
        .draw()
        .map_err(err)?;

    // Series.
    let bar_half = match &spec.x {
        XAxis::Dates { bar_days, .. } => bar_days / 2.0,
        XAxis::Categories(_) | XAxis::Values { .. } => 0.3,
    };
    let mut stack_up: Vec<(f64, f64)> = Vec::new();
    let mut stack_down: Vec<(f64, f64)> = Vec::new();
    let base = |stack: &mut Vec<(f64, f64)>, x: f64, dy: f64| -> f64 {
        match stack.iter_mut().find(|e| e.0 == x) {
            Some(e) => {
                let b = e.1;
                e.1 += dy;
                b
            }
            None => {
                stack.push((x, dy));
                0.0
            }
        }
    };
    let value_style = s
        .text(TICK_PT, text_color)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    for series in &spec.series {
        let color = rgb(series.color);
        match series.mark {
            Mark::StackedBar => {
                let mut rects = Vec::new();
                for &(x, y) in &series.points {
                    let Some(y) = y.filter(|y| y.is_finite() && *y != 0.0) else {
                        continue;
                    };
                    let b = if y > 0.0 {
                        base(&mut stack_up, x, y)
                    } else {
                        base(&mut stack_down, x, y)
                    };
                    rects.push(Rectangle::new(
                        [(x - bar_half, b), (x + bar_half, b + y)],
                        color.filled(),
                    ));
                }
                chart.draw_series(rects).map_err(err)?;
            }
            Mark::Bar => {
                for &(x, y) in &series.points {
                    let (label, top) = match y.filter(|y| y.is_finite()) {
                        Some(y) => {
                            chart
                                .draw_series(std::iter::once(Rectangle::new(
                                    [(x - bar_half, 0.0), (x + bar_half, y)],
                                    color.filled(),
                                )))
                                .map_err(err)?;
                            (format!("{}%", format::number(y, 2)), y.max(0.0))
                        }
                        None => (spec.no_value.clone(), 0.0),
                    };
                    chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((x, top))
                                + Text::new(label, (0, -s.px(2.0)), value_style.clone()),
                        ))
                        .map_err(err)?;
                }
            }
            Mark::Line => {
                chart
                    .draw_series(LineSeries::new(
                        finite_points(series),
                        color.stroke_width(s.stroke(1.5)),
                    ))
                    .map_err(err)?;
            }
            Mark::DashedLine => {
                chart
                    .draw_series(DashedLineSeries::new(
                        finite_points(series),
                        s.px(4.0),
                        s.px(2.5),
                        color.stroke_width(s.stroke(1.25)),
                    ))
                    .map_err(err)?;
            }
            Mark::LinePoints | Mark::Points => {
                let points = finite_points(series);
                if series.mark == Mark::LinePoints {
                    chart
                        .draw_series(LineSeries::new(
                            points.clone(),
                            color.stroke_width(s.stroke(1.5)),
                        ))
                        .map_err(err)?;
                }
                let r = s.px(if series.mark == Mark::Points {
                    2.5
                } else {
                    1.8
                });
                chart
                    .draw_series(
                        points
                            .into_iter()
                            .map(|p| Circle::new(p, r, color.filled())),
                    )
                    .map_err(err)?;
            }
            Mark::VLine => {
                for &(x, _) in &series.points {
                    chart
                        .draw_series(DashedLineSeries::new(
                            [(x, y_lo), (x, y_hi)],
                            s.px(3.0),
                            s.px(2.0),
                            color.stroke_width(s.stroke(1.25)),
                        ))
                        .map_err(err)?;
                }
            }
        }
    }
    // The zero line over the bars when values go negative.
    if y_lo < 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x_lo, 0.0), (x_hi, 0.0)],
                rgb(Rgb::from_hex(palette::AXIS)).stroke_width(s.stroke(0.75)),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// The points of a line series with a finite value; the line joins them over the gaps.
fn finite_points(series: &Series) -> Vec<(f64, f64)> {
    series
        .points
        .iter()
        .filter_map(|&(x, y)| y.filter(|y| y.is_finite()).map(|y| (x, y)))
        .collect()
}

/// A linear axis whose ticks are exactly the given values (payment dates, categories).
struct KeyAxis {
    inner: RangedCoordf64,
    keys: Vec<f64>,
}

impl Ranged for KeyAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// The labels of a chart that must appear in its output (title, axis labels, legend).
pub fn expected_labels(spec: &ChartSpec) -> Vec<String> {
    let mut v = vec![
        spec.title.clone(),
        spec.subtitle.clone(),
        spec.x_label.clone(),
        spec.y_label.clone(),
    ];
    v.extend(spec.series.iter().map(|s| s.name.clone()));
    v
}

/// Convert a date tick value back to a date (for the app's hover text).
pub fn x_to_date(x: f64) -> Option<NaiveDate> {
    x_date(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_line_gets_the_minimum_span_about_its_middle() {
        // 2.3244005% to 2.3244023%: a 1-point span about the middle, 2.3244014% ± 0.5.
        let (lo, hi) = fit_span([2.3244005, 2.3244023].into_iter(), MIN_IRR_SPAN);
        assert!((lo - 1.8244014).abs() < 1e-9 && (hi - 2.8244014).abs() < 1e-9);
        // A wide range is kept as it is; no value at all gives 0 to the span.
        assert_eq!(fit_span([-3.0, 7.0].into_iter(), 1.0), (-3.0, 7.0));
        assert_eq!(fit_span(std::iter::empty(), 1.0), (0.0, 1.0));
    }
}
