//! The results beside the editor: scenario picker, metrics per security, pool figures,
//! warnings, then the charts and the cash-flow table in tabs.

use crate::app::analyses::Status;
use crate::app::chart_export;
use crate::app::charts;
use crate::app::compute::{Compute, Computed, Driver};
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::app::theme::{Tokens, series};
use crate::app::view::{ResultsTab, ViewState, sensitivity_securities};
use crate::engine::analysis::{Solution, SolveStatus};
use crate::export::tables::Cell;
use crate::model::Deal;
use crate::results::SecurityMetrics;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

pub fn show(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    compute: &Compute,
    view: &mut ViewState,
    cmds: &mut crate::app::command::Commands,
) {
    let t = |k| lang.tr(k);
    let tokens = Tokens::of(ui.visuals());
    ui.horizontal(|ui| {
        ui.heading(t(S::Results));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            scenario_picker(ui, lang, deal, view);
            if !compute.is_current() {
                ui.spinner();
            }
        });
    });
    ui.separator();
    let Some((c, current)) = compute.figures() else {
        if compute.latest().is_some() {
            ui.label(RichText::new(t(S::NoFigures)).color(tokens.error));
            if let Some(e) = compute.latest().and_then(|o| o.error.as_ref()) {
                let e = crate::export::messages::error_sentence(lang, e);
                ui.label(RichText::new(e).color(tokens.error));
            }
        } else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t(S::Computing));
            });
        }
        return;
    };
    // One line of fixed height for what comes and goes between recomputes (the warnings,
    // stale figures), so the tabs below never move under the pointer.
    notices(ui, lang, deal, c, current, &tokens);
    // Dim figures that no longer match the deal.
    if !current {
        ui.multiply_opacity(0.55);
    }
    let holding = c.results.project_company.is_some();
    wide(ui, "results-figures", |ui| {
        if holding {
            super::holding_results::metrics(ui, lang, c, cmds);
            super::holding_results::company_line(ui, lang, deal, c);
        } else {
            metrics(ui, lang, c, compute, cmds);
            pool_line(ui, lang, c);
        }
    });
    if !holding {
        super::pricing::show(ui, lang, deal, c, cmds);
    }
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for &tab in ResultsTab::for_deal(deal.holding.is_some()) {
            ui.selectable_value(&mut view.tab, tab, t(tab.title()));
        }
    });
    ui.separator();
    let epoch = view.plot_epoch;
    let tab = view.tab;
    let kind = chart_export::kind_of(tab);
    let title = match tab {
        ResultsTab::Distributions => Some(S::ChartDistributions),
        ResultsTab::Balances if holding => Some(S::ChartCapital),
        ResultsTab::Balances => Some(S::ChartBalances),
        ResultsTab::Pool => Some(S::ChartPool),
        ResultsTab::Irr => Some(S::ChartIrr),
        ResultsTab::ProjectCompany => Some(S::ChartPc),
        ResultsTab::Nav => Some(S::ChartNav),
        ResultsTab::Sensitivity
        | ResultsTab::CashFlows
        | ResultsTab::Compare
        | ResultsTab::Grid => None,
    };
    if let Some(title) = title {
        ui.horizontal(|ui| {
            caption(ui, t(title));
            if let Some(kind) = kind {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    chart_export::button(ui, lang, kind, &mut view.export);
                });
            }
        });
    }
    let plot = match tab {
        ResultsTab::Distributions => Some(charts::distributions(ui, &c.charts, lang, epoch)),
        ResultsTab::Balances => Some(charts::lines(
            ui,
            "balances",
            &c.charts.balances,
            lang,
            epoch,
        )),
        ResultsTab::Pool => Some(charts::pool_flows(ui, &c.charts, lang, epoch)),
        ResultsTab::Irr => Some(charts::irr(ui, &c.charts, lang, epoch)),
        ResultsTab::ProjectCompany => c
            .charts
            .project_company
            .as_ref()
            .map(|chart| charts::lines(ui, "project-company", chart, lang, epoch)),
        ResultsTab::Nav => c
            .charts
            .nav
            .as_ref()
            .map(|chart| charts::lines(ui, "nav", chart, lang, epoch)),
        ResultsTab::Sensitivity => {
            sensitivity(ui, lang, deal, c, compute, view);
            None
        }
        ResultsTab::Compare => {
            wide(ui, "results-compare", |ui| {
                super::compare::show(ui, lang, compute, view, cmds)
            });
            None
        }
        ResultsTab::Grid => {
            super::grids::show(ui, lang, deal, compute, view, cmds);
            None
        }
        ResultsTab::CashFlows if holding => {
            chart_export::copy_tables(ui, lang, &c.results);
            wide(ui, "results-table", |ui| {
                charts::holding_table::show(ui, &c.results, lang, cmds)
            });
            None
        }
        ResultsTab::CashFlows => {
            chart_export::copy_tables(ui, lang, &c.results);
            wide(ui, "results-table", |ui| {
                charts::table::cash_flows(ui, &c.results, lang, cmds)
            });
            None
        }
    };
    if let (Some(resp), Some(kind)) = (plot, kind) {
        chart_export::context_menu(&resp, lang, kind, &c.results, &mut view.export);
    }
}

