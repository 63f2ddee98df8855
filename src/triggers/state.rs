//! The state file: `<workspace>/cache/<meta.triggerId>.json`, as the runtime names it, and its
//! backup `<triggerId>.json.bak`.
//!
//! A save writes a temporary file in the same directory, flushes it to disk, moves the current
//! file (when it is one this trigger wrote or read as good) to the backup, and renames the
//! temporary file into place. So a crash or a kill at any point leaves a good state in the file or
//! in the backup, never half of one. Without a usable `triggerId` the trigger runs without saved
//! state and says so, as the runtime does.
//!
//! Loading tries the file, then the backup. A file that cannot be used (not JSON, truncated,
//! empty, not our format, a time that does not parse) is set aside as `*.corrupt` and logged with
//! what is wrong. When neither holds a state although there was one (a damaged file, a directory
//! in its place, `cache` not a directory), the trigger does not start over from its backfill,
//! which would lose the alerts created while it was down: it starts from the recovery look-back
//! ([`recovery_start`]), which sends some alerts again rather than lose any. A watermark later
//! than the clock is set back to now. When the state cannot be saved at all, the trigger keeps
//! it in memory and says so once.
//!
//! Format (version 1):
//! `{"version": 1, "not_before": "<RFC 3339>", "watermark": "<RFC 3339>",
//!   "read_at": "<RFC 3339>", "seen": [{"id": "...", "created": "<RFC 3339>"}, ...]}`, `seen`
//! oldest first. A file without `read_at` was written by a version with a fixed five-minute
//! window ([`LEGACY_OVERLAP`]): `read_at` is read as the watermark, and the window starts no
//! earlier than those versions' did, since their seen set covers no more.

use super::poll::{odata_time, parse_time, state_time, State};
use crate::protocol::{shortened, shown};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime};

/// The format written; a file of another version is not ours to read.
pub const VERSION: u64 = 1;

/// The overlap window of the versions that wrote no `read_at`.
pub const LEGACY_OVERLAP: Duration = Duration::minutes(5);

/// How far back a trigger whose saved state is lost reads, at least: a day covers a restart, a
/// redeploy or a night of downtime, at the price of sending that day's alerts again.
pub const RECOVERY_LOOKBACK: Duration = Duration::hours(24);

/// The furthest back a recovery reads: Defender's longest alert retention.
pub const MAX_RECOVERY_LOOKBACK: Duration = Duration::days(180);

/// Where a trigger's state lives, if anywhere.
#[derive(Debug, Clone)]
pub struct StateStore {
    path: Option<PathBuf>,
    /// The file holds a state this trigger read or wrote, so a save may move it to the backup.
    file_is_good: bool,
    /// The last save failed (logged once, until a save succeeds again).
    failing: bool,
}

/// What loading found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// A state to resume from (the file's, else the backup's), a future watermark set back.
    Resume(State),
    /// No state and no sign of one: no file, or the runtime's new `{}`; start from the backfill.
    FirstStart,
    /// There was a state and none can be used: start from [`recovery_start`]. `last_written` is
    /// when the oldest damaged file was last written, if known.
    Lost {
        last_written: Option<OffsetDateTime>,
    },
}

/// What one file holds.
enum Found {
    Missing,
    /// The runtime creates a missing state file as `{}`: a first start, not damage.
    Blank,
    Good(State),
    Bad {
        why: String,
        written: Option<OffsetDateTime>,
    },
}

