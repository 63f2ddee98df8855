//! The triggers: `get_alerts` and `get_alerts_matching_key` poll the alerts API and send each
//! poll's new alerts as one event, `{"results": [alerts, oldest first]}`.
//!
//! Layout: `poll` decides what is new (pure), `fetch` builds the query and pages through it,
//! `state` keeps the state file, `sink` delivers events, `matching` checks and applies keys, and
//! one file per trigger turns its typed input into a [`Plan`]. This file holds the loop.
//!
//! The loop, every `frequency` seconds until it is told to stop:
//! 1. read every page of the alerts created since the state's window start (`fetch`);
//! 2. pick the new ones (`poll`); if there are any, send one event, checked against the
//!    trigger's output schema, retrying the delivery with backoff until it succeeds;
//! 3. only then keep the next state and save it.
//!
//! So alerts count as emitted only once the dispatcher took them: a crash between 2 and 3 can
//! repeat an event, but never lose one.
//!
//! Errors: a poll that fails for any reason (throttling, 5xx or timeouts the client's own
//! retries did not cure, but also 401 and 403) is logged and tried again after a backoff that
//! doubles from `frequency` up to [`MAX_ERROR_BACKOFF`]. The loop does not exit on it: the
//! orchestrator would only restart the trigger, and once the cause is fixed (a permission
//! granted, a secret renewed) polling resumes by itself. Bad input (a severity, a key) and a
//! missing dispatcher URL end the step at once, before any request.
//!
//! Stopping: the runtime's flag file `<workspace>/tmp/terminate_trigger.flag`, looked for before
//! each poll and every second while waiting (and deleted), or SIGTERM, which the CLI turns into
//! [`StopSignal::request`]. Either way the state is saved and the step ends with `output: null`.
//! A stop also cuts short what is in flight: a poll is dropped at once (it changed nothing), and
//! a delivery gets [`DELIVERY_GRACE`] to be confirmed, else it is dropped and its alerts stay
//! unsent in the saved state, so the trigger ends within seconds, well inside docker's 10 s.
//!
//! Memory stays bounded: the seen set is pruned every poll and capped, an event carries at most
//! [`poll::MAX_NEW_PER_POLL`] alerts, a poll reads at most [`fetch::MAX_PAGES_PER_POLL`] pages,
//! and the log kept between events is cut to its newest [`MAX_PENDING_LOG`] bytes.

pub mod fetch;
pub mod get_alerts;
pub mod get_alerts_matching_key;
pub mod matching;
pub mod poll;
pub mod sink;
pub mod state;

use crate::api::ApiError;
use crate::context::{Ctx, Step, StopSignal};
use crate::logging::LogBuffer;
use crate::protocol::output::trigger_event;
use crate::protocol::{Failure, Internal, PluginError, StartMessage};
use crate::spec::generated::{self, types};
use crate::validate::{self, Schema};
use poll::{odata_time, State};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sink::{SendError, Sink};
use state::{Loaded, StateStore};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// The page size of one poll: room for a full event of new alerts plus the alerts of the
/// overlap window already emitted (the seen set holds exactly those), so that a poll, even one
/// catching up with a backlog, usually takes one request and reads no alert it cannot use.
pub fn poll_page_size(largest: u32, seen: usize) -> u32 {
    let wanted = poll::MAX_NEW_PER_POLL.saturating_add(seen);
    u32::try_from(wanted)
        .unwrap_or(u32::MAX)
        .clamp(1, largest.max(1))
}

/// The longest wait between failed polls.
pub const MAX_ERROR_BACKOFF: Duration = Duration::from_secs(300);

/// The first and the longest wait between failed deliveries of an event.
pub const FIRST_DELIVERY_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_DELIVERY_BACKOFF: Duration = Duration::from_secs(60);

/// The longest a state changed only by the passing of time (the window moving on, IDs leaving
/// the seen set) goes unsaved. An older saved state of this kind is still a correct one to resume
/// from, only reading a little more; a state with newly sent alerts is saved at once.
pub const STATE_SAVE_INTERVAL: Duration = Duration::from_secs(60);

/// How often a wait looks for the terminate flag.
pub const STOP_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// How long a delivery in flight may still finish once a stop is requested. Docker sends
/// SIGKILL 10 s after SIGTERM; the HTTP client's own timeout is a minute. An event not confirmed
/// in this time is abandoned: its alerts stay unsent in the saved state, and go out again at the
/// next start (a repeat, never a loss).
pub const DELIVERY_GRACE: Duration = Duration::from_secs(3);

