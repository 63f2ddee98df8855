//! Cancel Machine Action: stop an action that is still pending or in progress
//! (`POST /api/machineactions/{id}/cancel`).

use super::machine_action::{self, is_final};
use super::{api_error, Step};
use crate::api::ids::ActionId;
use crate::api::ApiError;
use crate::protocol::PluginError;
pub use crate::spec::generated::cancel_machine_action::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let action = ActionId::parse(input.action_id.trim()).map_err(api_error(None))?;
    let lookup = Some(("machine action", action.as_str()));
    match step
        .client
        .cancel_machine_action(&action, &input.comment)
        .await
    {
        Ok(cancelled) => Ok(Output {
            machine_action_response: cancelled,
        }),
        // Defender's wording for "already final" is undocumented: read the action to say so
        // plainly, and keep Microsoft's answer for any other refusal.
        Err(err @ ApiError::Http { status: 400, .. }) => {
            match machine_action::get(step, &action).await {
                Ok(found) if is_final(found.status.as_deref()) => {
                    let status = found.status.as_deref().unwrap_or_default();
                    let refused = err.to_plugin_error(lookup);
                    Err(PluginError::new(
                        format!("Action {action} cannot be cancelled: it already ended with status {status}."),
                        "Only actions that are Pending or InProgress can be cancelled. To undo a finished action, run its opposite, such as Unisolate Machine after Isolate Machine or Unrestrict App Execution after Restrict App Execution.",
                    )
                    .with_data(refused.data))
                }
                _ => Err(err.to_plugin_error(lookup)),
            }
        }
        Err(err) => Err(err.to_plugin_error(lookup)),
    }
}
