//! Get User Related Machines: the machines a user logged on to (`GET /api/users/{id}/machines`,
//! get-user-related-machines.md, Machine.ReadWrite.All).
//!
//! The page takes "not the full UPN, but only the user name" and answers 200 with an empty list for
//! a user it does not know, so an unknown user is an empty list here too.

use super::{api_error, related, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_user_related_machines::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let user = related::user(&input.user_name)?;
    let machines = step
        .client
        .user_machines(&user)
        .await
        .map_err(api_error(None))?;
    Ok(Output { machines })
}
