//! Where events go: `POST` to the dispatcher's URL, or, with `--debug`, the step's writer
//! (stdout), back to back, as the runtime's `Http` and `Stdout` dispatchers do.
//!
//! One attempt per call; the trigger loop retries with backoff, and counts alerts as emitted only
//! once an attempt succeeded. The HTTP client is built like the API client's (rustls, the
//! `SSL_CERT_FILE` bundle, no redirects); plain `http` is allowed because the orchestrator's
//! dispatcher is local.

use crate::api::ClientOptions;
use crate::protocol::{shortened, Failure, PluginError};
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use std::io::Write;
use std::sync::Mutex;
use url::Url;

/// The runtime's error for a non-debug trigger run without a dispatcher URL.
pub const MISSING_URL: &str = "missing HTTP dispatcher config url";

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try: the dispatcher was down, slow or answered an error status.
    Retry(String),
    /// No later attempt can succeed (the writer is closed).
    Fatal(String),
}

/// The destination of a trigger's events.
pub enum Sink<'a> {
    /// `--debug`: events are written to the step's writer. The mutex makes the sink `Sync`, so
    /// that the step's future stays `Send` (the writer itself need not be `Sync`).
    Writer(Mutex<&'a mut (dyn Write + Send)>),
    /// The dispatcher: `POST <url>` with the event as a JSON body.
    Http { client: reqwest::Client, url: Url },
}

impl<'a> Sink<'a> {
    /// The sink for a run: the writer with `--debug`, else the `dispatcher.url` of the start
    /// message, which must be an `http` or `https` URL.
    pub fn new(
        debug: bool,
        dispatcher: &Value,
        events: &'a mut (dyn Write + Send),
        options: &ClientOptions,
    ) -> Result<Sink<'a>, Failure> {
        if debug {
            return Ok(Sink::Writer(Mutex::new(events)));
        }
        let text = dispatcher
            .get("url")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .ok_or_else(|| Failure::Client(MISSING_URL.to_owned()))?;
        let url = Url::parse(text)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| {
                Failure::Plugin(PluginError::new(
                    "The dispatcher URL of the start message is not an http or https URL.",
                    "This comes from the orchestrator: check its configuration.",
                ))
            })?;
        let client = crate::api::build_http(options)
            .map_err(|err| Failure::Plugin(err.to_plugin_error(None)))?;
        tracing::info!("Using the dispatcher at {}", describe(&url));
        Ok(Sink::Http { client, url })
    }

    /// Delivers one event envelope.
    pub async fn send(&mut self, envelope: &str) -> Result<(), SendError> {
        match self {
            Sink::Writer(writer) => {
                let writer = writer
                    .get_mut()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                writer
                    .write_all(envelope.as_bytes())
                    .and_then(|()| writer.flush())
                    .map_err(|err| SendError::Fatal(format!("cannot write the event: {err}")))
            }
            Sink::Http { client, url } => {
                let response = client
                    .post(url.clone())
                    .header(CONTENT_TYPE, "application/json")
                    .body(envelope.to_owned())
                    .send()
                    .await
                    .map_err(|err| {
                        SendError::Retry(format!(
                            "POST to {} failed: {}",
                            describe(url),
                            error_chain(&err.without_url())
                        ))
                    })?;
                let status = response.status();
                if status.is_success() {
                    return Ok(());
                }
                let body = response.text().await.unwrap_or_default();
                Err(SendError::Retry(format!(
                    "POST to {} answered HTTP {}: {}",
                    describe(url),
                    status.as_u16(),
                    shortened(&body, 200)
                )))
            }
        }
    }
}

/// The URL without user information, query or fragment, which may hold credentials.
fn describe(url: &Url) -> String {
    format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap_or_default(),
        url.port().map(|p| format!(":{p}")).unwrap_or_default()
    ) + url.path()
}

fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sink_for(dispatcher: Value) -> Result<(), Failure> {
        let mut events = Vec::new();
        Sink::new(false, &dispatcher, &mut events, &ClientOptions::default()).map(|_| ())
    }

    #[test]
    fn a_missing_or_empty_url_is_the_runtime_error() {
        for dispatcher in [
            json!({}),
            json!(null),
            json!({"url": ""}),
            json!({"url": "  "}),
            json!({"url": null, "webhook_url": ""}),
            json!({"url": 3}),
        ] {
            assert_eq!(
                sink_for(dispatcher.clone()).err(),
                Some(Failure::Client(MISSING_URL.into())),
                "{dispatcher}"
            );
        }
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(matches!(
            sink_for(json!({"url": "file:///etc/passwd"})),
            Err(Failure::Plugin(_))
        ));
        assert!(sink_for(json!({"url": "http://localhost:8000"})).is_ok());
    }

    #[test]
    fn described_urls_leave_out_credentials_and_queries() {
        let url = Url::parse("https://user:pw@dispatch.local:8443/events?token=x#y").unwrap();
        assert_eq!(describe(&url), "https://dispatch.local:8443/events");
    }
}
