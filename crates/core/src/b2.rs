//! Yamato's B2クラウド: the parcels to ship as its import file (one row per parcel, a gift's
//! unit being its own parcel, the shop always as ご依頼主), and its issued-tracking file read
//! back. Text here; the server writes and reads it in Shift_JIS, as B2 does.
//!
//! The columns are the first 33 of B2's standard import layout (お客様管理番号 … 記事), with a
//! title row; B2 leaves the rest of its layout empty.

use omiyage_api::{Shipper, Slot};

use crate::sales::{civil, day_from_date};

/// The title row (B2's names for its columns).
pub const COLUMNS: [&str; 33] = [
    "お客様管理番号",
    "送り状種類",
    "クール区分",
    "伝票番号",
    "出荷予定日",
    "お届け予定日",
    "配達時間帯",
    "お届け先コード",
    "お届け先電話番号",
    "お届け先電話番号枝番",
    "お届け先郵便番号",
    "お届け先住所",
    "お届け先アパートマンション名",
    "お届け先会社・部門１",
    "お届け先会社・部門２",
    "お届け先名",
    "お届け先名(ｶﾅ)",
    "敬称",
    "ご依頼主コード",
    "ご依頼主電話番号",
    "ご依頼主電話番号枝番",
    "ご依頼主郵便番号",
    "ご依頼主住所",
    "ご依頼主アパートマンション",
    "ご依頼主名",
    "ご依頼主名(ｶﾅ)",
    "品名コード１",
    "品名１",
    "品名コード２",
    "品名２",
    "荷扱い１",
    "荷扱い２",
    "記事",
];

/// One parcel to ship.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    /// お客様管理番号: the order's reference, and `-<unit>` for a gift's unit (read back from
    /// the tracking file).
    pub key: String,
    /// The day it ships (day number).
    pub ship_on: i64,
    /// The day chosen for delivery, if any (day number).
    pub deliver_on: Option<i64>,
    pub slot: Option<Slot>,
    pub name: String,
    pub phone: String,
    pub postal_code: String,
    /// Prefecture, city and street.
    pub address: String,
    /// Building and room.
    pub building: String,
    /// 品名: what is in it.
    pub item: String,
}

/// The key of a gift's unit `index` (0-based) of order `reference`.
pub fn unit_key(reference: &str, index: u32) -> String {
    format!("{reference}-{}", index + 1)
}

/// B2's date form, `2026/12/09`.
fn slash_date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}/{m:02}/{d:02}")
}

