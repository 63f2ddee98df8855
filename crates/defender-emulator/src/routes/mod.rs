//! Path resolution and the helpers shared by the API areas.
//!
//! Fixed segments match case-insensitively (`StopAndQuarantineFile` and
//! `stopandquarantinefile` are the same endpoint in Defender); ids keep their case.
//! `/api/v1.0/...` is an alias of `/api/...`. Handlers are synchronous and run with
//! the state locked.

mod actions;
mod alerts;
mod files;
mod hunting;
mod indicators;
mod inventory;
mod investigations;
pub(crate) mod library;
mod live_response;
mod machines;
mod observed;
mod users;

use axum::http::{Method, StatusCode};
use serde_json::{json, Map, Value};

use super::errors::{ApiError, Reply};
use super::odata::QueryOptions;
use super::state::State;
use super::{Config, NextLinkMode, UndocumentedOptions};

pub(crate) use actions::ActionKind;
pub(crate) use live_response::{blob, BLOB_PREFIX};

/// The parts of a request the handlers look at.
pub(crate) struct Req<'a> {
    /// Path as sent, used to build nextLinks.
    pub path: &'a str,
    /// Raw query string.
    pub query: &'a str,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    pub base_url: &'a str,
}

/// Alert navigation properties served under `/alerts/{id}/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Related {
    Machine,
    Files,
    User,
    Ips,
    Domains,
}

/// What Defender Vulnerability Management serves under `/machines/{id}/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inventory {
    Software,
    Vulnerabilities,
    Recommendations,
    MissingKbs,
}

/// A resolved API endpoint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route {
    Alerts {
        count: bool,
    },
    Alert(String),
    UpdateAlert(String),
    BatchUpdateAlerts,
    CreateAlertByReference,
    AlertRelated(String, Related),
    Machines {
        count: bool,
    },
    Machine(String),
    FindByIp(String),
    FindByTag,
    MachineTags(String),
    TagMachines,
    MachineAlerts {
        machine: String,
        count: bool,
    },
    /// `/api/users/{id}/alerts` and `/api/users/{id}/machines`, by account name.
    UserAlerts(String),
    UserMachines(String),
    MachineLogonUsers(String),
    /// A machine's software, vulnerabilities, recommendations or missing KBs.
    MachineInventory(String, Inventory),
    MachineAction(String, ActionKind),
    StartInvestigation(String),
    RunLiveResponse(String),
    /// An action and the function's arguments (`index=0`).
    LiveResponseLink(String, String),
    Investigations,
    Investigation(String),
    Actions {
        count: bool,
    },
    Action(String),
    CancelAction(String),
    PackageUri(String),
    Hunting,
    Indicators {
        count: bool,
    },
    SubmitIndicator,
    ImportIndicators,
    BatchDeleteIndicators,
    DeleteIndicator(String),
    File(String),
    LibraryFiles,
    UploadLibraryFile,
    DeleteLibraryFile(String),
    /// `/files/{id}/stats`, `/ips/{ip}/stats`, `/domains/{domain}/stats`.
    Stats(Observed, String),
    /// `/files/{id}/alerts`, `/ips/{ip}/alerts`, `/domains/{domain}/alerts`.
    RelatedAlerts(Observed, String),
    /// `/files/{id}/machines`, `/domains/{domain}/machines`.
    RelatedMachines(Observed, String),
}

/// What the statistics and related lists are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Observed {
    File,
    Ip,
    Domain,
}

impl Observed {
    fn collection(self) -> &'static str {
        match self {
            Observed::File => "files",
            Observed::Ip => "ips",
            Observed::Domain => "domains",
        }
    }
}

