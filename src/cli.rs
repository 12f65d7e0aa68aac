//! The command line: commands and their options (clap derive).

use std::path::PathBuf;

use std::net::IpAddr;

use brief::{Paper, ServeOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Publish policy briefs: Markdown sections and YAML data into an accessible HTML report with SVG charts",
    after_help = "Examples:\n  brief new my-brief          start a brief from a working example\n  brief serve                 preview at http://127.0.0.1:1111, reloading on every save\n  brief build                 build ./content into ./public\n  brief build --root my-brief --out /tmp/site\n  brief build --pdf --standalone   also the PDF and a single-file HTML to share\n  brief check                 validate content, data, charts and links without writing\n  brief check --format json   the same findings as JSON, for CI"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more: every changed file, every warning in full, the time of each build stage.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the brief into the output folder (default: public/).
    #[command(
        after_help = "Examples:\n  brief build\n  brief build --root my-brief --out dist\n  brief build --pdf --paper letter\n  brief build --pdf --chrome /opt/google/chrome/chrome\n  brief build --standalone"
    )]
    Build(BuildArgs),
    /// Check content, data, charts, tables and links without writing anything.
    #[command(
        after_help = "Besides everything `build` checks, `check` warns about datasets no chart or table uses, images\nwithout alt text, skipped heading levels, empty sections and links in static/ to files outside\nthe brief, and reports links to files the site does not have. Exit code: 0 when there are no errors (warnings allowed), 1 otherwise.\n\nExamples:\n  brief check\n  brief check --root my-brief\n  brief check --format json > findings.json"
    )]
    Check(CheckArgs),
    /// Preview the brief: serve it from memory, rebuild on every save, reload the browser.
    #[command(
        after_help = "Watches content/ (data included), templates/ and static/. When a rebuild fails, the last good\nbuild stays on screen under an overlay listing the errors, until the next good build.\n\nExamples:\n  brief serve\n  brief serve --port 8080 --open\n  brief serve --root my-brief --port 0        pick a free port (the URL printed says which)\n  brief serve --bind 0.0.0.0 --allowed-host my-laptop.local   preview from another machine"
    )]
    Serve(ServeArgs),
    /// Create a new brief in DIR from a working example (content, data, the default theme).
    #[command(
        after_help = "DIR must not exist or be empty. The example builds and passes `brief check` as it is.\n\nExamples:\n  brief new my-brief\n  brief new --language hi my-brief   a brief in Hindi (labels, numbers, dates)\n  cd my-brief && brief serve"
    )]
    New(NewArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  brief completions bash > ~/.local/share/bash-completion/completions/brief\n  brief completions zsh > ~/.zfunc/_brief\n  brief completions fish > ~/.config/fish/completions/brief.fish"
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// How to print the findings: for people, or a JSON array for CI.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub root: RootArgs,
    /// The port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but the loopback address shows your draft to the
    /// network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Also answer requests for this host name (repeatable; `.example.org` allows a domain and
    /// its subdomains). Loopback names and the --bind address are always allowed; any other
    /// `Host` is refused, so that a web page cannot read the draft through DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME", value_parser = ServeOptions::parse_allowed_host)]
    pub allowed_hosts: Vec<String>,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The folder to create (or an empty one to fill).
    pub dir: PathBuf,
    /// The brief's language (a BCP 47 tag: `en`, `fr`, `hi`…): its labels, numbers and dates.
    #[arg(long, default_value = "en")]
    pub language: String,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct RootArgs {
    /// The brief's folder (the one holding content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
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
