//! Scenarios: pick the one the figures are for, edit its default, prepayment and recovery
//! assumptions and its large-obligor defaults. The selection here is the results' scenario.

use crate::app::edits;
use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, form_row};
use crate::model::{Curve, Deal, ObligorDefault, Scenario};
use egui::{Id, RichText, Ui};

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let d = cx.deal;
    let Some(i) = selected(cx) else {
        return;
    };
    list(ui, cx, i);
    ui.separator();
    editor(ui, cx, i, &d.scenarios[i]);
}

/// Index of the scenario the figures are for (of the one a stress template stresses, when
/// the figures are for a template).
pub(super) fn selected(cx: &Cx) -> Option<usize> {
    let d = cx.deal;
    let name = cx.view.scenario_name(d)?;
    let name = match d.stress_templates.iter().find(|t| t.name == name) {
        Some(t) => d.stress_base(t)?.name.as_str(),
        None => name,
    };
    d.scenarios.iter().position(|s| s.name == name)
}

/// The scenario picker with add, duplicate and remove.
pub(super) fn list(ui: &mut Ui, cx: &mut Cx, selected: usize) {
    let d = cx.deal;
    let t = |k| cx.lang.tr(k);
    ui.horizontal_wrapped(|ui| {
        ui.label(t(S::Scenario));
        for (i, s) in d.scenarios.iter().enumerate() {
            if ui.selectable_label(i == selected, &s.name).clicked() {
                cx.view.scenario = Some(s.name.clone());
            }
        }
    });
    ui.horizontal(|ui| {
        if ui.button(format!("+ {}", t(S::AddScenario))).clicked() {
            let name = edits::unique_id("scenario-", d.scenarios.iter().map(|s| s.name.as_str()));
            cx.view.scenario = Some(name.clone());
            let new = if d.holding.is_some() {
                // A holding deal's scenario starts from the one shown (its exit, growth).
                Scenario {
                    name,
                    ..d.scenarios[selected].clone()
                }
            } else {
                Scenario {
                    name,
                    cdr: Curve::Flat(0.01),
                    cpr: Curve::Flat(0.0),
                    recovery_rate: 0.4,
                    recovery_lag: 2,
                    ..Scenario::default()
                }
            };
            cx.cmds.edit_now(move |d| d.scenarios.push(new));
        }
        if ui.button(t(S::DuplicateScenario)).clicked() {
            if let Some(name) = edits::duplicate_name(d, selected) {
                cx.view.scenario = Some(name);
            }
            cx.cmds
                .edit_now(move |d| edits::duplicate_scenario(d, selected));
        }
        let name = d.scenarios[selected].name.clone();
        if ui
            .add_enabled(d.scenarios.len() > 1, egui::Button::new(t(S::Remove)))
            .clicked()
        {
            cx.view.scenario = None;
            cx.cmds
                .edit_now(move |d| edits::remove_scenario(d, selected, &name));
        }
    });
}

/// Reaches one of a scenario's curves (CDR or CPR).
type CurveField = fn(&mut Scenario) -> &mut Curve;

pub(super) fn scenario_mut<'a>(d: &'a mut Deal, i: usize, name: &str) -> Option<&'a mut Scenario> {
    d.scenarios.get_mut(i).filter(|s| s.name == name)
}

