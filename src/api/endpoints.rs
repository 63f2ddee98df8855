//! Which hosts a connection talks to: the cloud's defaults, the connection's overrides, and the
//! checks that keep a secret from crossing the network in clear.

use super::error::ApiError;
use super::ids;
use crate::connection::{Connection, Environment};
use std::net::IpAddr;
use url::{Host, Url};

/// The default hosts of one Microsoft cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloudHosts {
    /// The Defender API base, which is also the OAuth2 resource the token is for.
    pub api: &'static str,
    /// The Entra ID login host.
    pub login: &'static str,
}

/// The hosts of each cloud (reference §1.2).
pub fn cloud_hosts(environment: Environment) -> CloudHosts {
    match environment {
        Environment::Commercial => CloudHosts {
            api: "https://api.securitycenter.microsoft.com",
            login: "https://login.microsoftonline.com",
        },
        Environment::Gcc => CloudHosts {
            api: "https://api-gcc.securitycenter.microsoft.us",
            login: "https://login.microsoftonline.com",
        },
        Environment::GccHigh | Environment::DoD => CloudHosts {
            api: "https://api-gov.securitycenter.microsoft.us",
            login: "https://login.microsoftonline.us",
        },
    }
}

/// Everything the client needs to know about where to send requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The API base, without a trailing slash; request paths are appended to it.
    pub api_base: Url,
    /// `{login}/{tenant}/oauth2/v2.0/token`.
    pub token_url: Url,
    /// `{resource}/.default`; the resource is the cloud's, even when `api_url` is overridden,
    /// because a token's audience is fixed by the cloud, not by the host that serves it.
    pub scope: String,
}

/// Resolves the endpoints of a connection, checking every URL and the tenant ID.
pub fn resolve(connection: &Connection) -> Result<Endpoints, ApiError> {
    let defaults = cloud_hosts(connection.environment);
    let api_base = base_url(API_URL, connection, defaults)?;
    let login_base = base_url(LOGIN_URL, connection, defaults)?;
    // Surrounding spaces are a copy-paste accident, not part of the ID.
    let tenant = ids::tenant_id(connection.directory_id.trim())?;
    let mut token_url = login_base;
    token_url
        .path_segments_mut()
        .map_err(|()| ApiError::InvalidConfig("the login URL cannot have a path".into()))?
        .pop_if_empty()
        // The tenant was validated as a GUID or a DNS name, so it is one plain segment.
        .extend([tenant, "oauth2", "v2.0", "token"]);
    Ok(Endpoints {
        api_base,
        token_url,
        scope: format!("{}/.default", defaults.api),
    })
}

/// A connection field that overrides one of the cloud's base URLs.
#[derive(Clone, Copy)]
struct UrlField {
    /// How messages name the URL.
    label: &'static str,
    /// The connection field, as messages also name it.
    name: &'static str,
    /// The field's value in a connection.
    value: fn(&Connection) -> Option<&str>,
    /// The cloud's URL, used when the field is empty.
    default: fn(CloudHosts) -> &'static str,
}

const API_URL: UrlField = UrlField {
    label: "API URL",
    name: "api_url",
    value: |connection| connection.api_url.as_deref(),
    default: |hosts| hosts.api,
};

const LOGIN_URL: UrlField = UrlField {
    label: "login URL",
    name: "login_url",
    value: |connection| connection.login_url.as_deref(),
    default: |hosts| hosts.login,
};

/// Parses the connection's override of a base URL (or the cloud's default), refusing anything
/// that could leak or misdirect.
fn base_url(
    url_field: UrlField,
    connection: &Connection,
    hosts: CloudHosts,
) -> Result<Url, ApiError> {
    let UrlField {
        label,
        name: field,
        value,
        default,
    } = url_field;
    let default = default(hosts);
    let value = value(connection);
    // The platform sends an unset optional string as "", so empty means "use the default".
    let raw = match value.map(str::trim) {
        Some(v) if !v.is_empty() => v,
        _ => default,
    };
    let mut url = Url::parse(raw).map_err(|e| {
        ApiError::InvalidConfig(format!(
            "the {label} ({field}) is not a valid URL ({e}); use a URL such as {default}"
        ))
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(ApiError::InvalidConfig(format!(
                "the {label} ({field}) uses plain http:// to a host that is not on this machine, \
                 so the application secret or the access token would cross the network \
                 unencrypted; use https:// (for example {default}), or leave {field} empty to use \
                 the environment's default"
            )))
        }
        other => {
            return Err(ApiError::InvalidConfig(format!(
                "the {label} ({field}) has the scheme \"{other}\"; only https:// is supported \
                 (http:// only for a local test server on 127.0.0.1, ::1 or localhost)"
            )))
        }
    }
    // Credentials in the URL would end up in logs and error messages; a query or fragment
    // would be silently mixed into every request. Neither has a use here.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::InvalidConfig(format!(
            "the {label} ({field}) must not contain a user name or password"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ApiError::InvalidConfig(format!(
            "the {label} ({field}) must not contain a query (?…) or fragment (#…); use a URL \
             such as {default}"
        )));
    }
    // A trailing slash is tolerated: paths are appended segment by segment.
    let trimmed = url.path().trim_end_matches('/').to_owned();
    url.set_path(&trimmed);
    Ok(url)
}

