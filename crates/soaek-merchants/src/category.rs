//! The fixed category ids of the spec and their report labels.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    AppStore,
    Game,
    Video,
    Music,
    Books,
    Shopping,
    Delivery,
    GiftCard,
    Membership,
    Donation,
    Software,
    Transport,
    Digital,
    Telecom,
    Other,
}

impl Category {
    pub const ALL: [Category; 15] = [
        Category::AppStore,
        Category::Game,
        Category::Video,
        Category::Music,
        Category::Books,
        Category::Shopping,
        Category::Delivery,
        Category::GiftCard,
        Category::Membership,
        Category::Donation,
        Category::Software,
        Category::Transport,
        Category::Digital,
        Category::Telecom,
        Category::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::AppStore => "app_store",
            Category::Game => "game",
            Category::Video => "video",
            Category::Music => "music",
            Category::Books => "books",
            Category::Shopping => "shopping",
            Category::Delivery => "delivery",
            Category::GiftCard => "gift_card",
            Category::Membership => "membership",
            Category::Donation => "donation",
            Category::Software => "software",
            Category::Transport => "transport",
            Category::Digital => "digital",
            Category::Telecom => "telecom",
            Category::Other => "other",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Korean label for reports.
    pub fn korean(self) -> &'static str {
        match self {
            Category::AppStore => "앱마켓",
            Category::Game => "게임",
            Category::Video => "동영상·OTT",
            Category::Music => "음악",
            Category::Books => "도서·웹툰",
            Category::Shopping => "쇼핑",
            Category::Delivery => "배달",
            Category::GiftCard => "상품권",
            Category::Membership => "멤버십",
            Category::Donation => "방송후원",
            Category::Software => "소프트웨어",
            Category::Transport => "교통·충전",
            Category::Digital => "디지털콘텐츠",
            Category::Telecom => "통신·부가서비스",
            Category::Other => "기타",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Category::AppStore => "App stores",
            Category::Game => "Games",
            Category::Video => "Video & OTT",
            Category::Music => "Music",
            Category::Books => "Books & webtoons",
            Category::Shopping => "Shopping",
            Category::Delivery => "Delivery",
            Category::GiftCard => "Gift certificates",
            Category::Membership => "Memberships",
            Category::Donation => "Stream donations",
            Category::Software => "Software",
            Category::Transport => "Transit & top-ups",
            Category::Digital => "Digital content",
            Category::Telecom => "Telecom add-ons",
            Category::Other => "Other",
        }
    }
}