fn editor(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let issues = cx.issues;
    let p = format!("scenarios[{i}]");
    let sname = s.name.clone();
    let id = |f: &str| Id::unique(("scenario-editor", f));
    ui.spacing_mut().slider_width = 260.0;
    egui::Grid::new("scenario-grid")
        .num_columns(2)
        .spacing([16.0, 10.0])
        .show(ui, |ui| {
            form_row(
                ui,
                lang,
                t(S::ScenarioName),
                issues,
                &format!("{p}.name"),
                |ui| {
                    let others: Vec<String> = cx
                        .deal
                        .scenarios
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, s)| s.name.clone())
                        .collect();
                    if let Some(new) = widgets::parsed_text(
                        ui,
                        id("name"),
                        &s.name,
                        220.0,
                        t(S::ScenarioName),
                        lang,
                        widgets::unique_id(&others),
                    ) {
                        cx.view.scenario = Some(new.clone());
                        let old = sname.clone();
                        cx.cmds
                            .edit_now(move |d| edits::rename_scenario(d, i, &old, &new));
                    }
                },
            );
            if cx.deal.holding.is_some() {
                holding_rows(ui, cx, i, s);
                return;
            }
            let curves: [(&str, S, &Curve, CurveField); 2] = [
                ("cdr", S::Cdr, &s.cdr, |s| &mut s.cdr),
                ("cpr", S::Cpr, &s.cpr, |s| &mut s.cpr),
            ];
            for (field, label, curve, get) in curves {
                form_row(ui, lang, t(label), issues, &format!("{p}.{field}"), |ui| {
                    curve_editor(ui, cx, i, &sname, field, label, curve, get);
                });
            }
            form_row(
                ui,
                lang,
                t(S::RecoveryRate),
                issues,
                &format!("{p}.recovery_rate"),
                |ui| {
                    let (resp, v) = widgets::pct_slider(
                        ui,
                        lang,
                        s.recovery_rate,
                        0.0..=1.0,
                        egui::SliderClamping::Edits,
                        t(S::RecoveryRate),
                    );
                    let name = sname.clone();
                    widgets::drag_edit(cx.cmds, &resp, s.recovery_rate, v, move |d, v| {
                        if let Some(x) = scenario_mut(d, i, &name) {
                            x.recovery_rate = v;
                        }
                    });
                },
            );
            form_row(
                ui,
                lang,
                t(S::RecoveryLag),
                issues,
                &format!("{p}.recovery_lag"),
                |ui| {
                    let mut v = s.recovery_lag;
                    let resp = ui
                        .add(
                            egui::DragValue::new(&mut v)
                                .range(0..=60)
                                .clamp_existing_to_range(false)
                                .speed(0.05),
                        )
                        .accessible_name(t(S::RecoveryLag));
                    let name = sname.clone();
                    widgets::drag_edit(cx.cmds, &resp, s.recovery_lag, v, move |d, v| {
                        if let Some(x) = scenario_mut(d, i, &name) {
                            x.recovery_lag = v;
                        }
                    });
                },
            );
        });
    if cx.deal.holding.is_none() {
        super::subheading(ui, t(S::ObligorDefaults));
        obligor_defaults(ui, cx, i, s);
        super::pledges::pledge_rows(ui, cx, i, s);
        super::delinquency::scenario_rows(ui, cx, i, s);
        super::coupons::scenario_rows(ui, cx, i, s);
    }
}

/// A holding deal's operating assumptions: revenue growth, occupancy, exit cap rate.
fn holding_rows(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    // Room for the value box beside the slider in a narrow editor.
    ui.spacing_mut().slider_width = 160.0;
    type SetRate = fn(&mut Scenario, f64);
    let rows: [(S, &str, f64, std::ops::RangeInclusive<f64>, SetRate); 2] = [
        (
            S::RevenueGrowth,
            "revenue_growth",
            s.revenue_growth,
            -0.1..=0.15,
            |s, v| s.revenue_growth = v,
        ),
        (S::Occupancy, "occupancy", s.occupancy, 0.0..=1.0, |s, v| {
            s.occupancy = v
        }),
    ];
    for (label, field, value, range, set) in rows {
        let name = s.name.clone();
        form_row(
            ui,
            lang,
            t(label),
            cx.issues,
            &format!("scenarios[{i}].{field}"),
            |ui| {
                let (resp, v) = widgets::pct_slider(
                    ui,
                    lang,
                    value,
                    range,
                    egui::SliderClamping::Edits,
                    t(label),
                );
                widgets::drag_edit(cx.cmds, &resp, value, v, move |d, v| {
                    if let Some(x) = scenario_mut(d, i, &name) {
                        set(x, v);
                    }
                });
            },
        );
    }
    super::exits::exit_cap_row(ui, cx, i, s);
}

#[allow(clippy::too_many_arguments)]
fn curve_editor(
    ui: &mut Ui,
    cx: &mut Cx,
    i: usize,
    sname: &str,
    field: &'static str,
    label: S,
    curve: &Curve,
    get: CurveField,
) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    ui.horizontal(|ui| {
        let is_flat = matches!(curve, Curve::Flat(_));
        for (flat, key) in [(true, S::Flat), (false, S::Vector)] {
            let resp = ui
                .selectable_label(is_flat == flat, t(key))
                .accessible_name(format!("{} {}", t(label), t(key)));
            if resp.clicked() && is_flat != flat {
                // Switching keeps the first rate, so nothing jumps.
                let first = curve.values().first().copied().unwrap_or(0.0);
                let name = sname.to_string();
                cx.cmds.edit_now(move |d| {
                    if let Some(s) = scenario_mut(d, i, &name) {
                        *get(s) = if flat {
                            Curve::Flat(first)
                        } else {
                            Curve::Vector(vec![first])
                        };
                    }
                });
            }
        }
    });
    match curve {
        Curve::Flat(r) => {
            // A typed rate above the track's 30% stays as typed.
            let (resp, v) = widgets::pct_slider(
                ui,
                lang,
                *r,
                0.0..=0.3,
                egui::SliderClamping::Never,
                t(label),
            );
            let name = sname.to_string();
            widgets::drag_edit(cx.cmds, &resp, *r, v, move |d, v| {
                if let Some(s) = scenario_mut(d, i, &name) {
                    *get(s) = Curve::Flat(v);
                }
            });
        }
        Curve::Vector(v) => {
            if let Some(new) = widgets::parsed_text(
                ui,
                Id::unique(("scenario-curve", field)),
                &format::pct_list(v),
                320.0,
                t(label),
                lang,
                format::parse_pct_list,
            ) {
                let name = sname.to_string();
                cx.cmds.edit_now(move |d| {
                    if let Some(s) = scenario_mut(d, i, &name) {
                        *get(s) = Curve::Vector(new);
                    }
                });
            }
            ui.label(RichText::new(t(S::VectorHint)).small());
        }
    }
}

