//! What the machine-action endpoints share: create an action on a machine named by ID or DNS
//! name, treat "already in progress" as the pending action it refers to, and follow an action
//! until it reaches a final state (`wait_for_completion`).
//!
//! Microsoft documents a computer name only for `GET /api/machines/{id}` (get-machine-by-id.md);
//! the action pages (isolate-machine.md and the others) take the 40-hex ID in the path. So a
//! name is resolved with that one GET (Machine.Read.All) before the action is posted, and an ID
//! goes straight through.

use super::query::shown;
use super::{api_error, Step};
use crate::api::ids::{ActionId, MachineId, MachineRef};
use crate::api::odata;
use crate::api::{ApiError, Machine, MachineAction};
use crate::clock::Backoff;
use crate::clock::{Bound, Deadline};
use crate::protocol::PluginError;
use crate::spec::generated;
use serde_json::{Map, Value};
use std::time::Duration;
use tokio::sync::Semaphore;

/// A machine-action endpoint, `POST /api/machines/{id}/{segment}`, and the `type` Defender
/// gives the actions it creates, by which a pending one is found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub segment: &'static str,
    pub action_type: &'static str,
}

// The segments' casing is Microsoft's, and differs: `StopAndQuarantineFile` alone is capitalised.
pub const ISOLATE: Endpoint = Endpoint::new("isolate", "Isolate");
pub const UNISOLATE: Endpoint = Endpoint::new("unisolate", "Unisolate");
pub const RESTRICT: Endpoint = Endpoint::new("restrictCodeExecution", "RestrictCodeExecution");
pub const UNRESTRICT: Endpoint =
    Endpoint::new("unrestrictCodeExecution", "UnrestrictCodeExecution");
pub const SCAN: Endpoint = Endpoint::new("runAntiVirusScan", "RunAntiVirusScan");
pub const COLLECT: Endpoint =
    Endpoint::new("collectInvestigationPackage", "CollectInvestigationPackage");
pub const QUARANTINE: Endpoint = Endpoint::new("StopAndQuarantineFile", "StopAndQuarantineFile");
pub const OFFBOARD: Endpoint = Endpoint::new("offboard", "Offboard");
/// run-live-response.md: one session per machine, refused with ActiveRequestAlreadyExists like
/// the other duplicates, so the running session is found again by its type.
pub const LIVE_RESPONSE: Endpoint = Endpoint::new("runliveresponse", "LiveResponse");

impl Endpoint {
    const fn new(segment: &'static str, action_type: &'static str) -> Endpoint {
        Endpoint {
            segment,
            action_type,
        }
    }

    /// Creates the action an input asks for, on its machine (a 40-hex machine ID or a
    /// computer DNS name, as the user gave it), with a body of its comment and `fields`, the
    /// action's own PascalCase fields in Defender's spelling. When Defender refuses it because
    /// the same action is already pending on the machine, the pending action is returned
    /// instead, so re-running a workflow step is idempotent rather than an error.
    pub async fn create<I: ActionInput>(
        self,
        step: &Step<'_>,
        input: &I,
        fields: &[(&str, &str)],
    ) -> Result<I::Output, PluginError> {
        let body = action_body(input.comment(), fields);
        let action = self
            .post(step, input.machine(), input.wait(), &body)
            .await?;
        Ok(I::output(action))
    }

    /// Posts `body` to the endpoint on a machine given by ID or DNS name, and follows the
    /// action when `wait` says so. The machine and the wait are checked before anything is
    /// sent; "already in progress" answers the pending action of the same type.
    pub async fn post(
        self,
        step: &Step<'_>,
        machine: &str,
        wait: Wait,
        body: &Value,
    ) -> Result<MachineAction, PluginError> {
        let machine = MachineRef::parse(machine.trim()).map_err(api_error(None))?;
        let wait = wait.check()?;
        let machine = machine_id(step, &machine).await?;
        let action = start(step, &machine, self, body).await?;
        Ok(if wait.enabled {
            follow(
                step,
                action,
                Duration::from_secs(wait.timeout_secs.unsigned_abs()),
            )
            .await
        } else {
            action
        })
    }
}

