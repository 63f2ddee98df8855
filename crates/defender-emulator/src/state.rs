//! The emulator's in-memory store and the helpers shared by every route.
//!
//! Entities are kept as `serde_json::Value` objects in Defender's field order, so that
//! what tests insert and what the API returns are the same documents. All access goes
//! through one `std::sync::Mutex`; handlers are synchronous, so the lock is never held
//! across an `.await`.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::{seed, ActionProgress, Config, Fault, RecordedRequest, TENANT_ID};

/// State plus the immutable parts every request needs.
pub(crate) struct Shared {
    pub config: Config,
    pub base_url: String,
    state: Mutex<State>,
}

impl Shared {
    pub fn new(config: Config, base_url: String, state: State) -> Self {
        Shared {
            config,
            base_url,
            state: Mutex::new(state),
        }
    }

    /// Locks the state. A poisoned lock is recovered rather than propagated: the store
    /// stays usable and the emulator must never panic because a test thread did.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A token handed out by the token endpoint.
#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    pub expires_at: OffsetDateTime,
    pub roles: Vec<String>,
    pub audience: String,
    pub revoked: bool,
}

/// A machine action and how many reads it has seen since its last transition.
#[derive(Debug, Clone)]
pub(crate) struct ActionRec {
    pub value: Value,
    pub reads: u32,
}

impl ActionRec {
    pub fn status(&self) -> &str {
        self.value["status"].as_str().unwrap_or("")
    }

    pub fn is_active(&self) -> bool {
        matches!(self.status(), "Pending" | "InProgress")
    }

    pub fn str_field(&self, name: &str) -> &str {
        self.value[name].as_str().unwrap_or("")
    }
}

/// A file of the live response library: the entity list-library-files.md documents and the
/// bytes uploaded, which live response runs (RunScript) and pushes to machines (PutFile).
#[derive(Debug, Clone)]
pub(crate) struct LibraryFile {
    pub entity: Value,
    pub content: Vec<u8>,
}

impl LibraryFile {
    /// A library file as Defender lists it, its `sha256` computed from `content`.
    pub fn new(
        name: &str,
        content: Vec<u8>,
        description: Option<&str>,
        parameters_description: Option<&str>,
        created_by: &str,
        time: &str,
    ) -> LibraryFile {
        let mut entity = serde_json::json!({
            "fileName": name,
            "sha256": sha256_hex(&content),
            "description": description,
            "creationTime": time,
            "lastUpdatedTime": time,
            "createdBy": created_by,
            "hasParameters": parameters_description.is_some(),
        });
        // The page's example leaves `parametersDescription` out of a file without parameters.
        if let Some(text) = parameters_description {
            entity["parametersDescription"] = Value::String(text.to_owned());
        }
        LibraryFile { entity, content }
    }

    pub fn name(&self) -> &str {
        self.entity["fileName"].as_str().unwrap_or("")
    }
}

/// A live response result as blob storage holds it behind a SAS link.
#[derive(Debug, Clone)]
pub(crate) struct Blob {
    pub content: Vec<u8>,
    pub expires: OffsetDateTime,
    /// The link's `sig`: a link with another one is refused, as a forged SAS is.
    pub sig: String,
}

#[derive(Default)]
pub(crate) struct State {
    pub alerts: Vec<Value>,
    pub machines: Vec<Value>,
    pub actions: Vec<ActionRec>,
    pub indicators: Vec<Value>,
    pub next_indicator_id: u64,
    pub investigations: Vec<Value>,
    pub next_investigation_id: u64,
    pub files: Vec<Value>,
    /// The live response library (list-library-files.md), oldest first.
    pub library: Vec<LibraryFile>,
    /// Live response commands made to fail: a script, file or path (compared without regard
    /// to case) and the error text the command then reports.
    pub live_failures: Vec<(String, String)>,
    /// Files on the machines, by path, for GetFile; other paths get a text naming them.
    pub machine_files: Vec<(String, Vec<u8>)>,
    /// Live response results behind the download links, by the link's token.
    pub blobs: HashMap<String, Blob>,
    pub process_events: Vec<Value>,
    /// The products each machine runs, for the vulnerability management routes.
    pub installed: Vec<crate::inventory::Installed>,
    /// The account names that are domain administrators, for the logon users' `isDomainAdmin`.
    pub domain_admins: Vec<String>,
    pub tokens: HashMap<String, TokenInfo>,
    pub faults: VecDeque<Fault>,
    pub requests: Vec<RecordedRequest>,
    /// Requests being answered now, and the most there ever were at once.
    pub in_flight: usize,
    pub most_in_flight: usize,
    pub rate_windows: HashMap<String, VecDeque<Instant>>,
    /// Advanced hunting queries run so far, against `Config::hunting_cpu_quota`.
    pub hunting_runs: u32,
}

