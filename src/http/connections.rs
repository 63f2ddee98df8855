//! The listener's side of the limits: how many connections may be open, how long a client may
//! take to send a request head and a request body, and how long an idle connection is kept.
//!
//! Without them, every socket a client opens and then leaves silent (or feeds a byte at a time)
//! holds a connection task and a file descriptor for as long as the client likes, and a few
//! hundred of them can exhaust the process's descriptors so that real requests are no longer
//! accepted.

use super::Settings;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::Router;
use http_body::{Frame, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Accepts connections until `until` completes, at most `settings.max_connections` open at
/// once, then stops accepting and lets the open connections finish their requests.
///
/// At the cap, new connections wait in the kernel's backlog instead of being accepted, and the
/// head timeout (which also covers idle keep-alive connections) frees slots.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    settings: &Settings,
    until: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let open = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    // The head timeout starts whenever the connection waits for a request: on a new connection
    // and between the requests of a kept-alive one, so it is also the idle timeout.
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout);
    let mut until = pin!(until);
    let mut at_cap = false;
    loop {
        if slots.available_permits() == 0 && !at_cap {
            tracing::warn!(
                "{} connections are open, the most allowed: new ones wait until one closes",
                settings.max_connections
            );
        }
        at_cap = slots.available_permits() == 0;
        let slot = tokio::select! {
            () = &mut until => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut until => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of descriptors or a connection reset before it was accepted: a pause
                    // keeps the loop from spinning while the cause lasts.
                    tracing::warn!("Accepting a connection failed: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = open.watch(connection);
        tokio::spawn(async move {
            // An error here is the client's (it went away, or its head came too late).
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    open.shutdown().await;
}

/// Wraps each request's body so that it must arrive in full within `timeout` of the request
/// head, however it trickles in; the router's body extractors then fail with [`BodyTimedOut`].
pub async fn bound_body(State(timeout): State<Duration>, request: Request) -> Request {
    request.map(|body| {
        Body::new(BodyInTime {
            body,
            deadline: Box::pin(tokio::time::sleep(timeout)),
        })
    })
}

/// The error of a request body that did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyTimedOut;

/// Whether reading a body failed because it did not arrive in time.
pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<BodyTimedOut>() {
            return true;
        }
        current = error.source();
    }
    false
}

/// A body with a deadline for all of it, unlike a timeout between frames, which a client
/// sending a byte now and then never trips.
struct BodyInTime {
    body: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for BodyInTime {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        match this.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
