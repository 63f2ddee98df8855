//! When to retry, how long to wait, and the loop that does it through the injected sleeper.
//!
//! The arithmetic ([`backoff_delay`], [`parse_retry_after`], [`classify_status`]) is pure so it
//! can be tested exactly; [`Retrier::run`] is the only part that waits, and it waits through
//! [`crate::clock::Sleeper`] so that tests run instantly and record what would have been slept.

use super::error::{ApiError, TransportKind};
use crate::clock::{Backoff, Deadline, Time};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// How the random part of a backoff is drawn (see the AWS architecture blog's "Exponential
/// Backoff And Jitter"): jitter keeps many plugin instances from retrying in lockstep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Jitter {
    /// Anywhere between zero and the exponential delay.
    #[default]
    Full,
    /// Half the exponential delay plus a random share of the other half.
    Equal,
    /// Exactly the exponential delay; for tests that want round numbers.
    None,
}

/// Retry limits; part of `ClientOptions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included.
    pub max_attempts: u32,
    /// The most time all waits of one request may add up to.
    pub budget: Duration,
    /// The first backoff delay, doubled on each further retry.
    pub base: Duration,
    /// The longest single backoff delay.
    pub cap: Duration,
    pub jitter: Jitter,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            budget: Duration::from_secs(120),
            base: Duration::from_secs(1),
            cap: Duration::from_secs(30),
            jitter: Jitter::Full,
        }
    }
}

/// The backoff before retry number `retry` (1 for the first retry).
///
/// `unit` is a random draw in `[0, 1)`; passing it in keeps this function pure.
pub fn backoff_delay(
    retry: u32,
    base: Duration,
    cap: Duration,
    jitter: Jitter,
    unit: f64,
) -> Duration {
    let ceiling = Backoff::new(base, cap).after(retry);
    let unit = unit.clamp(0.0, 1.0);
    match jitter {
        Jitter::Full => ceiling.mul_f64(unit),
        Jitter::Equal => ceiling / 2 + (ceiling / 2).mul_f64(unit),
        Jitter::None => ceiling,
    }
}

/// Parses a `Retry-After` header: delay-seconds or an HTTP-date, relative to `now`.
///
/// A date in the past means "now" (zero). Unparseable values give `None`, and the caller falls
/// back to its own backoff.
pub fn parse_retry_after(value: &str, now: OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is a subset of RFC 2822, and time's RFC 2822
    // parser accepts the obsolete "GMT" zone.
    let at = OffsetDateTime::parse(value, &Rfc2822).ok()?;
    let delta = at - now;
    Some(if delta.is_negative() {
        Duration::ZERO
    } else {
        delta.unsigned_abs()
    })
}

/// What a response status means for retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// A final answer, success or not.
    Final,
    /// 429: wait as long as `Retry-After` says.
    Throttled,
    /// 408 and the 5xx codes that mean "try again": wait with backoff.
    Transient,
}

pub fn classify_status(status: u16) -> StatusClass {
    match status {
        429 => StatusClass::Throttled,
        408 | 500 | 502 | 503 | 504 => StatusClass::Transient,
        _ => StatusClass::Final,
    }
}

/// The outcome of one attempt, as reported to [`Retrier::run`].
#[derive(Debug)]
pub enum Attempt<T> {
    /// Done: this result is returned as is.
    Done(Result<T, ApiError>),
    /// Failed in a way that may pass on retry; `error` is returned if retries are spent.
    Retry {
        error: ApiError,
        /// The server's `Retry-After`, if it gave one.
        retry_after: Option<Duration>,
        /// What failed, for the log: a status code or a transport error kind.
        reason: String,
    },
}

/// Runs attempts with backoff; shared by the token and API requests of one client.
pub struct Retrier {
    pub policy: RetryPolicy,
    time: Time,
    rng: Mutex<StdRng>,
}

impl Retrier {
    /// `seed` makes the jitter reproducible (tests); `None` seeds from the OS.
    pub fn new(policy: RetryPolicy, time: Time, seed: Option<u64>) -> Retrier {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        Retrier {
            policy,
            time,
            rng: Mutex::new(rng),
        }
    }

    pub fn time(&self) -> &Time {
        &self.time
    }

    fn draw(&self) -> f64 {
        // A poisoned lock only means another thread panicked mid-draw; the RNG is still usable.
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        rng.random::<f64>()
    }

