//! Every property Microsoft documents for the entities the plugin returns is a field of the
//! spec's type, with a compatible type, and survives decoding and encoding to the output.
//!
//! The lists are copied from the property tables (and JSON representations) of Microsoft's
//! entity pages in MicrosoftDocs/defender-docs, `defender-endpoint/api/<page>.md`, spelled as
//! the API's JSON spells them. Where a table disagrees with the page's own JSON examples the
//! entry says so: the examples are what the API sends.

use serde::Serialize;
use serde_json::{json, Map, Value};
use windows_defender_atp::internals::{decode, Entity};
use windows_defender_atp::spec::generated::types as t;
use windows_defender_atp::spec::model::Field;
use windows_defender_atp::spec::Spec;

/// How Microsoft types a property, reduced to what the spec can say.
#[derive(Clone, Copy, Debug)]
enum Doc {
    /// String, Enum, DateTimeOffset, Guid (nullable or not).
    Text,
    /// Long, Int (nullable or not).
    Number,
    /// Double, or "Numeric" with fractions in the examples.
    Fraction,
    Boolean,
    /// A collection of strings.
    Texts,
    /// An object, documented as a class or shown as one in the examples: the spec type named.
    Object(&'static str),
    /// A collection of objects: the spec type of the items.
    Objects(&'static str),
}

use Doc::*;

/// `alerts.md`, Properties table and "Response example for getting single alert".
const ALERT: &[(&str, Doc)] = &[
    ("id", Text), // the table spells it "ID"
    ("title", Text),
    ("description", Text),
    ("alertCreationTime", Text),
    ("lastEventTime", Text),
    ("firstEventTime", Text),
    ("lastUpdateTime", Text),
    ("resolvedTime", Text),
    ("incidentId", Number),
    ("investigationId", Number),
    ("investigationState", Text),
    ("assignedTo", Text),
    ("rbacGroupName", Text),
    // The table says String; the page's example sends a list of technique IDs.
    ("mitreTechniques", Texts),
    // The table says String; the page's example sends {userName, domainName}.
    ("relatedUser", Object("related_user")),
    ("severity", Text),
    ("status", Text),
    ("classification", Text),
    ("determination", Text),
    ("category", Text),
    ("detectionSource", Text),
    ("threatFamilyName", Text),
    ("threatName", Text),
    ("machineId", Text),
    ("computerDnsName", Text),
    ("aadTenantId", Text),
    ("detectorId", Text),
    ("comments", Objects("alert_comment")),
    ("evidence", Objects("evidence")), // the table spells it "Evidence"
    // Not in the table: the alert list answers carry the users logged on to the machine.
    ("loggedOnUsers", Objects("logged_on_user")),
];

/// `alerts.md`: "Alert Comment object contains: comment string, createdBy string, and
/// createTime date time" (the example spells the last one createdTime).
const ALERT_COMMENT: &[(&str, Doc)] = &[
    ("comment", Text),
    ("createdBy", Text),
    ("createdTime", Text),
];

/// `alerts.md`, the `relatedUser` of the example.
const RELATED_USER: &[(&str, Doc)] = &[("userName", Text), ("domainName", Text)];

/// `alerts.md`, the evidence of the example.
const EVIDENCE: &[(&str, Doc)] = &[
    ("entityType", Text),
    ("evidenceCreationTime", Text),
    ("sha1", Text),
    ("sha256", Text),
    ("fileName", Text),
    ("filePath", Text),
    ("processId", Number),
    ("processCommandLine", Text),
    ("processCreationTime", Text),
    ("parentProcessId", Number),
    ("parentProcessCreationTime", Text),
    ("parentProcessFileName", Text),
    ("parentProcessFilePath", Text),
    ("ipAddress", Text),
    ("url", Text),
    ("registryKey", Text),
    ("registryHive", Text),
    ("registryValueType", Text),
    ("registryValue", Text),
    ("accountName", Text),
    ("domainName", Text),
    ("userSid", Text),
    ("aadUserId", Text),
    ("userPrincipalName", Text),
    ("detectionStatus", Text),
];

/// The items of an alert's `loggedOnUsers`.
const LOGGED_ON_USER: &[(&str, Doc)] = &[("accountName", Text), ("domainName", Text)];

/// `machine.md`, Properties table.
const MACHINE: &[(&str, Doc)] = &[
    ("id", Text),
    ("computerDnsName", Text),
    ("firstSeen", Text),
    ("lastSeen", Text),
    ("osPlatform", Text),
    ("onboardingStatus", Text), // the table spells it "onboardingstatus"
    ("osProcessor", Text),
    ("version", Text),
    ("osBuild", Number),
    ("lastIpAddress", Text),
    ("lastExternalIpAddress", Text),
    ("healthStatus", Text),
    ("rbacGroupName", Text),
    // The table says String; every example (get-machines.md: "rbacGroupId": 140) sends a number.
    ("rbacGroupId", Number),
    ("riskScore", Text),
    ("aadDeviceId", Text),
    ("machineTags", Texts),
    ("exposureLevel", Text),
    ("deviceValue", Text),
    ("ipAddresses", Objects("ip_address")),
    ("osArchitecture", Text),
    // Not in the table; in the examples of get-machines.md and get-machine-by-id.md.
    ("isAadJoined", Boolean),
    // Not in the table: the machine answers of the API carry them (issue 14, item 4).
    ("agentVersion", Text),
    ("defenderAvStatus", Text),
    ("managedBy", Text),
    ("managedByStatus", Text),
    ("mergedIntoMachineId", Text),
    ("isPotentialDuplication", Boolean),
    ("isExcluded", Boolean),
    ("exclusionReason", Text),
    ("vmMetadata", Object("vm_metadata")),
];

/// `get-alert-related-machine-info.md`: the items of `ipAddresses`, plus the adapter `type`
/// the API answers carry.
const IP_ADDRESS: &[(&str, Doc)] = &[
    ("ipAddress", Text),
    ("macAddress", Text),
    ("type", Text),
    ("operationalStatus", Text),
];

/// A machine's `vmMetadata`, as the API answers carry it.
const VM_METADATA: &[(&str, Doc)] = &[
    ("vmId", Text),
    ("cloudProvider", Text),
    ("resourceId", Text),
    ("subscriptionId", Text),
];

/// `machineaction.md`, Properties table and JSON representation.
const MACHINE_ACTION: &[(&str, Doc)] = &[
    ("id", Text), // the table spells it "ID"
    ("type", Text),
    ("scope", Text),
    ("requestor", Text),
    ("externalId", Text), // the table spells it "externalID"
    ("requestSource", Text),
    ("commands", Objects("machine_action_command")),
    ("cancellationRequestor", Text),
    ("requestorComment", Text),
    ("cancellationComment", Text),
    ("status", Text),
    ("machineId", Text),
    ("computerDnsName", Text),
    ("creationDateTimeUtc", Text),
    ("cancellationDateTimeUtc", Text),
    ("lastUpdateDateTimeUtc", Text),
    ("title", Text),
    ("relatedFileInfo", Object("related_file_info")),
    // Not in the table: get-machineactions-collection.md and stop-and-quarantine-file.md
    // answer with this spelling.
    ("lastUpdateTimeUtc", Text),
    // Not in the table: run-live-response.md's answer.
    ("errorHResult", Number),
];

/// `machineaction.md`: "relatedFileInfo ... string fileIdentifier, Enum fileIdentifierType".
const RELATED_FILE_INFO: &[(&str, Doc)] = &[("fileIdentifier", Text), ("fileIdentifierType", Text)];

/// `run-live-response.md`, the items of the answer's `commands`.
const MACHINE_ACTION_COMMAND: &[(&str, Doc)] = &[
    ("index", Number),
    ("startTime", Text),
    ("endTime", Text),
    ("commandStatus", Text),
    ("errors", Texts),
    ("command", Object("live_response_command")),
];

/// `run-live-response.md`, a command of the request and of the answer.
const LIVE_RESPONSE_COMMAND: &[(&str, Doc)] =
    &[("type", Text), ("params", Objects("command_param"))];

/// `run-live-response.md`, a parameter of a command.
const COMMAND_PARAM: &[(&str, Doc)] = &[("key", Text), ("value", Text)];

/// `files.md`, Properties table.
const FILE: &[(&str, Doc)] = &[
    ("sha1", Text),
    ("sha256", Text),
    ("globalPrevalence", Number),
    ("globalFirstObserved", Text),
    ("globalLastObserved", Text),
    ("size", Number),
    ("fileType", Text),
    ("isPeFile", Boolean),
    ("filePublisher", Text),
    ("fileProductName", Text),
    ("signer", Text),
    ("issuer", Text),
    ("signerHash", Text),
    ("isValidCertificate", Boolean),
    ("determinationType", Text),
    ("determinationValue", Text),
];

/// `ti-indicator.md`, Properties table and JSON representation.
const INDICATOR: &[(&str, Doc)] = &[
    ("id", Text),
    ("indicatorValue", Text),
    ("indicatorType", Text),
    ("application", Text),
    ("action", Text),
    ("externalId", Text), // the table spells it "externalID"
    ("sourceType", Text),
    ("createdBySource", Text),
    ("createdBy", Text),
    ("lastUpdatedBy", Text),
    ("creationTimeDateTimeUtc", Text),
    ("expirationTime", Text),
    ("lastUpdateTime", Text),
    ("severity", Text),
    ("title", Text),
    ("description", Text),
    ("recommendedActions", Text),
    ("rbacGroupNames", Texts),
    ("rbacGroupIds", Texts),
    // The table says Enum ("True" or "False"): a boolean.
    ("generateAlert", Boolean),
    // Not in the table; in the JSON representation.
    ("source", Text),
];

/// `investigation.md`, Properties table and "Json representation".
const INVESTIGATION: &[(&str, Doc)] = &[
    ("id", Text), // the table spells it "ID"
    ("startTime", Text),
    ("endTime", Text),
    ("cancelledBy", Text),
    ("state", Text), // the table spells it "State"
    ("statusDetails", Text),
    ("machineId", Text),
    ("computerDnsName", Text),
    ("triggeringAlertId", Text),
];

/// `list-library-files.md`, the files of the response example (the page has no properties
/// table; upload-library.md answers the same entity).
const LIBRARY_FILE: &[(&str, Doc)] = &[
    ("fileName", Text),
    ("sha256", Text),
    ("description", Text),
    ("creationTime", Text),
    ("lastUpdatedTime", Text),
    ("createdBy", Text),
    ("hasParameters", Boolean),
    ("parametersDescription", Text),
];

/// `get-file-statistics.md`, "Response example" (the page has no property table).
const FILE_STATISTICS: &[(&str, Doc)] = &[
    ("sha1", Text),
    ("organizationPrevalence", Number),
    ("orgFirstSeen", Text),
    ("orgLastSeen", Text),
    ("globallyPrevalence", Number),
    ("globalFirstObserved", Text),
    ("globalLastObserved", Text),
    ("topFileNames", Texts),
];

/// `get-ip-statistics.md`, "Response example" and the table under it.
const IP_STATISTICS: &[(&str, Doc)] = &[
    ("ipAddress", Text),
    ("organizationPrevalence", Number),
    ("orgFirstSeen", Text),
    ("orgLastSeen", Text),
];

/// `get-domain-statistics.md`, "Response example" (the page has no property table).
const DOMAIN_STATISTICS: &[(&str, Doc)] = &[
    ("host", Text),
    ("organizationPrevalence", Number),
    ("orgFirstSeen", Text),
    ("orgLastSeen", Text),
];

/// The user entity of get-machine-log-on-users.md's example, with the properties
/// get-alert-related-user-info.md's example adds (user.md has no properties table).
const LOGON_USER: &[(&str, Doc)] = &[
    ("id", Text),
    ("accountName", Text),
    ("accountDomain", Text),
    ("accountSid", Text),
    ("firstSeen", Text),
    ("lastSeen", Text),
    ("mostPrevalentMachineId", Text),
    ("leastPrevalentMachineId", Text),
    ("logonTypes", Text),
    ("logOnMachinesCount", Number),
    ("isDomainAdmin", Boolean),
    ("isOnlyNetworkUser", Boolean),
];

/// `software.md`, Properties table (spelled as get-installed-software.md's example spells them:
/// the table writes Name, Vendor and Weaknesses).
const SOFTWARE: &[(&str, Doc)] = &[
    ("id", Text),
    ("name", Text),
    ("vendor", Text),
    ("weaknesses", Number),
    ("publicExploit", Boolean),
    ("activeAlert", Boolean),
    ("exposedMachines", Number),
    ("impactScore", Fraction),
];

/// `vulnerability.md`, Properties table, spelled as get-discovered-vulnerabilities.md's
/// example spells them (the table writes Id, Name, Description and Severity). The table's
/// CveSupportability says "String collection", but it names one value of three and the API's
/// answers carry one string ("Supported"); EPSS is "Numeric", a probability from 0 to 1.
const VULNERABILITY: &[(&str, Doc)] = &[
    ("id", Text),
    ("name", Text),
    ("description", Text),
    ("severity", Text),
    ("cvssV3", Fraction),
    ("cvssVector", Text),
    ("exposedMachines", Number),
    ("publishedOn", Text),
    ("updatedOn", Text),
    ("publicExploit", Boolean),
    ("exploitVerified", Boolean),
    ("exploitInKit", Boolean),
    ("exploitTypes", Texts),
    ("exploitUris", Texts),
    ("cveSupportability", Text),
    ("epss", Fraction),
];

/// `recommendation.md`, Properties table, spelled as get-security-recommendations.md's example
/// spells them (the table writes Weaknesses, Vendor and Status).
const RECOMMENDATION: &[(&str, Doc)] = &[
    ("id", Text),
    ("productName", Text),
    ("recommendationName", Text),
    ("weaknesses", Number),
    ("vendor", Text),
    ("recommendedVersion", Text),
    ("recommendedProgram", Text),
    ("recommendedVendor", Text),
    ("recommendationCategory", Text),
    ("subCategory", Text),
    ("severityScore", Fraction),
    ("publicExploit", Boolean),
    ("activeAlert", Boolean),
    ("associatedThreats", Texts),
    ("remediationType", Text),
    ("status", Text),
    ("configScoreImpact", Fraction),
    ("exposureImpact", Fraction),
    ("totalMachineCount", Number),
    ("exposedMachinesCount", Number),
    ("nonProductivityImpactedAssets", Number),
    ("relatedComponent", Text),
    ("exposedCriticalDevices", Number),
];

/// `get-missing-kbs-machine.md`, the items of the response example (the page has no
/// properties table).
const MISSING_KB: &[(&str, Doc)] = &[
    ("id", Text),
    ("name", Text),
    ("productsNames", Texts),
    ("url", Text),
    ("machineMissedOn", Number),
    ("cveAddressed", Number),
];

/// Each documented entity and the spec type that holds it.
const ENTITIES: &[(&str, &[(&str, Doc)])] = &[
    ("alert", ALERT),
    ("alert_comment", ALERT_COMMENT),
    ("related_user", RELATED_USER),
    ("evidence", EVIDENCE),
    ("logged_on_user", LOGGED_ON_USER),
    ("machine", MACHINE),
    ("ip_address", IP_ADDRESS),
    ("vm_metadata", VM_METADATA),
    ("machine_action", MACHINE_ACTION),
    ("related_file_info", RELATED_FILE_INFO),
    ("machine_action_command", MACHINE_ACTION_COMMAND),
    ("live_response_command", LIVE_RESPONSE_COMMAND),
    ("command_param", COMMAND_PARAM),
    ("file_information", FILE),
    ("indicator", INDICATOR),
    ("investigation", INVESTIGATION),
    ("library_file", LIBRARY_FILE),
    ("file_statistics", FILE_STATISTICS),
    ("ip_statistics", IP_STATISTICS),
    ("domain_statistics", DOMAIN_STATISTICS),
    ("logon_user", LOGON_USER),
    ("software", SOFTWARE),
    ("vulnerability", VULNERABILITY),
    ("recommendation", RECOMMENDATION),
    ("missing_kb", MISSING_KB),
];

fn compatible(doc: Doc, spec_type: &str) -> bool {
    match doc {
        Text => spec_type == "string" || spec_type == "date",
        Number => spec_type == "integer" || spec_type == "number",
        Fraction => spec_type == "float" || spec_type == "number",
        Boolean => spec_type == "boolean",
        Texts => spec_type == "[]string",
        Object(name) => spec_type == name,
        Objects(name) => spec_type.strip_prefix("[]") == Some(name),
    }
}

#[test]
fn every_documented_property_is_a_field_of_the_spec_type_with_a_compatible_type() {
    let spec = Spec::embedded();
    let mut problems = Vec::new();
    for (type_name, documented) in ENTITIES {
        let Some(fields) = spec.types.get(*type_name) else {
            problems.push(format!("the spec has no type {type_name}"));
            continue;
        };
        for (name, doc) in *documented {
            match fields.get(*name) {
                None => problems.push(format!("{type_name}.{name} is missing")),
                Some(Field { type_, .. }) if !compatible(*doc, type_) => problems.push(format!(
                    "{type_name}.{name} is {type_}, documented as {doc:?}"
                )),
                Some(field) if field.title.is_none() || field.description.is_none() => {
                    problems.push(format!("{type_name}.{name} lacks a title or description"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A value of the documented type, with every nested documented field set too.
fn sample(doc: Doc) -> Value {
    match doc {
        Text => json!("text"),
        Number => json!(7),
        Fraction => json!(7.25),
        Boolean => json!(true),
        Texts => json!(["one", "two"]),
        Object(name) => entity(name),
        Objects(name) => json!([entity(name)]),
    }
}

fn documented(type_name: &str) -> &'static [(&'static str, Doc)] {
    ENTITIES
        .iter()
        .find(|(name, _)| *name == type_name)
        .map(|(_, fields)| *fields)
        .unwrap_or_else(|| panic!("no documented list for {type_name}"))
}

fn entity(type_name: &str) -> Value {
    let fields: Map<String, Value> = documented(type_name)
        .iter()
        .map(|(name, doc)| (name.to_string(), sample(*doc)))
        .collect();
    Value::Object(fields)
}

/// Decodes a body as the API layer does and encodes it as the output is written: the spec's
/// types are the entity types (`api::entities`), so this is the whole mapping.
fn through<T: Entity + Serialize>(body: Value) -> Value {
    let typed: T = decode(&body.to_string()).expect("it decodes");
    serde_json::to_value(typed).unwrap()
}

#[test]
fn every_documented_property_survives_decoding_and_encoding_to_the_output() {
    let cases: Vec<(&str, Value)> = vec![
        ("alert", through::<t::Alert>(entity("alert"))),
        ("machine", through::<t::Machine>(entity("machine"))),
        (
            "machine_action",
            through::<t::MachineAction>(entity("machine_action")),
        ),
        (
            "file_information",
            through::<t::FileInformation>(entity("file_information")),
        ),
        ("indicator", through::<t::Indicator>(entity("indicator"))),
        (
            "investigation",
            through::<t::Investigation>(entity("investigation")),
        ),
        (
            "library_file",
            through::<t::LibraryFile>(entity("library_file")),
        ),
        (
            "file_statistics",
            through::<t::FileStatistics>(entity("file_statistics")),
        ),
        (
            "ip_statistics",
            through::<t::IpStatistics>(entity("ip_statistics")),
        ),
        (
            "domain_statistics",
            through::<t::DomainStatistics>(entity("domain_statistics")),
        ),
        ("logon_user", through::<t::LogonUser>(entity("logon_user"))),
        ("software", through::<t::Software>(entity("software"))),
        (
            "vulnerability",
            through::<t::Vulnerability>(entity("vulnerability")),
        ),
        (
            "recommendation",
            through::<t::Recommendation>(entity("recommendation")),
        ),
        ("missing_kb", through::<t::MissingKb>(entity("missing_kb"))),
    ];
    for (type_name, output) in cases {
        assert_eq!(
            output,
            entity(type_name),
            "{type_name} lost or changed a field"
        );
    }
}

#[test]
fn a_null_or_unknown_property_does_not_fail_decoding() {
    let mut machine = Map::new();
    for (name, _) in MACHINE {
        machine.insert(name.to_string(), Value::Null);
    }
    machine.insert(
        "id".into(),
        json!("1e5bc9d7e413ddd7902c2932e418702b84d0cc07"),
    );
    machine.insert(
        "aPropertyMicrosoftAddsLater".into(),
        json!({"nested": [1, 2]}),
    );
    let output = through::<t::Machine>(Value::Object(machine));
    assert_eq!(
        output,
        json!({"id": "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"})
    );
}
