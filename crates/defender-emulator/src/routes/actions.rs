//! Response actions (`POST /api/machines/{id}/<action>`) and `/api/machineactions`.
//!
//! Bodies are PascalCase and case-sensitive. New actions start `Pending` and move on
//! as they are read (see `ActionProgress`), which is what makes client-side polling
//! testable without timers.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{
    documented, entity, json_body, only_keys, opt_str, options, paged, paginate, req_str, Req,
};
use crate::errors::{ApiError, Reply};
use crate::odata::MACHINE_ACTIONS;
use crate::seed::action_template;
use crate::state::{
    into_object, is_guid, is_hex, new_guid, now_stamp, overlay, parse_time, ActionRec, State,
};
use crate::{Config, DuplicateMode, CLIENT_ID};

/// The machine actions the emulator implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActionKind {
    Isolate,
    Unisolate,
    RunAntiVirusScan,
    StopAndQuarantineFile,
    RestrictCodeExecution,
    UnrestrictCodeExecution,
    CollectInvestigationPackage,
    Offboard,
}

impl ActionKind {
    /// The path segment, matched case-insensitively.
    pub(crate) fn from_segment(segment: &str) -> Option<ActionKind> {
        Some(match segment.to_ascii_lowercase().as_str() {
            "isolate" => ActionKind::Isolate,
            "unisolate" => ActionKind::Unisolate,
            "runantivirusscan" => ActionKind::RunAntiVirusScan,
            "stopandquarantinefile" => ActionKind::StopAndQuarantineFile,
            "restrictcodeexecution" => ActionKind::RestrictCodeExecution,
            "unrestrictcodeexecution" => ActionKind::UnrestrictCodeExecution,
            "collectinvestigationpackage" => ActionKind::CollectInvestigationPackage,
            "offboard" => ActionKind::Offboard,
            _ => return None,
        })
    }

    /// The MachineAction `type` value.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            ActionKind::Isolate => "Isolate",
            ActionKind::Unisolate => "Unisolate",
            ActionKind::RunAntiVirusScan => "RunAntiVirusScan",
            ActionKind::StopAndQuarantineFile => "StopAndQuarantineFile",
            ActionKind::RestrictCodeExecution => "RestrictCodeExecution",
            ActionKind::UnrestrictCodeExecution => "UnrestrictCodeExecution",
            ActionKind::CollectInvestigationPackage => "CollectInvestigationPackage",
            ActionKind::Offboard => "Offboard",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ActionKind::Isolate => "Isolate device",
            ActionKind::Unisolate => "Release device from isolation",
            ActionKind::RunAntiVirusScan => "Run antivirus scan",
            ActionKind::StopAndQuarantineFile => "Stop and quarantine file",
            ActionKind::RestrictCodeExecution => "Restrict app execution",
            ActionKind::UnrestrictCodeExecution => "Remove app restriction",
            ActionKind::CollectInvestigationPackage => "Collect investigation package",
            ActionKind::Offboard => "Offboard device",
        }
    }

    pub(crate) fn roles(self) -> &'static [&'static str] {
        match self {
            ActionKind::Isolate | ActionKind::Unisolate => &["Machine.Isolate"],
            ActionKind::RunAntiVirusScan => &["Machine.Scan"],
            ActionKind::StopAndQuarantineFile => &["Machine.StopAndQuarantine"],
            ActionKind::RestrictCodeExecution | ActionKind::UnrestrictCodeExecution => {
                &["Machine.RestrictExecution"]
            }
            ActionKind::CollectInvestigationPackage => &["Machine.CollectForensics"],
            ActionKind::Offboard => &["Machine.Offboard"],
        }
    }

    fn body_keys(self) -> &'static [&'static str] {
        match self {
            ActionKind::Isolate => &["Comment", "IsolationType"],
            ActionKind::RunAntiVirusScan => &["Comment", "ScanType"],
            ActionKind::StopAndQuarantineFile => &["Comment", "Sha1"],
            _ => &["Comment"],
        }
    }
}

/// Platforms on which isolation is refused. The unified agent made most old Windows
/// versions isolatable, but Windows 7/8.x never got it.
const NO_ISOLATION: &[&str] = &["Windows7", "Windows8", "Windows8.1", "WindowsServer2008R2"];