impl State {
    /// An alert as the emulator stores it: defaults for what `alert` leaves out.
    fn complete_alert(&self, alert: Value) -> Value {
        let now = now_stamp();
        let mut defaults = seed::alert_template();
        defaults["id"] = Value::String(new_alert_id());
        defaults["incidentId"] = Value::from(rand::random_range(100_000u64..999_999));
        defaults["detectorId"] = Value::String(new_guid());
        for field in [
            "alertCreationTime",
            "firstEventTime",
            "lastEventTime",
            "lastUpdateTime",
        ] {
            defaults[field] = Value::String(now.clone());
        }
        let given = into_object(alert);
        // A machine given by id lends its name and group, as Defender denormalises them.
        if let Some(machine) = given
            .get("machineId")
            .and_then(Value::as_str)
            .and_then(|id| self.machine_index(id))
            .map(|i| &self.machines[i])
        {
            defaults["computerDnsName"] = machine["computerDnsName"].clone();
            defaults["rbacGroupName"] = machine["rbacGroupName"].clone();
        }
        overlay(defaults, given)
    }

    pub fn add_alert(&mut self, alert: Value) -> Value {
        let stored = self.complete_alert(alert);
        let id = stored["id"].as_str().unwrap_or_default().to_string();
        match self.alert_index(&id) {
            Some(i) => self.alerts[i] = stored.clone(),
            None => self.alerts.push(stored.clone()),
        }
        stored
    }

