//! What the machine-action endpoints share: create an action on a machine named by ID or DNS
//! name, and treat "already in progress" as the pending action it refers to.

use super::{api_error, decode, Step};
use crate::api::ids::MachineRef;
use crate::api::{ApiError, ApiPath};
use crate::protocol::PluginError;
use crate::spec::generated::types::MachineAction;
use serde_json::Value;

/// One machine-action request: `POST /api/machines/{machine}/{segment}` with a PascalCase body.
pub struct Request<'a> {
    /// A 40-hex machine ID or a computer DNS name, as the user gave it.
    pub machine: &'a str,
    pub segment: &'static str,
    /// The action's `type` in Defender's machine-action entity, e.g. `Isolate`.
    pub action_type: &'static str,
    pub body: Value,
}

/// Creates the action. When Defender refuses it because the same action is already pending on
/// the machine, the pending action is returned instead, so re-running a workflow step is
/// idempotent rather than an error.
pub async fn create(step: &Step, request: Request<'_>) -> Result<MachineAction, PluginError> {
    let machine = MachineRef::parse(request.machine.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "machines"])
        .id(&machine)
        .segment(request.segment);
    let lookup = Some(("machine", machine.as_str()));
    match step.client.post(&path, &request.body).await {
        Ok(created) => decode(created, "machine action"),
        Err(err @ ApiError::Http { status: 400, .. }) if is_already_in_progress(&err) => {
            match pending(step, &machine, request.action_type).await? {
                Some(action) => {
                    tracing::info!(
                        "An {} action is already pending on machine {}: returning it (action {}) instead of starting another",
                        request.action_type,
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
    step: &Step,
    machine: &MachineRef,
    action_type: &str,
) -> Result<Option<MachineAction>, PluginError> {
    let machine_id = machine_id(step, machine).await?;
    // Both values are safe inside the quotes: the ID is 40 hex digits, the type a constant.
    let filter = format!(
        "machineId eq '{}' and type eq '{action_type}' and (status eq 'Pending' or status eq 'InProgress')",
        machine_id.as_str()
    );
    let page = step
        .client
        .get(
            &ApiPath::new(["api", "machineactions"]),
            &[("$filter", filter)],
        )
        .await
        .map_err(api_error(None))?;
    let actions: Vec<MachineAction> = decode(
        page.get("value")
            .cloned()
            .unwrap_or(Value::Array(Vec::new())),
        "machine action list",
    )?;
    // RFC 3339 stamps in UTC sort as text.
    Ok(actions
        .into_iter()
        .filter(|action| matches!(action.status.as_deref(), Some("Pending" | "InProgress")))
        .max_by(|a, b| a.creation_date_time_utc.cmp(&b.creation_date_time_utc)))
}

/// The 40-hex ID of a machine given by ID or DNS name (`GET /api/machines/{name}` accepts both).
pub async fn machine_id(step: &Step, machine: &MachineRef) -> Result<MachineRef, PluginError> {
    if machine.is_machine_id() {
        return Ok(machine.clone());
    }
    let path = ApiPath::new(["api", "machines"]).id(machine);
    let found = step
        .client
        .get(&path, &[])
        .await
        .map_err(api_error(Some(("machine", machine.as_str()))))?;
    let id = found.get("id").and_then(Value::as_str).unwrap_or_default();
    match MachineRef::parse(id) {
        Ok(id) if id.is_machine_id() => Ok(id),
        _ => Err(PluginError::new(
            format!("Defender for Endpoint returned no valid ID for machine {machine}."),
            "Pass the machine's 40-character ID instead of its name.",
        )),
    }
}
