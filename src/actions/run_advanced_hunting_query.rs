//! Run Advanced Hunting Query: a KQL query over the last 30 days of device data
//! (`POST /api/advancedqueries/run` with `{"Query": …}`).
//!
//! The hunting API has its own limits (reference §1.7): 45 calls a minute and 1,500 an hour, a
//! CPU-time quota per tenant, and 124 MB per result. A 429 means either quota and only the
//! body says which, so Microsoft's own message is quoted in the error, next to advice that fits.

use super::Step;
use crate::api::ApiError;
use crate::protocol::{shortened, PluginError};
pub use crate::spec::generated::run_advanced_hunting_query::{Input, Output};
use serde_json::Value;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let query = input.query.trim();
    if query.is_empty() {
        return Err(PluginError::new(
            "The input Query is blank.",
            "Give an advanced hunting query in KQL, such as DeviceInfo | take 10.",
        ));
    }
    let answer = step
        .client
        .run_hunting_query(query)
        .await
        .map_err(hunting_error)?;
    Ok(Output {
        results: answer.results,
        schema: answer.schema,
    })
}

/// Microsoft's `error.message`, or the body when it is not the error envelope.
fn message_of(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| shortened(body, 300).into_owned())
}

const RESULT_SIZE_ADVICE: &str = "Return fewer rows or columns: add where filters, a shorter \
     time range, project only the columns you need, or end the query with take or summarize.";

/// The hunting-specific reading of an error; anything else keeps the common mapping.
fn hunting_error(err: ApiError) -> PluginError {
    match &err {
        ApiError::Throttled { retry_after, body } => {
            let message = message_of(body);
            let when = retry_after
                .map(|wait| format!("Retry after {} seconds.", wait.as_secs().max(1)))
                .unwrap_or_else(|| "Retry later.".to_owned());
            let (cause, advice) = if message.to_ascii_lowercase().contains("cpu") {
                (
                    "The tenant has used up its advanced hunting CPU quota",
                    "Queries are blocked until the quota resets (10 minutes of running time per \
                     hour and 3 hours per day). Make the query cheaper: filter on Timestamp and \
                     other columns early, and project only the columns you need.",
                )
            } else {
                (
                    "The tenant has reached the advanced hunting request quota",
                    "Advanced hunting allows 45 calls per minute and 1,500 per hour per tenant, \
                     shared by every workflow and application: run fewer queries, or space \
                     them out.",
                )
            };
            PluginError::new(
                format!("{cause} (HTTP 429). Microsoft said: \"{message}\""),
                format!("{when} {advice}"),
            )
            .with_data(body.clone())
        }
        ApiError::Http {
            status: 400,
            message,
            body,
            ..
        } if message.to_ascii_lowercase().contains("result size") => PluginError::new(
            format!(
                "The query result is larger than the 124 MB advanced hunting allows. Microsoft \
                 said: \"{message}\""
            ),
            RESULT_SIZE_ADVICE,
        )
        .with_data(body.clone()),
        ApiError::ResponseTooLarge { limit, .. } => PluginError::new(
            format!(
                "The query result is larger than {}, the most the plugin reads.",
                crate::api::error::size_text(*limit)
            ),
            RESULT_SIZE_ADVICE,
        ),
        ApiError::Http {
            status: 400,
            message,
            body,
            ..
        } => PluginError::new(
            format!("Advanced hunting refused the query. Microsoft said: \"{message}\""),
            "Check the query's KQL syntax and the table and column names in the advanced \
             hunting schema; try it first in the Microsoft Defender portal's advanced hunting \
             page.",
        )
        .with_data(body.clone()),
        _ => err.to_plugin_error(None),
    }
}
