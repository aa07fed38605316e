use super::*;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_occasion_gets_its_cord() {
    let bow = [
        "御祝",
        "御出産御祝",
        "御入学御祝",
        "七五三御祝",
        "御中元",
        "御歳暮",
        "内祝",
        "御礼",
        "御新築御祝",
        "御開店御祝",
        "粗品",
        "御挨拶",
        "感謝",
        "寸志",
        "無地のし",
    ];
    for text in bow {
        assert_eq!(mizuhiki(text, false), Some(Mizuhiki::RedWhiteBow), "{text}");
    }
    for text in ["寿", "御結婚御祝", "結婚内祝"] {
        assert_eq!(
            mizuhiki(text, false),
            Some(Mizuhiki::RedWhiteKnotTen),
            "{text}"
        );
    }
    for text in ["快気祝", "御見舞"] {
        assert_eq!(
            mizuhiki(text, false),
            Some(Mizuhiki::RedWhiteKnot),
            "{text}"
        );
    }
    for text in ["御供", "御霊前", "御仏前", "志"] {
        assert_eq!(
            mizuhiki(text, false),
            Some(Mizuhiki::BlackWhiteKnot),
            "{text}"
        );
        assert_eq!(
            mizuhiki(text, true),
            Some(Mizuhiki::YellowWhiteKnot),
            "{text}"
        );
    }
    // Yellow is only for condolences; nothing off the list.
    assert_eq!(mizuhiki("御歳暮", true), Some(Mizuhiki::RedWhiteBow));
    assert_eq!(mizuhiki("御歳暮 ", false), None);
    assert_eq!(mizuhiki("おめでとう", false), None);
    // The list a shopper is offered is exactly the table, each once.
    let offered: Vec<&str> = omotegaki().collect();
    let mut unique = offered.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), offered.len());
    assert!(offered.iter().all(|t| mizuhiki(t, false).is_some()));
}

#[test]
fn no_ornament_for_condolences_or_on_seafood() {
    assert!(has_ornament(Mizuhiki::RedWhiteBow, false));
    assert!(has_ornament(Mizuhiki::RedWhiteKnotTen, false));
    assert!(!has_ornament(Mizuhiki::RedWhiteBow, true), "seafood");
    assert!(!has_ornament(Mizuhiki::BlackWhiteKnot, false));
    assert!(!has_ornament(Mizuhiki::YellowWhiteKnot, false));
    let crab = check("御歳暮", Placement::Outer, &names(&["佐藤"]), true, false).unwrap();
    assert!(!crab.ornament);
    assert_eq!(crab.mizuhiki, Mizuhiki::RedWhiteBow);
    let sweets = check("御歳暮", Placement::Inner, &names(&["佐藤"]), false, false).unwrap();
    assert!(sweets.ornament);
}

#[test]
fn names_run_most_senior_first_and_more_than_three_become_one_and_the_rest() {
    assert_eq!(
        name_columns(&names(&["社長 山田", "佐藤", "鈴木"])),
        names(&["社長 山田", "佐藤", "鈴木"])
    );
    assert_eq!(
        name_columns(&names(&["山田", "佐藤", "鈴木", "高橋"])),
        names(&["山田", "外一同"])
    );
    assert_eq!(
        name_columns(&names(&[" 山田 ", "", "  "])),
        names(&["山田"])
    );
    assert!(name_columns(&[]).is_empty());
}

#[test]
fn a_choice_off_the_list_or_a_long_name_is_refused_with_its_field() {
    let e = check(
        "おめでとう",
        Placement::Inner,
        &names(&["a".repeat(21).as_str()]),
        false,
        false,
    )
    .unwrap_err();
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["noshi.omotegaki", "noshi.names[0]"]);
    let ok = check(
        " 御中元 ",
        Placement::Inner,
        &names(&["a".repeat(20).as_str()]),
        false,
        false,
    );
    assert_eq!(ok.unwrap().omotegaki, "御中元");
}

#[test]
fn the_drawing_shows_the_cord_the_ornament_and_the_words_escaped() {
    let gift = check(
        "御歳暮",
        Placement::Outer,
        &names(&["山田", "<b>佐藤</b>"]),
        false,
        false,
    )
    .unwrap();
    let svg = svg(&gift);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains("data-knot=\"bow\""));
    assert!(svg.contains("data-ornament=\"noshi\""));
    assert!(svg.contains(">御歳暮</text>"));
    assert!(svg.contains("&lt;b&gt;佐藤&lt;/b&gt;"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("writing-mode=\"vertical-rl\""));
    // The most senior name is the rightmost column.
    let x_of = |name: &str| -> i32 {
        let at = svg.find(&format!(">{name}</text>")).unwrap();
        let start = svg[..at].rfind("x=\"").unwrap() + 3;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    assert!(x_of("山田") > x_of("&lt;b&gt;佐藤&lt;/b&gt;"));
    let wake = check("御霊前", Placement::Outer, &names(&["山田"]), false, false).unwrap();
    let svg = super::svg(&wake);
    assert!(svg.contains("data-knot=\"tied\""));
    assert!(!svg.contains("data-ornament"));
    assert!(svg.contains("#222222"));
}
