//! `src/spec/generated.rs` from the spec: the step names, the schema files each step is
//! validated against, and the typed inputs, outputs and custom types.
//!
//! Names are written by hand only in the spec; the code reaches them through this file.

use indexmap::IndexMap;
use serde_json::Value;
use std::fmt::Write;
use windows_defender_atp::spec::model::{Component, Field, Kind, Spec};

/// The text of `src/spec/generated.rs`.
pub fn generated_rs(spec: &Spec) -> String {
    let mut out = String::new();
    out.push_str(
        "//! GENERATED from plugin.spec.yaml by `cargo run --bin generate`: do not edit.\n\
         //!\n\
         //! The drift test in `tests/it/drift.rs` fails when this file is stale.\n\n\
         #![allow(clippy::all, dead_code)]\n\n\
         use schemars::JsonSchema;\n\
         use serde::{Deserialize, Serialize};\n\n",
    );
    let _ = writeln!(out, "pub const NAME: &str = {:?};", spec.name);
    let _ = writeln!(out, "pub const TITLE: &str = {:?};", spec.title);
    let _ = writeln!(out, "pub const VENDOR: &str = {:?};", spec.vendor);
    let _ = writeln!(out, "pub const VERSION: &str = {:?};", spec.version);
    let _ = writeln!(
        out,
        "\n/// What `info` prints, rendered here so that `info` parses no spec at run time.\n\
         pub const INFO: &str = {:?};",
        crate::info::render(spec)
    );
    out.push_str(
        "\n/// The connection schema, as in `schemas/connection.json`.\n\
         pub const CONNECTION_SCHEMA: &str = include_str!(\"../../schemas/connection.json\");\n\n\
         /// A step's name and the schemas its input and output are validated against.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq)]\n\
         pub struct StepSchemas {\n    pub name: &'static str,\n    pub input: &'static str,\n    pub output: &'static str,\n}\n",
    );
    for kind in [Kind::Action, Kind::Trigger] {
        let _ = writeln!(
            out,
            "\npub const {}S: &[StepSchemas] = &[",
            kind.as_str().to_uppercase()
        );
        for name in spec.components(kind).keys() {
            let _ = writeln!(
                out,
                "    StepSchemas {{\n        name: {name:?},\n        input: include_str!(\"../../schemas/{k}_{name}_input.json\"),\n        output: include_str!(\"../../schemas/{k}_{name}_output.json\"),\n    }},",
                k = kind.as_str()
            );
        }
        out.push_str("];\n");
    }

    out.push_str("\n/// The custom types of the spec's `types:` section.\npub mod types {\n    use super::*;\n");
    for (type_name, fields) in &spec.types {
        write_struct(&mut out, &camel(type_name), fields, Role::Output, 1);
    }
    out.push_str("}\n");

    for kind in [Kind::Action, Kind::Trigger] {
        for (name, component) in spec.components(kind) {
            write_component(&mut out, name, component);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Input,
    Output,
}

fn write_component(out: &mut String, name: &str, component: &Component) {
    let _ = writeln!(out, "\n/// {}: {}", component.title, component.description);
    let _ = writeln!(out, "pub mod {name} {{\n    use super::*;\n");
    let _ = writeln!(out, "    pub const NAME: &str = {name:?};");
    write_struct(out, "Input", &component.input, Role::Input, 1);
    write_struct(out, "Output", &component.output, Role::Output, 1);
    out.push_str("}\n");
}

fn write_struct(
    out: &mut String,
    struct_name: &str,
    fields: &IndexMap<String, Field>,
    role: Role,
    indent: usize,
) {
    let pad = "    ".repeat(indent);
    let mut extra = String::new();
    let _ = writeln!(
        out,
        "\n{pad}#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]\n{pad}pub struct {struct_name} {{"
    );
    for (field_name, field) in fields {
        let mut rust_type = rust_type(field, field_name, &mut extra, &pad);
        let ident = identifier(field_name);
        let mut attributes = Vec::new();
        if ident != *field_name {
            attributes.push(format!("rename = {field_name:?}"));
        }
        match (role, field.required, &field.default) {
            (_, true, _) => {}
            (Role::Input, false, Some(default)) => {
                let function = format!("default_{}", ident.trim_end_matches('_'));
                let _ = writeln!(
                    extra,
                    "\n{pad}fn {function}() -> {rust_type} {{\n{pad}    {}\n{pad}}}",
                    default_literal(default, &rust_type)
                );
                attributes.push(format!("default = {function:?}"));
            }
            _ => {
                rust_type = format!("Option<{rust_type}>");
                attributes.push("default".into());
                attributes.push("skip_serializing_if = \"Option::is_none\"".into());
            }
        }
        if let Some(description) = &field.description {
            let _ = writeln!(out, "{pad}    /// {}", description.replace('\n', " "));
        }
        if !attributes.is_empty() {
            let _ = writeln!(out, "{pad}    #[serde({})]", attributes.join(", "));
        }
        let _ = writeln!(out, "{pad}    pub {ident}: {rust_type},");
    }
    let _ = writeln!(out, "{pad}}}");
    out.push_str(&extra);
}

/// The Rust type of a field; string enums become a Rust enum written into `extra`.
fn rust_type(field: &Field, field_name: &str, extra: &mut String, pad: &str) -> String {
    if let Some(values) = field.enum_.as_ref().filter(|_| field.type_ == "string") {
        let enum_name = camel(field_name);
        let _ = writeln!(
            extra,
            "\n{pad}#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]\n{pad}pub enum {enum_name} {{"
        );
        for value in values.iter().filter_map(Value::as_str) {
            let variant = camel(value);
            if variant != value {
                let _ = writeln!(extra, "{pad}    #[serde(rename = {value:?})]");
            }
            let _ = writeln!(extra, "{pad}    {variant},");
        }
        let _ = writeln!(extra, "{pad}}}");
        let _ = writeln!(
            extra,
            "\n{pad}impl {enum_name} {{\n{pad}    pub fn as_str(self) -> &'static str {{\n{pad}        match self {{"
        );
        for value in values.iter().filter_map(Value::as_str) {
            let _ = writeln!(
                extra,
                "{pad}            {enum_name}::{} => {value:?},",
                camel(value)
            );
        }
        let _ = writeln!(extra, "{pad}        }}\n{pad}    }}\n{pad}}}");
        return enum_name;
    }
    type_of(&field.type_)
}

fn type_of(spec_type: &str) -> String {
    if let Some(element) = spec_type.strip_prefix("[]") {
        return format!("Vec<{}>", type_of(element));
    }
    match spec_type {
        "string" | "date" | "bytes" | "password" | "python" => "String".into(),
        "integer" | "int" => "i64".into(),
        "number" | "float" => "f64".into(),
        "boolean" | "bool" => "bool".into(),
        "object" => "serde_json::Map<String, serde_json::Value>".into(),
        "credential_secret_key" => "crate::connection::CredentialSecretKey".into(),
        "file" => "crate::spec::FileObject".into(),
        custom => format!("types::{}", camel(custom)),
    }
}

fn default_literal(default: &Value, rust_type: &str) -> String {
    match default {
        Value::String(text) if rust_type == "String" => format!("{text:?}.to_string()"),
        Value::String(text) => format!("{rust_type}::{}", camel(text)),
        Value::Array(items) if items.is_empty() => "Vec::new()".into(),
        Value::Array(items) => {
            let elements: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(text) => format!("{text:?}.to_string()"),
                    other => other.to_string(),
                })
                .collect();
            format!("vec![{}]", elements.join(", "))
        }
        other => other.to_string(),
    }
}