/// The body of a machine action: its `Comment` and `fields`, the action's own PascalCase fields
/// in Defender's spelling.
pub fn action_body(comment: &str, fields: &[(&str, &str)]) -> Value {
    let mut body = Map::new();
    body.insert("Comment".into(), comment.into());
    for (name, value) in fields {
        body.insert((*name).into(), (*value).into());
    }
    Value::Object(body)
}

/// What the inputs of the eight actions that create a machine action share, read by
/// [`Endpoint::create`]; the generated types implement it through `action_inputs!`.
pub trait ActionInput {
    /// The action's generated output: the machine action, under the action's own field name.
    type Output;
    /// The `machine_id` input: a 40-hex machine ID or a computer DNS name.
    fn machine(&self) -> &str;
    /// The `comment` input, sent as the action's `Comment`.
    fn comment(&self) -> &str;
    /// The `wait_for_completion` and `wait_timeout` inputs.
    fn wait(&self) -> Wait;
    /// The output holding the action created (or followed, or found pending).
    fn output(action: MachineAction) -> Self::Output;
}

/// Implements [`ActionInput`] for a generated action, given the name of its output's field.
macro_rules! action_inputs {
    ($($action:ident => $field:ident),* $(,)?) => {$(
        impl ActionInput for generated::$action::Input {
            type Output = generated::$action::Output;
            fn machine(&self) -> &str {
                &self.machine_id
            }
            fn comment(&self) -> &str {
                &self.comment
            }
            fn wait(&self) -> Wait {
                Wait::new(self.wait_for_completion, self.wait_timeout)
            }
            fn output(action: MachineAction) -> Self::Output {
                generated::$action::Output { $field: action }
            }
        }
    )*};
}

action_inputs! {
    isolate_machine => machine_isolation_response,
    unisolate_machine => machine_isolation_response,
    stop_and_quarantine_file => stop_and_quarantine_response,
    run_antivirus_scan => machine_action_response,
    restrict_app_execution => machine_action_response,
    unrestrict_app_execution => machine_action_response,
    collect_investigation_package => machine_action_response,
    offboard_machine => machine_action_response,
}

/// The statuses after which an action never changes again.
pub const FINAL_STATUSES: &[&str] = &["Succeeded", "Failed", "TimeOut", "Cancelled", "Canceled"];

/// True for a final status. Microsoft's docs spell it both "Cancelled" and "Canceled".
pub fn is_final(status: Option<&str>) -> bool {
    status.is_some_and(|status| FINAL_STATUSES.contains(&status))
}

/// The `wait_for_completion` and `wait_timeout` inputs of an action that creates a machine action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub enabled: bool,
    pub timeout_secs: i64,
}

/// Bounds of `wait_timeout`: below ten seconds a single poll would not fit; an hour keeps a
/// step from holding an orchestrator slot for longer than any isolation or scan usually takes.
pub const WAIT_TIMEOUT_SECS: std::ops::RangeInclusive<i64> = 10..=3600;
/// The first pause between polls; each later one doubles, up to `MAX_POLL_INTERVAL`.
const FIRST_POLL_INTERVAL: Duration = Duration::from_secs(5);
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);
/// A bound on polls whatever the clock says, so a clock that does not move cannot loop forever.
const MAX_POLLS: usize = 100;
/// What a status request may take beyond the end of the wait: the last poll is sent when the
/// wait is up, and still deserves an answer.
pub const STATUS_GRACE: Duration = Duration::from_secs(5);

impl Wait {
    pub fn new(enabled: bool, timeout_secs: i64) -> Wait {
        Wait {
            enabled,
            timeout_secs,
        }
    }

