//! `soaek report`: every PNG decodes and is drawn, the page is self-contained and
//! escapes every statement text, phone numbers are masked, and a real headless
//! Chromium renders it with every section.
//!
//! Chromium (Debian's `chromium`) is installed by `.ci/run`, which sets
//! `SOAEK_REQUIRE_TOOLS=1`; elsewhere the browser tests say "skipped" and pass.

mod common;

use common::{fixture, run, soaek, tool};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const CHARTS: [&str; 6] = [
    "monthly.png",
    "categories.png",
    "merchants.png",
    "subscriptions.png",
    "burn.png",
    "hours.png",
];

const HEADINGS_KO: [&str; 8] = [
    "요약",
    "계절 조정 계획",
    "구독",
    "의심 결제",
    "분류와 상위 가맹점",
    "분류되지 않은 가맹점",
    "데이터 품질",
    "계산 방법",
];

/// `soaek report` of `input` into a new folder.
fn report(input: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    run(soaek(None)
        .arg("report")
        .arg(input)
        .args(["--as-of", "2025-12-03", "--out"])
        .arg(&out)
        .args(extra));
    (dir, out)
}

/// Width, height and the number of distinct colours of a PNG.
fn decode(path: &Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = info.color_type.samples();
    let colours: BTreeSet<&[u8]> = buf[..info.buffer_size()].chunks(bytes).collect();
    (info.width, info.height, colours.len())
}

/// The element names in `html`.
fn tags(html: &str) -> BTreeSet<String> {
    Regex::new(r"<([A-Za-z][A-Za-z0-9-]*)")
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_ascii_lowercase())
        .collect()
}

const ALLOWED_TAGS: [&str; 25] = [
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "p",
    "main",
    "section",
    "div",
    "figure",
    "img",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "footer",
];

fn assert_only_our_tags(html: &str) {
    let found = tags(html);
    let extra: Vec<&String> = found
        .iter()
        .filter(|t| !ALLOWED_TAGS.contains(&t.as_str()))
        .collect();
    assert!(extra.is_empty(), "unexpected elements {extra:?}");
}

#[test]
fn report_writes_every_chart_and_a_self_contained_page() {
    let (_dir, out) = report(Path::new("sample_data"), &["--current-limit", "300000"]);
    for name in CHARTS {
        let (w, h, colours) = decode(&out.join(name));
        // The charts of the two caps have a panel each.
        let height = if ["monthly.png", "burn.png"].contains(&name) {
            960
        } else {
            520
        };
        assert_eq!((w, h), (1000, height), "{name}");
        // Text is anti-aliased and bars are coloured: a blank or one-colour image is not.
        assert!(colours > 50, "{name} has only {colours} colours");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // No external address anywhere: no http(s), no protocol-relative src/href.
    assert!(!html.contains("http:") && !html.contains("https:"));
    let external = Regex::new(r#"(?i)(src|href)\s*=\s*["']?\s*(//|[a-z]+:)"#).unwrap();
    for m in external.find_iter(&html) {
        assert!(
            m.as_str().ends_with("data:"),
            "external reference {}",
            m.as_str()
        );
    }
    assert!(!html.contains("<script"), "no JavaScript");
    // Every chart is inline, as a PNG data URI.
    assert_eq!(html.matches("<img src=\"data:image/png;base64,").count(), 6);
    for h in HEADINGS_KO {
        assert!(html.contains(&format!(">{h}</h2>")), "{h}");
    }
    // Figures from the sample: 270,767 avg3, 500,000 recommended, and the 4 subscriptions.
    assert!(html.contains("270,767원"));
    assert!(html.contains("500,000원"));
    assert!(html.contains("★★☆☆☆"));
    assert!(html.contains("kt_2024-09_2025-02.csv") && html.contains("CSV, 한글 완성형 CP949"));
    assert_only_our_tags(&html);
    // Reports hold a statement's contents: private to the user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("report.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn report_in_english() {
    let (_dir, out) = report(Path::new("sample_data"), &["--lang", "en"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for h in [
        "Summary",
        "Seasonal plan",
        "Subscriptions",
        "Alerts",
        "Categories and top merchants",
        "Uncategorized merchants",
        "Data quality",
        "Methodology",
    ] {
        assert!(html.contains(&format!(">{h}</h2>")), "{h}");
    }
    assert!(html.contains("<html lang=\"en\">"));
}

/// The XSS corpus: each payload is a merchant name; the page shows it as text.
#[test]
fn merchant_names_are_escaped_and_phone_numbers_masked() {
    let (_dir, out) = report(&fixture("xss.csv"), &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // askama writes numeric character references.
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(html.contains("&#34;&#62;&#60;img src=x onerror=alert(2)&#62;"));
    assert!(html.contains("&#39;&#62;&#60;svg onload=alert(3)&#62;"));
    // Already-escaped text is escaped again, not decoded.
    assert!(html.contains("&#38;lt;script&#38;gt;alert(8)"));
    for payload in std::fs::read_to_string(fixture("xss.csv"))
        .unwrap()
        .lines()
        .skip(1)
    {
        // Each row's merchant field, unquoted, never appears as markup.
        let raw = payload.split(',').nth(1).unwrap().trim_matches('"');
        if raw.contains('<') {
            assert!(!html.contains(raw), "{raw} appears unescaped");
        }
    }
    assert_only_our_tags(&html);
    assert_eq!(html.matches("<meta").count(), 4);
    assert_eq!(html.matches("<style").count(), 1);
    assert!(html.contains("010-****-5678"));
    assert!(!html.contains("010-1234-5678") && !html.contains("1234-5678"));
    // The terminal reports mask it too.
    let text = run(soaek(None).args(["categories", "tests/fixtures/xss.csv"]));
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("충전 010-****-5678"), "{text}");
    assert!(!text.contains("1234-5678"));
}

/// Chromium with the flags that keep it off the network, in a fresh profile.
fn chromium(args: &[&str], page: &Path) -> Option<std::process::Output> {
    let bin = tool("chromium")?;
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out)
}

#[test]
fn chromium_renders_the_report_with_every_section() {
    let (dir, out) = report(Path::new("sample_data"), &["--current-limit", "300000"]);
    let page = out.join("report.html").canonicalize().unwrap();
    let shot = dir.path().join("shot.png");
    let Some(_) = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1800",
        ],
        &page,
    ) else {
        return;
    };
    let (w, h, colours) = decode(&shot);
    assert_eq!((w, h), (1200, 1800));
    assert!(
        colours > 100,
        "the screenshot looks blank: {colours} colours"
    );
    let dom = chromium(&["--dump-dom"], &page).unwrap();
    let dom = String::from_utf8(dom.stdout).unwrap();
    let headings: Vec<String> = Regex::new(r"<h2>([^<]*)</h2>")
        .unwrap()
        .captures_iter(&dom)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(headings, HEADINGS_KO);
    assert_eq!(dom.matches("<img").count(), 6);
}

#[test]
fn chromium_parses_the_xss_corpus_as_text() {
    let (_dir, out) = report(&fixture("xss.csv"), &[]);
    let page = out.join("report.html").canonicalize().unwrap();
    let Some(dom) = chromium(&["--dump-dom"], &page) else {
        return;
    };
    // The browser's own parse: no element the template did not write.
    let dom = String::from_utf8(dom.stdout).unwrap();
    assert_only_our_tags(&dom);
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
