//! The plugin connection: credentials and where the Defender API lives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Gives a `struct Name(String)` that holds a secret its constructor and `expose`, and a
/// `Debug` that prints `Name([redacted])`; the type must not implement `Display`.
macro_rules! never_printed {
    ($name:ident) => {
        impl $name {
            pub fn new(value: impl Into<String>) -> $name {
                $name(value.into())
            }

            /// The text itself, for the one place that must send it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}
pub(crate) use never_printed;

/// A secret that never prints: `Debug` shows `[redacted]` and there is no `Display`. `expose`
/// is for the one place that must send it (the token request).
#[derive(Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

never_printed!(Secret);

/// The `credential_secret_key` object of the InsightConnect spec.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub struct CredentialSecretKey {
    #[serde(rename = "secretKey")]
    pub secret_key: Secret,
}

/// The Microsoft cloud that hosts the tenant.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub enum Environment {
    #[default]
    Commercial,
    #[serde(rename = "GCC")]
    Gcc,
    #[serde(rename = "GCC High")]
    GccHigh,
    #[serde(rename = "DoD")]
    DoD,
}

/// The connection, as the spec declares it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Connection {
    pub application_id: String,
    pub application_secret: CredentialSecretKey,
    pub directory_id: String,
    #[serde(default)]
    pub environment: Environment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_url: Option<String>,
}
