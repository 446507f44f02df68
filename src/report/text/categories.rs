//! `soaek categories`: month × category spend and the merchants left uncategorized.

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
    let mut header = vec![tr(lang, "월", "Month")];
    header.extend(used.iter().map(|c| label(*c)));
    header.push(tr(lang, "합계", "Total"));
    let mut t = table(&header, 1);
    for m in &a.months {
        let mut row = vec![m.month.to_string()];
        for c in &used {
            let net = a
                .categories
                .iter()
                .find(|x| x.month == m.month && x.category == *c)
                .map_or(0, |x| x.net);
            row.push(Won(net).to_string());
        }
        row.push(Won(m.net).to_string());
        t.add_row(row);
    }
    let mut out = format!("{t}\n");
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
                    m.payments
                ),
                Lang::En => format!(
                    "  {} {} ({} payments)\n",
                    masked(&m.merchant),
                    Won(m.net),
                    m.payments
                ),
            };
        }
    }
    out
}
