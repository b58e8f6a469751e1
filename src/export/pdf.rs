//! The figures shown as an A4 landscape page for a meeting (issue 14): the deal's name and
//! scenario, one row of figures per security, and the main print charts. Text is vector,
//! set in the bundled CJK font (a system CJK font for a character it lacks) and embedded as
//! subsets with a ToUnicode map, so it can be searched and copied; the charts are the print
//! charts of `charts` embedded as 300 dpi images. A deal with many securities puts the
//! charts on a second page.

use super::charts::{self, ChartKind, ChartOptions};
use super::{ExportError, Lang};
use crate::format::{money, number, opt_pct as pct};
use crate::results::{DealResults, SecurityMetrics};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rust_decimal::Decimal;
use std::path::Path;

/// A4 landscape in points (297 × 210 mm).
pub const PAGE: (f32, f32) = (841.89, 595.28);
const MARGIN: f32 = 34.0; // 12 mm
const PT_PER_MM: f32 = 72.0 / 25.4;
/// The charts' resolution on the page.
pub const CHART_DPI: u32 = 300;
/// The tallest and the shortest a chart is drawn, in millimetres.
const CHART_MM: (f32, f32) = (115.0, 55.0);
const ROW: f32 = 15.0;

/// Write the meeting page of `r` to `path` (atomically).
pub fn save_pdf(r: &DealResults, path: &Path, lang: Lang) -> Result<(), ExportError> {
    super::write_file(path, &render_pdf(r, lang)?)
}

fn error(message: impl ToString) -> ExportError {
    ExportError::Chart {
        chart: "pdf",
        message: message.to_string(),
    }
}

/// The PDF bytes of the meeting page(s) of `r`, labels in `lang`.
pub fn render_pdf(r: &DealResults, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let mut fonts = Fonts::load()?;
    let (w, h) = PAGE;
    let mut page = Content::new();
    let mut y = h - MARGIN - 18.0;
    fonts.text(&mut page, &r.deal, (MARGIN, y), 18.0, Align::Left, GREY_0);
    y -= 18.0;
    fonts.text(
        &mut page,
        &subtitle(r, lang),
        (MARGIN, y),
        9.5,
        Align::Left,
        GREY_1,
    );
    y -= 22.0;
    y = securities_table(&mut fonts, &mut page, r, lang, y);

    // The charts side by side, on this page when they fit at their shortest: distributions,
    // balances and, for a holding-type deal, the project company.
    let kinds: Vec<ChartKind> = super::available_charts(r)
        .into_iter()
        .filter(|k| {
            matches!(
                k,
                ChartKind::Distributions | ChartKind::Balances | ChartKind::ProjectCompany
            )
        })
        .collect();
    let mut pages = vec![page];
    let room_mm = (y - 10.0 - MARGIN) / PT_PER_MM;
    let chart_mm = if room_mm >= CHART_MM.1 {
        room_mm.min(CHART_MM.0)
    } else {
        pages.push(Content::new());
        y = h - MARGIN;
        ((y - 10.0 - MARGIN) / PT_PER_MM).min(CHART_MM.0)
    };
    let gap = 16.0;
    let n = kinds.len().max(1) as f32;
    let chart_w = (w - 2.0 * MARGIN - gap * (n - 1.0)) / n;
    let mut images = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        let opts = ChartOptions {
            width_mm: f64::from(chart_w / PT_PER_MM),
            height_mm: f64::from(chart_mm),
            dpi: CHART_DPI,
            lang,
        };
        let (rgb, size) = charts::render_spec_rgb(&charts::chart_spec(r, *kind, lang), &opts)?;
        let x = MARGIN + k as f32 * (chart_w + gap);
        let top = y - 10.0;
        let name = format!("Im{k}");
        let content = pages.last_mut().expect("a page");
        content.save_state();
        content.transform([
            chart_w,
            0.0,
            0.0,
            chart_mm * PT_PER_MM,
            x,
            top - chart_mm * PT_PER_MM,
        ]);
        content.x_object(Name(name.as_bytes()));
        content.restore_state();
        images.push((name, pages.len() - 1, rgb, size));
    }
    write(fonts, pages, images, &r.deal)
}

