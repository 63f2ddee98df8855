//! Unrestrict App Execution: lift an app execution restriction from a machine
//! (`POST /api/machines/{id}/unrestrictCodeExecution`).

use super::machine_action::{self, Request, Wait};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unrestrict_app_execution::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let request = Request {
        machine: &input.machine_id,
        segment: "unrestrictCodeExecution",
        action_type: "UnrestrictCodeExecution",
        body: json!({"Comment": input.comment}),
        wait: Wait::new(input.wait_for_completion, input.wait_timeout),
    };
    Ok(Output {
        machine_action_response: machine_action::create(step, request).await?,
    })
}
