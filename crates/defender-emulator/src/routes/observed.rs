//! What the tenant has seen of a file, an IP address or a domain, derived from the seeded
//! alerts' evidence, process events and machines: the statistics (`…/stats`) and the related
//! alerts and machines of get-file-statistics.md, get-file-related-machines.md,
//! get-file-related-alerts.md, get-ip-statistics.md, get-ip-related-alerts.md,
//! get-domain-statistics.md, get-domain-related-alerts.md and get-domain-related-machines.md.
//!
//! Each sighting is a machine at a time: a file in an alert's evidence or a process event, an
//! address in an alert's evidence or among a machine's addresses (at its `lastSeen`), a domain
//! as the host of a URL in an alert's evidence.

use std::net::IpAddr;

use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use super::alerts::{render, url_host};
use super::machines::has_ip;
use super::{collection, context, Observed, Req};
use crate::errors::{ApiError, Reply};
use crate::odata::{query_pairs, QueryOptions};
use crate::state::{fmt_time, is_hex, parse_time, State};
use crate::{Config, UndocumentedOptions};

/// The statistics pages' maximum `lookBackHours`, and their default: 30 days.
const MAX_LOOK_BACK_HOURS: i64 = 720;
/// get-domain-related-machines.md: "Responses are limited to 500 devices in results."
const MAX_DOMAIN_MACHINES: usize = 500;

/// What is looked up: the path's `{id}` once checked.
enum Subject<'a> {
    File { sha1: &'a str, sha256: &'a str },
    Ip(IpAddr),
    Domain(&'a str),
}

struct Sighting<'a> {
    machine: &'a str,
    time: Option<OffsetDateTime>,
    /// The file's name where it was seen.
    name: Option<&'a str>,
}

fn str_eq(value: &Value, wanted: &str) -> bool {
    !wanted.is_empty()
        && value
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(wanted))
}

fn sightings<'a>(state: &'a State, subject: &Subject<'_>) -> Vec<Sighting<'a>> {
    let mut seen = Vec::new();
    for alert in &state.alerts {
        let machine = alert["machineId"].as_str().unwrap_or_default();
        for e in alert["evidence"].as_array().into_iter().flatten() {
            if evidence_matches(e, subject) {
                seen.push(Sighting {
                    machine,
                    time: e["evidenceCreationTime"].as_str().and_then(parse_time),
                    name: e["fileName"].as_str(),
                });
            }
        }
    }
    match subject {
        Subject::File { sha1, sha256 } => {
            for event in &state.process_events {
                if str_eq(&event["SHA1"], sha1) || str_eq(&event["SHA256"], sha256) {
                    seen.push(Sighting {
                        machine: event["DeviceId"].as_str().unwrap_or_default(),
                        time: event["Timestamp"].as_str().and_then(parse_time),
                        name: event["FileName"].as_str(),
                    });
                }
            }
        }
        Subject::Ip(ip) => {
            for machine in state.machines.iter().filter(|m| has_ip(m, *ip)) {
                seen.push(Sighting {
                    machine: machine["id"].as_str().unwrap_or_default(),
                    time: machine["lastSeen"].as_str().and_then(parse_time),
                    name: None,
                });
            }
        }
        Subject::Domain(_) => {}
    }
    seen
}

fn evidence_matches(e: &Value, subject: &Subject<'_>) -> bool {
    match subject {
        Subject::File { sha1, sha256 } => str_eq(&e["sha1"], sha1) || str_eq(&e["sha256"], sha256),
        Subject::Ip(ip) => e["ipAddress"]
            .as_str()
            .and_then(|s| s.parse::<IpAddr>().ok())
            .is_some_and(|other| other == *ip),
        Subject::Domain(domain) => e["url"]
            .as_str()
            .is_some_and(|raw| url_host(raw).eq_ignore_ascii_case(domain)),
    }
}

/// The file a hash names, as `(index, sha1, sha256)`; 400 `InvalidHashValue` for what is no
/// hash, 404 for a hash the tenant does not know.
fn file<'a>(
    state: &'a State,
    hash: &str,
    sha1_only: bool,
) -> Result<Option<Subject<'a>>, ApiError> {
    let shaped = is_hex(hash, 40) || (!sha1_only && is_hex(hash, 64));
    if !shaped {
        let expected = if sha1_only {
            "a SHA-1"
        } else {
            "a SHA-1 or SHA-256"
        };
        return Err(ApiError::bad_request(
            "InvalidHashValue",
            format!("Invalid hash value '{hash}': expected {expected}"),
        ));
    }
    Ok(state.file_index(hash).map(|i| {
        let f = &state.files[i];
        Subject::File {
            sha1: f["sha1"].as_str().unwrap_or_default(),
            sha256: f["sha256"].as_str().unwrap_or_default(),
        }
    }))
}