/// Content that may be wider than the panel (tables): it scrolls sideways in its own area,
/// so the panel's width, and every chart and right-aligned button under it, stays put.
fn wide(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::ScrollArea::horizontal()
        .id_salt(id)
        .auto_shrink([false, true])
        .show(ui, add);
}

pub(super) fn caption(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).strong());
}

fn scenario_picker(ui: &mut Ui, lang: Lang, deal: &Deal, view: &mut ViewState) {
    let current = view.scenario_name(deal).unwrap_or("").to_string();
    let resp = egui::ComboBox::from_id_salt("results-scenario")
        .selected_text(&current)
        .width(180.0)
        .show_ui(ui, |ui| {
            for s in &deal.scenarios {
                if ui.selectable_label(s.name == current, &s.name).clicked() {
                    view.scenario = Some(s.name.clone());
                }
            }
            if !deal.stress_templates.is_empty() {
                ui.separator();
                ui.label(RichText::new(lang.tr(S::StressTemplates)).small().strong());
            }
            for st in &deal.stress_templates {
                if ui
                    .selectable_label(st.name == current, &st.name)
                    .on_hover_text(template_terms(lang, deal, st))
                    .clicked()
                {
                    view.scenario = Some(st.name.clone());
                }
            }
        });
    resp.response.accessible_name(lang.tr(S::Scenario));
    ui.label(lang.tr(S::Scenario));
}

/// What a stress template does, in words: `base: CDR ×2, recovery −50%`.
pub(super) fn template_terms(lang: Lang, deal: &Deal, st: &crate::model::StressTemplate) -> String {
    let base = deal.stress_base(st).map_or("—", |s| s.name.as_str());
    let mut text = format!(
        "{} {base}: {} ×{}",
        lang.tr(S::StressOf),
        lang.tr(S::DriverCdr),
        st.cdr_multiple
    );
    if st.recovery_haircut != 0.0 {
        text.push_str(&format!(
            ", {} −{}",
            lang.tr(S::DriverRecovery),
            format::pct(st.recovery_haircut, 0)
        ));
    }
    text
}

fn metrics(
    ui: &mut Ui,
    lang: Lang,
    c: &Computed,
    compute: &Compute,
    cmds: &mut crate::app::command::Commands,
) {
    let breakevens = compute.analyses.breakevens();
    let headers = [
        S::Security,
        S::Irr,
        S::Wal,
        S::Macaulay,
        S::Modified,
        S::Loss,
        S::Shortfall,
        S::TotalInterest,
        S::BreakEvenCdr,
    ];
    let draw = |ui: &mut Ui, s: &SecurityMetrics, k: usize| match k {
        0 => {
            ui.label(RichText::new(format::opt_pct(s.irr, 3)).strong());
        }
        1 => {
            ui.label(format::opt_years(s.wal));
        }
        2 => {
            ui.label(format::opt_years(s.macaulay_duration));
        }
        3 => {
            ui.label(format::opt_years(s.modified_duration));
        }
        4 => loss_label(ui, s.principal_loss),
        5 => loss_label(ui, s.interest_shortfall),
        6 => {
            ui.label(format::wan(s.total_interest));
        }
        _ => breakeven_cell(ui, lang, &breakevens, &s.id),
    };
    let copy = |s: &SecurityMetrics| {
        vec![
            Cell::Percent(s.irr, 3),
            Cell::Number(s.wal, 2),
            Cell::Number(s.macaulay_duration, 2),
            Cell::Number(s.modified_duration, 2),
            Cell::Money(s.principal_loss),
            Cell::Money(s.interest_shortfall),
            Cell::Money(s.total_interest),
            Cell::Text(breakeven_text(lang, &breakevens, &s.id).0),
        ]
    };
    metrics_table(ui, lang, ("metrics", &headers), c, cmds, (draw, copy));
}

