//! The Microsoft Defender for Endpoint REST API client.
//!
//! [`Client`] is the only way the plugin talks to Defender. It owns the rules every request must
//! follow, so that actions and triggers never have to repeat them:
//!
//! - **Auth** ([`auth`]): OAuth2 client credentials (v2 endpoint, `scope={resource}/.default`),
//!   one cached token per client, refreshed early and once more on a 401.
//! - **Where** ([`endpoints`]): the cloud's hosts or the connection's overrides; plain `http://`
//!   only to loopback; redirects are never followed, so a bearer token cannot be sent elsewhere.
//! - **Retries** ([`retry`]): 429 after `Retry-After`, 408/5xx and transport errors with bounded,
//!   jittered backoff, all waits through the injected [`crate::clock::Sleeper`].
//! - **Paths** ([`ids`], [`ApiPath`]): every ID is validated and every segment percent-encoded.
//! - **Errors** ([`error`]): one typed [`ApiError`], one mapping to `PluginError`.
//! - **Paging** ([`paging`]): `@odata.nextLink` with guards, or `$top`/`$skip`.
//! - **Entities** ([`entities`]): every endpoint the plugin calls is one typed method of the
//!   client (`resources`), and its answer is decoded once, here, into Defender's entities; a
//!   body of another shape is [`ApiError::UnexpectedShape`]. No caller gets an untyped body.
//!
//! Invariant: the client secret and access tokens never leave the process. They live in
//! [`crate::connection::Secret`] and [`auth::AccessToken`], which do not print. Response bodies
//! are kept as received, so that parsing them is exact; a server that echoes a secret or a token
//! into an error body is caught where text leaves the process, by the client's
//! [`Redactor`](crate::redact::Redactor), which knows every form of the secret and the tokens.

pub mod auth;
pub mod download;
pub mod endpoints;
pub mod entities;
pub mod error;
pub mod ids;
pub mod odata;
pub mod paging;
mod resources;
pub mod retry;

#[cfg(test)]
mod client_tests;
#[cfg(test)]
pub(crate) mod test_server;

pub use auth::AccessToken;
pub use entities::{Entity, ImportResult, Machine, MachineAction};
pub use error::{ApiError, Lookup, TransportKind};
pub use ids::PathId;
pub use paging::{Continuation, Page, PagedQuery, Paging};
pub use resources::LibraryUpload;
pub use resources::LookBack;
pub use retry::RetryPolicy;
// The plugin names these through their modules (`api::ids::MachineId`); `client_tests`, which
// imports this module's names, uses them here.
#[cfg(test)]
use {
    entities::PackageUri,
    ids::{ActionId, AlertId, IndicatorId, MachineId, MachineRef},
    retry::Jitter,
};

use crate::clock::{Deadline, Time};
use crate::connection::Connection;
use crate::redact::Redactor;
use auth::{Credentials, FreshToken, TokenCache};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, ACCEPT, RETRY_AFTER};
use reqwest::{Method, RequestBuilder};
use retry::{Attempt, Retrier, StatusClass};
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use url::Url;

/// The `User-Agent` of every request, so Microsoft and proxies can tell the plugin apart.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Characters left as they are in a path segment: RFC 3986 `pchar` (unreserved, sub-delims, `:`
/// and `@`). Everything else, notably `/ ? # % \` and spaces, is percent-encoded. OData function
/// segments such as `GetLiveResponseResultDownloadLink(index=0)` need `( ) = ' ,` unencoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Connection-independent settings of a client; tests shrink the timeouts and retry waits.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time allowed to open a TCP+TLS connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, response body included.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    /// Seeds the backoff jitter; `None` seeds from the OS.
    pub rng_seed: Option<u64>,
    /// A PEM bundle whose certificates are trusted in addition to the built-in webpki roots.
    /// The default takes it from `SSL_CERT_FILE`, which the InsightConnect base images set.
    pub ssl_cert_file: Option<PathBuf>,
    /// Honour `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` from the environment.
    pub use_system_proxy: bool,
    /// The largest response body read; a larger one is refused with
    /// [`ApiError::ResponseTooLarge`] instead of being held in memory.
    pub max_response_bytes: usize,
    /// The same for the answers documented to be large (advanced hunting, [`Client::post_large`]).
    pub max_large_response_bytes: usize,
}