/// True when the URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        // `Url` lower-cases domains, so this also covers LOCALHOST.
        Some(Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

/// The host of a URL, for error messages: never the path, query or any credentials.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => "(no host)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::{CredentialSecretKey, Secret};

    fn connection(environment: Environment, api: Option<&str>, login: Option<&str>) -> Connection {
        Connection {
            application_id: "11111111-2222-3333-4444-555555555555".into(),
            application_secret: CredentialSecretKey {
                secret_key: Secret::new("s3cr3t"),
            },
            directory_id: "contoso.onmicrosoft.com".into(),
            environment,
            api_url: api.map(str::to_owned),
            login_url: login.map(str::to_owned),
        }
    }

    #[test]
    fn each_cloud_has_its_hosts_and_scope() {
        let cases = [
            (
                Environment::Commercial,
                "https://api.securitycenter.microsoft.com/",
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "https://api.securitycenter.microsoft.com/.default",
            ),
            (
                Environment::Gcc,
                "https://api-gcc.securitycenter.microsoft.us/",
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "https://api-gcc.securitycenter.microsoft.us/.default",
            ),
            (
                Environment::GccHigh,
                "https://api-gov.securitycenter.microsoft.us/",
                "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "https://api-gov.securitycenter.microsoft.us/.default",
            ),
            (
                Environment::DoD,
                "https://api-gov.securitycenter.microsoft.us/",
                "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "https://api-gov.securitycenter.microsoft.us/.default",
            ),
        ];
        for (env, api, token, scope) in cases {
            let e = resolve(&connection(env, None, None)).unwrap();
            assert_eq!(e.api_base.as_str(), api, "{env:?}");
            assert_eq!(e.token_url.as_str(), token, "{env:?}");
            assert_eq!(e.scope, scope, "{env:?}");
        }
    }

    #[test]
    fn overrides_replace_hosts_empty_means_unset_and_slashes_are_tolerated() {
        let e = resolve(&connection(
            Environment::Commercial,
            Some("https://eu.api.security.microsoft.com/"),
            Some(""),
        ))
        .unwrap();
        assert_eq!(
            e.api_base.as_str(),
            "https://eu.api.security.microsoft.com/"
        );
        assert!(e
            .token_url
            .as_str()
            .starts_with("https://login.microsoftonline.com/"));
        let e = resolve(&connection(
            Environment::Commercial,
            Some("http://127.0.0.1:8080/prefix/"),
            Some("http://localhost:9000//"),
        ))
        .unwrap();
        assert_eq!(e.api_base.as_str(), "http://127.0.0.1:8080/prefix");
        assert_eq!(
            e.token_url.as_str(),
            "http://localhost:9000/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        // The scope stays the cloud's even when the host is overridden.
        assert_eq!(e.scope, "https://api.securitycenter.microsoft.com/.default");
    }

    #[test]
    fn plain_http_is_only_for_loopback() {
        for ok in [
            "http://127.0.0.1:1",
            "http://127.8.9.10",
            "http://[::1]:8080",
            "http://localhost",
            "http://LOCALHOST:80/",
        ] {
            assert!(
                resolve(&connection(Environment::Commercial, Some(ok), None)).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://api.securitycenter.microsoft.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            "http://[::2]",
        ] {
            let err = resolve(&connection(Environment::Commercial, Some(bad), None)).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("unencrypted"), "{bad}: {text}");
            assert!(text.contains("https://"), "{bad}: {text}");
        }
        let err = resolve(&connection(
            Environment::Commercial,
            None,
            Some("http://login.example"),
        ))
        .unwrap_err();
        assert!(err.to_string().contains("login_url"));
    }

    #[test]
    fn other_schemes_credentials_queries_and_garbage_are_refused() {
        for bad in [
            "ftp://api.example.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://user:pw@api.example.com",
            "https://api.example.com/?x=1",
            "https://api.example.com/#x",
            "api.securitycenter.microsoft.com",
            "https://",
        ] {
            let err = resolve(&connection(Environment::Commercial, Some(bad), None));
            assert!(
                matches!(err, Err(ApiError::InvalidConfig(_))),
                "{bad}: {err:?}"
            );
        }
        let Err(ApiError::InvalidConfig(text)) = resolve(&connection(
            Environment::Commercial,
            Some("https://user:hunter2@api.example.com"),
            None,
        )) else {
            panic!("expected InvalidConfig");
        };
        assert!(!text.contains("hunter2"));
    }

    #[test]
    fn the_tenant_is_validated_before_it_enters_the_url() {
        let mut conn = connection(Environment::Commercial, None, None);
        conn.directory_id = "../common".into();
        assert!(matches!(resolve(&conn), Err(ApiError::InvalidId { .. })));
        conn.directory_id = " 72f988bf-86f1-41af-91ab-2d7cd011db47\n".into();
        assert!(resolve(&conn)
            .unwrap()
            .token_url
            .as_str()
            .ends_with("/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token"));
    }

    #[test]
    fn host_of_shows_no_path_or_credentials() {
        let url = Url::parse("https://api.example.com:8443/api/machines?$filter=x").unwrap();
        assert_eq!(host_of(&url), "api.example.com:8443");
    }
}
