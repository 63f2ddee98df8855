//! Defender's entities as typed values, and the one place where the client decodes them.
//!
//! **The entity types are the spec's types.** Alert, machine, machine action, file and indicator
//! are the generated `spec::generated::types`, re-exported here, not a second hand-written set:
//! the spec writes each entity with the property names and JSON types of Microsoft's entity
//! pages (`tests/it/documented_fields.rs` holds every documented property to that), so a
//! second set would repeat some 150 fields outside the one source of truth and could drift
//! from it, while the mapping between the two would be a field-by-field copy. So the mapping
//! from an entity to the output is the identity, decided here once; decoding (which ignores
//! properties the spec does not know, as the outputs never carried them, and reads `null` as
//! absent) happens only in this module. The answers that are not an output's type have their
//! own types: [`Collection`] (a page of a list), [`HuntingResult`] and [`PackageUri`]; the
//! actions map those to their outputs by hand.
//!
//! A body is decoded straight from its text, without building a JSON tree first. A body that
//! does not fit is read a second time as a tree, only to say what did not fit: a body that is
//! not JSON is [`ApiError::Decode`], JSON of another shape is [`ApiError::UnexpectedShape`].

use super::error::ApiError;
use super::{text_or_none, RawResponse};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;

pub use crate::spec::generated::types::{
    Alert, DomainStatistics, FileInformation, FileStatistics, HuntingColumn, Indicator,
    Investigation, IpStatistics, LibraryFile, LogonUser, Machine, MachineAction, MissingKb,
    Recommendation, Software, Vulnerability,
};

/// A value the client decodes from an answer; `NAME` is how a message names one.
pub trait Entity: DeserializeOwned {
    const NAME: &'static str;
}

macro_rules! entities {
    ($($(#[$doc:meta])* $type:ty => $name:literal,)*) => {
        $($(#[$doc])* impl Entity for $type {
            const NAME: &'static str = $name;
        })*
    };
}

entities! {
    Alert => "alert",
    Machine => "machine",
    MachineAction => "machine action",
    FileInformation => "file",
    FileStatistics => "file statistics",
    IpStatistics => "IP address statistics",
    DomainStatistics => "domain statistics",
    Indicator => "indicator",
    Investigation => "investigation",
    LibraryFile => "library file",
    LogonUser => "user",
    Software => "software",
    Vulnerability => "vulnerability",
    Recommendation => "security recommendation",
    MissingKb => "missing KB",
    HuntingResult => "hunting result",
    ImportResult => "indicator import result",
    /// Items left as a JSON tree: they always decode.
    Value => "item",
    /// Items left as JSON text (the trigger's alerts until they are known to be new): they
    /// always decode.
    Box<RawValue> => "item",
}

/// The envelope of a list answer: its items and nextLink; the other `@odata` fields are
/// skipped.
#[derive(Debug, Deserialize)]
pub struct Collection<T> {
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default, deserialize_with = "link_if_text")]
    pub next_link: Option<String>,
}

/// A nextLink that is not text is no link: the list ends there, as for a missing one.
fn link_if_text<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    Ok(text_or_none(de)?.map(Cow::into_owned))
}

/// The answer of an advanced hunting query (`POST /api/advancedqueries/run`); its `Stats` are
/// not read. A missing `Schema` or `Results` is an empty one.
#[derive(Debug, Default, Deserialize)]
pub struct HuntingResult {
    #[serde(rename = "Schema", default)]
    pub schema: Vec<HuntingColumn>,
    /// One object per row, keyed by column name, with the values as the query returned them.
    #[serde(rename = "Results", default)]
    pub results: Vec<Map<String, Value>>,
}

/// One indicator's result in the answer of `POST /api/indicators/import`
/// (import-ti-indicators.md): `{"id", "indicator", "isFailed", "failureReason"}`.
#[derive(Debug, Deserialize)]
pub struct ImportResult {
    /// The page shows `"2841"`; a number is read too, as the indicator entity's ID may be one.
    #[serde(default)]
    pub id: Option<Value>,
    /// The indicator's value, as sent.
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(rename = "isFailed", default)]
    pub is_failed: bool,
    #[serde(rename = "failureReason", default)]
    pub failure_reason: Option<String>,
}

