//! List Isolated Machines: every machine that is isolated or has an isolation or release pending,
//! derived from all isolate and release actions (`GET /api/machineactions`) by the rule of Get
//! Isolation State.

use super::get_isolation_state::{derive, isolation_actions};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_isolated_machines::{Input, Output};
use crate::spec::generated::types::{IsolatedMachine, MachineAction};
use indexmap::IndexMap;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let mut by_machine: IndexMap<String, Vec<MachineAction>> = IndexMap::new();
    for action in isolation_actions(step, None).await? {
        if let Some(machine_id) = action.machine_id.clone() {
            by_machine.entry(machine_id).or_default().push(action);
        }
    }
    let mut isolated_machines: Vec<IsolatedMachine> = by_machine
        .into_iter()
        .filter_map(|(machine_id, actions)| {
            let isolation = derive(&actions);
            let action = isolation.action?;
            let listed =
                isolation.isolated || (isolation.pending && input.include_pending_isolations);
            listed.then(|| IsolatedMachine {
                machine_id,
                computer_dns_name: action.computer_dns_name.clone(),
                isolation_state: isolation.state.to_string(),
                isolated: isolation.isolated,
                pending: isolation.pending,
                machine_action: action,
            })
        })
        .collect();
    // Most recently changed first; RFC 3339 stamps in UTC sort as text.
    isolated_machines.sort_by(|a, b| {
        b.machine_action
            .creation_date_time_utc
            .cmp(&a.machine_action.creation_date_time_utc)
    });
    Ok(Output { isolated_machines })
}
