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
            Lang::Ko => vec!["월", "배수", "한도", "평소 한도로", "이유"],
            Lang::En => vec!["Month", "Factor", "Limit", "Back down on", "Why"],
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
            adj.revert_to
                .map(|m| m.first_day().to_string())
                .unwrap_or_default(),
            crate::words::season::why(&adj.factor, lang),
        ]);
    }
    s.tables.push(t);
    s.notes = text::limit_status_lines(a, lang);
    if r.adjustments.iter().any(|a| a.revert_to.is_some()) {
        s.notes.push(match lang {
            Lang::Ko => format!(
                "'평소 한도로'에 적힌 날이 되면 한도를 평소 한도 {} 다시 낮추세요. 올려 둔 채로 두면 사기 피해가 커질 수 있습니다.",
                crate::i18n::josa(&won(r.base_limit), crate::i18n::Josa::Toward)
            ),
            Lang::En => format!(
                "On the day under 'Back down on', lower the limit again to the everyday {}: a raised limit left in place makes fraud costlier.",
                won(r.base_limit)
            ),
        });
    }
    s
}
