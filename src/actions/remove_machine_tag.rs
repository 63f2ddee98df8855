//! Remove Machine Tag: remove a tag from one or more machines (`POST /api/machines/{id}/tags`,
//! or `POST /api/machines/AddOrRemoveTagForMultipleMachines` for several).

use super::machine_tags::{apply, TagChange};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::remove_machine_tag::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machines = apply(step, &input.machines, &input.tag, TagChange::Remove).await?;
    Ok(Output { machines })
}
