//! `bench_http`: load on the plugin's http mode against the emulator, and the same load on the
//! Python runtime's http mode (`runtime-oracle run http`), on loopback only.
//!
//! For each level of concurrent clients it sends a bounded number of requests (and stops
//! sending at a time limit), then reports requests per second, p50 and p99 latency, the peak
//! resident memory of the server's process tree, errors (transport errors and any status but
//! 200) and lost requests (sent but never answered). Results go to a Markdown table.

use clap::Parser;
use defender_emulator::{Config, Emulator};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use windows_defender_atp::spec::generated;

#[derive(Debug, Parser)]
#[command(name = "bench_http")]
struct Args {
    /// The plugin binary (a release build).
    #[arg(long, default_value = "target/release/windows_defender_atp")]
    plugin: PathBuf,
    /// The runtime oracle's launcher; empty skips the Python runtime.
    #[arg(long, default_value = "../shared/tools/runtime-oracle/run")]
    oracle: String,
    /// Concurrent clients per level.
    #[arg(long, value_delimiter = ',', default_value = "1,16,256")]
    levels: Vec<usize>,
    /// Requests per level, for 1 client and for more (the smaller bound for one client keeps
    /// the run short).
    #[arg(long, default_value_t = 1000)]
    requests_single: usize,
    #[arg(long, default_value_t = 5000)]
    requests: usize,
    /// No new request is sent after this many seconds of a level.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Where the Markdown results go.
    #[arg(long, default_value = "bench/http-results.md")]
    out: PathBuf,
}

struct Level {
    clients: usize,
    sent: usize,
    ok: usize,
    errors: usize,
    lost: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_rss_mib: f64,
    /// Requests the emulator received during the level, token requests included.
    api_calls: usize,
}

struct Target {
    name: String,
    route: String,
    body: Vec<u8>,
    note: String,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_http: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    windows_defender_atp::init_logging(false, false);
    let emulator = Emulator::start(Config::default())
        .await
        .map_err(|err| format!("the emulator did not start: {err}"))?;
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(1024)
        .build()
        .map_err(|err| err.to_string())?;

    let mut sections = Vec::new();