fn obligor_defaults(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let top: Vec<String> = cx
        .pool
        .map(|p| p.top_obligors.iter().map(|(o, _)| o.clone()).collect())
        .unwrap_or_default();
    let n = s.obligor_defaults.len();
    let sname = s.name.clone();
    egui::Grid::new("obligor-defaults")
        .num_columns(4)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (j, o) in s.obligor_defaults.iter().enumerate() {
                {
                    let what = format!("{} {}", t(S::Obligor), j + 1);
                    let rid = Id::unique(("obligor-default", j));
                    ui.horizontal(|ui| match widgets::row_buttons(ui, lang, &what, j, n) {
                        Some(RowAction::Remove) => {
                            let name = sname.clone();
                            cx.cmds.edit_now(move |d| {
                                if let Some(s) = scenario_mut(d, i, &name)
                                    && j < s.obligor_defaults.len()
                                {
                                    s.obligor_defaults.remove(j);
                                }
                            });
                        }
                        Some(a) => {
                            let name = sname.clone();
                            let delta = a.delta();
                            cx.cmds.edit_now(move |d| {
                                if let Some(s) = scenario_mut(d, i, &name) {
                                    edits::move_item(&mut s.obligor_defaults, j, delta);
                                }
                            });
                        }
                        None => {}
                    });
                    let mut picked = None;
                    let resp = egui::ComboBox::from_id_salt(rid.with("obligor"))
                        .selected_text(&o.obligor)
                        .width(200.0)
                        .show_ui(ui, |ui| {
                            for name in &top {
                                if ui.selectable_label(*name == o.obligor, name).clicked() {
                                    picked = Some(name.clone());
                                }
                            }
                        });
                    resp.response.accessible_name(what.clone());
                    if let Some(new) = picked {
                        let name = sname.clone();
                        cx.cmds.edit_now(move |d| {
                            if let Some(x) = scenario_mut(d, i, &name)
                                .and_then(|s| s.obligor_defaults.get_mut(j))
                            {
                                x.obligor = new;
                            }
                        });
                    }
                    ui.label(t(S::Period));
                    let mut v = o.period;
                    let resp = ui
                        .add(
                            egui::DragValue::new(&mut v)
                                .range(1..=2400)
                                .clamp_existing_to_range(false)
                                .speed(0.05),
                        )
                        .accessible_name(format!("{} {}", t(S::Period), j + 1));
                    let name = sname.clone();
                    widgets::drag_edit(cx.cmds, &resp, o.period, v, move |d, v| {
                        if let Some(x) =
                            scenario_mut(d, i, &name).and_then(|s| s.obligor_defaults.get_mut(j))
                        {
                            x.period = v;
                        }
                    });
                }
                ui.end_row();
            }
        });
    let path = format!("scenarios[{i}].obligor_defaults");
    for issue in widgets::issues_under(cx.issues, &path) {
        ui.label(
            RichText::new(format!(
                "⚠ {}",
                crate::export::messages::issue_line(lang, Some(cx.deal), issue)
            ))
            .color(crate::app::theme::Tokens::of(ui.visuals()).error)
            .small(),
        )
        .on_hover_text(crate::export::messages::support_text(issue));
    }
    if ui
        .button(format!("+ {}", t(S::AddObligorDefault)))
        .clicked()
    {
        let largest = top.first().cloned().unwrap_or_default();
        cx.cmds.edit_now(move |d| {
            if let Some(s) = scenario_mut(d, i, &sname) {
                s.obligor_defaults.push(ObligorDefault {
                    obligor: largest,
                    period: 1,
                });
            }
        });
    }
}
