//! OAuth2 client credentials against Microsoft Entra ID, and the token cache.
//!
//! One token serves every request of a client for its lifetime. It is refreshed 300 s before it
//! expires (at half-life for tokens that live under 600 s), and once more when the API answers
//! 401 to it. Refreshes are double-checked under a mutex so that concurrent steps sharing the
//! client (e.g. behind the HTTP server) make one token request, not one each.

use super::error::{self, ApiError};
use crate::clock::Clock;
use crate::connection::Secret;
use serde::Deserialize;
use std::future::Future;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::{Mutex, RwLock};
use url::Url;

/// A bearer token. Like [`Secret`], it never prints: `Debug` is redacted and there is no
/// `Display`, so it cannot reach a log line or an error message by accident. `expose` is for the
/// `Authorization` header only.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

crate::connection::never_printed!(AccessToken);

/// What the token request needs. `Debug` shows no secret because [`Secret`] redacts itself.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub token_url: Url,
    pub client_id: String,
    pub secret: Secret,
    pub scope: String,
}

impl Credentials {
    /// The form body of the v2 client-credentials grant.
    pub fn form(&self) -> [(&'static str, &str); 4] {
        [
            ("grant_type", "client_credentials"),
            ("client_id", &self.client_id),
            ("client_secret", self.secret.expose()),
            ("scope", &self.scope),
        ]
    }
}

/// A token just received, with how long Entra ID says it lives.
#[derive(Debug, Clone)]
pub struct FreshToken {
    pub token: AccessToken,
    pub lifetime: Duration,
}

/// Tokens are refreshed this long before they expire, so a request never leaves with a token
/// that expires in flight.
pub const REFRESH_LEAD: Duration = Duration::from_secs(300);

/// When a token received at `received` and living `lifetime` should be replaced.
pub fn refresh_at(received: OffsetDateTime, lifetime: Duration) -> OffsetDateTime {
    // A 300 s lead on a short-lived token would refresh it at once or never use it; half its
    // life is the sensible lead then.
    let lead = if lifetime >= 2 * REFRESH_LEAD {
        REFRESH_LEAD
    } else {
        lifetime / 2
    };
    // `lifetime` is clamped when it is read, but a clock near the end of time must not panic
    // either: then the token is simply refreshed on its next use.
    time::Duration::try_from(lifetime - lead)
        .ok()
        .and_then(|wait| received.checked_add(wait))
        .unwrap_or(received)
}

/// `expires_in` arrives as a number (v2) or as a string (v1 and old samples: `"3599"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Fraction(f64),
    Text(String),
}

/// The token endpoint's success body. Deliberately not `Debug`: it holds the token.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<Seconds>,
}

/// Entra ID documents one hour; used only if a response leaves `expires_in` out.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3599);

/// The longest lifetime believed. Entra ID issues tokens for 60 to 90 minutes; a larger
/// `expires_in` (a proxy's, or `u64::MAX`) would keep a revoked token cached for ever, and used
/// to overflow the date arithmetic.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A number of seconds as a lifetime within `0..=MAX_LIFETIME`; `None` if it is not a number.
/// A negative lifetime is an expired token: used for this request, refreshed on the next.
fn clamped_lifetime(seconds: f64) -> Option<Duration> {
    if !seconds.is_finite() {
        return None;
    }
    let seconds = seconds.clamp(0.0, MAX_LIFETIME.as_secs_f64());
    Some(Duration::from_secs_f64(seconds))
}

