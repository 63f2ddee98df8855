//! Get Machine ID from Alert: the machine an alert was raised on (`GET /api/alerts/{id}/machine`).

use super::{api_error, Step};
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_id_from_alert::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    step.client
        .alert_machine(&alert)
        .await
        .map(|machine_information| Output {
            machine_information,
        })
        .map_err(api_error(Some(("alert", alert.as_str()))))
}
