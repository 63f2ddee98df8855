//! Get Machine Software: the software installed on a machine
//! (`GET /api/machines/{machineId}/software`, get-installed-software.md, Software.Read.All).
//!
//! Defender Vulnerability Management's inventory of the machine; the page documents no query
//! option, so the list is read whole.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_software::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let software = step
        .client
        .machine_software(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { software })
}
