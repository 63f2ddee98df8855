//! GENERATED from plugin.spec.yaml by `cargo run --bin generate`: do not edit.
//!
//! The drift test in `tests/it/drift.rs` fails when this file is stale.

#![allow(clippy::all, dead_code)]

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const NAME: &str = "windows_defender_atp";
pub const TITLE: &str = "Microsoft Defender for Endpoint";
pub const VENDOR: &str = "rapid7";
pub const VERSION: &str = "2.0.0";

/// What `info` prints, rendered here so that `info` parses no spec at run time.
pub const INFO: &str = "Name:        \u{1b}[92mMicrosoft Defender for Endpoint\u{1b}[0m\nVendor:      \u{1b}[92mrapid7\u{1b}[0m\nVersion:     \u{1b}[92m2.0.0\u{1b}[0m\nDescription: \u{1b}[92mTrigger workflows on new Microsoft Defender for Endpoint alerts and respond to threats on devices: isolate, release, scan or restrict one machine or hundreds, run live response scripts and collect files, tag machines, enrich alerts with file, IP address, domain and user context, and read a machine's software, vulnerabilities and missing updates\u{1b}[0m\n\nTriggers (\u{1b}[92m2\u{1b}[0m):\n└── \u{1b}[92mget_alerts\u{1b}[0m (Poll for new alerts, optionally only those of chosen severities (requires the Alert.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_alerts_matching_key\u{1b}[0m (Poll for new alerts in which a given field has a given value (requires the Alert.Read.All permission)\u{1b}[0m)\n\nActions (\u{1b}[92m61\u{1b}[0m):\n└── \u{1b}[92mget_machine_id_from_alert\u{1b}[0m (Get the machine related to an alert, including its ID (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_file_id_from_alert\u{1b}[0m (Get the files related to an alert, with their hashes (requires the File.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_file_information\u{1b}[0m (Get a file's information, such as its hashes, size, signer and determination, by its SHA-1 or SHA-256 hash (requires the File.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_file_statistics\u{1b}[0m (Get how many machines in the organization saw a file, when it was first and last seen and under which names, over a look-back of up to 30 days (requires the File.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_file_related_machines\u{1b}[0m (Get the machines a file was seen on, by its SHA-1 hash or its SHA-256 hash, which is first looked up to its SHA-1 (requires the Machine.Read.All permission, and File.Read.All for a SHA-256 hash)\u{1b}[0m)\n└── \u{1b}[92mget_file_related_alerts\u{1b}[0m (Get the alerts related to a file, by its SHA-1 hash or its SHA-256 hash, which is first looked up to its SHA-1 (requires the Alert.Read.All permission, and File.Read.All for a SHA-256 hash)\u{1b}[0m)\n└── \u{1b}[92mget_ip_statistics\u{1b}[0m (Get how many machines in the organization connected to an IP address and when the first and last connections were, over a look-back of up to 30 days (requires the Ip.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_ip_related_alerts\u{1b}[0m (Get the alerts related to an IP address (requires the Alert.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_domain_statistics\u{1b}[0m (Get how many machines in the organization communicated with a domain and when it was first and last seen, over a look-back of up to 30 days (requires the URL.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_domain_related_alerts\u{1b}[0m (Get the alerts related to a domain (requires the Alert.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_domain_related_machines\u{1b}[0m (Get the machines that communicated with a domain, at most 500 (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92misolate_machine\u{1b}[0m (Isolate a machine from the network, keeping its connection to Defender for Endpoint open (requires the Machine.Isolate permission)\u{1b}[0m)\n└── \u{1b}[92munisolate_machine\u{1b}[0m (Restore the network connectivity of an isolated machine (requires the Machine.Isolate permission)\u{1b}[0m)\n└── \u{1b}[92mstop_and_quarantine_file\u{1b}[0m (Stop the execution of a file on a machine and quarantine it (requires the Machine.StopAndQuarantine permission)\u{1b}[0m)\n└── \u{1b}[92mrun_antivirus_scan\u{1b}[0m (Start a Microsoft Defender Antivirus scan on a machine (requires the Machine.Scan permission)\u{1b}[0m)\n└── \u{1b}[92misolate_machines\u{1b}[0m (Isolate up to 500 machines from the network in one step, keeping their connection to Defender for Endpoint open, and return each machine's isolation action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Isolate permission)\u{1b}[0m)\n└── \u{1b}[92munisolate_machines\u{1b}[0m (Restore the network connectivity of up to 500 isolated machines in one step, and return each machine's unisolate action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Isolate permission)\u{1b}[0m)\n└── \u{1b}[92mrun_antivirus_scans\u{1b}[0m (Run a Microsoft Defender Antivirus scan on up to 500 machines in one step, and return each machine's scan action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Scan permission)\u{1b}[0m)\n└── \u{1b}[92mrestrict_app_executions\u{1b}[0m (Restrict the applications up to 500 machines can run to those signed by Microsoft in one step, keeping their connection to Defender for Endpoint, and return each machine's restriction action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.RestrictExecution permission)\u{1b}[0m)\n└── \u{1b}[92mget_machine_action\u{1b}[0m (Get the details and current status of an action taken on a machine (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mrestrict_app_execution\u{1b}[0m (Restrict the applications a machine can run to those signed by Microsoft, keeping its connection to Defender for Endpoint (requires the Machine.RestrictExecution permission)\u{1b}[0m)\n└── \u{1b}[92munrestrict_app_execution\u{1b}[0m (Remove the app execution restriction from a machine, letting it run any application again (requires the Machine.RestrictExecution permission)\u{1b}[0m)\n└── \u{1b}[92mcollect_investigation_package\u{1b}[0m (Collect a forensic investigation package (logs, autoruns, processes, network connections and more) from a machine; get its download link with Get Investigation Package URI once the action has succeeded (requires the Machine.CollectForensics permission)\u{1b}[0m)\n└── \u{1b}[92moffboard_machine\u{1b}[0m (Offboard a Windows machine from Defender for Endpoint, which stops its sensor until it is onboarded again; Confirm Machine ID must repeat the machine's ID, and a mismatch sends nothing. Defender allows 100 calls a minute (requires the Machine.Offboard permission)\u{1b}[0m)\n└── \u{1b}[92mstart_automated_investigation\u{1b}[0m (Start an automated investigation on a machine; Defender allows 50 calls an hour (requires the Alert.ReadWrite.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mlist_investigations\u{1b}[0m (List automated investigations, optionally only those of one machine or state or started since a date, read page by page up to a limit (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_investigation\u{1b}[0m (Get an automated investigation by its ID or by the ID of the alert that triggered it (requires the Alert.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_investigation_package_uri\u{1b}[0m (Get a short-lived download link for the investigation package of a finished collection; Defender allows 2 calls a minute (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mcancel_machine_action\u{1b}[0m (Cancel a machine action that is still pending or in progress; an action that already succeeded, failed, timed out or was cancelled cannot be (requires the permission of the action, such as Machine.Isolate or Machine.Scan)\u{1b}[0m)\n└── \u{1b}[92mlist_machine_actions\u{1b}[0m (List machine actions, newest first, optionally only those of one machine, type or status (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_isolation_state\u{1b}[0m (Tell whether a machine is isolated, derived from its latest isolate or release action, as Defender has no isolation field (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mlist_isolated_machines\u{1b}[0m (List every machine that is isolated or whose isolation or release is pending, derived from each machine's latest isolate or release action (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_machine_information\u{1b}[0m (Get the details of a machine named by its ID, its computer DNS name or an IP address (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mfind_machines\u{1b}[0m (Find machines by name prefix, IP address, health status, risk score, tag and OS platform; every filter given must match, and filters left empty match everything (requires the Machine.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_user_related_alerts\u{1b}[0m (Get the alerts related to a user, named by the account name without its domain (requires the Alert.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_user_related_machines\u{1b}[0m (Get the machines a user logged on to, the user named by the account name without its domain (requires the Machine.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mget_machine_logon_users\u{1b}[0m (Get the users who logged on to a machine (requires the User.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_machine_alerts\u{1b}[0m (Get the alerts raised on a machine (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_machine_software\u{1b}[0m (Get the software installed on a machine, from Defender Vulnerability Management (requires the Software.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_machine_vulnerabilities\u{1b}[0m (Get the vulnerabilities discovered on a machine, from Defender Vulnerability Management; Defender allows 50 calls a minute (requires the Vulnerability.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_machine_security_recommendations\u{1b}[0m (Get the security recommendations for a machine, from Defender Vulnerability Management (requires the SecurityRecommendation.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_machine_missing_kbs\u{1b}[0m (Get the security updates (KBs) a machine is missing, from Defender Vulnerability Management (requires the Software.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92madd_machine_tag\u{1b}[0m (Add a tag to one or more machines, up to 500 machines a request and more in several requests (requires the Machine.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mremove_machine_tag\u{1b}[0m (Remove a tag from one or more machines, up to 500 machines a request and more in several requests (requires the Machine.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mrun_live_response_script\u{1b}[0m (Run a script from the live response library on a machine and return its output, errors and exit code once it has run; Defender runs one live response session per machine at a time (a second returns the running one), stops a script after 10 minutes and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All to follow the action, read its result link and find a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_live_response_file\u{1b}[0m (Collect a file from a machine with live response and return its download link, valid for 30 minutes, and the file itself when it is no larger than Max File Size; Defender runs one live response session per machine at a time (a second returns the running one) and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All to follow the action, read its result link and find a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mput_live_response_file\u{1b}[0m (Copy a file from the live response library to a machine's live response working folder, where it stays until the machine restarts; Defender runs one live response session per machine at a time (a second returns the running one) and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mget_alert\u{1b}[0m (Get an alert with its evidence (requires the Alert.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92mupdate_alert\u{1b}[0m (Change the status, owner, classification or determination of an alert, or add a comment to it; fields left empty are not changed, and at least one must be given (requires the Alert.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mlist_alerts\u{1b}[0m (List alerts, optionally only those of a severity, status, category, detection source or machine, or created or updated since a date, reading every page up to a limit; Defender filters all but the machine, which the plugin matches on the alerts it reads (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mbatch_update_alerts\u{1b}[0m (Change the status, owner, classification or determination of up to 5000 alerts, or add a comment to each, with Defender's batch endpoint in calls of at most 500 alerts; fields left empty are not changed, and at least one must be given. Microsoft allows 10 such calls a minute and 500 an hour (requires the Alert.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mcreate_alert_by_reference\u{1b}[0m (Raise an alert on an event found with advanced hunting, named by its machine, its time and its report ID; an open alert with the same title on the same machine takes the event instead, and an automated investigation starts on the alert. Microsoft allows 15 calls a minute (requires the Alert.ReadWrite.All permission, and Machine.Read.All for a machine given by DNS name)\u{1b}[0m)\n└── \u{1b}[92mrun_advanced_hunting_query\u{1b}[0m (Run a Kusto (KQL) advanced hunting query over the last 30 days of device data; at most 100,000 rows are returned, and Microsoft limits each tenant to 45 calls per minute, 1,500 per hour and a CPU time quota (requires the AdvancedQuery.Read.All permission)\u{1b}[0m)\n└── \u{1b}[92msubmit_indicator\u{1b}[0m (Submit a custom indicator (a file hash, certificate thumbprint, IP address, domain name or URL) to warn about, block, audit or allow, or update the indicator with the same value and type (requires the Ti.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mdelete_indicator\u{1b}[0m (Delete a custom indicator by its ID (requires the Ti.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mimport_indicators\u{1b}[0m (Submit or update up to 15000 custom indicators in one step, with Defender's import endpoint in calls of at most 500, and return each indicator's ID or error. Every indicator is checked by Submit Indicator's rules before anything is sent, and one that breaks them refuses the whole list. One indicator failing does not fail the step, every indicator failing does; Microsoft allows 30 calls a minute and 15000 active indicators a tenant (requires the Ti.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mdelete_indicators\u{1b}[0m (Delete up to 15000 custom indicators by their IDs with Defender's batch delete endpoint, in calls of at most 500; an ID Defender does not know fails its call, which then deletes none of its indicators. Microsoft allows 30 calls a minute and 1500 an hour (requires the Ti.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mlist_indicators\u{1b}[0m (List the custom indicators, optionally only those of a type, a value or an action (requires the Ti.ReadWrite.All permission)\u{1b}[0m)\n└── \u{1b}[92mlist_library_files\u{1b}[0m (List the files of the live response library, the scripts and files live response can run on or put on a machine (requires the Library.Manage permission)\u{1b}[0m)\n└── \u{1b}[92mupload_library_file\u{1b}[0m (Upload a file of at most 20 MiB to the live response library, or replace the file of the same name when Override if Exists is set (requires the Library.Manage permission)\u{1b}[0m)\n└── \u{1b}[92mdelete_library_file\u{1b}[0m (Delete a file from the live response library by its name (requires the Library.Manage permission)\u{1b}[0m)\n\n";

/// The connection schema, as in `schemas/connection.json`.
pub const CONNECTION_SCHEMA: &str = include_str!("../../schemas/connection.json");

/// A step's name and the schemas its input and output are validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepSchemas {
    pub name: &'static str,
    pub input: &'static str,
    pub output: &'static str,
}

