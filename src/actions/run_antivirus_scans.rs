//! Run Antivirus Scans: Run Antivirus Scan's request (`POST
//! /api/machines/{id}/runAntiVirusScan`) on each of up to 500 machines, one result per machine.

use super::machine_action::SCAN;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::run_antivirus_scans::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    SCAN.create_many(step, &input, &[("ScanType", input.scan_type.as_str())])
        .await
}