/// The highest CDR at which the security repays all its principal (the worker's solve at
/// the scenario shown), its runs on hover; "none" when it holds or fails across 0–100%.
fn breakeven_cell(ui: &mut Ui, lang: Lang, status: &Status<'_, Vec<Solution>>, id: &str) {
    let (text, runs) = breakeven_text(lang, status, id);
    let label = ui.label(text);
    if let Some(runs) = runs {
        label.on_hover_text(runs);
    }
}

/// The break-even CDR as shown ("…" while it is solved) and the solver's runs.
fn breakeven_text(
    lang: Lang,
    status: &Status<'_, Vec<Solution>>,
    id: &str,
) -> (String, Option<String>) {
    let goal = format!("no-loss:{id}");
    let sol = match status {
        Status::Done(list) => list.iter().find(|s| s.goal == goal),
        _ => None,
    };
    let Some(sol) = sol else {
        return ("…".into(), None);
    };
    let text = match (sol.status, sol.value) {
        (SolveStatus::Found, Some(v)) => format::pct(v, 2),
        (SolveStatus::NotBracketed, _) if sol.at_lo == Some(1.0) => "≥ 100%".into(),
        _ => lang.tr(S::BreakEvenNone).into(),
    };
    let runs = format!(
        "{} {}\n{}",
        sol.iterations,
        lang.tr(S::GoalIterations),
        sol.message
    );
    (text, Some(runs))
}

