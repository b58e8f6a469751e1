//! Goal seek: a button beside a field asks the engine's solver for the value of the field
//! that meets a goal (the largest senior size with no loss, the coupon for a target yield,
//! the equity ratio for a target unit IRR, where the incentive fee starts). The solve runs
//! on the analysis worker; a small window shows the answer, its iterations or why there is
//! none, and applies it to the deal as one undoable edit.

use crate::app::analyses::{Analyses, Status};
use crate::app::command::Commands;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::theme::Tokens;
use crate::app::view::ViewState;
use crate::app::widgets;
use crate::engine::analysis::{Goal, Solution, SolveSpec, SolveStatus};
use crate::engine::drivers;
use crate::model::{Deal, Driver, Metric, Output};
use egui::{RichText, Ui};

/// A question the goal seek answers.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalAsk {
    /// The largest size of the tranche with no principal loss at the scenario shown (the
    /// most junior tranche takes the difference).
    MaxSize(String),
    /// The tranche's coupon at which its IRR at its price is `target`.
    Coupon { tranche: String, target: f64 },
    /// Holding-type deals: the market units' IRR of `target` by the equity ratio.
    EquityRatio { target: f64 },
    /// Holding-type deals: the revenue growth, and the first year's NOI, at which the
    /// incentive fee starts.
    IncentiveStart,
}

impl GoalAsk {
    /// The solve on `deal` at `scenario`. A size goes from 1 yuan up to the tranche's size
    /// plus the most junior tranche's less 1 yuan (the junior takes the difference).
    pub fn spec(&self, deal: &Deal, scenario: Option<String>) -> SolveSpec {
        let size_of = |id: &str| {
            deal.tranches
                .iter()
                .find(|t| t.id == id)
                .map_or(0.0, |t| crate::money::to_f64(t.size))
        };
        let output = |security: &str, target: f64| Goal::Value {
            output: Output {
                metric: Metric::Irr,
                security: Some(security.to_string()),
            },
            target,
        };
        let (driver, goal, tolerance, lo, hi) = match self {
            GoalAsk::MaxSize(id) => {
                let junior = deal.tranches.last().map_or(0.0, |t| {
                    if t.id == *id {
                        0.0
                    } else {
                        crate::money::to_f64(t.size)
                    }
                });
                let hi = size_of(id) + junior - 1.0;
                let d = Driver::TrancheSize(id.clone());
                (d, Goal::NoPrincipalLoss(id.clone()), 1.0, 1.0, hi)
            }
            GoalAsk::Coupon { tranche, target } => {
                let d = Driver::TrancheCoupon(tranche.clone());
                (d, output(tranche, *target), 1e-7, 0.0, 0.30)
            }
            GoalAsk::EquityRatio { target } => (
                Driver::EquityRatio,
                output("market", *target),
                1e-6,
                0.01,
                1.0,
            ),
            GoalAsk::IncentiveStart => {
                (Driver::RevenueGrowth, Goal::IncentivePaid, 1e-5, -0.5, 0.5)
            }
        };
        SolveSpec {
            scenario,
            driver,
            lo,
            hi,
            tolerance,
            goal,
            without: None,
        }
    }

    fn question(&self, lang: Lang) -> String {
        let t = |k| lang.tr(k);
        match self {
            GoalAsk::MaxSize(id) => format!("{id} · {}", t(S::GoalMaxSize)),
            GoalAsk::Coupon { tranche, .. } => format!("{tranche} · {}", t(S::GoalCoupon)),
            GoalAsk::EquityRatio { .. } => t(S::GoalEquityRatio).into(),
            GoalAsk::IncentiveStart => t(S::GoalIncentive).into(),
        }
    }

    fn target(&self) -> Option<f64> {
        match self {
            GoalAsk::Coupon { target, .. } | GoalAsk::EquityRatio { target } => Some(*target),
            _ => None,
        }
    }

    fn with_target(&self, x: f64) -> GoalAsk {
        match self {
            GoalAsk::Coupon { tranche, .. } => GoalAsk::Coupon {
                tranche: tranche.clone(),
                target: x,
            },
            GoalAsk::EquityRatio { .. } => GoalAsk::EquityRatio { target: x },
            other => other.clone(),
        }
    }
}

/// The button's face: a target, one glyph wide so the field beside it keeps its room (the
/// word "Solve…" pushed the coupon's button off the tranche card). The bundled CJK font has
/// it; an emoji would be a box, egui 0.37 bundles no emoji font.
pub const GLYPH: &str = "◎";

/// The small button beside a field that opens the goal seek; what it solves on hover.
pub fn button(ui: &mut Ui, lang: Lang, view: &mut ViewState, ask: GoalAsk, what: &str) {
    if face(ui, lang, &ask, what, GLYPH.to_string()) {
        view.goal = Some(ask);
    }
}

