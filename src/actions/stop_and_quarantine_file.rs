//! Stop and Quarantine File: stop a file's processes on a machine and quarantine it
//! (`POST /api/machines/{id}/StopAndQuarantineFile`).

use super::machine_action::QUARANTINE;
use super::{api_error, Step};
use crate::api::ids::Sha1;
use crate::protocol::PluginError;
pub use crate::spec::generated::stop_and_quarantine_file::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    // Checked here, before any request, although the hash travels in the body and not the path:
    // Defender would refuse it anyway, after a token and a round trip.
    let sha1 = Sha1::parse(input.sha1.trim()).map_err(api_error(None))?;
    QUARANTINE
        .create(step, &input, &[("Sha1", sha1.as_str())])
        .await
}
