//! Entity templates and the deterministic demo tenant.
//!
//! Templates fix Defender's field order and defaults; `State::add_alert` and friends
//! overlay what a test gives on top of them. The seeded tenant (six machines, eight
//! alerts, their files, one finished scan) uses fixed ids and fixed past time stamps
//! (2026-11-20..22) so that snapshots of emulator answers stay stable.

use serde_json::{json, Value};

use super::state::{into_object, overlay, tenant_value, ActionRec, LibraryFile, State};

/// An alert with every field Defender returns, in its order.
pub(crate) fn alert_template() -> Value {
    json!({
        "id": null,
        "incidentId": null,
        "investigationId": null,
        "assignedTo": null,
        "severity": "Medium",
        "status": "New",
        "classification": null,
        "determination": null,
        "investigationState": "Queued",
        "detectionSource": "WindowsDefenderAtp",
        "detectorId": null,
        "category": "SuspiciousActivity",
        "threatFamilyName": null,
        "title": "Emulated alert",
        "description": "An alert raised by the Defender for Endpoint emulator.",
        "alertCreationTime": null,
        "firstEventTime": null,
        "lastEventTime": null,
        "lastUpdateTime": null,
        "resolvedTime": null,
        "machineId": null,
        "computerDnsName": null,
        "rbacGroupName": null,
        "aadTenantId": tenant_value(),
        "threatName": null,
        "mitreTechniques": [],
        "relatedUser": null,
        "loggedOnUsers": [],
        "comments": [],
        "evidence": [],
    })
}

/// A machine with every field Defender returns, in its order.
pub(crate) fn machine_template() -> Value {
    json!({
        "id": null,
        "computerDnsName": null,
        "firstSeen": null,
        "lastSeen": null,
        "osPlatform": "Windows11",
        "osVersion": null,
        "osProcessor": "x64",
        "version": "23H2",
        "lastIpAddress": "10.20.0.10",
        "lastExternalIpAddress": "203.0.113.10",
        "agentVersion": "10.8760.22621.1010",
        "osBuild": 22631,
        "healthStatus": "Active",
        "deviceValue": "Normal",
        "rbacGroupId": 0,
        "rbacGroupName": null,
        "riskScore": "None",
        "exposureLevel": "Low",
        "isAadJoined": true,
        "aadDeviceId": null,
        "machineTags": [],
        "onboardingStatus": "Onboarded",
        "osArchitecture": "64-bit",
        "defenderAvStatus": "Updated",
        "managedBy": "Intune",
        "managedByStatus": "Success",
        "isPotentialDuplication": false,
        "mergedIntoMachineId": null,
        "isExcluded": false,
        "exclusionReason": null,
        "ipAddresses": [],
        "vmMetadata": null,
    })
}

/// A machine action with every field, in Defender's order.
pub(crate) fn action_template() -> Value {
    json!({
        "id": null,
        "type": null,
        "title": null,
        "scope": null,
        "requestor": null,
        "requestorComment": null,
        "status": "Pending",
        "machineId": null,
        "computerDnsName": null,
        "creationDateTimeUtc": null,
        "lastUpdateDateTimeUtc": null,
        "cancellationRequestor": null,
        "cancellationComment": null,
        "cancellationDateTimeUtc": null,
        "errorHResult": 0,
        "requestSource": "PublicApi",
        "relatedFileInfo": null,
        "commands": [],
        "externalId": null,
        "troubleshootInfo": null,
    })
}

/// An evidence item: Defender sends every key, null when it does not apply.
fn evidence(entity_type: &str, time: &str, fields: Value) -> Value {
    let base = json!({
        "entityType": entity_type,
        "evidenceCreationTime": time,
        "sha1": null,
        "sha256": null,
        "fileName": null,
        "filePath": null,
        "processId": null,
        "processCommandLine": null,
        "processCreationTime": null,
        "parentProcessId": null,
        "parentProcessCreationTime": null,
        "parentProcessFileName": null,
        "parentProcessFilePath": null,
        "ipAddress": null,
        "url": null,
        "registryKey": null,
        "registryHive": null,
        "registryValueType": null,
        "registryValue": null,
        "registryValueName": null,
        "accountName": null,
        "domainName": null,
        "userSid": null,
        "aadUserId": null,
        "userPrincipalName": null,
        "detectionStatus": null,
    });
    overlay(base, into_object(fields))
}

/// Static facts about one seeded file.
struct FileFact {
    sha1: &'static str,
    sha256: &'static str,
    md5: &'static str,
    name: &'static str,
    folder: &'static str,
    size: u64,
    publisher: Option<&'static str>,
    product: Option<&'static str>,
    signer: Option<&'static str>,
    prevalence: u64,
    determination: (&'static str, &'static str),
}

