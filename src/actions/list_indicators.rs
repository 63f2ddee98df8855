//! List Indicators: the custom indicators matching every filter given, read page by page up to
//! a limit (`GET /api/indicators?$filter=…`).

use super::query::{and_filter, collect, eq, given, limit, odata_string};
use super::Step;
use crate::api::ApiPath;
use crate::protocol::PluginError;
pub use crate::spec::generated::list_indicators::{Input, Output};

pub async fn run(step: &Step<'_>, input: Input) -> Result<Output, PluginError> {
    let limit = limit("Limit", input.limit)?;
    let mut clauses = Vec::new();
    clauses.extend(
        input
            .indicator_type
            .map(|kind| eq("indicatorType", kind.as_str())),
    );
    if let Some(value) = given(&input.indicator_value) {
        clauses.push(format!(
            "indicatorValue eq {}",
            odata_string("Indicator Value", value)?
        ));
    }
    clauses.extend(input.action.map(|action| eq("action", action.as_str())));
    let indicators = collect(
        step,
        ApiPath::new(["api", "indicators"]),
        and_filter(&clauses),
        limit,
    )
    .await?;
    Ok(Output { indicators })
}