/// The runtime's stop flag, in `<workspace>/tmp/`.
pub const TERMINATE_FLAG: &str = "terminate_trigger.flag";

/// Bounds of the inputs: a day between polls, and Defender's 180-day alert retention.
pub const MAX_FREQUENCY_SECONDS: i64 = 86_400;
pub const MAX_BACKFILL_MINUTES: i64 = 180 * 24 * 60;

/// Bounds of the overlap window: the five minutes of Defender's usual processing delay, up to a
/// day (see [`poll::DEFAULT_OVERLAP`] for the default and why).
pub const MIN_OVERLAP_MINUTES: i64 = 5;
pub const MAX_OVERLAP_MINUTES: i64 = 24 * 60;

/// The most log text kept between two events; older lines are dropped first.
pub const MAX_PENDING_LOG: usize = 256 * 1024;

/// A trigger's own part: its typed input turned into a [`Plan`].
pub type Planner = fn(Value) -> Result<Plan, Failure>;

/// The routing table: each spec trigger's name and its planner, written once. A test checks
/// that it holds exactly the spec's triggers.
pub const PLANNERS: &[(&str, Planner)] = &[
    (generated::get_alerts::NAME, |input| {
        get_alerts::plan(typed(input)?).map_err(Failure::Plugin)
    }),
    (generated::get_alerts_matching_key::NAME, |input| {
        get_alerts_matching_key::plan(typed(input)?).map_err(Failure::Plugin)
    }),
];

/// Everything a trigger's run loop needs from its start message and the step.
pub struct TriggerRun<'a> {
    pub start: &'a StartMessage,
    pub input: Value,
    pub events: &'a mut (dyn Write + Send),
    pub log: &'a LogBuffer,
}

/// What a trigger polls for, built from its typed input by its own module.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// A `$filter` clause ANDed with the creation-time bound.
    pub filter: Option<String>,
    /// A match the plugin runs on each alert, for fields the API cannot filter on.
    pub matcher: Option<matching::ClientMatch>,
    pub frequency: Duration,
    pub backfill: time::Duration,
    /// How far back each poll reads again, for alerts that show up late (`State::since`).
    pub overlap: time::Duration,
}

/// Runs a trigger until it is stopped; returns `null`, the runtime's final output.
pub async fn run(step: &Step<'_>, trigger: TriggerRun<'_>) -> Result<Value, Failure> {
    let TriggerRun {
        start,
        input,
        events,
        log,
    } = trigger;
    let ctx = step.ctx;
    let no_handler = || {
        Failure::Internal(Internal::NoHandler {
            kind: "trigger",
            name: start.name.clone(),
        })
    };
    let schemas = generated::TRIGGERS
        .iter()
        .find(|schemas| schemas.name == start.name)
        .ok_or_else(no_handler)?;
    let planner = PLANNERS
        .iter()
        .find(|(name, _)| *name == start.name)
        .map(|(_, planner)| planner)
        .ok_or_else(no_handler)?;
    let sink = Sink::new(ctx.debug, &start.dispatcher, events, &ctx.client_options)?;
    let plan = planner(input)?;
    let output_schema = ctx
        .schemas()
        .get(schemas.output)
        .map_err(|err| Failure::Internal(Internal::Schema(err)))?;
    let poller = Poller {
        step,
        meta: &start.meta,
        sink,
        log,
        pending_log: String::new(),
        store: StateStore::for_trigger(&ctx.workspace, &start.meta),
        plan,
        output_schema,
        ordering: fetch::AlertOrder::default(),
    };
    poller.run().await
}

/// Checks a poll frequency in seconds.
pub fn frequency(seconds: i64) -> Result<Duration, PluginError> {
    if !(1..=MAX_FREQUENCY_SECONDS).contains(&seconds) {
        return Err(PluginError::new(
            format!("The frequency {seconds} is out of range."),
            format!("Give the seconds between polls, from 1 to {MAX_FREQUENCY_SECONDS}."),
        ));
    }
    Ok(Duration::from_secs(seconds.unsigned_abs()))
}

/// Checks a backfill in minutes.
pub fn backfill(minutes: i64) -> Result<time::Duration, PluginError> {
    if !(0..=MAX_BACKFILL_MINUTES).contains(&minutes) {
        return Err(PluginError::new(
            format!("The backfill of {minutes} minutes is out of range."),
            format!(
                "Give the minutes the first poll reaches back, from 0 to {MAX_BACKFILL_MINUTES} \
                 (180 days, Defender's longest alert retention)."
            ),
        ));
    }
    Ok(time::Duration::minutes(minutes))
}

