//! Run Antivirus Scan: a quick or full Microsoft Defender Antivirus scan
//! (`POST /api/machines/{id}/runAntiVirusScan`).

use super::machine_action::{Wait, SCAN};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::run_antivirus_scan::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = json!({"Comment": input.comment, "ScanType": input.scan_type.as_str()});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        machine_action_response: SCAN.create(step, &input.machine_id, body, wait).await?,
    })
}
