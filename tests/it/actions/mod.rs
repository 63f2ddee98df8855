//! Every action against the emulator: one file per action, named as in the spec.
//!
//! `scenarios!` writes the cases every action must pass; each file adds its own.

mod cancel_machine_action;
mod collect_investigation_package;
mod delete_indicator;
mod find_machines;
mod get_alert;
mod get_file_id_from_alert;
mod get_investigation_package_uri;
mod get_isolation_state;
mod get_machine_action;
mod get_machine_id_from_alert;
mod get_machine_information;
mod isolate_machine;
mod list_indicators;
mod list_isolated_machines;
mod list_machine_actions;
mod restrict_app_execution;
mod run_advanced_hunting_query;
mod run_antivirus_scan;
mod secrets;
mod stop_and_quarantine_file;
mod submit_indicator;
mod unisolate_machine;
mod unrestrict_app_execution;
mod update_alert;

/// The cases every action must pass: the spec's example input succeeds (and is snapshotted); an
/// unknown ID is a clear not-found; a hostile ID is refused before any request; throttling, an
/// expired token and a server error are retried to success.
macro_rules! scenarios {
    (action: $action:literal, unknown: $unknown:expr, hostile: $hostile:expr $(,)?) => {
        use crate::harness::{example_input, Harness};
        use defender_emulator::Fault;

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

        #[tokio::test]
        async fn waits_out_throttling_then_succeeds() {
            let harness = Harness::new().await;
            harness.emulator.inject(Fault::Throttle {
                path_prefix: None,
                retry_after_secs: 7,
                times: 1,
            });
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            let statuses: Vec<u16> = harness.api_requests().iter().map(|r| r.status).collect();
            assert_eq!(statuses.first(), Some(&429));
            assert!(
                harness
                    .sleeps()
                    .contains(&std::time::Duration::from_secs(7)),
                "{:?}",
                harness.sleeps()
            );
        }

        #[tokio::test]
        async fn refreshes_a_token_that_expires_mid_run() {
            let harness = Harness::new().await;
            harness.emulator.inject(Fault::ExpireTokenOnce);
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(
                harness.token_requests(),
                2,
                "one token, then one refresh after the 401"
            );
        }

        #[tokio::test]
        async fn retries_a_server_error_then_succeeds() {
            let harness = Harness::new().await;
            harness.emulator.inject(Fault::ServerError {
                status: 503,
                path_prefix: None,
                times: 1,
            });
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(harness.api_requests().first().map(|r| r.status), Some(503));
            assert_eq!(harness.sleeps().len(), 1);
        }
    };
}
pub(crate) use scenarios;
