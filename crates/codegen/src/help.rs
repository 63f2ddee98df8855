//! `help.md`, byte for byte as insight-plugin 1.11.0 writes it from the spec.
//!
//! insight-plugin (`features/create/plugin_to_helpmd.py` and `help/*.py`) builds the file with the
//! `mdutils` package, and the whitespace comes from mdutils' primitives, which `Markdown` mirrors:
//! a header is `"\n## Title\n"`, a line is `"  \n" + text` (two trailing spaces on the line before),
//! a table starts with `"\n"` and has a `| :--- |` alignment row, a code block is `"\n\n```\n…\n```"`.
//! Every `write` and `new_line` also passes its text through Python's `textwrap.fill` at 120 columns
//! (keeping whitespace), so a long component description is broken into lines ending in a space.
//!
//! Values follow Python too: table cells are `str(value)` (`None`, `True`, `{'a': 1}`), except
//! lists, which are `json.dumps` with `true`/`false` turned back into `True`/`False`; example blocks
//! are `json.dumps(indent=2, sort_keys=True)` of a document built from the fields' `default`,
//! `example` or `enum`, or else from their types.
//!
//! Where insight-plugin raises instead of writing a file (a field without a type, an unknown type),
//! we write `null` in the example: `Spec::problems` reports those specs anyway.

use serde_json::{Map, Value};

use windows_defender_atp::internals::pyjson;
use windows_defender_atp::internals::repr_str;

const INPUT_HEADERS: &[&str] = &[
    "Name",
    "Type",
    "Default",
    "Required",
    "Description",
    "Enum",
    "Example",
    "Placeholder",
    "Tooltip",
];
const OUTPUT_HEADERS: &[&str] = &["Name", "Type", "Required", "Description", "Example"];
const CUSTOM_TYPE_HEADERS: &[&str] = &[
    "Name",
    "Type",
    "Default",
    "Required",
    "Description",
    "Example",
];

/// The help.md of a spec given as the whole YAML document (`Spec::parse_value`).
pub fn render(spec: &Value) -> String {
    let empty = Map::new();
    let spec = spec.as_object().unwrap_or(&empty);
    let mut md = Markdown::default();
    build(spec, &mut md);
    // mdutils writes the title, an empty table of contents and the text; nothing ends the file.
    format!("# Description\n{}", md.text)
}

/// `ConvertPluginToHelp.build_markdown`: the sections in their fixed order.
fn build(spec: &Map<String, Value>, md: &mut Markdown) {
    // The description has no header of its own: the file's title is "# Description".
    match spec.get("description") {
        None => missing_section(md, "description", "Description"),
        // Present but empty (`description:`): nothing at all.
        Some(Value::Null) => {}
        Some(description) => md.write_unwrapped(&format!("\n{}", py_str(description))),
    }
    list_section(spec, md, "key_features", "Key Features", 1);
    list_section(spec, md, "requirements", "Requirements", 1);
    list_section(
        spec,
        md,
        "supported_versions",
        "Supported Product Versions",
        1,
    );

    md.make_header(1, "Documentation");
    connection(spec, md);

    md.make_header(2, "Technical Details");
    for (key, title, singular) in [
        ("actions", "Actions", "action"),
        ("triggers", "Triggers", "trigger"),
        ("tasks", "Tasks", "task"),
    ] {
        components(spec, md, key, title, singular);
    }

    md.make_header(3, "Custom Types");
    custom_types(spec, md);

    list_section(spec, md, "troubleshooting", "Troubleshooting", 2);
    list_section(spec, md, "version_history", "Version History", 1);
    list_section(spec, md, "links", "Links", 1);
    list_section(spec, md, "references", "References", 2);
}

/// `build_markdown_meta_helper` with `add_list`.
fn list_section(
    spec: &Map<String, Value>,
    md: &mut Markdown,
    key: &str,
    title: &str,
    level: usize,
) {
    md.make_header(level, title);
    match spec.get(key) {
        None => missing_section(md, key, title),
        Some(Value::Array(items)) => {
            // Written before the items: an empty list leaves just this newline.
            md.write("\n");
            let lines: Vec<String> = items
                .iter()
                .map(|item| format!("* {}", py_str(item)))
                .collect();
            md.write_unwrapped(&lines.join("\n"));
        }
        // Anything but a list (a string, null) is silently left out.
        Some(_) => {}
    }
}

