//! Submit Indicator: create a custom indicator, or update the one with the same value and type
//! (`POST /api/indicators` with the camelCase body Defender expects).
//!
//! Defender's own rules for indicators (reference §1.7) are checked here before anything is
//! sent, so a workflow learns which input is wrong and how to fix it instead of reading a bare
//! `InvalidInput`: the value must have its type's form, CIDR ranges are not supported, Audit
//! needs Generate Alert, and blocking-and-remediating only exists for files and certificates.

use super::query::{given, invalid_input, ip_address, required_text, shown};
use super::{api_error, Step};
use crate::api::ids::is_domain_name;
use crate::protocol::PluginError;
use crate::spec::generated::submit_indicator::{Action, IndicatorType};
pub use crate::spec::generated::submit_indicator::{Input, Output};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let body = body(&input, step.ctx.time.clock.now())?;
    let stored = step
        .client
        .submit_indicator(&Value::Object(body))
        .await
        .map_err(api_error(None))?;
    Ok(Output { indicator: stored })
}

/// The request body, after every rule has been checked.
pub fn body(input: &Input, now: OffsetDateTime) -> Result<Map<String, Value>, PluginError> {
    let value = input.indicator_value.trim();
    check_value(input.indicator_type, value)?;
    check_action(input)?;
    let mut body = Map::new();
    let mut put = |key: &str, value: Value| {
        body.insert(key.to_owned(), value);
    };
    put("indicatorValue", value.into());
    put("indicatorType", input.indicator_type.as_str().into());
    put("action", input.action.as_str().into());
    put("title", required_text("Title", &input.title)?.into());
    put(
        "description",
        required_text("Description", &input.description)?.into(),
    );
    put("severity", input.severity.as_str().into());
    put("generateAlert", input.generate_alert.into());
    if let Some(expiration) = given(&input.expiration_time) {
        put("expirationTime", expiration_time(expiration, now)?.into());
    }
    if let Some(actions) = given(&input.recommended_actions) {
        put("recommendedActions", actions.into());
    }
    Ok(body)
}

fn check_action(input: &Input) -> Result<(), PluginError> {
    let network = matches!(
        input.indicator_type,
        IndicatorType::IpAddress | IndicatorType::DomainName | IndicatorType::Url
    );
    match input.action {
        Action::Audit if !input.generate_alert => Err(invalid_input(
            "Action",
            "is Audit, which Defender accepts only with Generate Alert set to true.",
            "Set Generate Alert to true, or choose another action.",
        )),
        Action::BlockAndRemediate if network => Err(invalid_input(
            "Action",
            format!(
                "is BlockAndRemediate, which applies to files and certificates, not to the \
                 indicator type {}.",
                input.indicator_type.as_str()
            ),
            "Choose Block for an IP address, a domain name or a URL.",
        )),
        _ => Ok(()),
    }
}

/// The value must have the form of its type, as Defender checks it.
fn check_value(kind: IndicatorType, value: &str) -> Result<(), PluginError> {
    const FIELD: &str = "Indicator Value";
    let hex = |len: usize, what: &str| {
        if value.len() == len && value.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(())
        } else {
            Err(invalid_input(
                FIELD,
                format!(
                    "{} is not a valid {} value for the type {}.",
                    shown(value),
                    what,
                    kind.as_str()
                ),
                format!("Give {what}: exactly {len} hexadecimal characters."),
            ))
        }
    };
    match kind {
        IndicatorType::FileSha1 => hex(40, "SHA-1 hash"),
        IndicatorType::FileSha256 => hex(64, "SHA-256 hash"),
        IndicatorType::FileMd5 => hex(32, "MD5 hash"),
        IndicatorType::CertificateThumbprint => hex(40, "certificate thumbprint (SHA-1)"),
        IndicatorType::IpAddress => ip_address(FIELD, value).map(|_| ()),
        IndicatorType::DomainName if is_domain_name(value) => Ok(()),
        IndicatorType::DomainName => Err(invalid_input(
            FIELD,
            format!("{} is not a domain name.", shown(value)),
            "Give a domain name such as malicious.example.com, without a scheme, path or port \
             (use the type Url for those).",
        )),
        IndicatorType::Url if is_url(value) => Ok(()),
        IndicatorType::Url => Err(invalid_input(
            FIELD,
            format!("{} is not a URL.", shown(value)),
            "Give a URL such as https://malicious.example.com/payload, with the HTTP or HTTPS \
             scheme or none, a host name and no spaces.",
        )),
    }
}

