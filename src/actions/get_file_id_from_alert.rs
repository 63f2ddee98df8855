//! Get File ID from Alert: the files related to an alert (`GET /api/alerts/{id}/files`).

use super::{api_error, decode, Step};
use crate::api::ids::AlertId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_file_id_from_alert::{Input, Output};
use serde_json::Value;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alert = AlertId::parse(input.alert_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "alerts"]).id(&alert).segment("files");
    let page = step
        .client
        .get(&path, &[])
        .await
        .map_err(api_error(Some(("alert", alert.as_str()))))?;
    let files = page
        .get("value")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    Ok(Output {
        file_list: decode(files, "file list")?,
    })
}