/// Checks an overlap window in minutes.
pub fn overlap(minutes: i64) -> Result<time::Duration, PluginError> {
    if !(MIN_OVERLAP_MINUTES..=MAX_OVERLAP_MINUTES).contains(&minutes) {
        return Err(PluginError::new(
            format!("The lookback_overlap_minutes of {minutes} is out of range."),
            format!(
                "Give how many minutes back each poll reads again for alerts that show up late, \
                 from {MIN_OVERLAP_MINUTES} to {MAX_OVERLAP_MINUTES}; {} covers the delays \
                 Defender is known for.",
                poll::DEFAULT_OVERLAP.whole_minutes()
            ),
        ));
    }
    Ok(time::Duration::minutes(minutes))
}

/// The wait after `failures` failed polls in a row: doubling from `frequency`, capped, and never
/// shorter than the API's `Retry-After`.
pub fn error_backoff(frequency: Duration, failures: u32, err: &ApiError) -> Duration {
    let wait = crate::clock::Backoff::new(frequency, MAX_ERROR_BACKOFF).after(failures);
    match err {
        ApiError::Throttled {
            retry_after: Some(retry_after),
            ..
        } => wait.max(*retry_after),
        _ => wait,
    }
}

/// Whether an error may pass by itself.
pub fn is_transient(err: &ApiError) -> bool {
    match err {
        ApiError::Throttled { .. } | ApiError::Transport { .. } | ApiError::OutOfTime { .. } => {
            true
        }
        ApiError::Http { status, .. } => *status == 408 || *status == 429 || *status >= 500,
        _ => false,
    }
}

fn typed<I: DeserializeOwned>(input: Value) -> Result<I, Failure> {
    serde_json::from_value(input).map_err(|err| {
        Failure::Internal(Internal::Input {
            kind: "trigger",
            detail: err.to_string(),
        })
    })
}

enum Delivery {
    Sent,
    Stopped,
}

/// The loop and what it works with.
struct Poller<'a> {
    step: &'a Step<'a>,
    meta: &'a Value,
    sink: Sink<'a>,
    log: &'a LogBuffer,
    /// Log text taken out of `log` to bound it; it goes out with the next event.
    pending_log: String,
    store: StateStore,
    plan: Plan,
    output_schema: Arc<Schema>,
    /// Whether the alerts API still gets `$orderby` (see `fetch`).
    ordering: fetch::AlertOrder,
}

