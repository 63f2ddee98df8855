//! Isolate Machine: cut a machine off the network, keeping its Defender channel
//! (`POST /api/machines/{id}/isolate`).

use super::machine_action::{Wait, ISOLATE};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::isolate_machine::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = json!({"Comment": input.comment, "IsolationType": input.isolation_type.as_str()});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        machine_isolation_response: ISOLATE.create(step, &input.machine_id, body, wait).await?,
    })
}
