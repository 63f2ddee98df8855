//! A page of the alerts list read the trigger's way: the collection split as the pager splits
//! it, each item kept as text with its ID and creation time read, and offered to a poll round.
//! No panic; every alert the round keeps is the text the API sent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;
use time::macros::datetime;
use windows_defender_atp::internals::read_collection;
use windows_defender_atp::internals::{RawAlert, Round, State};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((items, _next)) = read_collection::<Box<RawValue>>(body) else {
        return;
    };
    let now = datetime!(2026-01-02 03:04:05 UTC);
    let state = State::fresh(now, time::Duration::days(365 * 30));
    let wanted = |alert: &RawAlert| alert.id().is_some_and(|id| !id.starts_with('x'));
    let mut round = Round::new(&state, now, time::Duration::hours(1), &wanted);
    for item in items {
        let text = item.get().to_owned();
        let alert = RawAlert::new(item);
        assert_eq!(alert.json(), text);
        let _ = alert.to_value();
        if !round.offer(alert) {
            break;
        }
    }
    let outcome = round.finish();
    for alert in &outcome.alerts {
        assert!(alert.id().is_some(), "an alert without an ID was kept");
    }
});
