//! Coupon terms of the tranches (fixed or floating on an index, floor, cap, step-ups), the
//! originator's retained share, and the scenario's rate paths and rating events.

use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::Cx;
use crate::app::widgets::{self, issues_under};
use crate::error::Issue;
use crate::model::{Deal, Floating, RateIndex, RatePath, Scenario, StepUp, StepUpEvent, Tranche};
use egui::{Id, RichText, Ui};

fn tranche_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut Tranche> {
    d.tranches.get_mut(i).filter(|t| t.id == id)
}

/// Queue an edit of tranche `i` (if it still has id `id`).
fn edit(cx: &mut Cx, i: usize, id: &str, set: impl FnOnce(&mut Tranche) + 'static) {
    let id = id.to_string();
    cx.cmds.edit_now(move |d| {
        if let Some(t) = tranche_mut(d, i, &id) {
            set(t);
        }
    });
}

fn index_label(index: Option<RateIndex>) -> S {
    match index {
        None => S::FixedCoupon,
        Some(RateIndex::Lpr1Y) => S::IndexLpr1Y,
        Some(RateIndex::Lpr5Y) => S::IndexLpr5Y,
        Some(RateIndex::Shibor3M) => S::IndexShibor3M,
    }
}

const INDICES: [Option<RateIndex>; 4] = [
    None,
    Some(RateIndex::Lpr1Y),
    Some(RateIndex::Lpr5Y),
    Some(RateIndex::Shibor3M),
];

/// One block per tranche: coupon type, floor and cap, retained share, step-ups.
pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    super::subheading(ui, lang.tr(S::CouponTerms));
    ui.label(
        RichText::new(lang.tr(S::CouponTermsNote))
            .small()
            .color(Tokens::of(ui.visuals()).muted),
    );
    let d = cx.deal;
    for (i, tr) in d.tranches.iter().enumerate() {
        ui.push_id(("coupon-terms", i), |ui| {
            ui.horizontal_wrapped(|ui| {
                // A label moves to the next line whole, not broken inside a word.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                tranche_line(ui, cx, i, tr)
            });
            // Their issues are listed under the tranche table with the row's others.
            step_ups(ui, cx, i, tr);
        });
    }
}

fn tranche_line(ui: &mut Ui, cx: &mut Cx, i: usize, tr: &Tranche) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let name_of = |k: S| format!("{} {}", t(k), tr.id);
    ui.label(RichText::new(&tr.id).strong());
    let current = tr.floating.as_ref().map(|f| f.index);
    let options: Vec<(Option<RateIndex>, &str)> =
        INDICES.iter().map(|x| (*x, t(index_label(*x)))).collect();
    if let Some(v) = widgets::choice(
        ui,
        ("coupon-type", i),
        current,
        &options,
        170.0,
        &name_of(S::CouponType),
    ) {
        let id = tr.id.clone();
        cx.cmds.edit_now(move |d| {
            let closing = d.closing_date;
            let Some(x) = tranche_mut(d, i, &id) else {
                return;
            };
            let coupon = x.coupon;
            match (v, &mut x.floating) {
                (None, None) => {}
                (None, Some(f)) => {
                    // Back to fixed at the first period's rate of the first scenario.
                    let index = f.index;
                    x.floating = None;
                    let level = d
                        .scenarios
                        .first()
                        .and_then(|s| s.rate_paths.iter().find(|r| r.index == index))
                        .and_then(|r| r.level_on(closing))
                        .unwrap_or(0.0);
                    if let Some(x) = tranche_mut(d, i, &id) {
                        x.coupon = (coupon + level).max(0.0);
                    }
                }
                (Some(index), Some(f)) => f.index = index,
                (Some(index), None) => {
                    x.floating = Some(Floating {
                        index,
                        floor: None,
                        cap: None,
                    });
                    // Nothing jumps: the coupon becomes a zero spread over an index held at
                    // the old coupon in every scenario that has no path for it yet.
                    x.coupon = 0.0;
                    for s in &mut d.scenarios {
                        if !s.rate_paths.iter().any(|r| r.index == index) {
                            s.rate_paths.push(RatePath {
                                index,
                                levels: vec![(closing, coupon)],
                            });
                        }
                    }
                }
            }
        });
    }
    if let Some(f) = &tr.floating {
        type SetBound = fn(&mut Floating, Option<f64>);
        let bounds: [(S, &str, Option<f64>, SetBound); 2] = [
            (S::CouponFloor, "floor", f.floor, |f, v| f.floor = v),
            (S::CouponCap, "cap", f.cap, |f, v| f.cap = v),
        ];
        for (label, key, value, set) in bounds {
            ui.label(t(label));
            if let Some(v) = widgets::parsed_text(
                ui,
                Id::unique(("coupon-bound", key, i)),
                &value.map_or_else(String::new, |x| format::pct(x, 2)),
                70.0,
                &name_of(label),
                lang,
                format::parse_opt_pct,
            ) {
                edit(cx, i, &tr.id, move |x| {
                    if let Some(f) = &mut x.floating {
                        set(f, v);
                    }
                });
            }
        }
    }
    ui.label(t(S::RetainedShare));
    let (resp, v) = widgets::pct_drag(
        ui,
        tr.retained_share,
        0.0..=1.0,
        2,
        &name_of(S::RetainedShare),
    );
    let id = tr.id.clone();
    widgets::drag_edit(cx.cmds, &resp, tr.retained_share, v, move |d, v| {
        if let Some(x) = tranche_mut(d, i, &id) {
            x.retained_share = v;
        }
    });
}

