//! Screenshot mode for `scripts/screenshot.sh`: with `TRANCHE_STUDIO_SCREENSHOT=out.png`
//! the app waits until the figures for its deal are computed and drawn, captures the
//! window, writes the PNG and closes. `TRANCHE_STUDIO_SCREENSHOT_VIEW` may pick what is
//! shown, e.g. `pool,cashflows,en,dark` (a section, a results tab, a language, a theme;
//! `export` opens the chart export dialog of the tab).

use super::i18n::Lang;
use super::settings::Settings;
use super::theme::ThemeChoice;
use super::view::{ResultsTab, Section, ViewState};
use std::path::PathBuf;

/// Frames drawn with current figures before the capture: plots settle their bounds and
/// text layout on the frames after the data arrives.
const SETTLE_FRAMES: u32 = 4;

#[derive(Debug, Clone)]
pub struct ScreenshotPlan {
    pub path: PathBuf,
    pub section: Option<Section>,
    pub tab: Option<ResultsTab>,
    pub lang: Option<Lang>,
    pub theme: Option<ThemeChoice>,
    /// Open the export dialog of the results tab shown.
    pub export: bool,
}

impl ScreenshotPlan {
    pub fn from_env() -> Option<ScreenshotPlan> {
        let path = PathBuf::from(std::env::var_os("TRANCHE_STUDIO_SCREENSHOT")?);
        let view = std::env::var("TRANCHE_STUDIO_SCREENSHOT_VIEW").unwrap_or_default();
        Some(ScreenshotPlan::parse(path, &view))
    }

    pub fn parse(path: PathBuf, view: &str) -> ScreenshotPlan {
        let mut plan = ScreenshotPlan {
            path,
            section: None,
            tab: None,
            lang: None,
            theme: None,
            export: false,
        };
        for word in view.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "terms" => plan.section = Some(Section::Terms),
                "pool" => plan.section = Some(Section::Pool),
                "tranches" => plan.section = Some(Section::Tranches),
                "enhancements" => plan.section = Some(Section::Enhancements),
                "waterfall" => plan.section = Some(Section::Waterfall),
                "scenarios" => plan.section = Some(Section::Scenarios),
                "asset" => plan.section = Some(Section::Asset),
                "spv" => plan.section = Some(Section::Spv),
                "incentives" => plan.section = Some(Section::Incentives),
                "exits" => plan.section = Some(Section::Exits),
                "tokens" => plan.section = Some(Section::Tokens),
                "company" => plan.tab = Some(ResultsTab::ProjectCompany),
                "nav" => plan.tab = Some(ResultsTab::Nav),
                "distributions" => plan.tab = Some(ResultsTab::Distributions),
                "balances" => plan.tab = Some(ResultsTab::Balances),
                "poolflows" => plan.tab = Some(ResultsTab::Pool),
                "irr" => plan.tab = Some(ResultsTab::Irr),
                "sensitivity" => plan.tab = Some(ResultsTab::Sensitivity),
                "cashflows" => plan.tab = Some(ResultsTab::CashFlows),
                "compare" => plan.tab = Some(ResultsTab::Compare),
                "grid" => plan.tab = Some(ResultsTab::Grid),
                "export" => plan.export = true,
                "en" => plan.lang = Some(Lang::En),
                "zh" => plan.lang = Some(Lang::Zh),
                "light" => plan.theme = Some(ThemeChoice::Light),
                "dark" => plan.theme = Some(ThemeChoice::Dark),
                other => eprintln!("tranche-studio: unknown screenshot view word {other:?}"),
            }
        }
        plan
    }

    pub fn apply(&self, view: &mut ViewState, settings: &mut Settings) {
        if let Some(s) = self.section {
            view.section = s;
        }
        if let Some(t) = self.tab {
            view.tab = t;
        }
        if let Some(l) = self.lang {
            settings.lang = l;
        }
        if let Some(t) = self.theme {
            settings.theme = t;
        }
        if self.export {
            view.export =
                super::chart_export::kind_of(view.tab).map(super::chart_export::ExportDialog::new);
        }
    }
}

pub struct Screenshotter {
    plan: ScreenshotPlan,
    ready_frames: u32,
    requested: bool,
}

impl Screenshotter {
    pub fn new(plan: ScreenshotPlan) -> Screenshotter {
        Screenshotter {
            plan,
            ready_frames: 0,
            requested: false,
        }
    }

    /// Call once per frame; `ready` when the figures on screen are current.
    pub fn tick(&mut self, ctx: &egui::Context, ready: bool) {
        if self.requested {
            return;
        }
        if !ready {
            self.ready_frames = 0;
            return;
        }
        self.ready_frames += 1;
        ctx.request_repaint();
        if self.ready_frames < SETTLE_FRAMES {
            return;
        }
        self.requested = true;
        let path = self.plan.path.clone();
        let close = ctx.clone();
        ctx.request_screenshot(move |img| {
            let [w, h] = img.size;
            let rgba: Vec<u8> = img.pixels.iter().flat_map(|c| c.to_array()).collect();
            match image::save_buffer(
                &path,
                &rgba,
                w as u32,
                h as u32,
                image::ExtendedColorType::Rgba8,
            ) {
                Ok(()) => eprintln!("tranche-studio: wrote {} ({w}x{h})", path.display()),
                Err(e) => eprintln!("tranche-studio: cannot write {}: {e}", path.display()),
            }
            close.send_viewport_cmd(egui::ViewportCommand::Close);
            close.request_repaint();
        });
    }
}
