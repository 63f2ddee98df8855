//! End-to-end tests of the emulator over HTTP, with the reqwest client the plugin uses.

use reqwest::{Client, Method};
use serde_json::{json, Value};

use super::seed::{M_FIN, M_HR, M_LEGACY};
use super::*;

struct Ctx {
    emu: Emulator,
    http: Client,
    token: String,
}

async fn start(config: Config) -> Ctx {
    let emu = Emulator::start(config).await.expect("emulator starts");
    let http = Client::new();
    let token = fetch_token(&http, &emu.base_url()).await;
    Ctx { emu, http, token }
}

async fn fetch_token(http: &Client, base: &str) -> String {
    let res = http
        .post(format!("{base}/{TENANT_ID}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("scope", "https://api.securitycenter.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Ctx {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.base_url())
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }
}

fn error_code(a: &Answer) -> &str {
    a.body["error"]["code"].as_str().unwrap_or("<none>")
}

fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "body: {}", a.body);
    assert_eq!(error_code(a), code, "body: {}", a.body);
    let target = a.body["error"]["target"].as_str().unwrap();
    assert!(state::is_guid(target), "target is a GUID: {target}");
}

#[tokio::test]
async fn token_v1_and_v2_bodies() {
    let emu = Emulator::start(Config {
        token_lifetime_secs: 120,
        ..Config::default()
    })
    .await
    .unwrap();
    let http = Client::new();
    let base = emu.base_url();
    let v1: Value = http
        .post(format!("{base}/{TENANT_ID}/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("resource", "https://api.securitycenter.windows.com"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v1["token_type"], "Bearer");
    assert_eq!(v1["expires_in"], 120);
    assert_eq!(v1["resource"], "https://api.securitycenter.windows.com");
    assert!(v1["expires_on"].as_i64().unwrap() > v1["not_before"].as_i64().unwrap());
    assert!(v1["access_token"].as_str().unwrap().starts_with("emu."));

    let v2: Value = http
        .post(format!("{base}/{TENANT_ID}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            (
                "scope",
                "https://securitycenter.onmicrosoft.com/windowsatpservice/.default",
            ),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v2["expires_in"], 120);
    assert!(v2.get("resource").is_none() && v2.get("expires_on").is_none());
    emu.shutdown().await;

    let emu = Emulator::start(Config {
        expires_in_as_string: true,
        ..Config::default()
    })
    .await
    .unwrap();
    let v1: Value = http
        .post(format!("{}/{TENANT_ID}/oauth2/token", emu.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("resource", "https://api.securitycenter.microsoft.com"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v1["expires_in"], "3599");
}

#[tokio::test]
async fn token_errors_use_aad_format() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let http = Client::new();
    let base = emu.base_url();
    /// tenant, endpoint, form, expected status, AAD error, AADSTS code.
    type Case<'a> = (&'a str, &'a str, [(&'a str, &'a str); 4], u16, &'a str, u64);
    let cases: [Case; 5] = [
        (
            TENANT_ID,
            "oauth2/token",
            [
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT_ID),
                ("client_secret", "wrong"),
                ("resource", "https://api.securitycenter.microsoft.com"),
            ],
            401,
            "invalid_client",
            7000215,
        ),
        (
            "00000000-0000-0000-0000-000000000000",
            "oauth2/token",
            [
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("resource", "https://api.securitycenter.microsoft.com"),
            ],
            400,
            "invalid_request",
            90002,
        ),
        (
            TENANT_ID,
            "oauth2/v2.0/token",
            [
                ("grant_type", "client_credentials"),
                ("client_id", "11111111-2222-3333-4444-555555555555"),
                ("client_secret", CLIENT_SECRET),
                ("scope", "https://api.securitycenter.microsoft.com/.default"),
            ],
            400,
            "unauthorized_client",
            700016,
        ),
        (
            TENANT_ID,
            "oauth2/v2.0/token",
            [
                ("grant_type", "password"),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("scope", "https://api.securitycenter.microsoft.com/.default"),
            ],
            400,
            "unsupported_grant_type",
            70003,
        ),
        (
            TENANT_ID,
            "oauth2/v2.0/token",
            [
                ("grant_type", "client_credentials"),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                (
                    "scope",
                    "https://api.securitycenter.microsoft.com/Machine.Read.All",
                ),
            ],
            400,
            "invalid_scope",
            1002012,
        ),
    ];
    for (tenant, path, form, status, error, code) in cases {
        let res = http
            .post(format!("{base}/{tenant}/{path}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{error}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], error);
        assert_eq!(body["error_codes"], json!([code]));
        let description = body["error_description"].as_str().unwrap();
        assert!(
            description.starts_with(&format!("AADSTS{code}:")),
            "{description}"
        );
        for field in ["timestamp", "trace_id", "correlation_id"] {
            assert!(body[field].is_string(), "{field}");
        }
    }
}

#[tokio::test]
async fn api_auth_401_and_403() {
    let ctx = start(Config {
        roles: vec!["Machine.Read.All".into()],
        ..Config::default()
    })
    .await;
    let bare = ctx.http.get(ctx.url("/api/alerts")).send().await.unwrap();
    assert_eq!(bare.status(), 401);
    let body: Value = bare.json().await.unwrap();
    assert_eq!(body["error"]["code"], "Unauthorized");

    let forged = ctx
        .http
        .get(ctx.url("/api/machines"))
        .bearer_auth("emu.deadbeef")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    assert_eq!(ctx.get("/api/machines").await.status, 200);
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/isolate"),
            json!({"Comment": "c", "IsolationType": "Full"}),
        )
        .await;
    assert_error(&a, 403, "Forbidden");
    assert_eq!(
        a.body["error"]["message"],
        "The application does not have any of the required application permissions (Machine.Isolate) to access the resource."
    );
    let a = ctx.get("/api/alerts").await;
    assert_error(&a, 403, "Forbidden");
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("(Alert.Read.All, Alert.ReadWrite.All)"));

    ctx.emu.expire_tokens();
    assert_error(&ctx.get("/api/machines").await, 401, "Unauthorized");
}

#[tokio::test]
async fn short_lived_tokens_expire() {
    let ctx = start(Config {
        token_lifetime_secs: 1,
        ..Config::default()
    })
    .await;
    assert_eq!(ctx.get("/api/machines").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_error(&ctx.get("/api/machines").await, 401, "Unauthorized");
}

#[tokio::test]
async fn graph_audience_is_rejected_by_the_api() {
    let emu = Emulator::start(Config::default()).await.unwrap();
    let http = Client::new();
    let body: Value = http
        .post(format!("{}/{TENANT_ID}/oauth2/token", emu.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("resource", "https://graph.windows.net"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = http
        .get(format!("{}/api/alerts", emu.base_url()))
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn isolate_duplicate_and_lifecycle() {
    let ctx = start(Config::default()).await;
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/isolate"),
            json!({"Comment": "contain", "IsolationType": "Selective"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let action = a.body.clone();
    assert_eq!(
        action["@odata.context"],
        format!(
            "{}/api/$metadata#MachineActions/$entity",
            ctx.emu.base_url()
        )
    );
    assert_eq!(action["type"], "Isolate");
    assert_eq!(action["scope"], "Selective");
    assert_eq!(action["status"], "Pending");
    assert_eq!(action["requestor"], CLIENT_ID);
    assert_eq!(action["requestorComment"], "contain");
    assert_eq!(action["machineId"], M_FIN);
    assert_eq!(action["computerDnsName"], "ws-fin-042.contoso.local");
    assert_eq!(action["requestSource"], "PublicApi");
    assert_eq!(action["errorHResult"], 0);
    assert_eq!(action["commands"], json!([]));
    assert!(action["relatedFileInfo"].is_null());
    let stamp = action["creationDateTimeUtc"].as_str().unwrap();
    assert_eq!(stamp.len(), 28, "7 fractional digits: {stamp}");
    assert!(stamp.ends_with('Z'));
    let id = action["id"].as_str().unwrap().to_string();

    let dup = ctx
        .post(
            &format!("/api/machines/{M_FIN}/isolate"),
            json!({"Comment": "again"}),
        )
        .await;
    assert_error(&dup, 400, "ActiveRequestAlreadyExists");
    assert_eq!(
        dup.body["error"]["message"],
        "Action is already in progress"
    );
    // A different type is not a duplicate.
    let scan = ctx
        .post(
            &format!("/api/machines/{M_FIN}/runAntiVirusScan"),
            json!({"Comment": "scan", "ScanType": "Quick"}),
        )
        .await;
    assert_eq!(scan.status, 201);
    assert_eq!(scan.body["scope"], "Quick");

    let path = format!("/api/machineactions/{id}");
    assert_eq!(ctx.get(&path).await.body["status"], "InProgress");
    let done = ctx.get(&path).await.body;
    assert_eq!(done["status"], "Succeeded");
    assert_ne!(
        done["lastUpdateDateTimeUtc"],
        action["lastUpdateDateTimeUtc"]
    );
    assert_eq!(ctx.get(&path).await.body["status"], "Succeeded");

    let again = ctx
        .post(
            &format!("/api/machines/{M_FIN}/isolate"),
            json!({"Comment": "again"}),
        )
        .await;
    assert_eq!(again.status, 201);
    let cancel_path = format!("/api/machineactions/{id}/cancel");
    let late = ctx.post(&cancel_path, json!({"Comment": "too late"})).await;
    assert_eq!(late.status, 400);

    let fresh = again.body["id"].as_str().unwrap();
    let cancelled = ctx
        .post(
            &format!("/api/machineactions/{fresh}/cancel"),
            json!({"Comment": "oops"}),
        )
        .await;
    assert_eq!(cancelled.status, 200);
    assert_eq!(cancelled.body["status"], "Cancelled");
    assert_eq!(cancelled.body["cancellationComment"], "oops");
    assert_eq!(cancelled.body["cancellationRequestor"], CLIENT_ID);

    assert_error(
        &ctx.get("/api/machineactions/not-a-guid").await,
        404,
        "ResourceNotFound",
    );
    assert_eq!(
        ctx.emu.machine_actions().len(),
        3 + 6,
        "three new, six seeded"
    );
}

#[tokio::test]
async fn duplicates_can_return_the_existing_action() {
    let ctx = start(Config {
        duplicate_mode: DuplicateMode::ReturnExisting,
        action_progress: ActionProgress::Manual,
        ..Config::default()
    })
    .await;
    let path = format!("/api/machines/{M_FIN}/unisolate");
    let first = ctx.post(&path, json!({"Comment": "a"})).await;
    let second = ctx.post(&path, json!({"Comment": "b"})).await;
    assert_eq!(second.status, 201);
    assert_eq!(first.body["id"], second.body["id"]);
    let id = first.body["id"].as_str().unwrap();
    assert_eq!(
        ctx.get(&format!("/api/machineactions/{id}")).await.body["status"],
        "Pending",
        "manual progress"
    );
    ctx.emu.set_action_status(id, "Failed");
    assert_eq!(
        ctx.get(&format!("/api/machineactions/{id}")).await.body["status"],
        "Failed"
    );
}

#[tokio::test]
async fn action_body_validation() {
    let ctx = start(Config::default()).await;
    let isolate = format!("/api/machines/{M_FIN}/isolate");
    assert_error(
        &ctx.post(&isolate, json!({"IsolationType": "Full"})).await,
        400,
        "MissingRequiredParameter",
    );
    assert_error(
        &ctx.post(&isolate, json!({"comment": "lower case"})).await,
        400,
        "InvalidRequestBody",
    );
    assert_error(
        &ctx.post(
            &isolate,
            json!({"Comment": "x", "IsolationType": "Partial"}),
        )
        .await,
        400,
        "InvalidInput",
    );
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_FIN}/runAntiVirusScan"),
            json!({"Comment": "x", "ScanType": "Deep"}),
        )
        .await,
        400,
        "InvalidInput",
    );
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_LEGACY}/isolate"),
            json!({"Comment": "x"}),
        )
        .await,
        400,
        "OsPlatformNotSupported",
    );
    let missing = ctx
        .post("/api/machines/123123123/isolate", json!({"Comment": "x"}))
        .await;
    assert_error(&missing, 404, "ResourceNotFound");
    assert_eq!(
        missing.body["error"]["message"],
        "Machine 123123123 was not found"
    );
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_FIN}/stopandquarantinefile"),
            json!({"Comment": "x", "Sha1": "abc"}),
        )
        .await,
        400,
        "InvalidHashValue",
    );
    let saq = ctx
        .post(
            &format!("/api/machines/{M_FIN}/StopAndQuarantineFile"),
            json!({"Comment": "x", "Sha1": "922766581e27a1c08a6a63ec24ede6a46b4cb242"}),
        )
        .await;
    assert_eq!(saq.status, 201);
    assert_eq!(
        saq.body["relatedFileInfo"],
        json!({"fileIdentifier": "922766581e27a1c08a6a63ec24ede6a46b4cb242", "fileIdentifierType": "Sha1"})
    );
    let raw = ctx
        .http
        .post(ctx.url(&isolate))
        .bearer_auth(&ctx.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: Value = raw.json().await.unwrap();
    assert_eq!(body["error"]["code"], "InvalidRequestBody");
    let offboard = ctx
        .post(
            &format!("/api/machines/{M_FIN}/offboard"),
            json!({"Comment": "bye"}),
        )
        .await;
    assert_eq!(offboard.status, 200);
}

