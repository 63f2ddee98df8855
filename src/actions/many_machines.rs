//! What Isolate Machines, Unisolate Machines, Run Antivirus Scans and Restrict App Executions
//! share: the action of a single-machine endpoint on each of up to 500 machines, with one
//! result per machine, so that one machine Defender refuses does not cost the others theirs.
//!
//! The requests are those of the single-machine actions (isolate-machine.md,
//! unisolate-machine.md, run-av-scan.md, restrict-code-execution.md: `POST
//! /api/machines/{id}/{segment}` with the same body), one per machine: Microsoft has no bulk
//! form of them. Each of those endpoints allows 100 calls a minute, so the requests go out at
//! most [`MAX_IN_FLIGHT`] at a time, and a 429 holds its slot while the client waits the
//! `Retry-After` Defender gave: a throttled burst waits once, side by side, instead of piling
//! more requests onto a spent quota.
//!
//! The machines are checked before anything is sent, then named ones resolved (a DNS name with
//! `GET /api/machines/{name}` as the single actions do, an IP address as Get Machine Information
//! does), then each distinct machine gets one action: two values naming one machine share its
//! result. Everything runs inside the step's time budget; a machine whose turn comes after it
//! ran out is reported as not sent rather than left out.

use super::get_machine_information::{by_ip, named, Named};
use super::machine_action::{action_body, follow_gated, machine_id, start, Endpoint, Wait};
use super::query::{invalid_input, shown};
use super::Step;
use crate::api::ids::MachineId;
use crate::api::MachineAction;
use crate::protocol::PluginError;
use crate::spec::generated::{self, types::MachineResult};
use futures_util::future::join_all;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The most values `machines` takes, counted as given, before duplicates are removed: the
/// list's size is what the user controls, and a list cut down by deduplication to 500 would
/// still mean a bigger workflow than the step's time budget is sized for. 500 is also
/// Microsoft's bound for a bulk call (add-or-remove-multiple-machine-tags.md).
pub const MAX_MACHINES: usize = 500;

/// Requests in flight at once. Ten keeps a 500-machine step within the 120 s budget when
/// Defender answers promptly, while a 429 (100 calls a minute per endpoint) stops at most ten
/// requests, which all wait out the same `Retry-After`.
pub const MAX_IN_FLIGHT: usize = 10;

const MACHINES: &str = "Machines (machines)";

/// What the inputs of the actions on many machines share, read by [`Endpoint::create_many`];
/// the generated types implement it through `many_inputs!`.
pub trait ManyInput {
    type Output;
    /// The `machines` input, as given.
    fn machines(&self) -> &[String];
    /// The `comment` input, sent as each action's `Comment`.
    fn comment(&self) -> &str;
    /// The `wait_for_completion` and `wait_timeout` inputs.
    fn wait(&self) -> Wait;
    /// The output: every result, and how many succeeded and failed.
    fn output(results: Vec<MachineResult>, succeeded: i64, failed: i64) -> Self::Output;
}

macro_rules! many_inputs {
    ($($action:ident),* $(,)?) => {$(
        impl ManyInput for generated::$action::Input {
            type Output = generated::$action::Output;
            fn machines(&self) -> &[String] {
                &self.machines
            }
            fn comment(&self) -> &str {
                &self.comment
            }
            fn wait(&self) -> Wait {
                Wait::new(self.wait_for_completion, self.wait_timeout)
            }
            fn output(results: Vec<MachineResult>, succeeded: i64, failed: i64) -> Self::Output {
                generated::$action::Output {
                    results,
                    succeeded,
                    failed,
                }
            }
        }
    )*};
}

many_inputs! {
    isolate_machines,
    unisolate_machines,
    run_antivirus_scans,
    restrict_app_executions,
}

