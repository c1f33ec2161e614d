//! policy-playground: decide AWS requests the way AWS documents it, with the explanation.
//!
//! - [`engine`]: the pure evaluation engine (parse, check, decide, explain).
//! - [`catalog`]: every AWS action, resource type and condition key (embedded data).
//! - [`checks`]: reading policies with the catalog (the parser asks it about names).
//! - [`api`]: the serializable `simulate` contract shared by the command line, the JavaScript API
//!   and the tests.
//! - [`editing`]: what the page's policy editors do to JSON text (colouring tokens, bracket
//!   matching, auto-indent, formatting), pure and tested natively.
//! - [`import`]: `aws iam get-account-authorization-details` output read into a scenario, with
//!   a report of what could not be resolved.
//! - [`findings`]: validating policy and scenario files (the command line's `validate`), and
//!   their findings as text, as IAM Access Analyzer's JSON and as SARIF.
//! - [`scenario`]: the playground document (presets, share links) and its grid of decisions.
//! - [`text`]: small helpers that depend on nothing (did-you-mean, glob matching).
//! - `web` (wasm only): the browser page and the JavaScript bindings.
//!
//! See ARCHITECTURE.md for the map and the invariants.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_docs)]

pub mod api;
pub mod checks;
pub mod editing;
pub mod findings;
pub mod import;
pub mod scenario;

/// The catalog crate (`crates/catalog`), under the path the modules use.
pub use policy_playground_catalog as catalog;
/// The engine crate (`crates/engine`), under the path the modules use.
pub use policy_playground_engine as engine;
/// The network path of a call (`crates/network`).
pub use policy_playground_network as network;
/// The crate of small helpers (`crates/text`), under the path the modules use.
pub use policy_playground_text as text;

#[cfg(target_arch = "wasm32")]
pub mod web;
