//! Emailed links in tests without a mail server: the outbox composes every email and keeps it
//! (no `--smtp-url`), and a test reads the link out of its text in the database, as a reader
//! would from the email. Signing a promoter up goes through the link like a person does.

use serde_json::{Value, json};

use crate::helpers::TestApp;

impl TestApp {
    /// The texts of the emails to `to` about `topic`, oldest first, once the outbox composed
    /// them.
    pub async fn email_texts(&self, to: &str, topic: &str) -> Vec<String> {
        use sqlx::Connection;
        self.drain_outbox().await;
        let sql = "SELECT text_body FROM outbox_messages WHERE recipient = $1 AND topic = $2 \
                   ORDER BY created_at, id";
        match self.database_url() {
            Some(url) => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query_scalar(sql)
                    .bind(to)
                    .bind(topic)
                    .fetch_all(&mut conn)
                    .await
                    .unwrap()
            }
            None => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.db_path())
                    .read_only(true);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .unwrap();
                sqlx::query_scalar(sql)
                    .bind(to)
                    .bind(topic)
                    .fetch_all(&mut conn)
                    .await
                    .unwrap()
            }
        }
    }

    /// The one email to `to` about `topic`.
    pub async fn email_text(&self, to: &str, topic: &str) -> String {
        let texts = self.email_texts(to, topic).await;
        assert_eq!(texts.len(), 1, "one {topic} email to {to}: {texts:#?}");
        texts.into_iter().next().unwrap()
    }

    /// Asks to sign up as a promoter (202); the answer.
    pub async fn ask_to_sign_up(&self, email: &str, name: &str) -> crate::helpers::Answer {
        let body = json!({"email": email, "name": name, "password": "a long enough passphrase"});
        self.call(
            reqwest::Method::POST,
            "/api/auth/promoters",
            None,
            Some(body),
        )
        .await
    }

    /// Opens a sign-up link's token: the answer (201 and a session cookie when it works).
    pub async fn confirm_sign_up(&self, token: &str) -> crate::helpers::Answer {
        let body = json!({ "token": token });
        self.call(
            reqwest::Method::POST,
            "/api/auth/promoters/confirm",
            None,
            Some(body),
        )
        .await
    }

    /// Signs a promoter up as a person does (the form, then the emailed link); the account and
    /// the `Cookie` header value of its session.
    pub async fn sign_up_promoter(&self, email: &str, name: &str) -> (Value, String) {
        let asked = self.ask_to_sign_up(email, name).await;
        assert_eq!(asked.status, 202, "{}", asked.body);
        let to = email.trim().to_lowercase();
        let text = self.email_texts(&to, "promoter_sign_up").await;
        let token = token_in(text.last().expect("a sign-up email"), "/console/welcome");
        let done = self.confirm_sign_up(&token).await;
        assert_eq!(done.status, 201, "{}", done.body);
        let cookie = done.set_cookie.expect("a session cookie");
        (done.body, cookie.split(';').next().unwrap().to_string())
    }
}

/// The `token` of the link in `text` whose path starts with `path` (`/console/welcome`).
pub fn token_in(text: &str, path: &str) -> String {
    let at = text
        .find(path)
        .unwrap_or_else(|| panic!("a {path} link in {text}"));
    let link = text[at..].split_whitespace().next().unwrap();
    let (_, token) = link
        .split_once("token=")
        .unwrap_or_else(|| panic!("a token in {link}"));
    token.to_string()
}