fn ip(raw: &str) -> Result<IpAddr, ApiError> {
    raw.parse().map_err(|_| {
        ApiError::bad_request(
            "InvalidIpAddress",
            format!("'{raw}' is not a valid IP address"),
        )
    })
}

/// A DNS name: labels of letters, digits and inner hyphens, at least two, 253 characters in
/// all.
fn domain(raw: &str) -> Result<&str, ApiError> {
    let labels: Vec<&str> = raw.split('.').collect();
    let ok = raw.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if ok {
        Ok(raw)
    } else {
        Err(ApiError::bad_request(
            "InvalidDomainName",
            format!("'{raw}' is not a valid domain name"),
        ))
    }
}

/// The request's query, which may hold only `documented` (compared as ASP.NET binds
/// parameters, without regard to case) when undocumented options are refused.
fn params(
    req: &Req,
    config: &Config,
    documented: &[&str],
) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = query_pairs(req.query);
    if config.undocumented_options == UndocumentedOptions::Refused {
        if let Some((key, _)) = pairs
            .iter()
            .find(|(key, _)| !documented.iter().any(|d| d.eq_ignore_ascii_case(key)))
        {
            return Err(ApiError::odata(format!(
                "The query parameter '{key}' is not supported."
            )));
        }
    }
    Ok(pairs)
}

/// `lookBackHours`: an Int32 from 1 to 720, 720 when absent.
fn look_back(req: &Req, config: &Config) -> Result<Duration, ApiError> {
    let pairs = params(req, config, &["lookBackHours"])?;
    let given = pairs
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("lookBackHours"))
        .map(|(_, value)| value.as_str());
    let hours = match given {
        None => MAX_LOOK_BACK_HOURS,
        Some(raw) => match raw.parse::<i32>() {
            Ok(hours) if (1..=MAX_LOOK_BACK_HOURS).contains(&i64::from(hours)) => i64::from(hours),
            _ => {
                return Err(ApiError::bad_request(
                    "InvalidInput",
                    format!(
                        "Invalid lookBackHours '{raw}': it must be a whole number of hours from 1 to {MAX_LOOK_BACK_HOURS}"
                    ),
                ))
            }
        },
    };
    Ok(Duration::hours(hours))
}

/// The organization's prevalence, first and last sighting within the look-back.
fn in_org(
    sightings: &[Sighting<'_>],
    config: &Config,
    look_back: Duration,
) -> (usize, Value, Value) {
    let until = config
        .statistics_until
        .unwrap_or_else(OffsetDateTime::now_utc);
    let from = until.checked_sub(look_back);
    let within: Vec<&Sighting<'_>> = sightings
        .iter()
        .filter(|s| {
            s.time
                .is_some_and(|t| t <= until && from.is_none_or(|from| t >= from))
        })
        .collect();
    let mut machines: Vec<&str> = within.iter().map(|s| s.machine).collect();
    machines.sort_unstable();
    machines.dedup();
    let stamp = |t: Option<OffsetDateTime>| t.map_or(Value::Null, |t| json!(fmt_time(t)));
    (
        machines.len(),
        stamp(within.iter().filter_map(|s| s.time).min()),
        stamp(within.iter().filter_map(|s| s.time).max()),
    )
}

/// A statistics answer: `@odata.context` first, as Defender sends it, then `fields`.
fn stats_answer(req: &Req, what: &str, fields: Value) -> Reply {
    let mut out = Map::new();
    out.insert(
        "@odata.context".into(),
        json!(context(
            req,
            &format!("microsoft.windowsDefenderATP.api.{what}")
        )),
    );
    if let Value::Object(fields) = fields {
        out.extend(fields);
    }
    Reply::ok(Value::Object(out))
}

/// `GET /api/files/{sha1|sha256}/stats`.
pub(super) fn file_stats(
    state: &mut State,
    config: &Config,
    req: &Req,
    hash: &str,
) -> Result<Reply, ApiError> {
    let look_back = look_back(req, config)?;
    let subject = file(state, hash, false)?
        .ok_or_else(|| ApiError::not_found(format!("File {hash} was not found")))?;
    let seen = sightings(state, &subject);
    let (prevalence, first, last) = in_org(&seen, config, look_back);
    let record = &state.files[state.file_index(hash).unwrap_or_default()];
    let mut names: Vec<(&str, usize)> = Vec::new();
    for name in seen.iter().filter_map(|s| s.name) {
        match names.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, count)) => *count += 1,
            None => names.push((name, 1)),
        }
    }
    names.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    Ok(stats_answer(
        req,
        "InOrgFileStats",
        json!({
            "sha1": record["sha1"],
            "organizationPrevalence": prevalence,
            "orgFirstSeen": first,
            "orgLastSeen": last,
            "globallyPrevalence": record["globalPrevalence"],
            "globalFirstObserved": record["globalFirstObserved"],
            "globalLastObserved": record["globalLastObserved"],
            "topFileNames": names.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        }),
    ))
}