/// Enough for a trigger's page of 4,000 alerts with their evidence, which is a few tens of MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;
/// Above Microsoft's own cap on an advanced hunting result (124 MB), so that every result the
/// service can send is read.
pub const DEFAULT_MAX_LARGE_RESPONSE_BYTES: usize = 128 * 1024 * 1024;

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            rng_seed: None,
            ssl_cert_file: std::env::var_os("SSL_CERT_FILE").map(PathBuf::from),
            use_system_proxy: true,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_large_response_bytes: DEFAULT_MAX_LARGE_RESPONSE_BYTES,
        }
    }
}

/// An API path such as `/api/machines/{id}/isolate`, built from encoded segments.
///
/// Literal segments come from code (`&'static str`); IDs must be one of the validated types of
/// [`ids`]. There is deliberately no way to append an arbitrary runtime string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiPath {
    segments: Vec<String>,
}

/// An argument of an OData function segment, e.g. `findbyip(ip='10.0.0.1',timestamp=…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FunctionArg {
    Int(i64),
    /// Rendered as an OData string literal: single-quoted, inner quotes doubled.
    Str(String),
    /// Rendered unquoted in RFC 3339, as OData date-time literals are.
    Timestamp(OffsetDateTime),
}

fn encode_segment(raw: &str) -> String {
    utf8_percent_encode(raw, PATH_SEGMENT).to_string()
}

impl ApiPath {
    pub fn new<I: IntoIterator<Item = &'static str>>(segments: I) -> ApiPath {
        segments.into_iter().fold(
            ApiPath {
                segments: Vec::new(),
            },
            ApiPath::segment,
        )
    }

    /// Appends a literal segment from code.
    pub fn segment(mut self, literal: &'static str) -> ApiPath {
        // "." and ".." would be resolved away by URL parsing; no Defender path has them.
        debug_assert!(literal != "." && literal != "..", "dot segment in ApiPath");
        self.segments.push(encode_segment(literal));
        self
    }

    /// Appends a validated ID.
    pub fn id<T: PathId + ?Sized>(mut self, id: &T) -> ApiPath {
        self.segments.push(encode_segment(id.as_segment()));
        self
    }

    /// Appends an OData function call segment, e.g. `GetLiveResponseResultDownloadLink(index=0)`.
    pub fn function(mut self, name: &'static str, args: &[(&'static str, FunctionArg)]) -> ApiPath {
        let rendered: Vec<String> = args
            .iter()
            .map(|(key, arg)| {
                let value = match arg {
                    FunctionArg::Int(n) => n.to_string(),
                    FunctionArg::Str(s) => odata::quote(s),
                    FunctionArg::Timestamp(t) => t
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default(),
                };
                format!("{key}={value}")
            })
            .collect();
        // The whole segment is encoded, so a hostile string argument cannot add a `/` or `?`;
        // and it always contains `(`, so it can never be a dot segment.
        self.segments
            .push(encode_segment(&format!("{name}({})", rendered.join(","))));
        self
    }
}

impl fmt::Display for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            write!(f, "/{segment}")?;
        }
        Ok(())
    }
}

/// A string field as text, any other JSON value as `None`: for fields the client reads
/// leniently (a collection's nextLink, an alert's ID and creation time), where a field of the
/// wrong type counts as absent instead of failing the whole body.
pub(crate) fn text_or_none<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    struct Text;
    impl<'de> Visitor<'de> for Text {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(text)))
        }
        fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(text.to_owned())))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    de.deserialize_any(Text)
}

