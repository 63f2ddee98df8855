//! Replies and the two error envelopes the emulator speaks.
//!
//! The API wraps every error as `{"error":{"code","message","target"}}` with a fresh
//! correlation GUID in `target` (common-errors.md). Azure AD answers token errors in its
//! own flat shape with `AADSTS` codes. Both are produced here so routes cannot drift. A path
//! that no route serves gets ASP.NET Web API's default `{"Message": …}` instead, so that a
//! client can tell a wrong base URL from an ID that does not exist.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::state::{new_guid, now_stamp};

/// What a route answers when it succeeds.
#[derive(Debug)]
pub(crate) enum Reply {
    Json(StatusCode, Value),
    /// A bare value as `text/plain`, for `/$count`.
    Text(StatusCode, String),
    Empty(StatusCode),
}

impl Reply {
    pub fn ok(value: Value) -> Self {
        Reply::Json(StatusCode::OK, value)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(status, body) => json_response(status, &body),
            Reply::Text(status, body) => {
                let mut r = (status, body).into_response();
                r.headers_mut().insert(
                    "content-type",
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                r
            }
            Reply::Empty(status) => status.into_response(),
        }
    }
}

/// Serialises with the OData content type Defender uses.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".to_string());
    let mut r = (status, text).into_response();
    r.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/json; odata.metadata=minimal; charset=utf-8"),
    );
    r
}

/// An API error in Defender's envelope.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retry_after: Option<u64>,
    /// A path no route serves: answered the way ASP.NET Web API does by default, not with
    /// Defender's envelope, which is kept for entities and requests a route refused.
    pub no_route: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            no_route: false,
        }
    }

    /// The 404 for a path that no route serves.
    pub fn no_route(path: &str) -> Self {
        ApiError {
            no_route: true,
            ..Self::new(
                StatusCode::NOT_FOUND,
                "",
                format!("No HTTP resource was found that matches the request URI '{path}'."),
            )
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// The doc's own wording for a body that does not deserialise.
    pub fn invalid_body() -> Self {
        Self::bad_request("InvalidRequestBody", "Request body is incorrect")
    }

    pub fn missing(param: &str) -> Self {
        Self::bad_request(
            "MissingRequiredParameter",
            format!("Missing required parameter '{param}'"),
        )
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFound", message)
    }

    pub fn odata(message: impl Into<String>) -> Self {
        Self::bad_request("ODataError", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", message)
    }

    pub fn throttled(retry_after_secs: u64) -> Self {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "TooManyRequests",
            message: format!("Rate limit is exceeded. Try again in {retry_after_secs} seconds."),
            retry_after: Some(retry_after_secs),
            no_route: false,
        }
    }

    pub fn body(&self) -> Value {
        if self.no_route {
            return json!({"Message": self.message});
        }
        json!({"error": {"code": self.code, "message": self.message, "target": new_guid()}})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = json_response(self.status, &self.body());
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert("retry-after", v);
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                "www-authenticate",
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        r
    }
}

/// An Azure AD token-endpoint error.
#[derive(Debug, Clone)]
pub(crate) struct AadError {
    pub status: StatusCode,
    pub error: &'static str,
    pub code: u32,
    pub description: String,
}

impl AadError {
    pub fn new(status: StatusCode, error: &'static str, code: u32, description: String) -> Self {
        AadError {
            status,
            error,
            code,
            description,
        }
    }

    pub fn body(&self) -> Value {
        let trace_id = new_guid();
        let correlation_id = new_guid();
        // AAD stamps errors as "YYYY-MM-DD hh:mm:ssZ" and repeats ids in the description.
        let stamp = now_stamp();
        let timestamp = format!(
            "{} {}Z",
            stamp.get(..10).unwrap_or_default(),
            stamp.get(11..19).unwrap_or_default()
        );
        json!({
            "error": self.error,
            "error_description": format!(
                "AADSTS{}: {}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}",
                self.code, self.description
            ),
            "error_codes": [self.code],
            "timestamp": timestamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
            "error_uri": format!("https://login.microsoftonline.com/error?code={}", self.code),
        })
    }
}

impl IntoResponse for AadError {
    fn into_response(self) -> Response {
        let text = serde_json::to_string(&self.body()).unwrap_or_default();
        let mut r = (self.status, text).into_response();
        r.headers_mut().insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        r
    }
}
