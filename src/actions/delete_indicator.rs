//! Delete Indicator: remove a custom indicator (`DELETE /api/indicators/{id}`, 204 on success).

use super::{api_error, Step};
use crate::api::ids::IndicatorId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::delete_indicator::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let indicator = IndicatorId::parse(input.indicator_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "indicators"]).id(&indicator);
    step.client
        .delete(&path)
        .await
        .map_err(api_error(Some(("indicator", indicator.as_str()))))?;
    tracing::info!("Deleted indicator {indicator}");
    Ok(Output { success: true })
}