/// What a request sends after its headers.
#[derive(Clone, Copy)]
enum RequestBody<'a> {
    None,
    Json(&'a serde_json::Value),
    /// A form is built anew for every attempt, since sending one consumes it; its parts should
    /// hold their bytes as `Bytes`, so that a rebuild shares them instead of copying.
    Form(&'a (dyn Fn() -> reqwest::multipart::Form + Sync)),
}

/// A response with a final status, body read.
#[derive(Debug)]
struct RawResponse {
    status: u16,
    body: String,
}

struct Inner {
    http: reqwest::Client,
    /// For live response result links only (`download`): a client of its own, on which no
    /// request ever carries the bearer token, and that follows no redirect.
    downloads: reqwest::Client,
    /// The API is on loopback (the emulator), so its result links may be too.
    api_is_loopback: bool,
    api_base: Url,
    /// `api_base` as text, without a trailing slash.
    api_base_text: String,
    credentials: Credentials,
    tokens: TokenCache,
    retrier: Retrier,
    max_response_bytes: usize,
    max_large_response_bytes: usize,
    redactor: Redactor,
}

/// The Defender API client. Cloning is cheap and clones share the token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// When set, every request of this clone (token, retries and pages included) must be over
    /// by then; see [`Client::with_deadline`].
    deadline: Option<Deadline>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_base", &self.inner.api_base_text)
            .field("token_url", &self.inner.credentials.token_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Checks the connection and builds the client; makes no request.
    pub fn new(
        connection: &Connection,
        options: ClientOptions,
        time: Time,
    ) -> Result<Client, ApiError> {
        let endpoints = endpoints::resolve(connection)?;
        if connection.application_id.trim().is_empty() {
            return Err(ApiError::InvalidConfig(
                "the application ID is empty; copy the Application (client) ID from the app \
                 registration's overview page"
                    .into(),
            ));
        }
        if connection.application_secret.secret_key.expose().is_empty() {
            return Err(ApiError::InvalidConfig(
                "the application secret is empty; create a client secret under Certificates & \
                 secrets in the app registration and copy its Value"
                    .into(),
            ));
        }
        let http = build_http(&options)?;
        let downloads = build_http(&options)?;
        let api_is_loopback = endpoints::is_loopback(&endpoints.api_base);
        let api_base_text = endpoints.api_base.as_str().trim_end_matches('/').to_owned();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                downloads,
                api_is_loopback,
                api_base: endpoints.api_base,
                api_base_text,
                credentials: Credentials {
                    token_url: endpoints.token_url,
                    client_id: connection.application_id.trim().to_owned(),
                    secret: connection.application_secret.secret_key.clone(),
                    scope: endpoints.scope,
                },
                tokens: TokenCache::new(),
                retrier: Retrier::new(options.retry, time, options.rng_seed),
                max_response_bytes: options.max_response_bytes,
                max_large_response_bytes: options.max_large_response_bytes,
                redactor: Redactor::new(connection.application_secret.secret_key.expose()),
            }),
            deadline: None,
        })
    }

    /// Removes the secret and the tokens of this client, in any encoding, from text that leaves
    /// the process.
    pub fn redactor(&self) -> &Redactor {
        &self.inner.redactor
    }

    /// This client (same token cache and connections) with every request bounded by
    /// `deadline`: each attempt, body included, gets at most the time left, a retry wait that
    /// would use it up is not taken, and once it has passed nothing more is sent.
    pub fn with_deadline(&self, deadline: Deadline) -> Client {
        Client {
            inner: self.inner.clone(),
            deadline: Some(deadline),
        }
    }

    /// The deadline every request of this client must be over by, if any.
    pub fn deadline(&self) -> Option<&Deadline> {
        self.deadline.as_ref()
    }

    /// The largest answer read, which also caps a live response transcript.
    pub fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// The API base URL, without a trailing slash.
    pub fn api_base(&self) -> &str {
        &self.inner.api_base_text
    }

    /// The full URL of an API path.
    pub fn url_for(&self, path: &ApiPath) -> Url {
        let mut url = self.inner.api_base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        // The segments are already percent-encoded and none is a dot segment, so `set_path`
        // keeps them exactly as they are.
        url.set_path(&format!("{prefix}{path}"));
        url
    }

    /// Gets a token, for connection tests.
    pub async fn token_check(&self) -> Result<(), ApiError> {
        self.token().await.map(|_| ())
    }

    /// `GET` a path; `query` values are URL-encoded by reqwest. The answer as it came, for
    /// [`entities`] to decode.
    async fn get_body(
        &self,
        path: &ApiPath,
        query: &[(&str, String)],
    ) -> Result<RawResponse, ApiError> {
        let limit = self.inner.max_response_bytes;
        self.execute(
            Method::GET,
            self.url_for(path),
            query,
            RequestBody::None,
            limit,
        )
        .await
    }

    /// Sends a JSON body (`POST` or `PATCH`); the answer as it came. `large` is for the
    /// endpoints whose answers are documented to be large (advanced hunting): the answer may
    /// then reach [`ClientOptions::max_large_response_bytes`].
    async fn send_json(
        &self,
        method: Method,
        path: &ApiPath,
        body: &serde_json::Value,
        large: bool,
    ) -> Result<RawResponse, ApiError> {
        // Machine-action creates are retried on 429/5xx/transport errors like any other request.
        // A retry after a lost response could in principle create the action twice, but Defender
        // refuses a second action of the same kind while one is pending (it returns the pending
        // action or 400 ActiveRequestAlreadyExists), and the actions handle that answer. Not
        // retrying would turn every brief outage into a failed containment, which is worse.
        let limit = if large {
            self.inner.max_large_response_bytes
        } else {
            self.inner.max_response_bytes
        };
        self.execute(
            method,
            self.url_for(path),
            &[],
            RequestBody::Json(body),
            limit,
        )
        .await
    }

    /// `POST`s a `multipart/form-data` body made by `form`, which is called again for each
    /// attempt (a retry, or the resend after a fresh token): sending a form consumes it.
    async fn post_form(
        &self,
        path: &ApiPath,
        form: &(dyn Fn() -> reqwest::multipart::Form + Sync),
    ) -> Result<RawResponse, ApiError> {
        let limit = self.inner.max_response_bytes;
        self.execute(
            Method::POST,
            self.url_for(path),
            &[],
            RequestBody::Form(form),
            limit,
        )
        .await
    }

    /// `DELETE` a path; success is 204 (or 200).
    pub async fn delete(&self, path: &ApiPath) -> Result<(), ApiError> {
        let limit = self.inner.max_response_bytes;
        self.execute(
            Method::DELETE,
            self.url_for(path),
            &[],
            RequestBody::None,
            limit,
        )
        .await
        .map(|_| ())
    }

    /// `GET` an absolute URL that the caller has already checked (a guarded `@odata.nextLink`).
    async fn get_url_body(&self, url: Url) -> Result<RawResponse, ApiError> {
        let limit = self.inner.max_response_bytes;
        self.execute(Method::GET, url, &[], RequestBody::None, limit)
            .await
    }

    async fn fetch_token(&self) -> Result<FreshToken, ApiError> {
        let creds = &self.inner.credentials;
        let label = format!("token request to {}", endpoints::host_of(&creds.token_url));
        tracing::debug!("{label}");
        let raw = self
            .send_with_retries(
                &label,
                &creds.token_url,
                self.inner.max_response_bytes,
                || {
                    self.inner
                        .http
                        .post(creds.token_url.clone())
                        .header(ACCEPT, "application/json")
                        .form(&creds.form())
                },
            )
            .await?;
        if (200..300).contains(&raw.status) {
            let fresh = auth::parse_token_response(&raw.body)?;
            self.inner.redactor.add_token(fresh.token.expose());
            Ok(fresh)
        } else {
            Err(auth::token_error(&creds.token_url, raw.status, &raw.body))
        }
    }

    async fn token(&self) -> Result<AccessToken, ApiError> {
        let clock = self.inner.retrier.time().clock.clone();
        self.inner.tokens.get(&*clock, || self.fetch_token()).await
    }

    /// Sends an authorized request: retries per policy, and replaces the token once on a 401.
    /// An answer over `limit` bytes is refused.
    async fn execute(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: RequestBody<'_>,
        limit: usize,
    ) -> Result<RawResponse, ApiError> {
        let label = format!("{method} {}{}", endpoints::host_of(&url), url.path());
        let mut token = self.token().await?;
        let mut replaced = false;
        loop {
            let raw = self
                .send_with_retries(&label, &url, limit, || {
                    let mut request = self
                        .inner
                        .http
                        .request(method.clone(), url.clone())
                        .bearer_auth(token.expose())
                        .header(ACCEPT, "application/json");
                    if !query.is_empty() {
                        request = request.query(query);
                    }
                    match body {
                        RequestBody::None => request,
                        // `json` also sets `Content-Type: application/json`.
                        RequestBody::Json(body) => request.json(body),
                        // Sets `multipart/form-data` with the form's boundary.
                        RequestBody::Form(form) => request.multipart(form()),
                    }
                })
                .await?;
            match raw.status {
                200..=299 => return Ok(raw),
                // The token may have been revoked or the clock may be off; one fresh token is
                // worth a try, more would just hammer Entra ID.
                401 if !replaced => {
                    tracing::warn!(
                        status = 401,
                        "{label}: the API rejected the access token, fetching a new one and \
                         retrying once"
                    );
                    replaced = true;
                    let clock = self.inner.retrier.time().clock.clone();
                    token = self
                        .inner
                        .tokens
                        .replace_rejected(&*clock, &token, || self.fetch_token())
                        .await?;
                }
                status => return Err(error::api_error(&url, status, &raw.body)),
            }
        }
    }

    /// Sends `build()` until the status is final, per the retry policy. Bodies are kept as
    /// received; a body over `limit` bytes is refused.
    async fn send_with_retries<B>(
        &self,
        label: &str,
        url: &Url,
        limit: usize,
        build: B,
    ) -> Result<RawResponse, ApiError>
    where
        B: Fn() -> RequestBuilder,
    {
        let retrier = &self.inner.retrier;
        let host = endpoints::host_of(url);
        retrier
            .run(label, self.deadline.as_ref(), |_attempt| {
                let request = build();
                let host = host.clone();
                let exchange = async move {
                    let response = match request.send().await {
                        Ok(response) => response,
                        Err(err) => return transport_attempt(err, host),
                    };
                    let status = response.status().as_u16();
                    let retry_after = retry_after(response.headers(), retrier.time().clock.now());
                    let body = match read_limited(response, limit).await {
                        Ok(body) => utf8_text(body),
                        Err(BodyError::Transport(err)) => return transport_attempt(err, host),
                        // The same request would get the same answer: not retried.
                        Err(BodyError::TooLarge) => {
                            return Attempt::Done(Err(ApiError::ResponseTooLarge {
                                what: label.to_owned(),
                                limit,
                            }))
                        }
                    };
                    match retry::classify_status(status) {
                        StatusClass::Final => Attempt::Done(Ok(RawResponse { status, body })),
                        StatusClass::Throttled => Attempt::Retry {
                            error: ApiError::Throttled {
                                retry_after,
                                body: error::truncate(&body),
                            },
                            retry_after,
                            reason: "HTTP 429".to_owned(),
                        },
                        StatusClass::Transient => Attempt::Retry {
                            error: error::http_error(status, &body),
                            // A 503 may also say when to come back.
                            retry_after,
                            reason: format!("HTTP {status}"),
                        },
                    }
                };
                self.in_time(label, exchange)
            })
            .await
    }

    /// Runs one exchange (send and body read) within the time left of the deadline, if any.
    async fn in_time<T>(
        &self,
        label: &str,
        exchange: impl std::future::Future<Output = Attempt<T>>,
    ) -> Attempt<T> {
        let Some(deadline) = &self.deadline else {
            return exchange.await;
        };
        let out_of_time = || {
            Attempt::Done(Err(ApiError::OutOfTime {
                operation: label.to_owned(),
                within: deadline.to_string(),
            }))
        };
        let left = deadline.remaining(self.inner.retrier.time().clock.now());
        if left.is_zero() {
            return out_of_time();
        }
        // Around the body read too: a server that drip-feeds the body keeps a read going, and
        // only a bound on the whole exchange ends it.
        tokio::time::timeout(left, exchange)
            .await
            .unwrap_or_else(|_| out_of_time())
    }
}

