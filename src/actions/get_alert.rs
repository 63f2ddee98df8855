//! Get Alert: one alert with its comments and evidence (`GET /api/alerts/{id}?$expand=evidence`).

use super::{api_error, decode, Step};
use crate::api::ids::AlertId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_alert::{Input, Output};

pub async fn run(step: Step, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "alerts"]).id(&alert);
    // Without `$expand` Defender answers the alert with an empty evidence list.
    let found = step
        .client
        .get(&path, &[("$expand", "evidence".to_owned())])
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    Ok(Output {
        alert: decode(found, "alert")?,
    })
}
