//! List Investigations: automated investigations, optionally of one machine or state, read
//! page by page up to a limit (`GET /api/investigations?$filter=…`, Alert.Read.All).
//!
//! get-investigation-collection.md documents `$filter` on startTime, id, state, machineId and
//! triggeringAlertId, `$top` and `$skip`; the machine, state and start filters use three.

use super::machine_action::existing_machine_id;
use super::query::{and_filter, collect, eq, given, given_date, limit};
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_investigations::{Input, Output};
use crate::triggers::poll::odata_time;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let limit = limit("Limit", input.limit)?;
    let started_after = given_date("Started After (started_after)", &input.started_after)?;
    let machine = given(&input.machine_id)
        .map(MachineRef::parse)
        .transpose()
        .map_err(api_error(None))?;
    // Every value inside quotes is safe: a 40-hex ID or a constant of the spec's enum.
    let mut clauses = Vec::new();
    if let Some(machine) = &machine {
        let id = existing_machine_id(step, machine).await?;
        clauses.push(eq("machineId", id.as_str()));
    }
    clauses.extend(input.state.map(|state| eq("state", state.as_str())));
    // An OData date-time literal goes unquoted (get-investigation-collection.md's startTime).
    clauses.extend(started_after.map(|t| format!("startTime ge {}", odata_time(t))));
    let path = ApiPath::new(["api", "investigations"]);
    Ok(Output {
        investigations: collect(step, path, and_filter(&clauses), limit).await?,
    })
}