impl StateStore {
    /// The store for the trigger named by `meta.triggerId`; logs why there is none.
    pub fn for_trigger(workspace: &Path, meta: &Value) -> StateStore {
        let trigger_id = match meta.get("triggerId") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            Some(Value::Number(id)) => id.to_string(),
            _ => {
                tracing::error!(
                    "No trigger ID found in connection meta. Trigger will not be stateful."
                );
                return StateStore::at(None);
            }
        };
        if !is_file_stem(&trigger_id) {
            tracing::error!(
                "The trigger ID {} cannot name a state file (letters, digits, '.', '_' and '-' only). Trigger will not be stateful.",
                shown(&trigger_id)
            );
            return StateStore::at(None);
        }
        StateStore::at(Some(
            workspace.join("cache").join(format!("{trigger_id}.json")),
        ))
    }

    /// A store at an explicit path (tests), or none.
    pub fn at(path: Option<PathBuf>) -> StateStore {
        StateStore {
            path,
            file_is_good: false,
            failing: false,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The backup next to the state file.
    pub fn backup_path(&self) -> Option<PathBuf> {
        self.path.as_deref().map(|path| suffixed(path, ".bak"))
    }

    /// The saved state, or why there is none; every problem is logged with the file, what is
    /// wrong, and what the trigger does about it.
    pub fn load(&mut self, now: OffsetDateTime) -> Loaded {
        let Some(path) = self.path.clone() else {
            return Loaded::FirstStart;
        };
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        match std::fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                tracing::info!(
                    "The state directory {} does not exist; creating it",
                    dir.display()
                );
                if let Err(err) = std::fs::create_dir_all(dir) {
                    tracing::error!("Could not create {}: {err}", dir.display());
                }
                return Loaded::FirstStart;
            }
            Ok(_) => {
                tracing::error!(
                    "{} is not a directory, so the trigger can neither read its state file {} nor save it: it keeps its state in memory only. Replace it with a directory.",
                    dir.display(),
                    path.display()
                );
                self.failing = true;
                return Loaded::Lost { last_written: None };
            }
            Err(err) => {
                tracing::error!(
                    "The state directory {} cannot be read ({err}), so neither can the state file {}",
                    dir.display(),
                    path.display()
                );
                return Loaded::Lost { last_written: None };
            }
        }
        let file = examine(&path);
        if let Found::Good(state) = file {
            self.file_is_good = true;
            return Loaded::Resume(clamp(state, now, &path));
        }
        let backup = suffixed(&path, ".bak");
        let file_written = self.report(&path, &file);
        match examine(&backup) {
            Found::Good(state) => {
                tracing::warn!(
                    "Resuming from the backup {}, the state saved before the last one: alerts sent after it was written may be sent again",
                    backup.display()
                );
                Loaded::Resume(clamp(state, now, &backup))
            }
            Found::Missing | Found::Blank if matches!(file, Found::Missing | Found::Blank) => {
                Loaded::FirstStart
            }
            Found::Missing | Found::Blank => {
                tracing::error!("There is no backup ({}) to fall back on", backup.display());
                Loaded::Lost {
                    last_written: file_written,
                }
            }
            bad => {
                let backup_written = self.report(&backup, &bad);
                Loaded::Lost {
                    last_written: match (file_written, backup_written) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                }
            }
        }
    }

    /// Logs what is wrong with a file, and sets a damaged one aside. Returns when it was written.
    fn report(&mut self, path: &Path, found: &Found) -> Option<OffsetDateTime> {
        let Found::Bad { why, written } = found else {
            return None;
        };
        if path.is_dir() {
            // Nothing can be saved over a directory; it is not ours to move.
            tracing::error!(
                "The state file {} cannot be used: {why}. The trigger keeps its state in memory only until that directory is removed.",
                path.display()
            );
            self.failing = true;
            return *written;
        }
        let aside = suffixed(path, ".corrupt");
        let moved = path.exists() && std::fs::rename(path, &aside).is_ok();
        tracing::error!(
            "The state file {} cannot be used: {why}{}",
            path.display(),
            if moved {
                format!(". It was moved to {}", aside.display())
            } else {
                String::new()
            }
        );
        *written
    }

    /// Saves `state`, keeping the previous good state as the backup. A failure is logged once
    /// (until a save succeeds again), and the next save tries again.
    pub fn save(&mut self, state: &State) -> bool {
        let Some(path) = self.path.clone() else {
            return false;
        };
        match self.write(&path, encode(state).to_string().as_bytes()) {
            Ok(()) => {
                self.file_is_good = true;
                if self.failing {
                    tracing::info!("The trigger state is saved to {} again", path.display());
                    self.failing = false;
                }
                true
            }
            Err(err) if self.failing => {
                tracing::debug!("Still cannot save the trigger state: {err}");
                false
            }
            Err(err) => {
                tracing::error!(
                    "Could not save the trigger state to {}: {err}. The trigger keeps its state in memory and tries again at each change; a restart before a save succeeds resumes from an older state, and may send alerts again.",
                    path.display()
                );
                self.failing = true;
                false
            }
        }
    }

    /// Writes `bytes` to a temporary file next to `path`, flushes it to disk, moves a good
    /// current file to the backup and renames the temporary file over `path`.
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            if self.file_is_good && path.is_file() {
                // Between this rename and the next the file is missing: a load then resumes from
                // the backup, one event back (a repeat, not a loss).
                if let Err(err) = std::fs::rename(path, suffixed(path, ".bak")) {
                    tracing::debug!("Could not keep the previous state as the backup: {err}");
                }
            }
            std::fs::rename(&temp, path)?;
            // The renames are durable once the directory is; not every system can sync one.
            if let Ok(dir) = std::fs::File::open(dir) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

