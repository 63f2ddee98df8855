//! Generated files must match what the spec generates now.

use std::path::PathBuf;

/// The repository's root, where the spec and the generated files live.
fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Like rust-analyzer's `ensure_file_contents`: a stale file is rewritten and the test fails,
/// so a re-run of `cargo test` (or `cargo run --bin generate`) and a commit fixes it.
#[test]
fn generated_files_are_up_to_date_with_the_spec() {
    let root = root();
    let spec = std::fs::read_to_string(root.join("plugin.spec.yaml")).unwrap();
    let mut stale = Vec::new();
    for (relative, expected) in codegen::artifacts(&spec).unwrap() {
        let path = root.join(&relative);
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        if actual.replace("\r\n", "\n") != expected {
            if std::env::var_os("CI").is_none() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &expected).unwrap();
            }
            stale.push(relative);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} were not up-to-date with plugin.spec.yaml; they have been regenerated (outside CI): re-run `cargo test` and commit"
    );
}

#[test]
fn schemas_dir_holds_only_generated_files() {
    let root = root();
    let spec = std::fs::read_to_string(root.join("plugin.spec.yaml")).unwrap();
    let expected: Vec<String> = codegen::artifacts(&spec)
        .unwrap()
        .into_iter()
        .filter_map(|(path, _)| path.strip_prefix("schemas/").map(str::to_string))
        .collect();
    let mut present: Vec<String> = std::fs::read_dir(root.join("schemas"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(
        present, expected_sorted,
        "schemas/ has files the spec does not generate"
    );
}