#[tokio::test]
async fn a_succeeded_offboard_leaves_the_machine_offboarded_and_a_second_is_refused() {
    let ctx = start(Config::default()).await;
    let path = format!("/api/machines/{M_FIN}/offboard");
    assert_error(
        &ctx.post(&path, json!({})).await,
        400,
        "MissingRequiredParameter",
    );
    let first = ctx.post(&path, json!({"Comment": "bye"})).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["type"], "Offboard");
    let id = first.body["id"].as_str().unwrap().to_string();
    let machine = ctx.get(&format!("/api/machines/{M_FIN}")).await;
    assert_eq!(machine.body["onboardingStatus"], "Onboarded");
    ctx.emu.set_action_status(&id, "Succeeded");
    let machine = ctx.get(&format!("/api/machines/{M_FIN}")).await;
    assert_eq!(machine.body["onboardingStatus"], "Offboarded");
    assert_error(
        &ctx.post(&path, json!({"Comment": "again"})).await,
        400,
        "BadRequest",
    );
}

#[tokio::test]
async fn start_investigation_answers_the_investigation_and_refuses_what_the_page_does() {
    let ctx = start(Config::default()).await;
    let path = format!("/api/machines/{M_FIN}/startInvestigation");
    let started = ctx.post(&path, json!({"Comment": "look"})).await;
    assert_eq!(started.status, 201);
    assert_eq!(started.body["id"], "63101");
    assert_eq!(started.body["state"], "Running");
    assert_eq!(started.body["machineId"], M_FIN);
    assert_error(
        &ctx.post(&path, json!({})).await,
        400,
        "MissingRequiredParameter",
    );
    assert_error(
        &ctx.post(
            "/api/machines/ffffffffffffffffffffffffffffffffffffffff/startInvestigation",
            json!({"Comment": "c"}),
        )
        .await,
        404,
        "ResourceNotFound",
    );
    assert_error(
        &ctx.post(
            "/api/machines/ws-fin-042.contoso.local/startInvestigation",
            json!({"Comment": "c"}),
        )
        .await,
        404,
        "ResourceNotFound",
    );
}

#[tokio::test]
async fn investigations_are_listed_filtered_and_read_by_id_or_alert() {
    let ctx = start(Config::default()).await;
    let all = ctx.get("/api/investigations").await;
    assert_eq!(all.status, 200);
    assert_eq!(all.body["value"].as_array().unwrap().len(), 3);
    let running = ctx
        .get("/api/investigations?$filter=state eq 'Running'")
        .await;
    assert_eq!(running.body["value"][0]["id"], "63042");
    let one = ctx.get("/api/investigations/63004").await;
    assert_eq!(one.body["machineId"], M_FIN);
    let by_alert = ctx
        .get("/api/investigations/da638402211706714560_-1915585947")
        .await;
    assert_eq!(by_alert.body["id"], "63004");
    assert_error(
        &ctx.get("/api/investigations/1").await,
        404,
        "ResourceNotFound",
    );
}

