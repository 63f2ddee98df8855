//! A start message through parsing and every check before a client is built: no panic, an
//! envelope that parses back, and an input that passed the checks fits its step's typed input
//! (the class of "passed validation but does not fit": a bug report instead of an input error).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use windows_defender_atp::internals::{check_message, parse};
use windows_defender_atp::spec::generated as g;
use windows_defender_atp::{Mode, Outcome};

macro_rules! typed {
    ($name:expr, $input:expr, $($step:ident),* $(,)?) => {
        match $name {
            $(g::$step::NAME => serde_json::from_value::<g::$step::Input>($input)
                .map(drop)
                .map_err(|err| err.to_string()),)*
            _ => Ok(()),
        }
    };
}

fn fits_its_type(name: &str, input: Value) -> Result<(), String> {
    typed!(
        name,
        input,
        get_machine_id_from_alert,
        get_file_id_from_alert,
        isolate_machine,
        unisolate_machine,
        stop_and_quarantine_file,
        run_antivirus_scan,
        get_machine_action,
        restrict_app_execution,
        unrestrict_app_execution,
        collect_investigation_package,
        get_investigation_package_uri,
        cancel_machine_action,
        list_machine_actions,
        get_isolation_state,
        list_isolated_machines,
        get_machine_information,
        find_machines,
        get_alert,
        update_alert,
        run_advanced_hunting_query,
        submit_indicator,
        delete_indicator,
        list_indicators,
        get_alerts,
        get_alerts_matching_key,
    )
}

fuzz_target!(|data: &[u8]| {
    for mode in [Mode::Run, Mode::Test] {
        match check_message(data, mode) {
            Ok(Some(input)) if mode == Mode::Run => {
                let name = parse(data).expect("checked, so it parses").name;
                if let Err(err) = fits_its_type(&name, input) {
                    panic!("{name}: the input passed every check but not its type: {err}");
                }
            }
            Ok(_) => {}
            Err(failure) => {
                let wire = Outcome {
                    output_type: None,
                    meta: Value::Null,
                    log: String::new(),
                    result: Err(failure),
                }
                .to_wire();
                serde_json::from_str::<Value>(&wire).expect("the envelope is JSON");
            }
        }
    }
});
