//! The plugin binary: everything happens in the library.

fn main() -> std::process::ExitCode {
    windows_defender_atp::cli::main()
}