/// A body as text, invalid UTF-8 replaced (as `Response::text` does, but checking the common
/// valid case in one fast pass instead of chunk by chunk, and without a copy).
fn utf8_text(body: Vec<u8>) -> String {
    String::from_utf8(body)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

enum BodyError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads a body of at most `limit` bytes, chunk by chunk, so that a huge answer costs at most
/// `limit` bytes of memory before it is refused. The chunks are kept as received and joined
/// once at the end: a buffer grown by doubling held twice the limit when the answer was refused
/// (measured: 140 MiB for a 500 MB answer under the 64 MiB limit).
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    // A body that says it is too large is refused before a byte of it is read.
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(BodyError::TooLarge);
    }
    let mut chunks = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if chunk.len() > limit - total {
            return Err(BodyError::TooLarge);
        }
        total += chunk.len();
        chunks.push(chunk);
    }
    let mut body = Vec::with_capacity(total);
    for chunk in chunks {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn retry_after(headers: &HeaderMap, now: OffsetDateTime) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| retry::parse_retry_after(v, now))
}

/// Turns a reqwest error into a retryable transport failure that names only the host.
fn transport_attempt<T>(err: reqwest::Error, host: String) -> Attempt<T> {
    let kind = if err.is_timeout() {
        TransportKind::Timeout
    } else if err.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Broken
    };
    // `without_url` drops the URL (and its query) from the message; the sources below are
    // hyper/io/rustls messages, which carry no request data.
    let err = err.without_url();
    let mut detail = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    Attempt::Retry {
        reason: kind.to_string(),
        error: ApiError::Transport { kind, host, detail },
        retry_after: None,
    }
}

