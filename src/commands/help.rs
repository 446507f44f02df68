//! The command line's words in Korean (the default language): the about line of every
//! command and the help of every option, applied to clap's English definitions in the
//! command files, and clap's refusals said in one plain line. `--lang en` keeps the
//! English ones.

use crate::i18n::Lang;
use clap::{Arg, ArgAction, Command};

/// (subcommand path, argument id or "" for the command itself, Korean text).
const KO: &[(&str, &str, &str)] = &[
    ("", "", "휴대폰 소액결제·콘텐츠이용료 명세서 분석기. 명세서는 이 컴퓨터 밖으로 나가지 않습니다"),
    ("", "lang", "화면 언어: ko(기본) 또는 en. 없으면 LC_ALL·LANG이 en…일 때 영어"),
    ("", "ledger", "원장 위치 (기본: ~/.local/share/soaek/ledger.parquet, 환경변수 SOAEK_LEDGER)"),
    ("", "rules", "가맹점 규칙 파일(TOML). 기본: 설정 폴더의 rules.toml"),
    ("", "config", "설정 파일(TOML): current_limit, content_limit, budget, steps, [seasons]"),
    ("import", "", "명세서(CSV, 엑셀, HTML로 된 .xls)를 원장에 넣습니다. 중복은 건너뛰고 취소는 원거래와 맞춥니다"),
    ("import", "files", "명세서 파일이나 폴더"),
    ("import", "profile", "자동으로 못 읽는 명세서의 열 프로필(TOML)"),
    ("import", "skip_bad_rows", "읽을 수 없는 행이 있어도 나머지 행은 넣습니다"),
    ("import", "line", "이 명세서의 회선 이름(민준)이나 번호. 회선 열이 없는 행에 붙습니다"),
    ("import", "another_line", "원장에 다른 회선으로 이미 있는 결제라도 가져옵니다 (정말 다른 회선일 때)"),
    ("list", "", "원장을 통신사 이용내역 화면처럼 보여 줍니다"),
    ("list", "from", "이날부터 (2025-08-14, 2025.08.14), 달이면 그 달 1일부터 (2025-08)"),
    ("list", "to", "이날까지, 달이면 그 달 말일까지"),
    ("list", "month", "한 달 전체 (2025-08)"),
    ("list", "status", "all(전체, 기본), approved(승인), cancelled(취소)"),
    ("list", "json", "JSON으로 출력"),
    ("list", "csv", "CSV로 출력 (엑셀용 UTF-8 BOM)"),
    ("analyze", "", "명세서(또는 원장)의 월별 사용액, 3개월 평균, 권장 한도. 원장은 바꾸지 않습니다"),
    ("analyze", "out", "analysis.json과 summary.txt도 이 폴더에 씁니다"),
    ("report", "", "보고서 폴더: report.html(파일 하나), 차트 PNG, analysis.json, summary.txt"),
    ("report", "out", "보고서를 쓸 폴더 (기본: reports)"),
    ("recommend", "", "설정할 월 한도(소액결제·콘텐츠이용료 따로), 계절 조정 계획, 이번 달 현황"),
    ("categories", "", "월 × 분류 지출과 분류되지 않은 가맹점"),
    ("subs", "", "정기결제(구독): 주기, 비용, 다음 결제일, 해지된 것, 가격 변동, 정리 제안"),
    ("alerts", "", "의심 결제(새벽 상품권, 연속 결제, 이중 결제 …). 위험도 높음이 있으면 종료 코드 3"),
    ("alerts", "since", "이날부터의 알림만"),
    ("alerts", "min_severity", "이 위험도 이상만: low(기본), medium, high"),
    ("export", "", "원장(또는 명세서)을 csv, json, parquet, hledger 장부, beancount로 내보냅니다"),
    ("export", "files", "명세서 파일이나 폴더 (없으면 원장)"),
    ("export", "format", "csv(엑셀용), json, parquet, ledger(hledger), beancount"),
    ("export", "from", "이날부터, 달이면 그 달 1일부터"),
    ("export", "to", "이날까지, 달이면 그 달 말일까지"),
    ("export", "month", "한 달 전체 (2025-08)"),
    ("export", "output", "쓸 파일 (기본: 화면)"),
    ("export", "profile", "자동으로 못 읽는 명세서의 열 프로필(TOML)"),
    ("lines", "", "가족 회선: 회선별 결제·기간을 보고, 이름을 붙이고, 자녀 회선을 표시하고, 합칩니다"),
    ("lines", "json", "JSON으로 출력"),
    ("lines label", "", "회선에 이름을 붙입니다 (자녀 회선 표시도)"),
    ("lines label", "line", "회선: 명세서에 보이는 번호(010-****-5678), 이름, 이름 없는 회선은 -"),
    ("lines label", "name", "새 이름 (민준). 같은 이름의 회선은 한 회선이 됩니다"),
    ("lines label", "child", "자녀 회선: 한도는 가이드의 안전한 단계로, 알림은 부모에게 맞춰 설명합니다"),
    ("lines label", "not_child", "자녀 회선 표시를 뗍니다"),
    ("lines merge", "", "다른 회선들을 첫 회선에 합칩니다 (첫 회선의 이름을 씁니다)"),
    ("lines merge", "into", "남는 회선"),
    ("lines merge", "others", "합쳐질 회선들"),
    ("rules", "", "가맹점 규칙: 이름 시험, 규칙 파일 검사"),
    ("rules test", "", "가맹점 이름이 어떤 규칙·사전 항목으로 어떻게 분류되는지와 그 근거"),
    ("rules test", "merchant", "가맹점 이름"),
    ("rules test", "item", "상품명 (규칙이 상품명을 볼 때)"),
    ("rules test", "amount", "금액 (규칙이 금액을 볼 때)"),
    ("rules test", "time", "시각 HH:MM (규칙이 시간대를 볼 때)"),
    ("rules check", "", "규칙 파일 검사 (기본: 지금 쓰는 파일)"),
    ("rules check", "file", "검사할 규칙 파일"),
    ("ledger", "", "원장 파일 자체: 확인하거나 다시 만듭니다"),
    ("ledger verify", "", "달 파일마다 체크섬·건수·달을 목록과 맞춰 봅니다"),
    ("ledger repair", "", "폴더의 달 파일로 원장을 다시 만듭니다. 이전 폴더는 백업으로 남깁니다"),
    ("ledger repair", "yes", "묻지 않고 다시 만듭니다"),
    ("completions", "", "셸의 탭 자동 완성 스크립트 (bash, zsh, fish, powershell, elvish)"),
    ("completions", "shell", "bash, zsh, fish, powershell, elvish 중 하나"),
    ("manual", "", "설명서(man 페이지). --out이면 명령마다 한 장씩 폴더에 씁니다"),
    ("manual", "out", "soaek.1과 soaek-명령.1을 쓸 폴더 (없으면 soaek.1을 화면에)"),
];

