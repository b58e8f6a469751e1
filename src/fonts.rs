//! The CJK fonts the app and the print charts draw with: the bundled subset first, then the
//! system's CJK fonts for the characters the subset lacks. No egui here: the app hands these
//! bytes to egui, the PNG export to ab_glyph.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Noto Sans CJK SC cut down to the whole CJK basic block, Extension A, the compatibility
/// ideographs and the Extension B+ characters it has, plus punctuation and symbols
/// (`assets/fonts/subset.py`, licence `assets/fonts/OFL.txt`). Bundled because a fresh
/// machine may have no CJK font at all.
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-subset.otf");

/// Where the usual systems keep a CJK font, with the face of Simplified Chinese in a
/// collection. Consulted in this order, each only for characters nothing before it has.
const SYSTEM_CJK_FONTS: &[(&str, u32)] = &[
    // Debian/Ubuntu fonts-noto-cjk, Fedora, Arch.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    // Extension B and beyond (rare name characters).
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    ("C:\\Windows\\Fonts\\simsunb.ttf", 0),
];

/// A font file read from the system and the face to use in it.
#[derive(Clone)]
pub struct SystemFont {
    pub path: PathBuf,
    pub index: u32,
    pub bytes: Arc<Vec<u8>>,
}

/// The system's CJK fonts that exist and parse, read once per process.
pub fn system_cjk_fonts() -> &'static [SystemFont] {
    static FONTS: OnceLock<Vec<SystemFont>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let candidates: Vec<(PathBuf, u32)> = SYSTEM_CJK_FONTS
            .iter()
            .map(|(p, i)| (PathBuf::from(p), *i))
            .collect();
        read_fonts(&candidates)
    })
}

/// The candidates that can be read and parsed as a font face; the others are skipped (a
/// missing fallback font only means those characters stay boxes, as before).
pub fn read_fonts(candidates: &[(PathBuf, u32)]) -> Vec<SystemFont> {
    candidates
        .iter()
        .filter_map(|(path, index)| read_font(path, *index))
        .collect()
}

fn read_font(path: &Path, index: u32) -> Option<SystemFont> {
    let bytes = std::fs::read(path).ok()?;
    ab_glyph::FontRef::try_from_slice_and_index(&bytes, index).ok()?;
    Some(SystemFont {
        path: path.to_path_buf(),
        index,
        bytes: Arc::new(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::Font;

    #[test]
    fn the_bundled_font_covers_the_basic_block_and_rare_name_characters() {
        let font = ab_glyph::FontRef::try_from_slice(CJK_FONT).unwrap();
        // U+9FF0..U+9FFF (Unicode 14-15) are not in the source font; every other character
        // of the 20,992 in U+4E00..U+9FFF is. A GB2312-only subset lacks e.g. 璟 (U+749F).
        let missing: Vec<u32> = (0x4E00..=0x9FEFu32)
            .filter(|c| font.glyph_id(char::from_u32(*c).unwrap()).0 == 0)
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:x?}");
        // Company-name characters outside GB2312 level 1, Extension A and B ones.
        for c in "璟堃昇珺琮瑄喆赟淼㛃䶮𠮷".chars() {
            assert_ne!(font.glyph_id(c).0, 0, "{c}");
        }
    }

    #[test]
    fn unreadable_candidates_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("cjk.otf");
        std::fs::write(&good, CJK_FONT).unwrap();
        let junk = dir.path().join("junk.ttf");
        std::fs::write(&junk, b"not a font").unwrap();
        let found = read_fonts(&[
            (dir.path().join("absent.ttc"), 0),
            (junk, 0),
            (good.clone(), 0),
            // An out-of-range face of a single-face file.
            (good.clone(), 3),
        ]);
        let paths: Vec<_> = found.iter().map(|f| f.path.clone()).collect();
        assert_eq!(paths, vec![good]);
    }
}