fn step_ups(ui: &mut Ui, cx: &mut Cx, i: usize, tr: &Tranche) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let triggers: Vec<String> = cx.deal.triggers.iter().map(|x| x.id.clone()).collect();
    for (j, s) in tr.step_ups.iter().enumerate() {
        ui.horizontal(|ui| {
            let name = format!("{} {} {}", t(S::StepUps), tr.id, j + 1);
            ui.label(format!("{} {}", t(S::StepUps), j + 1));
            let by_date = matches!(s.after, StepUpEvent::Date(_));
            let kinds = [(true, t(S::AfterDate)), (false, t(S::AfterTrigger))];
            if let Some(k) = widgets::choice(ui, ("step-kind", i, j), by_date, &kinds, 110.0, &name)
            {
                let first = triggers.first().cloned().unwrap_or_default();
                let date = cx.deal.closing_date;
                edit(cx, i, &tr.id, move |x| {
                    if let Some(s) = x.step_ups.get_mut(j) {
                        s.after = if k {
                            StepUpEvent::Date(date)
                        } else {
                            StepUpEvent::Trigger(first)
                        };
                    }
                });
            }
            match &s.after {
                StepUpEvent::Date(date) => {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        Id::unique(("step-date", i, j)),
                        &format::date(*date),
                        100.0,
                        &format!("{name} {}", t(S::AfterDate)),
                        lang,
                        format::parse_date,
                    ) {
                        edit(cx, i, &tr.id, move |x| {
                            if let Some(s) = x.step_ups.get_mut(j) {
                                s.after = StepUpEvent::Date(v);
                            }
                        });
                    }
                }
                StepUpEvent::Trigger(id) => {
                    let options: Vec<(usize, &str)> = triggers
                        .iter()
                        .enumerate()
                        .map(|(k, x)| (k, x.as_str()))
                        .collect();
                    let current = triggers.iter().position(|x| x == id).unwrap_or(usize::MAX);
                    if let Some(k) = widgets::choice(
                        ui,
                        ("step-trigger", i, j),
                        current,
                        &options,
                        110.0,
                        &format!("{name} {}", t(S::AfterTrigger)),
                    ) {
                        let v = triggers[k].clone();
                        edit(cx, i, &tr.id, move |x| {
                            if let Some(s) = x.step_ups.get_mut(j) {
                                s.after = StepUpEvent::Trigger(v);
                            }
                        });
                    }
                }
            }
            ui.label(t(S::StepUpAdd));
            let (resp, v) = widgets::pct_drag(
                ui,
                s.add,
                0.0..=1.0,
                2,
                &format!("{name} {}", t(S::StepUpAdd)),
            );
            let id = tr.id.clone();
            widgets::drag_edit(cx.cmds, &resp, s.add, v, move |d, v| {
                if let Some(s) = tranche_mut(d, i, &id).and_then(|x| x.step_ups.get_mut(j)) {
                    s.add = v;
                }
            });
            if ui
                .button(t(S::Remove))
                .on_hover_text(t(S::Remove))
                .accessible_name(format!("{} {name}", t(S::Remove)))
                .clicked()
            {
                edit(cx, i, &tr.id, move |x| {
                    if j < x.step_ups.len() {
                        x.step_ups.remove(j);
                    }
                });
            }
        });
    }
    let add = format!("+ {}", t(S::AddStepUp));
    if ui
        .button(&add)
        .accessible_name(format!("{add} {}", tr.id))
        .clicked()
    {
        let date = cx.deal.closing_date;
        edit(cx, i, &tr.id, move |x| {
            x.step_ups.push(StepUp {
                after: StepUpEvent::Date(date),
                add: 0.005,
            })
        });
    }
}

