//! What the actions reading a user's or a machine's related entities share: the user or the
//! machine checked before any request, a machine's computer DNS name resolved to its ID, and
//! the not-found error of a machine.
//!
//! The pages of the paths under `/api/machines/{id}/…` (get-machine-log-on-users.md,
//! get-installed-software.md, …) document the 40-hex ID only, so a name is first looked up with
//! `GET /api/machines/{name}`, as the machine actions do.

use super::{api_error, machine_action, Step};
use crate::api::ids::{MachineId, MachineRef, UserName};
use crate::api::ApiError;
use crate::protocol::PluginError;

/// The user name input, checked for `/api/users/{id}/…` before anything is sent.
pub fn user(value: &str) -> Result<UserName, PluginError> {
    UserName::parse(value.trim()).map_err(api_error(None))
}

/// The machine input as a machine ID: an ID is taken as it is (the endpoint's own 404 then
/// says it is unknown), a name is resolved first.
pub async fn machine(step: &Step<'_>, value: &str) -> Result<MachineId, PluginError> {
    let machine = MachineRef::parse(value.trim()).map_err(api_error(None))?;
    machine_action::machine_id(step, &machine).await
}

/// An error of a request under `machine`, whose 404 means Defender has no such machine.
pub fn machine_error(machine: &MachineId) -> impl Fn(ApiError) -> PluginError + '_ {
    api_error(Some(("machine", machine.as_str())))
}
