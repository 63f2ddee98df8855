//! The clock and the sleeper, injected so that the core stays pure and tests control time.

use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

#[async_trait]
pub trait Sleeper: Send + Sync {
    async fn sleep(&self, duration: Duration);
}

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// Sleeps on tokio's timer, which tests can pause and advance.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleeper;

#[async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// The clock and sleeper a step runs with.
#[derive(Clone)]
pub struct Time {
    pub clock: Arc<dyn Clock>,
    pub sleeper: Arc<dyn Sleeper>,
}

impl Time {
    pub fn system() -> Time {
        Time {
            clock: Arc::new(SystemClock),
            sleeper: Arc::new(TokioSleeper),
        }
    }
}

impl Default for Time {
    fn default() -> Time {
        Time::system()
    }
}
