//! Update Alert: change an alert's status, owner, classification or determination, or comment
//! on it (`PATCH /api/alerts/{id}` with the camelCase body Defender expects).

use super::query::given;
use super::{api_error, Step};
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::update_alert::{Input, Output};
use serde_json::{Map, Value};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let body = body(&input)?;
    let updated = step
        .client
        .update_alert(&alert, &Value::Object(body))
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    Ok(Output { alert: updated })
}

/// The PATCH body: only the fields given, so the others keep their values.
fn body(input: &Input) -> Result<Map<String, Value>, PluginError> {
    let mut body = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            body.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    };
    put("status", input.status.map(|s| s.as_str()));
    put("assignedTo", given(&input.assigned_to));
    put("classification", input.classification.map(|c| c.as_str()));
    put("determination", input.determination.map(|d| d.as_str()));
    put("comment", given(&input.comment));
    if body.is_empty() {
        return Err(PluginError::new(
            "The inputs Status, Assigned To, Classification, Determination and Comment are all \
             empty, so there is nothing to update.",
            "Give at least one of them.",
        ));
    }
    Ok(body)
}