    // Ours: an action that reads one alert from the emulator.
    let action = generated::get_machine_id_from_alert::NAME;
    let input = example_input(action);
    let ours = Target {
        name: format!("Rust plugin (`{action}` against the emulator)"),
        route: format!("/api/v1/actions/{action}"),
        body: serde_json::to_vec(&json!({
            "body": {"action": action, "meta": {}, "input": input, "connection": {
                "application_id": defender_emulator::CLIENT_ID,
                "application_secret": {"secretKey": defender_emulator::CLIENT_SECRET},
                "directory_id": defender_emulator::TENANT_ID,
                "api_url": emulator.base_url(),
                "login_url": emulator.base_url(),
            }},
            "type": "action_start",
            "version": "v1",
        }))
        .map_err(|err| err.to_string())?,
        note: "the runtime's default flags (1 process × 4 threads, so at most 4 steps at once; the rest wait their turn); each step makes its API call to the in-process emulator over loopback HTTP, with the token cached".into(),
    };
    let port = free_port()?;
    let child = Command::new(&args.plugin)
        .args(["http", "--port", &port.to_string()])
        .env("WORKSPACE_DIR", std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start {}: {err}", args.plugin.display()))?;
    let levels = measure(&args, &client, port, child, &ours, &emulator).await?;
    sections.push((ours, levels));

    if !args.oracle.is_empty() {
        let port = free_port()?;
        let child = Command::new(&args.oracle)
            .args(["http", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", args.oracle))?;
        // The reference plugin's action has the same name as ours.
        let reference = generated::isolate_machine::NAME;
        let python = Target {
            name: "Python runtime 6.6.0 (reference `isolate_machine`, no API call)".into(),
            route: format!("/api/v1/actions/{reference}"),
            body: serde_json::to_vec(&json!({
                "body": {"action": reference, "meta": {}, "input": {"machine": "m1", "isolation_type": "Full"},
                         "connection": {"application_id": "a", "application_secret": {"secretKey": "s"}}},
                "type": "action_start",
                "version": "v1",
            }))
            .map_err(|err| err.to_string())?,
            note: "gunicorn, 1 process × 4 threads (the runtime's defaults); the action returns a constant".into(),
        };
        let levels = measure(&args, &client, port, child, &python, &emulator).await?;
        sections.push((python, levels));
    }

    let report = render(&args, &sections);
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).map_err(|err| err.to_string())?;
    }
    std::fs::write(&args.out, &report).map_err(|err| err.to_string())?;
    println!("{report}");
    Ok(())
}

/// Waits for the server, runs every level, stops the server with SIGTERM.
async fn measure(
    args: &Args,
    client: &reqwest::Client,
    port: u16,
    mut child: Child,
    target: &Target,
    emulator: &Emulator,
) -> Result<Vec<Level>, String> {
    let base = format!("http://127.0.0.1:{port}");
    let ready = wait_ready(client, &base, &mut child).await;
    if let Err(err) = ready {
        let _ = child.kill();
        return Err(err);
    }
    // One warm-up request: the first builds the client and fetches the token.
    let warm = client
        .post(format!("{base}{}", target.route))
        .body(target.body.clone())
        .send()
        .await
        .map_err(|err| err.to_string())?;
    let warm_status = warm.status();
    let warm_text = warm.text().await.unwrap_or_default();
    if warm_status != 200 {
        let _ = child.kill();
        return Err(format!(
            "{}: the warm-up answered {warm_status}: {warm_text}",
            target.name
        ));
    }
    let mut levels = Vec::new();
    for &clients in &args.levels {
        let requests = if clients == 1 {
            args.requests_single
        } else {
            args.requests
        };
        eprintln!("{}: {clients} clients, {requests} requests", target.name);
        let before = emulator.requests().len();
        let mut level = load(
            client,
            &base,
            target,
            clients,
            requests,
            args.seconds,
            child.id(),
        )
        .await;
        level.api_calls = emulator.requests().len() - before;
        eprintln!(
            "  {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, errors {}, lost {}, peak RSS {:.1} MiB, emulator requests {}",
            level.ok as f64 / level.seconds,
            level.p50_ms,
            level.p99_ms,
            level.errors,
            level.lost,
            level.peak_rss_mib,
            emulator.requests().len() - before
        );
        levels.push(level);
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..200 {
        if child.try_wait().map_err(|err| err.to_string())?.is_some() {
            return Ok(levels);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    Ok(levels)
}

async fn wait_ready(client: &reqwest::Client, base: &str, child: &mut Child) -> Result<(), String> {
    for _ in 0..600 {
        if let Ok(response) = client.get(format!("{base}/api/v1/status")).send().await {
            if response.status() == 200 {
                return Ok(());
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the server exited with {status} before answering"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{base} did not answer within 60 s"))
}

async fn load(
    client: &reqwest::Client,
    base: &str,
    target: &Target,
    clients: usize,
    requests: usize,
    seconds: u64,
    pid: u32,
) -> Level {
    let next = Arc::new(AtomicUsize::new(0));
    let ok = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let done = Arc::new(AtomicBool::new(false));
    let peak_kib = Arc::new(AtomicU64::new(0));
    let sampler = {
        let done = done.clone();
        let peak = peak_kib.clone();
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                peak.fetch_max(tree_rss_kib(pid), Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let url = format!("{base}{}", target.route);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..clients {
        let (client, url, body) = (client.clone(), url.clone(), target.body.clone());
        let (next, ok, errors, latencies) =
            (next.clone(), ok.clone(), errors.clone(), latencies.clone());
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while Instant::now() < deadline && next.fetch_add(1, Ordering::SeqCst) < requests {
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .timeout(Duration::from_secs(60))
                    .send()
                    .await;
                let good = match answer {
                    Ok(response) => {
                        let status = response.status();
                        response.bytes().await.is_ok() && status == 200
                    }
                    Err(_) => false,
                };
                mine.push(sent.elapsed().as_micros() as u64);
                if good {
                    ok.fetch_add(1, Ordering::SeqCst);
                } else {
                    errors.fetch_add(1, Ordering::SeqCst);
                }
            }
            latencies.lock().unwrap().extend(mine);
        }));
    }
    for worker in workers {
        let _ = worker.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    done.store(true, Ordering::SeqCst);
    let _ = sampler.await;
    let sent = next.load(Ordering::SeqCst).min(requests);
    let mut latencies = std::mem::take(&mut *latencies.lock().unwrap());
    latencies.sort_unstable();
    let ok = ok.load(Ordering::SeqCst);
    let errors = errors.load(Ordering::SeqCst);
    Level {
        clients,
        sent,
        ok,
        errors,
        lost: sent.saturating_sub(ok + errors),
        seconds: elapsed,
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
        peak_rss_mib: peak_kib.load(Ordering::SeqCst) as f64 / 1024.0,
        api_calls: 0,
    }
}

fn percentile(sorted: &[u64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index] as f64 / 1000.0
}

/// Resident memory of a process and all its descendants (gunicorn's workers are children).
fn tree_rss_kib(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(pid) = pending.pop() {
        total += std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find(|line| line.starts_with("VmRSS:"))
                    .and_then(|line| line.split_whitespace().nth(1))
                    .and_then(|kib| kib.parse::<u64>().ok())
            })
            .unwrap_or(0);
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
            for task in tasks.flatten() {
                if let Ok(children) = std::fs::read_to_string(task.path().join("children")) {
                    pending.extend(
                        children
                            .split_whitespace()
                            .filter_map(|c| c.parse::<u32>().ok()),
                    );
                }
            }
        }
    }
    total
}

fn free_port() -> Result<u16, String> {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").map_err(|err| err.to_string())?;
    probe
        .local_addr()
        .map(|address| address.port())
        .map_err(|err| err.to_string())
}

fn example_input(action: &str) -> serde_json::Value {
    let spec = windows_defender_atp::spec::Spec::embedded();
    let mut input = serde_json::Map::new();
    if let Some(component) = spec.actions.get(action) {
        for (name, field) in &component.input {
            if let Some(example) = &field.example {
                input.insert(name.clone(), example.clone());
            }
        }
    }
    serde_json::Value::Object(input)
}

fn render(args: &Args, sections: &[(Target, Vec<Level>)]) -> String {
    let mut out = String::from("# http mode under load\n\n");
    out.push_str(&format!(
        "Written by `make bench-http` (`bench_http --levels {} --requests-single {} --requests {} --seconds {}`). \
         Loopback only; the load generator and the emulator share one process with 2 threads, on a machine whose \
         cores are shared with other builds, so compare the rows with each other rather than with other machines.\n\n",
        args.levels.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(","),
        args.requests_single,
        args.requests,
        args.seconds
    ));
    for (target, levels) in sections {
        out.push_str(&format!("## {}\n\n{}.\n\n", target.name, target.note));
        out.push_str("| clients | sent | ok | errors | lost | req/s | p50 ms | p99 ms | peak RSS MiB | API calls |\n");
        out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for level in levels {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} |\n",
                level.clients,
                level.sent,
                level.ok,
                level.errors,
                level.lost,
                level.ok as f64 / level.seconds,
                level.p50_ms,
                level.p99_ms,
                level.peak_rss_mib,
                level.api_calls
            ));
        }
        out.push('\n');
    }
    out
}
