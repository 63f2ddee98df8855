//! Reading collections page by page: `@odata.nextLink` with guards, or `$top`/`$skip`.
//!
//! Defender's nextLinks are not to be trusted blindly: they are absent when `$top` is set, and
//! have been seen to drop parameter names and loop forever (reference §1.3). A followed link
//! must therefore stay on the scheme, host, port and path of the original request (it carries
//! the bearer token, so it must not lead anywhere else) and must move `$skip` forward.
//!
//! The position between pages is a plain value, [`Continuation`], that serializes, so a trigger
//! can keep it between polls and resume with [`Client::get_page`].

use super::entities::{self, Entity};
use super::error::ApiError;
use super::{ApiPath, Client, RawResponse};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashSet;
use url::Url;

/// Defender's largest page ("Maximum page size is 10,000").
pub const MAX_PAGE_SIZE: u32 = 10_000;

/// How a collection is paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Follow `@odata.nextLink` (Defender then pages by 10,000).
    NextLink,
    /// Send `$top=page_size&$skip=n` and stop on a short page; the safe choice (reference §1.3).
    TopSkip { page_size: u32 },
}

/// A collection request. `query` must not hold `$top`/`$skip` when paging by `TopSkip`: the
/// pager sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedQuery {
    pub path: ApiPath,
    pub query: Vec<(String, String)>,
    pub paging: Paging,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Continuation {
    /// A checked nextLink and the `$skip` it carries.
    NextLink { url: String, skip: u64 },
    /// The `$skip` of the next `$top`/`$skip` page.
    Skip { skip: u64 },
}

/// One page of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T = serde_json::Value> {
    pub items: Vec<T>,
    /// `None` when this was the last page.
    pub next: Option<Continuation>,
}

/// The `$skip` of a URL's query, if it has a numeric one.
fn skip_of(url: &Url) -> Option<u64> {
    url.query_pairs()
        .find(|(key, _)| key == "$skip")
        .and_then(|(_, value)| value.parse().ok())
}

/// Checks a nextLink against the URL of the request it came from.
///
/// Returns the link and its `$skip`, which must be greater than `previous_skip`.
pub fn check_next_link(
    request: &Url,
    link: &str,
    previous_skip: u64,
) -> Result<(Url, u64), ApiError> {
    let url = request.join(link).map_err(|e| {
        ApiError::Paging(format!("the service's next-page link is not a URL ({e})"))
    })?;
    let same_place = url.scheme() == request.scheme()
        && url.host_str() == request.host_str()
        && url.port_or_known_default() == request.port_or_known_default()
        && url.path() == request.path()
        && url.username().is_empty()
        && url.password().is_none();
    if !same_place {
        // Following it would send the bearer token to another host or endpoint.
        return Err(ApiError::Paging(format!(
            "the service's next-page link points away from {}{}",
            request.host_str().unwrap_or_default(),
            request.path()
        )));
    }
    match skip_of(&url) {
        Some(skip) if skip > previous_skip => Ok((url, skip)),
        Some(skip) => Err(ApiError::Paging(format!(
            "the service's next-page link does not advance ($skip {skip} after {previous_skip})"
        ))),
        None => Err(ApiError::Paging(
            "the service's next-page link has no $skip, so it may repeat forever".into(),
        )),
    }
}

/// Splits a success body of a collection as the pager does, for the fuzz target (`fuzz/`).
#[doc(hidden)]
pub fn read_collection<T: Entity>(body: &str) -> Result<(Vec<T>, Option<String>), ApiError> {
    let raw = RawResponse {
        status: 200,
        body: body.to_owned(),
    };
    split(&raw, "GET /api/alerts")
}

/// Splits a collection answer into its items and nextLink.
fn split<T: Entity>(raw: &RawResponse, what: &str) -> Result<(Vec<T>, Option<String>), ApiError> {
    let collection = entities::decode_collection(raw, what)?;
    Ok((collection.value, collection.next_link))
}

/// A page read by `@odata.nextLink`, its next link checked against the first request's URL.
fn next_link_page<T: Entity>(
    raw: &RawResponse,
    what: &str,
    request_url: &Url,
    previous_skip: u64,
) -> Result<Page<T>, ApiError> {
    let (items, next) = split(raw, what)?;
    let next = next
        .map(|link| check_next_link(request_url, &link, previous_skip))
        .transpose()?
        .map(|(url, skip)| Continuation::NextLink {
            url: url.into(),
            skip,
        });
    Ok(Page { items, next })
}

impl Client {
    /// [`Client::get_page`] with each item left as JSON text, for a caller that looks at only
    /// a few fields of most items: it builds no tree for them.
    pub async fn get_page_raw(
        &self,
        q: &PagedQuery,
        from: Option<&Continuation>,
    ) -> Result<Page<Box<RawValue>>, ApiError> {
        self.get_page(q, from).await
    }

