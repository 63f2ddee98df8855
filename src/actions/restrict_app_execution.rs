//! Restrict App Execution: let a machine run only Microsoft-signed applications
//! (`POST /api/machines/{id}/restrictCodeExecution`).

use super::machine_action::RESTRICT;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::restrict_app_execution::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    RESTRICT.create(step, &input, &[]).await
}
