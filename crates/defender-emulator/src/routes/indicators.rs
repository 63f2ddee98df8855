//! `/api/indicators`: submit-or-update, list, delete.
//!
//! Submitting the same `(indicatorValue, indicatorType)` again updates the existing
//! indicator in place (inferred from the "submit or update" wording of the doc).

use std::net::IpAddr;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::{
    documented, entity, json_body, only_keys, opt_str, options, paged, paginate, req_str, Req,
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
    let value = req_str(&body, "indicatorValue")?;
    let kind = req_str(&body, "indicatorType")?;
    let action = req_str(&body, "action")?;
    let title = req_str(&body, "title")?;
    let description = req_str(&body, "description")?;
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
    let severity = opt_str(&body, "severity")?;
    if let Some(s) = &severity {
        one_of("severity", s, SEVERITIES)?;
    }
    let expiration = match opt_str(&body, "expirationTime")? {
        None => None,
        Some(t) => Some(fmt_time(parse_time(&t).ok_or_else(|| {
            ApiError::bad_request(
                "InvalidInput",
                format!("'{t}' is not a valid expirationTime"),
            )
        })?)),
    };
    let groups = string_list(&body, "rbacGroupNames")?;

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
        "application": opt_str(&body, "application")?,
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
        "recommendedActions": opt_str(&body, "recommendedActions")?,
        "rbacGroupNames": groups,
        "rbacGroupIds": [],
        "generateAlert": generate_alert.unwrap_or(false),
        "educateUrl": opt_str(&body, "educateUrl")?,
        "mitreTechniques": [],
        "category": null,
        "certificateInfo": null,
    });
    match existing {
        Some(i) => state.indicators[i] = indicator.clone(),
        None => state.indicators.push(indicator.clone()),
    }
    Ok(Reply::ok(entity(req, "Indicators", &indicator)))
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
