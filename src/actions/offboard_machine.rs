//! Offboard Machine: stop a machine's Defender sensor (`POST /api/machines/{id}/offboard`,
//! Machine.Offboard), only when `confirm_machine_id` repeats the machine's ID.
//!
//! Offboarding cannot be undone from the API, so the confirmation is checked before anything
//! is posted: a machine given by ID is compared at once, a DNS name after the one GET that
//! resolves it. The action then goes through [`OFFBOARD`] like every machine action, with the
//! resolved ID, so the name is not resolved twice.

use super::machine_action::{machine_id, ActionInput, OFFBOARD};
use super::query::shown;
use super::{api_error, Step};
use crate::api::ids::{MachineId, MachineRef};
use crate::protocol::PluginError;
pub use crate::spec::generated::offboard_machine::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = MachineRef::parse(input.machine_id.trim()).map_err(api_error(None))?;
    let confirmed = confirmation(&input.confirm_machine_id)?;
    input.wait().check()?;
    let resolved = machine_id(step, &machine).await?;
    if !resolved.as_str().eq_ignore_ascii_case(confirmed.as_str()) {
        return Err(PluginError::new(
            format!(
                "The input confirm_machine_id ({}) is not the ID of the machine to offboard ({resolved}), so nothing was offboarded.",
                shown(confirmed.as_str())
            ),
            "Set Confirm Machine ID (confirm_machine_id) to the 40-character ID of the machine named in Machine ID, as Defender shows it.",
        ));
    }
    let input = Input {
        machine_id: resolved.as_str().to_owned(),
        ..input
    };
    OFFBOARD.create(step, &input, &[]).await
}

/// The confirmation as a 40-hex machine ID; anything else is refused naming the input.
fn confirmation(value: &str) -> Result<MachineId, PluginError> {
    MachineId::parse(value.trim()).map_err(|_| {
        PluginError::new(
            format!(
                "The input confirm_machine_id ({}) is not a machine ID, so nothing was offboarded.",
                shown(value)
            ),
            "Set Confirm Machine ID (confirm_machine_id) to the machine's 40-character ID (40 hexadecimal characters), not its name.",
        )
    })
}
