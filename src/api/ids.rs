//! Validators for every value that goes into a URL path, and the typed IDs they produce.
//!
//! A path segment built from user input is the classic way to reach an endpoint the workflow
//! builder never meant to call (`../../api/indicators`), so nothing reaches [`super::ApiPath`]
//! without passing one of these checks. The checks are allow-lists of characters, not block-lists
//! of "bad" sequences: a percent sign, slash, query mark, space or non-ASCII character is simply
//! never allowed, so encoded tricks such as `%2e%2e` cannot survive either. A library file name
//! is the one exception: it may hold spaces and letters beyond ASCII, as file names do, but
//! never a separator, `..` or `%`. The path builder
//! percent-encodes the segment anyway, as a second line of defence.

use super::error::ApiError;
use std::fmt;

/// A value that may be placed, percent-encoded, as one URL path segment.
///
/// Only the validated types of this module implement it, so `ApiPath::id` cannot be handed a raw
/// string by mistake.
pub trait PathId {
    /// The validated text of the segment, before percent-encoding.
    fn as_segment(&self) -> &str;
}

const MACHINE_ID_EXPECTED: &str =
    "a 40-character hexadecimal machine ID or a computer DNS name (letters, digits, '-', '.', '_')";
const MACHINE_HEX_ID_EXPECTED: &str = "a 40-character hexadecimal machine ID";
const ACTION_ID_EXPECTED: &str =
    "a machine action ID in GUID form, such as 0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a";
const SHA1_EXPECTED: &str = "a SHA-1 hash of 40 hexadecimal characters";
const FILE_HASH_EXPECTED: &str =
    "a SHA-1 (40 hexadecimal characters) or SHA-256 (64 hexadecimal characters) hash";
const IP_ADDRESS_EXPECTED: &str =
    "a single IPv4 address such as 10.20.4.42 or IPv6 address such as fd00::42, without a range, port or zone";
const DOMAIN_NAME_EXPECTED: &str =
    "a domain name such as contoso.com: labels of letters, digits and inner hyphens, \
     internationalized names in their xn-- form, without a scheme, path or port";
const ALERT_ID_EXPECTED: &str =
    "an alert ID made of letters, digits, '_' and '-', such as da637551227677560813_-961444813";
const INDICATOR_ID_EXPECTED: &str = "a numeric indicator ID";
const INVESTIGATION_ID_EXPECTED: &str =
    "a numeric investigation ID such as 63004, or the ID of the alert that triggered it";
const LIBRARY_FILE_NAME_EXPECTED: &str =
    "a file name of 1 to 255 characters, such as collect-triage.ps1, without a path, '..', \
     control characters or any of / \\ : * ? \" < > | %";
const USER_NAME_EXPECTED: &str =
    "a user's account name without its domain, such as user1 for user1@contoso.com: 1 to 64 \
     characters, without '@', '..', a final '.', control or invisible characters or any of / \\ % ? # \" [ ] : ; | = , + * < >";
const TENANT_ID_EXPECTED: &str =
    "a directory (tenant) ID in GUID form or a domain name such as contoso.onmicrosoft.com";

/// The longest DNS name there is; also bounds every other ID so error messages stay short.
const MAX_DNS_NAME: usize = 255;
/// Alert IDs seen in the wild are under 60 characters; 128 leaves room without inviting abuse.
const MAX_ALERT_ID: usize = 128;
/// NTFS's limit on a file name, which a library file becomes on the machine live response puts
/// it on.
const MAX_FILE_NAME: usize = 255;
/// The longest user name of a UPN (the part before '@') Entra ID allows; an on-premises
/// account name is at most 20.
const MAX_USER_NAME: usize = 64;
/// An indicator ID is an `Int64` in Microsoft's schema: at most 19 digits.
const MAX_INDICATOR_ID: usize = 19;

