//! Pledged data assets (数据资产质押): a scenario's haircut, value stress and recovery lag
//! for them (each asset's pledge is edited in the pool's grid).

use super::coupons::scenario_mut;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::model::Scenario;
use egui::Ui;

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
