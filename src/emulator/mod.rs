//! A local emulator of the Defender for Endpoint API.
