//! List Alerts: the alerts matching every filter given, read page by page up to a limit
//! (`GET /api/alerts?$filter=…`, Alert.Read.All).
//!
//! get-alerts.md documents `$filter` on alertCreationTime, lastUpdateTime, incidentId,
//! InvestigationId, id, assignedTo, detectionSource, lastEventTime, status, severity and
//! category, with `$top` and `$skip`. machineId is not among them (Defender answers 400 to it),
//! so a machine is matched on the alerts read, and reading goes on until the limit is reached
//! among that machine's alerts or the pages end.

use super::machine_action::existing_machine_id;
use super::query::{and_filter, collect_matching, eq, given, given_date, limit, odata_string};
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_alerts::{Input, Output};
use crate::spec::generated::types::Alert;
use crate::triggers::poll::odata_time;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let limit = limit("Limit", input.limit)?;
    let created_after = given_date("Created After (created_after)", &input.created_after)?;
    let updated_after = given_date("Updated After (updated_after)", &input.updated_after)?;
    let category = given(&input.category)
        .map(|value| odata_string("Category (category)", value))
        .transpose()?;
    let source = given(&input.detection_source)
        .map(|value| odata_string("Detection Source (detection_source)", value))
        .transpose()?;
    let machine = given(&input.machine_id)
        .map(MachineRef::parse)
        .transpose()
        .map_err(api_error(None))?;

    let mut clauses = Vec::new();
    clauses.extend(input.severity.map(|s| eq("severity", s.as_str())));
    clauses.extend(input.status.map(|s| eq("status", s.as_str())));
    clauses.extend(category.map(|literal| format!("category eq {literal}")));
    clauses.extend(source.map(|literal| format!("detectionSource eq {literal}")));
    // OData date-time literals go unquoted (get-alerts.md's alertCreationTime, lastUpdateTime).
    clauses.extend(created_after.map(|t| format!("alertCreationTime ge {}", odata_time(t))));
    clauses.extend(updated_after.map(|t| format!("lastUpdateTime ge {}", odata_time(t))));
    let machine = match &machine {
        Some(machine) => Some(existing_machine_id(step, machine).await?),
        None => None,
    };
    let path = ApiPath::new(["api", "alerts"]);
    let alerts = collect_matching(step, path, and_filter(&clauses), limit, |alert: &Alert| {
        machine.as_ref().is_none_or(|id| {
            alert
                .machine_id
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(id.as_str()))
        })
    })
    .await?;
    Ok(Output { alerts })
}
