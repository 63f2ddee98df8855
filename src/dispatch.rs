//! `run_step`: the one entry of a step. The CLI, the http mode and the tests all go through it.
//!
//! Parse the start message, validate connection and input against the generated schemas, route
//! to the action, trigger or connection test, validate the output, and map every error, once,
//! to the envelope. Nothing reaches the network before validation has passed.

use crate::api::Client;
use crate::clock::{Bound, Deadline};
use crate::connection::Connection;
use crate::context::{Ctx, Routes, SchemaCache, Step};
use crate::logging::{self, LogBuffer};
use crate::protocol::{self, Failure, Internal, MessageType, Outcome, PluginError, StartMessage};
use crate::spec::generated::{self, StepSchemas};
use crate::validate::{self, Schema, Section};
use futures_util::FutureExt;
use serde_json::{json, Value};
use std::io::Write;
use std::panic::AssertUnwindSafe;

/// Largest start message accepted: room for a file of 20 MiB, the most upload-library.md
/// takes, as the `file` input carries it in base64 (28 MB).
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// `run` executes the step; `test` runs the connection test and skips input validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Run,
    Test,
}

/// The plugin's own actions: the spec's schemas and the routing table.
pub const PLUGIN_ROUTES: Routes = Routes {
    schemas: generated::ACTIONS,
    handlers: crate::actions::HANDLERS,
};

