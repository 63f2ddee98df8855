//! Tests of the client over real HTTP, against the scripted server of `test_server`, with a fake
//! clock and a sleeper that records waits instead of waiting.

use super::test_server::{FakeTime, MockServer, Reply};
use super::*;
use crate::connection::{CredentialSecretKey, Environment, Secret};
use crate::protocol::error::{preset, PluginError};
use serde_json::{json, Value};
use std::sync::Mutex;

const SECRET: &str = "Sup3r~S3cret.Value_XYZ";
const APP_ID: &str = "11111111-2222-3333-4444-555555555555";
const MACHINE: &str = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07";
const S: fn(u64) -> Duration = Duration::from_secs;

fn connection(server: &MockServer) -> Connection {
    connection_to(&server.base_url())
}

fn connection_to(base: &str) -> Connection {
    Connection {
        application_id: APP_ID.into(),
        application_secret: CredentialSecretKey {
            secret_key: Secret::new(SECRET),
        },
        directory_id: "contoso.onmicrosoft.com".into(),
        environment: Environment::Commercial,
        api_url: Some(base.to_owned()),
        login_url: Some(format!("{base}/")),
    }
}

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: S(2),
        request_timeout: S(5),
        retry: RetryPolicy {
            jitter: Jitter::None,
            ..RetryPolicy::default()
        },
        rng_seed: Some(1),
        ssl_cert_file: None,
        use_system_proxy: false,
        max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        max_large_response_bytes: DEFAULT_MAX_LARGE_RESPONSE_BYTES,
    }
}

async fn setup_with(options: ClientOptions) -> (MockServer, Arc<FakeTime>, Client) {
    let server = MockServer::start().await;
    let time = FakeTime::new();
    let client = Client::new(&connection(&server), options, time.time()).unwrap();
    (server, time, client)
}

async fn setup() -> (MockServer, Arc<FakeTime>, Client) {
    setup_with(options()).await
}

/// The transport as JSON trees, for the tests of what every request shares; the plugin itself
/// reads answers only through the typed methods of `resources`.
impl Client {
    async fn get(&self, path: &ApiPath, query: &[(&str, String)]) -> Result<Value, ApiError> {
        let raw = self.get_body(path, query).await?;
        entities::decode_answer(&raw, &format!("GET {path}"))
    }

    async fn post(&self, path: &ApiPath, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::POST, path, body, false).await
    }

    async fn post_large(&self, path: &ApiPath, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::POST, path, body, true).await
    }

    async fn patch(&self, path: &ApiPath, body: &Value) -> Result<Value, ApiError> {
        self.send(Method::PATCH, path, body, false).await
    }

    async fn send(
        &self,
        method: Method,
        path: &ApiPath,
        body: &Value,
        large: bool,
    ) -> Result<Value, ApiError> {
        let label = format!("{method} {path}");
        let raw = self.send_json(method, path, body, large).await?;
        entities::decode_answer(&raw, &label)
    }
}

fn machines() -> ApiPath {
    ApiPath::new(["api", "machines"])
}

fn bearer(r: &test_server::Recorded) -> String {
    r.headers["authorization"].to_str().unwrap().to_owned()
}

// ---- paths and URLs -------------------------------------------------------------------------

#[test]
fn paths_are_built_from_encoded_segments() {
    let machine = MachineRef::parse(MACHINE).unwrap();
    let path = machines().id(&machine).segment("isolate");
    assert_eq!(path.to_string(), format!("/api/machines/{MACHINE}/isolate"));
    let path = ApiPath::new(["api", "machineactions"])
        .id(&ActionId::parse("0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a").unwrap())
        .function(
            "GetLiveResponseResultDownloadLink",
            &[("index", FunctionArg::Int(0))],
        );
    assert_eq!(
        path.to_string(),
        "/api/machineactions/0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a/GetLiveResponseResultDownloadLink(index=0)"
    );
    let path = machines().segment("$count");
    assert_eq!(path.to_string(), "/api/machines/$count");
}

#[test]
fn function_arguments_cannot_break_out_of_their_segment() {
    let path = machines().function(
        "findbyip",
        &[
            (
                "ip",
                FunctionArg::Str("10.0.0.1')/../../indicators?x=1#'".into()),
            ),
            (
                "timestamp",
                FunctionArg::Timestamp(time::macros::datetime!(2019-09-22 08:44:05 UTC)),
            ),
        ],
    );
    assert_eq!(
        path.to_string(),
        "/api/machines/findbyip(ip='10.0.0.1'')%2F..%2F..%2Findicators%3Fx=1%23''',timestamp=2019-09-22T08:44:05Z)"
    );
}

#[test]
fn percent_encoding_handles_what_validators_would_refuse_anyway() {
    // `encode_segment` is the second line of defence behind the validators.
    for (raw, encoded) in [
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("%2e%2e", "%252e%252e"),
        ("a b\n", "a%20b%0A"),
        ("a\\b", "a%5Cb"),
        ("é", "%C3%A9"),
    ] {
        assert_eq!(encode_segment(raw), encoded, "{raw:?}");
    }
}

#[tokio::test]
async fn urls_keep_the_base_path_and_the_encoded_segments() {
    let server = MockServer::start().await;
    let mut conn = connection(&server);
    conn.api_url = Some(format!("{}/prefix/", server.base_url()));
    let client = Client::new(&conn, options(), FakeTime::new().time()).unwrap();
    assert_eq!(client.api_base(), format!("{}/prefix", server.base_url()));
    let alert = AlertId::parse("da637551227677560813_-961444813").unwrap();
    let url = client.url_for(&ApiPath::new(["api", "alerts"]).id(&alert));
    assert_eq!(
        url.as_str(),
        format!(
            "{}/prefix/api/alerts/da637551227677560813_-961444813",
            server.base_url()
        )
    );
    let default = Connection {
        api_url: None,
        login_url: Some(String::new()),
        ..conn
    };
    let client = Client::new(&default, options(), FakeTime::new().time()).unwrap();
    assert_eq!(
        client.api_base(),
        "https://api.securitycenter.microsoft.com"
    );
}

#[test]
fn the_client_and_its_futures_can_cross_threads() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: T) {}
    let conn = Connection {
        api_url: None,
        login_url: None,
        ..connection_to("http://127.0.0.1:1")
    };
    let client = Client::new(&conn, options(), FakeTime::new().time()).unwrap();
    send_sync(&client);
    let path = machines();
    let body = json!({});
    send(client.get(&path, &[]));
    send(client.post(&path, &body));
    send(client.patch(&path, &body));
    send(client.delete(&path));
    send(client.token_check());
    let q = PagedQuery {
        path: machines(),
        query: Vec::new(),
        paging: Paging::NextLink,
    };
    send(client.get_page::<Value>(&q, None));
    send(client.get_all_pages::<Value>(&q, 1));
}

