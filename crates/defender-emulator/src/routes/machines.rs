//! `/api/machines`: list, lookup by id or DNS name, find by IP and by tag, add and remove tags.

use std::net::IpAddr;

use axum::http::StatusCode;
use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use super::{
    collection, documented, entity, id_list, json_body, only_keys, opt_str, options, paged,
    paginate, req_str, Req,
};
use crate::errors::{ApiError, Reply};
use crate::odata::{query_pairs, MACHINES};
use crate::state::{parse_time, State};
use crate::Config;

/// `GET /api/machines`; 404 when the tenant has no recent machines at all.
pub(super) fn list(
    state: &mut State,
    config: &Config,
    req: &Req,
    count: bool,
) -> Result<Reply, ApiError> {
    let opts = options(req, &MACHINES, config, documented::MACHINES)?;
    // The doc's "404 Not Found if there are no recent machines": a tenant without any.
    if state.machines.is_empty() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            "No recent machines were found",
        ));
    }
    let selected = opts.select_indices(&state.machines);
    if count {
        return Ok(Reply::Text(StatusCode::OK, selected.len().to_string()));
    }
    let page = paginate(req, config, &opts, selected);
    let items = page
        .indices
        .iter()
        .map(|&i| opts.project(state.machines[i].clone()))
        .collect();
    Ok(Reply::ok(paged(req, "Machines", &opts, &page, items)))
}

/// `GET /api/machines/{id}`, where `{id}` is the machine id or its DNS name.
pub(super) fn get(state: &mut State, req: &Req, key: &str) -> Result<Reply, ApiError> {
    let i = state
        .machine_index(key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {key} was not found")))?;
    Ok(Reply::ok(entity(req, "Machines", &state.machines[i])))
}

pub(super) fn has_ip(machine: &Value, ip: IpAddr) -> bool {
    let same = |v: &Value| {
        v.as_str()
            .and_then(|s| s.parse::<IpAddr>().ok())
            .is_some_and(|other| other == ip)
    };
    same(&machine["lastIpAddress"])
        || machine["ipAddresses"]
            .as_array()
            .is_some_and(|list| list.iter().any(|a| same(&a["ipAddress"])))
}

/// `GET /api/machines/findbyip(ip='…',timestamp=…)`: machines seen with the IP within
/// 15 minutes of the timestamp. The emulator only knows first and last sightings, so
/// "seen" means the timestamp falls between them (±15 min).
pub(super) fn find_by_ip(state: &mut State, req: &Req, args: &str) -> Result<Reply, ApiError> {
    let mut ip = None;
    let mut timestamp = None;
    for part in args.split(',') {
        let Some((k, v)) = part.split_once('=') else {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("Invalid findbyip argument '{part}'"),
            ));
        };
        let v = v.trim().trim_matches('\'');
        match k.trim().to_ascii_lowercase().as_str() {
            "ip" => ip = Some(v.to_string()),
            "timestamp" => timestamp = Some(v.to_string()),
            other => {
                return Err(ApiError::bad_request(
                    "InvalidInput",
                    format!("Unknown findbyip argument '{other}'"),
                ))
            }
        }
    }
    let ip = ip.ok_or_else(|| ApiError::missing("ip"))?;
    let timestamp = timestamp.ok_or_else(|| ApiError::missing("timestamp"))?;
    let ip: IpAddr = ip.parse().map_err(|_| {
        ApiError::bad_request(
            "InvalidIpAddress",
            format!("'{ip}' is not a valid IP address"),
        )
    })?;
    let at = parse_time(&timestamp).ok_or_else(|| {
        ApiError::bad_request(
            "InvalidInput",
            format!("'{timestamp}' is not a valid timestamp"),
        )
    })?;
    let oldest = OffsetDateTime::now_utc().checked_sub(Duration::days(30));
    if oldest.is_some_and(|oldest| at < oldest) {
        return Err(ApiError::bad_request(
            "InvalidInput",
            "The timestamp must be within the last 30 days",
        ));
    }
    let window = Duration::minutes(15);
    let found: Vec<Value> = state
        .machines
        .iter()
        .filter(|m| has_ip(m, ip))
        .filter(|m| {
            let first = m["firstSeen"].as_str().and_then(parse_time);
            let last = m["lastSeen"].as_str().and_then(parse_time);
            // Checked arithmetic: stored stamps may sit at the edge of the calendar.
            let from = first.and_then(|f| f.checked_sub(window));
            let to = last.and_then(|l| l.checked_add(window));
            from.is_none_or(|f| at >= f) && to.is_none_or(|l| at <= l)
        })
        .cloned()
        .collect();
    Ok(Reply::ok(collection(req, "Machines", found)))
}