impl Endpoint {
    /// Creates this endpoint's action, with a body of the input's comment and `fields`, on
    /// every machine of the input, and returns one result per value given (a value repeated
    /// word for word is one value). The step fails only when no machine got an action.
    pub async fn create_many<I: ManyInput>(
        self,
        step: &Step<'_>,
        input: &I,
        fields: &[(&str, &str)],
    ) -> Result<I::Output, PluginError> {
        let given = checked_machines(input.machines())?;
        let wait = input.wait().check()?;
        let body = action_body(input.comment(), fields);
        let gate = Semaphore::new(MAX_IN_FLIGHT);

        let ids = bounded(&gate, given.iter().map(|(_, name)| resolve(step, name))).await;

        // The first value naming a machine sends its action; a later one shares that result.
        let mut sent: Vec<MachineId> = Vec::new();
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut send_of: Vec<Option<usize>> = Vec::with_capacity(ids.len());
        for id in &ids {
            send_of.push(id.as_ref().ok().map(|id| {
                *first
                    .entry(id.as_str().to_ascii_lowercase())
                    .or_insert_with(|| {
                        sent.push(id.clone());
                        sent.len() - 1
                    })
            }));
        }

        let created = bounded(
            &gate,
            sent.iter().map(|id| async {
                time_left(step)?;
                start(step, id, self, &body).await
            }),
        )
        .await;
        let created = if wait.enabled {
            let timeout = Duration::from_secs(wait.timeout_secs.unsigned_abs());
            join_all(created.into_iter().map(|created| async {
                Ok(follow_gated(step, created?, timeout, Some(&gate)).await)
            }))
            .await
        } else {
            created
        };

        let results: Vec<MachineResult> = given
            .iter()
            .zip(&ids)
            .zip(&send_of)
            .map(|(((value, _), id), send)| {
                let outcome = match (id, send.and_then(|n| created.get(n))) {
                    (Err(err), _) | (Ok(_), Some(Err(err))) => Err(error_text(err)),
                    (Ok(_), Some(Ok(action))) => Ok(action),
                    // Every machine resolved has its request; this only keeps the match total.
                    (Ok(_), None) => Err("No request was sent for this machine.".to_owned()),
                };
                machine_result(value, id.as_ref().ok(), outcome)
            })
            .collect();
        let failed = results.iter().filter(|r| r.error.is_some()).count();
        let succeeded = results.len() - failed;
        tracing::info!(
            "{}: {succeeded} of {} machines have an action, {failed} failed",
            self.action_type,
            results.len()
        );
        if succeeded == 0 {
            return Err(all_failed(self, &results));
        }
        Ok(I::output(
            results,
            i64::try_from(succeeded).unwrap_or(i64::MAX),
            i64::try_from(failed).unwrap_or(i64::MAX),
        ))
    }
}

fn machine_result(
    value: &str,
    id: Option<&MachineId>,
    outcome: Result<&MachineAction, String>,
) -> MachineResult {
    let machine_id = id.map(|id| id.as_str().to_owned());
    match outcome {
        Ok(action) => MachineResult {
            machine: value.to_owned(),
            machine_id,
            machine_action: Some(action.clone()),
            error: None,
        },
        Err(error) => {
            tracing::warn!("No action on machine {}: {error}", shown(value));
            MachineResult {
                machine: value.to_owned(),
                machine_id,
                machine_action: None,
                error: Some(error),
            }
        }
    }
}

/// A machine's error as its result shows it: what happened and what to do.
fn error_text(err: &PluginError) -> String {
    format!("{} {}", err.cause, err.assistance)
        .trim()
        .to_owned()
}

/// Runs `jobs` with at most `gate`'s permits of them at once, in the order given (the
/// semaphore is fair), and returns their outputs in that order.
async fn bounded<F: Future>(gate: &Semaphore, jobs: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    join_all(jobs.into_iter().map(|job| async move {
        // The semaphore is never closed, so the permit always comes.
        let _permit = gate.acquire().await;
        job.await
    }))
    .await
}

/// The ID of the machine a value names: an ID as it is, a DNS name by the GET the single
/// actions use, an IP address as Get Machine Information finds it (exactly one machine).
async fn resolve(step: &Step<'_>, name: &Named) -> Result<MachineId, PluginError> {
    match name {
        Named::Machine(machine) if machine.is_machine_id() => machine_id(step, machine).await,
        Named::Machine(machine) => {
            time_left(step)?;
            machine_id(step, machine).await
        }
        Named::Address(ip) => {
            time_left(step)?;
            let machine = by_ip(step, *ip).await?;
            MachineId::parse(&machine.id).map_err(|_| {
                PluginError::new(
                    format!("Defender for Endpoint returned no valid ID for the machine with the IP address {ip}."),
                    "Pass the machine's 40-character ID instead of its address.",
                )
            })
        }
    }
}

/// An error when the step's time budget is spent, so that a machine whose turn comes too late
/// says so instead of failing with a timeout of a request never sent.
fn time_left(step: &Step<'_>) -> Result<(), PluginError> {
    match step.client.deadline() {
        Some(deadline) if deadline.remaining(step.ctx.time.clock.now()).is_zero() => {
            Err(PluginError::new(
                format!("Not sent: {deadline} ran out before this machine's turn."),
                "Run the step again for the machines not sent, give fewer machines per step, or \
                 raise PLUGIN_STEP_TIMEOUT (seconds, up to 3600) where the plugin runs.",
            ))
        }
        _ => Ok(()),
    }
}

