use clap::Parser;
use tranche_studio::cli::{Cli, execute};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(cmd) => execute(cmd, cli.lang),
        None => open_app(cli.deal),
    };
    std::process::exit(code);
}

#[cfg(feature = "gui")]
fn open_app(deal: Option<std::path::PathBuf>) -> i32 {
    tranche_studio::app::run(deal)
}

#[cfg(not(feature = "gui"))]
fn open_app(_deal: Option<std::path::PathBuf>) -> i32 {
    eprintln!(
        "this build has no desktop app (built without the `gui` feature); use a subcommand, see --help"
    );
    2
}
