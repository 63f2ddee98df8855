//! What the lookup and list actions share: checking free-text inputs, quoting them into OData
//! `$filter` literals so no input can change the query, and reading a collection up to a limit.
//!
//! Everything here runs before a request is built, so an input that fails a check never
//! reaches the API.

use super::{api_error, Step};
use crate::api::paging::MAX_PAGE_SIZE;
use crate::api::{odata, ApiError, ApiPath, Continuation, Entity, PagedQuery, Paging};
pub use crate::protocol::shown;
use crate::protocol::PluginError;
use std::net::IpAddr;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Items asked for per request. Pages of 1,000 keep each answer well inside the request
/// timeout, and even the largest limit (10,000) costs only ten of the 100 calls a minute.
pub const PAGE_SIZE: u32 = 1_000;

/// An optional text input as the user meant it: empty or blank means "not given", because the
/// InsightConnect form sends `""` for a field left untouched.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A required text input without surrounding blanks, or the error naming it when it is blank.
pub fn required_text<'a>(field: &str, value: &'a str) -> Result<&'a str, PluginError> {
    match value.trim() {
        "" => Err(invalid_input(field, "is blank.", "Give a short text.")),
        text => Ok(text),
    }
}

/// An input error that names the field (by its title, as the form shows it) and the fix.
pub fn invalid_input(field: &str, problem: impl AsRef<str>, fix: impl AsRef<str>) -> PluginError {
    PluginError::new(
        format!("The input {field} {}", problem.as_ref()),
        fix.as_ref().to_owned(),
    )
}

/// The OData string literal of the input `field` ([`odata::literal`]), or the error naming it.
pub fn odata_string(field: &str, value: &str) -> Result<String, PluginError> {
    odata::literal(value).map_err(|err| err.to_plugin_error(&format!("The input {field}")))
}

/// Parses an IPv4 or IPv6 address strictly: no CIDR suffix, no port, no zone, no octal-looking
/// leading zeros (the standard library refuses those).
pub fn ip_address(field: &str, value: &str) -> Result<IpAddr, PluginError> {
    value.parse::<IpAddr>().map_err(|_| {
        let hint = if value.contains('/') {
            "CIDR ranges are not supported: give a single address."
        } else {
            "Give a single IPv4 address such as 10.20.4.42 or an IPv6 address such as fd00::42."
        };
        invalid_input(
            field,
            format!("{} is not an IP address.", shown(value)),
            hint,
        )
    })
}

/// Checks a `limit` input and returns it as a page size.
pub fn limit(field: &str, value: i64) -> Result<u32, PluginError> {
    match u32::try_from(value) {
        Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        _ => Err(invalid_input(
            field,
            format!("is {value}, outside the range Defender allows."),
            format!("Give a number from 1 to {MAX_PAGE_SIZE}."),
        )),
    }
}

/// A date input (`field` is its title and name, as the form shows them) as a UTC time: RFC 3339,
/// or the same without an offset, which the form's date picker can send and which Defender's
/// times are in anyway.
pub fn date_time(field: &str, text: &str) -> Result<OffsetDateTime, PluginError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| {
            let local = time::macros::format_description!(
                version = 2,
                "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
            );
            PrimitiveDateTime::parse(text, local).map(|t| t.assume_offset(UtcOffset::UTC))
        })
        .map_err(|_| {
            invalid_input(
                field,
                format!("is {}, which is not a date and time.", shown(text)),
                "Give a date and time such as 2026-11-21T00:00:00Z, or leave it empty.",
            )
        })
}

/// An optional date input ([`date_time`]): `None` when it is empty.
pub fn given_date(
    field: &str,
    value: &Option<String>,
) -> Result<Option<OffsetDateTime>, PluginError> {
    given(value).map(|text| date_time(field, text)).transpose()
}

/// The `$filter` clause `property eq 'value'` for a value the plugin vouches for: a constant of
/// the spec's enums or a validated ID. Free text goes through [`odata_string`] instead.
pub fn eq(property: &str, value: &str) -> String {
    format!("{property} eq {}", odata::quote(value))
}

/// Joins `$filter` clauses with `and`; each clause is already safe on its own.
pub fn and_filter(clauses: &[String]) -> Option<String> {
    (!clauses.is_empty()).then(|| clauses.join(" and "))
}

