//! Messages to the shop's fans: the merchant writes one (a subject and a text per language, up
//! to six product cards from the catalog) and sends it to the members who asked for the shop's
//! news, all of them or those reading some languages.

use serde::{Deserialize, Serialize};

use crate::{ApiError, FieldError, Money};

/// The most product cards a message carries.
pub const FAN_MESSAGE_PRODUCTS: usize = 6;
/// The longest subject, in characters.
pub const FAN_SUBJECT_MAX: usize = 100;
/// The longest text, in characters.
pub const FAN_TEXT_MAX: usize = 4000;
/// The languages a message is written in (and members read).
pub const FAN_LANGS: [&str; 3] = ["ja", "zh-Hans", "en"];

/// A message's words in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanMessageText {
    /// `ja`, `zh-Hans` or `en`.
    pub lang: String,
    pub subject: String,
    pub text: String,
}

/// A message as the merchant sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanMessageDraft {
    /// The words, one per language it goes to.
    pub texts: Vec<FanMessageText>,
    /// Up to six products, shown as cards that open in the shop.
    #[serde(default)]
    pub product_ids: Vec<String>,
    /// Only members reading these languages (empty: every member who asked for news).
    #[serde(default)]
    pub langs: Vec<String>,
    /// Only members of these ranks, by name (empty: every member, of a rank or not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranks: Vec<String>,
}

impl FanMessageDraft {
    /// The languages it goes to.
    pub fn audience(&self) -> Vec<String> {
        match self.langs.is_empty() {
            true => FAN_LANGS.iter().map(|l| l.to_string()).collect(),
            false => self.langs.clone(),
        }
    }

    /// Every problem with its shape (the products' existence is the server's to check), keyed
    /// `texts.<lang>.subject`, `texts.<lang>.text`, `product_ids`, `langs`.
    pub fn check(&self) -> Result<(), ApiError> {
        let mut fields = Vec::new();
        let mut langs = self.langs.clone();
        langs.sort();
        langs.dedup();
        if self.langs.iter().any(|l| !FAN_LANGS.contains(&l.as_str()))
            || langs.len() != self.langs.len()
        {
            fields.push(FieldError::new(
                "langs",
                "Choose among ja, zh-Hans and en, each once.",
            ));
        }
        for lang in self.audience() {
            let text = self.texts.iter().find(|t| t.lang == lang);
            let subject = text.map_or("", |t| t.subject.trim());
            let body = text.map_or("", |t| t.text.trim());
            if subject.is_empty() || subject.chars().count() > FAN_SUBJECT_MAX {
                fields.push(FieldError::new(
                    format!("texts.{lang}.subject"),
                    format!("Write a subject of 1 to {FAN_SUBJECT_MAX} characters."),
                ));
            }
            if body.is_empty() || body.chars().count() > FAN_TEXT_MAX {
                fields.push(FieldError::new(
                    format!("texts.{lang}.text"),
                    format!("Write a text of 1 to {FAN_TEXT_MAX} characters."),
                ));
            }
        }
        let mut ids = self.product_ids.clone();
        ids.sort();
        ids.dedup();
        if self.product_ids.len() > FAN_MESSAGE_PRODUCTS || ids.len() != self.product_ids.len() {
            fields.push(FieldError::new(
                "product_ids",
                format!("Choose up to {FAN_MESSAGE_PRODUCTS} different products."),
            ));
        }
        match fields.is_empty() {
            true => Ok(()),
            false => Err(ApiError::invalid(fields)),
        }
    }
}

/// A message sent, as the merchant's list shows it: to how many, and what it sold (orders
/// placed after opening one of its product cards).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanMessageSummary {
    pub id: String,
    /// The subject in the first language it went in.
    pub subject: String,
    pub created_at: i64,
    /// Members it was sent to.
    pub recipients: u32,
    pub products: u32,
    /// Paid orders that came from its product cards, and their total.
    pub orders: u32,
    pub sales: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lang: &str) -> FanMessageText {
        FanMessageText {
            lang: lang.into(),
            subject: "新茶".into(),
            text: "今年の新茶が入りました。".into(),
        }
    }

    #[test]
    fn a_message_needs_its_words_in_every_language_it_goes_to() {
        let mut draft = FanMessageDraft {
            texts: vec![text("ja")],
            product_ids: vec!["a".into(), "b".into()],
            langs: vec!["ja".into()],
            ranks: Vec::new(),
        };
        assert!(draft.check().is_ok());
        draft.langs.clear();
        let e = draft.check().unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "texts.zh-Hans.subject",
                "texts.zh-Hans.text",
                "texts.en.subject",
                "texts.en.text"
            ]
        );
        draft.langs = vec!["fr".into()];
        assert_eq!(draft.check().unwrap_err().fields[0].field, "langs");
        draft.langs = vec!["ja".into(), "ja".into()];
        assert_eq!(draft.check().unwrap_err().fields[0].field, "langs");
        draft.langs = vec!["ja".into()];
        draft.product_ids = (0..7).map(|i| i.to_string()).collect();
        assert_eq!(draft.check().unwrap_err().fields[0].field, "product_ids");
        draft.product_ids = vec!["a".into(), "a".into()];
        assert_eq!(draft.check().unwrap_err().fields[0].field, "product_ids");
    }
}
