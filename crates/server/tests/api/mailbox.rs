//! A real SMTP server for the mail tests: `scripts/mail-sink.py` (aiosmtpd, installed into
//! `.tools/venv` by `scripts/setup.sh test`) writes each message it accepts as a JSON file.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::eventually;

pub struct Mailbox {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Mailbox {
    /// Starts an SMTP server on a port the system picks.
    pub fn start() -> Mailbox {
        Mailbox::start_on(0)
    }

    /// Starts an SMTP server on `port` (0: any free port).
    pub fn start_on(port: u16) -> Mailbox {
        let python = repo().join(".tools/venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run `scripts/setup.sh test` (it installs aiosmtpd)",
            python.display()
        );
        let dir = std::env::temp_dir().join(format!("omiyage-mail-{}", uuid::Uuid::new_v4()));
        let mut child = Command::new(python)
            .arg(repo().join("scripts/mail-sink.py"))
            .arg("--dir")
            .arg(&dir)
            .arg("--port")
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the mail sink starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the mail sink prints its port");
        Mailbox { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Value> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// The messages to `to`, once there are at least `n` of them (panics after 20 s).
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<Value> {
        eventually(
            Duration::from_secs(20),
            Duration::from_millis(50),
            || async {
                let found: Vec<Value> = self
                    .messages()
                    .into_iter()
                    .filter(|m| m["to"].as_array().unwrap().iter().any(|t| t == to))
                    .collect();
                match found.len() >= n {
                    true => Ok(found),
                    false => Err(format!(
                        "{n} message(s) to {to} expected, got {}: {found:#?}",
                        found.len()
                    )),
                }
            },
        )
        .await
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The one message about `topic` among `messages`, found by a word of its subject.
pub fn with_subject<'a>(messages: &'a [Value], words: &str) -> &'a Value {
    let found: Vec<&Value> = messages
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(words))
        .collect();
    assert_eq!(found.len(), 1, "one message with {words:?}: {messages:#?}");
    found[0]
}