/// `value` when it passed its check, else the error naming the field and what it expects.
fn checked<'a>(
    ok: bool,
    field: &'static str,
    value: &'a str,
    expected: &'static str,
) -> Result<&'a str, ApiError> {
    if ok {
        Ok(value)
    } else {
        Err(ApiError::InvalidId {
            field,
            value: value.to_owned(),
            expected,
        })
    }
}

fn is_hex(value: &str, len: usize) -> bool {
    value.len() == len && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// True for the 8-4-4-4-12 hyphenated GUID form that Defender and Entra ID use.
///
/// `uuid::Uuid::parse_str` also accepts braces, `urn:uuid:` and the unhyphenated form; none of
/// them is a valid Defender ID, so the check is done by hand.
pub fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    groups.len() == lens.len()
        && groups
            .iter()
            .zip(lens)
            .all(|(group, len)| is_hex(group, len))
}

/// Checks a user's account name, as get-user-related-alerts.md and get-user-related-machines.md
/// take it in `/api/users/{id}/…`: "not the full UPN, but only the user name". The characters
/// Active Directory forbids in an account name are refused, and with them '@' (a UPN), '\\'
/// (a domain), '/', '%', '?' and '#' (which would change the URL) and '..'.
pub fn user_name(value: &str) -> Result<&str, ApiError> {
    let ok = !value.is_empty()
        && value.chars().count() <= MAX_USER_NAME
        && value.trim() == value
        && !value.contains("..")
        // Active Directory refuses a final '.', and so "." (a traversal segment) cannot pass.
        && !value.ends_with('.')
        && !value.chars().any(|c| {
            c.is_control()
                // Invisible and direction marks: a message quoting the name would read as
                // another name.
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
                || "@/\\%?#\"[]:;|=,+*<>".contains(c)
        });
    checked(ok, "user name", value, USER_NAME_EXPECTED)
}

/// True for a computer DNS name as Defender reports it in `computerDnsName`.
fn is_computer_dns_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_DNS_NAME
        // A leading dot would make "." a valid name, and "." is a path-traversal segment.
        && value.as_bytes()[0].is_ascii_alphanumeric()
        && !value.contains("..")
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// Checks a machine ID (40 hex digits) or computer DNS name; returns the input unchanged.
pub fn machine_id(value: &str) -> Result<&str, ApiError> {
    checked(
        is_hex(value, 40) || is_computer_dns_name(value),
        "machine ID",
        value,
        MACHINE_ID_EXPECTED,
    )
}

/// Checks a 40-hex machine ID, the only form Defender documents under `/api/machines/{id}/…`;
/// returns the input unchanged.
pub fn machine_hex_id(value: &str) -> Result<&str, ApiError> {
    checked(
        is_hex(value, 40),
        "machine ID",
        value,
        MACHINE_HEX_ID_EXPECTED,
    )
}

/// Checks a machine action ID (a GUID); returns the input unchanged.
pub fn action_id(value: &str) -> Result<&str, ApiError> {
    checked(
        is_guid(value),
        "machine action ID",
        value,
        ACTION_ID_EXPECTED,
    )
}

/// Checks a SHA-1 hash (40 hex digits); returns the input unchanged.
pub fn sha1(value: &str) -> Result<&str, ApiError> {
    checked(is_hex(value, 40), "SHA-1", value, SHA1_EXPECTED)
}

/// Checks a file hash: SHA-1 or SHA-256, the identifiers get-file-information.md takes;
/// returns the input unchanged.
pub fn file_hash(value: &str) -> Result<&str, ApiError> {
    checked(
        is_hex(value, 40) || is_hex(value, 64),
        "file hash",
        value,
        FILE_HASH_EXPECTED,
    )
}

/// Checks an IP address as the standard library parses one: no CIDR suffix, port, zone or
/// octal-looking leading zeros, each of which would name something else than one address;
/// returns the input unchanged.
pub fn ip_address(value: &str) -> Result<&str, ApiError> {
    checked(
        value.parse::<std::net::IpAddr>().is_ok(),
        "IP address",
        value,
        IP_ADDRESS_EXPECTED,
    )
}

