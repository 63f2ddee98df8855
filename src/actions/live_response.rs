//! What the live response actions share (run-live-response.md,
//! get-live-response-result.md): the checks of their inputs, the one-command session posted
//! through [`LIVE_RESPONSE`], a failed command's errors, and the result behind a command's
//! download link.
//!
//! A session is a machine action of type `LiveResponse`; Defender runs one per machine, and a
//! second is refused with ActiveRequestAlreadyExists, which [`machine_action::Endpoint::post`]
//! answers with the running session. That session may hold other commands than ours, so a
//! result is read only from a command that is ours ([`our_command`]).

use super::machine_action::{self, Wait, LIVE_RESPONSE};
use super::query::shown;
use super::{api_error, Step};
use crate::api::ids::ActionId;
use crate::api::MachineAction;
use crate::protocol::PluginError;
use crate::spec::generated::types::MachineActionCommand;
use serde_json::{json, Value};

/// The longest library file name or GetFile path taken; Windows' own limit for a path with
/// the long-path prefix is 32,767 characters, far beyond what a library name or a path an
/// analyst types needs.
const MAX_NAME_CHARS: usize = 255;
const MAX_PATH_CHARS: usize = 4096;

/// Bounds of `max_file_size`: at least a byte, and at most the client's cap on any answer
/// (`DEFAULT_MAX_RESPONSE_BYTES`), so that a file read whole is never larger than an API
/// answer may be.
pub const MAX_FILE_SIZE: std::ops::RangeInclusive<i64> =
    1..=crate::api::DEFAULT_MAX_RESPONSE_BYTES as i64;

/// A live response command: its type and parameters, in Defender's spelling.
pub struct Command<'a> {
    pub kind: &'static str,
    pub params: Vec<(&'static str, &'a str)>,
}

/// Refuses a library file name that is empty, has a path separator or `..`, or control
/// characters, naming the input: the library is flat, and such a name can only be a mistake or
/// an attempt to reach another file.
pub fn check_library_name(value: &str, field: &str, title: &str) -> Result<String, PluginError> {
    let name = value.trim();
    let problem = if name.is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) {
        Some("contains a path separator (/ or \\)")
    } else if name.contains("..") {
        Some("contains ..")
    } else if name.chars().any(char::is_control) {
        Some("contains control characters")
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some("is longer than 255 characters")
    } else {
        None
    };
    match problem {
        None => Ok(name.to_owned()),
        Some(problem) => Err(PluginError::new(
            format!("The input {field} {} {problem}.", shown(value)),
            format!(
                "Set {title} ({field}) to the name of a file in the live response library, as List Library Files or the Microsoft Defender portal (Settings > Endpoints > Live response library) shows it, such as collect-triage.ps1."
            ),
        )),
    }
}

/// Refuses a GetFile path that is not absolute, naming the input. Windows paths start with a
/// drive letter (`C:\…`, `C:/…`); macOS and Linux paths with `/`, since live response runs on
/// both. A UNC path (`\\server\share\…`) is refused: live response collects a file from the
/// device's own disks, and a UNC path would make the device fetch it over the network with its
/// own credentials.
pub fn check_path(value: &str) -> Result<String, PluginError> {
    let path = value.trim();
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    let unix = path.starts_with('/') && !path.starts_with("//");
    let problem = if path.is_empty() {
        Some("is empty")
    } else if path.starts_with("\\\\") || path.starts_with("//") {
        Some("is a UNC path; live response collects files from the device's own disks")
    } else if !drive && !unix {
        Some("is not an absolute path")
    } else if path.chars().any(char::is_control) {
        Some("contains control characters")
    } else if path.chars().count() > MAX_PATH_CHARS {
        Some("is longer than 4096 characters")
    } else {
        None
    };
    match problem {
        None => Ok(path.to_owned()),
        Some(problem) => Err(PluginError::new(
            format!("The input path {} {problem}.", shown(value)),
            "Set Path (path) to the absolute path of the file on the device: on Windows with its drive letter, such as C:\\Windows\\Temp\\triage.zip; on macOS and Linux from the root, such as /var/log/syslog.",
        )),
    }
}

