//! Restrict App Executions: Restrict App Execution's request (`POST
//! /api/machines/{id}/restrictCodeExecution`) on each of up to 500 machines, one result per
//! machine.

use super::machine_action::RESTRICT;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::restrict_app_executions::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    RESTRICT.create_many(step, &input, &[]).await
}
