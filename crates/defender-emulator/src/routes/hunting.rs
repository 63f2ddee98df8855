//! `POST /api/advancedqueries/run` over the tiny KQL subset in `kql`, with the limits of the
//! hunting API (run-advanced-query-api.md): at most 100,000 rows, 400 when the result is over
//! the size limit, and 429 naming the CPU quota once the tenant has spent it.

use super::{json_body, only_keys, req_str, Req};
use crate::errors::{ApiError, Reply};
use crate::kql;
use crate::state::State;
use crate::Config;
use serde_json::Value;

/// "The results include a maximum of 100,000 rows."
const MAX_ROWS: usize = 100_000;
/// The CPU quota is counted per hour; a blocked tenant is told to come back in 15 minutes.
const CPU_RETRY_AFTER_SECS: u64 = 900;

pub(super) fn run(state: &mut State, config: &Config, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Query"])?;
    let query = req_str(&body, "Query")?;
    if config
        .hunting_cpu_quota
        .is_some_and(|quota| state.hunting_runs >= quota)
    {
        let mut err = ApiError::throttled(CPU_RETRY_AFTER_SECS);
        err.message = "Tenant has exceeded the allowed CPU quota for advanced hunting queries. \
                       Queries are blocked until the next 15-minute cycle."
            .to_string();
        return Err(err);
    }
    state.hunting_runs += 1;
    let mut result =
        kql::run(&query, state).map_err(|e| ApiError::bad_request("BadRequest", e.0))?;
    if let Some(Value::Array(rows)) = result.get_mut("Results") {
        rows.truncate(MAX_ROWS);
    }
    let size = serde_json::to_vec(&result["Results"]).map_or(0, |bytes| bytes.len());
    if size > config.hunting_max_result_bytes {
        return Err(ApiError::bad_request(
            "BadRequest",
            "Query execution has exceeded the allowed result size. Optimize your query by \
             limiting the number of results and try again.",
        ));
    }
    Ok(Reply::ok(result))
}