const READ_ALERTS: &[&str] = &["Alert.Read.All", "Alert.ReadWrite.All"];
const WRITE_ALERTS: &[&str] = &["Alert.ReadWrite.All"];
const READ_MACHINES: &[&str] = &["Machine.Read.All", "Machine.ReadWrite.All"];
/// add-or-remove-machine-tags.md and add-or-remove-multiple-machine-tags.md.
const WRITE_MACHINES: &[&str] = &["Machine.ReadWrite.All"];
const INDICATORS: &[&str] = &["Ti.ReadWrite", "Ti.ReadWrite.All"];
const FILES: &[&str] = &["File.Read.All"];
/// list-library-files.md, upload-library.md and delete-library.md.
const LIBRARY: &[&str] = &["Library.Manage"];
/// Cancelling needs any one of the response-action permissions.
const ANY_ACTION: &[&str] = &[
    "Machine.Isolate",
    "Machine.Scan",
    "Machine.StopAndQuarantine",
    "Machine.RestrictExecution",
    "Machine.CollectForensics",
    "Machine.Offboard",
    "Machine.LiveResponse",
];

impl Route {
    /// The application permissions of which one is needed (defender-api.md §1.1).
    pub(crate) fn required_roles(&self) -> &'static [&'static str] {
        match self {
            Route::Alerts { .. }
            | Route::Alert(_)
            | Route::MachineAlerts { .. }
            | Route::UserAlerts(_) => READ_ALERTS,
            // get-user-related-machines.md lists Machine.ReadWrite.All only.
            Route::UserMachines(_) => WRITE_MACHINES,
            // get-machine-log-on-users.md.
            Route::MachineLogonUsers(_) => &["User.Read.All"],
            // get-installed-software.md and get-missing-kbs-machine.md: Software.Read.All;
            // get-discovered-vulnerabilities.md and get-security-recommendations.md.
            Route::MachineInventory(_, kind) => match kind {
                Inventory::Software | Inventory::MissingKbs => &["Software.Read.All"],
                Inventory::Vulnerabilities => &["Vulnerability.Read.All"],
                Inventory::Recommendations => &["SecurityRecommendation.Read.All"],
            },
            // update-alert.md and batch-update-alerts.md.
            Route::UpdateAlert(_) | Route::BatchUpdateAlerts => WRITE_ALERTS,
            // create-alert-by-reference.md.
            Route::CreateAlertByReference => WRITE_ALERTS,
            Route::AlertRelated(_, r) => match r {
                Related::Machine => READ_MACHINES,
                Related::Files => FILES,
                Related::User => &["User.Read.All"],
                Related::Ips => &["Ip.Read.All"],
                Related::Domains => &["URL.Read.All"],
            },
            Route::Machines { .. }
            | Route::Machine(_)
            | Route::FindByIp(_)
            | Route::FindByTag
            | Route::Actions { .. }
            | Route::Action(_)
            | Route::PackageUri(_)
            // get-live-response-result.md lists Machine.Read.All and Machine.ReadWrite.All for
            // applications, and Machine.LiveResponse for delegated access only.
            | Route::LiveResponseLink(..) => READ_MACHINES,
            Route::RunLiveResponse(_) => &["Machine.LiveResponse"],
            Route::MachineTags(_) | Route::TagMachines => WRITE_MACHINES,
            Route::MachineAction(_, kind) => kind.roles(),
            // initiate-autoir-investigation.md: Alert.ReadWrite.All.
            Route::StartInvestigation(_) => WRITE_ALERTS,
            // get-investigation-collection.md and get-investigation-object.md.
            Route::Investigations | Route::Investigation(_) => READ_ALERTS,
            Route::CancelAction(_) => ANY_ACTION,
            Route::Hunting => &["AdvancedQuery.Read.All"],
            Route::Indicators { .. }
            | Route::SubmitIndicator
            | Route::DeleteIndicator(_)
            // import-ti-indicators.md and batch-delete-ti-indicators.md.
            | Route::ImportIndicators
            | Route::BatchDeleteIndicators => INDICATORS,
            Route::File(_) => FILES,
            Route::LibraryFiles | Route::UploadLibraryFile | Route::DeleteLibraryFile(_) => LIBRARY,
            // get-file-statistics.md, get-ip-statistics.md, get-domain-statistics.md.
            Route::Stats(observed, _) => match observed {
                Observed::File => FILES,
                Observed::Ip => &["Ip.Read.All"],
                Observed::Domain => &["URL.Read.All"],
            },
            // get-file-related-alerts.md and get-ip-related-alerts.md list Alert.Read.All;
            // get-domain-related-alerts.md lists only Alert.ReadWrite.All.
            Route::RelatedAlerts(Observed::Domain, _) => WRITE_ALERTS,
            Route::RelatedAlerts(..) => READ_ALERTS,
            Route::RelatedMachines(..) => READ_MACHINES,
        }
    }

    /// Microsoft's own per-minute limit of an endpoint below the common one (§1.8), applied
    /// when rate limiting is on.
    pub(crate) fn per_minute_cap(&self) -> Option<u32> {
        match self {
            Route::PackageUri(_) => Some(2),
            // batch-update-alerts.md: 10 calls a minute (and 500 an hour).
            Route::BatchUpdateAlerts => Some(10),
            // create-alert-by-reference.md: 15 calls a minute.
            Route::CreateAlertByReference => Some(15),
            // import-ti-indicators.md and batch-delete-ti-indicators.md: 30 calls a minute.
            Route::ImportIndicators | Route::BatchDeleteIndicators => Some(30),
            // run-live-response.md and get-live-response-result.md, "Limitations".
            Route::RunLiveResponse(_) => Some(10),
            Route::LiveResponseLink(..) => Some(100),
            // get-discovered-vulnerabilities.md: 50 calls a minute.
            Route::MachineInventory(_, Inventory::Vulnerabilities) => Some(50),
            // get-user-related-alerts.md, get-user-related-machines.md and
            // get-machine-log-on-users.md: 100 calls a minute.
            Route::UserAlerts(_) | Route::UserMachines(_) | Route::MachineLogonUsers(_) => {
                Some(100)
            }
            // The library pages: 100 calls a minute (and 1,500 an hour).
            Route::LibraryFiles | Route::UploadLibraryFile | Route::DeleteLibraryFile(_) => {
                Some(100)
            }
            _ => None,
        }
    }

    /// The endpoint class a rate-limit window is kept for.
    pub(crate) fn rate_key(&self) -> String {
        match self {
            Route::Alerts { .. } => "alerts".into(),
            Route::Alert(_) | Route::UpdateAlert(_) => "alerts/{id}".into(),
            Route::BatchUpdateAlerts => "alerts/batchUpdate".into(),
            Route::CreateAlertByReference => "alerts/CreateAlertByReference".into(),
            Route::AlertRelated(_, r) => format!("alerts/{{id}}/{r:?}"),
            Route::Machines { .. } => "machines".into(),
            Route::Machine(_) => "machines/{id}".into(),
            Route::FindByIp(_) => "machines/findbyip".into(),
            Route::FindByTag => "machines/findbytag".into(),
            Route::MachineTags(_) => "machines/{id}/tags".into(),
            Route::TagMachines => "machines/AddOrRemoveTagForMultipleMachines".into(),
            Route::MachineAlerts { .. } => "machines/{id}/alerts".into(),
            Route::UserAlerts(_) => "users/{id}/alerts".into(),
            Route::UserMachines(_) => "users/{id}/machines".into(),
            Route::MachineLogonUsers(_) => "machines/{id}/logonusers".into(),
            Route::MachineInventory(_, kind) => format!("machines/{{id}}/{kind:?}"),
            Route::MachineAction(_, kind) => format!("machines/{{id}}/{}", kind.type_name()),
            Route::StartInvestigation(_) => "machines/{id}/startInvestigation".into(),
            Route::RunLiveResponse(_) => "machines/{id}/runliveresponse".into(),
            Route::LiveResponseLink(..) => {
                "machineactions/{id}/GetLiveResponseResultDownloadLink".into()
            }
            Route::Investigations => "investigations".into(),
            Route::Investigation(_) => "investigations/{id}".into(),
            Route::Actions { .. } => "machineactions".into(),
            Route::Action(_) => "machineactions/{id}".into(),
            Route::CancelAction(_) => "machineactions/{id}/cancel".into(),
            Route::PackageUri(_) => "machineactions/{id}/getPackageUri".into(),
            Route::Hunting => "advancedqueries/run".into(),
            Route::Indicators { .. } | Route::SubmitIndicator => "indicators".into(),
            Route::DeleteIndicator(_) => "indicators/{id}".into(),
            Route::ImportIndicators => "indicators/import".into(),
            Route::BatchDeleteIndicators => "indicators/BatchDelete".into(),
            Route::File(_) => "files/{id}".into(),
            Route::LibraryFiles | Route::UploadLibraryFile => "libraryfiles".into(),
            Route::DeleteLibraryFile(_) => "libraryfiles/{fileName}".into(),
            Route::Stats(observed, _) => format!("{}/{{id}}/stats", observed.collection()),
            Route::RelatedAlerts(observed, _) => format!("{}/{{id}}/alerts", observed.collection()),
            Route::RelatedMachines(observed, _) => {
                format!("{}/{{id}}/machines", observed.collection())
            }
        }
    }
}

