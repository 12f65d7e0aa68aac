//! The command line: commands and their options (clap derive).

use std::path::PathBuf;

use brief::model::Paper;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Publish policy briefs: Markdown sections and YAML data into an accessible HTML report with SVG charts",
    after_help = "Examples:\n  brief build                 build ./content into ./public\n  brief build --root my-brief --out /tmp/site\n  brief build --pdf --standalone   also the PDF and a single-file HTML to share\n  brief check                 validate content, data, charts and links without writing"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the brief into the output folder (default: public/).
    #[command(
        after_help = "Examples:\n  brief build\n  brief build --root my-brief --out dist\n  brief build --pdf --paper letter\n  brief build --pdf --chrome /opt/google/chrome/chrome\n  brief build --standalone"
    )]
    Build(BuildArgs),
    /// Check content, data, charts, tables and links without writing anything.
    #[command(after_help = "Examples:\n  brief check\n  brief check --root my-brief")]
    Check(RootArgs),
}

#[derive(Debug, Args)]
pub struct RootArgs {
    /// The brief's folder (the one holding content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// Where to write the site (default: <root>/public). Its previous content is replaced.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also print <slug>.pdf with headless Chromium (brief.yaml: `pdf: true`).
    #[arg(long, overrides_with = "no_pdf")]
    pub pdf: bool,
    /// Do not print the PDF, even when brief.yaml says `pdf: true`.
    #[arg(long)]
    pub no_pdf: bool,
    /// Also write <slug>.html: one self-contained file to share (brief.yaml: `standalone: true`).
    #[arg(long)]
    pub standalone: bool,
    /// Paper size of the PDF and the print stylesheet (brief.yaml: `paper:`; default a4).
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// The Chromium-family browser that prints the PDF (default: $BRIEF_CHROME, else chromium,
    /// chromium-browser, google-chrome, chrome or msedge on PATH).
    #[arg(long, value_name = "PATH")]
    pub chrome: Option<PathBuf>,
    /// How long printing the PDF may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub pdf_timeout: f64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Paper {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}
