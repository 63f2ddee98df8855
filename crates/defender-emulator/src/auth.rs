//! Token issuance (Azure AD v1 and v2 client-credentials) and bearer validation.
//!
//! Tokens are opaque (`emu.` + random hex) and live server-side with their expiry,
//! audience and roles: the emulator only has to behave like AAD and Defender at the
//! HTTP level, and an opaque token keeps clients from depending on JWT internals.
//! Checks run in the order AAD reports them: tenant, grant type, client, secret, then
//! resource/scope.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::errors::{AadError, ApiError};
use super::state::{Shared, TokenInfo};
use super::{CLIENT_ID, CLIENT_SECRET, TENANT_ID};

/// The audience recorded for tokens issued outside the token endpoint.
pub(crate) const DEFAULT_AUDIENCE: &str = "https://api.securitycenter.microsoft.com";

/// Application ID URIs (and app id) of the WindowsDefenderATP API.
const MDE_AUDIENCES: &[&str] = &[
    "https://api.securitycenter.microsoft.com",
    "https://api.securitycenter.windows.com",
    "https://api.security.microsoft.com",
    "https://securitycenter.onmicrosoft.com/windowsatpservice",
    "fc780465-2017-40d4-a0c5-307022471b92",
];

/// Other resources AAD would happily issue tokens for; the API then rejects them with
/// 401, which is how "wrong audience" mistakes look in real life.
const OTHER_AUDIENCES: &[&str] = &["https://graph.windows.net", "https://graph.microsoft.com"];

fn normalise_audience(resource: &str) -> Option<String> {
    let trimmed = resource.trim().trim_end_matches('/');
    MDE_AUDIENCES
        .iter()
        .chain(OTHER_AUDIENCES)
        .find(|a| a.eq_ignore_ascii_case(trimmed))
        .map(|a| a.to_string())
}

fn is_mde_audience(audience: &str) -> bool {
    MDE_AUDIENCES.contains(&audience)
}

/// `POST /{tenant}/oauth2/token` (v1) and `POST /{tenant}/oauth2/v2.0/token` (v2).
pub(crate) fn token_endpoint(shared: &Shared, tenant: &str, v2: bool, body: &[u8]) -> Response {
    match issue(shared, tenant, v2, body) {
        Ok(value) => (StatusCode::OK, axum::Json(value)).into_response(),
        Err(e) => e.into_response(),
    }
}

fn issue(shared: &Shared, tenant: &str, v2: bool, body: &[u8]) -> Result<Value, AadError> {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let missing = |name: &str| {
        AadError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{name}'."),
        )
    };

    if !tenant.eq_ignore_ascii_case(TENANT_ID) {
        return Err(AadError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            ),
        ));
    }
    let grant = field("grant_type").ok_or_else(|| missing("grant_type"))?;
    if grant != "client_credentials" {
        return Err(AadError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.".to_string(),
        ));
    }
    let client = field("client_id").ok_or_else(|| missing("client_id"))?;
    if !client.eq_ignore_ascii_case(CLIENT_ID) {
        return Err(AadError::new(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            format!(
                "Application with identifier '{client}' was not found in the directory '{TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant."
            ),
        ));
    }
    let Some(secret) = field("client_secret") else {
        return Err(AadError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000216,
            "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.".to_string(),
        ));
    };
    if secret != CLIENT_SECRET {
        return Err(AadError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000215,
            format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{CLIENT_ID}'."
            ),
        ));
    }

    let audience = if v2 {
        let scope = field("scope").ok_or_else(|| missing("scope"))?;
        let Some(resource) = scope.strip_suffix("/.default") else {
            return Err(AadError::new(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                1002012,
                format!(
                    "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
                ),
            ));
        };
        resolve_resource(resource)?
    } else {
        let resource = field("resource").ok_or_else(|| missing("resource"))?;
        resolve_resource(resource)?
    };

    let config = &shared.config;
    let lifetime = config.token_lifetime_secs;
    let (token, expires_at) = shared
        .lock()
        .issue_token(config.roles.clone(), &audience, lifetime);
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let number = |n: i64| {
        if config.expires_in_as_string && !v2 {
            Value::String(n.to_string())
        } else {
            Value::from(n)
        }
    };
    let lifetime = i64::try_from(lifetime).unwrap_or(i64::MAX);
    Ok(if v2 {
        json!({
            "token_type": "Bearer",
            "expires_in": number(lifetime),
            "ext_expires_in": number(lifetime),
            "access_token": token,
        })
    } else {
        json!({
            "token_type": "Bearer",
            "expires_in": number(lifetime),
            "ext_expires_in": number(lifetime),
            "expires_on": number(expires_at.unix_timestamp()),
            "not_before": number(now),
            "resource": audience,
            "access_token": token,
        })
    })
}

fn resolve_resource(resource: &str) -> Result<String, AadError> {
    normalise_audience(resource).ok_or_else(|| {
        AadError::new(
            StatusCode::BAD_REQUEST,
            "invalid_resource",
            500011,
            format!(
                "The resource principal named {resource} was not found in the tenant named {TENANT_ID}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."
            ),
        )
    })
}

/// Checks the `Authorization` header and returns the token's record.
pub(crate) fn authenticate(
    shared: &Shared,
    authorization: Option<&str>,
) -> Result<(String, TokenInfo), ApiError> {
    let token = authorization
        .and_then(|h| {
            let (scheme, rest) = h.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("Authorization header is missing or malformed"))?;
    let info = shared
        .lock()
        .tokens
        .get(token)
        .cloned()
        .ok_or_else(|| ApiError::unauthorized("The access token is invalid"))?;
    if info.revoked || OffsetDateTime::now_utc() >= info.expires_at {
        return Err(ApiError::unauthorized("The access token has expired"));
    }
    if !is_mde_audience(&info.audience) {
        return Err(ApiError::unauthorized(format!(
            "The access token audience '{}' is not valid for this resource",
            info.audience
        )));
    }
    Ok((token.to_string(), info))
}

/// 403 unless the token holds one of `required`.
pub(crate) fn authorize(info: &TokenInfo, required: &[&str]) -> Result<(), ApiError> {
    if required.is_empty() || required.iter().any(|r| info.roles.iter().any(|g| g == r)) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "Forbidden",
        format!(
            "The application does not have any of the required application permissions ({}) to access the resource.",
            required.join(", ")
        ),
    ))
}
