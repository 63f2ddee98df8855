//! `/api/users/{id}/machines` and `/api/machines/{id}/logonusers`: the users Defender knows
//! from the machines' logons, which the emulator reads from its alerts (each names the users
//! logged on to its machine, and the user it is about).
//!
//! A user is named by the account name alone ("not the full UPN, but only the user name",
//! get-user-related-machines.md), compared without regard to case as Windows compares them.

use serde_json::{json, Value};

use super::{collection, documented, refuse_undocumented, Req};
use crate::errors::{ApiError, Reply};
use crate::state::State;
use crate::Config;

/// True when `alert` is about the account `user` or saw it logged on.
pub(super) fn names(alert: &Value, user: &str) -> bool {
    let same = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(user));
    same(&alert["relatedUser"]["userName"])
        || alert["loggedOnUsers"]
            .as_array()
            .is_some_and(|users| users.iter().any(|u| same(&u["accountName"])))
}

/// `GET /api/users/{id}/machines`: the machines of the user's alerts, in the tenant's order;
/// a user no alert names is an empty list (the page: "200 OK with an empty set").
pub(super) fn machines(
    state: &mut State,
    config: &Config,
    req: &Req,
    user: &str,
) -> Result<Reply, ApiError> {
    refuse_undocumented(req, config, documented::NONE)?;
    let ids: Vec<&Value> = state
        .alerts
        .iter()
        .filter(|a| names(a, user))
        .map(|a| &a["machineId"])
        .collect();
    let found = state
        .machines
        .iter()
        .filter(|m| ids.contains(&&m["id"]))
        .cloned()
        .collect();
    Ok(Reply::ok(collection(req, "Machines", found)))
}

/// `GET /api/machines/{id}/logonusers`: 404 for a machine it does not know by ID (the page
/// documents the ID only), else one user entity per account logged on to it.
pub(super) fn logon_users(
    state: &mut State,
    config: &Config,
    req: &Req,
    machine: &str,
) -> Result<Reply, ApiError> {
    refuse_undocumented(req, config, documented::NONE)?;
    let index = state
        .machine_index_by_id(machine)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine} was not found")))?;
    let machine = &state.machines[index];
    let mut accounts: Vec<(String, String)> = Vec::new();
    for alert in state
        .alerts
        .iter()
        .filter(|a| a["machineId"] == machine["id"])
    {
        for user in alert["loggedOnUsers"].as_array().into_iter().flatten() {
            let (Some(name), Some(domain)) =
                (user["accountName"].as_str(), user["domainName"].as_str())
            else {
                continue;
            };
            if !accounts.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                accounts.push((name.to_owned(), domain.to_owned()));
            }
        }
    }
    let users = accounts
        .iter()
        .map(|(name, domain)| logon_user(state, machine, name, domain))
        .collect();
    Ok(Reply::ok(collection(req, "Users", users)))
}

/// The user entity of get-machine-log-on-users.md's example, with the fields of Defender's
/// user entity it leaves out, from the user's alerts.
fn logon_user(state: &State, machine: &Value, name: &str, domain: &str) -> Value {
    let alerts: Vec<&Value> = state.alerts.iter().filter(|a| names(a, name)).collect();
    let here = || alerts.iter().filter(|a| a["machineId"] == machine["id"]);
    let first_seen = here().filter_map(|a| a["firstEventTime"].as_str()).min();
    let last_seen = here().filter_map(|a| a["lastEventTime"].as_str()).max();
    // Machines by how many of the user's alerts they raised, most first; ties in tenant order.
    let mut counts: Vec<(&Value, usize)> = Vec::new();
    for m in &state.machines {
        let n = alerts.iter().filter(|a| a["machineId"] == m["id"]).count();
        if n > 0 {
            counts.push((&m["id"], n));
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let sid = alerts
        .iter()
        .flat_map(|a| a["evidence"].as_array().into_iter().flatten())
        .find(|e| {
            e["entityType"] == "User"
                && e["accountName"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .map(|e| e["userSid"].clone())
        .unwrap_or(Value::Null);
    // Servers are reached over Remote Desktop, Linux machines over SSH (a network logon).
    let platform = machine["osPlatform"].as_str().unwrap_or_default();
    let logon_types = if platform == "Linux" {
        "Network"
    } else if platform.starts_with("WindowsServer") {
        "RemoteInteractive"
    } else {
        "Interactive"
    };
    json!({
        "id": format!("{}\\{name}", domain.to_ascii_lowercase()),
        "accountName": name,
        "accountDomain": domain.to_ascii_lowercase(),
        "accountSid": sid,
        "firstSeen": first_seen,
        "lastSeen": last_seen,
        "mostPrevalentMachineId": counts.first().map(|c| c.0.clone()),
        "leastPrevalentMachineId": counts.last().map(|c| c.0.clone()),
        "logonTypes": logon_types,
        "logOnMachinesCount": counts.len(),
        "isDomainAdmin": state.domain_admins.iter().any(|a| a.eq_ignore_ascii_case(name)),
        "isOnlyNetworkUser": logon_types == "Network",
    })
}