#[tokio::test]
async fn machines_by_dns_name_ip_and_tag() {
    let ctx = start(Config::default()).await;
    let m = ctx.get("/api/machines/WS-FIN-042.contoso.local").await;
    assert_eq!(m.status, 200);
    assert_eq!(m.body["id"], M_FIN);
    assert_eq!(
        ctx.get(&format!("/api/v1.0/Machines/{M_FIN}")).await.body["computerDnsName"],
        "ws-fin-042.contoso.local"
    );
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/collectInvestigationPackage"),
            json!({"Comment": "forensics"}),
        )
        .await;
    assert_eq!(a.status, 201);
    assert_eq!(a.body["machineId"], M_FIN);
    let id = a.body["id"].as_str().unwrap().to_string();
    let uri = format!("/api/machineactions/{id}/getPackageUri");
    assert_error(&ctx.get(&uri).await, 404, "ResourceNotFound");
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_FIN}/collectInvestigationPackage"),
            json!({"Comment": "twice"}),
        )
        .await,
        400,
        "ActiveRequestAlreadyExists",
    );
    ctx.emu.set_action_status(&id, "Succeeded");
    let link = ctx.get(&uri).await;
    assert_eq!(link.status, 200);
    // As get-package-sas-uri.md shows it: the link inside a second pair of quotes.
    let value = link.body["value"].as_str().unwrap();
    assert!(
        value.starts_with("\"https://emulator.invalid/WDATP_Investigation_Package.zip?token="),
        "{value}"
    );
    assert!(value.ends_with('"'), "{value}");

    let found = ctx
        .get("/api/machines/findbyip(ip='10.20.4.42',timestamp=2026-11-22T16:50:00Z)")
        .await;
    // The 30-day window is relative to the real clock; only check the shape then.
    if found.status == 200 {
        assert_eq!(found.body["value"][0]["id"], M_FIN);
    } else {
        assert_error(&found, 400, "InvalidInput");
    }
    assert_error(
        &ctx.get("/api/machines/findbyip(ip='300.1.1.1',timestamp=2026-11-22T16:50:00Z)")
            .await,
        400,
        "InvalidIpAddress",
    );
    let tagged = ctx
        .get("/api/machines/findbytag?tag=fin&useStartsWithFilter=true")
        .await;
    assert_eq!(tagged.body["value"].as_array().unwrap().len(), 1);
    let filtered = ctx
        .get("/api/machines?$filter=startswith(computerDnsName,'ws-')%20and%20riskScore%20eq%20'High'")
        .await;
    assert_eq!(filtered.body["value"].as_array().unwrap().len(), 1);
    let alerts = ctx.get(&format!("/api/machines/{M_HR}/alerts")).await;
    assert_eq!(alerts.body["value"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_computer_name_under_a_machine_path_is_an_unknown_machine() {
    let ctx = start(Config::default()).await;
    // The name is documented for `GET /api/machines/{id}` only.
    assert_eq!(
        ctx.get("/api/machines/ws-fin-042.contoso.local")
            .await
            .status,
        200
    );
    for kind in [
        "isolate",
        "unisolate",
        "collectInvestigationPackage",
        "offboard",
    ] {
        let answer = ctx
            .post(
                &format!("/api/machines/ws-fin-042.contoso.local/{kind}"),
                json!({"Comment": "by name"}),
            )
            .await;
        assert_error(&answer, 404, "ResourceNotFound");
    }
    assert_error(
        &ctx.get("/api/machines/ws-hr-017.contoso.local/alerts")
            .await,
        404,
        "ResourceNotFound",
    );
    assert!(ctx
        .emu
        .machine_actions()
        .iter()
        .all(|a| a["requestorComment"] != "by name"));
}

#[tokio::test]
async fn alert_filters_expand_and_related() {
    let ctx = start(Config::default()).await;
    let high = ctx
        .get("/api/alerts?$filter=severity eq 'High'&$orderby=alertCreationTime desc")
        .await;
    let values = high.body["value"].as_array().unwrap();
    assert_eq!(values.len(), 2);
    assert!(values[0]["alertCreationTime"].as_str() > values[1]["alertCreationTime"].as_str());
    assert_eq!(values[0]["evidence"], json!([]));

    let since = ctx
        .get("/api/alerts?$filter=alertCreationTime ge 2026-11-22T00:00:00Z&$expand=evidence")
        .await;
    let values = since.body["value"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert!(values
        .iter()
        .all(|a| !a["evidence"].as_array().unwrap().is_empty()));

    let hostile = ctx.get("/api/alerts?$filter=id eq 'x'' or 1 eq 1'").await;
    assert_eq!(hostile.status, 200);
    assert_eq!(hostile.body["value"], json!([]));
    assert_error(
        &ctx.get("/api/alerts?$filter=title eq 'x'").await,
        400,
        "ODataError",
    );
    assert_error(
        &ctx.get("/api/alerts?$filter=severity eq").await,
        400,
        "ODataError",
    );

    let id = "da638402211706714560_-1915585947";
    assert_eq!(
        ctx.get(&format!("/api/alerts/{id}/machine")).await.body["id"],
        M_FIN
    );
    let files = ctx.get(&format!("/api/alerts/{id}/files")).await;
    assert_eq!(files.body["value"].as_array().unwrap().len(), 2);
    assert!(files.body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#Files"));
    assert_eq!(
        ctx.get(&format!("/api/alerts/{id}/user")).await.body["accountName"],
        "jdoe"
    );
    assert_error(
        &ctx.get("/api/alerts/not_exist").await,
        404,
        "ResourceNotFound",
    );
    assert_eq!(
        ctx.get("/api/alerts/not_exist").await.body["error"]["message"],
        "Alert not_exist not found"
    );
    let sha = files.body["value"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(ctx.get(&format!("/api/files/{sha}")).await.status, 200);

    let patched = ctx
        .call(
            Method::PATCH,
            &format!("/api/alerts/{id}"),
            Some(
                json!({"status": "Resolved", "classification": "TruePositive", "comment": "done"}),
            ),
        )
        .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["status"], "Resolved");
    assert!(patched.body["resolvedTime"].is_string());
    assert_eq!(patched.body["comments"][0]["comment"], "done");
    assert_error(
        &ctx.call(
            Method::PATCH,
            &format!("/api/alerts/{id}"),
            Some(json!({"Status": "New"})),
        )
        .await,
        400,
        "InvalidRequestBody",
    );

    let added = ctx.emu.add_alert(json!({"title": "Late alert", "machineId": M_FIN, "alertCreationTime": "2026-11-19T00:00:00Z"}));
    assert_eq!(added["computerDnsName"], "ws-fin-042.contoso.local");
    assert_eq!(ctx.emu.alerts().len(), 9);
}

#[tokio::test]
async fn paging_with_next_links() {
    let ctx = start(Config {
        max_page_size: 3,
        ..Config::default()
    })
    .await;
    let mut url = ctx.url("/api/alerts?$orderby=alertCreationTime%20asc");
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let res: Value = ctx
            .http
            .get(&url)
            .bearer_auth(&ctx.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages += 1;
        for a in res["value"].as_array().unwrap() {
            ids.push(a["id"].as_str().unwrap().to_string());
        }
        match res["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(next.contains(&format!("$skip={}", pages * 3)), "{next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 8);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8);

    let top = ctx.get("/api/alerts?$top=2&$skip=1").await;
    assert_eq!(top.body["value"].as_array().unwrap().len(), 2);
    assert!(top.body.get("@odata.nextLink").is_none());
    assert_error(&ctx.get("/api/alerts?$top=4").await, 400, "ODataError");
    assert_eq!(ctx.get("/api/alerts/$count").await.body, json!(8));
}

#[tokio::test]
async fn broken_next_links() {
    let ctx = start(Config {
        max_page_size: 5,
        next_link_mode: NextLinkMode::Malformed,
        ..Config::default()
    })
    .await;
    let first = ctx.get("/api/alerts").await;
    assert_eq!(
        first.body["@odata.nextLink"],
        format!("{}/api/alerts?=5", ctx.emu.base_url())
    );
    drop(ctx);

    let ctx = start(Config {
        max_page_size: 5,
        next_link_mode: NextLinkMode::Looping,
        ..Config::default()
    })
    .await;
    // Six seeded actions: from the third on they fit in one page of five.
    let first = ctx.get("/api/machineactions?$skip=2").await;
    assert!(first.body.get("@odata.nextLink").is_none(), "one page only");
    let first = ctx.get("/api/alerts?$skip=2").await;
    assert_eq!(
        first.body["@odata.nextLink"],
        format!("{}/api/alerts?$skip=2", ctx.emu.base_url())
    );
}

#[tokio::test]
async fn injected_faults() {
    let ctx = start(Config::default()).await;
    ctx.emu.inject(Fault::Throttle {
        path_prefix: None,
        retry_after_secs: 7,
        times: 1,
    });
    let t = ctx.get("/api/alerts").await;
    assert_error(&t, 429, "TooManyRequests");
    assert_eq!(t.headers["retry-after"], "7");
    assert_eq!(
        t.body["error"]["message"],
        "Rate limit is exceeded. Try again in 7 seconds."
    );
    assert_eq!(ctx.get("/api/alerts").await.status, 200);

    ctx.emu.inject(Fault::ServerError {
        status: 503,
        path_prefix: Some("/api/machines".into()),
        times: 2,
    });
    assert_eq!(ctx.get("/api/alerts").await.status, 200);
    assert_error(&ctx.get("/api/machines").await, 503, "InternalServerError");
    assert_error(&ctx.get("/api/Machines").await, 503, "InternalServerError");
    assert_eq!(ctx.get("/api/machines").await.status, 200);

    ctx.emu.inject(Fault::DropConnection {
        path_prefix: None,
        times: 1,
    });
    let dropped = ctx
        .http
        .get(ctx.url("/api/alerts"))
        .bearer_auth(&ctx.token)
        .send()
        .await;
    assert!(dropped.is_err(), "connection error expected");
    assert_eq!(ctx.get("/api/alerts").await.status, 200);

    ctx.emu.inject(Fault::Delay {
        path_prefix: None,
        millis: 300,
        times: 1,
    });
    let started = std::time::Instant::now();
    assert_eq!(ctx.get("/api/alerts").await.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    ctx.emu.inject(Fault::ExpireTokenOnce);
    assert_error(&ctx.get("/api/alerts").await, 401, "Unauthorized");
    assert_error(&ctx.get("/api/alerts").await, 401, "Unauthorized");
    let fresh = fetch_token(&ctx.http, &ctx.emu.base_url()).await;
    let ok = ctx
        .http
        .get(ctx.url("/api/alerts"))
        .bearer_auth(fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    let log = ctx.emu.requests();
    assert_eq!(log[0].method, "POST");
    assert!(log[0].path.ends_with("/oauth2/v2.0/token"));
    assert!(log[0].body.contains("client_secret="));
    let throttled = &log[1];
    assert_eq!(throttled.status, 429);
    assert_eq!(
        throttled.header("Authorization"),
        Some(format!("Bearer {}", ctx.token).as_str())
    );
    assert!(
        log.iter().any(|r| r.status == 0),
        "dropped request recorded"
    );
    ctx.emu.shutdown().await;
}

#[tokio::test]
async fn rate_limiter_window() {
    let ctx = start(Config {
        rate_limit_per_minute: Some(2),
        ..Config::default()
    })
    .await;
    assert_eq!(ctx.get("/api/alerts").await.status, 200);
    assert_eq!(ctx.get("/api/alerts?$top=1").await.status, 200);
    let third = ctx.get("/api/alerts").await;
    assert_error(&third, 429, "TooManyRequests");
    let wait: u64 = third.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(ctx.get("/api/machines").await.status, 200, "per endpoint");
}

#[tokio::test]
async fn requests_answered_at_once_are_counted() {
    let ctx = start(Config::default()).await;
    ctx.emu.inject(Fault::Delay {
        path_prefix: None,
        millis: 200,
        times: 3,
    });
    let (a, b, c) = tokio::join!(
        ctx.get("/api/machines"),
        ctx.get("/api/machines"),
        ctx.get("/api/machines")
    );
    assert_eq!([a.status, b.status, c.status], [200; 3]);
    assert_eq!(ctx.emu.most_in_flight(), 3);
    assert_eq!(ctx.get("/api/machines").await.status, 200);
    assert_eq!(
        ctx.emu.most_in_flight(),
        3,
        "a record, not the current count"
    );
}

#[tokio::test]
async fn hunting_and_indicators() {
    let ctx = start(Config::default()).await;
    let q = ctx
        .post(
            "/api/advancedqueries/run",
            json!({"Query": "DeviceInfo | where OSPlatform == \"Windows11\" | take 5"}),
        )
        .await;
    assert_eq!(q.status, 200);
    assert_eq!(q.body["Results"].as_array().unwrap().len(), 2);
    assert!(q.body["Stats"].is_object() && q.body["Schema"].is_array());
    assert_error(
        &ctx.post(
            "/api/advancedqueries/run",
            json!({"Query": "DeviceInfo | summarize count()"}),
        )
        .await,
        400,
        "BadRequest",
    );
    assert_error(
        &ctx.post("/api/advancedqueries/run", json!({"Query": " "}))
            .await,
        400,
        "MissingRequiredParameter",
    );

    let body = json!({
        "indicatorValue": "185.220.101.47",
        "indicatorType": "IpAddress",
        "action": "Block",
        "title": "C2",
        "description": "Ransomware C2",
        "severity": "High",
    });
    let created = ctx.post("/api/indicators", body.clone()).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    assert!(id.parse::<u64>().is_ok());
    let mut update = body.clone();
    update["title"] = json!("C2 server");
    let updated = ctx.post("/api/indicators", update).await;
    assert_eq!(updated.body["id"], id.as_str(), "upsert keeps the id");
    assert_eq!(ctx.emu.indicators().len(), 3, "two seeded, one submitted");
    let mut audit = body.clone();
    audit["action"] = json!("Audit");
    assert_error(
        &ctx.post("/api/indicators", audit).await,
        400,
        "InvalidInput",
    );
    let mut cidr = body.clone();
    cidr["indicatorValue"] = json!("10.0.0.0/8");
    assert_error(
        &ctx.post("/api/indicators", cidr).await,
        400,
        "InvalidIpAddress",
    );
    let mut missing = body;
    missing.as_object_mut().unwrap().remove("title");
    assert_error(
        &ctx.post("/api/indicators", missing).await,
        400,
        "MissingRequiredParameter",
    );
    let listed = ctx
        .get("/api/indicators?$filter=indicatorType eq 'IpAddress'")
        .await;
    assert_eq!(listed.body["value"].as_array().unwrap().len(), 1);
    assert_eq!(
        ctx.call(Method::DELETE, &format!("/api/indicators/{id}"), None)
            .await
            .status,
        204
    );
    assert_error(
        &ctx.call(Method::DELETE, &format!("/api/indicators/{id}"), None)
            .await,
        404,
        "ResourceNotFound",
    );
}

#[tokio::test]
async fn machine_action_list_filters_and_progress() {
    let ctx = start(Config {
        action_progress: ActionProgress::OnRead(2),
        ..Config::default()
    })
    .await;
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/restrictCodeExecution"),
            json!({"Comment": "lock"}),
        )
        .await;
    let id = a.body["id"].as_str().unwrap().to_string();
    let filter = format!(
        "/api/machineactions?$filter=machineId eq '{M_FIN}' and type eq 'RestrictCodeExecution'"
    );
    let listed = ctx.get(&filter).await;
    assert_eq!(listed.body["value"][0]["id"], id.as_str());
    assert_eq!(listed.body["value"][0]["status"], "Pending");
    // The list read counted: the second read advances it.
    assert_eq!(
        ctx.get(&format!("/api/machineactions/{id}")).await.body["status"],
        "InProgress"
    );
    let pending = ctx
        .get("/api/machineactions?$filter=status eq 'Pending'")
        .await;
    assert_eq!(pending.body["value"], json!([]));
    assert_error(
        &ctx.get("/api/machineactions?$filter=title eq 'x'").await,
        400,
        "ODataError",
    );
}

#[tokio::test]
async fn machine_actions_are_listed_newest_first_as_the_page_shows() {
    let ctx = start(Config::default()).await;
    let created = ctx
        .post(
            &format!("/api/machines/{M_FIN}/runAntiVirusScan"),
            json!({"Comment": "scan", "ScanType": "Quick"}),
        )
        .await;
    // "$top=2 … shows the latest two" (get-machineactions-collection.md, example 2).
    let latest = ctx.get("/api/machineactions?$top=2").await;
    let values = latest.body["value"].as_array().unwrap();
    assert_eq!(values[0]["id"], created.body["id"]);
    assert!(values[0]["creationDateTimeUtc"].as_str() > values[1]["creationDateTimeUtc"].as_str());
    let oldest_first = ctx
        .get("/api/machineactions?$orderby=creationDateTimeUtc asc&$top=1")
        .await;
    assert_ne!(oldest_first.body["value"][0]["id"], created.body["id"]);
}

#[tokio::test]
async fn undocumented_query_options_are_honoured_by_default() {
    let ctx = start(Config::default()).await;
    for path in [
        "/api/alerts?$orderby=alertCreationTime asc",
        "/api/alerts/da638402211706714560_-1915585947?$expand=evidence",
        "/api/machineactions?$orderby=creationDateTimeUtc desc",
    ] {
        assert_eq!(ctx.get(path).await.status, 200, "{path}");
    }
}

#[tokio::test]
async fn undocumented_query_options_can_be_refused_as_the_pages_allow() {
    let ctx = start(Config {
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    })
    .await;
    let refused = ctx.get("/api/alerts?$orderby=alertCreationTime asc").await;
    assert_error(&refused, 400, "ODataError");
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Query option 'OrderBy' is not allowed."),
        "{}",
        refused.body
    );
    for path in [
        "/api/alerts/da638402211706714560_-1915585947?$expand=evidence",
        "/api/machineactions?$orderby=creationDateTimeUtc desc",
        "/api/machines?$select=id",
        "/api/alerts?$count=true",
    ] {
        assert_error(&ctx.get(path).await, 400, "ODataError");
    }
    for path in [
        "/api/alerts?$filter=id eq 'da638402211706714560_-1915585947'&$expand=evidence&$top=1&$skip=0",
        "/api/alerts/da638402211706714560_-1915585947",
        "/api/machineactions?$filter=status eq 'Succeeded'&$top=2&$skip=1",
        "/api/machines?$filter=machineTags/any(t: t eq 'VIP')&$top=1&$skip=0",
        "/api/indicators?$filter=action eq 'Alert'&$top=1&$skip=0",
    ] {
        assert_eq!(ctx.get(path).await.status, 200, "{path}");
    }
}

#[tokio::test]
async fn odd_requests_never_get_a_5xx() {
    let ctx = start(Config::default()).await;
    let paths = [
        "/api/machines/%FF%FE",
        "/api/machines/%FF%FE/isolate",
        "/api/alerts?$skip=18446744073709551615",
        "/api/alerts?$top=99999999999999999999999",
        "/api/alerts?$filter=%27",
        "/api/alerts?$orderby=",
        "/api/alerts?$expand=",
        "/api/machines/findbyip()",
        "/api/machines/findbyip(ip=)",
        "/api/machines/findbytag",
        "/api/machineactions/00000000-0000-0000-0000-000000000000/getPackageUri",
        "/api/files/zz",
        "/api/files/zz/stats?lookBackHours=%FF",
        "/api/ips/%FF%FE/stats",
        "/api/domains/%FF%FE/machines",
        "/api/ips/::1/stats?lookBackHours=99999999999999999999",
        "/api//alerts//",
        "/api",
        "/",
        "/x/oauth2/token",
    ];
    for path in paths {
        let a = ctx.get(path).await;
        assert!(a.status < 500, "{path}: {}", a.status);
    }
    let posts = [
        "/api/machines/ws-fin-042.contoso.local/isolate",
        "/api/machineactions/70ccec31-3571-410a-bc13-2d0d113db17d/cancel",
        "/api/advancedqueries/run",
        "/api/indicators",
    ];
    for path in posts {
        for body in [
            json!(null),
            json!([1, 2]),
            json!("s"),
            json!({"Comment": 5}),
            json!({}),
        ] {
            let a = ctx.post(path, body.clone()).await;
            assert_eq!(a.status, 400, "{path} {body}: {}", a.body);
        }
    }
    let wrong_type = ctx
        .http
        .post(ctx.url("/api/machines/ws-fin-042.contoso.local/isolate"))
        .bearer_auth(&ctx.token)
        .header("content-type", "text/plain")
        .body("Comment=x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
}

#[tokio::test]
async fn hunting_quotas_answer_as_documented() {
    let ctx = start(Config {
        hunting_cpu_quota: Some(1),
        ..Config::default()
    })
    .await;
    let query = json!({"Query": "DeviceInfo | take 1"});
    assert_eq!(
        ctx.post("/api/advancedqueries/run", query.clone())
            .await
            .status,
        200
    );
    let blocked = ctx.post("/api/advancedqueries/run", query).await;
    assert_error(&blocked, 429, "TooManyRequests");
    assert!(blocked.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("CPU quota"));
    assert_eq!(blocked.headers["retry-after"], "900");

    let small = start(Config {
        hunting_max_result_bytes: 100,
        ..Config::default()
    })
    .await;
    let big = small
        .post("/api/advancedqueries/run", json!({"Query": "DeviceInfo"}))
        .await;
    assert_error(&big, 400, "BadRequest");
    assert!(big.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("exceeded the allowed result size"));
}

#[tokio::test]
async fn seeded_indicators_can_be_listed_and_deleted() {
    let ctx = start(Config::default()).await;
    let listed = ctx
        .get("/api/indicators?$filter=indicatorType eq 'DomainName' and action eq 'Block'")
        .await;
    let values = listed.body["value"].as_array().unwrap();
    assert_eq!(values.len(), 1, "{}", listed.body);
    assert_eq!(values[0]["id"], "5001");
    assert_eq!(
        ctx.call(Method::DELETE, "/api/indicators/5001", None)
            .await
            .status,
        204
    );
    assert_eq!(ctx.emu.indicators().len(), 1);
}

#[tokio::test]
async fn a_quoted_name_prefix_cannot_widen_the_machine_filter() {
    let ctx = start(Config::default()).await;
    let hostile = "/api/machines?$filter=startswith(computerDnsName,'ws'' or 1 eq 1 or ''x')";
    let answer = ctx.get(hostile).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["value"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn a_tenant_without_machines_answers_404_on_the_machine_list() {
    let ctx = start(Config {
        seed: false,
        ..Config::default()
    })
    .await;
    assert_error(&ctx.get("/api/machines").await, 404, "NotFound");
    ctx.emu
        .add_machine(json!({"computerDnsName": "new.contoso.local"}));
    assert_eq!(ctx.get("/api/machines").await.status, 200);
}

#[tokio::test]
async fn restrict_unrestrict_cancel_and_package_links() {
    let ctx = start(Config::default()).await;
    let restrict = ctx
        .post(
            &format!("/api/machines/{M_FIN}/restrictCodeExecution"),
            json!({"Comment": "lock"}),
        )
        .await;
    assert_eq!(restrict.status, 201, "{}", restrict.body);
    assert_eq!(restrict.body["type"], "RestrictCodeExecution");
    assert_eq!(restrict.body["title"], "Restrict app execution");
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_FIN}/restrictCodeExecution"),
            json!({"Comment": "again"}),
        )
        .await,
        400,
        "ActiveRequestAlreadyExists",
    );
    assert_error(
        &ctx.post(
            &format!("/api/machines/{M_FIN}/unrestrictCodeExecution"),
            json!({"Comment": "x", "IsolationType": "Full"}),
        )
        .await,
        400,
        "InvalidRequestBody",
    );
    let unrestrict = ctx
        .post(
            &format!("/api/machines/{M_FIN}/UnrestrictCodeExecution"),
            json!({"Comment": "unlock"}),
        )
        .await;
    assert_eq!(unrestrict.status, 201);
    assert_eq!(unrestrict.body["type"], "UnrestrictCodeExecution");

    // The seeded scan still running on ws-dev-112 can be cancelled once, then no more.
    let running = "/api/machineactions/e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f/cancel";
    let cancelled = ctx.post(running, json!({"Comment": "stop"})).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.body["status"], "Cancelled");
    let twice = ctx.post(running, json!({"Comment": "stop"})).await;
    assert_error(&twice, 400, "InvalidRequest");
    assert!(twice.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'Cancelled'"));
    assert_error(
        &ctx.post(
            "/api/machineactions/00000000-0000-4000-8000-000000000000/cancel",
            json!({"Comment": "x"}),
        )
        .await,
        404,
        "ResourceNotFound",
    );

    // The seeded collection has a package; a scan has none, whatever its status.
    let link = ctx
        .get("/api/machineactions/b3e8a1f4-2c6d-4e7f-8a9b-0c1d2e3f4a5b/getPackageUri")
        .await;
    assert_eq!(link.status, 200);
    let uri = link.body["value"].as_str().unwrap();
    assert!(uri.contains("?token="), "{uri}");
    assert_error(
        &ctx.get("/api/machineactions/70ccec31-3571-410a-bc13-2d0d113db17d/getPackageUri")
            .await,
        404,
        "ResourceNotFound",
    );
}

#[tokio::test]
async fn actions_can_be_made_to_fail_and_the_seed_has_an_isolation_history() {
    let ctx = start(Config {
        action_progress: ActionProgress::FailsOnRead(1),
        ..Config::default()
    })
    .await;
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/collectInvestigationPackage"),
            json!({"Comment": "forensics"}),
        )
        .await;
    let path = format!("/api/machineactions/{}", a.body["id"].as_str().unwrap());
    assert_eq!(ctx.get(&path).await.body["status"], "InProgress");
    assert_eq!(ctx.get(&path).await.body["status"], "Failed");
    assert_error(
        &ctx.get(&format!("{path}/getPackageUri")).await,
        404,
        "ResourceNotFound",
    );
    let history = ctx
        .get("/api/machineactions?$filter=type eq 'Isolate' or type eq 'Unisolate'")
        .await;
    let machines: Vec<&str> = history.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| action["computerDnsName"].as_str().unwrap())
        .collect();
    // Newest first, as the list answers without `$orderby`.
    assert_eq!(
        machines,
        [
            "ws-hr-017.contoso.local",
            "ws-hr-017.contoso.local",
            "srv-dc-01.contoso.local"
        ]
    );
}

#[tokio::test]
async fn package_links_are_limited_to_two_a_minute() {
    let ctx = start(Config {
        rate_limit_per_minute: Some(100),
        ..Config::default()
    })
    .await;
    let link = "/api/machineactions/b3e8a1f4-2c6d-4e7f-8a9b-0c1d2e3f4a5b/getPackageUri";
    assert_eq!(ctx.get(link).await.status, 200);
    assert_eq!(ctx.get(link).await.status, 200);
    assert_error(&ctx.get(link).await, 429, "TooManyRequests");
    assert_eq!(
        ctx.get("/api/machineactions/b3e8a1f4-2c6d-4e7f-8a9b-0c1d2e3f4a5b")
            .await
            .status,
        200,
        "the action itself keeps the common limit"
    );
}

/// add-or-remove-machine-tags.md and add-or-remove-multiple-machine-tags.md: the ID in the
/// path, `Value` and `Action` (Add or Remove) required, at most 500 IDs, and an unknown ID
/// fails the bulk call as a whole.
#[tokio::test]
async fn machine_tags_are_added_and_removed_as_the_tag_pages_document() {
    let ctx = start(Config::default()).await;
    let tags = |ctx: &Ctx, id: &'static str| {
        let found = ctx.emu.machines().into_iter().find(|m| m["id"] == id);
        found.unwrap()["machineTags"].clone()
    };
    let one = format!("/api/machines/{M_FIN}/tags");
    let added = ctx
        .post(&one, json!({"Value": "Contained", "Action": "Add"}))
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(
        added.body["machineTags"],
        json!(["Finance", "VIP", "Contained"])
    );
    let read = ctx.get(&format!("/api/machines/{M_FIN}")).await;
    assert_eq!(
        read.body["machineTags"],
        json!(["Finance", "VIP", "Contained"])
    );
    let removed = ctx
        .post(&one, json!({"Value": "VIP", "Action": "Remove"}))
        .await;
    assert_eq!(removed.body["machineTags"], json!(["Finance", "Contained"]));
    for body in [
        json!({"Value": "x", "Action": "Toggle"}),
        json!({"Value": "x"}),
        json!({"Action": "Add"}),
        json!({"Value": " ", "Action": "Add"}),
        json!({"Value": "x", "Action": "Add", "Comment": "c"}),
    ] {
        assert_eq!(ctx.post(&one, body.clone()).await.status, 400, "{body}");
    }
    let by_name = ctx
        .post(
            "/api/machines/ws-fin-042.contoso.local/tags",
            json!({"Value": "x", "Action": "Add"}),
        )
        .await;
    assert_error(&by_name, 404, "ResourceNotFound");

    let many = "/api/machines/AddOrRemoveTagForMultipleMachines";
    let both = ctx
        .post(
            many,
            json!({"Value": "Wave1", "Action": "Add", "MachineIds": [M_FIN, M_HR]}),
        )
        .await;
    assert_eq!(both.status, 200, "{}", both.body);
    assert_eq!(both.body["value"].as_array().unwrap().len(), 2);
    assert!(tags(&ctx, M_HR)
        .as_array()
        .unwrap()
        .contains(&json!("Wave1")));
    let unknown = ctx
        .post(
            many,
            json!({"Value": "Wave2", "Action": "Add", "MachineIds": [M_HR, "0000000000000000000000000000000000000000"]}),
        )
        .await;
    assert_error(&unknown, 404, "ResourceNotFound");
    assert!(!tags(&ctx, M_HR)
        .as_array()
        .unwrap()
        .contains(&json!("Wave2")));
    let too_many: Vec<String> = (0..501).map(|_| M_HR.to_owned()).collect();
    let refused = ctx
        .post(
            many,
            json!({"Value": "x", "Action": "Add", "MachineIds": too_many}),
        )
        .await;
    assert_error(&refused, 400, "InvalidInput");
    for body in [
        json!({"Value": "x", "Action": "Add"}),
        json!({"Value": "x", "Action": "Add", "MachineIds": []}),
        json!({"Value": "x", "Action": "Add", "MachineIds": [1]}),
    ] {
        assert_eq!(ctx.post(many, body.clone()).await.status, 400, "{body}");
    }
}

fn live_body(commands: Value) -> Value {
    json!({"Commands": commands, "Comment": "triage"})
}

fn run_script(name: &str, args: &str) -> Value {
    json!({"type": "RunScript", "params": [
        {"key": "ScriptName", "value": name},
        {"key": "Args", "value": args},
    ]})
}

fn get_file(path: &str) -> Value {
    json!({"type": "GetFile", "params": [{"key": "Path", "value": path}]})
}

/// Reads a live response action until it is final; with `OnRead(1)` that is two reads.
async fn finish(ctx: &Ctx, id: &str) -> Value {
    let mut action = Value::Null;
    for _ in 0..4 {
        action = ctx.get(&format!("/api/machineactions/{id}")).await.body;
        if !matches!(action["status"].as_str(), Some("Pending" | "InProgress")) {
            break;
        }
    }
    action
}

#[tokio::test]
async fn live_response_runs_a_library_script_and_links_its_transcript() {
    let ctx = start(Config::default()).await;
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/runliveresponse"),
            live_body(json!([
                run_script("collect-triage.ps1", "-Scope full"),
                get_file("C:\\Windows\\Temp\\triage.zip")
            ])),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["type"], "LiveResponse");
    assert_eq!(a.body["status"], "Pending");
    assert_eq!(a.body["commands"][0]["commandStatus"], "Created");
    assert_eq!(a.body["commands"][1]["command"]["type"], "GetFile");
    assert_eq!(a.body["commands"][1]["errors"], json!([]));
    let id = a.body["id"].as_str().unwrap().to_string();

    // One session at a time per machine (limitation 8).
    let dup = ctx
        .post(
            &format!("/api/machines/{M_FIN}/runliveresponse"),
            live_body(json!([run_script("get-autoruns.ps1", "")])),
        )
        .await;
    assert_error(&dup, 400, "ActiveRequestAlreadyExists");

    // No result before the command completed.
    let early = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)"
        ))
        .await;
    assert_error(&early, 400, "InvalidInput");

    let done = finish(&ctx, &id).await;
    assert_eq!(done["status"], "Succeeded", "{done}");
    for command in done["commands"].as_array().unwrap() {
        assert_eq!(command["commandStatus"], "Completed");
        assert!(command["endTime"].is_string());
    }
    let link = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)"
        ))
        .await;
    assert_eq!(link.status, 200, "{}", link.body);
    let url = link.body["value"].as_str().unwrap();
    assert!(
        url.contains("/blobs/liveresponse/") && url.contains("&sig="),
        "{url}"
    );
    // Blob storage takes the SAS, not a bearer token.
    let blob = ctx.http.get(url).send().await.unwrap();
    assert_eq!(blob.status(), 200);
    let transcript: Value = blob.json().await.unwrap();
    assert_eq!(transcript["script_name"], "collect-triage.ps1");
    assert_eq!(transcript["exit_code"], 0);
    assert_eq!(transcript["script_errors"], "");
    let output = transcript["script_output"].as_str().unwrap();
    assert!(
        output.contains("ws-fin-042.contoso.local with arguments: -Scope full"),
        "{output}"
    );

    ctx.emu
        .add_machine_file("C:\\Windows\\Temp\\triage.zip", b"PK\x03\x04zip");
    let file_link = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=1)"
        ))
        .await;
    let url = file_link.body["value"].as_str().unwrap();
    let bytes = ctx
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"PK\x03\x04zip");
    // A forged signature is refused.
    let forged = url.rsplit_once("sig=").unwrap().0.to_string() + "sig=00";
    assert_eq!(ctx.http.get(forged).send().await.unwrap().status(), 403);
    let beyond = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=2)"
        ))
        .await;
    assert_error(&beyond, 400, "InvalidInput");
}