/// The values given, checked, without blanks around them and each once (compared without
/// regard to case, as Defender compares names and IDs), with what each names.
fn checked_machines(machines: &[String]) -> Result<Vec<(String, Named)>, PluginError> {
    if machines.is_empty() {
        return Err(invalid_input(
            MACHINES,
            "is empty.",
            "Give at least one machine ID, computer DNS name or IP address.",
        ));
    }
    if machines.len() > MAX_MACHINES {
        return Err(invalid_input(
            MACHINES,
            format!(
                "has {} items, more than the {MAX_MACHINES} a step takes.",
                machines.len()
            ),
            format!(
                "Split the list into parts of at most {MAX_MACHINES} machines and run the step once for each."
            ),
        ));
    }
    let mut checked = Vec::with_capacity(machines.len());
    let mut seen = HashMap::new();
    for (index, machine) in machines.iter().enumerate() {
        let machine = machine.trim();
        let Some(name) = named(machine) else {
            let problem = if machine.is_empty() {
                format!("item {} is blank.", index + 1)
            } else {
                format!(
                    "item {} is {}, not a machine ID, a computer DNS name or an IP address.",
                    index + 1,
                    shown(machine)
                )
            };
            return Err(invalid_input(
                MACHINES,
                problem,
                "Give each machine's 40-character ID, its computer DNS name (such as \
                 ws-fin-042.contoso.local) or a single IP address (such as 10.20.4.42).",
            ));
        };
        if seen.insert(machine.to_ascii_lowercase(), ()).is_none() {
            checked.push((machine.to_owned(), name));
        }
    }
    Ok(checked)
}

/// Machines listed per error in the step's error, and errors listed: enough to see what went
/// wrong; every result is in the error's data.
const LISTED: usize = 3;

/// The step's error when no machine got an action: each distinct error once, with the machines
/// that got it.
fn all_failed(endpoint: Endpoint, results: &[MachineResult]) -> PluginError {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for result in results {
        let error = result.error.as_deref().unwrap_or_default();
        match groups.iter_mut().find(|(text, _)| *text == error) {
            Some((_, machines)) => machines.push(&result.machine),
            None => groups.push((error, vec![&result.machine])),
        }
    }
    let mut listed: Vec<String> = groups
        .iter()
        .take(LISTED)
        .map(|(error, machines)| {
            let mut names: Vec<String> = machines.iter().take(LISTED).map(|m| shown(m)).collect();
            if machines.len() > LISTED {
                names.push(format!("{} more", machines.len() - LISTED));
            }
            format!("{}: {error}", names.join(", "))
        })
        .collect();
    if groups.len() > LISTED {
        listed.push(format!("and {} other errors", groups.len() - LISTED));
    }
    let data =
        serde_json::to_string(&serde_json::json!({ "results": results })).unwrap_or_default();
    PluginError::new(
        format!(
            "No {} action was created on any of the {} machines. {}",
            endpoint.action_type,
            results.len(),
            listed.join(" | ")
        ),
        "Fix what each machine's error says and run the step again; the data holds every \
         machine's result.",
    )
    .with_data(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    #[tokio::test]
    async fn no_more_jobs_than_the_gate_allows_run_at_once_and_outputs_keep_their_order() {
        let gate = Semaphore::new(MAX_IN_FLIGHT);
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let jobs = (0..50).map(|n| {
            let (running, most) = (&running, &most);
            async move {
                let now = running.fetch_add(1, SeqCst) + 1;
                most.fetch_max(now, SeqCst);
                // Later jobs finish first, so the order of outputs is not the order of ends.
                tokio::time::sleep(Duration::from_millis(50 - n)).await;
                running.fetch_sub(1, SeqCst);
                n
            }
        });
        let outputs = bounded(&gate, jobs).await;
        assert_eq!(outputs, (0..50).collect::<Vec<_>>());
        assert_eq!(most.load(SeqCst), MAX_IN_FLIGHT);
    }

    #[test]
    fn the_cap_counts_values_as_given_before_duplicates_are_removed() {
        let same = vec!["a6a3a4506513270e269e0d37f2a74de452e6b438".to_owned(); MAX_MACHINES + 1];
        let err = checked_machines(&same).err().expect("refused");
        assert!(err.cause.contains("501 items"), "{}", err.cause);
        let checked = checked_machines(&same[..MAX_MACHINES]).expect("accepted");
        assert_eq!(checked.len(), 1);
    }

    #[test]
    fn values_are_trimmed_and_compared_without_regard_to_case() {
        let given = [
            " WS-FIN-042.contoso.local",
            "ws-fin-042.CONTOSO.local ",
            "10.20.4.42",
        ]
        .map(String::from);
        let checked = checked_machines(&given).expect("accepted");
        let values: Vec<&str> = checked.iter().map(|(value, _)| value.as_str()).collect();
        assert_eq!(values, ["WS-FIN-042.contoso.local", "10.20.4.42"]);
    }

    #[test]
    fn a_blank_item_is_named_by_its_position() {
        let given = ["ws-fin-042".to_owned(), "  ".to_owned()];
        let err = checked_machines(&given).err().expect("refused");
        assert_eq!(err.cause, "The input Machines (machines) item 2 is blank.");
    }
}
