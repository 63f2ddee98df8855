//! `get_alerts_matching_key`: new alerts in which a field has a given value.
//!
//! The key decides where the match runs (see `matching.rs`): in the API's `$filter` for the
//! fields it can filter on, else on each alert the poll reads.

use super::matching::{self, KeyMatch};
use super::Plan;
use crate::protocol::PluginError;
use crate::spec::generated::{self, get_alerts_matching_key::Input};

/// Checks the input and says what to poll for.
pub fn plan(input: Input) -> Result<Plan, PluginError> {
    let frequency = super::frequency(input.frequency)?;
    let backfill = super::backfill(input.backfill_minutes)?;
    let overlap = super::overlap(input.lookback_overlap_minutes)?;
    let (filter, matcher) = match matching::plan(&input.key, &input.value)? {
        KeyMatch::Server(clause) => (Some(clause), None),
        KeyMatch::Client(matcher) => (None, Some(matcher)),
    };
    warn_if_unknown(&input.key);
    Ok(Plan {
        filter,
        matcher,
        frequency,
        backfill,
        overlap,
    })
}

/// A key whose first field is not a documented alert field still works (the API may add
/// fields), but a misspelt one would never match, so say so at start.
fn warn_if_unknown(key: &str) {
    let first = key.split('.').next().unwrap_or_default();
    let known = alert_fields();
    if !known.is_empty() && !known.iter().any(|field| field == first) {
        tracing::warn!(
            "The key {key:?} does not start with a documented alert field, so it matches only if Defender sends such a field (names are case-sensitive). Known fields: {}",
            known.join(", ")
        );
    }
}

/// The alert fields of the trigger's output schema, generated from the spec.
fn alert_fields() -> Vec<String> {
    generated::TRIGGERS
        .iter()
        .find(|step| step.name == generated::get_alerts_matching_key::NAME)
        .and_then(|step| serde_json::from_str::<serde_json::Value>(step.output).ok())
        .and_then(|schema| {
            schema
                .pointer("/definitions/alert/properties")
                .and_then(|p| p.as_object())
                .map(|p| p.keys().cloned().collect())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_fields_come_from_the_output_schema() {
        let fields = alert_fields();
        for field in [
            "id",
            "severity",
            "relatedUser",
            "evidence",
            "mitreTechniques",
        ] {
            assert!(fields.iter().any(|f| f == field), "{field}: {fields:?}");
        }
    }
}
