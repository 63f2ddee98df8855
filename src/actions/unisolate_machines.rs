//! Unisolate Machines: Unisolate Machine's request (`POST /api/machines/{id}/unisolate`) on
//! each of up to 500 machines, one result per machine.

use super::machine_action::UNISOLATE;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unisolate_machines::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    UNISOLATE.create_many(step, &input, &[]).await
}
