//! 资产支持证券代币: a security's token terms (units, registry id, record date, income strips),
//! the offshore currency, and the per-unit schedule of each token as computed.

use crate::app::format;
use crate::app::i18n::{Lang, S};
use crate::app::row_select::{self, Rows};
use crate::app::theme::Tokens;
use crate::app::view::Cx;
use crate::app::widgets::{self, RowAction, form_row};
use crate::export::tables::Cell;
use crate::model::{Deal, Offshore, Strip, StripPart, TokenSecurity, Tokens as TokenTerms};
use crate::tokens::{TokenSchedule, default_units};
use crate::validate::MAX_UNITS;
use chrono::NaiveDate;
use egui::{Id, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;

pub fn show(ui: &mut Ui, cx: &mut Cx) {
    let ids = crate::app::view::sensitivity_securities(cx.deal);
    let Some(first) = ids.first() else {
        ui.label(cx.tr(S::TokNoSecurities));
        return;
    };
    let security = cx
        .view
        .token_security
        .clone()
        .filter(|s| ids.contains(s))
        .unwrap_or_else(|| first.clone());
    super::subheading(ui, cx.tr(S::TokTerms));
    let options: Vec<(usize, &str)> = ids.iter().map(String::as_str).enumerate().collect();
    let current = ids.iter().position(|s| *s == security).unwrap_or(0);
    ui.horizontal(|ui| {
        ui.label(cx.tr(S::TokSecurity));
        if let Some(k) = widgets::choice(
            ui,
            "token-security",
            current,
            &options,
            160.0,
            cx.tr(S::TokSecurity),
        ) {
            cx.view.token_security = Some(ids[k].clone());
            cx.view.token = 0;
        }
    });
    terms(ui, cx, &security);
    ui.add_space(12.0);
    offshore(ui, cx);
    ui.add_space(12.0);
    schedule(ui, cx, &security);
}

fn terms_of<'a>(d: &'a Deal, security: &str) -> Option<(usize, &'a TokenSecurity)> {
    d.tokens.as_ref().and_then(|t| {
        t.securities
            .iter()
            .enumerate()
            .find(|(_, s)| s.security == security)
    })
}

fn token_mut<'a>(d: &'a mut Deal, security: &str) -> Option<&'a mut TokenSecurity> {
    d.tokens
        .as_mut()?
        .securities
        .iter_mut()
        .find(|s| s.security == security)
}

/// Queue an edit of the security's token terms, if they still exist when it runs.
fn edit(cx: &mut Cx, security: &str, set: impl FnOnce(&mut TokenSecurity) + 'static) {
    let sec = security.to_string();
    cx.cmds.edit_now(move |d| {
        if let Some(t) = token_mut(d, &sec) {
            set(t);
        }
    });
}

fn size_of(d: &Deal, security: &str) -> Option<Decimal> {
    d.tranches.iter().find(|t| t.id == security).map(|t| t.size)
}

