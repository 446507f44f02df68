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

const HEADINGS_KO: [&str; 10] = [
    "요약",
    "계절 조정 계획",
    "구독",
    "의심 결제",
    "안전 수칙과 도움받을 곳",
    "분류와 상위 가맹점",
    "분류되지 않은 가맹점",
    "데이터 품질",
    "계산 방법",
    "결제 내역",
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

const ALLOWED_TAGS: [&str; 29] = [
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
    "input",
    "label",
    "details",
    "summary",
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

/// What keeps Chromium headless, off the network and quiet.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
];

/// Chromium with the flags that keep it off the network, in a fresh profile.
fn chromium(args: &[&str], page: &Path) -> Option<std::process::Output> {
    let bin = tool("chromium")?;
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin)
        .args(CHROMIUM_FLAGS)
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

/// A headless Chromium driven over the DevTools protocol on `--remote-debugging-pipe`
/// (commands on fd 3, answers on fd 4): it clicks and measures like a user on a page
/// that has no script of its own.
#[cfg(unix)]
struct Browser {
    child: std::process::Child,
    to: std::io::PipeWriter,
    from: std::io::BufReader<std::io::PipeReader>,
    id: u64,
    session: Option<String>,
    _profile: tempfile::TempDir,
}

#[cfg(unix)]
impl Browser {
    fn open(page: &Path) -> Option<Browser> {
        use std::os::fd::AsRawFd;
        use std::os::unix::process::CommandExt;
        let bin = tool("chromium")?;
        let profile = tempfile::tempdir().unwrap();
        let (to_chrome, to) = std::io::pipe().unwrap();
        let (from, from_chrome) = std::io::pipe().unwrap();
        let (r, w) = (to_chrome.as_raw_fd(), from_chrome.as_raw_fd());
        let mut cmd = std::process::Command::new(bin);
        cmd.args(CHROMIUM_FLAGS)
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // SAFETY: fcntl and dup2 are async-signal-safe; they only wire the two pipe ends
        // to 3 and 4. Copies above 10 first: a pipe end may already be 3 or 4 (dup2 onto
        // itself would keep its close-on-exec flag) or be overwritten by the other.
        unsafe {
            cmd.pre_exec(move || {
                let (r, w) = (
                    libc::fcntl(r, libc::F_DUPFD, 10),
                    libc::fcntl(w, libc::F_DUPFD, 10),
                );
                if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        drop((to_chrome, from_chrome));
        let mut b = Browser {
            child,
            to,
            from: std::io::BufReader::new(from),
            id: 0,
            session: None,
            _profile: profile,
        };
        let url = format!("file://{}", page.display());
        let target = b.call("Target.createTarget", serde_json::json!({ "url": url }));
        let attached = b.call(
            "Target.attachToTarget",
            serde_json::json!({ "targetId": target["targetId"], "flatten": true }),
        );
        b.session = Some(attached["sessionId"].as_str().unwrap().to_string());
        for _ in 0..200 {
            let state = b.eval("[document.URL, document.readyState]");
            if state[0].as_str().is_some_and(|u| u.starts_with("file:")) && state[1] == "complete" {
                return Some(b);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the report did not load");
    }

    /// Send a command, wait for its answer (events are passed over).
    fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        use std::io::{BufRead, Write};
        self.id += 1;
        let mut msg = serde_json::json!({ "id": self.id, "method": method, "params": params });
        if let Some(s) = &self.session {
            msg["sessionId"] = s.clone().into();
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        loop {
            let mut buf = Vec::new();
            assert!(
                self.from.read_until(0, &mut buf).unwrap() > 0,
                "chromium closed the pipe"
            );
            buf.pop();
            let answer: serde_json::Value = serde_json::from_slice(&buf).unwrap();
            if answer["id"] == self.id {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression, evaluated by DevTools (the page's CSP
    /// forbids the page itself any script).
    fn eval(&mut self, expression: &str) -> serde_json::Value {
        self.call(
            "Runtime.evaluate",
            serde_json::json!({ "expression": expression, "returnByValue": true }),
        )["result"]["value"]
            .clone()
    }

    /// A real mouse click in the middle of the element `selector` (scrolled into view).
    fn click(&mut self, selector: &str) {
        let rect = self.eval(&format!(
            "(() => {{ const e = document.querySelector('{selector}'); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
        ));
        let (x, y) = (rect[0].as_f64().unwrap(), rect[1].as_f64().unwrap());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                serde_json::json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// The statuses of the history rows a user sees (open and not filtered out).
    fn visible_rows(&mut self) -> Vec<String> {
        let v = self.eval(
            "[...document.querySelectorAll('#history tr[data-status]')]\
             .filter(r => r.checkVisibility()).map(r => r.dataset.status)",
        );
        serde_json::from_value(v).unwrap()
    }

    fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }

    /// A PNG of what the viewport shows.
    fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine;
        let shot = self.call(
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png" }),
        );
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap()
    }
}

#[cfg(unix)]
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The history's 전체 / 승인 / 취소 buttons work without any script: clicking 취소 leaves
/// only the cancellations. Screenshots at 1280 and 390 px (docs/report-1280.png,
/// docs/report-390.png; `SOAEK_DOCS=1` rewrites them) show it, and at 390 px the text
/// and the charts stay readable.
#[cfg(unix)]
#[test]
fn the_history_filters_work_in_chromium_without_script() {
    let (dir, out) = report(Path::new("sample_data"), &["--current-limit", "300000"]);
    let page = out.join("report.html").canonicalize().unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script"));
    let Some(mut b) = Browser::open(&page) else {
        return;
    };
    let all = b.visible_rows();
    let cancelled = all.iter().filter(|s| *s == "cancelled").count();
    assert!(cancelled > 0 && all.len() > cancelled, "{all:?}");
    b.click("label[for=history-cancelled]");
    let shown = b.visible_rows();
    assert_eq!(shown.len(), cancelled, "{shown:?}");
    assert!(shown.iter().all(|s| s == "cancelled"));
    b.click("label[for=history-approved]");
    let shown = b.visible_rows();
    assert_eq!(shown.len(), all.len() - cancelled);
    assert!(shown.iter().all(|s| s == "approved"));
    // Earlier months open on demand, and the filter holds there too.
    b.click("#history summary");
    let more = b.visible_rows();
    let open = b.eval("document.querySelector('#history details').open");
    assert!(
        more.len() > shown.len() && more.iter().all(|s| s == "approved"),
        "{} then {} rows, details open: {open}",
        shown.len(),
        more.len()
    );
    b.click("label[for=history-cancelled]");
    for (width, name) in [(1280, "report-1280.png"), (390, "report-390.png")] {
        b.viewport(width, 900);
        b.eval("document.querySelector('#history').scrollIntoView()");
        let png = b.screenshot();
        let file = dir.path().join(name);
        std::fs::write(&file, &png).unwrap();
        let (w, _, colours) = decode(&file);
        assert_eq!(w, width);
        assert!(colours > 20, "{name} looks blank");
        if std::env::var_os("SOAEK_DOCS").is_some() {
            std::fs::write(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("docs")
                    .join(name),
                &png,
            )
            .unwrap();
        }
    }
    // At 390 px: text at least 14 px, table text at least 12 px, charts not shrunk below
    // 700 px (they scroll sideways), and the page itself no wider than the screen.
    let sizes = b.eval(
        "[parseFloat(getComputedStyle(document.body).fontSize), \
          parseFloat(getComputedStyle(document.querySelector('#history td')).fontSize), \
          document.querySelector('figure img').getBoundingClientRect().width, \
          document.documentElement.scrollWidth]",
    );
    let sizes: Vec<f64> = serde_json::from_value(sizes).unwrap();
    assert!(sizes[0] >= 14.0 && sizes[1] >= 12.0, "{sizes:?}");
    assert!(sizes[2] >= 700.0, "{sizes:?}");
    assert!(sizes[3] <= 390.0, "the page scrolls sideways: {sizes:?}");
}

/// A household's history filters by line too (rule 12), with CSS alone, and the two
/// filters combine: the child's line and 취소 leave the child's cancellation only.
#[cfg(unix)]
#[test]
fn the_history_filters_by_line_in_chromium() {
    let (_dir, out) = report(Path::new("tests/fixtures/household/two_lines.csv"), &[]);
    let page = out.join("report.html").canonicalize().unwrap();
    let Some(mut b) = Browser::open(&page) else {
        return;
    };
    let lines = |b: &mut Browser| -> Vec<String> {
        serde_json::from_value(b.eval(
            "[...document.querySelectorAll('#history tr[data-line]')]\
             .filter(r => r.checkVisibility()).map(r => r.dataset.line)",
        ))
        .unwrap()
    };
    // Four months: all in the open part of the history.
    assert_eq!(
        b.eval("document.querySelector('#history details')"),
        serde_json::Value::Null
    );
    let all = lines(&mut b);
    // 12 payments of the parent's line (0), 21 of the child's (1).
    assert_eq!(all.iter().filter(|l| *l == "0").count(), 12, "{all:?}");
    assert_eq!(all.iter().filter(|l| *l == "1").count(), 21, "{all:?}");
    b.click("label[for=history-line-1]");
    let shown = lines(&mut b);
    assert_eq!(shown.len(), 21);
    assert!(shown.iter().all(|l| l == "1"));
    b.click("label[for=history-cancelled]");
    assert_eq!(b.visible_rows(), ["cancelled"]);
    b.click("label[for=history-line-0]");
    assert!(b.visible_rows().is_empty(), "the parent cancelled nothing");
    b.click("label[for=history-line-all]");
    assert_eq!(b.visible_rows(), ["cancelled"]);
}
