//! Pledged data assets (数据资产质押): the appraised value of each data-asset pledge loan's
//! pledge, and a scenario's haircut, value stress and recovery lag for them.

use super::coupons::{issues_below, note, scenario_mut};
use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::model::{Asset, AssetClass, DataPledge, Deal, Scenario};
use egui::{Id, RichText, Ui};

/// Pledged data assets of the inline assets: the data-asset pledge loans and any asset that
/// has a pledge, each with its pledge's name and appraised value.
pub fn pledges(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let rows: Vec<(usize, &Asset)> = cx
        .deal
        .pool
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| a.pledge.is_some() || a.asset_class == AssetClass::DataAssetPledgeLoan)
        .collect();
    if rows.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(t(S::Pledges)).strong());
    note(ui, lang, S::PledgesNote);
    egui::Grid::new("pledges-grid")
        .num_columns(3)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, a) in rows {
                ui.label(format!("{} · {}", a.id, a.obligor));
                let name = a.pledge.as_ref().map_or("", |p| p.name.as_str());
                let id = a.id.clone();
                if let Some(v) = widgets::parsed_text(
                    ui,
                    Id::unique(("pledge-name", i)),
                    name,
                    200.0,
                    &format!("{} {}", t(S::PledgeName), a.id),
                    lang,
                    |s| Ok::<_, S>(s.trim().to_string()),
                ) {
                    cx.cmds.edit_now(move |d| {
                        if let Some(p) = asset_mut(d, i, &id).and_then(|a| a.pledge.as_mut()) {
                            p.name = v;
                        }
                    });
                }
                let value = a
                    .pledge
                    .as_ref()
                    .map_or_else(String::new, |p| format::money(p.appraised_value));
                let id = a.id.clone();
                if let Some(v) = widgets::parsed_text(
                    ui,
                    Id::unique(("pledge-value", i)),
                    &value,
                    140.0,
                    &format!("{} {}", t(S::AppraisedValue), a.id),
                    lang,
                    |s| {
                        if s.trim().is_empty() {
                            Ok(None)
                        } else {
                            format::parse_money(s).map(Some)
                        }
                    },
                ) {
                    cx.cmds.edit_now(move |d| {
                        let Some(a) = asset_mut(d, i, &id) else {
                            return;
                        };
                        a.pledge = match (v, a.pledge.take()) {
                            (None, _) => None,
                            (Some(value), Some(p)) => Some(DataPledge {
                                appraised_value: value,
                                ..p
                            }),
                            (Some(value), None) => Some(DataPledge {
                                name: String::new(),
                                appraised_value: value,
                            }),
                        };
                    });
                }
                ui.end_row();
            }
        });
    for (k, a) in cx.deal.pool.assets.iter().enumerate() {
        if a.pledge.is_some() {
            issues_below(ui, cx.lang, cx.issues, &format!("pool.assets[{k}].pledge"));
        }
    }
}

fn asset_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Asset> {
    d.pool.assets.get_mut(i).filter(|a| a.id == id)
}

/// A scenario's assumptions for pledged data assets, when the pool has any.
pub fn pledge_rows(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    if !cx.deal.pool.assets.iter().any(|a| a.pledge.is_some()) {
        return;
    }
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::Pledges));
    type SetRate = fn(&mut Scenario, f64);
    let rates: [(S, &str, f64, SetRate); 2] = [
        (
            S::PledgeHaircut,
            "pledge_haircut",
            s.pledge_haircut,
            |s, v| s.pledge_haircut = v,
        ),
        (
            S::PledgeValueStress,
            "pledge_value_stress",
            s.pledge_value_stress,
            |s, v| s.pledge_value_stress = v,
        ),
    ];
    egui::Grid::new("pledge-assumptions")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            for (label, field, value, set) in rates {
                widgets::form_row(
                    ui,
                    cx.lang,
                    t(label),
                    cx.issues,
                    &format!("scenarios[{i}].{field}"),
                    |ui| {
                        let (resp, v) = widgets::pct_slider(
                            ui,
                            cx.lang,
                            value,
                            0.0..=1.0,
                            egui::SliderClamping::Edits,
                            t(label),
                        );
                        let name = s.name.clone();
                        widgets::drag_edit(cx.cmds, &resp, value, v, move |d, v| {
                            if let Some(x) = scenario_mut(d, i, &name) {
                                set(x, v);
                            }
                        });
                    },
                );
            }
            widgets::form_row(
                ui,
                cx.lang,
                t(S::PledgeLag),
                cx.issues,
                &format!("scenarios[{i}].pledge_lag"),
                |ui| {
                    let old = s.pledge_lag.unwrap_or(s.recovery_lag);
                    let mut v = old;
                    let resp = ui
                        .add(
                            egui::DragValue::new(&mut v)
                                .range(0..=60)
                                .clamp_existing_to_range(false)
                                .speed(0.05),
                        )
                        .accessible_name(t(S::PledgeLag));
                    let name = s.name.clone();
                    widgets::drag_edit(cx.cmds, &resp, old, v, move |d, v| {
                        if let Some(x) = scenario_mut(d, i, &name) {
                            x.pledge_lag = Some(v);
                        }
                    });
                },
            );
        });
}