/// "This plugin does not contain any key features.": the article comes from the spec key, not
/// the title ("any" for a key ending in s, else "an" before a vowel, else "a").
fn missing_section(md: &mut Markdown, key: &str, title: &str) {
    let article = if key.ends_with('s') {
        "any"
    } else if key.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    md.new_line_styled(
        &format!(
            "This plugin does not contain {article} {}.",
            title.to_lowercase()
        ),
        "*",
    );
}

/// `ConnectionHelp.convert_connection`.
fn connection(spec: &Map<String, Value>, md: &mut Markdown) {
    md.header(2, "Setup");
    let Some(connection) = spec.get("connection") else {
        md.new_line_styled("This plugin does not contain a connection.", "*");
        return;
    };
    md.write("\nThe connection configuration accepts the following parameters:");
    let fields = match spec.get("plugin_spec_version") {
        None => connection,
        Some(Value::String(version)) if version == "v2" => connection,
        Some(Value::String(version)) if version == "v3" => match connection.get("input") {
            None | Some(Value::Null) => return,
            Some(input) => input,
        },
        // insight-plugin logs an error and leaves the section at the sentence above.
        Some(_) => return,
    };
    let fields = as_map(fields);
    md.new_line("");
    md.table(INPUT_HEADERS, &field_rows(fields, INPUT_HEADERS));
    md.write("\nExample input:");
    md.code(&example(spec, fields));
}

/// `ComponentHelp.convert_components` for one kind, components sorted by key.
fn components(
    spec: &Map<String, Value>,
    md: &mut Markdown,
    key: &str,
    title: &str,
    singular: &str,
) {
    md.header(3, title);
    let components = spec.get(key).map(as_map).filter(|map| !map.is_empty());
    let Some(components) = components else {
        md.new_line_styled(&format!("This plugin does not contain any {key}."), "*");
        return;
    };
    for (name, component) in sorted(components) {
        let component = as_map(component);
        let title = component
            .get("title")
            .map(py_str)
            .unwrap_or_else(|| name.clone());
        md.make_header(4, &title);

        let description = component.get("description").map(py_str).unwrap_or_default();
        let lead = format!("this {singular} is used to");
        if description.to_lowercase().contains(&lead) {
            md.new_line(&description);
        } else {
            // Only the first character is lowercased: "Get the ID" becomes "get the ID".
            let mut chars = description.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_lowercase().collect())
                .unwrap_or_default();
            md.write(&format!(
                "\nThis {singular} is used to {first}{}",
                chars.as_str()
            ));
        }
        if let Some(help) = component.get("help") {
            md.new_line(&py_str(help));
        }
        for (section, heading, headers, example_label) in [
            ("input", "Input", INPUT_HEADERS, "Example input:"),
            ("output", "Output", OUTPUT_HEADERS, "Example output:"),
        ] {
            md.make_header(5, heading);
            let fields = component
                .get(section)
                .map(as_map)
                .filter(|map| !map.is_empty());
            match fields {
                Some(fields) => {
                    md.table(headers, &field_rows(fields, headers));
                    md.new_line(example_label);
                    md.code(&example(spec, fields));
                }
                None => md.new_line_styled(
                    &format!("This {singular} does not contain any {section}s."),
                    "*",
                ),
            }
        }
    }
}

/// `add_any_custom_types`: the types in spec order (unlike everything else), fields sorted.
fn custom_types(spec: &Map<String, Value>, md: &mut Markdown) {
    match spec.get("types") {
        None => md.new_line_styled("This plugin does not contain any custom output types.", "*"),
        Some(types) => {
            for (name, fields) in as_map(types) {
                md.new_line_styled(name, "**");
                md.write("\n");
                md.table(
                    CUSTOM_TYPE_HEADERS,
                    &field_rows(as_map(fields), CUSTOM_TYPE_HEADERS),
                );
            }
        }
    }
}