#[test]
fn empty_credentials_are_refused_up_front() {
    let mut conn = connection_to("http://127.0.0.1:1");
    conn.application_id = " ".into();
    let err = Client::new(&conn, options(), FakeTime::new().time()).unwrap_err();
    assert!(err.to_string().contains("application ID is empty"), "{err}");
    let mut conn = connection_to("http://127.0.0.1:1");
    conn.application_secret.secret_key = Secret::new("");
    let err = Client::new(&conn, options(), FakeTime::new().time()).unwrap_err();
    assert!(
        err.to_string().contains("application secret is empty"),
        "{err}"
    );
}

// ---- tokens ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_is_fetched_once_and_reused() {
    let (server, _time, client) = setup().await;
    client.get(&machines(), &[]).await.unwrap();
    client.clone().get(&machines(), &[]).await.unwrap();

    let tokens = server.token_requests();
    assert_eq!(tokens.len(), 1);
    let t = &tokens[0];
    assert_eq!(t.method, Method::POST);
    assert_eq!(t.path, "/contoso.onmicrosoft.com/oauth2/v2.0/token");
    assert_eq!(
        t.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let form: Vec<(String, String)> = url::form_urlencoded::parse(t.body.as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = [
        ("grant_type", "client_credentials"),
        ("client_id", APP_ID),
        ("client_secret", SECRET),
        ("scope", "https://api.securitycenter.microsoft.com/.default"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(form, expected);

    let api = server.api_requests();
    assert_eq!(api.len(), 2);
    for r in &api {
        assert_eq!(bearer(r), "Bearer tok-1");
        assert_eq!(r.headers["accept"], "application/json");
        assert_eq!(r.headers["user-agent"], "windows_defender_atp/2.0.0");
        assert_eq!(r.path, "/api/machines");
    }
}

/// A token is used until its refresh point and replaced there: five minutes before it expires,
/// at half its life when it is short, after a day when it claims to live for ever.
#[tokio::test]
async fn a_token_is_used_until_its_refresh_point_then_replaced() {
    struct Row {
        name: &'static str,
        tokens: Vec<Reply>,
        /// How long after the first request the token is last used.
        used_until: Duration,
        bearers: [&'static str; 2],
    }
    let rows = [
        Row {
            name: "an hour's token is refreshed five minutes before it expires",
            tokens: vec![],
            used_until: S(3599 - 300 - 1),
            bearers: ["Bearer tok-1", "Bearer tok-2"],
        },
        Row {
            name: "expires_in as a string, and a short token refreshed at half its life",
            tokens: vec![
                Reply::token("short-1", json!("120")),
                Reply::token("short-2", json!("120")),
            ],
            used_until: S(59),
            bearers: ["Bearer short-1", "Bearer short-2"],
        },
        Row {
            name: "a token said to live for ever is used for a day",
            tokens: vec![Reply::token("forever", json!(u64::MAX))],
            used_until: auth::MAX_LIFETIME - auth::REFRESH_LEAD - S(1),
            bearers: ["Bearer forever", "Bearer tok-1"],
        },
    ];
    for row in rows {
        let (server, time, client) = setup().await;
        server.token_replies(row.tokens);
        client.get(&machines(), &[]).await.unwrap();
        time.advance(row.used_until);
        client.get(&machines(), &[]).await.unwrap();
        assert_eq!(server.token_requests().len(), 1, "{}", row.name);
        time.advance(S(1));
        client.get(&machines(), &[]).await.unwrap();
        let bearers: Vec<String> = server.api_requests().iter().map(bearer).collect();
        let [old, new] = row.bearers;
        assert_eq!(bearers, [old, old, new], "{}", row.name);
    }
}

#[tokio::test]
async fn a_401_gets_one_new_token_and_one_retry() {
    let (server, time, client) = setup().await;
    server.api_replies([Reply::error(401, "Unauthorized", "Unauthorized")]);
    let value = client.get(&machines(), &[]).await.unwrap();
    assert_eq!(value, json!({"value": []}));
    assert_eq!(server.token_requests().len(), 2);
    let bearers: Vec<String> = server.api_requests().iter().map(bearer).collect();
    assert_eq!(bearers, ["Bearer tok-1", "Bearer tok-2"]);
    assert!(time.sleeps().is_empty());
}

#[tokio::test]
async fn a_second_401_is_returned_without_another_token() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::error(401, "Unauthorized", "Unauthorized"),
        Reply::error(401, "Unauthorized", "Unauthorized"),
    ]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 401, .. }), "{err:?}");
    assert_eq!(server.token_requests().len(), 2);
    assert_eq!(server.api_requests().len(), 2);
    assert!(err
        .to_plugin_error(None)
        .assistance
        .contains("application secret"));
}

#[tokio::test]
async fn token_failures_become_auth_errors_and_are_not_retried() {
    let (server, time, client) = setup().await;
    server.token_replies([Reply::json(
        401,
        json!({"error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided.",
            "error_codes": [7000215]}),
    )]);
    let err = client.token_check().await.unwrap_err();
    match &err {
        ApiError::Auth {
            status,
            error,
            codes,
            ..
        } => {
            assert_eq!((*status, error.as_str()), (401, "invalid_client"));
            assert_eq!(codes, &[7000215]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    assert!(time.sleeps().is_empty());
    // The next call tries again: failures are not cached.
    client.token_check().await.unwrap();
    assert_eq!(server.token_requests().len(), 2);
}

// ---- retries --------------------------------------------------------------------------------

fn with_retry_after(status: u16, value: &str) -> Reply {
    Reply::Json(
        status,
        json!({"error": {"code": "TooManyRequests", "message": "Rate limit is exceeded"}}),
        vec![("retry-after", value.to_owned())],
    )
}

/// Throttling and transient failures are waited out, then the request succeeds: a 429 for as
/// long as its `Retry-After` says (seconds or an HTTP date), anything else by the backoff.
#[tokio::test]
async fn a_transient_failure_is_waited_out_then_the_request_succeeds() {
    let rows: [(&str, Vec<Reply>, &[Duration]); 5] = [
        (
            "a 429 waits for Retry-After in seconds",
            vec![with_retry_after(429, "7")],
            &[S(7)],
        ),
        (
            // The fake clock reads 2024-05-01 12:00:00 UTC.
            "a 429 waits for Retry-After as an HTTP date",
            vec![with_retry_after(429, "Wed, 01 May 2024 12:00:30 GMT")],
            &[S(30)],
        ),
        (
            "a 429 without Retry-After backs off",
            vec![Reply::error(429, "TooManyRequests", "slow down")],
            &[S(1)],
        ),
        (
            "a 408 is retried",
            vec![Reply::error(408, "RequestTimeout", "slow")],
            &[S(1)],
        ),
        (
            "server errors back off, doubling",
            vec![
                Reply::error(503, "ServiceUnavailable", "busy"),
                Reply::error(500, "InternalServerError", "oops"),
                Reply::Text(502, "<html>bad gateway</html>".into()),
                Reply::error(504, "GatewayTimeout", "slow"),
            ],
            &[S(1), S(2), S(4), S(8)],
        ),
    ];
    for (name, failures, sleeps) in rows {
        let (server, time, client) = setup().await;
        let n_failures = failures.len();
        server.api_replies(
            failures
                .into_iter()
                .chain([Reply::json(200, json!({"value": [1]}))]),
        );
        let value = client.get(&machines(), &[]).await.unwrap();
        assert_eq!(value, json!({"value": [1]}), "{name}");
        assert_eq!(time.sleeps(), sleeps, "{name}");
        assert_eq!(server.api_requests().len(), n_failures + 1, "{name}");
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_returned_at_once() {
    let (server, time, client) = setup().await;
    server.api_replies([with_retry_after(429, "3600")]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::Throttled {
            retry_after: Some(S(3600)),
            body: r#"{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded"}}"#
                .into()
        }
    );
    assert!(time.sleeps().is_empty());
    assert_eq!(server.api_requests().len(), 1);
    let pe = err.to_plugin_error(None);
    assert!(pe.assistance.starts_with("Retry after 3600 seconds."));
}

#[tokio::test]
async fn retries_are_bounded_by_attempts() {
    let (server, time, client) = setup().await;
    server.api_replies((0..10).map(|_| Reply::error(503, "ServiceUnavailable", "busy")));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 503, .. }), "{err:?}");
    assert_eq!(server.api_requests().len(), 5);
    assert_eq!(time.sleeps(), [S(1), S(2), S(4), S(8)]);
    assert_eq!(
        err.to_plugin_error(None).cause,
        preset::service_unavailable().cause
    );
}

#[tokio::test]
async fn retries_are_bounded_by_the_wait_budget() {
    let mut opts = options();
    opts.retry.budget = S(5);
    let (server, time, client) = setup_with(opts).await;
    server.api_replies((0..10).map(|_| Reply::error(500, "InternalServerError", "oops")));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 500, .. }));
    // 1 + 2 fits in 5 s; the next 4 s would not.
    assert_eq!(time.sleeps(), [S(1), S(2)]);
    assert_eq!(server.api_requests().len(), 3);
}

