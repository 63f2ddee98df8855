//! The demo tenant's software inventory, as Defender Vulnerability Management sees it: a
//! catalog of products and of the vulnerabilities and security updates (KBs) that fix them, and
//! which version of which product each machine runs.
//!
//! Every answer of the `/api/machines/{id}/software`, `…/vulnerabilities`,
//! `…/recommendations` and `…/getmissingkbs` routes is derived from these facts and the
//! machines and alerts of the state, so that a test changing one (a machine removed, an alert
//! resolved) changes the answers as Defender's would change.

use std::cmp::Ordering;

/// A product Defender tracks, `vendor-_-name` being its software ID.
pub(crate) struct Product {
    pub vendor: &'static str,
    pub name: &'static str,
    /// The component a recommendation names, as the portal shows it.
    pub component: &'static str,
    /// `OS` for an operating system, `Application` for the rest (recommendation.md).
    pub category: &'static str,
}

impl Product {
    pub fn id(&self) -> String {
        format!("{}-_-{}", self.vendor, self.name)
    }
}

/// Where a vulnerability is fixed: in `product` from version `fixed_in` on, by the security
/// update `kb` for an operating system.
pub(crate) struct Fix {
    pub product: &'static str,
    pub fixed_in: &'static str,
    pub kb: Option<&'static str>,
}

/// A vulnerability, affecting the versions of each product below its fix.
pub(crate) struct Cve {
    pub id: &'static str,
    pub fixes: &'static [Fix],
    pub description: &'static str,
    pub severity: &'static str,
    pub cvss: f64,
    pub vector: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub public_exploit: bool,
    pub exploit_verified: bool,
    pub exploit_in_kit: bool,
    pub exploit_types: &'static [&'static str],
    pub exploit_uris: &'static [&'static str],
    pub epss: f64,
    /// The threat analytics report about it, if there is one.
    pub threat: Option<&'static str>,
}

/// A security update, by its number without the `KB` prefix.
pub(crate) struct Kb {
    pub id: &'static str,
    pub name: &'static str,
}

/// One product installed on one machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Installed {
    pub machine: String,
    pub product: String,
    pub version: String,
}

pub(crate) const PRODUCTS: &[Product] = &[
    Product {
        vendor: "microsoft",
        name: "windows_10",
        component: "Windows 10",
        category: "OS",
    },
    Product {
        vendor: "microsoft",
        name: "windows_11",
        component: "Windows 11",
        category: "OS",
    },
    Product {
        vendor: "microsoft",
        name: "windows_server_2019",
        component: "Windows Server 2019",
        category: "OS",
    },
    Product {
        vendor: "microsoft",
        name: "windows_7",
        component: "Windows 7",
        category: "OS",
    },
    Product {
        vendor: "microsoft",
        name: "edge_chromium-based",
        component: "Microsoft Edge",
        category: "Application",
    },
    Product {
        vendor: "google",
        name: "chrome",
        component: "Chrome",
        category: "Application",
    },
    Product {
        vendor: "git-scm",
        name: "git",
        component: "Git",
        category: "Application",
    },
    Product {
        vendor: "apache",
        name: "log4j",
        component: "Log4j",
        category: "Application",
    },
    Product {
        vendor: "haxx",
        name: "curl",
        component: "curl",
        category: "Application",
    },
    Product {
        vendor: "openssl",
        name: "openssl",
        component: "OpenSSL",
        category: "Application",
    },
];

