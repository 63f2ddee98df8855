//! Get File ID from Alert: the files related to an alert (`GET /api/alerts/{id}/files`).

use super::{api_error, Step};
use crate::api::ids::AlertId;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_file_id_from_alert::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let lookup = Some(("alert", alert.as_str()));
    let file_list = step.client.alert_files(&alert).await;
    Ok(Output {
        file_list: file_list.map_err(api_error(lookup))?,
    })
}
