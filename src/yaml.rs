//! The one place that parses YAML.
//!
//! `serde_yaml` is frozen upstream; keeping every YAML call behind this module means a maintained
//! fork replaces it by changing the `use` line below.

use serde::de::DeserializeOwned;
use serde::Serialize;

use serde_yaml as backend;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct YamlError(String);

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    backend::from_str(text).map_err(|err| YamlError(err.to_string()))
}

pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    backend::to_string(value).map_err(|err| YamlError(err.to_string()))
}
