//! The state file: `<workspace>/cache/<meta.triggerId>.json`, as the runtime names it.
//!
//! Written atomically (a temporary file in the same directory, then a rename), so a crash or a
//! kill mid-write leaves the previous state, never half of one. Without a usable `triggerId`
//! the trigger runs without saved state and says so, as the runtime does. A file that cannot be
//! read as our state is set aside (renamed `*.corrupt`) and the trigger starts afresh.
//!
//! Format (version 1):
//! `{"version": 1, "not_before": "<RFC 3339>", "watermark": "<RFC 3339>",
//!   "seen": [{"id": "...", "created": "<RFC 3339>"}, ...]}`, `seen` oldest first.

use super::poll::{parse_time, state_time, State};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format written; a file of another version is not ours to read.
pub const VERSION: u64 = 1;

/// Where a trigger's state lives, if anywhere.
#[derive(Debug, Clone)]
pub struct StateStore {
    path: Option<PathBuf>,
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
                return StateStore { path: None };
            }
        };
        if !is_file_stem(&trigger_id) {
            tracing::error!(
                "The trigger ID {:?} cannot name a state file (letters, digits, '.', '_' and '-' only). Trigger will not be stateful.",
                trigger_id.chars().take(100).collect::<String>()
            );
            return StateStore { path: None };
        }
        StateStore {
            path: Some(workspace.join("cache").join(format!("{trigger_id}.json"))),
        }
    }

    /// A store at an explicit path (tests), or none.
    pub fn at(path: Option<PathBuf>) -> StateStore {
        StateStore { path }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The saved state, or `None` to start afresh (no store, no file, or an unusable file).
    pub fn load(&self) -> Option<State> {
        let path = self.path.as_ref()?;
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
            Err(err) => {
                tracing::error!(
                    "Could not read the state file {}: {err}. Starting without saved state.",
                    path.display()
                );
                return None;
            }
        };
        let parsed: Option<Value> = serde_json::from_str(&text).ok();
        // The runtime creates a new state file as `{}`: that is a first start, not damage.
        if parsed
            .as_ref()
            .is_some_and(|v| v.as_object().is_some_and(|m| m.is_empty()))
        {
            return None;
        }
        match parsed.as_ref().map(decode) {
            Some(Ok(state)) => Some(state),
            Some(Err(why)) => {
                self.set_aside(path, &why);
                None
            }
            None => {
                self.set_aside(path, "it is not JSON");
                None
            }
        }
    }

    /// Saves `state`; a failure is logged, and the next save tries again.
    pub fn save(&self, state: &State) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        match write_atomically(path, encode(state).to_string().as_bytes()) {
            Ok(()) => true,
            Err(err) => {
                tracing::error!(
                    "Could not save the trigger state to {}: {err}",
                    path.display()
                );
                false
            }
        }
    }

    fn set_aside(&self, path: &Path, why: &str) {
        let aside = path.with_extension("json.corrupt");
        let kept = std::fs::rename(path, &aside).is_ok();
        tracing::error!(
            "The state file {} cannot be used ({why}){}. Starting afresh: alerts within the backfill may be sent again.",
            path.display(),
            if kept { format!("; it was moved to {}", aside.display()) } else { String::new() }
        );
    }
}

/// The state as saved.
pub fn encode(state: &State) -> Value {
    let mut seen: Vec<(&String, &time::OffsetDateTime)> = state.seen.iter().collect();
    seen.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    json!({
        "version": VERSION,
        "not_before": state_time(state.not_before),
        "watermark": state_time(state.watermark),
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
            .ok_or_else(|| format!("\"{key}\" is not a time"))
    };
    let not_before = time_at("not_before")?;
    let watermark = time_at("watermark")?;
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

/// Writes `bytes` to a temporary file next to `path`, flushes it to disk and renames it over
/// `path`, creating the directory if needed.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn state() -> State {
        let mut state = State::fresh(datetime!(2026-11-23 12:00 UTC), time::Duration::hours(1));
        state.watermark = datetime!(2026-11-23 11:30:00.1234567 UTC);
        state
            .seen
            .insert("da1".into(), datetime!(2026-11-23 11:29 UTC));
        state
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t-1"}));
        assert_eq!(store.load(), None);
        assert!(store.save(&state()));
        assert_eq!(store.load(), Some(state()));
        assert!(dir.path().join("cache/t-1.json").is_file());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no temporary file is left: {leftovers:?}"
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
            let store = StateStore::for_trigger(dir.path(), &meta);
            assert_eq!(store.path(), None, "{meta}");
            assert!(!store.save(&state()));
        }
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_an_empty_one_is_a_first_start() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::for_trigger(dir.path(), &json!({"triggerId": "t"}));
        let path = store.path().unwrap().to_path_buf();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(store.load(), None);
        assert!(path.exists(), "the runtime's empty state is left alone");
        std::fs::write(&path, "{\"version\": 1, \"seen\": 3").unwrap();
        assert_eq!(store.load(), None);
        assert!(!path.exists());
        assert!(path.with_extension("json.corrupt").exists());
    }
}
