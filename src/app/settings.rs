//! What the app remembers between sessions: language, theme, window size and recent files
//! (`settings.ron`), and the autosave of unsaved work (`autosave.ron`). Both live in the
//! app's data directory and are written to a temporary file that is then renamed, so a
//! crash never leaves half a file. (eframe's own storage needs its `persistence` feature
//! and writes in place, so it is not used.)

use super::i18n::Lang;
use super::theme::ThemeChoice;
use crate::model::Deal;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const RECENT_MAX: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub theme: ThemeChoice,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Inner size of the window in points when it was last closed.
    pub window: Option<[f32; 2]>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Zh,
            theme: ThemeChoice::Light,
            recent: Vec::new(),
            window: None,
        }
    }
}

impl Settings {
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }
}

/// Unsaved work written while editing, offered back at the next start.
#[derive(Debug, Serialize, Deserialize)]
pub struct Autosave {
    /// The file the deal was opened from or last saved to.
    pub origin: Option<PathBuf>,
    /// The deal with an absolute tape path.
    pub deal: Deal,
}

/// The app's data directory.
#[derive(Debug, Clone)]
pub struct Storage {
    dir: PathBuf,
}

impl Storage {
    pub fn at(dir: impl Into<PathBuf>) -> Storage {
        Storage { dir: dir.into() }
    }

    /// `$TRANCHE_STUDIO_DATA_DIR`, else the platform's per-user data directory.
    pub fn default_location() -> Option<Storage> {
        if let Some(dir) = std::env::var_os("TRANCHE_STUDIO_DATA_DIR") {
            return Some(Storage::at(dir));
        }
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let base = if cfg!(target_os = "windows") {
            std::env::var_os("APPDATA").map(PathBuf::from)
        } else if cfg!(target_os = "macos") {
            home.map(|h| h.join("Library/Application Support"))
        } else {
            std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| home.map(|h| h.join(".local/share")))
        };
        base.map(|b| Storage::at(b.join("tranche-studio")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn settings_path(&self) -> PathBuf {
        self.dir.join("settings.ron")
    }

    fn autosave_path(&self) -> PathBuf {
        self.dir.join("autosave.ron")
    }

    /// The saved settings; defaults (and the reason) when the file is missing or unreadable.
    pub fn load_settings(&self) -> (Settings, Option<String>) {
        let path = self.settings_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => match ron::from_str(&text) {
                Ok(s) => (s, None),
                Err(e) => (
                    Settings::default(),
                    Some(format!("{}: {e}; using default settings", path.display())),
                ),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => (
                Settings::default(),
                Some(format!("{}: {e}", path.display())),
            ),
        }
    }

    pub fn save_settings(&self, s: &Settings) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        write_atomic(&self.settings_path(), text.as_bytes())
    }

    pub fn write_autosave(&self, a: &Autosave) -> std::io::Result<()> {
        let config =
            ron::ser::PrettyConfig::new().extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        let text = ron::ser::to_string_pretty(a, config).map_err(std::io::Error::other)?;
        write_atomic(&self.autosave_path(), text.as_bytes())
    }

    /// The autosave left by a previous session, if any.
    pub fn read_autosave(&self) -> Option<Result<Autosave, String>> {
        let path = self.autosave_path();
        let text = std::fs::read_to_string(&path).ok()?;
        Some(
            ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(&text)
                .map_err(|e| format!("{}: {e}", path.display())),
        )
    }

    pub fn remove_autosave(&self) {
        // Missing is fine: there was nothing unsaved.
        let _ = std::fs::remove_file(self.autosave_path());
    }
}

/// Settings and autosaves live in a folder that may not exist yet; the write is atomic.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::io::write_atomic(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ts-settings-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn settings_round_trip() {
        let st = Storage::at(temp_dir("rt"));
        assert_eq!(st.load_settings(), (Settings::default(), None));
        let mut s = Settings {
            lang: Lang::En,
            theme: ThemeChoice::Dark,
            window: Some([1400.0, 900.0]),
            ..Settings::default()
        };
        for i in 0..12 {
            s.add_recent(Path::new(&format!("/d/{i}.ron")));
        }
        s.add_recent(Path::new("/d/5.ron"));
        assert_eq!(s.recent.len(), RECENT_MAX);
        assert_eq!(s.recent[0], PathBuf::from("/d/5.ron"));
        st.save_settings(&s).unwrap();
        assert_eq!(st.load_settings().0, s);
        let _ = std::fs::remove_dir_all(st.dir());
    }

    #[test]
    fn broken_settings_fall_back_to_defaults() {
        let st = Storage::at(temp_dir("bad"));
        write_atomic(&st.settings_path(), b"Settings(lang: Klingon)").unwrap();
        let (s, err) = st.load_settings();
        assert_eq!(s, Settings::default());
        assert!(err.is_some());
        let _ = std::fs::remove_dir_all(st.dir());
    }

    #[test]
    fn autosave_round_trip() {
        let st = Storage::at(temp_dir("auto"));
        assert!(st.read_autosave().is_none());
        let deal = crate::io::parse_deal(super::super::SAMPLE_DEAL, "s").unwrap();
        st.write_autosave(&Autosave {
            origin: Some("/x/deal.ron".into()),
            deal: deal.clone(),
        })
        .unwrap();
        let back = st.read_autosave().unwrap().unwrap();
        assert_eq!(back.deal, deal);
        st.remove_autosave();
        assert!(st.read_autosave().is_none());
        let _ = std::fs::remove_dir_all(st.dir());
    }
}
