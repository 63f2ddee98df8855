//! The client's error type and its one mapping to the plugin's [`PluginError`].
//!
//! Every failure the client can meet ends up as an [`ApiError`]; actions turn it into a
//! `PluginError` with [`ApiError::to_plugin_error`], which is the only place where HTTP
//! details become advice for an analyst. Keeping that mapping in one `match` means one table to
//! review and test.
//!
//! No variant holds the client secret, an access token or an `Authorization` header from the
//! client itself. Bodies are kept as the server sent them: Defender and Entra ID echo neither,
//! but a proxy or a wrong `login_url` may, so every text built from an error is redacted where it
//! leaves the process (`crate::redact`).

use crate::protocol::error::{preset, shortened, shown, PluginError};
use std::fmt;
use std::time::Duration;

/// How long an error body or snippet may be; enough for any Defender error envelope.
pub const MAX_BODY: usize = 4096;

/// What the transport layer failed at; decides between the timeout and connection presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The TCP or TLS connection could not be set up.
    Connect,
    /// No complete answer within the configured timeout.
    Timeout,
    /// The connection broke during the exchange (reset, closed early, unreadable body).
    Broken,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Broken => "connection broken",
        })
    }
}

/// A failure of the Defender API client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The API answered with a non-success status, after any retries.
    #[error(
        "the Defender API answered HTTP {status}{}: {message}",
        code_suffix(code)
    )]
    Http {
        status: u16,
        /// Defender's `error.code`, e.g. `ResourceNotFound`.
        code: Option<String>,
        /// Defender's `error.message`, or a short body snippet when the body is not the envelope.
        message: String,
        /// Defender's `error.target`, a correlation ID that Microsoft support asks for.
        target: Option<String>,
        /// The raw body, truncated.
        body: String,
    },
    /// The token endpoint (Microsoft Entra ID) refused the client credentials.
    #[error("authentication failed (HTTP {status}, {error}): {description}")]
    Auth {
        status: u16,
        /// The OAuth2 `error`, e.g. `invalid_client`.
        error: String,
        /// `error_description`, which starts with the `AADSTS…` code.
        description: String,
        /// `error_codes`, e.g. `[7000215]`.
        codes: Vec<u64>,
        body: String,
    },
    /// Still rate-limited (HTTP 429) when retries or the wait budget ran out.
    #[error("rate-limited by the service{}", retry_after_suffix(*retry_after))]
    Throttled {
        retry_after: Option<Duration>,
        body: String,
    },
    /// No HTTP answer at all. `host` is the host name only: no path, query or credentials.
    #[error("{kind} to {host}: {detail}")]
    Transport {
        kind: TransportKind,
        host: String,
        detail: String,
    },
    /// The step's time (or a poll's, or a wait's) ran out before the service gave a complete
    /// answer: it accepted the request and then said nothing, or drip-fed the body.
    /// `operation` is the method, host and path (no query), or the token request and its host.
    #[error("{operation}: no complete answer within {within}")]
    OutOfTime { operation: String, within: String },
    /// A success status with a body that is not JSON, or a list answer that is not a
    /// collection. `what` is the request.
    #[error("unexpected response for {what}: {snippet}")]
    Decode { what: String, snippet: String },
    /// A success status with JSON that does not fit the entity it should hold, such as a
    /// machine action without an ID: the URL reaches something else, or the API changed.
    /// `what` names the entity ("machine action", "indicator list"), `detail` says what did not
    /// fit, `snippet` is the start of the JSON.
    #[error("received a {what} in an unexpected shape ({detail})")]
    UnexpectedShape {
        what: String,
        detail: String,
        snippet: String,
    },
    /// The connection settings cannot work; the message says why and what to change.
    #[error("{0}")]
    InvalidConfig(String),
    /// An ID refused before it could reach a URL path.
    #[error("invalid {field} {}: expected {expected}", shown(value))]
    InvalidId {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    /// Paging stopped because the service's continuation could not be trusted or was endless.
    #[error("paging stopped: {0}")]
    Paging(String),
    /// The answer was larger than the client reads (`ClientOptions::max_response_bytes`).
    /// `what` is the request: method, host and path, or the token request and its host.
    #[error("the answer to {what} is larger than {}", size_text(*limit))]
    ResponseTooLarge { what: String, limit: usize },
    /// HTTP 404 whose body is not the service's own error: nothing serves that path, so the
    /// connection's URL is wrong, not the ID that was asked for.
    #[error("{url} answered HTTP 404 without the service's error body")]
    NoRoute {
        /// The connection field that sets the host and path: `api_url` or `login_url`.
        field: &'static str,
        /// The request's scheme, host and path, without the query.
        url: String,
        body: String,
    },
}

