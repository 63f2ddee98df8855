//! unrestrict_app_execution against the emulator.

use serde_json::json;

super::scenarios! {
    action: "unrestrict_app_execution",
    unknown: json!({"machine_id": "0000000000000000000000000000000000000000", "comment": "c"}),
    hostile: json!({"machine_id": "ws-fin-042.contoso.local?$filter=x", "comment": "c"}),
}