impl Poller<'_> {
    fn ctx(&self) -> &Ctx {
        self.step.ctx
    }

    async fn run(mut self) -> Result<Value, Failure> {
        let now = self.ctx().time.clock.now();
        let mut state = match self.store.load(now) {
            Loaded::Resume(state) => {
                tracing::info!(
                    "Resuming from the saved state: reading alerts created since {}",
                    odata_time(state.since(self.plan.overlap))
                );
                state
            }
            Loaded::FirstStart => {
                let state = State::fresh(now, self.plan.backfill);
                tracing::info!(
                    "Starting without saved state: reading alerts created since {}",
                    odata_time(state.since(self.plan.overlap))
                );
                // Saved at once, so that a restart keeps this start and its backfill.
                self.store.save(&state);
                state
            }
            Loaded::Lost { last_written } => {
                let start =
                    state::recovery_start(now, self.plan.backfill, self.plan.overlap, last_written);
                let state = State::fresh(now, now - start);
                tracing::warn!(
                    "The saved state is lost, so the trigger starts from its recovery look-back: reading alerts created since {} (the longer of the backfill and {} hours, or from when the state was last written), and alerts already sent since then are sent again",
                    odata_time(state.since(self.plan.overlap)),
                    state::RECOVERY_LOOKBACK.whole_hours()
                );
                self.store.save(&state);
                state
            }
        };
        let mut saved = state.clone();
        let mut saved_at = self.ctx().time.clock.now();
        self.describe_plan();
        let mut failures: u32 = 0;
        loop {
            if self.stop_requested() {
                break;
            }
            // A poll changes no state until its event is delivered, so a stop abandons it at once.
            let flag = self.flag_path();
            let polled = tokio::select! {
                polled = self.poll(&state) => polled,
                () = stop_arrives(&self.ctx().triggers.stop, &flag) => {
                    self.stop_requested();
                    tracing::info!("The poll in progress was abandoned; nothing was sent from it");
                    break;
                }
            };
            let wait = match polled {
                Err(err) => {
                    failures = failures.saturating_add(1);
                    let wait = error_backoff(self.plan.frequency, failures, &err);
                    log_failure(&err, failures, wait);
                    wait
                }
                Ok(outcome) => {
                    failures = 0;
                    if outcome.window_cut {
                        tracing::warn!(
                            "More than {} alerts fall inside the {}-minute overlap window, more than the trigger remembers: it now reads only alerts created since {}, and an alert created before that which shows up late will not be sent",
                            poll::MAX_SEEN,
                            self.plan.overlap.whole_minutes(),
                            odata_time(outcome.next.not_before)
                        );
                    }
                    let sent = !outcome.alerts.is_empty();
                    if sent {
                        match self.deliver(outcome.alerts).await? {
                            Delivery::Sent => {}
                            // Not delivered, so not emitted: the saved state still has them.
                            Delivery::Stopped => break,
                        }
                    }
                    state = outcome.next;
                    let now = self.ctx().time.clock.now();
                    let due = sent || now - saved_at >= STATE_SAVE_INTERVAL;
                    if due && state != saved && self.store.save(&state) {
                        saved = state.clone();
                        saved_at = now;
                    }
                    if outcome.more {
                        Duration::ZERO
                    } else {
                        self.plan.frequency
                    }
                }
            };
            self.bound_log();
            if self.pause(wait).await {
                break;
            }
        }
        if state != saved {
            self.store.save(&state);
        }
        tracing::info!("The trigger stopped");
        Ok(Value::Null)
    }

    fn describe_plan(&self) {
        let how = match (&self.plan.filter, &self.plan.matcher) {
            (Some(filter), _) => format!(" that the API selects with: {filter}"),
            (_, Some(matcher)) => {
                format!(" whose {} matches, checked by the plugin", matcher.key())
            }
            (None, None) => String::new(),
        };
        tracing::info!(
            "Polling every {} seconds for new alerts{how}, reading again the last {} minutes for alerts that show up late",
            self.plan.frequency.as_secs(),
            self.plan.overlap.whole_minutes()
        );
    }

    /// Reads one poll's alerts and picks the new ones.
    async fn poll(&self, state: &State) -> Result<poll::Outcome, ApiError> {
        let matcher = self.plan.matcher.as_ref();
        // A key matched here needs the alert's fields: only alerts not seen before get this far.
        let wanted =
            move |alert: &poll::RawAlert| matcher.is_none_or(|m| m.matches(&alert.to_value()));
        let now = self.ctx().time.clock.now();
        let mut round = poll::Round::new(state, now, self.plan.overlap, &wanted);
        // Token, pages and retries of one poll share one budget, as an action's requests do.
        let client = self
            .step
            .client
            .with_deadline(crate::clock::Deadline::after(
                now,
                self.ctx().step_budget,
                crate::clock::Bound::Poll,
            ));
        let source = fetch::ApiSource {
            client: &client,
            filter: self.plan.filter.as_deref(),
            page_size: poll_page_size(self.ctx().triggers.page_size, state.seen.len()),
            ordering: &self.ordering,
        };
        fetch::read_round(&source, &mut round).await?;
        tracing::debug!(
            "Polled alerts created since {}: {} new",
            odata_time(round.since()),
            round.n_new()
        );
        Ok(round.finish())
    }

    /// Sends one event with `alerts`, retrying until it is delivered or the trigger is stopped.
    async fn deliver(&mut self, alerts: Vec<poll::RawAlert>) -> Result<Delivery, Failure> {
        let mut results: Vec<types::Alert> = Vec::with_capacity(alerts.len());
        for alert in alerts {
            match alert.decode() {
                Ok(alert) => results.push(alert),
                // One malformed alert must not hold back the others, or every poll after it.
                Err(err) => {
                    let id = crate::protocol::shown(alert.id().unwrap_or_default());
                    tracing::error!(
                        "Alert {id} is not in the documented shape and is left out: {err}"
                    )
                }
            }
        }
        if results.is_empty() {
            return Ok(Delivery::Sent);
        }
        let n_alerts = results.len();
        // Moved into the output, not passed to `json!`, which would copy every alert.
        let output = serde_json::to_value(&results)
            .map(|results| Value::Object(serde_json::Map::from_iter([("results".into(), results)])))
            .map_err(|err| Failure::Internal(Internal::Output(err.to_string())))?;
        drop(results);
        validate::check_output(&self.output_schema, &output)
            .map_err(|text| Failure::Internal(Internal::Output(text)))?;
        tracing::info!("Sending {n_alerts} new alert(s)");
        let log = self.take_log();
        let envelope = trigger_event(self.meta, &output, &log);
        drop(output);
        let mut backoff = crate::clock::Backoff::new(FIRST_DELIVERY_BACKOFF, MAX_DELIVERY_BACKOFF);
        loop {
            let Some(sent) = self.send_unless_stopped(&envelope).await else {
                self.stop_requested();
                tracing::warn!(
                    "The dispatcher did not confirm the event within {} s of the stop; its {n_alerts} alert(s) are not counted as sent, and the next start sends them again",
                    DELIVERY_GRACE.as_secs()
                );
                return Ok(Delivery::Stopped);
            };
            match sent {
                Ok(()) => return Ok(Delivery::Sent),
                Err(SendError::Fatal(why)) => {
                    return Err(Failure::Plugin(PluginError::new(
                        format!("The trigger cannot deliver its events: {why}."),
                        "Check that the process reading the plugin's output is still running.",
                    )))
                }
                Err(SendError::Retry(why)) => {
                    let wait = backoff.next_wait();
                    tracing::warn!(
                        "Could not deliver the event ({why}); trying again in {} s, the alerts are kept until then",
                        wait.as_secs()
                    );
                    // A dispatcher can stay down for days: its retry lines must not pile up.
                    self.bound_log();
                    if self.pause(wait).await {
                        return Ok(Delivery::Stopped);
                    }
                }
            }
        }
    }

    /// One delivery attempt, raced against a stop: once a stop arrives the attempt has
    /// [`DELIVERY_GRACE`] to finish, then it is dropped (`None`). Real time, not the injected
    /// sleeper: the grace is measured against the orchestrator's kill deadline.
    async fn send_unless_stopped(&mut self, envelope: &str) -> Option<Result<(), SendError>> {
        let stop = self.ctx().triggers.stop.clone();
        let flag = self.flag_path();
        let send = self.sink.send(envelope);
        tokio::pin!(send);
        tokio::select! {
            sent = &mut send => return Some(sent),
            () = stop_arrives(&stop, &flag) => {}
        }
        tracing::info!(
            "A stop was requested while an event was being delivered; waiting up to {} s for the dispatcher",
            DELIVERY_GRACE.as_secs()
        );
        tokio::time::timeout(DELIVERY_GRACE, send).await.ok()
    }

    fn flag_path(&self) -> std::path::PathBuf {
        self.ctx().workspace.join("tmp").join(TERMINATE_FLAG)
    }

    /// Waits `total` through the injected sleeper, looking for a stop every second. Returns
    /// whether the trigger is to stop.
    async fn pause(&self, total: Duration) -> bool {
        let mut left = total;
        while !left.is_zero() {
            let slice = left.min(STOP_CHECK_INTERVAL);
            let stop = &self.ctx().triggers.stop;
            tokio::select! {
                () = self.ctx().time.sleeper.sleep(slice) => {}
                () = stop.requested() => {}
            }
            left = left.saturating_sub(slice);
            if self.stop_requested() {
                return true;
            }
        }
        false
    }

    /// A stop signal, or the runtime's flag file (deleted once seen).
    fn stop_requested(&self) -> bool {
        if self.ctx().triggers.stop.is_requested() {
            tracing::info!(
                "Received a termination signal, saving state and terminating trigger..."
            );
            return true;
        }
        let flag = self.flag_path();
        if flag.symlink_metadata().is_err() {
            return false;
        }
        tracing::info!("Found shutdown flag, saving state and terminating trigger...");
        if let Err(err) = std::fs::remove_file(&flag) {
            tracing::warn!("Could not delete {}: {err}", flag.display());
        }
        true
    }

    /// The log since the previous event.
    fn take_log(&mut self) -> String {
        let mut text = std::mem::take(&mut self.pending_log);
        text.push_str(&self.log.take());
        text
    }

    /// Between events, keeps the log to its newest [`MAX_PENDING_LOG`] bytes.
    fn bound_log(&mut self) {
        if self.pending_log.len() + self.log.contents().len() <= MAX_PENDING_LOG {
            return;
        }
        self.pending_log.push_str(&self.log.take());
        self.pending_log = newest_lines(&self.pending_log, MAX_PENDING_LOG / 2);
    }
}

