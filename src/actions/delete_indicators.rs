//! Delete Indicators: remove many custom indicators (`POST /api/indicators/BatchDelete`,
//! batch-delete-ti-indicators.md, Ti.ReadWrite or Ti.ReadWrite.All).
//!
//! The page allows 500 IDs a call and 30 calls a minute, answers 204 when every indicator
//! existed and was deleted, 400 for an empty or too long list or an invalid ID, and 404 when
//! an ID was not found. It does not say whether the others of that call were deleted; the
//! error says that none may have been, and how many earlier calls deleted.

use super::batch::{call_error, IdList};
use super::Step;
use crate::api::ids::IndicatorId;
use crate::protocol::PluginError;
pub use crate::spec::generated::delete_indicators::{Input, Output};
use serde_json::{json, Value};

/// The most IDs one BatchDelete call carries (batch-delete-ti-indicators.md, Limitations).
pub const MAX_IDS_PER_CALL: usize = 500;

/// The most IDs a step takes: a tenant holds at most 15,000 active indicators.
pub const MAX_IDS: usize = 15_000;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let ids = checked(&input.indicator_ids)?;
    let mut deleted = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_IDS_PER_CALL) {
        let names: Vec<Value> = chunk.iter().map(|id| Value::from(id.as_str())).collect();
        step.client
            .delete_indicators(&json!({ "IndicatorIds": names }))
            .await
            .map_err(|err| {
                let sent = chunk.len();
                let not_found = |message: &str| {
                    (
                        format!(
                            "Defender found no indicator with one of the {sent} IDs of a request, \
                             so the indicators of that request may not have been deleted. \
                             Microsoft said: \"{message}\""
                        ),
                        "Check the IDs with List Indicators, remove the one Microsoft names, and \
                         run the step again.",
                    )
                };
                call_error(err, not_found, deleted.len(), "deleted")
            })?;
        deleted.extend(chunk.iter().map(|id| id.as_str().to_owned()));
    }
    tracing::info!("Deleted {} indicators", deleted.len());
    Ok(Output {
        indicator_ids: deleted,
    })
}

/// The indicator IDs given, checked, each once.
fn checked(ids: &[String]) -> Result<Vec<IndicatorId>, PluginError> {
    IdList {
        field: "Indicator IDs (indicator_ids)",
        what: "an indicator ID",
        fix: "Give each indicator's numeric ID, such as 5001, as List Indicators returns it.",
        max: MAX_IDS,
    }
    .check(ids, IndicatorId::parse)
}
