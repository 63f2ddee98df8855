//! Get Machine Action: one machine action and its status (`GET /api/machineactions/{id}`).

use super::{api_error, decode, Step};
use crate::api::ids::ActionId;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_action::{Input, Output};

pub async fn run(step: Step, input: Input) -> Result<Output, PluginError> {
    let action = ActionId::parse(input.action_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "machineactions"]).id(&action);
    let found = step
        .client
        .get(&path, &[])
        .await
        .map_err(api_error(Some(("machine action", action.as_str()))))?;
    Ok(Output {
        machine_action_response: decode(found, "machine action")?,
    })
}