/// A table of one row per security: its colour and name, then its cells under `headers`
/// (`cell` draws column `k` after the name), with the unit of the amounts below it. Rows are
/// picked and copied as in a spreadsheet (`row_select`), `copy` giving a row's cells after
/// the name.
pub(super) fn metrics_table<D, K>(
    ui: &mut Ui,
    lang: Lang,
    (id, headers): (&str, &[S]),
    c: &Computed,
    cmds: &mut crate::app::command::Commands,
    (mut cell, copy): (D, K),
) where
    D: FnMut(&mut Ui, &SecurityMetrics, usize),
    K: Fn(&SecurityMetrics) -> Vec<Cell>,
{
    let t = |k| lang.tr(k);
    let securities = &c.results.securities;
    let row = |i: usize| {
        let s = &securities[i];
        let mut row = vec![Cell::Text(s.name.clone())];
        row.extend(copy(s));
        row
    };
    let rows = Rows {
        header: headers.iter().map(|&h| t(h).to_string()).collect(),
        n: securities.len(),
        row: &row,
    };
    row_select::table(ui, id, lang, cmds, &rows, |ui, picker| {
        ui.spacing_mut().item_spacing.x = 14.0;
        TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .vscroll(false)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .columns(Column::auto(), headers.len())
            .header(18.0, |mut row| {
                for &h in headers {
                    row.col(|ui| {
                        ui.label(RichText::new(t(h)).strong().small());
                    });
                }
            })
            .body(|mut body| {
                for (i, s) in securities.iter().enumerate() {
                    body.row(20.0, |mut row| {
                        row.set_selected(picker.selected(i));
                        row.col(|ui| {
                            let (rect, _) =
                                ui.allocate_exact_size(egui::vec2(8.0, 8.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 2.0, series(i));
                            ui.label(&s.name);
                        });
                        for k in 0..headers.len() - 1 {
                            row.col(|ui| cell(ui, s, k));
                        }
                        picker.respond(i, &row.response());
                    });
                }
            });
    });
    ui.label(
        RichText::new(format!("{}{}", lang.colon(t(S::Amount)), t(S::UnitWan)))
            .small()
            .color(Tokens::of(ui.visuals()).muted),
    );
}

pub(super) fn loss_label(ui: &mut Ui, x: rust_decimal::Decimal) {
    let text = format::wan(x);
    if x > rust_decimal::Decimal::ZERO {
        ui.label(RichText::new(text).color(Tokens::of(ui.visuals()).error));
    } else {
        ui.label(text);
    }
}

fn pool_line(ui: &mut Ui, lang: Lang, c: &Computed) {
    let t = |k| lang.tr(k);
    let p = &c.results.pool;
    // Fixed lines whatever the figures (a wrapped line grew with longer figures and moved
    // the tabs): the pool's figures, then the pledge, purchases and enhancement draws on a
    // second line and the amortisation on a third when the deal has them. Amounts in 万元 without the unit: the
    // "Amount: CNY 10k" caption above states it (at 1280 × 800 the excess spread was cut in
    // English, and a revolving deal's purchases ran off the panel).
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} {}",
            t(S::PoolCdr),
            format::pct(p.cumulative_default_rate, 2)
        ));
        ui.separator();
        ui.label(format!(
            "{} {}",
            t(S::Collections),
            format::wan(p.total_collections)
        ));
        ui.separator();
        ui.label(format!(
            "{} {}",
            t(S::ExcessSpread),
            format::wan(p.total_excess_spread)
        ));
    });
    let enhancements = &c.results.enhancements;
    if p.pledge_ltv.is_none() && p.revolving.is_none() && enhancements.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let mut first = true;
        let mut gap = |ui: &mut Ui| {
            if !std::mem::take(&mut first) {
                ui.separator();
            }
        };
        if let Some(ltv) = p.pledge_ltv {
            gap(ui);
            ui.label(format!("{} {}", t(S::PledgeLtv), format::pct(ltv, 1)));
        }
        if let Some(rv) = &p.revolving {
            gap(ui);
            purchases_label(ui, lang, rv);
        }
        if !enhancements.is_empty() {
            gap(ui);
            let drawn: rust_decimal::Decimal = enhancements.iter().map(|e| e.total_drawn).sum();
            let detail = enhancements
                .iter()
                .filter(|e| e.total_drawn > rust_decimal::Decimal::ZERO)
                .map(|e| {
                    format!(
                        "{} ({}): {} {}",
                        e.id,
                        e.provider,
                        format::wan(e.total_drawn),
                        t(S::UnitWan)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            let resp = ui.label(format!("{} {}", t(S::EnhancementDraws), format::wan(drawn)));
            if !detail.is_empty() {
                resp.on_hover_text(detail);
            }
        }
    });
    if let Some(rv) = &p.revolving {
        amortisation_label(ui, lang, rv);
    }
}

/// A revolving deal: what it bought and its last purchase.
fn purchases_label(ui: &mut Ui, lang: Lang, rv: &crate::results::RevolvingMetrics) {
    let t = |k| lang.tr(k);
    let mut text = format!("{} {}", t(S::Purchases), format::wan(rv.total_purchases));
    if let Some(d) = rv.last_purchase_date {
        text += &format!(" · {} {}", t(S::RevolvingUntil), format::date(d));
    }
    ui.label(text);
}

/// A revolving deal: when and why it amortises, on a line of its own (with the purchases
/// it ran off the panel at 1280 × 800); "—" while it revolves to the end.
fn amortisation_label(ui: &mut Ui, lang: Lang, rv: &crate::results::RevolvingMetrics) {
    use crate::results::RevolvingEnd;
    let t = |k| lang.tr(k);
    let Some(d) = rv.amortisation_from else {
        ui.label(format!("{} —", t(S::AmortisesFrom)));
        return;
    };
    let why = match &rv.ended_by {
        Some(RevolvingEnd::Trigger(id)) => format!("{} {id}", t(S::EndedByTrigger)),
        Some(RevolvingEnd::Uninvested) => t(S::EndedByUninvested).to_string(),
        _ => t(S::EndedByDate).to_string(),
    };
    ui.label(format!(
        "{} {}（{why}）",
        t(S::AmortisesFrom),
        format::date(d)
    ));
}

