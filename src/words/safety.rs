//! What to do to stay safe, and how to change the limit or block payments with the
//! user's carrier: the statement guides' advice in plain words. Menu names are those of
//! each carrier's app; they move a little between app versions, so the steps say where
//! to look rather than promise a button.

use super::{tr, Lang};
use crate::intake::carrier::Carrier;

pub fn carrier_name(c: Carrier, lang: Lang) -> &'static str {
    match (c, lang) {
        (Carrier::Kt, _) => "KT",
        (Carrier::Skt, _) => "SKT",
        (Carrier::Lguplus, _) => "LG U+",
        (Carrier::Mvno, Lang::Ko) => "알뜰폰",
        (Carrier::Mvno, Lang::En) => "MVNO (알뜰폰)",
    }
}

/// How to change the monthly limit, and how to block or unblock, with `c`.
pub fn steps(c: Carrier, lang: Lang) -> [String; 2] {
    let (app, menu) = match (c, lang) {
        (Carrier::Kt, Lang::Ko) => (
            "마이케이티 앱",
            "전체 메뉴 > 요금·납부 > 소액결제(휴대폰 결제)",
        ),
        (Carrier::Skt, Lang::Ko) => ("T world 앱", "전체 메뉴 > 요금 > 소액결제"),
        (Carrier::Lguplus, Lang::Ko) => ("당신의 U+ 앱", "전체 메뉴 > 요금/납부 > 휴대폰 소액결제"),
        (Carrier::Mvno, Lang::Ko) => (
            "가입한 알뜰폰 회사의 앱이나 홈페이지",
            "마이페이지 > 부가서비스(소액결제)",
        ),
        (Carrier::Kt, Lang::En) => (
            "the My KT app",
            "All menus > Billing & payment > Micropayments (휴대폰 결제)",
        ),
        (Carrier::Skt, Lang::En) => (
            "the T world app",
            "All menus > Billing > Micropayments (소액결제)",
        ),
        (Carrier::Lguplus, Lang::En) => (
            "the 당신의 U+ app",
            "All menus > Billing > Micropayments (휴대폰 소액결제)",
        ),
        (Carrier::Mvno, Lang::En) => (
            "your MVNO's app or website",
            "My page > Add-on services (micropayments)",
        ),
    };
    match lang {
        Lang::Ko => [
            format!("한도 바꾸기: {app} > {menu} > 한도 변경. 낮추기는 바로 되고, 올리려면 본인 인증이 필요합니다. 콘텐츠이용료 한도는 같은 메뉴에서 따로 바꿉니다."),
            format!("차단·해제: {app} > {menu} > 차단 설정(해제). 전화로는 휴대폰에서 114(무료)."),
        ],
        Lang::En => [
            format!("Change the limit: {app} > {menu} > change limit. Lowering is immediate; raising needs identity verification. The content (app store) limit is changed separately there."),
            format!("Block or unblock: {app} > {menu} > block settings. By phone: 114 from your mobile (free)."),
        ],
    }
}

/// Where to ask for help.
pub fn contacts(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Ko => vec![
            "통신사 고객센터: 휴대폰에서 114 (무료). KT는 100번으로도 연결됩니다.",
            "앱·홈페이지의 1:1 문의: 이용내역 화면을 캡처해 함께 보내면 빠릅니다.",
            "가맹점이 취소·환불을 거절하면: 1372 소비자상담센터, 그다음 한국소비자원 소비자분쟁조정위원회.",
            "스미싱·사기 피해: 112(경찰)에 신고하고 통신사에 결제 차단을 요청하세요.",
        ],
        Lang::En => vec![
            "Your carrier: 114 from your mobile (free); KT also answers at 100.",
            "1:1 inquiry in the carrier's app or website: attach a capture of the history screen.",
            "If the merchant refuses to cancel or refund: the 1372 consumer centre, then the Consumer Dispute Settlement Commission (소비자분쟁조정위원회).",
            "Smishing or fraud: report to 112 (police) and ask your carrier to block payments.",
        ],
    }
}

