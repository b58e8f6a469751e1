use super::{ron_layout, write_atomic};
use crate::error::LoadError;
use crate::model::{Asset, Deal, FORMAT_VERSION};
use std::path::Path;

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Only the version, read before the rest so that a newer file (whose new fields this build
/// would call unknown) is refused for its version.
#[derive(serde::Deserialize)]
#[serde(rename = "Deal")]
struct Version {
    format_version: Option<u32>,
}

/// Parse a deal from RON text; `origin` names the source in error messages.
/// Syntax and shape errors carry the line and column; a leading byte-order mark is dropped.
/// Version 1 is the only format shipped so far, so there is nothing to migrate yet; a newer
/// version is refused.
pub fn parse_deal(text: &str, origin: &str) -> Result<Deal, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(Version {
        format_version: Some(v),
    }) = options().from_str::<Version>(text)
        && v != FORMAT_VERSION
    {
        let message = if v > FORMAT_VERSION {
            format!(
                "{v} is newer than this build reads ({FORMAT_VERSION}): open the deal with a newer tranche-studio"
            )
        } else {
            format!("{v} was never written by tranche-studio (versions 1 to {FORMAT_VERSION})")
        };
        return Err(LoadError::Invalid(vec![crate::error::Issue {
            path: "format_version".into(),
            severity: crate::error::Severity::Error,
            message,
        }]));
    }
    options().from_str(text).map_err(|e| LoadError::Syntax {
        path: origin.to_string(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
        code: Some(Box::new(e.code)),
    })
}

/// A deal file as loaded: the deal and the rows of the tape it names (empty when it names
/// none). The rows are not part of the deal's serde model; `engine::Session` holds both.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDeal {
    pub deal: Deal,
    pub tape: Vec<Asset>,
}

/// Load a deal file and the asset tape it names (relative to the deal file).
pub fn load_deal(path: &Path) -> Result<LoadedDeal, LoadError> {
    let origin = path.display().to_string();
    let text = super::input::read_deal_text(path)?;
    let deal = parse_deal(&text, &origin)?;
    let tape = match &deal.pool.tape {
        Some(tape) => super::read_tape(&path.parent().unwrap_or(Path::new(".")).join(tape))?,
        None => Vec::new(),
    };
    Ok(LoadedDeal { deal, tape })
}

/// The deal as RON the way serde writes it (pretty, one field a line).
fn serde_ron(deal: &Deal) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .enumerate_arrays(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    // Serialising plain data to a String cannot fail; keep the error visible if it ever does.
    ron::ser::to_string_pretty(deal, config).unwrap_or_else(|e| format!("// cannot serialise: {e}"))
}

/// The deal as RON text (the tape's rows stay in the tape): one field a line, and each
/// record that fits in 100 columns on a line of its own, so that lists of assets, scenarios
/// and steps read as tables and a changed record is a one-line diff.
pub fn to_ron(deal: &Deal) -> String {
    let text = serde_ron(deal);
    match ron_layout::parse(&text) {
        Some(node) => format!(
            "{}{}",
            &text[..node.span.start],
            ron_layout::render(&text, &node, "")
        ),
        None => text,
    }
}

/// `deal` written over `file` (the text of the deal file being replaced): the file's
/// comments and layout stay wherever the deal did not change. `None` when `file` is not a
/// deal this build reads, or the edit did not give back exactly `deal`.
pub fn edit_ron(file: &str, deal: &Deal) -> Option<String> {
    let base = serde_ron(&parse_deal(file, "").ok()?);
    let new = serde_ron(deal);
    let texts = ron_layout::Texts {
        file,
        base: &base,
        new: &new,
    };
    let [f, b, n] = [file, &base, &new].map(ron_layout::parse);
    let edited = ron_layout::merge(&texts, &f?, &b?, &n?)?;
    (parse_deal(&edited, "").ok()? == *deal).then_some(edited)
}

/// The comment lines that open a file (its header), kept when a deal is written anew.
fn header(file: &str) -> String {
    file.lines()
        .take_while(|l| l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Save atomically, so a crash never leaves a half-written deal. Over an existing deal file
/// the text is edited (`edit_ron`): comments and layout stay and a one-field change is a
/// one-line diff; otherwise the deal is written anew under the old file's header comments.
pub fn save_deal(path: &Path, deal: &Deal) -> Result<(), LoadError> {
    let old = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file() && m.len() <= super::MAX_DEAL_BYTES)
        .and_then(|_| std::fs::read_to_string(path).ok());
    let text = match old {
        Some(old) => {
            edit_ron(&old, deal).unwrap_or_else(|| format!("{}{}\n", header(&old), to_ron(deal)))
        }
        None => format!("{}\n", to_ron(deal)),
    };
    write_atomic(path, text.as_bytes()).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })
}