fn terms(ui: &mut Ui, cx: &mut Cx, security: &str) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let found = terms_of(cx.deal, security);
    let mut custom = found.is_some();
    if widgets::checkbox(ui, &mut custom, t(S::TokCustom)).changed() {
        let sec = security.to_string();
        cx.cmds.edit_now(move |d| {
            let tokens = d.tokens.get_or_insert_with(TokenTerms::default);
            if custom {
                tokens.securities.push(TokenSecurity::new(&sec));
            } else {
                tokens.securities.retain(|s| s.security != sec);
                if tokens.securities.is_empty() && tokens.offshore.is_none() {
                    d.tokens = None;
                }
            }
        });
    }
    let Some((i, ts)) = found else {
        if let Some(size) = size_of(cx.deal, security) {
            ui.label(format!(
                "{}: {}",
                t(S::TokDefaultUnits),
                format::group_thousands(&default_units(size).to_string())
            ));
        }
        return;
    };
    let ts = ts.clone();
    let p = format!("tokens.securities[{i}]");
    let issues = cx.issues;
    egui::Grid::new("token-terms")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(
                ui,
                cx.lang,
                t(S::TokUnits),
                issues,
                &format!("{p}.units"),
                |ui| {
                    ui.horizontal(|ui| {
                        let default = size_of(cx.deal, security).map_or(1, default_units);
                        let old = ts.units.unwrap_or(default);
                        let (resp, v) = units_drag(ui, old, t(S::TokUnits));
                        widgets::drag_edit(cx.cmds, &resp, old, v, {
                            let sec = security.to_string();
                            move |d, v| {
                                if let Some(x) = token_mut(d, &sec) {
                                    x.units = Some(v);
                                }
                            }
                        });
                        if ts.units.is_none() {
                            ui.label(RichText::new(t(S::TokDefaultUnits)).small());
                        }
                    });
                },
            );
            form_row(
                ui,
                cx.lang,
                t(S::TokTokenId),
                issues,
                &format!("{p}.token_id"),
                |ui| {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        Id::unique(("token-id", security)),
                        &ts.token_id,
                        200.0,
                        t(S::TokTokenId),
                        lang,
                        |s| Ok::<_, S>(s.trim().to_string()),
                    ) {
                        edit(cx, security, move |x| x.token_id = v);
                    }
                },
            );
            form_row(
                ui,
                cx.lang,
                t(S::TokRecordDays),
                issues,
                &format!("{p}.record_days"),
                |ui| {
                    let old = ts.record_days;
                    let mut v = old;
                    let resp = ui
                        .add(egui::DragValue::new(&mut v).range(0..=31).speed(0.2))
                        .accessible_name(t(S::TokRecordDays));
                    let sec = security.to_string();
                    widgets::drag_edit(cx.cmds, &resp, old, v, move |d, v| {
                        if let Some(x) = token_mut(d, &sec) {
                            x.record_days = v;
                        }
                    });
                },
            );
        });
    ui.add_space(8.0);
    let units = ts
        .units
        .unwrap_or_else(|| size_of(cx.deal, security).map_or(1, default_units));
    strips(ui, cx, security, &p, &ts, units);
}

fn parse_date(s: &str) -> Result<Option<NaiveDate>, S> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| S::ErrDate)
}

fn parse_price(s: &str) -> Result<Option<Decimal>, S> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    format::parse_money(s).map(Some)
}

fn part_label(lang: Lang, p: StripPart) -> &'static str {
    lang.tr(match p {
        StripPart::All => S::PartAll,
        StripPart::Interest => S::PartInterest,
        StripPart::Principal => S::PartPrincipal,
    })
}

/// Edit strip `k` of the security, if it still has id `id` when the edit runs.
fn edit_strip(
    cx: &mut Cx,
    security: &str,
    k: usize,
    id: &str,
    set: impl FnOnce(&mut Strip) + 'static,
) {
    let id = id.to_string();
    edit(cx, security, move |x| {
        if let Some(s) = x.strips.get_mut(k).filter(|s| s.id == id) {
            set(s);
        }
    });
}

/// The strips table; new strips start with `units`, the security's.
fn strips(ui: &mut Ui, cx: &mut Cx, security: &str, p: &str, ts: &TokenSecurity, units: u64) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::TokStrips));
    let n = ts.strips.len();
    let ids: Vec<String> = ts.strips.iter().map(|s| s.id.clone()).collect();
    // One card a strip, as the tranches: its id and name head the card, its terms wrap to as
    // many lines as the editor's width needs (a table of eight columns ran off the editor).
    for (k, s) in ts.strips.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(widgets::visible_room(ui).max(200.0));
            strip_card(ui, cx, security, k, n, s, &ids);
        });
    }
    widgets::field_issues(ui, cx.lang, cx.issues, &format!("{p}.strips"));
    for (k, _) in ts.strips.iter().enumerate() {
        for f in ["id", "units", "from", "to", "price"] {
            widgets::field_issues(ui, cx.lang, cx.issues, &format!("{p}.strips[{k}].{f}"));
        }
    }
    ui.horizontal(|ui| {
        if ui.button(format!("+ {}", t(S::TokAddStrip))).clicked() {
            let id = crate::app::edits::unique_id(
                &format!("{security}-"),
                ts.strips.iter().map(|s| s.id.as_str()),
            );
            edit(cx, security, move |x| {
                x.strips.push(Strip {
                    id,
                    name: String::new(),
                    part: StripPart::All,
                    from: None,
                    to: None,
                    units,
                    price: None,
                });
            });
        }
        if ui.button(t(S::TokYearly)).clicked() {
            let strips = yearly(cx.deal, security, units);
            edit(cx, security, move |x| x.strips = strips);
        }
    });
}

