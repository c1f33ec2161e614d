//! Share-link decoding (`scenario::share::decode`) on any text: it must answer (a scenario or an
//! `INVALID_SHARE_LINK`/`INVALID_SCENARIO` error) without panicking, an error's span must lie
//! inside the fragment, and a scenario it accepts must survive a round trip (the link the page
//! would make of it decodes to the same scenario). An input that starts with `{` is taken as the
//! scenario's JSON and made into a link first (raw deflate, base64url, `v2.`), so that the
//! fuzzer also reaches the checks after decompression with mutations of the JSON itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::engine::Code;
use policy_playground::scenario::share;

/// Base64url without padding, as links are written.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let link;
    let text = if data.first() == Some(&b'{') {
        link = format!(
            "{}{}",
            share::VERSION_PREFIX,
            base64url(&miniz_oxide::deflate::compress_to_vec(data, 1))
        );
        link.as_str()
    } else {
        match std::str::from_utf8(data) {
            Ok(text) => text,
            Err(_) => return,
        }
    };
    match share::decode(text) {
        Ok(scenario) => {
            let again =
                share::decode(&share::encode(&scenario)).expect("a re-encoded link decodes");
            assert_eq!(again, scenario, "the round trip changed the scenario");
        }
        Err(d) => {
            assert!(
                d.code == Code::INVALID_SHARE_LINK || d.code == Code::INVALID_SCENARIO,
                "unexpected code {:?}",
                d.code
            );
            let fragment = text.strip_prefix('#').unwrap_or(text);
            assert!(d.span.start <= d.span.end && d.span.end <= fragment.len());
            assert!(
                fragment.is_char_boundary(d.span.start) && fragment.is_char_boundary(d.span.end)
            );
        }
    }
});
