//! Get Alert: one alert with its comments and evidence
//! (`GET /api/alerts?$filter=id eq '…'&$expand=evidence`).
//!
//! The alert is read from the list filtered by its ID rather than from `GET /api/alerts/{id}`:
//! get-alerts.md documents `$filter` on `id` and `$expand` of `evidence` for the list, while
//! get-alert-info-by-id.md documents no query option for one alert, and without `$expand` the
//! evidence comes back empty.

use super::query::shown;
use super::{api_error, decode, Step};
use crate::api::ids::AlertId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_alert::{Input, Output};
use serde_json::Value;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    // Safe inside the quotes: an alert ID is letters, digits, '_' and '-' only.
    let filter = format!("id eq '{}'", alert.as_str());
    let page = step
        .client
        .get(
            &ApiPath::new(["api", "alerts"]),
            &[("$filter", filter), ("$expand", "evidence".to_owned())],
        )
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    let found = page
        .get("value")
        .and_then(Value::as_array)
        .and_then(|alerts| {
            let same = |a: &&Value| {
                a.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| id.eq_ignore_ascii_case(alert.as_str()))
            };
            alerts.iter().find(same).or(alerts.first())
        })
        .cloned();
    match found {
        Some(found) => Ok(Output {
            alert: decode(found, "alert")?,
        }),
        None => Err(PluginError::new(
            format!("No alert with ID {} was found.", shown(alert.as_str())),
            "Check the alert ID and that it belongs to this tenant; Defender returns alerts only \
             within the tenant's data retention period.",
        )),
    }
}
