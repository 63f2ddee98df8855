//! What the file, IP address and domain lookups' tests share: refusing a value before any
//! request, naming the field, and reading what was sent.

use crate::harness::{Harness, Run};
use serde_json::Value;

/// The seeded PowerShell binary: in alert evidence and process events on two machines.
pub const POWERSHELL_SHA1: &str = "f29d0da9953f48f1a09f76b5a170b33839263059";
pub const POWERSHELL_SHA256: &str =
    "0becd7b03898d190f9ebdacc0cb1e29c658cda1495e60af593bd04cf0fd630f1";
/// Hashes of a shape Defender takes that no seeded file has.
pub const UNKNOWN_SHA1: &str = "0000000000000000000000000000000000000001";
pub const UNKNOWN_SHA256: &str = "0000000000000000000000000000000000000000000000000000000000000001";

/// Values no hash input may send: a wrong length, a non-hex digit, an MD5, a path.
pub const BAD_HASHES: &[&str] = &[
    "f29d0da9953f48f1a09f76b5a170b3383926305",
    "f29d0da9953f48f1a09f76b5a170b338392630599",
    "z29d0da9953f48f1a09f76b5a170b33839263059",
    "4a23d5962217beaddbc496cb8e81973e",
    "../../api/indicators",
    "f29d0da9953f48f1a09f76b5a170b33839263059/alerts",
];
/// Values no IP address input may send: a range, too few parts, a port, a zone, a name.
pub const BAD_IPS: &[&str] = &[
    "10.0.0.1/24",
    "1.2.3",
    "10.0.0.1:443",
    "fe80::1%eth0",
    "010.0.0.1",
    "contoso.com",
    "10.0.0.1/../../indicators",
];
/// Values no domain input may send: a path, a traversal, a scheme, a port, a space, an empty
/// label, a non-ASCII name (punycode is the form to give) and a single label.
pub const BAD_DOMAINS: &[&str] = &[
    "example.com/alerts",
    "..",
    "../api/indicators",
    "https://example.com",
    "example.com:443",
    "exa mple.com",
    "example..com",
    "-example.com",
    "bücher.example",
    "localhost",
    "10.0.0.1",
];

/// Runs `action` with `input`, which must fail before any request with an input error
/// naming `field`.
pub async fn refused(action: &str, input: Value, field: &str) -> Run {
    let harness = Harness::new().await;
    let run = harness.run(action, input.clone()).await;
    crate::harness::refused_without_a_request(&harness, &run);
    let cause = run.json["body"]["exception"]["cause"]
        .as_str()
        .unwrap_or_default();
    assert!(
        cause.starts_with(&format!("The input {field} ")),
        "{input}: {}",
        run.envelope
    );
    run
}

/// The one API request of a run, as `(method, path as sent, query)`.
pub fn only_request(harness: &Harness) -> (String, String, String) {
    let requests = harness.api_requests();
    assert_eq!(requests.len(), 1, "{:?}", harness.api_calls());
    let request = &requests[0];
    (
        request.method.clone(),
        request.path.clone(),
        request.query.clone(),
    )
}

/// The cases of a list related to a file (`get_file_related_machines`,
/// `get_file_related_alerts`): its output field holds what `/api/files/{sha1}/{output}`
/// answers.
macro_rules! file_related_scenarios {
    (action: $action:literal, output: $output:literal $(,)?) => {
        use super::enrichment::{only_request, refused, BAD_HASHES};
        use super::enrichment::{POWERSHELL_SHA1, POWERSHELL_SHA256, UNKNOWN_SHA1, UNKNOWN_SHA256};
        use crate::harness::{call, example_input, stable, Harness};
        use serde_json::json;

        #[tokio::test]
        async fn returns_what_is_related_to_the_file() {
            let harness = Harness::new().await;
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            assert!(!run.json["body"]["output"][$output].as_array().unwrap().is_empty());
            let path = only_request(&harness).1;
            assert_eq!(path, format!("/api/files/{POWERSHELL_SHA1}/{}", $output));
            stable().bind(|| insta::assert_snapshot!(run.envelope));
        }

        #[tokio::test]
        async fn a_sha256_is_read_to_its_sha1_first_because_the_page_takes_only_sha1() {
            let harness = Harness::new().await;
            let by_sha1 = harness.run($action, json!({"hash": POWERSHELL_SHA1})).await;
            let by_sha256 = harness.run($action, json!({"hash": POWERSHELL_SHA256})).await;
            assert!(by_sha256.ok, "{}", by_sha256.envelope);
            assert_eq!(by_sha1.json["body"]["output"], by_sha256.json["body"]["output"]);
            assert_eq!(
                harness.api_calls()[1..],
                [
                    call("GET", &format!("/api/files/{POWERSHELL_SHA256}")),
                    call("GET", &format!("/api/files/{POWERSHELL_SHA1}/{}", $output)),
                ]
            );
        }

        #[tokio::test]
        async fn an_unknown_file_has_nothing_related_and_that_is_no_error() {
            for hash in [UNKNOWN_SHA1, UNKNOWN_SHA256] {
                let harness = Harness::new().await;
                let run = harness.run($action, json!({"hash": hash})).await;
                assert!(run.ok, "{}", run.envelope);
                assert_eq!(run.json["body"]["output"][$output], json!([]));
            }
        }

        #[tokio::test]
        async fn refuses_a_value_that_is_no_sha1_or_sha256_naming_the_field_without_a_request() {
            for bad in BAD_HASHES {
                refused($action, json!({"hash": bad}), "Hash").await;
            }
        }
    };
}
pub(crate) use file_related_scenarios;

/// The cases of a list related to a domain (`get_domain_related_alerts`,
/// `get_domain_related_machines`): the seeded URL evidence's one domain has one, a domain
/// never seen none.
macro_rules! domain_related_scenarios {
    (action: $action:literal, output: $output:literal $(,)?) => {
        use super::enrichment::{only_request, refused, BAD_DOMAINS};
        use crate::harness::{example_input, stable, Harness};
        use serde_json::json;

        #[tokio::test]
        async fn returns_what_is_related_to_the_domain() {
            let harness = Harness::new().await;
            let run = harness.run($action, example_input($action)).await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(run.json["body"]["output"][$output].as_array().unwrap().len(), 1);
            let path = only_request(&harness).1;
            assert_eq!(path, format!("/api/domains/invoice-portal.example/{}", $output));
            stable().bind(|| insta::assert_snapshot!(run.envelope));
        }

        #[tokio::test]
        async fn a_domain_never_seen_has_nothing_related_and_that_is_no_error() {
            let harness = Harness::new().await;
            let run = harness.run($action, json!({"domain": "contoso.example"})).await;
            assert!(run.ok, "{}", run.envelope);
            assert_eq!(run.json["body"]["output"][$output], json!([]));
        }

        #[tokio::test]
        async fn refuses_a_value_that_is_no_domain_name_naming_the_field_without_a_request() {
            for bad in BAD_DOMAINS {
                refused($action, json!({"domain": bad}), "Domain").await;
            }
        }
    };
}
pub(crate) use domain_related_scenarios;
