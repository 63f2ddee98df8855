//! `/api/indicators`: submit-or-update, list, delete.
//!
//! Submitting the same `(indicatorValue, indicatorType)` again updates the existing
//! indicator in place (inferred from the "submit or update" wording of the doc).

use std::net::IpAddr;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::{
    documented, entity, id_list, json_body, only_keys, opt_str, options, paged, paginate, req_str,
    Req,
};
use crate::errors::{ApiError, Reply};
use crate::odata::INDICATORS;
use crate::state::{fmt_time, is_hex, now_stamp, parse_time, State};
use crate::{Config, CLIENT_ID};

const FIELDS: &[&str] = &[
    "indicatorValue",
    "indicatorType",
    "action",
    "title",
    "description",
    "application",
    "expirationTime",
    "severity",
    "recommendedActions",
    "rbacGroupNames",
    "educateUrl",
    "generateAlert",
];
const TYPES: &[&str] = &[
    "FileSha1",
    "FileSha256",
    "FileMd5",
    "CertificateThumbprint",
    "IpAddress",
    "DomainName",
    "Url",
];
const ACTIONS: &[&str] = &[
    "Alert",
    "AlertAndBlock",
    "Warn",
    "Block",
    "Audit",
    "BlockAndRemediate",
    "Allowed",
];
const SEVERITIES: &[&str] = &["Informational", "Low", "Medium", "High"];
/// Defender's per-tenant cap on active indicators.
const MAX_INDICATORS: usize = 15_000;

fn one_of(key: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "InvalidInput",
            format!(
                "Invalid {key} '{value}'. Allowed values: {}",
                allowed.join(", ")
            ),
        ))
    }
}

fn check_value(kind: &str, value: &str) -> Result<(), ApiError> {
    let hash = |len: usize| {
        if is_hex(value, len) {
            Ok(())
        } else {
            Err(ApiError::bad_request(
                "InvalidHashValue",
                format!("'{value}' is not a valid {kind} value"),
            ))
        }
    };
    match kind {
        "FileSha1" | "CertificateThumbprint" => hash(40),
        "FileSha256" => hash(64),
        "FileMd5" => hash(32),
        "IpAddress" => value.parse::<IpAddr>().map(|_| ()).map_err(|_| {
            let why = if value.contains('/') {
                " (CIDR is not supported)"
            } else {
                ""
            };
            ApiError::bad_request(
                "InvalidIpAddress",
                format!("'{value}' is not a valid IP address{why}"),
            )
        }),
        "DomainName" => {
            let ok = value.contains('.')
                && !value.starts_with('.')
                && !value.ends_with('.')
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if ok {
                Ok(())
            } else {
                Err(ApiError::bad_request(
                    "InvalidDomainName",
                    format!("'{value}' is not a valid domain name"),
                ))
            }
        }
        _ => {
            let parsed = url::Url::parse(value)
                .or_else(|_| url::Url::parse(&format!("http://{value}")))
                .ok()
                .filter(|u| u.host_str().is_some_and(|h| h.contains('.')) && !value.contains(' '));
            match parsed {
                Some(_) => Ok(()),
                None => Err(ApiError::bad_request(
                    "InvalidUrl",
                    format!("'{value}' is not a valid URL"),
                )),
            }
        }
    }
}

fn string_list(body: &Map<String, Value>, key: &str) -> Result<Vec<Value>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(items.clone()),
        Some(_) => Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: '{key}' must be an array of strings"),
        )),
    }
}

/// `POST /api/indicators`.
pub(super) fn submit(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, FIELDS)?;
    let indicator = upsert(state, &body)?;
    Ok(Reply::ok(entity(req, "Indicators", &indicator)))
}

/// The most indicators an import or a batch delete takes (import-ti-indicators.md and
/// batch-delete-ti-indicators.md, Limitations).
const MAX_BATCH: usize = 500;

fn batch_too_large(given: usize) -> ApiError {
    ApiError::bad_request(
        "MaximumBatchSizeExceeded",
        format!("Maximum batch size is {MAX_BATCH}, but {given} items were given"),
    )
}

/// `POST /api/indicators/import` with `{"Indicators": [...]}` (import-ti-indicators.md): one
/// result per indicator, `isFailed` with the `failureReason` for one that breaks a rule of
/// `POST /api/indicators`. A body that is not a list of at most 500 indicator objects with the
/// documented properties is a 400, the page's "incorrect body".
pub(super) fn import(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Indicators"])?;
    let items = match body.get("Indicators") {
        None | Some(Value::Null) => return Err(ApiError::missing("Indicators")),
        Some(Value::Array(items)) => items
            .iter()
            .map(Value::as_object)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                ApiError::bad_request(
                    "InvalidRequestBody",
                    "Request body is incorrect: 'Indicators' must be a list of indicators",
                )
            })?,
        Some(_) => return Err(ApiError::invalid_body()),
    };
    if items.is_empty() {
        return Err(ApiError::missing("Indicators"));
    }
    if items.len() > MAX_BATCH {
        return Err(batch_too_large(items.len()));
    }
    for item in &items {
        only_keys(item, FIELDS)?;
    }
    let results: Vec<Value> = items
        .into_iter()
        .map(|item| {
            let value = item.get("indicatorValue").cloned().unwrap_or(Value::Null);
            match upsert(state, item) {
                Ok(stored) => json!({"id": stored["id"], "indicator": value,
                    "isFailed": false, "failureReason": null}),
                Err(err) => json!({"id": null, "indicator": value,
                    "isFailed": true, "failureReason": err.message}),
            }
        })
        .collect();
    Ok(Reply::ok(json!({ "value": results })))
}