pub(crate) const CVES: &[Cve] = &[
    Cve {
        id: "CVE-2021-44228",
        fixes: &[Fix {
            product: "apache-_-log4j",
            fixed_in: "2.17.1",
            kb: None,
        }],
        description: "Apache Log4j2 JNDI features used in configuration, log messages and parameters do not protect against attacker-controlled LDAP and other JNDI endpoints, so an attacker who controls log messages can run arbitrary code loaded from LDAP servers.",
        severity: "Critical",
        cvss: 10.0,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        published: "2021-12-10T00:00:00Z",
        updated: "2023-11-07T00:00:00Z",
        public_exploit: true,
        exploit_verified: true,
        exploit_in_kit: true,
        exploit_types: &["Remote code execution"],
        exploit_uris: &["https://www.exploit-db.com/exploits/50592"],
        epss: 0.97565,
        threat: Some("Log4j 2 vulnerability exploitation"),
    },
    Cve {
        id: "CVE-2023-38545",
        fixes: &[Fix {
            product: "haxx-_-curl",
            fixed_in: "8.4.0",
            kb: None,
        }],
        // No apostrophe: Rapid7's HelpInputOutputValidator turns every ' of an example into ".
        description: "A heap buffer overflow in the SOCKS5 proxy handshake of curl: a host name too long to resolve locally is copied into the target buffer instead of the resolved address.",
        severity: "Critical",
        cvss: 9.8,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        published: "2023-10-18T00:00:00Z",
        updated: "2023-11-20T00:00:00Z",
        public_exploit: true,
        exploit_verified: false,
        exploit_in_kit: false,
        exploit_types: &[],
        exploit_uris: &[],
        epss: 0.26514,
        threat: None,
    },
    Cve {
        id: "CVE-2022-3602",
        fixes: &[Fix {
            product: "openssl-_-openssl",
            fixed_in: "3.0.7",
            kb: None,
        }],
        description: "A buffer overrun in the X.509 certificate verification of OpenSSL, in name constraint checking of an email address, can crash a client or server that verifies a malicious certificate.",
        severity: "High",
        cvss: 7.5,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        published: "2022-11-01T00:00:00Z",
        updated: "2023-11-07T00:00:00Z",
        public_exploit: false,
        exploit_verified: false,
        exploit_in_kit: false,
        exploit_types: &["Denial of service"],
        exploit_uris: &[],
        epss: 0.01852,
        threat: None,
    },
    Cve {
        id: "CVE-2023-4863",
        fixes: &[Fix {
            product: "google-_-chrome",
            fixed_in: "116.0.5845.187",
            kb: None,
        }],
        description: "A heap buffer overflow in libwebp in Google Chrome lets a remote attacker write out of bounds with a crafted HTML page.",
        severity: "High",
        cvss: 8.8,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
        published: "2023-09-12T00:00:00Z",
        updated: "2023-11-21T00:00:00Z",
        public_exploit: true,
        exploit_verified: true,
        exploit_in_kit: false,
        exploit_types: &["Remote code execution"],
        exploit_uris: &[],
        epss: 0.46214,
        threat: None,
    },
    Cve {
        id: "CVE-2019-1348",
        fixes: &[Fix {
            product: "git-scm-_-git",
            fixed_in: "2.24.1",
            kb: None,
        }],
        description: "Git could allow a remote attacker to bypass security restrictions, caused by a flaw in the --export-marks option of git fast-import. By persuading a victim to import specially-crafted content, an attacker could exploit this vulnerability to overwrite arbitrary paths.",
        severity: "Medium",
        cvss: 4.3,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N",
        published: "2019-12-13T00:00:00Z",
        updated: "2019-12-13T00:00:00Z",
        public_exploit: false,
        exploit_verified: false,
        exploit_in_kit: false,
        exploit_types: &[],
        exploit_uris: &[],
        epss: 0.00419,
        threat: None,
    },
    Cve {
        id: "CVE-2023-36033",
        fixes: &[
            Fix {
                product: "microsoft-_-windows_10",
                fixed_in: "10.0.19045.3693",
                kb: Some("5032189"),
            },
            Fix {
                product: "microsoft-_-windows_server_2019",
                fixed_in: "10.0.17763.5122",
                kb: Some("5032196"),
            },
        ],
        description: "Windows DWM Core Library elevation of privilege vulnerability: a local attacker who exploits it gains SYSTEM privileges.",
        severity: "High",
        cvss: 7.8,
        vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
        published: "2023-11-14T00:00:00Z",
        updated: "2023-11-14T00:00:00Z",
        public_exploit: true,
        exploit_verified: true,
        exploit_in_kit: false,
        exploit_types: &["Local privilege escalation"],
        exploit_uris: &[],
        epss: 0.00947,
        threat: None,
    },
    Cve {
        id: "CVE-2019-0708",
        fixes: &[Fix {
            product: "microsoft-_-windows_7",
            fixed_in: "6.1.7601.24441",
            kb: Some("4499175"),
        }],
        description: "A remote code execution vulnerability in Remote Desktop Services (BlueKeep): an unauthenticated attacker who connects with RDP and sends crafted requests runs arbitrary code.",
        severity: "Critical",
        cvss: 9.8,
        vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        published: "2019-05-16T00:00:00Z",
        updated: "2021-06-03T00:00:00Z",
        public_exploit: true,
        exploit_verified: true,
        exploit_in_kit: true,
        exploit_types: &["Remote code execution"],
        exploit_uris: &["https://www.exploit-db.com/exploits/47416"],
        epss: 0.97471,
        threat: Some("BlueKeep: Remote Desktop Services remote code execution"),
    },
];

