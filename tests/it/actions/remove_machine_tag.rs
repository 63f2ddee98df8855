//! remove_machine_tag against the emulator.

use crate::harness::stable;
use serde_json::{json, Value};

super::scenarios! {
    action: "remove_machine_tag",
    unknown: json!({"machines": ["0000000000000000000000000000000000000000"], "tag": "VIP"}),
    hostile: json!({"machines": ["a6a3/../../indicators"], "tag": "VIP"}),
}

const FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";
const HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";

#[tokio::test]
async fn removing_a_tag_posts_remove_and_keeps_the_other_tags() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "remove_machine_tag",
            json!({"machines": [FIN], "tag": "VIP"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    let (path, body) = harness.first_post();
    assert_eq!(path, format!("/api/machines/{FIN}/tags"));
    assert_eq!(body, json!({"Value": "VIP", "Action": "Remove"}));
    assert_eq!(harness.machine_tags(FIN), json!(["Finance"]));
    assert_eq!(
        run.json["body"]["output"]["machines"][0]["machineTags"],
        json!(["Finance"])
    );
}

#[tokio::test]
async fn a_tag_added_then_removed_is_gone() {
    let harness = Harness::new().await;
    let input = json!({"machines": [FIN, HR], "tag": "Contained"});
    let added = harness.run("add_machine_tag", input.clone()).await;
    assert!(added.ok, "{}", added.envelope);
    let removed = harness.run("remove_machine_tag", input).await;
    assert!(removed.ok, "{}", removed.envelope);
    let (_, body) = harness
        .api_requests()
        .last()
        .map(|r| {
            (
                r.path.clone(),
                serde_json::from_str::<Value>(&r.body).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(body["Action"], "Remove");
    assert_eq!(harness.machine_tags(FIN), json!(["Finance", "VIP"]));
    stable().bind(|| insta::assert_snapshot!(removed.envelope));
}

#[tokio::test]
async fn removing_a_tag_the_machine_lacks_leaves_it_as_it_was() {
    let harness = Harness::new().await;
    let run = harness
        .run(
            "remove_machine_tag",
            json!({"machines": [FIN], "tag": "Absent"}),
        )
        .await;
    assert!(run.ok, "{}", run.envelope);
    assert_eq!(harness.machine_tags(FIN), json!(["Finance", "VIP"]));
}