#[tokio::test]
async fn jittered_waits_stay_within_their_ceilings() {
    let mut opts = options();
    opts.retry.jitter = Jitter::Full;
    let (server, time, client) = setup_with(opts).await;
    server.api_replies((0..4).map(|_| Reply::error(500, "InternalServerError", "oops")));
    client.get(&machines(), &[]).await.unwrap();
    let sleeps = time.sleeps();
    assert_eq!(sleeps.len(), 4);
    for (n, wait) in sleeps.iter().enumerate() {
        assert!(*wait <= S(1 << n), "retry {n}: {wait:?}");
    }
}

// ---- response size --------------------------------------------------------------------------

const LIMIT: usize = 256 * 1024;

fn small_limits() -> ClientOptions {
    ClientOptions {
        max_response_bytes: LIMIT,
        max_large_response_bytes: 4 * LIMIT,
        ..options()
    }
}

fn too_large(server: &MockServer, method: &str, limit: usize) -> ApiError {
    ApiError::ResponseTooLarge {
        what: format!("{method} {}/api/machines", server.addr),
        limit,
    }
}

#[tokio::test]
async fn an_answer_streamed_past_the_limit_is_refused_without_reading_the_rest() {
    let (server, _time, client) = setup_with(small_limits()).await;
    // 64 MiB, made up as it is sent and announced by no Content-Length.
    let total = 256 * LIMIT;
    server.api_replies([Reply::Stream {
        total,
        announced: false,
    }]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert_eq!(err, too_large(&server, "GET", LIMIT));
    assert_eq!(
        server.api_requests().len(),
        1,
        "the same answer is not asked for again"
    );
    // The connection is dropped at the limit: the server could push only what the socket
    // buffers hold past it, not the whole body.
    let streamed = server.streamed();
    assert!(
        streamed < total / 4,
        "{streamed} of {total} bytes were sent"
    );
}

#[tokio::test]
async fn an_answer_announced_larger_than_the_limit_is_refused_before_it_is_read() {
    let (server, _time, client) = setup_with(small_limits()).await;
    // The body never comes: reading it would end in a timeout, not in this error.
    server.api_replies([Reply::Announce(LIMIT + 1)]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert_eq!(err, too_large(&server, "GET", LIMIT));
    assert!(err
        .to_plugin_error(None)
        .cause
        .contains("larger than 262144 bytes"));
}

#[tokio::test]
async fn large_answers_are_read_up_to_their_own_limit() {
    let (server, _time, client) = setup_with(small_limits()).await;
    let string_of = |len: usize| Reply::Text(200, format!("\"{}\"", "x".repeat(len - 2)));
    server.api_replies([string_of(LIMIT), string_of(LIMIT + 1), string_of(2 * LIMIT)]);
    let path = machines();
    let exactly = client.post(&path, &json!({})).await.unwrap();
    assert_eq!(exactly.as_str().map(str::len), Some(LIMIT - 2));
    let err = client.post(&path, &json!({})).await.unwrap_err();
    assert_eq!(err, too_large(&server, "POST", LIMIT));
    let large = client.post_large(&path, &json!({})).await.unwrap();
    assert_eq!(large.as_str().map(str::len), Some(2 * LIMIT - 2));
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let (server, time, client) = setup().await;
    client.token_check().await.unwrap();
    server.drop_next_connections(1);
    let value = client.get(&machines(), &[]).await.unwrap();
    assert_eq!(value, json!({"value": []}));
    assert_eq!(server.dropped(), 1);
    assert_eq!(time.sleeps(), [S(1)]);
}

#[tokio::test]
async fn a_timeout_is_retried_and_reported_with_the_host() {
    let mut opts = options();
    opts.request_timeout = Duration::from_millis(200);
    opts.retry.max_attempts = 2;
    let (server, time, client) = setup_with(opts).await;
    client.token_check().await.unwrap();
    server.api_replies([Reply::Hang(S(3)), Reply::Hang(S(3))]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    match &err {
        ApiError::Transport { kind, host, .. } => {
            assert_eq!(*kind, TransportKind::Timeout);
            assert_eq!(host, &server.addr.to_string());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(time.sleeps(), [S(1)]);
    let pe = err.to_plugin_error(None);
    assert_eq!(
        pe.cause,
        format!("The connection to {} timed out.", server.addr)
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let server = MockServer::start().await;
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let mut conn = connection(&server);
    conn.api_url = Some(format!("http://{dead}"));
    let time = FakeTime::new();
    let client = Client::new(&conn, options(), time.time()).unwrap();
    let err = client
        .get(&machines(), &[("$filter", "x".into())])
        .await
        .unwrap_err();
    match &err {
        ApiError::Transport { kind, host, detail } => {
            assert_eq!(*kind, TransportKind::Connect);
            assert_eq!(host, &dead.to_string());
            assert!(
                !detail.contains("$filter") && !detail.contains("/api/"),
                "{detail}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(time.sleeps().len(), 4);
    assert!(err.to_plugin_error(None).cause.contains(&dead.to_string()));
}

// ---- the step's deadline -------------------------------------------------------------------

use super::test_server::{Stall, StallingServer};
use crate::clock::{Bound, Deadline, SystemClock};
use std::time::Instant;

/// A client whose API is `api` and whose token endpoint is the scripted server.
async fn client_with_api(
    api: SocketAddrText,
    options: ClientOptions,
    time: Time,
) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut conn = connection(&server);
    conn.api_url = Some(format!("http://{}", api.0));
    let client = Client::new(&conn, options, time).unwrap();
    (server, client)
}

struct SocketAddrText(std::net::SocketAddr);

fn step_deadline(time: &Time, budget: Duration) -> Deadline {
    Deadline::after(time.clock.now(), budget, Bound::Step)
}

/// Asserts the error says which request ran out of which budget.
fn assert_out_of_time(err: &ApiError, operation: &str, within: &str) {
    match err {
        ApiError::OutOfTime {
            operation: got_operation,
            within: got_within,
        } => {
            assert_eq!(got_operation, operation);
            assert_eq!(got_within, within);
        }
        other => panic!("expected OutOfTime, got {other:?}"),
    }
}

/// A client on the fake clock with a step budget of `budget`, whose API stalls as `stall` says.
async fn stalled(stall: Stall, budget: Duration) -> (StallingServer, MockServer, Client) {
    let api = StallingServer::start(stall).await;
    let time = FakeTime::new();
    let (server, client) = client_with_api(SocketAddrText(api.addr), options(), time.time()).await;
    let client = client.with_deadline(step_deadline(&time.time(), budget));
    (api, server, client)
}

/// Lists the machines of the API at `api`, which must fail for running out of `within`;
/// returns the error and how long the failure took on the wall clock.
async fn machines_out_of_time(
    client: &Client,
    api: std::net::SocketAddr,
    within: &str,
) -> (ApiError, Duration) {
    let started = Instant::now();
    let err = client.get(&machines(), &[]).await.unwrap_err();
    let took = started.elapsed();
    assert_out_of_time(&err, &format!("GET {api}/api/machines"), within);
    (err, took)
}

#[tokio::test]
async fn an_api_that_accepts_and_never_answers_fails_the_request_when_the_budget_is_spent() {
    let (silent, _server, client) = stalled(Stall::Silent, Duration::from_millis(1500)).await;
    let (err, took) = machines_out_of_time(&client, silent.addr, "the step's 1.5 s budget").await;
    assert!(
        took < S(3),
        "the request was cut at the budget, took {took:?}"
    );
    assert_eq!(
        err.to_plugin_error(None).cause,
        format!(
            "GET {}/api/machines: no complete answer within the step's 1.5 s budget.",
            silent.addr
        )
    );
}

#[tokio::test]
async fn attempts_and_retry_waits_share_one_budget() {
    // Each attempt times out on its own after 400 ms; five of them would take 2 s and more.
    let silent = StallingServer::start(Stall::Silent).await;
    let mut opts = options();
    opts.request_timeout = Duration::from_millis(400);
    opts.retry.base = Duration::from_millis(100);
    let time = Time {
        clock: Arc::new(SystemClock),
        sleeper: Arc::new(crate::clock::TokioSleeper),
    };
    let (_server, client) = client_with_api(SocketAddrText(silent.addr), opts, time.clone()).await;
    client.token_check().await.unwrap();
    let client = client.with_deadline(step_deadline(&time, Duration::from_millis(1000)));
    let (_, took) = machines_out_of_time(&client, silent.addr, "the step's 1 s budget").await;
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(1800),
        "took {took:?}"
    );
}

#[tokio::test]
async fn a_body_drip_fed_a_byte_a_second_is_cut_at_the_budget() {
    let (drip, _server, client) = stalled(Stall::Drip, S(2)).await;
    let (_, took) = machines_out_of_time(&client, drip.addr, "the step's 2 s budget").await;
    assert!(took < S(4), "took {took:?}");
}

#[tokio::test]
async fn a_token_endpoint_that_never_answers_is_named_when_the_budget_is_spent() {
    let silent = StallingServer::start(Stall::Silent).await;
    let server = MockServer::start().await;
    let mut conn = connection(&server);
    conn.login_url = Some(format!("http://{}/", silent.addr));
    let time = FakeTime::new();
    let client = Client::new(&conn, options(), time.time())
        .unwrap()
        .with_deadline(step_deadline(&time.time(), S(1)));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert_out_of_time(
        &err,
        &format!("token request to {}", silent.addr),
        "the step's 1 s budget",
    );
    assert!(server.api_requests().is_empty());
}

#[tokio::test]
async fn a_retry_wait_that_would_outlast_the_budget_is_not_taken() {
    let (server, time, client) = setup().await;
    client.token_check().await.unwrap();
    server.api_replies([Reply::Json(
        429,
        json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
        vec![("retry-after", "30".into())],
    )]);
    let client = client.with_deadline(step_deadline(&time.time(), S(20)));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Throttled { .. }), "{err:?}");
    assert_eq!(time.sleeps(), Vec::<Duration>::new());
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn nothing_is_sent_once_the_budget_is_spent() {
    let (server, time, client) = setup().await;
    let client = client.with_deadline(step_deadline(&time.time(), S(10)));
    time.advance(S(11));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::OutOfTime { operation, .. } if operation.starts_with("token request to")),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

// ---- configuration ------------------------------------------------------------------------

#[tokio::test]
async fn plain_http_to_another_host_is_refused_before_any_request() {
    let server = MockServer::start().await;
    for (api, login) in [
        (
            Some("http://api.example.com".to_owned()),
            Some(server.base_url()),
        ),
        (
            Some(server.base_url()),
            Some("http://login.example.com".to_owned()),
        ),
    ] {
        let conn = Connection {
            api_url: api,
            login_url: login,
            ..connection(&server)
        };
        let err = Client::new(&conn, options(), FakeTime::new().time()).unwrap_err();
        let ApiError::InvalidConfig(text) = &err else {
            panic!("{err:?}");
        };
        assert!(
            text.contains("unencrypted") && text.contains("https://"),
            "{text}"
        );
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (server, _time, client) = setup().await;
    server.api_replies([Reply::Json(
        302,
        json!({}),
        vec![("location", format!("{}/elsewhere", server.base_url()))],
    )]);
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Http { status: 302, .. }), "{err:?}");
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn a_bad_ssl_cert_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    for file in [bad, dir.path().join("missing.pem")] {
        let mut opts = options();
        opts.ssl_cert_file = Some(file);
        let server = MockServer::start().await;
        let client = Client::new(&connection(&server), opts, FakeTime::new().time()).unwrap();
        client.token_check().await.unwrap();
    }
}

#[test]
fn a_pem_bundle_gives_its_certificates_in_order_and_nothing_else() {
    let bundle = "# a comment line, as some bundles have\n\
        -----BEGIN CERTIFICATE-----\nZmlyc3Qg\ncm9vdA==\n-----END CERTIFICATE-----\n\
        Issuer: text between blocks\n\
        -----BEGIN PRIVATE KEY-----\nbm90IGEgcm9vdA==\n-----END PRIVATE KEY-----\n\
        -----BEGIN CERTIFICATE-----\r\nAP\t8H \r\n-----END CERTIFICATE-----\r\n\
        -----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n\
        -----BEGIN CERTIFICATE-----\nAAAA\n";
    assert_eq!(
        pem_certificates(bundle.as_bytes()),
        [b"first root".to_vec(), vec![0u8, 255, 7]]
    );
    assert!(pem_certificates(b"not a certificate").is_empty());
}

// ---- methods and bodies ---------------------------------------------------------------------

#[tokio::test]
async fn post_patch_and_delete_send_json_and_read_the_answer() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(201, json!({"id": "a", "status": "Pending"})),
        Reply::json(200, json!({"id": "b"})),
        Reply::Text(204, String::new()),
    ]);
    let machine = MachineRef::parse(MACHINE).unwrap();
    let path = machines().id(&machine).segment("isolate");
    let body = json!({"Comment": "isolate", "IsolationType": "Full"});
    let created = client.post(&path, &body).await.unwrap();
    assert_eq!(created["status"], "Pending");
    let alert = ApiPath::new(["api", "alerts"]).id(&AlertId::parse("da1_-2").unwrap());
    client
        .patch(&alert, &json!({"status": "Resolved"}))
        .await
        .unwrap();
    let indicator = ApiPath::new(["api", "indicators"]).id(&IndicatorId::parse("995").unwrap());
    client.delete(&indicator).await.unwrap();

    let api = server.api_requests();
    assert_eq!(api[0].method, Method::POST);
    assert_eq!(api[0].path, format!("/api/machines/{MACHINE}/isolate"));
    assert_eq!(api[0].headers["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&api[0].body).unwrap(),
        body
    );
    assert_eq!(api[1].method, Method::PATCH);
    assert_eq!(api[1].path, "/api/alerts/da1_-2");
    assert_eq!(api[2].method, Method::DELETE);
    assert_eq!(api[2].path, "/api/indicators/995");
}

#[tokio::test]
async fn query_values_are_url_encoded() {
    let (server, _time, client) = setup().await;
    let filter = "computerDnsName eq 'a&b=c' and riskScore eq 'High'#x".to_owned();
    client
        .get(
            &machines(),
            &[("$filter", filter.clone()), ("$top", "10".into())],
        )
        .await
        .unwrap();
    let query = server.api_requests()[0].query.clone().unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        pairs,
        [
            ("$filter".to_owned(), filter),
            ("$top".to_owned(), "10".to_owned())
        ]
    );
}

#[tokio::test]
async fn api_errors_are_typed_and_mapped_with_the_lookup() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::error(
            404,
            "ResourceNotFound",
            &format!("Machine {MACHINE} was not found"),
        ),
        Reply::error(
            403,
            "Forbidden",
            "The application does not have any of the required application permissions \
             (Machine.Isolate) to access the resource.",
        ),
        Reply::Text(200, "<html>not json</html>".into()),
    ]);
    let machine = MachineRef::parse(MACHINE).unwrap();
    let err = client.get(&machines().id(&machine), &[]).await.unwrap_err();
    let pe = err.to_plugin_error(Some(("machine", MACHINE)));
    assert_eq!(
        pe.cause,
        format!("No machine with ID \"{MACHINE}\" was found.")
    );
    let err = client
        .post(&machines().id(&machine).segment("isolate"), &json!({}))
        .await
        .unwrap_err();
    assert!(PluginError::from(err).cause.contains("Machine.Isolate"));
    let err = client.get(&machines(), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}