/// Maps method and path to a route: 404 for unknown paths, 405 for a known path with
/// the wrong method.
pub(crate) fn resolve(method: &Method, path: &str) -> Result<Route, ApiError> {
    let not_found = || ApiError::no_route(path);
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("api")) {
        segs.remove(0);
    } else {
        return Err(not_found());
    }
    if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("v1.0")) {
        segs.remove(0);
    }
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let l: Vec<&str> = lower.iter().map(String::as_str).collect();
    let id = |i: usize| segs[i].clone();
    let m = method.as_str();

    let candidates: Vec<(&str, Route)> = match l.as_slice() {
        ["alerts"] => vec![("GET", Route::Alerts { count: false })],
        ["alerts", "$count"] => vec![("GET", Route::Alerts { count: true })],
        ["alerts", "batchupdate"] => vec![("POST", Route::BatchUpdateAlerts)],
        ["alerts", "createalertbyreference"] => vec![("POST", Route::CreateAlertByReference)],
        ["alerts", _] => vec![
            ("GET", Route::Alert(id(1))),
            ("PATCH", Route::UpdateAlert(id(1))),
        ],
        ["alerts", _, rel] => {
            let related = match *rel {
                "machine" => Related::Machine,
                "files" => Related::Files,
                "user" => Related::User,
                "ips" => Related::Ips,
                "domains" => Related::Domains,
                _ => return Err(not_found()),
            };
            vec![("GET", Route::AlertRelated(id(1), related))]
        }
        ["machines"] => vec![("GET", Route::Machines { count: false })],
        ["machines", "$count"] => vec![("GET", Route::Machines { count: true })],
        ["machines", "findbytag"] => vec![("GET", Route::FindByTag)],
        ["machines", "addorremovetagformultiplemachines"] => vec![("POST", Route::TagMachines)],
        ["machines", seg] if seg.starts_with("findbyip(") && seg.ends_with(')') => {
            let args = &segs[1]["findbyip(".len()..segs[1].len() - 1];
            vec![("GET", Route::FindByIp(args.to_string()))]
        }
        ["machines", _] => vec![("GET", Route::Machine(id(1)))],
        ["machines", _, "alerts"] => vec![(
            "GET",
            Route::MachineAlerts {
                machine: id(1),
                count: false,
            },
        )],
        ["machines", _, "alerts", "$count"] => vec![(
            "GET",
            Route::MachineAlerts {
                machine: id(1),
                count: true,
            },
        )],
        ["machines", _, "tags"] => vec![("POST", Route::MachineTags(id(1)))],
        ["machines", _, "logonusers"] => vec![("GET", Route::MachineLogonUsers(id(1)))],
        ["machines", _, segment @ ("software" | "vulnerabilities" | "recommendations" | "getmissingkbs")] =>
        {
            let kind = match *segment {
                "software" => Inventory::Software,
                "vulnerabilities" => Inventory::Vulnerabilities,
                "recommendations" => Inventory::Recommendations,
                _ => Inventory::MissingKbs,
            };
            vec![("GET", Route::MachineInventory(id(1), kind))]
        }
        ["users", _, "alerts"] => vec![("GET", Route::UserAlerts(id(1)))],
        ["users", _, "machines"] => vec![("GET", Route::UserMachines(id(1)))],
        ["machines", _, "startinvestigation"] => {
            vec![("POST", Route::StartInvestigation(id(1)))]
        }
        ["machines", _, "runliveresponse"] => vec![("POST", Route::RunLiveResponse(id(1)))],
        ["machines", _, action] => match ActionKind::from_segment(action) {
            Some(kind) => vec![("POST", Route::MachineAction(id(1), kind))],
            None => return Err(not_found()),
        },
        ["machineactions"] => vec![("GET", Route::Actions { count: false })],
        ["machineactions", "$count"] => vec![("GET", Route::Actions { count: true })],
        ["machineactions", _] => vec![("GET", Route::Action(id(1)))],
        ["machineactions", _, "cancel"] => vec![("POST", Route::CancelAction(id(1)))],
        ["machineactions", _, "getpackageuri"] => vec![("GET", Route::PackageUri(id(1)))],
        ["machineactions", _, seg]
            if seg.starts_with("getliveresponseresultdownloadlink(") && seg.ends_with(')') =>
        {
            let args = &segs[2]["getliveresponseresultdownloadlink(".len()..segs[2].len() - 1];
            vec![("GET", Route::LiveResponseLink(id(1), args.to_string()))]
        }
        ["investigations"] => vec![("GET", Route::Investigations)],
        ["investigations", _] => vec![("GET", Route::Investigation(id(1)))],
        ["advancedqueries", "run"] => vec![("POST", Route::Hunting)],
        ["indicators"] => vec![
            ("GET", Route::Indicators { count: false }),
            ("POST", Route::SubmitIndicator),
        ],
        ["indicators", "$count"] => vec![("GET", Route::Indicators { count: true })],
        ["indicators", "import"] => vec![("POST", Route::ImportIndicators)],
        ["indicators", "batchdelete"] => vec![("POST", Route::BatchDeleteIndicators)],
        ["indicators", _] => vec![("DELETE", Route::DeleteIndicator(id(1)))],
        ["files", _] => vec![("GET", Route::File(id(1)))],
        ["libraryfiles"] => vec![
            ("GET", Route::LibraryFiles),
            ("POST", Route::UploadLibraryFile),
        ],
        ["libraryfiles", _] => vec![("DELETE", Route::DeleteLibraryFile(id(1)))],
        ["files" | "ips" | "domains", _, related] => {
            let observed = match l[0] {
                "files" => Observed::File,
                "ips" => Observed::Ip,
                _ => Observed::Domain,
            };
            let route = match (*related, observed) {
                ("stats", _) => Route::Stats(observed, id(1)),
                ("alerts", _) => Route::RelatedAlerts(observed, id(1)),
                ("machines", Observed::File | Observed::Domain) => {
                    Route::RelatedMachines(observed, id(1))
                }
                _ => return Err(not_found()),
            };
            vec![("GET", route)]
        }
        _ => return Err(not_found()),
    };
    candidates
        .into_iter()
        .find(|(verb, _)| *verb == m)
        .map(|(_, route)| route)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                format!("The requested resource does not support http method '{m}'."),
            )
        })
}

