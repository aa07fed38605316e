//! Japan's 47 prefectures in JIS X 0401 order (01 Hokkaido … 47 Okinawa): the choices of the
//! address form, and what an address stores (the Japanese name, as a carrier's label needs it).

/// The Japanese names, in code order. One string each rather than 47 slices: the shopper's
/// wasm pays for every slice's pointer and length.
const JA: &str = "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県";
const EN: &str = "Hokkaido Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma Saitama Chiba Tokyo Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi Nagano Gifu Shizuoka Aichi Mie Shiga Kyoto Osaka Hyogo Nara Wakayama Tottori Shimane Okayama Hiroshima Yamaguchi Tokushima Kagawa Ehime Kochi Fukuoka Saga Nagasaki Kumamoto Oita Miyazaki Kagoshima Okinawa";

/// Every prefecture as (Japanese name, English name), in code order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    JA.split(' ').zip(EN.split(' '))
}

/// Whether `name` is a prefecture's Japanese name, as an address must give it.
pub fn is_known(name: &str) -> bool {
    JA.split(' ').any(|p| p == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_47_in_code_order() {
        let all: Vec<_> = all().collect();
        assert_eq!(all.len(), 47);
        assert_eq!(all[0], ("北海道", "Hokkaido"));
        assert_eq!(all[12], ("東京都", "Tokyo"));
        assert_eq!(all[46], ("沖縄県", "Okinawa"));
        assert_eq!(JA.split(' ').count(), EN.split(' ').count());
    }

    #[test]
    fn only_the_japanese_names_are_known() {
        assert!(is_known("東京都") && is_known("北海道") && is_known("沖縄県"));
        for other in ["東京", "Tokyo", "", "県", "東京都 北海道", "东京都"] {
            assert!(!is_known(other), "{other}");
        }
    }
}
