//! Step logs: every `tracing` event goes to stderr in the runtime's format and into the
//! `body.log` of the step that emitted it.
//!
//! The capture buffer is task-local, so concurrent steps in http mode keep their logs apart. It
//! also holds the step's [`Redactor`] once the step knows its connection: every line is redacted
//! before it is kept or written to stderr.

use crate::redact::Redactor;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

tokio::task_local! {
    static CAPTURE: LogBuffer;
}

/// The log text of one step (or, for a trigger, of one event), and the step's redactor.
#[derive(Clone, Default)]
pub struct LogBuffer {
    text: Arc<Mutex<String>>,
    redactor: Arc<OnceLock<Redactor>>,
}

impl LogBuffer {
    pub fn new() -> LogBuffer {
        LogBuffer::default()
    }

    /// Sets the redactor of the step's connection; a step has one, so a second call is ignored.
    pub fn redact_with(&self, redactor: Redactor) {
        let _ = self.redactor.set(redactor);
    }

    /// `text` without the step's secrets (as it is, before the step knows its connection).
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.redactor.get() {
            Some(redactor) => redactor.redact(text),
            None => Cow::Borrowed(text),
        }
    }

    /// Everything captured since the last call, emptying the buffer (a trigger's `log` holds
    /// what happened since its previous event).
    pub fn take(&self) -> String {
        std::mem::take(&mut *self.lock())
    }

    pub fn contents(&self) -> String {
        self.lock().clone()
    }

    fn push_line(&self, line: &str) {
        let mut buffer = self.lock();
        buffer.push_str(line);
        buffer.push('\n');
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        // A panic while holding the lock leaves a plain string behind: still usable.
        self.text
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Runs `future` with its log events captured into `buffer`.
pub async fn capture<F: std::future::Future>(buffer: LogBuffer, future: F) -> F::Output {
    CAPTURE.scope(buffer, future).await
}

/// Installs the global subscriber once; `debug` lowers the level to DEBUG.
pub fn init(debug: bool) {
    init_with(debug, true);
}

/// As [`init`]; `to_stderr: false` only captures, which keeps test output readable.
pub fn init_with(debug: bool, to_stderr: bool) {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let level = if debug { Level::DEBUG } else { Level::INFO };
        let subscriber = tracing_subscriber::registry().with(StepLayer { level, to_stderr });
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

struct StepLayer {
    level: Level,
    to_stderr: bool,
}

impl<S: Subscriber> Layer<S> for StepLayer {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        // Only our own crate's events: dependencies (hyper, rustls) would flood body.log.
        metadata.level() <= &self.level && metadata.target().starts_with("windows_defender_atp")
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut visitor = MessageVisitor::default();
        event.record(&mut visitor);
        let mut line = visitor.finish();
        let _ = CAPTURE.try_with(|buffer| {
            if let Cow::Owned(redacted) = buffer.redact(&line) {
                line = redacted;
            }
            buffer.push_line(&line);
        });
        if !self.to_stderr {
            return;
        }
        let level = event.metadata().level().as_str().to_ascii_lowercase();
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .unwrap_or_default();
        let _ = writeln!(std::io::stderr().lock(), "{stamp} [{level:<9}] {line}");
    }
}

#[derive(Default)]
struct MessageVisitor {
    message: String,
    fields: String,
}

impl MessageVisitor {
    fn finish(self) -> String {
        if self.fields.is_empty() {
            self.message
        } else {
            format!("{}{}", self.message, self.fields)
        }
    }
}

impl Visit for MessageVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
}