/// `GET /api/ips/{ip}/stats` and `GET /api/domains/{domain}/stats`: an address or domain
/// never seen has a prevalence of 0.
pub(super) fn network_stats(
    state: &mut State,
    config: &Config,
    req: &Req,
    observed: Observed,
    raw: &str,
) -> Result<Reply, ApiError> {
    let (subject, what, key) = match observed {
        Observed::Domain => (Subject::Domain(domain(raw)?), "InOrgDomainStats", "host"),
        _ => (Subject::Ip(ip(raw)?), "InOrgIPStats", "ipAddress"),
    };
    let look_back = look_back(req, config)?;
    let (prevalence, first, last) = in_org(&sightings(state, &subject), config, look_back);
    let mut fields = Map::new();
    fields.insert(key.into(), json!(raw));
    fields.insert("organizationPrevalence".into(), json!(prevalence));
    fields.insert("orgFirstSeen".into(), first);
    fields.insert("orgLastSeen".into(), last);
    Ok(stats_answer(req, what, Value::Object(fields)))
}

/// The alerts with evidence of `subject`, as the alert list shows them without `$expand`.
fn alerts_of(state: &State, req: &Req, subject: Option<&Subject<'_>>) -> Reply {
    let items = match subject {
        Some(subject) => state
            .alerts
            .iter()
            .filter(|a| {
                a["evidence"]
                    .as_array()
                    .is_some_and(|list| list.iter().any(|e| evidence_matches(e, subject)))
            })
            .map(|a| render(a, &QueryOptions::default()))
            .collect(),
        None => Vec::new(),
    };
    Reply::ok(collection(req, "Alerts", items))
}

/// The machines with a sighting of `subject`, in the tenant's order, at most `cap`.
fn machines_of(state: &State, req: &Req, subject: Option<&Subject<'_>>, cap: usize) -> Reply {
    let seen: Vec<&str> = subject.map_or_else(Vec::new, |subject| {
        sightings(state, subject)
            .into_iter()
            .map(|s| s.machine)
            .collect()
    });
    let items = state
        .machines
        .iter()
        .filter(|m| seen.iter().any(|id| str_eq(&m["id"], id)))
        .take(cap)
        .cloned()
        .collect();
    Reply::ok(collection(req, "Machines", items))
}

/// The subject of a related list: a SHA-1 (get-file-related-*.md take no other hash), an
/// address or a domain; `None` for a file the tenant does not know, which has nothing related.
fn related_subject<'a>(
    state: &'a State,
    observed: Observed,
    raw: &'a str,
) -> Result<Option<Subject<'a>>, ApiError> {
    match observed {
        Observed::File => file(state, raw, true),
        Observed::Ip => ip(raw).map(|address| Some(Subject::Ip(address))),
        Observed::Domain => domain(raw).map(|host| Some(Subject::Domain(host))),
    }
}

/// `GET /api/{files|ips|domains}/{id}/alerts`.
pub(super) fn related_alerts(
    state: &mut State,
    config: &Config,
    req: &Req,
    observed: Observed,
    raw: &str,
) -> Result<Reply, ApiError> {
    let subject = related_subject(state, observed, raw)?;
    params(req, config, &[])?;
    Ok(alerts_of(state, req, subject.as_ref()))
}

/// `GET /api/{files|domains}/{id}/machines`; a domain's at most 500.
pub(super) fn related_machines(
    state: &mut State,
    config: &Config,
    req: &Req,
    observed: Observed,
    raw: &str,
) -> Result<Reply, ApiError> {
    let subject = related_subject(state, observed, raw)?;
    params(req, config, &[])?;
    let cap = match observed {
        Observed::Domain => MAX_DOMAIN_MACHINES,
        _ => usize::MAX,
    };
    Ok(machines_of(state, req, subject.as_ref(), cap))
}