/// A size limit for a message: in MiB when it is a whole number of them.
pub(crate) fn size_text(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
}

fn retry_after_suffix(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|d| format!("; retry after {} seconds", d.as_secs()))
        .unwrap_or_default()
}

/// Cuts a body to [`MAX_BODY`] characters for an error's data.
pub(crate) fn truncate(text: &str) -> String {
    shortened(text, MAX_BODY).into_owned()
}

/// The error for a non-success answer of the API at `url`: a 404 without Defender's envelope is
/// a path no route serves ([`ApiError::NoRoute`]); everything else is [`http_error`].
#[doc(hidden)]
pub fn api_error(url: &url::Url, status: u16, body: &str) -> ApiError {
    if status == 404 && !is_defender_error(body) {
        return no_route("api_url", url, body);
    }
    http_error(status, body)
}

/// A 404 no route answered, naming the connection field that sets the host and path.
pub(crate) fn no_route(field: &'static str, url: &url::Url, body: &str) -> ApiError {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    ApiError::NoRoute {
        field,
        url: shown.to_string(),
        body: truncate(body),
    }
}

/// Whether a body is Defender's error envelope, `{"error":{"code": "…", …}}` (common-errors.md).
/// An entity that does not exist is answered that way; a path that nothing serves is not.
pub(crate) fn is_defender_error(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body).is_ok_and(|value| {
        value
            .get("error")
            .and_then(|error| error.get("code"))
            .is_some_and(serde_json::Value::is_string)
    })
}

/// Parses Defender's error envelope `{"error":{"code","message","target"}}` into an `Http` error.
pub(crate) fn http_error(status: u16, body: &str) -> ApiError {
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let envelope = parsed.as_ref().and_then(|v| v.get("error"));
    let field = |name: &str| {
        envelope
            .and_then(|e| e.get(name))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let message = field("message").unwrap_or_else(|| {
        if body.trim().is_empty() {
            "(empty body)".to_owned()
        } else {
            shortened(body, 300).into_owned()
        }
    });
    ApiError::Http {
        status,
        code: field("code"),
        message,
        target: field("target"),
        body: truncate(body),
    }
}

/// Parses Entra ID's token error `{"error","error_description","error_codes"}`.
///
/// Returns `None` when the body is not that shape, so the caller can fall back to `http_error`.
pub(crate) fn auth_error(status: u16, body: &str) -> Option<ApiError> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let error = value.get("error")?.as_str()?.to_owned();
    let description = value
        .get("error_description")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let codes = value
        .get("error_codes")
        .and_then(|v| v.as_array())
        .map(|codes| codes.iter().filter_map(|c| c.as_u64()).collect())
        .unwrap_or_default();
    Some(ApiError::Auth {
        status,
        error,
        description,
        codes,
        body: truncate(body),
    })
}

