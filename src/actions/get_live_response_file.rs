//! Get Live Response File: collect a file from a machine
//! (`POST /api/machines/{id}/runliveresponse`, GetFile, run-live-response.md) and, once
//! collected, return the link of `GetLiveResponseResultDownloadLink(index=n)`
//! (get-live-response-result.md) with its expiry, and the file itself when it is no larger
//! than `max_file_size`.

use super::live_response::{self, check_max_file_size, check_path, Command};
use super::machine_action::Wait;
use super::Step;
use crate::api::download::DownloadError;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_live_response_file::{Input, Output};
use crate::spec::FileObject;
use base64::Engine;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let path = check_path(&input.path)?;
    let limit = check_max_file_size(input.max_file_size)?;
    let command = Command {
        kind: "GetFile",
        params: vec![("Path", path.as_str())],
    };
    let wait = Wait::new(input.wait_for_completion, input.wait_timeout);
    let action =
        live_response::run(step, &input.machine_id, &input.comment, wait, &command).await?;
    let mut output = Output {
        machine_action_response: action,
        download_link: None,
        link_expires: None,
        file: None,
    };
    let action = &output.machine_action_response;
    let Some(link) = live_response::our_result_link(step, action, &command).await? else {
        return Ok(output);
    };
    let file = match step.client.download(&link, limit).await {
        Ok(bytes) => Some(FileObject {
            filename: Some(file_name(&path)),
            content: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
        }),
        Err(DownloadError::TooLarge { limit }) => {
            tracing::info!(
                "The file collected by live response action {} is larger than Max File Size ({limit} bytes); returning its download link only",
                action.id
            );
            None
        }
        Err(err) => return Err(err.to_plugin_error("the collected file")),
    };
    output.link_expires = live_response::link_expiry(&link);
    output.download_link = Some(link);
    output.file = file;
    Ok(output)
}

/// The last part of a Windows, macOS or Linux path.
fn file_name(path: &str) -> String {
    path.rsplit(['\\', '/'])
        .find(|part| !part.is_empty())
        .unwrap_or("file")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn the_file_is_named_by_the_last_part_of_its_path() {
        assert_eq!(file_name("C:\\Windows\\Temp\\triage.zip"), "triage.zip");
        assert_eq!(file_name("/var/log/syslog"), "syslog");
        assert_eq!(file_name("/var/log/"), "log");
        assert_eq!(file_name("/"), "file");
    }
}
