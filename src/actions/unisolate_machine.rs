//! Unisolate Machine: give an isolated machine its network back (`POST /api/machines/{id}/unisolate`).

use super::machine_action::{Wait, UNISOLATE};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unisolate_machine::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = json!({"Comment": input.comment});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        machine_isolation_response: UNISOLATE
            .create(step, &input.machine_id, body, wait)
            .await?,
    })
}
