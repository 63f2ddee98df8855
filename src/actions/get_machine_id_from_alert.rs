//! Get Machine ID from Alert: the machine an alert was raised on (`GET /api/alerts/{id}/machine`).

use super::{api_error, decode, Step};
use crate::api::ids::AlertId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_id_from_alert::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "alerts"])
        .id(&alert)
        .segment("machine");
    let machine = step
        .client
        .get(&path, &[])
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    Ok(Output {
        machine_information: decode(machine, "machine")?,
    })
}
