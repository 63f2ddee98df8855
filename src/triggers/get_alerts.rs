//! `get_alerts`: every new alert, or only those of the chosen severities.
//!
//! The severities go into the API's `$filter` as `(severity eq 'High' or severity eq 'Medium')`,
//! after each has been checked against the API's list, so a typo is an error at start rather
//! than a trigger that never fires.

use super::Plan;
use crate::api::odata;
use crate::protocol::{shown, PluginError};
use crate::spec::generated::get_alerts::Input;

/// The API's alert severities (reference §1.4).
pub const SEVERITIES: &[&str] = &["UnSpecified", "Informational", "Low", "Medium", "High"];

/// Checks the input and says what to poll for.
pub fn plan(input: Input) -> Result<Plan, PluginError> {
    Ok(Plan {
        filter: severity_filter(&input.severity)?,
        matcher: None,
        frequency: super::frequency(input.frequency)?,
        backfill: super::backfill(input.backfill_minutes)?,
        overlap: super::overlap(input.lookback_overlap_minutes)?,
    })
}

/// The `$filter` clause for a list of severities; `None` for an empty list (every severity).
/// Values are matched ignoring case and sent in the API's spelling, once each.
pub fn severity_filter(values: &[String]) -> Result<Option<String>, PluginError> {
    let mut chosen: Vec<&'static str> = Vec::new();
    for value in values {
        let severity = SEVERITIES
            .iter()
            .copied()
            .find(|known| known.eq_ignore_ascii_case(value.trim()))
            .ok_or_else(|| {
                PluginError::new(
                    format!("Unknown severity {}.", shown(value)),
                    format!("Use any of {}.", SEVERITIES.join(", ")),
                )
            })?;
        if !chosen.contains(&severity) {
            chosen.push(severity);
        }
    }
    if chosen.is_empty() {
        return Ok(None);
    }
    let terms: Vec<String> = chosen
        .iter()
        .map(|severity| format!("severity eq {}", odata::quote(severity)))
        .collect();
    Ok(Some(terms.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(values: &[&str]) -> Result<Option<String>, PluginError> {
        severity_filter(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn severities_become_one_or_clause() {
        assert_eq!(filter(&[]).unwrap(), None);
        assert_eq!(
            filter(&["High", "medium", "High"]).unwrap().as_deref(),
            Some("severity eq 'High' or severity eq 'Medium'")
        );
    }

    #[test]
    fn an_unknown_severity_is_named() {
        let err = filter(&["High", "Critical' or 1 eq 1"]).unwrap_err();
        assert_eq!(err.cause, "Unknown severity \"Critical' or 1 eq 1\".");
        assert!(err
            .assistance
            .contains("UnSpecified, Informational, Low, Medium, High"));
        assert!(filter(&[""]).is_err());
    }
}
