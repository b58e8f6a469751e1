//! Shared by the GUI test files: the harness factory, waiting for the compute thread, the
//! sample deals and a scratch directory.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tranche_studio::app::{Lang, Options, Settings, Startup, TrancheApp, install_fonts};

/// The one harness factory: the app at its default window size, English UI unless the
/// options say otherwise, the bundled CJK font, no file dialogs and no storage.
pub fn harness_with(options: Options) -> Harness<'static, TrancheApp> {
    let options = Options {
        settings: options.settings.or(Some(Settings {
            lang: Lang::En,
            ..Settings::default()
        })),
        ..options
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(64)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut TrancheApp| app.show(ui),
            TrancheApp::new(options),
        )
}

/// The app opened on the deal file at `path` in `lang`, its figures computed.
pub fn opened(path: PathBuf, lang: Lang) -> Harness<'static, TrancheApp> {
    let mut h = harness_with(Options {
        startup: Startup::Path(path),
        settings: Some(Settings {
            lang,
            ..Settings::default()
        }),
        ..Options::default()
    });
    settle(&mut h);
    h
}

/// Step frames until the figures on screen are for the current deal.
pub fn settle(h: &mut Harness<'static, TrancheApp>) {
    for _ in 0..5_000 {
        h.step();
        if h.state().figures_current() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the figures never became current");
}

/// Step frames until the sensitivity sweep for the current request has arrived.
pub fn sensitivity_points(h: &mut Harness<'static, TrancheApp>) -> Vec<(f64, Option<f64>, bool)> {
    for _ in 0..5_000 {
        h.step();
        if let Some(s) = h.state().sensitivity() {
            assert!(s.error.is_none(), "{:?}", s.error);
            return s.points.clone();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the sensitivity never arrived");
}

pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_deals")
        .join(name)
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("ts-gui-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Step frames until "Export all" has finished writing.
pub fn exported(h: &mut Harness<'static, TrancheApp>) {
    for _ in 0..20_000 {
        h.step();
        if !h.state().exporting() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the export never finished");
}

/// The text the app last put on the clipboard.
pub fn copied(h: &Harness<'static, TrancheApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .rev()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// Type `text` into the text field named `name` and press Enter (bringing it into view
/// first: a cell out of view is a plain button showing its value until clicked).
pub fn type_into(h: &mut Harness<'static, TrancheApp>, name: &str, text: &str) {
    if h.query_by_role_and_label(Role::TextInput, name).is_none() {
        h.get_by_label(name).click_accesskit();
        h.run();
    }
    h.get_by_role_and_label(Role::TextInput, name).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, name)
        .type_text(text);
    h.step();
    h.key_press(egui::Key::Enter);
    h.run();
}