/// Runs the handler of `route`.
pub(crate) fn handle(
    state: &mut State,
    config: &Config,
    req: &Req,
    route: Route,
) -> Result<Reply, ApiError> {
    match route {
        Route::Alerts { count } => alerts::list(state, config, req, count),
        Route::Alert(id) => alerts::get(state, config, req, &id),
        Route::UpdateAlert(id) => alerts::update(state, req, &id),
        Route::BatchUpdateAlerts => alerts::batch_update(state, req),
        Route::CreateAlertByReference => alerts::create_by_reference(state, req),
        Route::AlertRelated(id, rel) => alerts::related(state, req, &id, rel),
        Route::Machines { count } => machines::list(state, config, req, count),
        Route::Machine(id) => machines::get(state, req, &id),
        Route::FindByIp(args) => machines::find_by_ip(state, req, &args),
        Route::FindByTag => machines::find_by_tag(state, req),
        Route::MachineTags(id) => machines::tag(state, req, &id),
        Route::TagMachines => machines::tag_many(state, req),
        Route::MachineAlerts { machine, count } => {
            alerts::for_machine(state, config, req, &machine, count)
        }
        Route::UserAlerts(user) => alerts::for_user(state, config, req, &user),
        Route::UserMachines(user) => users::machines(state, config, req, &user),
        Route::MachineLogonUsers(machine) => users::logon_users(state, config, req, &machine),
        Route::MachineInventory(machine, kind) => {
            inventory::get(state, config, req, &machine, kind)
        }
        Route::MachineAction(machine, kind) => actions::create(state, config, req, &machine, kind),
        Route::StartInvestigation(machine) => investigations::start(state, req, &machine),
        Route::RunLiveResponse(machine) => live_response::run(state, req, &machine),
        Route::LiveResponseLink(id, args) => {
            live_response::download_link(state, config, req, &id, &args)
        }
        Route::Investigations => investigations::list(state, config, req),
        Route::Investigation(id) => investigations::get(state, req, &id),
        Route::Actions { count } => actions::list(state, config, req, count),
        Route::Action(id) => actions::get(state, config, req, &id),
        Route::CancelAction(id) => actions::cancel(state, req, &id),
        Route::PackageUri(id) => actions::package_uri(state, req, &id),
        Route::Hunting => hunting::run(state, config, req),
        Route::Indicators { count } => indicators::list(state, config, req, count),
        Route::SubmitIndicator => indicators::submit(state, req),
        Route::ImportIndicators => indicators::import(state, req),
        Route::BatchDeleteIndicators => indicators::batch_delete(state, req),
        Route::DeleteIndicator(id) => indicators::delete(state, &id),
        Route::File(hash) => files::get(state, req, &hash),
        Route::LibraryFiles => Ok(library::list(state, req)),
        Route::UploadLibraryFile => library::upload(state, req),
        Route::DeleteLibraryFile(name) => library::delete(state, &name),
        Route::Stats(observed, id) => match observed {
            Observed::File => observed::file_stats(state, config, req, &id),
            Observed::Ip | Observed::Domain => {
                observed::network_stats(state, config, req, observed, &id)
            }
        },
        Route::RelatedAlerts(observed, id) => {
            observed::related_alerts(state, config, req, observed, &id)
        }
        Route::RelatedMachines(observed, id) => {
            observed::related_machines(state, config, req, observed, &id)
        }
    }
}