pub const ACTIONS: &[StepSchemas] = &[
    StepSchemas {
        name: "get_machine_id_from_alert",
        input: include_str!("../../schemas/action_get_machine_id_from_alert_input.json"),
        output: include_str!("../../schemas/action_get_machine_id_from_alert_output.json"),
    },
    StepSchemas {
        name: "get_file_id_from_alert",
        input: include_str!("../../schemas/action_get_file_id_from_alert_input.json"),
        output: include_str!("../../schemas/action_get_file_id_from_alert_output.json"),
    },
    StepSchemas {
        name: "get_file_information",
        input: include_str!("../../schemas/action_get_file_information_input.json"),
        output: include_str!("../../schemas/action_get_file_information_output.json"),
    },
    StepSchemas {
        name: "get_file_statistics",
        input: include_str!("../../schemas/action_get_file_statistics_input.json"),
        output: include_str!("../../schemas/action_get_file_statistics_output.json"),
    },
    StepSchemas {
        name: "get_file_related_machines",
        input: include_str!("../../schemas/action_get_file_related_machines_input.json"),
        output: include_str!("../../schemas/action_get_file_related_machines_output.json"),
    },
    StepSchemas {
        name: "get_file_related_alerts",
        input: include_str!("../../schemas/action_get_file_related_alerts_input.json"),
        output: include_str!("../../schemas/action_get_file_related_alerts_output.json"),
    },
    StepSchemas {
        name: "get_ip_statistics",
        input: include_str!("../../schemas/action_get_ip_statistics_input.json"),
        output: include_str!("../../schemas/action_get_ip_statistics_output.json"),
    },
    StepSchemas {
        name: "get_ip_related_alerts",
        input: include_str!("../../schemas/action_get_ip_related_alerts_input.json"),
        output: include_str!("../../schemas/action_get_ip_related_alerts_output.json"),
    },
    StepSchemas {
        name: "get_domain_statistics",
        input: include_str!("../../schemas/action_get_domain_statistics_input.json"),
        output: include_str!("../../schemas/action_get_domain_statistics_output.json"),
    },
    StepSchemas {
        name: "get_domain_related_alerts",
        input: include_str!("../../schemas/action_get_domain_related_alerts_input.json"),
        output: include_str!("../../schemas/action_get_domain_related_alerts_output.json"),
    },
    StepSchemas {
        name: "get_domain_related_machines",
        input: include_str!("../../schemas/action_get_domain_related_machines_input.json"),
        output: include_str!("../../schemas/action_get_domain_related_machines_output.json"),
    },
    StepSchemas {
        name: "isolate_machine",
        input: include_str!("../../schemas/action_isolate_machine_input.json"),
        output: include_str!("../../schemas/action_isolate_machine_output.json"),
    },
    StepSchemas {
        name: "unisolate_machine",
        input: include_str!("../../schemas/action_unisolate_machine_input.json"),
        output: include_str!("../../schemas/action_unisolate_machine_output.json"),
    },
    StepSchemas {
        name: "stop_and_quarantine_file",
        input: include_str!("../../schemas/action_stop_and_quarantine_file_input.json"),
        output: include_str!("../../schemas/action_stop_and_quarantine_file_output.json"),
    },
    StepSchemas {
        name: "run_antivirus_scan",
        input: include_str!("../../schemas/action_run_antivirus_scan_input.json"),
        output: include_str!("../../schemas/action_run_antivirus_scan_output.json"),
    },
    StepSchemas {
        name: "isolate_machines",
        input: include_str!("../../schemas/action_isolate_machines_input.json"),
        output: include_str!("../../schemas/action_isolate_machines_output.json"),
    },
    StepSchemas {
        name: "unisolate_machines",
        input: include_str!("../../schemas/action_unisolate_machines_input.json"),
        output: include_str!("../../schemas/action_unisolate_machines_output.json"),
    },
    StepSchemas {
        name: "run_antivirus_scans",
        input: include_str!("../../schemas/action_run_antivirus_scans_input.json"),
        output: include_str!("../../schemas/action_run_antivirus_scans_output.json"),
    },
    StepSchemas {
        name: "restrict_app_executions",
        input: include_str!("../../schemas/action_restrict_app_executions_input.json"),
        output: include_str!("../../schemas/action_restrict_app_executions_output.json"),
    },
    StepSchemas {
        name: "get_machine_action",
        input: include_str!("../../schemas/action_get_machine_action_input.json"),
        output: include_str!("../../schemas/action_get_machine_action_output.json"),
    },
    StepSchemas {
        name: "restrict_app_execution",
        input: include_str!("../../schemas/action_restrict_app_execution_input.json"),
        output: include_str!("../../schemas/action_restrict_app_execution_output.json"),
    },
    StepSchemas {
        name: "unrestrict_app_execution",
        input: include_str!("../../schemas/action_unrestrict_app_execution_input.json"),
        output: include_str!("../../schemas/action_unrestrict_app_execution_output.json"),
    },
    StepSchemas {
        name: "collect_investigation_package",
        input: include_str!("../../schemas/action_collect_investigation_package_input.json"),
        output: include_str!("../../schemas/action_collect_investigation_package_output.json"),
    },
    StepSchemas {
        name: "offboard_machine",
        input: include_str!("../../schemas/action_offboard_machine_input.json"),
        output: include_str!("../../schemas/action_offboard_machine_output.json"),
    },
    StepSchemas {
        name: "start_automated_investigation",
        input: include_str!("../../schemas/action_start_automated_investigation_input.json"),
        output: include_str!("../../schemas/action_start_automated_investigation_output.json"),
    },
    StepSchemas {
        name: "list_investigations",
        input: include_str!("../../schemas/action_list_investigations_input.json"),
        output: include_str!("../../schemas/action_list_investigations_output.json"),
    },
    StepSchemas {
        name: "get_investigation",
        input: include_str!("../../schemas/action_get_investigation_input.json"),
        output: include_str!("../../schemas/action_get_investigation_output.json"),
    },
    StepSchemas {
        name: "get_investigation_package_uri",
        input: include_str!("../../schemas/action_get_investigation_package_uri_input.json"),
        output: include_str!("../../schemas/action_get_investigation_package_uri_output.json"),
    },
    StepSchemas {
        name: "cancel_machine_action",
        input: include_str!("../../schemas/action_cancel_machine_action_input.json"),
        output: include_str!("../../schemas/action_cancel_machine_action_output.json"),
    },
    StepSchemas {
        name: "list_machine_actions",
        input: include_str!("../../schemas/action_list_machine_actions_input.json"),
        output: include_str!("../../schemas/action_list_machine_actions_output.json"),
    },
    StepSchemas {
        name: "get_isolation_state",
        input: include_str!("../../schemas/action_get_isolation_state_input.json"),
        output: include_str!("../../schemas/action_get_isolation_state_output.json"),
    },
    StepSchemas {
        name: "list_isolated_machines",
        input: include_str!("../../schemas/action_list_isolated_machines_input.json"),
        output: include_str!("../../schemas/action_list_isolated_machines_output.json"),
    },
    StepSchemas {
        name: "get_machine_information",
        input: include_str!("../../schemas/action_get_machine_information_input.json"),
        output: include_str!("../../schemas/action_get_machine_information_output.json"),
    },
    StepSchemas {
        name: "find_machines",
        input: include_str!("../../schemas/action_find_machines_input.json"),
        output: include_str!("../../schemas/action_find_machines_output.json"),
    },
    StepSchemas {
        name: "get_user_related_alerts",
        input: include_str!("../../schemas/action_get_user_related_alerts_input.json"),
        output: include_str!("../../schemas/action_get_user_related_alerts_output.json"),
    },
    StepSchemas {
        name: "get_user_related_machines",
        input: include_str!("../../schemas/action_get_user_related_machines_input.json"),
        output: include_str!("../../schemas/action_get_user_related_machines_output.json"),
    },
    StepSchemas {
        name: "get_machine_logon_users",
        input: include_str!("../../schemas/action_get_machine_logon_users_input.json"),
        output: include_str!("../../schemas/action_get_machine_logon_users_output.json"),
    },
    StepSchemas {
        name: "get_machine_alerts",
        input: include_str!("../../schemas/action_get_machine_alerts_input.json"),
        output: include_str!("../../schemas/action_get_machine_alerts_output.json"),
    },
    StepSchemas {
        name: "get_machine_software",
        input: include_str!("../../schemas/action_get_machine_software_input.json"),
        output: include_str!("../../schemas/action_get_machine_software_output.json"),
    },
    StepSchemas {
        name: "get_machine_vulnerabilities",
        input: include_str!("../../schemas/action_get_machine_vulnerabilities_input.json"),
        output: include_str!("../../schemas/action_get_machine_vulnerabilities_output.json"),
    },
    StepSchemas {
        name: "get_machine_security_recommendations",
        input: include_str!("../../schemas/action_get_machine_security_recommendations_input.json"),
        output: include_str!("../../schemas/action_get_machine_security_recommendations_output.json"),
    },
    StepSchemas {
        name: "get_machine_missing_kbs",
        input: include_str!("../../schemas/action_get_machine_missing_kbs_input.json"),
        output: include_str!("../../schemas/action_get_machine_missing_kbs_output.json"),
    },
    StepSchemas {
        name: "add_machine_tag",
        input: include_str!("../../schemas/action_add_machine_tag_input.json"),
        output: include_str!("../../schemas/action_add_machine_tag_output.json"),
    },
    StepSchemas {
        name: "remove_machine_tag",
        input: include_str!("../../schemas/action_remove_machine_tag_input.json"),
        output: include_str!("../../schemas/action_remove_machine_tag_output.json"),
    },
    StepSchemas {
        name: "run_live_response_script",
        input: include_str!("../../schemas/action_run_live_response_script_input.json"),
        output: include_str!("../../schemas/action_run_live_response_script_output.json"),
    },
    StepSchemas {
        name: "get_live_response_file",
        input: include_str!("../../schemas/action_get_live_response_file_input.json"),
        output: include_str!("../../schemas/action_get_live_response_file_output.json"),
    },
    StepSchemas {
        name: "put_live_response_file",
        input: include_str!("../../schemas/action_put_live_response_file_input.json"),
        output: include_str!("../../schemas/action_put_live_response_file_output.json"),
    },
    StepSchemas {
        name: "get_alert",
        input: include_str!("../../schemas/action_get_alert_input.json"),
        output: include_str!("../../schemas/action_get_alert_output.json"),
    },
    StepSchemas {
        name: "update_alert",
        input: include_str!("../../schemas/action_update_alert_input.json"),
        output: include_str!("../../schemas/action_update_alert_output.json"),
    },
    StepSchemas {
        name: "list_alerts",
        input: include_str!("../../schemas/action_list_alerts_input.json"),
        output: include_str!("../../schemas/action_list_alerts_output.json"),
    },
    StepSchemas {
        name: "batch_update_alerts",
        input: include_str!("../../schemas/action_batch_update_alerts_input.json"),
        output: include_str!("../../schemas/action_batch_update_alerts_output.json"),
    },
    StepSchemas {
        name: "create_alert_by_reference",
        input: include_str!("../../schemas/action_create_alert_by_reference_input.json"),
        output: include_str!("../../schemas/action_create_alert_by_reference_output.json"),
    },
    StepSchemas {
        name: "run_advanced_hunting_query",
        input: include_str!("../../schemas/action_run_advanced_hunting_query_input.json"),
        output: include_str!("../../schemas/action_run_advanced_hunting_query_output.json"),
    },
    StepSchemas {
        name: "submit_indicator",
        input: include_str!("../../schemas/action_submit_indicator_input.json"),
        output: include_str!("../../schemas/action_submit_indicator_output.json"),
    },
    StepSchemas {
        name: "delete_indicator",
        input: include_str!("../../schemas/action_delete_indicator_input.json"),
        output: include_str!("../../schemas/action_delete_indicator_output.json"),
    },
    StepSchemas {
        name: "import_indicators",
        input: include_str!("../../schemas/action_import_indicators_input.json"),
        output: include_str!("../../schemas/action_import_indicators_output.json"),
    },
    StepSchemas {
        name: "delete_indicators",
        input: include_str!("../../schemas/action_delete_indicators_input.json"),
        output: include_str!("../../schemas/action_delete_indicators_output.json"),
    },
    StepSchemas {
        name: "list_indicators",
        input: include_str!("../../schemas/action_list_indicators_input.json"),
        output: include_str!("../../schemas/action_list_indicators_output.json"),
    },
    StepSchemas {
        name: "list_library_files",
        input: include_str!("../../schemas/action_list_library_files_input.json"),
        output: include_str!("../../schemas/action_list_library_files_output.json"),
    },
    StepSchemas {
        name: "upload_library_file",
        input: include_str!("../../schemas/action_upload_library_file_input.json"),
        output: include_str!("../../schemas/action_upload_library_file_output.json"),
    },
    StepSchemas {
        name: "delete_library_file",
        input: include_str!("../../schemas/action_delete_library_file_input.json"),
        output: include_str!("../../schemas/action_delete_library_file_output.json"),
    },
];

pub const TRIGGERS: &[StepSchemas] = &[
    StepSchemas {
        name: "get_alerts",
        input: include_str!("../../schemas/trigger_get_alerts_input.json"),
        output: include_str!("../../schemas/trigger_get_alerts_output.json"),
    },
    StepSchemas {
        name: "get_alerts_matching_key",
        input: include_str!("../../schemas/trigger_get_alerts_matching_key_input.json"),
        output: include_str!("../../schemas/trigger_get_alerts_matching_key_output.json"),
    },
];

