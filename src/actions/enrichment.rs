//! What the file, IP address and domain lookups share: each value is checked into the
//! validated type that alone may go into its path, and a check that fails is an input error
//! naming the field, before any request; the look-back is held to the pages' 1 to 720 hours.

use super::query::{invalid_input, shown};
use super::{api_error, Step};
use crate::api::ids::{FileHash, Sha1};
use crate::api::{ApiError, LookBack};
use crate::protocol::PluginError;
use std::future::Future;

/// The title of the hash input, as the form shows it.
pub const HASH: &str = "Hash";

/// `value` (trimmed) checked by `parse`, or the input error naming `field` and what it takes.
pub fn path_value<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Result<T, ApiError>,
) -> Result<T, PluginError> {
    parse(value.trim()).map_err(|err| match err {
        ApiError::InvalidId { expected, .. } => invalid_input(
            field,
            format!("{} is not valid.", shown(value)),
            format!("Give {expected}."),
        ),
        other => other.to_plugin_error(None),
    })
}

/// The `lookback_hours` input as the statistics pages allow it.
pub fn look_back(hours: i64) -> Result<LookBack, PluginError> {
    LookBack::hours_of(hours).ok_or_else(|| {
        invalid_input(
            "Look-back Hours",
            format!("is {hours}, outside the range Defender allows."),
            format!(
                "Give a number of hours from 1 to {} (30 days).",
                LookBack::MAX_HOURS
            ),
        )
    })
}

/// What `list` answers for the file the `hash` input names, by its SHA-1 (see [`sha1_of`]);
/// an unknown file has nothing related.
pub async fn related_to_file<T, Fut>(
    step: &Step<'_>,
    hash: &str,
    list: impl FnOnce(Sha1) -> Fut,
) -> Result<Vec<T>, PluginError>
where
    Fut: Future<Output = Result<Vec<T>, ApiError>>,
{
    let hash = path_value(HASH, hash, FileHash::parse)?;
    match sha1_of(step, &hash).await? {
        Some(sha1) => list(sha1)
            .await
            .map_err(api_error(Some(("file", hash.as_str())))),
        None => Ok(Vec::new()),
    }
}

/// The SHA-1 of the file `hash` names: the hash itself, or for a SHA-256 the file's `sha1`
/// as Get File Information answers it, because the related machines and alerts take only a
/// SHA-1 (get-file-related-machines.md, get-file-related-alerts.md). `None` when Defender knows
/// no file with that SHA-256, which like an unknown SHA-1 has nothing related.
async fn sha1_of(step: &Step<'_>, hash: &FileHash) -> Result<Option<Sha1>, PluginError> {
    if let Some(sha1) = hash.as_sha1() {
        return Ok(Some(sha1));
    }
    let file = match step.client.file(hash).await {
        Ok(file) => file,
        Err(ApiError::Http { status: 404, .. }) => {
            tracing::info!("no file with SHA-256 {hash} is known, so nothing is related to it");
            return Ok(None);
        }
        Err(err) => return Err(api_error(Some(("file", hash.as_str())))(err)),
    };
    let sha1 = file.sha1.as_deref().unwrap_or_default();
    Sha1::parse(sha1).map(Some).map_err(|_| {
        PluginError::new(
            format!(
                "Defender answered the file with SHA-256 {hash} without a valid SHA-1 ({}).",
                shown(sha1)
            ),
            "Give the file's SHA-1 hash instead: the related machines and alerts are looked up \
             by SHA-1 only.",
        )
    })
}
