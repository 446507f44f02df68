//! The `soaek` binary: the command line lives in [`soaek::commands`].

fn main() -> std::process::ExitCode {
    soaek::commands::main()
}
