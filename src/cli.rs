//! The command line: commands and their options (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Publish policy briefs: Markdown sections and YAML data into an accessible HTML report with SVG charts",
    after_help = "Examples:\n  brief build                 build ./content into ./public\n  brief build --root my-brief --out /tmp/site\n  brief check                 validate content, data, charts and links without writing"
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
    #[command(after_help = "Examples:\n  brief build\n  brief build --root my-brief --out dist")]
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
}
