//! The HTTP side: listener, per-request pipeline and graceful shutdown.
//!
//! Every request goes through one axum fallback handler instead of an axum route table,
//! because Defender matches fixed path segments case-insensitively, accepts `/api/v1.0/`
//! as an alias and has segments like `findbyip(ip='…',timestamp=…)` that axum's matcher
//! cannot express. The pipeline is: record → injected fault → token endpoint or (bearer
//! → route → permission → rate limit → handler) → record the status.
//!
//! `Fault::DropConnection` needs to close the socket without a response, which a
//! handler cannot do through axum. The listener therefore wraps each `TcpStream` in a
//! [`KillableStream`] whose kill switch reaches the handler as connect info; once it is
//! flipped, every write fails, hyper abandons the connection, and the client sees the
//! connection close mid-request.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State as AxState};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use super::errors::ApiError;
use super::routes::{self, Req};
use super::state::{is_api_path, Shared};
use super::{auth, Fault, RecordedRequest};

/// Largest request body accepted: a library upload of 20 MiB (upload-library.md) and its form,
/// with room for tests to send more and be told it is over the page's limit.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// A TCP stream that a handler can sever.
pub(crate) struct KillableStream {
    inner: TcpStream,
    killed: Arc<AtomicBool>,
}

fn severed() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionReset,
        "connection dropped by fault injection",
    )
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(severed()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(severed()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(severed()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Accepts TCP connections and hands out [`KillableStream`]s.
struct KillableListener(TcpListener);

impl Listener for KillableListener {
    type Io = KillableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((inner, addr)) => {
                    let _ = inner.set_nodelay(true);
                    let stream = KillableStream {
                        inner,
                        killed: Arc::new(AtomicBool::new(false)),
                    };
                    return (stream, addr);
                }
                // Out of descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// The kill switch of the connection a request arrived on.
#[derive(Clone)]
struct Connection(Arc<AtomicBool>);

impl Connected<IncomingStream<'_, KillableListener>> for Connection {
    fn connect_info(stream: IncomingStream<'_, KillableListener>) -> Self {
        Connection(stream.io().killed.clone())
    }
}

/// Serves until `stop` resolves (or its sender is dropped).
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, stop: oneshot::Receiver<()>) {
    let app = Router::new().fallback(handle).with_state(shared);
    let _ = axum::serve(
        KillableListener(listener),
        app.into_make_service_with_connect_info::<Connection>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stop.await;
    })
    .await;
}

async fn handle(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<Connection>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = axum::body::to_bytes(body, MAX_BODY).await;
    let (bytes, too_large) = match body {
        Ok(b) => (b.to_vec(), false),
        Err(_) => (Vec::new(), true),
    };

    let _in_flight = InFlight::enter(&shared);
    let index = {
        let mut state = shared.lock();
        state.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: query.clone(),
            headers: headers.clone(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            status: 0,
        });
        state.requests.len() - 1
    };

    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };

    let fault = shared.lock().take_fault(&path);
    let response = match fault {
        Some(Fault::DropConnection { .. }) => {
            conn.0.store(true, Ordering::SeqCst);
            // Nothing reaches the client; the record keeps status 0.
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        Some(Fault::Throttle {
            retry_after_secs, ..
        }) => ApiError::throttled(retry_after_secs).into_response(),
        Some(Fault::ServerError { status, .. }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::new(
                status,
                "InternalServerError",
                "An unexpected error occurred while processing the request.",
            )
            .into_response()
        }
        Some(Fault::ExpireTokenOnce) => {
            if let Ok((token, _)) = auth::authenticate(&shared, header("authorization")) {
                if let Some(info) = shared.lock().tokens.get_mut(&token) {
                    info.revoked = true;
                }
            }
            ApiError::unauthorized("The access token has expired").into_response()
        }
        Some(Fault::Delay { millis, .. }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            dispatch(
                &shared,
                &parts.method,
                &path,
                &query,
                header,
                &bytes,
                too_large,
            )
        }
        None => dispatch(
            &shared,
            &parts.method,
            &path,
            &query,
            header,
            &bytes,
            too_large,
        ),
    };

    if let Some(record) = shared.lock().requests.get_mut(index) {
        record.status = response.status().as_u16();
    }
    response
}

