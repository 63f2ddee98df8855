//! The Defender for Endpoint API client.
