//! Get Machine Missing KBs: the security updates a machine is missing
//! (`GET /api/machines/{machineId}/getmissingkbs`, get-missing-kbs-machine.md, Software.Read.All).
//!
//! A machine without missing updates, or one Defender assesses no updates for (such as Linux),
//! answers an empty list.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_missing_kbs::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let missing_kbs = step
        .client
        .machine_missing_kbs(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { missing_kbs })
}
