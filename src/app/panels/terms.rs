//! Deal terms: name, currency, label, dates, frequency, day count, lag, default scenario.

use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{DayCount, Frequency, RiskRetention};
use chrono::NaiveDate;
use egui::{Id, Ui};

type SetDate = fn(&mut crate::model::Deal, NaiveDate);

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let d = cx.deal;
    let lang = cx.lang;
    let issues = cx.issues;
    let id = |f: &str| Id::unique("terms").with(f);
    egui::Grid::new("terms-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            form_row(ui, lang, cx.tr(S::DealName), issues, "name", |ui| {
                if let Some(v) =
                    widgets::text(ui, id("name"), &d.name, 420.0, lang.tr(S::DealName), lang)
                {
                    cx.cmds.edit_now(move |d| d.name = v);
                }
            });
            form_row(ui, lang, cx.tr(S::Currency), issues, "currency", |ui| {
                if let Some(v) = widgets::text(
                    ui,
                    id("currency"),
                    &d.currency,
                    80.0,
                    lang.tr(S::Currency),
                    lang,
                ) {
                    cx.cmds.edit_now(move |d| d.currency = v);
                }
            });
            form_row(ui, lang, "", issues, "data_asset_label", |ui| {
                let mut v = d.data_asset_label;
                if widgets::checkbox(ui, &mut v, lang.tr(S::DataAssetLabel)).changed() {
                    cx.cmds.edit_now(move |d| d.data_asset_label = v);
                }
            });
            let dates: [(&str, S, NaiveDate, SetDate); 3] = [
                ("closing_date", S::ClosingDate, d.closing_date, |d, v| {
                    d.closing_date = v
                }),
                (
                    "first_payment_date",
                    S::FirstPaymentDate,
                    d.first_payment_date,
                    |d, v| d.first_payment_date = v,
                ),
                (
                    "legal_final_date",
                    S::LegalFinalDate,
                    d.legal_final_date,
                    |d, v| d.legal_final_date = v,
                ),
            ];
            for (path, label, value, set) in dates {
                form_row(ui, lang, lang.tr(label), issues, path, |ui| {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        id(path),
                        &format::date(value),
                        110.0,
                        lang.tr(label),
                        lang,
                        format::parse_date,
                    ) {
                        cx.cmds.edit_now(move |d| set(d, v));
                    }
                });
            }
            form_row(ui, lang, cx.tr(S::Frequency), issues, "frequency", |ui| {
                let options = [
                    (Frequency::Monthly, lang.tr(S::Monthly)),
                    (Frequency::Quarterly, lang.tr(S::Quarterly)),
                    (Frequency::SemiAnnual, lang.tr(S::SemiAnnual)),
                    (Frequency::Annual, lang.tr(S::Annual)),
                ];
                if let Some(v) = widgets::choice(
                    ui,
                    id("frequency"),
                    d.frequency,
                    &options,
                    140.0,
                    lang.tr(S::Frequency),
                ) {
                    cx.cmds.edit_now(move |d| d.frequency = v);
                }
            });
            form_row(ui, lang, cx.tr(S::DayCount), issues, "day_count", |ui| {
                let options = [
                    (DayCount::Act365F, "ACT/365F"),
                    (DayCount::Act360, "ACT/360"),
                    (DayCount::Thirty360, "30/360"),
                ];
                if let Some(v) = widgets::choice(
                    ui,
                    id("day_count"),
                    d.day_count,
                    &options,
                    140.0,
                    lang.tr(S::DayCount),
                ) {
                    cx.cmds.edit_now(move |d| d.day_count = v);
                }
            });
            form_row(
                ui,
                lang,
                cx.tr(S::CollectionLag),
                issues,
                "collection_lag",
                |ui| {
                    let mut v = d.collection_lag;
                    let resp = ui
                        .add(
                            egui::DragValue::new(&mut v)
                                .range(0..=24)
                                .clamp_existing_to_range(false)
                                .speed(0.05),
                        )
                        .accessible_name(lang.tr(S::CollectionLag));
                    widgets::drag_edit(cx.cmds, &resp, d.collection_lag, v, |d, v| {
                        d.collection_lag = v
                    });
                },
            );
            if d.holding.is_none() {
                retention_rows(ui, cx);
            }
            form_row(
                ui,
                lang,
                cx.tr(S::DefaultScenario),
                issues,
                "default_scenario",
                |ui| {
                    let names: Vec<(usize, &str)> = d
                        .scenarios
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (i, s.name.as_str()))
                        .collect();
                    let current = d
                        .scenario(None)
                        .and_then(|s| d.scenarios.iter().position(|x| x.name == s.name))
                        .unwrap_or(0);
                    if let Some(i) = widgets::choice(
                        ui,
                        id("default_scenario"),
                        current,
                        &names,
                        200.0,
                        lang.tr(S::DefaultScenario),
                    ) && let Some(name) = d.scenarios.get(i).map(|s| s.name.clone())
                    {
                        cx.cmds.edit_now(move |d| d.default_scenario = Some(name));
                    }
                },
            );
        });
}

/// 风险自留: the minimum share and the end of the holding period (the red line's terms).
fn retention_rows(ui: &mut Ui, cx: &mut Cx) {
    let d = cx.deal;
    let lang = cx.lang;
    let current = d.risk_retention.clone().unwrap_or(RiskRetention {
        min_share: 0.05,
        until: None,
    });
    form_row(
        ui,
        cx.lang,
        cx.tr(S::RiskRetentionMin),
        cx.issues,
        "risk_retention.min_share",
        |ui| {
            let (resp, v) = widgets::pct_drag(
                ui,
                current.min_share,
                0.0..=1.0,
                2,
                lang.tr(S::RiskRetentionMin),
            );
            let until = current.until;
            widgets::drag_edit(cx.cmds, &resp, current.min_share, v, move |d, v| {
                d.risk_retention = Some(RiskRetention {
                    min_share: v,
                    until,
                });
            });
        },
    );
    form_row(
        ui,
        cx.lang,
        cx.tr(S::RetainedUntil),
        cx.issues,
        "risk_retention.until",
        |ui| {
            if let Some(v) = widgets::parsed_text(
                ui,
                Id::unique("terms").with("retained_until"),
                &current.until.map(format::date).unwrap_or_default(),
                110.0,
                lang.tr(S::RetainedUntil),
                lang,
                |s| {
                    if s.trim().is_empty() {
                        Ok(None)
                    } else {
                        format::parse_date(s).map(Some)
                    }
                },
            ) {
                let min_share = current.min_share;
                cx.cmds.edit_now(move |d| {
                    d.risk_retention = Some(RiskRetention {
                        min_share,
                        until: v,
                    });
                });
            }
        },
    );
}