    /// `add_alert` for many alerts at once: the IDs are indexed once, so that loading a
    /// benchmark's hundred thousand alerts is not quadratic.
    pub fn add_alerts(&mut self, alerts: impl IntoIterator<Item = Value>) -> usize {
        let mut index: HashMap<String, usize> = self
            .alerts
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a["id"].as_str().map(|id| (id.to_owned(), i)))
            .collect();
        let mut added = 0;
        for alert in alerts {
            let stored = self.complete_alert(alert);
            let id = stored["id"].as_str().unwrap_or_default().to_owned();
            match index.get(&id) {
                Some(&i) => self.alerts[i] = stored,
                None => {
                    index.insert(id, self.alerts.len());
                    self.alerts.push(stored);
                }
            }
            added += 1;
        }
        added
    }

    pub fn add_machine(&mut self, machine: Value) -> Value {
        let now = now_stamp();
        let mut defaults = seed::machine_template();
        defaults["id"] = Value::String(random_hex(20));
        defaults["computerDnsName"] = Value::String(format!(
            "ws-emu-{:03}.contoso.local",
            rand::random_range(0u32..1000)
        ));
        defaults["firstSeen"] = Value::String(now.clone());
        defaults["lastSeen"] = Value::String(now);
        let stored = overlay(defaults, into_object(machine));
        let id = stored["id"].as_str().unwrap_or_default().to_string();
        match self.machines.iter().position(|m| m["id"] == id.as_str()) {
            Some(i) => self.machines[i] = stored.clone(),
            None => self.machines.push(stored.clone()),
        }
        stored
    }

    pub fn inject(&mut self, fault: Fault) {
        let times = match &fault {
            Fault::Throttle { times, .. }
            | Fault::ServerError { times, .. }
            | Fault::Delay { times, .. }
            | Fault::DropConnection { times, .. } => *times,
            Fault::ExpireTokenOnce => 1,
        };
        if times > 0 {
            self.faults.push_back(fault);
        }
    }

    /// Takes one use of the first fault matching `path`, if any.
    pub fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let is_api = is_api_path(path);
        let index = self.faults.iter().position(|f| {
            let prefix = match f {
                Fault::Throttle { path_prefix, .. }
                | Fault::ServerError { path_prefix, .. }
                | Fault::Delay { path_prefix, .. }
                | Fault::DropConnection { path_prefix, .. } => path_prefix.as_deref(),
                Fault::ExpireTokenOnce => None,
            };
            match prefix {
                None => is_api,
                Some(p) => path
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p)),
            }
        })?;
        let fault = self.faults.get_mut(index)?;
        let taken = fault.clone();
        let exhausted = match fault {
            Fault::Throttle { times, .. }
            | Fault::ServerError { times, .. }
            | Fault::Delay { times, .. }
            | Fault::DropConnection { times, .. } => {
                *times = times.saturating_sub(1);
                *times == 0
            }
            Fault::ExpireTokenOnce => true,
        };
        if exhausted {
            self.faults.remove(index);
        }
        Some(taken)
    }

    pub fn expire_tokens(&mut self) {
        for token in self.tokens.values_mut() {
            token.revoked = true;
        }
    }

    /// Creates a token; returns it with its expiry.
    pub fn issue_token(
        &mut self,
        roles: Vec<String>,
        audience: &str,
        lifetime_secs: u64,
    ) -> (String, OffsetDateTime) {
        let token = format!("emu.{}", random_hex(32));
        let lifetime = i64::try_from(lifetime_secs).unwrap_or(i64::MAX / 4);
        let expires_at = OffsetDateTime::now_utc()
            .checked_add(time::Duration::seconds(lifetime))
            .unwrap_or(OffsetDateTime::now_utc());
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                expires_at,
                roles,
                audience: audience.to_string(),
                revoked: false,
            },
        );
        (token, expires_at)
    }

    pub fn set_action_status(&mut self, action_id: &str, status: &str) {
        if let Some(i) = self.action_index(action_id) {
            let action = &mut self.actions[i];
            action.value["status"] = Value::String(status.to_string());
            action.value["lastUpdateDateTimeUtc"] = Value::String(now_stamp());
            action.reads = 0;
            self.settle(i);
        }
    }

    /// What a finished action changes on its machine: an Offboard action that succeeded leaves
    /// the machine offboarded.
    fn settle(&mut self, index: usize) {
        let action = &self.actions[index];
        if action.str_field("type") == "LiveResponse" {
            self.settle_live_response(index);
            return;
        }
        if action.str_field("type") != "Offboard" || action.status() != "Succeeded" {
            return;
        }
        let machine_id = action.str_field("machineId").to_string();
        if let Some(m) = self.machine_index_by_id(&machine_id) {
            self.machines[m]["onboardingStatus"] = Value::String("Offboarded".into());
        }
    }

    /// Counts one read of an action and advances it when the configured count is hit.
    pub fn note_action_read(&mut self, index: usize, progress: ActionProgress) {
        let (every, outcome) = match progress {
            ActionProgress::OnRead(every) => (every, "Succeeded"),
            ActionProgress::FailsOnRead(every) => (every, "Failed"),
            ActionProgress::Manual => return,
        };
        let Some(action) = self.actions.get_mut(index) else {
            return;
        };
        let next = match action.status() {
            "Pending" => "InProgress",
            "InProgress" => outcome,
            _ => return,
        };
        action.reads += 1;
        if action.reads >= every.max(1) {
            action.reads = 0;
            action.value["status"] = Value::String(next.to_string());
            action.value["lastUpdateDateTimeUtc"] = Value::String(now_stamp());
            self.settle(index);
        }
    }

    pub fn alert_index(&self, id: &str) -> Option<usize> {
        self.alerts.iter().position(|a| a["id"] == id)
    }

    /// Finds a machine by its 40-hex id or by its computer DNS name, both compared
    /// case-insensitively as Defender does for `GET /machines/{id}`.
    pub fn machine_index(&self, key: &str) -> Option<usize> {
        let eq = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(key));
        self.machines
            .iter()
            .position(|m| eq(&m["id"]))
            .or_else(|| self.machines.iter().position(|m| eq(&m["computerDnsName"])))
    }

    /// A machine by its 40-hex ID only, as every path under `/api/machines/{id}/` takes it:
    /// Microsoft documents the computer name for `GET /api/machines/{id}` alone, so a name
    /// there is an unknown machine.
    pub fn machine_index_by_id(&self, id: &str) -> Option<usize> {
        if !is_hex(id, 40) {
            return None;
        }
        self.machines
            .iter()
            .position(|m| m["id"].as_str().is_some_and(|s| s.eq_ignore_ascii_case(id)))
    }

    pub fn action_index(&self, id: &str) -> Option<usize> {
        self.actions
            .iter()
            .position(|a| a.str_field("id").eq_ignore_ascii_case(id))
    }

    /// A live response library file by name. Windows file names are case-insensitive, and
    /// so is the library's `{fileName}` (delete-library.md shows no case rule; we assume
    /// Windows').
    pub fn library_index(&self, name: &str) -> Option<usize> {
        self.library
            .iter()
            .position(|f| f.name().eq_ignore_ascii_case(name))
    }

    pub fn file_index(&self, hash: &str) -> Option<usize> {
        let eq = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(hash));
        self.files
            .iter()
            .position(|f| eq(&f["sha1"]) || eq(&f["sha256"]))
    }
}