/// Refuses a `max_file_size` out of [`MAX_FILE_SIZE`], naming the input.
pub fn check_max_file_size(value: i64) -> Result<usize, PluginError> {
    if MAX_FILE_SIZE.contains(&value) {
        Ok(usize::try_from(value).unwrap_or(usize::MAX))
    } else {
        Err(PluginError::new(
            format!("The input max_file_size is {value} bytes, outside the allowed range."),
            format!(
                "Set Max File Size (max_file_size) to a number of bytes from {} to {} (64 MiB), or leave it empty for the default of 10485760 (10 MiB).",
                MAX_FILE_SIZE.start(),
                MAX_FILE_SIZE.end()
            ),
        ))
    }
}

/// Posts a session of one command on a machine given by ID or DNS name, and follows it when
/// `wait` says so. A command that failed is the step's error, with Defender's text for it.
pub async fn run(
    step: &Step<'_>,
    machine: &str,
    comment: &str,
    wait: Wait,
    command: &Command<'_>,
) -> Result<MachineAction, PluginError> {
    let params: Vec<Value> = command
        .params
        .iter()
        .map(|(key, value)| json!({"key": key, "value": value}))
        .collect();
    let body = json!({
        "Commands": [{"type": command.kind, "params": params}],
        "Comment": comment,
    });
    let action = LIVE_RESPONSE.post(step, machine, wait, &body).await?;
    match failed_command(&action) {
        Some(error) => Err(error),
        None => Ok(action),
    }
}

/// The error of the first failed command of a session: run-live-response.md says the commands
/// after it do not run.
fn failed_command(action: &MachineAction) -> Option<PluginError> {
    let failed = action
        .commands
        .iter()
        .flatten()
        .find(|command| command.command_status.as_deref() == Some("Failed"))?;
    let errors: Vec<&str> = failed
        .errors
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|error| !error.trim().is_empty())
        .collect();
    let said = if errors.is_empty() {
        "no error text".to_owned()
    } else {
        errors
            .iter()
            .map(|error| shown(error))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let kind = failed
        .command
        .as_ref()
        .and_then(|command| command.type_.as_deref())
        .unwrap_or("live response");
    let machine = action
        .computer_dns_name
        .as_deref()
        .or(action.machine_id.as_deref())
        .unwrap_or("the machine");
    Some(
        PluginError::new(
            format!(
                "The {kind} command of live response action {} failed on {machine}. Defender said: {said}",
                action.id
            ),
            "Check the command's input (the library file, its arguments or the path) and that the device is online; the action's page in the Microsoft Defender portal shows the session's log.",
        )
        .with_data(serde_json::to_string(action).unwrap_or_default()),
    )
}

/// The link to our command's result once the session has succeeded; `None`, with a log line,
/// while it has not, or when the session is another one that was already running.
pub async fn our_result_link(
    step: &Step<'_>,
    action: &MachineAction,
    command: &Command<'_>,
) -> Result<Option<String>, PluginError> {
    if action.status.as_deref() != Some("Succeeded") {
        note_unfinished(action);
        return Ok(None);
    }
    match our_command(action, command) {
        Some(index) => result_link(step, action, index).await.map(Some),
        None => Ok(None),
    }
}

/// The index of our command in a session, once it completed: the session may be another one
/// that was already running on the machine, whose commands are not ours.
fn our_command(action: &MachineAction, command: &Command<'_>) -> Option<i64> {
    let ours = |found: &MachineActionCommand| {
        let Some(requested) = &found.command else {
            return false;
        };
        requested.type_.as_deref() == Some(command.kind)
            && command.params.iter().all(|(key, value)| {
                requested.params.iter().flatten().any(|param| {
                    param.key.as_deref() == Some(*key) && param.value.as_deref() == Some(*value)
                })
            })
    };
    let found = action.commands.iter().flatten().find(|found| ours(found));
    match found {
        Some(found) if found.command_status.as_deref() == Some("Completed") => found.index,
        Some(_) => None,
        None => {
            tracing::warn!(
                "Live response action {} was already running on the machine with other commands; returning it without a result. Run the action again once it has finished",
                action.id
            );
            None
        }
    }
}

