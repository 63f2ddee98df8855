//! One poll as a pure function: from the saved [`State`] and the alerts the API returned, which
//! alerts are new, and the state to save once they have been delivered.
//!
//! The cursor is the newest `alertCreationTime` read so far, the watermark. Defender makes some
//! alerts visible to the API a while after their creation time, up to the overlap window (the
//! `lookback_overlap_minutes` input, by default [`DEFAULT_OVERLAP`]). So a poll reads from the
//! earlier of the watermark and the window before the clock of the previous poll, and the IDs
//! already emitted (the seen set) keep the re-read alerts from going out twice. An alert the
//! previous poll did not see was either after the watermark, or not yet visible, so created
//! within the window before that poll's clock. While catching up with a backlog the watermark
//! is far behind the clock, so a poll reads on from the watermark instead of re-reading a
//! whole window of alerts it already sent. Only IDs whose creation time is still inside that window can come back, so
//! the seen set is pruned by time after every poll, and capped by [`MAX_SEEN`] in case a burst of
//! alerts fills one window.
//!
//! No I/O and no clock: the caller passes `now` and the window in.

use crate::api::entities::{self, Alert};
use crate::api::ApiError;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// How far before the watermark each poll reads again, unless the input says otherwise.
///
/// Defender stamps `alertCreationTime` when it raises the alert, but the alert can reach the API
/// later: processing and correlation take seconds to minutes, and Microsoft documents that its
/// security data can arrive late in a pipeline in general ("Handle ingestion delay in scheduled
/// analytics rules", learn.microsoft.com/azure/sentinel/ingestion-delay, whose fix is the same
/// look-back overlap) and, answering about Graph security alerts, that data may become
/// queryable later than its time stamp under load (learn.microsoft.com/answers/questions/1192952).
/// Integrations that polled Microsoft's alerts with a window of minutes reported missing most
/// Defender alerts (wazuh/wazuh#24323, #27457; the fix, #28389, added a configurable delay).
/// The five minutes used before lost any alert that came later than that; an hour covers the
/// delays of tens of minutes reported, and `lookback_overlap_minutes` goes up to a day for
/// tenants that see more. The cost is re-reading an hour of alerts each poll (one request for
/// most tenants, see `poll_page_size`) and remembering their IDs.
pub const DEFAULT_OVERLAP: Duration = Duration::minutes(60);

/// The most emitted IDs kept for deduplication, about 5 MB in memory and in the state file.
///
/// Fifty thousand alerts inside one window is far beyond a normal tenant's rate. If it happens
/// anyway, the oldest IDs are dropped and the window's start moves past them (see
/// [`State::not_before`]): an alert created before that start that shows up only afterwards is
/// then not sent, and the loop logs a warning saying from when. Keeping the start where it was
/// would instead send the forgotten alerts again at every poll until they leave the window, so
/// here a possible late loss is preferred to an endless repeat.
pub const MAX_SEEN: usize = 50_000;

/// The most alerts one event carries. The rest of a backlog (a long backfill, a burst) goes out
/// in the polls that follow at once, so no event grows without bound.
pub const MAX_NEW_PER_POLL: usize = 1_000;

/// The API's time resolution: `alertCreationTime` has seven fractional digits.
pub const TICK: Duration = Duration::nanoseconds(100);

/// What a trigger remembers between polls and across restarts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Alerts created before this are never emitted: the first start minus the backfill, then
    /// the start of the window the seen set covers (moved forward with it, and past what an
    /// overflowing seen set forgets). So a window made longer between runs starts where the seen
    /// set is complete and grows as the watermark moves on, re-sending nothing.
    pub not_before: OffsetDateTime,
    /// The newest creation time read so far (never later than the clock at the time).
    pub watermark: OffsetDateTime,
    /// The clock when the poll that gave this state started: alerts that were not visible
    /// then are created within the overlap window before it.
    pub read_at: OffsetDateTime,
    /// Emitted alerts still inside the overlap window: ID → creation time.
    pub seen: HashMap<String, OffsetDateTime>,
}

