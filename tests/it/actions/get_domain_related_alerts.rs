//! get_domain_related_alerts against the emulator.

super::enrichment::domain_related_scenarios! {
    action: "get_domain_related_alerts",
    output: "alerts",
}