/// `…/api/$metadata#<what>`.
pub(crate) fn context(req: &Req, what: &str) -> String {
    format!("{}/api/$metadata#{what}", req.base_url)
}

/// Puts `@odata.context` first in a single-entity answer, as Defender does.
pub(crate) fn entity(req: &Req, what: &str, value: &Value) -> Value {
    let mut out = Map::new();
    out.insert(
        "@odata.context".into(),
        Value::String(context(req, &format!("{what}/$entity"))),
    );
    if let Value::Object(fields) = value {
        for (k, v) in fields {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// A `{"@odata.context","value"}` collection without paging.
pub(crate) fn collection(req: &Req, what: &str, items: Vec<Value>) -> Value {
    json!({"@odata.context": context(req, what), "value": items})
}

/// One page of a filtered, ordered list: which indices to show and the nextLink.
pub(crate) struct Page {
    pub indices: Vec<usize>,
    pub next_link: Option<String>,
    pub total: usize,
}

/// Applies `$skip`/`$top` and the server page size to `selected`.
pub(crate) fn paginate(
    req: &Req,
    config: &Config,
    opts: &QueryOptions,
    selected: Vec<usize>,
) -> Page {
    let total = selected.len();
    let rest: Vec<usize> = selected.into_iter().skip(opts.skip).collect();
    let page_size = config.max_page_size.max(1);
    match opts.top {
        Some(top) => Page {
            indices: rest.into_iter().take(top).collect(),
            next_link: None,
            total,
        },
        None if rest.len() > page_size => Page {
            indices: rest.into_iter().take(page_size).collect(),
            next_link: Some(next_link(req, config, opts.skip + page_size)),
            total,
        },
        None => Page {
            indices: rest,
            next_link: None,
            total,
        },
    }
}

fn next_link(req: &Req, config: &Config, next_skip: usize) -> String {
    let base = format!("{}{}", req.base_url, req.path);
    let pairs: Vec<&str> = req.query.split('&').filter(|p| !p.is_empty()).collect();
    match config.next_link_mode {
        NextLinkMode::Documented => {
            let mut kept: Vec<String> = pairs
                .iter()
                .filter(|p| {
                    let key = p.split('=').next().unwrap_or_default();
                    let key = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
                    !key.eq_ignore_ascii_case("$skip")
                })
                .map(|p| p.to_string())
                .collect();
            kept.push(format!("$skip={next_skip}"));
            format!("{base}?{}", kept.join("&"))
        }
        NextLinkMode::Malformed => {
            let mut nameless: Vec<String> = pairs
                .iter()
                .map(|p| format!("={}", p.split_once('=').map_or("", |(_, v)| v)))
                .collect();
            nameless.push(format!("={next_skip}"));
            format!("{base}?{}", nameless.join("&"))
        }
        NextLinkMode::Looping => {
            if req.query.is_empty() {
                base
            } else {
                format!("{base}?{}", req.query)
            }
        }
    }
}

/// Builds the envelope of a paged list.
pub(crate) fn paged(
    req: &Req,
    what: &str,
    opts: &QueryOptions,
    page: &Page,
    items: Vec<Value>,
) -> Value {
    let mut out = Map::new();
    out.insert("@odata.context".into(), Value::String(context(req, what)));
    if opts.count {
        out.insert("@odata.count".into(), Value::from(page.total));
    }
    out.insert("value".into(), Value::Array(items));
    if let Some(link) = &page.next_link {
        out.insert("@odata.nextLink".into(), Value::String(link.clone()));
    }
    Value::Object(out)
}

/// Parses a JSON object body. Defender requires `application/json`; other content
/// types get 415, unparsable or non-object bodies `InvalidRequestBody`.
pub(crate) fn json_body(req: &Req) -> Result<Map<String, Value>, ApiError> {
    if let Some(ct) = req.content_type {
        if !req.body.is_empty() && !ct.to_ascii_lowercase().contains("json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UnsupportedMediaType",
                format!(
                    "The request entity's media type '{ct}' is not supported for this resource."
                ),
            ));
        }
    }
    match serde_json::from_slice::<Value>(req.body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::invalid_body()),
    }
}

