//! A property test of the poll logic (`poll::Round` read through `fetch::read_round`), against an
//! in-memory alert list: random arrival orders, equal creation times, alerts that become
//! visible late (anywhere up to the edge of the overlap window, whose length is drawn too, and
//! even between two pages of one poll), random page sizes, polls that fail midway, deliveries
//! that fail, and restarts through the state file's encoding. Every alert created since the
//! start minus the backfill is emitted exactly once, every other alert never, and the saved
//! cursor never moves backward.

use async_trait::async_trait;
use proptest::prelude::*;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use time::{Duration, OffsetDateTime};
use windows_defender_atp::internals::state;
use windows_defender_atp::internals::{odata_time, RawAlert, Round, State};
use windows_defender_atp::internals::{read_round, AlertSource};
use windows_defender_atp::internals::{ApiError, Continuation, Page};

const POLLS: usize = 14;
/// The last polls have no faults, so that everything visible gets out.
const CLEAN_POLLS: usize = 3;
const POLL_EVERY: Duration = Duration::seconds(40);
/// The coarsest rounding of creation times; it can make an alert up to this much older.
const GRAIN_SECS: i64 = 30;

#[derive(Debug, Clone)]
struct Arrival {
    /// The poll, and the page within it, from which the alert is visible.
    poll: usize,
    page: usize,
    /// How late the alert shows up, in thousandths of the longest delay the window covers.
    late_permille: i64,
    /// Creation times are rounded down to this many seconds, so that many are equal.
    grain_secs: i64,
}

#[derive(Debug, Clone)]
struct PollPlan {
    /// The page at which the poll's read fails, if any.
    fail_at_page: Option<usize>,
    /// The event is not delivered (the dispatcher is down and the trigger is stopped).
    delivery_fails: bool,
    /// The trigger restarts from the state file before this poll.
    restart: bool,
}

fn arrival() -> impl Strategy<Value = Arrival> {
    (
        0..POLLS - CLEAN_POLLS,
        0usize..3,
        prop_oneof![0i64..=1000, Just(1000)],
        prop_oneof![Just(1i64), Just(GRAIN_SECS)],
    )
        .prop_map(|(poll, page, late_permille, grain_secs)| Arrival {
            poll,
            page,
            late_permille,
            grain_secs,
        })
}

fn poll_plan() -> impl Strategy<Value = PollPlan> {
    (
        prop::option::weighted(0.3, 0usize..4),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(fail_at_page, delivery_fails, restart)| PollPlan {
            fail_at_page,
            delivery_fails,
            restart,
        })
}

struct Alert {
    id: String,
    created: OffsetDateTime,
    visible_from: (usize, usize),
}

/// A paged, filtered, ordered view of the alerts, as the API gives it during one poll.
struct Source<'a> {
    alerts: &'a [Alert],
    poll: usize,
    page_size: usize,
    fail_at_page: Option<usize>,
    pages_served: AtomicUsize,
}

#[async_trait]
impl AlertSource for Source<'_> {
    async fn page(
        &self,
        since: OffsetDateTime,
        from: Option<&Continuation>,
    ) -> Result<Page<RawAlert>, ApiError> {
        let page = self.pages_served.fetch_add(1, Ordering::SeqCst);
        if self.fail_at_page == Some(page) {
            return Err(ApiError::Throttled {
                retry_after: None,
                body: String::new(),
            });
        }
        let skip = match from {
            None => 0,
            Some(Continuation::Skip { skip }) => *skip as usize,
            Some(other) => panic!("unexpected continuation {other:?}"),
        };
        // Visible now, inside the filter, sorted by creation time (stable for equal times).
        let mut visible: Vec<&Alert> = self
            .alerts
            .iter()
            .filter(|a| a.visible_from <= (self.poll, page) && a.created >= since)
            .collect();
        visible.sort_by_key(|a| a.created);
        let items: Vec<RawAlert> = visible
            .iter()
            .skip(skip)
            .take(self.page_size)
            .map(|a| {
                RawAlert::from_value(
                    &json!({"id": a.id, "alertCreationTime": odata_time(a.created)}),
                )
            })
            .collect();
        let next = (items.len() == self.page_size).then(|| Continuation::Skip {
            skip: (skip + items.len()) as u64,
        });
        Ok(Page { items, next })
    }
}