/// `isolation_type` → `IsolationType`, `GCC High` → `GccHigh`, `machine_action` → `MachineAction`.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            let rest: String = chars.collect();
            if word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                out.push_str(&rest.to_ascii_lowercase());
            } else {
                out.push_str(&rest);
            }
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `computerDnsName` → `computer_dns_name`; Rust keywords get a trailing underscore.
pub fn identifier(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (idx, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_uppercase() {
            let prev_lower =
                idx > 0 && (chars[idx - 1].is_ascii_lowercase() || chars[idx - 1].is_ascii_digit());
            let next_lower = chars.get(idx + 1).is_some_and(|c| c.is_ascii_lowercase());
            let prev_upper = idx > 0 && chars[idx - 1].is_ascii_uppercase();
            if idx > 0 && (prev_lower || (prev_upper && next_lower)) && !out.ends_with('_') {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    if matches!(
        out.as_str(),
        "type"
            | "ref"
            | "match"
            | "self"
            | "mod"
            | "use"
            | "fn"
            | "in"
            | "loop"
            | "move"
            | "where"
            | "struct"
            | "enum"
            | "trait"
            | "impl"
            | "static"
            | "const"
    ) {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_rust_identifiers() {
        assert_eq!(identifier("computerDnsName"), "computer_dns_name");
        assert_eq!(identifier("errorHResult"), "error_h_result");
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("sha1"), "sha1");
        assert_eq!(identifier("isAadJoined"), "is_aad_joined");
        assert_eq!(camel("GCC High"), "GccHigh");
        assert_eq!(camel("machine_action"), "MachineAction");
        assert_eq!(camel("UnSpecified"), "UnSpecified");
        assert_eq!(camel("DoD"), "DoD");
    }
}
