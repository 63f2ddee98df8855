//! Get Machine Logon Users: the users who logged on to a machine
//! (`GET /api/machines/{id}/logonusers`, get-machine-log-on-users.md, User.Read.All).
//!
//! The page answers 404 for an unknown machine and a list of user entities otherwise, empty for a
//! machine nobody logged on to.

use super::{related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_logon_users::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = related::machine(step, &input.machine_id).await?;
    let users = step
        .client
        .machine_logon_users(&machine)
        .await
        .map_err(related::machine_error(&machine))?;
    Ok(Output { users })
}
