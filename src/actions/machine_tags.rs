//! What Add Machine Tag and Remove Machine Tag share: checking the tag and the machines, naming
//! a machine by ID or DNS name, and sending the change to one machine or, in calls of at most
//! 500, to many.
//!
//! add-or-remove-machine-tags.md: `POST /api/machines/{id}/tags` with `{"Value", "Action"}`
//! answers the updated Machine. add-or-remove-multiple-machine-tags.md: `POST
//! /api/machines/AddOrRemoveTagForMultipleMachines` with `{"Value", "Action", "MachineIds"}`
//! takes at most 500 machines a call and answers "the updated machines". Both need
//! Machine.ReadWrite.All and allow 100 calls a minute, which the client's retries on 429 honour.

use super::machine_action::{machine_entity, machine_id};
use super::query::{invalid_input, shown};
use super::{api_error, Step};
use crate::api::ids::{MachineId, MachineRef};
use crate::api::{ApiError, Machine};
use crate::protocol::PluginError;
use serde_json::json;
use std::collections::HashSet;

/// What the change does to the tag: Defender's `Action` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagChange {
    Add,
    Remove,
}

impl TagChange {
    fn as_str(self) -> &'static str {
        match self {
            TagChange::Add => "Add",
            TagChange::Remove => "Remove",
        }
    }
}

/// The most machines one `AddOrRemoveTagForMultipleMachines` call takes
/// (add-or-remove-multiple-machine-tags.md, Limitations).
pub const MAX_MACHINES_PER_CALL: usize = 500;

/// The longest tag accepted. Microsoft's pages document no limit; 200 characters is our own
/// bound, far above the tags seen in practice, so that a variable holding a whole document is
/// refused here rather than sent to every machine.
pub const MAX_TAG_CHARS: usize = 200;

const MACHINES: &str = "Machines (machines)";
const TAG: &str = "Tag (tag)";

/// Applies `change` of `tag` to `machines` and returns each machine with its tags afterwards,
/// in the order given. Every input is checked before anything is sent.
pub async fn apply(
    step: &Step<'_>,
    machines: &[String],
    tag: &str,
    change: TagChange,
) -> Result<Vec<Machine>, PluginError> {
    let tag = checked_tag(tag)?;
    let refs = checked_machines(machines)?;
    let mut ids: Vec<MachineId> = Vec::with_capacity(refs.len());
    let mut seen = HashSet::new();
    for machine in &refs {
        let id = machine_id(step, machine).await?;
        // A name and the ID of the same machine are one machine.
        if seen.insert(id.as_str().to_ascii_lowercase()) {
            ids.push(id);
        }
    }
    if let [id] = ids.as_slice() {
        let body = json!({"Value": tag, "Action": change.as_str()});
        let machine = step
            .client
            .tag_machine(id, &body)
            .await
            .map_err(api_error(Some(("machine", id.as_str()))))?;
        return Ok(vec![machine]);
    }
    let mut changed = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_MACHINES_PER_CALL) {
        let body = json!({
            "Value": tag,
            "Action": change.as_str(),
            "MachineIds": chunk.iter().map(MachineId::as_str).collect::<Vec<_>>(),
        });
        let mut answered = step
            .client
            .tag_machines(&body)
            .await
            .map_err(|err| bulk_error(err, chunk.len(), changed.len()))?;
        for id in chunk {
            let found = answered
                .iter()
                .position(|machine| machine.id.eq_ignore_ascii_case(id.as_str()));
            match found {
                Some(index) => changed.push(answered.swap_remove(index)),
                // The page promises "the updated machines" but shows no response, so a
                // machine the answer leaves out is read back (get-machine-by-id.md).
                None => {
                    let machine = MachineRef::parse(id.as_str()).map_err(api_error(None))?;
                    changed.push(machine_entity(step, &machine).await?);
                }
            }
        }
    }
    Ok(changed)
}

/// A bulk call's error. Defender refuses the whole call when one of its machine IDs is unknown
/// (404), so the error says that none of that call's machines changed, and how many earlier
/// calls did change.
fn bulk_error(err: ApiError, sent: usize, done: usize) -> PluginError {
    let ApiError::Http {
        status: 404,
        message,
        body,
        ..
    } = &err
    else {
        return err.to_plugin_error(None);
    };
    let earlier = match done {
        0 => String::new(),
        n => format!(" The {n} machines of the earlier requests were changed."),
    };
    PluginError::new(
        format!(
            "Defender found no machine with one of the {sent} IDs of a request, so it changed none \
             of them.{earlier} Microsoft said: \"{message}\""
        ),
        "Check that every machine ID or name belongs to a machine of this tenant, remove the \
         one Microsoft names, and run the step again.",
    )
    .with_data(body.clone())
}

/// The tag without surrounding blanks, or the error naming the input.
fn checked_tag(tag: &str) -> Result<&str, PluginError> {
    let tag = tag.trim();
    if tag.is_empty() {
        return Err(invalid_input(
            TAG,
            "is blank.",
            "Give the tag's text, such as Contained.",
        ));
    }
    let chars = tag.chars().count();
    if chars > MAX_TAG_CHARS {
        return Err(invalid_input(
            TAG,
            format!("is {chars} characters long, more than the {MAX_TAG_CHARS} allowed."),
            format!("Give a tag of at most {MAX_TAG_CHARS} characters."),
        ));
    }
    if tag.chars().any(char::is_control) {
        return Err(invalid_input(
            TAG,
            format!("{} holds a control character.", shown(tag)),
            "Give a tag on one line, without tabs or other control characters.",
        ));
    }
    Ok(tag)
}

/// The machines given, checked, without blanks around them and each once (IDs and names are
/// compared without regard to case, as Defender compares them).
fn checked_machines(machines: &[String]) -> Result<Vec<MachineRef>, PluginError> {
    let mut refs = Vec::with_capacity(machines.len());
    let mut seen = HashSet::new();
    for (index, machine) in machines.iter().enumerate() {
        let machine = machine.trim();
        let parsed = MachineRef::parse(machine).map_err(|_| {
            invalid_input(
                MACHINES,
                format!(
                    "item {} is {}, not a machine ID or a computer DNS name.",
                    index + 1,
                    shown(machine)
                ),
                "Give each machine's 40-character ID or its computer DNS name, such as \
                 ws-fin-042.contoso.local.",
            )
        })?;
        if seen.insert(machine.to_ascii_lowercase()) {
            refs.push(parsed);
        }
    }
    if refs.is_empty() {
        return Err(invalid_input(
            MACHINES,
            "is empty.",
            "Give at least one machine ID or computer DNS name.",
        ));
    }
    Ok(refs)
}
