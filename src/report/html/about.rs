//! The report's closing sections: what was read (data quality) and how the figures
//! are made (methodology).

use super::*;

pub(super) fn quality(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("quality", heading);
    let i = &a.import;
    let count = crate::words::count;
    s.lead.push(match lang {
        Lang::Ko => format!(
            "거래 {}건 (중복 {}건 제외), 취소 매칭 {}건",
            count(i.transactions),
            count(i.duplicates),
            count(i.cancellations_matched)
        ),
        Lang::En => format!(
            "{} transactions ({} duplicates left out), {} cancellations matched",
            count(i.transactions),
            count(i.duplicates),
            count(i.cancellations_matched)
        ),
    });
    s.lead.push(text::coverage_line(a, lang));
    let mut files = Table::new(
        match lang {
            Lang::Ko => vec![
                "파일",
                "파일 종류",
                "다루는 달",
                "머리글 줄",
                "행",
                "거래",
                "건너뛴 행",
                "오류",
            ],
            Lang::En => vec![
                "File",
                "Kind",
                "Months covered",
                "Header row",
                "Rows",
                "Transactions",
                "Skipped",
                "Errors",
            ],
        },
        4,
    );
    let mut errors = Table::new(
        match lang {
            Lang::Ko => vec!["파일", "행", "열", "이유"],
            Lang::En => vec!["File", "Row", "Column", "Reason"],
        },
        4,
    );
    let mut total_errors = 0;
    for f in &i.files {
        files.row(vec![
            masked(&f.path),
            crate::words::file_kind(f.format, f.encoding, lang),
            f.covers.map(|c| c.shown()).unwrap_or_else(|| "—".into()),
            f.header_row.to_string(),
            f.rows.to_string(),
            f.transactions.to_string(),
            f.skipped_rows.len().to_string(),
            f.errors.len().to_string(),
        ]);
        for e in &f.errors {
            total_errors += 1;
            if errors.rows.len() < MAX_ERRORS {
                errors.row(vec![
                    masked(&f.path),
                    e.row.to_string(),
                    masked(&e.column),
                    masked(&e.reason),
                ]);
            }
        }
    }
    s.tables.push(files);
    if total_errors > 0 {
        errors.cut(total_errors, MAX_ERRORS, lang);
        s.tables.push(errors);
    }
    for f in &i.skipped_files {
        s.notes.push(match lang {
            Lang::Ko => format!("건너뛴 파일 {}: {}", masked(&f.path), masked(&f.reason)),
            Lang::En => format!("Skipped file {}: {}", masked(&f.path), masked(&f.reason)),
        });
    }
    s
}

pub(super) fn methodology(lang: Lang, heading: &'static str) -> Section {
    let mut s = section("methodology", heading);
    s.lead = match lang {
        Lang::Ko => vec![
            "결제의 달은 승인 시각(한국 시간)의 달입니다. 매달 1일~말일 결제가 다음 달 휴대폰 요금에 청구되고, 한도는 1일에 초기화됩니다.",
            "취소는 승인번호로, 없으면 31일 안의 같은 가맹점·같은 금액의 가장 가까운 이전 승인과 맞춥니다. 맞춘 취소는 원래 승인의 달에서 빼고, 못 맞춘 취소는 취소한 달에서 뺍니다. 한 달 사용액 = 승인 − 취소.",
            "겹치는 명세서를 여러 번 넣어도 같은 결제는 한 번만 셉니다. 한 파일 안의 똑같은 두 행은 두 번의 결제입니다.",
            "최근 3개월 평균은 기준 달 직전의 완결된 세 달 사용액의 평균입니다(결제가 없는 달은 0원, 원 단위 반올림).",
            "권장 한도는 '3개월 평균 × 계절 배수 × 1.1(여유분)' 이상인 가장 작은 통신사 한도 단계입니다. 이용 중인 구독의 월 비용 × 1.10보다 낮게 잡지 않고, 평균도 구독도 없으면 0원(차단)을 권합니다.",
            "계절 배수는 명절·연말처럼 돈을 더 쓰는 달을 평소의 몇 배로 잡을지이며 1.00(평소) 이상입니다. 13개월 이상의 내역이 있으면 작년 같은 때 평소보다 얼마나 더 썼는지에서 배우고(기록이 짧을수록 평소 쪽으로 낮춰서), 없으면 설날·추석이 든 달, 5월 가정의 달, 11월 코리아세일페스타, 12월 연말의 기본값을 씁니다.",
            "등급: 0원 ★★★★★, 5만원 이하 ★★★★☆, 10만원 이하 ★★★☆☆, 10만원 초과 ★★☆☆☆(위험 관리 필수).",
            "의심 결제: 새벽(00:00~05:59) 상품권·교통카드 충전, 짧은 시간의 연속 결제, 이중 결제, 처음 보는 가맹점의 큰 결제, 평소보다 큰 지출, 한도 소진을 찾습니다.",
        ],
        Lang::En => vec![
            "A payment's month is the KST calendar month of its approval. Charges from the 1st to the last day are billed on the next month's phone bill; the limit resets on the 1st.",
            "A cancellation is matched to its approval by approval number, else to the nearest earlier approval of the same merchant and amount within 31 days. A matched cancellation reduces the approval's month, an unmatched one its own month. Net = approved − cancelled.",
            "Overlapping exports never count a payment twice; two identical rows in one file are two payments.",
            "The 3-month average is the mean net of the three complete months before the as-of month (empty months count as 0, rounded half-up to whole won).",
            "The recommended limit is the smallest carrier step at or above 3-month average × seasonal factor × 1.10, never below the active subscriptions' monthly cost × 1.10; with no spend and no subscription, 0 (blocked).",
            "The seasonal factor is at least 1.0. With 13 months of history it is learned from your own same-time-last-year ratio (shrunk toward 1); otherwise calendar priors: months with 설날 or 추석, May, November and December.",
            "Tiers: 0 won ★★★★★, up to 50,000 ★★★★☆, up to 100,000 ★★★☆☆, above 100,000 ★★☆☆☆ (manage the risk).",
            "Alerts look for gift cards and transit top-ups at night (00:00–05:59), bursts, duplicates, large first payments at a new merchant, spikes and a maxed-out limit.",
        ],
    }
    .into_iter()
    .map(String::from)
    .collect();
    s
}
