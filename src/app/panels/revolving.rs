//! 循环购买: the revolving period, its reinvestment assumption (the asset types each purchase
//! buys), its eligibility criteria and what ends it early.

use crate::app::edits::{self, move_item};
use crate::app::format;
use crate::app::i18n::S;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, form_row, issues_under};
use crate::error::Issue;
use crate::model::{Amortisation, AssetClass, Deal, Eligibility, PurchaseLine, Revolving};
use egui::{Id, RichText, Ui};

/// Queue an edit of the revolving terms, if the deal still has them.
fn edit(cx: &mut Cx, set: impl FnOnce(&mut Revolving) + 'static) {
    cx.cmds.edit_now(move |d| {
        if let Some(r) = &mut d.revolving {
            set(r);
        }
    });
}

fn line_mut<'a>(d: &'a mut Deal, i: usize, id: &str) -> Option<&'a mut PurchaseLine> {
    let r = d.revolving.as_mut()?;
    r.purchases.get_mut(i).filter(|l| l.id == id)
}

fn new_line(id: String, weight: f64) -> PurchaseLine {
    PurchaseLine {
        id,
        obligor: String::new(),
        industry: String::new(),
        asset_class: AssetClass::TradeReceivable,
        weight,
        rate: 0.05,
        term: 6,
        amortisation: Amortisation::EqualPrincipal,
    }
}

/// Empty text is no limit; otherwise a whole number of months.
fn optional_months(s: &str) -> Result<Option<u32>, S> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|_| S::ErrNumber)
    }
}

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::Revolving));
    let mut has = cx.deal.revolving.is_some();
    if widgets::checkbox(ui, &mut has, t(S::HasRevolving)).changed() {
        cx.cmds.edit_now(move |d| {
            d.revolving = has.then(|| Revolving {
                // A year of purchases, ending before the legal final date.
                end: crate::time::add_months(d.first_payment_date, 9)
                    .unwrap_or(d.first_payment_date)
                    .min(d.legal_final_date.pred_opt().unwrap_or(d.legal_final_date)),
                price: 100.0,
                purchases: vec![new_line("L1".into(), 1.0)],
                eligibility: Eligibility::default(),
                early_amortisation: Vec::new(),
                max_uninvested_share: None,
            });
        });
    }
    let d = cx.deal;
    let Some(r) = &d.revolving else {
        return;
    };
    terms(ui, cx, r);
    ui.add_space(6.0);
    ui.label(RichText::new(t(S::PurchaseLines)).strong());
    let n = r.purchases.len();
    for (i, line) in r.purchases.iter().enumerate() {
        ui.push_id(("purchase-line", i), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                purchase_line(ui, cx, i, n, line);
            });
        });
    }
    if ui.button(format!("+ {}", t(S::AddPurchaseLine))).clicked() {
        cx.cmds.edit_now(|d| {
            if let Some(r) = &mut d.revolving {
                let id = edits::unique_id("L", r.purchases.iter().map(|l| l.id.as_str()));
                r.purchases.push(new_line(id, 0.0));
            }
        });
    }
    let issues: Vec<&Issue> = issues_under(cx.issues, "revolving.purchases")
        .filter(|i| i.path == "revolving.purchases")
        .collect();
    for issue in issues {
        widgets::field_issues(ui, lang, std::slice::from_ref(issue), &issue.path);
    }
}

