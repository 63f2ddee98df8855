//! Get Machine Action: one machine action and its status (`GET /api/machineactions/{id}`).

use super::machine_action;
use super::{api_error, Step};
use crate::api::ids::ActionId;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_action::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let action = ActionId::parse(input.action_id.trim()).map_err(api_error(None))?;
    Ok(Output {
        machine_action_response: machine_action::get(step, &action).await?,
    })
}