/// Rejects keys outside `allowed`; bodies are case-sensitive, so `comment` for
/// `Comment` lands here too.
pub(crate) fn only_keys(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: unknown property '{k}'"),
        )),
        None => Ok(()),
    }
}

/// An optional string property: absent/null → `None`; a non-string is a bad body.
pub(crate) fn opt_str(body: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: '{key}' must be a string"),
        )),
    }
}

/// A required, non-empty list of strings, such as `MachineIds` or `alertIds`: absent, null or
/// empty is a missing parameter, another shape a bad body.
pub(crate) fn id_list<'a>(
    body: &'a Map<String, Value>,
    key: &str,
) -> Result<Vec<&'a str>, ApiError> {
    let ids: Vec<&str> = match body.get(key) {
        None | Some(Value::Null) => return Err(ApiError::missing(key)),
        Some(Value::Array(ids)) => ids.iter().map(Value::as_str).collect::<Option<_>>(),
        Some(_) => None,
    }
    .ok_or_else(|| {
        ApiError::bad_request(
            "InvalidRequestBody",
            format!("Request body is incorrect: '{key}' must be a list of strings"),
        )
    })?;
    if ids.is_empty() {
        return Err(ApiError::missing(key));
    }
    Ok(ids)
}

/// A required, non-blank string property.
pub(crate) fn req_str(body: &Map<String, Value>, key: &str) -> Result<String, ApiError> {
    match opt_str(body, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(ApiError::missing(key)),
    }
}