/// Checks a domain name (see [`is_domain_name`]); returns the input unchanged.
pub fn domain_name(value: &str) -> Result<&str, ApiError> {
    checked(
        is_domain_name(value),
        "domain name",
        value,
        DOMAIN_NAME_EXPECTED,
    )
}

/// Checks an alert ID (`[A-Za-z0-9_-]+`); returns the input unchanged.
pub fn alert_id(value: &str) -> Result<&str, ApiError> {
    checked(alert_shaped(value), "alert ID", value, ALERT_ID_EXPECTED)
}

/// True for 1 to [`MAX_ALERT_ID`] letters, digits, '_' and '-': an alert ID's characters.
fn alert_shaped(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_ALERT_ID
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// Checks an indicator ID (digits only); returns the input unchanged.
pub fn indicator_id(value: &str) -> Result<&str, ApiError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_INDICATOR_ID
        && value.bytes().all(|b| b.is_ascii_digit());
    checked(ok, "indicator ID", value, INDICATOR_ID_EXPECTED)
}

/// Checks an investigation ID: get-investigation-object.md takes the numeric investigation ID
/// or the triggering alert's ID, so the alert ID's characters (letters, digits, '_', '-');
/// returns the input unchanged.
pub fn investigation_id(value: &str) -> Result<&str, ApiError> {
    checked(
        alert_shaped(value),
        "investigation ID",
        value,
        INVESTIGATION_ID_EXPECTED,
    )
}

/// Checks the name of a live response library file (delete-library.md puts it in the path,
/// upload-library.md sends it as the uploaded file's name); returns the input unchanged.
///
/// Unlike an ID, a file name is free text, so the rule is what a Windows file name may hold:
/// no separator, so that it stays one path segment and one file; no `..`, so that it cannot
/// name a parent; no control characters; none of the characters Windows refuses in a name,
/// since live response puts the file on machines under that name; and no `%`, so that no
/// server that decodes a path twice can find a separator in it. Spaces and letters beyond
/// ASCII are a file name's own and go percent-encoded.
pub fn library_file_name(value: &str) -> Result<&str, ApiError> {
    let ok = !value.is_empty()
        && value.chars().count() <= MAX_FILE_NAME
        && value != "."
        && !value.contains("..")
        && !value.chars().any(|c| {
            c.is_control()
                || matches!(
                    c,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
                )
        });
    checked(ok, "library file name", value, LIBRARY_FILE_NAME_EXPECTED)
}

/// Checks a directory (tenant) ID: a GUID or a DNS domain such as `contoso.onmicrosoft.com`.
///
/// It goes into the token URL's path, so it gets the same treatment as any other path ID.
pub fn tenant_id(value: &str) -> Result<&str, ApiError> {
    checked(
        is_guid(value) || is_domain_name(value),
        "directory (tenant) ID",
        value,
        TENANT_ID_EXPECTED,
    )
}

