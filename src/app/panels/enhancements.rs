//! Credit enhancement: the reserve account, external enhancements (deficiency payment,
//! guarantee, bank letter of guarantee) and the triggers that switch the waterfall.

use crate::app::edits::{self, move_item};
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, form_row, issues_under};
use crate::error::Issue;
use crate::model::{
    Cover, Deal, Enhancement, EnhancementKind, RATING_SCALE, Reserve, ReserveTarget, Step,
    StepUpEvent, Trigger, TriggerTest, rating_rank,
};
use egui::{Id, RichText, Ui};
use rust_decimal::Decimal;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    super::subheading(ui, cx.tr(S::Reserve));
    reserve(ui, cx);
    ui.add_space(10.0);
    super::subheading(ui, cx.tr(S::Enhancements));
    enhancements(ui, cx);
    ui.add_space(10.0);
    super::subheading(ui, cx.tr(S::Triggers));
    triggers(ui, cx);
}

/// Edit what a reserve or an enhancement pays for; returns the new list on a change.
fn cover_editor(
    ui: &mut Ui,
    lang: Lang,
    covers: &[Cover],
    ids: &[&str],
    what: &str,
) -> Option<Vec<Cover>> {
    let t = |k| lang.tr(k);
    let mut fees = covers.iter().any(|c| matches!(c, Cover::Fees));
    let mut interest: Vec<String> = Vec::new();
    let mut principal: Vec<String> = Vec::new();
    let mut on_date: Vec<String> = Vec::new();
    for c in covers {
        match c {
            Cover::Interest(v) => interest.extend(v.iter().cloned()),
            Cover::MaturityPrincipal(v) => principal.extend(v.iter().cloned()),
            Cover::MaturityDatePrincipal(v) => on_date.extend(v.iter().cloned()),
            Cover::Fees => {}
        }
    }
    let mut changed = false;
    // One line a kind of cover, its chips wrapping under their own label (in one wrapping
    // line the chips of different kinds ran together and were clipped).
    ui.vertical(|ui| {
        if widgets::checkbox(ui, &mut fees, t(S::CoverFees))
            .on_hover_text(what)
            .changed()
        {
            changed = true;
        }
        for (label, list) in [
            (S::CoverInterest, &mut interest),
            (S::CoverPrincipal, &mut principal),
            (S::CoverPrincipalOnDate, &mut on_date),
        ] {
            ui.horizontal(|ui| {
                ui.label(t(label));
                if let Some(v) = widgets::id_chips(ui, ids, list, &format!("{what} {}", t(label))) {
                    *list = v;
                    changed = true;
                }
            });
        }
    });
    if !changed {
        return None;
    }
    let mut out = Vec::new();
    if fees {
        out.push(Cover::Fees);
    }
    if !interest.is_empty() {
        out.push(Cover::Interest(interest));
    }
    if !principal.is_empty() {
        out.push(Cover::MaturityPrincipal(principal));
    }
    if !on_date.is_empty() {
        out.push(Cover::MaturityDatePrincipal(on_date));
    }
    Some(out)
}

/// An optional amount: empty text means none.
fn optional_money(s: &str) -> Result<Option<Decimal>, S> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        format::parse_money(s).map(Some)
    }
}

