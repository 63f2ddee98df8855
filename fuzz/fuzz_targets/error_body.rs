//! The API's and Entra ID's error bodies through the one mapping to the step's error: no panic,
//! the body kept within its bound, and a 404 blames the ID only when it is Defender's envelope.
#![no_main]

use libfuzzer_sys::fuzz_target;
use windows_defender_atp::internals::{api_error, token_error, ApiError, MAX_BODY};

fuzz_target!(|data: &[u8]| {
    let Some((&[high, low], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    // Mostly the statuses the mapping tells apart, sometimes any.
    let status = match high % 4 {
        0 => 400 + u16::from(low % 32),
        1 => 500 + u16::from(low % 8),
        2 => [301, 302, 401, 403, 404, 429][usize::from(low) % 6],
        _ => u16::from_be_bytes([high, low]),
    };
    let body = String::from_utf8_lossy(rest);
    let url = url::Url::parse("https://api.securitycenter.microsoft.com/api/machines/x").unwrap();
    let lookups = [None, Some(("machine", "x"))];

    let err = api_error(&url, status, &body);
    if status == 404 {
        if let ApiError::Http { code: None, .. } = err {
            panic!("a 404 without Defender's code must blame the URL: {err:?}");
        }
    }
    for lookup in lookups {
        let plugin = err.to_plugin_error(lookup);
        assert!(
            plugin.data.len() <= MAX_BODY + '…'.len_utf8(),
            "{}",
            plugin.data.len()
        );
        assert!(!plugin.cause.is_empty());
    }
    let _ = err.to_string();

    let token = token_error(&url, status, &body);
    let _ = token.to_plugin_error(None);
    let _ = token.to_string();
});
