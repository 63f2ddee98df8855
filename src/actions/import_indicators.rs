//! Import Indicators: submit or update many custom indicators (`POST /api/indicators/import`,
//! import-ti-indicators.md, Ti.ReadWrite or Ti.ReadWrite.All).
//!
//! The page allows 500 indicators a call, 30 calls a minute and 15,000 active indicators a
//! tenant, and answers one result per indicator (`id`, `indicator`, `isFailed`,
//! `failureReason`). Every indicator is checked by Submit Indicator's rules before the first
//! call, and one that breaks them refuses the whole list: a list half imported, with the rest
//! to be found and sent again, is worse for a workflow than one error naming the item to fix.
//! Defender's own refusals come back per indicator; a call that fails as a whole is the error
//! of each of its indicators. The step fails only when every indicator failed.

use super::query::invalid_input;
use super::submit_indicator;
use super::Step;
use crate::api::ImportResult;
use crate::protocol::PluginError;
pub use crate::spec::generated::import_indicators::{Input, Output};
use crate::spec::generated::types::{IndicatorImportResult, IndicatorInput};
use serde_json::{json, Map, Value};

/// The most indicators one import call carries (import-ti-indicators.md, Limitations).
pub const MAX_INDICATORS_PER_CALL: usize = 500;

/// The most indicators a step takes: a tenant holds at most 15,000 active indicators.
pub const MAX_INDICATORS: usize = 15_000;

const INDICATORS: &str = "Indicators (indicators)";

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let bodies = checked(&input.indicators, step.ctx.time.clock.now())?;
    let mut results = Vec::with_capacity(bodies.len());
    let mut call_error = None;
    let mut answered = false;
    for chunk in bodies.chunks(MAX_INDICATORS_PER_CALL) {
        let call = json!({ "Indicators": chunk });
        match step.client.import_indicators(&call).await {
            Ok(answer) => {
                answered = true;
                results.extend(matched(chunk, answer));
            }
            Err(err) => {
                let error = err.to_plugin_error(None);
                let text = format!("{} {}", error.cause, error.assistance);
                results.extend(
                    chunk
                        .iter()
                        .map(|body| result(body, None, Some(text.clone()))),
                );
                call_error.get_or_insert(error);
            }
        }
    }
    let failed = results.iter().filter(|r| r.error.is_some()).count();
    let succeeded = results.len() - failed;
    tracing::info!("Imported {succeeded} indicators; {failed} failed");
    if succeeded == 0 {
        // No call was answered (a missing permission, an outage): that error is the step's,
        // with its own advice, rather than a copy of it on every indicator.
        return Err(match call_error {
            Some(error) if !answered => error,
            _ => every_indicator_failed(&results),
        });
    }
    Ok(Output {
        results,
        succeeded: succeeded as i64,
        failed: failed as i64,
    })
}

/// Each indicator's request body, checked by Submit Indicator's rules, or the error naming the
/// first item that breaks them.
fn checked(
    indicators: &[IndicatorInput],
    now: time::OffsetDateTime,
) -> Result<Vec<Map<String, Value>>, PluginError> {
    if indicators.is_empty() {
        return Err(invalid_input(
            INDICATORS,
            "is empty.",
            "Give at least one indicator.",
        ));
    }
    if indicators.len() > MAX_INDICATORS {
        return Err(invalid_input(
            INDICATORS,
            format!(
                "holds {} indicators, more than the {MAX_INDICATORS} a tenant can hold.",
                indicators.len()
            ),
            format!("Give at most {MAX_INDICATORS} indicators."),
        ));
    }
    indicators
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let refused = |err: PluginError| {
                PluginError::new(
                    format!(
                        "The input {INDICATORS} item {} is refused, so nothing was sent: {}",
                        index + 1,
                        err.cause
                    ),
                    err.assistance,
                )
            };
            // The item has Submit Indicator's fields by name, and its defaults come with them.
            let single = serde_json::to_value(item)
                .and_then(serde_json::from_value::<submit_indicator::Input>)
                .map_err(|err| refused(PluginError::new(err.to_string(), "Fix the item.")))?;
            submit_indicator::body(&single, now).map_err(refused)
        })
        .collect()
}

