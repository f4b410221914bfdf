//! The `briefing` command line: a thin layer over the library.

use anyhow::Result;
use briefing::build::BuildOptions;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a build allocates many small strings from
/// several threads at once (templates, JSON values), and with glibc's malloc a third of a
/// 10,000-article build's CPU time went to malloc and free (perf, issue 8).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, by its place in the option enum of the mimalloc
/// (v3) that libmimalloc-sys 0.1.49 builds; the crate names only some options.
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before giving it back to the system, in
/// milliseconds. Its default (a second) outlasts most stages of a build, so memory freed by
/// one stage was still held when the next one peaked: 50 ms took a 10,000-article build
/// from about 208 MB to about 170 MB at no measurable cost in time; 0 saves a little more
/// but costs about a second of system time (issue 8). `MIMALLOC_PURGE_DELAY` still wins.
#[cfg(feature = "mimalloc")]
const PURGE_DELAY_MS: std::ffi::c_long = 50;

/// `briefing serve` never gives freed memory back (-1): its rebuilds follow one another, and
/// each needs about what the last one freed. Given back, those pages were faulted in again
/// on the next edit, about 30 of the 230 ms from saving an article to its page shown at
/// 10,000 articles. The cost is that an idle server stays at its peak (about 260 to 300 MB
/// there, against a 235 MB peak with purging).
#[cfg(feature = "mimalloc")]
const SERVE_PURGE_DELAY_MS: std::ffi::c_long = -1;

#[cfg(feature = "mimalloc")]
fn tune_allocator(command: &Command) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        let delay = match command {
            Command::Serve { .. } => SERVE_PURGE_DELAY_MS,
            _ => PURGE_DELAY_MS,
        };
        // SAFETY: sets a plain integer option; mimalloc reads options atomically.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    }
}

#[cfg(not(feature = "mimalloc"))]
fn tune_allocator(_: &Command) {}

#[derive(Parser)]
#[command(
    name = "briefing",
    version,
    about = "Turn news articles about security incidents into a static briefing site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site (default: the current folder into public/)
    Build {
        /// Site folder holding config.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at (overrides config.toml)
        #[arg(long)]
        base_url: Option<String>,
        /// Print the wall time of each stage (load, extract, …) to stderr
        #[arg(long)]
        timings: bool,
    },
    /// Serve the site on 127.0.0.1, rebuild on change and reload open pages
    Serve {
        /// Site folder holding config.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the site to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// URL path to serve the site under, e.g. /briefing/ as on GitHub Pages
        #[arg(long, default_value = "/")]
        prefix: String,
    },
    /// Create a new site in DIR (missing, or empty but for hidden files) that builds at once
    Init {
        /// Folder to create the site in
        dir: PathBuf,
    },
    /// Validate config, content, overrides and every internal link; list what extraction could not resolve
    Check {
        /// Site folder holding config.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the incidents found in articles, without building a site
    Extract {
        /// Article files (.md or .txt)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Site folder whose config.toml (default country, extra places) applies
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, then print the briefing (print.html) to PDF with headless Chromium
    Pdf {
        /// Site folder holding config.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// PDF file to write (default: <root>/briefing.pdf)
        #[arg(long)]
        output: Option<PathBuf>,
        /// First day of the period to print, YYYY-MM-DD (overrides print_from)
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period to print, YYYY-MM-DD (overrides print_to)
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Seconds the browser may take before it is stopped
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tune_allocator(&cli.command);
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            timings,
        } => run_build(root, output, base_url, timings),
        Command::Serve {
            root,
            port,
            bind,
            prefix,
        } => briefing::serve::run(&briefing::serve::ServeOptions {
            root,
            bind,
            port,
            prefix,
        })
        .map_err(anyhow::Error::from),
        Command::Init { dir } => run_init(&dir),
        Command::Check { root } => run_check(&root),
        Command::Extract { files, json, root } => {
            briefing::cli::extract_command(&files, json, &root).map_err(anyhow::Error::from)
        }
        Command::Pdf {
            root,
            output,
            from,
            to,
            timeout,
        } => run_pdf(briefing::pdf::PdfOptions {
            root,
            output,
            from,
            to,
            timeout: std::time::Duration::from_secs(timeout.max(1)),
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    timings: bool,
) -> Result<()> {
    // A progress bar on stderr for builds longer than a second, on a terminal only.
    let progress =
        briefing::cli::progress::BuildProgress::start(briefing::cli::progress::delay_from_env());
    let result = briefing::build::build_observed(
        &BuildOptions {
            root,
            output,
            base_url,
        },
        &|_| Ok(()),
        &|p| progress.observe(p),
    );
    progress.finish();
    let summary = result.map_err(|e| {
        anyhow::anyhow!("{e}\nbuild failed: the previous output was left as it was")
    })?;
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    println!("{summary}");
    if timings {
        for lap in &summary.timings {
            let memory = lap.memory.map_or(String::new(), |(rss, peak)| {
                format!(
                    "   {:>5} MB resident, {:>5} MB peak",
                    rss / 1024,
                    peak / 1024
                )
            });
            eprintln!(
                "{:>12} {:>8.1} ms{memory}",
                lap.stage,
                lap.took.as_secs_f64() * 1000.0
            );
        }
    }
    Ok(())
}

fn run_init(dir: &std::path::Path) -> Result<()> {
    let files = briefing::cli::init::init_site(dir)?;
    println!("Created a new briefing in {}:", dir.display());
    for f in files {
        println!("  {}", f.display());
    }
    println!(
        "Next: cd {} && briefing build (or briefing serve), then replace the example article.",
        dir.display()
    );
    Ok(())
}

/// `briefing check`: the report on stdout; broken links on stderr and a failing exit code.
fn run_check(root: &std::path::Path) -> Result<()> {
    let outcome = briefing::cli::check(root)
        .map_err(|e| anyhow::anyhow!("{e}\ncheck failed: fix the errors above"))?;
    print!("{}", outcome.report);
    if outcome.errors.is_empty() {
        return Ok(());
    }
    for e in &outcome.errors {
        eprintln!("error: {e}");
    }
    anyhow::bail!(
        "check failed: {} error{}",
        outcome.errors.len(),
        if outcome.errors.len() == 1 { "" } else { "s" }
    )
}

fn run_pdf(opts: briefing::pdf::PdfOptions) -> Result<()> {
    let summary = briefing::pdf::pdf(&opts)
        .map_err(|e| anyhow::anyhow!("{e}\npdf failed: no PDF was written"))?;
    println!("{summary}");
    Ok(())
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    use super::*;

    /// The option number is mimalloc's purge delay: its default is v3's one second (and no
    /// neighbouring option defaults to 1000). Fails if a new libmimalloc-sys renumbers it.
    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads a plain integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
        let build = Cli::parse_from(["briefing", "build"]).command;
        tune_allocator(&build);
        let tuned = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(tuned, PURGE_DELAY_MS);
        let serve = Cli::parse_from(["briefing", "serve"]).command;
        tune_allocator(&serve);
        let tuned = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(tuned, SERVE_PURGE_DELAY_MS);
    }
}
