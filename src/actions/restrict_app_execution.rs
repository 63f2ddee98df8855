//! Restrict App Execution: let a machine run only Microsoft-signed applications
//! (`POST /api/machines/{id}/restrictCodeExecution`).

use super::machine_action::{Wait, RESTRICT};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::restrict_app_execution::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = json!({"Comment": input.comment});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        machine_action_response: RESTRICT.create(step, &input.machine_id, body, wait).await?,
    })
}
