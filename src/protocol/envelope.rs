//! Start messages: raw bytes to a checked [`StartMessage`], with the runtime's error strings.

use super::numbers::{self, Literal};
use serde_json::{Map, Value};

/// The message types the runtime accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageType {
    ActionStart,
    TriggerStart,
    TaskStart,
    ConnectionTest,
}

impl MessageType {
    fn from_wire(text: &str) -> Option<MessageType> {
        Some(match text {
            "action_start" => MessageType::ActionStart,
            "trigger_start" => MessageType::TriggerStart,
            "task_start" => MessageType::TaskStart,
            "connection_test" => MessageType::ConnectionTest,
            _ => return None,
        })
    }

    /// The `type` of the envelopes answering this message.
    pub fn output_type(self) -> &'static str {
        match self {
            MessageType::ActionStart => "action_event",
            MessageType::TriggerStart => "trigger_event",
            MessageType::TaskStart => "task_event",
            MessageType::ConnectionTest => "connection_test",
        }
    }

    /// The body key that names the step, and the word the runtime uses for it.
    pub fn step_key(self) -> Option<&'static str> {
        match self {
            MessageType::ActionStart => Some("action"),
            MessageType::TriggerStart => Some("trigger"),
            MessageType::TaskStart => Some("task"),
            MessageType::ConnectionTest => None,
        }
    }
}

/// A start message that passed the runtime's envelope checks.
#[derive(Debug, Clone, PartialEq)]
pub struct StartMessage {
    pub message_type: MessageType,
    /// The step name; empty for a connection test.
    pub name: String,
    /// `body.meta` exactly as received (`null` included), `{}` when absent.
    pub meta: Value,
    pub input: Value,
    pub connection: Value,
    pub dispatcher: Value,
    /// Numbers too large for any number type (`1e400`), each read as `null` so that the step can
    /// still say which field holds one.
    pub unreadable_numbers: Vec<Literal>,
}

/// A message refused before any step ran: the envelope still owes the caller an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub error: String,
    /// `None` where the runtime writes `"type": null` (it could not tell what was asked).
    pub output_type: Option<&'static str>,
    pub meta: Value,
}

/// Parses and checks one start message, in the order the runtime checks it.
pub fn parse(bytes: &[u8]) -> Result<StartMessage, Rejected> {
    let reject = |error: String, output_type: Option<&'static str>, meta: Value| Rejected {
        error,
        output_type,
        meta,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(reject(
            "Input message was empty: send one JSON start message (an object with version, type and body) on standard input".into(),
            None,
            Value::Null,
        ));
    }
    let (message, unreadable_numbers) = read_json(bytes).map_err(|err| {
        reject(
            format!("Input message is not valid JSON ({err}): send one JSON start message on standard input"),
            None,
            Value::Null,
        )
    })?;
    let Value::Object(message) = message else {
        return Err(reject(
            format!(
                "Input message is not a dictionary but {}: send a JSON object with version, type and body",
                kind_of(&message)
            ),
            None,
            Value::Null,
        ));
    };

    // Until the body is accepted the runtime echoes whatever meta it finds, or null.
    let early_meta = message
        .get("body")
        .and_then(|body| body.get("meta"))
        .cloned()
        .unwrap_or(Value::Null);
    let type_value = message.get("type").unwrap_or(&Value::Null);
    let Some(message_type) = type_value.as_str().and_then(MessageType::from_wire) else {
        return Err(reject(
            format!("Unsupported message type \"{}\"", python_str(type_value)),
            None,
            early_meta,
        ));
    };
    let output_type = Some(message_type.output_type());
    let Some(version) = message.get("version") else {
        return Err(reject(
            "\"version\" missing from input message".into(),
            output_type,
            early_meta,
        ));
    };
    let Some(body) = message.get("body") else {
        return Err(reject(
            "\"body\" missing from input message".into(),
            output_type,
            early_meta,
        ));
    };
    if version != "v1" {
        return Err(reject(
            format!(
                "Unsupported version '{}'. Only v1 is supported",
                python_str(version)
            ),
            output_type,
            early_meta,
        ));
    }
    let Value::Object(body) = body else {
        return Err(reject(
            format!("\"body\" must be a JSON object, not {}", kind_of(body)),
            output_type,
            Value::Null,
        ));
    };

    let name = match message_type.step_key() {
        Some(key) => match body.get(key) {
            None => {
                return Err(reject(
                    format!(
                        "Message is {} but field \"{key}\" is missing from body",
                        type_value.as_str().unwrap_or_default()
                    ),
                    output_type,
                    early_meta,
                ))
            }
            Some(Value::String(name)) => name.clone(),
            Some(_) => {
                let mut capitalised = key.to_string();
                capitalised[..1].make_ascii_uppercase();
                return Err(reject(
                    format!("{capitalised} field must be a string"),
                    output_type,
                    early_meta,
                ));
            }
        },
        None => String::new(),
    };

    let field = |key: &str| {
        body.get(key)
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()))
    };
    Ok(StartMessage {
        message_type,
        name,
        meta: field("meta"),
        input: field("input"),
        connection: field("connection"),
        dispatcher: field("dispatcher"),
        unreadable_numbers,
    })
}

/// Parses the message; numbers too large for serde_json are read as `null` and returned with
/// their paths, so that the error can name the field instead of a line and column.
pub fn read_json(bytes: &[u8]) -> Result<(Value, Vec<Literal>), serde_json::Error> {
    let err = match serde_json::from_slice(bytes) {
        Ok(message) => return Ok((message, Vec::new())),
        Err(err) => err,
    };
    if !err.to_string().starts_with("number out of range") {
        return Err(err);
    }
    let unreadable: Vec<Literal> = numbers::literals(bytes)
        .into_iter()
        .filter(|literal| numbers::overflows_float(&literal.text))
        .collect();
    let mut patched = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    for literal in &unreadable {
        patched.extend_from_slice(&bytes[copied..literal.span.start]);
        patched.extend_from_slice(b"null");
        copied = literal.span.end;
    }
    patched.extend_from_slice(&bytes[copied..]);
    // Anything else wrong with the text is still reported, with the parser's own words.
    match serde_json::from_slice(&patched) {
        Ok(message) if !unreadable.is_empty() => Ok((message, unreadable)),
        _ => Err(err),
    }
}

/// Python's `str()` of a JSON value, as the runtime formats it into its messages.
fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => super::pyrepr::repr(other),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