/// One result per indicator sent. The answer lists the indicators in the order sent; one
/// whose value differs at its place is looked for by value, and one missing is an error.
fn matched(sent: &[Map<String, Value>], answer: Vec<ImportResult>) -> Vec<IndicatorImportResult> {
    let mut answer: Vec<Option<ImportResult>> = answer.into_iter().map(Some).collect();
    let same = |body: &Map<String, Value>, found: &ImportResult| {
        let value = body["indicatorValue"].as_str().unwrap_or_default();
        found
            .indicator
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case(value))
    };
    sent.iter()
        .enumerate()
        .map(|(index, body)| {
            let at = match answer.get(index) {
                Some(Some(found)) if same(body, found) => Some(index),
                _ => answer
                    .iter()
                    .position(|found| found.as_ref().is_some_and(|f| same(body, f))),
            };
            match at.and_then(|at| answer[at].take()) {
                Some(found) if !found.is_failed => {
                    let id = found.id.map(|id| match id {
                        Value::String(text) => text,
                        other => other.to_string(),
                    });
                    result(body, id, None)
                }
                Some(found) => result(
                    body,
                    None,
                    Some(
                        found
                            .failure_reason
                            .unwrap_or_else(|| "Defender gave no reason.".to_owned()),
                    ),
                ),
                None => result(
                    body,
                    None,
                    Some("Defender's answer holds no result for this indicator.".to_owned()),
                ),
            }
        })
        .collect()
}

fn result(
    body: &Map<String, Value>,
    id: Option<String>,
    error: Option<String>,
) -> IndicatorImportResult {
    let text = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
    IndicatorImportResult {
        indicator_value: text("indicatorValue"),
        indicator_type: text("indicatorType"),
        id,
        error,
    }
}

/// The step's error when no indicator was imported: each distinct error once, and every result
/// in the data.
fn every_indicator_failed(results: &[IndicatorImportResult]) -> PluginError {
    /// Distinct reasons named in the cause; the data holds them all.
    const SHOWN: usize = 3;
    let mut reasons: Vec<&str> = Vec::new();
    for reason in results.iter().filter_map(|r| r.error.as_deref()) {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    let more = match reasons.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" / and {n} other reasons"),
    };
    reasons.truncate(SHOWN);
    PluginError::new(
        format!(
            "Defender imported none of the {} indicators: {}{more}",
            results.len(),
            reasons.join(" / ")
        ),
        "Read each indicator's error in the data, fix the indicators and run the step again.",
    )
    .with_data(serde_json::to_string(results).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(value: &str) -> Map<String, Value> {
        let body = json!({"indicatorValue": value, "indicatorType": "DomainName"});
        body.as_object().cloned().unwrap_or_default()
    }

    fn answered(id: &str, value: &str, failure: Option<&str>) -> ImportResult {
        ImportResult {
            id: Some(json!(id)),
            indicator: Some(value.to_owned()),
            is_failed: failure.is_some(),
            failure_reason: failure.map(str::to_owned),
        }
    }

    #[test]
    fn results_follow_the_indicators_sent_whatever_the_order_of_the_answer() {
        let bodies = [sent("a.example"), sent("b.example"), sent("c.example")];
        let answer = vec![
            answered("2", "B.example", Some("Invalid")),
            answered("1", "a.example", None),
        ];
        let results = matched(&bodies, answer);
        assert_eq!(results[0].id.as_deref(), Some("1"));
        assert_eq!(results[1].error.as_deref(), Some("Invalid"));
        assert_eq!(results[1].id, None);
        assert!(results[2]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("no result for this indicator")));
        assert_eq!(results[2].indicator_value, "c.example");
    }

    #[test]
    fn a_numeric_id_is_read_as_text() {
        let mut numeric = answered("0", "a.example", None);
        numeric.id = Some(json!(2841));
        let results = matched(&[sent("a.example")], vec![numeric]);
        assert_eq!(results[0].id.as_deref(), Some("2841"));
    }
}
