//! unisolate_machines against the emulator; the fan-out it shares with isolate_machines is tested there.

use serde_json::json;

super::scenarios! {
    action: "unisolate_machines",
    unknown: json!({"machines": ["0000000000000000000000000000000000000000"], "comment": "c"}),
    hostile: json!({"machines": ["a6a3/../../indicators"], "comment": "c"}),
}
