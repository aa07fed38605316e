use super::*;
use proptest::prelude::*;

fn form(price: i64, stock: i64) -> ProductInput {
    ProductInput {
        photos: Vec::new(),
        gift_options: Default::default(),
        name: " Yuzu Jam ".into(),
        description: String::new(),
        category: "sweets".into(),
        image: "/img/yuzu.svg".into(),
        variants: vec![VariantInput {
            photo: None,
            id: None,
            name: "Jar".into(),
            sku: "YJ-1".into(),
            price,
            stock,
            tax_class: omiyage_api::TaxClass::Reduced,
            translations: Translations::new(),
        }],
        translations: Translations::new(),
    }
}

#[test]
fn photos_are_checked_trimmed_and_the_first_is_the_image() {
    // A client that knows only `image`: one photo, described by the product's name.
    let old = validate_product(&form(500, 1)).unwrap();
    assert_eq!(old.photos, [Photo::new("/img/yuzu.svg", "Yuzu Jam")]);
    let mut input = form(500, 1);
    input.image = "/img/ignored.svg".into();
    input.photos = vec![
        Photo::new(" /img/b.svg ", " 瓶 "),
        Photo {
            focus_x: 20,
            ..Photo::new("/img/a.svg", "ラベル")
        },
    ];
    input.variants[0].photo = Some("/img/a.svg".into());
    let ok = validate_product(&input).unwrap();
    assert_eq!(ok.image, "/img/b.svg");
    assert_eq!(ok.photos[0], Photo::new("/img/b.svg", "瓶"));
    assert_eq!(ok.photos[1].focus_x, 20);
    // Without any photo, no image.
    let mut bare = form(500, 1);
    bare.image.clear();
    assert!(validate_product(&bare).unwrap().photos.is_empty());
    let errors = |f: &dyn Fn(&mut ProductInput)| {
        let mut input = input.clone();
        f(&mut input);
        validate_product(&input)
            .unwrap_err()
            .fields
            .into_iter()
            .map(|e| e.field)
            .collect::<Vec<_>>()
    };
    assert_eq!(errors(&|i| i.photos[1].alt = " ".into()), ["photos[1].alt"]);
    assert_eq!(
        errors(&|i| i.photos[1].src = "/img/b.svg".into()),
        ["photos[1].src", "variants[0].photo"]
    );
    assert_eq!(
        errors(&|i| i.photos[0].focus_y = 101),
        ["photos[0].focus_x"]
    );
    assert_eq!(
        errors(&|i| i.variants[0].photo = Some("/img/c.svg".into())),
        ["variants[0].photo"]
    );
    assert_eq!(
        errors(&|i| i.photos = (0..=MAX_PHOTOS)
            .map(|n| Photo::new(format!("/img/{n}.svg"), "写真"))
            .collect()),
        ["photos", "variants[0].photo"]
    );
}

#[test]
fn translations_are_checked_and_cleaned() {
    use omiyage_api::LocalText;
    let text = |name: &str| LocalText {
        name: name.into(),
        description: String::new(),
    };
    let mut input = form(500, 1);
    input.translations.insert("en".into(), text(" Yuzu jam "));
    input.translations.insert("zh-Hans".into(), text(""));
    input.variants[0]
        .translations
        .insert("en".into(), text("Jar"));
    let ok = validate_product(&input).unwrap();
    assert_eq!(ok.translations.len(), 1);
    assert_eq!(ok.translations["en"].name, "Yuzu jam");
    assert_eq!(ok.variants[0].translations["en"].name, "Jar");

    input.translations.insert("fr".into(), text("Confiture"));
    input.variants[0]
        .translations
        .insert("en".into(), text(&"x".repeat(61)));
    let e = validate_product(&input).unwrap_err();
    let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["translations.fr", "variants[0].translations.en.name"]
    );

    let category = CategoryInput {
        name: "  ".into(),
        translations: Translations::new(),
    };
    assert_eq!(
        validate_category(&category).unwrap_err().fields[0].field,
        "name"
    );
}

#[test]
fn negative_prices_and_stock_are_refused_by_field() {
    let e = validate_product(&form(-1, -5)).unwrap_err();
    let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["variants[0].price", "variants[0].stock"]);
    assert_eq!(e.status(), 422);
}

#[test]
fn a_valid_form_comes_back_trimmed() {
    assert_eq!(validate_product(&form(1200, 10)).unwrap().name, "Yuzu Jam");
}

#[test]
fn images_must_be_paths_on_this_site() {
    let mut f = form(100, 1);
    f.image = "https://evil.example/x.png".into();
    assert!(validate_product(&f).is_err());
}

#[test]
fn slugs_are_lower_case_latin_with_single_dashes() {
    assert_eq!(slug("Tom & \"Jerry\" <b>"), "tom-jerry-b");
    assert_eq!(slug("抹茶"), "");
}

#[test]
fn set_needs_the_stock_the_admin_saw() {
    let set = StockChange::Set {
        stock: 7,
        expected: 10,
    };
    assert_eq!(apply_stock_change(10, &set).unwrap(), 7);
    assert_eq!(apply_stock_change(9, &set).unwrap_err().status(), 409);
}

#[test]
fn adjust_never_goes_below_zero() {
    assert_eq!(
        apply_stock_change(3, &StockChange::Adjust { delta: -3 }).unwrap(),
        0
    );
    assert_eq!(
        apply_stock_change(3, &StockChange::Adjust { delta: -4 })
            .unwrap_err()
            .status(),
        409
    );
    assert_eq!(
        apply_stock_change(
            3,
            &StockChange::Set {
                stock: -1,
                expected: 3
            }
        )
        .unwrap_err()
        .status(),
        422
    );
}

proptest! {
    #[test]
    fn adjustments_applied_in_any_order_never_go_negative(
        start in 0u32..50,
        deltas in proptest::collection::vec(-20i64..20, 0..40),
    ) {
        let mut stock = start;
        let mut expected = i64::from(start);
        for d in deltas {
            if let Ok(next) = apply_stock_change(stock, &StockChange::Adjust { delta: d }) {
                stock = next;
                expected += d;
            }
            prop_assert!(expected >= 0);
            prop_assert_eq!(i64::from(stock), expected);
        }
    }
}