// ---- paging ---------------------------------------------------------------------------------

#[tokio::test]
async fn next_links_are_followed_on_the_same_endpoint() {
    let (server, _time, client) = setup().await;
    let base = server.base_url();
    server.api_replies([
        Reply::json(
            200,
            json!({"value": [1, 2], "@odata.nextLink": format!("{base}/api/machines?$skip=2")}),
        ),
        Reply::json(
            200,
            json!({"value": [3], "@odata.nextLink": format!("{base}/api/machines?$skip=3")}),
        ),
        Reply::json(200, json!({"value": [4]})),
    ]);
    let q = PagedQuery {
        path: machines(),
        query: vec![("$filter".into(), "healthStatus eq 'Active'".into())],
        paging: Paging::NextLink,
    };
    let items = client.get_all_pages::<Value>(&q, 10).await.unwrap();
    assert_eq!(items, [json!(1), json!(2), json!(3), json!(4)]);
    let queries: Vec<Option<String>> = server.api_requests().into_iter().map(|r| r.query).collect();
    assert!(queries[0].as_deref().unwrap().starts_with("%24filter="));
    assert_eq!(queries[1].as_deref(), Some("$skip=2"));
}

#[tokio::test]
async fn next_links_that_loop_or_leave_are_refused() {
    let (server, _time, client) = setup().await;
    let base = server.base_url();
    let q = PagedQuery {
        path: machines(),
        query: Vec::new(),
        paging: Paging::NextLink,
    };
    server.api_replies([
        Reply::json(
            200,
            json!({"value": [1], "@odata.nextLink": format!("{base}/api/machines?$skip=1")}),
        ),
        Reply::json(
            200,
            json!({"value": [2], "@odata.nextLink": format!("{base}/api/machines?$skip=1")}),
        ),
    ]);
    let err = client.get_all_pages::<Value>(&q, 10).await.unwrap_err();
    assert!(matches!(err, ApiError::Paging(_)), "{err:?}");
    server.api_replies([Reply::json(
        200,
        json!({"value": [1], "@odata.nextLink": "https://evil.example/api/machines?$skip=1"}),
    )]);
    let err = client.get_all_pages::<Value>(&q, 10).await.unwrap_err();
    assert!(err.to_string().contains("points away"), "{err}");
    // Only the two pages of the first run and the first page of the second were fetched.
    assert_eq!(server.api_requests().len(), 3);
}

