//! The browser side (wasm only): the page and the JavaScript bindings.

use wasm_bindgen::prelude::*;

pub mod app;
pub mod bench;
pub mod editor;
pub mod grid;

/// Decides one simulate case given as JSON text and returns the answer as JSON text (the same
/// contract as `policy-playground simulate`).
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(case: &str) -> String {
    crate::api::simulate(case).to_json()
}

/// Mounts the playground page into `#app`.
pub fn start() {
    if let Some(root) = gloo::utils::document().get_element_by_id("app") {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
