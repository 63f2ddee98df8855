//! Get Machine Security Recommendations: the security recommendations for a machine
//! (`GET /api/machines/{machineId}/recommendations`, get-security-recommendations.md,
//! SecurityRecommendation.Read.All).
//!
//! Each recommendation is Defender Vulnerability Management's, with its counts over the whole
//! organization.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_security_recommendations::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let recommendations = step
        .client
        .machine_recommendations(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { recommendations })
}
