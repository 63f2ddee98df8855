//! Find Machines: the machines matching every filter given, read page by page up to a limit
//! (`GET /api/machines?$filter=…`).

use super::query::{
    and_filter, collect, eq, given, invalid_input, ip_address, limit, odata_string, shown,
};
use super::Step;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::find_machines::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let limit = limit("Limit", input.limit)?;
    let filter = and_filter(&clauses(&input)?);
    let machines = collect(step, ApiPath::new(["api", "machines"]), filter, limit).await?;
    Ok(Output { machines })
}

/// One `$filter` clause per filter given; every value is a checked, quoted literal.
fn clauses(input: &Input) -> Result<Vec<String>, PluginError> {
    let mut clauses = Vec::new();
    if let Some(prefix) = given(&input.name_prefix) {
        clauses.push(format!(
            "startswith(computerDnsName,{})",
            odata_string("Name Prefix", prefix)?
        ));
    }
    if let Some(ip) = given(&input.ip_address) {
        let ip = ip_address("IP Address", ip)?;
        clauses.push(format!(
            "lastIpAddress eq {}",
            odata_string("IP Address", &ip.to_string())?
        ));
    }
    if let Some(health) = input.health_status {
        clauses.push(eq("healthStatus", health.as_str()));
    }
    if let Some(risk) = input.risk_score {
        clauses.push(eq("riskScore", risk.as_str()));
    }
    if let Some(tag) = given(&input.tag) {
        // `machineTags` is a collection: OData compares its elements through a lambda, and
        // `machineTags eq '…'` is a type error (ARCHITECTURE.md, invariant 15).
        clauses.push(format!(
            "machineTags/any(tag: tag eq {})",
            odata_string("Tag", tag)?
        ));
    }
    if let Some(platform) = given(&input.os_platform) {
        // Platforms are single words such as Windows10 or macOS; anything else is a typo.
        if !platform.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid_input(
                "OS Platform",
                format!("{} is not a platform name.", shown(platform)),
                "Give a platform as Defender names it, such as Windows10, Windows11, \
                 WindowsServer2022, Linux or macOS.",
            ));
        }
        clauses.push(eq("osPlatform", platform));
    }
    Ok(clauses)
}
