//! The priority of payments (偿付顺序): an ordered list of steps, and optionally a second
//! list used once a trigger is breached.

use crate::app::command::{Command, Commands};
use crate::app::edits::move_item;
use crate::app::history::Group;
use crate::app::i18n::{Lang, S};
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, issues_under};
use crate::error::Issue;
use crate::model::{Allocation, Deal, Party, PrincipalAmount, Step};
use egui::{RichText, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Normal,
    PostTrigger,
}

impl List {
    fn path(self) -> &'static str {
        match self {
            List::Normal => "waterfall.steps",
            List::PostTrigger => "waterfall.post_trigger",
        }
    }

    fn steps_mut(self, d: &mut Deal) -> Option<&mut Vec<Step>> {
        match self {
            List::Normal => Some(&mut d.waterfall.steps),
            List::PostTrigger => d.waterfall.post_trigger.as_mut(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fee,
    Interest,
    ReserveTopUp,
    Principal,
    Residual,
    ResidualTo,
    Tax,
}

const KINDS: [(Kind, S); 7] = [
    (Kind::Fee, S::StepFee),
    (Kind::Interest, S::StepInterest),
    (Kind::ReserveTopUp, S::StepReserveTopUp),
    (Kind::Tax, S::StepTax),
    (Kind::Principal, S::StepPrincipal),
    (Kind::Residual, S::StepResidual),
    (Kind::ResidualTo, S::StepResidualTo),
];

fn kind_of(s: &Step) -> Kind {
    match s {
        Step::Fee(_) => Kind::Fee,
        Step::Interest(_) => Kind::Interest,
        Step::ReserveTopUp => Kind::ReserveTopUp,
        Step::Principal { .. } => Kind::Principal,
        Step::Residual(_) => Kind::Residual,
        Step::ResidualTo(_) => Kind::ResidualTo,
        Step::Tax => Kind::Tax,
    }
}

/// A sensible new step of `kind` for this deal.
fn new_step(kind: Kind, d: &Deal) -> Step {
    let first = d.tranches.first().map(|t| t.id.clone()).unwrap_or_default();
    let last = d.tranches.last().map(|t| t.id.clone()).unwrap_or_default();
    match kind {
        Kind::Fee => Step::Fee(d.fees.first().map(|f| f.id.clone()).unwrap_or_default()),
        Kind::Interest => Step::Interest(vec![first]),
        Kind::ReserveTopUp => Step::ReserveTopUp,
        Kind::Principal => Step::Principal {
            tranches: d.tranches.iter().map(|t| t.id.clone()).collect(),
            allocation: Allocation::Sequential,
            amount: PrincipalAmount::PoolDecline,
        },
        Kind::Residual => Step::Residual(last),
        Kind::ResidualTo => Step::ResidualTo(Party::Originator),
        Kind::Tax => Step::Tax,
    }
}

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::Steps));
    steps(ui, cx, List::Normal);
    ui.add_space(12.0);
    super::subheading(ui, t(S::PostTrigger));
    let mut has = cx.deal.waterfall.post_trigger.is_some();
    if widgets::checkbox(ui, &mut has, t(S::HasPostTrigger)).changed() {
        cx.cmds.edit_now(move |d| {
            d.waterfall.post_trigger = has.then(|| d.waterfall.steps.clone());
        });
    }
    if has {
        steps(ui, cx, List::PostTrigger);
    }
    ui.add_space(12.0);
    super::tax::show(ui, cx);
    ui.add_space(12.0);
    super::call::show(ui, cx);
    ui.add_space(12.0);
    super::revolving::show(ui, cx);
}

fn steps(ui: &mut Ui, cx: &mut Cx, list: List) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let v: &[Step] = match list {
        List::Normal => &d.waterfall.steps,
        List::PostTrigger => d.waterfall.post_trigger.as_deref().unwrap_or_default(),
    };
    let n = v.len();
    // A step is two lines: its number, tools and kind, then what it pays, wrapping to
    // the editor's width (as grid cells a principal step ran off the editor).
    for (i, s) in v.iter().enumerate() {
        ui.push_id((list.path(), i), |ui| step_row(ui, cx, list, i, n, s));
    }
    widgets::field_issues(ui, cx.lang, cx.issues, list.path());
    ui.menu_button(format!("+ {}", t(S::AddStep)), |ui| {
        for (k, key) in KINDS {
            if ui.button(t(key)).clicked() {
                cx.cmds.edit_now(move |d| {
                    let s = new_step(k, d);
                    if let Some(v) = list.steps_mut(d) {
                        v.push(s);
                    }
                });
                ui.close();
            }
        }
    });
}