/// The indices a scenario needs paths for: those the tranches float on, and those it has.
fn indices(deal: &Deal, s: &Scenario) -> Vec<RateIndex> {
    let mut out: Vec<RateIndex> = Vec::new();
    let used = deal
        .tranches
        .iter()
        .filter_map(|t| t.floating.as_ref().map(|f| f.index));
    for x in used.chain(s.rate_paths.iter().map(|p| p.index)) {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

pub(super) fn scenario_mut<'a>(d: &'a mut Deal, i: usize, name: &str) -> Option<&'a mut Scenario> {
    d.scenarios.get_mut(i).filter(|s| s.name == name)
}

/// A tranched scenario's rate paths (one text per index in use) and rating events.
pub fn scenario_rows(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let p = format!("scenarios[{i}]");
    let paths = indices(cx.deal, s);
    if !paths.is_empty() {
        super::subheading(ui, t(S::RatePaths));
        note(ui, lang, S::RatePathNote);
    }
    for index in paths {
        ui.horizontal(|ui| {
            let label = t(match index {
                RateIndex::Lpr1Y => S::Lpr1Y,
                RateIndex::Lpr5Y => S::Lpr5Y,
                RateIndex::Shibor3M => S::Shibor3M,
            });
            ui.label(label);
            let levels = s
                .rate_paths
                .iter()
                .find(|r| r.index == index)
                .map(|r| format::rate_levels(&r.levels))
                .unwrap_or_default();
            if let Some(v) = widgets::parsed_text(
                ui,
                Id::unique(("rate-path", i, index)),
                &levels,
                420.0,
                &format!("{} {label}", t(S::RatePaths)),
                lang,
                format::parse_rate_levels,
            ) {
                let name = s.name.clone();
                cx.cmds.edit_now(move |d| {
                    let Some(s) = scenario_mut(d, i, &name) else {
                        return;
                    };
                    match s.rate_paths.iter_mut().find(|r| r.index == index) {
                        Some(r) => r.levels = v,
                        None => s.rate_paths.push(RatePath { index, levels: v }),
                    }
                    // An emptied path is removed rather than kept with no level.
                    s.rate_paths.retain(|r| !r.levels.is_empty());
                });
            }
        });
    }
    issues_below(ui, cx.lang, cx.issues, &format!("{p}.rate_paths"));
    if cx.deal.enhancements.is_empty() && s.rating_events.is_empty() {
        return;
    }
    super::subheading(ui, t(S::RatingEvents));
    note(ui, lang, S::RatingEventsNote);
    if let Some(v) = widgets::parsed_text(
        ui,
        Id::unique(("rating-events", i)),
        &format::rating_events(&s.rating_events),
        420.0,
        t(S::RatingEvents),
        lang,
        format::parse_rating_events,
    ) {
        let name = s.name.clone();
        cx.cmds.edit_now(move |d| {
            if let Some(s) = scenario_mut(d, i, &name) {
                s.rating_events = v;
            }
        });
    }
    issues_below(ui, cx.lang, cx.issues, &format!("{p}.rating_events"));
}

/// The messages at `path` and under it, each with the field it concerns.
pub(super) fn issues_below(ui: &mut Ui, lang: Lang, issues: &[Issue], path: &str) {
    for issue in issues_under(issues, path) {
        widgets::field_issues(ui, lang, std::slice::from_ref(issue), &issue.path);
    }
}

pub(super) fn note(ui: &mut Ui, lang: Lang, key: S) {
    ui.label(
        RichText::new(lang.tr(key))
            .small()
            .color(Tokens::of(ui.visuals()).muted),
    );
}