/// True for a DNS domain of at least two labels (each 1–63 letters, digits or inner hyphens).
pub fn is_domain_name(value: &str) -> bool {
    let labels: Vec<&str> = value.split('.').collect();
    value.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        // The top-level label is never all digits; this keeps IP addresses out.
        && !labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Validates `value`; see the module's validators for the rules.
            pub fn parse(value: &str) -> Result<$name, ApiError> {
                $check(value).map(|ok| $name(ok.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl PathId for $name {
            fn as_segment(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ApiError;
            fn from_str(value: &str) -> Result<$name, ApiError> {
                $name::parse(value)
            }
        }
    };
}

id_type!(
    /// A machine, named by its 40-hex Defender ID or its computer DNS name.
    ///
    /// Defender's `GET /api/machines/{id}` accepts both, so both are valid in that path; paths
    /// under a machine take a [`MachineId`], which a name becomes through that GET.
    MachineRef,
    machine_id
);
id_type!(
    /// A machine by its 40-hex Defender ID only.
    ///
    /// Microsoft documents a computer name only for `GET /api/machines/{id}`; every path under a
    /// machine (`/isolate`, `/runAntiVirusScan`, …) takes the ID, and a `machineId` filter
    /// compares IDs. Requests there take this type, so a name cannot reach them unresolved.
    MachineId,
    machine_hex_id
);
id_type!(
    /// A machine action ID (GUID).
    ActionId,
    action_id
);
id_type!(
    /// A SHA-1 file hash.
    Sha1,
    sha1
);
id_type!(
    /// A file by its SHA-1 or SHA-256 hash.
    FileHash,
    file_hash
);
id_type!(
    /// One IP address, v4 or v6.
    IpAddress,
    ip_address
);
id_type!(
    /// A DNS domain name, ASCII only (an internationalized name in its punycode form).
    DomainName,
    domain_name
);
id_type!(
    /// An alert ID, in either the old `da…_-…` form or the GUID-like form.
    AlertId,
    alert_id
);
id_type!(
    /// An investigation ID, or the ID of the alert that triggered the investigation.
    InvestigationId,
    investigation_id
);
id_type!(
    /// A custom indicator ID.
    IndicatorId,
    indicator_id
);
id_type!(
    /// A user's account name without its domain, the ID of `/api/users/{id}/…`.
    UserName,
    user_name
);
id_type!(
    /// The name of a file in the live response library, which is its ID in the API.
    LibraryFileName,
    library_file_name
);

impl FileHash {
    /// The hash as a SHA-1 when it is one: the file's related machines and alerts take only
    /// SHA-1 (get-file-related-machines.md, get-file-related-alerts.md).
    pub fn as_sha1(&self) -> Option<Sha1> {
        is_hex(&self.0, 40).then(|| Sha1(self.0.clone()))
    }
}

impl MachineRef {
    /// True when this is a 40-hex machine ID rather than a DNS name, so callers know whether
    /// they still need to resolve it.
    pub fn is_machine_id(&self) -> bool {
        is_hex(&self.0, 40)
    }

    /// The ID itself when this is a 40-hex ID; `None` for a name, which needs resolving.
    pub fn as_machine_id(&self) -> Option<MachineId> {
        self.is_machine_id().then(|| MachineId(self.0.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACHINE: &str = "1e5bc9d7e413ddd7902c2932e418702b84d0cc07";

    #[test]
    fn hostile_inputs_are_refused_everywhere() {
        type Check = fn(&str) -> Result<&str, ApiError>;
        let checks: [(&str, Check); 10] = [
            ("machine", machine_id),
            ("machine hex", machine_hex_id),
            ("action", action_id),
            ("sha1", sha1),
            ("alert", alert_id),
            ("indicator", indicator_id),
            ("tenant", tenant_id),
            ("file hash", file_hash),
            ("ip address", ip_address),
            ("domain", domain_name),
        ];
        // Inputs that must be refused by every validator, by what they would do in a path.
        let hostile: [(&str, &[&str]); 7] = [
            ("nothing", &[""]),
            ("traversal", &["../../api/indicators", "..", ".", "x/../y"]),
            ("encoded traversal", &["%2e%2e", "%2F"]),
            ("a query or fragment", &["abc?x=1", "abc#frag"]),
            (
                "spaces, line breaks and NUL",
                &["a b", "abc\n", "abc\r\nHost: evil", "abc\0"],
            ),
            ("non-ASCII look-alikes", &["machiné", "ｍａｃｈｉｎｅ"]),
            (
                "a backslash, a separator or a quote",
                &["a\\b", "a;b", "a'b"],
            ),
        ];
        for (name, check) in checks {
            for (what, inputs) in hostile {
                for input in inputs {
                    assert!(check(input).is_err(), "{name} accepted {input:?} ({what})");
                }
            }
        }
    }

    #[test]
    fn machine_ids_and_dns_names_are_accepted() {
        for ok in [
            MACHINE,
            "1E5BC9D7E413DDD7902C2932E418702B84D0CC07",
            "desktop-01",
            "desktop-01.contoso.com",
            "host_name.corp",
            "a",
        ] {
            assert_eq!(machine_id(ok).unwrap(), ok);
        }
        assert!(MachineRef::parse(MACHINE).unwrap().is_machine_id());
        assert!(!MachineRef::parse("desktop-01").unwrap().is_machine_id());
    }

    #[test]
    fn a_machine_id_is_forty_hex_digits_and_never_a_name() {
        assert!(MachineId::parse(MACHINE).is_ok());
        for bad in ["desktop-01", "desktop-01.contoso.com", &MACHINE[1..]] {
            assert!(MachineId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            MachineRef::parse(MACHINE).unwrap().as_machine_id(),
            Some(MachineId::parse(MACHINE).unwrap())
        );
        assert_eq!(
            MachineRef::parse("desktop-01").unwrap().as_machine_id(),
            None
        );
    }

    #[test]
    fn machine_names_are_bounded_and_refuse_dots_at_the_start_or_doubled() {
        assert!(machine_id(&"a".repeat(255)).is_ok());
        assert!(machine_id(&"a".repeat(256)).is_err());
        for bad in [".hidden", "-x", "a..b", "host/.."] {
            assert!(machine_id(bad).is_err(), "{bad}");
        }
        // A trailing dot is a legal fully-qualified name and harmless in a path.
        assert!(machine_id("host.").is_ok());
    }

    #[test]
    fn action_ids_must_be_hyphenated_guids() {
        assert!(action_id("0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a").is_ok());
        assert!(action_id("0B1E3E04-4B6E-4B6F-9C3A-5B3F1F6E6B6A").is_ok());
        for bad in [
            "0b1e3e044b6e4b6f9c3a5b3f1f6e6b6a",
            "{0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a}",
            "urn:uuid:0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a",
            "0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6g",
            "0b1e3e04-4b6e-4b6f-9c3a-5b3f1f6e6b6a-",
        ] {
            assert!(action_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sha1_is_exactly_forty_hex_digits() {
        assert!(sha1("87662bc3d60e4200ceaf7aae249d1c343f4b83c9").is_ok());
        assert!(sha1("87662bc3d60e4200ceaf7aae249d1c343f4b83c").is_err());
        assert!(sha1("87662bc3d60e4200ceaf7aae249d1c343f4b83c9a").is_err());
        assert!(sha1("z7662bc3d60e4200ceaf7aae249d1c343f4b83c9").is_err());
    }

    #[test]
    fn file_hashes_are_sha1_or_sha256() {
        let sha256 = "413c58c8267d2c8648d8f6384bacc2ae9c929b2b96578b6860b5087cd1bd6462";
        assert!(file_hash("4388963aaa83afe2042a46a3c017ad50bdcdafb3").is_ok());
        assert!(file_hash(sha256).is_ok());
        for bad in [
            &sha256[1..],
            "4388963aaa83afe2042a46a3c017ad50bdcdafb",
            "4388963aaa83afe2042a46a3c017ad50bdcdafbz",
        ] {
            assert!(file_hash(bad).is_err(), "{bad}");
        }
        assert!(FileHash::parse(sha256).unwrap().as_sha1().is_none());
        assert!(FileHash::parse(&sha256[..40]).unwrap().as_sha1().is_some());
    }

    #[test]
    fn ip_addresses_are_single_addresses() {
        for ok in ["10.209.67.177", "fd00::42", "::1"] {
            assert!(ip_address(ok).is_ok(), "{ok}");
        }
        for bad in [
            "10.0.0.1/24",
            "1.2.3",
            "10.0.0.1:80",
            "fe80::1%eth0",
            "010.0.0.1",
            " 10.0.0.1",
            "example.com",
        ] {
            assert!(ip_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domain_names_are_hosts_and_nothing_else() {
        for ok in [
            "example.com",
            "client.wns.windows.com",
            "xn--bcher-kva.example",
            "a-b.co",
        ] {
            assert!(domain_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.com/alerts",
            "https://example.com",
            "example.com:443",
            "exa mple.com",
            "example..com",
            "-example.com",
            "example-.com",
            "bücher.example",
            "localhost",
            "10.0.0.1",
            &format!("{}.com", "a".repeat(64)),
            &format!("{}.com", ["a"; 126].join(".")),
        ] {
            assert!(domain_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn alert_ids_accept_both_known_shapes() {
        assert!(alert_id("da637551227677560813_-961444813").is_ok());
        assert!(alert_id("fa354014-e2ba-4cd0-a2e2-fa7b9a2a0b0d").is_ok());
        assert!(alert_id(&"a".repeat(129)).is_err());
        assert!(alert_id("da6375.5").is_err());
    }

    #[test]
    fn library_file_names_are_one_windows_file_name() {
        for ok in [
            "collect-triage.ps1",
            "memdump.exe",
            "Triage script (v2).ps1",
            "rapport d'incident é.txt",
            "a#b;c.sh",
            ".profile",
        ] {
            assert_eq!(library_file_name(ok).unwrap(), ok);
        }
        assert!(library_file_name(&"a".repeat(255)).is_ok());
        for bad in [
            "",
            ".",
            "..",
            "../collect.ps1",
            "x/../y",
            "a..b",
            "dir/collect.ps1",
            "dir\\collect.ps1",
            "%2F",
            "%2e%2e",
            "a%2Fb.ps1",
            "abc?x=1",
            "c:collect.ps1",
            "a*b",
            "a\"b",
            "a<b>c",
            "a|b",
            "abc\n",
            "abc\0",
            "tab\there",
            &"a".repeat(256),
        ] {
            assert!(library_file_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn user_names_are_an_account_name_without_a_domain() {
        let longest = "u".repeat(64);
        for ok in [
            "user1",
            "svc-backup",
            "john smith",
            "josé",
            "j.doe",
            longest.as_str(),
        ] {
            assert_eq!(user_name(ok).ok(), Some(ok), "{ok:?}");
        }
        let too_long = "u".repeat(65);
        for bad in [
            "",
            ".",
            "..",
            "user.",
            "../../api/indicators",
            "a/b",
            "CONTOSO\\user1",
            "user1@contoso.com",
            "%2e%2e",
            "a?b",
            "a#b",
            "a\nb",
            "a\0",
            "\u{202e}x",
            " user1",
            "user1 ",
            "a\"b",
            "a*b",
            too_long.as_str(),
        ] {
            assert!(user_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn indicator_ids_are_digits() {
        assert!(indicator_id("995").is_ok());
        assert!(indicator_id("-1").is_err());
        assert!(indicator_id("1e3").is_err());
        assert!(indicator_id(&"9".repeat(20)).is_err());
    }

    #[test]
    fn tenant_ids_are_guids_or_domains() {
        for ok in [
            "72f988bf-86f1-41af-91ab-2d7cd011db47",
            "contoso.onmicrosoft.com",
            "contoso.com",
            "my-org.onmicrosoft.us",
        ] {
            assert!(tenant_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "common",
            "contoso",
            "contoso..com",
            "-contoso.com",
            "contoso-.com",
            "10.0.0.1",
            "contoso.com/oauth2",
            "contoso.com:443",
            "user@contoso.com",
        ] {
            assert!(tenant_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn invalid_id_errors_name_the_field_and_the_expected_shape() {
        let err = ActionId::parse("nope").unwrap_err();
        match err {
            ApiError::InvalidId {
                field,
                value,
                expected,
            } => {
                assert_eq!(field, "machine action ID");
                assert_eq!(value, "nope");
                assert!(expected.contains("GUID"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
