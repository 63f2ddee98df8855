//! `/api/alerts` and its navigation properties, plus `/api/machines/{id}/alerts`.
//!
//! Alerts are stored with their evidence; answers strip it to `[]` unless the request
//! says `$expand=evidence`, which is the behaviour clients trip over.

use serde_json::{json, Value};

use super::{
    collection, documented, entity, id_list, json_body, only_keys, opt_str, options, paged,
    paginate, req_str, Related, Req,
};
use crate::errors::{ApiError, Reply};
use crate::odata::{QueryOptions, ALERTS};
use crate::state::{fmt_time, now_stamp, parse_time, State};
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

/// The updatable fields of update-alert.md and batch-update-alerts.md, checked.
struct Changes {
    status: Option<String>,
    classification: Option<String>,
    determination: Option<String>,
    /// `Some(None)` when the body sets `assignedTo` to null.
    assigned: Option<Option<String>>,
    comment: Option<String>,
}

const UPDATABLE: &[&str] = &[
    "status",
    "assignedTo",
    "classification",
    "determination",
    "comment",
];

impl Changes {
    fn read(body: &serde_json::Map<String, Value>) -> Result<Changes, ApiError> {
        Ok(Changes {
            status: checked(body, "status", STATUSES)?,
            classification: checked(body, "classification", CLASSIFICATIONS)?,
            determination: checked(body, "determination", DETERMINATIONS)?,
            assigned: match body.contains_key("assignedTo") {
                true => Some(opt_str(body, "assignedTo")?),
                false => None,
            },
            comment: opt_str(body, "comment")?,
        })
    }

    fn apply(&self, alert: &mut Value, now: &str) {
        if let Some(status) = &self.status {
            let was_resolved = alert["status"] == "Resolved";
            if status == "Resolved" && !was_resolved {
                alert["resolvedTime"] = Value::String(now.to_owned());
            } else if status != "Resolved" {
                alert["resolvedTime"] = Value::Null;
            }
            alert["status"] = Value::String(status.clone());
        }
        if let Some(c) = &self.classification {
            alert["classification"] = Value::String(c.clone());
        }
        if let Some(d) = &self.determination {
            alert["determination"] = Value::String(d.clone());
        }
        if let Some(assigned) = &self.assigned {
            alert["assignedTo"] = assigned.clone().map_or(Value::Null, Value::String);
        }
        if let Some(text) = self.comment.as_ref().filter(|c| !c.trim().is_empty()) {
            let entry = json!({"comment": text, "createdBy": CLIENT_ID, "createdTime": now});
            match alert.get_mut("comments").and_then(Value::as_array_mut) {
                Some(list) => list.push(entry),
                None => alert["comments"] = json!([entry]),
            }
        }
        alert["lastUpdateTime"] = Value::String(now.to_owned());
    }
}

/// `PATCH /api/alerts/{id}`: camelCase body, any subset of the updatable fields.
pub(super) fn update(state: &mut State, req: &Req, id: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, UPDATABLE)?;
    if body.is_empty() {
        return Err(ApiError::invalid_body());
    }
    let changes = Changes::read(&body)?;
    let i = state.alert_index(id).ok_or_else(|| not_found(id))?;
    changes.apply(&mut state.alerts[i], &now_stamp());
    // PATCH answers the full alert, evidence included.
    Ok(Reply::ok(entity(req, "Alerts", &state.alerts[i])))
}

/// `POST /api/alerts/batchUpdate` (batch-update-alerts.md): `alertIds` and the fields of
/// update-alert.md; 200 with an empty body. The page gives no largest batch, so none is
/// enforced. It says only that the alerts must be "available in the API": an unknown ID fails
/// the whole call with the 404 of a single update and changes nothing, so that no call half
/// applies.
pub(super) fn batch_update(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    let mut allowed = UPDATABLE.to_vec();
    allowed.push("alertIds");
    only_keys(&body, &allowed)?;
    let ids = id_list(&body, "alertIds")?;
    let changes = Changes::read(&body)?;
    let indices = ids
        .iter()
        .map(|id| state.alert_index(id).ok_or_else(|| not_found(id)))
        .collect::<Result<Vec<_>, _>>()?;
    let now = now_stamp();
    for i in indices {
        changes.apply(&mut state.alerts[i], &now);
    }
    Ok(Reply::Empty(axum::http::StatusCode::OK))
}