/// Reads a start message of at most [`MAX_MESSAGE_BYTES`] from `reader`.
pub fn read_message<R: std::io::Read>(reader: R) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    std::io::Read::read_to_end(&mut reader.take(limit), &mut bytes)
        .map_err(|err| format!("Could not read the input message: {err}"))?;
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(format!(
            "Input message is larger than {} MiB: send a smaller start message",
            MAX_MESSAGE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// Runs one step. Trigger events (in `--debug` mode) are written to `events`; the returned
/// outcome is the step's final envelope.
pub async fn run_step(
    message: &[u8],
    mode: Mode,
    ctx: &Ctx,
    events: &mut (dyn Write + Send),
) -> Outcome {
    let start = match protocol::parse(message) {
        Ok(start) => start,
        Err(rejected) => {
            tracing::error!("{}", rejected.error);
            return Outcome {
                output_type: rejected.output_type,
                meta: rejected.meta,
                log: String::new(),
                result: Err(Failure::Client(rejected.error)),
            };
        }
    };
    let log = LogBuffer::new();
    let output_type = Some(start.message_type.output_type());
    let meta = start.meta.clone();
    let run = AssertUnwindSafe(logging::capture(
        log.clone(),
        execute(message, &start, mode, ctx, events, &log),
    ));
    let result = match run.catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(Failure::Internal(Internal::Panic(panic_text(&*panic)))),
    };
    // The runtime writes any error of a connection test but its own with a fixed `exception`.
    let result = match result {
        Err(Failure::Client(text)) if mode == Mode::Test => Err(Failure::TestModeOther(text)),
        Err(Failure::Internal(bug)) if mode == Mode::Test => Err(Failure::TestModeInternal(bug)),
        result => result,
    };
    if let Err(failure) = &result {
        // Logged as it is: the log redacts every line on its way out.
        logging::capture(log.clone(), async {
            tracing::error!("{}", failure.error_text())
        })
        .await;
    }
    let result = result.map_err(|failure| redacted(failure, &log));
    Outcome {
        output_type,
        meta,
        log: log.take(),
        result,
    }
}

/// The failure's texts without the step's secrets. The output is parsed data and is left alone;
/// the log was redacted line by line.
fn redacted(failure: Failure, log: &LogBuffer) -> Failure {
    let text = |text: String| log.redact(&text).into_owned();
    let error = |err: PluginError| PluginError {
        cause: text(err.cause),
        assistance: text(err.assistance),
        data: text(err.data),
    };
    match failure {
        Failure::Plugin(err) => Failure::Plugin(error(err)),
        Failure::ConnectionTest(err) => Failure::ConnectionTest(error(err)),
        Failure::Client(message) => Failure::Client(text(message)),
        Failure::TestModeOther(message) => Failure::TestModeOther(text(message)),
        Failure::Internal(bug) => Failure::Internal(bug.map_text(text)),
        Failure::TestModeInternal(bug) => Failure::TestModeInternal(bug.map_text(text)),
    }
}

/// Formats a rejected read (too large, unreadable) as the envelope the caller owes.
pub fn unreadable(error: String) -> Outcome {
    tracing::error!("{error}");
    Outcome {
        output_type: None,
        meta: Value::Null,
        log: String::new(),
        result: Err(Failure::Client(error)),
    }
}

async fn execute(
    message: &[u8],
    start: &StartMessage,
    mode: Mode,
    ctx: &Ctx,
    events: &mut (dyn Write + Send),
    log: &LogBuffer,
) -> Result<Value, Failure> {
    let routes = ctx.routes.unwrap_or(PLUGIN_ROUTES);
    let (kind, schemas) = step_schemas(start, mode, &routes)?;
    let connection = checked_connection(&start.connection, ctx.schemas())?;
    let client = ctx
        .client(&connection, &start.connection)
        .map_err(Failure::Plugin)?;
    log.redact_with(client.redactor().clone());
    // A trigger runs until stopped: each of its polls gets a budget of its own instead.
    let client = if start.message_type == MessageType::TriggerStart {
        client
    } else {
        client.with_deadline(Deadline::after(
            ctx.time.clock.now(),
            ctx.step_budget,
            Bound::Step,
        ))
    };

    let Some(schemas) = schemas else {
        return connection_test(&client).await;
    };
    let input = checked_input(message, start, mode, kind, schemas, ctx.schemas())?;
    // The runtime's first log line, with the spec title where it writes `Plugin.name`.
    tracing::info!(
        "{}/{}:{}. Step name: {}",
        generated::VENDOR,
        generated::TITLE,
        generated::VERSION,
        start.name
    );
    if mode == Mode::Test {
        return connection_test(&client).await;
    }

    let step = Step { ctx, client };
    let output = match start.message_type {
        MessageType::ActionStart => {
            let handler = routes
                .handlers
                .iter()
                .find(|(name, _)| *name == start.name)
                .map(|(_, handler)| handler)
                .ok_or_else(|| {
                    Failure::Internal(Internal::NoHandler {
                        kind: "action",
                        name: start.name.clone(),
                    })
                })?;
            handler(&step, input).await?
        }
        _ => {
            let trigger = crate::triggers::TriggerRun {
                start,
                input,
                events,
                log,
            };
            // Triggers map their own errors: some are the runtime's plain ones, such as the
            // missing dispatcher URL.
            crate::triggers::run(&step, trigger).await?
        }
    };
    if start.message_type == MessageType::ActionStart {
        let schema = compiled(ctx.schemas(), schemas.output)?;
        validate::check_output(&schema, &output)
            .map_err(|text| Failure::Internal(Internal::Output(text)))?;
    }
    Ok(output)
}

/// Parses a start message and makes every check a step makes before it builds a client: the
/// step's name, numbers too large to read, the connection, and the input in `run` mode. No I/O;
/// for the fuzz target (`fuzz/`), which must not reach a network.
#[doc(hidden)]
pub fn check_message(message: &[u8], mode: Mode) -> Result<Option<Value>, Failure> {
    let start = protocol::parse(message).map_err(|rejected| Failure::Client(rejected.error))?;
    let (kind, schemas) = step_schemas(&start, mode, &PLUGIN_ROUTES)?;
    let cache = SchemaCache::default();
    checked_connection(&start.connection, &cache)?;
    schemas
        .map(|schemas| checked_input(message, &start, mode, kind, schemas, &cache))
        .transpose()
}

/// The step's kind and schemas (none for a connection test), once no number in the message is
/// too large to read.
fn step_schemas(
    start: &StartMessage,
    mode: Mode,
    routes: &Routes,
) -> Result<(&'static str, Option<&'static StepSchemas>), Failure> {
    let (kind, schemas) = match start.message_type {
        MessageType::ActionStart => ("action", find(routes.schemas, &start.name)),
        MessageType::TriggerStart => ("trigger", find(generated::TRIGGERS, &start.name)),
        MessageType::TaskStart => ("task", None),
        MessageType::ConnectionTest => ("connection", None),
    };
    if start.message_type != MessageType::ConnectionTest && schemas.is_none() {
        return Err(Failure::Client(format!(
            "Unknown {kind} \"{}\"",
            start.name
        )));
    }
    // In `test` the input is not read, so a number there cannot stop the test.
    if let Some(literal) = start
        .unreadable_numbers
        .iter()
        .find(|literal| mode == Mode::Run || !literal.path.starts_with(&input_path()))
    {
        return Err(Failure::Plugin(number_too_large(
            &literal.path,
            &literal.text,
        )));
    }
    Ok((kind, schemas))
}

/// The input with defaults applied, checked against the schema in `run` mode (`test` skips it).
fn checked_input(
    message: &[u8],
    start: &StartMessage,
    mode: Mode,
    kind: &'static str,
    schemas: &StepSchemas,
    cache: &SchemaCache,
) -> Result<Value, Failure> {
    let mut input = start.input.clone();
    if mode == Mode::Run {
        let schema = compiled(cache, schemas.input)?;
        validate::apply_defaults(&schema, &mut input);
        validate::check(Section::Input(kind), &schema, &input).map_err(Failure::Client)?;
        check_whole_numbers(message, &schema, &input)?;
    }
    Ok(input)
}

fn input_path() -> [String; 2] {
    ["body".to_string(), "input".to_string()]
}

/// Refuses a whole-number input that passed the schema but does not fit in 64 bits: serde_json
/// reads an integer beyond `u64` as a float, which the schema still takes for an integer.
fn check_whole_numbers(message: &[u8], schema: &Schema, input: &Value) -> Result<(), Failure> {
    let Some(properties) = schema.json.get("properties").and_then(Value::as_object) else {
        return Ok(());
    };
    for (name, property) in properties {
        let value = &input[name.as_str()];
        if property["type"] != "integer" || !value.is_number() || value.as_i64().is_some() {
            continue;
        }
        let mut path = input_path().to_vec();
        path.push(name.clone());
        // Quoted as written: the float serde_json made of it has lost digits.
        let written = protocol::numbers::literals(message)
            .into_iter()
            .rfind(|literal| literal.path == path)
            .map_or_else(|| value.to_string(), |literal| literal.text);
        return Err(Failure::Plugin(number_too_large(&path, &written)));
    }
    Ok(())
}

/// The error for a number no number type holds, at `path` in the start message.
fn number_too_large(path: &[String], written: &str) -> PluginError {
    let size = if written.starts_with('-') {
        "too small"
    } else {
        "too large"
    };
    // A literal holds only digits, signs, `.` and `e`, but may be hundreds of digits long.
    let shown = protocol::shortened(written, 40);
    match path {
        [body, section, rest @ ..] if body == "body" && section == "input" && !rest.is_empty() => {
            let field = protocol::numbers::dotted(rest);
            let advice = whole_number_advice(&field)
                .unwrap_or_else(|| format!("Give {field} a value that fits its type."));
            PluginError::new(format!("The input {field} is {shown}, {size}."), advice)
        }
        [body, section, rest @ ..] if body == "body" && section == "connection" => {
            let field = protocol::numbers::dotted(rest);
            PluginError::new(
                format!("The connection field {field} is {shown}, {size}."),
                format!("Correct {field} in the plugin connection."),
            )
        }
        _ => PluginError::new(
            format!(
                "The start message holds the number {shown} at {}, {size} to read.",
                protocol::numbers::dotted(path)
            ),
            "Send numbers that fit in 64 bits.",
        ),
    }
}

/// The advice of a whole-number input's own range check, so that each range is written once.
fn whole_number_advice(field: &str) -> Option<String> {
    let refused = match field {
        "wait_timeout" => crate::actions::machine_action::Wait::new(true, i64::MAX)
            .check()
            .err(),
        "limit" => crate::actions::query::limit(field, i64::MAX).err(),
        "max_file_size" => crate::actions::live_response::check_max_file_size(i64::MAX).err(),
        "frequency" => crate::triggers::frequency(i64::MAX).err(),
        "backfill_minutes" => crate::triggers::backfill(i64::MAX).err(),
        "lookback_overlap_minutes" => crate::triggers::overlap(i64::MAX).err(),
        "lookback_hours" => crate::actions::enrichment::look_back(i64::MAX).err(),
        _ => None,
    };
    refused.map(|err| err.assistance)
}

fn find(steps: &'static [StepSchemas], name: &str) -> Option<&'static StepSchemas> {
    steps.iter().find(|step| step.name == name)
}

/// Validates the connection against its schema (defaults applied) and reads it.
fn checked_connection(raw: &Value, cache: &SchemaCache) -> Result<Connection, Failure> {
    let schema = compiled(cache, generated::CONNECTION_SCHEMA)?;
    let mut connection = raw.clone();
    validate::apply_defaults(&schema, &mut connection);
    validate::check(Section::Connection, &schema, &connection).map_err(Failure::Client)?;
    serde_json::from_value(connection)
        .map_err(|err| Failure::Client(format!("Connection JSON was invalid: {err}")))
}

/// `test`: a token and one cheap authenticated call, reported as a connection test.
async fn connection_test(client: &Client) -> Result<Value, Failure> {
    crate::actions::connection_test(client)
        .await
        .map(|()| json!({"success": true}))
        .map_err(Failure::ConnectionTest)
}

/// A schema from the cache; one that does not compile is a bug of the plugin.
fn compiled(cache: &SchemaCache, text: &'static str) -> Result<std::sync::Arc<Schema>, Failure> {
    cache
        .get(text)
        .map_err(|err| Failure::Internal(Internal::Schema(err)))
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whole_number_input_of_the_spec_has_its_range_advice() {
        for step in generated::ACTIONS.iter().chain(generated::TRIGGERS) {
            let schema: Value = serde_json::from_str(step.input).unwrap();
            let Some(properties) = schema["properties"].as_object() else {
                continue;
            };
            for (name, property) in properties {
                if property["type"] == "integer" {
                    let advice = whole_number_advice(name);
                    assert!(
                        advice.is_some(),
                        "{}: {name} has no range advice",
                        step.name
                    );
                }
            }
        }
    }
}
