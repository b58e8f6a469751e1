//! The pool: summary, asset-class mix, obligor concentration, the CSV tape, and the grids
//! that edit the assets and representative lines (`pool_grid`).

use crate::app::command::Command;
use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::pool_stats::PoolStats;
use crate::app::theme::{Tokens, series};
use crate::app::view::Cx;
use crate::model::{Amortisation, AssetClass, DataAssetRole};
use egui::{RichText, Ui};

pub fn class_name(c: AssetClass) -> S {
    match c {
        AssetClass::TrustLoan => S::ClassTrustLoan,
        AssetClass::FinancialLease => S::ClassFinancialLease,
        AssetClass::TradeReceivable => S::ClassTradeReceivable,
        AssetClass::IpLicence => S::ClassIpLicence,
        AssetClass::InfrastructureFee => S::ClassInfrastructureFee,
        AssetClass::DataAssetPledgeLoan => S::ClassDataAssetPledgeLoan,
        AssetClass::Other => S::ClassOther,
    }
}

pub(super) fn role_name(r: DataAssetRole) -> S {
    match r {
        DataAssetRole::InPool => S::RoleInPool,
        DataAssetRole::Empowering => S::RoleEmpowering,
        DataAssetRole::None => S::RoleNone,
    }
}

pub(super) fn amortisation_name(a: &Amortisation) -> S {
    match a {
        Amortisation::LevelPayment => S::AmLevelPayment,
        Amortisation::EqualPrincipal => S::AmEqualPrincipal,
        Amortisation::Bullet => S::AmBullet,
        Amortisation::Schedule(_) => S::AmSchedule,
    }
}

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    if let Some(stats) = cx.pool {
        summary(ui, lang, stats);
        ui.add_space(6.0);
        ui.columns(2, |cols| {
            class_mix(&mut cols[0], lang, stats);
            concentration(&mut cols[1], lang, stats);
        });
    }
    widgets_issues(ui, cx);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(cx.tr(S::TapeFile)).strong());
        let tape = cx.deal.pool.tape.as_deref().unwrap_or(cx.tr(S::NoTape));
        ui.label(RichText::new(tape).monospace().small());
        if ui.button(cx.tr(S::ImportTape)).clicked() {
            cx.cmds.push(Command::ImportTape);
        }
    });
    ui.add_space(4.0);
    ui.label(RichText::new(cx.tr(S::AssetTable)).strong());
    super::pool_grid::show(ui, cx);
}

fn widgets_issues(ui: &mut Ui, cx: &Cx) {
    let tokens = Tokens::of(ui.visuals());
    let issues: Vec<_> = crate::app::widgets::issues_under(cx.issues, "pool").collect();
    // A long tape can produce many messages; the first ones and a count are enough here.
    for i in issues.iter().take(5) {
        ui.label(
            RichText::new(format!(
                "⚠ {}",
                crate::export::messages::issue_line(cx.lang, Some(cx.deal), i)
            ))
            .color(tokens.error)
            .small(),
        )
        .on_hover_text(crate::export::messages::support_text(i));
    }
    if issues.len() > 5 {
        ui.label(
            RichText::new(format!("… +{}", issues.len() - 5))
                .color(tokens.error)
                .small(),
        );
    }
}

fn summary(ui: &mut Ui, lang: Lang, s: &PoolStats) {
    let t = |k| lang.tr(k);
    ui.label(RichText::new(t(S::PoolSummary)).strong());
    ui.horizontal_wrapped(|ui| {
        let items = [
            (
                S::PoolBalance,
                format!("{} {}", format::wan(s.total), t(S::UnitWan)),
            ),
            (S::Assets, s.count.to_string()),
            (S::Obligors, s.obligors.to_string()),
            (S::WaRate, format::pct(s.wa_rate, 2)),
            (S::WaTerm, format!("{:.1}", s.wa_term)),
            (S::DataAssetShare, format::pct(s.data_share, 1)),
        ];
        for (k, v) in items {
            // Each figure and its name are one label: the row wraps between figures, never
            // between a name and its value.
            let mut job = egui::text::LayoutJob::default();
            for part in [
                RichText::new(format!("{}: ", t(k))),
                RichText::new(v).strong(),
            ] {
                part.append_to(
                    &mut job,
                    ui.style(),
                    egui::FontSelection::Default,
                    egui::Align::Center,
                );
            }
            ui.add(egui::Label::new(job).extend());
            ui.add_space(8.0);
        }
    });
}

/// A thin horizontal bar `share` long, for mixes and concentrations.
fn share_bar(ui: &mut Ui, share: f64, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(60.0, 10.0), egui::Sense::hover());
    let p = ui.painter();
    p.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let mut filled = rect;
    filled.set_width(rect.width() * share.clamp(0.0, 1.0) as f32);
    p.rect_filled(filled, 2.0, color);
}

fn class_mix(ui: &mut Ui, lang: Lang, s: &PoolStats) {
    let t = |k| lang.tr(k);
    ui.label(RichText::new(t(S::AssetClassMix)).strong());
    egui::Grid::new("class-mix")
        .num_columns(3)
        .spacing([10.0, 2.0])
        .show(ui, |ui| {
            for (i, (class, balance, n)) in s.classes.iter().enumerate() {
                let share = s.share(*balance);
                ui.label(t(class_name(*class))).on_hover_text(format!(
                    "{n} · {} {}",
                    format::wan(*balance),
                    t(S::UnitWan)
                ));
                share_bar(ui, share, series(i));
                ui.label(format::pct(share, 1));
                ui.end_row();
            }
        });
}

fn concentration(ui: &mut Ui, lang: Lang, s: &PoolStats) {
    let t = |k| lang.tr(k);
    ui.label(RichText::new(t(S::TopObligors)).strong());
    ui.label(
        RichText::new(format!(
            "{} {} · {} {} · {} {}",
            t(S::Top1),
            format::pct(s.top1, 1),
            t(S::Top5),
            format::pct(s.top5, 1),
            t(S::Top10),
            format::pct(s.top10, 1)
        ))
        .small(),
    );
    // An obligor above 10% of the pool is the large-obligor stress that matters.
    let warn = Tokens::of(ui.visuals()).warning;
    egui::Grid::new("top-obligors")
        .num_columns(3)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            for (name, balance) in s.top_obligors.iter().take(5) {
                let share = s.share(*balance);
                ui.add_sized([120.0, 16.0], egui::Label::new(name).truncate())
                    .on_hover_text(format!("{} {}", format::wan(*balance), t(S::UnitWan)));
                share_bar(ui, share, if share >= 0.1 { warn } else { series(0) });
                ui.label(format::pct(share, 1));
                ui.end_row();
            }
        });
}
