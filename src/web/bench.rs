//! Exports used only by the wasm benchmark (bench/run.mjs).
