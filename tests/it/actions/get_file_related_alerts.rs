//! get_file_related_alerts against the emulator.

super::enrichment::file_related_scenarios! {
    action: "get_file_related_alerts",
    output: "alerts",
}
