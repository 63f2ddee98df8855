//! Batch Update Alerts: one change to many alerts (`POST /api/alerts/batchUpdate`,
//! batch-update-alerts.md, Alert.ReadWrite.All, 10 calls a minute and 500 an hour).
//!
//! The page documents no largest `alertIds`. The plugin sends at most
//! [`MAX_ALERTS_PER_CALL`] a call, the limit of every other batch endpoint of the API
//! (import-ti-indicators.md, batch-delete-ti-indicators.md,
//! add-or-remove-multiple-machine-tags.md), and takes at most [`MAX_ALERTS`] a step: the 10
//! calls a minute the page allows. The fields and their values are Update Alert's.

use super::batch::{call_error, IdList};
use super::update_alert::{changes, changes_of};
use super::Step;
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::batch_update_alerts::{Input, Output};
use serde_json::Value;

/// The most alert IDs one `batchUpdate` call carries (the plugin's bound; see above).
pub const MAX_ALERTS_PER_CALL: usize = 500;

/// The most alert IDs a step takes: ten calls, batch-update-alerts.md's limit per minute.
pub const MAX_ALERTS: usize = 10 * MAX_ALERTS_PER_CALL;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alerts = checked_alerts(&input.alert_ids)?;
    let body = changes(changes_of!(input))?;
    let mut updated = Vec::with_capacity(alerts.len());
    for chunk in alerts.chunks(MAX_ALERTS_PER_CALL) {
        let mut call = body.clone();
        call.insert(
            "alertIds".to_owned(),
            chunk.iter().map(|id| Value::from(id.as_str())).collect(),
        );
        step.client
            .batch_update_alerts(&Value::Object(call))
            .await
            .map_err(|err| {
                // An unknown ID fails its whole call (the emulator's reading of "alerts that
                // are available in the API").
                let sent = chunk.len();
                let not_found = |message: &str| {
                    (
                        format!(
                            "Defender found no alert with one of the {sent} IDs of a request, so \
                             it updated none of them. Microsoft said: \"{message}\""
                        ),
                        "Check that every alert ID belongs to an alert of this tenant within its \
                         data retention period, remove the one Microsoft names, and run the step \
                         again.",
                    )
                };
                call_error(err, not_found, updated.len(), "updated")
            })?;
        updated.extend(chunk.iter().map(|id| id.as_str().to_owned()));
    }
    tracing::info!(
        "Updated {} alerts; batch requests sent: {}",
        updated.len(),
        updated.len().div_ceil(MAX_ALERTS_PER_CALL)
    );
    Ok(Output { alert_ids: updated })
}

/// The alert IDs given, checked, each once.
fn checked_alerts(ids: &[String]) -> Result<Vec<AlertId>, PluginError> {
    IdList {
        field: "Alert IDs (alert_ids)",
        what: "an alert ID",
        fix: "Give each alert's ID as Defender writes it, such as \
              da638402211706714560_-1915585947.",
        max: MAX_ALERTS,
    }
    .check(ids, AlertId::parse)
}
