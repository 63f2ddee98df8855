//! Get Domain Statistics: how many machines communicated with a domain over a look-back
//! (`GET /api/domains/{domain}/stats?lookBackHours=…`, get-domain-statistics.md: at most 720
//! hours); a domain never seen has an organization prevalence of 0, not an error.

use super::enrichment::{look_back, path_value};
use super::{api_error, Step};
use crate::api::ids::DomainName;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_domain_statistics::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let domain = path_value("Domain", &input.domain, DomainName::parse)?;
    let look_back = look_back(input.lookback_hours)?;
    let statistics = step.client.domain_statistics(&domain, look_back).await;
    Ok(Output {
        domain_statistics: statistics.map_err(api_error(Some(("domain", domain.as_str()))))?,
    })
}
