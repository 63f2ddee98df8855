//! Get Investigation Package URI: the download link of a collected investigation package
//! (`GET /api/machineactions/{id}/getPackageUri`).
//!
//! Defender answers 404 both for an unknown action and for a collection that has not finished,
//! so a 404 is followed by a read of the action to tell the analyst which it is.
//!
//! The answer's `value` is an `Edm.String` whose text, in Microsoft's documented example
//! (get-package-sas-uri.md), is the link wrapped in a second pair of double quotes
//! (`"value": "\"https://…\""`). The quotes are removed so that the output is a link a
//! download step can use; a bare link is taken as it is.

use super::machine_action;
use super::{api_error, Step};
use crate::api::ids::ActionId;
use crate::api::{ApiError, ApiPath};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_investigation_package_uri::{Input, Output};
use serde_json::Value;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let action = ActionId::parse(input.action_id.trim()).map_err(api_error(None))?;
    let path = ApiPath::new(["api", "machineactions"])
        .id(&action)
        .segment("getPackageUri");
    match step.client.get(&path, &[]).await {
        Ok(body) => match body.get("value").and_then(Value::as_str).and_then(link) {
            Some(uri) => Ok(Output { uri }),
            // The body would hold the link's token: leave it out of the error.
            _ => Err(PluginError::new(
                format!("Defender returned no download link for the investigation package of action {action}."),
                "Retry in a minute; if it persists, download the package from the device page in the Microsoft Defender portal.",
            )),
        },
        Err(err @ ApiError::Http { status: 404, .. }) => Err(not_available(step, &action, err).await),
        Err(err) => Err(err.to_plugin_error(Some(("machine action", action.as_str())))),
    }
}

/// The download link in a `getPackageUri` value, with the quotes Defender wraps it in removed;
/// `None` when what is left is not an http(s) URL.
fn link(value: &str) -> Option<String> {
    let value = value.trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value)
        .trim();
    let url = url::Url::parse(unquoted).ok()?;
    matches!(url.scheme(), "https" | "http").then(|| unquoted.to_owned())
}

/// Why there is no package: no such action, not a collection, still running, or ended without one.
async fn not_available(step: &Step<'_>, action: &ActionId, not_found: ApiError) -> PluginError {
    let found = match machine_action::get(step, action).await {
        Ok(found) => found,
        Err(err) => return err,
    };
    let kind = found.type_.as_deref().unwrap_or("unknown");
    let status = found.status.as_deref().unwrap_or("unknown");
    if kind != "CollectInvestigationPackage" {
        return PluginError::new(
            format!("Action {action} is a {kind} action, not an investigation package collection."),
            "Pass the ID of a Collect Investigation Package action, as returned by Collect Investigation Package or List Machine Actions.",
        );
    }
    match status {
        "Pending" | "InProgress" => PluginError::new(
            format!("The investigation package of action {action} is not ready yet: the collection is {status}."),
            "Retry in a few minutes (a collection usually takes 5 to 15 minutes), or run Collect Investigation Package with Wait for Completion so that the workflow goes on only once the package is ready. Get Machine Action shows the collection's progress.",
        ),
        "Succeeded" => not_found.to_plugin_error(Some(("investigation package of action", action.as_str()))),
        _ => PluginError::new(
            format!("The collection of action {action} ended with status {status}, so it has no investigation package."),
            "Collect a new investigation package from the machine; check that the machine is online and reporting to Defender for Endpoint.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::link;

    const URL: &str = "https://userrequests-us.securitycenter.windows.com:443/safedownload/WDATP_Investigation_Package.zip?token=gbDyj7y%2fbWG";

    #[test]
    fn the_quotes_of_microsofts_documented_answer_are_removed() {
        assert_eq!(link(&format!("\"{URL}\"")).as_deref(), Some(URL));
    }

    #[test]
    fn a_bare_link_is_taken_as_it_is() {
        assert_eq!(link(URL).as_deref(), Some(URL));
    }

    #[test]
    fn anything_but_an_http_link_is_no_link() {
        for bad in [
            "",
            "\"\"",
            "\"",
            "not a link",
            "\"file:///etc/passwd\"",
            "\"\"https://x\"\"",
        ] {
            assert_eq!(link(bad), None, "{bad}");
        }
    }
}
