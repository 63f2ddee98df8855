//! Start Automated Investigation: start Defender's automated investigation on a machine
//! (`POST /api/machines/{id}/startInvestigation`, Alert.ReadWrite.All); the investigation
//! started is the output.
//!
//! initiate-autoir-investigation.md puts the 40-hex ID in the path, so a DNS name is resolved
//! first, as for the machine actions.

use super::machine_action::machine_id;
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::protocol::PluginError;
pub use crate::spec::generated::start_automated_investigation::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = MachineRef::parse(input.machine_id.trim()).map_err(api_error(None))?;
    let machine = machine_id(step, &machine).await?;
    let investigation = step
        .client
        .start_investigation(&machine, &json!({"Comment": input.comment}))
        .await
        .map_err(api_error(Some(("machine", machine.as_str()))))?;
    Ok(Output { investigation })
}