#[tokio::test]
async fn live_response_refuses_what_the_page_does_not_allow() {
    let ctx = start(Config::default()).await;
    let path = format!("/api/machines/{M_FIN}/runliveresponse");
    let cases = [
        (json!({"Comment": "x"}), "MissingRequiredParameter"),
        (live_body(json!([])), "InvalidRequestBody"),
        (
            live_body(json!([{"type": "Shell", "params": []}])),
            "InvalidRequestBody",
        ),
        (
            live_body(json!([{"type": "GetFile", "params": []}])),
            "MissingRequiredParameter",
        ),
        (
            live_body(json!([
                get_file("C:\\a"),
                run_script("get-autoruns.ps1", "")
            ])),
            "InvalidRequestBody",
        ),
        (
            live_body(json!([{"type": "GetFile", "params": [{"key": "FileName", "value": "x"}]}])),
            "InvalidRequestBody",
        ),
        (live_body(json!([run_script("nope.ps1", "")])), "BadRequest"),
        (
            live_body(
                json!([{"type": "PutFile", "params": [{"key": "FileName", "value": "nope.exe"}]}]),
            ),
            "BadRequest",
        ),
    ];
    for (body, code) in cases {
        let a = ctx.post(&path, body.clone()).await;
        assert_error(&a, 400, code);
    }
    let by_name = ctx
        .post(
            "/api/machines/ws-fin-042.contoso.local/runliveresponse",
            live_body(json!([run_script("get-autoruns.ps1", "")])),
        )
        .await;
    assert_error(&by_name, 404, "ResourceNotFound");
    assert!(ctx
        .emu
        .machine_actions()
        .iter()
        .all(|a| a["type"] != "LiveResponse"));
}