/// `HelpUtil.get_new_table_text`: one row per field, sorted by key.
fn field_rows(fields: &Map<String, Value>, headers: &[&str]) -> Vec<Vec<String>> {
    sorted(fields)
        .map(|(name, field)| {
            let field = as_map(field);
            let get = |key: &str| match field.get(key) {
                Some(value) => cell(value),
                None => "None".to_string(),
            };
            headers
                .iter()
                .map(|header| match *header {
                    // Custom types show the field's title; inputs and outputs its key.
                    "Name" if headers == CUSTOM_TYPE_HEADERS => match field.get("title") {
                        Some(title) => cell(title),
                        None => name.clone(),
                    },
                    "Name" => name.clone(),
                    other => get(&other.to_lowercase()),
                })
                .collect()
        })
        .collect()
}

/// A table cell: `str(value)`, but a list is `json.dumps(value)` with its booleans capitalised.
fn cell(value: &Value) -> String {
    match value {
        Value::Array(_) => fix_json_bool(&pyjson::compact(value)),
        other => py_str(other),
    }
}

/// `fix_json_bool`: `re.sub(r'\btrue\b(?!\s\w)', 'True', …)`, the same for false. It also rewrites
/// a whole-word true inside a string (`["true"]` becomes `["True"]`), as insight-plugin does.
fn fix_json_bool(json: &str) -> String {
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::with_capacity(json.len());
    let mut pos = 0;
    while pos < chars.len() {
        let replaced = [("true", "True"), ("false", "False")]
            .into_iter()
            .find(|(word, _)| {
                let end = pos + word.len();
                let word_here =
                    chars.len() >= end && chars[pos..end].iter().copied().eq(word.chars());
                word_here
                    && (pos == 0 || !is_word(chars[pos - 1]))
                    && chars.get(end).is_none_or(|c| !is_word(*c))
                    && !(chars.get(end).is_some_and(|c| c.is_whitespace())
                        && chars.get(end + 1).is_some_and(|c| is_word(*c)))
            });
        match replaced {
            Some((word, replacement)) => {
                out.push_str(replacement);
                pos += word.len();
            }
            None => {
                out.push(chars[pos]);
                pos += 1;
            }
        }
    }
    out
}

/// `InputOutputHelper.get_example`: the example document of a set of fields.
fn example(spec: &Map<String, Value>, fields: &Map<String, Value>) -> String {
    let mut document = Map::new();
    for (name, field) in fields {
        let field = as_map(field);
        let value = match field.get("type") {
            Some(type_) => {
                let mut seen = Vec::new();
                let value = example_of_type(spec, &py_str(type_), field, &mut seen);
                // A string that is JSON is replaced by what it encodes: "true" (the example of a
                // boolean) becomes true, "5" becomes 5. Only at the top: nested "true" stays a string.
                match &value {
                    Value::String(text) => serde_json::from_str(text).unwrap_or(value),
                    _ => value,
                }
            }
            None => Value::Null,
        };
        document.insert(name.clone(), value);
    }
    let mut text = pyjson::pretty_sorted(&Value::Object(document));
    text.pop(); // pretty_sorted ends with the newline json.dumps does not write
    text
}

/// `InputOutputHelper.get_type`. `seen` holds every type met so far below the top-level field,
/// base types included, and is never unwound: the second field of a type already met, even a
/// sibling `string` with its own example, becomes `{}`.
fn example_of_type(
    spec: &Map<String, Value>,
    type_: &str,
    field: &Map<String, Value>,
    seen: &mut Vec<String>,
) -> Value {
    if seen.iter().any(|known| known == type_) {
        return Value::Object(Map::new());
    }
    seen.push(type_.to_string());
    // default, then example, then the whole enum list; a null one does not count.
    for key in ["default", "example", "enum"] {
        if let Some(value) = field.get(key).filter(|value| !value.is_null()) {
            return value.clone();
        }
    }
    if let Some(value) = base_type_example(type_) {
        return value;
    }
    if let Some(element) = type_.strip_prefix("[]") {
        return Value::Array(vec![example_of_type(spec, element, &Map::new(), seen)]);
    }
    let Some(custom) = spec.get("types").and_then(|types| types.get(type_)) else {
        return Value::Null;
    };
    let mut template = Map::new();
    for (key, subfield) in as_map(custom) {
        let subfield = as_map(subfield);
        // Keyed by title: a missing or null title falls back to the key.
        let title = match subfield.get("title") {
            None | Some(Value::Null) => key.clone(),
            Some(title) => py_str(title),
        };
        let value = match subfield.get("type") {
            Some(inner) => example_of_type(spec, &py_str(inner), subfield, seen),
            None => Value::Null,
        };
        template.insert(title, value);
    }
    Value::Object(template)
}

