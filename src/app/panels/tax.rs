//! 增值税及附加: VAT on the plan's interest income and its surcharges, paid at the `Tax` step.

use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, form_row};
use crate::model::{Step, Vat};
use egui::Ui;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::Vat));
    let mut has = cx.deal.vat.is_some();
    if widgets::checkbox(ui, &mut has, t(S::HasVat)).changed() {
        cx.cmds.edit_now(move |d| {
            // The deal is valid only with exactly one Tax step per list: add it first (tax
            // ranks before the securities) or take it out with the VAT.
            let mut lists = vec![&mut d.waterfall.steps];
            lists.extend(d.waterfall.post_trigger.as_mut());
            for steps in lists {
                steps.retain(|s| *s != Step::Tax);
                if has {
                    steps.insert(0, Step::Tax);
                }
            }
            d.vat = has.then_some(Vat {
                rate: 0.03,
                surcharge_rate: 0.12,
            });
        });
    }
    let Some(vat) = &cx.deal.vat else {
        return;
    };
    let (rate, surcharge) = (vat.rate, vat.surcharge_rate);
    let issues = cx.issues;
    egui::Grid::new("vat")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(ui, lang, t(S::VatRate), issues, "vat.rate", |ui| {
                let (resp, v) = widgets::pct_drag(ui, rate, 0.0..=1.0, 2, t(S::VatRate));
                widgets::drag_edit(cx.cmds, &resp, rate, v, |d, v| {
                    if let Some(x) = &mut d.vat {
                        x.rate = v;
                    }
                });
            });
            form_row(
                ui,
                lang,
                t(S::SurchargeRate),
                issues,
                "vat.surcharge_rate",
                |ui| {
                    let (resp, v) =
                        widgets::pct_drag(ui, surcharge, 0.0..=1.0, 2, t(S::SurchargeRate));
                    widgets::drag_edit(cx.cmds, &resp, surcharge, v, |d, v| {
                        if let Some(x) = &mut d.vat {
                            x.surcharge_rate = v;
                        }
                    });
                },
            );
        });
}
