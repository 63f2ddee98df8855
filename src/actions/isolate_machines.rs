//! Isolate Machines: Isolate Machine's request (`POST /api/machines/{id}/isolate`) on each of
//! up to 500 machines, one result per machine.

use super::machine_action::ISOLATE;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::isolate_machines::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    ISOLATE
        .create_many(
            step,
            &input,
            &[("IsolationType", input.isolation_type.as_str())],
        )
        .await
}
