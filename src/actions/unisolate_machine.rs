//! Unisolate Machine: give an isolated machine its network back (`POST /api/machines/{id}/unisolate`).

use super::machine_action::{self, Request, Wait};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unisolate_machine::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let request = Request {
        machine: &input.machine_id,
        segment: "unisolate",
        action_type: "Unisolate",
        body: json!({"Comment": input.comment}),
        wait: Wait::new(input.wait_for_completion, input.wait_timeout),
    };
    Ok(Output {
        machine_isolation_response: machine_action::create(step, request).await?,
    })
}