/// Where a trigger whose saved state is lost starts reading: the longer of the backfill and
/// [`RECOVERY_LOOKBACK`] before now, or, when the damaged file tells when it was last written,
/// the overlap window before that if it is earlier (the trigger was down longer than a day),
/// never more than [`MAX_RECOVERY_LOOKBACK`] back. Alerts sent before the state was lost are
/// sent again; none created while the trigger was down is skipped.
pub fn recovery_start(
    now: OffsetDateTime,
    backfill: Duration,
    overlap: Duration,
    last_written: Option<OffsetDateTime>,
) -> OffsetDateTime {
    let back = |d: Duration| now.checked_sub(d).unwrap_or(now);
    let mut start = back(backfill.max(RECOVERY_LOOKBACK));
    if let Some(written) = last_written {
        let written = written.min(now);
        start = start.min(written.checked_sub(overlap).unwrap_or(written));
    }
    start.max(back(MAX_RECOVERY_LOOKBACK))
}

/// Sets back a watermark later than the clock (a clock that was wrong, an edited file): left
/// alone, it would skip every alert created until the clock caught up.
fn clamp(mut state: State, now: OffsetDateTime, source: &Path) -> State {
    if state.watermark > now || state.not_before > now || state.read_at > now {
        tracing::warn!(
            "The state in {} reads alerts from {}, later than the clock ({}); it is set back to now",
            source.display(),
            odata_time(state.watermark.max(state.not_before).max(state.read_at)),
            odata_time(now)
        );
        state.watermark = state.watermark.min(now);
        state.not_before = state.not_before.min(now);
        state.read_at = state.read_at.min(now);
    }
    state
}

/// What `path` holds.
fn examine(path: &Path) -> Found {
    let written = || {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
            .map(OffsetDateTime::from)
    };
    let bad = |why: String| Found::Bad {
        why,
        written: written(),
    };
    match std::fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Found::Missing,
        Ok(meta) if meta.is_dir() => {
            return Found::Bad {
                why: "it is a directory, not a file".into(),
                written: None,
            }
        }
        _ => {}
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => return bad(format!("it cannot be read ({err})")),
    };
    if text.trim().is_empty() {
        return bad("it is empty".into());
    }
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => return bad(format!("it is not JSON, perhaps cut short ({err})")),
    };
    if value.as_object().is_some_and(|map| map.is_empty()) {
        return Found::Blank;
    }
    match decode(&value) {
        Ok(state) => Found::Good(state),
        Err(why) => bad(why),
    }
}

