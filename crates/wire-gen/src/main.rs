//! `cargo run -p ddb-wire-gen`: regenerates `crates/wire/src/generated/` from the service
//! models in `crates/wire/model/`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = ddb_wire_gen::wire_crate_dir();
    let models = match ddb_wire_gen::Models::load(&root.join("model")) {
        Ok(models) => models,
        Err(e) => {
            eprintln!("ddb-wire-gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = match ddb_wire_gen::generate(&models) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("ddb-wire-gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (path, text) in files {
        let path = root.join(path);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("ddb-wire-gen: writing {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
