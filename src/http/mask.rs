//! Output masking as the runtime's http mode does it (`util.OutputMasker`): every string value of
//! the connection under a secret-looking key is replaced by `********` wherever it appears in a
//! response, and so is a prefix of it that leaks at least 80% of it.
//!
//! Our steps never print a secret (invariant 7); this is the runtime's second line of defence,
//! kept because a client of the runtime may rely on it.

use serde_json::Value;

/// Connection keys whose string values are secrets (`KEYS_TO_CHECK_SECRETS`).
const SECRET_KEYS: &[&str] = &["secretKey", "password", "key", "token"];
/// A prefix that leaks more than this share of a secret is masked (`DEFAULT_REPLACE_THRESHOLD`).
const THRESHOLD: f64 = 0.8;
/// Bounds the replacement loop on one string (`DEFAULT_NUMBER_OF_ITERATIONS`).
const ITERATIONS: usize = 50;
pub const MASK: &str = "********";

/// The secret strings of a connection, sorted and without duplicates. Nested objects are searched
/// too (`credential_secret_key` is `{"secretKey": "..."}`); arrays are not, as in the runtime.
pub fn secrets(connection: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect(connection, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect(value: &Value, found: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (key, item) in map {
        match item {
            Value::Object(_) => collect(item, found),
            Value::String(text) if !text.is_empty() && SECRET_KEYS.contains(&key.as_str()) => {
                found.push(text.clone())
            }
            _ => {}
        }
    }
}

/// Masks an envelope: every string of it but the protocol's own words (`type`, `version`,
/// `body.status`). The runtime masks those too, so a one-letter secret turns `"error"` into
/// `"err********r"` and the envelope stops being one (found by `make fuzz-http`); no secret can
/// hide in them, as their values are fixed by the protocol.
pub fn mask_envelope(envelope: &mut Value, secrets: &[String]) {
    let Value::Object(fields) = envelope else {
        return mask(envelope, secrets);
    };
    for (key, value) in fields.iter_mut() {
        match (key.as_str(), value) {
            ("type" | "version", _) => {}
            ("body", Value::Object(body)) => {
                for (field, item) in body.iter_mut() {
                    if field != "status" {
                        mask(item, secrets);
                    }
                }
            }
            (_, other) => mask(other, secrets),
        }
    }
}

/// Masks every secret in every string of `value` (keys are left alone, as in the runtime).
pub fn mask(value: &mut Value, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(|item| mask(item, secrets)),
        Value::Array(items) => items.iter_mut().for_each(|item| mask(item, secrets)),
        Value::String(text) => {
            for secret in secrets {
                if let Some(masked) = mask_str(text, secret) {
                    *text = masked;
                }
            }
        }
        _ => {}
    }
}

/// `None` when `text` leaks nothing of `secret`.
fn mask_str(text: &str, secret: &str) -> Option<String> {
    let mut current: Option<String> = None;
    for _ in 0..ITERATIONS {
        let body = current.as_deref().unwrap_or(text);
        let (prefix, share) = leak(secret, body);
        if share <= THRESHOLD {
            break;
        }
        if !body.contains(prefix) {
            // The runtime would loop on a no-op replacement; the result is the same.
            break;
        }
        current = Some(body.replace(prefix, MASK));
    }
    current
}

/// `count_percentage_leak`: how much of `secret`, read in order, appears in `body` as a
/// subsequence, and the prefix of `secret` that this covers.
fn leak<'s>(secret: &'s str, body: &str) -> (&'s str, f64) {
    let wanted: Vec<(usize, char)> = secret.char_indices().collect();
    if wanted.is_empty() {
        return ("", 0.0);
    }
    let mut count = 0;
    for ch in body.chars() {
        if ch == wanted[count].1 {
            count += 1;
            if count == wanted.len() {
                break;
            }
        }
    }
    let end = wanted.get(count).map_or(secret.len(), |(index, _)| *index);
    (&secret[..end], count as f64 / wanted.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_come_from_secret_keys_at_any_depth() {
        let connection = json!({
            "application_id": "app",
            "application_secret": {"secretKey": "s3cret"},
            "token": "tok",
            "nested": {"deeper": {"password": "pw"}},
            "key": "",
            "list": [{"password": "not-searched"}],
        });
        assert_eq!(secrets(&connection), vec!["pw", "s3cret", "tok"]);
    }

    // Expected strings are the runtime's answers to the same input (OutputMasker, 6.6.0).
    #[test]
    fn a_whole_secret_and_a_long_prefix_are_masked() {
        let secrets = vec!["supersecretvalue".to_string()];
        let mut value = json!({
            "log": "isolating supersecretvalue\n",
            "output": {"list": ["x supersecretval y"], "n": 1},
            "supersecretvalue": "key names stay",
        });
        mask(&mut value, &secrets);
        assert_eq!(
            value,
            json!({
                "log": "isolating ********\n",
                "output": {"list": ["x ******** y"], "n": 1},
                "supersecretvalue": "key names stay",
            })
        );
    }

    #[test]
    fn the_protocol_words_of_an_envelope_survive_a_one_letter_secret() {
        let secrets = vec!["o".to_string()];
        let mut envelope = json!({
            "body": {"log": "no", "status": "error", "meta": {"m": "o"}, "error": "boom"},
            "version": "v1",
            "type": "action_event",
        });
        mask_envelope(&mut envelope, &secrets);
        assert_eq!(
            envelope,
            json!({
                "body": {"log": "n********", "status": "error", "meta": {"m": "********"}, "error": "b****************m"},
                "version": "v1",
                "type": "action_event",
            })
        );
    }

    /// `text` as the runtime answers it when the connection holds `secret`.
    fn masked(secret: &str, text: &str) -> Value {
        let mut value = json!(text);
        mask(&mut value, &[secret.to_string()]);
        value
    }

    #[test]
    fn a_short_prefix_is_left_alone() {
        assert_eq!(
            masked("supersecretvalue", "supersecret only"),
            json!("supersecret only")
        );
    }

    #[test]
    fn every_occurrence_is_masked_and_non_ascii_is_safe() {
        assert_eq!(
            masked("clé-secrète", "a clé-secrète b clé-secrète"),
            json!("a ******** b ********")
        );
    }
}
