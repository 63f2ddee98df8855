//! List Machine Actions: machine actions, newest first, filtered by machine, type and status
//! (`GET /api/machineactions`).

use super::machine_action;
use super::query::eq;
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::api::MachineAction;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_machine_actions::{Input, Output};

/// Defender's largest page: one request is enough for any allowed limit.
const MAX_LIMIT: i64 = 10_000;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    if !(1..=MAX_LIMIT).contains(&input.limit) {
        return Err(PluginError::new(
            format!("The input limit is {}, outside the allowed range.", input.limit),
            format!("Set Limit (limit) to a number from 1 to {MAX_LIMIT}, or leave it empty for the default of 100."),
        ));
    }
    let machine = match input.machine_id.as_deref().map(str::trim) {
        Some(machine) if !machine.is_empty() => {
            Some(MachineRef::parse(machine).map_err(api_error(None))?)
        }
        _ => None,
    };
    // Every value inside quotes is safe: a 40-hex ID or a constant of the spec's enums.
    let mut clauses = Vec::new();
    if let Some(machine) = &machine {
        let id = machine_action::existing_machine_id(step, machine).await?;
        clauses.push(eq("machineId", id.as_str()));
    }
    clauses.extend(input.type_.map(|kind| eq("type", kind.as_str())));
    clauses.extend(input.status.map(|status| eq("status", status.as_str())));
    // No `$orderby`: get-machineactions-collection.md documents `$filter`, `$top` and `$skip`
    // only, and shows the list newest first (`$top=2` gives "the latest two"). The answer is
    // sorted again below, so any order the service uses gives the same output.
    let mut query = vec![("$top", input.limit.to_string())];
    if !clauses.is_empty() {
        query.insert(0, ("$filter", clauses.join(" and ")));
    }
    let mut actions = step
        .client
        .machine_actions(&query)
        .await
        .map_err(api_error(None))?;
    newest_first(&mut actions);
    actions.truncate(usize::try_from(input.limit).unwrap_or(0));
    Ok(Output {
        machine_actions: actions,
    })
}

/// Sorts by creation time, newest first, whatever order the service used; RFC 3339 stamps in
/// UTC sort as text.
pub fn newest_first(actions: &mut [MachineAction]) {
    actions.sort_by(|a, b| b.creation_date_time_utc.cmp(&a.creation_date_time_utc));
}
