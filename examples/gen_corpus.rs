//! Write a deterministic synthetic corpus for the benchmark (see `bench/README.md`):
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles 10000 --seed 1 --out DIR
//! ```
//!
//! `DIR` receives `config.toml`, `content/articles/*.md` and `truth.tsv`.

use briefing::corpus_gen::{GenOptions, generate};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_corpus --articles N [--seed S] --out DIR";

fn parse() -> Result<(GenOptions, PathBuf), String> {
    let mut articles = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--articles" => {
                let v = value("--articles")?;
                articles = Some(
                    v.parse::<usize>()
                        .map_err(|e| format!("--articles {v}: {e}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    match (articles, out) {
        (Some(articles), Some(out)) => Ok((GenOptions { articles, seed }, out)),
        _ => Err(USAGE.to_string()),
    }
}

fn main() -> ExitCode {
    let (opts, out) = match parse() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match generate(&out, &opts) {
        Ok(s) => {
            eprintln!(
                "{} articles ({} incidents, {:.1} MB) in {} in {:.2} s",
                s.articles,
                s.incidents,
                s.bytes as f64 / 1e6,
                out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