const POWERSHELL: FileFact = FileFact {
    sha1: "f29d0da9953f48f1a09f76b5a170b33839263059",
    sha256: "0becd7b03898d190f9ebdacc0cb1e29c658cda1495e60af593bd04cf0fd630f1",
    md5: "4a23d5962217beaddbc496cb8e81973e",
    name: "powershell.exe",
    folder: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
    size: 450_560,
    publisher: Some("Microsoft Corporation"),
    // ASCII: the spec example is recorded from this file, and Rapid7's EncodingValidator
    // forbids non-ASCII there. The other files keep the real "®" to exercise ensure_ascii.
    product: Some("Microsoft Windows Operating System"),
    signer: Some("Microsoft Windows"),
    prevalence: 9_204_118,
    determination: ("Clean", ""),
};
const PAYLOAD_PS1: FileFact = FileFact {
    sha1: "922766581e27a1c08a6a63ec24ede6a46b4cb242",
    sha256: "923a736994e3bf911a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38",
    md5: "18f135d25f557203301850c5a38fd547",
    name: "invoke-update.ps1",
    folder: "C:\\Users\\jdoe\\AppData\\Local\\Temp",
    size: 18_244,
    publisher: None,
    product: None,
    signer: None,
    prevalence: 3,
    determination: ("Malware", "Trojan:PowerShell/Powersploit.M"),
};
const MIMIKATZ: FileFact = FileFact {
    sha1: "0f4205b4907a70c31012f037b64ce4228c38fb29",
    sha256: "506bf2efc6f877186d76b07e881ed162ae2eb1547f15052434b9b5df9e7769b1",
    md5: "7403e430ec66a78795e761d17731af10",
    name: "mimikatz.exe",
    folder: "C:\\ProgramData\\Tools",
    size: 1_355_264,
    publisher: None,
    product: Some("mimikatz"),
    signer: None,
    prevalence: 5_012,
    determination: ("Malware", "HackTool:Win64/Mikatz!dha"),
};
const ENCRYPTOR: FileFact = FileFact {
    sha1: "2e05319acb5c74273f98e2774cbd87ad5c90a958",
    sha256: "7ebff206867347214cdd2055930d6eaf14f4733f3e7d1bfbc7a2ea20b2f14c94",
    md5: "72e6cc3ababced2057ee05cde00902c7",
    name: "svchostupd.exe",
    folder: "C:\\Users\\Public\\Libraries",
    size: 241_664,
    publisher: None,
    product: None,
    signer: None,
    prevalence: 1,
    determination: ("Malware", "Ransom:Win32/Conti.ZA"),
};
const EMOTET_DLL: FileFact = FileFact {
    sha1: "1e398f1012bd4acefaecbd389be4bcfc49b64a08",
    sha256: "7d2caf82eeeacbe226e875555790f82ec1d3fcff2a3af4d46b0a18e8830e07bc",
    md5: "ab1031d0f646e1f40a097c976bf46c69",
    name: "invoice_2611.dll",
    folder: "C:\\Users\\mlopez\\Downloads",
    size: 512_000,
    publisher: None,
    product: None,
    signer: None,
    prevalence: 212,
    determination: ("Malware", "Trojan:Win32/Emotet.RPX!MTB"),
};
const CMD: FileFact = FileFact {
    sha1: "ca02135e92b1d3f28ede0d7ac3baea9e13deef86",
    sha256: "7f26144b98289fcd59a54a7bb1fee08f571242425051c1ccd17f9acae01f5057",
    md5: "119a72d174c9df6acc011cdd9474031b",
    name: "cmd.exe",
    folder: "C:\\Windows\\System32",
    size: 289_792,
    publisher: Some("Microsoft Corporation"),
    product: Some("Microsoft® Windows® Operating System"),
    signer: Some("Microsoft Windows"),
    prevalence: 10_481_307,
    determination: ("Clean", ""),
};
const COINMINER: FileFact = FileFact {
    sha1: "795e8229451abd81f1d69ed617f5e837d70820fe",
    sha256: "a5aa3c814f426dcbb394fb36bb2d420f0f88080b10a3d6b2aa05e11ab2715945",
    md5: "d269a9a5ae658f33fe3b890b93f448b3",
    name: "kworkerds",
    folder: "/tmp/.X11-unix",
    size: 2_437_120,
    publisher: None,
    product: None,
    signer: None,
    prevalence: 48,
    determination: ("Malware", "Trojan:Linux/CoinMiner.A"),
};
const BROWSEFOX: FileFact = FileFact {
    sha1: "e315128862c33a4fb774eb5248db40af72158370",
    sha256: "9c6539382b0537e65affb2297631a992f0ce583505c6af0758d5563dab2cd31e",
    md5: "37dc76fb0f17a3007e62aa0a1df9fd78",
    name: "BrowseFoxSetup.exe",
    folder: "C:\\Users\\rgreen\\Downloads",
    size: 1_048_576,
    publisher: Some("Linkury Ltd."),
    product: Some("BrowseFox"),
    signer: Some("Linkury Ltd."),
    prevalence: 31_877,
    determination: ("Pua", "PUA:Win32/BrowseFox"),
};
const RUNDLL32: FileFact = FileFact {
    sha1: "3f63af83bd0561e6211c70cf49952399c4aaeac1",
    sha256: "72fdf2022a96fb1a14a0f9e77f1b103cdf1582b0eab477d26415479c65dc9f50",
    md5: "e22571594720771f8ca8181166d22876",
    name: "rundll32.exe",
    folder: "C:\\Windows\\System32",
    size: 71_680,
    publisher: Some("Microsoft Corporation"),
    product: Some("Microsoft® Windows® Operating System"),
    signer: Some("Microsoft Windows"),
    prevalence: 10_122_554,
    determination: ("Clean", ""),
};
const PROCDUMP: FileFact = FileFact {
    sha1: "8cdb305fdd2e16096e36aab0d1bc52d9230d977e",
    sha256: "616499c9e25a7605aec6f0245bd86d40fc891b4a6a50df4db4d66a3a47469a4d",
    md5: "153e7c2a26a2c0bd3b1287fff52ddf5d",
    name: "procdump64.exe",
    folder: "C:\\Users\\mlopez\\AppData\\Local\\Temp",
    size: 424_856,
    publisher: Some("Sysinternals - www.sysinternals.com"),
    product: Some("ProcDump"),
    signer: Some("Microsoft Corporation"),
    prevalence: 88_410,
    determination: ("Unknown", ""),
};

const FILES: &[&FileFact] = &[
    &POWERSHELL,
    &PAYLOAD_PS1,
    &MIMIKATZ,
    &ENCRYPTOR,
    &EMOTET_DLL,
    &CMD,
    &COINMINER,
    &BROWSEFOX,
    &RUNDLL32,
    &PROCDUMP,
];

