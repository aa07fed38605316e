//! Webhook deliveries: JSON POSTs signed with the endpoint's secret, only to public addresses.
//!
//! Signature (`Omiyage-Signature`): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
//! one `v1=` per active secret (two during a rotation). Receivers recompute the HMAC, compare
//! in constant time, and refuse a `t` older than five minutes (the replay window).
//!
//! Requests go to public addresses only, unless the server runs with `--allow-private-webhooks`:
//! the host is resolved, every address checked (none of the special-purpose ranges: see
//! `addresses`), and the connection pinned to the checked addresses, so a
//! name cannot point somewhere else between the check and the request.

use std::net::SocketAddr;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use super::addresses::is_public;
use super::event::Endpoint;

/// The signature header's name.
pub const SIGNATURE_HEADER: &str = "Omiyage-Signature";
/// How old a signed timestamp receivers should still accept, in seconds.
pub const REPLAY_WINDOW_SECS: i64 = 300;

/// `t=…,v1=…[,v1=…]` for `body` sent at `at`.
pub fn signature(at: i64, body: &str, secrets: &[&str]) -> String {
    let mut header = format!("t={at}");
    for secret in secrets {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        mac.update(format!("{at}.{body}").as_bytes());
        let digest = mac.finalize().into_bytes();
        header.push_str(",v1=");
        for byte in digest {
            header.push_str(&format!("{byte:02x}"));
        }
    }
    header
}

/// Checks an endpoint URL and resolves it: `Err` says what is wrong, in words an admin can act
/// on; `Ok` gives the host and the addresses to connect to.
pub async fn resolve(url: &str, allow_private: bool) -> Result<(String, Vec<SocketAddr>), String> {
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|_| "Enter a full URL, like https://example.com/hooks/omiyage.".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("A webhook URL starts with https:// (or http://).".into());
    }
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or("A webhook URL needs a host name.")?
        .trim_matches(['[', ']'])
        .to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addrs: Vec<SocketAddr> = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::net::lookup_host((host.as_str(), port)),
    )
    .await
    .map_err(|_| format!("{host} could not be resolved in time."))?
    .map_err(|_| format!("{host} could not be resolved."))?
    .collect();
    if addrs.is_empty() {
        return Err(format!("{host} could not be resolved."));
    }
    if !allow_private && let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
        return Err(format!(
            "{host} resolves to {} ({}): webhooks only go to public addresses.",
            bad.ip(),
            super::addresses::refused(bad.ip()).unwrap_or("not public")
        ));
    }
    Ok((host, addrs))
}

/// Posts one delivery to its endpoint; `Err` says why it failed (kept for the next attempt).
pub async fn deliver(
    endpoint: &Endpoint,
    delivery_id: &str,
    body: &str,
    now: i64,
    allow_private: bool,
    timeout: Duration,
) -> Result<(), String> {
    let (host, addrs) = resolve(&endpoint.view.url, allow_private).await?;
    let client = reqwest::Client::builder()
        .resolve_to_addrs(&host, &addrs)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent("Omiyage-Webhooks/1")
        .build()
        .map_err(|e| e.to_string())?;
    let response = client
        .post(endpoint.view.url.trim())
        .header("content-type", "application/json")
        .header("Omiyage-Delivery", delivery_id)
        .header(
            SIGNATURE_HEADER,
            signature(now, body, &endpoint.signing_secrets(now)),
        )
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| format!("could not deliver: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!(
            "the endpoint answered HTTP {}",
            response.status().as_u16()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_time_dot_body_under_each_secret() {
        let header = signature(1_700_000_000, r#"{"a":1}"#, &["s1", "s2"]);
        let parts: Vec<&str> = header.split(',').collect();
        assert_eq!(parts[0], "t=1700000000");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].starts_with("v1=") && parts[1].len() == 3 + 64);
        assert_ne!(parts[1], parts[2]);
        assert_eq!(
            signature(1_700_000_000, r#"{"a":1}"#, &["s1"]),
            parts[..2].join(",")
        );
        assert_ne!(
            signature(1_700_000_001, r#"{"a":1}"#, &["s1"]),
            parts[..2].join(",")
        );
    }

    #[tokio::test]
    async fn urls_to_this_machine_or_the_shops_network_are_refused() {
        for url in [
            "http://127.0.0.1:9/x",
            "http://10.0.0.1/x",
            "https://[::1]/x",
            "http://localhost/x",
            "http://[64:ff9b::7f00:1]/x",
            "http://[::127.0.0.1]/x",
            "http://240.0.0.1/x",
        ] {
            let err = resolve(url, false).await.unwrap_err();
            assert!(err.contains("public addresses"), "{url}: {err}");
        }
        assert!(resolve("http://127.0.0.1:9/x", true).await.is_ok());
        assert!(
            resolve("ftp://example.com/x", false)
                .await
                .unwrap_err()
                .contains("https://")
        );
        assert!(
            resolve("not a url", false)
                .await
                .unwrap_err()
                .contains("full URL")
        );
    }
}
