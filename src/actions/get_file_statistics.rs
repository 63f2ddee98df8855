//! Get File Statistics: a file's prevalence in the organization over a look-back
//! (`GET /api/files/{id}/stats?lookBackHours=…`, get-file-statistics.md: at most 720 hours);
//! an unknown hash is Defender's 404, reported naming the hash.

use super::enrichment::{look_back, path_value, HASH};
use super::{api_error, Step};
use crate::api::ids::FileHash;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_file_statistics::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let hash = path_value(HASH, &input.hash, FileHash::parse)?;
    let look_back = look_back(input.lookback_hours)?;
    let statistics = step.client.file_statistics(&hash, look_back).await;
    Ok(Output {
        file_statistics: statistics.map_err(api_error(Some(("file", hash.as_str()))))?,
    })
}