fn step_row(ui: &mut Ui, cx: &mut Cx, list: List, i: usize, n: usize, s: &Step) {
    let lang: Lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    let what = format!("{} {}", t(S::Steps), i + 1);
    let rid = egui::Id::unique((list.path(), i));
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{}.", i + 1)).strong());
        match widgets::row_buttons(ui, lang, &what, i, n) {
            Some(RowAction::Remove) => cx.cmds.edit_now(move |d| {
                if let Some(v) = list.steps_mut(d)
                    && i < v.len()
                {
                    v.remove(i);
                }
            }),
            Some(a) => {
                let delta = a.delta();
                cx.cmds.edit_now(move |d| {
                    if let Some(v) = list.steps_mut(d) {
                        move_item(v, i, delta);
                    }
                });
            }
            None => {}
        }
        let kinds: Vec<(Kind, &str)> = KINDS.iter().map(|(k, s)| (*k, t(*s))).collect();
        if let Some(k) = widgets::choice(ui, rid.with("kind"), kind_of(s), &kinds, 120.0, &what) {
            cx.cmds.edit_now(move |d| {
                let new = new_step(k, d);
                if let Some(x) = list.steps_mut(d).and_then(|v| v.get_mut(i)) {
                    *x = new;
                }
            });
        }
        let path = format!("{}[{i}]", list.path());
        let here: Vec<&Issue> = issues_under(cx.issues, &path).collect();
        widgets::issue_mark(ui, lang, &here, |p| {
            crate::export::messages::field_name(lang, Some(d), p)
        });
    });
    // Replace this step; `group` merges a drag's edits into one undo step.
    let set = move |cmds: &mut Commands, group: Option<Group>, new: Step| {
        cmds.edit(group, move |d| {
            if let Some(x) = list.steps_mut(d).and_then(|v| v.get_mut(i)) {
                *x = new;
            }
        });
    };
    let ids: Vec<&str> = d.tranches.iter().map(|t| t.id.as_str()).collect();
    let indent = ui.spacing().indent;
    ui.horizontal_wrapped(|ui| {
        ui.add_space(indent);
        step_fields(ui, cx, rid, &what, s, &ids, &set)
    });
}