/// "情景：base · 设立日 … · 金额单位：万元".
fn subtitle(r: &DealResults, lang: Lang) -> String {
    let mut parts = vec![
        format!("{}{}", lang.pick(("情景：", "Scenario: ")), r.scenario),
        format!(
            "{} {}",
            lang.pick(("设立日", "Closing")),
            r.closing_date.format("%Y-%m-%d")
        ),
    ];
    if let Some(s) = &r.stress {
        parts.push(format!(
            "{}{}",
            lang.pick(("压力情景，基准：", "stress of ")),
            s.base
        ));
    }
    parts.push(
        lang.pick(("金额单位：万元", "Amounts in CNY 10,000"))
            .into(),
    );
    parts.join(" · ")
}

/// One column of the securities' table: its header and a security's text.
type Col = (&'static str, &'static str, fn(&SecurityMetrics) -> String);

fn wan(d: Decimal) -> String {
    money((d / Decimal::from(10_000)).round_dp(2))
}

fn years(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| number(v, 2))
}

/// The table the results panel shows, per kind of deal; returns the y under it.
fn securities_table(
    fonts: &mut Fonts,
    c: &mut Content,
    r: &DealResults,
    lang: Lang,
    top: f32,
) -> f32 {
    let holding = r.project_company.is_some();
    let tranched: &[Col] = &[
        ("证券", "Security", |s| s.name.clone()),
        ("规模", "Size", |s| wan(s.size)),
        ("票面利率", "Coupon", |s| pct(Some(s.coupon), 2)),
        ("IRR", "IRR", |s| pct(s.irr, 3)),
        ("加权平均期限（年）", "WAL (years)", |s| {
            years(s.wal)
        }),
        ("修正久期", "Mod. duration", |s| {
            years(s.modified_duration)
        }),
        ("本金偿付截止", "Principal to", |s| {
            s.principal_window
                .map_or_else(|| "—".into(), |w| w.1.format("%Y-%m-%d").to_string())
        }),
        ("利息合计", "Interest", |s| wan(s.total_interest)),
        ("本金损失", "Principal loss", |s| wan(s.principal_loss)),
        ("利息缺口", "Interest shortfall", |s| {
            wan(s.interest_shortfall)
        }),
    ];
    let units: &[Col] = &[
        ("份额", "Class", |s| s.name.clone()),
        ("规模", "Size", |s| wan(s.size)),
        ("IRR", "IRR", |s| pct(s.irr, 3)),
        ("分配倍数", "Multiple", |s| {
            s.multiple
                .map_or_else(|| "—".into(), |m| format!("{m:.2}x"))
        }),
        ("年均现金分派率", "Distribution rate", |s| {
            pct(s.distribution_rate, 2)
        }),
        ("分配合计", "Distributed", |s| {
            wan(s.total_interest + s.total_principal + s.total_residual)
        }),
    ];
    let cols = if holding { units } else { tranched };
    let (header_size, size) = (8.5, 9.0);
    let cells: Vec<Vec<String>> = r
        .securities
        .iter()
        .map(|s| cols.iter().map(|(.., f)| f(s)).collect())
        .collect();
    // Each column as wide as its widest text, the spare width shared out.
    let pad = 10.0;
    let mut widths: Vec<f32> = cols
        .iter()
        .enumerate()
        .map(|(k, (zh, en, _))| {
            let head = fonts.width(lang.pick((zh, en)), header_size);
            cells
                .iter()
                .map(|row| fonts.width(&row[k], size))
                .fold(head, f32::max)
                + pad
        })
        .collect();
    let full = PAGE.0 - 2.0 * MARGIN;
    let spare = (full - widths.iter().sum::<f32>()).max(0.0) / widths.len() as f32;
    widths.iter_mut().for_each(|w| *w += spare);
    let mut y = top;
    // Header on a grey band, then rows on alternate stripes.
    band(c, MARGIN, y - 4.0, full, ROW, GREY_3);
    let mut x = MARGIN;
    for (k, (zh, en, _)) in cols.iter().enumerate() {
        let align = if k == 0 { Align::Left } else { Align::Right };
        let at = if k == 0 {
            x + pad / 2.0
        } else {
            x + widths[k] - pad / 2.0
        };
        fonts.text(c, lang.pick((zh, en)), (at, y), header_size, align, GREY_0);
        x += widths[k];
    }
    for (i, row) in cells.iter().enumerate() {
        y -= ROW;
        if i % 2 == 1 {
            band(c, MARGIN, y - 4.0, full, ROW, GREY_4);
        }
        let mut x = MARGIN;
        for (k, text) in row.iter().enumerate() {
            let align = if k == 0 { Align::Left } else { Align::Right };
            let at = if k == 0 {
                x + pad / 2.0
            } else {
                x + widths[k] - pad / 2.0
            };
            fonts.text(c, text, (at, y), size, align, GREY_0);
            x += widths[k];
        }
    }
    y - ROW
}

