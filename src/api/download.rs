//! Downloads of live response results from the links Defender hands out
//! (get-live-response-result.md): a SAS link to Azure blob storage, valid for 30 minutes.
//!
//! The link is a credential of its own and points at another host than the API, so it goes
//! through a client of its own: no `Authorization` header is ever set on it (the bearer token
//! belongs to the API host alone), a redirect is never followed, only `https` to Microsoft's
//! blob storage is allowed (plain or TLS loopback too when the API itself is on loopback, as
//! the emulator is), and a body is read chunk by chunk up to a cap within the step's deadline.
//! The link is never written to a log or an error: only its host is.

use super::endpoints::{host_of, is_loopback};
use super::{read_limited, BodyError, Client};
use crate::protocol::error::shown;
use crate::protocol::PluginError;
use reqwest::header::ACCEPT;
use url::Url;

/// The hosts of Azure blob storage, public and US Government clouds; a link must end with one.
pub const BLOB_HOST_SUFFIXES: &[&str] = &[".blob.core.windows.net", ".blob.core.usgovcloudapi.net"];

/// Why a download gave no body.
#[derive(Debug)]
pub enum DownloadError {
    /// The link is not a URL, or not one the plugin may fetch; nothing was sent.
    Refused {
        reason: String,
    },
    /// The body is larger than the cap: refused by its Content-Length before it was read, or
    /// cut off when the streamed bytes reached the cap.
    TooLarge {
        limit: usize,
    },
    /// The store answered something else than 200 (a redirect included).
    Status {
        host: String,
        status: u16,
        code: Option<String>,
    },
    Transport {
        host: String,
        detail: String,
    },
    OutOfTime {
        host: String,
        within: String,
    },
}