/// The warnings as a button that lists them in a popup (a list in the panel would push
/// the tabs down), and whether the figures are stale; always one line high.
fn notices(ui: &mut Ui, lang: Lang, deal: &Deal, c: &Computed, current: bool, tokens: &Tokens) {
    let w = &c.results.warnings;
    // As high as a button with Chinese text (the CJK font's rows are taller), whatever
    // the line holds.
    let text = egui::WidgetText::from("⚠ 提示 Warnings (0)").into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    let height = (text.size().y + 2.0 * ui.spacing().button_padding.y)
        .max(ui.spacing().interact_size.y)
        .ceil();
    ui.horizontal(|ui| {
        ui.set_height(height);
        if w.is_empty() {
            ui.label(RichText::new(format!("✓ {}", lang.tr(S::NoWarnings))).color(tokens.muted));
        } else {
            let title = format!("⚠ {} ({})", lang.tr(S::Warnings), w.len());
            ui.menu_button(RichText::new(title).color(tokens.warning), |ui| {
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for x in w {
                            ui.label(
                                RichText::new(crate::export::messages::warning_line(
                                    lang,
                                    Some(deal),
                                    x,
                                ))
                                .color(tokens.warning),
                            )
                            .on_hover_text(format!("{} · {}", x.code, x.message));
                        }
                    });
            });
        }
        if !current {
            ui.add(
                egui::Label::new(RichText::new(lang.tr(S::StaleFigures)).color(tokens.warning))
                    .truncate(),
            );
        }
    });
}

fn sensitivity(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    c: &Computed,
    compute: &Compute,
    view: &mut ViewState,
) {
    let t = |k| lang.tr(k);
    let ids = sensitivity_securities(deal);
    if ids.is_empty() {
        ui.label(t(S::SensitivityNotApplicable));
        return;
    }
    let current = view.sensitivity_security(deal).unwrap_or_default();
    // A tranche's own name; a unit class's name as the engine reports it.
    let name_of = |id: &str| -> String {
        deal.tranches
            .iter()
            .find(|tr| tr.id == id)
            .map(|tr| tr.name.clone())
            .or_else(|| {
                c.results
                    .securities
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.name.clone())
            })
            .unwrap_or_else(|| id.to_string())
    };
    let driver = view.sensitivity_driver(deal);
    ui.horizontal(|ui| {
        caption(ui, t(S::ChartSensitivity));
        ui.label(t(S::SensitivityOf));
        let resp = egui::ComboBox::from_id_salt("sensitivity-of")
            .selected_text(name_of(&current))
            .show_ui(ui, |ui| {
                for id in &ids {
                    if ui.selectable_label(*id == current, name_of(id)).clicked() {
                        view.sensitivity_of = Some(id.to_string());
                    }
                }
            });
        resp.response.accessible_name(t(S::SensitivityOf));
        ui.label(t(S::SensitivityDriver));
        let resp = egui::ComboBox::from_id_salt("sensitivity-driver")
            .selected_text(lang.term(driver.term()))
            .show_ui(ui, |ui| {
                for &d in Driver::for_deal(deal.holding.is_some()) {
                    if ui
                        .selectable_label(d == driver, lang.term(d.term()))
                        .clicked()
                    {
                        view.sensitivity_driver = Some(d);
                    }
                }
            });
        resp.response.accessible_name(t(S::SensitivityDriver));
    });
    match compute.sensitivity() {
        Some(s) if s.error.is_none() => {
            // Only a default rate makes the loss grow steadily along the sweep.
            if s.driver == Driver::Cdr {
                let never_lost = s.points.iter().all(|(_, _, loss)| !loss);
                let be = match charts::break_even(s) {
                    Some(x) if never_lost => format!("≥ {}", format::pct(x, 0)),
                    Some(x) => format::pct(x, 0),
                    None => "—".into(),
                };
                ui.label(format!("{}: {be}", t(S::BreakEven)));
            }
            if let Some(chart) = &s.chart {
                charts::sensitivity(ui, chart, lang, view.plot_epoch);
            }
        }
        Some(s) => {
            let why = s.error.as_ref().map(|e| e.text(lang)).unwrap_or_default();
            ui.label(RichText::new(why).color(Tokens::of(ui.visuals()).error));
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t(S::SensitivityComputing));
            });
        }
    }
}