/// The answer of `GET /api/machineactions/{id}/getPackageUri`: an `Edm.String` `value` whose
/// text, in Microsoft's documented example (get-package-sas-uri.md), is the link wrapped in a
/// second pair of double quotes (`"value": "\"https://…\""`).
///
/// Read leniently, never as an error: the body holds the link's token, and an error would
/// carry the body into the output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PackageUri {
    /// The download link, unquoted; `None` when the answer holds no http(s) link.
    pub link: Option<String>,
}

impl PackageUri {
    fn from_body(body: &str) -> PackageUri {
        // A map, not a derived struct: serde would also read a struct from a JSON array.
        let answer = serde_json::from_str::<Map<String, Value>>(body).unwrap_or_default();
        PackageUri {
            link: answer
                .get("value")
                .and_then(Value::as_str)
                .and_then(unquoted_link),
        }
    }
}

/// The link in a `getPackageUri` value with the quotes Defender wraps it in removed (a bare
/// link is taken as it is); `None` when what is left is not an http(s) URL.
fn unquoted_link(value: &str) -> Option<String> {
    let value = value.trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value)
        .trim();
    let url = url::Url::parse(unquoted).ok()?;
    matches!(url.scheme(), "https" | "http").then(|| unquoted.to_owned())
}

/// How much of a body that does not fit an entity the error shows.
const SNIPPET_BYTES: usize = 300;

/// Decodes one entity from JSON text, as the client decodes an answer; for the trigger, whose
/// alerts stay text until they are known to be new, and for tests.
pub fn decode<T: Entity>(json: &str) -> Result<T, ApiError> {
    decode_text(json, "a JSON text", T::NAME)
}

/// The package link of a `getPackageUri` answer.
pub(super) fn package_uri(raw: &RawResponse) -> PackageUri {
    PackageUri::from_body(body_of(raw))
}

/// Decodes an answer as `T`; `request` names the request for a body that is not JSON.
pub(super) fn decode_answer<T: Entity>(raw: &RawResponse, request: &str) -> Result<T, ApiError> {
    decode_text(body_of(raw), request, T::NAME)
}

/// Decodes an answer that may be empty (204, or no body) as `None`.
pub(super) fn decode_optional<T: Entity>(
    raw: &RawResponse,
    request: &str,
) -> Result<Option<T>, ApiError> {
    decode_text(body_of(raw), request, T::NAME)
}

/// Decodes a list answer; items of another shape are an [`ApiError::UnexpectedShape`] of the
/// list, and a body that is not a collection is an [`ApiError::Decode`] that shows it.
pub(super) fn decode_collection<T: Entity>(
    raw: &RawResponse,
    request: &str,
) -> Result<Collection<T>, ApiError> {
    let text = body_of(raw);
    if let Ok(collection) = serde_json::from_str::<Collection<T>>(text) {
        return Ok(collection);
    }
    // The error path only: read the body again to say what it was.
    let body = tree(text, request)?;
    let Ok(Collection { value, next_link }) = Collection::<Value>::deserialize(&body) else {
        return Err(ApiError::Decode {
            what: request.to_owned(),
            snippet: format!(
                "expected an object with a \"value\" array; got {}",
                body.to_string().chars().take(200).collect::<String>()
            ),
        });
    };
    let items = Value::Array(value);
    match Vec::<T>::deserialize(&items) {
        Ok(value) => Ok(Collection { value, next_link }),
        Err(err) => Err(unexpected_shape(&format!("{} list", T::NAME), err, &items)),
    }
}

/// The text of a body: a 204 or a blank body is JSON `null`.
fn body_of(raw: &RawResponse) -> &str {
    if raw.status == 204 || raw.body.trim().is_empty() {
        "null"
    } else {
        &raw.body
    }
}