/// The custom types of the spec's `types:` section.
pub mod types {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct IpAddress {
        /// IPv4 or IPv6 address of the network adapter
        #[serde(rename = "ipAddress", default, skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        /// MAC address of the network adapter
        #[serde(rename = "macAddress", default, skip_serializing_if = "Option::is_none")]
        pub mac_address: Option<String>,
        /// Type of the network adapter, such as Ethernet, Wireless80211 or SoftwareLoopback
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        /// Operational status of the network adapter, such as Up or Down
        #[serde(rename = "operationalStatus", default, skip_serializing_if = "Option::is_none")]
        pub operational_status: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct VmMetadata {
        /// ID of the virtual machine at its cloud provider
        #[serde(rename = "vmId", default, skip_serializing_if = "Option::is_none")]
        pub vm_id: Option<String>,
        /// Cloud provider hosting the virtual machine, such as Azure
        #[serde(rename = "cloudProvider", default, skip_serializing_if = "Option::is_none")]
        pub cloud_provider: Option<String>,
        /// Cloud resource ID of the virtual machine
        #[serde(rename = "resourceId", default, skip_serializing_if = "Option::is_none")]
        pub resource_id: Option<String>,
        /// Cloud subscription ID of the virtual machine
        #[serde(rename = "subscriptionId", default, skip_serializing_if = "Option::is_none")]
        pub subscription_id: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Machine {
        /// Machine ID, 40 hexadecimal characters
        pub id: String,
        /// Fully qualified name of the machine
        #[serde(rename = "computerDnsName", default, skip_serializing_if = "Option::is_none")]
        pub computer_dns_name: Option<String>,
        /// Date and time (UTC) Defender for Endpoint first observed the machine
        #[serde(rename = "firstSeen", default, skip_serializing_if = "Option::is_none")]
        pub first_seen: Option<String>,
        /// Date and time (UTC) of the machine's last full device report, sent about once a day
        #[serde(rename = "lastSeen", default, skip_serializing_if = "Option::is_none")]
        pub last_seen: Option<String>,
        /// Operating system platform, such as Windows10, Windows11, WindowsServer2022, Linux or macOS
        #[serde(rename = "osPlatform", default, skip_serializing_if = "Option::is_none")]
        pub os_platform: Option<String>,
        /// Onboarding status of the machine, such as onboarded, CanBeOnboarded, Unsupported or InsufficientInfo
        #[serde(rename = "onboardingStatus", default, skip_serializing_if = "Option::is_none")]
        pub onboarding_status: Option<String>,
        /// Operating system processor (deprecated by Microsoft in favour of osArchitecture)
        #[serde(rename = "osProcessor", default, skip_serializing_if = "Option::is_none")]
        pub os_processor: Option<String>,
        /// Operating system architecture, such as 32-bit or 64-bit
        #[serde(rename = "osArchitecture", default, skip_serializing_if = "Option::is_none")]
        pub os_architecture: Option<String>,
        /// Operating system version, such as 22H2
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
        /// Operating system build number
        #[serde(rename = "osBuild", default, skip_serializing_if = "Option::is_none")]
        pub os_build: Option<i64>,
        /// Last IP address of the machine's local network adapter
        #[serde(rename = "lastIpAddress", default, skip_serializing_if = "Option::is_none")]
        pub last_ip_address: Option<String>,
        /// Last IP address through which the machine reached the internet
        #[serde(rename = "lastExternalIpAddress", default, skip_serializing_if = "Option::is_none")]
        pub last_external_ip_address: Option<String>,
        /// Version of the Defender for Endpoint sensor
        #[serde(rename = "agentVersion", default, skip_serializing_if = "Option::is_none")]
        pub agent_version: Option<String>,
        /// Sensor health of the machine, such as Active, Inactive, ImpairedCommunication, NoSensorData, NoSensorDataImpairedCommunication or Unknown
        #[serde(rename = "healthStatus", default, skip_serializing_if = "Option::is_none")]
        pub health_status: Option<String>,
        /// ID of the machine's device group
        #[serde(rename = "rbacGroupId", default, skip_serializing_if = "Option::is_none")]
        pub rbac_group_id: Option<i64>,
        /// Name of the machine's device group
        #[serde(rename = "rbacGroupName", default, skip_serializing_if = "Option::is_none")]
        pub rbac_group_name: Option<String>,
        /// Risk score evaluated by Defender for Endpoint, such as None, Informational, Low, Medium or High
        #[serde(rename = "riskScore", default, skip_serializing_if = "Option::is_none")]
        pub risk_score: Option<String>,
        /// Exposure level evaluated by Defender for Endpoint, such as None, Low, Medium or High
        #[serde(rename = "exposureLevel", default, skip_serializing_if = "Option::is_none")]
        pub exposure_level: Option<String>,
        /// Value of the device for the organisation, such as Normal, Low or High
        #[serde(rename = "deviceValue", default, skip_serializing_if = "Option::is_none")]
        pub device_value: Option<String>,
        /// Whether the machine is joined to Microsoft Entra ID (formerly Azure Active Directory)
        #[serde(rename = "isAadJoined", default, skip_serializing_if = "Option::is_none")]
        pub is_aad_joined: Option<bool>,
        /// Microsoft Entra device ID, when the machine is joined to Microsoft Entra ID
        #[serde(rename = "aadDeviceId", default, skip_serializing_if = "Option::is_none")]
        pub aad_device_id: Option<String>,
        /// Tags assigned to the machine
        #[serde(rename = "machineTags", default, skip_serializing_if = "Option::is_none")]
        pub machine_tags: Option<Vec<String>>,
        /// Network adapters of the machine with their IP and MAC addresses
        #[serde(rename = "ipAddresses", default, skip_serializing_if = "Option::is_none")]
        pub ip_addresses: Option<Vec<types::IpAddress>>,
        /// Status of Microsoft Defender Antivirus on the machine, such as Updated, NotUpdated, Disabled, NotSupported or Unknown
        #[serde(rename = "defenderAvStatus", default, skip_serializing_if = "Option::is_none")]
        pub defender_av_status: Option<String>,
        /// Tool that manages the machine's security settings, such as Intune, MicrosoftDefenderForEndpoint, ConfigurationManager or Unknown
        #[serde(rename = "managedBy", default, skip_serializing_if = "Option::is_none")]
        pub managed_by: Option<String>,
        /// Status of the machine's security settings management, such as Managed, Unknown or Failed
        #[serde(rename = "managedByStatus", default, skip_serializing_if = "Option::is_none")]
        pub managed_by_status: Option<String>,
        /// ID of the machine this machine record was merged into, if any
        #[serde(rename = "mergedIntoMachineId", default, skip_serializing_if = "Option::is_none")]
        pub merged_into_machine_id: Option<String>,
        /// Whether the machine may be a duplicate record of another machine
        #[serde(rename = "isPotentialDuplication", default, skip_serializing_if = "Option::is_none")]
        pub is_potential_duplication: Option<bool>,
        /// Whether the machine is excluded from the device inventory and vulnerability management
        #[serde(rename = "isExcluded", default, skip_serializing_if = "Option::is_none")]
        pub is_excluded: Option<bool>,
        /// Why the machine is excluded, when it is
        #[serde(rename = "exclusionReason", default, skip_serializing_if = "Option::is_none")]
        pub exclusion_reason: Option<String>,
        /// Cloud metadata of the machine when it is a virtual machine in a cloud
        #[serde(rename = "vmMetadata", default, skip_serializing_if = "Option::is_none")]
        pub vm_metadata: Option<types::VmMetadata>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct FileInformation {
        /// SHA1 hash of the file content
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha1: Option<String>,
        /// SHA256 hash of the file content
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<String>,
        /// MD5 hash of the file content
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub md5: Option<String>,
        /// Number of machines across all organisations that have seen the file
        #[serde(rename = "globalPrevalence", default, skip_serializing_if = "Option::is_none")]
        pub global_prevalence: Option<i64>,
        /// Date and time (UTC) the file was first observed anywhere
        #[serde(rename = "globalFirstObserved", default, skip_serializing_if = "Option::is_none")]
        pub global_first_observed: Option<String>,
        /// Date and time (UTC) the file was last observed anywhere
        #[serde(rename = "globalLastObserved", default, skip_serializing_if = "Option::is_none")]
        pub global_last_observed: Option<String>,
        /// Size of the file in bytes
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<i64>,
        /// Type of the file, such as PortableExecutable
        #[serde(rename = "fileType", default, skip_serializing_if = "Option::is_none")]
        pub file_type: Option<String>,
        /// Whether the file is a portable executable (for example an EXE or a DLL)
        #[serde(rename = "isPeFile", default, skip_serializing_if = "Option::is_none")]
        pub is_pe_file: Option<bool>,
        /// Publisher of the file
        #[serde(rename = "filePublisher", default, skip_serializing_if = "Option::is_none")]
        pub file_publisher: Option<String>,
        /// Product name of the file
        #[serde(rename = "fileProductName", default, skip_serializing_if = "Option::is_none")]
        pub file_product_name: Option<String>,
        /// Signer of the file
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub signer: Option<String>,
        /// Issuer of the file's signing certificate
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub issuer: Option<String>,
        /// Hash of the signing certificate
        #[serde(rename = "signerHash", default, skip_serializing_if = "Option::is_none")]
        pub signer_hash: Option<String>,
        /// Whether the file's signing certificate was validated successfully
        #[serde(rename = "isValidCertificate", default, skip_serializing_if = "Option::is_none")]
        pub is_valid_certificate: Option<bool>,
        /// Determination type of the file, such as Malware, Clean or Unknown
        #[serde(rename = "determinationType", default, skip_serializing_if = "Option::is_none")]
        pub determination_type: Option<String>,
        /// Determination value, such as the threat name of a malicious file
        #[serde(rename = "determinationValue", default, skip_serializing_if = "Option::is_none")]
        pub determination_value: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct FileStatistics {
        /// SHA1 hash of the file
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha1: Option<String>,
        /// Number of machines in the organization that saw the file in the look-back period
        #[serde(rename = "organizationPrevalence", default, skip_serializing_if = "Option::is_none")]
        pub organization_prevalence: Option<i64>,
        /// Date and time (UTC) the file was first seen in the organization in the look-back period
        #[serde(rename = "orgFirstSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_first_seen: Option<String>,
        /// Date and time (UTC) the file was last seen in the organization in the look-back period
        #[serde(rename = "orgLastSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_last_seen: Option<String>,
        /// Number of machines across all organisations that have seen the file
        #[serde(rename = "globallyPrevalence", default, skip_serializing_if = "Option::is_none")]
        pub globally_prevalence: Option<i64>,
        /// Date and time (UTC) the file was first observed anywhere
        #[serde(rename = "globalFirstObserved", default, skip_serializing_if = "Option::is_none")]
        pub global_first_observed: Option<String>,
        /// Date and time (UTC) the file was last observed anywhere
        #[serde(rename = "globalLastObserved", default, skip_serializing_if = "Option::is_none")]
        pub global_last_observed: Option<String>,
        /// The names the file was seen with most in the organization
        #[serde(rename = "topFileNames", default, skip_serializing_if = "Option::is_none")]
        pub top_file_names: Option<Vec<String>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct IpStatistics {
        /// The IP address
        #[serde(rename = "ipAddress", default, skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        /// Number of distinct machines in the organization that opened a network connection to this IP address in the look-back period
        #[serde(rename = "organizationPrevalence", default, skip_serializing_if = "Option::is_none")]
        pub organization_prevalence: Option<i64>,
        /// Date and time (UTC) of the first connection to this IP address in the organization in the look-back period
        #[serde(rename = "orgFirstSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_first_seen: Option<String>,
        /// Date and time (UTC) of the last connection to this IP address in the organization in the look-back period
        #[serde(rename = "orgLastSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_last_seen: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct DomainStatistics {
        /// The domain name
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub host: Option<String>,
        /// Number of distinct machines in the organization that communicated with this domain in the look-back period
        #[serde(rename = "organizationPrevalence", default, skip_serializing_if = "Option::is_none")]
        pub organization_prevalence: Option<i64>,
        /// Date and time (UTC) the domain was first seen in the organization in the look-back period
        #[serde(rename = "orgFirstSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_first_seen: Option<String>,
        /// Date and time (UTC) the domain was last seen in the organization in the look-back period
        #[serde(rename = "orgLastSeen", default, skip_serializing_if = "Option::is_none")]
        pub org_last_seen: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct RelatedFileInfo {
        /// Hash of the file the action concerns
        #[serde(rename = "fileIdentifier", default, skip_serializing_if = "Option::is_none")]
        pub file_identifier: Option<String>,
        /// Kind of hash in the file identifier (Sha1, Sha256, Md5)
        #[serde(rename = "fileIdentifierType", default, skip_serializing_if = "Option::is_none")]
        pub file_identifier_type: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct CommandParam {
        /// Name of the parameter, such as ScriptName, Args, Path or FileName
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub key: Option<String>,
        /// Value of the parameter
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub value: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct LiveResponseCommand {
        /// Type of the command, one of PutFile, RunScript or GetFile
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        /// Parameters of the command
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub params: Option<Vec<types::CommandParam>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct MachineActionCommand {
        /// Position of the command in the live response, from 0
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub index: Option<i64>,
        /// Date and time (UTC) the command started
        #[serde(rename = "startTime", default, skip_serializing_if = "Option::is_none")]
        pub start_time: Option<String>,
        /// Date and time (UTC) the command ended
        #[serde(rename = "endTime", default, skip_serializing_if = "Option::is_none")]
        pub end_time: Option<String>,
        /// Status of the command, one of Created, Completed or Failed
        #[serde(rename = "commandStatus", default, skip_serializing_if = "Option::is_none")]
        pub command_status: Option<String>,
        /// Errors the command reported
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub errors: Option<Vec<String>>,
        /// The command as requested
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub command: Option<types::LiveResponseCommand>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct MachineAction {
        /// Machine action ID, a GUID
        pub id: String,
        /// Type of the action, such as Isolate, Unisolate, RunAntiVirusScan, StopAndQuarantineFile, RestrictCodeExecution, CollectInvestigationPackage, Offboard or LiveResponse
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        /// Title of the action
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        /// Scope of the action: Full or Selective for an isolation, Full or Quick for an antivirus scan
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scope: Option<String>,
        /// Identity of the user or application that requested the action
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub requestor: Option<String>,
        /// Comment given when the action was requested
        #[serde(rename = "requestorComment", default, skip_serializing_if = "Option::is_none")]
        pub requestor_comment: Option<String>,
        /// Current status of the action; Pending and InProgress are transient, Succeeded, Failed, TimeOut and Cancelled are final
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// ID of the machine the action runs on
        #[serde(rename = "machineId", default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// Name of the machine the action runs on
        #[serde(rename = "computerDnsName", default, skip_serializing_if = "Option::is_none")]
        pub computer_dns_name: Option<String>,
        /// Date and time (UTC) the action was created
        #[serde(rename = "creationDateTimeUtc", default, skip_serializing_if = "Option::is_none")]
        pub creation_date_time_utc: Option<String>,
        /// Date and time (UTC) the action's status was last updated
        #[serde(rename = "lastUpdateDateTimeUtc", default, skip_serializing_if = "Option::is_none")]
        pub last_update_date_time_utc: Option<String>,
        /// Date and time (UTC) the action's status was last updated, as the list of actions and some action answers name it
        #[serde(rename = "lastUpdateTimeUtc", default, skip_serializing_if = "Option::is_none")]
        pub last_update_time_utc: Option<String>,
        /// Identity of the user or application that cancelled the action
        #[serde(rename = "cancellationRequestor", default, skip_serializing_if = "Option::is_none")]
        pub cancellation_requestor: Option<String>,
        /// Comment given when the action was cancelled
        #[serde(rename = "cancellationComment", default, skip_serializing_if = "Option::is_none")]
        pub cancellation_comment: Option<String>,
        /// Date and time (UTC) the action was cancelled
        #[serde(rename = "cancellationDateTimeUtc", default, skip_serializing_if = "Option::is_none")]
        pub cancellation_date_time_utc: Option<String>,
        /// HRESULT error code of a failed action, 0 when there is no error
        #[serde(rename = "errorHResult", default, skip_serializing_if = "Option::is_none")]
        pub error_h_result: Option<i64>,
        /// Where the action was requested from, such as PublicApi or Portal
        #[serde(rename = "requestSource", default, skip_serializing_if = "Option::is_none")]
        pub request_source: Option<String>,
        /// File the action concerns, for a stop and quarantine action
        #[serde(rename = "relatedFileInfo", default, skip_serializing_if = "Option::is_none")]
        pub related_file_info: Option<types::RelatedFileInfo>,
        /// External ID given by the requestor, if any
        #[serde(rename = "externalId", default, skip_serializing_if = "Option::is_none")]
        pub external_id: Option<String>,
        /// Troubleshooting information about the action, if any
        #[serde(rename = "troubleshootInfo", default, skip_serializing_if = "Option::is_none")]
        pub troubleshoot_info: Option<String>,
        /// Commands of a live response action with their status and errors, where the live response puts its results
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub commands: Option<Vec<types::MachineActionCommand>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Investigation {
        /// ID of the automated investigation, such as 63004
        pub id: String,
        /// Date and time (UTC) the investigation was created
        #[serde(rename = "startTime", default, skip_serializing_if = "Option::is_none")]
        pub start_time: Option<String>,
        /// Date and time (UTC) the investigation was completed; absent while it runs
        #[serde(rename = "endTime", default, skip_serializing_if = "Option::is_none")]
        pub end_time: Option<String>,
        /// ID of the user or application that cancelled the investigation
        #[serde(rename = "cancelledBy", default, skip_serializing_if = "Option::is_none")]
        pub cancelled_by: Option<String>,
        /// Current state of the investigation, such as Queued, Running, PendingApproval, SuccessfullyRemediated, Benign, Failed, PartiallyRemediated, TerminatedByUser or TerminatedBySystem
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
        /// Additional information about the state of the investigation
        #[serde(rename = "statusDetails", default, skip_serializing_if = "Option::is_none")]
        pub status_details: Option<String>,
        /// ID of the machine the investigation runs on
        #[serde(rename = "machineId", default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// Name of the machine the investigation runs on
        #[serde(rename = "computerDnsName", default, skip_serializing_if = "Option::is_none")]
        pub computer_dns_name: Option<String>,
        /// ID of the alert that triggered the investigation; absent for one started by hand or through the API
        #[serde(rename = "triggeringAlertId", default, skip_serializing_if = "Option::is_none")]
        pub triggering_alert_id: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct IsolatedMachine {
        /// ID of the machine
        #[serde(rename = "machineId")]
        pub machine_id: String,
        /// Name of the machine
        #[serde(rename = "computerDnsName", default, skip_serializing_if = "Option::is_none")]
        pub computer_dns_name: Option<String>,
        /// One of isolated, isolation_pending or release_pending
        #[serde(rename = "isolationState")]
        pub isolation_state: String,
        /// Whether the latest isolation or release that succeeded left the machine isolated; true while a release is still pending
        pub isolated: bool,
        /// Whether an isolation or a release is still pending or in progress
        pub pending: bool,
        /// The isolate or release action the state comes from
        #[serde(rename = "machineAction")]
        pub machine_action: types::MachineAction,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct MachineResult {
        /// The machine as given, without surrounding blanks; its ID, computer DNS name or IP address
        pub machine: String,
        /// ID of the machine the value named; absent when it could not be found
        #[serde(rename = "machineId", default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// The action created on the machine, or the one of the same type already pending there; absent when the machine failed
        #[serde(rename = "machineAction", default, skip_serializing_if = "Option::is_none")]
        pub machine_action: Option<types::MachineAction>,
        /// Why no action was created on the machine (Defender's error, a name or address that matches no machine or several, or a step whose time budget ran out before the machine's turn); absent when it succeeded
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct RelatedUser {
        /// Name of the user related to the alert
        #[serde(rename = "userName", default, skip_serializing_if = "Option::is_none")]
        pub user_name: Option<String>,
        /// Domain of the user related to the alert
        #[serde(rename = "domainName", default, skip_serializing_if = "Option::is_none")]
        pub domain_name: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct AlertComment {
        /// Text of the comment
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub comment: Option<String>,
        /// Identity of the comment's author
        #[serde(rename = "createdBy", default, skip_serializing_if = "Option::is_none")]
        pub created_by: Option<String>,
        /// Date and time (UTC) the comment was created
        #[serde(rename = "createdTime", default, skip_serializing_if = "Option::is_none")]
        pub created_time: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Evidence {
        /// Kind of evidence, such as User, Process, File, Ip, Url, Registry, which decides the fields that are set
        #[serde(rename = "entityType", default, skip_serializing_if = "Option::is_none")]
        pub entity_type: Option<String>,
        /// Date and time (UTC) the evidence was created
        #[serde(rename = "evidenceCreationTime", default, skip_serializing_if = "Option::is_none")]
        pub evidence_creation_time: Option<String>,
        /// SHA1 hash of the file or process image
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha1: Option<String>,
        /// SHA256 hash of the file or process image
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<String>,
        /// Name of the file or process image
        #[serde(rename = "fileName", default, skip_serializing_if = "Option::is_none")]
        pub file_name: Option<String>,
        /// Folder of the file or process image
        #[serde(rename = "filePath", default, skip_serializing_if = "Option::is_none")]
        pub file_path: Option<String>,
        /// Process ID of the process
        #[serde(rename = "processId", default, skip_serializing_if = "Option::is_none")]
        pub process_id: Option<i64>,
        /// Command line of the process
        #[serde(rename = "processCommandLine", default, skip_serializing_if = "Option::is_none")]
        pub process_command_line: Option<String>,
        /// Date and time (UTC) the process was started
        #[serde(rename = "processCreationTime", default, skip_serializing_if = "Option::is_none")]
        pub process_creation_time: Option<String>,
        /// Process ID of the parent process
        #[serde(rename = "parentProcessId", default, skip_serializing_if = "Option::is_none")]
        pub parent_process_id: Option<i64>,
        /// Date and time (UTC) the parent process was started
        #[serde(rename = "parentProcessCreationTime", default, skip_serializing_if = "Option::is_none")]
        pub parent_process_creation_time: Option<String>,
        /// Image file name of the parent process
        #[serde(rename = "parentProcessFileName", default, skip_serializing_if = "Option::is_none")]
        pub parent_process_file_name: Option<String>,
        /// Image folder of the parent process
        #[serde(rename = "parentProcessFilePath", default, skip_serializing_if = "Option::is_none")]
        pub parent_process_file_path: Option<String>,
        /// IP address of an IP evidence
        #[serde(rename = "ipAddress", default, skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        /// URL of a URL evidence
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        /// Registry key of a registry evidence
        #[serde(rename = "registryKey", default, skip_serializing_if = "Option::is_none")]
        pub registry_key: Option<String>,
        /// Registry hive of a registry evidence, such as HKEY_LOCAL_MACHINE
        #[serde(rename = "registryHive", default, skip_serializing_if = "Option::is_none")]
        pub registry_hive: Option<String>,
        /// Type of the registry value, such as String or DWord
        #[serde(rename = "registryValueType", default, skip_serializing_if = "Option::is_none")]
        pub registry_value_type: Option<String>,
        /// Data of the registry value
        #[serde(rename = "registryValue", default, skip_serializing_if = "Option::is_none")]
        pub registry_value: Option<String>,
        /// Account name of a user evidence
        #[serde(rename = "accountName", default, skip_serializing_if = "Option::is_none")]
        pub account_name: Option<String>,
        /// Domain of a user evidence
        #[serde(rename = "domainName", default, skip_serializing_if = "Option::is_none")]
        pub domain_name: Option<String>,
        /// Security identifier (SID) of a user evidence
        #[serde(rename = "userSid", default, skip_serializing_if = "Option::is_none")]
        pub user_sid: Option<String>,
        /// Microsoft Entra object ID of a user evidence
        #[serde(rename = "aadUserId", default, skip_serializing_if = "Option::is_none")]
        pub aad_user_id: Option<String>,
        /// User principal name (UPN) of a user evidence
        #[serde(rename = "userPrincipalName", default, skip_serializing_if = "Option::is_none")]
        pub user_principal_name: Option<String>,
        /// Detection status of the evidence, such as Detected, Blocked or Prevented
        #[serde(rename = "detectionStatus", default, skip_serializing_if = "Option::is_none")]
        pub detection_status: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct LoggedOnUser {
        /// Account name of the user logged on to the machine
        #[serde(rename = "accountName", default, skip_serializing_if = "Option::is_none")]
        pub account_name: Option<String>,
        /// Domain of the user logged on to the machine
        #[serde(rename = "domainName", default, skip_serializing_if = "Option::is_none")]
        pub domain_name: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Alert {
        /// Alert ID
        pub id: String,
        /// ID of the incident the alert belongs to
        #[serde(rename = "incidentId", default, skip_serializing_if = "Option::is_none")]
        pub incident_id: Option<i64>,
        /// ID of the automated investigation related to the alert
        #[serde(rename = "investigationId", default, skip_serializing_if = "Option::is_none")]
        pub investigation_id: Option<i64>,
        /// Owner of the alert
        #[serde(rename = "assignedTo", default, skip_serializing_if = "Option::is_none")]
        pub assigned_to: Option<String>,
        /// Severity of the alert, one of UnSpecified, Informational, Low, Medium or High
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<String>,
        /// Status of the alert, one of Unknown, New, InProgress or Resolved
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// Classification of the alert, such as TruePositive, InformationalExpectedActivity or FalsePositive
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub classification: Option<String>,
        /// Determination of the alert, such as Malware, Phishing, SecurityTesting or NotMalicious
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub determination: Option<String>,
        /// State of the automated investigation, such as Running, PendingApproval, SuccessfullyRemediated or Benign
        #[serde(rename = "investigationState", default, skip_serializing_if = "Option::is_none")]
        pub investigation_state: Option<String>,
        /// Detection source, such as WindowsDefenderAtp, WindowsDefenderAv or CustomDetection
        #[serde(rename = "detectionSource", default, skip_serializing_if = "Option::is_none")]
        pub detection_source: Option<String>,
        /// ID of the detector that triggered the alert
        #[serde(rename = "detectorId", default, skip_serializing_if = "Option::is_none")]
        pub detector_id: Option<String>,
        /// Category of the alert, such as Execution, Persistence or SuspiciousActivity
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub category: Option<String>,
        /// Threat family of the detected malware
        #[serde(rename = "threatFamilyName", default, skip_serializing_if = "Option::is_none")]
        pub threat_family_name: Option<String>,
        /// Name of the detected threat
        #[serde(rename = "threatName", default, skip_serializing_if = "Option::is_none")]
        pub threat_name: Option<String>,
        /// Title of the alert
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        /// Description of the alert
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Date and time (UTC) the alert was created
        #[serde(rename = "alertCreationTime", default, skip_serializing_if = "Option::is_none")]
        pub alert_creation_time: Option<String>,
        /// Date and time (UTC) of the first event that triggered the alert on the machine
        #[serde(rename = "firstEventTime", default, skip_serializing_if = "Option::is_none")]
        pub first_event_time: Option<String>,
        /// Date and time (UTC) of the last event that triggered the alert on the machine
        #[serde(rename = "lastEventTime", default, skip_serializing_if = "Option::is_none")]
        pub last_event_time: Option<String>,
        /// Date and time (UTC) the alert was last updated
        #[serde(rename = "lastUpdateTime", default, skip_serializing_if = "Option::is_none")]
        pub last_update_time: Option<String>,
        /// Date and time (UTC) the alert's status was changed to Resolved
        #[serde(rename = "resolvedTime", default, skip_serializing_if = "Option::is_none")]
        pub resolved_time: Option<String>,
        /// ID of the machine the alert is associated with
        #[serde(rename = "machineId", default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// Fully qualified name of the machine the alert is associated with
        #[serde(rename = "computerDnsName", default, skip_serializing_if = "Option::is_none")]
        pub computer_dns_name: Option<String>,
        /// Name of the machine's device group
        #[serde(rename = "rbacGroupName", default, skip_serializing_if = "Option::is_none")]
        pub rbac_group_name: Option<String>,
        /// Microsoft Entra tenant ID
        #[serde(rename = "aadTenantId", default, skip_serializing_if = "Option::is_none")]
        pub aad_tenant_id: Option<String>,
        /// MITRE ATT&CK technique IDs, such as T1059.001
        #[serde(rename = "mitreTechniques", default, skip_serializing_if = "Option::is_none")]
        pub mitre_techniques: Option<Vec<String>>,
        /// User related to the alert
        #[serde(rename = "relatedUser", default, skip_serializing_if = "Option::is_none")]
        pub related_user: Option<types::RelatedUser>,
        /// Comments on the alert
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub comments: Option<Vec<types::AlertComment>>,
        /// Evidence of the alert (files, processes, users, IP addresses, URLs, registry values)
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub evidence: Option<Vec<types::Evidence>>,
        /// Users logged on to the machine when the alert was raised
        #[serde(rename = "loggedOnUsers", default, skip_serializing_if = "Option::is_none")]
        pub logged_on_users: Option<Vec<types::LoggedOnUser>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct HuntingColumn {
        /// Name of the column
        #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Kusto data type of the column, such as String, Int64, DateTime or Boolean
        #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Indicator {
        /// Indicator ID
        pub id: String,
        /// Value of the indicator, such as a file hash, an IP address, a domain name or a URL
        #[serde(rename = "indicatorValue", default, skip_serializing_if = "Option::is_none")]
        pub indicator_value: Option<String>,
        /// Type of the indicator, as Defender names it, one of FileSha1, FileSha256, FileMd5, CertificateThumbprint, IpAddress, DomainName and Url, for a URL
        #[serde(rename = "indicatorType", default, skip_serializing_if = "Option::is_none")]
        pub indicator_type: Option<String>,
        /// Action taken when the indicator is seen, such as Warn, Block, Audit, BlockAndRemediate or Allowed
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub action: Option<String>,
        /// Title of the indicator, shown in alerts and notifications
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        /// Description of the indicator
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Severity of the alerts the indicator raises, one of Informational, Low, Medium or High
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<String>,
        /// Application associated with the indicator
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub application: Option<String>,
        /// Actions recommended to an analyst who meets the indicator
        #[serde(rename = "recommendedActions", default, skip_serializing_if = "Option::is_none")]
        pub recommended_actions: Option<String>,
        /// Whether a match raises an alert
        #[serde(rename = "generateAlert", default, skip_serializing_if = "Option::is_none")]
        pub generate_alert: Option<bool>,
        /// Date and time (UTC) the indicator expires, when it does
        #[serde(rename = "expirationTime", default, skip_serializing_if = "Option::is_none")]
        pub expiration_time: Option<String>,
        /// Date and time (UTC) the indicator was created
        #[serde(rename = "creationTimeDateTimeUtc", default, skip_serializing_if = "Option::is_none")]
        pub creation_time_date_time_utc: Option<String>,
        /// Identity of the user or application that created the indicator
        #[serde(rename = "createdBy", default, skip_serializing_if = "Option::is_none")]
        pub created_by: Option<String>,
        /// Display name of the user or application that created the indicator
        #[serde(rename = "createdByDisplayName", default, skip_serializing_if = "Option::is_none")]
        pub created_by_display_name: Option<String>,
        /// Where the indicator was created, such as PublicApi or Portal
        #[serde(rename = "createdBySource", default, skip_serializing_if = "Option::is_none")]
        pub created_by_source: Option<String>,
        /// Date and time (UTC) the indicator was last updated
        #[serde(rename = "lastUpdateTime", default, skip_serializing_if = "Option::is_none")]
        pub last_update_time: Option<String>,
        /// Identity of the user or application that last updated the indicator
        #[serde(rename = "lastUpdatedBy", default, skip_serializing_if = "Option::is_none")]
        pub last_updated_by: Option<String>,
        /// Name of the application or user that submitted the indicator
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<String>,
        /// Kind of submitter, User or AadApp
        #[serde(rename = "sourceType", default, skip_serializing_if = "Option::is_none")]
        pub source_type: Option<String>,
        /// Custom notification URL shown to users who meet the indicator
        #[serde(rename = "educateUrl", default, skip_serializing_if = "Option::is_none")]
        pub educate_url: Option<String>,
        /// Device groups the indicator applies to; empty means every device
        #[serde(rename = "rbacGroupNames", default, skip_serializing_if = "Option::is_none")]
        pub rbac_group_names: Option<Vec<String>>,
        /// IDs of the device groups the indicator applies to; empty means every device
        #[serde(rename = "rbacGroupIds", default, skip_serializing_if = "Option::is_none")]
        pub rbac_group_ids: Option<Vec<String>>,
        /// ID the submitter gave the indicator for its own correlation, if any
        #[serde(rename = "externalId", default, skip_serializing_if = "Option::is_none")]
        pub external_id: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct IndicatorInput {
        /// Value of the indicator, in the form its type requires; CIDR ranges are not supported
        pub indicator_value: String,
        /// Type of the indicator: FileSha1 (40 hexadecimal characters), FileSha256 (64), FileMd5 (32), CertificateThumbprint (40), IpAddress (a single address, no CIDR range), DomainName, or Url, a URL with or without the HTTP or HTTPS scheme
        pub indicator_type: IndicatorType,
        /// Action taken when the indicator is seen; Audit requires Generate Alert, and BlockAndRemediate applies to files and certificates only
        pub action: Action,
        /// Title of the indicator, shown in alerts and notifications
        pub title: String,
        /// Description of the indicator
        pub description: String,
        /// Severity of the alerts the indicator raises
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<Severity>,
        /// Whether a match raises an alert; required by the Audit action
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub generate_alert: Option<bool>,
        /// Date and time the indicator expires, such as 2027-01-31T00:00:00Z; empty means it never expires
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expiration_time: Option<String>,
        /// Actions recommended to an analyst who meets the indicator
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recommended_actions: Option<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum IndicatorType {
        FileSha1,
        FileSha256,
        FileMd5,
        CertificateThumbprint,
        IpAddress,
        DomainName,
        Url,
    }

    impl IndicatorType {
        pub fn as_str(self) -> &'static str {
            match self {
                IndicatorType::FileSha1 => "FileSha1",
                IndicatorType::FileSha256 => "FileSha256",
                IndicatorType::FileMd5 => "FileMd5",
                IndicatorType::CertificateThumbprint => "CertificateThumbprint",
                IndicatorType::IpAddress => "IpAddress",
                IndicatorType::DomainName => "DomainName",
                IndicatorType::Url => "Url",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Action {
        Warn,
        Block,
        Audit,
        BlockAndRemediate,
        Allowed,
    }

    impl Action {
        pub fn as_str(self) -> &'static str {
            match self {
                Action::Warn => "Warn",
                Action::Block => "Block",
                Action::Audit => "Audit",
                Action::BlockAndRemediate => "BlockAndRemediate",
                Action::Allowed => "Allowed",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Severity {
        Informational,
        Low,
        Medium,
        High,
    }

    impl Severity {
        pub fn as_str(self) -> &'static str {
            match self {
                Severity::Informational => "Informational",
                Severity::Low => "Low",
                Severity::Medium => "Medium",
                Severity::High => "High",
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct IndicatorImportResult {
        /// Value of the indicator, as given without surrounding blanks
        pub indicator_value: String,
        /// Type of the indicator, as given
        pub indicator_type: String,
        /// ID of the indicator Defender created or updated; absent when it failed
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        /// Why Defender did not import the indicator (its failure reason, or the error of the request that carried it); absent when it succeeded
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub error: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct LibraryFile {
        /// Name of the file in the live response library, unique in it
        #[serde(rename = "fileName")]
        pub file_name: String,
        /// SHA-256 hash of the file's content
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha256: Option<String>,
        /// Description of the file, if one was given
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// When the file was first uploaded
        #[serde(rename = "creationTime", default, skip_serializing_if = "Option::is_none")]
        pub creation_time: Option<String>,
        /// When the file was last uploaded
        #[serde(rename = "lastUpdatedTime", default, skip_serializing_if = "Option::is_none")]
        pub last_updated_time: Option<String>,
        /// Who uploaded the file
        #[serde(rename = "createdBy", default, skip_serializing_if = "Option::is_none")]
        pub created_by: Option<String>,
        /// Whether the script takes parameters
        #[serde(rename = "hasParameters", default, skip_serializing_if = "Option::is_none")]
        pub has_parameters: Option<bool>,
        /// Description of the parameters the script takes, if any
        #[serde(rename = "parametersDescription", default, skip_serializing_if = "Option::is_none")]
        pub parameters_description: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct LogonUser {
        /// User ID, the domain and account name such as contoso\user1
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        /// Account name of the user
        #[serde(rename = "accountName", default, skip_serializing_if = "Option::is_none")]
        pub account_name: Option<String>,
        /// Domain of the user's account
        #[serde(rename = "accountDomain", default, skip_serializing_if = "Option::is_none")]
        pub account_domain: Option<String>,
        /// Security identifier of the account
        #[serde(rename = "accountSid", default, skip_serializing_if = "Option::is_none")]
        pub account_sid: Option<String>,
        /// When the user first logged on to the machine
        #[serde(rename = "firstSeen", default, skip_serializing_if = "Option::is_none")]
        pub first_seen: Option<String>,
        /// When the user last logged on to the machine
        #[serde(rename = "lastSeen", default, skip_serializing_if = "Option::is_none")]
        pub last_seen: Option<String>,
        /// ID of the machine the user logs on to most
        #[serde(rename = "mostPrevalentMachineId", default, skip_serializing_if = "Option::is_none")]
        pub most_prevalent_machine_id: Option<String>,
        /// ID of the machine the user logs on to least
        #[serde(rename = "leastPrevalentMachineId", default, skip_serializing_if = "Option::is_none")]
        pub least_prevalent_machine_id: Option<String>,
        /// Logon types of the user on the machine, such as Interactive, RemoteInteractive or Network
        #[serde(rename = "logonTypes", default, skip_serializing_if = "Option::is_none")]
        pub logon_types: Option<String>,
        /// Number of machines the user logged on to
        #[serde(rename = "logOnMachinesCount", default, skip_serializing_if = "Option::is_none")]
        pub log_on_machines_count: Option<i64>,
        /// Whether the user is a domain administrator
        #[serde(rename = "isDomainAdmin", default, skip_serializing_if = "Option::is_none")]
        pub is_domain_admin: Option<bool>,
        /// Whether the user only logged on over the network
        #[serde(rename = "isOnlyNetworkUser", default, skip_serializing_if = "Option::is_none")]
        pub is_only_network_user: Option<bool>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Software {
        /// Software ID, the vendor and name such as microsoft-_-edge
        pub id: String,
        /// Name of the software
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Publisher of the software
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vendor: Option<String>,
        /// Number of vulnerabilities discovered in the software
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub weaknesses: Option<i64>,
        /// Whether a public exploit exists for some of its vulnerabilities
        #[serde(rename = "publicExploit", default, skip_serializing_if = "Option::is_none")]
        pub public_exploit: Option<bool>,
        /// Whether an active alert is associated with the software
        #[serde(rename = "activeAlert", default, skip_serializing_if = "Option::is_none")]
        pub active_alert: Option<bool>,
        /// Number of machines exposed through the software
        #[serde(rename = "exposedMachines", default, skip_serializing_if = "Option::is_none")]
        pub exposed_machines: Option<i64>,
        /// Exposure score impact of the software
        #[serde(rename = "impactScore", default, skip_serializing_if = "Option::is_none")]
        pub impact_score: Option<f64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Vulnerability {
        /// Vulnerability ID, such as CVE-2021-44228
        pub id: String,
        /// Title of the vulnerability
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Description of the vulnerability
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Severity of the vulnerability, one of Low, Medium, High or Critical
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<String>,
        /// CVSS v3 score
        #[serde(rename = "cvssV3", default, skip_serializing_if = "Option::is_none")]
        pub cvss_v3: Option<f64>,
        /// CVSS vector the score was derived from
        #[serde(rename = "cvssVector", default, skip_serializing_if = "Option::is_none")]
        pub cvss_vector: Option<String>,
        /// Number of machines exposed to the vulnerability
        #[serde(rename = "exposedMachines", default, skip_serializing_if = "Option::is_none")]
        pub exposed_machines: Option<i64>,
        /// When the vulnerability was published
        #[serde(rename = "publishedOn", default, skip_serializing_if = "Option::is_none")]
        pub published_on: Option<String>,
        /// When the vulnerability was last updated
        #[serde(rename = "updatedOn", default, skip_serializing_if = "Option::is_none")]
        pub updated_on: Option<String>,
        /// Whether a public exploit exists
        #[serde(rename = "publicExploit", default, skip_serializing_if = "Option::is_none")]
        pub public_exploit: Option<bool>,
        /// Whether an exploit is verified to work
        #[serde(rename = "exploitVerified", default, skip_serializing_if = "Option::is_none")]
        pub exploit_verified: Option<bool>,
        /// Whether an exploit is part of an exploit kit
        #[serde(rename = "exploitInKit", default, skip_serializing_if = "Option::is_none")]
        pub exploit_in_kit: Option<bool>,
        /// What the exploits achieve, such as Local privilege escalation, Denial of service or Remote code execution
        #[serde(rename = "exploitTypes", default, skip_serializing_if = "Option::is_none")]
        pub exploit_types: Option<Vec<String>>,
        /// Source URLs of the exploits
        #[serde(rename = "exploitUris", default, skip_serializing_if = "Option::is_none")]
        pub exploit_uris: Option<Vec<String>>,
        /// Whether Defender supports the CVE, one of Supported, NotSupported or SupportedInPremium
        #[serde(rename = "cveSupportability", default, skip_serializing_if = "Option::is_none")]
        pub cve_supportability: Option<String>,
        /// Probability from 0 to 1 that the vulnerability will be exploited, by the EPSS model
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub epss: Option<f64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Recommendation {
        /// Recommendation ID
        pub id: String,
        /// Name of the related software
        #[serde(rename = "productName", default, skip_serializing_if = "Option::is_none")]
        pub product_name: Option<String>,
        /// What to do, such as Update Git to version 2.24.1.2
        #[serde(rename = "recommendationName", default, skip_serializing_if = "Option::is_none")]
        pub recommendation_name: Option<String>,
        /// Number of vulnerabilities the recommendation addresses
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub weaknesses: Option<i64>,
        /// Vendor of the related software
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub vendor: Option<String>,
        /// Version to update to
        #[serde(rename = "recommendedVersion", default, skip_serializing_if = "Option::is_none")]
        pub recommended_version: Option<String>,
        /// Program to replace the software with
        #[serde(rename = "recommendedProgram", default, skip_serializing_if = "Option::is_none")]
        pub recommended_program: Option<String>,
        /// Vendor of the recommended program
        #[serde(rename = "recommendedVendor", default, skip_serializing_if = "Option::is_none")]
        pub recommended_vendor: Option<String>,
        /// Category, one of Accounts, Application, Network, OS or SecurityControls
        #[serde(rename = "recommendationCategory", default, skip_serializing_if = "Option::is_none")]
        pub recommendation_category: Option<String>,
        /// Subcategory of the recommendation
        #[serde(rename = "subCategory", default, skip_serializing_if = "Option::is_none")]
        pub sub_category: Option<String>,
        /// Potential impact on the organization's Microsoft Secure Score for Devices
        #[serde(rename = "severityScore", default, skip_serializing_if = "Option::is_none")]
        pub severity_score: Option<f64>,
        /// Whether a public exploit is available
        #[serde(rename = "publicExploit", default, skip_serializing_if = "Option::is_none")]
        pub public_exploit: Option<bool>,
        /// Whether an active alert is associated with the recommendation
        #[serde(rename = "activeAlert", default, skip_serializing_if = "Option::is_none")]
        pub active_alert: Option<bool>,
        /// Threat analytics reports associated with the recommendation
        #[serde(rename = "associatedThreats", default, skip_serializing_if = "Option::is_none")]
        pub associated_threats: Option<Vec<String>>,
        /// Remediation, one of ConfigurationChange, Update, Upgrade or Uninstall
        #[serde(rename = "remediationType", default, skip_serializing_if = "Option::is_none")]
        pub remediation_type: Option<String>,
        /// Exception status, Active or Exception
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        /// Impact on the Microsoft Secure Score for Devices
        #[serde(rename = "configScoreImpact", default, skip_serializing_if = "Option::is_none")]
        pub config_score_impact: Option<f64>,
        /// Impact on the exposure score
        #[serde(rename = "exposureImpact", default, skip_serializing_if = "Option::is_none")]
        pub exposure_impact: Option<f64>,
        /// Number of machines with the software installed
        #[serde(rename = "totalMachineCount", default, skip_serializing_if = "Option::is_none")]
        pub total_machine_count: Option<i64>,
        /// Number of those machines exposed to vulnerabilities
        #[serde(rename = "exposedMachinesCount", default, skip_serializing_if = "Option::is_none")]
        pub exposed_machines_count: Option<i64>,
        /// Number of machines the remediation does not affect
        #[serde(rename = "nonProductivityImpactedAssets", default, skip_serializing_if = "Option::is_none")]
        pub non_productivity_impacted_assets: Option<i64>,
        /// Related software component
        #[serde(rename = "relatedComponent", default, skip_serializing_if = "Option::is_none")]
        pub related_component: Option<String>,
        /// Number of exposed critical machines
        #[serde(rename = "exposedCriticalDevices", default, skip_serializing_if = "Option::is_none")]
        pub exposed_critical_devices: Option<i64>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct MissingKb {
        /// Number of the update (KB) without the KB prefix, such as 4540673
        pub id: String,
        /// Name of the update, such as March 2020 Security Updates
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Software the update fixes
        #[serde(rename = "productsNames", default, skip_serializing_if = "Option::is_none")]
        pub products_names: Option<Vec<String>>,
        /// Where to get the update
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        /// Number of machines missing the update
        #[serde(rename = "machineMissedOn", default, skip_serializing_if = "Option::is_none")]
        pub machine_missed_on: Option<i64>,
        /// Number of vulnerabilities the update fixes
        #[serde(rename = "cveAddressed", default, skip_serializing_if = "Option::is_none")]
        pub cve_addressed: Option<i64>,
    }
}

/// Get Machine ID from Alert: Get the machine related to an alert, including its ID (requires the Machine.Read.All permission)
pub mod get_machine_id_from_alert {
    use super::*;

    pub const NAME: &str = "get_machine_id_from_alert";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID of the alert to get the machine from
        pub alert_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machine related to the alert
        pub machine_information: types::Machine,
    }
}

/// Get File ID from Alert: Get the files related to an alert, with their hashes (requires the File.Read.All permission)
pub mod get_file_id_from_alert {
    use super::*;

    pub const NAME: &str = "get_file_id_from_alert";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID of the alert to get the files from
        pub alert_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The files related to the alert, empty when there are none
        pub file_list: Vec<types::FileInformation>,
    }
}

/// Get File Information: Get a file's information, such as its hashes, size, signer and determination, by its SHA-1 or SHA-256 hash (requires the File.Read.All permission)
pub mod get_file_information {
    use super::*;

    pub const NAME: &str = "get_file_information";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// SHA-1 (40 hexadecimal characters) or SHA-256 (64 hexadecimal characters) hash of the file
        pub hash: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The file
        pub file: types::FileInformation,
    }
}

/// Get File Statistics: Get how many machines in the organization saw a file, when it was first and last seen and under which names, over a look-back of up to 30 days (requires the File.Read.All permission)
pub mod get_file_statistics {
    use super::*;

    pub const NAME: &str = "get_file_statistics";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// SHA-1 (40 hexadecimal characters) or SHA-256 (64 hexadecimal characters) hash of the file
        pub hash: String,
        /// Hours to count back from now, from 1 to 720 (30 days, the most Microsoft allows)
        #[serde(default = "default_lookback_hours")]
        pub lookback_hours: i64,
    }

    fn default_lookback_hours() -> i64 {
        720
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The file's statistics in the organization
        pub file_statistics: types::FileStatistics,
    }
}

/// Get File Related Machines: Get the machines a file was seen on, by its SHA-1 hash or its SHA-256 hash, which is first looked up to its SHA-1 (requires the Machine.Read.All permission, and File.Read.All for a SHA-256 hash)
pub mod get_file_related_machines {
    use super::*;

    pub const NAME: &str = "get_file_related_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// SHA-1 (40 hexadecimal characters) or SHA-256 (64 hexadecimal characters) hash of the file
        pub hash: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machines related to the file, empty when there are none
        pub machines: Vec<types::Machine>,
    }
}

/// Get File Related Alerts: Get the alerts related to a file, by its SHA-1 hash or its SHA-256 hash, which is first looked up to its SHA-1 (requires the Alert.Read.All permission, and File.Read.All for a SHA-256 hash)
pub mod get_file_related_alerts {
    use super::*;

    pub const NAME: &str = "get_file_related_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// SHA-1 (40 hexadecimal characters) or SHA-256 (64 hexadecimal characters) hash of the file
        pub hash: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts related to the file, empty when there are none
        pub alerts: Vec<types::Alert>,
    }
}

/// Get IP Statistics: Get how many machines in the organization connected to an IP address and when the first and last connections were, over a look-back of up to 30 days (requires the Ip.Read.All permission)
pub mod get_ip_statistics {
    use super::*;

    pub const NAME: &str = "get_ip_statistics";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// One IPv4 or IPv6 address, without a range, port or zone
        pub ip_address: String,
        /// Hours to count back from now, from 1 to 720 (30 days, the most Microsoft allows)
        #[serde(default = "default_lookback_hours")]
        pub lookback_hours: i64,
    }

    fn default_lookback_hours() -> i64 {
        720
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The IP address's statistics in the organization; an address never seen has an organization prevalence of 0
        pub ip_statistics: types::IpStatistics,
    }
}

/// Get IP Related Alerts: Get the alerts related to an IP address (requires the Alert.Read.All permission)
pub mod get_ip_related_alerts {
    use super::*;

    pub const NAME: &str = "get_ip_related_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// One IPv4 or IPv6 address, without a range, port or zone
        pub ip_address: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts related to the IP address, empty when there are none
        pub alerts: Vec<types::Alert>,
    }
}

/// Get Domain Statistics: Get how many machines in the organization communicated with a domain and when it was first and last seen, over a look-back of up to 30 days (requires the URL.Read.All permission)
pub mod get_domain_statistics {
    use super::*;

    pub const NAME: &str = "get_domain_statistics";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// A domain name such as contoso.com, without a scheme, path or port (an internationalized name in its xn-- form)
        pub domain: String,
        /// Hours to count back from now, from 1 to 720 (30 days, the most Microsoft allows)
        #[serde(default = "default_lookback_hours")]
        pub lookback_hours: i64,
    }

    fn default_lookback_hours() -> i64 {
        720
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The domain's statistics in the organization; a domain never seen has an organization prevalence of 0
        pub domain_statistics: types::DomainStatistics,
    }
}

/// Get Domain Related Alerts: Get the alerts related to a domain (requires the Alert.ReadWrite.All permission)
pub mod get_domain_related_alerts {
    use super::*;

    pub const NAME: &str = "get_domain_related_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// A domain name such as contoso.com, without a scheme, path or port (an internationalized name in its xn-- form)
        pub domain: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts related to the domain, empty when there are none
        pub alerts: Vec<types::Alert>,
    }
}

/// Get Domain Related Machines: Get the machines that communicated with a domain, at most 500 (requires the Machine.Read.All permission)
pub mod get_domain_related_machines {
    use super::*;

    pub const NAME: &str = "get_domain_related_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// A domain name such as contoso.com, without a scheme, path or port (an internationalized name in its xn-- form)
        pub domain: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machines that communicated with the domain, at most 500, empty when there are none
        pub machines: Vec<types::Machine>,
    }
}

/// Isolate Machine: Isolate a machine from the network, keeping its connection to Defender for Endpoint open (requires the Machine.Isolate permission)
pub mod isolate_machine {
    use super::*;

    pub const NAME: &str = "isolate_machine";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to isolate
        pub machine_id: String,
        /// Full blocks all network traffic except to Defender for Endpoint; Selective also keeps Outlook, Teams and Skype for Business working
        pub isolation_type: IsolationType,
        /// Comment to associate with the isolation action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum IsolationType {
        Full,
        Selective,
    }

    impl IsolationType {
        pub fn as_str(self) -> &'static str {
            match self {
                IsolationType::Full => "Full",
                IsolationType::Selective => "Selective",
            }
        }
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The isolation action created, with its ID and status
        pub machine_isolation_response: types::MachineAction,
    }
}

/// Unisolate Machine: Restore the network connectivity of an isolated machine (requires the Machine.Isolate permission)
pub mod unisolate_machine {
    use super::*;

    pub const NAME: &str = "unisolate_machine";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to release from isolation
        pub machine_id: String,
        /// Comment to associate with the unisolate action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The unisolate action created, with its ID and status
        pub machine_isolation_response: types::MachineAction,
    }
}

/// Stop and Quarantine File: Stop the execution of a file on a machine and quarantine it (requires the Machine.StopAndQuarantine permission)
pub mod stop_and_quarantine_file {
    use super::*;

    pub const NAME: &str = "stop_and_quarantine_file";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to act on
        pub machine_id: String,
        /// SHA1 hash (40 hexadecimal characters) of the file to stop and quarantine on the machine
        pub sha1: String,
        /// Comment to associate with the stop and quarantine action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The stop and quarantine action created, with its ID, status and the file concerned
        pub stop_and_quarantine_response: types::MachineAction,
    }
}

/// Run Antivirus Scan: Start a Microsoft Defender Antivirus scan on a machine (requires the Machine.Scan permission)
pub mod run_antivirus_scan {
    use super::*;

    pub const NAME: &str = "run_antivirus_scan";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to scan
        pub machine_id: String,
        /// Type of antivirus scan to run, Quick scanning only common malware locations
        pub scan_type: ScanType,
        /// Comment to associate with the antivirus scan action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum ScanType {
        Full,
        Quick,
    }

    impl ScanType {
        pub fn as_str(self) -> &'static str {
            match self {
                ScanType::Full => "Full",
                ScanType::Quick => "Quick",
            }
        }
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The antivirus scan action created, with its ID and status
        pub machine_action_response: types::MachineAction,
    }
}

/// Isolate Machines: Isolate up to 500 machines from the network in one step, keeping their connection to Defender for Endpoint open, and return each machine's isolation action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Isolate permission)
pub mod isolate_machines {
    use super::*;

    pub const NAME: &str = "isolate_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters), computer DNS names or IP addresses of the machines to isolate; 1 to 500 items, counted as given before duplicates are removed. A value given twice (compared without regard to case) is sent once, and a machine named twice (by its ID and its name) gets one action, shown on both results
        pub machines: Vec<String>,
        /// Full blocks all network traffic except to Defender for Endpoint; Selective also keeps Outlook, Teams and Skype for Business working
        pub isolation_type: IsolationType,
        /// Comment to associate with each isolation action
        pub comment: String,
        /// Follow the actions, all at once, until each succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return them as they then stand; false returns them as soon as Defender accepts them
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the actions before returning those unfinished as they stand
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum IsolationType {
        Full,
        Selective,
    }

    impl IsolationType {
        pub fn as_str(self) -> &'static str {
            match self {
                IsolationType::Full => "Full",
                IsolationType::Selective => "Selective",
            }
        }
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// One result per machine given, in the order given, each with the isolation action created or the machine's error
        pub results: Vec<types::MachineResult>,
        /// How many results hold an action
        pub succeeded: i64,
        /// How many results hold an error
        pub failed: i64,
    }
}

/// Unisolate Machines: Restore the network connectivity of up to 500 isolated machines in one step, and return each machine's unisolate action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Isolate permission)
pub mod unisolate_machines {
    use super::*;

    pub const NAME: &str = "unisolate_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters), computer DNS names or IP addresses of the machines to release from isolation; 1 to 500 items, counted as given before duplicates are removed. A value given twice (compared without regard to case) is sent once, and a machine named twice (by its ID and its name) gets one action, shown on both results
        pub machines: Vec<String>,
        /// Comment to associate with each unisolate action
        pub comment: String,
        /// Follow the actions, all at once, until each succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return them as they then stand; false returns them as soon as Defender accepts them
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the actions before returning those unfinished as they stand
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// One result per machine given, in the order given, each with the unisolate action created or the machine's error
        pub results: Vec<types::MachineResult>,
        /// How many results hold an action
        pub succeeded: i64,
        /// How many results hold an error
        pub failed: i64,
    }
}

/// Run Antivirus Scans: Run a Microsoft Defender Antivirus scan on up to 500 machines in one step, and return each machine's scan action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.Scan permission)
pub mod run_antivirus_scans {
    use super::*;

    pub const NAME: &str = "run_antivirus_scans";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters), computer DNS names or IP addresses of the machines to scan; 1 to 500 items, counted as given before duplicates are removed. A value given twice (compared without regard to case) is sent once, and a machine named twice (by its ID and its name) gets one action, shown on both results
        pub machines: Vec<String>,
        /// Type of antivirus scan to run, Quick scanning only common malware locations
        pub scan_type: ScanType,
        /// Comment to associate with each antivirus scan action
        pub comment: String,
        /// Follow the actions, all at once, until each succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return them as they then stand; false returns them as soon as Defender accepts them
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the actions before returning those unfinished as they stand
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum ScanType {
        Full,
        Quick,
    }

    impl ScanType {
        pub fn as_str(self) -> &'static str {
            match self {
                ScanType::Full => "Full",
                ScanType::Quick => "Quick",
            }
        }
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// One result per machine given, in the order given, each with the antivirus scan action created or the machine's error
        pub results: Vec<types::MachineResult>,
        /// How many results hold an action
        pub succeeded: i64,
        /// How many results hold an error
        pub failed: i64,
    }
}

/// Restrict App Executions: Restrict the applications up to 500 machines can run to those signed by Microsoft in one step, keeping their connection to Defender for Endpoint, and return each machine's restriction action or error. Machines are sent 10 at a time; Microsoft allows 100 such calls a minute, and a throttled call waits the time Defender asks for within the step's time budget. One machine failing does not fail the step, every machine failing does (requires the Machine.RestrictExecution permission)
pub mod restrict_app_executions {
    use super::*;

    pub const NAME: &str = "restrict_app_executions";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters), computer DNS names or IP addresses of the machines to restrict; 1 to 500 items, counted as given before duplicates are removed. A value given twice (compared without regard to case) is sent once, and a machine named twice (by its ID and its name) gets one action, shown on both results
        pub machines: Vec<String>,
        /// Comment to associate with each app restriction action
        pub comment: String,
        /// Follow the actions, all at once, until each succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return them as they then stand; false returns them as soon as Defender accepts them
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the actions before returning those unfinished as they stand
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// One result per machine given, in the order given, each with the app restriction action created or the machine's error
        pub results: Vec<types::MachineResult>,
        /// How many results hold an action
        pub succeeded: i64,
        /// How many results hold an error
        pub failed: i64,
    }
}

/// Get Machine Action: Get the details and current status of an action taken on a machine (requires the Machine.Read.All permission)
pub mod get_machine_action {
    use super::*;

    pub const NAME: &str = "get_machine_action";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID (a GUID) of the machine action, as returned by the actions that start one or by List Machine Actions
        pub action_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machine action, with its current status
        pub machine_action_response: types::MachineAction,
    }
}

/// Restrict App Execution: Restrict the applications a machine can run to those signed by Microsoft, keeping its connection to Defender for Endpoint (requires the Machine.RestrictExecution permission)
pub mod restrict_app_execution {
    use super::*;

    pub const NAME: &str = "restrict_app_execution";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to restrict
        pub machine_id: String,
        /// Comment to associate with the app restriction action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The app restriction action created, with its ID and status
        pub machine_action_response: types::MachineAction,
    }
}

/// Unrestrict App Execution: Remove the app execution restriction from a machine, letting it run any application again (requires the Machine.RestrictExecution permission)
pub mod unrestrict_app_execution {
    use super::*;

    pub const NAME: &str = "unrestrict_app_execution";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to lift the restriction from
        pub machine_id: String,
        /// Comment to associate with the remove app restriction action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The remove app restriction action created, with its ID and status
        pub machine_action_response: types::MachineAction,
    }
}

/// Collect Investigation Package: Collect a forensic investigation package (logs, autoruns, processes, network connections and more) from a machine; get its download link with Get Investigation Package URI once the action has succeeded (requires the Machine.CollectForensics permission)
pub mod collect_investigation_package {
    use super::*;

    pub const NAME: &str = "collect_investigation_package";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to collect the package from
        pub machine_id: String,
        /// Comment to associate with the collection action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The collection action created, with its ID and status; its ID is what Get Investigation Package URI takes
        pub machine_action_response: types::MachineAction,
    }
}

/// Offboard Machine: Offboard a Windows machine from Defender for Endpoint, which stops its sensor until it is onboarded again; Confirm Machine ID must repeat the machine's ID, and a mismatch sends nothing. Defender allows 100 calls a minute (requires the Machine.Offboard permission)
pub mod offboard_machine {
    use super::*;

    pub const NAME: &str = "offboard_machine";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to offboard
        pub machine_id: String,
        /// The machine's 40-character ID again, compared without regard to case with the ID of the machine that Machine ID names; when they differ nothing is sent to Defender
        pub confirm_machine_id: String,
        /// Comment to associate with the offboarding action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The offboarding action created, with its ID and status
        pub machine_action_response: types::MachineAction,
    }
}

/// Start Automated Investigation: Start an automated investigation on a machine; Defender allows 50 calls an hour (requires the Alert.ReadWrite.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod start_automated_investigation {
    use super::*;

    pub const NAME: &str = "start_automated_investigation";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to investigate
        pub machine_id: String,
        /// Comment to associate with the investigation
        pub comment: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The investigation started, with its ID and state
        pub investigation: types::Investigation,
    }
}

/// List Investigations: List automated investigations, optionally only those of one machine or state or started since a date, read page by page up to a limit (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod list_investigations {
    use super::*;

    pub const NAME: &str = "list_investigations";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine whose investigations to list; empty lists those of every machine
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// State of the investigations to list; empty lists every state
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub state: Option<State>,
        /// Only investigations started at or after this date and time, such as 2026-11-21T00:00:00+00:00 (a time without an offset is UTC); empty lists them whatever their start
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub started_after: Option<String>,
        /// Largest number of investigations to return, from 1 to 10000
        #[serde(default = "default_limit")]
        pub limit: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum State {
        Unknown,
        Terminated,
        SuccessfullyRemediated,
        Benign,
        Failed,
        PartiallyRemediated,
        Running,
        PendingApproval,
        PendingResource,
        PartiallyInvestigated,
        TerminatedByUser,
        TerminatedBySystem,
        Queued,
        InnerFailure,
        PreexistingAlert,
        UnsupportedOs,
        UnsupportedAlertType,
        SuppressedAlert,
    }

    impl State {
        pub fn as_str(self) -> &'static str {
            match self {
                State::Unknown => "Unknown",
                State::Terminated => "Terminated",
                State::SuccessfullyRemediated => "SuccessfullyRemediated",
                State::Benign => "Benign",
                State::Failed => "Failed",
                State::PartiallyRemediated => "PartiallyRemediated",
                State::Running => "Running",
                State::PendingApproval => "PendingApproval",
                State::PendingResource => "PendingResource",
                State::PartiallyInvestigated => "PartiallyInvestigated",
                State::TerminatedByUser => "TerminatedByUser",
                State::TerminatedBySystem => "TerminatedBySystem",
                State::Queued => "Queued",
                State::InnerFailure => "InnerFailure",
                State::PreexistingAlert => "PreexistingAlert",
                State::UnsupportedOs => "UnsupportedOs",
                State::UnsupportedAlertType => "UnsupportedAlertType",
                State::SuppressedAlert => "SuppressedAlert",
            }
        }
    }