/// The statement guides' safety advice.
pub fn guidance(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Ko => vec![
            "결제 알림 문자(SMS)를 켜 두고, 모르는 결제 문자가 오면 바로 이용내역을 확인하세요.",
            "문자·메신저로 온 링크(택배, 청첩장, 부고, 과태료…)는 누르지 마세요. 스미싱 앱이 인증번호를 가로채 소액결제를 합니다.",
            "공용 와이파이에서는 결제나 본인 인증을 하지 마세요.",
            "자녀·부모님 등 가족에게 소액결제 사기 수법을 알려 주고, 쓰지 않는 사람은 한도를 0원(차단)으로 해 두세요.",
            "휴대폰을 잃어버리거나 도난당하면 바로 통신사에 분실 신고를 하고 소액결제를 차단하세요.",
            "소액결제 요금을 내지 않으면 연체 이자(가산금)가 붙고, 신용 정보에 남을 수 있으며, 결제·휴대폰 이용이 정지될 수 있습니다. 청구되면 빨리 내세요.",
            "'소액결제 현금화'·'휴대폰 소액 대출'은 불법이고 흔한 사기입니다. 수수료를 떼고 빚만 남깁니다. soaek은 어떤 현금화도 돕지 않습니다.",
            "한 달에 한 번 명세서를 내려받아 soaek으로 확인하세요.",
        ],
        Lang::En => vec![
            "Keep payment text alerts (SMS) on; an unknown payment text means: check the history at once.",
            "Do not tap links in texts or messengers (parcels, invitations, fines…): smishing apps steal the verification codes and pay with your phone.",
            "Do not pay or verify your identity on public Wi-Fi.",
            "Tell your family (children, parents) how micropayment fraud works; set the limit to 0 (blocked) for whoever does not use it.",
            "If your phone is lost or stolen, report it to your carrier at once and block micropayments.",
            "Unpaid micropayment bills add late charges, may be recorded in your credit information and can suspend payments or the phone. Pay them quickly.",
            "'Micropayment cash-out' (소액결제 현금화) and 'phone micro-loans' are illegal and a common scam: fees, then debt. soaek helps with no cash-out of any kind.",
            "Once a month, download your statement and check it with soaek.",
        ],
    }
}

/// The carriers to show steps for: the statements' carrier, else all.
pub fn carriers(c: Option<Carrier>) -> Vec<Carrier> {
    c.map_or_else(|| Carrier::ALL.to_vec(), |c| vec![c])
}

/// One line naming whose steps these are.
pub fn steps_heading(c: Option<Carrier>, lang: Lang) -> String {
    match (c, lang) {
        (Some(c), Lang::Ko) => format!("{} 이용자: 한도 바꾸기와 차단", carrier_name(c, lang)),
        (Some(c), Lang::En) => format!("For {} users: limit and blocking", carrier_name(c, lang)),
        (None, _) => tr(
            lang,
            "통신사별 한도 바꾸기와 차단 (설정 파일에 carrier = \"kt\"처럼 적으면 내 통신사만 보입니다)",
            "Limit and blocking by carrier (carrier = \"kt\" in the settings file shows yours only)",
        )
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_carrier_has_its_own_steps() {
        let ko: Vec<String> = Carrier::ALL
            .iter()
            .map(|c| steps(*c, Lang::Ko)[0].clone())
            .collect();
        assert!(ko[0].contains("마이케이티") && ko[1].contains("T world") && ko[2].contains("U+"));
        assert!(ko[3].contains("알뜰폰"));
        assert_eq!(carriers(Some(Carrier::Skt)), [Carrier::Skt]);
        assert_eq!(carriers(None).len(), 4);
        assert!(guidance(Lang::Ko)
            .iter()
            .any(|g| g.contains("현금화") && g.contains("불법")));
        assert!(contacts(Lang::Ko).iter().any(|g| g.contains("114")));
    }
}