/// Resolves once a stop is requested or the flag file appears (looked for every second, in real
/// time). It neither logs nor deletes the flag: `Poller::stop_requested` does, once acted on.
async fn stop_arrives(stop: &StopSignal, flag: &std::path::Path) {
    loop {
        tokio::select! {
            () = stop.requested() => return,
            () = tokio::time::sleep(STOP_CHECK_INTERVAL) => {
                if flag.symlink_metadata().is_ok() {
                    return;
                }
            }
        }
    }
}

/// The newest whole lines of `text` within about `max` bytes, after a line saying that older
/// ones were dropped.
fn newest_lines(text: &str, max: usize) -> String {
    let mut cut = text.len().saturating_sub(max);
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let kept = &text[cut..];
    let kept = if cut == 0 {
        kept
    } else {
        kept.find('\n').map_or("", |line_end| &kept[line_end + 1..])
    };
    if cut == 0 {
        kept.to_owned()
    } else {
        format!("[earlier log lines were dropped]\n{kept}")
    }
}

fn log_failure(err: &ApiError, failures: u32, wait: Duration) {
    let advice = err.to_plugin_error(None);
    let outlook = if is_transient(err) {
        "This is usually temporary."
    } else {
        "This will not pass by itself; the trigger keeps trying until the cause is fixed."
    };
    tracing::error!(
        "Polling for alerts failed ({failures} in a row): {} {} {outlook} Next try in {} s.",
        advice.cause,
        advice.assistance,
        wait.as_secs()
    );
    if !advice.data.is_empty() {
        tracing::debug!("The API answered: {}", advice.data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_polls_back_off_doubling_up_to_the_cap() {
        let err = ApiError::Http {
            status: 503,
            code: None,
            message: String::new(),
            target: None,
            body: String::new(),
        };
        let five = Duration::from_secs(5);
        let waits: Vec<u64> = (1..=9)
            .map(|n| error_backoff(five, n, &err).as_secs())
            .collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(error_backoff(five, u32::MAX, &err), MAX_ERROR_BACKOFF);
        let slow = Duration::from_secs(3600);
        assert_eq!(error_backoff(slow, 3, &err), slow);
        let throttled = ApiError::Throttled {
            retry_after: Some(Duration::from_secs(900)),
            body: String::new(),
        };
        assert_eq!(error_backoff(five, 1, &throttled).as_secs(), 900);
    }

    #[test]
    fn a_poll_asks_for_a_full_event_plus_the_overlap_it_has_seen() {
        use crate::context::DEFAULT_PAGE_SIZE;
        assert_eq!(poll_page_size(DEFAULT_PAGE_SIZE, 0), 1_000);
        assert_eq!(poll_page_size(DEFAULT_PAGE_SIZE, 500), 1_500);
        assert_eq!(poll_page_size(DEFAULT_PAGE_SIZE, 9_000), DEFAULT_PAGE_SIZE);
        // Tests shrink pages to their emulator's; that limit always wins.
        assert_eq!(poll_page_size(3, 500), 3);
        assert_eq!(poll_page_size(0, 0), 1);
    }

    #[test]
    fn inputs_out_of_range_are_refused() {
        assert!(frequency(0).is_err());
        assert!(frequency(-5).is_err());
        assert!(frequency(86_401).is_err());
        assert_eq!(frequency(5).unwrap(), Duration::from_secs(5));
        assert!(backfill(-1).is_err());
        assert!(backfill(i64::MAX).is_err());
        assert_eq!(backfill(60).unwrap(), time::Duration::hours(1));
        assert!(overlap(4).is_err());
        assert!(overlap(1441).is_err());
        assert_eq!(overlap(1440).unwrap(), time::Duration::days(1));
    }

    #[test]
    fn the_pending_log_keeps_its_newest_whole_lines() {
        assert_eq!(newest_lines("a\nb\n", 10), "a\nb\n");
        assert_eq!(
            newest_lines("first line\nsecond\nthird\n", 10),
            "[earlier log lines were dropped]\nthird\n"
        );
        // A cut inside a multi-byte character moves to the next boundary.
        let text = format!("{}\nlast é\n", "é".repeat(50));
        assert_eq!(
            newest_lines(&text, 9),
            "[earlier log lines were dropped]\nlast é\n"
        );
    }
}
