//! `make demo`: the story of the automation guides, told through the real plugin binary and real
//! envelopes against the bundled emulator. The `get_alerts` trigger watches for High-severity
//! alerts and catches a new one (and not the Low one beside it); the plugin finds its machine,
//! isolates it and waits for the isolation to succeed (`wait_for_completion`), restricts its
//! apps, checks its isolation state, runs a triage script from the live response library on the
//! isolated machine and prints what it wrote, tags the machine `contained`, scans it, releases
//! it, and lists the machines still isolated.

use defender_emulator::{Config, Emulator};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use windows_defender_atp::spec::generated::{
    add_machine_tag, get_alerts, get_isolation_state, get_machine_action,
    get_machine_id_from_alert, isolate_machine, list_isolated_machines, restrict_app_execution,
    run_antivirus_scan, run_live_response_script, unisolate_machine, unrestrict_app_execution,
};
use windows_defender_atp::TERMINATE_FLAG;

/// How long the demo gives the trigger, from its start, to poll and emit its first event.
const FIRST_EVENT_WITHIN: Duration = Duration::from_secs(120);

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const RESET: &str = "\x1b[0m";

struct Demo {
    plugin: PathBuf,
    connection: Value,
    workspace: PathBuf,
    steps: Vec<(String, bool, Duration)>,
}

impl Demo {
    /// Runs one step through the plugin binary, as the orchestrator does, and shows its envelope.
    fn step(&mut self, title: &str, action: &str, input: Value) -> Option<Value> {
        println!("\n{BOLD}▶ {title}{RESET}");
        let message = json!({
            "body": {"action": action, "meta": {"jobId": "demo"}, "input": input, "connection": self.connection},
            "type": "action_start",
            "version": "v1",
        });
        println!("{DIM}  $ windows_defender_atp run  <<< {{\"action\": \"{action}\", \"input\": {input}}}{RESET}");
        let started = Instant::now();
        let output = run_plugin(&self.plugin, &message);
        let elapsed = started.elapsed();
        let (envelope, ok) = match output {
            Ok(stdout) => match serde_json::from_str::<Value>(&stdout) {
                Ok(envelope) => {
                    let ok = envelope["body"]["status"] == "ok";
                    (envelope, ok)
                }
                Err(err) => (
                    json!({"unparsable stdout": stdout, "error": err.to_string()}),
                    false,
                ),
            },
            Err(err) => (json!({"error": err}), false),
        };
        show(&envelope);
        let mark = if ok {
            format!("{GREEN}ok{RESET}")
        } else {
            format!("{RED}error{RESET}")
        };
        println!("  {mark} in {} ms", elapsed.as_millis());
        self.steps.push((title.to_string(), ok, elapsed));
        ok.then(|| envelope["body"]["output"].clone())
    }

    /// Starts a trigger as the orchestrator does in debug mode (events on stdout), calls
    /// `meanwhile` once `polling` says it has made its first request, and stops it with the
    /// runtime's flag file after its first event, or after [`FIRST_EVENT_WITHIN`] without one.
    fn watch(
        &mut self,
        title: &str,
        trigger: &str,
        input: Value,
        polling: impl Fn() -> bool,
        meanwhile: impl FnOnce(),
    ) -> Option<Value> {
        println!("\n{BOLD}▶ {title}{RESET}");
        let message = json!({
            "body": {
                "trigger": trigger,
                "meta": {"triggerId": "demo-trigger"},
                "input": input,
                "dispatcher": {"url": "http://127.0.0.1:1/unused-in-debug-mode", "webhook_url": ""},
                "connection": self.connection,
            },
            "type": "trigger_start",
            "version": "v1",
        });
        println!("{DIM}  $ windows_defender_atp --debug run  <<< {{\"trigger\": \"{trigger}\", \"input\": {input}}}{RESET}");
        let started = Instant::now();
        let result = self.run_trigger(&message, polling, meanwhile);
        let elapsed = started.elapsed();
        let (event, ok) = match result {
            Ok(event) => (event, true),
            Err(err) => (json!({"error": err}), false),
        };
        show(&event);
        let mark = if ok {
            format!("{GREEN}ok{RESET}")
        } else {
            format!("{RED}error{RESET}")
        };
        println!(
            "  {mark}: first event after {} ms, trigger stopped by the flag file",
            elapsed.as_millis()
        );
        self.steps.push((title.to_string(), ok, elapsed));
        ok.then(|| event["body"]["output"].clone())
    }

