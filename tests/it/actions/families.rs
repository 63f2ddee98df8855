//! The cases every action shares, one table each: a row per action (and per fault), so a new
//! action is one more row, and a family's assertions are written once.

use crate::harness::{example_input, stable, Harness};
use defender_emulator::{Config, Fault};
use serde_json::json;
use std::time::Duration;

/// Every action, as the spec names them.
const ACTIONS: &[&str] = &[
    "add_machine_tag",
    "batch_update_alerts",
    "cancel_machine_action",
    "collect_investigation_package",
    "create_alert_by_reference",
    "delete_indicator",
    "delete_indicators",
    "delete_library_file",
    "find_machines",
    "get_alert",
    "get_domain_related_alerts",
    "get_domain_related_machines",
    "get_domain_statistics",
    "get_file_id_from_alert",
    "get_file_information",
    "get_file_related_alerts",
    "get_file_related_machines",
    "get_file_statistics",
    "get_investigation",
    "get_investigation_package_uri",
    "get_ip_related_alerts",
    "get_ip_statistics",
    "get_isolation_state",
    "get_machine_action",
    "get_machine_alerts",
    "get_machine_id_from_alert",
    "get_machine_information",
    "get_machine_logon_users",
    "get_machine_missing_kbs",
    "get_machine_security_recommendations",
    "get_machine_software",
    "get_machine_vulnerabilities",
    "get_user_related_alerts",
    "get_user_related_machines",
    "import_indicators",
    "isolate_machine",
    "isolate_machines",
    "list_alerts",
    "list_indicators",
    "list_investigations",
    "list_isolated_machines",
    "list_library_files",
    "list_machine_actions",
    "offboard_machine",
    "remove_machine_tag",
    "restrict_app_execution",
    "restrict_app_executions",
    "run_advanced_hunting_query",
    "run_antivirus_scan",
    "run_antivirus_scans",
    "start_automated_investigation",
    "stop_and_quarantine_file",
    "submit_indicator",
    "unisolate_machine",
    "unisolate_machines",
    "unrestrict_app_execution",
    "update_alert",
    "upload_library_file",
];

/// A fault that passes by itself, and what the plugin must have done to get past it.
#[derive(Debug, Clone, Copy)]
enum Transient {
    /// A 429 with `Retry-After: 7`: wait exactly that long, then succeed.
    Throttling,
    /// A token that expires mid-run: one refresh after the 401.
    ExpiredToken,
    /// A 503: one backoff wait, then succeed.
    ServerError,
}

/// The spec's example input of every action succeeds despite one fault of each kind.
#[tokio::test]
async fn a_transient_fault_is_waited_out_then_the_action_succeeds() {
    for &action in ACTIONS {
        for fault in [
            Transient::Throttling,
            Transient::ExpiredToken,
            Transient::ServerError,
        ] {
            let harness = Harness::new().await;
            harness.emulator.inject(match fault {
                Transient::Throttling => Fault::Throttle {
                    path_prefix: None,
                    retry_after_secs: 7,
                    times: 1,
                },
                Transient::ExpiredToken => Fault::ExpireTokenOnce,
                Transient::ServerError => Fault::ServerError {
                    status: 503,
                    path_prefix: None,
                    times: 1,
                },
            });
            let run = harness.run(action, example_input(action)).await;
            let row = format!("{action}, {fault:?}");
            assert!(run.ok, "{row}: {}", run.envelope);
            let first_status = harness.api_requests().first().map(|r| r.status);
            match fault {
                Transient::Throttling => {
                    assert_eq!(first_status, Some(429), "{row}");
                    assert!(
                        harness.sleeps().contains(&Duration::from_secs(7)),
                        "{row}: {:?}",
                        harness.sleeps()
                    );
                }
                Transient::ExpiredToken => assert_eq!(
                    harness.token_requests(),
                    2,
                    "{row}: one token, then one refresh after the 401"
                ),
                Transient::ServerError => {
                    assert_eq!(first_status, Some(503), "{row}");
                    assert_eq!(harness.sleeps().len(), 1, "{row}");
                }
            }
        }
    }
}

/// Which roles the application lacks in a row.
enum Roles {
    /// Every role but those starting with this prefix.
    Without(&'static str),
    /// Only these roles.
    Only(&'static [&'static str]),
}

