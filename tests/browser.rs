//! Component tests of the playground page in headless Chromium (wasm-bindgen-test):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser
//! ```
//!
//! Each test mounts its own `App` into a fresh `<div id="app">` (the page marks `#app` with
//! `data-ready` after its first render), drives it with real DOM events (`input` on a textarea,
//! `click` on a cell), lets Yew's scheduler finish with `yew::scheduler::flush()` and asserts on the
//! DOM through the same hooks the end-to-end tests use (`tests/e2e/fixtures.mjs`). The App reads
//! `location.hash` when it is created and rewrites it on every edit, so every mount starts from an
//! empty fragment (or the one a test gives it) and the App is destroyed when the test ends.
#![cfg(target_arch = "wasm32")]

use policy_playground::web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

const CREATE: &str = "sagemaker:CreateTrainingJob";
const SPECIFIC_ARN: &str = "arn:aws:iam::111122223333:user/specific-user";
const OTHER_ARN: &str = "arn:aws:iam::111122223333:user/other-user";

/// One mounted page. Dropping it unmounts the App and removes its root.
struct Page {
    root: Element,
    handle: Option<AppHandle<App>>,
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        set_fragment("");
    }
}

/// Replaces the URL fragment without a navigation or a `hashchange` ("" removes it).
fn set_fragment(fragment: &str) {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        fragment
    );
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .expect("replaceState");
}

fn has_class(element: &Element, class: &str) -> bool {
    element.class_name().split_whitespace().any(|c| c == class)
}

/// Waits `ms` milliseconds (the page writes the URL fragment once editing pauses).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The URL fragment once the page has written it (it waits for a pause in editing).
async fn settled_fragment() -> String {
    sleep(450).await;
    fragment()
}

fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Mounts a new App with `fragment` as the URL fragment ("" for the default preset) and waits
/// for its first render.
async fn mount_with(fragment: &str) -> Page {
    set_fragment(fragment);
    let document = gloo::utils::document();
    // A failed test never reaches `Page::drop` (a panic aborts the wasm test), so its root may
    // still be here: remove it, or this test would read the other page's `#app`.
    while let Some(left) = document.get_element_by_id("app") {
        left.remove();
    }
    let root = document.create_element("div").expect("div");
    root.set_id("app");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Page {
        root,
        handle: Some(handle),
    }
}

async fn mount() -> Page {
    mount_with("").await
}

impl Page {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("valid selector")
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .expect("valid selector")
            .length()
    }

    fn cell(&self, principal: &str, action: &str) -> Element {
        self.get(&format!(
            "[data-testid=\"matrix\"] [data-principal=\"{principal}\"][data-action=\"{action}\"]"
        ))
    }

    fn decision(&self, principal: &str, action: &str) -> String {
        self.cell(principal, action)
            .get_attribute("data-decision")
            .unwrap_or_default()
    }

    fn stale(&self) -> String {
        self.get("[data-testid=\"matrix\"]")
            .get_attribute("data-stale")
            .unwrap_or_default()
    }

    fn textarea(&self, testid: &str) -> HtmlTextAreaElement {
        self.get(&format!("textarea[data-testid=\"{testid}\"]"))
            .dyn_into()
            .expect("a textarea")
    }

    /// Replaces a textarea's text the way a paste does: new value, then one bubbling `input`
    /// event (Yew listens on the root); then lets the scheduler finish.
    async fn type_into(&self, testid: &str, text: &str) {
        let area = self.textarea(testid);
        area.set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init.set_input_type("insertFromPaste");
        let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("event");
        area.dispatch_event(&event).expect("dispatch");
        yew::scheduler::flush().await;
    }

    async fn click(&self, element: &Element) {
        element
            .dyn_ref::<HtmlElement>()
            .expect("an HTML element")
            .click();
        yew::scheduler::flush().await;
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }
}

