//! The one step-level error of the plugin, shaped like the runtime's `PluginException`.

use std::borrow::Cow;
use std::fmt;

/// What went wrong, what to do about it, and the raw data behind it.
///
/// Its `Display` is the runtime's `str(PluginException)`, byte for byte, because the platform
/// shows that string to the workflow builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    pub cause: String,
    pub assistance: String,
    pub data: String,
}

impl PluginError {
    pub fn new(cause: impl Into<String>, assistance: impl Into<String>) -> PluginError {
        PluginError {
            cause: cause.into(),
            assistance: assistance.into(),
            data: String::new(),
        }
    }

    pub fn with_data(mut self, data: impl Into<String>) -> PluginError {
        self.data = data.into();
        self
    }

    /// The runtime's `ConnectionTestException` text, used when a connection test fails.
    pub fn connection_test_message(&self) -> String {
        let mut text = format!("Connection test failed! {} {}", self.cause, self.assistance);
        if !self.data.is_empty() {
            text.push_str(" Response was: ");
            text.push_str(&self.data);
        }
        text
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "An error occurred during plugin execution! {} {}",
            self.cause, self.assistance
        )?;
        if !self.data.is_empty() {
            write!(f, " Response was {}", self.data)?;
        }
        Ok(())
    }
}

impl std::error::Error for PluginError {}

/// The most characters of untrusted text that [`shown`] quotes: enough to recognise a value,
/// too few for a pasted document to swamp the message.
pub const SHOWN_CHARS: usize = 100;

/// Untrusted text (an input, a value the API sent) as a message quotes it: in double quotes,
/// with `"`, `\` and control characters escaped, so that a newline cannot forge a log line and
/// a quote cannot end the quotation early, and cut to [`SHOWN_CHARS`] characters.
///
/// `'` stays as it is: it is the OData quote, and seeing it plainly is the point when a value
/// was refused for trying to break out of a `$filter` literal.
pub fn shown(text: &str) -> String {
    format!("{:?}", shortened(text, SHOWN_CHARS))
}

/// `text` cut to `max` characters (never inside one), with `…` when anything was cut.
///
/// Not escaped: for text that goes to a message's `data` as it was received, or that is
/// escaped afterwards (as [`shown`] does).
pub fn shortened(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// The runtime's `PluginException.Preset` texts, for errors where we know no more than they say.
pub mod preset {
    use super::PluginError;

    pub fn rate_limit() -> PluginError {
        PluginError::new(
            "The account configured in your plugin connection is currently rate-limited.",
            "Adjust the time between requests if possible.",
        )
    }

    pub fn not_found() -> PluginError {
        PluginError::new(
            "Invalid or unreachable endpoint provided.",
            "Verify the URLs or endpoints in your configuration are correct.",
        )
    }

    pub fn server_error() -> PluginError {
        PluginError::new(
            "Server error occurred",
            "Verify your plugin connection inputs are correct and not malformed and try again. \
             If the issue persists, please contact support.",
        )
    }

    pub fn service_unavailable() -> PluginError {
        PluginError::new(
            "The service is currently unavailable.",
            "Try again later. If the issue persists, please contact support.",
        )
    }

    pub fn invalid_json() -> PluginError {
        PluginError::new(
            "Received an unexpected response from the server.",
            "(non-JSON or no response was received).",
        )
    }

    pub fn timeout() -> PluginError {
        PluginError::new(
            "The connection timed out.",
            "This is likely a network error. Verify the network activity. \
             If the issue persists, please contact support.",
        )
    }

    pub fn bad_request() -> PluginError {
        PluginError::new(
            "The server is unable to process the request.",
            "Verify your plugin input is correct and not malformed and try again. \
             If the issue persists, please contact support.",
        )
    }

    pub fn invalid_credentials() -> PluginError {
        PluginError::new(
            "Authentication failed: invalid credentials.",
            "Please verify the credentials for your account and try again.",
        )
    }

    pub fn connection_error() -> PluginError {
        PluginError::new(
            "Failed to connect to the server.",
            "Please check your network connection and try again.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_the_runtime_with_and_without_data() {
        let err = PluginError::new("Machine not found.", "Check the machine ID.");
        assert_eq!(
            err.to_string(),
            "An error occurred during plugin execution! Machine not found. Check the machine ID."
        );
        let err = err.with_data("404 body");
        assert_eq!(
            err.to_string(),
            "An error occurred during plugin execution! Machine not found. Check the machine ID. Response was 404 body"
        );
        assert_eq!(
            err.connection_test_message(),
            "Connection test failed! Machine not found. Check the machine ID. Response was: 404 body"
        );
    }

    #[test]
    fn shown_text_is_quoted_with_its_line_breaks_and_quotes_escaped() {
        assert_eq!(shown("VIP"), r#""VIP""#);
        assert_eq!(shown("x\nINFO forged line"), r#""x\nINFO forged line""#);
        assert_eq!(shown("say \"hi\"\t\\"), r#""say \"hi\"\t\\""#);
        assert_eq!(shown("\u{1b}[31m\0"), r#""\u{1b}[31m\0""#);
    }

    #[test]
    fn shown_text_keeps_odata_quotes_readable() {
        assert_eq!(
            shown("x' or type eq 'Isolate"),
            r#""x' or type eq 'Isolate""#
        );
    }

    #[test]
    fn shown_text_is_cut_to_a_hundred_characters_with_an_ellipsis() {
        let exactly = "a".repeat(SHOWN_CHARS);
        assert_eq!(shown(&exactly), format!("\"{exactly}\""));
        let longer = "é".repeat(SHOWN_CHARS + 1);
        assert_eq!(shown(&longer), format!("\"{}…\"", "é".repeat(SHOWN_CHARS)));
    }

    #[test]
    fn shortening_counts_characters_and_never_splits_one() {
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(shortened("abcd", 3), "abc…");
        assert_eq!(shortened("日本語テキスト", 2), "日本…");
        assert_eq!(shortened("", 0), "");
        assert_eq!(shortened("a", 0), "…");
        assert!(matches!(shortened("short", 10), Cow::Borrowed(_)));
    }
}
