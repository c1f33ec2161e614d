//! `api::simulate` on one case text: it must answer without panicking, the answer must be one
//! line of JSON with a `decision` or `errors`, a decision must be the one the grid's summaries
//! (`simulate_verdicts`) reach, and its explanation the same with an action index
//! (`simulate_evaluations`, as who-can explains).
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::api::{simulate, simulate_evaluations, simulate_verdicts, SimulateOutput};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let output = simulate(text);
    let line = output.to_json();
    assert!(!line.contains('\n'), "the answer is not one line");
    let answer: serde_json::Value = serde_json::from_str(&line).expect("the answer is JSON");
    assert!(
        answer.get("decision").is_some() != answer.get("errors").is_some(),
        "the answer has neither or both of decision and errors: {line}"
    );
    if let SimulateOutput::Decision { decision, .. } = &output {
        if *decision != "Unreachable" {
            let verdicts = simulate_verdicts(text).expect("a decided case has verdicts");
            for v in verdicts {
                assert_eq!(
                    v.decision.as_str(),
                    *decision,
                    "a summary disagrees with decide"
                );
            }
            if let Some([plain, fresh, filled]) = simulate_evaluations(text) {
                assert_eq!(fresh, plain, "decide_indexed (empty index) disagrees with decide");
                assert_eq!(filled, plain, "decide_indexed (filled index) disagrees with decide");
            }
        }
    }
});
