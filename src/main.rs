use std::io::{self, IsTerminal};
use std::process::ExitCode;

use clap::Parser;

use medsets::catalog::Layers;
use medsets::cli::args::Cli;
use medsets::cli::args::ColorChoice;
use medsets::cli::{self, Context, Paint};
use medsets::lang::Lang;
use medsets::tui;
use medsets::tui::theme::Theme;

fn main() -> ExitCode {
    let args = Cli::parse();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb_term = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let ctx = Context {
        lang: args.lang.unwrap_or_else(Lang::from_locale),
        paint: Paint::decide(args.color, io::stdout().is_terminal(), no_color, dumb_term),
    };
    let layers = args.layers();
    let Some(command) = args.command else {
        return browse(&args, &layers, &ctx, no_color || dumb_term);
    };
    let stdout = io::stdout();
    // stderr is not locked for the whole run: `check` draws its progress bar
    // on it from another thread (a held lock would deadlock the bar).
    let result = cli::run(
        command,
        &layers,
        &ctx,
        &mut stdout.lock(),
        &mut io::stderr(),
    );
    match result {
        Ok(code) => code,
        // The reader went away (`medsets list | head -1`): nothing left to say.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(cli::EXIT_OK),
        Err(err) => {
            eprintln!("medsets: {err}");
            ExitCode::from(cli::EXIT_BAD_INPUT)
        }
    }
}

/// No subcommand: the interactive browser.
fn browse(args: &Cli, layers: &Layers, ctx: &Context, colour_unwanted: bool) -> ExitCode {
    if layers.is_empty() {
        eprintln!("medsets: --no-embedded leaves no catalog: add one with --catalog FILE");
        return ExitCode::from(cli::EXIT_BAD_INPUT);
    }
    let colour = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !colour_unwanted,
    };
    let options = tui::Options {
        lang: ctx.lang,
        theme: if colour { Theme::COLOR } else { Theme::MONO },
    };
    // Catalog files are read behind the loading screen; the embedded
    // catalog alone reads faster than that screen would draw. Without a
    // terminal the browser will not start, so a broken catalog is reported
    // first, as it always was.
    let start = if layers.files.is_empty() || !tui::has_terminal() {
        match layers.load() {
            Ok(catalog) => tui::Start::Ready(catalog),
            Err(problems) => return refused(&problems),
        }
    } else {
        let reading = layers.clone();
        tui::Start::Read {
            layers: tui::loading::notes(layers),
            read: Box::new(move || reading.load_deferring()),
        }
    };
    match tui::run(start, options) {
        Ok(tui::Ended::Quit) => ExitCode::from(cli::EXIT_OK),
        Ok(tui::Ended::Refused(problems)) => refused(&problems),
        Err(err) => {
            tui::restore();
            eprintln!("medsets: {err}");
            ExitCode::from(cli::EXIT_BAD_INPUT)
        }
    }
}

/// A catalog that failed its checks: every problem, then how to see them again.
fn refused(problems: &medsets::catalog::LoadError) -> ExitCode {
    eprintln!("{}", medsets::sanitize::block(&problems.to_string()));
    eprintln!("medsets: cannot use this catalog (see `medsets validate FILE`)");
    ExitCode::from(cli::EXIT_BAD_INPUT)
}