/// Reads a collection with `$top`/`$skip` (the paging Defender honours reliably, reference
/// §1.3) until `limit` items or the last page.
///
/// A 404 on the collection itself is an empty result: the machines endpoint answers 404 when a
/// tenant has no recent machines.
pub async fn collect<T: Entity>(
    step: &Step<'_>,
    path: ApiPath,
    filter: Option<String>,
    limit: u32,
) -> Result<Vec<T>, PluginError> {
    read(step, path, filter, limit, limit.min(PAGE_SIZE), |_| true).await
}

/// [`collect`] keeping only the items `keep` accepts, for a condition the endpoint cannot
/// filter on. The limit counts kept items, which may be few on a page, so pages are always
/// of [`PAGE_SIZE`]: a small limit must not turn into a request per item.
pub async fn collect_matching<T: Entity>(
    step: &Step<'_>,
    path: ApiPath,
    filter: Option<String>,
    limit: u32,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>, PluginError> {
    read(step, path, filter, limit, PAGE_SIZE, keep).await
}

async fn read<T: Entity>(
    step: &Step<'_>,
    path: ApiPath,
    filter: Option<String>,
    limit: u32,
    page_size: u32,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>, PluginError> {
    let query = PagedQuery {
        path,
        query: filter
            .map(|f| vec![("$filter".to_owned(), f)])
            .unwrap_or_default(),
        paging: Paging::TopSkip { page_size },
    };
    let mut items = Vec::new();
    let mut from: Option<Continuation> = None;
    loop {
        let page = match step.client.get_page(&query, from.as_ref()).await {
            Ok(page) => page,
            Err(ApiError::Http { status: 404, .. }) if from.is_none() => return Ok(Vec::new()),
            Err(err) => return Err(api_error(None)(err)),
        };
        items.extend(page.items.into_iter().filter(|item| keep(item)));
        match page.next {
            Some(next) if items.len() < limit as usize => from = Some(next),
            _ => break,
        }
    }
    items.truncate(limit as usize);
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_cannot_be_a_literal_names_the_input() {
        assert_eq!(odata_string("Tag", "VIP").unwrap(), "'VIP'");
        let err = odata_string("Name Prefix", "a\nb").unwrap_err();
        assert!(
            err.cause.starts_with(r#"The input Name Prefix "a\nb""#),
            "{err}"
        );
    }

    #[test]
    fn ip_addresses_are_parsed_strictly() {
        assert!(ip_address("IP Address", "10.20.4.42").is_ok());
        assert!(ip_address("IP Address", "fd00::42").is_ok());
        for bad in [
            "10.0.0.0/8",
            "010.20.4.42",
            "10.20.4",
            "10.20.4.42:443",
            "10.20.4.42' or 1 eq 1",
            " 10.20.4.42",
            "fe80::1%eth0",
            "",
        ] {
            assert!(ip_address("IP Address", bad).is_err(), "{bad}");
        }
        let err = ip_address("IP Address", "10.0.0.0/8").unwrap_err();
        assert!(err.assistance.contains("CIDR"), "{err}");
    }

    #[test]
    fn limits_stay_within_a_page() {
        assert_eq!(limit("Limit", 1).unwrap(), 1);
        assert_eq!(limit("Limit", 10_000).unwrap(), 10_000);
        for bad in [0, -1, 10_001, i64::MAX] {
            assert!(limit("Limit", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_is_read_with_or_without_an_offset_and_in_utc() {
        use time::macros::datetime;
        let read = |text| date_time("Started After (started_after)", text).ok();
        assert_eq!(
            read("2026-11-21T01:30:00+01:00"),
            Some(datetime!(2026-11-21 00:30:00 UTC))
        );
        assert_eq!(
            read("2026-11-21T00:00:00"),
            Some(datetime!(2026-11-21 00:00:00 UTC))
        );
        assert_eq!(
            read("2026-11-21T00:00:00.250Z"),
            Some(datetime!(2026-11-21 00:00:00.25 UTC))
        );
    }

    #[test]
    fn a_date_that_is_not_a_date_names_the_field() {
        for text in [
            "yesterday",
            "2026-11-21",
            "2026-13-01T00:00:00Z",
            "2026-11-21T00:00:00Z'",
        ] {
            let err = date_time("Created After (created_after)", text).unwrap_err();
            assert!(
                err.cause.contains("Created After (created_after)"),
                "{text}: {err:?}"
            );
        }
    }

    #[test]
    fn blank_inputs_are_not_given() {
        assert_eq!(given(&None), None);
        assert_eq!(given(&Some("  ".into())), None);
        assert_eq!(given(&Some(" x ".into())), Some("x"));
    }
}
