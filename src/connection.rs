//! The plugin connection: credentials and where the Defender API lives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A secret that never prints: `Debug` shows `[redacted]` and there is no `Display`.
#[derive(Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it (the token request).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

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
