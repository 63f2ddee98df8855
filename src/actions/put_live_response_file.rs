//! Put Live Response File: copy a library file to a machine
//! (`POST /api/machines/{id}/runliveresponse`, PutFile, run-live-response.md). PutFile has no
//! result to download ("Doesn't have a response result"), so the action is the output.

use super::live_response::{self, check_library_name, Command};
use super::machine_action::Wait;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::put_live_response_file::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let file = check_library_name(&input.file_name, "file_name", "File Name")?;
    let command = Command {
        kind: "PutFile",
        params: vec![("FileName", file.as_str())],
    };
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    let action =
        live_response::run(step, &input.machine_id, &input.comment, wait, &command).await?;
    Ok(Output {
        machine_action_response: action,
    })
}
