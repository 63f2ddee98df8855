//! The Defender endpoints the plugin calls, one typed method each: the path, the method, and
//! the entity the answer is decoded into ([`super::entities`]). Request bodies are built by the
//! actions, which own the rules for their inputs.

use super::entities::{self, Alert, Collection, DomainStatistics, Entity, FileInformation};
use super::entities::{FileStatistics, HuntingResult, ImportResult, Indicator, Investigation};
use super::entities::{IpStatistics, LibraryFile, LogonUser, Machine, MachineAction, MissingKb};
use super::entities::{PackageUri, Recommendation, Software, Vulnerability};
use super::error::ApiError;
use super::ids::{ActionId, AlertId, DomainName, FileHash, IndicatorId, InvestigationId};
use super::ids::{IpAddress, LibraryFileName, MachineId, MachineRef, PathId, Sha1, UserName};
use super::{odata, ApiPath, Client, FunctionArg, PagedQuery, Paging};
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};
use std::net::IpAddr;
use time::OffsetDateTime;

/// The `lookBackHours` of a statistics request: 1 to 720 hours, the most the statistics
/// pages allow (get-file-statistics.md, get-ip-statistics.md, get-domain-statistics.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookBack(u16);

impl LookBack {
    /// 30 days: the pages' maximum and their default.
    pub const MAX_HOURS: u16 = 720;

    /// `None` outside 1 to [`LookBack::MAX_HOURS`].
    pub fn hours_of(hours: i64) -> Option<LookBack> {
        u16::try_from(hours)
            .ok()
            .filter(|h| (1..=Self::MAX_HOURS).contains(h))
            .map(LookBack)
    }

    pub fn hours(self) -> u16 {
        self.0
    }
}

impl Client {
    /// `GET /api/machines/{id}`: a machine by ID or computer DNS name (get-machine-by-id.md
    /// documents both).
    pub async fn machine(&self, machine: &MachineRef) -> Result<Machine, ApiError> {
        let path = ApiPath::new(["api", "machines"]).id(machine);
        self.get_entity(&path, &[]).await
    }

    /// `GET /api/machines/findbyip(ip=…,timestamp=…)`: the machines seen with an address in
    /// the 15 minutes before `at`.
    pub async fn machines_by_ip(
        &self,
        ip: IpAddr,
        at: OffsetDateTime,
    ) -> Result<Vec<Machine>, ApiError> {
        let path = ApiPath::new(["api", "machines"]).function(
            "findbyip",
            &[
                ("ip", FunctionArg::Str(ip.to_string())),
                ("timestamp", FunctionArg::Timestamp(at)),
            ],
        );
        self.get_list(&path, &[]).await
    }

    /// `GET /api/machineactions/{id}`.
    pub async fn machine_action(&self, action: &ActionId) -> Result<MachineAction, ApiError> {
        let path = ApiPath::new(["api", "machineactions"]).id(action);
        self.get_entity(&path, &[]).await
    }

    /// `GET /api/machineactions` with OData options (`$filter`, `$top`), in one request.
    pub async fn machine_actions(
        &self,
        query: &[(&str, String)],
    ) -> Result<Vec<MachineAction>, ApiError> {
        self.get_list(&ApiPath::new(["api", "machineactions"]), query)
            .await
    }

    /// `POST /api/machines/{id}/{segment}`: starts a machine action such as `isolate`.
    pub async fn create_machine_action(
        &self,
        machine: &MachineId,
        segment: &'static str,
        body: &Value,
    ) -> Result<MachineAction, ApiError> {
        self.post_under_machine(machine, segment, body).await
    }

    /// `POST /api/machines/{id}/startInvestigation` with `{"Comment"}`: the investigation started
    /// (initiate-autoir-investigation.md, Alert.ReadWrite.All).
    pub async fn start_investigation(
        &self,
        machine: &MachineId,
        body: &Value,
    ) -> Result<Investigation, ApiError> {
        self.post_under_machine(machine, "startInvestigation", body)
            .await
    }