/// `GET /api/machines/findbytag?tag=…&useStartsWithFilter=…`.
pub(super) fn find_by_tag(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let pairs = query_pairs(req.query);
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let tag = get("tag")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::missing("tag"))?;
    let starts_with = match get("useStartsWithFilter")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("'{other}' is not a valid value for useStartsWithFilter"),
            ))
        }
    };
    let matches = |t: &str| {
        if starts_with {
            t.get(..tag.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(tag))
        } else {
            t.eq_ignore_ascii_case(tag)
        }
    };
    let found: Vec<Value> = state
        .machines
        .iter()
        .filter(|m| {
            m["machineTags"]
                .as_array()
                .is_some_and(|tags| tags.iter().filter_map(Value::as_str).any(matches))
        })
        .cloned()
        .collect();
    Ok(Reply::ok(collection(req, "Machines", found)))
}

/// The most machines `AddOrRemoveTagForMultipleMachines` takes a call
/// (add-or-remove-multiple-machine-tags.md, Limitations).
const MAX_TAGGED_MACHINES: usize = 500;

/// The `Value` and `Action` both tag pages require; `Action` is `Add` or `Remove`.
fn tag_change(body: &Map<String, Value>) -> Result<(String, bool), ApiError> {
    let tag = req_str(body, "Value")?;
    let add = match opt_str(body, "Action")?.as_deref() {
        Some("Add") => true,
        Some("Remove") => false,
        Some(other) => {
            return Err(ApiError::bad_request(
                "InvalidInput",
                format!("Invalid Action '{other}'. Allowed values: Add, Remove"),
            ))
        }
        None => return Err(ApiError::missing("Action")),
    };
    Ok((tag, add))
}

/// Adds or removes `tag` in the machine's `machineTags`; tags compare without regard to case,
/// as find-machines-by-tag.md matches them.
fn change_tag(machine: &mut Value, tag: &str, add: bool) {
    let same = |t: &Value| t.as_str().is_some_and(|t| t.eq_ignore_ascii_case(tag));
    if !machine["machineTags"].is_array() {
        machine["machineTags"] = Value::Array(Vec::new());
    }
    if let Some(tags) = machine["machineTags"].as_array_mut() {
        if add {
            if !tags.iter().any(same) {
                tags.push(Value::String(tag.to_owned()));
            }
        } else {
            tags.retain(|t| !same(t));
        }
    }
}

/// `POST /api/machines/{id}/tags` with `{"Value", "Action"}`: the updated machine
/// (add-or-remove-machine-tags.md). `{id}` is the 40-hex ID: a computer name is unknown (404).
pub(super) fn tag(state: &mut State, req: &Req, key: &str) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Value", "Action"])?;
    let (tag, add) = tag_change(&body)?;
    let i = state
        .machine_index_by_id(key)
        .ok_or_else(|| ApiError::not_found(format!("Machine {key} was not found")))?;
    change_tag(&mut state.machines[i], &tag, add);
    Ok(Reply::ok(entity(req, "Machines", &state.machines[i])))
}

/// `POST /api/machines/AddOrRemoveTagForMultipleMachines` with `{"Value", "Action",
/// "MachineIds"}`: the updated machines (add-or-remove-multiple-machine-tags.md). At most 500
/// IDs; one unknown ID fails the whole call with 404 and changes nothing, as the service is
/// reported to do.
pub(super) fn tag_many(state: &mut State, req: &Req) -> Result<Reply, ApiError> {
    let body = json_body(req)?;
    only_keys(&body, &["Value", "Action", "MachineIds"])?;
    let (tag, add) = tag_change(&body)?;
    let ids = id_list(&body, "MachineIds")?;
    if ids.len() > MAX_TAGGED_MACHINES {
        return Err(ApiError::bad_request(
            "InvalidInput",
            format!(
                "Too many machines: {} given, at most {MAX_TAGGED_MACHINES} per call",
                ids.len()
            ),
        ));
    }
    let mut indices = Vec::with_capacity(ids.len());
    for id in &ids {
        let i = state
            .machine_index_by_id(id)
            .ok_or_else(|| ApiError::not_found(format!("Machine {id} was not found")))?;
        if !indices.contains(&i) {
            indices.push(i);
        }
    }
    let mut updated = Vec::with_capacity(indices.len());
    for i in indices {
        change_tag(&mut state.machines[i], &tag, add);
        updated.push(state.machines[i].clone());
    }
    Ok(Reply::ok(collection(req, "Machines", updated)))
}
