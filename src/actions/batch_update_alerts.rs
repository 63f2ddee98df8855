//! Batch Update Alerts: one change to many alerts (`POST /api/alerts/batchUpdate`,
//! batch-update-alerts.md, Alert.ReadWrite.All, 10 calls a minute and 500 an hour).
//!
//! The page documents no largest `alertIds`. The plugin sends at most
//! [`MAX_ALERTS_PER_CALL`] a call, the limit of every other batch endpoint of the API
//! (import-ti-indicators.md, batch-delete-ti-indicators.md,
//! add-or-remove-multiple-machine-tags.md), and takes at most [`MAX_ALERTS`] a step: the 10
//! calls a minute the page allows. The fields and their values are Update Alert's.

use super::query::{invalid_input, shown};
use super::update_alert::{changes, changes_of};
use super::Step;
use crate::api::ids::AlertId;
use crate::api::ApiError;
use crate::protocol::PluginError;
pub use crate::spec::generated::batch_update_alerts::{Input, Output};
use serde_json::Value;
use std::collections::HashSet;

/// The most alert IDs one `batchUpdate` call carries (the plugin's bound; see above).
pub const MAX_ALERTS_PER_CALL: usize = 500;

/// The most alert IDs a step takes: ten calls, batch-update-alerts.md's limit per minute.
pub const MAX_ALERTS: usize = 10 * MAX_ALERTS_PER_CALL;

const ALERT_IDS: &str = "Alert IDs (alert_ids)";

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
            .map_err(|err| batch_error(err, chunk.len(), updated.len()))?;
        updated.extend(chunk.iter().map(|id| id.as_str().to_owned()));
    }
    tracing::info!(
        "Updated {} alerts; batch requests sent: {}",
        updated.len(),
        updated.len().div_ceil(MAX_ALERTS_PER_CALL)
    );
    Ok(Output { alert_ids: updated })
}

/// A failed call's error. An unknown ID fails its whole call (the emulator's reading of
/// "alerts that are available in the API"), so a 404 says so; any error says how many alerts
/// earlier calls updated, so that a workflow can resume after them.
fn batch_error(err: ApiError, sent: usize, done: usize) -> PluginError {
    let mut error = match &err {
        ApiError::Http {
            status: 404,
            message,
            body,
            ..
        } => PluginError::new(
            format!(
                "Defender found no alert with one of the {sent} IDs of a request, so it updated none \
                 of them. Microsoft said: \"{message}\""
            ),
            "Check that every alert ID belongs to an alert of this tenant within its data \
             retention period, remove the one Microsoft names, and run the step again.",
        )
        .with_data(body.clone()),
        _ => err.to_plugin_error(None),
    };
    if done > 0 {
        error.cause = format!(
            "{} The {done} alerts given before them were updated by earlier requests.",
            error.cause
        );
    }
    error
}

/// The alert IDs, checked, without blanks around them and each once, in the order given.
fn checked_alerts(ids: &[String]) -> Result<Vec<AlertId>, PluginError> {
    if ids.len() > MAX_ALERTS {
        return Err(invalid_input(
            ALERT_IDS,
            format!(
                "holds {} IDs, more than the {MAX_ALERTS} a step takes.",
                ids.len()
            ),
            format!(
                "Give at most {MAX_ALERTS} alerts a step: Defender allows 10 batch updates a \
                 minute, of {MAX_ALERTS_PER_CALL} alerts each."
            ),
        ));
    }
    let mut alerts = Vec::with_capacity(ids.len());
    let mut seen = HashSet::new();
    for (index, id) in ids.iter().enumerate() {
        let id = id.trim();
        let alert = AlertId::parse(id).map_err(|_| {
            invalid_input(
                ALERT_IDS,
                format!("item {} is {}, not an alert ID.", index + 1, shown(id)),
                "Give each alert's ID as Defender writes it, such as \
                 da638402211706714560_-1915585947.",
            )
        })?;
        if seen.insert(id.to_owned()) {
            alerts.push(alert);
        }
    }
    if alerts.is_empty() {
        return Err(invalid_input(
            ALERT_IDS,
            "is empty.",
            "Give at least one alert ID.",
        ));
    }
    Ok(alerts)
}
