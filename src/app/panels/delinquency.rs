//! 逾期: a scenario's delinquency assumption (cure shares at 30, 60 and 90 days overdue) and
//! the fields of a delinquency trigger.

use super::coupons::{note, scenario_mut};
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets;
use crate::model::{Deal, Delinquency, DelinquencyBasis, DelinquencyBucket, Scenario, TriggerTest};
use egui::{Id, Ui};

/// The scenario's delinquency assumption: on or off, and its three cure shares.
pub fn scenario_rows(ui: &mut Ui, cx: &mut Cx, i: usize, s: &Scenario) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::DelinquencyAssumption));
    let mut on = s.delinquency.is_some();
    if widgets::checkbox(ui, &mut on, t(S::ModelDelinquency)).changed() {
        let name = s.name.clone();
        cx.cmds.edit_now(move |d| {
            if let Some(x) = scenario_mut(d, i, &name) {
                x.delinquency = on.then(Delinquency::default);
            }
        });
    }
    let Some(dq) = s.delinquency else {
        return;
    };
    note(ui, lang, S::DelinquencyNote);
    type SetCure = fn(&mut Delinquency, f64);
    let rows: [(S, &str, f64, SetCure); 3] = [
        (S::Cure30, "cure_30", dq.cure_30, |d, v| d.cure_30 = v),
        (S::Cure60, "cure_60", dq.cure_60, |d, v| d.cure_60 = v),
        (S::Cure90, "cure_90", dq.cure_90, |d, v| d.cure_90 = v),
    ];
    egui::Grid::new("delinquency-assumption")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            for (label, field, value, set) in rows {
                widgets::form_row(
                    ui,
                    lang,
                    t(label),
                    cx.issues,
                    &format!("scenarios[{i}].delinquency.{field}"),
                    |ui| {
                        let (resp, v) = widgets::pct_slider(
                            ui,
                            lang,
                            value,
                            0.0..=1.0,
                            egui::SliderClamping::Edits,
                            t(label),
                        );
                        let name = s.name.clone();
                        widgets::drag_edit(cx.cmds, &resp, value, v, move |d, v| {
                            if let Some(x) =
                                scenario_mut(d, i, &name).and_then(|x| x.delinquency.as_mut())
                            {
                                set(x, v);
                            }
                        });
                    },
                );
            }
        });
}

/// A delinquency trigger's test as it stands, to be rewritten whole by an edit.
#[derive(Clone, Copy)]
pub struct Test {
    pub bucket: DelinquencyBucket,
    pub basis: DelinquencyBasis,
    pub above: f64,
    pub periods: u32,
}

/// A new delinquency trigger: 90+ days over the current pool above 1%, once.
pub fn new_test() -> TriggerTest {
    TriggerTest::Delinquency {
        bucket: DelinquencyBucket::Days90,
        basis: DelinquencyBasis::Current,
        above: 0.01,
        periods: 1,
    }
}

impl Test {
    fn into_test(self) -> TriggerTest {
        TriggerTest::Delinquency {
            bucket: self.bucket,
            basis: self.basis,
            above: self.above,
            periods: self.periods,
        }
    }
}

/// Bucket, basis, level and consecutive periods of trigger `i` (id `id`); `name` names each
/// field for the screen reader.
pub fn trigger_fields(
    ui: &mut Ui,
    cx: &mut Cx,
    i: usize,
    id: &str,
    now: Test,
    name: &dyn Fn(S) -> String,
) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let rid = Id::unique(("delinquency-trigger", i));
    let set = move |cx: &mut Cx, new: Test| {
        let id = id.to_string();
        cx.cmds.edit_now(move |d: &mut Deal| {
            if let Some(x) = d.triggers.get_mut(i).filter(|x| x.id == id) {
                x.test = new.into_test();
            }
        });
    };
    let buckets = [
        (DelinquencyBucket::Days30, t(S::Overdue30)),
        (DelinquencyBucket::Days60, t(S::Overdue60)),
        (DelinquencyBucket::Days90, t(S::Overdue90)),
    ];
    if let Some(b) = widgets::choice(
        ui,
        rid.with("bucket"),
        now.bucket,
        &buckets,
        120.0,
        &name(S::OverdueBucket),
    ) {
        set(cx, Test { bucket: b, ..now });
    }
    let bases = [
        (DelinquencyBasis::Current, t(S::OfCurrentPool)),
        (DelinquencyBasis::Initial, t(S::OfInitialPool)),
    ];
    if let Some(b) = widgets::choice(
        ui,
        rid.with("basis"),
        now.basis,
        &bases,
        180.0,
        &name(S::DelinquencyBasis),
    ) {
        set(cx, Test { basis: b, ..now });
    }
    // The level and the count on a line of their own, with the row's buttons.
    ui.end_row();
    let (resp, v) = widgets::pct_drag(ui, now.above, 0.0..=1.0, 2, &name(S::DelinquencyAbove));
    let key = id.to_string();
    widgets::drag_edit(cx.cmds, &resp, now.above, v, move |d, v| {
        if let Some(x) = d.triggers.get_mut(i).filter(|x| x.id == key) {
            x.test = Test { above: v, ..now }.into_test();
        }
    });
    // Whole, never broken over two lines in the wrapping row.
    ui.add(egui::Label::new(t(S::ConsecutivePeriods)).wrap_mode(egui::TextWrapMode::Extend));
    let mut n = now.periods;
    let resp = ui
        .add(
            egui::DragValue::new(&mut n)
                .range(1..=120)
                .clamp_existing_to_range(false)
                .speed(0.05),
        )
        .accessible_name(name(S::ConsecutivePeriods));
    let key = id.to_string();
    widgets::drag_edit(cx.cmds, &resp, now.periods, n, move |d, n| {
        if let Some(x) = d.triggers.get_mut(i).filter(|x| x.id == key) {
            x.test = Test { periods: n, ..now }.into_test();
        }
    });
}
