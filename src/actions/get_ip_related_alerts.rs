//! Get IP Related Alerts: the alerts related to an address (`GET /api/ips/{ip}/alerts`,
//! get-ip-related-alerts.md); an address never seen has none.

use super::enrichment::path_value;
use super::{api_error, Step};
use crate::api::ids::IpAddress;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_ip_related_alerts::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let ip = path_value("IP Address", &input.ip_address, IpAddress::parse)?;
    let alerts = step.client.ip_alerts(&ip).await;
    Ok(Output {
        alerts: alerts.map_err(api_error(Some(("IP address", ip.as_str()))))?,
    })
}
