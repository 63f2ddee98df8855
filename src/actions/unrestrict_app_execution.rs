//! Unrestrict App Execution: lift an app execution restriction from a machine
//! (`POST /api/machines/{id}/unrestrictCodeExecution`).

use super::machine_action::UNRESTRICT;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unrestrict_app_execution::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    UNRESTRICT.create(step, &input, &[]).await
}
