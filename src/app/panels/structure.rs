//! The double SPV drawn with the painter: originator → plan (专项计划) → project company
//! (项目公司) → asset, with the bank beside the company. Amounts come from the latest
//! figures, so the diagram follows the ratios as soon as the recompute lands.

use crate::app::format::amount;
use crate::app::i18n::{Lang, S};
use crate::app::theme::{Tokens, series};
use crate::results::DealResults;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Ui, pos2, vec2};
use rust_decimal::Decimal;

/// The amounts the diagram shows, CNY.
#[derive(Debug, Clone, PartialEq)]
pub struct Amounts {
    pub plan_paid_in: Decimal,
    pub plan_equity: Decimal,
    pub shareholder_loan: Decimal,
    pub originator_equity: Decimal,
    pub registered_capital: Decimal,
    pub bank_loan: Decimal,
    pub purchase_price: Decimal,
    /// Share of the plan's units the originator holds.
    pub originator_units: f64,
}

impl Amounts {
    pub fn of(r: &DealResults, originator_units: f64) -> Option<Amounts> {
        let pc = r.project_company.as_ref()?;
        let plan = r.plan.as_ref()?;
        Some(Amounts {
            plan_paid_in: plan.paid_in,
            plan_equity: pc.plan_equity,
            shareholder_loan: pc.shareholder_loan,
            originator_equity: pc.registered_capital - pc.plan_equity,
            registered_capital: pc.registered_capital,
            bank_loan: pc.bank_loan,
            purchase_price: pc.purchase_price,
            originator_units,
        })
    }
}

const WIDTH: f32 = 500.0;
const HEIGHT: f32 = 360.0;
const BOX: egui::Vec2 = vec2(160.0, 48.0);

struct Style {
    fill: Color32,
    stroke: Stroke,
    text: Color32,
    muted: Color32,
    ok: Color32,
}

/// Draw the diagram, then the amounts as text (selectable, and read by screen readers).
pub fn show(ui: &mut Ui, lang: Lang, asset: &str, a: Option<&Amounts>) {
    let t = |k| lang.tr(k);
    // The editor scrolls sideways too: fit the part of it that is visible.
    let visible = ui.clip_rect().right() - ui.cursor().left() - 8.0;
    let width = ui.available_width().min(visible).clamp(380.0, WIDTH);
    let (rect, resp) = ui.allocate_exact_size(vec2(width, HEIGHT), egui::Sense::hover());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, t(S::StructureDiagram)));
    if ui.is_rect_visible(rect) {
        let v = ui.visuals();
        let style = Style {
            fill: v.faint_bg_color,
            stroke: v.widgets.noninteractive.fg_stroke,
            text: v.text_color(),
            muted: Tokens::of(v).muted,
            ok: Tokens::of(v).ok,
        };
        draw(ui.painter_at(rect), rect, lang, asset, a, &style);
    }
    match a {
        Some(a) => {
            ui.horizontal_wrapped(|ui| {
                let items = [
                    (S::NodePlan, a.plan_paid_in),
                    (S::FlowEquity, a.plan_equity),
                    (S::FlowLoan, a.shareholder_loan),
                    (S::Originator, a.originator_equity),
                    (S::FlowBankLoan, a.bank_loan),
                    (S::FlowPrice, a.purchase_price),
                ];
                for (k, x) in items {
                    ui.label(format!("{}: {}", t(k), amount(lang, x)));
                }
            });
        }
        None => {
            ui.label(egui::RichText::new(t(S::StructureWaiting)).small());
        }
    }
}