/// A 403 names the permission the application lacks, so the admin knows what to grant.
#[tokio::test]
async fn a_missing_permission_is_named() {
    let rows: &[(&str, Roles, &[&str])] = &[
        (
            "cancel_machine_action",
            Roles::Only(&["Machine.Read.All"]),
            // Cancelling needs the permission of the action's kind; Defender lists them all.
            &["Machine.Isolate", "Machine.Scan"],
        ),
        (
            "collect_investigation_package",
            Roles::Without("Machine.CollectForensics"),
            &["Machine.CollectForensics"],
        ),
        ("get_alert", Roles::Without("Alert."), &["Alert.Read.All"]),
        ("list_alerts", Roles::Without("Alert."), &["Alert.Read.All"]),
        (
            "create_alert_by_reference",
            Roles::Without("Alert.ReadWrite.All"),
            &["Alert.ReadWrite.All"],
        ),
        (
            "batch_update_alerts",
            Roles::Without("Alert.ReadWrite.All"),
            &["Alert.ReadWrite.All"],
        ),
        (
            "import_indicators",
            Roles::Without("Ti."),
            &["Ti.ReadWrite.All"],
        ),
        (
            "delete_indicators",
            Roles::Without("Ti."),
            &["Ti.ReadWrite.All"],
        ),
        (
            "get_file_information",
            Roles::Without("File."),
            &["File.Read.All"],
        ),
        (
            "get_file_statistics",
            Roles::Without("File."),
            &["File.Read.All"],
        ),
        (
            "get_file_related_machines",
            Roles::Without("Machine.Read"),
            &["Machine.Read.All"],
        ),
        ("get_ip_statistics", Roles::Without("Ip."), &["Ip.Read.All"]),
        (
            "get_domain_statistics",
            Roles::Without("URL."),
            &["URL.Read.All"],
        ),
        (
            // get-domain-related-alerts.md lists Alert.ReadWrite.All alone.
            "get_domain_related_alerts",
            Roles::Without("Alert.ReadWrite.All"),
            &["Alert.ReadWrite.All"],
        ),
        (
            "get_ip_related_alerts",
            Roles::Without("Alert."),
            &["Alert.Read.All"],
        ),
        (
            "get_machine_logon_users",
            Roles::Without("User.Read.All"),
            &["User.Read.All"],
        ),
        (
            "get_machine_software",
            Roles::Without("Software."),
            &["Software.Read.All"],
        ),
        (
            "get_machine_vulnerabilities",
            Roles::Without("Vulnerability."),
            &["Vulnerability.Read.All"],
        ),
        (
            "get_machine_security_recommendations",
            Roles::Without("SecurityRecommendation."),
            &["SecurityRecommendation.Read.All"],
        ),
        (
            "get_machine_information",
            Roles::Without("Machine.Read"),
            &["Machine.Read.All"],
        ),
        (
            "isolate_machine",
            Roles::Without("Machine.Isolate"),
            &["Machine.Isolate"],
        ),
        (
            "isolate_machines",
            Roles::Without("Machine.Isolate"),
            &["Machine.Isolate"],
        ),
        (
            "list_isolated_machines",
            Roles::Only(&["Alert.Read.All"]),
            &["Machine.Read.All"],
        ),
        (
            "restrict_app_execution",
            Roles::Without("Machine.RestrictExecution"),
            &["Machine.RestrictExecution"],
        ),
        (
            "run_advanced_hunting_query",
            Roles::Without("AdvancedQuery.Read.All"),
            &["AdvancedQuery.Read.All"],
        ),
        (
            "submit_indicator",
            Roles::Without("Ti."),
            &["Ti.ReadWrite.All"],
        ),
        (
            "unrestrict_app_execution",
            Roles::Without("Machine.RestrictExecution"),
            &["Machine.RestrictExecution"],
        ),
        (
            // A read-only application is told to add the write permission.
            "update_alert",
            Roles::Without("Alert.ReadWrite.All"),
            &["Alert.ReadWrite.All"],
        ),
        (
            "list_machine_actions",
            Roles::Only(&["Alert.Read.All"]),
            &["Machine.Read.All"],
        ),
        (
            "upload_library_file",
            Roles::Without("Library.Manage"),
            &["Library.Manage"],
        ),
    ];
    for (action, roles, named) in rows {
        let harness = match roles {
            Roles::Without(prefix) => Harness::without_roles(prefix).await,
            Roles::Only(roles) => {
                Harness::with(Config {
                    roles: roles.iter().map(|role| role.to_string()).collect(),
                    ..Config::default()
                })
                .await
            }
        };
        let run = harness.run(action, example_input(action)).await;
        assert!(!run.ok, "{action}: {}", run.envelope);
        let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
        for permission in named.iter() {
            assert!(cause.contains(permission), "{action}: {cause}");
        }
        stable().bind(|| {
            insta::assert_snapshot!(
                format!("a_missing_permission_is_named__{action}"),
                run.envelope
            )
        });
    }
}

