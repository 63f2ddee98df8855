//! The JSON writer of the envelopes (Python's `json.dumps`, Flask's `jsonify`, insight-plugin's
//! sorted indent): every output parses back to the value written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use windows_defender_atp::internals::pyjson;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for written in [
        pyjson::compact(&value),
        pyjson::flask(&value),
        pyjson::pretty_sorted(&value),
    ] {
        let read: Value =
            serde_json::from_str(&written).unwrap_or_else(|err| panic!("{err}: {written}"));
        assert_eq!(read, value, "{written}");
    }
});