/// The seed endpoint policy with other-user's ARN added to its `Principal`.
fn admit_other_user(policy: &str) -> String {
    let needle = format!("\"{SPECIFIC_ARN}\"");
    assert!(
        policy.contains(&needle),
        "the seed endpoint policy names specific-user: {policy}"
    );
    policy.replace(&needle, &format!("[{needle}, \"{OTHER_ARN}\"]"))
}

#[wasm_bindgen_test]
async fn the_seed_grid_is_decided_on_the_first_render() {
    let page = mount().await;
    assert_eq!(
        page.root.get_attribute("data-ready").as_deref(),
        Some("true")
    );
    let ready_ms: f64 = page
        .root
        .get_attribute("data-ready-ms")
        .expect("data-ready-ms")
        .parse()
        .expect("a number of milliseconds");
    assert!(ready_ms >= 0.0);
    assert_eq!(page.stale(), "false");
    assert_eq!(page.decision("specific-user", CREATE), "Allowed");
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");
    assert_eq!(
        page.decision("ml-instance-role", CREATE),
        "ImplicitlyDenied"
    );
    assert_eq!(
        page.decision("specific-user", "sagemaker:DeleteModel"),
        "ImplicitlyDenied"
    );
    // 3 principals × every SageMaker action of the built-in list.
    assert_eq!(page.count("[data-testid=\"matrix\"] tbody tr"), 449);
    assert_eq!(
        page.count("[data-testid=\"matrix\"] [data-decision]"),
        3 * 449
    );
    assert_eq!(page.count("[data-testid=\"diagnostic\"]"), 0);
    assert_eq!(page.count("[data-testid=\"explanation\"]"), 0);
    assert_eq!(page.count("[data-testid=\"explanation-hint\"]"), 1);
    // The default preset comes from no fragment, and nothing was written to the URL yet.
    assert_eq!(fragment(), "");
}

#[wasm_bindgen_test]
async fn editing_the_endpoint_policy_redecides_the_grid() {
    let page = mount().await;
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");
    let seed = page.textarea("endpoint-policy").value();

    page.type_into("endpoint-policy", &admit_other_user(&seed))
        .await;
    assert_eq!(page.decision("other-user", CREATE), "Allowed");
    assert_eq!(page.decision("specific-user", CREATE), "Allowed");
    assert_eq!(
        page.decision("ml-instance-role", CREATE),
        "ImplicitlyDenied"
    );
    assert_eq!(page.stale(), "false");
    // The edit is in the URL (the whole state lives in the fragment), once typing pauses.
    let written = settled_fragment().await;
    assert!(written.starts_with("#v2."), "fragment: {written}");

    // And back.
    page.type_into("endpoint-policy", &seed).await;
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");
    assert_eq!(page.decision("specific-user", CREATE), "Allowed");
}

#[wasm_bindgen_test]
async fn an_empty_endpoint_policy_is_the_default_full_access_policy() {
    let page = mount().await;
    page.type_into("endpoint-policy", "").await;
    assert_eq!(page.stale(), "false");
    assert_eq!(page.decision("other-user", CREATE), "Allowed");
    assert_eq!(page.decision("ml-instance-role", CREATE), "Allowed");
    assert_eq!(page.count("[data-testid=\"diagnostic\"]"), 0);
}

