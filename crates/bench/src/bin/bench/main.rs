//! `make bench`: what one workflow step, one trigger catch-up and the binary cost, measured
//! against the floor, on loopback against the bundled emulator.
//!
//! Every figure comes from real processes: the release binary started as the orchestrator
//! starts it (envelope on stdin, one process per step), reaped with `wait4` for its peak RSS and
//! CPU time by a small spawner process (see `spawner`). The floor is a shell making the same HTTP
//! requests with curl, measured the same way. Prints a table and writes it to `bench/results.md`.

mod spawner;

use defender_emulator::{ActionProgress, Config, Emulator};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};
use spawner::{Cost, Request, Spawner};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use windows_defender_atp::internals::odata_time;
use windows_defender_atp::spec::generated::{get_alerts, get_machine_action, isolate_machine};
use windows_defender_atp::TERMINATE_FLAG;

/// The machine every isolation goes to (an emulator seed machine).
const MACHINE: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";

struct Stats {
    median: Duration,
    p95: Duration,
    peak_rss_kib: u64,
}

fn stats(costs: &[Cost]) -> Stats {
    let mut walls: Vec<Duration> = costs.iter().map(|c| c.wall).collect();
    walls.sort();
    let at = |q: f64| walls[((walls.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        peak_rss_kib: costs.iter().map(|c| c.peak_rss_kib).max().unwrap_or(0),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

struct Bench {
    spawner: std::sync::Mutex<Spawner>,
    plugin: PathBuf,
    emulator: Emulator,
    connection: Value,
    runs: usize,
    workspace: PathBuf,
    /// `SSL_CERT_FILE` for the plugin: InsightConnect's images set it to the system bundle,
    /// which every step then reads.
    cert_bundle: Option<PathBuf>,
    report: String,
}

/// The CA bundle the plugin is run with: `SSL_CERT_FILE` if set, else the system bundle.
fn cert_bundle() -> Option<PathBuf> {
    std::env::var_os("SSL_CERT_FILE")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/etc/ssl/certs/ca-certificates.crt")))
        .filter(|path| path.is_file())
}

/// How the report describes the bundle.
fn describe_bundle(bundle: Option<&Path>) -> String {
    match bundle {
        Some(path) => {
            let roots = std::fs::read_to_string(path)
                .map(|text| text.matches("-----BEGIN CERTIFICATE-----").count())
                .unwrap_or(0);
            format!(
                "Plugin processes run with `SSL_CERT_FILE={}` ({roots} certificates), as in InsightConnect's images.",
                path.display()
            )
        }
        None => "Plugin processes run without `SSL_CERT_FILE` (no CA bundle on this machine)."
            .to_owned(),
    }
}

impl Bench {
    fn action_message(&self, action: &str, input: Value) -> String {
        json!({
            "body": {"action": action, "meta": {}, "input": input, "connection": self.connection},
            "type": "action_start",
            "version": "v1",
        })
        .to_string()
    }

    fn plugin(&self, args: &[&str], input: &str) -> Request {
        Request {
            program: self.plugin.clone(),
            args: args.iter().map(|a| a.to_string()).collect(),
            env: self.plugin_env(&self.workspace),
            input: input.to_owned(),
            stdout_to: None,
        }
    }

    /// The plugin's environment: its workspace, and the CA bundle as the orchestrator's images
    /// set it.
    fn plugin_env(&self, workspace: &Path) -> Vec<(String, String)> {
        let mut env = vec![(
            "WORKSPACE_DIR".to_owned(),
            workspace.to_string_lossy().into_owned(),
        )];
        if let Some(bundle) = &self.cert_bundle {
            env.push((
                "SSL_CERT_FILE".to_owned(),
                bundle.to_string_lossy().into_owned(),
            ));
        }
        env
    }

    fn run(&self, request: &Request) -> Result<spawner::Report, String> {
        self.spawner
            .lock()
            .map_err(|_| "the spawner lock is poisoned".to_string())?
            .run(request)
    }

    /// A shell making `requests` with curl: the token request, then the API call.
    fn floor(&self, api_call: &str) -> Request {
        let token = self
            .emulator
            .requests()
            .into_iter()
            .find(|r| r.path.contains("/oauth2/"))
            .expect("the plugin asked for a token before the floor runs");
        let base = self.emulator.base_url();
        let script = format!(
            "t=$(curl -sS -X POST --data-binary @- '{base}{path}' <<'EOF'\n{body}\nEOF\n)\n\
             t=${{t#*\\\"access_token\\\":\\\"}}; t=${{t%%\\\"*}}\n\
             curl -sS -H \"Authorization: Bearer $t\" {api_call} >/dev/null",
            path = token.path,
            body = token.body,
        );
        Request {
            program: "sh".into(),
            args: vec!["-c".into(), script],
            env: Vec::new(),
            input: String::new(),
            stdout_to: None,
        }
    }

    /// Runs `request` `runs` times; `check` looks at each one's stdout, untimed.
    fn repeat(
        &self,
        request: &Request,
        mut check: impl FnMut(&str) -> Result<(), String>,
    ) -> Result<Vec<Cost>, String> {
        let mut costs = Vec::with_capacity(self.runs);
        for _ in 0..self.runs {
            let report = self.run(request)?;
            if !report.exit_status().success() {
                return Err(format!(
                    "{} {:?} ended with {}: {}",
                    request.program.display(),
                    request.args,
                    report.exit_status(),
                    report.stdout
                ));
            }
            check(&report.stdout)?;
            costs.push(report.cost);
        }
        Ok(costs)
    }

    fn steps(&mut self) -> Result<(), String> {
        let emulator = &self.emulator;
        let isolate = self.action_message(
            isolate_machine::NAME,
            json!({"machine_id": MACHINE, "isolation_type": "Full", "comment": "bench"}),
        );
        // Each isolation is marked finished before the next, which Defender would otherwise
        // refuse as already in progress.
        let isolated = |stdout: &str| -> Result<(), String> {
            let envelope: Value = serde_json::from_str(stdout).map_err(|e| e.to_string())?;
            let id = envelope["body"]["output"]["machine_isolation_response"]["id"]
                .as_str()
                .ok_or_else(|| format!("no action in {envelope}"))?;
            emulator.set_action_status(id, "Succeeded");
            Ok(())
        };
        let ours_isolate = self.repeat(&self.plugin(&["run"], &isolate), isolated)?;
        let action_id = emulator
            .machine_actions()
            .last()
            .and_then(|a| a["id"].as_str().map(str::to_owned))
            .ok_or("no machine action")?;
        let get = self.action_message(get_machine_action::NAME, json!({"action_id": action_id}));
        let ours_get = self.repeat(&self.plugin(&["run"], &get), |_| Ok(()))?;
        let ours_info = self.repeat(&self.plugin(&["info"], ""), |_| Ok(()))?;

        let base = emulator.base_url();
        let isolate_call = format!(
            "-X POST -H 'Content-Type: application/json' -d '{{\"Comment\": \"bench\", \"IsolationType\": \"Full\"}}' '{base}/api/machines/{MACHINE}/isolate'"
        );
        let floor_isolate = self.repeat(&self.floor(&isolate_call), |_| {
            for action in emulator.machine_actions() {
                if let Some(id) = action["id"].as_str() {
                    emulator.set_action_status(id, "Succeeded");
                }
            }
            Ok(())
        })?;
        let get_call = format!("'{base}/api/machineactions/{action_id}'");
        let floor_get = self.repeat(&self.floor(&get_call), |_| Ok(()))?;
        let truth = Request {
            program: "true".into(),
            args: Vec::new(),
            env: Vec::new(),
            input: String::new(),
            stdout_to: None,
        };
        let floor_info = self.repeat(&truth, |_| Ok(()))?;

        let mut table = String::new();
        let _ = writeln!(
            table,
            "## One workflow step, process start to exit ({} runs each)\n\n\
             | step | median ms | p95 ms | peak RSS MiB | floor | floor median ms | floor p95 ms | ratio (median) |\n\
             |---|---|---|---|---|---|---|---|",
            self.runs
        );
        for (name, ours, floor_name, floor) in [
            (
                format!("`run` {}", isolate_machine::NAME),
                &ours_isolate,
                "sh + curl: token, POST isolate",
                &floor_isolate,
            ),
            (
                format!("`run` {}", get_machine_action::NAME),
                &ours_get,
                "sh + curl: token, GET action",
                &floor_get,
            ),
            (
                "`info`".to_string(),
                &ours_info,
                "`true` (a process, no request)",
                &floor_info,
            ),
        ] {
            let (o, f) = (stats(ours), stats(floor));
            let _ = writeln!(
                table,
                "| {name} | {} | {} | {} | {floor_name} | {} | {} | {:.2} |",
                ms(o.median),
                ms(o.p95),
                mib(o.peak_rss_kib),
                ms(f.median),
                ms(f.p95),
                o.median.as_secs_f64() / f.median.as_secs_f64(),
            );
        }
        print!("{table}");
        self.report.push_str(&table);

        // Counted once each, after the timed runs: callgrind slows a process fifty times.
        let mut counts = String::from(
            "\n## Instructions per step (callgrind: the same count on a busy machine)\n\n",
        );
        let counted = [
            (
                format!("`run` {}", isolate_machine::NAME),
                self.instructions(&self.plugin(&["run"], &isolate), isolated)?,
            ),
            (
                format!("`run` {}", get_machine_action::NAME),
                self.instructions(&self.plugin(&["run"], &get), |_| Ok(()))?,
            ),
            (
                "`info`".to_string(),
                self.instructions(&self.plugin(&["info"], ""), |_| Ok(()))?,
            ),
        ];
        if counted.iter().any(|(_, count)| count.is_none()) {
            counts.push_str("valgrind is not installed: not counted.\n");
        } else {
            counts.push_str("| step | instructions |\n|---|---|\n");
            for (name, count) in counted {
                let _ = writeln!(
                    counts,
                    "| {name} | {:.2} M |",
                    count.unwrap_or_default() as f64 / 1e6
                );
            }
        }
        print!("{counts}");
        self.report.push_str(&counts);
        Ok(())
    }

    /// The instructions one run of `request` executes, from callgrind's totals; `None` when
    /// valgrind is not installed. `check` looks at the run's stdout.
    fn instructions(
        &self,
        request: &Request,
        check: impl FnOnce(&str) -> Result<(), String>,
    ) -> Result<Option<u64>, String> {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        let out = self.workspace.join("callgrind.out");
        let child = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(&request.program)
            .args(&request.args)
            .envs(request.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            return Ok(None);
        };
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(request.input.as_bytes())
                .map_err(|e| e.to_string())?;
        }
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "{:?} under callgrind ended with {}: {stdout}",
                request.args, output.status
            ));
        }
        check(&stdout)?;
        let totals = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&out);
        totals
            .lines()
            .find_map(|line| {
                line.strip_prefix("totals:")
                    .or(line.strip_prefix("summary:"))
            })
            .and_then(|n| n.trim().parse().ok())
            .map(Some)
            .ok_or_else(|| "callgrind wrote no totals".to_string())
    }

    /// A `get_alerts` run that finds `n` new alerts waiting, until all are emitted.
    fn catch_up(&self, n: usize) -> Result<String, String> {
        let now = OffsetDateTime::now_utc();
        // A burst: a hundred alerts a minute, so each poll's overlap window re-reads hundreds.
        let minutes = (n / 100).max(1) as i64;
        self.emulator.add_alerts((0..n).map(|i| {
            let created = now - time::Duration::minutes(minutes)
                + time::Duration::milliseconds(i as i64 * 600);
            json!({
                "id": format!("da-bench-{n}-{i:06}"),
                "severity": "High",
                "title": "Benchmark alert",
                "alertCreationTime": odata_time(created),
                "machineId": MACHINE,
            })
        }));
        let before = self.api_requests();
        let workspace = self.workspace.join(format!("trigger-{n}"));
        for dir in ["cache", "tmp"] {
            std::fs::create_dir_all(workspace.join(dir)).map_err(|e| e.to_string())?;
        }
        let message = json!({
            "body": {
                "trigger": get_alerts::NAME,
                "meta": {"triggerId": format!("bench-{n}")},
                "input": {"frequency": 1, "backfill_minutes": minutes + 1},
                "dispatcher": {"url": "http://127.0.0.1:1/unused-in-debug-mode", "webhook_url": ""},
                "connection": self.connection,
            },
            "type": "trigger_start",
            "version": "v1",
        });
        let events_fifo = workspace.join("events");
        make_fifo(&events_fifo)?;
        let mut request = self.plugin(&["--debug", "run"], &message.to_string());
        request.env = self.plugin_env(&workspace);
        request.stdout_to = Some(events_fifo.clone());
        let emitted = AtomicUsize::new(0);
        let events = AtomicUsize::new(0);
        let started = Instant::now();
        let (report, all_out) = std::thread::scope(|scope| {
            let process = scope.spawn(|| self.run(&request));
            let counter = scope.spawn(|| {
                // Blocks until the spawner opens the other end for the plugin.
                if let Ok(fifo) = std::fs::File::open(&events_fifo) {
                    count_alerts(fifo, &emitted, &events);
                }
            });
            let deadline = Instant::now() + Duration::from_secs(600);
            while emitted.load(Ordering::SeqCst) < n
                && Instant::now() < deadline
                && !process.is_finished()
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            let all_out = started.elapsed();
            let stop = std::fs::write(workspace.join("tmp").join(TERMINATE_FLAG), b"");
            let report = process
                .join()
                .unwrap_or_else(|_| Err("the spawner thread panicked".into()));
            let _ = counter.join();
            (stop.map_err(|e| e.to_string()).and(report), all_out)
        });
        let report = report?;
        let cost = report.cost;
        let got = emitted.load(Ordering::SeqCst);
        if !report.exit_status().success() || got != n {
            return Err(format!(
                "{n} alerts: the trigger emitted {got} and ended with {}",
                report.exit_status()
            ));
        }
        let requests = self.api_requests() - before;
        Ok(format!(
            "| {n} | {} | {} | {} | {} | {requests} |",
            events.load(Ordering::SeqCst),
            ms(all_out),
            ms(cost.cpu),
            mib(cost.peak_rss_kib),
        ))
    }

    fn api_requests(&self) -> usize {
        self.emulator
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/api/alerts"))
            .count()
    }

    async fn triggers(&mut self, sizes: &[usize]) -> Result<(), String> {
        let mut table = String::from(
            "\n## `get_alerts` catching up with a backlog of new alerts (a hundred a minute)\n\n\
             | new alerts | events | wall ms until all emitted | CPU ms of the plugin | peak RSS MiB | alerts API requests |\n\
             |---|---|---|---|---|---|\n",
        );
        for &n in sizes {
            // A tenant of its own for each backlog, so that no run reads another's alerts.
            self.emulator = Emulator::start(Config::default())
                .await
                .map_err(|err| format!("cannot start the emulator: {err}"))?;
            self.connection = connection(&self.emulator);
            let row = self.catch_up(n)?;
            table.push_str(&row);
            table.push('\n');
        }
        print!("{table}");
        self.report.push_str(&table);
        Ok(())
    }
}

