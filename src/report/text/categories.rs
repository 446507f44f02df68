//! `soaek categories`: spend per category and month, and the merchants left
//! uncategorized.

use super::*;

/// `soaek categories`: net per month and category, then the merchants left in 기타.
pub fn categories(a: &Analysis, lang: Lang) -> String {
    use soaek_merchants::Category;
    let used: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| a.categories.iter().any(|x| x.category == *c && x.net != 0))
        .collect();
    let label = |c: Category| match lang {
        Lang::Ko => c.korean(),
        Lang::En => c.english(),
    };
    // Categories down, months across: a narrow terminal leaves out the oldest months.
    let mut header = vec![tr(lang, "분류", "Category").to_string()];
    header.extend(a.months.iter().map(|m| m.month.to_string()));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table(&header, 1);
    let net = |m: crate::month::Month, c: Category| {
        a.categories
            .iter()
            .find(|x| x.month == m && x.category == c)
            .map_or(0, |x| x.net)
    };
    for c in &used {
        let mut row = vec![label(*c).to_string()];
        row.extend(a.months.iter().map(|m| Won(net(m.month, *c)).to_string()));
        t.add_row(row);
    }
    let mut total = vec![tr(lang, "합계", "Total").to_string()];
    total.extend(a.months.iter().map(|m| Won(m.net).to_string()));
    t.add_row(total);
    let oldest_first: Vec<usize> = (1..a.months.len()).collect();
    let shown = fit(t, &[], &oldest_first);
    let mut out = format!("{shown}\n");
    if shown.lines().next().is_some_and(|l| {
        a.months
            .first()
            .is_some_and(|m| !l.contains(&m.month.to_string()))
    }) {
        out += tr(
            lang,
            "(화면이 좁아 오래된 달은 뺐습니다. 모든 달: soaek report의 보고서나 soaek analyze --json)\n",
            "(The terminal is narrow: older months left out. All months: the soaek report page or soaek analyze --json.)\n",
        );
    }
    if a.uncategorized.is_empty() {
        out += tr(
            lang,
            "분류되지 않은 가맹점이 없습니다.\n",
            "No uncategorized merchants.\n",
        );
    } else {
        out += tr(
            lang,
            "분류되지 않은 가맹점 (기타, 지출 순 — 규칙을 추가하세요):\n",
            "Uncategorized merchants (other, by spend — add rules for them):\n",
        );
        for m in &a.uncategorized {
            out += &match lang {
                Lang::Ko => format!(
                    "  {} {} ({}건)\n",
                    masked(&m.merchant),
                    Won(m.net),
                    crate::words::count(m.payments as usize)
                ),
                Lang::En => format!(
                    "  {} {} ({} payments)\n",
                    masked(&m.merchant),
                    Won(m.net),
                    crate::words::count(m.payments as usize)
                ),
            };
        }
    }
    out
}
