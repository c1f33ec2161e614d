//! Writes `service_lines.rs` into `OUT_DIR`: the byte offset of every `S` line of
//! `src/catalog.txt`, so that reading the embedded catalog can step from one service's first
//! action straight to the next service, leaving each service's `A` lines (four lines in five)
//! unread until they are asked for. `Catalog::parse`, which reads any text, finds them itself;
//! a test checks that both read the embedded catalog alike.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src/catalog.txt");
    println!("cargo:rerun-if-changed=build.rs");
    let text = match std::fs::read_to_string("src/catalog.txt") {
        Ok(text) => text,
        Err(e) => {
            println!("cargo:warning=cannot read src/catalog.txt: {e}");
            std::process::exit(1);
        }
    };
    let mut offsets = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        if line.starts_with("S\t") {
            offsets.push(at);
        }
        at += line.len();
    }
    let mut out = String::from(
        "/// The byte offset of every `S` line of `catalog.txt`, in order (written by `build.rs`).\n\
         const SERVICE_LINES: &[u32] = &[",
    );
    for o in offsets {
        let _ = write!(out, "{o},");
    }
    out.push_str("];\n");
    let dir = std::env::var_os("OUT_DIR").unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&dir).join("service_lines.rs"), out) {
        println!("cargo:warning=cannot write service_lines.rs: {e}");
        std::process::exit(1);
    }
}