    fn default_limit() -> i64 {
        100
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The matching investigations; empty when there are none
        pub investigations: Vec<types::Investigation>,
    }
}

/// Get Investigation: Get an automated investigation by its ID or by the ID of the alert that triggered it (requires the Alert.Read.All permission)
pub mod get_investigation {
    use super::*;

    pub const NAME: &str = "get_investigation";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID of the investigation (such as 63004), or the ID of the alert that triggered it
        pub investigation_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The investigation, with its state and machine
        pub investigation: types::Investigation,
    }
}

/// Get Investigation Package URI: Get a short-lived download link for the investigation package of a finished collection; Defender allows 2 calls a minute (requires the Machine.Read.All permission)
pub mod get_investigation_package_uri {
    use super::*;

    pub const NAME: &str = "get_investigation_package_uri";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID (a GUID) of the Collect Investigation Package action; while it is still running the action fails with a not-ready error, so run the collection with Wait for Completion or retry later
        pub action_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// Download link of the investigation package (a ZIP file), valid for a short time
        pub uri: String,
    }
}

/// Cancel Machine Action: Cancel a machine action that is still pending or in progress; an action that already succeeded, failed, timed out or was cancelled cannot be (requires the permission of the action, such as Machine.Isolate or Machine.Scan)
pub mod cancel_machine_action {
    use super::*;