/// `path` with `suffix` added to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The state as saved.
pub fn encode(state: &State) -> Value {
    let mut seen: Vec<(&String, &time::OffsetDateTime)> = state.seen.iter().collect();
    seen.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    json!({
        "version": VERSION,
        "not_before": state_time(state.not_before),
        "watermark": state_time(state.watermark),
        "read_at": state_time(state.read_at),
        "seen": seen
            .into_iter()
            .map(|(id, created)| json!({"id": id, "created": state_time(*created)}))
            .collect::<Vec<_>>(),
    })
}

/// Reads a saved state; the error says what is wrong.
pub fn decode(value: &Value) -> Result<State, String> {
    if value.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(format!("it is not version {VERSION} of the trigger state"));
    }
    let time_at = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .and_then(parse_time)
            .ok_or_else(|| {
                // JSON text: already quoted and escaped, only too long maybe.
                let held = value.get(key).map_or("nothing".into(), Value::to_string);
                format!(
                    "\"{key}\" is not a time (it holds {})",
                    shortened(&held, 60)
                )
            })
    };
    let not_before = time_at("not_before")?;
    let watermark = time_at("watermark")?;
    let (read_at, not_before) = match value.get("read_at") {
        None => {
            let legacy_start = watermark.checked_sub(LEGACY_OVERLAP).unwrap_or(watermark);
            (watermark, not_before.max(legacy_start))
        }
        Some(_) => (time_at("read_at")?, not_before),
    };
    let items = value
        .get("seen")
        .and_then(Value::as_array)
        .ok_or("\"seen\" is not a list")?;
    let mut seen = HashMap::with_capacity(items.len());
    for item in items {
        let id = item.get("id").and_then(Value::as_str);
        let created = item
            .get("created")
            .and_then(Value::as_str)
            .and_then(parse_time);
        match (id, created) {
            (Some(id), Some(created)) => seen.insert(id.to_owned(), created),
            _ => return Err("an entry of \"seen\" has no ID or time".into()),
        };
    }
    Ok(State {
        not_before,
        watermark,
        read_at,
        seen,
    })
}