    /// Reads one page, its items decoded as `T`: the first when `from` is `None`, else the one
    /// `from` points at.
    pub async fn get_page<T: Entity>(
        &self,
        q: &PagedQuery,
        from: Option<&Continuation>,
    ) -> Result<Page<T>, ApiError> {
        let request_url = self.url_for(&q.path);
        let what = format!("GET {}", q.path);
        match (q.paging, from) {
            (Paging::NextLink, None) => {
                let query: Vec<(&str, String)> = q
                    .query
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                let previous = q
                    .query
                    .iter()
                    .find(|(k, _)| k == "$skip")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let raw = self.get_body(&q.path, &query).await?;
                next_link_page(&raw, &what, &request_url, previous)
            }
            (Paging::NextLink, Some(Continuation::NextLink { url, skip })) => {
                // The continuation may come from a trigger's stored state: check it again.
                let (url, skip) = check_next_link(&request_url, url, skip.saturating_sub(1))?;
                let what = format!("GET {}", url.path());
                let raw = self.get_url_body(url).await?;
                next_link_page(&raw, &what, &request_url, skip)
            }
            (Paging::TopSkip { page_size }, from) => {
                let skip = match from {
                    None => 0,
                    Some(Continuation::Skip { skip }) => *skip,
                    Some(other) => {
                        return Err(ApiError::Paging(format!(
                            "a {other:?} continuation does not fit $top/$skip paging"
                        )))
                    }
                };
                if page_size == 0 || page_size > MAX_PAGE_SIZE {
                    return Err(ApiError::Paging(format!(
                        "the page size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}"
                    )));
                }
                let mut query: Vec<(&str, String)> = q
                    .query
                    .iter()
                    .filter(|(k, _)| k != "$top" && k != "$skip")
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                query.push(("$top", page_size.to_string()));
                query.push(("$skip", skip.to_string()));
                let raw = self.get_body(&q.path, &query).await?;
                // The nextLink is ignored here: with $top the service does not send a usable one.
                let (items, _) = split(&raw, &what)?;
                let next =
                    (items.len() as u64 >= u64::from(page_size)).then(|| Continuation::Skip {
                        skip: skip + items.len() as u64,
                    });
                Ok(Page { items, next })
            }
            (Paging::NextLink, Some(other)) => Err(ApiError::Paging(format!(
                "a {other:?} continuation does not fit nextLink paging"
            ))),
        }
    }

    /// Reads every page, at most `max_pages` of them; more is an error rather than a silent cut.
    pub async fn get_all_pages<T: Entity>(
        &self,
        q: &PagedQuery,
        max_pages: usize,
    ) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        let mut seen_links = HashSet::new();
        let mut from: Option<Continuation> = None;
        for _ in 0..max_pages.max(1) {
            let page = self.get_page(q, from.as_ref()).await?;
            items.extend(page.items);
            match page.next {
                None => return Ok(items),
                Some(next) => {
                    if let Continuation::NextLink { url, .. } = &next {
                        if !seen_links.insert(url.clone()) {
                            return Err(ApiError::Paging(
                                "the service's next-page link repeats".into(),
                            ));
                        }
                    }
                    from = Some(next);
                }
            }
        }
        Err(ApiError::Paging(format!(
            "the results span more than {} pages",
            max_pages.max(1)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Url {
        Url::parse("https://api.securitycenter.microsoft.com/api/machines?$filter=x").unwrap()
    }

    #[test]
    fn a_link_on_the_same_endpoint_that_advances_is_accepted() {
        let (url, skip) = check_next_link(
            &request(),
            "https://api.securitycenter.microsoft.com/api/machines?$skip=10000",
            0,
        )
        .unwrap();
        assert_eq!(skip, 10000);
        assert_eq!(url.path(), "/api/machines");
        // Percent-encoded `$` is the same parameter.
        let (_, skip) = check_next_link(
            &request(),
            "https://api.securitycenter.microsoft.com/api/machines?%24filter=x&%24skip=20000",
            10000,
        )
        .unwrap();
        assert_eq!(skip, 20000);
    }

    #[test]
    fn links_elsewhere_are_refused() {
        for link in [
            "https://evil.example/api/machines?$skip=10",
            "http://api.securitycenter.microsoft.com/api/machines?$skip=10",
            "https://api.securitycenter.microsoft.com:8443/api/machines?$skip=10",
            "https://api.securitycenter.microsoft.com/api/indicators?$skip=10",
            "https://user:pw@api.securitycenter.microsoft.com/api/machines?$skip=10",
            "//evil.example/api/machines?$skip=10",
            "../indicators?$skip=10",
        ] {
            let err = check_next_link(&request(), link, 0).unwrap_err();
            assert!(err.to_string().contains("points away"), "{link}: {err}");
        }
    }

    #[test]
    fn links_that_do_not_advance_are_refused() {
        let base = "https://api.securitycenter.microsoft.com/api/machines";
        for (link, previous) in [
            (format!("{base}?$skip=10000"), 10000),
            (format!("{base}?$skip=5"), 10000),
            (format!("{base}?10000"), 0),
            (format!("{base}?$skip=abc"), 0),
            (base.to_owned(), 0),
        ] {
            assert!(
                matches!(
                    check_next_link(&request(), &link, previous),
                    Err(ApiError::Paging(_))
                ),
                "{link}"
            );
        }
    }

    #[test]
    fn continuations_round_trip_through_json() {
        for c in [
            Continuation::Skip { skip: 200 },
            Continuation::NextLink {
                url: "https://h/api/alerts?$skip=10000".into(),
                skip: 10000,
            },
        ] {
            let text = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Continuation>(&text).unwrap(), c);
        }
        assert_eq!(
            serde_json::to_string(&Continuation::Skip { skip: 5 }).unwrap(),
            r#"{"kind":"skip","skip":5}"#
        );
    }
}
