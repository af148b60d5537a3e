//! Thin entry point: parse arguments, run, print any error with its whole cause chain, exit with a documented code.

use clap::Parser;

fn main() {
    let cli = match milepost::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { milepost::cli::EXIT_USAGE } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match milepost::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            // our own messages may span lines (a `help:` line); every other control character is escaped
            let show = |e: &dyn std::fmt::Display| {
                e.to_string().split('\n').map(milepost::diagnostics::printable).collect::<Vec<_>>().join("\n")
            };
            eprintln!("error: {}", show(&err));
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {}", show(&cause));
            }
            let usage = err.is::<milepost::cli::UsageError>() || err.is::<milepost::write::OutputError>();
            std::process::exit(if usage { milepost::cli::EXIT_USAGE } else { milepost::cli::EXIT_INPUT });
        }
    }
}