fn file_entity(f: &FileFact) -> Value {
    let is_pe = f.name.ends_with(".exe") || f.name.ends_with(".dll");
    json!({
        "sha1": f.sha1,
        "sha256": f.sha256,
        "md5": f.md5,
        "globalPrevalence": f.prevalence,
        "globalFirstObserved": "2026-10-02T14:21:09.5512378Z",
        "globalLastObserved": "2026-11-22T16:40:03.0918234Z",
        "size": f.size,
        "fileType": if is_pe { Value::from("PortableExecutable") } else { Value::Null },
        "isPeFile": is_pe,
        "filePublisher": f.publisher,
        "fileProductName": f.product,
        "signer": f.signer,
        "issuer": f.signer.map(|_| "Microsoft Code Signing PCA 2011"),
        "signerHash": f.signer.map(|_| "f6f717a43ad9abddc8cefdde1c505462535e7d1e"),
        "isValidCertificate": f.signer.is_some(),
        "determinationType": f.determination.0,
        "determinationValue": f.determination.1,
    })
}

fn file_ev(time: &str, f: &FileFact) -> Value {
    evidence(
        "File",
        time,
        json!({
            "sha1": f.sha1,
            "sha256": f.sha256,
            "fileName": f.name,
            "filePath": f.folder,
            "detectionStatus": "Detected",
        }),
    )
}

fn process_ev(time: &str, f: &FileFact, pid: u32, cmd: &str, parent: &FileFact) -> Value {
    evidence(
        "Process",
        time,
        json!({
            "sha1": f.sha1,
            "sha256": f.sha256,
            "fileName": f.name,
            "filePath": f.folder,
            "processId": pid,
            "processCommandLine": cmd,
            "processCreationTime": time,
            "parentProcessId": pid.saturating_sub(412),
            "parentProcessCreationTime": time,
            "parentProcessFileName": parent.name,
            "parentProcessFilePath": parent.folder,
            "detectionStatus": "Detected",
        }),
    )
}

fn user_ev(time: &str, account: &str, sid: &str) -> Value {
    evidence(
        "User",
        time,
        json!({
            "accountName": account,
            "domainName": "CONTOSO",
            "userSid": sid,
            "aadUserId": null,
            "userPrincipalName": format!("{account}@contoso.com"),
        }),
    )
}

fn ip_ev(time: &str, ip: &str) -> Value {
    evidence("Ip", time, json!({"ipAddress": ip}))
}

fn url_ev(time: &str, url: &str) -> Value {
    evidence("Url", time, json!({"url": url}))
}

pub(crate) const M_FIN: &str = "a6a3a4506513270e269e0d37f2a74de452e6b438";
pub(crate) const M_HR: &str = "1818e811892f902bd23f0824128b2f330c5c7fd0";
pub(crate) const M_DC: &str = "81e74ef5e8e25d940ed904759531985d5d9dc9f8";
pub(crate) const M_WEB: &str = "6b0d549b6f03675a1600a35a099950d836f675cc";
pub(crate) const M_LEGACY: &str = "6cad4a268d116ece1738f7d93d9c172411e20b8f";
pub(crate) const M_DEV: &str = "f28c105d1fb17c2390c192cfd3ac94af0f21ddb6";

#[allow(clippy::too_many_arguments)]
fn machine(
    id: &str,
    name: &str,
    os: (&str, Option<&str>, &str, Option<u64>),
    ip: &str,
    health: &str,
    risk: &str,
    exposure: &str,
    tags: &[&str],
    group: (u64, &str),
    last_seen: &str,
) -> Value {
    let (platform, os_version, version, build) = os;
    let mac = format!("00-15-5D-{}-{}-{}", &id[0..2], &id[2..4], &id[4..6]).to_uppercase();
    overlay(
        machine_template(),
        into_object(json!({
            "id": id,
            "computerDnsName": name,
            "firstSeen": "2025-03-14T09:12:41.6132457Z",
            "lastSeen": last_seen,
            "osPlatform": platform,
            "osVersion": os_version,
            "version": version,
            "lastIpAddress": ip,
            "lastExternalIpAddress": "203.0.113.24",
            "agentVersion": if platform == "Linux" { "101.24082.0004" } else { "10.8760.22621.1010" },
            "osBuild": build,
            "healthStatus": health,
            "rbacGroupId": group.0,
            "rbacGroupName": group.1,
            "riskScore": risk,
            "exposureLevel": exposure,
            "isAadJoined": platform.starts_with("Windows1"),
            "aadDeviceId": if platform.starts_with("Windows1") {
                Value::from(format!("{}-{}-4{}-a{}-{}", &id[0..8], &id[8..12], &id[13..16], &id[17..20], &id[20..32]))
            } else {
                Value::Null
            },
            "machineTags": tags,
            "managedBy": if platform.starts_with("Windows1") { "Intune" } else { "MicrosoftDefenderForEndpoint" },
            "ipAddresses": [
                {"ipAddress": ip, "macAddress": mac, "type": "Ethernet", "operationalStatus": "Up"},
            ],
        })),
    )
}