/// The options several commands share (`args::Inputs`, `args::Limits`, `--json`),
/// wherever they appear; a command's own line in [`KO`] wins.
const SHARED_KO: &[(&str, &str)] = &[
    ("files", "명세서 파일이나 폴더 (없으면 원장)"),
    ("as_of", "기준일 (기본: 오늘, KST). 2025-08-14처럼"),
    ("json", "표 대신 JSON으로 출력"),
    ("profile", "자동으로 못 읽는 명세서의 열 프로필(TOML)"),
    (
        "line",
        "이 회선만: 이름, 번호(010-****-1234), 이름 없는 회선은 -",
    ),
    (
        "current_limit",
        "지금 휴대폰 소액결제 한도 (300000, 30만원)",
    ),
    ("content_limit", "지금 콘텐츠이용료 한도 (100000, 10만원)"),
    ("budget", "한 달 예산, 두 한도 합계 (200000, 20만원)"),
];

fn korean_flags(cmd: Command) -> Command {
    // clap's own words (headings, "[default: ko]", the help subcommand) in Korean or gone.
    cmd.mut_args(|a| {
        if a.is_positional() {
            a.help_heading("인자")
        } else {
            let takes_value = a.get_num_args().is_some_and(|n| n.takes_values())
                || !matches!(
                    a.get_action(),
                    ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
                );
            a.help_heading("옵션")
                .hide_default_value(takes_value)
                .hide_env(true)
        }
    })
    .disable_help_subcommand(true)
    .disable_help_flag(true)
    .arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("도움말")
            .help_heading("옵션"),
    )
    .help_template("{about-with-newline}\n사용법: {usage}\n\n{all-args}{after-help}")
    .next_help_heading("옵션")
    .subcommand_help_heading("명령")
    .subcommand_value_name("명령")
}

/// Apply the Korean texts to the command at `path` (space-separated) and below it.
fn localize(mut cmd: Command, path: &str) -> Command {
    for (arg, text) in SHARED_KO {
        if cmd.get_arguments().any(|a| a.get_id() == *arg) {
            cmd = cmd.mut_arg(*arg, |a| a.help(*text));
        }
    }
    for (_, arg, text) in KO.iter().filter(|(p, _, _)| *p == path) {
        cmd = if arg.is_empty() {
            cmd.about(*text)
        } else {
            cmd.mut_arg(*arg, |a| a.help(*text))
        };
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(korean_flags(s), &sub_path));
    }
    cmd
}

/// The command line in Korean: every about line and option help.
pub fn korean(cmd: Command) -> Command {
    localize(
        korean_flags(cmd).disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("버전")
                .help_heading("옵션"),
        ),
        "",
    )
}

/// A command line clap refused, in one line of the user's language and a pointer to
/// the help.
pub fn usage_error(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    // `--from <FROM>` → `--from`
    let name = arg.split(' ').next().unwrap_or_default();
    // The value parser's own reason names the value; clap's bare refusal does not.
    let why = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("{value:?}"));
    let line = match (lang, e.kind()) {
        (Lang::Ko, ErrorKind::UnknownArgument) => format!("알 수 없는 옵션입니다: {arg}"),
        (Lang::Ko, ErrorKind::InvalidSubcommand) => {
            format!(
                "알 수 없는 명령입니다: {}",
                get(ContextKind::InvalidSubcommand)
            )
        }
        (Lang::Ko, ErrorKind::InvalidValue | ErrorKind::ValueValidation) => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{name} 값이 올바르지 않습니다: {why}")
            } else {
                format!("{name} 값이 올바르지 않습니다: {why} (쓸 수 있는 값: {valid})")
            }
        }
        (Lang::Ko, ErrorKind::MissingRequiredArgument) => {
            format!("꼭 필요한 값이 빠졌습니다: {name}")
        }
        (Lang::Ko, ErrorKind::ArgumentConflict) => format!(
            "함께 쓸 수 없는 옵션입니다: {arg}, {}",
            get(ContextKind::PriorArg)
        ),
        (
            Lang::Ko,
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
        ) => "할 일(명령)을 주세요. 예: soaek report 명세서폴더".to_string(),
        (Lang::Ko, _) => "명령줄을 이해하지 못했습니다".to_string(),
        (Lang::En, _) => e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    format!("soaek: {}", super::status::with_help(&line, lang))
}

/// Where each Korean text goes, (command path, argument id or ""), for the test that
/// every one of them has its place in the command line.
pub fn places() -> impl Iterator<Item = (&'static str, &'static str)> {
    KO.iter().map(|(p, a, _)| (*p, *a))
}