    /// `GET /api/investigations/{id}`: one investigation, by its ID or its triggering alert's
    /// (get-investigation-object.md, Alert.Read.All).
    pub async fn investigation(
        &self,
        investigation: &InvestigationId,
    ) -> Result<Investigation, ApiError> {
        let path = ApiPath::new(["api", "investigations"]).id(investigation);
        self.get_entity(&path, &[]).await
    }

    /// `POST /api/machines/{id}/tags` with `{"Value", "Action"}`: the machine as updated
    /// (add-or-remove-machine-tags.md).
    pub async fn tag_machine(
        &self,
        machine: &MachineId,
        body: &Value,
    ) -> Result<Machine, ApiError> {
        self.post_under_machine(machine, "tags", body).await
    }

    /// `POST /api/machines/AddOrRemoveTagForMultipleMachines` with `{"Value", "Action",
    /// "MachineIds"}` (at most 500): the machines the answer holds.
    ///
    /// add-or-remove-multiple-machine-tags.md says the answer holds "the updated machines" but
    /// shows none, so an answer that is not a machine collection (or no body) is read as
    /// holding none, and the caller reads the machines back: the change was made either way.
    pub async fn tag_machines(&self, body: &Value) -> Result<Vec<Machine>, ApiError> {
        let path = ApiPath::new(["api", "machines", "AddOrRemoveTagForMultipleMachines"]);
        let raw = self.send_json(Method::POST, &path, body, false).await?;
        Ok(
            entities::decode_collection::<Machine>(&raw, &format!("POST {path}"))
                .map(|list| list.value)
                .unwrap_or_default(),
        )
    }

    /// `POST /api/machineactions/{id}/cancel` with the comment.
    pub async fn cancel_machine_action(
        &self,
        action: &ActionId,
        comment: &str,
    ) -> Result<MachineAction, ApiError> {
        let path = ApiPath::new(["api", "machineactions"])
            .id(action)
            .segment("cancel");
        self.send_entity(Method::POST, &path, &json!({ "Comment": comment }))
            .await
    }

    /// `GET /api/machineactions/{id}/getPackageUri`: the investigation package's link.
    pub async fn investigation_package_uri(
        &self,
        action: &ActionId,
    ) -> Result<PackageUri, ApiError> {
        let path = ApiPath::new(["api", "machineactions"])
            .id(action)
            .segment("getPackageUri");
        let raw = self.get_body(&path, &[]).await?;
        Ok(entities::package_uri(&raw))
    }

    /// `GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={n})`
    /// (get-live-response-result.md): the link to one live response command's result, an
    /// `Edm.String` answer read as getPackageUri's is.
    pub async fn live_response_result_link(
        &self,
        action: &ActionId,
        index: i64,
    ) -> Result<PackageUri, ApiError> {
        let path = ApiPath::new(["api", "machineactions"]).id(action).function(
            "GetLiveResponseResultDownloadLink",
            &[("index", FunctionArg::Int(index))],
        );
        let raw = self.get_body(&path, &[]).await?;
        Ok(entities::package_uri(&raw))
    }

    /// `GET /api/alerts?$filter=id eq '…'&$expand=evidence`: one alert with its evidence, or
    /// `None` when the list is empty.
    ///
    /// get-alerts.md documents `$filter` on `id` and `$expand` of `evidence` for the list,
    /// while get-alert-info-by-id.md documents no query option for one alert, and without
    /// `$expand` the evidence comes back empty.
    pub async fn alert_with_evidence(&self, alert: &AlertId) -> Result<Option<Alert>, ApiError> {
        // Safe inside the quotes: an alert ID is letters, digits, '_' and '-' only.
        let query = [
            ("$filter", format!("id eq {}", odata::quote(alert.as_str()))),
            ("$expand", "evidence".to_owned()),
        ];
        let alerts: Vec<Alert> = self
            .get_list(&ApiPath::new(["api", "alerts"]), &query)
            .await?;
        let same = |found: &Alert| found.id.eq_ignore_ascii_case(alert.as_str());
        let index = alerts.iter().position(same).unwrap_or(0);
        Ok(alerts.into_iter().nth(index))
    }

