//! Get Machine Vulnerabilities: the vulnerabilities discovered on a machine
//! (`GET /api/machines/{machineId}/vulnerabilities`, get-discovered-vulnerabilities.md,
//! Vulnerability.Read.All).
//!
//! The page limits the endpoint to 50 calls a minute, half the common limit; the client's retries
//! wait out a 429 as elsewhere.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_vulnerabilities::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let vulnerabilities = step
        .client
        .machine_vulnerabilities(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { vulnerabilities })
}
