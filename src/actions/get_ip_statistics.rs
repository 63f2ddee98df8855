//! Get IP Statistics: how many machines connected to an address over a look-back
//! (`GET /api/ips/{ip}/stats?lookBackHours=…`, get-ip-statistics.md: at most 720 hours); an
//! address never seen has an organization prevalence of 0, not an error.

use super::enrichment::{look_back, path_value};
use super::{api_error, Step};
use crate::api::ids::IpAddress;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_ip_statistics::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let ip = path_value("IP Address", &input.ip_address, IpAddress::parse)?;
    let look_back = look_back(input.lookback_hours)?;
    let statistics = step.client.ip_statistics(&ip, look_back).await;
    Ok(Output {
        ip_statistics: statistics.map_err(api_error(Some(("IP address", ip.as_str()))))?,
    })
}