/// Reads a token endpoint success body.
///
/// Error snippets list the body's keys, never its values, because the values include the token.
pub fn parse_token_response(body: &str) -> Result<FreshToken, ApiError> {
    let keys = || match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            format!("a JSON object with the keys: {}", keys.join(", "))
        }
        Ok(_) => "JSON that is not an object".to_owned(),
        Err(_) => "a body that is not JSON".to_owned(),
    };
    let decode = |problem: &str| ApiError::Decode {
        what: "the token request".to_owned(),
        snippet: format!("{problem}; got {}", keys()),
    };
    // Through `Value` first: serde would also read a struct from a JSON array.
    let parsed: TokenResponse = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(object @ serde_json::Value::Object(_)) => serde_json::from_value(object).ok(),
        _ => None,
    }
    .ok_or_else(|| decode("expected an object with access_token and expires_in"))?;
    if parsed.access_token.is_empty() {
        return Err(decode("the access_token is empty"));
    }
    if let Some(kind) = &parsed.token_type {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(decode("the token_type is not Bearer"));
        }
    }
    let not_seconds = || decode("expires_in is not a number of seconds");
    let lifetime = match parsed.expires_in {
        None => DEFAULT_LIFETIME,
        Some(Seconds::Number(n)) => Duration::from_secs(n).min(MAX_LIFETIME),
        Some(Seconds::Fraction(n)) => clamped_lifetime(n).ok_or_else(not_seconds)?,
        Some(Seconds::Text(text)) => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(clamped_lifetime)
            .ok_or_else(not_seconds)?,
    };
    Ok(FreshToken {
        token: AccessToken(parsed.access_token),
        lifetime,
    })
}

/// Builds the error for a failed token request to `url`: Entra ID's shape if it is that, a wrong
/// login URL for a 404 without it (Entra ID answers an unknown tenant with 400), else a plain
/// HTTP error.
pub fn token_error(url: &url::Url, status: u16, body: &str) -> ApiError {
    match error::auth_error(status, body) {
        Some(err) => err,
        None if status == 404 => error::no_route("login_url", url, body),
        None => error::http_error(status, body),
    }
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    refresh_at: OffsetDateTime,
}

/// The token of one client, shared by all its clones.
#[derive(Default)]
pub struct TokenCache {
    slot: RwLock<Option<Cached>>,
    /// Held while a token is being fetched, so only one fetch runs at a time.
    refreshing: Mutex<()>,
}

impl TokenCache {
    pub fn new() -> TokenCache {
        TokenCache::default()
    }

    async fn fresh(&self, now: OffsetDateTime) -> Option<AccessToken> {
        let slot = self.slot.read().await;
        slot.as_ref()
            .filter(|cached| now < cached.refresh_at)
            .map(|cached| cached.token.clone())
    }

    async fn store(&self, clock: &dyn Clock, fresh: FreshToken) -> AccessToken {
        let cached = Cached {
            refresh_at: refresh_at(clock.now(), fresh.lifetime),
            token: fresh.token,
        };
        let token = cached.token.clone();
        *self.slot.write().await = Some(cached);
        token
    }

    /// The cached token if it is still fresh, else one from `fetch` (called at most once).
    pub async fn get<F, Fut>(&self, clock: &dyn Clock, fetch: F) -> Result<AccessToken, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<FreshToken, ApiError>>,
    {
        if let Some(token) = self.fresh(clock.now()).await {
            return Ok(token);
        }
        let _guard = self.refreshing.lock().await;
        // Another task may have refreshed while this one waited for the lock.
        if let Some(token) = self.fresh(clock.now()).await {
            return Ok(token);
        }
        let fresh = fetch().await?;
        Ok(self.store(clock, fresh).await)
    }

