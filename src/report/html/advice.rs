//! The report's advice sections: the seasonal plan of the recommendation.

use super::*;

pub(super) fn plan(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("plan", heading);
    let Some(r) = &a.recommendation else {
        s.lead = vec![
            text::coverage_line(a, lang),
            text::no_recommendation(a, lang),
        ];
        s.notes = text::limit_status_lines(a, lang);
        return s;
    };
    s.lead = crate::words::limit::reasons(r, lang);
    s.lead.insert(0, text::coverage_line(a, lang));
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["월", "요인", "한도", "되돌릴 달", "이유"],
            Lang::En => vec!["Month", "Factor", "Limit", "Back down in", "Why"],
        },
        1,
    );
    t.numeric[3] = false;
    t.numeric[4] = false;
    for adj in &r.adjustments {
        t.row(vec![
            adj.month.to_string(),
            adj.factor.factor.to_string(),
            won(adj.limit),
            adj.revert_to.map(|m| m.to_string()).unwrap_or_default(),
            crate::words::season::why(&adj.factor, lang),
        ]);
    }
    s.tables.push(t);
    s.notes = text::limit_status_lines(a, lang);
    s
}
