//! The actions, one file each, named as in the spec; each is a typed function from the
//! generated `Input` to the generated `Output`.
//!
//! This module holds the routing table from a step name to its handler and converts between
//! JSON and the typed values; `machine_action` holds what the machine-action endpoints share,
//! `many_machines` what their actions on many machines add.

use crate::api::{ApiError, Client, Lookup};
use crate::context::ActionHandler;
pub use crate::context::Step;
use crate::protocol::{Failure, Internal, PluginError};
use crate::spec::generated;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::future::Future;

pub mod add_machine_tag;
pub mod batch;
pub mod batch_update_alerts;
pub mod cancel_machine_action;
pub mod collect_investigation_package;
pub mod create_alert_by_reference;
pub mod delete_indicator;
pub mod delete_indicators;
pub mod delete_library_file;
pub mod enrichment;
pub mod find_machines;
pub mod get_alert;
pub mod get_domain_related_alerts;
pub mod get_domain_related_machines;
pub mod get_domain_statistics;
pub mod get_file_id_from_alert;
pub mod get_file_information;
pub mod get_file_related_alerts;
pub mod get_file_related_machines;
pub mod get_file_statistics;
pub mod get_investigation;
pub mod get_investigation_package_uri;
pub mod get_ip_related_alerts;
pub mod get_ip_statistics;
pub mod get_isolation_state;
pub mod get_live_response_file;
pub mod get_machine_action;
pub mod get_machine_alerts;
pub mod get_machine_id_from_alert;
pub mod get_machine_information;
pub mod get_machine_logon_users;
pub mod get_machine_missing_kbs;
pub mod get_machine_security_recommendations;
pub mod get_machine_software;
pub mod get_machine_vulnerabilities;
pub mod get_user_related_alerts;
pub mod get_user_related_machines;
pub mod import_indicators;
pub mod isolate_machine;
pub mod isolate_machines;
pub mod library;
pub mod list_alerts;
pub mod list_indicators;
pub mod list_investigations;
pub mod list_isolated_machines;
pub mod list_library_files;
pub mod list_machine_actions;
pub mod live_response;
pub mod machine_action;
pub mod machine_tags;
pub mod many_machines;
pub mod offboard_machine;
pub mod put_live_response_file;
pub mod query;
pub mod related;
pub mod remove_machine_tag;
pub mod restrict_app_execution;
pub mod restrict_app_executions;
pub mod run_advanced_hunting_query;
pub mod run_antivirus_scan;
pub mod run_antivirus_scans;
pub mod run_live_response_script;
pub mod start_automated_investigation;
pub mod stop_and_quarantine_file;
pub mod submit_indicator;
pub mod unisolate_machine;
pub mod unisolate_machines;
pub mod unrestrict_app_execution;
pub mod update_alert;
pub mod upload_library_file;

/// The routing table: each spec action's name and its handler, written once. The test beside
/// the spec types checks that it holds exactly the spec's actions.
pub const HANDLERS: &[(&str, ActionHandler)] = handlers! {
    get_machine_id_from_alert, get_file_id_from_alert, get_file_information,
    get_file_statistics, get_file_related_machines, get_file_related_alerts, get_ip_statistics,
    get_ip_related_alerts, get_domain_statistics, get_domain_related_alerts,
    get_domain_related_machines, isolate_machine, unisolate_machine,
    isolate_machines, unisolate_machines, run_antivirus_scans, restrict_app_executions,
    stop_and_quarantine_file, run_antivirus_scan, get_machine_action, restrict_app_execution,
    unrestrict_app_execution, collect_investigation_package, get_investigation_package_uri,
    offboard_machine, start_automated_investigation, list_investigations, get_investigation, cancel_machine_action, list_machine_actions, get_isolation_state, list_isolated_machines,
    get_machine_information, find_machines, get_user_related_alerts, get_user_related_machines,
    get_machine_logon_users, get_machine_alerts, get_machine_software, get_machine_vulnerabilities,
    get_machine_security_recommendations, get_machine_missing_kbs, add_machine_tag, remove_machine_tag,
    run_live_response_script, get_live_response_file, put_live_response_file, get_alert, update_alert,
    list_alerts, batch_update_alerts, create_alert_by_reference, run_advanced_hunting_query,
    submit_indicator, delete_indicator, import_indicators, delete_indicators, list_indicators,
    list_library_files, upload_library_file,
    delete_library_file,
};

/// One row per action module: its generated name and its `run` behind [`call`].
macro_rules! handlers {
    ($($action:ident),* $(,)?) => {
        &[$((generated::$action::NAME, |step, input| Box::pin(call(step, input, $action::run))),)*]
    };
}
use handlers;

/// Runs a typed handler on JSON: the input that passed its schema becomes the handler's `Input`,
/// its `Output` becomes JSON again. Either conversion failing is a bug of the plugin.
async fn call<'a, I, O, F, Fut>(
    step: &'a Step<'a>,
    input: Value,
    handler: F,
) -> Result<Value, Failure>
where
    I: DeserializeOwned,
    O: Serialize,
    F: FnOnce(&'a Step<'a>, I) -> Fut,
    Fut: Future<Output = Result<O, PluginError>>,
{
    let input: I = serde_json::from_value(input).map_err(|err| {
        Failure::Internal(Internal::Input {
            kind: "action",
            detail: err.to_string(),
        })
    })?;
    let output = handler(step, input).await.map_err(Failure::Plugin)?;
    serde_json::to_value(output).map_err(|err| Failure::Internal(Internal::Output(err.to_string())))
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