/// The end date, price, eligibility criteria and early amortisation.
fn terms(ui: &mut Ui, cx: &mut Cx, r: &Revolving) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let issues = cx.issues;
    let triggers: Vec<&str> = cx.deal.triggers.iter().map(|x| x.id.as_str()).collect();
    egui::Grid::new("revolving-grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(
                ui,
                lang,
                t(S::RevolvingEnd),
                issues,
                "revolving.end",
                |ui| {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        Id::unique("revolving-end"),
                        &format::date(r.end),
                        110.0,
                        t(S::RevolvingEnd),
                        lang,
                        format::parse_date,
                    ) {
                        edit(cx, move |r| r.end = v);
                    }
                },
            );
            form_row(
                ui,
                lang,
                t(S::PurchasePrice),
                issues,
                "revolving.price",
                |ui| {
                    let mut v = r.price;
                    let resp = ui
                        .add(
                            egui::DragValue::new(&mut v)
                                .range(0.0..=200.0)
                                .clamp_existing_to_range(false)
                                .speed(0.05)
                                .fixed_decimals(2),
                        )
                        .accessible_name(t(S::PurchasePrice));
                    widgets::drag_edit(cx.cmds, &resp, r.price, v, |d, v| {
                        if let Some(r) = &mut d.revolving {
                            r.price = v;
                        }
                    });
                },
            );
            ui.label(RichText::new(t(S::Eligibility)).strong());
            ui.end_row();
            type SetShare = fn(&mut Revolving, Option<f64>);
            let e = &r.eligibility;
            let shares: [(S, &str, Option<f64>, SetShare); 4] = [
                (S::MinRate, "eligibility.min_rate", e.min_rate, |r, v| {
                    r.eligibility.min_rate = v
                }),
                (
                    S::MaxObligorShare,
                    "eligibility.max_obligor_share",
                    e.max_obligor_share,
                    |r, v| r.eligibility.max_obligor_share = v,
                ),
                (
                    S::MaxIndustryShare,
                    "eligibility.max_industry_share",
                    e.max_industry_share,
                    |r, v| r.eligibility.max_industry_share = v,
                ),
                (
                    S::MaxUninvestedShare,
                    "max_uninvested_share",
                    r.max_uninvested_share,
                    |r, v| r.max_uninvested_share = v,
                ),
            ];
            for (k, (label, field, value, set)) in shares.into_iter().enumerate() {
                let path = format!("revolving.{field}");
                form_row(ui, lang, t(label), issues, &path, |ui| {
                    ui.horizontal(|ui| {
                        if let Some(v) = widgets::parsed_text(
                            ui,
                            Id::unique(("revolving-share", k)),
                            &value.map_or_else(String::new, |x| format::pct(x, 2)),
                            80.0,
                            t(label),
                            lang,
                            format::parse_opt_pct,
                        ) {
                            edit(cx, move |r| set(r, v));
                        }
                        if value.is_none() {
                            ui.label(RichText::new(t(S::NoLimit)).small().weak());
                        }
                    });
                });
                if k == 0 {
                    form_row(
                        ui,
                        lang,
                        t(S::MaxTerm),
                        issues,
                        "revolving.eligibility.max_term",
                        |ui| {
                            ui.horizontal(|ui| {
                                let max = r.eligibility.max_term;
                                if let Some(v) = widgets::parsed_text(
                                    ui,
                                    Id::unique("revolving-max-term"),
                                    &max.map_or_else(String::new, |m| m.to_string()),
                                    60.0,
                                    t(S::MaxTerm),
                                    lang,
                                    optional_months,
                                ) {
                                    edit(cx, move |r| r.eligibility.max_term = v);
                                }
                                if max.is_none() {
                                    ui.label(RichText::new(t(S::NoLimit)).small().weak());
                                }
                            });
                        },
                    );
                }
            }
            form_row(
                ui,
                lang,
                t(S::EarlyAmortisation),
                issues,
                "revolving.early_amortisation",
                |ui| {
                    if let Some(v) = widgets::id_chips(
                        ui,
                        &triggers,
                        &r.early_amortisation,
                        t(S::EarlyAmortisation),
                    ) {
                        edit(cx, move |r| r.early_amortisation = v);
                    }
                },
            );
        });
}

