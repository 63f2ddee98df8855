//! run_antivirus_scans against the emulator; the fan-out it shares with isolate_machines is tested there.

use serde_json::json;

super::scenarios! {
    action: "run_antivirus_scans",
    unknown: json!({"machines": ["0000000000000000000000000000000000000000"], "scan_type": "Quick", "comment": "c"}),
    hostile: json!({"machines": ["a6a3/../../indicators"], "scan_type": "Quick", "comment": "c"}),
}