/// Builds the HTTP client: rustls with webpki roots plus `SSL_CERT_FILE`, no redirects.
pub(crate) fn build_http(options: &ClientOptions) -> Result<reqwest::Client, ApiError> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        // A redirect would carry the bearer token (or the secret) to a host nobody configured,
        // and following redirects to internal addresses is the textbook SSRF. Defender does not
        // redirect API calls, so a 3xx is reported as an error instead.
        .redirect(reqwest::redirect::Policy::none());
    if !options.use_system_proxy {
        builder = builder.no_proxy();
    }
    if let Some(path) = &options.ssl_cert_file {
        builder = add_extra_roots(builder, path);
    }
    builder
        .build()
        .map_err(|e| ApiError::InvalidConfig(format!("the HTTP client could not be set up: {e}")))
}

/// Adds the certificates of a PEM bundle as roots. A missing or bad file is logged and skipped:
/// the built-in roots still cover Microsoft's hosts.
fn add_extra_roots(
    builder: reqwest::ClientBuilder,
    path: &std::path::Path,
) -> reqwest::ClientBuilder {
    let bundle = match std::fs::read(path) {
        Ok(bundle) => bundle,
        Err(err) => {
            tracing::warn!(path = %path.display(), "SSL_CERT_FILE is set but cannot be read ({err}); using the built-in roots only");
            return builder;
        }
    };
    let certs = pem_certificates(&bundle);
    if certs.is_empty() {
        tracing::warn!(path = %path.display(), "SSL_CERT_FILE holds no usable PEM certificates; using the built-in roots only");
        return builder;
    }
    tracing::debug!(path = %path.display(), count = certs.len(), "adding extra root certificates");
    certs.iter().fold(builder, |b, der| {
        match reqwest::Certificate::from_der(der) {
            Ok(cert) => b.add_root_certificate(cert),
            Err(_) => b,
        }
    })
}

