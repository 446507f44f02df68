//! The report's spending sections: categories, top merchants, uncategorized ones.

use super::*;

pub(super) fn categories(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("categories", heading);
    let totals = crate::analysis::categories::totals(&a.categories);
    let all: i64 = totals.iter().map(|(_, t)| t).sum();
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["분류", "사용액", "비중"],
            Lang::En => vec!["Category", "Net spend", "Share"],
        },
        1,
    );
    for (c, net) in &totals {
        let share = if all > 0 {
            *net as f64 * 100.0 / all as f64
        } else {
            0.0
        };
        t.row(vec![
            tr(lang, c.korean(), c.english()).into(),
            won(*net),
            format!("{share:.1}%"),
        ]);
    }
    s.tables.push(t);
    s.tables
        .push(merchant_table(&a.merchants, MAX_MERCHANTS, lang));
    s
}

pub(super) fn merchant_table(
    merchants: &[crate::analysis::categories::MerchantTotal],
    max: usize,
    lang: Lang,
) -> Table {
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["가맹점", "분류", "결제 건수", "사용액"],
            Lang::En => vec!["Merchant", "Category", "Payments", "Net spend"],
        },
        2,
    );
    for m in merchants.iter().take(max) {
        t.row(vec![
            masked(&m.merchant),
            tr(lang, m.category.korean(), m.category.english()).into(),
            m.payments.to_string(),
            won(m.net),
        ]);
    }
    t.cut(merchants.len(), max, lang);
    t
}

pub(super) fn uncategorized(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("uncategorized", heading);
    if a.uncategorized.is_empty() {
        s.lead.push(
            tr(
                lang,
                "모든 가맹점이 분류되었습니다.",
                "Every merchant has a category.",
            )
            .into(),
        );
        return s;
    }
    s.lead.push(
        tr(
            lang,
            "사전과 규칙이 모르는 가맹점입니다. rules.toml에 규칙을 쓰면 분류됩니다 (soaek rules test 이름).",
            "Merchants neither the dictionary nor your rules know. A rule in rules.toml gives them a category (soaek rules test NAME).",
        )
        .into(),
    );
    s.tables
        .push(merchant_table(&a.uncategorized, MAX_UNCATEGORIZED, lang));
    s
}