    pub const NAME: &str = "cancel_machine_action";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID (a GUID) of the machine action to cancel
        pub action_id: String,
        /// Comment to associate with the cancellation
        pub comment: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machine action, now Cancelled, with who cancelled it and when
        pub machine_action_response: types::MachineAction,
    }
}

/// List Machine Actions: List machine actions, newest first, optionally only those of one machine, type or status (requires the Machine.Read.All permission)
pub mod list_machine_actions {
    use super::*;

    pub const NAME: &str = "list_machine_actions";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine whose actions to list; empty lists the actions of every machine
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// Type of the actions to list; empty lists every type
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub type_: Option<Type>,
        /// Status of the actions to list; empty lists every status
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<Status>,
        /// Largest number of actions to return, from 1 to 10000
        #[serde(default = "default_limit")]
        pub limit: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Type {
        Isolate,
        Unisolate,
        RestrictCodeExecution,
        UnrestrictCodeExecution,
        RunAntiVirusScan,
        StopAndQuarantineFile,
        CollectInvestigationPackage,
        Offboard,
        LiveResponse,
    }

    impl Type {
        pub fn as_str(self) -> &'static str {
            match self {
                Type::Isolate => "Isolate",
                Type::Unisolate => "Unisolate",
                Type::RestrictCodeExecution => "RestrictCodeExecution",
                Type::UnrestrictCodeExecution => "UnrestrictCodeExecution",
                Type::RunAntiVirusScan => "RunAntiVirusScan",
                Type::StopAndQuarantineFile => "StopAndQuarantineFile",
                Type::CollectInvestigationPackage => "CollectInvestigationPackage",
                Type::Offboard => "Offboard",
                Type::LiveResponse => "LiveResponse",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Status {
        Pending,
        InProgress,
        Succeeded,
        Failed,
        TimeOut,
        Cancelled,
    }

    impl Status {
        pub fn as_str(self) -> &'static str {
            match self {
                Status::Pending => "Pending",
                Status::InProgress => "InProgress",
                Status::Succeeded => "Succeeded",
                Status::Failed => "Failed",
                Status::TimeOut => "TimeOut",
                Status::Cancelled => "Cancelled",
            }
        }
    }