pub(crate) const KBS: &[Kb] = &[
    Kb {
        id: "5032189",
        name: "November 2023 Security Updates",
    },
    Kb {
        id: "5032196",
        name: "November 2023 Security Updates",
    },
    Kb {
        id: "4499175",
        name: "May 2019 Security Updates",
    },
];

/// What each seeded machine runs: its operating system at a build, and its applications.
pub(crate) fn seeded() -> Vec<Installed> {
    use crate::seed::{M_DC, M_DEV, M_FIN, M_HR, M_LEGACY, M_WEB};
    let rows: &[(&str, &str, &str)] = &[
        (M_FIN, "microsoft-_-windows_10", "10.0.19045.3570"),
        (M_FIN, "google-_-chrome", "116.0.5845.111"),
        (M_FIN, "microsoft-_-edge_chromium-based", "119.0.2151.58"),
        (M_HR, "microsoft-_-windows_11", "10.0.22631.2715"),
        (M_HR, "microsoft-_-edge_chromium-based", "119.0.2151.58"),
        (M_HR, "google-_-chrome", "119.0.6045.160"),
        (M_DC, "microsoft-_-windows_server_2019", "10.0.17763.4974"),
        (M_WEB, "apache-_-log4j", "2.14.1"),
        (M_WEB, "haxx-_-curl", "7.81.0"),
        (M_WEB, "openssl-_-openssl", "3.0.2"),
        (M_WEB, "git-scm-_-git", "2.34.1"),
        (M_LEGACY, "microsoft-_-windows_7", "6.1.7601.24384"),
        (M_DEV, "microsoft-_-windows_11", "10.0.22631.2715"),
        (M_DEV, "git-scm-_-git", "2.23.0"),
        (M_DEV, "microsoft-_-edge_chromium-based", "119.0.2151.58"),
    ];
    rows.iter()
        .map(|(machine, product, version)| Installed {
            machine: machine.to_string(),
            product: product.to_string(),
            version: version.to_string(),
        })
        .collect()
}

pub(crate) fn product(id: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id() == id)
}

/// True when `version` is below `fixed`, comparing dotted numbers part by part.
pub(crate) fn older(version: &str, fixed: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (a, b) = (parts(version), parts(fixed));
    let len = a.len().max(b.len());
    for i in 0..len {
        match a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0)) {
            Ordering::Equal => continue,
            other => return other == Ordering::Less,
        }
    }
    false
}

/// The vulnerabilities an installed product has, each with the fix it lacks.
pub(crate) fn cves_of(
    installed: &Installed,
) -> impl Iterator<Item = (&'static Cve, &'static Fix)> + '_ {
    fixes().filter(|(_, fix)| {
        fix.product == installed.product && older(&installed.version, fix.fixed_in)
    })
}

/// Every fix of every vulnerability.
pub(crate) fn fixes() -> impl Iterator<Item = (&'static Cve, &'static Fix)> {
    CVES.iter()
        .flat_map(|cve| cve.fixes.iter().map(move |fix| (cve, fix)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_part_by_part() {
        assert!(older("2.14.1", "2.17.1"));
        assert!(older("10.0.19045.3570", "10.0.19045.3693"));
        assert!(!older("2.34.1", "2.24.1"));
        assert!(!older("3.0.7", "3.0.7"));
        assert!(older("3.0", "3.0.7"));
    }

    #[test]
    fn every_installed_product_machine_and_kb_is_in_the_catalog_or_the_seed() {
        let mut state = crate::state::State::default();
        crate::seed::load(&mut state);
        for row in &state.installed {
            assert!(product(&row.product).is_some(), "{}", row.product);
            assert!(
                state.machine_index_by_id(&row.machine).is_some(),
                "{}",
                row.machine
            );
        }
        for (cve, fix) in fixes() {
            assert!(product(fix.product).is_some(), "{}", cve.id);
            if let Some(kb) = fix.kb {
                assert!(KBS.iter().any(|k| k.id == kb), "{kb}");
            }
        }
    }
}