/// One interest strip per year from closing (windows ending on each anniversary) and one
/// principal strip.
fn yearly(d: &Deal, security: &str, units: u64) -> Vec<Strip> {
    let mut out = Vec::new();
    let mut from: Option<NaiveDate> = None;
    let years = (d.legal_final_date - d.closing_date).num_days().max(1);
    let years = ((years + 364) / 365).clamp(1, 100);
    for y in 1..=years {
        let Some(to) = crate::time::add_months(d.closing_date, 12 * y as u32) else {
            break;
        };
        let last = y == years || to >= d.legal_final_date;
        out.push(Strip {
            id: format!("{security}-Y{y}"),
            name: String::new(),
            part: StripPart::Interest,
            from,
            to: (!last).then_some(to),
            units,
            price: None,
        });
        if last {
            break;
        }
        from = Some(to);
    }
    out.push(Strip {
        id: format!("{security}-P"),
        name: String::new(),
        part: StripPart::Principal,
        from: None,
        to: None,
        units,
        price: None,
    });
    out
}

fn strip_card(
    ui: &mut Ui,
    cx: &mut Cx,
    security: &str,
    k: usize,
    n: usize,
    s: &Strip,
    ids: &[String],
) {
    let lang = cx.lang;
    let t = |key| lang.tr(key);
    let rid = Id::unique(("strip-row", security, k));
    let name_of = |key: S| format!("{} {}", t(key), s.id);
    let others: Vec<String> = ids.iter().filter(|i| **i != s.id).cloned().collect();
    ui.horizontal(|ui| {
        if let Some(v) = widgets::fitted_text(
            ui,
            rid.with("id"),
            &s.id,
            90.0,
            &name_of(S::TokStripId),
            lang,
            widgets::unique_id(&others),
        ) {
            edit_strip(cx, security, k, &s.id, move |x| x.id = v);
        }
        if let Some(v) = widgets::fitted_text(
            ui,
            rid.with("name"),
            &s.name,
            160.0,
            &name_of(S::Name),
            lang,
            |x| Ok::<_, S>(x.trim().to_string()),
        ) {
            edit_strip(cx, security, k, &s.id, move |x| x.name = v);
        }
        if let Some(a) = widgets::row_buttons(ui, lang, &s.id, k, n) {
            let id = s.id.clone();
            edit(cx, security, move |x| {
                if x.strips.get(k).is_none_or(|s| s.id != id) {
                    return;
                }
                match a {
                    RowAction::Remove => {
                        x.strips.remove(k);
                    }
                    _ => {
                        let j = k.saturating_add_signed(a.delta());
                        if j < x.strips.len() {
                            x.strips.swap(k, j);
                        }
                    }
                }
            });
        }
    });
    let labels = [S::TokPart, S::TokFrom, S::TokTo, S::TokUnits, S::TokPrice].map(t);
    widgets::record(ui, rid.with("fields"), &labels, 120.0, |ui, field| {
        strip_field(ui, cx, security, k, s, field)
    });
}

