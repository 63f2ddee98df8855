//! Update Alert: change an alert's status, owner, classification or determination, or comment
//! on it (`PATCH /api/alerts/{id}` with the camelCase body Defender expects).

use super::{api_error, Step};
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::update_alert::{Input, Output};
use serde_json::{Map, Value};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let body = changes(changes_of!(input))?;
    let updated = step
        .client
        .update_alert(&alert, &Value::Object(body))
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    Ok(Output { alert: updated })
}

/// The [`Changes`] of an action's input: Update Alert's and Batch Update Alerts' inputs have the
/// same fields, of distinct generated types.
macro_rules! changes_of {
    ($input:expr) => {
        $crate::actions::update_alert::Changes {
            status: $input.status.map(|s| s.as_str()),
            assigned_to: $crate::actions::query::given(&$input.assigned_to),
            classification: $input.classification.map(|c| c.as_str()),
            determination: $input.determination.map(|d| d.as_str()),
            comment: $crate::actions::query::given(&$input.comment),
        }
    };
}
pub(crate) use changes_of;

/// The fields an alert update may change, as given (blank inputs already `None`); the values of
/// the enums are the spec's, shared by Update Alert and Batch Update Alerts.
pub struct Changes<'a> {
    pub status: Option<&'a str>,
    pub assigned_to: Option<&'a str>,
    pub classification: Option<&'a str>,
    pub determination: Option<&'a str>,
    pub comment: Option<&'a str>,
}

/// The body of a PATCH (update-alert.md) or of a batch update (batch-update-alerts.md): only the
/// fields given, so the others keep their values.
pub fn changes(changes: Changes<'_>) -> Result<Map<String, Value>, PluginError> {
    let mut body = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            body.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    };
    put("status", changes.status);
    put("assignedTo", changes.assigned_to);
    put("classification", changes.classification);
    put("determination", changes.determination);
    put("comment", changes.comment);
    if body.is_empty() {
        return Err(PluginError::new(
            "The inputs Status, Assigned To, Classification, Determination and Comment are all \
             empty, so there is nothing to update.",
            "Give at least one of them.",
        ));
    }
    Ok(body)
}