#[wasm_bindgen_test]
async fn invalid_json_keeps_the_last_grid_marked_stale_with_a_located_diagnostic() {
    let page = mount().await;
    let seed = page.textarea("endpoint-policy").value();
    page.type_into(
        "endpoint-policy",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
    )
    .await;
    assert_eq!(page.stale(), "true");
    assert!(has_class(&page.get("[data-testid=\"matrix\"]"), "stale"));
    assert!(page.count("[data-testid=\"diagnostic\"]") >= 1);
    let diagnostic = page.text("[data-testid=\"diagnostic\"]");
    assert!(
        diagnostic.contains("endpoint policy"),
        "diagnostic: {diagnostic}"
    );
    assert!(diagnostic.contains("line "), "diagnostic: {diagnostic}");
    // The last decided grid stays on screen.
    assert_eq!(page.decision("specific-user", CREATE), "Allowed");
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");

    // A broken edit that would have changed decisions changes nothing while broken...
    let admitted = admit_other_user(&seed);
    page.type_into("endpoint-policy", admitted.trim_end_matches('}'))
        .await;
    assert_eq!(page.stale(), "true");
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");
    // ...and fixing it clears the diagnostics and the stale mark, with the new decisions.
    page.type_into("endpoint-policy", &admitted).await;
    assert_eq!(page.stale(), "false");
    assert_eq!(page.count("[data-testid=\"diagnostic\"]"), 0);
    assert_eq!(page.decision("other-user", CREATE), "Allowed");
}

#[wasm_bindgen_test]
async fn an_error_in_an_identity_policy_is_located_in_that_policy() {
    let page = mount().await;
    let policy = page.textarea("identity-policy").value();
    // Line 5 of the seed IAM policy holds `"Effect": "Allow"`.
    let broken = policy.replacen("\"Allow\"", "\"Alow\"", 1);
    assert_ne!(broken, policy);
    page.type_into("identity-policy", &broken).await;
    assert_eq!(page.stale(), "true");
    let diagnostic = page.text("[data-testid=\"diagnostic\"]");
    assert!(
        diagnostic.contains("specific-user"),
        "diagnostic: {diagnostic}"
    );
    assert!(diagnostic.contains("line 5"), "diagnostic: {diagnostic}");
}

#[wasm_bindgen_test]
async fn clicking_a_cell_explains_it() {
    let page = mount().await;
    assert_eq!(page.count("[data-testid=\"explanation\"]"), 0);
    let cell = page.cell("other-user", CREATE);
    page.click(&cell).await;

    let explanation = page.text("[data-testid=\"explanation\"]");
    assert!(
        explanation.contains("other-user"),
        "explanation: {explanation}"
    );
    assert!(explanation.contains(CREATE), "explanation: {explanation}");
    assert!(
        explanation.contains("VPC endpoint policy"),
        "the endpoint policy blocks other-user: {explanation}"
    );
    assert_eq!(page.count("[data-testid=\"explanation-hint\"]"), 0);
    let cell = page.cell("other-user", CREATE);
    assert_eq!(cell.get_attribute("aria-selected").as_deref(), Some("true"));
    assert!(has_class(&cell, "selected"));

    // The explanation follows the policies: admit other-user and it becomes an allow.
    let seed = page.textarea("endpoint-policy").value();
    page.type_into("endpoint-policy", &admit_other_user(&seed))
        .await;
    let explanation = page.text("[data-testid=\"explanation\"]");
    assert!(
        explanation.contains("may call"),
        "explanation: {explanation}"
    );

    // Another cell replaces it.
    let cell = page.cell("specific-user", "sagemaker:DeleteModel");
    page.click(&cell).await;
    let explanation = page.text("[data-testid=\"explanation\"]");
    assert!(
        explanation.contains("specific-user"),
        "explanation: {explanation}"
    );
    assert!(
        explanation.contains("sagemaker:DeleteModel"),
        "explanation: {explanation}"
    );
    assert_eq!(page.count("[aria-selected=\"true\"][data-decision]"), 1);
}

#[wasm_bindgen_test]
async fn adding_a_principal_adds_a_column() {
    let page = mount().await;
    let add = page.get(".principals button.add");
    page.click(&add).await;
    assert_eq!(page.count("[data-testid=\"principal\"]"), 4);
    assert_eq!(
        page.count("[data-testid=\"matrix\"] [data-decision]"),
        4 * 449
    );
    // A copy of the selected principal's (specific-user's) policies, under its own ARN, which the
    // endpoint policy does not name.
    assert_eq!(page.decision("user-4", CREATE), "ImplicitlyDenied");
}

