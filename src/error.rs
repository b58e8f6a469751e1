//! Errors the engine reports. Each is handled once: the CLI prints it, the GUI shows it.

use std::fmt;

/// A problem found in a deal, located by the path of the field (`tranches[1].coupon`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.path, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        path: String,
        line: usize,
        col: usize,
        message: String,
        /// The RON parser's error, from which the message is worded in the reader's language
        /// (`export::messages::load_error`); none for text that is not UTF-8.
        code: Option<Box<ron::error::Error>>,
    },
    /// A tape error at a row (the header is row 1) and, when there is one, a column.
    #[error("{path}: row {row}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    Tape {
        path: String,
        row: u64,
        column: Option<String>,
        message: String,
    },
    /// A file refused before or while it is read: not a regular file, or over a limit.
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Issue>),
}