fn purchase_line(ui: &mut Ui, cx: &mut Cx, i: usize, n: usize, line: &PurchaseLine) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let lid = line.id.clone();
    let name_of = |k: S| format!("{} {}", t(k), line.id);
    let line_edit = |cx: &mut Cx, set: Box<dyn FnOnce(&mut PurchaseLine)>| {
        let id = lid.clone();
        cx.cmds.edit_now(move |d| {
            if let Some(l) = line_mut(d, i, &id) {
                set(l);
            }
        });
    };
    ui.horizontal_wrapped(|ui| {
        match widgets::row_buttons(ui, lang, &line.id, i, n) {
            Some(RowAction::Remove) => {
                let id = lid.clone();
                edit(cx, move |r| {
                    if r.purchases.get(i).is_some_and(|l| l.id == id) {
                        r.purchases.remove(i);
                    }
                });
            }
            Some(a) => {
                let delta = a.delta();
                edit(cx, move |r| move_item(&mut r.purchases, i, delta));
            }
            None => {}
        }
        ui.label(t(S::Id));
        let others: Vec<String> = cx
            .deal
            .revolving
            .iter()
            .flat_map(|r| r.purchases.iter().enumerate())
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| l.id.clone())
            .collect();
        if let Some(v) = widgets::parsed_text(
            ui,
            ui.make_persistent_id("id"),
            &line.id,
            60.0,
            &name_of(S::Id),
            lang,
            widgets::unique_id(&others),
        ) {
            line_edit(cx, Box::new(move |l| l.id = v));
        }
        for (label, salt, value, industry) in [
            (S::LineObligor, "obligor", &line.obligor, false),
            (S::Industry, "industry", &line.industry, true),
        ] {
            ui.label(t(label));
            if let Some(v) = widgets::parsed_text(
                ui,
                ui.make_persistent_id(salt),
                value,
                110.0,
                &name_of(label),
                lang,
                |s| Ok::<_, S>(s.trim().to_string()),
            ) {
                line_edit(
                    cx,
                    Box::new(move |l| {
                        if industry {
                            l.industry = v;
                        } else {
                            l.obligor = v;
                        }
                    }),
                );
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        type SetRate = fn(&mut PurchaseLine, f64);
        let rates: [(S, f64, SetRate); 2] = [
            (S::LineWeight, line.weight, |l, v| l.weight = v),
            (S::Rate, line.rate, |l, v| l.rate = v),
        ];
        for (label, value, set) in rates {
            ui.label(t(label));
            let (resp, v) = widgets::pct_drag(ui, value, 0.0..=1.0, 2, &name_of(label));
            let id = lid.clone();
            widgets::drag_edit(cx.cmds, &resp, value, v, move |d, v| {
                if let Some(l) = line_mut(d, i, &id) {
                    set(l, v);
                }
            });
        }
        ui.label(t(S::LineTerm));
        let mut term = line.term;
        let resp = ui
            .add(egui::DragValue::new(&mut term).range(1..=600))
            .accessible_name(name_of(S::LineTerm));
        let id = lid.clone();
        widgets::drag_edit(cx.cmds, &resp, line.term, term, move |d, v| {
            if let Some(l) = line_mut(d, i, &id) {
                l.term = v;
            }
        });
        let kinds = [
            (0u8, t(S::AmLevelPayment)),
            (1, t(S::AmEqualPrincipal)),
            (2, t(S::AmBullet)),
        ];
        let current = match line.amortisation {
            Amortisation::LevelPayment => 0,
            Amortisation::EqualPrincipal => 1,
            _ => 2,
        };
        if let Some(k) = widgets::choice(
            ui,
            "amortisation",
            current,
            &kinds,
            110.0,
            &name_of(S::Amortisation),
        ) {
            line_edit(
                cx,
                Box::new(move |l| {
                    l.amortisation = match k {
                        0 => Amortisation::LevelPayment,
                        1 => Amortisation::EqualPrincipal,
                        _ => Amortisation::Bullet,
                    }
                }),
            );
        }
    });
    let path = format!("revolving.purchases[{i}]");
    for issue in issues_under(cx.issues, &path) {
        widgets::field_issues(ui, lang, std::slice::from_ref(issue), &issue.path);
    }
}
