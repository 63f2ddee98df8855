//! Output envelopes, byte for byte as the runtime writes them.

use super::error::PluginError;
use crate::pyjson;
use serde_json::{json, Map, Value};

/// Why a step failed, which decides the envelope's `error` text and its `exception` block.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// A `PluginException`: `error` is its text and `exception` carries cause, assistance, data.
    Plugin(PluginError),
    /// A failed connection test (`ConnectionTestException`).
    ConnectionTest(PluginError),
    /// A client or validation error: `error` only, as the runtime writes it.
    Client(String),
    /// Any other error in test mode, which the runtime reports with a fixed `exception` block.
    TestModeOther(String),
    /// A bug of the plugin, written as the runtime writes an unexpected exception: `error` only
    /// (http mode answers it with 500, not 400).
    Internal(Internal),
    /// A bug of the plugin in test mode: as `TestModeOther`, and still a 500 in http mode.
    TestModeInternal(Internal),
}

/// The failures only a bug of the plugin causes, never the input or the API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Internal {
    /// A step of the spec that the routing table does not hold.
    #[error("The {kind} {name} has no handler. This is a bug in the plugin: every {kind} of the spec needs one.")]
    NoHandler { kind: &'static str, name: String },
    /// Input the schema accepted that the step's input type does not.
    #[error("The input passed validation but does not fit the {kind}'s input type ({detail}). This is a bug in the plugin: report it with the input.")]
    Input { kind: &'static str, detail: String },
    /// An output that does not fit its type or fails its schema. The text is the check's own,
    /// as the runtime writes its `ValidationError`.
    #[error("{0}")]
    Output(String),
    /// A schema generated from the spec that does not compile.
    #[error("A schema of the plugin does not compile ({0}). This is a bug in the plugin: report it with the step's log.")]
    Schema(String),
    /// A handler panicked.
    #[error("The plugin hit an internal error ({0}). This is a bug in the plugin: report it with the step's log.")]
    Panic(String),
}

impl Internal {
    /// The same failure with `edit` applied to its free text (the redaction of secrets).
    pub fn map_text(self, edit: impl Fn(String) -> String) -> Internal {
        match self {
            Internal::NoHandler { kind, name } => Internal::NoHandler {
                kind,
                name: edit(name),
            },
            Internal::Input { kind, detail } => Internal::Input {
                kind,
                detail: edit(detail),
            },
            Internal::Output(text) => Internal::Output(edit(text)),
            Internal::Schema(text) => Internal::Schema(edit(text)),
            Internal::Panic(text) => Internal::Panic(edit(text)),
        }
    }
}

impl Failure {
    /// Whether the plugin, not the input or the API, is at fault: http mode answers 500.
    pub fn is_internal(&self) -> bool {
        matches!(self, Failure::Internal(_) | Failure::TestModeInternal(_))
    }

    pub fn error_text(&self) -> String {
        match self {
            Failure::Plugin(err) => err.to_string(),
            Failure::ConnectionTest(err) => err.connection_test_message(),
            Failure::Client(text) | Failure::TestModeOther(text) => text.clone(),
            Failure::Internal(bug) | Failure::TestModeInternal(bug) => bug.to_string(),
        }
    }

    fn exception(&self) -> Option<Value> {
        let (cause, assistance, data) = match self {
            Failure::Plugin(err) | Failure::ConnectionTest(err) => (
                err.cause.as_str(),
                err.assistance.as_str(),
                err.data.clone(),
            ),
            Failure::TestModeOther(_) | Failure::TestModeInternal(_) => (
                "Plugin connection test failed.",
                "See error log for more details.",
                self.error_text(),
            ),
            Failure::Client(_) | Failure::Internal(_) => return None,
        };
        Some(json!({"cause": cause, "assistance": assistance, "data": data}))
    }
}

/// The result of one step, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `None` writes `"type": null`, as the runtime does for a message it could not classify.
    pub output_type: Option<&'static str>,
    pub meta: Value,
    pub log: String,
    pub result: Result<Value, Failure>,
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The envelope: `{"body": {"log", "status", "meta", "output"|"error", ["exception"]}, "version", "type"}`.
    pub fn to_value(&self) -> Value {
        let mut body = Map::new();
        body.insert("log".into(), json!(self.log));
        body.insert(
            "status".into(),
            json!(if self.is_ok() { "ok" } else { "error" }),
        );
        body.insert("meta".into(), self.meta.clone());
        match &self.result {
            Ok(output) => {
                body.insert("output".into(), output.clone());
            }
            Err(failure) => {
                body.insert("error".into(), json!(failure.error_text()));
                if let Some(exception) = failure.exception() {
                    body.insert("exception".into(), exception);
                }
            }
        }
        json!({"body": Value::Object(body), "version": "v1", "type": self.output_type})
    }

    /// The bytes written to stdout (no trailing newline, like `json.dump`).
    pub fn to_wire(&self) -> String {
        pyjson::compact(&self.to_value())
    }
}