/// An http(s) URL, or one without a scheme, whose host is a domain name or an IP address.
fn is_url(value: &str) -> bool {
    if value.is_empty()
        || value.len() > 2048
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let full = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    match url::Url::parse(&full) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => match url.host() {
            Some(url::Host::Domain(host)) => is_domain_name(host),
            Some(_) => true,
            None => false,
        },
        _ => false,
    }
}

/// An RFC 3339 time in the future, sent back in UTC.
fn expiration_time(value: &str, now: OffsetDateTime) -> Result<String, PluginError> {
    const FIELD: &str = "Expiration Time";
    let parsed = OffsetDateTime::parse(value, &Rfc3339).map_err(|_| {
        invalid_input(
            FIELD,
            format!("{} is not a date and time.", shown(value)),
            "Give a date and time in RFC 3339 form, such as 2027-01-31T00:00:00Z, or leave it \
             empty for an indicator that never expires.",
        )
    })?;
    if parsed <= now {
        return Err(invalid_input(
            FIELD,
            format!("{} is in the past.", shown(value)),
            "Give a time in the future, or leave it empty for an indicator that never expires.",
        ));
    }
    parsed
        .to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .map_err(|err| {
            invalid_input(
                FIELD,
                format!("cannot be written ({err})."),
                "Give another time.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_have_the_form_of_their_type() {
        use IndicatorType as T;
        let sha1 = "f29d0da9953f48f1a09f76b5a170b33839263059";
        let sha256 = "0becd7b03898d190f9ebdacc0cb1e29c658cda1495e60af593bd04cf0fd630f1";
        let md5 = "4a23d5962217beaddbc496cb8e81973e";
        let accepted: &[(T, &[&str])] = &[
            (T::FileSha1, &[sha1]),
            (T::FileSha256, &[sha256]),
            (T::FileMd5, &[md5]),
            (T::CertificateThumbprint, &[sha1]),
            (T::IpAddress, &["185.220.101.47", "2001:db8::47"]),
            (T::DomainName, &["invoke-update.example.net"]),
            (
                T::Url,
                &[
                    "https://invoke-update.example.net/a?b=c",
                    "invoke-update.example.net/payload",
                    "http://185.220.101.47/x",
                ],
            ),
        ];
        for (kind, values) in accepted {
            for value in *values {
                assert!(check_value(*kind, value).is_ok(), "{kind:?} {value}");
            }
        }
        // Each refused value, and what the cause says of it.
        let refused: &[(T, &[&str], &str)] = &[
            (
                T::FileSha1,
                &[sha256, "g29d0da9953f48f1a09f76b5a170b33839263059"],
                "not a valid SHA-1 hash",
            ),
            (T::FileSha256, &[sha1], "not a valid SHA-256 hash"),
            (T::FileMd5, &[sha1], "not a valid MD5 hash"),
            (
                T::IpAddress,
                &["10.0.0.0/8", "evil.example.com"],
                "not an IP address",
            ),
            (
                T::DomainName,
                &[
                    "https://evil.example.com",
                    "evil",
                    "evil.example.com/x",
                    "10.0.0.1",
                ],
                "not a domain name",
            ),
            (
                T::Url,
                &[
                    "ftp://evil.example.com",
                    "https://evil example.com",
                    "javascript:alert(1)",
                ],
                "not a URL",
            ),
        ];
        for (kind, values, cause) in refused {
            for value in *values {
                let err = check_value(*kind, value).unwrap_err();
                assert!(err.cause.contains(cause), "{kind:?} {value}: {err:?}");
            }
        }
    }

    #[test]
    fn expiration_times_must_be_rfc_3339_and_in_the_future() {
        let now = OffsetDateTime::parse("2026-11-30T12:00:00Z", &Rfc3339).unwrap();
        assert_eq!(
            expiration_time("2027-01-31T01:00:00+01:00", now).unwrap(),
            "2027-01-31T00:00:00Z"
        );
        assert!(expiration_time("2026-11-29T00:00:00Z", now).is_err());
        assert!(expiration_time("tomorrow", now).is_err());
        assert!(expiration_time("2027-01-31", now).is_err());
    }
}