/// Counts the alerts in the envelopes a `--debug` trigger writes, as they arrive.
fn count_alerts(stdout: impl Read, emitted: &AtomicUsize, events: &AtomicUsize) {
    #[derive(Deserialize)]
    struct Envelope {
        body: Body,
    }
    #[derive(Deserialize)]
    struct Body {
        output: Option<Output>,
    }
    #[derive(Deserialize)]
    struct Output {
        results: Vec<IgnoredAny>,
    }
    let reader = std::io::BufReader::with_capacity(1 << 20, stdout);
    for envelope in serde_json::Deserializer::from_reader(reader).into_iter::<Envelope>() {
        let Ok(envelope) = envelope else { break };
        if let Some(output) = envelope.body.output {
            events.fetch_add(1, Ordering::SeqCst);
            emitted.fetch_add(output.results.len(), Ordering::SeqCst);
        }
    }
}

/// The connection to an emulator, with its fixed test credentials.
fn connection(emulator: &Emulator) -> Value {
    let base = emulator.base_url();
    json!({
        "application_id": defender_emulator::CLIENT_ID,
        "application_secret": {"secretKey": defender_emulator::CLIENT_SECRET},
        "directory_id": defender_emulator::TENANT_ID,
        "api_url": base,
        "login_url": base,
    })
}

