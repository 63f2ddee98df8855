//! The process that starts every measured process and reports what it used.
//!
//! Linux charges a program with the resident memory of the process it was started from: `exec`
//! folds the peak RSS of the address space it replaces into the new program's `ru_maxrss`. The
//! benchmark's own process grows to hundreds of MiB (its emulator holds up to a hundred thousand
//! alerts), so a child started from it would report that, not its own peak. The spawner is
//! started first, while the benchmark is still small, and stays small; what it reports is the
//! child's own figure, plus at most the spawner's few MiB (printed in the report's header).
//!
//! It speaks one JSON line per request and per answer over its stdin and stdout.

use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Set in the spawner's environment: the benchmark binary is then the spawner.
pub const ROLE_ENV: &str = "WINDOWS_DEFENDER_ATP_BENCH_SPAWNER";

/// One process to run to its end.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// Written to the process's stdin, which is then closed.
    pub input: String,
    /// Where stdout goes (a FIFO the benchmark reads as events arrive); captured when `None`.
    pub stdout_to: Option<PathBuf>,
}

/// What one process cost.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Cost {
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_rss_kib: u64,
}

/// The answer to a [`Request`].
#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// The raw wait status.
    pub status: i32,
    pub cost: Cost,
    pub stdout: String,
}

impl Report {
    pub fn exit_status(&self) -> ExitStatus {
        ExitStatus::from_raw(self.status)
    }
}

/// The benchmark's handle on its spawner.
pub struct Spawner {
    child: Child,
    requests: ChildStdin,
    answers: BufReader<ChildStdout>,
}

impl Spawner {
    /// Starts the spawner: the benchmark's own binary, in the spawner role.
    pub fn start() -> std::io::Result<Spawner> {
        let mut child = Command::new(std::env::current_exe()?)
            .env(ROLE_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let requests = child.stdin.take().ok_or_else(missing_pipe)?;
        let answers = BufReader::new(child.stdout.take().ok_or_else(missing_pipe)?);
        Ok(Spawner {
            child,
            requests,
            answers,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Runs `request` to its end.
    pub fn run(&mut self, request: &Request) -> Result<Report, String> {
        let mut line = serde_json::to_string(request).map_err(|e| e.to_string())?;
        line.push('\n');
        self.requests
            .write_all(line.as_bytes())
            .and_then(|()| self.requests.flush())
            .map_err(|e| format!("the spawner is gone: {e}"))?;
        let mut answer = String::new();
        self.answers
            .read_line(&mut answer)
            .map_err(|e| format!("the spawner is gone: {e}"))?;
        let answer: Result<Report, String> = serde_json::from_str(&answer)
            .map_err(|e| format!("the spawner answered {answer:?}: {e}"))?;
        answer
    }
}

impl Drop for Spawner {
    fn drop(&mut self) {
        // Between requests the spawner holds nothing worth a clean exit.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn missing_pipe() -> std::io::Error {
    std::io::Error::other("the spawner's pipes were not set up")
}

/// The spawner's loop: one request per line on stdin, one answer per line on stdout.
pub fn serve() -> ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let answer: Result<Report, String> = serde_json::from_str::<Request>(&line)
            .map_err(|e| format!("bad request: {e}"))
            .and_then(|request| execute(&request));
        let Ok(mut text) = serde_json::to_string(&answer) else {
            break;
        };
        text.push('\n');
        if stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .is_err()
        {
            break;
        }
    }
    ExitCode::SUCCESS
}

fn execute(request: &Request) -> Result<Report, String> {
    let mut command = Command::new(&request.program);
    command
        .args(&request.args)
        .envs(request.env.iter().map(|(k, v)| (k, v)))
        .env_remove(ROLE_ENV)
        .stdin(Stdio::piped())
        .stderr(Stdio::null());
    match &request.stdout_to {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            command.stdout(file);
        }
        None => {
            command.stdout(Stdio::piped());
        }
    }
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", request.program.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A process that exits without reading its input is the process's business.
        let _ = stdin.write_all(request.input.as_bytes());
    }
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).map_err(|e| e.to_string())?;
    }
    let (status, cost) = reap(&child, started).map_err(|e| e.to_string())?;
    Ok(Report {
        status,
        cost,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
    })
}

/// Waits for `child` with `wait4`, which reports what the child used.
fn reap(child: &Child, started: Instant) -> std::io::Result<(i32, Cost)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value of a plain C struct, which wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child; both pointers are valid for the call.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped != pid {
        return Err(std::io::Error::last_os_error());
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok((
        status,
        Cost {
            wall,
            cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
            peak_rss_kib: usage.ru_maxrss as u64,
        },
    ))
}

/// The spawner's own peak resident memory, in KiB: the floor under every peak it reports.
pub fn own_peak_rss_kib(spawner_pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{spawner_pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