    fn default_limit() -> i64 {
        100
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The matching machine actions, newest first; empty when there are none
        pub machine_actions: Vec<types::MachineAction>,
    }
}

/// Get Isolation State: Tell whether a machine is isolated, derived from its latest isolate or release action, as Defender has no isolation field (requires the Machine.Read.All permission)
pub mod get_isolation_state {
    use super::*;

    pub const NAME: &str = "get_isolation_state";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// ID of the machine
        pub machine_id: String,
        /// One of isolated, not_isolated, isolation_pending (an isolation was requested and has not finished) or release_pending (a release was requested and has not finished, so the machine is still isolated)
        pub isolation_state: String,
        /// Whether the machine is isolated as of its latest isolation or release that succeeded: still true while a release is pending, still false while an isolation is pending; use Isolation State to tell the four cases apart
        pub isolated: bool,
        /// Whether an isolation or a release is still pending or in progress
        pub pending: bool,
        /// The isolate or release action the state comes from, the latest one that succeeded or is still running; absent when the machine was never isolated
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub machine_action: Option<types::MachineAction>,
    }
}

/// List Isolated Machines: List every machine that is isolated or whose isolation or release is pending, derived from each machine's latest isolate or release action (requires the Machine.Read.All permission)
pub mod list_isolated_machines {
    use super::*;

    pub const NAME: &str = "list_isolated_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Also list machines whose isolation was requested but has not finished; false lists only machines isolated now, those with a release pending included
        #[serde(default = "default_include_pending_isolations")]
        pub include_pending_isolations: bool,
    }

    fn default_include_pending_isolations() -> bool {
        true
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machines that are isolated or have an isolation or release pending, most recently changed first; empty when there are none
        pub isolated_machines: Vec<types::IsolatedMachine>,
    }
}

/// Get Machine Information: Get the details of a machine named by its ID, its computer DNS name or an IP address (requires the Machine.Read.All permission)
pub mod get_machine_information {
    use super::*;

    pub const NAME: &str = "get_machine_information";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters), computer DNS name (the full name, or the host name alone when it is unique) or IP address of the machine; an IP address is matched against the machines' last IP address, then against the machines seen with it in the last 15 minutes
        pub machine: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machine found
        pub machine: types::Machine,
    }
}

/// Find Machines: Find machines by name prefix, IP address, health status, risk score, tag and OS platform; every filter given must match, and filters left empty match everything (requires the Machine.Read.All permission)
pub mod find_machines {
    use super::*;

