//! Typed errors of the library. Every error that concerns a file names it (and the line where
//! there is one) and says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A problem in a file at a position: front matter, config, override.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    /// A problem with a whole file (no position).
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },

    #[error("template {name}: {message}")]
    Template { name: String, message: String },

    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The file the problem is in, when it is in one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. } | Error::Syntax { path, .. } | Error::File { path, .. } => {
                Some(path)
            }
            Error::Template { .. } | Error::Other(_) => None,
        }
    }
}

/// All the problems a build found, not just the first.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.iter().map(|e| format!("error: {e}")).collect::<Vec<_>>().join("\n"))]
pub struct Errors(pub Vec<Error>);

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