/// The link, parsed, when the plugin may fetch it: `https` to blob storage, or loopback when
/// `loopback` allows it (the API is on loopback). A link with user information is refused.
pub fn check_link(link: &str, loopback: bool) -> Result<Url, DownloadError> {
    let refused = |reason: String| DownloadError::Refused { reason };
    let url = Url::parse(link.trim())
        .map_err(|_| refused("the download link Defender returned is not a URL".into()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused(format!(
            "the download link to {} carries user information",
            host_of(&url)
        )));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let blob = url.scheme() == "https"
        && BLOB_HOST_SUFFIXES
            .iter()
            .any(|suffix| host.len() > suffix.len() && host.ends_with(suffix));
    let local = loopback && matches!(url.scheme(), "http" | "https") && is_loopback(&url);
    if blob || local {
        Ok(url)
    } else {
        Err(refused(format!(
            "the download link points to {} ({}), which is not Azure blob storage over https",
            shown(&host_of(&url)),
            url.scheme()
        )))
    }
}

impl Client {
    /// Fetches a checked download link with the download client, reading at most `limit`
    /// bytes. The link's signature is added to the redactor first, so that no log or error
    /// can carry it even if a server echoes it.
    pub async fn download(&self, link: &str, limit: usize) -> Result<Vec<u8>, DownloadError> {
        let url = check_link(link, self.inner.api_is_loopback)?;
        for (key, value) in url.query_pairs() {
            if key == "sig" {
                self.inner.redactor.add_token(&value);
            }
        }
        let host = host_of(&url);
        tracing::debug!("GET {host}: downloading a live response result");
        let exchange = async {
            let response = self
                .inner
                .downloads
                .get(url.clone())
                .header(ACCEPT, "*/*")
                .send()
                .await
                .map_err(|err| DownloadError::Transport {
                    host: host.clone(),
                    detail: err.without_url().to_string(),
                })?;
            let status = response.status().as_u16();
            if status != 200 {
                // Blob storage answers errors in XML (`<Code>AuthenticationFailed</Code>`);
                // only the code is kept, from a small read.
                let body = read_limited(response, 16 * 1024).await.unwrap_or_default();
                return Err(DownloadError::Status {
                    host: host.clone(),
                    status,
                    code: storage_code(&String::from_utf8_lossy(&body)),
                });
            }
            read_limited(response, limit)
                .await
                .map_err(|err| match err {
                    BodyError::TooLarge => DownloadError::TooLarge { limit },
                    BodyError::Transport(err) => DownloadError::Transport {
                        host: host.clone(),
                        detail: err.without_url().to_string(),
                    },
                })
        };
        let Some(deadline) = &self.deadline else {
            return exchange.await;
        };
        let left = deadline.remaining(self.inner.retrier.time().clock.now());
        let out_of_time = || DownloadError::OutOfTime {
            host: host.clone(),
            within: deadline.to_string(),
        };
        if left.is_zero() {
            return Err(out_of_time());
        }
        tokio::time::timeout(left, exchange)
            .await
            .unwrap_or_else(|_| Err(out_of_time()))
    }
}

/// The `<Code>` of blob storage's XML error body.
fn storage_code(body: &str) -> Option<String> {
    let start = body.find("<Code>")? + "<Code>".len();
    let end = start + body[start..].find("</Code>")?;
    let code = &body[start..end];
    (!code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| code.to_owned())
}

impl DownloadError {
    /// The step's error; `what` names the result, such as "the script's output".
    pub fn to_plugin_error(&self, what: &str) -> PluginError {
        match self {
            DownloadError::Refused { reason } => PluginError::new(
                format!("The plugin did not download {what}: {reason}."),
                "Live response results are only fetched from Azure blob storage over https. Download the result from the action's page in the Microsoft Defender portal, and report the link's host to your administrator.",
            ),
            DownloadError::TooLarge { limit } => PluginError::new(
                format!("{} is larger than {limit} bytes, so the plugin did not read it.", capitalized(what)),
                "Download it from the action's page in the Microsoft Defender portal, or make the script write less output.",
            ),
            DownloadError::Status { host, status: 403, code } => PluginError::new(
                format!(
                    "Blob storage ({host}) refused the download link of {what} (HTTP 403{}): the link has expired or is not valid.",
                    code.as_deref().map(|c| format!(", {c}")).unwrap_or_default()
                ),
                "A link is valid for 30 minutes; run the action again, or check that the clock of the machine running the plugin is right.",
            ),
            DownloadError::Status { host, status, code } => PluginError::new(
                format!(
                    "Blob storage ({host}) answered HTTP {status}{} to the download of {what}.",
                    code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default()
                ),
                if (300..400).contains(status) {
                    "The download link redirected elsewhere, which the plugin never follows. Download the result from the Microsoft Defender portal."
                } else {
                    "Retry in a few minutes; if it persists, download the result from the action's page in the Microsoft Defender portal."
                },
            ),
            DownloadError::Transport { host, detail } => PluginError::new(
                format!("The download of {what} from {host} failed: {detail}."),
                "Check that the plugin can reach Azure blob storage (*.blob.core.windows.net) through the network and any proxy, then retry.",
            ),
            DownloadError::OutOfTime { host, within } => PluginError::new(
                format!("The download of {what} from {host} did not finish {within}."),
                "Retry; for a large file, lower Max File Size to get its download link only.",
            ),
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_blob_storage_and_permitted_loopback_links_pass() {
        let ok = [
            "https://wdatpprd.blob.core.windows.net/investigation/x?se=1&sig=a",
            "https://store.blob.core.usgovcloudapi.net/x?sig=a",
            "https://STORE.BLOB.CORE.WINDOWS.NET/x",
        ];
        for link in ok {
            assert!(check_link(link, false).is_ok(), "{link}");
        }
        let refused = [
            "http://wdatpprd.blob.core.windows.net/x",
            "https://blob.core.windows.net/x",
            "https://core.windows.net/investigation-actions-data/x",
            "https://evil.example/x.blob.core.windows.net",
            "https://blob.core.windows.net.evil.example/x",
            "https://user:pw@store.blob.core.windows.net/x",
            "http://127.0.0.1:8080/blobs/x",
            "ftp://store.blob.core.windows.net/x",
            "not a link",
            "",
        ];
        for link in refused {
            assert!(
                matches!(check_link(link, false), Err(DownloadError::Refused { .. })),
                "{link}"
            );
        }
        assert!(check_link("http://127.0.0.1:8080/blobs/x", true).is_ok());
        assert!(check_link("http://10.0.0.1/blobs/x", true).is_err());
    }

    #[test]
    fn a_refusal_names_the_host_but_never_the_signature() {
        let err = check_link("https://evil.example/x?sig=SECRETSIG", false).unwrap_err();
        let error = err.to_plugin_error("the script's output");
        assert!(error.cause.contains("evil.example"), "{}", error.cause);
        assert!(!format!("{error:?}").contains("SECRETSIG"));
    }

    #[test]
    fn the_storage_error_code_is_read_from_its_xml() {
        let body = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>m</Message></Error>";
        assert_eq!(storage_code(body).as_deref(), Some("AuthenticationFailed"));
        assert_eq!(storage_code("<Code><script></Code>"), None);
        assert_eq!(storage_code("nothing"), None);
    }
}