impl State {
    /// The state of a trigger's first start: it reaches `backfill` back from `now`.
    pub fn fresh(now: OffsetDateTime, backfill: Duration) -> State {
        let start = now.checked_sub(backfill).unwrap_or(now);
        State {
            not_before: start,
            watermark: start,
            read_at: start,
            seen: HashMap::new(),
        }
    }

    /// The oldest creation time the next poll asks for, with an overlap window of `overlap`.
    pub fn since(&self, overlap: Duration) -> OffsetDateTime {
        let window = self.read_at.checked_sub(overlap).unwrap_or(self.read_at);
        window.min(self.watermark).max(self.not_before)
    }

    /// Drops the IDs that can no longer come back, then enforces [`MAX_SEEN`]. Returns whether
    /// the cap moved the window's start.
    fn prune(&mut self, overlap: Duration) -> bool {
        let since = self.since(overlap);
        self.seen.retain(|_, created| *created >= since);
        self.not_before = since;
        if self.seen.len() <= MAX_SEEN {
            return false;
        }
        let mut times: Vec<OffsetDateTime> = self.seen.values().copied().collect();
        times.sort_unstable();
        // Drop whole groups of equal creation times, oldest first, and stop looking before the
        // last dropped one: an ID that is forgotten must not be able to come back.
        let cutoff = times[times.len() - MAX_SEEN - 1];
        self.seen.retain(|_, created| *created > cutoff);
        let after = cutoff.checked_add(TICK).unwrap_or(cutoff);
        self.not_before = self.not_before.max(after);
        true
    }
}

/// One alert as the API sent it: its ID and creation time read, the rest kept as JSON text.
///
/// A catch-up re-reads each alert a few times (the overlap), and most of what a poll reads has
/// been emitted before: those are recognised by ID without building a tree of their fields.
#[derive(Debug, Clone)]
pub struct RawAlert {
    id: Option<String>,
    created: Option<OffsetDateTime>,
    json: Box<RawValue>,
}

impl RawAlert {
    /// Reads the ID and creation time of an item of the alerts list.
    pub fn new(json: Box<RawValue>) -> RawAlert {
        let head = serde_json::from_str::<Head>(json.get()).unwrap_or_default();
        RawAlert {
            id: head.id.filter(|id| !id.is_empty()).map(Cow::into_owned),
            created: head.created.as_deref().and_then(parse_time),
            json,
        }
    }

    /// An alert from a JSON value (tests and in-memory sources).
    pub fn from_value(value: &Value) -> RawAlert {
        let json = serde_json::value::to_raw_value(value)
            .unwrap_or_else(|_| unreachable!("a Value always serializes"));
        RawAlert::new(json)
    }

    /// The alert's `id`, when it is a non-empty string.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The alert's JSON text, as the API sent it.
    pub fn json(&self) -> &str {
        self.json.get()
    }

    /// The alert decoded, as the API layer decodes every alert.
    pub fn decode(&self) -> Result<Alert, ApiError> {
        entities::decode(self.json.get())
    }

    /// The alert as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::from_str(self.json.get()).unwrap_or(Value::Null)
    }
}

impl PartialEq for RawAlert {
    fn eq(&self, other: &RawAlert) -> bool {
        self.json.get() == other.json.get()
    }
}

/// The two fields a poll needs of every alert; the others are skipped unread.
#[derive(Default, Deserialize)]
struct Head<'a> {
    #[serde(default, borrow, deserialize_with = "crate::api::text_or_none")]
    id: Option<Cow<'a, str>>,
    #[serde(
        rename = "alertCreationTime",
        default,
        borrow,
        deserialize_with = "crate::api::text_or_none"
    )]
    created: Option<Cow<'a, str>>,
}

/// The result of a poll.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// New alerts, oldest first, as the API returned them.
    pub alerts: Vec<RawAlert>,
    /// The state to keep once `alerts` have been delivered.
    pub next: State,
    /// The poll stopped at [`MAX_NEW_PER_POLL`] new alerts: poll again without waiting.
    pub more: bool,
    /// The seen set overflowed [`MAX_SEEN`], so the window now starts at `next.not_before`.
    pub window_cut: bool,
}