fn machines() -> Vec<Value> {
    let mut machines = vec![
        machine(
            M_FIN,
            "ws-fin-042.contoso.local",
            ("Windows10", None, "22H2", Some(19045)),
            "10.20.4.42",
            "Active",
            "High",
            "Medium",
            &["Finance", "VIP"],
            (101, "Finance Workstations"),
            "2026-11-22T16:55:12.4471902Z",
        ),
        machine(
            M_HR,
            "ws-hr-017.contoso.local",
            ("Windows11", None, "23H2", Some(22631)),
            "10.20.6.17",
            "Active",
            "Medium",
            "Medium",
            &["HR"],
            (102, "HR Workstations"),
            "2026-11-22T17:02:44.9031127Z",
        ),
        machine(
            M_DC,
            "srv-dc-01.contoso.local",
            ("WindowsServer2019", None, "1809", Some(17763)),
            "10.10.0.10",
            "Active",
            "High",
            "High",
            &["Tier0", "DomainController"],
            (100, "Servers"),
            "2026-11-22T17:05:03.1207765Z",
        ),
        machine(
            M_WEB,
            "lnx-web-03.contoso.local",
            ("Linux", Some("Ubuntu 22.04"), "22.4", None),
            "10.30.1.3",
            "Active",
            "Medium",
            "Low",
            &["WebFarm", "DMZ"],
            (100, "Servers"),
            "2026-11-22T16:48:39.5520871Z",
        ),
        machine(
            M_LEGACY,
            "ws-legacy-007.contoso.local",
            ("Windows7", None, "6.1", Some(7601)),
            "10.20.9.7",
            "Inactive",
            "Low",
            "High",
            &["Legacy"],
            (103, "Legacy"),
            "2026-11-21T07:30:55.0081342Z",
        ),
        machine(
            M_DEV,
            "ws-dev-112.contoso.local",
            ("Windows11", None, "23H2", Some(22631)),
            "10.20.8.112",
            "ImpairedCommunication",
            "None",
            "Low",
            &[],
            (104, "Developers"),
            "2026-11-22T11:19:27.6650013Z",
        ),
    ];
    for machine in &mut machines {
        match machine["id"].as_str() {
            // The web server is an Azure VM: Defender reports where it runs.
            Some(M_WEB) => {
                machine["vmMetadata"] = json!({
                    "vmId": "3d7e2b14-9c5a-4f61-8e0b-6a2f1c9d4e87",
                    "cloudProvider": "Azure",
                    "resourceId": "/subscriptions/5c1f8a2e-7b3d-4e9a-a6c4-2d8f0e1b3a57/resourceGroups/rg-webfarm/providers/Microsoft.Compute/virtualMachines/lnx-web-03",
                    "subscriptionId": "5c1f8a2e-7b3d-4e9a-a6c4-2d8f0e1b3a57",
                });
            }
            // Windows 7 gets no antivirus updates any more.
            Some(M_LEGACY) => machine["defenderAvStatus"] = json!("NotUpdated"),
            _ => {}
        }
    }
    machines
}

/// The parts of a seeded alert that differ between alerts.
struct AlertSeed {
    id: &'static str,
    incident: u64,
    severity: &'static str,
    category: &'static str,
    source: &'static str,
    title: &'static str,
    description: &'static str,
    created: &'static str,
    first_event: &'static str,
    updated: &'static str,
    machine: (&'static str, &'static str, &'static str),
    user: &'static str,
    mitre: &'static [&'static str],
    threat: Option<(&'static str, &'static str)>,
    detector: &'static str,
    evidence: Vec<Value>,
}

fn alert(seed: AlertSeed, extra: Value) -> Value {
    let (machine_id, dns, group) = seed.machine;
    let base = json!({
        "id": seed.id,
        "incidentId": seed.incident,
        "severity": seed.severity,
        "status": "New",
        "investigationState": "PendingApproval",
        "detectionSource": seed.source,
        "detectorId": seed.detector,
        "category": seed.category,
        "threatFamilyName": seed.threat.map(|t| t.0),
        "title": seed.title,
        "description": seed.description,
        "alertCreationTime": seed.created,
        "firstEventTime": seed.first_event,
        "lastEventTime": seed.first_event,
        "lastUpdateTime": seed.updated,
        "machineId": machine_id,
        "computerDnsName": dns,
        "rbacGroupName": group,
        "threatName": seed.threat.map(|t| t.1),
        "mitreTechniques": seed.mitre,
        "relatedUser": {"userName": seed.user, "domainName": "CONTOSO"},
        "loggedOnUsers": [{"accountName": seed.user, "domainName": "CONTOSO"}],
        "evidence": seed.evidence,
    });
    let merged = overlay(alert_template(), into_object(base));
    overlay(merged, into_object(extra))
}