#[tokio::test]
async fn a_failed_live_response_command_stops_the_session_with_its_error() {
    let ctx = start(Config::default()).await;
    ctx.emu
        .fail_live_response("get-autoruns.ps1", "Script execution failed: access denied");
    let a = ctx
        .post(
            &format!("/api/machines/{M_HR}/runliveresponse"),
            live_body(json!([
                run_script("get-autoruns.ps1", ""),
                get_file("C:\\x.txt")
            ])),
        )
        .await;
    let id = a.body["id"].as_str().unwrap().to_string();
    let done = finish(&ctx, &id).await;
    assert_eq!(done["status"], "Failed");
    assert_eq!(done["commands"][0]["commandStatus"], "Failed");
    assert_eq!(
        done["commands"][0]["errors"],
        json!(["Script execution failed: access denied"])
    );
    assert_eq!(done["commands"][1]["commandStatus"], "Created");
    let link = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)"
        ))
        .await;
    assert_error(&link, 400, "InvalidInput");
}

#[tokio::test]
async fn live_response_links_expire() {
    let ctx = start(Config {
        live_response_link_secs: 0,
        ..Config::default()
    })
    .await;
    let a = ctx
        .post(
            &format!("/api/machines/{M_FIN}/runliveresponse"),
            live_body(json!([get_file("/var/log/syslog")])),
        )
        .await;
    let id = a.body["id"].as_str().unwrap().to_string();
    finish(&ctx, &id).await;
    let link = ctx
        .get(&format!(
            "/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)"
        ))
        .await;
    let url = link.body["value"].as_str().unwrap();
    let blob = ctx.http.get(url).send().await.unwrap();
    assert_eq!(blob.status(), 403);
    let text = blob.text().await.unwrap();
    assert!(text.contains("<Code>AuthenticationFailed</Code>"), "{text}");
}

