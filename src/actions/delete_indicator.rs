//! Delete Indicator: remove a custom indicator (`DELETE /api/indicators/{id}`, 204 on success).

use super::{api_error, Step};
use crate::api::ids::IndicatorId;
use crate::protocol::PluginError;
pub use crate::spec::generated::delete_indicator::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let indicator = IndicatorId::parse(input.indicator_id.trim()).map_err(api_error(None))?;
    let lookup = Some(("indicator", indicator.as_str()));
    let deleted = step.client.delete_indicator(&indicator).await;
    deleted.map_err(api_error(lookup))?;
    tracing::info!("Deleted indicator {indicator}");
    Ok(Output { success: true })
}
