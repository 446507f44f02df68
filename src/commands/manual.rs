//! `soaek manual`: the manual page (roff) of soaek and of each command, generated from
//! the same definitions as the help (clap_mangen), in the language asked for.

use super::context::Global;
use super::output::write_reports;
use super::status;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write soaek.1 and soaek-COMMAND.1 into this folder instead of printing soaek.1.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The page of `cmd` as roff.
fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut bytes)?;
    Ok(bytes)
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let cmd = super::definition(g.lang);
    let Some(dir) = &args.out else {
        use std::io::Write;
        std::io::stdout().write_all(&page(cmd)?)?;
        return Ok(status::OK);
    };
    std::fs::create_dir_all(dir)?;
    let mut pages = vec![("soaek.1".to_string(), page(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("soaek-{}", sub.get_name());
        let file = format!("{name}.1");
        pages.push((file, page(sub.clone().name(&*name.leak()))?));
    }
    write_reports(
        dir,
        pages
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
    )?;
    match g.lang {
        crate::i18n::Lang::Ko => eprintln!("작성: {} (설명서 {}장)", dir.display(), pages.len()),
        crate::i18n::Lang::En => eprintln!("wrote {} ({} pages)", dir.display(), pages.len()),
    }
    Ok(status::OK)
}
