//! The live response library: `GET /api/libraryfiles` (list-library-files.md),
//! `POST /api/libraryfiles` (upload-library.md, multipart/form-data) and
//! `DELETE /api/libraryfiles/{fileName}` (delete-library.md).
//!
//! Form field names are compared without regard to case: upload-library.md's table spells
//! the file's field `File` and its curl example `file`, as ASP.NET's form binding allows.

use axum::http::StatusCode;
use serde_json::Value;

use super::{collection, entity, Req};
use crate::errors::{ApiError, Reply};
use crate::state::{now_stamp, LibraryFile, State};
use crate::CLIENT_ID;

/// upload-library.md: "File max size limitation is 20MB", read as 20 MiB.
pub(crate) const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The form fields of upload-library.md's table, and `HasParameters`, which its curl example
/// sends.
const FIELDS: &[&str] = &[
    "File",
    "Description",
    "ParametersDescription",
    "OverrideIfExists",
    "HasParameters",
];

/// `GET /api/libraryfiles`: every file, oldest first.
pub(super) fn list(state: &State, req: &Req) -> Reply {
    let files = state.library.iter().map(|f| f.entity.clone()).collect();
    Reply::ok(collection(req, "LibraryFiles", files))
}

/// `POST /api/libraryfiles`: stores the `File` part under its file name.
pub(super) fn upload(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let parts = form(req)?;
    if let Some(unknown) = parts
        .iter()
        .find(|p| !FIELDS.iter().any(|f| f.eq_ignore_ascii_case(&p.name)))
    {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!(
                "Request body is incorrect: unknown form field '{}'",
                unknown.name
            ),
        ));
    }
    let field = |name: &str| parts.iter().find(|p| p.name.eq_ignore_ascii_case(name));
    let text = |name: &str| field(name).map(|p| String::from_utf8_lossy(&p.data).into_owned());
    let file = field("File").ok_or_else(|| ApiError::missing("File"))?;
    let name = file.filename.as_deref().unwrap_or_default();
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "Request body is incorrect: the File part has no file name",
        ));
    }
    if file.data.is_empty() {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "The file is empty",
        ));
    }
    if file.data.len() > MAX_FILE_BYTES {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            "File max size limitation is 20MB",
        ));
    }
    let override_if_exists = boolean("OverrideIfExists", text("OverrideIfExists"))?;
    let has_parameters = text("HasParameters")
        .map(|t| boolean("HasParameters", Some(t)))
        .transpose()?;
    let existing = state.library_index(name);
    if existing.is_some() && !override_if_exists {
        return Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!("A file named '{name}' already exists in the library"),
        ));
    }
    let description = text("Description").filter(|t| !t.is_empty());
    let parameters = text("ParametersDescription").filter(|t| !t.is_empty());
    let now = now_stamp();
    let mut stored = LibraryFile::new(
        name,
        file.data.clone(),
        description.as_deref(),
        parameters.as_deref(),
        CLIENT_ID,
        &now,
    );
    if let Some(has) = has_parameters {
        stored.entity["hasParameters"] = Value::Bool(has);
    }
    if let Some(i) = existing {
        // A replaced file keeps when it was first uploaded.
        stored.entity["creationTime"] = state.library[i].entity["creationTime"].clone();
    }
    let answer = entity(req, "LibraryFiles", &stored.entity);
    match existing {
        Some(i) => state.library[i] = stored,
        None => state.library.push(stored),
    }
    Ok(Reply::ok(answer))
}

/// `DELETE /api/libraryfiles/{fileName}`: 204, or 404 for a name the library does not hold.
pub(super) fn delete(state: &mut State, name: &str) -> Result<Reply, ApiError> {
    let i = state
        .library_index(name)
        .ok_or_else(|| ApiError::not_found(format!("Library file {name} was not found")))?;
    state.library.remove(i);
    Ok(Reply::Empty(StatusCode::NO_CONTENT))
}

/// A form field's boolean: absent or empty is false (upload-library.md: "Default value is an
/// empty string"), else `true` or `false` in any case.
fn boolean(name: &str, value: Option<String>) -> Result<bool, ApiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: '{name}' must be true or false, not '{v}'"),
        )),
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct Part {
    name: String,
    filename: Option<String>,
    data: Vec<u8>,
}

/// The parts of a `multipart/form-data` body (RFC 7578); anything else is Defender's 400.
fn form(req: &Req) -> Result<Vec<Part>, ApiError> {
    let bad = |why: &str| {
        ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: {why}"),
        )
    };
    let content_type = req.content_type.unwrap_or_default();
    let (media, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(bad("the Content-Type must be multipart/form-data"));
    }
    let boundary = parameters(params)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| bad("the multipart/form-data Content-Type has no boundary"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let body = req.body;
    let mut at = find(body, &delimiter, 0).ok_or_else(|| bad("no multipart boundary"))?;
    let mut parts = Vec::new();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err(bad("a multipart boundary is not followed by a line break"));
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at).ok_or_else(|| bad("a part has no headers"))?;
        let head = String::from_utf8_lossy(&body[at..head_end]).into_owned();
        let data_start = head_end + 4;
        let mut close = b"\r\n".to_vec();
        close.extend_from_slice(&delimiter);
        let data_end = find(body, &close, data_start).ok_or_else(|| bad("a part does not end"))?;
        let disposition = head
            .split("\r\n")
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then(|| value.trim().to_owned())
            })
            .ok_or_else(|| bad("a part has no Content-Disposition"))?;
        let (kind, params) = disposition.split_once(';').unwrap_or((&disposition, ""));
        if !kind.trim().eq_ignore_ascii_case("form-data") {
            return Err(bad("a part is not form-data"));
        }
        let params = parameters(params);
        let param = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())
        };
        parts.push(Part {
            name: param("name").ok_or_else(|| bad("a part has no name"))?,
            filename: param("filename"),
            data: body[data_start..data_end].to_vec(),
        });
        at = data_end + 2;
    }
}

/// `key=value` parameters of a header, values unquoted (with `\` escapes undone).
fn parameters(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches([';', ' ']);
    while let Some((key, after)) = rest.split_once('=') {
        let key = key.trim().trim_start_matches(';').trim().to_owned();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        out.push((key, value));
        rest = next.trim_start().trim_start_matches(';');
    }
    out
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}
