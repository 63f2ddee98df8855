//! SIGTERM and Ctrl-C, for the two long-running modes: a trigger (stop and save the state) and
//! the http server (refuse new steps and drain).

/// The exit code of a process ended by a second signal: 128 + SIGTERM, as a shell reports it.
pub const SECOND_SIGNAL_EXIT: i32 = 143;

/// Calls `on_first` at the first SIGTERM or Ctrl-C, so that the process stops cleanly; a second
/// one ends the process at once, for an operator who will not wait. Must run inside a tokio
/// runtime. Where SIGTERM cannot be handled, Ctrl-C still is, and `unhandled` says what else
/// still stops the process.
pub fn on_first_signal(on_first: impl Fn() + Send + 'static, unhandled: &'static str) {
    #[cfg(unix)]
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(terminate) => Some(terminate),
            Err(err) => {
                tracing::warn!("Cannot handle SIGTERM ({err}); {unhandled}");
                None
            }
        };
    #[cfg(not(unix))]
    let _ = unhandled;
    tokio::spawn(async move {
        let mut received = false;
        loop {
            #[cfg(unix)]
            {
                let sigterm = async {
                    match terminate.as_mut() {
                        Some(terminate) => {
                            terminate.recv().await;
                        }
                        None => std::future::pending::<()>().await,
                    }
                };
                tokio::select! {
                    () = sigterm => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
            if received {
                std::process::exit(SECOND_SIGNAL_EXIT);
            }
            received = true;
            on_first();
        }
    });
}