    /// Replaces `rejected` after the API answered 401 to it, unless another task already did.
    pub async fn replace_rejected<F, Fut>(
        &self,
        clock: &dyn Clock,
        rejected: &AccessToken,
        fetch: F,
    ) -> Result<AccessToken, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<FreshToken, ApiError>>,
    {
        let _guard = self.refreshing.lock().await;
        if let Some(token) = self.fresh(clock.now()).await {
            if &token != rejected {
                return Ok(token);
            }
        }
        // Forget the rejected token first, so a failed fetch does not leave it in use.
        *self.slot.write().await = None;
        let fresh = fetch().await?;
        Ok(self.store(clock, fresh).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_server::FakeTime;
    use std::sync::atomic::{AtomicU32, Ordering};

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn refresh_is_five_minutes_early_or_at_half_life() {
        let t0 = time::macros::datetime!(2024-01-01 0:00 UTC);
        assert_eq!(refresh_at(t0, S(3599)), t0 + S(3299));
        assert_eq!(refresh_at(t0, S(600)), t0 + S(300));
        assert_eq!(refresh_at(t0, S(599)), t0 + Duration::from_millis(299_500));
        assert_eq!(refresh_at(t0, S(120)), t0 + S(60));
        assert_eq!(refresh_at(t0, S(0)), t0);
    }

    /// Found by `make fuzz` (token_answer): the refresh time overflowed the clock and panicked.
    #[test]
    fn an_expires_in_of_centuries_is_capped_at_a_day_instead_of_overflowing_the_clock() {
        let t0 = time::macros::datetime!(2026-01-02 03:04:05 UTC);
        for expires_in in [r#""16999961009996100""#, "18446744073709551615", "1e300"] {
            let body = format!(r#"{{"expires_in": {expires_in}, "access_token": "eyJ000"}}"#);
            match parse_token_response(&body) {
                Ok(fresh) => {
                    assert_eq!(fresh.lifetime, MAX_LIFETIME, "{body}");
                    assert_eq!(refresh_at(t0, fresh.lifetime), t0 + S(86_400 - 300));
                }
                Err(err) => assert!(matches!(err, ApiError::Decode { .. }), "{err:?}"),
            }
        }
    }

    #[test]
    fn expires_in_may_be_a_number_or_a_string() {
        let t = parse_token_response(
            r#"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":0,"access_token":"eyJ1"}"#,
        )
        .unwrap();
        assert_eq!(t.token.expose(), "eyJ1");
        assert_eq!(t.lifetime, S(3599));
        let t = parse_token_response(r#"{"expires_in":"3599","access_token":"eyJ2"}"#).unwrap();
        assert_eq!(t.lifetime, S(3599));
        let t = parse_token_response(r#"{"expires_in":59.5,"access_token":"eyJ4"}"#).unwrap();
        assert_eq!(t.lifetime, Duration::from_millis(59_500));
        let t = parse_token_response(r#"{"access_token":"eyJ3"}"#).unwrap();
        assert_eq!(t.lifetime, DEFAULT_LIFETIME);
    }

    fn lifetime_of(expires_in: &str) -> Result<Duration, ApiError> {
        parse_token_response(&format!(
            r#"{{"expires_in":{expires_in},"access_token":"eyJ"}}"#
        ))
        .map(|fresh| fresh.lifetime)
    }

    #[test]
    fn a_huge_expires_in_is_clamped_to_a_day_in_every_form() {
        for huge in [
            "18446744073709551615",
            "1e300",
            r#""18446744073709551615""#,
            r#""1e30""#,
            "86401",
        ] {
            assert_eq!(lifetime_of(huge).unwrap(), MAX_LIFETIME, "{huge}");
        }
    }

    #[test]
    fn a_negative_expires_in_is_an_expired_token_not_an_error() {
        for negative in ["-1", "-1.0", r#""-5""#, "-9223372036854775808", "-1e300"] {
            assert_eq!(lifetime_of(negative).unwrap(), S(0), "{negative}");
        }
        assert_eq!(
            lifetime_of(r#"" 59.5 ""#).unwrap(),
            Duration::from_millis(59_500)
        );
        for not_seconds in [r#""soon""#, r#""inf""#, r#""NaN""#, "true", "[1]"] {
            assert!(lifetime_of(not_seconds).is_err(), "{not_seconds}");
        }
    }

    #[test]
    fn refresh_arithmetic_never_panics() {
        let t0 = time::macros::datetime!(2024-01-01 0:00 UTC);
        assert_eq!(refresh_at(t0, Duration::MAX), t0);
        let end = time::PrimitiveDateTime::MAX.assume_utc();
        assert_eq!(refresh_at(end, S(3599)), end);
    }

    #[test]
    fn bad_token_bodies_are_decode_errors_that_never_show_the_token() {
        for body in [
            r#"{"access_token":"eyJSECRET","expires_in":"soon"}"#,
            r#"{"access_token":"eyJSECRET","token_type":"pop"}"#,
            r#"{"access_token":"","expires_in":1}"#,
            r#"{"token":"eyJSECRET"}"#,
            r#"["eyJSECRET"]"#,
            "eyJSECRET",
        ] {
            let err = parse_token_response(body).unwrap_err();
            assert!(matches!(err, ApiError::Decode { .. }), "{body}");
            let shown = format!("{err} {err:?} {}", err.to_plugin_error(None));
            assert!(!shown.contains("eyJSECRET"), "{shown}");
        }
    }

    #[test]
    fn tokens_and_credentials_do_not_debug_print() {
        let token = AccessToken::new("eyJtoken");
        assert_eq!(format!("{token:?}"), "AccessToken([redacted])");
        let creds = Credentials {
            token_url: Url::parse("https://login.microsoftonline.com/t.com/oauth2/v2.0/token")
                .unwrap(),
            client_id: "app".into(),
            secret: Secret::new("hunter2"),
            scope: "https://api.securitycenter.microsoft.com/.default".into(),
        };
        assert!(!format!("{creds:?}").contains("hunter2"));
        assert_eq!(creds.form()[2], ("client_secret", "hunter2"));
    }

    /// An empty cache on the fake clock, and the count of the tokens fetched into it.
    fn empty_cache() -> (std::sync::Arc<FakeTime>, TokenCache, AtomicU32) {
        (FakeTime::new(), TokenCache::new(), AtomicU32::new(0))
    }

    fn counting_fetch<'a>(
        calls: &'a AtomicU32,
        lifetime: Duration,
    ) -> impl FnOnce() -> std::future::Ready<Result<FreshToken, ApiError>> + 'a {
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            std::future::ready(Ok(FreshToken {
                token: AccessToken::new(format!("tok-{n}")),
                lifetime,
            }))
        }
    }

    #[tokio::test]
    async fn the_cache_refreshes_only_when_the_refresh_time_passes() {
        let (time, cache, calls) = empty_cache();
        let clock: &dyn Clock = &*time;
        let hour_token = || cache.get(clock, counting_fetch(&calls, S(3600)));
        let t1 = hour_token().await.unwrap();
        time.advance(S(3299));
        let t2 = hour_token().await.unwrap();
        assert_eq!((t1.expose(), t2.expose()), ("tok-1", "tok-1"));
        time.advance(S(1));
        let t3 = hour_token().await.unwrap();
        assert_eq!(t3.expose(), "tok-2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_rejected_token_is_replaced_once_even_if_two_tasks_report_it() {
        let (time, cache, calls) = empty_cache();
        let clock: &dyn Clock = &*time;
        let first = cache
            .get(clock, counting_fetch(&calls, S(3600)))
            .await
            .unwrap();
        let report = || cache.replace_rejected(clock, &first, counting_fetch(&calls, S(3600)));
        let a = report().await.unwrap();
        let b = report().await.unwrap();
        assert_eq!((a.expose(), b.expose()), ("tok-2", "tok-2"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let time = FakeTime::new();
        let cache = std::sync::Arc::new(TokenCache::new());
        let calls = std::sync::Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, calls, time) = (cache.clone(), calls.clone(), time.clone());
            tasks.push(tokio::spawn(async move {
                let clock: &dyn Clock = &*time;
                cache
                    .get(clock, || async {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                        Ok(FreshToken {
                            token: AccessToken::new("tok"),
                            lifetime: S(3600),
                        })
                    })
                    .await
                    .unwrap()
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().expose(), "tok");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_fetch_is_returned_and_nothing_is_cached() {
        let time = FakeTime::new();
        let cache = TokenCache::new();
        let clock: &dyn Clock = &*time;
        let err = cache
            .get(clock, || async {
                Err(ApiError::InvalidConfig("nope".into()))
            })
            .await
            .unwrap_err();
        assert_eq!(err, ApiError::InvalidConfig("nope".into()));
        let calls = AtomicU32::new(0);
        cache
            .get(clock, counting_fetch(&calls, S(60)))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