/// The goal-seek button with its short word ("◎ Solve…"), for a line with room for it.
/// Returns whether it was clicked.
pub fn labelled_button(ui: &mut Ui, lang: Lang, ask: &GoalAsk, what: &str) -> bool {
    face(ui, lang, ask, what, labelled_face(lang))
}

/// The width [`labelled_button`] takes.
pub fn labelled_width(ui: &Ui, lang: Lang) -> f32 {
    let galley = egui::WidgetText::from(labelled_face(lang)).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    galley.size().x + 2.0 * ui.spacing().button_padding.x
}

fn labelled_face(lang: Lang) -> String {
    format!("{GLYPH} {}", lang.tr(S::GoalSeekShort))
}

fn face(ui: &mut Ui, lang: Lang, ask: &GoalAsk, what: &str, text: String) -> bool {
    let name = format!("{} {what}", lang.tr(S::GoalSeek));
    ui.small_button(text)
        .on_hover_text(format!(
            "{}\n{}",
            lang.tr(S::GoalSeekShort),
            ask.question(lang)
        ))
        .accessible_name(&name)
        .clicked()
}

/// A solved value in the driver's unit.
fn value_text(d: &Driver, x: f64) -> String {
    match d {
        Driver::TrancheSize(_) => format::money(crate::money::fen_from_f64(x)),
        _ => format::pct(x, 4),
    }
}

/// The goal seek's window, while a question is open.
pub fn window(
    ctx: &egui::Context,
    lang: Lang,
    deal: &Deal,
    analyses: &Analyses,
    view: &mut ViewState,
    cmds: &mut Commands,
) {
    let Some(ask) = view.goal.clone() else {
        return;
    };
    let t = |k| lang.tr(k);
    let mut open = true;
    egui::Window::new(t(S::GoalSeek))
        .id(egui::Id::unique("goal-seek"))
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(RichText::new(ask.question(lang)).strong());
            if let Some(target) = ask.target() {
                ui.horizontal(|ui| {
                    ui.label(t(S::GoalTarget));
                    if let Some(x) = widgets::parsed_text(
                        ui,
                        egui::Id::unique("goal-target"),
                        &format::pct(target, 3),
                        80.0,
                        t(S::GoalTarget),
                        lang,
                        |s| format::parse_pct(s).ok_or(S::ErrNumber),
                    ) {
                        view.goal = Some(ask.with_target(x));
                    }
                });
            }
            match analyses.solution() {
                Status::Done(sol) => answer(ui, lang, deal, sol, &ask, cmds),
                Status::Failed(e) => {
                    ui.label(RichText::new(e.text(lang)).color(Tokens::of(ui.visuals()).error));
                }
                Status::Idle | Status::Running { .. } | Status::Cancelled => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(t(S::GoalSolving));
                    });
                }
            }
        });
    if !open {
        view.goal = None;
    }
}

fn answer(
    ui: &mut Ui,
    lang: Lang,
    deal: &Deal,
    sol: &Solution,
    ask: &GoalAsk,
    cmds: &mut Commands,
) {
    let t = |k| lang.tr(k);
    let tokens = Tokens::of(ui.visuals());
    let Ok(driver) = drivers::parse(&sol.driver) else {
        return;
    };
    let iterations = format!("{} {}", sol.iterations, t(S::GoalIterations));
    match (sol.status, sol.value) {
        (SolveStatus::Found, Some(v)) => {
            ui.label(
                RichText::new(format!("{}: {}", t(S::GoalAnswer), value_text(&driver, v))).strong(),
            );
            ui.label(&iterations);
            if let (Some(noi), GoalAsk::IncentiveStart) = (sol.first_year_noi, ask) {
                ui.label(format!(
                    "{}: {} {}",
                    t(S::GoalFirstYearNoi),
                    format::wan(noi),
                    t(S::UnitWan)
                ));
            }
            // A size is applied down to the fen: the largest with no loss stays one.
            let v = match driver {
                Driver::TrancheSize(_) => (v * 100.0).floor() / 100.0,
                _ => v,
            };
            let current = drivers::current(&driver, deal, &crate::model::Scenario::default());
            let applies = drivers::is_term(&driver);
            if applies
                && ui
                    .add_enabled(current != Some(v), egui::Button::new(t(S::GoalApply)))
                    .clicked()
            {
                cmds.edit_now(move |d| drivers::apply_to_deal(&driver, d, v));
            }
        }
        (SolveStatus::NotBracketed, _) => {
            ui.label(
                RichText::new(t(S::GoalNotBracketed))
                    .strong()
                    .color(tokens.warning),
            );
            ui.label(RichText::new(&sol.message).small());
            ui.label(&iterations);
        }
        _ => {
            ui.label(RichText::new(t(S::GoalFailed)).strong().color(tokens.error));
            ui.label(RichText::new(&sol.message).small());
        }
    }
}
