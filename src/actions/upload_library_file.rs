//! Upload Library File: put a file into the live response library (`POST /api/libraryfiles`,
//! multipart/form-data, upload-library.md).
//!
//! The name, the content and its size are checked before anything is sent: a file the service
//! would refuse costs no request, and a bad name never reaches it.

use super::library::{api_error, file_name, MAX_FILE_BYTES};
use super::query::{given, invalid_input};
use super::Step;
use crate::api::{ApiError, LibraryUpload};
use crate::protocol::PluginError;
pub use crate::spec::generated::upload_library_file::{Input, Output};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, Engine as _};

const FIELD: &str = "File";

/// Standard base64 with or without its padding, as encoders differ on it.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let name = input.file.filename.as_deref().unwrap_or_default();
    if name.trim().is_empty() {
        return Err(invalid_input(
            FIELD,
            "has no file name.",
            "Give the file a name, such as collect-triage.ps1: the library holds it under that name.",
        ));
    }
    let file = file_name(FIELD, name)?;
    let content = decode(input.file.content.as_deref().unwrap_or_default())?;
    let upload = LibraryUpload {
        file_name: file,
        content: content.into(),
        description: given(&input.description).map(str::to_owned),
        parameters_description: given(&input.parameters_description).map(str::to_owned),
        override_if_exists: input.override_if_exists,
    };
    let stored = step.client.upload_library_file(&upload).await;
    let library_file = stored.map_err(|err| {
        let refused = matches!(err, ApiError::Http { status: 400, .. });
        let error = api_error(&upload.file_name)(err);
        // The page documents one 400 for every refusal; a name already in the library is the
        // one the inputs can fix.
        if refused && !upload.override_if_exists {
            let hint = "If the library already holds a file of this name, set Override if \
                        Exists to replace it.";
            PluginError::new(error.cause, format!("{hint} {}", error.assistance))
                .with_data(error.data)
        } else {
            error
        }
    })?;
    tracing::info!(
        "Uploaded {} ({} bytes) to the live response library",
        upload.file_name,
        upload.content.len()
    );
    Ok(Output { library_file })
}

/// The file's bytes: base64 (line breaks and spaces in it ignored), 1 byte to
/// [`MAX_FILE_BYTES`] once decoded.
fn decode(content: &str) -> Result<Vec<u8>, PluginError> {
    let too_large = |size: String| {
        invalid_input(
            FIELD,
            format!("is {size}, over the library's limit of 20 MiB (upload-library.md)."),
            "Upload a smaller file, or compress it.",
        )
    };
    let text: Vec<u8> = content
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    // Refused before decoding, so that a huge content costs no second buffer.
    let at_least = text.len() / 4 * 3;
    if at_least > MAX_FILE_BYTES + 2 {
        return Err(too_large(format!("about {} bytes", at_least)));
    }
    let bytes = BASE64.decode(&text).map_err(|err| {
        let why = match err {
            DecodeError::InvalidByte(_, byte) if byte.is_ascii_graphic() => {
                format!(", which has no {:?}", char::from(byte))
            }
            DecodeError::InvalidByte(..) => ", which has no such byte".to_owned(),
            _ => String::new(),
        };
        invalid_input(
            FIELD,
            format!("has content that is not valid base64{why}."),
            "Give the file's content in standard base64, as InsightConnect passes a file.",
        )
    })?;
    match bytes.len() {
        0 => Err(invalid_input(
            FIELD,
            "is empty.",
            "Give the file's content in base64: the library takes no empty file.",
        )),
        size if size > MAX_FILE_BYTES => Err(too_large(format!("{size} bytes"))),
        _ => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    #[test]
    fn content_decodes_with_or_without_padding_and_line_breaks() {
        assert_eq!(decode("aGk=").unwrap(), b"hi");
        assert_eq!(decode("aGk").unwrap(), b"hi");
        assert_eq!(decode("aG\r\nk=\n").unwrap(), b"hi");
    }

    #[test]
    fn content_of_the_limit_passes_and_one_byte_more_does_not() {
        let limit = STANDARD.encode(vec![7u8; MAX_FILE_BYTES]);
        assert_eq!(decode(&limit).unwrap().len(), MAX_FILE_BYTES);
        let over = STANDARD.encode(vec![7u8; MAX_FILE_BYTES + 1]);
        let err = decode(&over).unwrap_err();
        assert!(err.cause.contains("20971521 bytes"), "{}", err.cause);
        let far_over = STANDARD.encode(vec![7u8; MAX_FILE_BYTES + 4096]);
        assert!(decode(&far_over).unwrap_err().cause.contains("about"));
    }

    #[test]
    fn empty_or_bad_content_is_an_input_error_naming_the_field() {
        for (content, says) in [
            ("", "is empty"),
            ("  \n", "is empty"),
            ("a$b=", "base64"),
            ("a", "base64"),
        ] {
            let err = decode(content).unwrap_err();
            assert!(err.cause.starts_with("The input File "), "{}", err.cause);
            assert!(err.cause.contains(says), "{content:?}: {}", err.cause);
        }
    }
}
