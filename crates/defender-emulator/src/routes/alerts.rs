//! `/api/alerts` and its navigation properties, plus `/api/machines/{id}/alerts`.
//!
//! Alerts are stored with their evidence; answers strip it to `[]` unless the request
//! says `$expand=evidence`, which is the behaviour clients trip over.

use serde_json::{json, Value};

use super::{
    collection, documented, entity, json_body, only_keys, opt_str, options, paged, paginate,
    Related, Req,
};
use crate::errors::{ApiError, Reply};
use crate::odata::{QueryOptions, ALERTS};
use crate::state::{now_stamp, State};
use crate::{Config, CLIENT_ID};

pub(super) fn render(alert: &Value, opts: &QueryOptions) -> Value {
    let mut out = alert.clone();
    if !opts.expands("evidence") {
        if let Some(obj) = out.as_object_mut() {
            if obj.contains_key("evidence") {
                obj.insert("evidence".into(), json!([]));
            }
        }
    }
    opts.project(out)
}

/// The host of a URL in evidence; a bare `host/path` (no scheme) is read as one too.
pub(super) fn url_host(raw: &str) -> String {
    url::Url::parse(raw)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| raw.split('/').next().unwrap_or(raw).to_string())
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Alert {id} not found"))
}

fn list_of(
    state: &State,
    config: &Config,
    req: &Req,
    count: bool,
    documented: &[&str],
    keep: impl Fn(&Value) -> bool,
) -> Result<Reply, ApiError> {
    let opts = options(req, &ALERTS, config, documented)?;
    let selected: Vec<usize> = opts
        .select_indices(&state.alerts)
        .into_iter()
        .filter(|&i| keep(&state.alerts[i]))
        .collect();
    if count {
        return Ok(Reply::Text(
            axum::http::StatusCode::OK,
            selected.len().to_string(),
        ));
    }
    let page = paginate(req, config, &opts, selected);
    let items = page
        .indices
        .iter()
        .map(|&i| render(&state.alerts[i], &opts))
        .collect();
    Ok(Reply::ok(paged(req, "Alerts", &opts, &page, items)))
}

/// `GET /api/alerts`.
pub(super) fn list(
    state: &mut State,
    config: &Config,
    req: &Req,
    count: bool,
) -> Result<Reply, ApiError> {
    list_of(state, config, req, count, documented::ALERTS, |_| true)
}

/// `GET /api/machines/{id}/alerts`; `{id}` is the 40-hex machine ID, as the page documents.
pub(super) fn for_machine(
    state: &mut State,
    config: &Config,
    req: &Req,
    machine: &str,
    count: bool,
) -> Result<Reply, ApiError> {
    let index = state
        .machine_index_by_id(machine)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine} was not found")))?;
    let id = state.machines[index]["id"].clone();
    list_of(state, config, req, count, documented::MACHINE_ALERTS, |a| {
        a["machineId"] == id
    })
}

/// `GET /api/users/{id}/alerts` (get-user-related-alerts.md): the alerts whose related user or
/// logged-on users have that account name; a user no alert names is an empty list, not a 404.
pub(super) fn for_user(
    state: &mut State,
    config: &Config,
    req: &Req,
    user: &str,
) -> Result<Reply, ApiError> {
    list_of(state, config, req, false, documented::NONE, |a| {
        super::users::names(a, user)
    })
}

/// `GET /api/alerts/{id}`.
pub(super) fn get(
    state: &mut State,
    config: &Config,
    req: &Req,
    id: &str,
) -> Result<Reply, ApiError> {
    let opts = options(req, &ALERTS, config, documented::ALERT)?;
    let i = state.alert_index(id).ok_or_else(|| not_found(id))?;
    Ok(Reply::ok(entity(
        req,
        "Alerts",
        &render(&state.alerts[i], &opts),
    )))
}

const STATUSES: &[&str] = &["New", "InProgress", "Resolved"];
const CLASSIFICATIONS: &[&str] = &[
    "Unknown",
    "FalsePositive",
    "TruePositive",
    "InformationalExpectedActivity",
];
const DETERMINATIONS: &[&str] = &[
    "NotAvailable",
    "MultiStagedAttack",
    "MaliciousUserActivity",
    "CompromisedUser",
    "Malware",
    "Phishing",
    "UnwantedSoftware",
    "Other",
    "SecurityTesting",
    "LineOfBusinessApplication",
    "ConfirmedActivity",
    "ConfirmedUserActivity",
    "NotMalicious",
    "Clean",
    "InsufficientData",
];

