//! Get Alert: one alert with its comments and evidence
//! (`GET /api/alerts?$filter=id eq '…'&$expand=evidence`; `Client::alert_with_evidence` says
//! why the list rather than `GET /api/alerts/{id}`).

use super::query::shown;
use super::{api_error, Step};
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_alert::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let found = step
        .client
        .alert_with_evidence(&alert)
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    match found {
        Some(found) => Ok(Output { alert: found }),
        None => Err(PluginError::new(
            format!("No alert with ID {} was found.", shown(alert.as_str())),
            "Check the alert ID and that it belongs to this tenant; Defender returns alerts only \
             within the tenant's data retention period.",
        )),
    }
}