/// Field `field` of a strip's card: part, after, up to, units, price.
fn strip_field(ui: &mut Ui, cx: &mut Cx, security: &str, k: usize, s: &Strip, field: usize) {
    let lang = cx.lang;
    let t = |key| lang.tr(key);
    let rid = Id::unique(("strip-row", security, k));
    let name_of = |key: S| format!("{} {}", t(key), s.id);
    let date_text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match field {
        0 => {
            let parts = [StripPart::All, StripPart::Interest, StripPart::Principal]
                .map(|p| (p, part_label(lang, p)));
            if let Some(v) = widgets::choice(
                ui,
                rid.with("part"),
                s.part,
                &parts,
                120.0,
                &name_of(S::TokPart),
            ) {
                edit_strip(cx, security, k, &s.id, move |x| x.part = v);
            }
        }
        1 => {
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("from"),
                &date_text(s.from),
                90.0,
                &name_of(S::TokFrom),
                lang,
                parse_date,
            ) {
                edit_strip(cx, security, k, &s.id, move |x| x.from = v);
            }
        }
        2 => {
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("to"),
                &date_text(s.to),
                90.0,
                &name_of(S::TokTo),
                lang,
                parse_date,
            ) {
                edit_strip(cx, security, k, &s.id, move |x| x.to = v);
            }
        }
        3 => {
            let old = s.units;
            let (resp, v) = units_drag(ui, old, &name_of(S::TokUnits));
            let (sec, id) = (security.to_string(), s.id.clone());
            widgets::drag_edit(cx.cmds, &resp, old, v, move |d, v| {
                if let Some(x) =
                    token_mut(d, &sec).and_then(|x| x.strips.get_mut(k).filter(|s| s.id == id))
                {
                    x.units = v;
                }
            });
        }
        _ => {
            if let Some(v) = widgets::parsed_text(
                ui,
                rid.with("price"),
                &s.price.map(format::money).unwrap_or_default(),
                90.0,
                &name_of(S::TokPrice),
                lang,
                parse_price,
            ) {
                edit_strip(cx, security, k, &s.id, move |x| x.price = v);
            }
        }
    }
}

/// A count of units, dragged or typed, shown with thousands separators.
fn units_drag(ui: &mut Ui, units: u64, name: &str) -> (egui::Response, u64) {
    let mut v = units;
    let resp = ui
        .add(
            egui::DragValue::new(&mut v)
                .range(1..=MAX_UNITS)
                .speed(1.0)
                .custom_formatter(|x, _| format::group_thousands(&format!("{x:.0}")))
                .custom_parser(|s| s.replace([',', ' '], "").parse().ok()),
        )
        .accessible_name(name);
    (resp, v)
}

fn offshore(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::TokOffshoreTitle));
    let o = cx.deal.tokens.as_ref().and_then(|t| t.offshore.clone());
    let mut has = o.is_some();
    if widgets::checkbox(ui, &mut has, t(S::TokOffshore)).changed() {
        cx.cmds.edit_now(move |d| {
            let tokens = d.tokens.get_or_insert_with(TokenTerms::default);
            tokens.offshore = has.then(|| Offshore {
                currency: "HKD".into(),
                decimals: 2,
                rate: Decimal::new(9210, 4),
            });
            if tokens.securities.is_empty() && tokens.offshore.is_none() {
                d.tokens = None;
            }
        });
    }
    let Some(o) = o else {
        return;
    };
    let issues = cx.issues;
    let set = |cx: &mut Cx, f: Box<dyn FnOnce(&mut Offshore)>| {
        cx.cmds.edit_now(move |d| {
            if let Some(o) = d.tokens.as_mut().and_then(|t| t.offshore.as_mut()) {
                f(o);
            }
        });
    };
    egui::Grid::new("token-offshore")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            form_row(
                ui,
                cx.lang,
                t(S::TokCurrency),
                issues,
                "tokens.offshore.currency",
                |ui| {
                    if let Some(v) = widgets::text(
                        ui,
                        Id::unique("offshore-currency"),
                        &o.currency,
                        60.0,
                        t(S::TokCurrency),
                        lang,
                    ) {
                        let v = v.to_uppercase();
                        set(cx, Box::new(move |o| o.currency = v));
                    }
                },
            );
            form_row(
                ui,
                cx.lang,
                t(S::TokDecimals),
                issues,
                "tokens.offshore.decimals",
                |ui| {
                    let old = o.decimals;
                    let mut v = old;
                    let resp = ui
                        .add(egui::DragValue::new(&mut v).range(0..=4).speed(0.1))
                        .accessible_name(t(S::TokDecimals));
                    widgets::drag_edit(cx.cmds, &resp, old, v, |d, v| {
                        if let Some(o) = d.tokens.as_mut().and_then(|t| t.offshore.as_mut()) {
                            o.decimals = v;
                        }
                    });
                },
            );
            form_row(
                ui,
                cx.lang,
                t(S::TokRate),
                issues,
                "tokens.offshore.rate",
                |ui| {
                    if let Some(v) = widgets::parsed_text(
                        ui,
                        Id::unique("offshore-rate"),
                        &o.rate.normalize().to_string(),
                        90.0,
                        t(S::TokRate),
                        lang,
                        |s| s.trim().parse::<Decimal>().map_err(|_| S::ErrNumber),
                    ) {
                        set(cx, Box::new(move |o| o.rate = v));
                    }
                },
            );
        });
    rate_path(ui, cx);
}

