//! `GET /api/files/{sha1|sha256}`.

use super::{entity, Req};
use crate::errors::{ApiError, Reply};
use crate::state::{is_hex, State};

pub(super) fn get(state: &mut State, req: &Req, hash: &str) -> Result<Reply, ApiError> {
    if !is_hex(hash, 40) && !is_hex(hash, 64) {
        return Err(ApiError::bad_request(
            "InvalidHashValue",
            format!("Invalid hash value '{hash}': expected a SHA-1 or SHA-256"),
        ));
    }
    let i = state
        .file_index(hash)
        .ok_or_else(|| ApiError::not_found(format!("File {hash} was not found")))?;
    Ok(Reply::ok(entity(req, "Files", &state.files[i])))
}