/// What a step pays: its fee, tranches, allocation and amount, or its residual holder.
fn step_fields(
    ui: &mut Ui,
    cx: &mut Cx,
    rid: egui::Id,
    what: &str,
    s: &Step,
    ids: &[&str],
    set: &impl Fn(&mut Commands, Option<Group>, Step),
) {
    let lang: Lang = cx.lang;
    let t = |k| lang.tr(k);
    let d = cx.deal;
    match s {
        Step::Fee(f) => {
            let fees: Vec<(usize, &str)> = d
                .fees
                .iter()
                .enumerate()
                .map(|(k, f)| (k, f.id.as_str()))
                .collect();
            let current = d.fees.iter().position(|x| &x.id == f).unwrap_or(usize::MAX);
            if let Some(k) = widgets::choice(
                ui,
                rid.with("fee"),
                current,
                &fees,
                120.0,
                &format!("{what} {}", t(S::StepFee)),
            ) && let Some(fee) = d.fees.get(k)
            {
                set(cx.cmds, None, Step::Fee(fee.id.clone()));
            }
            if let Some(fee) = d.fees.iter().find(|x| &x.id == f) {
                ui.add(egui::Label::new(RichText::new(&fee.name).small().weak()).extend());
            }
        }
        Step::Interest(v) => {
            if let Some(sel) = widgets::id_chips(ui, ids, v, what) {
                set(cx.cmds, None, Step::Interest(sel));
            }
        }
        Step::ReserveTopUp | Step::Tax => {}
        Step::Principal {
            tranches,
            allocation,
            amount,
        } => {
            if let Some(sel) = widgets::id_chips(ui, ids, tranches, what) {
                set(
                    cx.cmds,
                    None,
                    Step::Principal {
                        tranches: sel,
                        allocation: *allocation,
                        amount: amount.clone(),
                    },
                );
            }
            let allocs = [
                (Allocation::Sequential, t(S::Sequential)),
                (Allocation::ProRata, t(S::ProRata)),
            ];
            if let Some(a) = widgets::choice(
                ui,
                rid.with("allocation"),
                *allocation,
                &allocs,
                100.0,
                &format!("{what} {}", t(S::Allocation)),
            ) {
                set(
                    cx.cmds,
                    None,
                    Step::Principal {
                        tranches: tranches.clone(),
                        allocation: a,
                        amount: amount.clone(),
                    },
                );
            }
            amount_editor(ui, cx, rid, what, tranches, *allocation, amount, &set);
        }
        Step::Residual(r) => {
            let opts: Vec<(usize, &str)> = ids.iter().copied().enumerate().collect();
            let current = ids.iter().position(|x| x == r).unwrap_or(usize::MAX);
            if let Some(k) = widgets::choice(
                ui,
                rid.with("residual"),
                current,
                &opts,
                80.0,
                &format!("{what} {}", t(S::StepResidual)),
            ) && let Some(id) = ids.get(k)
            {
                set(cx.cmds, None, Step::Residual(id.to_string()));
            }
        }
        Step::ResidualTo(party) => {
            let parties = [
                (Party::Originator, t(S::Originator)),
                (Party::Servicer, t(S::Servicer)),
            ];
            if let Some(p) = widgets::choice(
                ui,
                rid.with("party"),
                *party,
                &parties,
                120.0,
                &format!("{what} {}", t(S::StepResidualTo)),
            ) {
                set(cx.cmds, None, Step::ResidualTo(p));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountKind {
    Collections,
    PoolDecline,
    Available,
    TargetShare,
}

#[allow(clippy::too_many_arguments)]
fn amount_editor(
    ui: &mut Ui,
    cx: &mut Cx,
    rid: egui::Id,
    what: &str,
    tranches: &[String],
    allocation: Allocation,
    amount: &PrincipalAmount,
    set: &impl Fn(&mut Commands, Option<Group>, Step),
) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let kind = match amount {
        PrincipalAmount::Collections => AmountKind::Collections,
        PrincipalAmount::PoolDecline => AmountKind::PoolDecline,
        PrincipalAmount::Available => AmountKind::Available,
        PrincipalAmount::TargetShare(_) => AmountKind::TargetShare,
    };
    let kinds = [
        (AmountKind::Collections, t(S::AmtCollections)),
        (AmountKind::PoolDecline, t(S::AmtPoolDecline)),
        (AmountKind::Available, t(S::AmtAvailable)),
        (AmountKind::TargetShare, t(S::AmtTargetShare)),
    ];
    let step = |amount| Step::Principal {
        tranches: tranches.to_vec(),
        allocation,
        amount,
    };
    if let Some(k) = widgets::choice(
        ui,
        rid.with("amount"),
        kind,
        &kinds,
        170.0,
        &format!("{what} {}", t(S::Amount)),
    ) {
        set(
            cx.cmds,
            None,
            step(match k {
                AmountKind::Collections => PrincipalAmount::Collections,
                AmountKind::PoolDecline => PrincipalAmount::PoolDecline,
                AmountKind::Available => PrincipalAmount::Available,
                AmountKind::TargetShare => PrincipalAmount::TargetShare(0.8),
            }),
        );
    }
    if let PrincipalAmount::TargetShare(s) = amount {
        let (resp, v) = widgets::pct_drag(ui, *s, 0.0..=1.0, 1, &format!("{what} {}", t(S::Share)));
        if resp.changed() && v != *s {
            set(
                cx.cmds,
                Some(resp.id),
                step(PrincipalAmount::TargetShare(v)),
            );
        }
        if resp.drag_stopped() || resp.lost_focus() {
            cx.cmds.push(Command::EndEdit);
        }
    }
}