/// Pulls the permission list out of Microsoft's 403 message:
/// `…required application permissions (Machine.Isolate) to access…` gives `["Machine.Isolate"]`.
fn missing_permissions(message: &str) -> Vec<String> {
    let Some(start) = message.find("permissions (") else {
        return Vec::new();
    };
    let rest = &message[start + "permissions (".len()..];
    let Some(end) = rest.find(')') else {
        return Vec::new();
    };
    rest[..end]
        .split(',')
        .map(str::trim)
        // Permission names are dotted words; anything else is not something to tell an analyst
        // to grant.
        .filter(|p| {
            !p.is_empty()
                && p.len() <= 64
                && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
        })
        .map(str::to_owned)
        .collect()
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The one place that knows what each AADSTS code means for the analyst.
fn auth_advice(error: &str, codes: &[u64], description: &str) -> (String, String) {
    let has = |code: u64| codes.contains(&code) || description.contains(&format!("AADSTS{code}"));
    let first_line = description.lines().next().unwrap_or_default();
    if has(7000215) {
        (
            "Authentication failed: Microsoft Entra ID rejected the application secret.".into(),
            "Check the application secret in the connection: use the secret's Value (not its ID) \
             and create a new one under Certificates & secrets in the app registration if it has \
             expired. Also check that the directory (tenant) ID is the tenant where the \
             application is registered."
                .into(),
        )
    } else if has(7000222) {
        (
            "Authentication failed: the application secret has expired.".into(),
            "Create a new client secret under Certificates & secrets in the app registration and \
             update the connection."
                .into(),
        )
    } else if has(90002) {
        (
            "Authentication failed: the directory (tenant) was not found.".into(),
            "Check the directory (tenant) ID in the connection: it must be the tenant's GUID or \
             a domain such as contoso.onmicrosoft.com, and the environment (cloud) must be the \
             one that hosts the tenant."
                .into(),
        )
    } else if has(700016) {
        (
            "Authentication failed: the application ID was not found in the directory.".into(),
            "Check the application (client) ID in the connection and that the application is \
             registered in, or consented to by, the tenant given as directory ID."
                .into(),
        )
    } else if has(70011) || has(1002012) || error == "invalid_scope" {
        (
            format!("Authentication failed: the token scope was refused. {first_line}"),
            "Check that the environment (cloud) in the connection matches the tenant's cloud."
                .into(),
        )
    } else if error == "invalid_client" || error == "unauthorized_client" {
        (
            format!("Authentication failed: invalid client credentials. {first_line}"),
            "Check the application ID, the application secret (it may have expired) and the \
             directory (tenant) ID in the connection."
                .into(),
        )
    } else {
        let base = preset::invalid_credentials();
        (
            format!("{} {first_line}", base.cause),
            "Check the application ID, the application secret and the directory (tenant) ID in \
             the connection."
                .into(),
        )
    }
}

fn throttled(retry_after: Option<Duration>, body: &str) -> PluginError {
    let base = preset::rate_limit();
    let when = match retry_after {
        Some(wait) => format!("Retry after {} seconds.", wait.as_secs().max(1)),
        None => "Retry in a minute.".to_owned(),
    };
    PluginError::new(
        base.cause,
        format!(
            "{when} {} Most Defender APIs allow 100 calls per minute and 1,500 per hour.",
            base.assistance
        ),
    )
    .with_data(body)
}

/// What an error is about, when the caller looked something up by ID: `("machine", "abc…")`.
pub type Lookup<'a> = Option<(&'a str, &'a str)>;

impl ApiError {
    /// Turns this error into the step's error, with a cause and assistance an analyst can act on.
    ///
    /// `lookup` names what the request was about (e.g. `Some(("machine", id))`), so that a 404
    /// can say which ID was not found. `data` holds the raw error body.
    pub fn to_plugin_error(&self, lookup: Lookup<'_>) -> PluginError {
        match self {
            ApiError::Auth {
                error,
                description,
                codes,
                body,
                ..
            } => {
                let (cause, assistance) = auth_advice(error, codes, description);
                PluginError::new(cause, assistance).with_data(body.clone())
            }
            ApiError::Http { status: 401, body, .. } => PluginError::new(
                "The Defender API rejected the access token (HTTP 401).",
                "Check the application secret in the connection (it may have expired), that the \
                 directory (tenant) ID is right, and that the environment (cloud) matches the \
                 tenant: a token from one cloud is not valid in another.",
            )
            .with_data(body.clone()),
            ApiError::Http {
                status: 403,
                message,
                body,
                ..
            } => {
                let permissions = missing_permissions(message);
                if permissions.is_empty() {
                    PluginError::new(
                        format!("The Defender API refused the request (HTTP 403): {}", sentence(message)),
                        "Check the application permissions of the app registration (API \
                         permissions → APIs my organization uses → WindowsDefenderATP → \
                         Application permissions) and that admin consent was granted, and that \
                         the feature is enabled in Microsoft Defender.",
                    )
                    .with_data(body.clone())
                } else {
                    let names = join_or(&permissions);
                    PluginError::new(
                        format!(
                            "The application is missing the permission {names} needed for this \
                             request."
                        ),
                        format!(
                            "In the Azure portal, open the app registration, go to API \
                             permissions → Add a permission → APIs my organization uses → \
                             WindowsDefenderATP → Application permissions, add {names}, then \
                             select Grant admin consent."
                        ),
                    )
                    .with_data(body.clone())
                }
            }
            ApiError::Http {
                status: 404,
                message,
                body,
                ..
            } => match lookup {
                Some((what, id)) => PluginError::new(
                    format!("No {what} with ID {} was found.", shown(id)),
                    format!(
                        "Check the {what} ID and that it belongs to this tenant. Microsoft said: \
                         \"{message}\""
                    ),
                )
                .with_data(body.clone()),
                None => {
                    let base = preset::not_found();
                    PluginError::new(format!("{} Microsoft said: \"{message}\"", base.cause), base.assistance)
                        .with_data(body.clone())
                }
            },
            ApiError::Http {
                status: 400,
                code,
                message,
                body,
                ..
            } => {
                let code = code.as_deref().unwrap_or("BadRequest");
                let assistance = match code {
                    "ActiveRequestAlreadyExists" => {
                        "An action of this kind is already pending on the machine. Wait for it to \
                         finish (see Get Machine Action) or cancel it, then try again."
                            .to_owned()
                    }
                    "ODataError" => "Check the filter, ordering and other query inputs: the \
                                     service could not parse them."
                        .to_owned(),
                    "InvalidInput" | "InvalidRequestBody" | "MissingRequiredParameter" => {
                        "Check the action inputs: a value is missing or not in the form the \
                         service expects."
                            .to_owned()
                    }
                    _ => preset::bad_request().assistance,
                };
                PluginError::new(
                    format!("The Defender API refused the request ({code}): {}", sentence(message)),
                    assistance,
                )
                .with_data(body.clone())
            }
            ApiError::Throttled { retry_after, body } => throttled(*retry_after, body),
            // Only reachable if a caller builds it by hand: the client turns a final 429 into
            // `Throttled`.
            ApiError::Http {
                status: 429, body, ..
            } => throttled(None, body),
            ApiError::Http { status: 503, body, .. } => {
                preset::service_unavailable().with_data(body.clone())
            }
            ApiError::Http { status, body, .. } if *status >= 500 => {
                let base = preset::server_error();
                PluginError::new(format!("{} (HTTP {status}).", base.cause), base.assistance)
                    .with_data(body.clone())
            }
            ApiError::Http { status, body, .. } if (300..400).contains(status) => PluginError::new(
                format!("The server answered with a redirect (HTTP {status}), which the plugin does not follow."),
                "Check the API URL and login URL in the connection: they must point directly at \
                 the Microsoft service (or leave them empty to use the environment's defaults).",
            )
            .with_data(body.clone()),
            ApiError::Http {
                status,
                code,
                message,
                body,
                ..
            } => PluginError::new(
                format!(
                    "The Defender API answered HTTP {status}{}: {message}",
                    code_suffix(code)
                ),
                preset::bad_request().assistance,
            )
            .with_data(body.clone()),
            ApiError::Transport {
                kind: TransportKind::Timeout,
                host,
                ..
            } => {
                let base = preset::timeout();
                PluginError::new(
                    format!("The connection to {host} timed out."),
                    base.assistance,
                )
            }
            ApiError::OutOfTime { .. } => PluginError::new(
                format!("{self}."),
                "The service, or a proxy or firewall on the way, accepted the request but did \
                 not answer in time. Retry the step later; if it keeps happening, check the \
                 network path to the host. For local runs, PLUGIN_STEP_TIMEOUT (seconds) sets \
                 the budget.",
            ),
            ApiError::Transport { host, detail, .. } => {
                let base = preset::connection_error();
                PluginError::new(
                    format!("{} Host: {host}.", base.cause),
                    format!(
                        "{} Check that {host} is reachable from the orchestrator (DNS, firewall, \
                         proxy).",
                        base.assistance
                    ),
                )
                .with_data(detail.clone())
            }
            ApiError::Decode { what, snippet } => {
                let base = preset::invalid_json();
                PluginError::new(
                    format!("{} The response for {what} could not be read.", base.cause),
                    format!("{} If the issue persists, please contact support.", base.assistance),
                )
                .with_data(snippet.clone())
            }
            ApiError::UnexpectedShape {
                what,
                detail,
                snippet,
            } => PluginError::new(
                format!(
                    "Received a {what} from Defender for Endpoint in an unexpected shape ({detail})."
                ),
                "Check that the API URL points at the Defender for Endpoint API; if it does, the \
                 API may have changed: please report it.",
            )
            .with_data(snippet.clone()),
            ApiError::InvalidConfig(reason) => PluginError::new(
                format!("The connection settings are not valid: {}", sentence(reason)),
                "Correct the connection and try again.",
            ),
            ApiError::InvalidId {
                field,
                value,
                expected,
            } => PluginError::new(
                format!("The {field} {} is not valid.", shown(value)),
                format!("Provide {expected}."),
            ),
            ApiError::NoRoute { field, url, body } => {
                let (what, example) = match *field {
                    "login_url" => ("login URL", "https://login.microsoftonline.com"),
                    _ => ("API URL", "https://api.securitycenter.microsoft.com"),
                };
                PluginError::new(
                    format!(
                        "The {what} looks wrong: {url} answered HTTP 404 without the service's \
                         error, so nothing serves that path."
                    ),
                    format!(
                        "Check the {what} ({field}) in the connection: give the service's base \
                         URL only, such as {example}, with no path after the host, or leave it \
                         empty to use the environment's default."
                    ),
                )
                .with_data(body.clone())
            }
            ApiError::Paging(reason) => PluginError::new(
                format!("Reading the results page by page stopped: {reason}."),
                "Narrow the query (for example with a filter or a smaller time window) and try \
                 again. If the issue persists, please contact support.",
            ),
            ApiError::ResponseTooLarge { what, limit } => PluginError::new(
                format!(
                    "The answer to {what} was larger than {}, the most the plugin reads, and was \
                     not read.",
                    size_text(*limit)
                ),
                "Ask for less at once: narrow the query with a filter, a shorter time window, a \
                 smaller limit or fewer columns. The limit keeps one answer from using up the \
                 orchestrator's memory; plugin developers can raise it with the client option \
                 max_response_bytes.",
            ),
        }
    }
}

impl From<ApiError> for PluginError {
    fn from(err: ApiError) -> PluginError {
        err.to_plugin_error(None)
    }
}

/// Microsoft's messages come with or without a final period; the cause is followed by the
/// assistance in one line of text, so it must end like a sentence.
fn sentence(message: &str) -> String {
    let trimmed = message.trim_end();
    if trimmed.ends_with(['.', '!', '?']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defender(status: u16, code: &str, message: &str) -> ApiError {
        let body = serde_json::json!({"error": {"code": code, "message": message,
            "target": "43f4cb08-8fac-4b65-9db1-745c2ae65f3a"}})
        .to_string();
        http_error(status, &body)
    }

    fn aad(status: u16, error: &str, code: u64, text: &str) -> ApiError {
        let body = serde_json::json!({"error": error,
            "error_description": format!("AADSTS{code}: {text}\r\nTrace ID: 1\r\nCorrelation ID: 2"),
            "error_codes": [code], "trace_id": "1", "correlation_id": "2"})
        .to_string();
        auth_error(status, &body).unwrap()
    }

    #[test]
    fn defender_envelope_is_parsed() {
        let err = defender(404, "ResourceNotFound", "Machine 123123123 was not found");
        match &err {
            ApiError::Http {
                status,
                code,
                message,
                target,
                body,
            } => {
                assert_eq!(*status, 404);
                assert_eq!(code.as_deref(), Some("ResourceNotFound"));
                assert_eq!(message, "Machine 123123123 was not found");
                assert_eq!(
                    target.as_deref(),
                    Some("43f4cb08-8fac-4b65-9db1-745c2ae65f3a")
                );
                assert!(body.contains("ResourceNotFound"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "the Defender API answered HTTP 404 (ResourceNotFound): Machine 123123123 was not found"
        );
    }

    #[test]
    fn a_body_that_is_not_the_envelope_becomes_the_message() {
        match http_error(502, "<html>Bad gateway</html>") {
            ApiError::Http { code, message, .. } => {
                assert_eq!(code, None);
                assert_eq!(message, "<html>Bad gateway</html>");
            }
            other => panic!("{other:?}"),
        }
        assert!(auth_error(400, "<html/>").is_none());
        let long = "x".repeat(MAX_BODY * 2);
        match http_error(500, &long) {
            ApiError::Http { body, .. } => assert!(body.len() <= MAX_BODY + 4),
            other => panic!("{other:?}"),
        }
    }

    /// What a row's plugin error must say: a fragment of its cause (what it says or quotes),
    /// and fragments of its assistance (what it tells the user to check).
    type Advice = (&'static str, &'static [&'static str]);

    /// A table of `(ApiError, Advice)` rows written `error => cause, [assistance, …];`.
    macro_rules! advice {
        ($($err:expr => $cause:expr, [$($assistance:expr),*];)*) => {
            [$(($err, ($cause, &[$($assistance),*] as &[&str]))),*]
        };
    }

    /// The mapping's rows for Entra ID's and Defender's error bodies, by code.
    #[test]
    fn row_error_bodies_are_explained_by_their_code() {
        let entra_id: [(ApiError, Advice); 6] = advice![
            aad(401, "invalid_client", 7000215, "Invalid client secret provided.")
                => "application secret", ["expired", "directory (tenant) ID"];
            aad(401, "invalid_client", 7000222, "The provided client secret keys are expired.")
                => "expired", ["new client secret"];
            aad(400, "invalid_request", 90002, "Tenant 'x' not found.")
                => "directory (tenant) was not found", ["directory (tenant) ID"];
            aad(400, "unauthorized_client", 700016, "Application with identifier 'x' was not found")
                => "application ID was not found", ["application (client) ID"];
            aad(400, "invalid_scope", 70011, "The provided value for scope is not valid.")
                => "scope", ["environment"];
            aad(400, "invalid_request", 12345, "Something else.")
                => "Authentication failed: invalid credentials. AADSTS12345: Something else.", [];
        ];
        let defender_api: [(ApiError, Advice); 7] = advice![
            defender(401, "Unauthorized", "Unauthorized")
                => "HTTP 401", ["application secret", "directory (tenant) ID"];
            defender(403, "DisabledFeature", "Feature is disabled")
                => "Feature is disabled", ["admin consent"];
            defender(400, "ActiveRequestAlreadyExists", "Action is already in progress")
                => "The Defender API refused the request (ActiveRequestAlreadyExists): \
                    Action is already in progress.", ["already pending"];
            defender(400, "ODataError", "Invalid filter clause")
                => "(ODataError): Invalid filter clause", ["filter"];
            defender(400, "InvalidInput", "Bad value")
                => "(InvalidInput): Bad value", ["action inputs"];
            defender(400, "OsPlatformNotSupported", "No")
                => "(OsPlatformNotSupported): No",
                ["Verify your plugin input is correct and not malformed and try again."];
            defender(409, "Conflict", "Already there")
                => "The Defender API answered HTTP 409 (Conflict): Already there", [];
        ];
        for (err, (cause, assistance)) in entra_id.into_iter().chain(defender_api) {
            let pe = err.to_plugin_error(None);
            assert!(pe.cause.contains(cause), "{pe:?}");
            for advice in assistance {
                assert!(pe.assistance.contains(advice), "{advice}: {pe:?}");
            }
        }
    }

    #[test]
    fn row_aad_errors_keep_the_first_line_in_the_cause_and_the_code_in_the_data() {
        let pe = aad(400, "invalid_request", 12345, "Something else.").to_plugin_error(None);
        assert!(!pe.cause.contains("Trace ID"), "{pe:?}");
        assert!(pe.data.contains("AADSTS12345"), "{pe:?}");
    }

    #[test]
    fn row_403_names_the_missing_permission() {
        let pe = defender(
            403,
            "Forbidden",
            "The application does not have any of the required application permissions \
             (Machine.Isolate) to access the resource.",
        )
        .to_plugin_error(None);
        assert_eq!(
            pe.cause,
            "The application is missing the permission Machine.Isolate needed for this request."
        );
        assert!(pe
            .assistance
            .contains("WindowsDefenderATP → Application permissions, add Machine.Isolate"));
        assert!(pe.assistance.contains("Grant admin consent"));
        let pe = defender(
            403,
            "Forbidden",
            "The application does not have any of the required application permissions \
             (Machine.Read.All, Machine.ReadWrite.All) to access the resource.",
        )
        .to_plugin_error(None);
        assert!(pe
            .cause
            .contains("Machine.Read.All or Machine.ReadWrite.All"));
    }

    #[test]
    fn row_404_names_the_id_that_was_looked_up() {
        let err = defender(404, "ResourceNotFound", "Machine 123123123 was not found");
        let pe = err.to_plugin_error(Some(("machine", "123123123")));
        assert_eq!(pe.cause, "No machine with ID \"123123123\" was found.");
        assert!(pe
            .assistance
            .contains("\"Machine 123123123 was not found\""));
        assert!(pe.data.contains("ResourceNotFound"));
        let pe = err.to_plugin_error(None);
        assert!(pe.cause.starts_with(&preset::not_found().cause));
    }

    #[test]
    fn a_404_without_defenders_envelope_is_a_path_nothing_serves() {
        let url = url::Url::parse("https://api.example.com/v1/api/machines?$top=1").unwrap();
        for body in [
            "",
            "<html><body>404 Not Found</body></html>",
            r#"{"Message":"No HTTP resource was found that matches the request URI"}"#,
            r#"{"error":"not found"}"#,
        ] {
            match api_error(&url, 404, body) {
                ApiError::NoRoute { field, url, .. } => {
                    assert_eq!(field, "api_url");
                    assert_eq!(url, "https://api.example.com/v1/api/machines", "no query");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        let entity = r#"{"error":{"code":"ResourceNotFound","message":"Machine 1 was not found"}}"#;
        assert!(matches!(
            api_error(&url, 404, entity),
            ApiError::Http { status: 404, .. }
        ));
        assert!(matches!(
            api_error(&url, 500, ""),
            ApiError::Http { status: 500, .. }
        ));
    }

    #[test]
    fn row_404_without_defenders_envelope_blames_the_url_field_even_for_a_lookup() {
        let url = url::Url::parse("https://api.example.com/wrong/api/machineactions/x").unwrap();
        let pe = api_error(&url, 404, "<html/>").to_plugin_error(Some(("machine action", "x")));
        assert_eq!(
            pe.cause,
            "The API URL looks wrong: https://api.example.com/wrong/api/machineactions/x answered \
             HTTP 404 without the service's error, so nothing serves that path."
        );
        assert!(pe.assistance.contains("(api_url)"), "{pe:?}");
        assert_eq!(pe.data, "<html/>");
        let login = no_route("login_url", &url, "").to_plugin_error(None);
        assert!(login.cause.starts_with("The login URL looks wrong"));
        assert!(login.assistance.contains("(login_url)"));
    }

    #[test]
    fn row_429_says_when_to_retry() {
        let err = ApiError::Throttled {
            retry_after: Some(Duration::from_secs(42)),
            body: "{}".into(),
        };
        let pe = err.to_plugin_error(None);
        assert_eq!(pe.cause, preset::rate_limit().cause);
        assert!(pe.assistance.starts_with("Retry after 42 seconds."));
        let pe = ApiError::Throttled {
            retry_after: None,
            body: String::new(),
        }
        .to_plugin_error(None);
        assert!(pe.assistance.starts_with("Retry in a minute."));
        let pe = defender(429, "TooManyRequests", "Slow down").to_plugin_error(None);
        assert_eq!(pe.cause, preset::rate_limit().cause);
    }

    #[test]
    fn row_5xx_uses_the_server_presets() {
        let pe = defender(500, "InternalServerError", "Oops").to_plugin_error(None);
        assert_eq!(pe.cause, "Server error occurred (HTTP 500).");
        assert_eq!(pe.assistance, preset::server_error().assistance);
        assert!(pe.data.contains("InternalServerError"));
        let pe = http_error(503, "").to_plugin_error(None);
        assert_eq!(pe.cause, preset::service_unavailable().cause);
    }

    #[test]
    fn row_redirects_point_at_the_urls() {
        let pe = http_error(302, "").to_plugin_error(None);
        assert!(pe.cause.contains("redirect"));
        assert!(pe.assistance.contains("API URL"));
    }

    #[test]
    fn row_out_of_time_names_the_operation_and_the_budget() {
        let pe = ApiError::OutOfTime {
            operation: "GET api.security.microsoft.com/api/machines".into(),
            within: "the step's 120 s budget".into(),
        }
        .to_plugin_error(None);
        assert_eq!(
            pe.cause,
            "GET api.security.microsoft.com/api/machines: no complete answer within the step's \
             120 s budget."
        );
        assert!(
            pe.assistance.contains("PLUGIN_STEP_TIMEOUT"),
            "{}",
            pe.assistance
        );
    }

    #[test]
    fn row_transport_timeout_and_connection() {
        let pe = ApiError::Transport {
            kind: TransportKind::Timeout,
            host: "api.securitycenter.microsoft.com".into(),
            detail: "operation timed out".into(),
        }
        .to_plugin_error(None);
        assert_eq!(
            pe.cause,
            "The connection to api.securitycenter.microsoft.com timed out."
        );
        assert_eq!(pe.assistance, preset::timeout().assistance);
        let pe = ApiError::Transport {
            kind: TransportKind::Connect,
            host: "login.microsoftonline.com".into(),
            detail: "connection refused".into(),
        }
        .to_plugin_error(None);
        assert_eq!(
            pe.cause,
            "Failed to connect to the server. Host: login.microsoftonline.com."
        );
        assert!(pe
            .assistance
            .contains("login.microsoftonline.com is reachable"));
        assert_eq!(pe.data, "connection refused");
    }

    #[test]
    fn row_decode_shape_config_id_and_paging() {
        let pe = ApiError::Decode {
            what: "GET /api/machines".into(),
            snippet: "<html>".into(),
        }
        .to_plugin_error(None);
        assert!(pe.cause.starts_with(&preset::invalid_json().cause));
        assert!(pe.cause.contains("GET /api/machines"));
        assert_eq!(pe.data, "<html>");

        let pe = ApiError::UnexpectedShape {
            what: "machine action".into(),
            detail: "missing field `id`".into(),
            snippet: r#"{"status":"Pending"}"#.into(),
        }
        .to_plugin_error(Some(("machine", "x")));
        assert_eq!(
            pe.cause,
            "Received a machine action from Defender for Endpoint in an unexpected shape \
             (missing field `id`)."
        );
        assert_eq!(
            pe.assistance,
            "Check that the API URL points at the Defender for Endpoint API; if it does, the API \
             may have changed: please report it."
        );
        assert_eq!(pe.data, r#"{"status":"Pending"}"#);

        let pe = ApiError::InvalidConfig("the API URL uses ftp".into()).to_plugin_error(None);
        assert!(pe.cause.contains("the API URL uses ftp"));

        let pe = ApiError::InvalidId {
            field: "machine ID",
            value: "../x\n".into(),
            expected: "a machine ID",
        }
        .to_plugin_error(None);
        assert_eq!(pe.cause, "The machine ID \"../x\\n\" is not valid.");
        assert_eq!(pe.assistance, "Provide a machine ID.");

        let pe = ApiError::Paging("the next link repeats".into()).to_plugin_error(None);
        assert!(pe.cause.contains("the next link repeats"));

        let pe = ApiError::ResponseTooLarge {
            what: "GET api.security.microsoft.com/api/alerts".into(),
            limit: 64 * 1024 * 1024,
        }
        .to_plugin_error(None);
        assert_eq!(
            pe.cause,
            "The answer to GET api.security.microsoft.com/api/alerts was larger than 64 MiB, the \
             most the plugin reads, and was not read."
        );
        assert!(pe.assistance.contains("max_response_bytes"));
    }

    #[test]
    fn from_is_the_mapping_without_a_lookup() {
        let err = defender(404, "NotFound", "nope");
        let expected = err.to_plugin_error(None);
        assert_eq!(PluginError::from(err), expected);
    }
}
