//! Rules about the source tree itself.

use crate::support::root;
use std::path::{Path, PathBuf};
use windows_defender_atp::spec::Spec;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The sources of every crate of the workspace: the plugin's and those under `crates/`.
fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        rust_files(&entry.unwrap().path().join("src"), &mut files);
    }
    files.sort();
    files
}

/// Names are written by hand only in the spec: code reaches them through `spec::generated`.
#[test]
fn no_spec_name_is_written_as_a_literal_outside_the_generated_code() {
    let spec = Spec::embedded();
    let names: Vec<String> = spec
        .actions
        .keys()
        .chain(spec.triggers.keys())
        .map(|name| format!("\"{name}\""))
        .collect();
    let mut found = Vec::new();
    for file in sources() {
        if file.ends_with("spec/generated.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for name in &names {
            if text.contains(name.as_str()) {
                found.push(format!("{} writes {name}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// Every source file opens with a module doc saying what it is for.
#[test]
fn every_source_file_opens_with_a_module_doc() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|file| !std::fs::read_to_string(file).unwrap().starts_with("//!"))
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` doc: {missing:#?}"
    );
}

/// Only the `yaml` module parses YAML, so a maintained fork of serde_yaml replaces it in one line.
#[test]
fn only_the_yaml_module_uses_serde_yaml() {
    let users: Vec<String> = sources()
        .into_iter()
        .filter(|file| !file.ends_with("src/yaml.rs"))
        .filter(|file| {
            std::fs::read_to_string(file)
                .unwrap()
                .contains("serde_yaml")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(users.is_empty(), "{users:#?}");
}

/// One action file per spec action, named as in the spec.
#[test]
fn every_spec_action_has_a_file_named_after_it() {
    let spec = Spec::embedded();
    for name in spec.actions.keys() {
        let file = root().join("src/actions").join(format!("{name}.rs"));
        assert!(file.exists(), "{} is missing", file.display());
        let test = root().join("tests/it/actions").join(format!("{name}.rs"));
        assert!(test.exists(), "{} is missing", test.display());
    }
}

/// Rapid7's JSONValidator (`make validate`) opens every `.json` file anywhere under `tests/` as
/// `tests/<name>`, so one in a subfolder crashes it; test data there must use another ending.
#[test]
fn no_json_file_lies_below_the_top_of_tests() {
    fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, depth + 1, found);
            } else if depth > 0 && path.extension().is_some_and(|ext| ext == "json") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("tests"), 0, &mut found);
    assert!(
        found.is_empty(),
        "make validate would crash on these; give them another ending: {found:?}"
    );
}

/// The layers of `src/`, lowest first, for the modules whose order matters: a module imports only
/// modules of its own layer or below. `cli` (and `main`) on top turn flags into settings, and
/// `internals` re-exports for the workspace's tools from any layer;
/// `dispatch` routes a step; `http` serves steps; `actions` and `triggers` run them; `context`
/// holds what they all run with. Other modules (`api`, `protocol`, `spec`, ...) sit below these.
const LAYERS: &[&[&str]] = &[
    &["context", "signals"],
    &["actions", "triggers"],
    &["dispatch"],
    &["http"],
    &["cli", "main", "internals"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top module of a source file under `src/`: `src/http/routes.rs` is `http`.
fn top_module(file: &Path) -> String {
    let relative = file.strip_prefix(root().join("src")).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let module = top_module(&file);
        let own = layer(&module).unwrap_or(0);
        let text = std::fs::read_to_string(&file).unwrap();
        for (upper, names) in LAYERS.iter().enumerate().skip(own + 1) {
            for name in *names {
                let path = format!("crate::{name}");
                let imports = text.match_indices(&path).any(|(at, _)| {
                    let next = text[at + path.len()..].chars().next();
                    !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if imports {
                    found.push(format!(
                        "{} ({module}) imports {path} (layer {upper})",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_layering_rules_of_the_issue_hold_in_the_table() {
    // Nothing below `cli` imports it; `context` is below every step runner; triggers and actions
    // are below dispatch and http.
    for module in ["context", "actions", "triggers", "dispatch", "http"] {
        assert!(layer(module) < layer("cli"), "{module}");
    }
    for above in ["actions", "triggers", "http", "dispatch"] {
        assert!(layer("context") < layer(above), "{above}");
    }
    for below in ["actions", "triggers"] {
        assert!(layer(below) < layer("dispatch") && layer(below) < layer("http"));
    }
}

/// The library's public modules: `spec`, the spec as data for the code generator and the tests,
/// and `internals`, the hidden re-exports for the workspace's fuzz targets, property tests and
/// generator. Everything else an embedder needs is a `pub use` in `src/lib.rs`, under its doc
/// comment; a module that wants to be public is a change of that documented surface.
const PUBLIC_MODULES: &[&str] = &["internals", "spec"];

#[test]
fn the_public_modules_are_the_documented_ones() {
    let text = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let public: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches([';', '{', ' ']))
        .collect();
    assert_eq!(public, PUBLIC_MODULES, "src/lib.rs: the public modules");
    // Every item the surface re-exports is named in the crate's doc comment.
    let docs: String = text
        .lines()
        .filter(|line| line.starts_with("//!"))
        .collect();
    for statement in text.split("pub use ").skip(1) {
        let statement = &statement[..statement.find(';').unwrap()];
        let (_, items) = statement.split_once("::").unwrap();
        for item in items
            .trim()
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
        {
            let name = item.rsplit(" as ").next().unwrap().trim();
            assert!(
                name.is_empty() || docs.contains(&format!("[`{name}`]")),
                "src/lib.rs: `{name}` is re-exported but not in the doc comment"
            );
        }
    }
}

/// `link/symbol-order.txt` (read by build.rs) lists the functions a step runs, so that the
/// release binary keeps them together: one symbol per line, none twice, the step's own entry
/// among them. A list emptied or mangled by hand would cost each step 4 MiB, with no test
/// failing but this one.
#[test]
fn the_code_layout_lists_the_functions_a_step_runs() {
    let text = std::fs::read_to_string(root().join("link/symbol-order.txt")).unwrap();
    let symbols: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
    assert!(
        symbols.len() > 500,
        "link/symbol-order.txt lists {} functions: run `make symbol-order`",
        symbols.len()
    );
    for symbol in &symbols {
        assert!(
            !symbol.is_empty() && !symbol.contains(char::is_whitespace),
            "link/symbol-order.txt: {symbol:?} is not a symbol name"
        );
    }
    let mut unique = symbols.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), symbols.len(), "a symbol is listed twice");
    assert!(
        symbols
            .iter()
            .any(|s| s.contains("windows_defender_atp") && s.contains("run_step")),
        "link/symbol-order.txt lacks dispatch::run_step: run `make symbol-order`"
    );
}