fn enum_value(
    body: &serde_json::Map<String, Value>,
    key: &str,
    allowed: &[&str],
    default: Option<&str>,
) -> Result<String, ApiError> {
    match (opt_str(body, key)?, default) {
        (None, Some(d)) => Ok(d.to_string()),
        (None, None) => Err(ApiError::missing(key)),
        (Some(v), _) if allowed.contains(&v.as_str()) => Ok(v),
        (Some(v), _) => Err(ApiError::bad_request(
            "InvalidInput",
            format!(
                "Invalid {key} '{v}'. Allowed values: {}",
                allowed.join(", ")
            ),
        )),
    }
}

fn render(req: &Req, action: &Value) -> Value {
    entity(req, "MachineActions", action)
}

/// `POST /api/machines/{id}/<action>`. `{id}` is the 40-hex machine ID: the action pages
/// document no other form, so a computer name is an unknown machine (404).
pub(super) fn create(
    state: &mut State,
    config: &Config,
    req: &Req,
    machine_key: &str,
    kind: ActionKind,
) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, kind.body_keys())?;
    let comment = req_str(&body, "Comment")?;
    let mut scope = Value::Null;
    let mut related_file = Value::Null;
    match kind {
        ActionKind::Isolate => {
            let t = enum_value(
                &body,
                "IsolationType",
                &["Full", "Selective", "UnManagedDevice"],
                Some("Full"),
            )?;
            scope = Value::String(t);
        }
        ActionKind::RunAntiVirusScan => {
            scope = Value::String(enum_value(&body, "ScanType", &["Quick", "Full"], None)?);
        }
        ActionKind::StopAndQuarantineFile => {
            let sha1 = req_str(&body, "Sha1")?;
            if !is_hex(&sha1, 40) {
                return Err(ApiError::bad_request(
                    "InvalidHashValue",
                    format!("Invalid hash value '{sha1}': a SHA-1 is 40 hexadecimal characters"),
                ));
            }
            related_file = json!({"fileIdentifier": sha1, "fileIdentifierType": "Sha1"});
        }
        _ => {}
    }

    let m = state
        .machine_index_by_id(machine_key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine_key} was not found")))?;
    let machine = &state.machines[m];
    let machine_id = machine["id"].as_str().unwrap_or_default().to_string();
    let dns = machine["computerDnsName"].clone();
    let platform = machine["osPlatform"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // Microsoft documents no answer for offboarding a machine already offboarded; the emulator
    // refuses it as a bad request in Defender's error body, naming the state.
    if kind == ActionKind::Offboard && machine["onboardingStatus"] == "Offboarded" {
        return Err(ApiError::bad_request(
            "BadRequest",
            format!("Machine {machine_id} is already offboarded"),
        ));
    }

    if matches!(kind, ActionKind::Isolate | ActionKind::Unisolate) {
        if NO_ISOLATION.contains(&platform.as_str()) {
            return Err(ApiError::bad_request(
                "OsPlatformNotSupported",
                format!("Isolation is not supported on OS platform {platform}"),
            ));
        }
        if scope == "Selective" && !platform.starts_with("Windows") {
            return Err(ApiError::bad_request(
                "OsPlatformNotSupported",
                format!("Selective isolation is not supported on OS platform {platform}"),
            ));
        }
    }

    let existing = state.actions.iter().position(|a| {
        a.is_active()
            && a.str_field("machineId") == machine_id
            && a.str_field("type") == kind.type_name()
    });
    if let Some(i) = existing {
        let reject = kind == ActionKind::CollectInvestigationPackage
            || config.duplicate_mode == DuplicateMode::Reject;
        if reject {
            return Err(ApiError::bad_request(
                "ActiveRequestAlreadyExists",
                "Action is already in progress",
            ));
        }
        return Ok(Reply::Json(
            StatusCode::CREATED,
            render(req, &state.actions[i].value),
        ));
    }

    let action = push_pending(
        state,
        (kind.type_name(), kind.title()),
        json!(comment),
        (&machine_id, &dns),
        json!({"scope": scope, "relatedFileInfo": related_file}),
    );
    // The offboard doc says "200 - Created"; every other action answers 201.
    let status = if kind == ActionKind::Offboard {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(Reply::Json(status, render(req, &action)))
}

/// `GET /api/machineactions`, newest first unless `$orderby` says otherwise. The page shows statuses as they were when filtered;
/// the read then counts towards each listed action's progress.
pub(super) fn list(
    state: &mut State,
    config: &Config,
    req: &Req,
    count: bool,
) -> Result<Reply, ApiError> {
    let opts = options(req, &MACHINE_ACTIONS, config, documented::MACHINE_ACTIONS)?;
    let values: Vec<Value> = state.actions.iter().map(|a| a.value.clone()).collect();
    let mut selected = opts.select_indices(&values);
    if opts.orderby.is_empty() {
        // Newest first, as the page's examples show: `$top=2` gives "the latest two".
        let created = |i: usize| {
            values[i]["creationDateTimeUtc"]
                .as_str()
                .and_then(parse_time)
        };
        selected.sort_by_key(|&i| std::cmp::Reverse(created(i)));
    }
    if count {
        return Ok(Reply::Text(StatusCode::OK, selected.len().to_string()));
    }
    let page = paginate(req, config, &opts, selected);
    let items = page
        .indices
        .iter()
        .map(|&i| opts.project(values[i].clone()))
        .collect();
    for &i in &page.indices {
        state.note_action_read(i, config.action_progress);
    }
    Ok(Reply::ok(paged(req, "MachineActions", &opts, &page, items)))
}

fn find(state: &State, id: &str) -> Result<usize, ApiError> {
    let missing = || ApiError::not_found(format!("MachineAction {id} was not found"));
    if !is_guid(id) {
        return Err(missing());
    }
    state.action_index(id).ok_or_else(missing)
}

/// `GET /api/machineactions/{id}`: the read may advance the action first.
pub(super) fn get(
    state: &mut State,
    config: &Config,
    req: &Req,
    id: &str,
) -> Result<Reply, ApiError> {
    let i = find(state, id)?;
    state.note_action_read(i, config.action_progress);
    Ok(Reply::ok(render(req, &state.actions[i].value)))
}

/// `POST /api/machineactions/{id}/cancel`: only before a final state.
pub(super) fn cancel(state: &mut State, req: &Req, id: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Comment"])?;
    let comment = req_str(&body, "Comment")?;
    let i = find(state, id)?;
    let action = &mut state.actions[i];
    if !action.is_active() {
        return Err(ApiError::bad_request(
            "InvalidRequest",
            format!(
                "Action {id} cannot be cancelled because it is already in final state '{}'",
                action.status()
            ),
        ));
    }
    let now = now_stamp();
    let v = &mut action.value;
    v["status"] = json!("Cancelled");
    v["cancellationRequestor"] = json!(CLIENT_ID);
    v["cancellationComment"] = json!(comment);
    v["cancellationDateTimeUtc"] = json!(now);
    v["lastUpdateDateTimeUtc"] = json!(now);
    Ok(Reply::ok(render(req, &state.actions[i].value)))
}

/// `GET /api/machineactions/{id}/getPackageUri`: 404 until the collection succeeded, then the
/// link exactly as get-package-sas-uri.md shows it.
pub(super) fn package_uri(state: &mut State, req: &Req, id: &str) -> Result<Reply, ApiError> {
    let i = find(state, id)?;
    let action = &state.actions[i];
    if action.str_field("type") != "CollectInvestigationPackage" || action.status() != "Succeeded" {
        return Err(ApiError::not_found(format!(
            "Investigation package of action {id} is not available"
        )));
    }
    Ok(Reply::ok(json!({
        "@odata.context": super::context(req, "Edm.String"),
        // Wrapped in double quotes inside the string, as in the page's response example.
        "value": format!(
            // A GUID token: short-lived like Defender's, and masked by the tests' snapshot filters.
            "\"https://emulator.invalid/WDATP_Investigation_Package.zip?token={}\"",
            new_guid()
        ),
    })))
}

/// Stores a new Pending action of `(type, title)` on `(machine ID, DNS name)`, requested by the
/// emulator's application now, with the action's own `fields` (its scope, file or commands)
/// over Defender's template; returns it as stored.
pub(super) fn push_pending(
    state: &mut State,
    (type_name, title): (&str, &str),
    comment: Value,
    (machine_id, dns): (&str, &Value),
    fields: Value,
) -> Value {
    let now = now_stamp();
    let common = json!({
        "id": new_guid(),
        "type": type_name,
        "title": title,
        "requestor": CLIENT_ID,
        "requestorComment": comment,
        "status": "Pending",
        "machineId": machine_id,
        "computerDnsName": dns,
        "creationDateTimeUtc": now,
        "lastUpdateDateTimeUtc": now,
    });
    let action = overlay(
        overlay(action_template(), into_object(common)),
        into_object(fields),
    );
    state.actions.push(ActionRec {
        value: action.clone(),
        reads: 0,
    });
    action
}
