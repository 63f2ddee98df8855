//! Get Domain Related Machines: the machines that communicated with a domain
//! (`GET /api/domains/{domain}/machines`, get-domain-related-machines.md: at most 500); a
//! domain never seen has none.

use super::enrichment::path_value;
use super::{api_error, Step};
use crate::api::ids::DomainName;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_domain_related_machines::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let domain = path_value("Domain", &input.domain, DomainName::parse)?;
    let machines = step.client.domain_machines(&domain).await;
    Ok(Output {
        machines: machines.map_err(api_error(Some(("domain", domain.as_str()))))?,
    })
}
