//! The account import (`import::import`, `aws iam get-account-authorization-details` output) on
//! any text, cut into pages at each U+001E (record separator, at most 8 pages). It must answer
//! without panicking; every report entry lies in a page given (located at a line and column
//! when it is in one) and says why; an error names a page given; whatever is imported is a
//! scenario document that serializes and reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::import::import;
use policy_playground::scenario::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pages: Vec<&str> = text.split('\u{1e}').take(8).collect();
    match import(&pages) {
        Ok(imported) => {
            for p in &imported.report.problems {
                assert!(!p.reason.is_empty(), "{p:?}");
                assert!(p.page <= pages.len(), "{p:?}");
                assert!(p.page == 0 || (p.line >= 1 && p.column >= 1), "{p:?}");
            }
            let json = serde_json::to_string(&imported.scenario).expect("a scenario serializes");
            let again: Scenario = serde_json::from_str(&json).expect("an imported scenario reads");
            assert_eq!(again, imported.scenario, "the scenario changed on its way back");
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            assert!(e.page <= pages.len(), "{e:?}");
            assert!(e.page == 0 || (e.line >= 1 && e.column >= 1), "{e:?}");
        }
    }
});
