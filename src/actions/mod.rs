//! The actions, one file each, named as in the spec; each is a typed function from the
//! generated `Input` to the generated `Output`.
//!
//! This module routes a step name to its handler and converts between JSON and the typed
//! values; `machine_action` holds what the machine-action endpoints share.

use crate::api::{ApiError, Client, Lookup};
use crate::clock::Time;
use crate::protocol::error::preset;
use crate::protocol::PluginError;
use crate::spec::generated;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::future::Future;

pub mod cancel_machine_action;
pub mod collect_investigation_package;
pub mod delete_indicator;
pub mod find_machines;
pub mod get_alert;
pub mod get_file_id_from_alert;
pub mod get_investigation_package_uri;
pub mod get_isolation_state;
pub mod get_machine_action;
pub mod get_machine_id_from_alert;
pub mod get_machine_information;
pub mod isolate_machine;
pub mod list_indicators;
pub mod list_isolated_machines;
pub mod list_machine_actions;
pub mod machine_action;
pub mod query;
pub mod restrict_app_execution;
pub mod run_advanced_hunting_query;
pub mod run_antivirus_scan;
pub mod stop_and_quarantine_file;
pub mod submit_indicator;
pub mod unisolate_machine;
pub mod unrestrict_app_execution;
pub mod update_alert;

/// What a handler runs with: a client for the connection, and the clock and sleeper.
#[derive(Clone)]
pub struct Step {
    pub client: Client,
    pub time: Time,
}

/// Runs the action `name` on an input that has passed validation.
pub async fn run(name: &str, step: &Step, input: Value) -> Result<Value, PluginError> {
    use generated as g;
    match name {
        g::get_machine_id_from_alert::NAME => {
            call(step, input, get_machine_id_from_alert::run).await
        }
        g::get_file_id_from_alert::NAME => call(step, input, get_file_id_from_alert::run).await,
        g::isolate_machine::NAME => call(step, input, isolate_machine::run).await,
        g::unisolate_machine::NAME => call(step, input, unisolate_machine::run).await,
        g::stop_and_quarantine_file::NAME => call(step, input, stop_and_quarantine_file::run).await,
        g::run_antivirus_scan::NAME => call(step, input, run_antivirus_scan::run).await,
        g::get_machine_action::NAME => call(step, input, get_machine_action::run).await,
        g::restrict_app_execution::NAME => call(step, input, restrict_app_execution::run).await,
        g::unrestrict_app_execution::NAME => call(step, input, unrestrict_app_execution::run).await,
        g::collect_investigation_package::NAME => {
            call(step, input, collect_investigation_package::run).await
        }
        g::get_investigation_package_uri::NAME => {
            call(step, input, get_investigation_package_uri::run).await
        }
        g::cancel_machine_action::NAME => call(step, input, cancel_machine_action::run).await,
        g::list_machine_actions::NAME => call(step, input, list_machine_actions::run).await,
        g::get_isolation_state::NAME => call(step, input, get_isolation_state::run).await,
        g::list_isolated_machines::NAME => call(step, input, list_isolated_machines::run).await,
        g::get_machine_information::NAME => call(step, input, get_machine_information::run).await,
        g::find_machines::NAME => call(step, input, find_machines::run).await,
        g::get_alert::NAME => call(step, input, get_alert::run).await,
        g::update_alert::NAME => call(step, input, update_alert::run).await,
        g::run_advanced_hunting_query::NAME => {
            call(step, input, run_advanced_hunting_query::run).await
        }
        g::submit_indicator::NAME => call(step, input, submit_indicator::run).await,
        g::delete_indicator::NAME => call(step, input, delete_indicator::run).await,
        g::list_indicators::NAME => call(step, input, list_indicators::run).await,
        other => Err(PluginError::new(
            format!("The action {other} has no handler."),
            "This is a bug in the plugin: every action of the spec needs one.",
        )),
    }
}

/// The names `run` routes, for the test that checks them against the spec.
pub const HANDLED: &[&str] = &[
    generated::get_machine_id_from_alert::NAME,
    generated::get_file_id_from_alert::NAME,
    generated::isolate_machine::NAME,
    generated::unisolate_machine::NAME,
    generated::stop_and_quarantine_file::NAME,
    generated::run_antivirus_scan::NAME,
    generated::get_machine_action::NAME,
    generated::restrict_app_execution::NAME,
    generated::unrestrict_app_execution::NAME,
    generated::collect_investigation_package::NAME,
    generated::get_investigation_package_uri::NAME,
    generated::cancel_machine_action::NAME,
    generated::list_machine_actions::NAME,
    generated::get_isolation_state::NAME,
    generated::list_isolated_machines::NAME,
    generated::get_machine_information::NAME,
    generated::find_machines::NAME,
    generated::get_alert::NAME,
    generated::update_alert::NAME,
    generated::run_advanced_hunting_query::NAME,
    generated::submit_indicator::NAME,
    generated::delete_indicator::NAME,
    generated::list_indicators::NAME,
];

async fn call<I, O, F, Fut>(step: &Step, input: Value, handler: F) -> Result<Value, PluginError>
where
    I: DeserializeOwned,
    O: Serialize,
    F: FnOnce(Step, I) -> Fut,
    Fut: Future<Output = Result<O, PluginError>>,
{
    let input: I = serde_json::from_value(input).map_err(|err| {
        PluginError::new(
            "The input passed validation but does not fit the action's input type.",
            "This is a bug in the plugin: report it with the input.",
        )
        .with_data(err.to_string())
    })?;
    let output = handler(step.clone(), input).await?;
    serde_json::to_value(output).map_err(|err| preset::unknown().with_data(err.to_string()))
}

/// The connection test: a token and one cheap authenticated call.
pub async fn connection_test(client: &Client) -> Result<(), PluginError> {
    client
        .token_check()
        .await
        .map_err(|err| err.to_plugin_error(None))?;
    match client.probe().await {
        Ok(()) => Ok(()),
        // The API answers 404 when a tenant has no recent machines: the credentials still work.
        Err(ApiError::Http { status: 404, .. }) => Ok(()),
        Err(err) => Err(err.to_plugin_error(None)),
    }
}

/// Maps an API error, naming what was being looked up.
pub fn api_error(lookup: Lookup<'_>) -> impl Fn(ApiError) -> PluginError + '_ {
    move |err| err.to_plugin_error(lookup)
}
