//! Isolate Machine: cut a machine off the network, keeping its Defender channel
//! (`POST /api/machines/{id}/isolate`).

use super::machine_action::ISOLATE;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::isolate_machine::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    ISOLATE
        .create(
            step,
            &input,
            &[("IsolationType", input.isolation_type.as_str())],
        )
        .await
}