fn all(_: &RawAlert) -> bool {
    true
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_alert_is_emitted_exactly_once_and_the_cursor_never_moves_back(
        arrivals in prop::collection::vec(arrival(), 0..40),
        plans in prop::collection::vec(poll_plan(), POLLS - CLEAN_POLLS),
        page_size in 1usize..6,
        backfill_minutes in 0i64..120,
        overlap_minutes in prop_oneof![Just(5i64), Just(60), 5i64..=120],
    ) {
        let overlap = Duration::minutes(overlap_minutes);
        // Shows up at most a window late: the watermark is never ahead of the clock, so an alert
        // created within the window before the clock of the poll that first sees it is inside
        // every later poll's query until it is emitted.
        let longest_delay = overlap.whole_seconds() - GRAIN_SECS;
        let start = time::macros::datetime!(2026-11-23 12:00 UTC);
        let clock = |poll: usize| start + POLL_EVERY * poll as i32;
        let alerts: Vec<Alert> = arrivals
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let exact =
                    clock(a.poll) - Duration::seconds(longest_delay * a.late_permille / 1000);
                let grain = a.grain_secs * 1_000_000_000;
                let nanos = exact.unix_timestamp_nanos();
                let created = OffsetDateTime::from_unix_timestamp_nanos(nanos - nanos.rem_euclid(grain as i128)).unwrap();
                Alert { id: format!("a{i}"), created, visible_from: (a.poll, a.page) }
            })
            .collect();
        let not_before = start - Duration::minutes(backfill_minutes);

        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let mut saved = State::fresh(start, Duration::minutes(backfill_minutes));
        let mut emitted: HashMap<String, usize> = HashMap::new();
        for poll in 0..POLLS {
            let plan = plans.get(poll).cloned().unwrap_or(PollPlan {
                fail_at_page: None,
                delivery_fails: false,
                restart: false,
            });
            if plan.restart {
                let text = state::encode(&saved).to_string();
                saved = state::decode(&serde_json::from_str(&text).unwrap()).unwrap();
            }
            let source = Source {
                alerts: &alerts,
                poll,
                page_size,
                fail_at_page: plan.fail_at_page,
                pages_served: AtomicUsize::new(0),
            };
            let mut round = Round::new(&saved, clock(poll), overlap, &all);
            let read = runtime.block_on(read_round(&source, &mut round));
            if read.is_err() {
                continue;
            }
            let outcome = round.finish();
            if plan.delivery_fails && !outcome.alerts.is_empty() {
                continue;
            }
            for alert in &outcome.alerts {
                *emitted.entry(alert.id().unwrap().to_owned()).or_default() += 1;
            }
            prop_assert!(outcome.next.watermark >= saved.watermark, "the watermark moved back");
            prop_assert!(outcome.next.not_before >= saved.not_before, "the start moved back");
            let text = state::encode(&outcome.next).to_string();
            saved = state::decode(&serde_json::from_str(&text).unwrap()).unwrap();
            prop_assert_eq!(&saved, &outcome.next, "the state file keeps the state exactly");
        }
        let expected: Vec<&str> = alerts
            .iter()
            .filter(|a| a.created >= not_before)
            .map(|a| a.id.as_str())
            .collect();
        for id in &expected {
            prop_assert_eq!(emitted.get(*id).copied(), Some(1), "alert {} emitted {:?} times", id, emitted.get(*id));
        }
        prop_assert_eq!(emitted.len(), expected.len(), "nothing else is emitted");
    }
}
