//! Test support for the generated Alibaba Cloud media SDK.
//!
//! The main piece is [`server`]: a local stand-in for the ICE and Live RPC endpoints that checks every
//! request's V3 signature with its own implementation (so it is an independent check of the runtime's
//! signer), serves the spec's examples and a seeded data set, and injects faults on demand.

#![forbid(unsafe_code)]

pub mod creds;
pub mod server;

/// The README's code samples, compiled as doctests so the quickstart cannot rot.
#[doc = include_str!("../../README.md")]
mod readme {}