fn alerts() -> Vec<Value> {
    const FIN: (&str, &str, &str) = (M_FIN, "ws-fin-042.contoso.local", "Finance Workstations");
    const HR: (&str, &str, &str) = (M_HR, "ws-hr-017.contoso.local", "HR Workstations");
    const DC: (&str, &str, &str) = (M_DC, "srv-dc-01.contoso.local", "Servers");
    const WEB: (&str, &str, &str) = (M_WEB, "lnx-web-03.contoso.local", "Servers");
    const LEGACY: (&str, &str, &str) = (M_LEGACY, "ws-legacy-007.contoso.local", "Legacy");
    const DEV: (&str, &str, &str) = (M_DEV, "ws-dev-112.contoso.local", "Developers");
    const JDOE_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1104";
    const MLOPEZ_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1187";

    let t1 = "2026-11-20T08:11:05.2230000Z";
    let t3 = "2026-11-21T05:19:48.6610000Z";
    let t4 = "2026-11-21T11:33:02.0040000Z";
    let t6 = "2026-11-22T08:09:51.7720000Z";
    vec![
        alert(
            AlertSeed {
                id: "da638402211706714560_-1915585947",
                incident: 5101,
                severity: "Medium",
                category: "Execution",
                source: "WindowsDefenderAtp",
                title: "Suspicious PowerShell command line",
                description: "A suspicious PowerShell activity was observed on the machine. This behavior may indicate that PowerShell was used during installation, exploration, or in some cases in lateral movement activities.",
                created: "2026-11-20T08:14:22.5170000Z",
                first_event: t1,
                updated: "2026-11-20T08:15:01.0330000Z",
                machine: FIN,
                user: "jdoe",
                mitre: &["T1059.001"],
                threat: None,
                detector: "7f1c3609-a3ff-40e2-995b-c01770161d68",
                evidence: vec![
                    process_ev(t1, &POWERSHELL, 7364, "powershell.exe -nop -w hidden -ep bypass -File C:\\Users\\jdoe\\AppData\\Local\\Temp\\invoke-update.ps1", &CMD),
                    file_ev(t1, &PAYLOAD_PS1),
                    user_ev(t1, "jdoe", JDOE_SID),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638402659341605616_-1145312790",
                incident: 5102,
                severity: "High",
                category: "CredentialAccess",
                source: "WindowsDefenderAv",
                // No quotes: the spec's get_alerts example comes from this alert, and Rapid7's
                // HelpInputOutputValidator compares examples through Python's repr, which
                // misquotes strings holding quotes.
                title: "Mimikatz credential theft tool",
                description: "The credential theft tool Mimikatz was detected on the domain controller.",
                created: "2026-11-20T20:40:34.1605616Z",
                first_event: "2026-11-20T20:38:10.0000000Z",
                updated: "2026-11-21T09:12:40.5521003Z",
                machine: DC,
                user: "svc-backup",
                mitre: &["T1003.001"],
                threat: Some(("Mimikatz", "HackTool:Win64/Mikatz!dha")),
                detector: "2b3e5a41-6b07-4d9e-b6f4-8c0f7e3a91d2",
                evidence: vec![
                    file_ev("2026-11-20T20:38:10.0000000Z", &MIMIKATZ),
                    user_ev("2026-11-20T20:38:10.0000000Z", "svc-backup", "S-1-5-21-1004336348-1177238915-682003330-1311"),
                    ip_ev("2026-11-20T20:38:10.0000000Z", "10.20.4.42"),
                ],
            },
            json!({
                "status": "InProgress",
                "assignedTo": "secops@contoso.com",
                "investigationId": 4471,
                "investigationState": "Running",
            }),
        ),
        alert(
            AlertSeed {
                id: "da638404957520747717_-2129901735",
                incident: 5101,
                severity: "High",
                category: "Ransomware",
                source: "WindowsDefenderAtp",
                title: "Ransomware behavior detected in the file system",
                description: "A process modified a large number of files and appended an unknown extension, which resembles ransomware encryption.",
                created: "2026-11-21T05:22:32.0747717Z",
                first_event: t3,
                updated: "2026-11-21T05:23:10.4410000Z",
                machine: FIN,
                user: "jdoe",
                mitre: &["T1486", "T1490"],
                threat: Some(("Conti", "Ransom:Win32/Conti.ZA")),
                detector: "c6b9fd7a-2f8e-4b4c-9d13-55a0f2e8b7c1",
                evidence: vec![
                    process_ev(t3, &ENCRYPTOR, 9120, "\"C:\\Users\\Public\\Libraries\\svchostupd.exe\" -m all -p C:\\", &POWERSHELL),
                    file_ev(t3, &ENCRYPTOR),
                    user_ev(t3, "jdoe", JDOE_SID),
                    ip_ev(t3, "185.220.101.47"),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638406933790816772_-1702795220",
                incident: 5103,
                severity: "Medium",
                category: "Malware",
                source: "WindowsDefenderAv",
                // No quotes around the name: Rapid7's HelpInputOutputValidator turns every ' of an
                // example into ", so an example with one never matches help.md.
                title: "An active Emotet malware was detected",
                description: "Emotet was detected and is still active on the device.",
                created: "2026-11-21T11:36:19.0816772Z",
                first_event: t4,
                updated: "2026-11-21T11:36:58.1200000Z",
                machine: HR,
                user: "mlopez",
                mitre: &["T1204.002", "T1218.011"],
                threat: Some(("Emotet", "Trojan:Win32/Emotet.RPX!MTB")),
                detector: "0e4b7d2c-93a1-4f6e-8c55-1a2b3c4d5e6f",
                evidence: vec![
                    file_ev(t4, &EMOTET_DLL),
                    process_ev(t4, &RUNDLL32, 5532, "rundll32.exe C:\\Users\\mlopez\\Downloads\\invoice_2611.dll,Control_RunDLL", &CMD),
                    url_ev(t4, "http://invoice-portal.example/download/invoice_2611.zip"),
                    user_ev(t4, "mlopez", MLOPEZ_SID),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638407046470618379_-1880131288",
                incident: 5104,
                severity: "Low",
                category: "SuspiciousActivity",
                source: "WindowsDefenderAtp",
                title: "Suspicious process launched using cmd.exe",
                description: "A process was launched through cmd.exe with an unusual command line.",
                created: "2026-11-21T14:44:07.0618379Z",
                first_event: "2026-11-21T14:41:30.0000000Z",
                updated: "2026-11-21T14:44:50.0000000Z",
                machine: DEV,
                user: "dkim",
                mitre: &["T1059.003"],
                threat: None,
                detector: "5d8f0a3b-7c21-4e9a-b3d6-2f4e6a8c0b1d",
                evidence: vec![
                    process_ev("2026-11-21T14:41:30.0000000Z", &CMD, 4410, "cmd.exe /c whoami /all > %TEMP%\\w.txt", &POWERSHELL),
                    user_ev("2026-11-21T14:41:30.0000000Z", "dkim", "S-1-5-21-1004336348-1177238915-682003330-1422"),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638409403482772463_284933393",
                incident: 5105,
                severity: "Medium",
                category: "CredentialAccess",
                source: "WindowsDefenderAtp",
                title: "Possible attempt to access Primary Refresh Token (PRT)",
                description: "A process attempted to access the Primary Refresh Token, which may be used to move laterally to cloud resources.",
                created: "2026-11-22T08:12:28.2772463Z",
                first_event: t6,
                updated: "2026-11-22T08:13:02.9000000Z",
                machine: HR,
                user: "mlopez",
                mitre: &["T1528"],
                threat: None,
                detector: "9a7e5c3b-1d2f-4a6b-8c9d-0e1f2a3b4c5d",
                evidence: vec![
                    process_ev(t6, &PROCDUMP, 6020, "procdump64.exe -accepteula -ma lsass.exe C:\\Users\\mlopez\\AppData\\Local\\Temp\\l.dmp", &CMD),
                    user_ev(t6, "mlopez", MLOPEZ_SID),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638414622151574655_382782559",
                incident: 5106,
                severity: "Medium",
                category: "Malware",
                source: "WindowsDefenderAv",
                title: "'CoinMiner' malware was detected",
                description: "A cryptocurrency miner was detected on the Linux web server.",
                created: "2026-11-22T12:10:15.1574655Z",
                first_event: "2026-11-22T12:07:44.0000000Z",
                updated: "2026-11-22T12:10:40.3300000Z",
                machine: WEB,
                user: "www-data",
                mitre: &["T1496"],
                threat: Some(("CoinMiner", "Trojan:Linux/CoinMiner.A")),
                detector: "3c5e7a9b-2d4f-4b6a-9c8e-1f3a5b7c9d0e",
                evidence: vec![
                    file_ev("2026-11-22T12:07:44.0000000Z", &COINMINER),
                    ip_ev("2026-11-22T12:07:44.0000000Z", "45.9.148.108"),
                ],
            },
            json!({}),
        ),
        alert(
            AlertSeed {
                id: "da638415324011809679_-462229085",
                incident: 5107,
                severity: "Informational",
                category: "UnwantedSoftware",
                source: "WindowsDefenderAv",
                title: "'BrowseFox' unwanted software was detected",
                description: "Potentially unwanted software was detected and removed.",
                created: "2026-11-22T14:06:41.1809679Z",
                first_event: "2026-11-22T14:05:12.0000000Z",
                updated: "2026-11-22T15:30:00.0000000Z",
                machine: LEGACY,
                user: "rgreen",
                mitre: &[],
                threat: Some(("BrowseFox", "PUA:Win32/BrowseFox")),
                detector: "6e8a0c2d-4f6b-4d8e-a0c2-3e5f7a9b1c2d",
                evidence: vec![file_ev("2026-11-22T14:05:12.0000000Z", &BROWSEFOX)],
            },
            json!({
                "status": "Resolved",
                "classification": "TruePositive",
                "determination": "UnwantedSoftware",
                "investigationState": "SuccessfullyRemediated",
                "resolvedTime": "2026-11-22T15:30:00.0000000Z",
                "comments": [{
                    "comment": "Removed by antivirus; user notified.",
                    "createdBy": "secops@contoso.com",
                    "createdTime": "2026-11-22T15:29:41.2000000Z",
                }],
            }),
        ),
    ]
}

/// Rows of the `DeviceProcessEvents` hunting table.
fn process_events() -> Vec<Value> {
    let row = |time: &str,
               machine: (&str, &str),
               f: &FileFact,
               pid: u32,
               cmd: &str,
               user: &str,
               parent: &str| {
        json!({
            "Timestamp": time,
            "DeviceId": machine.0,
            "DeviceName": machine.1,
            "ActionType": "ProcessCreated",
            "FileName": f.name,
            "FolderPath": format!("{}\\{}", f.folder, f.name),
            "SHA1": f.sha1,
            "SHA256": f.sha256,
            "ProcessId": pid,
            "ProcessCommandLine": cmd,
            "AccountDomain": "contoso",
            "AccountName": user,
            "InitiatingProcessFileName": parent,
        })
    };
    let fin = (M_FIN, "ws-fin-042.contoso.local");
    let hr = (M_HR, "ws-hr-017.contoso.local");
    let dev = (M_DEV, "ws-dev-112.contoso.local");
    let rows = vec![
        row("2026-11-20T08:10:58.0000000Z", fin, &CMD, 6952, "cmd.exe /c start powershell", "jdoe", "explorer.exe"),
        row("2026-11-20T08:11:05.2230000Z", fin, &POWERSHELL, 7364, "powershell.exe -nop -w hidden -ep bypass -File C:\\Users\\jdoe\\AppData\\Local\\Temp\\invoke-update.ps1", "jdoe", "cmd.exe"),
        row("2026-11-21T05:19:48.6610000Z", fin, &ENCRYPTOR, 9120, "\"C:\\Users\\Public\\Libraries\\svchostupd.exe\" -m all -p C:\\", "jdoe", "powershell.exe"),
        row("2026-11-21T11:33:02.0040000Z", hr, &RUNDLL32, 5532, "rundll32.exe C:\\Users\\mlopez\\Downloads\\invoice_2611.dll,Control_RunDLL", "mlopez", "cmd.exe"),
        row("2026-11-21T14:41:30.0000000Z", dev, &CMD, 4410, "cmd.exe /c whoami /all > %TEMP%\\w.txt", "dkim", "powershell.exe"),
        row("2026-11-22T08:09:51.7720000Z", hr, &PROCDUMP, 6020, "procdump64.exe -accepteula -ma lsass.exe C:\\Users\\mlopez\\AppData\\Local\\Temp\\l.dmp", "mlopez", "cmd.exe"),
        row("2026-11-22T09:00:12.0000000Z", dev, &POWERSHELL, 8120, "powershell.exe -Command Get-Process", "dkim", "explorer.exe"),
        row("2026-11-22T10:45:03.0000000Z", hr, &CMD, 3316, "cmd.exe /c ipconfig /all", "mlopez", "explorer.exe"),
    ];
    // The event's number on its machine, which create-alert-by-reference.md names it by.
    rows.into_iter()
        .zip(20_000u64..)
        .map(|(mut row, report)| {
            row["ReportId"] = json!(report);
            row
        })
        .collect()
}

/// A seeded action: the template with `fields` over it.
fn seeded(fields: Value) -> Value {
    overlay(action_template(), into_object(fields))
}

/// The action history the seeded tenant already has, oldest first: a finished antivirus scan
/// and investigation package on ws-hr-017, which was isolated and released again; the domain
/// controller isolated after the Mimikatz alert and still isolated; a full scan still running
/// on ws-dev-112. Only the scan is unfinished, so no seeded action makes a new one a duplicate
/// on the machines the examples use.
fn seeded_actions() -> Vec<Value> {
    let hr = |fields: Value| {
        let mut fields = into_object(fields);
        fields.insert("machineId".into(), json!(M_HR));
        fields.insert("computerDnsName".into(), json!("ws-hr-017.contoso.local"));
        fields.insert("requestor".into(), json!("secops@contoso.com"));
        fields.insert("requestSource".into(), json!("Portal"));
        seeded(Value::Object(fields))
    };
    vec![
        seeded(json!({
            "id": "d5e0c3b6-4f8a-4b9c-8d1e-2f3a4b5c6d7e",
            "type": "Isolate",
            "title": "Isolate device",
            "scope": "Full",
            "requestor": "secops@contoso.com",
            "requestorComment": "Isolated after Mimikatz was found on the domain controller",
            "status": "Succeeded",
            "machineId": M_DC,
            "computerDnsName": "srv-dc-01.contoso.local",
            "creationDateTimeUtc": "2026-11-21T09:20:14.6610000Z",
            "lastUpdateDateTimeUtc": "2026-11-21T09:22:03.1180000Z",
            "requestSource": "Portal",
        })),
        hr(json!({
            "id": "70ccec31-3571-410a-bc13-2d0d113db17d",
            "type": "RunAntiVirusScan",
            "title": "Run antivirus scan",
            "scope": "Quick",
            "requestorComment": "Routine scan after Emotet alert",
            "status": "Succeeded",
            "creationDateTimeUtc": "2026-11-21T11:40:02.4410000Z",
            "lastUpdateDateTimeUtc": "2026-11-21T11:55:45.1230000Z",
        })),
        hr(json!({
            "id": "2f1c7d9e-5b4a-4c3e-9d8f-6a7b8c9d0e1f",
            "type": "Isolate",
            "title": "Isolate device",
            "scope": "Full",
            "requestorComment": "Isolated while the Emotet alert is investigated",
            "status": "Succeeded",
            "creationDateTimeUtc": "2026-11-21T11:41:10.1020000Z",
            "lastUpdateDateTimeUtc": "2026-11-21T11:43:27.5500000Z",
        })),
        hr(json!({
            "id": "b3e8a1f4-2c6d-4e7f-8a9b-0c1d2e3f4a5b",
            "type": "CollectInvestigationPackage",
            "title": "Collect investigation package",
            "requestorComment": "Forensics for the Emotet alert",
            "status": "Succeeded",
            "creationDateTimeUtc": "2026-11-21T11:42:05.3300000Z",
            "lastUpdateDateTimeUtc": "2026-11-21T12:04:51.8870000Z",
        })),
        hr(json!({
            "id": "c4d9b2a5-3e7f-4a8b-9c0d-1e2f3a4b5c6d",
            "type": "Unisolate",
            "title": "Release device from isolation",
            "requestorComment": "Released: the Emotet alert was cleaned up",
            "status": "Succeeded",
            "creationDateTimeUtc": "2026-11-21T13:15:00.2210000Z",
            "lastUpdateDateTimeUtc": "2026-11-21T13:16:42.9040000Z",
        })),
        seeded(json!({
            "id": "e6f1d4c7-5a9b-4cad-9e2f-3a4b5c6d7e8f",
            "type": "RunAntiVirusScan",
            "title": "Run antivirus scan",
            "scope": "Full",
            "requestor": "secops@contoso.com",
            "requestorComment": "Full scan after a suspicious download",
            "status": "InProgress",
            "machineId": M_DEV,
            "computerDnsName": "ws-dev-112.contoso.local",
            "creationDateTimeUtc": "2026-11-22T10:46:30.7720000Z",
            "lastUpdateDateTimeUtc": "2026-11-22T10:47:02.0040000Z",
            "requestSource": "Portal",
        })),
    ]
}

/// Loads the demo tenant into an empty state.
pub(crate) fn load(state: &mut State) {
    state.machines = machines();
    state.alerts = alerts();
    state.files = FILES.iter().map(|f| file_entity(f)).collect();
    state.process_events = process_events();
    state.actions = seeded_actions()
        .into_iter()
        .map(|value| ActionRec { value, reads: 0 })
        .collect();
    state.indicators = indicators();
    state.investigations = investigations();
    state.library = library();
    state.installed = crate::inventory::seeded();
    // The backup service account runs as a domain administrator, as such accounts too often do.
    state.domain_admins = vec!["svc-backup".to_owned()];
}

/// The live response library of the demo tenant: the scripts the demo's story runs on an
/// isolated machine, and a tool without parameters.
fn library() -> Vec<LibraryFile> {
    vec![
        LibraryFile::new(
            "collect-triage.ps1",
            b"param([string]$Scope = 'quick')\nGet-Process | Sort-Object CPU -Descending | Select-Object -First 20\nGet-NetTCPConnection -State Established\n".to_vec(),
            Some("Lists the busiest processes and the established connections"),
            Some("-Scope quick|full"),
            "soc-automation@contoso.com",
            "2026-10-02T08:15:00Z",
        ),
        LibraryFile::new(
            "get-autoruns.ps1",
            b"Get-CimInstance Win32_StartupCommand | Select-Object Name, Command, Location\n".to_vec(),
            Some("Lists the programs that start with Windows"),
            None,
            "soc-automation@contoso.com",
            "2026-10-02T08:16:30Z",
        ),
        LibraryFile::new(
            "memdump.exe",
            b"MZ\x90\x00emulated process memory dump tool\n".to_vec(),
            Some("Process memory dump"),
            None,
            "admin@contoso.com",
            "2026-09-14T10:54:23Z",
        ),
    ]
}

/// The automated investigations of the demo tenant, oldest first: the one the PowerShell alert
/// on ws-fin-042 triggered, remediated; one started by hand on ws-hr-017, benign; and one still
/// running on the domain controller.
fn investigations() -> Vec<Value> {
    let investigation =
        |id: &str, start: &str, end: Value, state: &str, machine: (&str, &str), alert: Value| {
            json!({
                "id": id,
                "startTime": start,
                "endTime": end,
                "state": state,
                "cancelledBy": null,
                "statusDetails": null,
                "machineId": machine.0,
                "computerDnsName": machine.1,
                "triggeringAlertId": alert,
            })
        };
    vec![
        investigation(
            "63004",
            "2026-11-20T09:12:44Z",
            json!("2026-11-20T10:02:13Z"),
            "SuccessfullyRemediated",
            (M_FIN, "ws-fin-042.contoso.local"),
            json!("da638402211706714560_-1915585947"),
        ),
        investigation(
            "63017",
            "2026-11-21T11:50:02Z",
            json!("2026-11-21T12:31:45Z"),
            "Benign",
            (M_HR, "ws-hr-017.contoso.local"),
            Value::Null,
        ),
        investigation(
            "63042",
            "2026-11-22T07:05:19Z",
            Value::Null,
            "Running",
            (M_DC, "srv-dc-01.contoso.local"),
            Value::Null,
        ),
    ]
}

/// Two custom indicators an analyst made from the PowerShell dropper alert, so listing and
/// deleting have something to show.
fn indicators() -> Vec<Value> {
    let indicator =
        |id: &str, value: &str, kind: &str, action: &str, title: &str, created: &str| {
            json!({
                "id": id,
                "indicatorValue": value,
                "indicatorType": kind,
                "action": action,
                "application": null,
                "source": "secops@contoso.com",
                "sourceType": "User",
                "title": title,
                "creationTimeDateTimeUtc": created,
                "createdBy": "secops@contoso.com",
                "createdByDisplayName": "SecOps Team",
                "createdBySource": "Portal",
                "expirationTime": null,
                "lastUpdateTime": created,
                "lastUpdatedBy": "secops@contoso.com",
                "severity": "High",
                "description": "Seen in the invoke-update.ps1 dropper on ws-fin-042",
                "recommendedActions": "Isolate the machine and reset the password of the user",
                "rbacGroupNames": [],
                "rbacGroupIds": [],
                "generateAlert": true,
                "educateUrl": null,
                "mitreTechniques": ["T1059.001"],
                "category": null,
                "certificateInfo": null,
            })
        };
    vec![
        indicator(
            "5001",
            "invoke-update.example.net",
            "DomainName",
            "Block",
            "Payload host of the invoke-update.ps1 dropper",
            "2026-11-20T09:02:11.4520000Z",
        ),
        indicator(
            "5002",
            "923a736994e3bf911a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38",
            "FileSha256",
            "BlockAndRemediate",
            "invoke-update.ps1 dropper",
            "2026-11-20T09:04:37.1180000Z",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::is_hex;

    #[test]
    fn seeded_data_is_consistent() {
        let mut s = State::default();
        load(&mut s);
        assert_eq!(s.machines.len(), 6);
        assert_eq!(s.alerts.len(), 8);
        assert_eq!(s.indicators.len(), 2);
        for m in &s.machines {
            assert!(is_hex(m["id"].as_str().unwrap(), 40));
        }
        for a in &s.alerts {
            let machine = a["machineId"].as_str().unwrap();
            let i = s.machine_index(machine).expect("alert machine exists");
            assert_eq!(a["computerDnsName"], s.machines[i]["computerDnsName"]);
            for e in a["evidence"].as_array().unwrap() {
                if let Some(sha1) = e["sha1"].as_str() {
                    assert!(s.file_index(sha1).is_some(), "file {sha1} seeded");
                }
            }
            assert_eq!(
                a.as_object().unwrap().keys().collect::<Vec<_>>(),
                alert_template()
                    .as_object()
                    .unwrap()
                    .keys()
                    .collect::<Vec<_>>()
            );
        }
        assert!(s.machines.iter().any(|m| m["osPlatform"] == "Windows7"));
    }

    #[test]
    fn library_files_have_the_documented_fields_and_their_content_hash() {
        let mut s = State::default();
        load(&mut s);
        assert!(s.library_index("COLLECT-TRIAGE.PS1").is_some());
        for file in &s.library {
            let keys: Vec<&str> = file
                .entity
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let documented = [
                "fileName",
                "sha256",
                "description",
                "creationTime",
                "lastUpdatedTime",
                "createdBy",
                "hasParameters",
            ];
            assert_eq!(&keys[..documented.len()], documented);
            assert_eq!(
                file.entity["hasParameters"] == true,
                keys.contains(&"parametersDescription")
            );
            assert_eq!(
                file.entity["sha256"],
                crate::state::sha256_hex(&file.content)
            );
        }
        assert_eq!(
            crate::state::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