fn make_fifo(path: &Path) -> Result<(), String> {
    use std::os::unix::ffi::OsStrExt;
    let _ = std::fs::remove_file(path);
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: `c_path` is a valid NUL-terminated path for the duration of the call.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } != 0 {
        return Err(format!(
            "cannot make the FIFO {}: {}",
            path.display(),
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

fn sibling(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

fn write_report(path: &Path, report: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, report)
}

fn main() -> std::process::ExitCode {
    if std::env::var_os(spawner::ROLE_ENV).is_some() {
        return spawner::serve();
    }
    // First, while this process is small: see `spawner` for why.
    let spawner = match Spawner::start() {
        Ok(spawner) => spawner,
        Err(err) => {
            eprintln!("bench: cannot start the spawner: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("bench: cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(bench(spawner))
}

async fn bench(spawner: Spawner) -> std::process::ExitCode {
    let runs = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50usize)
        .max(2);
    let sizes: Vec<usize> = std::env::var("BENCH_ALERTS")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let config = Config {
        action_progress: ActionProgress::Manual,
        ..Config::default()
    };
    let emulator = match Emulator::start(config).await {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!("bench: cannot start the emulator: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let workspace =
        std::env::temp_dir().join(format!("windows_defender_atp-bench-{}", std::process::id()));
    let plugin = sibling("windows_defender_atp");
    let size = std::fs::metadata(&plugin).map(|m| m.len()).unwrap_or(0);
    let spawner_pid = spawner.pid();
    let cert_bundle = cert_bundle();
    let bundle_note = describe_bundle(cert_bundle.as_deref());
    let mut bench = Bench {
        spawner: std::sync::Mutex::new(spawner),
        plugin,
        connection: connection(&emulator),
        emulator,
        runs,
        workspace: workspace.clone(),
        cert_bundle,
        report: String::new(),
    };
    let _ = std::fs::create_dir_all(&workspace);
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let header = format!(
        "# Benchmarks\n\nMeasured by `make bench` ({}), {cpus} CPUs, against the bundled emulator on loopback.\n\
         Release binary: {:.1} MiB ({size} bytes). {bundle_note}\n\n",
        OffsetDateTime::now_utc().date(),
        size as f64 / (1024.0 * 1024.0)
    );
    print!("{header}");
    bench.report.push_str(&header);
    let mut result = bench.steps();
    if result.is_ok() {
        result = bench.triggers(&sizes).await;
    }
    // Every peak RSS includes up to this much of the spawner that started the process.
    if let Some(kib) = spawner::own_peak_rss_kib(spawner_pid) {
        let note = format!(
            "\nPeak RSS is `ru_maxrss` from `wait4`; it includes up to {} MiB of the spawner that \
             started the process (its own peak).\n",
            mib(kib)
        );
        print!("{note}");
        bench.report.push_str(&note);
    }
    let _ = std::fs::remove_dir_all(&workspace);
    match result {
        Ok(()) => {
            let out = PathBuf::from(
                std::env::var("BENCH_OUT").unwrap_or_else(|_| "bench/results.md".into()),
            );
            if let Err(err) = write_report(&out, &bench.report) {
                eprintln!("bench: cannot write {}: {err}", out.display());
                return std::process::ExitCode::FAILURE;
            }
            println!("\nwritten to {}", out.display());
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("bench: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
