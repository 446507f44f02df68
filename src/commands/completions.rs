//! `soaek completions SHELL`: tab completion for bash, zsh, fish, PowerShell or elvish,
//! generated from the same definitions as the help (clap_complete).

use super::context::Global;
use super::status;
use anyhow::Result;
use clap_complete::Shell;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum, ignore_case = true)]
    shell: Shell,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let mut cmd = super::definition(g.lang);
    clap_complete::generate(args.shell, &mut cmd, "soaek", &mut std::io::stdout());
    Ok(status::OK)
}