/// create-alert-by-reference.md's categories.
const CATEGORIES: &[&str] = &[
    "General",
    "CommandAndControl",
    "Collection",
    "CredentialAccess",
    "DefenseEvasion",
    "Discovery",
    "Exfiltration",
    "Exploit",
    "Execution",
    "InitialAccess",
    "LateralMovement",
    "Malware",
    "Persistence",
    "PrivilegeEscalation",
    "Ransomware",
    "SuspiciousActivity",
];

/// `POST /api/alerts/CreateAlertByReference` (create-alert-by-reference.md): all eight
/// properties required; the event is the `DeviceProcessEvents` row of `machineId` with that
/// `ReportId` and `Timestamp` (404 when there is none). An open alert of the same title on the
/// machine takes the event, as the page says; otherwise a new alert is raised and an automated
/// investigation started on it.
pub(super) fn create_by_reference(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    const FIELDS: &[&str] = &[
        "machineId",
        "severity",
        "title",
        "description",
        "recommendedAction",
        "eventTime",
        "reportId",
        "category",
    ];
    only_keys(&body, FIELDS)?;
    let fields = FIELDS
        .iter()
        .map(|key| req_str(&body, key))
        .collect::<Result<Vec<_>, _>>()?;
    let [machine, severity, title, description, _recommended, event_time, report, category] =
        <[String; 8]>::try_from(fields).map_err(|_| ApiError::invalid_body())?;
    checked(&body, "severity", &["Low", "Medium", "High"])?;
    checked(&body, "category", CATEGORIES)?;
    let when = parse_time(&event_time).ok_or_else(|| {
        ApiError::bad_request(
            "InvalidInput",
            format!("'{event_time}' is not a valid eventTime"),
        )
    })?;
    let found = state.process_events.iter().any(|row| {
        row["DeviceId"] == machine.as_str()
            && report
                .parse::<u64>()
                .is_ok_and(|number| row["ReportId"] == number)
            && row["Timestamp"].as_str().and_then(parse_time) == Some(when)
    });
    if !found {
        return Err(ApiError::not_found(format!(
            "Event with reportId {report} and eventTime {event_time} was not found on machine {machine}"
        )));
    }
    let now = now_stamp();
    let open = state.alerts.iter().position(|a| {
        a["machineId"] == machine.as_str()
            && a["title"] == title.as_str()
            && a["status"] != "Resolved"
    });
    let m = state
        .machine_index_by_id(&machine)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine} was not found")))?;
    let alert = match open {
        Some(i) => {
            state.alerts[i]["lastEventTime"] = Value::String(fmt_time(when));
            state.alerts[i]["lastUpdateTime"] = Value::String(now);
            state.alerts[i].clone()
        }
        None => state.add_alert(json!({
            // Defender's shape, `da` and the .NET ticks of a time; here the event's and its
            // report, so that a run is repeatable.
            "id": format!("da{}_{report}", dotnet_ticks(when)),
            "incidentId": 5_100 + state.alerts.len(),
            "detectorId": null,
            "severity": severity,
            "status": "New",
            "title": title,
            "description": description,
            "category": category,
            "detectionSource": "CustomDetection",
            "machineId": machine,
            "alertCreationTime": now,
            "lastUpdateTime": now,
            "firstEventTime": fmt_time(when),
            "lastEventTime": fmt_time(when),
            "comments": [],
            "evidence": [],
        })),
    };
    // "An automatic investigation starts automatically on alerts created via the API."
    let alert = match open {
        Some(_) => alert,
        None => {
            let id = alert["id"].as_str().unwrap_or_default().to_owned();
            let investigation = super::investigations::open(state, m, Some(&id));
            let i = state.alert_index(&id).ok_or_else(|| not_found(&id))?;
            let number = investigation["id"]
                .as_str()
                .and_then(|n| n.parse::<u64>().ok());
            state.alerts[i]["investigationId"] = json!(number);
            state.alerts[i]["investigationState"] = json!("Running");
            state.alerts[i].clone()
        }
    };
    Ok(Reply::ok(entity(
        req,
        "Alerts",
        &render(&alert, &QueryOptions::default()),
    )))
}

/// .NET's ticks (100 ns since 0001-01-01) of a time.
fn dotnet_ticks(when: time::OffsetDateTime) -> i128 {
    const UNIX_EPOCH_TICKS: i128 = 621_355_968_000_000_000;
    UNIX_EPOCH_TICKS + when.unix_timestamp_nanos() / 100
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