/// The download link of a command's result (`GetLiveResponseResultDownloadLink(index=n)`).
async fn result_link(
    step: &Step<'_>,
    action: &MachineAction,
    index: i64,
) -> Result<String, PluginError> {
    let id = ActionId::parse(&action.id).map_err(api_error(None))?;
    let answer = step
        .client
        .live_response_result_link(&id, index)
        .await
        .map_err(api_error(Some(("machine action", id.as_str()))))?;
    // The body holds the link's signature: leave it out of the error.
    answer.link.ok_or_else(|| {
        PluginError::new(
            format!("Defender returned no download link for command {index} of live response action {id}."),
            "Retry in a minute; if it persists, download the result from the action's page in the Microsoft Defender portal.",
        )
    })
}

/// The expiry a SAS link states in its `se` parameter, when there is one.
pub fn link_expiry(link: &str) -> Option<String> {
    let url = url::Url::parse(link).ok()?;
    let expiry = url
        .query_pairs()
        .find(|(key, _)| key == "se")
        .map(|(_, value)| value.into_owned())?;
    time::OffsetDateTime::parse(&expiry, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|_| expiry)
}

/// Logs why a session gives no result to read.
fn note_unfinished(action: &MachineAction) {
    let status = action.status.as_deref().unwrap_or("unknown");
    if !machine_action::is_final(action.status.as_deref()) {
        tracing::info!(
            "Live response action {} is {status}; its result can be read once it has succeeded (Get Machine Action shows its progress)",
            action.id
        );
    } else if status != "Succeeded" {
        tracing::warn!(
            "Live response action {} ended {status}, without a result",
            action.id
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_names_with_separators_or_dots_are_refused() {
        for bad in [
            "..\\x.ps1",
            "a/b.ps1",
            "a\\b.ps1",
            "..",
            "x..ps1",
            "",
            "  ",
            "a\u{0}b",
        ] {
            let err = check_library_name(bad, "script_name", "Script Name").unwrap_err();
            assert!(err.cause.contains("script_name"), "{}", err.cause);
        }
        assert_eq!(
            check_library_name(" collect-triage.ps1 ", "script_name", "Script Name").unwrap(),
            "collect-triage.ps1"
        );
    }

    #[test]
    fn only_absolute_windows_macos_and_linux_paths_pass() {
        for good in [
            "C:\\Windows\\Temp\\x.zip",
            "d:/data/x",
            "/var/log/syslog",
            "/",
        ] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in [
            "Windows\\x",
            "x.txt",
            "C:x",
            "\\\\server\\share\\x",
            "//server/share/x",
            "..\\x",
            "~/x",
            "",
            "C:\\a\nb",
        ] {
            let err = check_path(bad).unwrap_err();
            assert!(err.cause.contains("path"), "{}", err.cause);
        }
    }

    #[test]
    fn the_file_size_limit_is_from_a_byte_to_the_answer_cap() {
        assert_eq!(check_max_file_size(1).unwrap(), 1);
        assert_eq!(
            check_max_file_size(64 * 1024 * 1024).unwrap(),
            64 * 1024 * 1024
        );
        for bad in [0, -1, 64 * 1024 * 1024 + 1, i64::MAX] {
            let err = check_max_file_size(bad).unwrap_err();
            assert!(err.cause.contains("max_file_size"), "{}", err.cause);
        }
    }

    #[test]
    fn a_link_expiry_is_read_from_its_se_parameter() {
        assert_eq!(
            link_expiry("https://a.blob.core.windows.net/x?se=2021-02-04T16%3A13%3A50Z&sig=s")
                .as_deref(),
            Some("2021-02-04T16:13:50Z")
        );
        assert_eq!(link_expiry("https://a.blob.core.windows.net/x?sig=s"), None);
        assert_eq!(
            link_expiry("https://a.blob.core.windows.net/x?se=soon"),
            None
        );
    }
}
