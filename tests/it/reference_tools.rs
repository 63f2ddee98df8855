//! Our generators against the ecosystem's own tools (`../shared/tools/icon-tools`), pinned.

use crate::support::root;
use serde_json::Value;
use std::process::Command;

/// The tools make their virtual environment on first use; tests running at once on a fresh machine
/// would each make it into the same directory, so they take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn icon_tools(args: &[&str]) {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let tool = root().join("../shared/tools/icon-tools");
    let status = Command::new(&tool)
        .args(args)
        .status()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", tool.display()));
    assert!(status.success(), "icon-tools {args:?} failed");
}

#[test]
fn schemas_are_byte_identical_to_insight_plugins() {
    let out = tempfile::tempdir().unwrap();
    let root = root();
    icon_tools(&[
        "schemas",
        root.to_str().unwrap(),
        out.path().to_str().unwrap(),
    ]);
    let mut compared = 0;
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let entry = entry.unwrap();
        let theirs = std::fs::read_to_string(entry.path()).unwrap();
        let ours = std::fs::read_to_string(root.join("schemas").join(entry.file_name()))
            .unwrap_or_else(|_| panic!("schemas/{:?} is missing", entry.file_name()));
        assert_eq!(
            ours,
            theirs,
            "schemas/{:?} differs from insight-plugin's",
            entry.file_name()
        );
        compared += 1;
    }
    let ours = std::fs::read_dir(root.join("schemas")).unwrap().count();
    assert_eq!(
        compared, ours,
        "insight-plugin and we generate different sets of schemas"
    );
}

/// insight-plugin's samples equal ours as JSON, apart from the difference protocol.md documents:
/// it leaves an enum input without a default empty, where the runtime takes the first value.
/// And for a step without inputs it writes `"input": null`, which the runtime reads as the
/// `{}` our sample holds.
#[test]
fn samples_agree_with_insight_plugins() {
    let out = tempfile::tempdir().unwrap();
    icon_tools(&[
        "samples",
        root().to_str().unwrap(),
        out.path().to_str().unwrap(),
    ]);
    let spec = windows_defender_atp::spec::Spec::embedded();
    let names: Vec<&String> = spec.actions.keys().chain(spec.triggers.keys()).collect();
    for name in names {
        let mut theirs: Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        if theirs["body"]["input"].is_null() {
            theirs["body"]["input"] = serde_json::json!({});
        }
        let mut ours = windows_defender_atp::spec::sample::start_message(spec, name).unwrap();
        blank_enums_without_default(spec, name, &mut ours);
        assert_eq!(ours, theirs, "sample of {name}");
    }
}

fn blank_enums_without_default(
    spec: &windows_defender_atp::spec::Spec,
    name: &str,
    message: &mut Value,
) {
    let component = spec
        .actions
        .get(name)
        .or_else(|| spec.triggers.get(name))
        .unwrap();
    for (field, declared) in &component.input {
        if declared.enum_.is_some() && declared.default.is_none() {
            message["body"]["input"][field] = Value::String(String::new());
        }
    }
    for (field, declared) in &spec.connection {
        if declared.enum_.is_some() && declared.default.is_none() {
            message["body"]["connection"][field] = Value::String(String::new());
        }
    }
}

#[test]
fn help_md_is_identical_to_insight_plugins() {
    let out = tempfile::tempdir().unwrap();
    let theirs_path = out.path().join("help.md");
    let root = root();
    icon_tools(&[
        "help-md",
        root.to_str().unwrap(),
        theirs_path.to_str().unwrap(),
    ]);
    let theirs = std::fs::read_to_string(&theirs_path).unwrap();
    let ours = std::fs::read_to_string(root.join("help.md")).expect("help.md is missing");
    if ours == theirs {
        return;
    }
    // The first differing line, with its neighbours, says more than two 37 kB strings.
    let (ours_lines, theirs_lines): (Vec<&str>, Vec<&str>) =
        (ours.split('\n').collect(), theirs.split('\n').collect());
    let line = ours_lines
        .iter()
        .zip(&theirs_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(ours_lines.len().min(theirs_lines.len()));
    let context = |lines: &[&str]| {
        lines[line.saturating_sub(2)..(line + 3).min(lines.len())]
            .iter()
            .map(|text| format!("    {text:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    panic!(
        "help.md differs from insight-plugin's from line {} on ({} and {} lines):\nours:\n{}\ninsight-plugin:\n{}",
        line + 1,
        ours_lines.len(),
        theirs_lines.len(),
        context(&ours_lines),
        context(&theirs_lines),
    );
}

/// Rapid7's own validators (`make validate`) pass: help.md as their HelpInputOutputValidator
/// renders it (which differs from insight-plugin's generator on line breaks and `Z` times in
/// examples), acronyms, titles, examples and the rest.
#[test]
fn rapid7s_validators_pass() {
    let root = root();
    icon_tools(&["validate", root.to_str().unwrap()]);
}
