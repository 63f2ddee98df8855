//! Get File Information: a file by its SHA-1 or SHA-256 hash (`GET /api/files/{id}`,
//! get-file-information.md); an unknown hash is Defender's 404, reported naming the hash.

use super::enrichment::{path_value, HASH};
use super::{api_error, Step};
use crate::api::ids::FileHash;
use crate::protocol::PluginError;
pub use crate::spec::generated::get_file_information::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let hash = path_value(HASH, &input.hash, FileHash::parse)?;
    let file = step.client.file(&hash).await;
    Ok(Output {
        file: file.map_err(api_error(Some(("file", hash.as_str()))))?,
    })
}
