//! What the live response library actions share: the check of a library file name, the size
//! limit of a file, and the not-found error of a name the library does not hold.

use super::query::{invalid_input, shown};
use crate::api::ids::LibraryFileName;
use crate::api::ApiError;
use crate::protocol::PluginError;

/// upload-library.md: "File max size limitation is 20MB". Read as 20 MiB, the larger of the
/// two readings, so that the plugin never refuses a file the service would take; a file between
/// 20,000,000 and 20,971,520 bytes that the service refuses gets its 400.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The library file name of the input `field` (by its title), or the input error naming it.
pub fn file_name(field: &str, value: &str) -> Result<LibraryFileName, PluginError> {
    LibraryFileName::parse(value.trim()).map_err(|err| match err {
        ApiError::InvalidId { expected, .. } => invalid_input(
            field,
            format!(
                "has the file name {}, which cannot name a library file.",
                shown(value)
            ),
            format!("Give {expected}."),
        ),
        other => other.to_plugin_error(None),
    })
}

/// The error of a request about `file`: a 404 says that the library holds no file of that name.
pub fn api_error(file: &LibraryFileName) -> impl Fn(ApiError) -> PluginError + '_ {
    move |err| match err {
        ApiError::Http { status: 404, .. } => PluginError::new(
            format!(
                "No library file named {} was found in the live response library.",
                shown(file.as_str())
            ),
            "Check the file name: List Library Files shows the names the library holds, which \
             are compared without regard to case.",
        )
        .with_data(err.to_plugin_error(None).data),
        other => other.to_plugin_error(Some(("library file", file.as_str()))),
    }
}
