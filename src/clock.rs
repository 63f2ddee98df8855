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

/// Capped exponential backoff: `first`, then double the wait before, never past `max`.
///
/// The one rule behind every wait after a failure: API retries (which add jitter on top), a
/// trigger's failed polls and deliveries, and the polls of `wait_for_completion`. Saturating, so
/// a trigger failing for weeks waits `max` and never overflows. A `max` below `first` means
/// `first`: a backoff never waits less than it started with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Backoff {
        Backoff {
            first,
            max,
            failures: 0,
        }
    }

    /// The wait after `failures` failures in a row (1 for the first).
    pub fn after(&self, failures: u32) -> Duration {
        // 2^31 times any wait is past any cap; the shift must stay within u32.
        let doublings = failures.saturating_sub(1).min(31);
        self.first
            .saturating_mul(1 << doublings)
            .min(self.max)
            .max(self.first)
    }

    /// The wait after one more failure.
    pub fn next_wait(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        self.after(self.failures)
    }
}

/// The default budget of one step (and of one trigger poll): token, requests, retries and
/// pages together. An API that accepts a connection and never answers would otherwise hold a
/// step for every attempt's full request timeout.
pub const DEFAULT_STEP_BUDGET: Duration = Duration::from_secs(120);

/// What a [`Deadline`] bounds, for the message when it runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A whole action or connection test.
    Step,
    /// One poll of a trigger.
    Poll,
    /// The `wait_for_completion` of a machine action, whose `wait_timeout` is this long.
    Wait(Duration),
}

/// An instant, on the injected clock, by which some work must be over, and what it bounds.
///
/// Carried by the API client, so that every request, retry wait and page of a step draws on
/// one budget instead of each having its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    at: OffsetDateTime,
    budget: Duration,
    bound: Bound,
}

impl Deadline {
    /// A deadline `budget` after `now`.
    pub fn after(now: OffsetDateTime, budget: Duration, bound: Bound) -> Deadline {
        Deadline {
            at: now + budget,
            budget,
            bound,
        }
    }

    /// The time left at `now`; zero once it has passed.
    pub fn remaining(&self, now: OffsetDateTime) -> Duration {
        Duration::try_from(self.at - now).unwrap_or(Duration::ZERO)
    }

    pub fn budget(&self) -> Duration {
        self.budget
    }
}

/// "the step's 120 s budget", for the error that names what ran out.
impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = |d: Duration| {
            if d.subsec_millis() == 0 {
                format!("{} s", d.as_secs())
            } else {
                format!("{:.1} s", d.as_secs_f64())
            }
        };
        match self.bound {
            Bound::Step => write!(f, "the step's {} budget", seconds(self.budget)),
            Bound::Poll => write!(f, "the poll's {} budget", seconds(self.budget)),
            Bound::Wait(wait) => write!(f, "the wait_timeout of {}", seconds(wait)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn a_backoff_doubles_from_its_first_wait_up_to_its_cap() {
        let mut backoff = Backoff::new(S(5), S(300));
        let waits: Vec<u64> = (0..9).map(|_| backoff.next_wait().as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
    }

    #[test]
    fn a_backoff_can_be_read_at_any_failure_count() {
        let backoff = Backoff::new(S(1), S(30));
        let waits: Vec<u64> = (1..=7).map(|n| backoff.after(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(
            backoff.after(0),
            S(1),
            "no failure yet still waits the first"
        );
    }

    #[test]
    fn a_backoff_saturates_instead_of_overflowing() {
        let backoff = Backoff::new(S(1), Duration::MAX);
        assert_eq!(backoff.after(u32::MAX), S(1 << 31));
        let huge = Backoff::new(Duration::MAX / 2, Duration::MAX);
        assert_eq!(huge.after(3), Duration::MAX);
        let mut many = Backoff::new(S(1), S(60));
        many.failures = u32::MAX;
        assert_eq!(many.next_wait(), S(60));
    }

    #[test]
    fn a_cap_below_the_first_wait_keeps_the_first_wait() {
        let slow = Backoff::new(S(600), S(300));
        assert_eq!(slow.after(1), S(600));
        assert_eq!(slow.after(9), S(600));
    }

    #[test]
    fn a_deadline_counts_down_on_the_clock_it_was_set_on_and_names_its_budget() {
        let start = datetime!(2024-05-01 12:00:00 UTC);
        let deadline = Deadline::after(start, Duration::from_secs(120), Bound::Step);
        assert_eq!(deadline.remaining(start), Duration::from_secs(120));
        assert_eq!(
            deadline.remaining(start + Duration::from_millis(119_500)),
            Duration::from_millis(500)
        );
        assert_eq!(
            deadline.remaining(start + Duration::from_secs(300)),
            Duration::ZERO
        );
        assert_eq!(deadline.to_string(), "the step's 120 s budget");
        let poll = Deadline::after(start, Duration::from_millis(1500), Bound::Poll);
        assert_eq!(poll.to_string(), "the poll's 1.5 s budget");
        let wait = Deadline::after(
            start,
            Duration::from_secs(15),
            Bound::Wait(Duration::from_secs(10)),
        );
        assert_eq!(wait.to_string(), "the wait_timeout of 10 s");
    }
}