    /// Refuses a timeout out of bounds, naming the input, before anything is sent.
    pub fn check(self) -> Result<Wait, PluginError> {
        if WAIT_TIMEOUT_SECS.contains(&self.timeout_secs) {
            Ok(self)
        } else {
            Err(PluginError::new(
                format!(
                    "The input wait_timeout is {} seconds, outside the allowed range.",
                    self.timeout_secs
                ),
                format!(
                    "Set Wait Timeout (wait_timeout) to a number of seconds from {} to {}, or leave it empty for the default of 300.",
                    WAIT_TIMEOUT_SECS.start(),
                    WAIT_TIMEOUT_SECS.end()
                ),
            ))
        }
    }
}

/// Posts the action on the machine; "already in progress" answers the pending action.
pub async fn start(
    step: &Step<'_>,
    machine: &MachineId,
    endpoint: Endpoint,
    body: &Value,
) -> Result<MachineAction, PluginError> {
    let lookup = Some(("machine", machine.as_str()));
    match step
        .client
        .create_machine_action(machine, endpoint.segment, body)
        .await
    {
        Ok(created) => Ok(created),
        Err(err @ ApiError::Http { status: 400, .. }) if is_already_in_progress(&err) => {
            match pending(step, machine, endpoint.action_type).await? {
                Some(action) => {
                    tracing::info!(
                        "An {} action is already pending on machine {}: returning it (action {}) instead of starting another",
                        endpoint.action_type,
                        machine,
                        action.id
                    );
                    Ok(action)
                }
                None => Err(err.to_plugin_error(lookup)),
            }
        }
        Err(err) => Err(err.to_plugin_error(lookup)),
    }
}

fn is_already_in_progress(err: &ApiError) -> bool {
    matches!(err, ApiError::Http { code: Some(code), .. } if code == "ActiveRequestAlreadyExists")
}

/// The newest Pending or InProgress action of `action_type` on the machine, if any.
async fn pending(
    step: &Step<'_>,
    machine: &MachineId,
    action_type: &str,
) -> Result<Option<MachineAction>, PluginError> {
    // Both values are safe inside the quotes: the ID is 40 hex digits, the type a constant.
    let filter = format!(
        "machineId eq {} and type eq {} and (status eq 'Pending' or status eq 'InProgress')",
        odata::quote(machine.as_str()),
        odata::quote(action_type)
    );
    let actions = step
        .client
        .machine_actions(&[("$filter", filter)])
        .await
        .map_err(api_error(None))?;
    // RFC 3339 stamps in UTC sort as text.
    Ok(actions
        .into_iter()
        .filter(|action| matches!(action.status.as_deref(), Some("Pending" | "InProgress")))
        .max_by(|a, b| a.creation_date_time_utc.cmp(&b.creation_date_time_utc)))
}

/// Follows an action until it reaches a final state or `timeout` passes, and returns it as it
/// then stands.
///
/// Polls back off from 5 s to 60 s through the injected sleeper. The time waited is the larger
/// of the pauses taken and the clock's elapsed time, so a test's sleeper that returns at once
/// still ends the wait. Each status request, retries included, gets the time left of the wait
/// plus [`STATUS_GRACE`], so a request that hangs cannot hold the step past `timeout`. Running
/// out of time is not an error: the action is returned with a log line. Nor is a failed poll:
/// the action was created, and failing the step would lose its ID and invite a duplicate, so
/// the last status seen is returned with a log line naming the error.
pub async fn follow(step: &Step<'_>, action: MachineAction, timeout: Duration) -> MachineAction {
    follow_gated(step, action, timeout, None).await
}

