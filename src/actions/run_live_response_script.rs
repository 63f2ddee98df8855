//! Run Live Response Script: run a library script on a machine
//! (`POST /api/machines/{id}/runliveresponse`, RunScript, run-live-response.md) and, once it
//! has run, read its transcript from the link of `GetLiveResponseResultDownloadLink(index=n)`
//! (get-live-response-result.md): `script_output`, `script_errors` and `exit_code`.

use super::live_response::{self, check_library_name, Command};
use super::machine_action::Wait;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::run_live_response_script::{Input, Output};
use serde::Deserialize;

/// The transcript file get-live-response-result.md documents; `script_name` is not read.
#[derive(Deserialize)]
struct Transcript {
    #[serde(default)]
    exit_code: Option<i64>,
    #[serde(default)]
    script_output: Option<String>,
    #[serde(default)]
    script_errors: Option<String>,
}

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let script = check_library_name(&input.script_name, "script_name", "Script Name")?;
    let args = input.args.as_deref().map(str::trim).unwrap_or_default();
    let mut params = vec![("ScriptName", script.as_str())];
    if !args.is_empty() {
        params.push(("Args", args));
    }
    let command = Command {
        kind: "RunScript",
        params,
    };
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    let action =
        live_response::run(step, &input.machine_id, &input.comment, wait, &command).await?;
    let mut output = Output {
        machine_action_response: action,
        script_output: None,
        script_errors: None,
        exit_code: None,
    };
    let action = &output.machine_action_response;
    let Some(link) = live_response::our_result_link(step, action, &command).await? else {
        return Ok(output);
    };
    let limit = step.client.max_response_bytes();
    let bytes = step
        .client
        .download(&link, limit)
        .await
        .map_err(|err| err.to_plugin_error("the script's output"))?;
    let transcript: Transcript = serde_json::from_slice(&bytes).map_err(|_| {
        PluginError::new(
            format!(
                "The result of live response action {} is not the script transcript Defender documents (a JSON object with script_output, script_errors and exit_code).",
                action.id
            ),
            "Download the result from the action's page in the Microsoft Defender portal.",
        )
    })?;
    output.script_output = Some(transcript.script_output.unwrap_or_default());
    output.script_errors = Some(transcript.script_errors.unwrap_or_default());
    output.exit_code = transcript.exit_code;
    Ok(output)
}
