//! The top of the page: the title, the scenario menu, the share button, and the banners under
//! them (a link that could not be opened, the share link, the preset's lesson).

use yew::html::Scope;
use yew::prelude::*;

use crate::scenario::presets;
use crate::web::app::{App, Msg};
use crate::web::controls::select_value;

/// The header and the banners.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let on_preset = link.callback(|e: Event| Msg::LoadPreset(select_value(&e)));
    let lesson = presets::preset(&s.preset).map(|p| p.lesson).unwrap_or("");
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
                        { for presets::all().into_iter().map(|p| html! {
                            <option value={p.id} selected={p.id == s.preset}>{ p.title }</option>
                        }) }
                    </select>
                    <button type="button" data-testid="share-link" onclick={link.callback(|_| Msg::Share)}>{ "Copy share link" }</button>
                    <a href="notes.html">{ "The study note, with live policies" }</a>
                </div>
            </header>
            if let Some(e) = &app.load_error {
                <p class="banner error" role="alert" data-testid="load-error" data-code={e.code.as_str()}>{ format!("This link could not be opened: {}. Showing the default scenario instead. ({})", e.message, e.code) }</p>
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