/// `BaseTypes.base_types` of json_generation_util.py: a boolean's example is the string "true".
fn base_type_example(type_: &str) -> Option<Value> {
    let text = match type_ {
        "boolean" | "bool" => r#""true""#,
        "integer" | "number" | "int" => "0",
        "float" => "0.0",
        "string" | "date" | "bytes" | "password" | "python" => r#""""#,
        "object" => "{}",
        "file" => r#"{"filename": "string", "content": "bytes"}"#,
        "credential_username_password" => r#"{"username": "", "password": ""}"#,
        "credential_asymmetric_key" => r#"{"key": ""}"#,
        "credential_secret_key" => r#"{"secretKey": ""}"#,
        "credential_token" => r#"{"token": "", "domain": ""}"#,
        _ => return None,
    };
    Some(serde_json::from_str(text).expect("base type examples are valid JSON"))
}

/// Python's `str()`: a string as is, anything else as its `repr()`.
fn py_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr()` of a loaded YAML value; numbers as Python prints them (`1e+20`, `1.0`).
fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(_) => pyjson::compact(value),
        Value::String(text) => repr_str(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(key, item)| format!("{}: {}", repr_str(key), py_repr(item)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn as_map(value: &Value) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    value
        .as_object()
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

/// `HelpUtil.shallow_sort`: Python sorts str keys by code point, which is Rust's byte order.
fn sorted(map: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries.into_iter()
}

/// The subset of mdutils' `MdUtils` that insight-plugin uses, with its exact output.
#[derive(Default)]
struct Markdown {
    text: String,
}

impl Markdown {
    /// `write(text)`: wrapped at 120 columns.
    fn write(&mut self, text: &str) {
        self.text.push_str(&fill(text, 120));
    }

    /// `write(text, wrap_width=0)`.
    fn write_unwrapped(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `new_line(text)`: two spaces end the previous line (a Markdown line break).
    fn new_line(&mut self, text: &str) {
        self.text.push_str("  \n");
        self.text.push_str(&fill(text, 120));
    }

    /// `new_line(text, bold_italics_code=…)`: `*` for italics, `**` for bold, around the wrapped text.
    fn new_line_styled(&mut self, text: &str, marker: &str) {
        self.text.push_str("  \n");
        self.text.push_str(marker);
        self.text.push_str(&fill(text, 120));
        self.text.push_str(marker);
    }

    /// `new_header(level, title)`, atx style.
    fn header(&mut self, level: usize, title: &str) {
        self.text.push('\n');
        self.text.push_str(&"#".repeat(level));
        self.text.push(' ');
        self.text.push_str(title);
        self.text.push('\n');
    }

    /// insight-plugin's `HelpUtil.make_header`: a blank line, then the header.
    fn make_header(&mut self, level: usize, title: &str) {
        self.write("\n");
        self.header(level, title);
    }

    /// `new_table(…, text_align="left")`; cells are written as they are, `|` included.
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        self.text.push_str("\n|");
        for header in headers {
            self.text.push_str(header);
            self.text.push('|');
        }
        self.text.push_str("\n|");
        self.text.push_str(&" :--- |".repeat(headers.len()));
        self.text.push('\n');
        for row in rows {
            self.text.push('|');
            for cell in row {
                self.text.push_str(cell);
                self.text.push('|');
            }
            self.text.push('\n');
        }
    }

    /// `insert_code(code)`.
    fn code(&mut self, code: &str) {
        self.text.push_str("\n\n```\n");
        self.text.push_str(code);
        self.text.push_str("\n```");
    }
}

