//! Get Domain Related Alerts: the alerts related to a domain
//! (`GET /api/domains/{domain}/alerts`, get-domain-related-alerts.md); a domain never seen has
//! none.

use super::enrichment::path_value;
use super::{api_error, Step};
use crate::api::ids::DomainName;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_domain_related_alerts::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let domain = path_value("Domain", &input.domain, DomainName::parse)?;
    let alerts = step.client.domain_alerts(&domain).await;
    Ok(Output {
        alerts: alerts.map_err(api_error(Some(("domain", domain.as_str()))))?,
    })
}
