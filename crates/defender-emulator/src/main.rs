//! `defender_emulator`: runs the Defender for Endpoint emulator in the foreground.
//!
//! Meant for demos and manual testing of the plugin against a local fake tenant. The
//! credentials printed at start-up are the emulator's fixed, fake ones.

use std::net::SocketAddr;

use clap::{Parser, ValueEnum};
use defender_emulator::{
    Config, DuplicateMode, Emulator, UndocumentedOptions, CLIENT_ID, CLIENT_SECRET, TENANT_ID,
};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DuplicateArg {
    Reject,
    ReturnExisting,
}

/// Local emulator of the Microsoft Defender for Endpoint API (127.0.0.1 only).
#[derive(Debug, Parser)]
#[command(name = "defender_emulator", version)]
struct Args {
    /// TCP port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8686)]
    port: u16,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 3599)]
    token_lifetime: u64,
    /// Maximum page size of list endpoints.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    page_size: usize,
    /// What a duplicate machine action gets while the first is still running.
    #[arg(long, value_enum, default_value_t = DuplicateArg::Reject)]
    duplicate_mode: DuplicateArg,
    /// Answer 400 to a query option the route's page does not document (`$orderby` on
    /// alerts, `$expand` on one alert), instead of honouring it as the service is seen to.
    #[arg(long)]
    refuse_undocumented_options: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = Config {
        token_lifetime_secs: args.token_lifetime,
        max_page_size: args.page_size.max(1),
        duplicate_mode: match args.duplicate_mode {
            DuplicateArg::Reject => DuplicateMode::Reject,
            DuplicateArg::ReturnExisting => DuplicateMode::ReturnExisting,
        },
        undocumented_options: if args.refuse_undocumented_options {
            UndocumentedOptions::Refused
        } else {
            UndocumentedOptions::Accepted
        },
        ..Config::default()
    };
    let emulator =
        Emulator::start_on(SocketAddr::from(([127, 0, 0, 1], args.port)), config).await?;
    eprintln!(
        "defender_emulator listening on {} (tenant {TENANT_ID}, client id {CLIENT_ID}, client secret {CLIENT_SECRET}); Ctrl-C to stop",
        emulator.base_url()
    );
    wait_for_signal().await;
    eprintln!("defender_emulator stopping");
    emulator.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