/// `textwrap.fill(text, width, break_long_words=False, replace_whitespace=False,
/// drop_whitespace=False)`: whitespace (newlines included) is kept and counts toward the width,
/// so a wrapped line keeps its trailing space and a leading "\n" takes one column.
fn fill(text: &str, width: usize) -> String {
    let chunks = split_chunks(&expand_tabs(text));
    let mut lines: Vec<String> = Vec::new();
    let mut pending = chunks.iter().peekable();
    while pending.peek().is_some() {
        let mut line = String::new();
        let mut len = 0;
        while let Some(chunk) = pending.peek() {
            let chunk_len = chunk.chars().count();
            if len + chunk_len > width {
                break;
            }
            line.push_str(chunk);
            len += chunk_len;
            pending.next();
        }
        // A chunk longer than the width is not broken: it gets a line of its own.
        if line.is_empty() {
            if let Some(chunk) = pending.next() {
                line.push_str(chunk);
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// `str.expandtabs(8)`: columns restart after "\n" and "\r".
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for ch in text.chars() {
        match ch {
            '\t' => {
                let spaces = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' | '\r' => {
                out.push(ch);
                column = 0;
            }
            _ => {
                out.push(ch);
                column += 1;
            }
        }
    }
    out
}

/// textwrap's whitespace: `'\t\n\x0b\x0c\r '`, not Unicode's.
fn is_wrap_space(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// Python's `\w` (Unicode).
fn is_word(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Python's `[^\d\W]`: a word character that is not a digit. Rust has no test for Unicode's
/// decimal digits (`Nd`) alone, so other numerals (`Nl`, `No`) count as digits too: no spec text has any.
fn is_letter(ch: char) -> bool {
    is_word(ch) && !ch.is_numeric()
}

/// `[\w!"'&.,?]`, what may precede an em-dash.
fn is_word_punct(ch: char) -> bool {
    is_word(ch) || "!\"'&.,?".contains(ch)
}

/// `TextWrapper._split` with `break_on_hyphens=True`: the chunks of `wordsep_re`, that is
/// whitespace runs, em-dashes ("--" between words) and words, a word ending after a hyphen that
/// joins two letters (`"goof-ball"` gives `"goof-"`, `"ball"`).
fn split_chunks(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = |index: usize| chars.get(index).copied();
    let letter_at = |index: usize| at(index).is_some_and(is_letter);
    let hyphens_from = |index: usize| chars[index..].iter().take_while(|c| **c == '-').count();
    // `(?<=[\w!"'&.,?])(?=-{2,}\w)` at `index`.
    let em_dash_at = |index: usize| {
        let run = hyphens_from(index);
        index > 0
            && is_word_punct(chars[index - 1])
            && run >= 2
            && at(index + run).is_some_and(is_word)
    };
    let mut chunks = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        let end = if is_wrap_space(chars[pos]) {
            pos + chars[pos..]
                .iter()
                .take_while(|c| is_wrap_space(**c))
                .count()
        } else if chars[pos] == '-' && em_dash_at(pos) {
            pos + hyphens_from(pos)
        } else {
            // The shortest word (at least one character) followed by one of the three endings.
            let mut end = pos + 1;
            loop {
                let hyphenated = at(end) == Some('-')
                    && ((end >= 2 && letter_at(end - 2) && letter_at(end - 1))
                        || (end >= 3
                            && letter_at(end - 3)
                            && at(end - 2) == Some('-')
                            && letter_at(end - 1)))
                    && letter_at(end + 1)
                    && (letter_at(end + 2) || (at(end + 2) == Some('-') && letter_at(end + 3)));
                if hyphenated {
                    break end + 1;
                }
                if at(end).is_none_or(is_wrap_space) || em_dash_at(end) {
                    break end;
                }
                end += 1;
            }
        };
        chunks.push(chars[pos..end].iter().collect());
        pos = end;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(yaml: &str) -> Value {
        windows_defender_atp::internals::yaml_from_str(yaml).unwrap()
    }

    #[test]
    fn an_input_row_shows_python_values_and_json_lists() {
        let fields = json!({
            "severity": {"type": "[]string", "required": false, "description": "Severities",
                         "default": [], "example": ["High", true], "placeholder": 1.0},
            "secret": {"type": "credential_secret_key", "required": true, "description": "S",
                       "example": {"secretKey": "it's"}},
        });
        let rows = field_rows(as_map(&fields), INPUT_HEADERS);
        // Sorted by key; dicts are Python reprs, lists JSON with True/False.
        assert_eq!(
            rows[0].join("|"),
            "secret|credential_secret_key|None|True|S|None|{'secretKey': \"it's\"}|None|None"
        );
        assert_eq!(
            rows[1].join("|"),
            "severity|[]string|[]|False|Severities|None|[\"High\", True]|1.0|None"
        );
        let mut md = Markdown::default();
        md.table(
            OUTPUT_HEADERS,
            &[vec![
                "a".into(),
                "b".into(),
                "True".into(),
                "d".into(),
                "None".into(),
            ]],
        );
        assert_eq!(
            md.text,
            "\n|Name|Type|Required|Description|Example|\n| :--- | :--- | :--- | :--- | :--- |\n|a|b|True|d|None|\n"
        );
    }

    #[test]
    fn fix_json_bool_keeps_true_followed_by_a_word() {
        assert_eq!(
            fix_json_bool(r#"[true, "true", "true story", false]"#),
            r#"[True, "True", "true story", False]"#
        );
        assert_eq!(
            fix_json_bool(r#"["untrue", "true_"]"#),
            r#"["untrue", "true_"]"#
        );
    }

    #[test]
    fn an_example_prefers_default_and_decodes_top_level_json_strings() {
        let spec = spec(
            "types:\n  t:\n    a: {title: A, type: string, example: x}\n    b: {title: B, type: string, example: y}\n    c: {title: C, type: boolean}\n    d: {type: \"[]t\"}\n",
        );
        let spec = as_map(&spec);
        let fields = json!({
            "flag": {"type": "boolean"},
            "level": {"type": "[]string", "default": [], "example": ["High"]},
            "count": {"type": "string", "example": "5"},
            "kind": {"type": "string", "enum": ["x", "y"]},
            "thing": {"type": "t"},
        });
        assert_eq!(
            example(spec, as_map(&fields)),
            concat!(
                "{\n  \"count\": 5,\n  \"flag\": true,\n  \"kind\": [\n    \"x\",\n    \"y\"\n  ],\n  \"level\": [],\n",
                // b repeats a's type, d the type being built: both {} ; the nested boolean stays "true".
                "  \"thing\": {\n    \"A\": \"x\",\n    \"B\": {},\n    \"C\": \"true\",\n    \"d\": [\n      {}\n    ]\n  }\n}"
            )
        );
    }

    #[test]
    fn a_component_without_input_says_so() {
        let text = render(&spec(
            "description: D\nactions:\n  ping:\n    title: Ping\n    description: Check the service\n    output:\n      ok: {type: boolean, required: true, description: Whether it answered}\n",
        ));
        assert!(text.contains(
            "\n#### Ping\n\nThis action is used to check the service\n\n##### Input\n  \n*This action does not contain any inputs.*\n\n##### Output\n\n|Name|Type|Required|Description|Example|\n| :--- | :--- | :--- | :--- | :--- |\n|ok|boolean|True|Whether it answered|None|\n  \nExample output:\n\n```\n{\n  \"ok\": true\n}\n```\n### Triggers\n  \n*This plugin does not contain any triggers.*"
        ), "{text}");
        assert!(text.starts_with("# Description\n\nD\n\n# Key Features\n  \n*This plugin does not contain any key features.*"));
        assert!(
            text.ends_with("\n## References\n  \n*This plugin does not contain any references.*")
        );
    }

    #[test]
    fn fill_wraps_at_120_columns_keeping_whitespace() {
        let text = format!("\nThis action is used to {}", "word ".repeat(30));
        let filled = fill(&text, 120);
        let lines: Vec<&str> = filled.split('\n').collect();
        assert_eq!(lines[0], "");
        // The leading newline takes a column: 23 + 19 * 5 = 118 characters, then the rest.
        assert_eq!(lines[1].len(), 118);
        assert!(lines[1].ends_with("word "));
        assert_eq!(fill("\n", 120), "\n");
        assert_eq!(fill("", 120), "");
    }

    #[test]
    fn chunks_follow_textwraps_hyphen_rules() {
        assert_eq!(
            split_chunks("Look, goof-ball -- use the -b option! 32-bit x--y"),
            [
                "Look,", " ", "goof-", "ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ",
                "option!", " ", "32-bit", " ", "x", "--", "y"
            ]
        );
    }
}
