//! `POST /api/advancedqueries/run` over the tiny KQL subset in `kql`.

use super::{json_body, only_keys, req_str, Req};
use crate::emulator::errors::{ApiError, Reply};
use crate::emulator::kql;
use crate::emulator::state::State;

pub(super) fn run(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Query"])?;
    let query = req_str(&body, "Query")?;
    let result = kql::run(&query, state).map_err(|e| ApiError::bad_request("BadRequest", e.0))?;
    Ok(Reply::ok(result))
}