/// Letters, digits, `.`, `_` and `-`, not starting with a dot: never a path, never hidden.
fn is_file_stem(id: &str) -> bool {
    (1..=200).contains(&id.len())
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn state() -> State {
        let mut state = State::fresh(NOW, time::Duration::hours(1));
        state.watermark = datetime!(2026-11-23 11:30:00.1234567 UTC);
        state
            .seen
            .insert("da1".into(), datetime!(2026-11-23 11:29 UTC));
        state
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t-1"}));
        assert_eq!(store.load(NOW), Loaded::FirstStart);
        assert!(store.save(&state()));
        assert_eq!(store.load(NOW), Loaded::Resume(state()));
        assert_eq!(
            files(&dir.path().join("cache")),
            ["t-1.json"],
            "no temporary file is left"
        );
    }

    #[test]
    fn each_save_keeps_the_previous_state_as_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t"}));
        let first = State::fresh(NOW, time::Duration::hours(1));
        assert!(store.save(&first));
        assert!(store.save(&state()));
        assert_eq!(files(&dir.path().join("cache")), ["t.json", "t.json.bak"]);
        let backup = std::fs::read_to_string(store.backup_path().unwrap()).unwrap();
        assert_eq!(decode(&serde_json::from_str(&backup).unwrap()), Ok(first));
        assert_eq!(store.load(NOW), Loaded::Resume(state()));
    }

    #[test]
    fn a_file_someone_else_damaged_never_becomes_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t"}));
        assert!(store.save(&state()));
        assert!(store.save(&state()));
        let path = store.path().unwrap().to_path_buf();
        std::fs::write(&path, "{\"version\": 1, \"seen\": 3").unwrap();
        let mut restarted = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t"}));
        assert_eq!(
            restarted.load(NOW),
            Loaded::Resume(state()),
            "from the backup"
        );
        assert!(restarted.save(&State::fresh(NOW, time::Duration::ZERO)));
        let backup = std::fs::read_to_string(restarted.backup_path().unwrap()).unwrap();
        assert_eq!(decode(&serde_json::from_str(&backup).unwrap()), Ok(state()));
        assert!(path.with_extension("json.corrupt").exists());
    }

    #[test]
    fn a_state_file_from_before_read_at_resends_nothing_after_the_upgrade() {
        let old = json!({
            "version": 1,
            "not_before": "2026-11-23T09:00:00Z",
            "watermark": "2026-11-23T11:30:00Z",
            "seen": [{"id": "da1", "created": "2026-11-23T11:29:00Z"}],
        });
        let state = decode(&old).unwrap();
        assert_eq!(state.read_at, datetime!(2026-11-23 11:30 UTC));
        // Its seen set covers the five minutes before the watermark, not the hour of today's
        // default window: the window starts there, and grows as the watermark moves on.
        assert_eq!(
            state.since(super::super::poll::DEFAULT_OVERLAP),
            datetime!(2026-11-23 11:25 UTC)
        );
    }

    #[test]
    fn trigger_ids_that_are_not_file_names_give_no_store() {
        let dir = tempfile::tempdir().unwrap();
        for meta in [
            json!({}),
            json!(null),
            json!({"triggerId": ""}),
            json!({"triggerId": "../escape"}),
            json!({"triggerId": ".hidden"}),
            json!({"triggerId": "a/b"}),
            json!({"triggerId": {"x": 1}}),
        ] {
            let mut store = StateStore::for_trigger(dir.path(), &meta);
            assert_eq!(store.path(), None, "{meta}");
            assert_eq!(store.load(NOW), Loaded::FirstStart);
            assert!(!store.save(&state()));
        }
    }

    /// The store of trigger `t`, its state file holding `contents`.
    fn store_holding(dir: &Path, contents: &str) -> (StateStore, PathBuf) {
        let store = StateStore::for_trigger(dir, &json!({"triggerId": "t"}));
        let path = store.path().unwrap().to_path_buf();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        (store, path)
    }

    #[test]
    fn the_runtimes_empty_state_is_a_first_start_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, path) = store_holding(dir.path(), "{}");
        assert_eq!(store.load(NOW), Loaded::FirstStart);
        assert!(path.exists());
    }

    #[test]
    fn a_lost_state_tells_when_it_was_last_written() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_holding(dir.path(), "\0\0\0");
        let Loaded::Lost {
            last_written: Some(written),
        } = store.load(OffsetDateTime::now_utc())
        else {
            panic!("a damaged file is a lost state with its time");
        };
        assert!((OffsetDateTime::now_utc() - written).abs() < time::Duration::minutes(1));
    }

    #[test]
    fn the_recovery_reaches_back_a_day_or_to_before_the_last_write() {
        let hour = time::Duration::hours(1);
        assert_eq!(
            recovery_start(NOW, hour, hour, None),
            NOW - RECOVERY_LOOKBACK
        );
        let week = time::Duration::days(7);
        assert_eq!(recovery_start(NOW, week, hour, None), NOW - week);
        // Down for three days: back to the overlap before the last write.
        let written = NOW - time::Duration::days(3);
        assert_eq!(
            recovery_start(NOW, hour, hour, Some(written)),
            written - hour
        );
        // A recent write does not shorten the day.
        assert_eq!(
            recovery_start(NOW, hour, hour, Some(NOW - hour)),
            NOW - RECOVERY_LOOKBACK
        );
        assert_eq!(
            recovery_start(NOW, hour, hour, Some(NOW - time::Duration::days(999))),
            NOW - MAX_RECOVERY_LOOKBACK
        );
    }
}