/// Counts a request as being answered until it is dropped, however its handler ends (an
/// answer, a dropped connection, a client that gave up), so that a test can tell how many
/// requests a client had in flight at once.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> InFlight<'a> {
        let mut state = shared.lock();
        state.in_flight += 1;
        state.most_in_flight = state.most_in_flight.max(state.in_flight);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
    }
}

/// Everything after fault injection: token endpoint or API.
fn dispatch<'h>(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: &str,
    header: impl Fn(&str) -> Option<&'h str>,
    body: &[u8],
    too_large: bool,
) -> Response {
    if too_large {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BadRequest",
            "Request body is too large",
        )
        .into_response();
    }
    if let Some((tenant, v2)) = token_path(path) {
        if method != Method::POST {
            return ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "BadRequest",
                "The token endpoint only accepts POST",
            )
            .into_response();
        }
        return auth::token_endpoint(shared, &tenant, v2, body);
    }
    if path.starts_with(routes::BLOB_PREFIX) && method == Method::GET {
        // Blob storage is another host: no bearer token is asked for, the SAS is the key.
        return routes::blob(&shared.lock(), path, query);
    }
    if !is_api_path(path) {
        return ApiError::no_route(path).into_response();
    }
    api(shared, method, path, query, header, body).unwrap_or_else(IntoResponse::into_response)
}

fn api<'h>(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: &str,
    header: impl Fn(&str) -> Option<&'h str>,
    body: &[u8],
) -> Result<Response, ApiError> {
    let (_, token) = auth::authenticate(shared, header("authorization"))?;
    let route = routes::resolve(method, path)?;
    auth::authorize(&token, route.required_roles())?;
    if let Some(limit) = shared.config.rate_limit_per_minute {
        let limit = route.per_minute_cap().map_or(limit, |cap| cap.min(limit));
        rate_limit(shared, &format!("{} {}", method, route.rate_key()), limit)?;
    }
    let req = Req {
        path,
        query,
        content_type: header("content-type"),
        body,
        base_url: &shared.base_url,
    };
    let mut state = shared.lock();
    let reply = routes::handle(&mut state, &shared.config, &req, route)?;
    Ok(reply.into_response())
}

/// Sliding one-minute window per endpoint class.
fn rate_limit(shared: &Shared, key: &str, limit: u32) -> Result<(), ApiError> {
    let window = Duration::from_secs(60);
    let now = Instant::now();
    let mut state = shared.lock();
    let hits = state.rate_windows.entry(key.to_string()).or_default();
    while hits
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        hits.pop_front();
    }
    if hits.len() >= limit as usize {
        let oldest = hits.front().copied().unwrap_or(now);
        let wait = window.saturating_sub(now.duration_since(oldest));
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err(ApiError::throttled(secs.max(1)));
    }
    hits.push_back(now);
    Ok(())
}

/// `/{tenant}/oauth2/token` → `(tenant, false)`, `/{tenant}/oauth2/v2.0/token` → `(tenant, true)`.
fn token_path(path: &str) -> Option<(String, bool)> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    match segs.as_slice() {
        [tenant, o, t] if o.eq_ignore_ascii_case("oauth2") && t.eq_ignore_ascii_case("token") => {
            Some((decode(tenant), false))
        }
        [tenant, o, v, t]
            if o.eq_ignore_ascii_case("oauth2")
                && v.eq_ignore_ascii_case("v2.0")
                && t.eq_ignore_ascii_case("token") =>
        {
            Some((decode(tenant), true))
        }
        _ => None,
    }
}