fn reserve(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let ids: Vec<&str> = d.tranches.iter().map(|t| t.id.as_str()).collect();
    let mut has = d.reserve.is_some();
    if widgets::checkbox(ui, &mut has, t(S::HasReserve)).changed() {
        cx.cmds.edit_now(move |d: &mut Deal| {
            if has {
                d.reserve = Some(Reserve {
                    initial: Decimal::ZERO,
                    target: ReserveTarget::Fixed(Decimal::ZERO),
                    covers: vec![Cover::Fees],
                });
            } else {
                d.reserve = None;
                // A top-up step without a reserve would make the deal invalid.
                d.waterfall
                    .steps
                    .retain(|s| !matches!(s, Step::ReserveTopUp));
                if let Some(post) = &mut d.waterfall.post_trigger {
                    post.retain(|s| !matches!(s, Step::ReserveTopUp));
                }
            }
        });
    }
    let Some(r) = &d.reserve else {
        return;
    };
    let issues = cx.issues;
    egui::Grid::new("reserve-grid")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            form_row(
                ui,
                lang,
                t(S::ReserveInitial),
                issues,
                "reserve.initial",
                |ui| {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        Id::unique("reserve-initial"),
                        &format::money(r.initial),
                        140.0,
                        t(S::ReserveInitial),
                        lang,
                        format::parse_money,
                    ) {
                        cx.cmds.edit_now(move |d| {
                            if let Some(r) = &mut d.reserve {
                                r.initial = v;
                            }
                        });
                    }
                },
            );
            form_row(
                ui,
                lang,
                t(S::ReserveTarget),
                issues,
                "reserve.target",
                |ui| {
                    ui.horizontal(|ui| {
                        let fixed = matches!(r.target, ReserveTarget::Fixed(_));
                        let kinds = [(true, t(S::TargetFixed)), (false, t(S::TargetPoolShare))];
                        if let Some(f) = widgets::choice(
                            ui,
                            "reserve-target-kind",
                            fixed,
                            &kinds,
                            140.0,
                            t(S::ReserveTarget),
                        ) {
                            cx.cmds.edit_now(move |d| {
                                if let Some(r) = &mut d.reserve {
                                    r.target = if f {
                                        ReserveTarget::Fixed(r.initial)
                                    } else {
                                        ReserveTarget::PoolShare(0.005)
                                    };
                                }
                            });
                        }
                        match r.target {
                            ReserveTarget::Fixed(a) => {
                                if let Some(v) = widgets::parsed_text(
                                    ui,
                                    Id::unique("reserve-target"),
                                    &format::money(a),
                                    140.0,
                                    t(S::ReserveTarget),
                                    lang,
                                    format::parse_money,
                                ) {
                                    cx.cmds.edit_now(move |d| {
                                        if let Some(r) = &mut d.reserve {
                                            r.target = ReserveTarget::Fixed(v);
                                        }
                                    });
                                }
                            }
                            ReserveTarget::PoolShare(s) => {
                                let (resp, v) =
                                    widgets::pct_drag(ui, s, 0.0..=1.0, 3, t(S::ReserveTarget));
                                widgets::drag_edit(cx.cmds, &resp, s, v, |d, v| {
                                    if let Some(r) = &mut d.reserve {
                                        r.target = ReserveTarget::PoolShare(v);
                                    }
                                });
                            }
                        }
                    });
                },
            );
            form_row(ui, lang, t(S::Covers), issues, "reserve.covers", |ui| {
                if let Some(c) = cover_editor(ui, lang, &r.covers, &ids, t(S::Reserve)) {
                    cx.cmds.edit_now(move |d| {
                        if let Some(r) = &mut d.reserve {
                            r.covers = c;
                        }
                    });
                }
            });
        });
}

fn enhancement_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Enhancement> {
    d.enhancements.get_mut(i).filter(|e| e.id == id)
}

fn enhancements(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let ids: Vec<&str> = d.tranches.iter().map(|t| t.id.as_str()).collect();
    let n = d.enhancements.len();
    for (i, e) in d.enhancements.iter().enumerate() {
        ui.push_id(("enhancement", i), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                enhancement(ui, cx, i, n, e, &ids);
            });
        });
    }
    if ui.button(format!("+ {}", t(S::AddEnhancement))).clicked() {
        cx.cmds.edit_now(|d| {
            let id = edits::unique_id("enh", d.enhancements.iter().map(|e| e.id.as_str()));
            let first = d
                .tranches
                .first()
                .map(|t| vec![t.id.clone()])
                .unwrap_or_default();
            d.enhancements.push(Enhancement {
                id,
                kind: EnhancementKind::DeficiencyPayment,
                provider: String::new(),
                covers: vec![
                    Cover::Interest(first.clone()),
                    Cover::MaturityPrincipal(first),
                ],
                cap_per_period: None,
                cap_total: None,
            });
        });
    }
}

