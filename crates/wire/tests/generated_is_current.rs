//! The checked-in generated code is what the generator produces from the vendored models.

#[test]
fn generated_code_is_current() {
    let root = ddb_wire_gen::wire_crate_dir();
    let models = ddb_wire_gen::Models::load(&root.join("model")).expect("models load");
    let files = ddb_wire_gen::generate(&models).expect("generator runs");
    assert!(!files.is_empty());
    for (path, text) in files {
        let on_disk = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
        assert!(
            on_disk == text,
            "{} is not what the generator produces: run `cargo run -p ddb-wire-gen`",
            path.display()
        );
    }
}
