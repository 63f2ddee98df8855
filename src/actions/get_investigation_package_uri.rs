//! Get Investigation Package URI: the download link of a collected investigation package
//! (`GET /api/machineactions/{id}/getPackageUri`).
//!
//! Defender answers 404 both for an unknown action and for a collection that has not finished,
//! so a 404 is followed by a read of the action to tell the analyst which it is.
//!
//! The answer's link comes without the second pair of quotes Defender wraps it in
//! ([`crate::api::PackageUri`]), so that the output is a link a download step can use.

use super::machine_action;
use super::{api_error, Step};
use crate::api::ids::ActionId;
use crate::api::ApiError;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_investigation_package_uri::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let action = ActionId::parse(input.action_id.trim()).map_err(api_error(None))?;
    match step.client.investigation_package_uri(&action).await {
        Ok(answer) => match answer.link {
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
