//! JSON text exactly as Python's `json.dumps` writes it.
//!
//! The runtime writes envelopes with `json.dump(msg, fd)` (`", "` and `": "` separators,
//! `ensure_ascii=True`) and insight-plugin writes schemas with `indent=2, sort_keys=True`; the
//! platform and our drift tests compare bytes, so serde_json's own formatting is not enough.

use serde_json::Value;
use std::fmt::Write;

/// `json.dumps(value)`: one line, `", "` and `": "`, non-ASCII escaped.
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write_compact(&mut out, value);
    out
}

/// Appends `value` as [`compact`] writes it.
pub fn push_compact(out: &mut String, value: &Value) {
    write_compact(out, value);
}

/// Appends `text` as a JSON string, as [`compact`] writes strings.
pub fn push_string(out: &mut String, text: &str) {
    write_string(out, text);
}

/// Flask's `jsonify` (what the runtime's http mode answers with): keys sorted, `","` and `":"`
/// separators, non-ASCII escaped.
pub fn flask(value: &Value) -> String {
    let mut out = String::new();
    write_flask(&mut out, value);
    out
}

/// `json.dumps(value, indent=2, sort_keys=True)` followed by a newline.
pub fn pretty_sorted(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, 0);
    out.push('\n');
    out
}

/// How a one-line writer lays out containers.
struct Layout {
    item: &'static str,
    key: &'static str,
    sort_keys: bool,
}

/// `json.dumps`: insertion order, `", "` and `": "`.
const PYTHON: Layout = Layout {
    item: ", ",
    key: ": ",
    sort_keys: false,
};

/// Flask's `jsonify`: sorted keys, `","` and `":"`.
const FLASK: Layout = Layout {
    item: ",",
    key: ":",
    sort_keys: true,
};

fn write_compact(out: &mut String, value: &Value) {
    write_line(out, value, &PYTHON);
}

fn write_flask(out: &mut String, value: &Value) {
    write_line(out, value, &FLASK);
}

fn write_line(out: &mut String, value: &Value, layout: &Layout) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (idx, item) in items.iter().enumerate() {
                if idx > 0 {
                    out.push_str(layout.item);
                }
                write_line(out, item, layout);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            if layout.sort_keys {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                write_entries(out, entries.into_iter(), layout);
            } else {
                // No collecting here: trigger events write a thousand alerts this way.
                write_entries(out, map.iter(), layout);
            }
            out.push('}');
        }
        scalar => write_scalar(out, scalar),
    }
}

fn write_entries<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a String, &'a Value)>,
    layout: &Layout,
) {
    for (idx, (key, item)) in entries.enumerate() {
        if idx > 0 {
            out.push_str(layout.item);
        }
        write_string(out, key);
        out.push_str(layout.key);
        write_line(out, item, layout);
    }
}

fn write_pretty(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (idx, item) in items.iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (idx, key) in keys.into_iter().enumerate() {
                if idx > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_pretty(out, &map[key], depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        scalar => write_scalar(out, scalar),
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(out, number),
        Value::String(text) => write_string(out, text),
        Value::Array(_) | Value::Object(_) => unreachable!("containers are written by the callers"),
    }
}

fn write_number(out: &mut String, number: &serde_json::Number) {
    if number.is_f64() {
        let float = number.as_f64().unwrap_or_default();
        // Python's float repr: always a fraction or an exponent, exponent with a sign.
        let text = format!("{float:?}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                let _ = write!(out, "{mantissa}e+{exponent:0>2}");
            }
            Some((mantissa, exponent)) => {
                let _ = write!(out, "{mantissa}e-{:0>2}", &exponent[1..]);
            }
            None => out.push_str(&text),
        }
    } else {
        let _ = write!(out, "{number}");
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    // Runs of printable ASCII go out in one copy: alert texts are almost all such runs.
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| !(b' '..=b'~').contains(&b) || b == b'"' || b == b'\\')
    {
        out.push_str(&rest[..at]);
        let ch = rest[at..].chars().next().unwrap_or_default();
        write_escaped(out, ch);
        rest = &rest[at + ch.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// A character that `json.dumps` escapes with `ensure_ascii`.
fn write_escaped(out: &mut String, ch: char) {
    match ch {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0c}' => out.push_str("\\f"),
        _ => {
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_uses_python_separators_and_escapes_non_ascii() {
        let value = json!({"b": [1, "é", null], "a": {"x": true, "y": 1.5}, "c": "\u{1F600}\n"});
        assert_eq!(
            compact(&value),
            r#"{"b": [1, "\u00e9", null], "a": {"x": true, "y": 1.5}, "c": "\ud83d\ude00\n"}"#
        );
    }

    #[test]
    fn pretty_sorted_matches_python_indent_two_with_sorted_keys() {
        let value = json!({"b": [], "a": {"z": 1, "y": [1, 2]}, "c": {}});
        assert_eq!(
            pretty_sorted(&value),
            "{\n  \"a\": {\n    \"y\": [\n      1,\n      2\n    ],\n    \"z\": 1\n  },\n  \"b\": [],\n  \"c\": {}\n}\n"
        );
    }

    #[test]
    fn flask_sorts_keys_with_tight_separators() {
        let value = json!({"b": [1, "é"], "a": {"z": null, "y": 1.5}});
        assert_eq!(
            flask(&value),
            r#"{"a":{"y":1.5,"z":null},"b":[1,"\u00e9"]}"#
        );
    }

    #[test]
    fn strings_escape_what_python_escapes_and_nothing_else() {
        let text = "plain \"q\" back\\slash \u{7f}\u{1f} tab\t caf\u{e9} \u{1F600}~";
        assert_eq!(
            compact(&json!(text)),
            r#""plain \"q\" back\\slash \u007f\u001f tab\t caf\u00e9 \ud83d\ude00~""#
        );
        assert_eq!(compact(&json!("")), r#""""#);
    }

    #[test]
    fn floats_print_like_python_repr() {
        assert_eq!(compact(&json!(1.0)), "1.0");
        assert_eq!(compact(&json!(1e20)), "1e+20");
        assert_eq!(compact(&json!(1.5e-7)), "1.5e-07");
    }
}