/// A CSV field as B2 reads it: quoted, quotes doubled; line breaks become spaces (B2 takes
/// one line per field), and text a spreadsheet would take for a formula is led by `'`.
fn field(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{text}"),
        _ => text,
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The import file's text: the title row, then a row per parcel (CRLF line ends).
pub fn csv(parcels: &[Parcel], shipper: &Shipper) -> String {
    let mut out = COLUMNS.map(field).join(",");
    out.push_str("\r\n");
    for p in parcels {
        let mut row: Vec<String> = vec![String::new(); COLUMNS.len()];
        row[0] = p.key.clone();
        row[1] = "0".into(); // 発払い
        row[2] = "0".into(); // 通常 (not chilled)
        row[4] = slash_date(p.ship_on);
        row[5] = p.deliver_on.map(slash_date).unwrap_or_default();
        row[6] = p.slot.map(|s| s.as_str().to_string()).unwrap_or_default();
        row[8] = p.phone.clone();
        row[10] = p.postal_code.clone();
        row[11] = p.address.clone();
        row[12] = p.building.clone();
        row[15] = p.name.clone();
        row[17] = "様".into();
        row[19] = shipper.phone.clone();
        row[21] = shipper.postal_code.clone();
        row[22] = shipper.address.clone();
        row[24] = shipper.name.clone();
        row[27] = p.item.chars().take(25).collect();
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// One row of B2's issued-tracking file: the parcel's key and its tracking number (伝票番号).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    pub key: String,
    pub tracking: String,
}

/// Splits a CSV line into fields (quotes, doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// Reads B2's issued-tracking file: the columns are found by their titles (お客様管理番号,
/// 伝票番号) when the file has a title row, else taken where the import layout puts them (1st
/// and 4th). Rows without both are answered as unreadable, as they were in the file.
pub fn parse_issued(text: &str) -> (Vec<Issued>, Vec<String>) {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    let (mut key_at, mut tracking_at) = (0, 3);
    if let Some(first) = lines.peek() {
        let titles = fields(first);
        let find = |name: &str| titles.iter().position(|t| t.trim() == name);
        if let (Some(k), Some(t)) = (find("お客様管理番号"), find("伝票番号")) {
            (key_at, tracking_at) = (k, t);
            lines.next();
        }
    }
    let (mut issued, mut unreadable) = (Vec::new(), Vec::new());
    for line in lines {
        let row = fields(line);
        let get = |i: usize| {
            row.get(i)
                .map(|f| f.trim().trim_start_matches('\'').replace('-', ""))
                .unwrap_or_default()
        };
        let key = row
            .get(key_at)
            .map(|f| f.trim().to_string())
            .unwrap_or_default();
        let tracking = get(tracking_at);
        let digits =
            (10..=14).contains(&tracking.len()) && tracking.chars().all(|c| c.is_ascii_digit());
        match (key.is_empty(), digits) {
            (false, true) => issued.push(Issued { key, tracking }),
            _ => unreadable.push(line.to_string()),
        }
    }
    (issued, unreadable)
}

/// A day number from `YYYY-MM-DD` or B2's `YYYY/MM/DD`.
pub fn day_of_date(text: &str) -> Option<i64> {
    day_from_date(&text.replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel(key: &str) -> Parcel {
        Parcel {
            key: key.into(),
            ship_on: day_of_date("2026/12/10").unwrap(),
            deliver_on: day_of_date("2026-12-11"),
            slot: Some(Slot::From14),
            name: "王 芳".into(),
            phone: "090-1234-5678".into(),
            postal_code: "530-0001".into(),
            address: "大阪府大阪市北区梅田1-1".into(),
            building: "梅田ビル 5F".into(),
            item: "生八つ橋 (シナモン)".into(),
        }
    }

    #[test]
    fn the_import_file_has_b2s_columns_and_the_shop_as_sender() {
        let shipper = Shipper {
            name: "おみやげ堂".into(),
            phone: "03-1234-5678".into(),
            postal_code: "100-0005".into(),
            address: "東京都千代田区丸の内1-1".into(),
        };
        let text = csv(&[parcel("AB12CD34"), parcel("EF56GH78-2")], &shipper);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.len(), 4); // title, two parcels, the empty end
        assert!(lines[0].starts_with("\"お客様管理番号\",\"送り状種類\""));
        let row = fields(lines[2]);
        assert_eq!(row.len(), 33);
        assert_eq!(row[0], "EF56GH78-2");
        assert_eq!(row[1], "0");
        assert_eq!(row[4], "2026/12/10");
        assert_eq!(row[5], "2026/12/11");
        assert_eq!(row[6], "1416");
        assert_eq!(row[15], "王 芳");
        assert_eq!(row[24], "おみやげ堂");
        assert_eq!(row[22], "東京都千代田区丸の内1-1");
        assert_eq!(row[27], "生八つ橋 (シナモン)");
    }

    #[test]
    fn the_tracking_file_is_read_by_its_titles_or_b2s_positions() {
        let titled = "\u{feff}\"伝票番号\",\"お客様管理番号\",\"お届け先名\"\r\n\
                      \"4455-6677-8899\",\"AB12CD34\",\"王 芳\"\r\n\
                      \"\",\"XX\",\"\"\r\n";
        let (issued, unreadable) = parse_issued(titled);
        assert_eq!(
            issued,
            vec![Issued {
                key: "AB12CD34".into(),
                tracking: "445566778899".into()
            }]
        );
        assert_eq!(unreadable, vec!["\"\",\"XX\",\"\"".to_string()]);
        let bare = "AB12CD34-1,0,0,123456789012,2026/12/10\n";
        assert_eq!(parse_issued(bare).0[0].tracking, "123456789012");
    }

    #[test]
    fn fields_that_would_break_the_file_are_written_safely() {
        assert_eq!(field("a\"b"), "\"a\"\"b\"");
        assert_eq!(field("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(field("1\n2"), "\"1 2\"");
    }
}