fn enhancement(ui: &mut Ui, cx: &mut Cx, i: usize, n: usize, e: &Enhancement, ids: &[&str]) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let eid = e.id.clone();
    let name_of = |k: S| format!("{} {}", t(k), e.id);
    ui.horizontal_wrapped(|ui| {
        // A label moves to the next line whole, not broken inside a word.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        match widgets::row_buttons(ui, lang, &e.id, i, n) {
            Some(RowAction::Remove) => {
                let id = eid.clone();
                cx.cmds.edit_now(move |d| {
                    if d.enhancements.get(i).is_some_and(|e| e.id == id) {
                        d.enhancements.remove(i);
                    }
                });
            }
            Some(a) => {
                let delta = a.delta();
                cx.cmds
                    .edit_now(move |d| move_item(&mut d.enhancements, i, delta));
            }
            None => {}
        }
        ui.label(t(S::Id));
        let others: Vec<String> = cx
            .deal
            .enhancements
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, e)| e.id.clone())
            .collect();
        if let Some(v) = widgets::fitted_text(
            ui,
            ui.make_persistent_id("id"),
            &e.id,
            70.0,
            &name_of(S::Id),
            lang,
            widgets::unique_id(&others),
        ) {
            let id = eid.clone();
            cx.cmds.edit_now(move |d| {
                if let Some(x) = enhancement_mut(d, i, &id) {
                    x.id = v;
                }
            });
        }
        let kinds = [
            (EnhancementKind::DeficiencyPayment, t(S::DeficiencyPayment)),
            (EnhancementKind::Guarantee, t(S::Guarantee)),
            (EnhancementKind::BankGuarantee, t(S::BankGuarantee)),
        ];
        if let Some(k) = widgets::choice(ui, "kind", e.kind, &kinds, 150.0, &name_of(S::Kind)) {
            let id = eid.clone();
            cx.cmds.edit_now(move |d| {
                if let Some(x) = enhancement_mut(d, i, &id) {
                    x.kind = k;
                }
            });
        }
        ui.label(t(S::Provider));
        if let Some(v) = widgets::fitted_text(
            ui,
            ui.make_persistent_id("provider"),
            &e.provider,
            170.0,
            &name_of(S::Provider),
            lang,
            |s| Ok::<_, S>(s.trim().to_string()),
        ) {
            let id = eid.clone();
            cx.cmds.edit_now(move |d| {
                if let Some(x) = enhancement_mut(d, i, &id) {
                    x.provider = v;
                }
            });
        }
    });
    ui.label(RichText::new(t(S::Covers)).small());
    if let Some(c) = cover_editor(ui, lang, &e.covers, ids, &e.id) {
        let id = eid.clone();
        cx.cmds.edit_now(move |d| {
            if let Some(x) = enhancement_mut(d, i, &id) {
                x.covers = c;
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        type SetCap = fn(&mut Enhancement, Option<Decimal>);
        let caps: [(&str, S, Option<Decimal>, SetCap); 2] = [
            ("cap-period", S::CapPerPeriod, e.cap_per_period, |x, v| {
                x.cap_per_period = v
            }),
            ("cap-total", S::CapTotal, e.cap_total, |x, v| {
                x.cap_total = v
            }),
        ];
        for (salt, label, value, set) in caps {
            ui.label(t(label));
            let shown = value.map_or_else(String::new, format::money);
            if let Some(v) = widgets::parsed_text(
                ui,
                ui.make_persistent_id(salt),
                &shown,
                130.0,
                &name_of(label),
                lang,
                optional_money,
            ) {
                let id = eid.clone();
                cx.cmds.edit_now(move |d| {
                    if let Some(x) = enhancement_mut(d, i, &id) {
                        set(x, v);
                    }
                });
            }
            if value.is_none() {
                ui.label(RichText::new(t(S::NoCap)).small().weak());
            }
        }
    });
    let path = format!("enhancements[{i}]");
    let here: Vec<&Issue> = issues_under(cx.issues, &path).collect();
    for issue in here {
        widgets::field_issues(ui, cx.lang, std::slice::from_ref(issue), &issue.path);
    }
}

fn trigger_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Trigger> {
    d.triggers.get_mut(i).filter(|x| x.id == id)
}

fn triggers(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let ids: Vec<&str> = d.tranches.iter().map(|t| t.id.as_str()).collect();
    let n = d.triggers.len();
    // One wrapping line per trigger (not a grid): at 1280 × 800 the test, its value and the
    // tranche chips move to a second line instead of running off the panel.
    // The editor scrolls sideways, so its width is unbounded: wrap at the visible width,
    // less the vertical scroll bar's room.
    let visible = widgets::visible_room(ui).max(320.0);
    let wrapping = egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true);
    for (i, tr) in d.triggers.iter().enumerate() {
        ui.push_id(("trigger", i), |ui| {
            ui.allocate_ui_with_layout(egui::vec2(visible, 0.0), wrapping, |ui| {
                ui.set_max_width(visible);
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                trigger_row(ui, cx, i, n, tr, &ids);
            });
        });
        ui.separator();
    }
    if ui.button(format!("+ {}", t(S::AddTrigger))).clicked() {
        let name = t(S::NewTriggerName);
        cx.cmds.edit_now(move |d| {
            let id = edits::unique_id("trigger", d.triggers.iter().map(|x| x.id.as_str()));
            d.triggers.push(Trigger {
                id,
                name: name.to_string(),
                test: TriggerTest::CumulativeDefaultRate(0.05),
            });
        });
    }
}

