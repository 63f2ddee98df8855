//! Test helpers: a fake clock and sleeper, and a tiny scripted HTTP server on 127.0.0.1:0.
//!
//! The server answers token requests (`POST /{tenant}/oauth2/v2.0/token`) and API requests
//! (anything else) from two queues of scripted replies, records every request, and can drop
//! connections. It is not an emulator of Defender: it only plays back what a test tells it to.

use crate::clock::{Clock, Sleeper, Time};
use async_trait::async_trait;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

/// A clock that only moves when told to, and a sleeper that records each wait, advances the
/// clock by it and returns at once.
pub struct FakeTime {
    now: Mutex<OffsetDateTime>,
    sleeps: Mutex<Vec<Duration>>,
}

impl FakeTime {
    pub fn new() -> Arc<FakeTime> {
        Arc::new(FakeTime {
            now: Mutex::new(time::macros::datetime!(2024-05-01 12:00:00 UTC)),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    pub fn time(self: &Arc<FakeTime>) -> Time {
        Time {
            clock: self.clone(),
            sleeper: self.clone(),
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap() += by;
    }

    /// The waits requested so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for FakeTime {
    fn now(&self) -> OffsetDateTime {
        *self.now.lock().unwrap()
    }
}

#[async_trait]
impl Sleeper for FakeTime {
    async fn sleep(&self, duration: Duration) {
        self.sleeps.lock().unwrap().push(duration);
        self.advance(duration);
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A JSON body with a status and extra headers.
    Json(u16, serde_json::Value, Vec<(&'static str, String)>),
    /// A raw text body.
    Text(u16, String),
    /// Wait this long before answering 200 `{}`, to trip the client's timeout.
    Hang(Duration),
    /// 200 with a body of `total` bytes made up as it is sent, so a test can send far more
    /// than it could hold; `Content-Length` is announced only if `announced`.
    Stream { total: usize, announced: bool },
    /// 200 with headers that announce a body of this many bytes, and a body that never comes.
    Announce(usize),
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Json(status, body, Vec::new())
    }

    /// A token endpoint success.
    pub fn token(token: &str, expires_in: serde_json::Value) -> Reply {
        Reply::json(
            200,
            serde_json::json!({"token_type": "Bearer", "expires_in": expires_in,
                "ext_expires_in": 0, "access_token": token}),
        )
    }

    /// A Defender error envelope.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            serde_json::json!({"error": {"code": code, "message": message,
                "target": "43f4cb08-8fac-4b65-9db1-745c2ae65f3a"}}),
        )
    }
}

/// What the server saw.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: String,
}

#[derive(Default)]
struct Script {
    token: Mutex<VecDeque<Reply>>,
    api: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    tokens_issued: AtomicU32,
    drop_connections: AtomicUsize,
    dropped: AtomicUsize,
    streamed: Arc<AtomicUsize>,
}

/// A running mock server; it stops when the test's runtime ends.
pub struct MockServer {
    pub addr: SocketAddr,
    script: Arc<Script>,
}

impl MockServer {
    pub async fn start() -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let script = Arc::new(Script::default());
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(script.clone());
        let listener = DroppingListener {
            inner: listener,
            script: script.clone(),
        };
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        MockServer { addr, script }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues replies for token requests; once empty, tokens `tok-1`, `tok-2`… living 3599 s.
    pub fn token_replies(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.token.lock().unwrap().extend(replies);
    }

    /// Queues replies for API requests; once empty, 200 `{"value":[]}`.
    pub fn api_replies(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.api.lock().unwrap().extend(replies);
    }

    /// Closes the next `n` connections as soon as the request arrives, without answering.
    pub fn drop_next_connections(&self, n: usize) {
        self.script.drop_connections.store(n, Ordering::SeqCst);
    }

    pub fn dropped(&self) -> usize {
        self.script.dropped.load(Ordering::SeqCst)
    }

    /// How many bytes of `Reply::Stream` bodies were handed to the connection.
    pub fn streamed(&self) -> usize {
        self.script.streamed.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.script.requests.lock().unwrap().clone()
    }

    pub fn token_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| is_token_path(&r.path))
            .collect()
    }

    pub fn api_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| !is_token_path(&r.path))
            .collect()
    }
}

