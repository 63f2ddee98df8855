//! Delete Library File: remove a file from the live response library by its name
//! (`DELETE /api/libraryfiles/{fileName}`, delete-library.md: 204, or 404 for an unknown name).

use super::library::{api_error, file_name};
use super::Step;
use crate::protocol::PluginError;
pub use crate::spec::generated::delete_library_file::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let file = file_name("File Name", &input.file_name)?;
    let deleted = step.client.delete_library_file(&file).await;
    deleted.map_err(api_error(&file))?;
    tracing::info!("Deleted the library file {file}");
    Ok(Output { success: true })
}