type Grey = f32;
const GREY_0: Grey = 0.1;
const GREY_1: Grey = 0.35;
const GREY_3: Grey = 0.88;
const GREY_4: Grey = 0.95;

fn band(c: &mut Content, x: f32, y: f32, w: f32, h: f32, grey: Grey) {
    c.set_fill_gray(grey);
    c.rect(x, y, w, h);
    c.fill_nonzero();
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// A font to embed: its face, the glyphs used (old → new id, in the order first used) and
/// the character each new id stands for.
struct Embedded {
    data: &'static [u8],
    index: u32,
    face: ttf_parser::Face<'static>,
    remapper: subsetter::GlyphRemapper,
    chars: Vec<(u16, char)>,
}

/// The bundled CJK font, then the system's for the characters it lacks.
struct Fonts {
    faces: Vec<Embedded>,
}

impl Fonts {
    fn load() -> Result<Fonts, ExportError> {
        let bundled = std::iter::once((crate::fonts::CJK_FONT, 0));
        let system = crate::fonts::system_cjk_fonts()
            .iter()
            .map(|f| (&f.bytes[..], f.index));
        let faces: Vec<Embedded> = bundled
            .chain(system)
            .filter_map(|(data, index)| {
                Some(Embedded {
                    data,
                    index,
                    face: ttf_parser::Face::parse(data, index).ok()?,
                    remapper: subsetter::GlyphRemapper::new(),
                    chars: Vec::new(),
                })
            })
            .collect();
        if faces.is_empty() {
            return Err(error("the bundled font cannot be read"));
        }
        Ok(Fonts { faces })
    }

    /// The face and glyph drawing `ch`: the first face that has it, else the bundled
    /// font's missing glyph.
    fn glyph(&self, ch: char) -> (usize, u16) {
        self.faces
            .iter()
            .enumerate()
            .find_map(|(k, f)| f.face.glyph_index(ch).map(|g| (k, g.0)))
            .unwrap_or((0, 0))
    }

    fn advance(&self, k: usize, gid: u16) -> f32 {
        let f = &self.faces[k].face;
        let adv = f.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0);
        f32::from(adv) / f32::from(f.units_per_em())
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|ch| {
                let (k, g) = self.glyph(ch);
                self.advance(k, g)
            })
            .sum::<f32>()
            * size
    }

    /// Show `text` with its baseline at `y`, starting (Left) or ending (Right) at `x`: one
    /// run per face, each glyph as its id in that face's subset.
    fn text(
        &mut self,
        c: &mut Content,
        text: &str,
        (x, y): (f32, f32),
        size: f32,
        align: Align,
        grey: Grey,
    ) {
        let mut x = match align {
            Align::Left => x,
            Align::Right => x - self.width(text, size),
        };
        c.set_fill_gray(grey);
        c.begin_text();
        let mut runs: Vec<(usize, Vec<u8>, f32)> = Vec::new();
        for ch in text.chars() {
            let (k, old) = self.glyph(ch);
            let advance = self.advance(k, old) * size;
            let f = &mut self.faces[k];
            let new = f.remapper.remap(old);
            if !f.chars.iter().any(|(g, _)| *g == new) {
                f.chars.push((new, ch));
            }
            match runs.last_mut() {
                Some((face, bytes, w)) if *face == k => {
                    bytes.extend(new.to_be_bytes());
                    *w += advance;
                }
                _ => runs.push((k, new.to_be_bytes().to_vec(), advance)),
            }
        }
        for (k, bytes, w) in runs {
            c.set_font(Name(font_name(k).as_bytes()), size);
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
            c.show(Str(&bytes));
            x += w;
        }
        c.end_text();
    }
}

/// A chart on a page: its resource name, the page's index, its RGB pixels and size.
type Image = (String, usize, Vec<u8>, (u32, u32));

