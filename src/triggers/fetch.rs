//! Reading one poll's alerts: the query, and the paging loop with its guards.
//!
//! Each poll asks `GET /api/alerts` for the alerts created at or after the poll's start, oldest
//! first, with their evidence, and pages by `$top`/`$skip`: Defender sends no `@odata.nextLink`
//! when `$top` is set, and its nextLinks have been seen to loop (reference §1.3). Paging stops on
//! a short page, when the poll is full, after [`MAX_PAGES_PER_POLL`] pages, or when a page
//! repeats the one before (a server ignoring `$skip`); whatever was read still counts, and the
//! next poll goes on from there.
//!
//! The loop runs over an [`AlertSource`], so that the property tests can drive it with an
//! in-memory source and injected faults.
//!
//! Query options: get-alerts.md documents `$filter` (on `alertCreationTime` among others),
//! `$top`, `$skip` and `$expand=evidence`, but not `$orderby`. The poll still asks for
//! `$orderby=alertCreationTime asc`, which the service is seen to accept (Rapid7's plugin and
//! Microsoft's own connector send it), because a poll that fills up goes on from the newest
//! alert it read, which is only safe when it read the oldest first. If the service answers 400
//! to it, the page is asked again once without it and [`AlertOrder`] remembers, with a log line, so
//! later polls of the step do not ask for it again.

use super::poll::{odata_time, RawAlert, Round};
use crate::api::{ApiError, ApiPath, Client, Continuation, Page, PagedQuery, Paging};
use async_trait::async_trait;
use std::sync::atomic::{AtomicBool, Ordering as Atomic};
use time::OffsetDateTime;

/// The most pages one poll reads, a guard against a server that never ends a list.
pub const MAX_PAGES_PER_POLL: usize = 100;

/// A paged, oldest-first list of alerts created at or after a time.
#[async_trait]
pub trait AlertSource: Sync {
    /// The page at `from` (the first when `None`) of the alerts created at or after `since`.
    async fn page(
        &self,
        since: OffsetDateTime,
        from: Option<&Continuation>,
    ) -> Result<Page<RawAlert>, ApiError>;
}

/// Reads pages into `round` until the list ends or a guard stops it.
pub async fn read_round(source: &dyn AlertSource, round: &mut Round<'_>) -> Result<(), ApiError> {
    let since = round.since();
    let mut from: Option<Continuation> = None;
    let mut previous_ids: Vec<String> = Vec::new();
    for _ in 0..MAX_PAGES_PER_POLL {
        let page = source.page(since, from.as_ref()).await?;
        let ids: Vec<String> = page
            .items
            .iter()
            .map(|item| item.id().unwrap_or_default().to_owned())
            .collect();
        if !ids.is_empty() && ids == previous_ids {
            tracing::warn!(
                "The alerts API returned the same page twice; this poll stops paging and the next goes on from the newest alert read"
            );
            return Ok(());
        }
        for item in page.items {
            if !round.offer(item) {
                return Ok(());
            }
        }
        match page.next {
            None => return Ok(()),
            Some(_) if round.is_full() => {
                round.stop_full();
                return Ok(());
            }
            Some(next) => from = Some(next),
        }
        previous_ids = ids;
    }
    tracing::warn!(
        "The alerts API returned more than {MAX_PAGES_PER_POLL} pages; this poll stops paging and the next goes on from the newest alert read"
    );
    Ok(())
}

/// Whether the alerts API still gets `$orderby`: yes until it refuses it once. Kept by the
/// trigger for the whole step, so that one refusal costs one extra request, not one a poll.
#[derive(Debug, Default)]
pub struct AlertOrder {
    refused: AtomicBool,
}

impl AlertOrder {
    /// Whether the next query asks for oldest-first order.
    pub fn asked(&self) -> bool {
        !self.refused.load(Atomic::Relaxed)
    }

    fn refuse(&self) {
        if !self.refused.swap(true, Atomic::Relaxed) {
            tracing::warn!(
                "The alerts API refused $orderby (Microsoft's List alerts page does not document it): polls now read alerts in the order the API sends them, page by page. A poll that reaches its cap of {} new alerts may then go on past older alerts it did not read, so keep the poll frequency short enough for the alert rate",
                super::poll::MAX_NEW_PER_POLL
            );
        }
    }
}

/// The alerts API, filtered by the trigger's selection.
pub struct ApiSource<'a> {
    pub client: &'a Client,
    /// A `$filter` clause ANDed with the creation-time bound.
    pub filter: Option<&'a str>,
    pub page_size: u32,
    pub ordering: &'a AlertOrder,
}

impl ApiSource<'_> {
    /// The query for alerts created at or after `since`, oldest first while `ordered`.
    pub fn query(&self, since: OffsetDateTime, ordered: bool) -> PagedQuery {
        let mut filter = format!("alertCreationTime ge {}", odata_time(since));
        if let Some(clause) = self.filter {
            filter.push_str(&format!(" and ({clause})"));
        }
        let mut query = vec![("$filter".to_owned(), filter)];
        if ordered {
            query.push(("$orderby".to_owned(), "alertCreationTime asc".to_owned()));
        }
        // Always: the output documents evidence, users of other plugins asked for it
        // (reference §2.8), and `evidence.*` keys are matched on it.
        query.push(("$expand".to_owned(), "evidence".to_owned()));
        PagedQuery {
            path: ApiPath::new(["api", "alerts"]),
            query,
            paging: Paging::TopSkip {
                page_size: self.page_size,
            },
        }
    }
}

#[async_trait]
impl AlertSource for ApiSource<'_> {
    async fn page(
        &self,
        since: OffsetDateTime,
        from: Option<&Continuation>,
    ) -> Result<Page<RawAlert>, ApiError> {
        let ordered = self.ordering.asked();
        let page = match self
            .client
            .get_page_raw(&self.query(since, ordered), from)
            .await
        {
            // Any 400 is tried once more without `$orderby`: the wording of the refusal is not
            // documented. A 400 for another reason fails again and is returned as it is.
            Err(ApiError::Http { status: 400, .. }) if ordered => {
                let page = self
                    .client
                    .get_page_raw(&self.query(since, false), from)
                    .await?;
                self.ordering.refuse();
                page
            }
            other => other?,
        };
        Ok(Page {
            items: page.items.into_iter().map(RawAlert::new).collect(),
            next: page.next,
        })
    }
}
