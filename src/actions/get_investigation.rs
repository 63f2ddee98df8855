//! Get Investigation: one automated investigation, by its ID or its triggering alert's
//! (`GET /api/investigations/{id}`, Alert.Read.All).

use super::{api_error, Step};
use crate::api::ids::InvestigationId;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_investigation::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    // Checked before it goes into the path: anything but an ID's characters is refused.
    let id = InvestigationId::parse(input.investigation_id.trim()).map_err(api_error(None))?;
    let lookup = Some(("investigation", id.as_str()));
    match step.client.investigation(&id).await {
        Ok(investigation) => Ok(Output { investigation }),
        Err(err) => Err(api_error(lookup)(err)),
    }
}
