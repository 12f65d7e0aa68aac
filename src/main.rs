//! The `brief` binary: parse the command line, run the library, print diagnostics and choose
//! the exit code (0 success, 1 content or build errors, 2 usage errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use annotate_snippets::Renderer;
use brief::{BuildFailed, Diagnostic};
use brief::{ServeEvent, ServeOptions};
use clap::{CommandFactory, Parser};

use cli::{CheckArgs, Cli, Command, Format, NewArgs, ServeArgs};

// A build touches ~100 MB of fresh memory from several threads (events, HTML, SVG), and on
// a VM each page fault is dear: mimalloc reuses freed memory across threads and maps it in
// huge pages, so a build spends far less time in the kernel (BENCHMARKS.md); huge pages only
// once a large brief is loaded (`hold_back_huge_pages`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `1 table`, `3 tables`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn main() -> ExitCode {
    // First thing, so that a small brief's pages stay small pages (the runtime's first few,
    // taken before `main`, are huge already).
    brief::hold_back_huge_pages();
    let cli = Cli::parse();
    let renderer = renderer();
    match cli.command {
        Command::Build(args) => {
            let Some(pdf_timeout) = std::time::Duration::try_from_secs_f64(args.pdf_timeout)
                .ok()
                .filter(|t| !t.is_zero())
            else {
                eprintln!("error: --pdf-timeout must be a positive number of seconds");
                return ExitCode::from(2);
            };
            let options = brief::BuildOptions {
                root: args.root.root,
                out: args.out,
                pdf: match (args.pdf, args.no_pdf) {
                    (_, true) => Some(false),
                    (true, false) => Some(true),
                    (false, false) => None,
                },
                standalone: args.standalone.then_some(true),
                paper: args.paper.map(Into::into),
                chrome: args.chrome,
                pdf_timeout: Some(pdf_timeout),
            };
            // A failed build leaves the output folder as it was: say so only when there was one.
            let consequence = if options.out_dir().exists() {
                "the previous output was left unchanged"
            } else {
                "nothing was written"
            };
            match brief::build(&options) {
                Ok(summary) => {
                    print_all(&renderer, &summary.warnings, cli.quiet);
                    if !cli.quiet {
                        println!(
                            "Built {}, {}, {} ({}) in {} ms → {}",
                            count(summary.sections, "section"),
                            count(summary.charts, "chart"),
                            count(summary.tables, "table"),
                            count(summary.files, "file"),
                            summary.millis,
                            summary.out_dir.display()
                        );
                        if !summary.translations.is_empty() {
                            println!("  translations: {}", summary.translations.join(", "));
                        }
                        if let Some(file) = &summary.standalone {
                            println!("  standalone HTML: {file}");
                        }
                        if let Some((file, millis)) = &summary.pdf {
                            println!("  PDF: {file} (printed in {millis} ms)");
                        }
                    }
                    if cli.verbose
                        || std::env::var_os("BRIEF_TIMINGS").is_some_and(|v| !v.is_empty())
                    {
                        print_stages(&summary.stages);
                    }
                    if summary.errors.is_empty() {
                        return ExitCode::SUCCESS;
                    }
                    print_all(&renderer, &summary.errors, false);
                    eprintln!(
                        "error: the website was written to {}, but not the PDF",
                        summary.out_dir.display()
                    );
                    ExitCode::FAILURE
                }
                Err(failed) => fail(&renderer, failed, consequence),
            }
        }
        Command::Check(args) => check(&renderer, &args, cli.quiet),
        Command::Serve(args) => serve(renderer, args, cli.quiet, cli.verbose),
        Command::New(args) => new(&renderer, &args, cli.quiet, cli.verbose),
        Command::Completions(args) => {
            clap_complete::generate(
                args.shell,
                &mut Cli::command(),
                "brief",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

fn check(renderer: &Renderer, args: &CheckArgs, quiet: bool) -> ExitCode {
    let result = brief::check(&args.root.root);
    if args.format == Format::Json {
        let findings = match &result {
            Ok(warnings) => warnings,
            Err(failed) => &failed.0,
        };
        match serde_json::to_string_pretty(findings) {
            Ok(json) => println!("{json}"),
            Err(err) => {
                eprintln!("error: cannot write the findings as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
        return if result.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match result {
        Ok(warnings) => {
            print_all(renderer, &warnings, quiet);
            if !quiet {
                println!(
                    "No errors ({} warning{}).",
                    warnings.len(),
                    plural(warnings.len())
                );
            }
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print_all(renderer, &failed.0, false);
            let errors = failed.0.iter().filter(|d| d.is_error()).count();
            let warnings = failed.0.len() - errors;
            let (e, w) = (plural(errors), plural(warnings));
            eprintln!("error: the check found {errors} error{e} and {warnings} warning{w}");
            ExitCode::FAILURE
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn serve(renderer: Renderer, args: ServeArgs, quiet: bool, verbose: bool) -> ExitCode {
    let root = args.root.root.clone();
    let error_renderer = renderer.clone();
    let report = move |event: ServeEvent<'_>| match event {
        ServeEvent::Listening { url } => {
            if !quiet {
                println!("Serving {} at {url} (Ctrl-C to stop)", root.display());
            }
        }
        ServeEvent::Built {
            millis,
            changed,
            warnings,
        } => {
            let first = changed.is_empty();
            // The first build's warnings in full; after that a count, unless --verbose.
            if first || verbose {
                print_all(&renderer, warnings, quiet);
            }
            if quiet {
                return;
            }
            let warned = match warnings.len() {
                0 => String::new(),
                n if first || verbose => format!(", {n} warning{}", plural(n)),
                n => format!(", {n} warning{} (--verbose shows them)", plural(n)),
            };
            if first {
                println!("Built in {millis:.1} ms{warned}");
            } else {
                println!(
                    "Rebuilt in {millis:.1} ms{warned}: {}",
                    changes(changed, verbose)
                );
            }
        }
        ServeEvent::Failed {
            millis,
            changed,
            diagnostics,
        } => {
            print_all(&renderer, diagnostics, false);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let what = if changed.is_empty() {
                "the build".to_string()
            } else {
                format!("the rebuild after {}", changes(changed, verbose))
            };
            eprintln!(
                "error: {what} failed with {errors} error{} in {millis:.1} ms; the browser shows them until the next good build",
                plural(errors)
            );
        }
        ServeEvent::Notice(message) => eprintln!("warning: {message}"),
        ServeEvent::Stopping => {
            if !quiet {
                println!("Stopping.");
            }
        }
    };
    let options = ServeOptions {
        root: args.root.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        allowed_hosts: args.allowed_hosts,
        report: Box::new(report),
    };
    if !options.bind.is_loopback() && !quiet {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the draft",
            options.bind
        );
    }
    if let Err(failed) = brief::check_brief_folder(&options.root) {
        print_all(&error_renderer, &failed.0, false);
        eprintln!("error: nothing to serve");
        return ExitCode::FAILURE;
    }
    match brief::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            eprintln!("{}", d.render(&error_renderer));
            ExitCode::FAILURE
        }
    }
}

/// The changed files, for a rebuild line: all of them with --verbose, else the first few.
fn changes(changed: &[std::path::PathBuf], verbose: bool) -> String {
    let shown = if verbose { changed.len() } else { 3 };
    let mut names: Vec<String> = changed
        .iter()
        .take(shown)
        .map(|p| p.display().to_string())
        .collect();
    if changed.len() > shown {
        names.push(format!("and {} more", changed.len() - shown));
    }
    names.join(", ")
}

fn new(renderer: &Renderer, args: &NewArgs, quiet: bool, verbose: bool) -> ExitCode {
    match brief::new_brief_in(&args.dir, &args.language) {
        Ok(files) => {
            if verbose {
                for file in &files {
                    println!("  {}", args.dir.join(file).display());
                }
            }
            if !quiet {
                let dir = args.dir.display();
                println!(
                    "Created a new brief in {dir} ({} files). Next:",
                    files.len()
                );
                println!("  cd {dir}");
                println!("  brief serve        preview it at http://127.0.0.1:1111 while you edit");
                println!("  brief build        publish it into {dir}/public");
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}\n", d.render(renderer));
            eprintln!("error: no brief was created");
            ExitCode::FAILURE
        }
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