#[tokio::test]
async fn live_response_allows_ten_sessions_a_minute() {
    let ctx = start(Config {
        rate_limit_per_minute: Some(100),
        ..Config::default()
    })
    .await;
    let path = format!("/api/machines/{M_FIN}/runliveresponse");
    let body = live_body(json!([get_file("C:\\x.txt")]));
    for _ in 0..10 {
        let a = ctx.post(&path, body.clone()).await;
        assert!(matches!(a.status, 201 | 400), "{}", a.body);
    }
    let throttled = ctx.post(&path, body).await;
    assert_error(&throttled, 429, "TooManyRequests");
}

impl Ctx {
    /// `POST /api/libraryfiles` with a form of `(field, file name, bytes)` parts, as
    /// upload-library.md sends one.
    async fn upload(&self, parts: &[FormPart<'_>]) -> Answer {
        let mut form = reqwest::multipart::Form::new();
        for (name, file_name, bytes) in parts {
            let mut part = reqwest::multipart::Part::bytes(bytes.to_vec());
            if let Some(file_name) = file_name {
                part = part.file_name(file_name.to_string());
            }
            form = form.part(name.to_string(), part);
        }
        let res = self
            .http
            .post(self.url("/api/libraryfiles"))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer {
            status,
            headers,
            body,
        }
    }
}

/// A form part: its field, its file name if it is a file, its bytes.
type FormPart<'a> = (&'a str, Option<&'a str>, &'a [u8]);

const SCRIPT: &[u8] = b"Get-Process | Out-File C:\\triage\\processes.txt\r\n";

#[tokio::test]
async fn the_library_lists_uploads_replaces_and_deletes_files_as_its_pages_document() {
    let ctx = start(Config::default()).await;
    let listed = ctx.get("/api/libraryfiles").await;
    assert_eq!(listed.status, 200);
    assert!(listed.body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("/api/$metadata#LibraryFiles"));
    assert_eq!(listed.body["value"].as_array().unwrap().len(), 3);

    let uploaded = ctx
        .upload(&[
            ("File", Some("triage.ps1"), SCRIPT),
            ("Description", None, b"Triage"),
            ("ParametersDescription", None, b"-Deep"),
            ("HasParameters", None, b"true"),
            ("OverrideIfExists", None, b"false"),
        ])
        .await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.body);
    assert_eq!(uploaded.body["fileName"], "triage.ps1");
    assert_eq!(uploaded.body["description"], "Triage");
    assert_eq!(uploaded.body["parametersDescription"], "-Deep");
    assert_eq!(uploaded.body["hasParameters"], true);
    assert_eq!(
        uploaded.body["sha256"],
        super::state::sha256_hex(SCRIPT).as_str()
    );
    assert_eq!(ctx.emu.library_file_content("TRIAGE.PS1").unwrap(), SCRIPT);

    // The page's curl example spells the field `file`; a second upload needs the override.
    let again = ctx.upload(&[("file", Some("triage.ps1"), b"v2")]).await;
    assert_eq!(again.status, 400);
    assert_eq!(error_code(&again), "InvalidRequestBody");
    assert!(again.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already exists"));
    let replaced = ctx
        .upload(&[
            ("file", Some("triage.ps1"), b"v2"),
            ("OverrideIfExists", None, b"true"),
        ])
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    assert_eq!(
        replaced.body["creationTime"], uploaded.body["creationTime"],
        "a replaced file keeps when it was first uploaded"
    );
    assert_eq!(ctx.emu.library_file_content("triage.ps1").unwrap(), b"v2");
    assert_eq!(ctx.emu.library_files().len(), 4);

    let deleted = ctx
        .call(Method::DELETE, "/api/libraryfiles/triage.ps1", None)
        .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(ctx.emu.library_files().len(), 3);
    let gone = ctx
        .call(Method::DELETE, "/api/libraryfiles/triage.ps1", None)
        .await;
    assert_eq!(gone.status, 404);
    assert_eq!(error_code(&gone), "ResourceNotFound");
    // An encoded slash is part of the name, not a path.
    let encoded = ctx
        .call(Method::DELETE, "/api/libraryfiles/..%2Fmachines", None)
        .await;
    assert_eq!(
        (encoded.status, error_code(&encoded)),
        (404, "ResourceNotFound")
    );
}

#[tokio::test]
async fn a_library_upload_must_be_the_form_upload_library_md_documents() {
    let ctx = start(Config::default()).await;
    let json = ctx
        .post(
            "/api/libraryfiles",
            json!({"File": "x", "FileName": "a.ps1"}),
        )
        .await;
    assert_eq!(
        (json.status, error_code(&json)),
        (400, "InvalidRequestBody")
    );
    let cases: [(&str, &[FormPart], &str); 6] = [
        (
            "no File part",
            &[("Description", None, b"d")],
            "MissingRequiredParameter",
        ),
        (
            "a field the page does not document",
            &[
                ("File", Some("a.ps1"), SCRIPT),
                ("FileName", None, b"b.ps1"),
            ],
            "InvalidRequestBody",
        ),
        (
            "a file without a name",
            &[("File", None, SCRIPT)],
            "InvalidRequestBody",
        ),
        (
            "an empty file",
            &[("File", Some("a.ps1"), b"")],
            "InvalidRequestBody",
        ),
        (
            "an override that is not a boolean",
            &[
                ("File", Some("a.ps1"), SCRIPT),
                ("OverrideIfExists", None, b"yes"),
            ],
            "InvalidRequestBody",
        ),
        (
            "a name the library holds",
            &[("File", Some("collect-triage.ps1"), SCRIPT)],
            "InvalidRequestBody",
        ),
    ];
    for (what, parts, code) in cases {
        let answer = ctx.upload(parts).await;
        assert_eq!((answer.status, error_code(&answer)), (400, code), "{what}");
    }
    let too_large = vec![b'x'; routes::library::MAX_FILE_BYTES + 1];
    let answer = ctx.upload(&[("File", Some("big.bin"), &too_large)]).await;
    assert_eq!(answer.status, 400);
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("20MB"));
    let limit = vec![b'x'; routes::library::MAX_FILE_BYTES];
    let answer = ctx.upload(&[("File", Some("big.bin"), &limit)]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(ctx.emu.library_files().len(), 4);
}

