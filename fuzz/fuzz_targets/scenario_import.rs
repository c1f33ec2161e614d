//! Scenario import on any text: `scenario::report::read` (what the page imports and the command
//! line reads) and the network document reader (`network::read`, the network tab's JSON editor
//! and a case's `network`). Both must answer without panicking; an imported scenario must
//! survive a share-link round trip; a network error's offset must lie inside the text on a
//! character boundary.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::network;
use policy_playground::scenario::{report, share};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = report::read(text) {
        let again = share::decode(&share::encode(&scenario)).expect("an imported scenario links");
        assert_eq!(again, scenario, "the round trip changed the scenario");
    }
    if let Err(e) = network::read(text) {
        assert!(e.offset <= text.len() && text.is_char_boundary(e.offset));
    }
});