/// A trigger event: `{"body": {"meta", "output", "log"}, "type": "trigger_event", "version": "v1"}`.
///
/// Written piece by piece rather than built as one `Value`: an event carries up to a thousand
/// alerts, and copying them into an envelope first was a tenth of a trigger's CPU time.
pub fn trigger_event(meta: &Value, output: &Value, log: &str) -> String {
    let mut out = String::with_capacity(256 + log.len());
    out.push_str("{\"body\": {\"meta\": ");
    pyjson::push_compact(&mut out, meta);
    out.push_str(", \"output\": ");
    pyjson::push_compact(&mut out, output);
    out.push_str(", \"log\": ");
    pyjson::push_string(&mut out, log);
    out.push_str("}, \"type\": \"trigger_event\", \"version\": \"v1\"}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(result: Result<Value, Failure>) -> Outcome {
        Outcome {
            output_type: Some("action_event"),
            meta: json!({"jobId": "j1"}),
            log: String::new(),
            result,
        }
    }

    // Expected strings are the runtime's observed bytes (protocol.md §2).
    #[test]
    fn success_envelope_matches_the_runtime() {
        let out = outcome(Ok(
            json!({"machine_isolation_response": {"id": "b89e", "status": "InProgress"}}),
        ));
        assert_eq!(
            out.to_wire(),
            r#"{"body": {"log": "", "status": "ok", "meta": {"jobId": "j1"}, "output": {"machine_isolation_response": {"id": "b89e", "status": "InProgress"}}}, "version": "v1", "type": "action_event"}"#
        );
    }

    #[test]
    fn plugin_error_envelope_matches_the_runtime() {
        let err =
            PluginError::new("Machine not found.", "Check the machine ID.").with_data("404 body");
        assert_eq!(
            outcome(Err(Failure::Plugin(err))).to_wire(),
            r#"{"body": {"log": "", "status": "error", "meta": {"jobId": "j1"}, "error": "An error occurred during plugin execution! Machine not found. Check the machine ID. Response was 404 body", "exception": {"cause": "Machine not found.", "assistance": "Check the machine ID.", "data": "404 body"}}, "version": "v1", "type": "action_event"}"#
        );
    }

    #[test]
    fn generic_error_envelope_has_no_exception() {
        assert_eq!(
            outcome(Err(Failure::Client("unexpected".into()))).to_wire(),
            r#"{"body": {"log": "", "status": "error", "meta": {"jobId": "j1"}, "error": "unexpected"}, "version": "v1", "type": "action_event"}"#
        );
    }

    #[test]
    fn trigger_event_has_no_status() {
        assert_eq!(
            trigger_event(
                &json!({"triggerId": "t1"}),
                &json!({"alert": {"id": "a1"}}),
                ""
            ),
            r#"{"body": {"meta": {"triggerId": "t1"}, "output": {"alert": {"id": "a1"}}, "log": ""}, "type": "trigger_event", "version": "v1"}"#
        );
    }

    #[test]
    fn trigger_event_writes_what_the_whole_envelope_would() {
        let meta = json!({"triggerId": "t1", "n": null});
        let output = json!({"results": [{"id": "a\"1", "title": "Caf\u{e9} \u{1F600}", "n": 1.5}]});
        let log = "line one\nline \"two\"";
        assert_eq!(
            trigger_event(&meta, &output, log),
            pyjson::compact(&json!({
                "body": {"meta": meta, "output": output, "log": log},
                "type": "trigger_event",
                "version": "v1",
            }))
        );
    }
}
