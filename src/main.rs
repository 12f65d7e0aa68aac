//! The `brief` binary: parse the command line, run the library, print diagnostics and choose
//! the exit code (0 success, 1 content or build errors, 2 usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use annotate_snippets::Renderer;
use brief::diagnostics::{BuildFailed, Diagnostic};
use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let renderer = renderer();
    match cli.command {
        Command::Build(args) => {
            let options = brief::BuildOptions {
                root: args.root.root,
                out: args.out,
            };
            match brief::build(&options) {
                Ok(summary) => {
                    print_all(&renderer, &summary.warnings, cli.quiet);
                    if !cli.quiet {
                        println!(
                            "Built {} sections, {} charts, {} tables ({} files) in {} ms → {}",
                            summary.sections,
                            summary.charts,
                            summary.tables,
                            summary.files,
                            summary.millis,
                            summary.out_dir.display()
                        );
                    }
                    if std::env::var_os("BRIEF_TIMINGS").is_some_and(|v| !v.is_empty()) {
                        print_stages(&summary.stages);
                    }
                    ExitCode::SUCCESS
                }
                Err(failed) => fail(&renderer, failed, "the previous output was left unchanged"),
            }
        }
        Command::Check(args) => match brief::check(&args.root) {
            Ok(warnings) => {
                print_all(&renderer, &warnings, cli.quiet);
                if !cli.quiet {
                    println!("No errors ({} warnings).", warnings.len());
                }
                ExitCode::SUCCESS
            }
            Err(failed) => fail(&renderer, failed, "nothing was written"),
        },
    }
}

/// The stage report, on stderr so it never mixes with a build's output: one line per stage.
fn print_stages(stages: &[(&str, std::time::Duration)]) {
    for (name, time) in stages {
        eprintln!("{:>9.2} ms  {name}", time.as_secs_f64() * 1000.0);
    }
}

/// Colour only on a terminal, and never with NO_COLOR set.
fn renderer() -> Renderer {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

fn print_all(renderer: &Renderer, diagnostics: &[Diagnostic], quiet: bool) {
    for d in diagnostics {
        if quiet && !d.is_error() {
            continue;
        }
        eprintln!("{}\n", d.render(renderer));
    }
}

fn fail(renderer: &Renderer, failed: BuildFailed, consequence: &str) -> ExitCode {
    print_all(renderer, &failed.0, false);
    eprintln!("error: {failed}; {consequence}");
    ExitCode::FAILURE
}
