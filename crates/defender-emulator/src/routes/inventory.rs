//! `/api/machines/{id}/software`, `…/vulnerabilities`, `…/recommendations` and
//! `…/getmissingkbs`: Defender Vulnerability Management's view of one machine, derived from
//! the installed products of the state and the catalog of `crate::inventory`.
//!
//! The organization-wide numbers (exposed machines, weaknesses) count the machines the state
//! still holds, and "active alert" means an alert not resolved on an exposed machine.

use serde_json::{json, Value};

use super::{collection, documented, refuse_undocumented, Inventory, Req};
use crate::errors::{ApiError, Reply};
use crate::inventory::{cves_of, fixes, older, product, Cve, Fix, Installed, KBS};
use crate::state::State;
use crate::Config;

/// Answers one of the four routes for the machine of that 40-hex ID; 404 for any other.
pub(super) fn get(
    state: &mut State,
    config: &Config,
    req: &Req,
    machine: &str,
    kind: Inventory,
) -> Result<Reply, ApiError> {
    refuse_undocumented(req, config, documented::NONE)?;
    let index = state
        .machine_index_by_id(machine)
        .ok_or_else(|| ApiError::not_found(format!("Machine {machine} was not found")))?;
    let id = state.machines[index]["id"].as_str().unwrap_or_default();
    let rows: Vec<&Installed> = state
        .installed
        .iter()
        .filter(|row| row.machine.eq_ignore_ascii_case(id))
        .collect();
    let (what, items) = match kind {
        Inventory::Software => ("Software", software(state, &rows)),
        Inventory::Vulnerabilities => (
            "Collection(Analytics.Contracts.PublicAPI.PublicVulnerabilityDto)",
            vulnerabilities(state, &rows),
        ),
        Inventory::Recommendations => ("Recommendations", recommendations(state, &rows)),
        Inventory::MissingKbs => (
            "Collection(microsoft.windowsDefenderATP.api.PublicProductFixDto)",
            missing_kbs(state, &rows),
        ),
    };
    Ok(Reply::ok(collection(req, what, items)))
}

/// The rows of machines the state still holds.
fn present<'a>(state: &'a State) -> impl Iterator<Item = &'a Installed> + 'a {
    state
        .installed
        .iter()
        .filter(|row| state.machine_index_by_id(&row.machine).is_some())
}

/// The machines exposed to `cve`, through `product` only when one is given.
fn exposed_to(state: &State, cve: &Cve, product: Option<&str>) -> Vec<String> {
    present(state)
        .filter(|row| product.is_none_or(|p| row.product == p))
        .filter(|row| cves_of(row).any(|(c, _)| c.id == cve.id))
        .map(|row| row.machine.clone())
        .collect()
}

/// The machines on which `product` has a vulnerability.
fn exposed_by(state: &State, product: &str) -> Vec<String> {
    present(state)
        .filter(|row| row.product == product && cves_of(row).next().is_some())
        .map(|row| row.machine.clone())
        .collect()
}

/// The vulnerabilities of `product` that some machine of the state has.
fn weaknesses(state: &State, product: &str) -> Vec<&'static Cve> {
    fixes()
        .filter(|(cve, fix)| {
            fix.product == product && !exposed_to(state, cve, Some(product)).is_empty()
        })
        .map(|(cve, _)| cve)
        .collect()
}

fn active_alert(state: &State, machines: &[String]) -> bool {
    state.alerts.iter().any(|a| {
        a["status"] != "Resolved"
            && a["machineId"]
                .as_str()
                .is_some_and(|m| machines.iter().any(|e| e.eq_ignore_ascii_case(m)))
    })
}

/// Hundredths, so that sums of scores read as Defender's do.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The emulator's exposure score impact of `product`: the CVSS of each of its vulnerabilities
/// weighted by the share of machines exposed to it through the product.
fn impact(state: &State, product: &str) -> f64 {
    let machines = state.machines.len().max(1) as f64;
    round(
        weaknesses(state, product)
            .iter()
            .map(|c| c.cvss * exposed_to(state, c, Some(product)).len() as f64 / machines)
            .sum(),
    )
}

/// software.md's properties, in get-installed-software.md's order.
fn software(state: &State, rows: &[&Installed]) -> Vec<Value> {
    rows.iter()
        .filter_map(|row| product(&row.product).map(|p| (row, p)))
        .map(|(row, p)| {
            let weaknesses = weaknesses(state, &row.product);
            let exposed = exposed_by(state, &row.product);
            json!({
                "id": row.product,
                "name": p.name,
                "vendor": p.vendor,
                "weaknesses": weaknesses.len(),
                "publicExploit": weaknesses.iter().any(|c| c.public_exploit),
                "activeAlert": active_alert(state, &exposed),
                "exposedMachines": exposed.len(),
                "impactScore": impact(state, &row.product),
            })
        })
        .collect()
}