fn checked(
    body: &serde_json::Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> Result<Option<String>, ApiError> {
    match opt_str(body, key)? {
        Some(v) if !allowed.contains(&v.as_str()) => Err(ApiError::bad_request(
            "InvalidInput",
            format!(
                "Invalid value '{v}' for '{key}'. Allowed values: {}",
                allowed.join(", ")
            ),
        )),
        other => Ok(other),
    }
}

/// `PATCH /api/alerts/{id}`: camelCase body, any subset of the updatable fields.
pub(super) fn update(state: &mut State, req: &Req, id: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(
        &body,
        &[
            "status",
            "assignedTo",
            "classification",
            "determination",
            "comment",
        ],
    )?;
    if body.is_empty() {
        return Err(ApiError::invalid_body());
    }
    let status = checked(&body, "status", STATUSES)?;
    let classification = checked(&body, "classification", CLASSIFICATIONS)?;
    let determination = checked(&body, "determination", DETERMINATIONS)?;
    let assigned = opt_str(&body, "assignedTo")?;
    let comment = opt_str(&body, "comment")?;
    let i = state.alert_index(id).ok_or_else(|| not_found(id))?;

    let now = now_stamp();
    let alert = &mut state.alerts[i];
    if let Some(status) = status {
        let was_resolved = alert["status"] == "Resolved";
        if status == "Resolved" && !was_resolved {
            alert["resolvedTime"] = Value::String(now.clone());
        } else if status != "Resolved" {
            alert["resolvedTime"] = Value::Null;
        }
        alert["status"] = Value::String(status);
    }
    if let Some(c) = classification {
        alert["classification"] = Value::String(c);
    }
    if let Some(d) = determination {
        alert["determination"] = Value::String(d);
    }
    if body.contains_key("assignedTo") {
        alert["assignedTo"] = assigned.map_or(Value::Null, Value::String);
    }
    if let Some(text) = comment.filter(|c| !c.trim().is_empty()) {
        let entry = json!({"comment": text, "createdBy": CLIENT_ID, "createdTime": now});
        match alert.get_mut("comments").and_then(Value::as_array_mut) {
            Some(list) => list.push(entry),
            None => alert["comments"] = json!([entry]),
        }
    }
    alert["lastUpdateTime"] = Value::String(now);
    // PATCH answers the full alert, evidence included.
    Ok(Reply::ok(entity(req, "Alerts", &state.alerts[i])))
}

/// `GET /api/alerts/{id}/machine|files|user|ips|domains`.
pub(super) fn related(
    state: &mut State,
    req: &Req,
    id: &str,
    rel: Related,
) -> Result<Reply, ApiError> {
    let i = state.alert_index(id).ok_or_else(|| not_found(id))?;
    let alert = &state.alerts[i];
    let evidence: Vec<&Value> = alert["evidence"]
        .as_array()
        .map(|e| e.iter().collect())
        .unwrap_or_default();
    match rel {
        Related::Machine => {
            let machine_id = alert["machineId"].as_str().unwrap_or_default();
            let m = state.machine_index(machine_id).ok_or_else(|| {
                ApiError::not_found(format!("Machine {machine_id} was not found"))
            })?;
            Ok(Reply::ok(entity(req, "Machines", &state.machines[m])))
        }
        Related::Files => {
            let mut seen: Vec<&str> = Vec::new();
            let mut files = Vec::new();
            for e in &evidence {
                let Some(sha1) = e["sha1"].as_str() else {
                    continue;
                };
                if seen.iter().any(|s| s.eq_ignore_ascii_case(sha1)) {
                    continue;
                }
                seen.push(sha1);
                files.push(match state.file_index(sha1) {
                    Some(f) => state.files[f].clone(),
                    // Evidence of a file the tenant has no record of: what is known.
                    None => json!({
                        "sha1": sha1,
                        "sha256": e["sha256"].clone(),
                        "md5": null,
                        "globalPrevalence": null,
                        "globalFirstObserved": null,
                        "globalLastObserved": null,
                        "size": null,
                        "fileType": null,
                        "isPeFile": false,
                        "filePublisher": null,
                        "fileProductName": null,
                        "signer": null,
                        "issuer": null,
                        "signerHash": null,
                        "isValidCertificate": null,
                        "determinationType": "Unknown",
                        "determinationValue": "",
                    }),
                });
            }
            Ok(Reply::ok(collection(req, "Files", files)))
        }
        Related::Ips => {
            let mut ips: Vec<Value> = Vec::new();
            for ip in evidence.iter().filter_map(|e| e["ipAddress"].as_str()) {
                let item = json!({"id": ip});
                if !ips.contains(&item) {
                    ips.push(item);
                }
            }
            Ok(Reply::ok(collection(req, "Ips", ips)))
        }
        Related::Domains => {
            let mut hosts: Vec<Value> = Vec::new();
            for raw in evidence.iter().filter_map(|e| e["url"].as_str()) {
                let item = json!({"host": url_host(raw)});
                if !hosts.contains(&item) {
                    hosts.push(item);
                }
            }
            Ok(Reply::ok(collection(req, "Domains", hosts)))
        }
        Related::User => {
            let user = &alert["relatedUser"];
            let (Some(name), domain) = (user["userName"].as_str(), user["domainName"].as_str())
            else {
                return Err(ApiError::not_found(format!(
                    "User for alert {id} was not found"
                )));
            };
            let domain = domain.unwrap_or_default();
            let sid = evidence
                .iter()
                .find(|e| e["entityType"] == "User" && e["accountName"] == name)
                .map(|e| e["userSid"].clone())
                .unwrap_or(Value::Null);
            let user = json!({
                "id": format!("{}\\{}", domain.to_lowercase(), name),
                "accountName": name,
                "accountDomain": domain.to_lowercase(),
                "accountSid": sid,
                "firstSeen": "2025-03-14T09:20:11Z",
                "lastSeen": alert["lastEventTime"].clone(),
                "mostPrevalentMachineId": alert["machineId"].clone(),
                "leastPrevalentMachineId": alert["machineId"].clone(),
                "logonTypes": "Interactive",
                "logOnMachinesCount": 1,
                "isDomainAdmin": false,
                "isOnlyNetworkUser": false,
            });
            Ok(Reply::ok(entity(req, "Users", &user)))
        }
    }
}