/// Paths under `/api/` are API calls; everything else is the token endpoint or noise.
pub(crate) fn is_api_path(path: &str) -> bool {
    path.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("/api/"))
        || path.eq_ignore_ascii_case("/api")
}

/// Turns anything into a JSON object; a non-object contributes no fields.
pub(crate) fn into_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Fields of `given` replace those of `base` in place; new fields go at the end.
pub(crate) fn overlay(base: Value, given: Map<String, Value>) -> Value {
    let mut base = into_object(base);
    for (key, value) in given {
        base.insert(key, value);
    }
    Value::Object(base)
}

/// Defender's time stamp style: RFC 3339, UTC, 7 fractional digits and `Z`.
pub(crate) fn fmt_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 100
    )
}

pub(crate) fn now_stamp() -> String {
    fmt_time(OffsetDateTime::now_utc())
}

/// Parses RFC 3339, also accepting a missing offset (taken as UTC) and a bare date,
/// because Defender's own stamps and OData literals come in all three shapes.
pub(crate) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    if s.len() == 10 {
        return OffsetDateTime::parse(&format!("{s}T00:00:00Z"), &Rfc3339).ok();
    }
    OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339).ok()
}

/// SHA-256 of `bytes` in lower-case hex, as the library lists a file's `sha256`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn is_guid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() && s.len() == 36
}

pub(crate) fn random_hex(bytes: usize) -> String {
    (0..bytes)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect()
}

pub(crate) fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Alert ids look like `da637551227677560813_-961444813`.
pub(crate) fn new_alert_id() -> String {
    format!(
        "da{}_{}",
        rand::random_range(637_000_000_000_000_000u64..639_000_000_000_000_000),
        rand::random_range(-2_000_000_000i64..2_000_000_000)
    )
}

/// Tenant id put on alerts: the emulator has exactly one tenant.
pub(crate) fn tenant_value() -> Value {
    Value::String(TENANT_ID.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_format_has_seven_digits_and_z() {
        let t = parse_time("2026-11-23T10:15:04.3825985Z").unwrap();
        assert_eq!(fmt_time(t), "2026-11-23T10:15:04.3825985Z");
        let t = parse_time("2026-11-23T11:15:04+01:00").unwrap();
        assert_eq!(fmt_time(t), "2026-11-23T10:15:04.0000000Z");
        assert!(parse_time("2026-11-23").is_some());
        assert!(parse_time("2026-11-23T10:00:00").is_some());
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn faults_match_by_prefix_and_count_down() {
        let mut s = State::default();
        s.inject(Fault::Throttle {
            path_prefix: Some("/api/Machines".into()),
            retry_after_secs: 1,
            times: 2,
        });
        assert!(s.take_fault("/api/alerts").is_none());
        assert!(s.take_fault("/API/machines/x").is_some());
        assert!(s.take_fault("/api/machines").is_some());
        assert!(s.take_fault("/api/machines").is_none());
        s.inject(Fault::ExpireTokenOnce);
        assert!(s.take_fault("/tenant/oauth2/token").is_none());
        assert_eq!(s.take_fault("/api/alerts"), Some(Fault::ExpireTokenOnce));
        assert!(s.faults.is_empty());
    }

    #[test]
    fn bulk_added_alerts_replace_by_id_like_single_ones() {
        let mut s = State::default();
        s.add_alert(json!({"id": "a1", "title": "old"}));
        let added = s.add_alerts([
            json!({"id": "a2", "title": "new"}),
            json!({"id": "a1", "title": "replaced"}),
            json!({"id": "a2", "title": "twice"}),
        ]);
        assert_eq!(added, 3);
        let titles: Vec<(&str, &str)> = s
            .alerts
            .iter()
            .map(|a| (a["id"].as_str().unwrap(), a["title"].as_str().unwrap()))
            .collect();
        assert_eq!(titles, [("a1", "replaced"), ("a2", "twice")]);
        assert!(
            s.alerts[1]["alertCreationTime"].is_string(),
            "defaults filled"
        );
    }
}