    fn run_trigger(
        &self,
        message: &Value,
        polling: impl Fn() -> bool,
        meanwhile: impl FnOnce(),
    ) -> Result<Value, String> {
        let mut child = Command::new(&self.plugin)
            .args(["--debug", "run"])
            .env("WORKSPACE_DIR", &self.workspace)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", self.plugin.display()))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(message.to_string().as_bytes())
                .map_err(|err| err.to_string())?;
        }
        let mut stdout = child.stdout.take().ok_or("no stdout")?;
        // The trigger reads only alerts created after it starts: the alerts arrive once it polls,
        // however long it takes to start (under valgrind, for `make symbol-order`, seconds).
        let started = Instant::now();
        while !polling() && started.elapsed() < FIRST_EVENT_WITHIN {
            std::thread::sleep(Duration::from_millis(20));
        }
        meanwhile();
        let mut text = Vec::new();
        let mut chunk = [0u8; 8192];
        let mut event = None;
        let flag = self.workspace.join("tmp").join(TERMINATE_FLAG);
        // A trigger that never emits is stopped all the same: the demo ends, with an error.
        let emitted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watchdog = {
            let (emitted, flag) = (emitted.clone(), flag.clone());
            std::thread::spawn(move || {
                while started.elapsed() < FIRST_EVENT_WITHIN {
                    if emitted.load(std::sync::atomic::Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                let _ = std::fs::write(&flag, b"");
            })
        };
        loop {
            let n = stdout.read(&mut chunk).map_err(|err| err.to_string())?;
            if n == 0 {
                break;
            }
            text.extend_from_slice(&chunk[..n]);
            if event.is_none() {
                event = first_event(&text);
                if event.is_some() {
                    emitted.store(true, std::sync::atomic::Ordering::SeqCst);
                    std::fs::write(&flag, b"").map_err(|err| err.to_string())?;
                }
            }
        }
        let status = child.wait().map_err(|err| err.to_string())?;
        emitted.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = watchdog.join();
        match event {
            Some(event) if status.success() => Ok(event),
            Some(_) => Err(format!("the trigger ended with {status}")),
            None => Err(format!(
                "the trigger ended with {status} before any event: {}",
                String::from_utf8_lossy(&text)
            )),
        }
    }
}

/// The first envelope on the trigger's stdout that carries alerts.
fn first_event(stdout: &[u8]) -> Option<Value> {
    serde_json::Deserializer::from_slice(stdout)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .find(|envelope| envelope["body"]["output"]["results"].is_array())
}

fn run_plugin(plugin: &Path, message: &Value) -> Result<String, String> {
    let mut child = Command::new(plugin)
        .arg("run")
        .env("WORKSPACE_DIR", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start {}: {err}", plugin.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(message.to_string().as_bytes())
            .map_err(|err| err.to_string())?;
    }
    let output = child.wait_with_output().map_err(|err| err.to_string())?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The envelope, indented, with the log lines apart so they read as a log.
fn show(envelope: &Value) {
    let mut shown = envelope.clone();
    let log = shown["body"]["log"].take();
    if let Some(body) = shown["body"].as_object_mut() {
        body.shift_remove("log");
    }
    if let Some(log) = log.as_str().filter(|log| !log.is_empty()) {
        for line in log.lines() {
            println!("{DIM}  log │ {line}{RESET}");
        }
    }
    let text = serde_json::to_string_pretty(&shown).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let limit = 28;
    for line in lines.iter().take(limit) {
        println!("  {line}");
    }
    if lines.len() > limit {
        println!("  {DIM}… {} more lines{RESET}", lines.len() - limit);
    }
}

fn plugin_path() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.with_file_name(format!(
        "windows_defender_atp{}",
        std::env::consts::EXE_SUFFIX
    ))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let emulator = match Emulator::start(Config::default()).await {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!("demo: cannot start the emulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    let base = emulator.base_url();
    println!("{BOLD}Microsoft Defender for Endpoint plugin: isolate a machine after a High-severity alert{RESET}");
    println!(
        "Defender API emulator on {base} (tenant {}, app {})",
        defender_emulator::TENANT_ID,
        defender_emulator::CLIENT_ID
    );

    let plugin = plugin_path();
    let connection = json!({
        "application_id": defender_emulator::CLIENT_ID,
        "application_secret": {"secretKey": defender_emulator::CLIENT_SECRET},
        "directory_id": defender_emulator::TENANT_ID,
        "api_url": base,
        "login_url": base,
    });
    let workspace =
        std::env::temp_dir().join(format!("windows_defender_atp-demo-{}", std::process::id()));
    for dir in ["cache", "tmp"] {
        if let Err(err) = std::fs::create_dir_all(workspace.join(dir)) {
            eprintln!(
                "demo: cannot create the workspace {}: {err}",
                workspace.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let mut demo = Demo {
        plugin,
        connection,
        workspace: workspace.clone(),
        steps: Vec::new(),
    };

    // While the trigger watches for High-severity alerts, two alerts arrive on a finance
    // workstation: a Low one the trigger's filter leaves out, and the High one it catches.
    let caught = demo.watch(
        "The get_alerts trigger watches for new High-severity alerts",
        get_alerts::NAME,
        json!({"frequency": 1, "severity": ["High"]}),
        || {
            emulator
                .requests()
                .iter()
                .any(|request| request.path == "/api/alerts")
        },
        || {
            for (severity, title, category) in [
                ("Low", "Unwanted software was detected", "UnwantedSoftware"),
                (
                    "High",
                    "Ransomware behavior detected in the file system",
                    "Ransomware",
                ),
            ] {
                let alert = emulator.add_alert(json!({
                    "severity": severity,
                    "title": title,
                    "category": category,
                    "detectionSource": "WindowsDefenderAv",
                    "machineId": "a6a3a4506513270e269e0d37f2a74de452e6b438",
                    "computerDnsName": "ws-fin-042.contoso.local",
                }));
                println!(
                    "  {DIM}(a new alert arrives: {} [{}] {}){RESET}",
                    alert["id"].as_str().unwrap_or_default(),
                    severity,
                    title
                );
            }
        },
    );
    let alert_id = caught
        .as_ref()
        .and_then(|output| output["results"][0]["id"].as_str())
        .unwrap_or_default()
        .to_string();

    let result = if alert_id.is_empty() {
        Err(format!("{} caught no alert", get_alerts::NAME))
    } else {
        story(&mut demo, &alert_id).await
    };
    emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&workspace);

    println!("\n{BOLD}Summary{RESET}");
    for (title, ok, elapsed) in &demo.steps {
        let mark = if *ok {
            format!("{GREEN}✔{RESET}")
        } else {
            format!("{RED}✘{RESET}")
        };
        println!("  {mark} {title:<58} {:>5} ms", elapsed.as_millis());
    }
    match result {
        Ok(()) => {
            println!("\n{GREEN}The trigger caught the High alert; its machine was isolated (waiting for completion), restricted, triaged with a live response script, tagged contained, scanned and released; every step went through the plugin binary.{RESET}");
            ExitCode::SUCCESS
        }
        Err(step) => {
            println!("\n{RED}The demo stopped at: {step}{RESET}");
            ExitCode::FAILURE
        }
    }
}

async fn story(demo: &mut Demo, alert_id: &str) -> Result<(), String> {
    let machine = demo
        .step(
            "Find the alert's machine",
            get_machine_id_from_alert::NAME,
            json!({"alert_id": alert_id}),
        )
        .ok_or(get_machine_id_from_alert::NAME)?;
    let machine_id = machine["machine_information"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // The plugin follows the isolation itself, polling with backoff (5 s, then 10 s), and
    // returns it once final: no polling loop in the workflow.
    let isolation = demo
        .step(
            "Isolate the machine and wait for it to succeed",
            isolate_machine::NAME,
            json!({"machine_id": machine_id, "isolation_type": "Full", "comment": format!("Isolated by InsightConnect: alert {alert_id}"), "wait_for_completion": true, "wait_timeout": 120}),
        )
        .ok_or(isolate_machine::NAME)?;
    let status = isolation["machine_isolation_response"]["status"]
        .as_str()
        .unwrap_or_default();
    if status != "Succeeded" {
        return Err(format!("the isolation ended as {status}"));
    }

    demo.step(
        "Restrict the machine to Microsoft-signed applications",
        restrict_app_execution::NAME,
        json!({"machine_id": machine_id, "comment": format!("Restricted by InsightConnect: alert {alert_id}")}),
    )
    .ok_or(restrict_app_execution::NAME)?;

    let state = demo
        .step(
            "Check the machine's isolation state",
            get_isolation_state::NAME,
            json!({"machine_id": machine_id}),
        )
        .ok_or(get_isolation_state::NAME)?;
    if state["isolation_state"] != "isolated" {
        return Err(format!(
            "the machine's isolation state is {}",
            state["isolation_state"]
        ));
    }

    // Live response still reaches an isolated machine: the plugin runs the script, waits for it
    // and reads its result file from the link Defender gives (without the bearer token).
    let triage = demo
        .step(
            "Run a triage script on the isolated machine",
            run_live_response_script::NAME,
            json!({"machine_id": machine_id, "script_name": "collect-triage.ps1", "args": "-Scope quick", "comment": format!("Triage by InsightConnect: alert {alert_id}"), "wait_for_completion": true, "wait_timeout": 900}),
        )
        .ok_or(run_live_response_script::NAME)?;
    let Some(output) = triage["script_output"].as_str() else {
        return Err(format!(
            "{} returned no script output",
            run_live_response_script::NAME
        ));
    };
    println!(
        "  {BOLD}What the script printed{RESET} (exit code {}):",
        triage["exit_code"]
    );
    for line in output.lines() {
        println!("  {DIM}  script │{RESET} {line}");
    }

    let tagged = demo
        .step(
            "Tag the machine contained",
            add_machine_tag::NAME,
            json!({"machines": [machine_id], "tag": "contained"}),
        )
        .ok_or(add_machine_tag::NAME)?;
    let has_tag = tagged["machines"][0]["machineTags"]
        .as_array()
        .is_some_and(|tags| tags.iter().any(|tag| tag == "contained"));
    if !has_tag {
        return Err("the machine does not carry the tag contained".into());
    }

    // The scan is followed the way a workflow without Wait for Completion does it: by asking
    // for the action until it is final.
    let scan = demo
        .step(
            "Scan the machine",
            run_antivirus_scan::NAME,
            json!({"machine_id": machine_id, "scan_type": "Quick", "comment": format!("Scan after alert {alert_id}")}),
        )
        .ok_or(run_antivirus_scan::NAME)?;
    let scan_id = scan["machine_action_response"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut status = String::new();
    for _ in 0..10 {
        let action = demo
            .step(
                "Follow the scan until it succeeded",
                get_machine_action::NAME,
                json!({"action_id": scan_id}),
            )
            .ok_or(get_machine_action::NAME)?;
        status = action["machine_action_response"]["status"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if status == "Succeeded" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if status != "Succeeded" {
        return Err(format!("the scan ended as {status}"));
    }

    demo.step(
        "Release the machine from isolation",
        unisolate_machine::NAME,
        json!({"machine_id": machine_id, "comment": "Released after the scan"}),
    )
    .ok_or(unisolate_machine::NAME)?;

    demo.step(
        "Lift the app restriction",
        unrestrict_app_execution::NAME,
        json!({"machine_id": machine_id, "comment": "Restriction lifted after the scan"}),
    )
    .ok_or(unrestrict_app_execution::NAME)?;

    // The release is pending until the machine reports in; the seeded domain controller is
    // still isolated from an earlier incident.
    demo.step(
        "Which machines are still isolated?",
        list_isolated_machines::NAME,
        json!({}),
    )
    .ok_or(list_isolated_machines::NAME)?;
    Ok(())
}