fn decode_text<T: DeserializeOwned>(text: &str, request: &str, what: &str) -> Result<T, ApiError> {
    if let Ok(entity) = serde_json::from_str(text) {
        return Ok(entity);
    }
    // Through a tree, a repeated key keeps its last value instead of failing: the error path
    // decodes that way, so that what it accepts is what a decode has always accepted.
    let body = tree(text, request)?;
    T::deserialize(&body).map_err(|err| unexpected_shape(what, err, &body))
}

/// The body as a JSON tree; a body that is not JSON is [`ApiError::Decode`].
fn tree(text: &str, request: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Decode {
        what: request.to_owned(),
        snippet: text.chars().take(200).collect(),
    })
}

fn unexpected_shape(what: &str, err: serde_json::Error, body: &Value) -> ApiError {
    let mut snippet = body.to_string();
    if snippet.len() > SNIPPET_BYTES {
        let mut end = SNIPPET_BYTES;
        while !snippet.is_char_boundary(end) {
            end -= 1;
        }
        snippet.truncate(end);
    }
    ApiError::UnexpectedShape {
        what: what.to_owned(),
        detail: err.to_string(),
        snippet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(body: &str) -> RawResponse {
        RawResponse {
            status: 200,
            body: body.to_owned(),
        }
    }

    const MACHINE: &str = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07";

    #[test]
    fn an_entity_decodes_from_text_ignoring_unknown_properties_and_nulls() {
        let body = json!({"id": MACHINE, "computerDnsName": null, "addedLater": {"x": [1]}});
        let machine: Machine = decode_answer(&ok(&body.to_string()), "GET /x").unwrap();
        assert_eq!(machine.id, MACHINE);
        assert_eq!(machine.computer_dns_name, None);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_as_through_a_tree() {
        let body = format!(r#"{{"id": "first", "id": "{MACHINE}"}}"#);
        let machine: Machine = decode_answer(&ok(&body), "GET /x").unwrap();
        assert_eq!(machine.id, MACHINE);
    }

    #[test]
    fn json_of_another_shape_is_an_unexpected_shape_naming_the_entity() {
        let err =
            decode_answer::<MachineAction>(&ok(r#"{"status": "Pending"}"#), "POST /x").unwrap_err();
        assert_eq!(
            err,
            ApiError::UnexpectedShape {
                what: "machine action".into(),
                detail: "missing field `id`".into(),
                snippet: r#"{"status":"Pending"}"#.into(),
            }
        );
        let err = decode_answer::<Machine>(
            &RawResponse {
                status: 204,
                body: String::new(),
            },
            "GET /x",
        )
        .unwrap_err();
        assert!(
            matches!(&err, ApiError::UnexpectedShape { snippet, .. } if snippet == "null"),
            "{err:?}"
        );
    }

    #[test]
    fn the_snippet_is_cut_on_a_character_boundary() {
        let body = json!({"id": 1, "title": "é".repeat(400)}).to_string();
        match decode::<Alert>(&body) {
            Err(ApiError::UnexpectedShape { snippet, .. }) => {
                assert!(snippet.len() <= SNIPPET_BYTES && snippet.len() >= SNIPPET_BYTES - 1);
                assert!(snippet.starts_with(r#"{"id":1,"title":"éé"#), "{snippet}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_a_decode_error_naming_the_request() {
        let err = decode_answer::<Machine>(&ok("<html>"), "GET /api/machines/x").unwrap_err();
        assert_eq!(
            err,
            ApiError::Decode {
                what: "GET /api/machines/x".into(),
                snippet: "<html>".into(),
            }
        );
    }

    #[test]
    fn an_empty_answer_is_none_where_one_may_be_empty() {
        let empty = RawResponse {
            status: 204,
            body: String::new(),
        };
        assert_eq!(
            decode_optional::<HuntingResult>(&empty, "POST /x")
                .unwrap()
                .map(|r| r.results.len()),
            None
        );
    }

    #[test]
    fn collections_split_into_typed_items_and_link() {
        let body = json!({"@odata.context": "x", "value": [{"id": MACHINE}],
            "@odata.nextLink": "https://h/api/machines?$skip=1"});
        let page: Collection<Machine> =
            decode_collection(&ok(&body.to_string()), "GET /api/machines").unwrap();
        assert_eq!(page.value.len(), 1);
        assert_eq!(page.value[0].id, MACHINE);
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://h/api/machines?$skip=1")
        );
    }

    #[test]
    fn collection_items_can_stay_json_text() {
        let page: Collection<Box<RawValue>> =
            decode_collection(&ok(r#"{"value": [{"id": "a", "n": [1, 2]}, "b"]}"#), "x").unwrap();
        let texts: Vec<&str> = page.value.iter().map(|item| item.get()).collect();
        assert_eq!(texts, [r#"{"id": "a", "n": [1, 2]}"#, r#""b""#]);
        assert_eq!(page.next_link, None);
    }

    #[test]
    fn a_next_link_that_is_not_text_ends_the_list() {
        let page: Collection<Value> =
            decode_collection(&ok(r#"{"value": [], "@odata.nextLink": 7}"#), "x").unwrap();
        assert_eq!(page.next_link, None);
    }

    #[test]
    fn items_of_another_shape_are_an_unexpected_shape_of_the_list() {
        let body = r#"{"value": [{"id": "ok"}, {"title": "no id"}]}"#;
        let err = decode_collection::<Indicator>(&ok(body), "GET /api/indicators").unwrap_err();
        assert_eq!(
            err,
            ApiError::UnexpectedShape {
                what: "indicator list".into(),
                detail: "missing field `id`".into(),
                snippet: r#"[{"id":"ok"},{"title":"no id"}]"#.into(),
            }
        );
    }

    #[test]
    fn a_body_that_is_not_a_collection_is_a_decode_error_showing_it() {
        for (body, shown) in [
            (r#"{"value": 1}"#, r#"got {"value":1}"#),
            ("[1]", "got [1]"),
            ("", "got null"),
        ] {
            match decode_collection::<Box<RawValue>>(&ok(body), "GET /api/alerts") {
                Err(ApiError::Decode { what, snippet }) => {
                    assert_eq!(what, "GET /api/alerts");
                    assert!(snippet.ends_with(shown), "{snippet}");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(matches!(
            decode_collection::<Value>(&ok("{not json"), "x"),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn a_hunting_answer_reads_its_schema_and_rows() {
        let body = json!({"Stats": {"x": 1}, "Schema": [{"Name": "DeviceId", "Type": "String"}],
            "Results": [{"DeviceId": "d1", "n": 2}]});
        let result: HuntingResult = decode_answer(&ok(&body.to_string()), "POST /x").unwrap();
        assert_eq!(result.schema[0].name.as_deref(), Some("DeviceId"));
        assert_eq!(
            Value::Object(result.results[0].clone()),
            json!({"DeviceId": "d1", "n": 2})
        );
        let empty: HuntingResult = decode_answer(&ok("{}"), "POST /x").unwrap();
        assert!(empty.schema.is_empty() && empty.results.is_empty());
    }

    const URL: &str = "https://userrequests-us.securitycenter.windows.com:443/safedownload/WDATP_Investigation_Package.zip?token=gbDyj7y%2fbWG";

    fn link(body: Value) -> Option<String> {
        package_uri(&ok(&body.to_string())).link
    }

    #[test]
    fn the_quotes_of_microsofts_documented_package_link_are_removed() {
        assert_eq!(
            link(json!({"value": format!("\"{URL}\"")})).as_deref(),
            Some(URL)
        );
    }

    #[test]
    fn a_bare_package_link_is_taken_as_it_is() {
        assert_eq!(link(json!({"value": URL})).as_deref(), Some(URL));
    }

    #[test]
    fn anything_but_an_http_link_is_no_package_link() {
        for bad in [
            "",
            "\"\"",
            "\"",
            "not a link",
            "\"file:///etc/passwd\"",
            "\"\"https://x\"\"",
        ] {
            assert_eq!(link(json!({ "value": bad })), None, "{bad}");
        }
        for body in [json!({"value": 7}), json!([URL]), json!(URL), json!(null)] {
            assert_eq!(link(body.clone()), None, "{body}");
        }
        assert_eq!(package_uri(&ok("not json")).link, None);
    }
}
