//! Get Machine Information: one machine named by its ID, its computer DNS name or an IP address.
//!
//! An ID is looked up directly (`GET /api/machines/{id}`). A name or an address can match
//! several machines (two devices reusing a name, DHCP handing an address on), and acting on the
//! wrong one is worse than failing, so both are looked up as filters and anything but exactly
//! one match is an error that names the candidates.

use super::query::{collect, odata_string, shown};
use super::{api_error, machine_action, Step};
use crate::api::ids::MachineRef;
use crate::api::{ApiPath, Machine};
use crate::protocol::PluginError;
pub use crate::spec::generated::get_machine_information::{Input, Output};
use std::net::IpAddr;

/// The title of the input, as the form shows it.
const FIELD: &str = "Machine";
/// Candidates are listed up to this many; more only make the message unreadable.
const MAX_CANDIDATES: u32 = 10;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let given = input.machine.trim();
    let machine = match named(given) {
        Some(Named::Address(ip)) => by_ip(step, ip).await?,
        Some(Named::Machine(machine)) if machine.is_machine_id() => by_id(step, &machine).await?,
        Some(Named::Machine(machine)) => by_name(step, &machine).await?,
        None => return Err(not_a_machine(given)),
    };
    Ok(Output { machine })
}

/// What a value names a machine by.
pub enum Named {
    Address(IpAddr),
    /// A 40-hex machine ID or a computer DNS name.
    Machine(MachineRef),
}

/// How `given` (without surrounding blanks) names a machine; `None` when it is neither an IP
/// address, a machine ID nor a computer DNS name.
pub fn named(given: &str) -> Option<Named> {
    // An address is tried first: `10.20.4.42` is also a well-formed DNS name.
    if let Ok(ip) = given.parse::<IpAddr>() {
        return Some(Named::Address(ip));
    }
    match MachineRef::parse(given) {
        Ok(machine) if !looks_like_an_address(given) => Some(Named::Machine(machine)),
        _ => None,
    }
}

/// Digits and dots only, with a dot, would be a DNS name nobody has: it is a mistyped address
/// (`10.20.4`, `010.20.4.42`) and is refused as one. A 40-digit ID has no dot.
fn looks_like_an_address(value: &str) -> bool {
    value.contains('.') && value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn not_a_machine(given: &str) -> PluginError {
    let cidr = given
        .split_once('/')
        .is_some_and(|(address, _)| address.parse::<IpAddr>().is_ok());
    let assistance = if cidr {
        "CIDR ranges are not supported: give a single IP address."
    } else {
        "Give a 40-character hexadecimal machine ID, a computer DNS name such as \
         ws-fin-042.contoso.local (letters, digits, '-', '.' and '_'), or a single IPv4 or IPv6 \
         address such as 10.20.4.42."
    };
    PluginError::new(
        format!(
            "The input {FIELD} {} is not a machine ID, a computer DNS name or an IP address.",
            shown(given)
        ),
        assistance,
    )
}

async fn by_id(step: &Step<'_>, machine: &MachineRef) -> Result<Machine, PluginError> {
    machine_action::machine_entity(step, machine).await
}

/// The full DNS name, or, when nothing has it, the host name as the first label of a full one.
async fn by_name(step: &Step<'_>, machine: &MachineRef) -> Result<Machine, PluginError> {
    let name = machine.as_str();
    let exact = format!("computerDnsName eq {}", odata_string(FIELD, name)?);
    let found = machines(step, exact).await?;
    if !found.is_empty() {
        return exactly_one(found, &format!("the name {}", shown(name)));
    }
    if !name.contains('.') {
        let prefix = format!(
            "startswith(computerDnsName,{})",
            odata_string(FIELD, &format!("{name}."))?
        );
        let found = machines(step, prefix).await?;
        if !found.is_empty() {
            return exactly_one(found, &format!("the host name {}", shown(name)));
        }
    }
    Err(none_found(&format!("the name {}", shown(name))))
}

/// The last IP address first; then the machines Defender saw with the address in the last
/// 15 minutes (`findbyip`), which also knows a machine's other adapters.
pub async fn by_ip(step: &Step<'_>, ip: IpAddr) -> Result<Machine, PluginError> {
    let what = format!("the IP address {ip}");
    let last = format!("lastIpAddress eq {}", odata_string(FIELD, &ip.to_string())?);
    let found = machines(step, last).await?;
    if !found.is_empty() {
        return exactly_one(found, &what);
    }
    // Whole seconds, as in Microsoft's example: .NET reads at most seven fractional digits and
    // the clock has nine.
    let now = step.ctx.time.clock.now();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let seen = match step.client.machines_by_ip(ip, now).await {
        Ok(seen) => seen,
        Err(crate::api::ApiError::Http { status: 404, .. }) => Vec::new(),
        Err(err) => return Err(api_error(None)(err)),
    };
    if seen.is_empty() {
        return Err(none_found(&what));
    }
    exactly_one(seen, &what)
}

async fn machines(step: &Step<'_>, filter: String) -> Result<Vec<Machine>, PluginError> {
    // One more than listed, so "more than ten" can be told from "ten".
    collect(
        step,
        ApiPath::new(["api", "machines"]),
        Some(filter),
        MAX_CANDIDATES + 1,
    )
    .await
}

fn exactly_one(mut found: Vec<Machine>, what: &str) -> Result<Machine, PluginError> {
    if found.len() == 1 {
        return Ok(found.remove(0));
    }
    let many = found.len() > MAX_CANDIDATES as usize;
    let listed: Vec<String> = found
        .iter()
        .take(MAX_CANDIDATES as usize)
        .map(|m| {
            format!(
                "{} ({}, last seen {})",
                m.id,
                m.computer_dns_name.as_deref().unwrap_or("no name"),
                m.last_seen.as_deref().unwrap_or("never")
            )
        })
        .collect();
    let count = if many {
        format!("more than {MAX_CANDIDATES}")
    } else {
        found.len().to_string()
    };
    Err(PluginError::new(
        format!(
            "The input {FIELD} matches {count} machines by {what}: {}.",
            listed.join("; ")
        ),
        "Give the 40-character machine ID of the one you mean.",
    ))
}

fn none_found(what: &str) -> PluginError {
    PluginError::new(
        format!("No machine was found by {what}."),
        "Check the value of the input Machine: give a machine ID, the computer DNS name as \
         Defender for Endpoint shows it, or an IP address the machine had in the last 15 minutes \
         or reported last.",
    )
}