#[tokio::test]
async fn the_page_bound_stops_endless_paging() {
    let (server, _time, client) = setup().await;
    let base = server.base_url();
    server.api_replies((1..=5).map(|n| {
        Reply::json(
            200,
            json!({"value": [n], "@odata.nextLink": format!("{base}/api/machines?$skip={n}")}),
        )
    }));
    let q = PagedQuery {
        path: machines(),
        query: Vec::new(),
        paging: Paging::NextLink,
    };
    let err = client.get_all_pages::<Value>(&q, 3).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::Paging("the results span more than 3 pages".into())
    );
    assert_eq!(server.api_requests().len(), 3);
}

#[tokio::test]
async fn top_skip_paging_stops_on_a_short_page_and_resumes_from_a_value() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(200, json!({"value": [1, 2]})),
        Reply::json(200, json!({"value": [3, 4]})),
        Reply::json(200, json!({"value": [5]})),
    ]);
    let q = PagedQuery {
        path: ApiPath::new(["api", "alerts"]),
        query: vec![("$orderby".into(), "alertCreationTime asc".into())],
        paging: Paging::TopSkip { page_size: 2 },
    };
    let first = client.get_page::<Value>(&q, None).await.unwrap();
    assert_eq!(first.next, Some(Continuation::Skip { skip: 2 }));
    // A trigger would store the continuation and resume from it on its next poll.
    let stored = serde_json::to_string(&first.next).unwrap();
    let resumed: Option<Continuation> = serde_json::from_str(&stored).unwrap();
    let rest_first = client
        .get_page::<Value>(&q, resumed.as_ref())
        .await
        .unwrap();
    let last = client
        .get_page::<Value>(&q, rest_first.next.as_ref())
        .await
        .unwrap();
    assert_eq!(last.items, [json!(5)]);
    assert_eq!(last.next, None);
    let queries: Vec<String> = server
        .api_requests()
        .into_iter()
        .map(|r| r.query.unwrap())
        .collect();
    assert_eq!(
        queries,
        [
            "%24orderby=alertCreationTime+asc&%24top=2&%24skip=0",
            "%24orderby=alertCreationTime+asc&%24top=2&%24skip=2",
            "%24orderby=alertCreationTime+asc&%24top=2&%24skip=4",
        ]
    );
    server.api_replies([
        Reply::json(200, json!({"value": [1, 2]})),
        Reply::json(200, json!({"value": []})),
    ]);
    assert_eq!(
        client.get_all_pages::<Value>(&q, 10).await.unwrap().len(),
        2
    );
}