#[wasm_bindgen_test]
async fn a_fragment_written_by_one_page_opens_the_same_scenario_in_another() {
    let link = {
        let page = mount().await;
        let seed = page.textarea("endpoint-policy").value();
        page.type_into("endpoint-policy", &admit_other_user(&seed))
            .await;
        assert_eq!(page.decision("other-user", CREATE), "Allowed");
        settled_fragment().await
    };
    assert!(link.starts_with("#v2."), "fragment: {link}");
    assert_eq!(fragment(), "", "the previous page's fragment was reset");

    let page = mount_with(&link).await;
    assert_eq!(page.count("[data-testid=\"load-error\"]"), 0);
    assert_eq!(page.decision("other-user", CREATE), "Allowed");
    assert!(page.textarea("endpoint-policy").value().contains(OTHER_ARN));
}

#[wasm_bindgen_test]
async fn a_garbled_fragment_shows_the_load_error_and_the_default_scenario() {
    let page = mount_with("#v1.@@@").await;
    assert_eq!(page.count("[data-testid=\"load-error\"]"), 1);
    assert_eq!(page.decision("specific-user", CREATE), "Allowed");
    assert_eq!(page.decision("other-user", CREATE), "ImplicitlyDenied");
}

#[wasm_bindgen_test]
async fn principals_with_the_same_name_are_explained_and_highlighted_apart() {
    use policy_playground::scenario::{presets, share};
    let mut scenario = presets::preset("sagemaker-api-exam")
        .expect("the seed preset")
        .scenario;
    for p in &mut scenario.principals {
        p.name = "twin".into();
    }
    let page = mount_with(&format!("#{}", share::encode(&scenario))).await;
    let twins = page
        .root
        .query_selector_all(&format!(
            "[data-testid=\"matrix\"] [data-principal=\"twin\"][data-action=\"{CREATE}\"]"
        ))
        .expect("valid selector");
    let second: Element = twins
        .item(1)
        .expect("a second twin")
        .dyn_into()
        .expect("an element");
    page.click(&second).await;
    let explanation = page.text("[data-testid=\"explanation\"]");
    assert!(
        explanation.contains("VPC endpoint policy"),
        "the second twin (other-user's ARN) is blocked by the endpoint policy: {explanation}"
    );
    let selected: Vec<Option<String>> = (0..twins.length())
        .filter_map(|i| twins.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.get_attribute("aria-selected"))
        .collect();
    assert_eq!(selected, vec![None, Some("true".into()), None]);
    // Its policies are the ones open.
    let pressed: Vec<Option<String>> = (0..page.count("[data-testid=\"principal\"]"))
        .filter_map(|i| {
            page.root
                .query_selector_all("[data-testid=\"principal\"]")
                .ok()?
                .item(i)?
                .dyn_into::<Element>()
                .ok()
        })
        .map(|e| e.get_attribute("aria-pressed"))
        .collect();
    assert_eq!(
        pressed,
        vec![
            Some("false".into()),
            Some("true".into()),
            Some("false".into())
        ]
    );
}

/// What an edit drops (`App`'s query cache) is freed once the page is idle, after the frame that
/// shows the edit (or by a timer where `requestIdleCallback` is missing): not in the caller's
/// task, and not never.
#[wasm_bindgen_test]
async fn a_value_given_to_free_when_idle_is_freed_after_the_task() {
    use std::{cell::Cell, rc::Rc};
    struct Flag(Rc<Cell<bool>>);
    impl Drop for Flag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let freed = Rc::new(Cell::new(false));
    let timer = policy_playground::web::app::free_when_idle(Flag(freed.clone()));
    assert!(!freed.get(), "freed in the caller's task");
    sleep(300).await;
    assert!(freed.get(), "not freed after 300 ms of an idle page");
    drop(timer);
}