#[tokio::test]
async fn the_library_needs_library_manage() {
    let ctx = start(Config {
        roles: vec!["Machine.LiveResponse".into()],
        ..Config::default()
    })
    .await;
    let answer = ctx.get("/api/libraryfiles").await;
    assert_eq!(answer.status, 403);
    assert!(answer.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Library.Manage"));
}

const POWERSHELL_SHA1: &str = "f29d0da9953f48f1a09f76b5a170b33839263059";
const POWERSHELL_SHA256: &str = "0becd7b03898d190f9ebdacc0cb1e29c658cda1495e60af593bd04cf0fd630f1";

/// get-file-statistics.md: counted from the seeded evidence and process events, within the
/// look-back, which ends at the seeded present; the same file by SHA-1 or SHA-256.
#[tokio::test]
async fn file_statistics_count_the_machines_within_the_look_back() {
    let ctx = start(Config::default()).await;
    let all = ctx
        .get(&format!("/api/files/{POWERSHELL_SHA1}/stats"))
        .await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["organizationPrevalence"], 2);
    assert_eq!(all.body["orgFirstSeen"], "2026-11-20T08:11:05.2230000Z");
    assert_eq!(all.body["topFileNames"], json!(["powershell.exe"]));
    assert!(all.body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#microsoft.windowsDefenderATP.api.InOrgFileStats"));
    let day = ctx
        .get(&format!(
            "/api/files/{POWERSHELL_SHA256}/stats?lookBackHours=24"
        ))
        .await;
    assert_eq!(day.body["organizationPrevalence"], 1);
    assert_eq!(day.body["sha1"], POWERSHELL_SHA1);
}

/// The statistics pages allow at most 720 hours; the emulator refuses more, and less than one.
#[tokio::test]
async fn a_look_back_outside_1_to_720_hours_is_a_400() {
    let ctx = start(Config::default()).await;
    for stats in [
        format!("/api/files/{POWERSHELL_SHA1}/stats"),
        "/api/ips/10.20.4.42/stats".to_string(),
        "/api/domains/invoice-portal.example/stats".to_string(),
    ] {
        for hours in ["0", "721", "-5", "x", "2147483648"] {
            let a = ctx.get(&format!("{stats}?lookBackHours={hours}")).await;
            assert_error(&a, 400, "InvalidInput");
        }
        assert_eq!(
            ctx.get(&format!("{stats}?lookBackHours=720")).await.status,
            200
        );
    }
}

/// get-file-statistics.md and get-file-information.md: 404 for a file that does not exist;
/// the related lists answer an empty set instead, and take SHA-1 only.
#[tokio::test]
async fn an_unknown_file_is_a_404_for_its_statistics_and_an_empty_set_for_its_lists() {
    let ctx = start(Config::default()).await;
    let unknown = "0000000000000000000000000000000000000001";
    assert_error(
        &ctx.get(&format!("/api/files/{unknown}/stats")).await,
        404,
        "ResourceNotFound",
    );
    assert_error(
        &ctx.get(&format!("/api/files/{unknown}")).await,
        404,
        "ResourceNotFound",
    );
    for related in ["machines", "alerts"] {
        let a = ctx.get(&format!("/api/files/{unknown}/{related}")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.body["value"], json!([]));
        let sha256 = ctx
            .get(&format!("/api/files/{POWERSHELL_SHA256}/{related}"))
            .await;
        assert_error(&sha256, 400, "InvalidHashValue");
        let known = ctx
            .get(&format!("/api/files/{POWERSHELL_SHA1}/{related}"))
            .await;
        assert_eq!(
            known.body["value"].as_array().unwrap().len(),
            if related == "machines" { 2 } else { 1 }
        );
    }
    assert_error(
        &ctx.get("/api/files/abc/stats").await,
        400,
        "InvalidHashValue",
    );
}

/// get-ip-statistics.md and get-ip-related-alerts.md: an invalid address is a 400, a valid one
/// never seen has a prevalence of 0 and no alerts.
#[tokio::test]
async fn ip_lookups_refuse_an_invalid_address_and_answer_zero_for_an_unseen_one() {
    let ctx = start(Config::default()).await;
    for bad in ["10.0.0.1%2F24", "1.2.3", "example.com"] {
        assert_error(
            &ctx.get(&format!("/api/ips/{bad}/stats")).await,
            400,
            "InvalidIpAddress",
        );
        assert_error(
            &ctx.get(&format!("/api/ips/{bad}/alerts")).await,
            400,
            "InvalidIpAddress",
        );
    }
    let unseen = ctx.get("/api/ips/198.51.100.7/stats").await;
    assert_eq!(unseen.body["organizationPrevalence"], 0);
    assert!(unseen.body["orgFirstSeen"].is_null());
    assert_eq!(
        ctx.get("/api/ips/198.51.100.7/alerts").await.body["value"],
        json!([])
    );
    let seen = ctx.get("/api/ips/10.20.4.42/alerts").await;
    assert_eq!(seen.body["value"].as_array().unwrap().len(), 1);
    assert_eq!(seen.body["value"][0]["evidence"], json!([]));
    assert_eq!(ctx.get("/api/ips/10.20.4.42/machines").await.status, 404);
}

/// get-domain-*.md: an unseen domain has a prevalence of 0 and empty lists; a name that is
/// not a domain is a 400.
#[tokio::test]
async fn domain_lookups_derive_from_url_evidence() {
    let ctx = start(Config::default()).await;
    let stats = ctx.get("/api/domains/INVOICE-portal.example/stats").await;
    assert_eq!(stats.body["organizationPrevalence"], 1);
    let machines = ctx
        .get("/api/domains/invoice-portal.example/machines")
        .await;
    assert_eq!(machines.body["value"][0]["id"], M_HR);
    assert_eq!(
        ctx.get("/api/domains/invoice-portal.example/alerts")
            .await
            .body["value"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ctx.get("/api/domains/contoso.example/stats").await.body["organizationPrevalence"],
        0
    );
    assert_eq!(
        ctx.get("/api/domains/contoso.example/machines").await.body["value"],
        json!([])
    );
    for bad in [
        "localhost",
        "example..com",
        "exa%20mple.com",
        "example.com:443",
    ] {
        assert_error(
            &ctx.get(&format!("/api/domains/{bad}/stats")).await,
            400,
            "InvalidDomainName",
        );
    }
}

/// Each page's permissions: IP statistics need Ip.Read.All, domain statistics URL.Read.All,
/// domain alerts Alert.ReadWrite.All (get-domain-related-alerts.md lists no read-only one).
#[tokio::test]
async fn the_lookups_need_the_permissions_their_pages_list() {
    let ctx = start(Config {
        roles: vec!["Alert.Read.All".into(), "Machine.Read.All".into()],
        ..Config::default()
    })
    .await;
    for path in [
        "/api/ips/10.20.4.42/stats",
        "/api/domains/invoice-portal.example/stats",
        "/api/domains/invoice-portal.example/alerts",
        "/api/files/f29d0da9953f48f1a09f76b5a170b33839263059/stats",
    ] {
        assert_eq!(ctx.get(path).await.status, 403, "{path}");
    }
    for path in [
        "/api/ips/10.20.4.42/alerts",
        "/api/domains/invoice-portal.example/machines",
        "/api/files/f29d0da9953f48f1a09f76b5a170b33839263059/machines",
        "/api/files/f29d0da9953f48f1a09f76b5a170b33839263059/alerts",
    ] {
        assert_eq!(ctx.get(path).await.status, 200, "{path}");
    }
}

/// With undocumented options refused, the statistics take only `lookBackHours` and the
/// related lists nothing.
#[tokio::test]
async fn the_lookups_refuse_undocumented_query_options_when_told_to() {
    let ctx = start(Config {
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    })
    .await;
    assert_eq!(
        ctx.get("/api/ips/10.20.4.42/stats?LookBackHours=5")
            .await
            .status,
        200
    );
    assert_error(
        &ctx.get("/api/ips/10.20.4.42/stats?$top=1").await,
        400,
        "ODataError",
    );
    assert_error(
        &ctx.get("/api/ips/10.20.4.42/alerts?$top=1").await,
        400,
        "ODataError",
    );
}

/// get-user-related-alerts.md and get-user-related-machines.md: the account name alone, in any
/// case; a user Defender does not know is an empty set, not a 404.
#[tokio::test]
async fn a_users_alerts_and_machines_come_from_the_alerts_naming_them() {
    let ctx = start(Config::default()).await;
    let alerts = ctx.get("/api/users/MLOPEZ/alerts").await;
    assert_eq!(alerts.status, 200, "{}", alerts.body);
    let alerts = alerts.body["value"].as_array().unwrap().clone();
    assert_eq!(alerts.len(), 2);
    assert!(alerts.iter().all(|a| a["machineId"] == M_HR));
    let machines = ctx.get("/api/users/mlopez/machines").await;
    let ids: Vec<&Value> = machines.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"])
        .collect();
    assert_eq!(ids, [M_HR]);
    for path in ["/api/users/nobody/alerts", "/api/users/nobody/machines"] {
        let answer = ctx.get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.body["value"], json!([]), "{path}");
    }
}

/// get-machine-log-on-users.md: one user entity per account, 404 for an unknown machine and
/// for a computer name, which the page does not document in the path.
#[tokio::test]
async fn logon_users_are_the_accounts_of_the_machines_alerts() {
    let ctx = start(Config::default()).await;
    let users = ctx.get(&format!("/api/machines/{M_HR}/logonusers")).await;
    assert_eq!(users.status, 200, "{}", users.body);
    assert_eq!(users.body["value"][0]["id"], "contoso\\mlopez");
    assert_eq!(users.body["value"][0]["logonTypes"], "Interactive");
    assert_eq!(users.body["value"][0]["isDomainAdmin"], false);
    let none = ctx
        .emu
        .add_machine(json!({"computerDnsName": "ws-new.contoso.local"}));
    let empty = ctx
        .get(&format!(
            "/api/machines/{}/logonusers",
            none["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(empty.body["value"], json!([]));
    for path in [
        "/api/machines/ws-hr-017.contoso.local/logonusers".to_owned(),
        format!("/api/machines/{}/logonusers", "0".repeat(40)),
    ] {
        assert_error(&ctx.get(&path).await, 404, "ResourceNotFound");
    }
}

/// get-installed-software.md, get-discovered-vulnerabilities.md,
/// get-security-recommendations.md and get-missing-kbs-machine.md: by machine ID only, each
/// answer derived from what the machine runs.
#[tokio::test]
async fn vulnerability_management_answers_follow_the_installed_versions() {
    let ctx = start(Config::default()).await;
    let software = ctx.get(&format!("/api/machines/{M_FIN}/software")).await;
    let ids: Vec<&str> = software.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "microsoft-_-windows_10",
            "google-_-chrome",
            "microsoft-_-edge_chromium-based"
        ]
    );
    let vulns = ctx
        .get(&format!("/api/machines/{M_FIN}/vulnerabilities"))
        .await;
    let cves: Vec<&str> = vulns.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(cves, ["CVE-2023-36033", "CVE-2023-4863"]);
    let recommendations = ctx
        .get(&format!("/api/machines/{M_FIN}/recommendations"))
        .await;
    assert_eq!(recommendations.body["value"].as_array().unwrap().len(), 2);
    let kbs = ctx
        .get(&format!("/api/machines/{M_FIN}/getmissingkbs"))
        .await;
    assert_eq!(kbs.body["value"][0]["id"], "5032189");
    // An up-to-date machine has software but nothing to fix.
    for what in ["vulnerabilities", "recommendations", "getmissingkbs"] {
        let answer = ctx.get(&format!("/api/machines/{M_HR}/{what}")).await;
        assert_eq!(answer.body["value"], json!([]), "{what}");
    }
    for what in [
        "software",
        "vulnerabilities",
        "recommendations",
        "getmissingkbs",
    ] {
        assert_error(
            &ctx.get(&format!("/api/machines/ws-fin-042.contoso.local/{what}"))
                .await,
            404,
            "ResourceNotFound",
        );
    }
}

/// The user and vulnerability management pages document no query option.
#[tokio::test]
async fn the_user_and_inventory_routes_refuse_query_options_when_told_to() {
    let ctx = start(Config {
        undocumented_options: UndocumentedOptions::Refused,
        ..Config::default()
    })
    .await;
    for path in [
        "/api/users/jdoe/alerts?$top=1".to_owned(),
        "/api/users/jdoe/machines?$skip=1".to_owned(),
        format!("/api/machines/{M_HR}/logonusers?$top=1"),
        format!("/api/machines/{M_LEGACY}/software?$filter=name eq 'x'"),
        format!("/api/machines/{M_LEGACY}/vulnerabilities?$top=1"),
        format!("/api/machines/{M_LEGACY}/recommendations?$top=1"),
        format!("/api/machines/{M_LEGACY}/getmissingkbs?$top=1"),
    ] {
        assert_error(&ctx.get(&path).await, 400, "ODataError");
    }
}

/// Each route needs its page's permission: get-user-related-machines.md lists only
/// Machine.ReadWrite.All, get-missing-kbs-machine.md Software.Read.All.
#[tokio::test]
async fn the_user_and_inventory_routes_need_their_pages_permissions() {
    let ctx = start(Config {
        roles: vec!["Machine.Read.All".into(), "Alert.Read.All".into()],
        ..Config::default()
    })
    .await;
    assert_eq!(ctx.get("/api/users/jdoe/alerts").await.status, 200);
    for (path, permission) in [
        (
            "/api/users/jdoe/machines".to_owned(),
            "Machine.ReadWrite.All",
        ),
        (format!("/api/machines/{M_HR}/logonusers"), "User.Read.All"),
        (
            format!("/api/machines/{M_HR}/software"),
            "Software.Read.All",
        ),
        (
            format!("/api/machines/{M_HR}/getmissingkbs"),
            "Software.Read.All",
        ),
        (
            format!("/api/machines/{M_HR}/vulnerabilities"),
            "Vulnerability.Read.All",
        ),
        (
            format!("/api/machines/{M_HR}/recommendations"),
            "SecurityRecommendation.Read.All",
        ),
    ] {
        let answer = ctx.get(&path).await;
        assert_eq!(answer.status, 403, "{path}");
        assert!(
            answer.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(permission),
            "{path}: {}",
            answer.body
        );
    }
}

/// get-discovered-vulnerabilities.md: 50 calls a minute.
#[tokio::test]
async fn vulnerabilities_are_limited_to_fifty_calls_a_minute() {
    let ctx = start(Config {
        rate_limit_per_minute: Some(100),
        ..Config::default()
    })
    .await;
    let path = format!("/api/machines/{M_HR}/vulnerabilities");
    for _ in 0..50 {
        assert_eq!(ctx.get(&path).await.status, 200);
    }
    assert_error(&ctx.get(&path).await, 429, "TooManyRequests");
    assert_eq!(
        ctx.get(&format!("/api/machines/{M_HR}/software"))
            .await
            .status,
        200
    );
}

/// batch-update-alerts.md: `alertIds` plus update-alert.md's fields, 200 with an empty body.
/// An unknown ID fails the whole call and changes nothing; a property the page does not list
/// and a missing or empty `alertIds` are refused.
#[tokio::test]
async fn alerts_are_updated_in_a_batch_as_batch_update_alerts_documents() {
    let ctx = start(Config::default()).await;
    let fin = "da638402211706714560_-1915585947";
    let dc = "da638402659341605616_-1145312790";
    let status = |ctx: &Ctx, id: &str| {
        let found = ctx.emu.alerts().into_iter().find(|a| a["id"] == id);
        found.unwrap()["status"].clone()
    };
    let path = "/api/alerts/batchUpdate";
    let done = ctx
        .post(
            path,
            json!({"alertIds": [fin, dc], "status": "Resolved", "comment": "batch"}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(status(&ctx, fin), "Resolved");
    assert_eq!(status(&ctx, dc), "Resolved");
    let unknown = ctx
        .post(path, json!({"alertIds": [fin, "da0_1"], "status": "New"}))
        .await;
    assert_error(&unknown, 404, "ResourceNotFound");
    assert_eq!(status(&ctx, fin), "Resolved");
    for (body, code) in [
        (json!({"status": "New"}), "MissingRequiredParameter"),
        (
            json!({"alertIds": [], "status": "New"}),
            "MissingRequiredParameter",
        ),
        (
            json!({"alertIds": [fin], "Status": "New"}),
            "InvalidRequestBody",
        ),
        (
            json!({"alertIds": [fin], "status": "Closed"}),
            "InvalidInput",
        ),
        (
            json!({"alertIds": fin, "status": "New"}),
            "InvalidRequestBody",
        ),
    ] {
        assert_error(&ctx.post(path, body).await, 400, code);
    }
    let get = ctx.get(path).await;
    assert_eq!(get.status, 405);
}

/// import-ti-indicators.md: at most 500 indicators a call, one result per indicator, a rule
/// broken by one indicator its `failureReason`; batch-delete-ti-indicators.md: at most 500
/// IDs, 204, 400 for an invalid ID, 404 for an unknown one (and then nothing is deleted).
#[tokio::test]
async fn indicators_are_imported_and_deleted_in_batches_as_their_pages_document() {
    let ctx = start(Config::default()).await;
    let item = |value: &str| {
        json!({"indicatorValue": value, "indicatorType": "IpAddress", "action": "Block",
            "title": "t", "description": "d"})
    };
    let imported = ctx
        .post(
            "/api/indicators/import",
            json!({"Indicators": [item("185.220.101.9"), item("10.0.0.0/8")]}),
        )
        .await;
    assert_eq!(imported.status, 200, "{}", imported.body);
    let results = imported.body["value"].as_array().unwrap();
    assert_eq!(results[0]["isFailed"], false);
    assert_eq!(results[1]["isFailed"], true);
    assert!(results[1]["failureReason"]
        .as_str()
        .unwrap()
        .contains("CIDR"));
    let id = results[0]["id"].as_str().unwrap().to_owned();
    let too_many: Vec<Value> = (0..501)
        .map(|n| item(&format!("10.1.{}.{}", n / 256, n % 256)))
        .collect();
    let mut undocumented = item("10.2.0.1");
    undocumented["Comment"] = json!("x");
    for body in [
        json!({"Indicators": too_many}),
        json!({"Indicators": []}),
        json!({"Indicators": [undocumented]}),
        json!({"indicators": [item("10.2.0.2")]}),
    ] {
        assert_eq!(ctx.post("/api/indicators/import", body).await.status, 400);
    }

    let delete = "/api/indicators/BatchDelete";
    assert_error(
        &ctx.post(delete, json!({"IndicatorIds": [id, "999999"]}))
            .await,
        404,
        "ResourceNotFound",
    );
    assert!(ctx.emu.indicators().iter().any(|i| i["id"] == id));
    assert_error(
        &ctx.post(delete, json!({"IndicatorIds": ["x1"]})).await,
        400,
        "InvalidInput",
    );
    let ids: Vec<String> = (0..501).map(|n| n.to_string()).collect();
    assert_error(
        &ctx.post(delete, json!({"IndicatorIds": ids})).await,
        400,
        "MaximumBatchSizeExceeded",
    );
    let deleted = ctx.post(delete, json!({"IndicatorIds": [id]})).await;
    assert_eq!(deleted.status, 204);
    assert!(!ctx.emu.indicators().iter().any(|i| i["id"] == id));
}

/// create-alert-by-reference.md: all eight properties required; an event not found is a
/// 404; an open alert of the same title on the machine takes the event.
#[tokio::test]
async fn an_alert_is_created_on_a_hunted_event_as_create_alert_by_reference_documents() {
    let ctx = start(Config::default()).await;
    let path = "/api/alerts/CreateAlertByReference";
    let body = json!({"machineId": M_FIN, "severity": "Low", "title": "example",
        "description": "example alert", "recommendedAction": "nothing",
        "eventTime": "2026-11-20T08:11:05.2230000Z", "reportId": "20001", "category": "Exploit"});
    let created = ctx.post(path, body.clone()).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.body["machineId"], M_FIN);
    let alert = created.body["id"].as_str().unwrap();
    let started = ctx
        .get(&format!(
            "/api/investigations?$filter=triggeringAlertId eq '{alert}'"
        ))
        .await;
    assert_eq!(
        started.body["value"].as_array().unwrap().len(),
        1,
        "{}",
        started.body
    );
    let again = ctx.post(path, body.clone()).await;
    assert_eq!(again.body["id"], created.body["id"]);
    let mut unknown = body.clone();
    unknown["reportId"] = json!("20002");
    assert_error(&ctx.post(path, unknown).await, 404, "ResourceNotFound");
    let mut missing = body.clone();
    missing.as_object_mut().unwrap().remove("recommendedAction");
    assert_error(
        &ctx.post(path, missing).await,
        400,
        "MissingRequiredParameter",
    );
    let mut extra = body.clone();
    extra["comment"] = json!("x");
    assert_error(&ctx.post(path, extra).await, 400, "InvalidRequestBody");
    let mut severity = body;
    severity["severity"] = json!("Informational");
    assert_error(&ctx.post(path, severity).await, 400, "InvalidInput");
}
