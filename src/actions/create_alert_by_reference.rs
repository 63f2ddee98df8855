//! Create Alert by Reference: an alert on an event found with advanced hunting
//! (`POST /api/alerts/CreateAlertByReference`, create-alert-by-reference.md,
//! Alert.ReadWrite.All, 15 calls a minute).
//!
//! The page requires all eight properties and names the event by `machineId`, `eventTime`
//! and `reportId`; an event it cannot find is a 404. Every input is checked first: the time
//! is sent in UTC with the seven decimals of advanced hunting's Timestamp, so that it matches
//! the event's to the tick.

use super::machine_action::machine_id;
use super::query::{date_time, invalid_input, required_text, shown};
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::api::ApiError;
use crate::protocol::PluginError;
pub use crate::spec::generated::create_alert_by_reference::{Input, Output};
use crate::triggers::poll::odata_time;
use serde_json::json;

/// Advanced hunting's ReportId is a 64-bit integer: at most 19 digits.
const MAX_REPORT_ID_DIGITS: usize = 19;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let machine = MachineRef::parse(input.machine_id.trim()).map_err(api_error(None))?;
    let event_time = date_time("Event Time (event_time)", input.event_time.trim())?;
    let report_id = report_id(&input.report_id)?;
    let title = required_text("Title (title)", &input.title)?;
    let description = required_text("Description (description)", &input.description)?;
    let recommended = required_text(
        "Recommended Action (recommended_action)",
        &input.recommended_action,
    )?;
    let machine = machine_id(step, &machine).await?;
    let body = json!({
        "machineId": machine.as_str(),
        "severity": input.severity.as_str(),
        "title": title,
        "description": description,
        "recommendedAction": recommended,
        "eventTime": odata_time(event_time),
        "reportId": report_id,
        "category": input.category.as_str(),
    });
    match step.client.create_alert_by_reference(&body).await {
        Ok(alert) => Ok(Output { alert }),
        Err(ApiError::Http {
            status: 404,
            message,
            body,
            ..
        }) => Err(PluginError::new(
            format!(
                "Defender found no event with report ID {report_id} at {} on machine {machine}, \
                 so no alert was created. Microsoft said: \"{message}\"",
                odata_time(event_time)
            ),
            "Copy the Timestamp, ReportId and DeviceId of the advanced hunting row exactly: the \
             time must match the event's to the tenth of a microsecond.",
        )
        .with_data(body)),
        Err(err) => Err(err.to_plugin_error(None)),
    }
}

fn report_id(value: &str) -> Result<&str, PluginError> {
    let value = value.trim();
    if !value.is_empty()
        && value.len() <= MAX_REPORT_ID_DIGITS
        && value.bytes().all(|b| b.is_ascii_digit())
    {
        return Ok(value);
    }
    Err(invalid_input(
        "Report ID (report_id)",
        format!("is {}, not a report ID.", shown(value)),
        "Give the ReportId of the advanced hunting row, a number such as 20776.",
    ))
}