fn trigger_row(ui: &mut Ui, cx: &mut Cx, i: usize, n: usize, tr: &Trigger, ids: &[&str]) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let tid = tr.id.clone();
    let rid = Id::unique(("trigger-row", i));
    let name_of = |k: S| format!("{} {}", t(k), tr.id);
    let others: Vec<String> = cx
        .deal
        .triggers
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, x)| x.id.clone())
        .collect();
    if let Some(v) = widgets::fitted_text(
        ui,
        rid.with("id"),
        &tr.id,
        60.0,
        &name_of(S::Id),
        lang,
        widgets::unique_id(&others),
    ) {
        let id = tid.clone();
        cx.cmds.edit_now(move |d| {
            let Some(x) = trigger_mut(d, i, &id) else {
                return;
            };
            x.id = v.clone();
            // Step-ups follow their trigger's new id.
            for s in d.tranches.iter_mut().flat_map(|t| t.step_ups.iter_mut()) {
                if s.after == StepUpEvent::Trigger(id.clone()) {
                    s.after = StepUpEvent::Trigger(v.clone());
                }
            }
        });
    }
    // The whole name in view: the field grows with it, up to the whole line.
    if let Some(v) = widgets::fitted_text(
        ui,
        rid.with("name"),
        &tr.name,
        200.0,
        &name_of(S::Name),
        lang,
        widgets::not_empty,
    ) {
        let id = tid.clone();
        cx.cmds.edit_now(move |d| {
            if let Some(x) = trigger_mut(d, i, &id) {
                x.name = v;
            }
        });
    }
    let kind = match tr.test {
        TriggerTest::CumulativeDefaultRate(_) => 0,
        TriggerTest::OcRatio { .. } => 1,
        TriggerTest::ExcessSpreadBelow(_) => 2,
        TriggerTest::ProviderRating { .. } => 3,
        TriggerTest::Delinquency { .. } => 4,
    };
    let kinds = [
        (0, t(S::CumulativeDefaultRate)),
        (1, t(S::OcRatio)),
        (2, t(S::ExcessSpreadBelow)),
        (3, t(S::ProviderRatingBelow)),
        (4, t(S::DelinquencyAbove)),
    ];
    if let Some(k) = widgets::choice(ui, rid.with("test"), kind, &kinds, 240.0, &name_of(S::Test)) {
        let id = tid.clone();
        let senior: Vec<String> = ids.first().map(|s| vec![s.to_string()]).unwrap_or_default();
        let provider = cx
            .deal
            .enhancements
            .first()
            .map(|e| e.provider.clone())
            .unwrap_or_default();
        cx.cmds.edit_now(move |d| {
            if let Some(x) = trigger_mut(d, i, &id) {
                x.test = match k {
                    0 => TriggerTest::CumulativeDefaultRate(0.05),
                    1 => TriggerTest::OcRatio {
                        tranches: senior,
                        min: 1.1,
                    },
                    2 => TriggerTest::ExcessSpreadBelow(0.01),
                    4 => super::delinquency::new_test(),
                    _ => TriggerTest::ProviderRating {
                        provider,
                        below: "AA+".into(),
                    },
                };
            }
        });
    }
    match &tr.test {
        TriggerTest::Delinquency {
            bucket,
            basis,
            above,
            periods,
        } => {
            let now = super::delinquency::Test {
                bucket: *bucket,
                basis: *basis,
                above: *above,
                periods: *periods,
            };
            super::delinquency::trigger_fields(ui, cx, i, &tid, now, &name_of);
        }
        TriggerTest::CumulativeDefaultRate(x) => {
            let (resp, v) =
                widgets::pct_drag(ui, *x, 0.0..=1.0, 2, &name_of(S::CumulativeDefaultRate));
            let id = tid.clone();
            widgets::drag_edit(cx.cmds, &resp, *x, v, move |d, v| {
                if let Some(x) = trigger_mut(d, i, &id) {
                    x.test = TriggerTest::CumulativeDefaultRate(v);
                }
            });
        }
        TriggerTest::ExcessSpreadBelow(x) => {
            let (resp, v) =
                widgets::pct_drag(ui, *x, -1.0..=1.0, 2, &name_of(S::ExcessSpreadBelow));
            let id = tid.clone();
            widgets::drag_edit(cx.cmds, &resp, *x, v, move |d, v| {
                if let Some(x) = trigger_mut(d, i, &id) {
                    x.test = TriggerTest::ExcessSpreadBelow(v);
                }
            });
        }
        TriggerTest::ProviderRating { provider, below } => {
            let mut providers: Vec<&str> = Vec::new();
            for e in &cx.deal.enhancements {
                if !providers.contains(&e.provider.as_str()) {
                    providers.push(&e.provider);
                }
            }
            let options: Vec<(usize, &str)> = providers.iter().copied().enumerate().collect();
            let current = providers
                .iter()
                .position(|p| p == provider)
                .unwrap_or(usize::MAX);
            if let Some(k) = widgets::choice(
                ui,
                rid.with("provider"),
                current,
                &options,
                200.0,
                &name_of(S::Provider),
            ) {
                let (id, p, below) = (tid.clone(), providers[k].to_string(), below.clone());
                cx.cmds.edit_now(move |d| {
                    if let Some(x) = trigger_mut(d, i, &id) {
                        x.test = TriggerTest::ProviderRating { provider: p, below };
                    }
                });
            }
            let ratings: Vec<(usize, &str)> = RATING_SCALE.iter().copied().enumerate().collect();
            let current = rating_rank(below).unwrap_or(usize::MAX);
            if let Some(k) = widgets::choice(
                ui,
                rid.with("below"),
                current,
                &ratings,
                70.0,
                &name_of(S::ProviderRatingBelow),
            ) {
                let (id, p) = (tid.clone(), provider.clone());
                cx.cmds.edit_now(move |d| {
                    if let Some(x) = trigger_mut(d, i, &id) {
                        x.test = TriggerTest::ProviderRating {
                            provider: p,
                            below: RATING_SCALE[k].to_string(),
                        };
                    }
                });
            }
        }
        TriggerTest::OcRatio { tranches, min } => {
            let mut v = *min;
            let resp = ui
                .add(
                    egui::DragValue::new(&mut v)
                        .range(0.0..=100.0)
                        .clamp_existing_to_range(false)
                        .speed(0.005)
                        .fixed_decimals(3),
                )
                .accessible_name(name_of(S::OcRatio));
            let id = tid.clone();
            let current = tranches.clone();
            widgets::drag_edit(cx.cmds, &resp, *min, v, move |d, v| {
                if let Some(x) = trigger_mut(d, i, &id) {
                    x.test = TriggerTest::OcRatio {
                        tranches: current,
                        min: v,
                    };
                }
            });
            // The chips on a line of their own, with the row's whole width.
            ui.end_row();
            ui.label(t(S::OcTranches));
            if let Some(sel) = widgets::id_chips(ui, ids, tranches, &name_of(S::OcTranches)) {
                let id = tid.clone();
                let min = *min;
                cx.cmds.edit_now(move |d| {
                    if let Some(x) = trigger_mut(d, i, &id) {
                        x.test = TriggerTest::OcRatio { tranches: sel, min };
                    }
                });
            }
        }
    }
    ui.horizontal(|ui| match widgets::row_buttons(ui, lang, &tr.id, i, n) {
        Some(RowAction::Remove) => {
            let id = tid.clone();
            cx.cmds.edit_now(move |d| {
                if d.triggers.get(i).is_some_and(|x| x.id == id) {
                    d.triggers.remove(i);
                }
            });
        }
        Some(a) => {
            let delta = a.delta();
            cx.cmds
                .edit_now(move |d| move_item(&mut d.triggers, i, delta));
        }
        None => {}
    });
    let path = format!("triggers[{i}]");
    let here: Vec<&Issue> = issues_under(cx.issues, &path).collect();
    let deal = cx.deal;
    widgets::issue_mark(ui, cx.lang, &here, |p| {
        crate::export::messages::field_name(cx.lang, Some(deal), p)
    });
}
