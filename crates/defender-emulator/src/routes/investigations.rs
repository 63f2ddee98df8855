//! Automated investigations: `POST /api/machines/{id}/startInvestigation`
//! (initiate-autoir-investigation.md), `GET /api/investigations`
//! (get-investigation-collection.md) and `GET /api/investigations/{id}`
//! (get-investigation-object.md).

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{documented, entity, json_body, only_keys, options, paged, paginate, req_str, Req};
use crate::errors::{ApiError, Reply};
use crate::odata::INVESTIGATIONS;
use crate::state::{now_stamp, State};
use crate::Config;

/// `GET /api/investigations` with the page's `$filter`, `$top` and `$skip`.
pub(super) fn list(state: &mut State, config: &Config, req: &Req) -> Result<Reply, ApiError> {
    let opts = options(req, &INVESTIGATIONS, config, documented::INVESTIGATIONS)?;
    let selected = opts.select_indices(&state.investigations);
    let page = paginate(req, config, &opts, selected);
    let items = page
        .indices
        .iter()
        .map(|&i| opts.project(state.investigations[i].clone()))
        .collect();
    Ok(Reply::ok(paged(req, "Investigations", &opts, &page, items)))
}

/// `GET /api/investigations/{id}`: by the investigation's ID or its triggering alert's.
pub(super) fn get(state: &mut State, req: &Req, id: &str) -> Result<Reply, ApiError> {
    let found = state
        .investigations
        .iter()
        .find(|i| i["id"] == id || i["triggeringAlertId"] == id)
        .ok_or_else(|| ApiError::not_found(format!("Investigation {id} was not found")))?;
    Ok(Reply::ok(entity(req, "Investigations", found)))
}

/// The first ID the emulator gives a started investigation; Microsoft's are small numbers
/// such as 63004 (investigation.md).
const FIRST_ID: u64 = 63101;

/// Starts an investigation, Running, on machine `m`, triggered by an alert or by hand.
pub(super) fn open(state: &mut State, m: usize, triggering_alert: Option<&str>) -> Value {
    let machine = &state.machines[m];
    let id = (FIRST_ID + state.next_investigation_id).to_string();
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
        "triggeringAlertId": triggering_alert,
    });
    state.next_investigation_id += 1;
    state.investigations.push(investigation.clone());
    investigation
}

/// `POST /api/machines/{id}/startInvestigation` with `{"Comment"}`: 201 and the investigation,
/// Running. `{id}` is the 40-hex machine ID, as on the action pages: a name is unknown (404).
pub(super) fn start(state: &mut State, req: &Req, machine_key: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Comment"])?;
    req_str(&body, "Comment")?;
    let m = state
        .machine_index_by_id(machine_key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine_key} was not found")))?;
    let investigation = open(state, m, None);
    Ok(Reply::Json(
        StatusCode::CREATED,
        entity(req, "Investigations", &investigation),
    ))
}