/// The exchange rate on each payment date of the scenario shown (`fx_rates`).
fn rate_path(ui: &mut Ui, cx: &mut Cx) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    let Some(name) = cx.view.scenario_name(cx.deal).map(str::to_string) else {
        return;
    };
    let Some(i) = cx.deal.scenarios.iter().position(|s| s.name == name) else {
        return;
    };
    let shown = cx.deal.scenarios[i]
        .fx_rates
        .iter()
        .map(|r| r.normalize().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    ui.horizontal(|ui| {
        ui.label(format!("{} · {name}", t(S::TokRatePath)));
        if let Some(v) = widgets::parsed_text(
            ui,
            Id::unique(("fx-rates", i)),
            &shown,
            260.0,
            t(S::TokRatePath),
            lang,
            parse_rates,
        ) {
            cx.cmds.edit_now(move |d| {
                if let Some(s) = d.scenarios.get_mut(i).filter(|s| s.name == name) {
                    s.fx_rates = v;
                }
            });
        }
    });
    widgets::field_issues(ui, cx.lang, cx.issues, &format!("scenarios[{i}].fx_rates"));
    ui.label(
        RichText::new(t(S::TokRatePathNote))
            .small()
            .color(Tokens::of(ui.visuals()).muted),
    );
}

/// `"0.9210, 0.9050"` → the rates; empty text → none (the stated rate applies).
fn parse_rates(s: &str) -> Result<Vec<Decimal>, S> {
    s.split([',', '，', ' ', ';'])
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse::<Decimal>().map_err(|_| S::ErrNumbers))
        .collect()
}

fn amount(d: Decimal, decimals: u32) -> String {
    crate::format::group_thousands(&format!("{:.*}", decimals as usize, d))
}

fn schedule(ui: &mut Ui, cx: &mut Cx, security: &str) {
    let lang = cx.lang;
    let t = |k| lang.tr(k);
    super::subheading(ui, t(S::TokSchedule));
    let all = match cx.tokens {
        Some(Ok(all)) => all,
        Some(Err(e)) => {
            ui.colored_label(Tokens::of(ui.visuals()).error, e);
            return;
        }
        None => {
            ui.label(t(S::TokNoFigures));
            return;
        }
    };
    let Some(st) = all.iter().find(|s| s.security == security) else {
        ui.label(t(S::TokNoFigures));
        return;
    };
    let k = cx.view.token.min(st.tokens.len().saturating_sub(1));
    let labels: Vec<String> = st
        .tokens
        .iter()
        .map(|x| match &x.strip {
            None => format!("{} ({})", t(S::TokWhole), x.security),
            Some(id) if x.name != *id => format!("{id} {}", x.name),
            Some(id) => id.clone(),
        })
        .collect();
    let options: Vec<(usize, &str)> = labels.iter().map(String::as_str).enumerate().collect();
    ui.horizontal(|ui| {
        ui.label(t(S::TokToken));
        if let Some(v) = widgets::choice(ui, "token-shown", k, &options, 220.0, t(S::TokToken)) {
            cx.view.token = v;
        }
        if !st.offshore.is_empty() {
            widgets::checkbox(ui, &mut cx.view.token_offshore, t(S::TokInOffshore));
        }
    });
    let shown = if cx.view.token_offshore {
        st.offshore.get(k)
    } else {
        None
    };
    let Some(tok) = shown.or(st.tokens.get(k)) else {
        return;
    };
    summary(ui, lang, tok);
    table(ui, lang, tok, cx.cmds);
}