fn draw(p: Painter, rect: Rect, lang: Lang, asset: &str, a: Option<&Amounts>, s: &Style) {
    let t = |k| lang.tr(k);
    let left = rect.left();
    let col = left + rect.width() * 0.42;
    let bank_col = rect.right() - BOX.x / 2.0 - 4.0;
    let rows = [
        rect.top() + 28.0,
        rect.top() + 128.0,
        rect.top() + 238.0,
        rect.top() + 330.0,
    ];
    let boxes = [
        node(&p, pos2(col, rows[0]), t(S::Originator), &units(a), s),
        node(
            &p,
            pos2(col, rows[1]),
            t(S::NodePlan),
            &a.map_or_else(String::new, |a| {
                format!("{} {}", t(S::PaidIn), amount(lang, a.plan_paid_in))
            }),
            s,
        ),
        node(
            &p,
            pos2(col, rows[2]),
            t(S::NodePc),
            &a.map_or_else(String::new, |a| {
                format!(
                    "{} {}",
                    t(S::RegisteredCapital),
                    amount(lang, a.registered_capital)
                )
            }),
            s,
        ),
        node(&p, pos2(col, rows[3]), t(S::NodeAsset), asset, s),
    ];
    let [orig, plan, pc, asset_box] = boxes;
    let (c_eq, c_loan, c_bank, c_back) = (series(0), series(2), series(3), s.ok);
    // Originator subscribes its units.
    vertical(&p, pos2(col, orig.bottom()), plan.top(), s.muted);
    // Plan → company: equity and shareholder loan; company → plan: the cash back.
    let (x_eq, x_loan, x_back) = (col - 40.0, col - 8.0, col + 40.0);
    vertical(&p, pos2(x_eq, plan.bottom()), pc.top(), c_eq);
    vertical(&p, pos2(x_loan, plan.bottom()), pc.top(), c_loan);
    vertical(&p, pos2(x_back, pc.top()), plan.bottom(), c_back);
    let mid = (plan.bottom() + pc.top()) / 2.0;
    let eq_text = label_amount(t(S::FlowEquity), a.map(|a| a.plan_equity), lang);
    let loan_text = label_amount(t(S::FlowLoan), a.map(|a| a.shareholder_loan), lang);
    text(
        &p,
        pos2(x_eq - 6.0, mid - 1.0),
        Align2::RIGHT_BOTTOM,
        &eq_text,
        c_eq,
    );
    text(
        &p,
        pos2(x_eq - 6.0, mid + 1.0),
        Align2::RIGHT_TOP,
        &loan_text,
        c_loan,
    );
    text(
        &p,
        pos2(x_back + 6.0, mid),
        Align2::LEFT_CENTER,
        t(S::FlowBack),
        c_back,
    );
    // The originator keeps the rest of the company's equity.
    if a.is_none_or(|a| a.originator_equity > Decimal::ZERO) {
        let x = left + 6.0;
        let y = pc.center().y + 12.0;
        let stroke = Stroke::new(1.5, s.muted);
        p.line_segment([orig.left_center(), pos2(x, orig.center().y)], stroke);
        p.line_segment([pos2(x, orig.center().y), pos2(x, y)], stroke);
        p.arrow(pos2(x, y), vec2(pc.left() - x, 0.0), stroke);
        let text_ = label_amount(t(S::OriginatorEquity), a.map(|a| a.originator_equity), lang);
        text(
            &p,
            pos2(x + 4.0, y + 4.0),
            Align2::LEFT_TOP,
            &text_,
            s.muted,
        );
    }
    // The bank lends to the company.
    if a.is_none_or(|a| a.bank_loan > Decimal::ZERO) {
        let loan = a.map_or_else(String::new, |a| amount(lang, a.bank_loan));
        let bank = node(&p, pos2(bank_col, rows[2]), t(S::NodeBank), &loan, s);
        let gap = bank.left() - pc.right();
        if gap > 8.0 {
            p.arrow(
                pos2(bank.left(), pc.center().y),
                vec2(-gap, 0.0),
                Stroke::new(1.8, c_bank),
            );
        }
        text(
            &p,
            pos2(bank.center().x, bank.top() - 10.0),
            Align2::CENTER_CENTER,
            t(S::FlowBankLoan),
            c_bank,
        );
    }
    // The company pays for the asset.
    vertical(&p, pos2(col, pc.bottom()), asset_box.top(), s.muted);
    let price = label_amount(t(S::FlowPrice), a.map(|a| a.purchase_price), lang);
    text(
        &p,
        pos2(col + 8.0, (pc.bottom() + asset_box.top()) / 2.0),
        Align2::LEFT_CENTER,
        &price,
        s.muted,
    );
}

fn units(a: Option<&Amounts>) -> String {
    a.map_or_else(String::new, |a| {
        format!("{:.0}%", a.originator_units * 100.0)
    })
}

fn label_amount(name: &str, x: Option<Decimal>, lang: Lang) -> String {
    match x {
        Some(x) => format!("{name}\n{}", amount(lang, x)),
        None => name.to_string(),
    }
}

/// A box with a title and a second line, centred on `c`; returns its rectangle.
fn node(p: &Painter, c: Pos2, title: &str, line: &str, s: &Style) -> Rect {
    let r = Rect::from_center_size(c, BOX);
    p.rect(r, 6.0, s.fill, s.stroke, egui::StrokeKind::Inside);
    let title_y = if line.is_empty() { c.y } else { c.y - 9.0 };
    p.text(
        pos2(c.x, title_y),
        Align2::CENTER_CENTER,
        title,
        FontId::proportional(14.0),
        s.text,
    );
    if !line.is_empty() {
        let line = fit(p, line, BOX.x - 10.0);
        p.text(
            pos2(c.x, c.y + 10.0),
            Align2::CENTER_CENTER,
            line,
            FontId::proportional(12.0),
            s.muted,
        );
    }
    r
}

/// A vertical arrow from `from` to the height `to_y` (down or up).
fn vertical(p: &Painter, from: Pos2, to_y: f32, color: Color32) {
    p.arrow(from, vec2(0.0, to_y - from.y), Stroke::new(1.8, color));
}

/// `s`, cut with an ellipsis to `width` points (long asset names).
fn fit(p: &Painter, s: &str, width: f32) -> String {
    let wide = |x: &str| {
        p.layout_no_wrap(x.to_string(), FontId::proportional(12.0), Color32::WHITE)
            .size()
            .x
            > width
    };
    if !wide(s) {
        return s.to_string();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().chain(['…'].iter()).collect();
        if !wide(&cut) {
            return cut;
        }
    }
    String::new()
}

fn text(p: &Painter, at: Pos2, align: Align2, s: &str, color: Color32) {
    p.text(at, align, s, FontId::proportional(12.0), color);
}
