//! The token endpoint's success body as the client reads it, and the refresh time it sets:
//! no panic, and an error never quotes the token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use time::macros::datetime;
use windows_defender_atp::internals::{parse_token_response, refresh_at};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    match parse_token_response(body) {
        Ok(fresh) => {
            let received = datetime!(2026-01-02 03:04:05 UTC);
            assert!(refresh_at(received, fresh.lifetime) >= received);
        }
        Err(err) => {
            let parsed = serde_json::from_str::<serde_json::Value>(body).ok();
            let token = parsed
                .as_ref()
                .and_then(|v| v.get("access_token")?.as_str().map(str::to_owned));
            // The error lists the body's keys (never its values): a key that holds the token's
            // text is the input's own doing.
            let in_a_key = |token: &str| {
                parsed
                    .as_ref()
                    .and_then(|v| v.as_object())
                    .is_some_and(|map| map.keys().any(|key| key.contains(token)))
            };
            if let Some(token) = token.filter(|t| t.len() >= 8 && !in_a_key(t)) {
                assert!(
                    !err.to_string().contains(&token),
                    "the error quotes the token"
                );
                assert!(!err.to_plugin_error(None).data.contains(&token));
            }
        }
    }
});