/// One poll in progress: alerts are offered one by one, in the API's order (oldest first).
pub struct Round<'a> {
    state: &'a State,
    overlap: Duration,
    since: OffsetDateTime,
    now: OffsetDateTime,
    wanted: &'a (dyn Fn(&RawAlert) -> bool + Sync),
    newest: OffsetDateTime,
    new: Vec<RawAlert>,
    new_ids: HashMap<String, Option<OffsetDateTime>>,
    more: bool,
}

impl<'a> Round<'a> {
    /// Starts a poll from `state` with an overlap window of `overlap`; `wanted` is the
    /// client-side match (`|_| true` for none).
    pub fn new(
        state: &'a State,
        now: OffsetDateTime,
        overlap: Duration,
        wanted: &'a (dyn Fn(&RawAlert) -> bool + Sync),
    ) -> Round<'a> {
        Round {
            state,
            overlap,
            since: state.since(overlap),
            now,
            wanted,
            newest: state.watermark,
            new: Vec::new(),
            new_ids: HashMap::new(),
            more: false,
        }
    }

    /// The oldest creation time this poll asks the API for.
    pub fn since(&self) -> OffsetDateTime {
        self.since
    }

    /// Whether the poll holds as many new alerts as one event may carry.
    pub fn is_full(&self) -> bool {
        self.new.len() >= MAX_NEW_PER_POLL
    }

    /// How many new alerts the poll holds so far.
    pub fn n_new(&self) -> usize {
        self.new.len()
    }

    /// Takes one alert. Returns `false`, without taking it, once the poll is full: the caller
    /// stops reading, and the alert comes again in the next poll.
    pub fn offer(&mut self, alert: RawAlert) -> bool {
        if self.is_full() {
            self.more = true;
            return false;
        }
        let Some(id) = alert.id() else {
            // Nothing to deduplicate on; the API always sends an ID.
            return true;
        };
        let created = alert.created;
        if let Some(created) = created {
            if created < self.since {
                // Outside the query; emitting it could repeat an alert already forgotten.
                return true;
            }
            // Clamped to the clock, so that one alert stamped in the far future cannot move
            // the window past every alert still to come.
            self.newest = self.newest.max(created.min(self.now));
        }
        if self.state.seen.contains_key(id) || self.new_ids.contains_key(id) {
            return true;
        }
        if !(self.wanted)(&alert) {
            return true;
        }
        self.new_ids.insert(id.to_owned(), created);
        self.new.push(alert);
        true
    }

    /// Marks the poll as stopped early because the poll is full, so the next starts at once.
    pub fn stop_full(&mut self) {
        self.more = true;
    }

    /// The new alerts, oldest first, and the state to keep once they are delivered.
    pub fn finish(self) -> Outcome {
        let mut next = self.state.clone();
        next.watermark = next.watermark.max(self.newest);
        next.read_at = self.now;
        for (id, created) in self.new_ids {
            next.seen.insert(id, created.unwrap_or(next.watermark));
        }
        let window_cut = next.prune(self.overlap);
        let mut new = self.new;
        // The API sorts already; a stable sort keeps its order for equal times, and puts an
        // alert without a creation time last.
        new.sort_by_key(|alert| (alert.created.is_none(), alert.created));
        Outcome {
            alerts: new,
            next,
            more: self.more,
            window_cut,
        }
    }
}

/// Parses an API time stamp: RFC 3339, or without an offset (taken as UTC).
pub fn parse_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(&format!("{text}Z"), &Rfc3339))
        .ok()
}

/// Formats a time for an OData `$filter`: UTC, seven fractional digits (the API's resolution),
/// rounded down so that the query never starts later than asked.
pub fn odata_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 100
    )
}