/// [`follow`], each status request waiting for a permit of `gate` first, so that many actions
/// followed at once keep a bound on the requests in flight.
pub async fn follow_gated(
    step: &Step<'_>,
    action: MachineAction,
    timeout: Duration,
    gate: Option<&Semaphore>,
) -> MachineAction {
    let Ok(action_id) = ActionId::parse(&action.id) else {
        tracing::warn!(
            "Defender returned the action with an ID that is not a GUID, so it cannot be followed; returning it as created"
        );
        return action;
    };
    let started = step.ctx.time.clock.now();
    let mut slept = Duration::ZERO;
    let mut interval = Backoff::new(FIRST_POLL_INTERVAL, MAX_POLL_INTERVAL);
    let mut current = action;
    for _ in 0..MAX_POLLS {
        if is_final(current.status.as_deref()) {
            break;
        }
        let on_clock = Duration::try_from(step.ctx.time.clock.now() - started).unwrap_or_default();
        let waited = slept.max(on_clock);
        if waited >= timeout {
            break;
        }
        let pause = interval.next_wait().min(timeout - waited);
        step.ctx.time.sleeper.sleep(pause).await;
        slept += pause;
        let left = timeout.saturating_sub(waited + pause) + STATUS_GRACE;
        let status = Step {
            ctx: step.ctx,
            client: step.client.with_deadline(Deadline::after(
                step.ctx.time.clock.now(),
                left,
                Bound::Wait(timeout),
            )),
        };
        let permit = match gate {
            Some(gate) => gate.acquire().await.ok(),
            None => None,
        };
        let answer = get(&status, &action_id).await;
        drop(permit);
        match answer {
            Ok(found) => current = found,
            Err(err) => {
                tracing::warn!(
                    "Stopped following action {action_id}: reading its status failed ({}); returning it as last seen, with status {}",
                    err.cause,
                    current.status.as_deref().unwrap_or("unknown")
                );
                return current;
            }
        }
    }
    let status = current.status.as_deref().unwrap_or("unknown");
    if is_final(current.status.as_deref()) {
        tracing::info!("Action {action_id} reached the final status {status}");
    } else {
        tracing::warn!(
            "Action {action_id} is still {status} after waiting {} seconds; returning it as it stands. Follow it with Get Machine Action, or raise Wait Timeout",
            timeout.as_secs()
        );
    }
    current
}

/// One machine action by ID (`GET /api/machineactions/{id}`).
pub async fn get(step: &Step<'_>, action: &ActionId) -> Result<MachineAction, PluginError> {
    step.client
        .machine_action(action)
        .await
        .map_err(api_error(Some(("machine action", action.as_str()))))
}

/// The machine entity of a machine given by ID or DNS name (`GET /api/machines/{name}` accepts
/// both).
pub async fn machine_entity(step: &Step<'_>, machine: &MachineRef) -> Result<Machine, PluginError> {
    step.client
        .machine(machine)
        .await
        .map_err(|err| match &err {
            ApiError::Http {
                status: 404,
                message,
                body,
                ..
            } if !machine.is_machine_id() => PluginError::new(
                format!("No machine named {} was found.", shown(machine.as_str())),
                format!(
                    "Check the computer DNS name as Defender shows it (computerDnsName, such as \
                 ws-fin-042.contoso.local), or pass the machine's 40-character ID. Microsoft \
                 said: \"{message}\""
                ),
            )
            .with_data(body.clone()),
            _ => err.to_plugin_error(Some(("machine", machine.as_str()))),
        })
}

/// The 40-hex ID of a machine given by ID or DNS name (`GET /api/machines/{name}` accepts both).
/// A machine ID is taken as it is, without a request.
pub async fn machine_id(step: &Step<'_>, machine: &MachineRef) -> Result<MachineId, PluginError> {
    match machine.as_machine_id() {
        Some(id) => Ok(id),
        None => existing_machine_id(step, machine).await,
    }
}

/// Like `machine_id`, but always asks Defender, so that an unknown machine ID is reported as not
/// found instead of reading as a machine without actions.
pub async fn existing_machine_id(
    step: &Step<'_>,
    machine: &MachineRef,
) -> Result<MachineId, PluginError> {
    let found = machine_entity(step, machine).await?;
    match MachineId::parse(&found.id) {
        Ok(id) => Ok(id),
        _ => Err(PluginError::new(
            format!("Defender for Endpoint returned no valid ID for machine {machine}."),
            "Pass the machine's 40-character ID instead of its name.",
        )),
    }
}