/// vulnerability.md's properties, in get-discovered-vulnerabilities.md's order.
fn vulnerabilities(state: &State, rows: &[&Installed]) -> Vec<Value> {
    rows.iter()
        .flat_map(|row| cves_of(row))
        .map(|(c, _)| {
            json!({
                "id": c.id,
                "name": c.id,
                "description": c.description,
                "severity": c.severity,
                "cvssV3": c.cvss,
                "cvssVector": c.vector,
                "exposedMachines": exposed_to(state, c, None).len(),
                "publishedOn": c.published,
                "updatedOn": c.updated,
                "publicExploit": c.public_exploit,
                "exploitVerified": c.exploit_verified,
                "exploitInKit": c.exploit_in_kit,
                "exploitTypes": c.exploit_types,
                "exploitUris": c.exploit_uris,
                "cveSupportability": "Supported",
                "epss": c.epss,
            })
        })
        .collect()
}

/// recommendation.md's properties, in get-security-recommendations.md's order: one update per
/// vulnerable product, to the version that fixes all its vulnerabilities.
fn recommendations(state: &State, rows: &[&Installed]) -> Vec<Value> {
    rows.iter()
        .filter_map(|row| product(&row.product).map(|p| (row, p)))
        .filter_map(|(row, p)| {
            let (cves, lacking): (Vec<&Cve>, Vec<&Fix>) = cves_of(row).unzip();
            let fixed =
                lacking
                    .iter()
                    .map(|fix| fix.fixed_in)
                    .reduce(|a, b| if older(a, b) { b } else { a })?;
            let exposed = exposed_by(state, &row.product);
            let critical = exposed
                .iter()
                .filter_map(|m| state.machine_index_by_id(m))
                .filter(|&i| state.machines[i]["deviceValue"] == "High")
                .count();
            let threats: Vec<&str> = cves.iter().filter_map(|c| c.threat).collect();
            Some(json!({
                "id": format!("va-_-{}", row.product),
                "productName": p.name,
                "recommendationName": format!("Update {} to version {fixed}", p.component),
                "weaknesses": cves.len(),
                "vendor": p.vendor,
                "recommendedVersion": fixed,
                "recommendedProgram": null,
                "recommendedVendor": null,
                "recommendationCategory": p.category,
                "subCategory": "",
                "severityScore": cves.iter().map(|c| c.cvss).fold(0.0, f64::max),
                "publicExploit": cves.iter().any(|c| c.public_exploit),
                "activeAlert": active_alert(state, &exposed),
                "associatedThreats": threats,
                "remediationType": "Update",
                "status": "Active",
                "configScoreImpact": 0.0,
                "exposureImpact": impact(state, &row.product),
                "totalMachineCount": present(state).filter(|r| r.product == row.product).count(),
                "exposedMachinesCount": exposed.len(),
                "nonProductivityImpactedAssets": 0,
                "relatedComponent": p.component,
                "exposedCriticalDevices": critical,
            }))
        })
        .collect()
}

/// get-missing-kbs-machine.md's fields: each update that fixes a vulnerability of the machine.
fn missing_kbs(state: &State, rows: &[&Installed]) -> Vec<Value> {
    let missing: Vec<&str> = rows
        .iter()
        .flat_map(|row| cves_of(row))
        .filter_map(|(_, fix)| fix.kb)
        .collect();
    KBS.iter()
        .filter(|kb| missing.contains(&kb.id))
        .map(|kb| {
            let by_kb = |fix: &Fix| fix.kb == Some(kb.id);
            let addressed: Vec<&Fix> = fixes().map(|(_, fix)| fix).filter(|f| by_kb(f)).collect();
            let mut products: Vec<&str> = Vec::new();
            for name in addressed.iter().filter_map(|f| product(f.product)).map(|p| p.name) {
                if !products.contains(&name) {
                    products.push(name);
                }
            }
            let mut machines: Vec<&str> = present(state)
                .filter(|row| cves_of(row).any(|(_, fix)| by_kb(fix)))
                .map(|row| row.machine.as_str())
                .collect();
            machines.sort_unstable();
            machines.dedup();
            json!({
                "id": kb.id,
                "name": kb.name,
                "productsNames": products,
                "url": format!("https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB{}", kb.id),
                "machineMissedOn": machines.len(),
                "cveAddressed": addressed.len(),
            })
        })
        .collect()
}
