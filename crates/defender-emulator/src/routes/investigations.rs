//! Automated investigations: `POST /api/machines/{id}/startInvestigation`
//! (initiate-autoir-investigation.md).

use axum::http::StatusCode;
use serde_json::json;

use super::{entity, json_body, only_keys, req_str, Req};
use crate::errors::{ApiError, Reply};
use crate::state::{now_stamp, State};

/// The first ID the emulator gives a started investigation; Microsoft's are small numbers
/// such as 63004 (investigation.md).
const FIRST_ID: u64 = 63101;

/// `POST /api/machines/{id}/startInvestigation` with `{"Comment"}`: 201 and the investigation,
/// Running. `{id}` is the 40-hex machine ID, as on the action pages: a name is unknown (404).
pub(super) fn start(state: &mut State, req: &Req, machine_key: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Comment"])?;
    req_str(&body, "Comment")?;
    let m = state
        .machine_index_by_id(machine_key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine_key} was not found")))?;
    let machine = &state.machines[m];
    let id = (FIRST_ID + state.next_investigation_id).to_string();
    state.next_investigation_id += 1;
    // Whole seconds, as investigation.md shows startTime.
    let now = now_stamp();
    let start_time = format!(
        "{}Z",
        now.split('.').next().unwrap_or(&now).trim_end_matches('Z')
    );
    let investigation = json!({
        "id": id,
        "startTime": start_time,
        "endTime": null,
        "state": "Running",
        "cancelledBy": null,
        "statusDetails": null,
        "machineId": machine["id"],
        "computerDnsName": machine["computerDnsName"],
        "triggeringAlertId": null,
    });
    state.investigations.push(investigation.clone());
    Ok(Reply::Json(
        StatusCode::CREATED,
        entity(req, "Investigations", &investigation),
    ))
}
