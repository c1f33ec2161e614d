//! The browser side (wasm only): the page and the JavaScript bindings.

#[cfg(feature = "bench")]
use wasm_bindgen::prelude::*;

pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
pub mod controls;
pub mod editor;
pub mod explain;
pub mod grid;
pub mod js_api;
pub mod markup;
pub mod panels;
pub mod quiz;
pub mod widget;

/// Decides one simulate case given as JSON text and returns the answer as JSON text (the same
/// contract as `policy-playground simulate`). A benchmark export (feature `bench`): the site's
/// bundle has the documented `simulate` instead. Anything but a string is an `INVALID_ARGUMENT`
/// answer, never a trap.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(case: JsValue) -> String {
    match case.as_string() {
        Some(text) => crate::api::simulate(&text).to_json(),
        None => serde_json::json!({"errors": [js_api::argument_problem(
            crate::engine::Code::INVALID_ARGUMENT,
            "case",
            "simulateJson(case): case must be a string",
        )]})
        .to_string(),
    }
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
