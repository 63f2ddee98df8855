//! What the batch actions on IDs share (Batch Update Alerts, Delete Indicators): the list of
//! IDs checked before anything is sent, and the error of a call that fails after earlier calls
//! went through.

use super::query::{invalid_input, shown};
use crate::api::ApiError;
use crate::protocol::PluginError;
use std::collections::HashSet;

/// How a list input of IDs is checked and named in its errors.
pub struct IdList<'a> {
    /// The input's title and name, such as `Alert IDs (alert_ids)`.
    pub field: &'a str,
    /// What one ID is, such as `an alert ID`.
    pub what: &'a str,
    /// How to give a good one, said when an item is not one.
    pub fix: &'a str,
    /// The most IDs a step takes.
    pub max: usize,
}

impl IdList<'_> {
    /// The IDs, parsed, without blanks around them and each once, in the order given; or the
    /// error naming the input and the position of the first bad item.
    pub fn check<T, E>(
        &self,
        ids: &[String],
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Vec<T>, PluginError> {
        if ids.len() > self.max {
            return Err(invalid_input(
                self.field,
                format!(
                    "holds {} IDs, more than the {} a step takes.",
                    ids.len(),
                    self.max
                ),
                format!(
                    "Give at most {} IDs, and the rest in another step.",
                    self.max
                ),
            ));
        }
        let mut checked = Vec::with_capacity(ids.len());
        let mut seen = HashSet::new();
        for (index, id) in ids.iter().enumerate() {
            let id = id.trim();
            let parsed = parse(id).map_err(|_| {
                invalid_input(
                    self.field,
                    format!("item {} is {}, not {}.", index + 1, shown(id), self.what),
                    self.fix,
                )
            })?;
            if seen.insert(id.to_owned()) {
                checked.push(parsed);
            }
        }
        if checked.is_empty() {
            return Err(invalid_input(
                self.field,
                "is empty.",
                "Give at least one ID.",
            ));
        }
        Ok(checked)
    }
}

/// The error of a batch call. A 404 (an ID of the call unknown) gets `not_found`'s cause and
/// advice, fed Defender's message; every error says how many items earlier calls handled, so a
/// workflow can resume after them.
pub fn call_error(
    err: ApiError,
    not_found: impl FnOnce(&str) -> (String, &'static str),
    done: usize,
    handled: &str,
) -> PluginError {
    let mut error = match &err {
        ApiError::Http {
            status: 404,
            message,
            body,
            ..
        } => {
            let (cause, assistance) = not_found(message);
            PluginError::new(cause, assistance).with_data(body.clone())
        }
        _ => err.to_plugin_error(None),
    };
    if done > 0 {
        error.cause = format!(
            "{} The {done} given before them were {handled} by earlier requests.",
            error.cause
        );
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: IdList<'static> = IdList {
        field: "Things (things)",
        what: "a thing",
        fix: "Give things.",
        max: 3,
    };

    fn digits(id: &str) -> Result<u32, std::num::ParseIntError> {
        id.parse()
    }

    #[test]
    fn ids_are_trimmed_and_kept_once_in_the_order_given() {
        let ids = [" 7", "3", "7 "].map(String::from);
        assert_eq!(LIST.check(&ids, digits).unwrap(), [7, 3]);
    }

    #[test]
    fn a_bad_item_is_named_by_its_position() {
        let ids = ["1", "x"].map(String::from);
        let err = LIST.check(&ids, digits).unwrap_err();
        assert!(err.cause.contains("Things (things) item 2"), "{err:?}");
    }

    #[test]
    fn an_empty_or_too_long_list_is_refused() {
        assert!(LIST.check(&[], digits).is_err());
        let ids = ["1", "2", "3", "4"].map(String::from);
        let err = LIST.check(&ids, digits).unwrap_err();
        assert!(err.cause.contains("holds 4 IDs"), "{err:?}");
    }
}
