//! get_file_related_machines against the emulator.

super::enrichment::file_related_scenarios! {
    action: "get_file_related_machines",
    output: "machines",
}
