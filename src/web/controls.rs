//! Small controls and DOM readers shared by the page and the widget: the principal buttons, the
//! "through the VPC endpoint" checkbox, and the values of input, textarea, select and checkbox
//! events.

use yew::prelude::*;

use crate::scenario::{PrincipalId, Workspace};

/// The value of the `<input>` an input event came from.
pub fn input_value(e: &InputEvent) -> String {
    let el: web_sys::HtmlInputElement = e.target_unchecked_into();
    el.value()
}

/// The value of the `<textarea>` an input event came from.
pub fn textarea_value(e: &InputEvent) -> String {
    let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
    el.value()
}

/// The value of the `<select>` a change event came from.
pub fn select_value(e: &Event) -> String {
    let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
    el.value()
}

/// Whether the checkbox a change event came from is checked.
pub fn checked(e: &Event) -> bool {
    let el: web_sys::HtmlInputElement = e.target_unchecked_into();
    el.checked()
}

/// `key=value` lines of pairs (tags, extra context keys), for a textarea.
pub fn pairs_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Props of [`PrincipalButtons`].
#[derive(Properties, PartialEq)]
pub struct PrincipalButtonsProps {
    /// Every principal: id and name, in order.
    pub principals: Vec<(PrincipalId, AttrValue)>,
    /// The principal whose policies are open.
    pub selected: Option<PrincipalId>,
    /// Called with the principal chosen.
    pub onselect: Callback<PrincipalId>,
    /// More buttons after the principals' (add, remove).
    #[prop_or_default]
    pub children: Html,
}

/// The principals of a workspace, as `(id, name)` for [`PrincipalButtons`].
pub fn principal_names(ws: &Workspace) -> Vec<(PrincipalId, AttrValue)> {
    ws.principal_ids()
        .zip(&ws.scenario.principals)
        .map(|(id, p)| (id, AttrValue::from(p.name.clone())))
        .collect()
}

/// One toggle button per principal (the open one pressed), then the children.
#[function_component(PrincipalButtons)]
pub fn principal_buttons(props: &PrincipalButtonsProps) -> Html {
    html! {
        <div class="principals" role="toolbar" aria-label="principals">
            { for props.principals.iter().map(|(id, name)| {
                let id = *id;
                let on = props.selected == Some(id);
                let onselect = props.onselect.clone();
                html! {
                    <button type="button"
                        class={classes!("principal", on.then_some("active"))}
                        data-testid="principal"
                        data-principal={name.clone()}
                        aria-pressed={if on { "true" } else { "false" }}
                        onclick={Callback::from(move |_| onselect.emit(id))}>
                        { name.clone() }
                    </button>
                }
            }) }
            { props.children.clone() }
        </div>
    }
}

/// Props of [`ViaEndpoint`].
#[derive(Properties, PartialEq)]
pub struct ViaEndpointProps {
    /// Calls go through the endpoint.
    pub checked: bool,
    /// The words after the checkbox.
    pub label: AttrValue,
    /// Called with the new state.
    pub onchange: Callback<bool>,
}

/// The checkbox that sends calls through the VPC endpoint or over the internet.
#[function_component(ViaEndpoint)]
pub fn via_endpoint(props: &ViaEndpointProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| checked(&e));
    html! {
        <label class="check"><input type="checkbox" data-testid="via-endpoint" checked={props.checked} {onchange} />
            { props.label.clone() }</label>
    }
}

/// Keyboard for a `role="tablist"` (the WAI-ARIA tabs pattern, automatic activation): Left and
/// Right move to the previous and next tab (wrapping), Home and End to the first and last; the
/// tab moved to gets the focus and is activated (clicked). Put it on the tablist's `onkeydown`,
/// and give the selected tab `tabindex="0"`, the others `tabindex="-1"`.
pub fn tablist_keydown(e: KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(tab) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .filter(|t| t.get_attribute("role").as_deref() == Some("tab"))
    else {
        return;
    };
    let Some(list) = tab.parent_element() else {
        return;
    };
    let children = list.children();
    let tabs: Vec<web_sys::HtmlElement> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|c| c.get_attribute("role").as_deref() == Some("tab"))
        .filter_map(|c| c.dyn_into().ok())
        .collect();
    let Some(at) = tabs
        .iter()
        .position(|t| AsRef::<web_sys::Element>::as_ref(t) == &tab)
    else {
        return;
    };
    let last = tabs.len() - 1;
    let next = match e.key().as_str() {
        "ArrowRight" => Some(if at == last { 0 } else { at + 1 }),
        "ArrowLeft" => Some(if at == 0 { last } else { at - 1 }),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    };
    if let Some(next) = next.and_then(|n| tabs.get(n)) {
        e.prevent_default();
        let _ = next.focus();
        next.click();
    }
}
