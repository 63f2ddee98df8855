//! Every action against the emulator: one file per action, named as in the spec.
//!
//! `scenarios!` writes the cases every action with an ID must pass, `families` the tables over
//! every action; each file adds its own.

mod add_machine_tag;
mod batch_update_alerts;
mod cancel_machine_action;
mod collect_investigation_package;
mod create_alert_by_reference;
mod delete_indicator;
mod delete_indicators;
mod delete_library_file;
mod enrichment;
mod families;
mod find_machines;
mod get_alert;
mod get_domain_related_alerts;
mod get_domain_related_machines;
mod get_domain_statistics;
mod get_file_id_from_alert;
mod get_file_information;
mod get_file_related_alerts;
mod get_file_related_machines;
mod get_file_statistics;
mod get_investigation;
mod get_investigation_package_uri;
mod get_ip_related_alerts;
mod get_ip_statistics;
mod get_isolation_state;
mod get_live_response_file;
mod get_machine_action;
mod get_machine_alerts;
mod get_machine_id_from_alert;
mod get_machine_information;
mod get_machine_logon_users;
mod get_machine_missing_kbs;
mod get_machine_security_recommendations;
mod get_machine_software;
mod get_machine_vulnerabilities;
mod get_user_related_alerts;
mod get_user_related_machines;
mod import_indicators;
mod isolate_machine;
mod isolate_machines;
mod list_alerts;
mod list_indicators;
mod list_investigations;
mod list_isolated_machines;
mod list_library_files;
mod list_machine_actions;
mod offboard_machine;
mod put_live_response_file;
mod remove_machine_tag;
mod restrict_app_execution;
mod restrict_app_executions;
mod run_advanced_hunting_query;
mod run_antivirus_scan;
mod run_antivirus_scans;
mod run_live_response_script;
mod secrets;
mod start_automated_investigation;
mod stop_and_quarantine_file;
mod submit_indicator;
mod unisolate_machine;
mod unisolate_machines;
mod unrestrict_app_execution;
mod update_alert;
mod upload_library_file;

/// The cases every action with an ID must pass: the spec's example input succeeds (and is
/// snapshotted); an unknown ID is a clear not-found; a hostile ID is refused before any request.
/// Throttling, an expired token and a server error are one table over all actions
/// (`families.rs`).
macro_rules! scenarios {
    (action: $action:literal, unknown: $unknown:expr, hostile: $hostile:expr $(,)?) => {
        use crate::harness::{example_input, Harness};

        #[tokio::test]
        async fn succeeds_with_the_spec_example_input() {
            let harness = Harness::new().await;
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }

        #[tokio::test]
        async fn reports_an_unknown_id_as_not_found() {
            let harness = Harness::new().await;
            let run = harness.run($action, $unknown).await;
            assert!(!run.ok);
            assert!(
                run.json["body"]["exception"]["cause"]
                    .as_str()
                    .unwrap()
                    .contains("was found"),
                "{}",
                run.envelope
            );
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }

        #[tokio::test]
        async fn refuses_a_hostile_id_without_sending_any_request() {
            let harness = Harness::new().await;
            let run = harness.run($action, $hostile).await;
            assert!(!run.ok, "{}", run.envelope);
            assert_eq!(
                harness.emulator.requests().len(),
                0,
                "nothing may be sent for invalid input"
            );
            crate::harness::stable().bind(|| insta::assert_snapshot!(run.envelope));
        }
    };
}
pub(crate) use scenarios;

/// The cases every read under `/api/machines/{id}/{segment}` must pass, besides [`scenarios`]:
/// a computer DNS name is resolved to the ID first (the pages document the ID only), an ID is
/// sent as it is, an unknown name is not found, and a value that is neither is refused before
/// any request.
macro_rules! related_to_a_machine {
    (action: $action:literal, segment: $segment:literal $(,)?) => {
        $crate::actions::scenarios!(
            action: $action,
            unknown: serde_json::json!({"machine_id": "00000000000000000000000000000000000000aa"}),
            hostile: serde_json::json!({"machine_id": "../../api/indicators?x="}),
        );

        #[tokio::test]
        async fn a_computer_name_is_resolved_to_the_machine_id_first() {
            let harness = Harness::new().await;
            let run = harness
                .run($action, serde_json::json!({"machine_id": "ws-fin-042.contoso.local"}))
                .await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(
                harness.api_calls(),
                [
                    crate::harness::call("GET", "/api/machines/ws-fin-042.contoso.local"),
                    crate::harness::call(
                        "GET",
                        concat!("/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/", $segment),
                    ),
                ]
            );
        }

        #[tokio::test]
        async fn a_machine_id_is_sent_without_a_lookup() {
            let harness = Harness::new().await;
            let run = harness
                .run(
                    $action,
                    serde_json::json!({"machine_id": " a6a3a4506513270e269e0d37f2a74de452e6b438 "}),
                )
                .await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(
                harness.api_calls(),
                [crate::harness::call(
                    "GET",
                    concat!("/api/machines/a6a3a4506513270e269e0d37f2a74de452e6b438/", $segment),
                )]
            );
        }

        #[tokio::test]
        async fn an_unknown_computer_name_is_not_found_and_nothing_else_is_asked() {
            let harness = Harness::new().await;
            let run = harness
                .run($action, serde_json::json!({"machine_id": "ws-nobody.contoso.local"}))
                .await;
            assert!(!run.ok, "{}", run.envelope);
            let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
            assert!(cause.contains("No machine named"), "{cause}");
            assert_eq!(harness.api_calls().len(), 1);
        }

        #[tokio::test]
        async fn a_value_that_is_no_machine_is_refused_naming_the_field() {
            for bad in [
                " ",
                "ws fin",
                "a/b",
                "..",
                ".hidden",
                "ws-fin%2e%2e",
                "a6a3a4506513270e269e0d37f2a74de452e6b438/../alerts",
                "ws-\nfin",
                "ws-fin?x=1",
            ] {
                let harness = Harness::new().await;
                let run = harness.run($action, serde_json::json!({"machine_id": bad})).await;
                $crate::actions::assert_refused_before_any_request(&harness, &run, "machine ID");
            }
        }
    };
}
pub(crate) use related_to_a_machine;

/// Asserts that a step failed with a cause naming `field`, and that nothing reached the
/// emulator: bad input is refused before any request.
pub(crate) fn assert_refused_before_any_request(
    harness: &crate::harness::Harness,
    run: &crate::harness::Run,
    field: &str,
) {
    assert!(!run.ok, "{}", run.envelope);
    let cause = run.json["body"]["exception"]["cause"].as_str().unwrap();
    assert!(cause.contains(field), "{cause}");
    assert!(
        harness.emulator.requests().is_empty(),
        "nothing may be sent for invalid input: {}",
        run.envelope
    );
}
