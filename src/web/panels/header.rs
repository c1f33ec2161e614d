//! The top of the page: the title, the scenario menu, the share button, and the banners under
//! them (a link that could not be opened, the share link, the preset's lesson).

use yew::html::Scope;
use yew::prelude::*;

use crate::scenario::presets;
use crate::web::app::{App, Msg};
use crate::web::controls::select_value;

/// Each preset's id, title and lesson, in menu order: read once (a preset is a whole scenario,
/// too much to build again on every keystroke's render).
fn menu() -> &'static [(&'static str, &'static str, &'static str)] {
    static MENU: std::sync::OnceLock<Vec<(&'static str, &'static str, &'static str)>> =
        std::sync::OnceLock::new();
    MENU.get_or_init(|| {
        presets::all()
            .into_iter()
            .map(|p| (p.id, p.title, p.lesson))
            .collect()
    })
}

/// The header and the banners.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let on_preset = link.callback(|e: Event| Msg::LoadPreset(select_value(&e)));
    let lesson = menu()
        .iter()
        .find(|(id, _, _)| *id == s.preset)
        .map_or("", |(_, _, lesson)| lesson);
    html! {
        <>
            <header class="top">
                <div class="brand">
                    <h1>{ "policy-playground" }</h1>
                    <p class="tagline">{ "Who may call what through your VPC endpoint, and why. Everything runs in this page; nothing is sent anywhere." }</p>
                </div>
                <div class="toolbar">
                    <label for="preset">{ "Scenario" }</label>
                    <select id="preset" data-testid="preset" onchange={on_preset}>
                        if s.preset.is_empty() {
                            <option value="" selected=true>{ "(from link)" }</option>
                        }
                        { for menu().iter().map(|&(id, title, _)| html! {
                            <option value={id} selected={id == s.preset}>{ title }</option>
                        }) }
                    </select>
                    <button type="button" data-testid="share-link" onclick={link.callback(|_| Msg::Share)}>{ "Copy share link" }</button>
                    <button type="button" data-testid="export" title="Download this scenario as a JSON file (the document a share link carries; the command line reads it too)" onclick={link.callback(|_| Msg::Export)}>{ "Export file" }</button>
                    <button type="button" data-testid="import-scenario" title="Open a scenario file exported from this page" onclick={link.callback(|_| Msg::PickFile)}>{ "Import file" }</button>
                    <input type="file" hidden=true accept=".json,application/json" data-testid="import-file" ref={app.file_input.clone()}
                        onchange={link.batch_callback(|e: Event| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            input.files().and_then(|files| files.get(0)).map(Msg::ImportFile)
                        })} />
                    <a href="notes.html">{ "The study note, with live policies" }</a>
                </div>
            </header>
            if let Some(e) = &app.load_error {
                <p class="banner error" role="alert" data-testid="load-error" data-code={e.code.as_str()}>{ format!("This link could not be opened: {}. Showing the default scenario instead. ({})", e.message, e.code) }</p>
            }
            if let Some((name, error)) = &app.import {
                if let Some(why) = error {
                    <p class="banner error" role="alert" data-testid="import-error">{ format!("{name} could not be opened: {why}. The scenario is unchanged.") }</p>
                } else {
                    <p class="banner info" role="status" data-testid="import-done">{ format!("Opened {name}.") }</p>
                }
            }
            if let Some(l) = &app.share_link {
                <p class="banner info">
                    <label for="share-url">{ "Share link (the whole scenario is in the part after #; nothing is uploaded): " }</label>
                    <input id="share-url" type="text" readonly=true value={l.clone()} size="60" />
                </p>
            }
            if !lesson.is_empty() {
                <p class="lesson">{ lesson }</p>
            }
        </>
    }
}
