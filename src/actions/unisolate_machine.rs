//! Unisolate Machine: give an isolated machine its network back (`POST /api/machines/{id}/unisolate`).

use super::machine_action::UNISOLATE;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::unisolate_machine::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    UNISOLATE.create(step, &input, &[]).await
}
