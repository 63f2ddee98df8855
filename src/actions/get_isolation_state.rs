//! Get Isolation State: whether a machine is isolated. Defender's machine entity has no such
//! field (reference §1.5), so the state is derived from the machine's isolate and release
//! actions (`GET /api/machineactions`); `derive` is the rule, shared with List Isolated Machines.

use super::machine_action;
use super::{api_error, Step};
use crate::api::ids::{MachineId, MachineRef};
use crate::api::odata;
use crate::api::paging::{PagedQuery, Paging, MAX_PAGE_SIZE};
use crate::api::{ApiPath, MachineAction};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_isolation_state::{Input, Output};

/// A bound on the isolation history read: 100,000 actions.
const MAX_PAGES: usize = 10;

/// What a machine's isolation history says about it now.
#[derive(Debug, Clone, PartialEq)]
pub struct Isolation {
    /// `isolated`, `not_isolated`, `isolation_pending` or `release_pending`.
    pub state: &'static str,
    /// Whether the latest isolate or release that succeeded left the machine isolated.
    pub isolated: bool,
    /// Whether the latest isolate or release is still pending or in progress.
    pub pending: bool,
    /// The action the state comes from; `None` when the machine was never isolated.
    pub action: Option<MachineAction>,
}

/// Derives the isolation of one machine from its isolate and release actions, in any order.
///
/// The latest action that succeeded or is still running decides: failed, timed-out and
/// cancelled ones changed nothing on the machine. `isolated` comes from the latest one that
/// succeeded, so a machine whose release is pending is still isolated, and one whose isolation
/// is pending is not yet.
pub fn derive(actions: &[MachineAction]) -> Isolation {
    let mut relevant: Vec<&MachineAction> = actions
        .iter()
        .filter(|action| matches!(action.type_.as_deref(), Some("Isolate" | "Unisolate")))
        .filter(|action| {
            matches!(
                action.status.as_deref(),
                Some("Succeeded" | "Pending" | "InProgress")
            )
        })
        .collect();
    // RFC 3339 stamps in UTC sort as text; newest first.
    relevant.sort_by(|a, b| b.creation_date_time_utc.cmp(&a.creation_date_time_utc));
    let isolated = relevant
        .iter()
        .find(|action| action.status.as_deref() == Some("Succeeded"))
        .is_some_and(|action| action.type_.as_deref() == Some("Isolate"));
    let Some(latest) = relevant.first() else {
        return Isolation {
            state: "not_isolated",
            isolated: false,
            pending: false,
            action: None,
        };
    };
    let pending = latest.status.as_deref() != Some("Succeeded");
    let state = match (latest.type_.as_deref(), pending) {
        (Some("Isolate"), true) => "isolation_pending",
        (_, true) => "release_pending",
        (Some("Isolate"), false) => "isolated",
        (_, false) => "not_isolated",
    };
    Isolation {
        state,
        isolated,
        pending,
        action: Some((*latest).clone()),
    }
}

/// Every isolate and release action, of one machine or of all.
pub async fn isolation_actions(
    step: &Step<'_>,
    machine: Option<&MachineId>,
) -> Result<Vec<MachineAction>, PluginError> {
    // The ID inside the quotes is 40 hex digits, the types constants.
    let types = "(type eq 'Isolate' or type eq 'Unisolate')";
    let filter = match machine {
        Some(machine) => format!(
            "machineId eq {} and {types}",
            odata::quote(machine.as_str())
        ),
        None => types.to_string(),
    };
    let query = PagedQuery {
        path: ApiPath::new(["api", "machineactions"]),
        query: vec![("$filter".to_string(), filter)],
        paging: Paging::TopSkip {
            page_size: MAX_PAGE_SIZE,
        },
    };
    step.client
        .get_all_pages(&query, MAX_PAGES)
        .await
        .map_err(api_error(None))
}

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = MachineRef::parse(input.machine_id.trim()).map_err(api_error(None))?;
    let machine_id = machine_action::existing_machine_id(step, &machine).await?;
    let isolation = derive(&isolation_actions(step, Some(&machine_id)).await?);
    Ok(Output {
        machine_id: machine_id.as_str().to_string(),
        isolation_state: isolation.state.to_string(),
        isolated: isolation.isolated,
        pending: isolation.pending,
        machine_action: isolation.action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(kind: &str, status: &str, created: &str) -> MachineAction {
        serde_json::from_value(json!({
            "id": "2f1c7d9e-5b4a-4c3e-9d8f-6a7b8c9d0e1f",
            "type": kind,
            "status": status,
            "creationDateTimeUtc": created,
        }))
        .unwrap()
    }

    fn state(actions: &[MachineAction]) -> (&'static str, bool, bool) {
        let isolation = derive(actions);
        (isolation.state, isolation.isolated, isolation.pending)
    }

    #[test]
    fn a_machine_never_isolated_is_not_isolated() {
        assert_eq!(state(&[]), ("not_isolated", false, false));
        let scan = action("RunAntiVirusScan", "Succeeded", "2026-11-21T10:00:00Z");
        assert_eq!(state(&[scan]), ("not_isolated", false, false));
    }

    #[test]
    fn the_latest_succeeded_action_decides_whatever_the_order() {
        let isolate = action("Isolate", "Succeeded", "2026-11-21T10:00:00Z");
        let release = action("Unisolate", "Succeeded", "2026-11-21T11:00:00Z");
        assert_eq!(
            state(&[release.clone(), isolate.clone()]),
            ("not_isolated", false, false)
        );
        let again = action("Isolate", "Succeeded", "2026-11-21T12:00:00Z");
        assert_eq!(state(&[again, isolate, release]), ("isolated", true, false));
    }

    #[test]
    fn a_pending_release_leaves_the_machine_isolated() {
        let isolate = action("Isolate", "Succeeded", "2026-11-21T10:00:00Z");
        let release = action("Unisolate", "Pending", "2026-11-21T11:00:00Z");
        assert_eq!(
            state(&[isolate, release.clone()]),
            ("release_pending", true, true)
        );
        assert_eq!(derive(std::slice::from_ref(&release)).action, Some(release));
    }

    #[test]
    fn a_pending_isolation_is_not_yet_isolated() {
        let isolate = action("Isolate", "InProgress", "2026-11-21T10:00:00Z");
        assert_eq!(state(&[isolate]), ("isolation_pending", false, true));
    }

    #[test]
    fn failed_timed_out_and_cancelled_actions_change_nothing() {
        let isolate = action("Isolate", "Succeeded", "2026-11-21T10:00:00Z");
        for status in ["Failed", "TimeOut", "Cancelled"] {
            let release = action("Unisolate", status, "2026-11-21T11:00:00Z");
            assert_eq!(
                state(&[isolate.clone(), release]),
                ("isolated", true, false),
                "{status}"
            );
        }
    }
}
