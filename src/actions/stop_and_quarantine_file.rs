//! Stop and Quarantine File: stop a file's processes on a machine and quarantine it
//! (`POST /api/machines/{id}/StopAndQuarantineFile`).

use super::machine_action::{Wait, QUARANTINE};
use super::{api_error, Step};
use crate::api::ids::Sha1;
use crate::protocol::PluginError;
pub use crate::spec::generated::stop_and_quarantine_file::{Input, Output};
use serde_json::json;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    // Checked here, before any request, although the hash travels in the body and not the path:
    // Defender would refuse it anyway, after a token and a round trip.
    let sha1 = Sha1::parse(input.sha1.trim()).map_err(api_error(None))?;
    let body = json!({"Comment": input.comment, "Sha1": sha1.as_str()});
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    Ok(Output {
        stop_and_quarantine_response: QUARANTINE
            .create(step, &input.machine_id, body, wait)
            .await?,
    })
}
