//! `info`: the plugin summary in the runtime's layout and colours.

use windows_defender_atp::spec::model::Spec;

const GREEN: &str = "\x1b[92m";
const RESET: &str = "\x1b[0m";

/// The text `info` prints, including the runtime's trailing blank line.
pub fn render(spec: &Spec) -> String {
    let mut text = String::new();
    text.push_str(&format!("Name:        {GREEN}{}{RESET}\n", spec.title));
    text.push_str(&format!("Vendor:      {GREEN}{}{RESET}\n", spec.vendor));
    text.push_str(&format!("Version:     {GREEN}{}{RESET}\n", spec.version));
    text.push_str(&format!(
        "Description: {GREEN}{}{RESET}\n",
        spec.description
    ));
    for (heading, components) in [("Triggers", &spec.triggers), ("Actions", &spec.actions)] {
        if components.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "\n{heading} ({GREEN}{}{RESET}):\n",
            components.len()
        ));
        for (name, component) in components {
            text.push_str(&format!(
                "└── {GREEN}{name}{RESET} ({}{RESET})\n",
                component.description
            ));
        }
    }
    // `print(result)` adds one more newline after the block's own.
    text.push('\n');
    text
}
