//! The triggers: `get_alerts` and `get_alerts_matching_key` poll the alerts API (issue 4).

use crate::actions::Step;
use crate::dispatch::Ctx;
use crate::logging::LogBuffer;
use crate::protocol::{PluginError, StartMessage};
use serde_json::Value;
use std::io::Write;

/// Everything a trigger's run loop needs from its start message and the step.
pub struct TriggerRun<'a> {
    pub start: &'a StartMessage,
    pub input: Value,
    pub ctx: &'a Ctx,
    pub events: &'a mut (dyn Write + Send),
    pub log: &'a LogBuffer,
}

pub async fn run(_step: &Step, trigger: TriggerRun<'_>) -> Result<Value, PluginError> {
    Err(PluginError::new(
        format!("The trigger {} cannot run in this version yet.", trigger.start.name),
        "Use the test command to check the connection; the polling loop arrives in a later version.",
    ))
}