fn summary(ui: &mut Ui, lang: Lang, tok: &TokenSchedule) {
    let t = |k| lang.tr(k);
    let m = &tok.metrics;
    let residue: Decimal = tok.final_residue().iter().sum();
    ui.label(format!(
        "{} {} · {}: {} · {}: {} · {}: {} · {}: {} · {}: {} {}",
        format::group_thousands(&tok.units.to_string()),
        t(S::FlowUnits),
        t(S::Irr),
        if m.price.is_some() {
            format::opt_pct(m.irr, 3)
        } else {
            t(S::TokNoPrice).to_string()
        },
        t(S::Wal),
        format::opt_years(m.wal),
        t(S::Macaulay),
        format::opt_years(m.macaulay_duration),
        t(S::TokModified),
        format::opt_years(m.modified_duration),
        t(S::TokFinalResidue),
        amount(residue, tok.decimals),
        tok.currency,
    ));
}

fn table(ui: &mut Ui, lang: Lang, tok: &TokenSchedule, cmds: &mut crate::app::command::Commands) {
    let t = |k| lang.tr(k);
    let mut headers = vec![
        t(S::Date),
        t(S::TokRecordDate),
        t(S::TokUnits),
        t(S::TokInterestPerUnit),
        t(S::TokPrincipalPerUnit),
        t(S::TokOtherPerUnit),
        t(S::TokTotalPerUnit),
        t(S::TokResidue),
    ];
    let fx = tok.rows.iter().any(|r| r.conversion.is_some());
    if fx {
        headers.extend([t(S::TokRate), t(S::TokFxResidue)]);
    }
    ui.label(RichText::new(format!("{}: {}", t(S::TokCurrency), tok.currency)).small());
    let dp = tok.decimals as usize;
    // The schedule's cells: amounts as plain decimals in the token's currency.
    let cells = |i: usize| -> Vec<Cell> {
        let r = &tok.rows[i];
        let plain = |d: Decimal| Cell::Text(format!("{d:.dp$}"));
        let residue = r.interest.carried_out + r.principal.carried_out + r.other.carried_out;
        let mut cells = vec![
            Cell::Date(r.payment_date),
            Cell::Date(r.record_date),
            Cell::Int(r.units as i64),
            plain(r.interest.per_unit),
            plain(r.principal.per_unit),
            plain(r.other.per_unit),
            plain(r.per_unit_total()),
            plain(residue),
        ];
        if let Some(c) = r.conversion {
            cells.push(Cell::Text(c[0].rate.normalize().to_string()));
            let cny: Decimal = c.iter().map(|c| c.carried_out).sum();
            cells.push(Cell::Text(cny.normalize().to_string()));
        }
        cells
    };
    let copy = Rows {
        header: headers.iter().map(|h| h.to_string()).collect(),
        n: tok.rows.len(),
        row: &cells,
    };
    egui::ScrollArea::horizontal()
        .id_salt("token-schedule-h")
        .show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            row_select::table(ui, "token-schedule", lang, cmds, &copy, |ui, picker| {
                TableBuilder::new(ui)
                    .id_salt("token-schedule")
                    .striped(true)
                    .vscroll(false)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                    .columns(Column::auto().at_least(72.0), headers.len())
                    .header(22.0, |mut row| {
                        for h in &headers {
                            row.col(|ui| {
                                ui.strong(*h);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(20.0, tok.rows.len(), |mut row| {
                            let i = row.index();
                            row.set_selected(picker.selected(i));
                            let r = &tok.rows[i];
                            let residue = r.interest.carried_out
                                + r.principal.carried_out
                                + r.other.carried_out;
                            let mut shown = vec![
                                format::date(r.payment_date),
                                format::date(r.record_date),
                                format::group_thousands(&r.units.to_string()),
                                amount(r.interest.per_unit, tok.decimals),
                                amount(r.principal.per_unit, tok.decimals),
                                amount(r.other.per_unit, tok.decimals),
                                amount(r.per_unit_total(), tok.decimals),
                                amount(residue, tok.decimals),
                            ];
                            if let Some(c) = r.conversion {
                                shown.push(c[0].rate.normalize().to_string());
                                let cny: Decimal = c.iter().map(|c| c.carried_out).sum();
                                shown.push(cny.normalize().to_string());
                            }
                            for text in shown {
                                row.col(|ui| {
                                    ui.label(text);
                                });
                            }
                            picker.respond(i, &row.response());
                        });
                    });
            });
        });
}
