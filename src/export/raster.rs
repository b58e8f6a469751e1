//! The PNG drawing backend: plotters' bitmap backend with our own text rasteriser.
//!
//! plotters 0.3.7 draws each ab_glyph glyph at the left edge of its ink box, dropping the
//! glyph's left side bearing: full-width punctuation (（ ： 、) then sits on the wrong side of
//! its em box and Latin text looks unevenly spaced. Here glyphs are placed at their origin
//! (advance + kerning), with the same text measures plotters uses, so the PNG and the SVG lay
//! out identically.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::sync::OnceLock;

/// The bundled font first, then the system's CJK fonts for the characters it lacks.
pub(crate) struct FontChain {
    fonts: Vec<FontRef<'static>>,
}

impl FontChain {
    /// The bundled font (whose metrics lay out the line) and the fallbacks.
    pub fn primary(&self) -> &FontRef<'static> {
        &self.fonts[0]
    }

    /// The position in the chain of the first font that has `c`, and its glyph; the bundled
    /// font's "missing" box when none has.
    fn glyph(&self, c: char) -> (usize, GlyphId) {
        self.fonts
            .iter()
            .map(|f| f.glyph_id(c))
            .enumerate()
            .find(|(_, id)| id.0 != 0)
            .unwrap_or((0, GlyphId(0)))
    }
}

/// The font chain, parsed once; None when the bundled font cannot be read.
pub(crate) fn font() -> Option<&'static FontChain> {
    static FONT: OnceLock<Option<FontChain>> = OnceLock::new();
    FONT.get_or_init(|| {
        let bundled = FontRef::try_from_slice(crate::fonts::CJK_FONT).ok()?;
        let system = crate::fonts::system_cjk_fonts()
            .iter()
            .filter_map(|f| FontRef::try_from_slice_and_index(&f.bytes[..], f.index).ok());
        Some(FontChain {
            fonts: std::iter::once(bundled).chain(system).collect(),
        })
    })
    .as_ref()
}

/// Each character's font, glyph and pen position at plotters size `size` (advances, and
/// kerning between neighbours of one font), and the line's width.
fn layout(chain: &FontChain, size: f64, text: &str) -> (Vec<(usize, GlyphId, f32)>, f32) {
    let scale = PxScale::from(size as f32);
    let mut x = 0f32;
    let mut prev: Option<(usize, GlyphId)> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let (k, id) = chain.glyph(c);
        let f = chain.fonts[k].as_scaled(scale);
        if let Some((pk, pid)) = prev
            && pk == k
        {
            x += f.kern(pid, id);
        }
        glyphs.push((k, id, x));
        x += f.h_advance(id);
        prev = Some((k, id));
    }
    (glyphs, x.max(0.0))
}

/// Width of `text` at plotters size `size` (the sum of advances and kerning), and plotters'
/// nominal height `size / 1.24`: exactly what plotters' own ab_glyph measure returns for the
/// characters of the bundled font.
pub(crate) fn measure(chain: &FontChain, size: f64, text: &str) -> (u32, u32) {
    let (_, width) = layout(chain, size, text);
    (width as u32, (size / 1.24).max(0.0) as u32)
}

pub(crate) struct PrintBitmap<'a> {
    inner: BitMapBackend<'a>,
    font: &'static FontChain,
}

impl<'a> PrintBitmap<'a> {
    pub fn new(inner: BitMapBackend<'a>, font: &'static FontChain) -> Self {
        PrintBitmap { inner, font }
    }
}

type Error<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for PrintBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error<'a>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error<'a>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error<'a>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error<'a>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), Error<'a>> {
        Ok(measure(self.font, style.size(), text))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), Error<'a>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() as f32;
        let f = self.font.primary().as_scaled(PxScale::from(size));
        let (glyphs, width) = layout(self.font, style.size(), text);
        let anchor = style.anchor();
        // Unrotated frame: x to the right along the text, y down; the baseline's start.
        let x0 = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width.floor() / 2.0,
            HPos::Right => -width.floor(),
        };
        let (ascent, descent) = (f.ascent(), f.descent()); // descent < 0
        let baseline = match anchor.v_pos {
            VPos::Top => ascent,
            VPos::Center => (ascent + descent) / 2.0,
            VPos::Bottom => descent,
        };
        let trans = style.transform();
        let (w, h) = self.inner.get_size();
        for (k, id, x) in glyphs {
            let font = &self.font.fonts[k];
            let glyph = id.with_scale_and_position(size, point(x0 + x, baseline));
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    pixels.push((
                        bounds.min.x as i32 + gx as i32,
                        bounds.min.y as i32 + gy as i32,
                        coverage.min(1.0),
                    ));
                }
            });
            for (px, py, coverage) in pixels {
                let (tx, ty) = trans.transform(px, py);
                let (tx, ty) = (pos.0 + tx, pos.1 + ty);
                if tx >= 0 && ty >= 0 && (tx as u32) < w && (ty as u32) < h {
                    self.inner.draw_pixel(
                        (tx, ty),
                        BackendColor {
                            alpha: color.alpha * f64::from(coverage),
                            rgb: color.rgb,
                        },
                    )?;
                }
            }
        }
        Ok(())
    }
}
