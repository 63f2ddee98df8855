//! Helpers shared by the tests: running a step in-process or through the binary.

use std::process::{Command, Stdio};
use windows_defender_atp::ClientOptions;
use windows_defender_atp::Ctx;
use windows_defender_atp::Mode;
use windows_defender_atp::Time;

/// The repository root.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A context whose workspace is a fresh temporary directory.
pub fn ctx() -> (Ctx, tempfile::TempDir) {
    windows_defender_atp::init_logging(false, false);
    let workspace = tempfile::tempdir().expect("temp dir");
    let ctx = Ctx::new(
        workspace.path().to_path_buf(),
        Time::system(),
        ClientOptions::default(),
        false,
    );
    (ctx, workspace)
}

/// Runs one step in-process; returns the envelope bytes and whether it succeeded.
pub fn run_step(message: &[u8], mode: Mode) -> (String, bool) {
    let (ctx, _workspace) = ctx();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut events = Vec::new();
    let outcome = runtime.block_on(windows_defender_atp::run_step(
        message,
        mode,
        &ctx,
        &mut events,
    ));
    (outcome.to_wire(), outcome.is_ok())
}

/// The binary's stdout, stderr and exit code for `args` with `stdin`.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub fn binary(args: &[&str], stdin: &[u8]) -> Output {
    binary_with_env(args, stdin, &[])
}

/// Starts the plugin binary as the orchestrator does, with `stdin` written and closed, and its
/// stdout and stderr piped; the caller decides when and how it ends.
pub fn spawn_binary(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> std::process::Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_windows_defender_atp"))
        .args(args)
        .envs(env.iter().copied())
        .env_remove("SSL_CERT_FILE")
        .env_remove("PLUGIN_RUNTIME_ENVIRONMENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the plugin binary starts");
    {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin");
        // The binary may stop reading early (a message over the size limit): that is fine.
        let _ = pipe.write_all(stdin);
    }
    child
}

pub fn binary_with_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let child = spawn_binary(args, stdin, env);
    let output = child.wait_with_output().expect("the plugin binary ends");
    Output {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}