/// A machine action posts, to the machine's path, the body in the letter case Defender
/// documents (`Comment`, `IsolationType`), and returns the created action as Pending.
#[tokio::test]
async fn a_machine_action_posts_the_case_sensitive_body_defender_expects() {
    // (action, output, endpoint, body, action type)
    let rows = [
        (
            "isolate_machine",
            "machine_isolation_response",
            "isolate",
            json!({"Comment": "Isolated by InsightConnect after a high severity alert", "IsolationType": "Full"}),
            "Isolate",
        ),
        (
            "collect_investigation_package",
            "machine_action_response",
            "collectInvestigationPackage",
            json!({"Comment": "Forensics collected by InsightConnect after a high severity alert"}),
            "CollectInvestigationPackage",
        ),
        (
            "restrict_app_execution",
            "machine_action_response",
            "restrictCodeExecution",
            json!({"Comment": "Restricted by InsightConnect after a high severity alert"}),
            "RestrictCodeExecution",
        ),
        (
            "unrestrict_app_execution",
            "machine_action_response",
            "unrestrictCodeExecution",
            json!({"Comment": "Restriction removed by InsightConnect after the investigation"}),
            "UnrestrictCodeExecution",
        ),
    ];
    for (action, output, endpoint, expected_body, action_type) in rows {
        let harness = Harness::new().await;
        let run = harness.run(action, example_input(action)).await;
        assert!(run.ok, "{action}: {}", run.envelope);
        let (path, body) = harness.first_post();
        assert_eq!(
            path,
            format!("/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/{endpoint}")
        );
        assert_eq!(body, expected_body, "{action}");
        let created = &run.json["body"]["output"][output];
        assert_eq!(created["type"], action_type, "{action}");
        assert_eq!(created["status"], "Pending", "{action}");
    }
}

/// An action on many machines posts, to each machine's path, the body its single-machine action
/// sends (isolate-machine.md, unisolate-machine.md, run-av-scan.md, restrict-code-execution.md).
#[tokio::test]
async fn an_action_on_many_machines_posts_the_single_actions_body_to_each_machine() {
    // (action, endpoint, body of the example input)
    let rows = [
        (
            "isolate_machines",
            "isolate",
            json!({"Comment": "Isolated by InsightConnect after a high severity alert", "IsolationType": "Full"}),
        ),
        (
            "unisolate_machines",
            "unisolate",
            json!({"Comment": "Released by InsightConnect after the investigation"}),
        ),
        (
            "run_antivirus_scans",
            "runAntiVirusScan",
            json!({"Comment": "Scan requested by InsightConnect after an alert", "ScanType": "Quick"}),
        ),
        (
            "restrict_app_executions",
            "restrictCodeExecution",
            json!({"Comment": "Restricted by InsightConnect after a high severity alert"}),
        ),
    ];
    for (action, endpoint, expected_body) in rows {
        let harness = Harness::new().await;
        let run = harness.run(action, example_input(action)).await;
        assert!(run.ok, "{action}: {}", run.envelope);
        let mut posts: Vec<(String, serde_json::Value)> = harness
            .api_requests()
            .into_iter()
            .filter(|request| request.method == "POST")
            .map(|request| (request.path, serde_json::from_str(&request.body).unwrap()))
            .collect();
        posts.sort_by(|a, b| a.0.cmp(&b.0));
        let expected: Vec<(String, serde_json::Value)> = [
            "1818e811892f902bd23f0824128b2f330c5c7fd0",
            "a6a3a4506513270e269e0d37f2a74de452e6b438",
        ]
        .iter()
        .map(|id| {
            (
                format!("/api/machines/{id}/{endpoint}"),
                expected_body.clone(),
            )
        })
        .collect();
        assert_eq!(posts, expected, "{action}");
    }
}

/// Running a machine action again while the first is pending returns the pending action rather
/// than failing: found before posting (and said in the log), or returned after Defender refused
/// the second post.
#[tokio::test]
async fn a_duplicate_while_pending_returns_the_pending_action() {
    // (action, output, what the log says, whether Defender's 400 to the second post is checked)
    let rows = [
        (
            "isolate_machine",
            "machine_isolation_response",
            Some("already pending"),
            false,
        ),
        (
            "unisolate_machine",
            "machine_isolation_response",
            None,
            false,
        ),
        (
            "collect_investigation_package",
            "machine_action_response",
            Some("CollectInvestigationPackage action is already pending"),
            false,
        ),
        (
            "restrict_app_execution",
            "machine_action_response",
            Some("already pending"),
            false,
        ),
        (
            "unrestrict_app_execution",
            "machine_action_response",
            None,
            true,
        ),
    ];
    for (action, output, log, refused) in rows {
        let harness = Harness::new().await;
        let first = harness.run(action, example_input(action)).await;
        let second = harness.run(action, example_input(action)).await;
        assert!(second.ok, "{action}: {}", second.envelope);
        assert_eq!(
            first.json["body"]["output"][output]["id"], second.json["body"]["output"][output]["id"],
            "{action}"
        );
        if let Some(log) = log {
            let written = second.json["body"]["log"].as_str().unwrap();
            assert!(written.contains(log), "{action}: {written}");
        }
        if refused {
            let statuses: Vec<u16> = harness.api_requests().iter().map(|r| r.status).collect();
            assert!(statuses.contains(&400), "{action}: {statuses:?}");
        }
        stable().bind(|| {
            insta::assert_snapshot!(
                format!("a_duplicate_while_pending_returns_the_pending_action__{action}"),
                second.envelope
            )
        });
    }
}