    pub const NAME: &str = "find_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Start of the computer DNS name, such as ws-fin; empty matches every name
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name_prefix: Option<String>,
        /// Last IP address of the machine, IPv4 or IPv6; empty matches every address
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub ip_address: Option<String>,
        /// Sensor health of the machine; empty matches every health status
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub health_status: Option<HealthStatus>,
        /// Risk score of the machine; empty matches every risk score
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub risk_score: Option<RiskScore>,
        /// Tag the machine must carry, compared in full; empty matches machines with any tags or none
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tag: Option<String>,
        /// Operating system platform, such as Windows10, Windows11, WindowsServer2022, Linux or macOS; empty matches every platform
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub os_platform: Option<String>,
        /// Most machines to return, from 1 to 10000
        #[serde(default = "default_limit")]
        pub limit: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum HealthStatus {
        Active,
        Inactive,
        ImpairedCommunication,
        NoSensorData,
        NoSensorDataImpairedCommunication,
        Unknown,
    }

    impl HealthStatus {
        pub fn as_str(self) -> &'static str {
            match self {
                HealthStatus::Active => "Active",
                HealthStatus::Inactive => "Inactive",
                HealthStatus::ImpairedCommunication => "ImpairedCommunication",
                HealthStatus::NoSensorData => "NoSensorData",
                HealthStatus::NoSensorDataImpairedCommunication => "NoSensorDataImpairedCommunication",
                HealthStatus::Unknown => "Unknown",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum RiskScore {
        None,
        Informational,
        Low,
        Medium,
        High,
    }

    impl RiskScore {
        pub fn as_str(self) -> &'static str {
            match self {
                RiskScore::None => "None",
                RiskScore::Informational => "Informational",
                RiskScore::Low => "Low",
                RiskScore::Medium => "Medium",
                RiskScore::High => "High",
            }
        }
    }

    fn default_limit() -> i64 {
        100
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machines that match every filter given, empty when there are none
        pub machines: Vec<types::Machine>,
    }
}

/// Get User Related Alerts: Get the alerts related to a user, named by the account name without its domain (requires the Alert.Read.All permission)
pub mod get_user_related_alerts {
    use super::*;

    pub const NAME: &str = "get_user_related_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Account name of the user without the domain, such as jdoe for jdoe@contoso.com or CONTOSO\jdoe
        pub user_name: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts related to the user, empty when there are none or Defender does not know the user
        pub alerts: Vec<types::Alert>,
    }
}

/// Get User Related Machines: Get the machines a user logged on to, the user named by the account name without its domain (requires the Machine.ReadWrite.All permission)
pub mod get_user_related_machines {
    use super::*;

    pub const NAME: &str = "get_user_related_machines";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Account name of the user without the domain, such as jdoe for jdoe@contoso.com or CONTOSO\jdoe
        pub user_name: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The machines the user logged on to, empty when there are none or Defender does not know the user
        pub machines: Vec<types::Machine>,
    }
}

/// Get Machine Logon Users: Get the users who logged on to a machine (requires the User.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_logon_users {
    use super::*;

    pub const NAME: &str = "get_machine_logon_users";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The users who logged on to the machine, empty when there are none
        pub users: Vec<types::LogonUser>,
    }
}

/// Get Machine Alerts: Get the alerts raised on a machine (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_alerts {
    use super::*;

    pub const NAME: &str = "get_machine_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts raised on the machine, empty when there are none
        pub alerts: Vec<types::Alert>,
    }
}

/// Get Machine Software: Get the software installed on a machine, from Defender Vulnerability Management (requires the Software.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_software {
    use super::*;

    pub const NAME: &str = "get_machine_software";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The software installed on the machine, empty when Defender knows of none
        pub software: Vec<types::Software>,
    }
}

/// Get Machine Vulnerabilities: Get the vulnerabilities discovered on a machine, from Defender Vulnerability Management; Defender allows 50 calls a minute (requires the Vulnerability.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_vulnerabilities {
    use super::*;

    pub const NAME: &str = "get_machine_vulnerabilities";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The vulnerabilities discovered on the machine, empty when there are none
        pub vulnerabilities: Vec<types::Vulnerability>,
    }
}

/// Get Machine Security Recommendations: Get the security recommendations for a machine, from Defender Vulnerability Management (requires the SecurityRecommendation.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_security_recommendations {
    use super::*;

    pub const NAME: &str = "get_machine_security_recommendations";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The security recommendations for the machine, empty when there are none
        pub recommendations: Vec<types::Recommendation>,
    }
}

/// Get Machine Missing KBs: Get the security updates (KBs) a machine is missing, from Defender Vulnerability Management (requires the Software.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod get_machine_missing_kbs {
    use super::*;

    pub const NAME: &str = "get_machine_missing_kbs";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine
        pub machine_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The security updates the machine is missing, empty when it has them all
        pub missing_kbs: Vec<types::MissingKb>,
    }
}

/// Add Machine Tag: Add a tag to one or more machines, up to 500 machines a request and more in several requests (requires the Machine.ReadWrite.All permission)
pub mod add_machine_tag {
    use super::*;

    pub const NAME: &str = "add_machine_tag";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters) or computer DNS names of the machines to tag; at least one, and a machine given twice is changed once
        pub machines: Vec<String>,
        /// Tag to add, 1 to 200 characters without control characters
        pub tag: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// Each machine with its tags after the tag was added
        pub machines: Vec<types::Machine>,
    }
}

/// Remove Machine Tag: Remove a tag from one or more machines, up to 500 machines a request and more in several requests (requires the Machine.ReadWrite.All permission)
pub mod remove_machine_tag {
    use super::*;

    pub const NAME: &str = "remove_machine_tag";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine IDs (40 hexadecimal characters) or computer DNS names of the machines to untag; at least one, and a machine given twice is changed once
        pub machines: Vec<String>,
        /// Tag to remove, 1 to 200 characters without control characters; a machine without it is left as it is
        pub tag: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// Each machine with its tags after the tag was removed
        pub machines: Vec<types::Machine>,
    }
}

/// Run Live Response Script: Run a script from the live response library on a machine and return its output, errors and exit code once it has run; Defender runs one live response session per machine at a time (a second returns the running one), stops a script after 10 minutes and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All to follow the action, read its result link and find a machine given by DNS name)
pub mod run_live_response_script {
    use super::*;

    pub const NAME: &str = "run_live_response_script";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to run the script on
        pub machine_id: String,
        /// Name of a script in the live response library, such as collect-triage.ps1; a name with a path separator (/ or \) or .. is refused
        pub script_name: String,
        /// Arguments passed to the script
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub args: Option<String>,
        /// Comment to associate with the live response action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes; the script's output exists only once it has run, so false returns the action without it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished and without output
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        true
    }

    fn default_wait_timeout() -> i64 {
        900
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The live response action, with its ID, status and the command's status and errors
        pub machine_action_response: types::MachineAction,
        /// What the script wrote to its standard output, once it succeeded
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub script_output: Option<String>,
        /// What the script wrote to its standard error output, once it succeeded
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub script_errors: Option<String>,
        /// Exit code of the script, once it succeeded
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub exit_code: Option<i64>,
    }
}

/// Get Live Response File: Collect a file from a machine with live response and return its download link, valid for 30 minutes, and the file itself when it is no larger than Max File Size; Defender runs one live response session per machine at a time (a second returns the running one) and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All to follow the action, read its result link and find a machine given by DNS name)
pub mod get_live_response_file {
    use super::*;

    pub const NAME: &str = "get_live_response_file";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to collect the file from
        pub machine_id: String,
        /// Absolute path of the file on the machine, such as C:\Windows\Temp\triage.zip on Windows (from a drive letter; UNC paths are refused, as live response collects from the device's own disks) or /var/log/syslog on macOS and Linux
        pub path: String,
        /// Comment to associate with the live response action
        pub comment: String,
        /// Largest file, in bytes (1 to 67108864), returned in File; a larger one is returned as its download link only
        #[serde(default = "default_max_file_size")]
        pub max_file_size: i64,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes; the file can be downloaded only once it has been collected, so false returns the action without it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished and without the file
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_max_file_size() -> i64 {
        10485760
    }

    fn default_wait_for_completion() -> bool {
        true
    }

    fn default_wait_timeout() -> i64 {
        900
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The live response action, with its ID, status and the command's status and errors
        pub machine_action_response: types::MachineAction,
        /// Link to download the collected file, once the action succeeded; it carries its own access signature, so treat it as a secret
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub download_link: Option<String>,
        /// Date and time (UTC) the download link expires
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub link_expires: Option<String>,
        /// The collected file, name and base64 content, when it is no larger than Max File Size
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub file: Option<crate::spec::FileObject>,
    }
}

/// Put Live Response File: Copy a file from the live response library to a machine's live response working folder, where it stays until the machine restarts; Defender runs one live response session per machine at a time (a second returns the running one) and allows 10 calls a minute (requires the Machine.LiveResponse permission, and Machine.Read.All for a machine given by DNS name)
pub mod put_live_response_file {
    use super::*;

    pub const NAME: &str = "put_live_response_file";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine to copy the file to
        pub machine_id: String,
        /// Name of a file in the live response library, such as memdump.exe; a name with a path separator (/ or \) or .. is refused
        pub file_name: String,
        /// Comment to associate with the live response action
        pub comment: String,
        /// Follow the action until it succeeds, fails, times out or is cancelled, or until Wait Timeout passes, and return it as it then stands; false returns the action as soon as Defender accepts it
        #[serde(default = "default_wait_for_completion")]
        pub wait_for_completion: bool,
        /// With Wait for Completion, how many seconds (10 to 3600) to follow the action before returning it unfinished
        #[serde(default = "default_wait_timeout")]
        pub wait_timeout: i64,
    }

    fn default_wait_for_completion() -> bool {
        false
    }

    fn default_wait_timeout() -> i64 {
        300
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The live response action, with its ID, status and the command's status and errors
        pub machine_action_response: types::MachineAction,
    }
}

/// Get Alert: Get an alert with its evidence (requires the Alert.Read.All permission)
pub mod get_alert {
    use super::*;

    pub const NAME: &str = "get_alert";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID of the alert to get
        pub alert_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alert, with its comments and evidence
        pub alert: types::Alert,
    }
}

/// Update Alert: Change the status, owner, classification or determination of an alert, or add a comment to it; fields left empty are not changed, and at least one must be given (requires the Alert.ReadWrite.All permission)
pub mod update_alert {
    use super::*;

    pub const NAME: &str = "update_alert";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// ID of the alert to update
        pub alert_id: String,
        /// New status of the alert; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<Status>,
        /// New owner of the alert, such as secops@contoso.com; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub assigned_to: Option<String>,
        /// New classification of the alert; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub classification: Option<Classification>,
        /// New determination of the alert; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub determination: Option<Determination>,
        /// Comment to add to the alert; empty adds none
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub comment: Option<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Status {
        New,
        InProgress,
        Resolved,
    }