fn is_token_path(path: &str) -> bool {
    path.ends_with("/oauth2/v2.0/token")
}

async fn handle(
    State(script): State<Arc<Script>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    let path = uri.path().to_owned();
    script.requests.lock().unwrap().push(Recorded {
        method,
        path: path.clone(),
        query: uri.query().map(str::to_owned),
        headers,
        body,
    });
    let reply = if is_token_path(&path) {
        let scripted = script.token.lock().unwrap().pop_front();
        scripted.unwrap_or_else(|| {
            let n = script.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::token(&format!("tok-{n}"), serde_json::json!(3599))
        })
    } else {
        let scripted = script.api.lock().unwrap().pop_front();
        scripted.unwrap_or_else(|| Reply::json(200, serde_json::json!({"value": []})))
    };
    let (status, body, extra) = match reply {
        Reply::Json(status, body, extra) => (status, Body::from(body.to_string()), extra),
        Reply::Text(status, body) => (status, Body::from(body), Vec::new()),
        Reply::Hang(duration) => {
            tokio::time::sleep(duration).await;
            (200, Body::from("{}"), Vec::new())
        }
        Reply::Stream { total, announced } => {
            let extra = if announced {
                vec![("content-length", total.to_string())]
            } else {
                Vec::new()
            };
            (200, streamed_body(total, script.streamed.clone()), extra)
        }
        Reply::Announce(total) => {
            let never =
                futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
            (
                200,
                Body::from_stream(never),
                vec![("content-length", total.to_string())],
            )
        }
    };
    let mut response = Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", "application/json")
        // One request per connection, so `drop_next_connections` hits exactly the next requests.
        .header("connection", "close");
    for (name, value) in extra {
        response = response.header(name, value);
    }
    response.body(body).unwrap()
}

/// `total` bytes of a JSON string, in 64 KiB chunks that all share one buffer; each chunk is
/// counted in `sent` when the connection takes it.
fn streamed_body(total: usize, sent: Arc<AtomicUsize>) -> Body {
    const CHUNK: usize = 64 * 1024;
    let filler = axum::body::Bytes::from(vec![b'x'; CHUNK]);
    let chunks = futures_util::stream::unfold(0, move |offset| {
        let (filler, sent) = (filler.clone(), sent.clone());
        async move {
            (offset < total).then(|| {
                let len = CHUNK.min(total - offset);
                sent.fetch_add(len, Ordering::SeqCst);
                (Ok::<_, std::io::Error>(filler.slice(..len)), offset + len)
            })
        }
    });
    Body::from_stream(chunks)
}

/// A listener that can drop connections after reading the request, to fake a network failure.
struct DroppingListener {
    inner: TcpListener,
    script: Arc<Script>,
}

impl axum::serve::Listener for DroppingListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let Ok((mut stream, addr)) = self.inner.accept().await else {
                continue;
            };
            let drop_it = self
                .script
                .drop_connections
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if !drop_it {
                return (stream, addr);
            }
            // Read the request first so the client sees a clean close, not a refused connect.
            let mut buf = [0u8; 4096];
            let _ = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await;
            self.script.dropped.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// How a [`StallingServer`] fails to answer.
#[derive(Debug, Clone, Copy)]
pub enum Stall {
    /// Reads the request and never sends a byte, holding the connection open.
    Silent,
    /// Sends a 200 head announcing a 1,000-byte body, then one byte a second.
    Drip,
}

/// A server on 127.0.0.1 that accepts every connection and then stalls, as a hung service or a
/// broken proxy does. Its tasks end with the test's runtime.
pub struct StallingServer {
    pub addr: SocketAddr,
}

impl StallingServer {
    pub async fn start(stall: Stall) -> StallingServer {
        use tokio::io::AsyncWriteExt;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf).await;
                    match stall {
                        Stall::Silent => std::future::pending::<()>().await,
                        Stall::Drip => {
                            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                                        content-length: 1000\r\n\r\n";
                            if stream.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            while stream.write_all(b" ").await.is_ok() {
                                tokio::time::sleep(Duration::from_secs(1)).await;
                            }
                        }
                    }
                });
            }
        });
        StallingServer { addr }
    }
}
