//! Get Machine Alerts: the alerts raised on a machine (`GET /api/machines/{id}/alerts`,
//! get-machine-related-alerts.md, Alert.Read.All).
//!
//! The page answers 404 for an unknown machine and the machine's alerts otherwise, an empty list
//! when it has none.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_alerts::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let alerts = step
        .client
        .machine_alerts(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { alerts })
}
