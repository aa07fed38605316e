//! Agencies: an agency invites a promoter, who accepts; the agency joins a plan on their behalf;
//! each commission splits between them in whole yen that add up to it, in both ledgers; an
//! agency sees its own promoters only (403 for another agency's).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, AGENCY, STAFF, TestApp, test_card};
use crate::links::token_in;
use crate::promotions::{buy_with, open_link, setup_plan};

const KANA: (&str, &str) = ("kana@example.com", "a long enough passphrase");

/// A promoter signs up (through the emailed link); returns their session cookie and id.
async fn sign_up(app: &TestApp, (email, _): (&str, &str)) -> (String, String) {
    let (account, cookie) = app.sign_up_promoter(email, "Kana Promoter").await;
    (cookie, account["id"].as_str().unwrap().to_string())
}

/// The tokens of the links to invitation `id` emailed to `email`, in no particular order.
async fn emailed_tokens(app: &TestApp, email: &str, id: &str) -> Vec<String> {
    let path = format!("/console/invites/{id}?");
    app.email_texts(email, "agency_invited")
        .await
        .iter()
        .filter(|t| t.contains(&path))
        .map(|t| token_in(t, &path))
        .collect()
}

/// The token of the one link to invitation `id` emailed to `email`.
async fn emailed_token(app: &TestApp, email: &str, id: &str) -> String {
    let tokens = emailed_tokens(app, email, id).await;
    assert_eq!(tokens.len(), 1, "one invitation email: {tokens:?}");
    tokens.into_iter().next().unwrap()
}

async fn accept(app: &TestApp, promoter: &str, id: &str, token: Option<&str>) -> u16 {
    app.call(
        Method::POST,
        &format!("/api/promoter/invites/{id}/accept"),
        Some(promoter),
        token.map(|t| json!({ "token": t })),
    )
    .await
    .status
}

