//! Fonts and colours. Colours live here as tokens so panels and charts never hard-code them
//! and both themes stay legible.

use egui::{
    Color32, Context, FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily, Visuals,
};
use serde::{Deserialize, Serialize};

pub use crate::fonts::CJK_FONT;

/// Add the bundled CJK font behind egui's Latin fonts in both families.
pub fn install_fonts(ctx: &Context) {
    insert_lowest(ctx, "noto-sans-sc-subset", FontData::from_static(CJK_FONT));
}

/// Add the system's CJK fonts behind the bundled one, for the characters it lacks (newer or
/// rarer hanzi in a company name). The window does this; tests draw with the bundled font
/// alone so they cannot pass on one machine's fonts.
pub fn install_system_fallback(ctx: &Context) {
    for (k, f) in crate::fonts::system_cjk_fonts().iter().enumerate() {
        let bytes: egui::epaint::text::Blob = f.bytes.clone();
        insert_lowest(
            ctx,
            &format!("system-cjk-{k}"),
            FontData::from_blob(bytes, f.index),
        );
    }
}

fn insert_lowest(ctx: &Context, name: &str, data: FontData) {
    ctx.add_font(FontInsert::new(
        name,
        data,
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn apply(self, ctx: &Context) {
        ctx.set_theme(match self {
            ThemeChoice::Light => egui::Theme::Light,
            ThemeChoice::Dark => egui::Theme::Dark,
        });
    }
}

/// Semantic colours for the current visuals.
pub struct Tokens {
    pub error: Color32,
    pub warning: Color32,
    pub ok: Color32,
    pub muted: Color32,
}

impl Tokens {
    pub fn of(visuals: &Visuals) -> Tokens {
        if visuals.dark_mode {
            Tokens {
                error: Color32::from_rgb(255, 110, 100),
                warning: Color32::from_rgb(240, 190, 80),
                ok: Color32::from_rgb(110, 200, 130),
                muted: Color32::from_gray(150),
            }
        } else {
            Tokens {
                error: Color32::from_rgb(190, 30, 30),
                warning: Color32::from_rgb(170, 110, 0),
                ok: Color32::from_rgb(30, 130, 60),
                muted: Color32::from_gray(110),
            }
        }
    }
}

/// Series colours, senior to junior, as the exported charts draw them
/// ([`crate::export::palette::SERIES`]); chosen to read on both themes.
pub fn series(i: usize) -> Color32 {
    let (r, g, b) = crate::export::palette::series(i).rgb();
    Color32::from_rgb(r, g, b)
}
