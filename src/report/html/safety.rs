//! The report's safety section: the guides' advice, the user's carrier's steps to change
//! the limit and to block (every carrier's when it is not known), and where to ask.

use super::*;
use crate::intake::carrier::Carrier;
use crate::words::safety;

pub(super) fn safety(carrier: Option<Carrier>, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("safety", heading);
    s.lead = vec![safety::steps_heading(carrier, lang)];
    let mut steps = Table::new(
        match lang {
            Lang::Ko => vec!["통신사", "한도 바꾸기", "차단·해제"],
            Lang::En => vec!["Carrier", "Change the limit", "Block or unblock"],
        },
        3,
    );
    for c in safety::carriers(carrier) {
        let [limit, block] = safety::steps(c, lang);
        steps.row(vec![
            safety::carrier_name(c, lang).to_string(),
            limit,
            block,
        ]);
    }
    s.tables.push(steps);
    s.notes = safety::guidance(lang)
        .iter()
        .chain(safety::contacts(lang).iter())
        .map(|n| n.to_string())
        .collect();
    s
}