/// The DER bytes of each `CERTIFICATE` block of a PEM bundle; a block that is not base64 is
/// skipped.
///
/// Not reqwest's bundle reader: its base64 decoder runs in constant time (it is made for
/// private keys), and the `pem` crate reads the framing a character at a time. With either, the
/// system bundle that InsightConnect images point `SSL_CERT_FILE` at (some 140 roots) cost
/// every step 8 to 19 million instructions, most of the step; this way it is under 2 million
/// (callgrind, `bench/results.md`).
fn pem_certificates(bundle: &[u8]) -> Vec<Vec<u8>> {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use memchr::memmem::Finder;
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let (begin, end) = (Finder::new(BEGIN), Finder::new(END));
    let mut certs = Vec::new();
    let mut text = Vec::new();
    let mut rest = bundle;
    while let Some(start) = begin.find(rest) {
        let body = &rest[start + BEGIN.len()..];
        let Some(stop) = end.find(body) else {
            break;
        };
        let block = &body[..stop];
        // Whole lines, trimmed, at memchr's pace; only a block with whitespace inside a line
        // (which the decode then refuses) is filtered byte by byte.
        text.clear();
        let mut from = 0;
        for newline in memchr::memchr_iter(b'\n', block).chain([block.len()]) {
            text.extend_from_slice(block[from..newline].trim_ascii());
            from = newline + 1;
        }
        let der = STANDARD.decode(&text).or_else(|_| {
            text.clear();
            text.extend(block.iter().filter(|b| !b.is_ascii_whitespace()));
            STANDARD.decode(&text)
        });
        if let Ok(der) = der {
            certs.push(der);
        }
        rest = &body[stop + END.len()..];
    }
    certs
}