/// The system query options each route's page documents, lowercase and without the `$`.
pub(crate) mod documented {
    /// get-alerts.md: `$filter`, `$top`, `$skip`, `$expand` of `evidence`.
    pub(crate) const ALERTS: &[&str] = &["filter", "top", "skip", "expand"];
    /// get-alert-info-by-id.md documents none.
    pub(crate) const ALERT: &[&str] = &[];
    /// The user, logon user and vulnerability management pages under `/api/users/{id}/…` and
    /// `/api/machines/{id}/…` document none.
    pub(crate) const NONE: &[&str] = &[];
    /// get-machines.md: `$filter`, `$top`, `$skip`.
    pub(crate) const MACHINES: &[&str] = &["filter", "top", "skip"];
    /// exposed-apis-odata-samples.md, example 7: `$filter` on a machine's alerts.
    pub(crate) const MACHINE_ALERTS: &[&str] = &["filter"];
    /// get-machineactions-collection.md: `$filter`, `$top` (spelt `$stop`), `$skip`.
    pub(crate) const MACHINE_ACTIONS: &[&str] = &["filter", "top", "skip"];
    /// get-investigation-collection.md: `$filter`, `$top` (spelt `$stop`), `$skip`.
    pub(crate) const INVESTIGATIONS: &[&str] = &["filter", "top", "skip"];
    /// get-ti-indicators-collection.md: `$filter`, `$top` (spelt `$stop`), `$skip`.
    pub(crate) const INDICATORS: &[&str] = &["filter", "top", "skip"];
}

