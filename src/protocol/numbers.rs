//! Number literals in a message's raw text, each with the path that leads to it.
//!
//! serde_json (built without `arbitrary_precision`) refuses a number beyond what a float holds
//! ("number out of range", naming a line and column only), and reads an integer beyond 64 bits as
//! an imprecise float. Both are input mistakes whose error must name the field and quote the
//! number as it was written, so this scanner reads the text again, only when one of them
//! happened. It never fails: on text that is not JSON it stops, keeping what it found.

/// One number literal: where it is in the message, and its text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// Object keys and array indexes from the message's root, e.g. `["body", "input", "limit"]`.
    pub path: Vec<String>,
    /// Byte range of the literal in the text.
    pub span: std::ops::Range<usize>,
    pub text: String,
}

enum Frame {
    Object {
        key: Option<String>,
        expect_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Every number literal in `text`, in order.
pub fn literals(text: &[u8]) -> Vec<Literal> {
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b'{' => {
                stack.push(Frame::Object {
                    key: None,
                    expect_key: true,
                });
                i += 1;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                    Some(Frame::Array { index }) => *index += 1,
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(text, i);
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = Some(decode_key(&text[i..end]));
                        *expect_key = false;
                    }
                }
                i = end;
            }
            b'-' | b'0'..=b'9' => {
                let end = number_end(text, i);
                found.push(Literal {
                    path: path_of(&stack),
                    span: i..end,
                    text: String::from_utf8_lossy(&text[i..end]).into_owned(),
                });
                i = end;
            }
            b't' | b'f' | b'n' => {
                while text.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    found
}

/// Whether a literal is a well-formed JSON number beyond what serde_json can read at all.
pub fn overflows_float(literal: &str) -> bool {
    // Skipping a number checks its grammar without reading its value.
    serde_json::from_str::<serde::de::IgnoredAny>(literal).is_ok()
        && literal.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// The path as the runtime's field names: `body.input.limit`, `severity[0]`.
pub fn dotted(path: &[String]) -> String {
    let mut out = String::new();
    for segment in path {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

fn path_of(stack: &[Frame]) -> Vec<String> {
    stack
        .iter()
        .map(|frame| match frame {
            Frame::Object { key, .. } => key.clone().unwrap_or_default(),
            Frame::Array { index } => index.to_string(),
        })
        .collect()
}

/// The index just past the string that starts at `start` (a `"`), or the end of the text.
fn string_end(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&byte) = text.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

fn number_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    while text
        .get(i)
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        i += 1;
    }
    i
}

/// A key with its escapes resolved, so `"\u0077ait_timeout"` is `wait_timeout`.
fn decode_key(raw: &[u8]) -> String {
    serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
        String::from_utf8_lossy(inner).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(String, String)> {
        literals(text.as_bytes())
            .into_iter()
            .map(|literal| (dotted(&literal.path), literal.text))
            .collect()
    }

    #[test]
    fn each_number_is_found_with_its_path_as_written() {
        let text = r#"{"body": {"input": {"limit": 18446744073709551616, "ids": [1, -2.5e3],
            "s": "7, \"8\"", "t": true, "n": null, "o": {"x": 1e400}}, "meta": {}}, "v": 0}"#;
        assert_eq!(
            paths(text),
            [
                ("body.input.limit", "18446744073709551616"),
                ("body.input.ids[0]", "1"),
                ("body.input.ids[1]", "-2.5e3"),
                ("body.input.o.x", "1e400"),
                ("v", "0"),
            ]
            .map(|(path, text)| (path.to_string(), text.to_string()))
        );
    }

    #[test]
    fn escaped_keys_are_decoded() {
        assert_eq!(
            paths(r#"{"\u0077ait_timeout": 5}"#),
            [("wait_timeout".to_string(), "5".to_string())]
        );
    }

    #[test]
    fn text_that_is_not_json_stops_the_scan_without_a_panic() {
        assert_eq!(paths(r#"{"a": 1, "b": @ 2}"#).len(), 1);
        assert!(paths(r#"{"a": "unterminated"#).is_empty());
        assert!(paths("]]]}}}").is_empty());
    }

    #[test]
    fn only_literals_beyond_a_float_overflow_it() {
        assert!(overflows_float("1e400"));
        assert!(overflows_float(&"9".repeat(400)));
        assert!(!overflows_float("18446744073709551616"));
        assert!(!overflows_float("-1.5e300"));
        assert!(
            !overflows_float("-01e400"),
            "not JSON: left to the parser's own error"
        );
    }
}
