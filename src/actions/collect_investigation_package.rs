//! Collect Investigation Package: gather a forensic package from a machine
//! (`POST /api/machines/{id}/collectInvestigationPackage`); Get Investigation Package URI then
//! gives its download link.

use super::machine_action::COLLECT;
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::collect_investigation_package::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    // A collection already running is refused with ActiveRequestAlreadyExists like any
    // duplicate, and `create` returns the running one: its package is the one to wait for.
    COLLECT.create(step, &input, &[]).await
}
