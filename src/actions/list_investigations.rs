//! List Investigations: automated investigations, optionally of one machine or state, read
//! page by page up to a limit (`GET /api/investigations?$filter=…`, Alert.Read.All).
//!
//! get-investigation-collection.md documents `$filter` on startTime, id, state, machineId and
//! triggeringAlertId, `$top` and `$skip`; the machine, state and start filters use three.

use super::machine_action::existing_machine_id;
use super::query::{and_filter, collect, eq, given, invalid_input, limit, shown};
use super::{api_error, Step};
use crate::api::ids::MachineRef;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_investigations::{Input, Output};
use crate::triggers::poll::odata_time;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let limit = limit("Limit", input.limit)?;
    let started_after = given(&input.started_after).map(start_time).transpose()?;
    let machine = given(&input.machine_id)
        .map(MachineRef::parse)
        .transpose()
        .map_err(api_error(None))?;
    // Every value inside quotes is safe: a 40-hex ID or a constant of the spec's enum.
    let mut clauses = Vec::new();
    if let Some(machine) = &machine {
        let id = existing_machine_id(step, machine).await?;
        clauses.push(eq("machineId", id.as_str()));
    }
    clauses.extend(input.state.map(|state| eq("state", state.as_str())));
    // An OData date-time literal goes unquoted (get-investigation-collection.md's startTime).
    clauses.extend(started_after.map(|t| format!("startTime ge {}", odata_time(t))));
    let path = ApiPath::new(["api", "investigations"]);
    Ok(Output {
        investigations: collect(step, path, and_filter(&clauses), limit).await?,
    })
}

/// The Started After input as a UTC time: RFC 3339, or the same without an offset, which the
/// form's date picker can send and which Defender's times are in anyway.
fn start_time(text: &str) -> Result<OffsetDateTime, PluginError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| {
            let local = time::macros::format_description!(
                version = 2,
                "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
            );
            PrimitiveDateTime::parse(text, local).map(|t| t.assume_offset(UtcOffset::UTC))
        })
        .map_err(|_| {
            invalid_input(
                "Started After (started_after)",
                format!("is {}, which is not a date and time.", shown(text)),
                "Give a date and time such as 2026-11-21T00:00:00Z, or leave it empty.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::start_time;
    use time::macros::datetime;

    #[test]
    fn a_start_time_is_read_with_or_without_an_offset_and_in_utc() {
        assert_eq!(
            start_time("2026-11-21T01:30:00+01:00").ok(),
            Some(datetime!(2026-11-21 00:30:00 UTC))
        );
        assert_eq!(
            start_time("2026-11-21T00:00:00").ok(),
            Some(datetime!(2026-11-21 00:00:00 UTC))
        );
        assert_eq!(
            start_time("2026-11-21T00:00:00.250Z").ok(),
            Some(datetime!(2026-11-21 00:00:00.25 UTC))
        );
    }

    #[test]
    fn a_start_time_that_is_not_a_date_names_the_field() {
        for text in [
            "yesterday",
            "2026-11-21",
            "2026-13-01T00:00:00Z",
            "2026-11-21T00:00:00Z'",
        ] {
            let err = start_time(text).unwrap_err();
            assert!(
                err.cause.contains("Started After (started_after)"),
                "{text}: {err:?}"
            );
        }
    }
}
