//! Get File Related Alerts: the alerts related to a file (`GET /api/files/{sha1}/alerts`,
//! get-file-related-alerts.md). The page takes a SHA-1 only, so a SHA-256 is first read to
//! its file's SHA-1; an unknown file has none.

use super::enrichment::related_to_file;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_file_related_alerts::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let alerts = related_to_file(step, &input.hash, |sha1| async move {
        step.client.file_alerts(&sha1).await
    })
    .await?;
    Ok(Output { alerts })
}