/// Formats a time for the state file, at full precision.
pub fn state_time(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn alert(id: &str, created: OffsetDateTime) -> RawAlert {
        RawAlert::from_value(&json!({"id": id, "alertCreationTime": odata_time(created)}))
    }

    fn all(_: &RawAlert) -> bool {
        true
    }

    fn poll(state: &State, alerts: &[RawAlert]) -> Outcome {
        let mut round = Round::new(state, NOW, DEFAULT_OVERLAP, &all);
        for alert in alerts {
            if !round.offer(alert.clone()) {
                break;
            }
        }
        round.finish()
    }

    fn ids(outcome: &Outcome) -> Vec<&str> {
        outcome.alerts.iter().map(|a| a.id().unwrap()).collect()
    }

    #[test]
    fn a_fresh_state_reaches_back_by_the_backfill_only() {
        let state = State::fresh(NOW, Duration::minutes(60));
        assert_eq!(state.since(DEFAULT_OVERLAP), NOW - Duration::minutes(60));
        let out = poll(
            &state,
            &[
                alert("old", NOW - Duration::minutes(61)),
                alert("a", NOW - Duration::minutes(59)),
            ],
        );
        assert_eq!(ids(&out), ["a"]);
        assert_eq!(out.next.watermark, NOW - Duration::minutes(59));
    }

    #[test]
    fn repeats_inside_the_overlap_are_dropped_and_late_ones_emitted() {
        let state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let t = NOW - Duration::minutes(10);
        let first = poll(&state, &[alert("a", t), alert("b", t)]);
        assert_eq!(ids(&first), ["a", "b"]);
        // "c" shows up late with a creation time before the watermark, inside the overlap.
        let second = poll(
            &first.next,
            &[
                alert("c", t - Duration::minutes(2)),
                alert("a", t),
                alert("b", t),
            ],
        );
        assert_eq!(ids(&second), ["c"]);
        assert_eq!(second.next.seen.len(), 3);
        assert_eq!(second.next.watermark, t);
    }

    #[test]
    fn the_seen_set_keeps_only_the_overlap_window() {
        let state = State::fresh(NOW - Duration::hours(3), Duration::ZERO);
        let out = poll(&state, &[alert("a", NOW - Duration::minutes(70))]);
        let out = poll(&out.next, &[alert("b", NOW - Duration::minutes(1))]);
        assert_eq!(out.next.seen.keys().collect::<Vec<_>>(), [&"b".to_string()]);
        assert_eq!(out.next.not_before, NOW - DEFAULT_OVERLAP);
    }

    #[test]
    fn a_catch_up_reads_on_from_the_watermark_not_a_whole_window_before_it() {
        let state = State::fresh(NOW - Duration::hours(5), Duration::ZERO);
        let out = poll(&state, &[alert("a", NOW - Duration::minutes(150))]);
        // Everything created before the watermark was visible to that poll, an hour and more
        // after its creation: only the watermark's own time stamp needs reading again.
        assert_eq!(
            out.next.since(DEFAULT_OVERLAP),
            NOW - Duration::minutes(150)
        );
        assert_eq!(out.next.seen.len(), 1);
    }

    #[test]
    fn an_alert_that_shows_up_fifty_minutes_late_is_still_sent_once() {
        let state = State::fresh(NOW - Duration::hours(2), Duration::ZERO);
        let first = poll(&state, &[alert("a", NOW - Duration::minutes(1))]);
        let late = alert("late", NOW - Duration::minutes(51));
        let second = poll(
            &first.next,
            &[late.clone(), alert("a", NOW - Duration::minutes(1))],
        );
        assert_eq!(ids(&second), ["late"]);
        assert!(ids(&poll(&second.next, &[late])).is_empty());
    }

    #[test]
    fn a_longer_window_after_a_restart_sends_nothing_again() {
        let five = Duration::minutes(5);
        let state = State::fresh(NOW - Duration::hours(2), Duration::ZERO);
        let old = alert("old", NOW - Duration::minutes(40));
        let mut round = Round::new(&state, NOW, five, &all);
        round.offer(old.clone());
        round.offer(alert("new", NOW - Duration::minutes(1)));
        let out = round.finish();
        assert_eq!(ids(&out), ["old", "new"]);
        assert!(
            !out.next.seen.contains_key("old"),
            "outside the 5-minute window"
        );
        // Restarted with an hour's window: "old" is inside it but was forgotten, so the window
        // starts where the seen set is complete, and grows from there as the watermark moves.
        assert_eq!(out.next.since(DEFAULT_OVERLAP), NOW - five);
        assert!(ids(&poll(&out.next, &[old])).is_empty());
    }

    #[test]
    fn a_full_poll_stops_and_asks_for_more() {
        let state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let alerts: Vec<RawAlert> = (0..MAX_NEW_PER_POLL + 5)
            .map(|i| alert(&format!("a{i}"), NOW - Duration::minutes(30)))
            .collect();
        let out = poll(&state, &alerts);
        assert_eq!(out.alerts.len(), MAX_NEW_PER_POLL);
        assert!(out.more);
        let out = poll(&out.next, &alerts);
        assert_eq!(out.alerts.len(), 5);
        assert!(!out.more);
    }

    #[test]
    fn an_overflowing_seen_set_moves_the_start_past_what_it_forgets() {
        let mut state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let t = NOW - Duration::minutes(1);
        for i in 0..=MAX_SEEN {
            let created = t + Duration::nanoseconds(100 * i as i64);
            state.seen.insert(format!("a{i}"), created);
        }
        state.watermark = t + Duration::seconds(1);
        assert!(state.prune(DEFAULT_OVERLAP));
        assert_eq!(state.seen.len(), MAX_SEEN);
        assert!(!state.seen.contains_key("a0"));
        assert_eq!(state.not_before, t + TICK);
    }

    #[test]
    fn a_future_time_stamp_does_not_push_the_window_past_the_clock() {
        let state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let out = poll(&state, &[alert("x", NOW + Duration::days(3650))]);
        assert_eq!(ids(&out), ["x"]);
        assert_eq!(out.next.watermark, NOW);
    }

    fn raw(text: &str) -> RawAlert {
        RawAlert::new(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn an_alert_is_known_by_its_id_and_time_and_kept_as_sent() {
        let text = r#"{"title": "x", "evidence": [{"id": "not this"}], "id": "da\u0031",
            "alertCreationTime": "2026-11-23T11:00:00.1234567Z", "machineId": null}"#;
        let alert = raw(text);
        assert_eq!(alert.id(), Some("da1"));
        assert_eq!(
            alert.created,
            Some(datetime!(2026-11-23 11:00:00.1234567 UTC))
        );
        assert_eq!(alert.json(), text);
        assert_eq!(alert.to_value()["evidence"][0]["id"], "not this");
    }

    #[test]
    fn a_new_alert_decodes_through_the_api_layer() {
        let alert = raw(r#"{"id": "da1", "title": "x", "addedLater": [1], "machineId": null}"#);
        let decoded = alert.decode().unwrap();
        assert_eq!(
            (decoded.id.as_str(), decoded.title.as_deref()),
            ("da1", Some("x"))
        );
        assert_eq!(decoded.machine_id, None);
        match raw(r#"{"title": "no id"}"#).decode() {
            Err(ApiError::UnexpectedShape { what, detail, .. }) => {
                assert_eq!(
                    (what.as_str(), detail.as_str()),
                    ("alert", "missing field `id`")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_alert_without_a_text_id_is_not_emitted() {
        let state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let t = odata_time(NOW - Duration::minutes(5));
        let alerts = [
            raw(&format!(r#"{{"id": 7, "alertCreationTime": "{t}"}}"#)),
            raw(&format!(r#"{{"id": "", "alertCreationTime": "{t}"}}"#)),
            raw(&format!(r#"{{"alertCreationTime": "{t}"}}"#)),
            raw(r#"["not", "an", "alert"]"#),
            raw(&format!(r#"{{"id": "ok", "alertCreationTime": "{t}"}}"#)),
        ];
        assert_eq!(ids(&poll(&state, &alerts)), ["ok"]);
    }

    #[test]
    fn an_alert_whose_time_is_not_text_is_still_emitted_once() {
        let state = State::fresh(NOW - Duration::hours(1), Duration::ZERO);
        let odd = raw(r#"{"id": "odd", "alertCreationTime": {"when": "now"}}"#);
        assert_eq!(odd.created, None);
        let out = poll(&state, std::slice::from_ref(&odd));
        assert_eq!(ids(&out), ["odd"]);
        assert!(ids(&poll(&out.next, &[odd])).is_empty());
    }

    #[test]
    fn odata_times_have_seven_digits_and_round_down() {
        let t = datetime!(2026-11-23 09:51:57.645855399 UTC);
        assert_eq!(odata_time(t), "2026-11-23T09:51:57.6458553Z");
        assert_eq!(
            parse_time("2026-11-23T09:51:57.6458553"),
            Some(datetime!(2026-11-23 09:51:57.6458553 UTC))
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}