// ---- entities -------------------------------------------------------------------------------

const ACTION: &str = "0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a";
const ALERT: &str = "da637551227677560813_-961444813";

/// The method, path and query of each API request, and its body when it has one.
fn calls(server: &MockServer) -> Vec<String> {
    server
        .api_requests()
        .into_iter()
        .map(|r| {
            let query = r.query.map(|q| format!("?{q}")).unwrap_or_default();
            let body = if r.body.is_empty() {
                String::new()
            } else {
                format!(" {}", r.body)
            };
            format!("{} {}{query}{body}", r.method, r.path)
        })
        .collect()
}

#[tokio::test]
async fn each_endpoint_is_one_typed_method_on_its_documented_path() {
    let (server, _time, client) = setup().await;
    let machine = json!({"id": MACHINE, "computerDnsName": "ws-fin-042.contoso.local"});
    let action = json!({"id": ACTION, "type": "Isolate", "status": "Pending"});
    let alert = json!({"id": ALERT, "status": "Resolved"});
    let indicator = json!({"id": "995", "indicatorValue": "185.220.101.47"});
    server.api_replies([
        Reply::json(200, machine.clone()),
        Reply::json(200, json!({"value": [machine.clone()]})),
        Reply::json(200, machine.clone()),
        Reply::json(200, json!({"value": [{"sha1": "f29d", "size": 7}]})),
        Reply::json(201, action.clone()),
        Reply::json(200, action.clone()),
        Reply::json(200, json!({"value": [action.clone()]})),
        Reply::json(200, action.clone()),
        Reply::json(200, alert.clone()),
        Reply::json(200, indicator.clone()),
        Reply::Text(204, String::new()),
        Reply::json(200, json!({"value": [alert.clone()]})),
        Reply::json(
            200,
            json!({"Schema": [{"Name": "DeviceName"}], "Results": []}),
        ),
        Reply::json(200, json!({"value": "https://example.com/p.zip"})),
        Reply::json(200, json!({"value": []})),
    ]);
    let by_name = MachineRef::parse("ws-fin-042.contoso.local").unwrap();
    let machine_id = MachineId::parse(MACHINE).unwrap();
    let action_id = ActionId::parse(ACTION).unwrap();
    let alert_id = AlertId::parse(ALERT).unwrap();
    let at = time::macros::datetime!(2026-11-23 08:44:05 UTC);

    assert_eq!(client.machine(&by_name).await.unwrap().id, MACHINE);
    let seen = client
        .machines_by_ip("10.20.4.42".parse().unwrap(), at)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    let on_alert = client.alert_machine(&alert_id).await.unwrap();
    assert_eq!(
        on_alert.computer_dns_name.as_deref(),
        Some("ws-fin-042.contoso.local")
    );
    let files = client.alert_files(&alert_id).await.unwrap();
    assert_eq!(
        (files[0].sha1.as_deref(), files[0].size),
        (Some("f29d"), Some(7))
    );
    let created = client
        .create_machine_action(&machine_id, "isolate", &json!({"Comment": "c"}))
        .await
        .unwrap();
    assert_eq!(created.type_.as_deref(), Some("Isolate"));
    assert_eq!(client.machine_action(&action_id).await.unwrap().id, ACTION);
    let listed = client
        .machine_actions(&[("$filter", "type eq 'Isolate'".to_owned())])
        .await
        .unwrap();
    assert_eq!(listed[0].status.as_deref(), Some("Pending"));
    client
        .cancel_machine_action(&action_id, "not needed")
        .await
        .unwrap();
    let updated = client
        .update_alert(&alert_id, &json!({"status": "Resolved"}))
        .await
        .unwrap();
    assert_eq!(updated.status.as_deref(), Some("Resolved"));
    let stored = client
        .submit_indicator(&json!({"indicatorValue": "185.220.101.47"}))
        .await
        .unwrap();
    assert_eq!(stored.id, "995");
    client
        .delete_indicator(&IndicatorId::parse("995").unwrap())
        .await
        .unwrap();
    let with_evidence = client.alert_with_evidence(&alert_id).await.unwrap();
    assert_eq!(with_evidence.map(|alert| alert.id), Some(ALERT.to_owned()));
    let hunted = client
        .run_hunting_query("DeviceInfo | take 1")
        .await
        .unwrap();
    assert_eq!(hunted.schema[0].name.as_deref(), Some("DeviceName"));
    let package = client.investigation_package_uri(&action_id).await.unwrap();
    assert_eq!(package.link.as_deref(), Some("https://example.com/p.zip"));
    client.probe().await.unwrap();

    assert_eq!(
        calls(&server),
        [
            "GET /api/machines/ws-fin-042.contoso.local".to_owned(),
            "GET /api/machines/findbyip(ip='10.20.4.42',timestamp=2026-11-23T08:44:05Z)".into(),
            format!("GET /api/alerts/{ALERT}/machine"),
            format!("GET /api/alerts/{ALERT}/files"),
            format!(r#"POST /api/machines/{MACHINE}/isolate {{"Comment":"c"}}"#),
            format!("GET /api/machineactions/{ACTION}"),
            "GET /api/machineactions?%24filter=type+eq+%27Isolate%27".into(),
            format!(r#"POST /api/machineactions/{ACTION}/cancel {{"Comment":"not needed"}}"#),
            format!(r#"PATCH /api/alerts/{ALERT} {{"status":"Resolved"}}"#),
            r#"POST /api/indicators {"indicatorValue":"185.220.101.47"}"#.into(),
            "DELETE /api/indicators/995".into(),
            format!("GET /api/alerts?%24filter=id+eq+%27{ALERT}%27&%24expand=evidence"),
            r#"POST /api/advancedqueries/run {"Query":"DeviceInfo | take 1"}"#.into(),
            format!("GET /api/machineactions/{ACTION}/getPackageUri"),
            "GET /api/machines?%24top=1".into(),
        ]
    );
}

#[tokio::test]
async fn an_answer_of_another_shape_is_an_unexpected_shape_mapped_once() {
    let (server, _time, client) = setup().await;
    server.api_replies([Reply::json(
        201,
        json!({"status": "Pending", "type": "Isolate"}),
    )]);
    let machine_id = MachineId::parse(MACHINE).unwrap();
    let err = client
        .create_machine_action(&machine_id, "isolate", &json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::UnexpectedShape {
            what: "machine action".into(),
            detail: "missing field `id`".into(),
            snippet: r#"{"status":"Pending","type":"Isolate"}"#.into(),
        }
    );
    let pe = err.to_plugin_error(Some(("machine", MACHINE)));
    assert_eq!(
        pe,
        PluginError::new(
            "Received a machine action from Defender for Endpoint in an unexpected shape \
             (missing field `id`).",
            "Check that the API URL points at the Defender for Endpoint API; if it does, the API \
             may have changed: please report it.",
        )
        .with_data(r#"{"status":"Pending","type":"Isolate"}"#)
    );
}

#[tokio::test]
async fn a_list_item_of_another_shape_fails_the_list_and_a_non_list_is_a_decode_error() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(200, json!({"value": [{"id": ACTION}, {"id": 7}]})),
        Reply::json(200, json!({"id": ACTION})),
        Reply::Text(200, "<html>maintenance</html>".into()),
    ]);
    let err = client.machine_actions(&[]).await.unwrap_err();
    match &err {
        ApiError::UnexpectedShape { what, detail, .. } => {
            assert_eq!(what, "machine action list");
            assert!(detail.starts_with("invalid type: integer `7`"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    let err = client.machine_actions(&[]).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::Decode { what, snippet }
            if what == "GET /api/machineactions" && snippet.contains("\"value\" array")),
        "{err:?}"
    );
    let err = client
        .machine_action(&ActionId::parse(ACTION).unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Decode {
            what: format!("GET /api/machineactions/{ACTION}"),
            snippet: "<html>maintenance</html>".into(),
        }
    );
}

#[tokio::test]
async fn pages_decode_their_items_as_the_entity_asked_for() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(200, json!({"value": [{"id": MACHINE, "osBuild": 22631}]})),
        Reply::json(200, json!({"value": [{"id": MACHINE, "osBuild": "22H2"}]})),
    ]);
    let q = PagedQuery {
        path: machines(),
        query: Vec::new(),
        paging: Paging::TopSkip { page_size: 2 },
    };
    let page = client.get_page::<Machine>(&q, None).await.unwrap();
    assert_eq!(page.items[0].os_build, Some(22631));
    assert_eq!(page.next, None);
    let err = client.get_page::<Machine>(&q, None).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::UnexpectedShape { what, .. } if what == "machine list"),
        "{err:?}"
    );
}

