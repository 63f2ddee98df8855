//! Unrestrict App Execution: lift an app execution restriction from a machine
//! (`POST /api/machines/{id}/unrestrictCodeExecution`).

use super::machine_action::{Wait, UNRESTRICT};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unrestrict_app_execution::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = json!({"Comment": input.comment});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        machine_action_response: UNRESTRICT
            .create(step, &input.machine_id, body, wait)
            .await?,
    })
}