    /// `GET /api/alerts/{id}/machine`: the machine an alert was raised on.
    pub async fn alert_machine(&self, alert: &AlertId) -> Result<Machine, ApiError> {
        let path = ApiPath::new(["api", "alerts"]).id(alert).segment("machine");
        self.get_entity(&path, &[]).await
    }

    /// `GET /api/alerts/{id}/files`: the files related to an alert.
    pub async fn alert_files(&self, alert: &AlertId) -> Result<Vec<FileInformation>, ApiError> {
        let path = ApiPath::new(["api", "alerts"]).id(alert).segment("files");
        self.get_list(&path, &[]).await
    }

    /// `GET /api/files/{id}`: a file by SHA-1 or SHA-256 (get-file-information.md); 404 when
    /// Defender has no such file.
    pub async fn file(&self, file: &FileHash) -> Result<FileInformation, ApiError> {
        self.get_entity(&ApiPath::new(["api", "files"]).id(file), &[])
            .await
    }

    /// `GET /api/files/{id}/stats?lookBackHours=…` (get-file-statistics.md: at most 720);
    /// 404 when Defender has no such file.
    pub async fn file_statistics(
        &self,
        file: &FileHash,
        look_back: LookBack,
    ) -> Result<FileStatistics, ApiError> {
        self.statistics(["api", "files"], file, look_back).await
    }

    /// `GET /api/files/{sha1}/machines` (get-file-related-machines.md: SHA-1 only); an unknown
    /// file is an empty list.
    pub async fn file_machines(&self, file: &Sha1) -> Result<Vec<Machine>, ApiError> {
        self.related(["api", "files"], file, "machines").await
    }

    /// `GET /api/files/{sha1}/alerts` (get-file-related-alerts.md: SHA-1 only); an unknown
    /// file is an empty list.
    pub async fn file_alerts(&self, file: &Sha1) -> Result<Vec<Alert>, ApiError> {
        self.related(["api", "files"], file, "alerts").await
    }

    /// `GET /api/ips/{ip}/stats?lookBackHours=…` (get-ip-statistics.md: at most 720); an
    /// address never seen has an organization prevalence of 0.
    pub async fn ip_statistics(
        &self,
        ip: &IpAddress,
        look_back: LookBack,
    ) -> Result<IpStatistics, ApiError> {
        self.statistics(["api", "ips"], ip, look_back).await
    }

    /// `GET /api/ips/{ip}/alerts` (get-ip-related-alerts.md).
    pub async fn ip_alerts(&self, ip: &IpAddress) -> Result<Vec<Alert>, ApiError> {
        self.related(["api", "ips"], ip, "alerts").await
    }

    /// `GET /api/domains/{domain}/stats?lookBackHours=…` (get-domain-statistics.md: at most
    /// 720); a domain never seen has an organization prevalence of 0.
    pub async fn domain_statistics(
        &self,
        domain: &DomainName,
        look_back: LookBack,
    ) -> Result<DomainStatistics, ApiError> {
        self.statistics(["api", "domains"], domain, look_back).await
    }

    /// `GET /api/domains/{domain}/alerts` (get-domain-related-alerts.md).
    pub async fn domain_alerts(&self, domain: &DomainName) -> Result<Vec<Alert>, ApiError> {
        self.related(["api", "domains"], domain, "alerts").await
    }

    /// `GET /api/domains/{domain}/machines` (get-domain-related-machines.md: at most 500).
    pub async fn domain_machines(&self, domain: &DomainName) -> Result<Vec<Machine>, ApiError> {
        self.related(["api", "domains"], domain, "machines").await
    }