    impl Status {
        pub fn as_str(self) -> &'static str {
            match self {
                Status::New => "New",
                Status::InProgress => "InProgress",
                Status::Resolved => "Resolved",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Classification {
        TruePositive,
        InformationalExpectedActivity,
        FalsePositive,
    }

    impl Classification {
        pub fn as_str(self) -> &'static str {
            match self {
                Classification::TruePositive => "TruePositive",
                Classification::InformationalExpectedActivity => "InformationalExpectedActivity",
                Classification::FalsePositive => "FalsePositive",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Determination {
        MultiStagedAttack,
        MaliciousUserActivity,
        CompromisedUser,
        Malware,
        Phishing,
        UnwantedSoftware,
        SecurityTesting,
        LineOfBusinessApplication,
        ConfirmedActivity,
        ConfirmedUserActivity,
        NotMalicious,
        Clean,
        InsufficientData,
        Other,
    }

    impl Determination {
        pub fn as_str(self) -> &'static str {
            match self {
                Determination::MultiStagedAttack => "MultiStagedAttack",
                Determination::MaliciousUserActivity => "MaliciousUserActivity",
                Determination::CompromisedUser => "CompromisedUser",
                Determination::Malware => "Malware",
                Determination::Phishing => "Phishing",
                Determination::UnwantedSoftware => "UnwantedSoftware",
                Determination::SecurityTesting => "SecurityTesting",
                Determination::LineOfBusinessApplication => "LineOfBusinessApplication",
                Determination::ConfirmedActivity => "ConfirmedActivity",
                Determination::ConfirmedUserActivity => "ConfirmedUserActivity",
                Determination::NotMalicious => "NotMalicious",
                Determination::Clean => "Clean",
                Determination::InsufficientData => "InsufficientData",
                Determination::Other => "Other",
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alert as it is after the update
        pub alert: types::Alert,
    }
}

/// List Alerts: List alerts, optionally only those of a severity, status, category, detection source or machine, or created or updated since a date, reading every page up to a limit; Defender filters all but the machine, which the plugin matches on the alerts it reads (requires the Alert.Read.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod list_alerts {
    use super::*;

    pub const NAME: &str = "list_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Severity of the alerts to list; empty lists every severity
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub severity: Option<Severity>,
        /// Status of the alerts to list; empty lists every status
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<Status>,
        /// Category of the alerts to list, such as Malware or CredentialAccess; empty lists every category
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub category: Option<String>,
        /// Detection source of the alerts to list, such as WindowsDefenderAtp or WindowsDefenderAv; empty lists every source
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub detection_source: Option<String>,
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine whose alerts to list; Defender cannot filter alerts by machine, so the plugin reads the alerts matching the other filters and keeps this machine's; empty lists those of every machine
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub machine_id: Option<String>,
        /// Only alerts created at or after this date and time, such as 2026-11-20T00:00:00+00:00 (a time without an offset is UTC); empty lists them whatever their creation
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created_after: Option<String>,
        /// Only alerts last updated at or after this date and time, such as 2026-11-21T00:00:00+00:00 (a time without an offset is UTC); empty lists them whatever their last update
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub updated_after: Option<String>,
        /// Largest number of alerts to return, from 1 to 10000
        #[serde(default = "default_limit")]
        pub limit: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Severity {
        UnSpecified,
        Informational,
        Low,
        Medium,
        High,
    }

    impl Severity {
        pub fn as_str(self) -> &'static str {
            match self {
                Severity::UnSpecified => "UnSpecified",
                Severity::Informational => "Informational",
                Severity::Low => "Low",
                Severity::Medium => "Medium",
                Severity::High => "High",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Status {
        Unknown,
        New,
        InProgress,
        Resolved,
    }

    impl Status {
        pub fn as_str(self) -> &'static str {
            match self {
                Status::Unknown => "Unknown",
                Status::New => "New",
                Status::InProgress => "InProgress",
                Status::Resolved => "Resolved",
            }
        }
    }

    fn default_limit() -> i64 {
        100
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alerts that match every filter given, in the order Defender returns them; empty when there are none
        pub alerts: Vec<types::Alert>,
    }
}

/// Batch Update Alerts: Change the status, owner, classification or determination of up to 5000 alerts, or add a comment to each, with Defender's batch endpoint in calls of at most 500 alerts; fields left empty are not changed, and at least one must be given. Microsoft allows 10 such calls a minute and 500 an hour (requires the Alert.ReadWrite.All permission)
pub mod batch_update_alerts {
    use super::*;

    pub const NAME: &str = "batch_update_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// IDs of the alerts to update, 1 to 5000; an ID given twice is sent once
        pub alert_ids: Vec<String>,
        /// New status of the alerts; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<Status>,
        /// New owner of the alerts, such as secops@contoso.com; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub assigned_to: Option<String>,
        /// New classification of the alerts; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub classification: Option<Classification>,
        /// New determination of the alerts; empty leaves it unchanged
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub determination: Option<Determination>,
        /// Comment to add to each alert; empty adds none
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub comment: Option<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Status {
        New,
        InProgress,
        Resolved,
    }

    impl Status {
        pub fn as_str(self) -> &'static str {
            match self {
                Status::New => "New",
                Status::InProgress => "InProgress",
                Status::Resolved => "Resolved",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Classification {
        TruePositive,
        InformationalExpectedActivity,
        FalsePositive,
    }

    impl Classification {
        pub fn as_str(self) -> &'static str {
            match self {
                Classification::TruePositive => "TruePositive",
                Classification::InformationalExpectedActivity => "InformationalExpectedActivity",
                Classification::FalsePositive => "FalsePositive",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Determination {
        MultiStagedAttack,
        MaliciousUserActivity,
        CompromisedUser,
        Malware,
        Phishing,
        UnwantedSoftware,
        SecurityTesting,
        LineOfBusinessApplication,
        ConfirmedActivity,
        ConfirmedUserActivity,
        NotMalicious,
        Clean,
        InsufficientData,
        Other,
    }

    impl Determination {
        pub fn as_str(self) -> &'static str {
            match self {
                Determination::MultiStagedAttack => "MultiStagedAttack",
                Determination::MaliciousUserActivity => "MaliciousUserActivity",
                Determination::CompromisedUser => "CompromisedUser",
                Determination::Malware => "Malware",
                Determination::Phishing => "Phishing",
                Determination::UnwantedSoftware => "UnwantedSoftware",
                Determination::SecurityTesting => "SecurityTesting",
                Determination::LineOfBusinessApplication => "LineOfBusinessApplication",
                Determination::ConfirmedActivity => "ConfirmedActivity",
                Determination::ConfirmedUserActivity => "ConfirmedUserActivity",
                Determination::NotMalicious => "NotMalicious",
                Determination::Clean => "Clean",
                Determination::InsufficientData => "InsufficientData",
                Determination::Other => "Other",
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// IDs of the alerts updated, each once, in the order given
        pub alert_ids: Vec<String>,
    }
}

/// Create Alert by Reference: Raise an alert on an event found with advanced hunting, named by its machine, its time and its report ID; an open alert with the same title on the same machine takes the event instead, and an automated investigation starts on the alert. Microsoft allows 15 calls a minute (requires the Alert.ReadWrite.All permission, and Machine.Read.All for a machine given by DNS name)
pub mod create_alert_by_reference {
    use super::*;

    pub const NAME: &str = "create_alert_by_reference";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Machine ID (40 hexadecimal characters) or computer DNS name of the machine the event happened on, the DeviceId of the advanced hunting row
        pub machine_id: String,
        /// Precise time of the event, the Timestamp of the advanced hunting row, such as 2026-11-20T08:10:58+00:00 (a time without an offset is UTC)
        pub event_time: String,
        /// Report ID of the event, the ReportId of the advanced hunting row, a number
        pub report_id: String,
        /// Severity of the alert
        pub severity: Severity,
        /// Category of the alert
        pub category: Category,
        /// Title of the alert
        pub title: String,
        /// Description of the alert
        pub description: String,
        /// Action the security officer should take when analyzing the alert
        pub recommended_action: String,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Severity {
        Low,
        Medium,
        High,
    }

    impl Severity {
        pub fn as_str(self) -> &'static str {
            match self {
                Severity::Low => "Low",
                Severity::Medium => "Medium",
                Severity::High => "High",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Category {
        General,
        CommandAndControl,
        Collection,
        CredentialAccess,
        DefenseEvasion,
        Discovery,
        Exfiltration,
        Exploit,
        Execution,
        InitialAccess,
        LateralMovement,
        Malware,
        Persistence,
        PrivilegeEscalation,
        Ransomware,
        SuspiciousActivity,
    }

    impl Category {
        pub fn as_str(self) -> &'static str {
            match self {
                Category::General => "General",
                Category::CommandAndControl => "CommandAndControl",
                Category::Collection => "Collection",
                Category::CredentialAccess => "CredentialAccess",
                Category::DefenseEvasion => "DefenseEvasion",
                Category::Discovery => "Discovery",
                Category::Exfiltration => "Exfiltration",
                Category::Exploit => "Exploit",
                Category::Execution => "Execution",
                Category::InitialAccess => "InitialAccess",
                Category::LateralMovement => "LateralMovement",
                Category::Malware => "Malware",
                Category::Persistence => "Persistence",
                Category::PrivilegeEscalation => "PrivilegeEscalation",
                Category::Ransomware => "Ransomware",
                Category::SuspiciousActivity => "SuspiciousActivity",
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The alert created, or the open alert of the same title on the machine that took the event
        pub alert: types::Alert,
    }
}

/// Run Advanced Hunting Query: Run a Kusto (KQL) advanced hunting query over the last 30 days of device data; at most 100,000 rows are returned, and Microsoft limits each tenant to 45 calls per minute, 1,500 per hour and a CPU time quota (requires the AdvancedQuery.Read.All permission)
pub mod run_advanced_hunting_query {
    use super::*;

    pub const NAME: &str = "run_advanced_hunting_query";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Advanced hunting query in the Kusto Query Language (KQL), such as DeviceProcessEvents | where FileName == "powershell.exe" | take 10
        pub query: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// Rows of the result, one object per row keyed by column name
        pub results: Vec<serde_json::Map<String, serde_json::Value>>,
        /// Columns of the result, in order, with their types
        pub schema: Vec<types::HuntingColumn>,
    }
}

/// Submit Indicator: Submit a custom indicator (a file hash, certificate thumbprint, IP address, domain name or URL) to warn about, block, audit or allow, or update the indicator with the same value and type (requires the Ti.ReadWrite.All permission)
pub mod submit_indicator {
    use super::*;

    pub const NAME: &str = "submit_indicator";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Value of the indicator, in the form its type requires; CIDR ranges are not supported
        pub indicator_value: String,
        /// Type of the indicator: FileSha1 (40 hexadecimal characters), FileSha256 (64), FileMd5 (32), CertificateThumbprint (40), IpAddress (a single address, no CIDR range), DomainName, or Url, a URL with or without the HTTP or HTTPS scheme
        pub indicator_type: IndicatorType,
        /// Action taken when the indicator is seen; Audit requires Generate Alert, and BlockAndRemediate applies to files and certificates only
        pub action: Action,
        /// Title of the indicator, shown in alerts and notifications
        pub title: String,
        /// Description of the indicator
        pub description: String,
        /// Severity of the alerts the indicator raises
        #[serde(default = "default_severity")]
        pub severity: Severity,
        /// Whether a match raises an alert; required by the Audit action
        #[serde(default = "default_generate_alert")]
        pub generate_alert: bool,
        /// Date and time the indicator expires, such as 2027-01-31T00:00:00Z; empty means it never expires
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expiration_time: Option<String>,
        /// Actions recommended to an analyst who meets the indicator
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recommended_actions: Option<String>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum IndicatorType {
        FileSha1,
        FileSha256,
        FileMd5,
        CertificateThumbprint,
        IpAddress,
        DomainName,
        Url,
    }

    impl IndicatorType {
        pub fn as_str(self) -> &'static str {
            match self {
                IndicatorType::FileSha1 => "FileSha1",
                IndicatorType::FileSha256 => "FileSha256",
                IndicatorType::FileMd5 => "FileMd5",
                IndicatorType::CertificateThumbprint => "CertificateThumbprint",
                IndicatorType::IpAddress => "IpAddress",
                IndicatorType::DomainName => "DomainName",
                IndicatorType::Url => "Url",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Action {
        Warn,
        Block,
        Audit,
        BlockAndRemediate,
        Allowed,
    }

    impl Action {
        pub fn as_str(self) -> &'static str {
            match self {
                Action::Warn => "Warn",
                Action::Block => "Block",
                Action::Audit => "Audit",
                Action::BlockAndRemediate => "BlockAndRemediate",
                Action::Allowed => "Allowed",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Severity {
        Informational,
        Low,
        Medium,
        High,
    }

    impl Severity {
        pub fn as_str(self) -> &'static str {
            match self {
                Severity::Informational => "Informational",
                Severity::Low => "Low",
                Severity::Medium => "Medium",
                Severity::High => "High",
            }
        }
    }

    fn default_severity() -> Severity {
        Severity::Informational
    }

    fn default_generate_alert() -> bool {
        false
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The indicator as stored by Defender for Endpoint
        pub indicator: types::Indicator,
    }
}

/// Delete Indicator: Delete a custom indicator by its ID (requires the Ti.ReadWrite.All permission)
pub mod delete_indicator {
    use super::*;

    pub const NAME: &str = "delete_indicator";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Numeric ID of the indicator to delete, as returned by Submit Indicator and List Indicators
        pub indicator_id: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// True when the indicator was deleted
        pub success: bool,
    }
}

/// Import Indicators: Submit or update up to 15000 custom indicators in one step, with Defender's import endpoint in calls of at most 500, and return each indicator's ID or error. Every indicator is checked by Submit Indicator's rules before anything is sent, and one that breaks them refuses the whole list. One indicator failing does not fail the step, every indicator failing does; Microsoft allows 30 calls a minute and 15000 active indicators a tenant (requires the Ti.ReadWrite.All permission)
pub mod import_indicators {
    use super::*;

    pub const NAME: &str = "import_indicators";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// The indicators to submit or update, 1 to 15000, each with the fields and rules of Submit Indicator's inputs (an indicator of the same value and type is updated)
        pub indicators: Vec<types::IndicatorInput>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// One result per indicator given, in the order given, with the ID of the indicator created or updated or the indicator's error
        pub results: Vec<types::IndicatorImportResult>,
        /// How many results hold an ID
        pub succeeded: i64,
        /// How many results hold an error
        pub failed: i64,
    }
}

/// Delete Indicators: Delete up to 15000 custom indicators by their IDs with Defender's batch delete endpoint, in calls of at most 500; an ID Defender does not know fails its call, which then deletes none of its indicators. Microsoft allows 30 calls a minute and 1500 an hour (requires the Ti.ReadWrite.All permission)
pub mod delete_indicators {
    use super::*;

    pub const NAME: &str = "delete_indicators";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Numeric IDs of the indicators to delete, 1 to 15000, as returned by Submit Indicator, Import Indicators and List Indicators; an ID given twice is sent once
        pub indicator_ids: Vec<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// IDs of the indicators deleted, each once, in the order given
        pub indicator_ids: Vec<String>,
    }
}

/// List Indicators: List the custom indicators, optionally only those of a type, a value or an action (requires the Ti.ReadWrite.All permission)
pub mod list_indicators {
    use super::*;

    pub const NAME: &str = "list_indicators";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Type of the indicators to list; empty lists every type
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub indicator_type: Option<IndicatorType>,
        /// Exact value of the indicators to list; empty lists every value
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub indicator_value: Option<String>,
        /// Action of the indicators to list; empty lists every action
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub action: Option<Action>,
        /// Most indicators to return, from 1 to 10000
        #[serde(default = "default_limit")]
        pub limit: i64,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum IndicatorType {
        FileSha1,
        FileSha256,
        FileMd5,
        CertificateThumbprint,
        IpAddress,
        DomainName,
        Url,
    }

    impl IndicatorType {
        pub fn as_str(self) -> &'static str {
            match self {
                IndicatorType::FileSha1 => "FileSha1",
                IndicatorType::FileSha256 => "FileSha256",
                IndicatorType::FileMd5 => "FileMd5",
                IndicatorType::CertificateThumbprint => "CertificateThumbprint",
                IndicatorType::IpAddress => "IpAddress",
                IndicatorType::DomainName => "DomainName",
                IndicatorType::Url => "Url",
            }
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
    pub enum Action {
        Warn,
        Block,
        Audit,
        BlockAndRemediate,
        Allowed,
        Alert,
        AlertAndBlock,
    }

    impl Action {
        pub fn as_str(self) -> &'static str {
            match self {
                Action::Warn => "Warn",
                Action::Block => "Block",
                Action::Audit => "Audit",
                Action::BlockAndRemediate => "BlockAndRemediate",
                Action::Allowed => "Allowed",
                Action::Alert => "Alert",
                Action::AlertAndBlock => "AlertAndBlock",
            }
        }
    }

    fn default_limit() -> i64 {
        100
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The indicators that match every filter given, empty when there are none
        pub indicators: Vec<types::Indicator>,
    }
}

/// List Library Files: List the files of the live response library, the scripts and files live response can run on or put on a machine (requires the Library.Manage permission)
pub mod list_library_files {
    use super::*;

    pub const NAME: &str = "list_library_files";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// Every file of the live response library, empty when it has none
        pub library_files: Vec<types::LibraryFile>,
    }
}

/// Upload Library File: Upload a file of at most 20 MiB to the live response library, or replace the file of the same name when Override if Exists is set (requires the Library.Manage permission)
pub mod upload_library_file {
    use super::*;

    pub const NAME: &str = "upload_library_file";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// The file to upload, named as the library will hold it (1 to 255 characters with no path, no .., no control characters and none of /, \, :, *, ?, <, >, |, % or a double quote), its content in base64, at most 20 MiB once decoded
        pub file: crate::spec::FileObject,
        /// Description of the file
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// Description of the parameters the script takes; given, the file is marked as taking parameters
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parameters_description: Option<String>,
        /// Replace the library file of the same name; when false, a file of that name already in the library is an error
        #[serde(default = "default_override_if_exists")]
        pub override_if_exists: bool,
    }

    fn default_override_if_exists() -> bool {
        false
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// The file as the library now holds it
        pub library_file: types::LibraryFile,
    }
}

/// Delete Library File: Delete a file from the live response library by its name (requires the Library.Manage permission)
pub mod delete_library_file {
    use super::*;

    pub const NAME: &str = "delete_library_file";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Name of the library file to delete, as List Library Files shows it
        pub file_name: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// True when the file was deleted
        pub success: bool,
    }
}

/// Get Alerts: Poll for new alerts, optionally only those of chosen severities (requires the Alert.Read.All permission)
pub mod get_alerts {
    use super::*;

    pub const NAME: &str = "get_alerts";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Poll frequency in seconds
        #[serde(default = "default_frequency")]
        pub frequency: i64,
        /// How many minutes before the trigger starts the first poll reaches back; 0 means only alerts created after the trigger starts
        #[serde(default = "default_backfill_minutes")]
        pub backfill_minutes: i64,
        /// How many minutes back each poll reads again, for alerts that Defender makes visible after their creation time; an alert that shows up later than this is not sent. From 5 to 1440; longer catches later alerts but re-reads more alerts each poll
        #[serde(default = "default_lookback_overlap_minutes")]
        pub lookback_overlap_minutes: i64,
        /// Severities of the alerts to return, any of UnSpecified, Informational, Low, Medium and High; empty returns alerts of every severity
        #[serde(default = "default_severity")]
        pub severity: Vec<String>,
    }

    fn default_frequency() -> i64 {
        5
    }

    fn default_backfill_minutes() -> i64 {
        0
    }

    fn default_lookback_overlap_minutes() -> i64 {
        60
    }

    fn default_severity() -> Vec<String> {
        Vec::new()
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// New alerts, oldest first
        pub results: Vec<types::Alert>,
    }
}

/// Get Alerts Matching Key: Poll for new alerts in which a given field has a given value (requires the Alert.Read.All permission)
pub mod get_alerts_matching_key {
    use super::*;

    pub const NAME: &str = "get_alerts_matching_key";

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Input {
        /// Alert field to match, dotted for a nested field, e.g. severity, assignedTo, relatedUser.userName or evidence.sha1; fields the API can filter on are matched by Microsoft, others by the plugin
        pub key: String,
        /// Value the field must have; for a field inside a list, such as evidence.sha1, one element matching is enough
        pub value: String,
        /// Poll frequency in seconds
        #[serde(default = "default_frequency")]
        pub frequency: i64,
        /// How many minutes before the trigger starts the first poll reaches back; 0 means only alerts created after the trigger starts
        #[serde(default = "default_backfill_minutes")]
        pub backfill_minutes: i64,
        /// How many minutes back each poll reads again, for alerts that Defender makes visible after their creation time; an alert that shows up later than this is not sent. From 5 to 1440; longer catches later alerts but re-reads more alerts each poll
        #[serde(default = "default_lookback_overlap_minutes")]
        pub lookback_overlap_minutes: i64,
    }

    fn default_frequency() -> i64 {
        5
    }

    fn default_backfill_minutes() -> i64 {
        0
    }

    fn default_lookback_overlap_minutes() -> i64 {
        60
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    pub struct Output {
        /// New alerts whose field matches the value, oldest first
        pub results: Vec<types::Alert>,
    }
}
