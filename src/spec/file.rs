//! The runtime's own `file` type: what a workflow hands an action as a file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// insight-plugin's `file` type, `{"filename", "content"}`, the content in base64.
/// Its schema requires neither, and the runtime's sample sends both empty, so either may be
/// missing; the action that reads one says which is.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct FileObject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// The content can be tens of megabytes of base64: a debug print shows its length only.
impl std::fmt::Debug for FileObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileObject")
            .field("filename", &self.filename)
            .field("content_len", &self.content.as_ref().map(String::len))
            .finish()
    }
}