/// `POST /api/indicators/BatchDelete` with `{"IndicatorIds": [...]}`
/// (batch-delete-ti-indicators.md): 204 once every indicator is deleted; 400 for an empty or
/// too long list or an ID that is not one, 404 when any ID is unknown, and then nothing is
/// deleted (the page does not say; a call that fails should not half apply).
pub(super) fn batch_delete(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["IndicatorIds"])?;
    let ids = id_list(&body, "IndicatorIds")?;
    if ids.len() > MAX_BATCH {
        return Err(batch_too_large(ids.len()));
    }
    if let Some(bad) = ids
        .iter()
        .find(|id| id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!("'{bad}' is not a valid indicator ID"),
        ));
    }
    if let Some(unknown) = ids
        .iter()
        .find(|id| !state.indicators.iter().any(|i| i["id"] == **id))
    {
        return Err(ApiError::not_found(format!(
            "Indicator {unknown} was not found"
        )));
    }
    state
        .indicators
        .retain(|i| !ids.iter().any(|id| i["id"] == *id));
    Ok(Reply::Empty(StatusCode::NO_CONTENT))
}

/// Checks an indicator's properties by the rules of `POST /api/indicators` and stores it,
/// replacing the one of the same value and type; the indicator as stored.
fn upsert(state: &mut State, body: &Map<String, Value>) -> Result<Value, ApiError> {
    let value = req_str(body, "indicatorValue")?;
    let kind = req_str(body, "indicatorType")?;
    let action = req_str(body, "action")?;
    let title = req_str(body, "title")?;
    let description = req_str(body, "description")?;
    one_of("indicatorType", &kind, TYPES)?;
    one_of("action", &action, ACTIONS)?;
    check_value(&kind, &value)?;
    let generate_alert = match body.get("generateAlert") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(ApiError::bad_request(
                "InvalidRequestBody",
                "Request body is incorrect: 'generateAlert' must be a boolean",
            ))
        }
    };
    if action == "Audit" && generate_alert != Some(true) {
        return Err(ApiError::bad_request(
            "InvalidInput",
            "The Audit action requires generateAlert to be true",
        ));
    }
    let severity = opt_str(body, "severity")?;
    if let Some(s) = &severity {
        one_of("severity", s, SEVERITIES)?;
    }
    let expiration = match opt_str(body, "expirationTime")? {
        None => None,
        Some(t) => Some(fmt_time(parse_time(&t).ok_or_else(|| {
            ApiError::bad_request(
                "InvalidInput",
                format!("'{t}' is not a valid expirationTime"),
            )
        })?)),
    };
    let groups = string_list(body, "rbacGroupNames")?;

    let now = now_stamp();
    let existing = state.indicators.iter().position(|i| {
        i["indicatorType"] == kind.as_str()
            && i["indicatorValue"]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(&value))
    });
    if existing.is_none() && state.indicators.len() >= MAX_INDICATORS {
        return Err(ApiError::bad_request(
            "BadRequest",
            format!("The tenant already has the maximum of {MAX_INDICATORS} indicators"),
        ));
    }
    let (id, created) = match existing {
        Some(i) => (
            state.indicators[i]["id"].clone(),
            state.indicators[i]["creationTimeDateTimeUtc"].clone(),
        ),
        None => {
            state.next_indicator_id += 1;
            (
                Value::String((6000 + state.next_indicator_id).to_string()),
                Value::String(now.clone()),
            )
        }
    };
    let indicator = json!({
        "id": id,
        "indicatorValue": value,
        "indicatorType": kind,
        "action": action,
        "application": opt_str(body, "application")?,
        "source": "Defender emulator app",
        "sourceType": "AadApp",
        "title": title,
        "creationTimeDateTimeUtc": created,
        "createdBy": CLIENT_ID,
        "createdByDisplayName": "Defender emulator app",
        "createdBySource": "PublicApi",
        "expirationTime": expiration,
        "lastUpdateTime": now,
        "lastUpdatedBy": CLIENT_ID,
        "severity": severity.unwrap_or_else(|| "Informational".to_string()),
        "description": description,
        "recommendedActions": opt_str(body, "recommendedActions")?,
        "rbacGroupNames": groups,
        "rbacGroupIds": [],
        "generateAlert": generate_alert.unwrap_or(false),
        "educateUrl": opt_str(body, "educateUrl")?,
        "mitreTechniques": [],
        "category": null,
        "certificateInfo": null,
    });
    match existing {
        Some(i) => state.indicators[i] = indicator.clone(),
        None => state.indicators.push(indicator.clone()),
    }
    Ok(indicator)
}

/// `GET /api/indicators`.
pub(super) fn list(
    state: &mut State,
    config: &Config,
    req: &Req,
    count: bool,
) -> Result<Reply, ApiError> {
    let opts = options(req, &INDICATORS, config, documented::INDICATORS)?;
    let selected = opts.select_indices(&state.indicators);
    if count {
        return Ok(Reply::Text(StatusCode::OK, selected.len().to_string()));
    }
    let page = paginate(req, config, &opts, selected);
    let items = page
        .indices
        .iter()
        .map(|&i| opts.project(state.indicators[i].clone()))
        .collect();
    Ok(Reply::ok(paged(req, "Indicators", &opts, &page, items)))
}

/// `DELETE /api/indicators/{id}`.
pub(super) fn delete(state: &mut State, id: &str) -> Result<Reply, ApiError> {
    let i = state
        .indicators
        .iter()
        .position(|i| i["id"] == id)
        .ok_or_else(|| ApiError::not_found(format!("Indicator {id} was not found")))?;
    state.indicators.remove(i);
    Ok(Reply::Empty(StatusCode::NO_CONTENT))
}