    /// Calls `attempt(n)` (n from 1) until it is done, attempts run out, or the wait budget or
    /// `deadline` would be exceeded. `label` says what is being retried in the log (method and
    /// path, no query).
    pub async fn run<T, F, Fut>(
        &self,
        label: &str,
        deadline: Option<&Deadline>,
        mut attempt: F,
    ) -> Result<T, ApiError>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Attempt<T>>,
    {
        let max = self.policy.max_attempts.max(1);
        let mut waited = Duration::ZERO;
        let mut n = 1;
        loop {
            let (error, retry_after, reason) = match attempt(n).await {
                Attempt::Done(result) => return result,
                Attempt::Retry {
                    error,
                    retry_after,
                    reason,
                } => (error, retry_after, reason),
            };
            if n >= max {
                return Err(error);
            }
            let wait = match retry_after {
                // Retrying before Retry-After only earns another 429 (reference §1.8).
                Some(wait) => wait,
                None => backoff_delay(
                    n,
                    self.policy.base,
                    self.policy.cap,
                    self.policy.jitter,
                    self.draw(),
                ),
            };
            if waited.saturating_add(wait) > self.policy.budget {
                tracing::warn!(
                    reason = %reason,
                    attempt = n,
                    max_attempts = max,
                    wait_ms = wait.as_millis() as u64,
                    budget_ms = self.policy.budget.as_millis() as u64,
                    "{label}: not retrying, the wait would exceed the retry budget"
                );
                return Err(error);
            }
            // A wait that leaves no time for the next attempt would only postpone the failure.
            // An answer (a 429 and when to come back, a 503) says more than running out of
            // time would; an attempt that timed out is what running out of time looks like.
            if let Some(deadline) = deadline {
                if wait >= deadline.remaining(self.time.clock.now()) {
                    tracing::warn!(
                        reason = %reason,
                        attempt = n,
                        wait_ms = wait.as_millis() as u64,
                        "{label}: not retrying, waiting {:.3}s would run past {deadline}",
                        wait.as_secs_f64()
                    );
                    return Err(match error {
                        ApiError::Transport {
                            kind: TransportKind::Timeout,
                            ..
                        } => ApiError::OutOfTime {
                            operation: label.to_owned(),
                            within: deadline.to_string(),
                        },
                        error => error,
                    });
                }
            }
            tracing::warn!(
                reason = %reason,
                attempt = n,
                max_attempts = max,
                wait_ms = wait.as_millis() as u64,
                "{label}: {reason} on attempt {n}/{max}, retrying in {:.3}s",
                wait.as_secs_f64()
            );
            self.time.sleeper.sleep(wait).await;
            waited = waited.saturating_add(wait);
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn without_jitter_a_retry_waits_the_capped_backoff() {
        for retry in [1, 3, 6, u32::MAX] {
            assert_eq!(
                backoff_delay(retry, S(1), S(30), Jitter::None, 0.5),
                Backoff::new(S(1), S(30)).after(retry)
            );
        }
    }

    #[test]
    fn full_jitter_spans_zero_to_the_ceiling() {
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Full, 0.0), S(0));
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Full, 0.5), S(2));
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Full, 1.0), S(4));
        assert_eq!(backoff_delay(9, S(1), S(30), Jitter::Full, 0.5), S(15));
    }

    #[test]
    fn equal_jitter_keeps_half_the_ceiling() {
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Equal, 0.0), S(2));
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Equal, 0.5), S(3));
        assert_eq!(backoff_delay(3, S(1), S(30), Jitter::Equal, 1.0), S(4));
    }

    #[test]
    fn seeded_draws_are_reproducible() {
        let draws = |seed| {
            let r = Retrier::new(RetryPolicy::default(), Time::system(), Some(seed));
            (0..5).map(|_| r.draw()).collect::<Vec<f64>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
        assert!(draws(7).iter().all(|u| (0.0..1.0).contains(u)));
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = datetime!(2024-05-01 12:00:00 UTC);
        assert_eq!(parse_retry_after("120", now), Some(S(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(S(0)));
        assert_eq!(
            parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now),
            Some(S(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now),
            Some(S(0))
        );
        for bad in ["", "-5", "1.5", "soon", "99999999999999999999999"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    /// A server may say to come back in 2^64 seconds after a first, short wait; adding that to
    /// the time already waited overflowed and panicked.
    #[tokio::test]
    async fn a_retry_after_of_u64_max_seconds_after_a_wait_gives_up_without_panicking() {
        let time = crate::api::test_server::FakeTime::new();
        let retrier = Retrier::new(RetryPolicy::default(), time.time(), Some(1));
        let waits = [Duration::from_secs(1), Duration::from_secs(u64::MAX)];
        let result: Result<(), ApiError> = retrier
            .run("GET /api/alerts", None, |n| {
                let wait = waits[(n as usize - 1).min(1)];
                async move {
                    Attempt::Retry {
                        error: ApiError::Throttled {
                            retry_after: Some(wait),
                            body: String::new(),
                        },
                        retry_after: Some(wait),
                        reason: "HTTP 429".to_owned(),
                    }
                }
            })
            .await;
        assert!(
            matches!(result, Err(ApiError::Throttled { .. })),
            "{result:?}"
        );
        assert_eq!(time.sleeps(), vec![Duration::from_secs(1)]);
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(classify_status(429), StatusClass::Throttled);
        for s in [408, 500, 502, 503, 504] {
            assert_eq!(classify_status(s), StatusClass::Transient, "{s}");
        }
        for s in [200, 201, 204, 400, 401, 403, 404, 409, 501, 505] {
            assert_eq!(classify_status(s), StatusClass::Final, "{s}");
        }
    }
}
