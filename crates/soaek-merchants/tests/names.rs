//! More than a hundred merchant strings as statements write them, each with the canonical
//! name and category soaek must give it.

use soaek_merchants::{Categorizer, Category::*};

#[test]
fn real_world_spellings() {
    let table = [
        ("YouTube Premium", "YouTube Premium", Video),
        ("유튜브 프리미엄", "YouTube Premium", Video),
        ("YOUTUBE PREMIUM", "YouTube Premium", Video),
        ("쿠팡(주)", "쿠팡", Shopping),
        ("COUPANG", "쿠팡", Shopping),
        ("쿠팡", "쿠팡", Shopping),
        ("㈜쿠팡", "쿠팡", Shopping),
        ("Coupang Corp.", "쿠팡", Shopping),
        ("(주)한국문화진흥 컬쳐랜드", "컬쳐랜드", GiftCard),
        ("컬쳐랜드", "컬쳐랜드", GiftCard),
        ("CULTURELAND", "컬쳐랜드", GiftCard),
        ("다날_컬쳐랜드", "컬쳐랜드", GiftCard),
        ("해피머니아이엔씨", "해피머니", GiftCard),
        ("Happy Money", "해피머니", GiftCard),
        ("북앤라이프", "북앤라이프", GiftCard),
        ("(주)한국도서보급 북앤라이프", "북앤라이프", GiftCard),
        ("틴캐시", "틴캐시", GiftCard),
        ("TEENCASH", "틴캐시", GiftCard),
        ("구글 기프트카드", "구글 기프트카드", GiftCard),
        ("구글플레이 기프트카드", "구글 기프트카드", GiftCard),
        ("에그머니", "에그머니", GiftCard),
        ("Google Play", "Google Play", AppStore),
        ("구글플레이", "Google Play", AppStore),
        ("GOOGLE*PLAY", "Google Play", AppStore),
        ("Google Payment Korea", "Google Play", AppStore),
        ("App Store", "App Store", AppStore),
        ("APPLE.COM/BILL", "App Store", AppStore),
        ("원스토어(주)", "원스토어", AppStore),
        ("ONE store", "원스토어", AppStore),
        ("갤럭시스토어", "Galaxy Store", AppStore),
        ("넥슨코리아", "넥슨", Game),
        ("NEXON Korea Corporation", "넥슨", Game),
        ("(주)엔씨소프트", "엔씨소프트", Game),
        ("NCSOFT", "엔씨소프트", Game),
        ("리니지M", "엔씨소프트", Game),
        ("넷마블(주)", "넷마블", Game),
        ("Netmarble", "넷마블", Game),
        ("카카오게임즈", "카카오게임즈", Game),
        ("Kakao Games Corp.", "카카오게임즈", Game),
        ("크래프톤 배틀그라운드", "크래프톤", Game),
        ("스마일게이트 로스트아크", "스마일게이트", Game),
        ("Riot Games", "라이엇게임즈", Game),
        ("STEAM GAMES", "스팀", Game),
        ("메이플스토리M", "넥슨", Game),
        ("넷플릭스", "넷플릭스", Video),
        ("NETFLIX.COM", "넷플릭스", Video),
        ("넷플릭스서비시스코리아(유)", "넷플릭스", Video),
        ("Netflix Korea Co., Ltd.", "넷플릭스", Video),
        ("티빙", "티빙", Video),
        ("TVING", "티빙", Video),
        ("웨이브(wavve)", "웨이브", Video),
        ("콘텐츠웨이브(주)", "웨이브", Video),
        ("쿠팡플레이", "쿠팡플레이", Video),
        ("Disney+", "디즈니플러스", Video),
        ("디즈니플러스", "디즈니플러스", Video),
        ("왓챠", "왓챠", Video),
        ("멜론", "멜론", Music),
        ("MELON", "멜론", Music),
        ("카카오엔터테인먼트 멜론", "멜론", Music),
        ("지니뮤직", "지니뮤직", Music),
        ("genie music", "지니뮤직", Music),
        ("FLO", "FLO", Music),
        ("드림어스컴퍼니", "FLO", Music),
        ("벅스뮤직", "벅스", Music),
        ("Spotify", "Spotify", Music),
        ("YouTube Music", "YouTube Music", Music),
        ("밀리의서재", "밀리의서재", Books),
        ("밀리의 서재", "밀리의서재", Books),
        ("리디북스", "리디", Books),
        ("RIDI", "리디", Books),
        ("YES24", "예스24", Books),
        ("교보문고", "교보문고", Books),
        ("카카오페이지", "카카오페이지", Books),
        ("네이버웹툰", "네이버웹툰", Books),
        ("NAVER WEBTOON", "네이버웹툰", Books),
        ("레진코믹스", "레진코믹스", Books),
        ("11번가", "11번가", Shopping),
        ("11ST", "11번가", Shopping),
        ("G마켓", "G마켓", Shopping),
        ("Gmarket", "G마켓", Shopping),
        ("지마켓", "G마켓", Shopping),
        ("무신사", "무신사", Shopping),
        ("MUSINSA", "무신사", Shopping),
        ("SSG.COM", "SSG.COM", Shopping),
        ("에이블리코퍼레이션", "에이블리", Shopping),
        ("알리익스프레스", "알리익스프레스", Shopping),
        ("네이버페이", "네이버페이", Shopping),
        ("배달의민족", "배달의민족", Delivery),
        ("배민", "배달의민족", Delivery),
        ("(주)우아한형제들", "배달의민족", Delivery),
        ("요기요", "요기요", Delivery),
        ("쿠팡이츠", "쿠팡이츠", Delivery),
        ("Coupang Eats", "쿠팡이츠", Delivery),
        ("쿠팡와우", "쿠팡 와우 멤버십", Membership),
        ("네이버플러스 멤버십", "네이버플러스 멤버십", Membership),
        ("배민클럽", "배민클럽", Membership),
        ("SOOP(아프리카TV)", "SOOP", Donation),
        ("아프리카TV", "SOOP", Donation),
        ("AfreecaTV", "SOOP", Donation),
        ("치지직", "치지직", Donation),
        ("CHZZK", "치지직", Donation),
        ("투네이션", "투네이션", Donation),
        ("안랩 V3", "V3 모바일", Software),
        ("AhnLab", "V3 모바일", Software),
        ("이스트시큐리티 알약", "알약", Software),
        ("Microsoft 365", "Microsoft 365", Software),
        ("Google One", "Google One", Software),
        ("OpenAI ChatGPT", "ChatGPT Plus", Software),
        ("티머니", "티머니", Transport),
        ("T-money", "티머니", Transport),
        ("모바일티머니 충전", "티머니", Transport),
        ("캐시비", "캐시비", Transport),
        ("Cashbee", "캐시비", Transport),
        ("레일플러스", "레일플러스", Transport),
        ("카카오T", "카카오T", Transport),
        ("코레일톡", "코레일", Transport),
        ("카카오톡 이모티콘", "카카오톡 이모티콘", Digital),
        ("라인스토어", "LINE", Digital),
        ("SK텔레콤", "SK텔레콤 부가서비스", Telecom),
        ("LG U+", "LG U+ 부가서비스", Telecom),
        ("데이터쿠폰", "데이터 쿠폰", Telecom),
        ("후후", "스팸차단", Telecom),
        ("GS25 역삼점", "편의점", Other),
        ("모두의주차장", "주차", Other),
    ];
    assert!(table.len() >= 100);
    let c = Categorizer::default();
    let mut wrong = Vec::new();
    for (raw, name, category) in table {
        let m = c.classify_name(raw);
        if (m.name.as_str(), m.category) != (name, category) {
            wrong.push(format!(
                "{raw:?} → {:?} {:?} (want {name:?} {category:?}) via {:?}",
                m.name, m.category, m.matched_by
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn flags() {
    let c = Categorizer::default();
    assert!(c.classify_name("Google Play").content);
    assert!(!c.classify_name("쿠팡").content);
    assert!(c.classify_name("컬쳐랜드").high_risk);
    assert!(c.classify_name("티머니").high_risk);
    assert!(!c.classify_name("넷플릭스").high_risk);
    assert!(c.classify_name("넷플릭스").subscription);
    assert!(!c.classify_name("쿠팡").subscription);
}