/// The agency invites `email`; the promoter signed in as `promoter` accepts through the link
/// emailed to that address (and through nothing else).
async fn recruit(app: &TestApp, agency: &str, promoter: &str, email: &str) {
    let r = app
        .call(
            Method::POST,
            "/api/agency/invites",
            Some(agency),
            Some(json!({"email": format!(" {} ", email.to_uppercase())})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["email"], email, "stored normalised");
    let open = app
        .call(Method::GET, "/api/promoter/invites", Some(promoter), None)
        .await;
    assert_eq!(open.body.as_array().unwrap().len(), 1, "{}", open.body);
    assert_eq!(open.body[0]["agency_name"], "Demo Agency");
    let id = open.body[0]["id"].as_str().unwrap();
    let token = emailed_token(app, email, id).await;
    // The invitation's id (which the agency sees) is not enough: the emailed link's secret is.
    assert_eq!(accept(app, promoter, id, None).await, 400);
    assert_eq!(accept(app, promoter, id, Some("guessed")).await, 404);
    assert_eq!(accept(app, promoter, id, Some(&token)).await, 204);
    assert_eq!(
        accept(app, promoter, id, Some(&token)).await,
        404,
        "an invitation is accepted once"
    );
}

fn yen(v: &Value) -> i64 {
    v["amount"].as_i64().unwrap()
}

#[tokio::test]
async fn an_agency_recruits_a_promoter_joins_a_plan_for_them_and_each_commission_splits_exactly() {
    let (app, _, _, plan_id) = setup_plan(json!({}), |c| c.payout_hold_secs = 0).await;
    let agency = app.sign_in(AGENCY).await;
    let (kana, kana_id) = sign_up(&app, KANA).await;
    recruit(&app, &agency, &kana, KANA.0).await;

    // The agency joins the plan for Kana.
    let plans = app
        .call(
            Method::GET,
            &format!("/api/agency/promoters/{kana_id}/plans"),
            Some(&agency),
            None,
        )
        .await;
    assert_eq!(plans.status, 200, "{}", plans.body);
    assert_eq!(plans.body[0]["joined"], false);
    let joined = app
        .call(
            Method::POST,
            &format!("/api/agency/promoters/{kana_id}/plans/{plan_id}/join"),
            Some(&agency),
            None,
        )
        .await;
    assert_eq!(joined.status, 204, "{}", joined.body);
    let links = app
        .call(Method::GET, "/api/promoter/links", Some(&kana), None)
        .await;
    let path = links.body[0]["path"].as_str().unwrap().to_string();
    let stats = app
        .call(Method::GET, "/api/promoter/stats", Some(&kana), None)
        .await
        .body;
    assert_eq!(
        (
            stats["agency"]["name"].as_str(),
            stats["agency"]["share_bps"].as_u64()
        ),
        (Some("Demo Agency"), Some(2000))
    );

    // 3 boxes at ¥1,200: ¥360 of commission, ¥72 (20 %) to the agency and ¥288 to Kana; an
    // odd amount (1 box, ¥120 → 24 + 96) and a new buyer's share too.
    let cookies = open_link(&app, &path).await;
    let admin = app.sign_in(ADMIN).await;
    for (email, boxes) in [("mei@example.com", 3), ("ren@example.com", 1)] {
        let (status, order) = buy_with(&app, &cookies, email, boxes, test_card()).await;
        assert_eq!(status, 201, "{order}");
        let token = order["token"].as_str().unwrap();
        let shipped = app
            .call(
                Method::POST,
                &format!("/api/admin/orders/{token}/ship"),
                Some(&admin),
                Some(json!({"tracking_number": "JP-AG-1"})),
            )
            .await;
        assert!(shipped.status < 300, "{}", shipped.body);
    }
    let mine = app
        .call(Method::GET, "/api/agency/promoters", Some(&agency), None)
        .await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let kana_row = &mine.body[0];
    assert_eq!(kana_row["email"], KANA.0);
    assert_eq!(kana_row["orders"], 2);
    assert_eq!(kana_row["new_buyer_share_bps"], 10_000);
    assert_eq!(
        (
            yen(&kana_row["commission"]["confirmed"]),
            yen(&kana_row["agency_part"]),
            yen(&kana_row["promoter_part"])
        ),
        (480, 96, 384)
    );
    let kana_balance = app
        .call(Method::GET, "/api/promoter/payouts", Some(&kana), None)
        .await
        .body;
    let agency_balance = app
        .call(Method::GET, "/api/agency/payouts", Some(&agency), None)
        .await
        .body;
    assert_eq!(
        (
            yen(&kana_balance["balance"]),
            yen(&agency_balance["balance"])
        ),
        (384, 96)
    );

    // The admin sees and pays both.
    let all = app
        .call(Method::GET, "/api/admin/payouts", Some(&admin), None)
        .await
        .body;
    let emails: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["agency@demo.omiyage.test", KANA.0]);
    let agency_id = all[0]["account_id"].as_str().unwrap();
    let paid = app
        .call(
            Method::POST,
            "/api/admin/payouts",
            Some(&admin),
            Some(json!({"account_id": agency_id, "amount": 96, "reference": "AG-1"})),
        )
        .await;
    assert_eq!(paid.status, 201, "{}", paid.body);
    let agency_balance = app
        .call(Method::GET, "/api/agency/payouts", Some(&agency), None)
        .await
        .body;
    assert_eq!(yen(&agency_balance["balance"]), 0);
}

