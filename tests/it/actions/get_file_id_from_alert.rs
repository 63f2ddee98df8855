//! get_file_id_from_alert against the emulator.

use serde_json::json;

super::scenarios! {
    action: "get_file_id_from_alert",
    unknown: json!({"alert_id": "da000000000000000000_-1"}),
    hostile: json!({"alert_id": "da1?$top=1"}),
}
