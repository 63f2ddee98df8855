//! List Library Files: every file of the live response library (`GET /api/libraryfiles`,
//! list-library-files.md).

use super::{api_error, Step};
use crate::protocol::PluginError;
pub use crate::spec::generated::list_library_files::{Input, Output};

pub async fn run(step: &Step<'_>, _input: Input) -> Result<Output, PluginError> {
    let library_files = step.client.library_files().await.map_err(api_error(None))?;
    Ok(Output { library_files })
}