    /// `GET /api/{collection}/{id}/stats?lookBackHours=…`, which the file, IP and domain
    /// statistics pages share.
    async fn statistics<T: Entity>(
        &self,
        collection: [&'static str; 2],
        id: &impl PathId,
        look_back: LookBack,
    ) -> Result<T, ApiError> {
        let path = ApiPath::new(collection).id(id).segment("stats");
        let query = [("lookBackHours", look_back.hours().to_string())];
        self.get_entity(&path, &query).await
    }

    /// `GET /api/{collection}/{id}/{related}`: a list that is empty, not an error, when
    /// nothing is related.
    async fn related<T: Entity>(
        &self,
        collection: [&'static str; 2],
        id: &impl PathId,
        related: &'static str,
    ) -> Result<Vec<T>, ApiError> {
        let path = ApiPath::new(collection).id(id).segment(related);
        self.get_list(&path, &[]).await
    }

    /// `PATCH /api/alerts/{id}` with the properties to change; the alert as updated.
    pub async fn update_alert(&self, alert: &AlertId, changes: &Value) -> Result<Alert, ApiError> {
        let path = ApiPath::new(["api", "alerts"]).id(alert);
        self.send_entity(Method::PATCH, &path, changes).await
    }

    /// `POST /api/alerts/CreateAlertByReference` (create-alert-by-reference.md,
    /// Alert.ReadWrite.All): the alert created, or the open one it was merged into.
    pub async fn create_alert_by_reference(&self, body: &Value) -> Result<Alert, ApiError> {
        let path = ApiPath::new(["api", "alerts", "CreateAlertByReference"]);
        self.send_entity(Method::POST, &path, body).await
    }

    /// `POST /api/alerts/batchUpdate` with `alertIds` and the changes (batch-update-alerts.md,
    /// Alert.ReadWrite.All): 200 with an empty body.
    pub async fn batch_update_alerts(&self, body: &Value) -> Result<(), ApiError> {
        let path = ApiPath::new(["api", "alerts", "batchUpdate"]);
        self.send_json(Method::POST, &path, body, false).await?;
        Ok(())
    }

    /// `POST /api/advancedqueries/run` with `{"Query": …}`; its answer may be as large as
    /// [`super::ClientOptions::max_large_response_bytes`]. An answer without a body is an empty
    /// result.
    pub async fn run_hunting_query(&self, query: &str) -> Result<HuntingResult, ApiError> {
        let path = ApiPath::new(["api", "advancedqueries", "run"]);
        let raw = self
            .send_json(Method::POST, &path, &json!({ "Query": query }), true)
            .await?;
        let result = entities::decode_optional(&raw, &format!("POST {path}"))?;
        Ok(result.unwrap_or_default())
    }

    /// `POST /api/indicators`: creates an indicator, or updates the one with the same value and
    /// type; the indicator as stored.
    pub async fn submit_indicator(&self, indicator: &Value) -> Result<Indicator, ApiError> {
        let path = ApiPath::new(["api", "indicators"]);
        self.send_entity(Method::POST, &path, indicator).await
    }

    /// `DELETE /api/indicators/{id}`.
    pub async fn delete_indicator(&self, indicator: &IndicatorId) -> Result<(), ApiError> {
        self.delete(&ApiPath::new(["api", "indicators"]).id(indicator))
            .await
    }

    /// `POST /api/indicators/import` with `{"Indicators": […]}`, at most 500
    /// (import-ti-indicators.md): one result per indicator.
    pub async fn import_indicators(&self, body: &Value) -> Result<Vec<ImportResult>, ApiError> {
        let path = ApiPath::new(["api", "indicators", "import"]);
        let raw = self.send_json(Method::POST, &path, body, false).await?;
        entities::decode_collection(&raw, &format!("POST {path}")).map(|list| list.value)
    }

    /// `POST /api/indicators/BatchDelete` with `{"IndicatorIds": […]}`, at most 500
    /// (batch-delete-ti-indicators.md): 204 when every indicator existed and was deleted.
    pub async fn delete_indicators(&self, body: &Value) -> Result<(), ApiError> {
        let path = ApiPath::new(["api", "indicators", "BatchDelete"]);
        self.send_json(Method::POST, &path, body, false).await?;
        Ok(())
    }

    /// `GET /api/libraryfiles`: every file of the live response library
    /// (list-library-files.md, Library.Manage).
    pub async fn library_files(&self) -> Result<Vec<LibraryFile>, ApiError> {
        self.get_list(&ApiPath::new(["api", "libraryfiles"]), &[])
            .await
    }

    /// `POST /api/libraryfiles` with a `multipart/form-data` body: the library file as stored
    /// (upload-library.md, Library.Manage).
    pub async fn upload_library_file(
        &self,
        upload: &LibraryUpload,
    ) -> Result<LibraryFile, ApiError> {
        let path = ApiPath::new(["api", "libraryfiles"]);
        let raw = self.post_form(&path, &|| upload.form()).await?;
        entities::decode_answer(&raw, &format!("POST {path}"))
    }

    /// `DELETE /api/libraryfiles/{fileName}`: 204, or 404 for a name the library does not hold
    /// (delete-library.md, Library.Manage).
    pub async fn delete_library_file(&self, file: &LibraryFileName) -> Result<(), ApiError> {
        self.delete(&ApiPath::new(["api", "libraryfiles"]).id(file))
            .await
    }

    /// `GET /api/users/{id}/alerts`: the alerts related to a user, by account name; an unknown
    /// user is an empty list (get-user-related-alerts.md, Alert.Read.All).
    pub async fn user_alerts(&self, user: &UserName) -> Result<Vec<Alert>, ApiError> {
        self.get_all(ApiPath::new(["api", "users"]).id(user).segment("alerts"))
            .await
    }

    /// `GET /api/users/{id}/machines`: the machines a user logged on to; an unknown user is an
    /// empty list (get-user-related-machines.md, Machine.ReadWrite.All).
    pub async fn user_machines(&self, user: &UserName) -> Result<Vec<Machine>, ApiError> {
        self.get_all(ApiPath::new(["api", "users"]).id(user).segment("machines"))
            .await
    }

    /// `GET /api/machines/{id}/logonusers` (get-machine-log-on-users.md, User.Read.All).
    pub async fn machine_logon_users(
        &self,
        machine: &MachineId,
    ) -> Result<Vec<LogonUser>, ApiError> {
        self.get_all(under_machine(machine, "logonusers")).await
    }

    /// `GET /api/machines/{id}/alerts` (get-machine-related-alerts.md, Alert.Read.All).
    pub async fn machine_alerts(&self, machine: &MachineId) -> Result<Vec<Alert>, ApiError> {
        self.get_all(under_machine(machine, "alerts")).await
    }

    /// `GET /api/machines/{machineId}/software` (get-installed-software.md, Software.Read.All).
    pub async fn machine_software(&self, machine: &MachineId) -> Result<Vec<Software>, ApiError> {
        self.get_all(under_machine(machine, "software")).await
    }

    /// `GET /api/machines/{machineId}/vulnerabilities` (get-discovered-vulnerabilities.md,
    /// Vulnerability.Read.All).
    pub async fn machine_vulnerabilities(
        &self,
        machine: &MachineId,
    ) -> Result<Vec<Vulnerability>, ApiError> {
        self.get_all(under_machine(machine, "vulnerabilities"))
            .await
    }

    /// `GET /api/machines/{machineId}/recommendations` (get-security-recommendations.md,
    /// SecurityRecommendation.Read.All).
    pub async fn machine_recommendations(
        &self,
        machine: &MachineId,
    ) -> Result<Vec<Recommendation>, ApiError> {
        self.get_all(under_machine(machine, "recommendations"))
            .await
    }

    /// `GET /api/machines/{machineId}/getmissingkbs` (get-missing-kbs-machine.md,
    /// Software.Read.All).
    pub async fn machine_missing_kbs(
        &self,
        machine: &MachineId,
    ) -> Result<Vec<MissingKb>, ApiError> {
        self.get_all(under_machine(machine, "getmissingkbs")).await
    }

    /// `GET /api/machines?$top=1`, for the connection test: one cheap call that needs a token
    /// and a permission. The answer must be JSON; what it holds does not matter.
    pub async fn probe(&self) -> Result<(), ApiError> {
        let path = ApiPath::new(["api", "machines"]);
        let raw = self.get_body(&path, &[("$top", "1".to_owned())]).await?;
        entities::decode_answer::<Value>(&raw, &format!("GET {path}")).map(|_| ())
    }

    /// `POST /api/machines/{id}/{segment}` with a JSON body; the answer as one entity.
    async fn post_under_machine<T: Entity>(
        &self,
        machine: &MachineId,
        segment: &'static str,
        body: &Value,
    ) -> Result<T, ApiError> {
        let path = ApiPath::new(["api", "machines"])
            .id(machine)
            .segment(segment);
        self.send_entity(Method::POST, &path, body).await
    }

    /// Sends a JSON body and decodes the answer as one entity.
    async fn send_entity<T: Entity>(
        &self,
        method: Method,
        path: &ApiPath,
        body: &Value,
    ) -> Result<T, ApiError> {
        let request = format!("{method} {path}");
        let raw = self.send_json(method, path, body, false).await?;
        entities::decode_answer(&raw, &request)
    }

    async fn get_entity<T: Entity>(
        &self,
        path: &ApiPath,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let raw = self.get_body(path, query).await?;
        entities::decode_answer(&raw, &format!("GET {path}"))
    }

    /// A list read to its end through the pager's checked nextLinks: the pages of these
    /// endpoints document neither `$top` nor `$skip`, so the service decides the page size.
    async fn get_all<T: Entity>(&self, path: ApiPath) -> Result<Vec<T>, ApiError> {
        let query = PagedQuery {
            path,
            query: Vec::new(),
            paging: Paging::NextLink,
        };
        let mut items = Vec::new();
        let mut from = None;
        loop {
            let page = self.get_page(&query, from.as_ref()).await?;
            items.extend(page.items);
            match page.next {
                Some(next) => from = Some(next),
                None => return Ok(items),
            }
        }
    }

    /// A list read in one request; its nextLink, if any, is not followed.
    async fn get_list<T: Entity>(
        &self,
        path: &ApiPath,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, ApiError> {
        let raw = self.get_body(path, query).await?;
        let list: Collection<T> = entities::decode_collection(&raw, &format!("GET {path}"))?;
        Ok(list.value)
    }
}

/// `/api/machines/{id}/{segment}`: the paths under a machine take its 40-hex ID only.
fn under_machine(machine: &MachineId, segment: &'static str) -> ApiPath {
    ApiPath::new(["api", "machines"])
        .id(machine)
        .segment(segment)
}

/// A file for the live response library, as upload-library.md's form sends it; the action
/// checks the name, the size and the texts first.
#[derive(Clone)]
pub struct LibraryUpload {
    pub file_name: LibraryFileName,
    /// `Bytes`, so that the form rebuilt for each attempt shares the content.
    pub content: Bytes,
    pub description: Option<String>,
    pub parameters_description: Option<String>,
    pub override_if_exists: bool,
}

impl LibraryUpload {
    /// The form of upload-library.md's table: `File`, `Description`, `ParametersDescription`
    /// and `OverrideIfExists`; plus `HasParameters`, which the table leaves out but the page's
    /// own curl example sends along with a parameters description, so that the file is listed
    /// as taking parameters.
    fn form(&self) -> Form {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        let file = Part::stream_with_length(self.content.clone(), self.content.len() as u64)
            .file_name(self.file_name.as_str().to_owned())
            .headers(headers);
        let mut form = Form::new().part("File", file);
        if let Some(description) = &self.description {
            form = form.text("Description", description.clone());
        }
        if let Some(parameters) = &self.parameters_description {
            form = form
                .text("ParametersDescription", parameters.clone())
                .text("HasParameters", "true");
        }
        form.text("OverrideIfExists", bool_text(self.override_if_exists))
    }
}

/// A form field's boolean as .NET's model binding reads one.
fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}