#[tokio::test]
async fn get_alert_reads_the_list_filtered_by_id_and_picks_the_same_id() {
    let (server, _time, client) = setup().await;
    let other = "da000000000000000000_1";
    server.api_replies([
        Reply::json(
            200,
            json!({"value": [{"id": other}, {"id": ALERT.to_uppercase(), "evidence": []}]}),
        ),
        Reply::json(200, json!({"value": []})),
    ]);
    let alert_id = AlertId::parse(ALERT).unwrap();
    let found = client
        .alert_with_evidence(&alert_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, ALERT.to_uppercase());
    assert_eq!(found.evidence, Some(Vec::new()));
    assert_eq!(client.alert_with_evidence(&alert_id).await.unwrap(), None);
}

#[tokio::test]
async fn a_hunting_answer_is_decoded_and_an_empty_one_is_an_empty_result() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(
            200,
            json!({"Stats": {}, "Schema": [{"Name": "DeviceName", "Type": "String"}],
                "Results": [{"DeviceName": "ws-fin-042", "Count": 3}]}),
        ),
        Reply::Text(204, String::new()),
    ]);
    let result = client
        .run_hunting_query("DeviceInfo | take 1")
        .await
        .unwrap();
    assert_eq!(result.schema[0].name.as_deref(), Some("DeviceName"));
    assert_eq!(result.results[0]["Count"], json!(3));
    let empty = client
        .run_hunting_query("DeviceInfo | take 0")
        .await
        .unwrap();
    assert!(empty.schema.is_empty() && empty.results.is_empty());
}

#[tokio::test]
async fn the_package_link_is_unquoted_and_a_missing_one_is_no_error() {
    let (server, _time, client) = setup().await;
    let link = "https://userrequests-us.securitycenter.windows.com/safedownload/p.zip?token=x";
    server.api_replies([
        Reply::json(200, json!({"value": format!("\"{link}\"")})),
        Reply::json(200, json!({"value": 7})),
    ]);
    let action_id = ActionId::parse(ACTION).unwrap();
    let answer = client.investigation_package_uri(&action_id).await.unwrap();
    assert_eq!(answer.link.as_deref(), Some(link));
    let answer = client.investigation_package_uri(&action_id).await.unwrap();
    assert_eq!(answer, PackageUri { link: None });
}

#[tokio::test]
async fn the_probe_needs_a_json_answer_of_any_shape() {
    let (server, _time, client) = setup().await;
    server.api_replies([
        Reply::json(200, json!({"value": [{"anything": true}]})),
        Reply::Text(200, "<html>".into()),
    ]);
    client.probe().await.unwrap();
    let err = client.probe().await.unwrap_err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
}

// ---- secrets --------------------------------------------------------------------------------