/// Parses list query options, mapping errors to `ODataError`. With
/// [`UndocumentedOptions::Refused`], an option outside `documented` is refused first.
pub(crate) fn options(
    req: &Req,
    schema: &super::odata::EntitySchema,
    config: &Config,
    documented: &[&str],
) -> Result<QueryOptions, ApiError> {
    refuse_undocumented(req, config, documented)?;
    super::odata::parse_query(req.query, schema, config.max_page_size).map_err(ApiError::odata)
}

/// With [`UndocumentedOptions::Refused`], the `ODataError` of the first query option outside
/// `documented`.
pub(crate) fn refuse_undocumented(
    req: &Req,
    config: &Config,
    documented: &[&str],
) -> Result<(), ApiError> {
    if config.undocumented_options == UndocumentedOptions::Refused {
        for (key, _) in super::odata::query_pairs(req.query) {
            let Some(name) = key.strip_prefix('$') else {
                continue;
            };
            if !documented.iter().any(|d| d.eq_ignore_ascii_case(name)) {
                return Err(ApiError::odata(format!(
                    "Query option '{}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
                    allowed_query_option(name)
                )));
            }
        }
    }
    Ok(())
}

/// An option's name as ASP.NET OData's `AllowedQueryOptions` spells it in its message.
fn allowed_query_option(name: &str) -> String {
    let known = [
        "Filter",
        "Expand",
        "Select",
        "OrderBy",
        "Top",
        "Skip",
        "Count",
        "Format",
        "SkipToken",
    ];
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_string(), |k| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_case_insensitively_and_keeps_ids() {
        let post = Method::POST;
        assert_eq!(
            resolve(
                &post,
                "/api/v1.0/Machines/WS-FIN-042.contoso.local/StopAndQuarantineFile"
            )
            .unwrap(),
            Route::MachineAction(
                "WS-FIN-042.contoso.local".into(),
                ActionKind::StopAndQuarantineFile
            )
        );
        assert_eq!(
            resolve(
                &Method::GET,
                "/API/machines/findbyip(ip='10.1.1.1',timestamp=2026-11-22T10:00:00Z)"
            )
            .unwrap(),
            Route::FindByIp("ip='10.1.1.1',timestamp=2026-11-22T10:00:00Z".into())
        );
        assert_eq!(
            resolve(&Method::DELETE, "/api/alerts").unwrap_err().status,
            StatusCode::METHOD_NOT_ALLOWED
        );
        let unknown = resolve(&Method::GET, "/api/nothing").unwrap_err();
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        // Not Defender's envelope: that one means an entity was not found.
        assert!(
            unknown.body().get("error").is_none(),
            "{:?}",
            unknown.body()
        );
        assert!(unknown.body()["Message"]
            .as_str()
            .unwrap()
            .contains("'/api/nothing'"));
        assert_eq!(
            resolve(&Method::GET, "/api/machineactions/x/getPackageUri").unwrap(),
            Route::PackageUri("x".into())
        );
    }
}