#[tokio::test]
async fn an_agency_sees_only_its_own_promoters_and_nobody_else_acts_as_one() {
    let (app, promoter, _, plan_id) = setup_plan(json!({}), |_| {}).await;
    let agency = app.sign_in(AGENCY).await;
    let (kana, kana_id) = sign_up(&app, KANA).await;
    recruit(&app, &agency, &kana, KANA.0).await;

    let admin = app.sign_in(ADMIN).await;
    for (share, status) in [(9_001, 422), (-1, 422), (1_500, 201)] {
        let r = app
            .call(
                Method::POST,
                "/api/admin/agencies",
                Some(&admin),
                Some(json!({"email": "other@agency.example", "name": "Other Agency", "password": "another long passphrase", "share_bps": share})),
            )
            .await;
        assert_eq!(r.status, status, "{}", r.body);
    }
    let listed = app
        .call(Method::GET, "/api/admin/agencies", Some(&admin), None)
        .await
        .body;
    let demo = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Demo Agency")
        .unwrap();
    assert_eq!(demo["promoters"], 1);
    let other = app
        .sign_in(("other@agency.example", "another long passphrase"))
        .await;

    // Another agency's promoter: 403 to read, list plans or join for.
    for (method, path) in [
        (Method::GET, format!("/api/agency/promoters/{kana_id}")),
        (
            Method::GET,
            format!("/api/agency/promoters/{kana_id}/plans"),
        ),
        (
            Method::POST,
            format!("/api/agency/promoters/{kana_id}/plans/{plan_id}/join"),
        ),
    ] {
        let r = app.call(method, &path, Some(&other), None).await;
        assert_eq!(r.status, 403, "{path}: {}", r.body);
    }
    assert_eq!(
        app.call(Method::GET, "/api/agency/promoters", Some(&other), None)
            .await
            .body,
        json!([])
    );
    // A promoter working with no agency is nobody's either.
    let demo_promoter = app
        .call(Method::GET, "/api/auth/me", Some(&promoter), None)
        .await
        .body;
    let r = app
        .call(
            Method::GET,
            &format!(
                "/api/agency/promoters/{}",
                demo_promoter["id"].as_str().unwrap()
            ),
            Some(&agency),
            None,
        )
        .await;
    assert_eq!(r.status, 403);
    // Only agencies act as agencies.
    let staff = app.sign_in(STAFF).await;
    for who in [&admin, &staff, &promoter] {
        assert_eq!(
            app.call(Method::GET, "/api/agency/promoters", Some(who), None)
                .await
                .status,
            403
        );
        let r = app
            .call(
                Method::POST,
                "/api/agency/invites",
                Some(who),
                Some(json!({"email": "x@example.com"})),
            )
            .await;
        assert_eq!(r.status, 403);
    }
    assert_eq!(
        app.call(Method::GET, "/api/promoter/invites", Some(&agency), None)
            .await
            .status,
        403
    );
    // One agency per promoter: Kana cannot accept a second.
    let r = app
        .call(
            Method::POST,
            "/api/agency/invites",
            Some(&other),
            Some(json!({"email": KANA.0})),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let token = emailed_token(&app, KANA.0, &id).await;
    assert_eq!(accept(&app, &kana, &id, Some(&token)).await, 409);
    // Bad input changes nothing; someone else's invitation is not found, even with its link.
    let r = app
        .call(
            Method::POST,
            "/api/agency/invites",
            Some(&other),
            Some(json!({"email": "not an email"})),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(accept(&app, &promoter, &id, Some(&token)).await, 404);
}

#[tokio::test]
async fn an_invitation_sent_again_has_a_new_link_and_the_old_one_stops_working() {
    let (app, _, _, _) = setup_plan(json!({}), |_| {}).await;
    let agency = app.sign_in(AGENCY).await;
    // Someone signs up with the invited email before it is theirs to prove: they still need
    // the link sent to the address, which the sign-up's own link proved they read.
    let (kana, _) = sign_up(&app, KANA).await;
    let invite = async || {
        let r = app
            .call(
                Method::POST,
                "/api/agency/invites",
                Some(&agency),
                Some(json!({"email": KANA.0})),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    };
    let first = invite().await;
    let old = emailed_token(&app, KANA.0, &first).await;
    let again = invite().await;
    assert_eq!(again, first, "the same invitation");
    let tokens = emailed_tokens(&app, KANA.0, &first).await;
    assert_eq!(tokens.len(), 2, "sent again");
    assert!(tokens.contains(&old));
    let new = tokens.into_iter().find(|t| *t != old).expect("a new link");
    assert_eq!(accept(&app, &kana, &first, Some(&old)).await, 404);
    assert_eq!(accept(&app, &kana, &first, Some(&new)).await, 204);
    // An accepted invitation is not sent again.
    invite().await;
    assert_eq!(app.email_texts(KANA.0, "agency_invited").await.len(), 2);
}