#[tokio::test]
async fn a_one_letter_secret_does_not_corrupt_the_answers_that_are_parsed() {
    let server = MockServer::start().await;
    let mut connection = connection(&server);
    connection.application_secret.secret_key = Secret::new("e");
    let client = Client::new(&connection, options(), FakeTime::new().time()).unwrap();
    server.api_replies([Reply::json(
        200,
        json!({"value": [{"id": MACHINE, "computerDnsName": "e.contoso.local"}]}),
    )]);
    let answer = client.get(&machines(), &[]).await.unwrap();
    assert_eq!(answer["value"][0]["computerDnsName"], "e.contoso.local");
    assert_eq!(bearer(&server.api_requests()[0]), "Bearer tok-1");
    // What leaves the process is another matter.
    assert_eq!(
        client.redactor().redact("the key"),
        "th[redacted] k[redacted]y"
    );
}

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Errors keep bodies as the server sent them; what leaves the process goes through the client's
/// redactor (`dispatch` and `logging` apply it), and the client's own log lines never quote one.
#[tokio::test]
async fn no_secret_or_token_survives_the_redactor_or_reaches_a_log_line() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (server, _time, client) = setup().await;
    const TOKEN_1: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.ONE";
    const TOKEN_2: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.TWO";
    let mut errors: Vec<ApiError> = Vec::new();

    // A failing token flow: a retry, then a refusal whose body (wrongly) echoes the secret.
    server.token_replies([
        Reply::json(503, json!({"error": "temporarily_unavailable", "echo": SECRET})),
        Reply::json(
            401,
            json!({"error": "invalid_client",
                "error_description": format!("AADSTS7000215: Invalid client secret provided: {SECRET}"),
                "error_codes": [7000215]}),
        ),
    ]);
    errors.push(client.token_check().await.unwrap_err());
    // Token retries spent: the last 503 body is the error.
    server.token_replies((0..5).map(|_| Reply::json(503, json!({"echo": SECRET}))));
    errors.push(client.token_check().await.unwrap_err());
    // A token body that is not quite right must not be quoted.
    server.token_replies([Reply::json(
        200,
        json!({"access_token": TOKEN_1, "expires_in": "never"}),
    )]);
    errors.push(client.token_check().await.unwrap_err());

    // An API flow where each 401 body echoes the token it was sent with.
    server.token_replies([
        Reply::token(TOKEN_1, json!(3599)),
        Reply::token(TOKEN_2, json!(3599)),
    ]);
    server.api_replies([
        Reply::error(401, "Unauthorized", &format!("bad token {TOKEN_1}")),
        Reply::error(401, "Unauthorized", &format!("bad token {TOKEN_2}")),
        Reply::error(500, "InternalServerError", &format!("Bearer {TOKEN_2}")),
        Reply::error(429, "TooManyRequests", TOKEN_2),
        Reply::error(404, "NotFound", TOKEN_2),
    ]);
    errors.push(client.get(&machines(), &[]).await.unwrap_err());
    errors.push(client.get(&machines(), &[]).await.unwrap_err());

    // Every other variant, for completeness.
    errors.extend([
        ApiError::Transport {
            kind: TransportKind::Connect,
            host: "h".into(),
            detail: "refused".into(),
        },
        ApiError::Decode {
            what: "x".into(),
            snippet: "y".into(),
        },
        ApiError::InvalidConfig("z".into()),
        ApiError::InvalidId {
            field: "machine ID",
            value: "../x".into(),
            expected: "an ID",
        },
        ApiError::Paging("p".into()),
        ApiError::Throttled {
            retry_after: None,
            body: String::new(),
        },
    ]);

    let mut shown = String::new();
    for err in &errors {
        let pe = err.to_plugin_error(Some(("machine", MACHINE)));
        shown.push_str(&format!(
            "{err}\n{err:?}\n{pe}\n{pe:?}\n{}\n",
            pe.connection_test_message()
        ));
    }
    let shown = format!("{}{client:?}\n", client.redactor().redact(&shown));
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("retrying"),
        "the flows above must have logged: {logs}"
    );
    for needle in [SECRET, TOKEN_1, TOKEN_2, "Sup3r", "JSUzI1NiJ9"] {
        assert!(!shown.contains(needle), "{needle} in errors:\n{shown}");
        assert!(!logs.contains(needle), "{needle} in logs:\n{logs}");
    }
    assert!(
        shown.contains("[redacted]"),
        "the echoes were redacted, not lost"
    );
}

// Live response result downloads (`download`): ARCHITECTURE.md, invariant 19, "the bearer
// token only goes to the API host".

fn blob_link(server: &MockServer) -> String {
    format!(
        "{}/blobs/liveresponse/r?se=2030-01-01T00:00:00Z&sig=SASSIG",
        server.base_url()
    )
}

#[tokio::test]
async fn a_download_carries_no_bearer_token_though_the_client_holds_one() {
    let (server, _time, client) = setup_with(small_limits()).await;
    server.api_replies([
        Reply::json(200, json!({"value": []})),
        Reply::Text(200, "result".into()),
    ]);
    client.get(&machines(), &[]).await.unwrap();
    let body = client.download(&blob_link(&server), LIMIT).await.unwrap();
    assert_eq!(body, b"result");
    let requests = server.api_requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].headers.contains_key("authorization"));
    assert_eq!(requests[1].path, "/blobs/liveresponse/r");
    assert!(
        !requests[1].headers.contains_key("authorization"),
        "the bearer token went to the blob: {:?}",
        requests[1].headers
    );
}

#[tokio::test]
async fn a_download_that_redirects_is_not_followed() {
    let (server, _time, client) = setup_with(small_limits()).await;
    let elsewhere = format!("{}/elsewhere", server.base_url());
    server.api_replies([Reply::Json(302, json!({}), vec![("location", elsewhere)])]);
    let err = client
        .download(&blob_link(&server), LIMIT)
        .await
        .unwrap_err();
    assert!(
        matches!(err, download::DownloadError::Status { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(server.api_requests().len(), 1, "the redirect was followed");
    assert!(err
        .to_plugin_error("the script's output")
        .assistance
        .contains("never follows"));
}

#[tokio::test]
async fn a_download_link_to_another_host_is_refused_without_a_request() {
    let (server, _time, client) = setup_with(small_limits()).await;
    for link in [
        "https://attacker.example/blob?sig=SASSIG",
        "http://wdatpprd.blob.core.windows.net/x?sig=SASSIG",
        "http://10.1.2.3/blobs/liveresponse/r?sig=SASSIG",
    ] {
        let err = client.download(link, LIMIT).await.unwrap_err();
        assert!(
            matches!(err, download::DownloadError::Refused { .. }),
            "{link}: {err:?}"
        );
        assert!(!format!("{:?}", err.to_plugin_error("x")).contains("SASSIG"));
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn a_download_announced_larger_than_the_cap_is_refused_before_it_is_read() {
    let (server, _time, client) = setup_with(small_limits()).await;
    // The body never comes: reading it would end in a timeout, not in this error.
    server.api_replies([Reply::Announce(LIMIT + 1)]);
    let err = client
        .download(&blob_link(&server), LIMIT)
        .await
        .unwrap_err();
    assert!(
        matches!(err, download::DownloadError::TooLarge { limit: LIMIT }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_download_streamed_past_the_cap_stops_there() {
    let (server, _time, client) = setup_with(small_limits()).await;
    let total = 256 * LIMIT;
    server.api_replies([Reply::Stream {
        total,
        announced: false,
    }]);
    let err = client
        .download(&blob_link(&server), LIMIT)
        .await
        .unwrap_err();
    assert!(
        matches!(err, download::DownloadError::TooLarge { .. }),
        "{err:?}"
    );
    let streamed = server.streamed();
    assert!(
        streamed < total / 4,
        "{streamed} of {total} bytes were sent"
    );
}

#[tokio::test]
async fn a_download_is_bounded_by_the_step_deadline() {
    let (server, time, client) = setup_with(small_limits()).await;
    server.api_replies([Reply::Hang(S(30))]);
    let client = client.with_deadline(Deadline::after(
        time.time().clock.now(),
        Duration::from_millis(200),
        crate::clock::Bound::Step,
    ));
    let err = client
        .download(&blob_link(&server), LIMIT)
        .await
        .unwrap_err();
    assert!(
        matches!(err, download::DownloadError::OutOfTime { .. }),
        "{err:?}"
    );
}