fn font_name(k: usize) -> String {
    format!("F{k}")
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The document: pages, their charts, and each font used, cut to the glyphs drawn.
fn write(
    fonts: Fonts,
    pages: Vec<Content>,
    images: Vec<Image>,
    title: &str,
) -> Result<Vec<u8>, ExportError> {
    let mut next = 1;
    let mut id = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let (catalog, tree, info) = (id(), id(), id());
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (id(), id())).collect();
    let used: Vec<(usize, &Embedded)> = fonts
        .faces
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.chars.is_empty())
        .collect();
    let font_ids: Vec<[Ref; 5]> = used
        .iter()
        .map(|_| [id(), id(), id(), id(), id()])
        .collect();
    let image_ids: Vec<Ref> = images.iter().map(|_| id()).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Tranche Studio"));
    for (n, ((page_id, content_id), content)) in page_ids.iter().zip(pages).enumerate() {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
        page.parent(tree);
        page.contents(*content_id);
        let mut res = page.resources();
        let mut f = res.fonts();
        for ((k, _), ids) in used.iter().zip(&font_ids) {
            f.pair(Name(font_name(*k).as_bytes()), ids[0]);
        }
        f.finish();
        let mut x = res.x_objects();
        for ((name, on, ..), img) in images.iter().zip(&image_ids) {
            if *on == n {
                x.pair(Name(name.as_bytes()), *img);
            }
        }
        x.finish();
        res.finish();
        page.finish();
        pdf.stream(*content_id, &deflate(&content.finish()))
            .filter(Filter::FlateDecode);
    }
    for ((k, f), ids) in used.iter().zip(&font_ids) {
        embed_font(&mut pdf, *k, f, ids)?;
    }
    for ((_, _, rgb, (w, h)), img) in images.iter().zip(&image_ids) {
        let data = deflate(rgb);
        let mut x = pdf.image_xobject(*img, &data);
        x.filter(Filter::FlateDecode);
        x.width(*w as i32);
        x.height(*h as i32);
        x.color_space().device_rgb();
        x.bits_per_component(8);
    }
    Ok(pdf.finish())
}

/// A composite font (Identity-H, CIDs = glyph ids of the subset) with its widths, its
/// subset (CFF as OpenType, TrueType as FontFile2) and its ToUnicode map.
fn embed_font(pdf: &mut Pdf, k: usize, f: &Embedded, ids: &[Ref; 5]) -> Result<(), ExportError> {
    let [type0, cid, descriptor, cmap, file] = *ids;
    let base = format!("TSABC{}+TrancheStudioCJK{k}", (b'A' + k as u8) as char);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let cff = f.face.tables().cff.is_some();
    let subset = subsetter::subset(f.data, f.index, &f.remapper).map_err(error)?;
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let upem = f32::from(f.face.units_per_em());
    let scale = |v: i16| f32::from(v) * 1000.0 / upem;
    let widths: Vec<f32> = f
        .remapper
        .remapped_gids()
        .map(|old| {
            f32::from(
                f.face
                    .glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0),
            ) * 1000.0
                / upem
        })
        .collect();
    let mut font = pdf.cid_font(cid);
    font.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    font.base_font(Name(base.as_bytes()));
    font.system_info(info);
    font.font_descriptor(descriptor);
    font.default_width(0.0);
    if !cff {
        font.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    font.widths().consecutive(0, widths);
    font.finish();
    let b = f.face.global_bounding_box();
    let mut d = pdf.font_descriptor(descriptor);
    d.name(Name(base.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(f.face.ascender()))
        .descent(scale(f.face.descender()))
        .cap_height(scale(f.face.capital_height().unwrap_or(f.face.ascender())))
        .stem_v(80.0);
    if cff {
        d.font_file3(file);
    } else {
        d.font_file2(file);
    }
    d.finish();
    let mut map = UnicodeCmap::new(Name(b"Custom"), info);
    for (g, ch) in &f.chars {
        map.pair(*g, *ch);
    }
    pdf.cmap(cmap, map.finish().as_slice());
    let data = deflate(&subset);
    let mut s = pdf.stream(file, &data);
    s.filter(Filter::FlateDecode);
    if cff {
        s.pair(Name(b"Subtype"), Name(b"OpenType"));
    }
    Ok(())
}
