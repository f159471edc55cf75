//! Prints a synthetic catalog of N datasets: `cargo run --release --example synth -- N [SEED]`.
//!
//! The generator lives in `synth` so the test suite can check it;
//! this is only the command-line wrapper.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parse = |text: &str| text.replace('_', "").parse::<u64>().ok();
    let (n, seed) = match args.as_slice() {
        [n] => (parse(n), Some(synth::DEFAULT_SEED)),
        [n, seed] => (parse(n), parse(seed)),
        _ => (None, None),
    };
    let (Some(n), Some(seed)) = (n, seed) else {
        eprintln!("usage: synth N [SEED]   (prints a catalog of N synthetic datasets as JSON)");
        return ExitCode::from(2);
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = synth::write_json(n as usize, seed, &mut out).and_then(|()| out.flush());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `synth 100000 | head` is fine.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("synth: {err}");
            ExitCode::FAILURE
        }
    }
}
