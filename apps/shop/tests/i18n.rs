//! Every language's table is complete: a missing key does not compile (the tables are structs);
//! these tests catch the other ways a text goes missing (empty, or English left in a table).

use omiyage::i18n::{EN, JA, ZH};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Keys whose text may be empty in some language (a prefix or suffix around a price).
const MAY_BE_EMPTY: &[&str] = &["from_price", "from_suffix"];
/// Keys that read the same in every language (the brand).
const SAME_EVERYWHERE: &[&str] = &["shop_name"];

#[wasm_bindgen_test]
fn every_text_is_there_in_every_language() {
    for (lang, table) in [("en", &EN), ("ja", &JA), ("zh-Hans", &ZH)] {
        for (key, text) in table.entries() {
            // English error texts are empty: English readers get the rules' own messages.
            let english_error = lang == "en" && key.starts_with("err_");
            assert!(
                !text.trim().is_empty() || MAY_BE_EMPTY.contains(&key) || english_error,
                "{lang}: `{key}` is empty"
            );
        }
    }
}

#[wasm_bindgen_test]
fn japanese_and_chinese_are_translated_not_copied_from_english() {
    let en = EN.entries();
    for (lang, table) in [("ja", &JA), ("zh-Hans", &ZH)] {
        for ((key, text), (_, english)) in table.entries().into_iter().zip(&en) {
            if SAME_EVERYWHERE.contains(&key) || text.trim().is_empty() {
                continue;
            }
            assert_ne!(text, *english, "{lang}: `{key}` is still English");
        }
    }
}

#[wasm_bindgen_test]
fn a_refused_delivery_day_is_said_in_the_readers_language_where_the_form_shows_errors() {
    use omiyage_api::{ApiError, FieldError};
    let refused = ApiError::invalid(vec![
        FieldError::new("contact.name", "Please enter your name."),
        FieldError::new(
            "delivery.date",
            "Choose a day from 2026-12-10 to 2027-01-05.",
        ),
    ]);
    // In the reader's language; English readers get the rule's own words.
    let lang = omiyage::i18n::lang();
    let expected = match lang {
        omiyage_core::lang::Lang::En => "Choose a day from 2026-12-10 to 2027-01-05.",
        other => omiyage::i18n::texts_in(other).err_delivery,
    };
    assert!(!expected.is_empty());
    assert_eq!(omiyage::i18n::unplaced_messages(&refused), [expected]);
    // The form's error note says it (the pickers have no place for an error of their own).
    assert!(omiyage::i18n::error_message(&refused).ends_with(&format!(" {expected}")));
    assert!(omiyage::i18n::unplaced_messages(&ApiError::invalid(vec![])).is_empty());
}
