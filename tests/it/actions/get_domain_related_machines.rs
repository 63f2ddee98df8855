//! get_domain_related_machines against the emulator.

super::enrichment::domain_related_scenarios! {
    action: "get_domain_related_machines",
    output: "machines",
}
