//! The request-context panel: through the endpoint or over the internet, region, MFA, time,
//! addresses and extra keys, with a sentence saying which keys the requests carry.

use yew::html::Scope;
use yew::prelude::*;

use super::policies::field;
use crate::scenario::{Field, Scenario};
use crate::web::app::{App, Msg};
use crate::web::controls::{checked, pairs_text, textarea_value, ViaEndpoint};

/// The request-context panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let c = &s.context;
    html! {
        <section class="panel context" aria-labelledby="context-heading">
            <h2 id="context-heading">{ "Request context" }</h2>
            <div class="fields">
                <ViaEndpoint checked={c.via_endpoint} label=" calls travel through the VPC endpoint" onchange={link.callback(Msg::ViaEndpoint)} />
                <label>{ "Region " }<input type="text" data-testid="region" value={c.region.clone()} oninput={field(link, Field::Region)} size="12" /></label>
                <label class="check"><input type="checkbox" checked={c.mfa}
                    onchange={link.callback(|e: Event| Msg::Mfa(checked(&e)))} />{ " signed in with MFA" }</label>
                <label>{ "Time " }<input type="text" value={c.time.clone()} oninput={field(link, Field::Time)} size="22" /></label>
                if c.via_endpoint {
                    <label>{ "VPC " }<input type="text" value={c.vpc_id.clone()} oninput={field(link, Field::VpcId)} size="22" /></label>
                    <label>{ "Private address " }<input type="text" value={c.vpc_source_ip.clone()} oninput={field(link, Field::VpcSourceIp)} size="14" /></label>
                } else {
                    <label>{ "Public address " }<input type="text" value={c.source_ip.clone()} oninput={field(link, Field::SourceIp)} size="14" /></label>
                }
                <label>{ "More keys (key=value, one per line) " }<textarea rows="1" value={pairs_text(&c.extra)} oninput={link.callback(|e: InputEvent| Msg::Field(Field::Extra, textarea_value(&e)))} /></label>
            </div>
            <p class="hint">{ summary(s) }</p>
        </section>
    }
}

/// Which keys the requests carry, in one sentence.
fn summary(s: &Scenario) -> String {
    let c = &s.context;
    if c.via_endpoint {
        format!(
            "Through the endpoint: aws:SourceVpce={}, aws:SourceVpc={}, aws:VpcSourceIp={}; aws:SourceIp is absent. The endpoint policy applies.",
            s.endpoint().map_or("", |e| e.id.as_str()), c.vpc_id, c.vpc_source_ip
        )
    } else {
        format!(
            "Over the internet: aws:SourceIp={}; aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp are absent. The endpoint policy does not apply.",
            c.source_ip
        )
    }
}
