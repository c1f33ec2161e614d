//! The browser side (wasm only): the page and the JavaScript bindings.

use wasm_bindgen::prelude::*;

pub mod app;
pub mod bench;
pub mod controls;
pub mod editor;
pub mod explain;
pub mod grid;
pub mod js_api;
pub mod panels;
pub mod quiz;
pub mod widget;

/// Decides one simulate case given as JSON text and returns the answer as JSON text (the same
/// contract as `policy-playground simulate`).
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(case: &str) -> String {
    crate::api::simulate(case).to_json()
}

/// Mounts the playground page into `#app[data-playground-page]`, when the page has one (the
/// widget script loads the same module on other pages, and in node there is no document).
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(root)) = document.query_selector("#app[data-playground-page]") {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
