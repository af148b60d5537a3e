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
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            std::process::exit(milepost::cli::EXIT_INPUT);
        }
    }
}
