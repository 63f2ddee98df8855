//! Run Antivirus Scan: a quick or full Microsoft Defender Antivirus scan
//! (`POST /api/machines/{id}/runAntiVirusScan`).

use super::machine_action::SCAN;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::run_antivirus_scan::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    SCAN.create(step, &input, &[("ScanType", input.scan_type.as_str())])
        .await
}
