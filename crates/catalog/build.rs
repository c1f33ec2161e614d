//! Writes `service_lines.rs` into `OUT_DIR`: the byte offset of every `S` line of
//! `src/catalog.txt`, so that reading the embedded catalog can step from one service's first
//! action straight to the next service, leaving each service's `A` lines (four lines in five)
//! unread until they are asked for. `Catalog::parse`, which reads any text, finds them itself;
//! a test checks that both read the embedded catalog alike.
//!
//! And, for each service, which of the three tag keys (`TAG_KEYS` of `src/lib.rs`, in that
//! order) some of its actions support, so that asking it of every service (a `NotAction` with a
//! tag key does) reads no service's actions; a test checks every service's bits against the
//! catalog's own reading (`Service::supports_key`).
//!
//! And, for native builds only (the browser's download would grow by them): every line other
//! than an action as the crate keeps it, as byte ranges of the text and index ranges
//! (`SERVICE_TABLE`, `RESOURCE_TABLE`, `KEY_TABLE`, `GLOBAL_KEY_COUNT`; left empty when a line
//! is one the crate would count as malformed), every ARN template by the service it names
//! (`ARN_SERVICES`, sorted by name, their names in `ARN_SERVICE_NAMES`, and `ARN_TEMPLATES`,
//! for the command line's index of ARN formats), each
//! service's action lines (`SERVICE_ACTIONS`) and its actions as the crate keeps them
//! (`SERVICE_ACTION_TABLE`, `ACTION_ENTRIES`, `ACTION_NAMES`, `ACTION_LOWER_NAMES`), the
//! condition keys without a variable part as an open addressing table by FNV-1a of their
//! lowercase text (`KEY_SLOTS`) and the distinct templated keys in order (`TEMPLATE_KEYS`), so
//! that the command line's start-up reads no line of the text; a test checks that this reading
//! and the line-by-line ones agree on every service, resource type and key.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src/catalog.txt");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/rules.rs");
    let text = match std::fs::read_to_string("src/catalog.txt") {
        Ok(text) => text,
        Err(e) => {
            println!("cargo:warning=cannot read src/catalog.txt: {e}");
            std::process::exit(1);
        }
    };
    let mut offsets = Vec::new();
    // Natively (not for the browser, whose download the tables would grow): the tables below,
    // and each service's action lines, from the first to the next `S` line.
    let native = std::env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    // Natively, the records other than actions as the catalog keeps them: services (prefix,
    // name, their resource types' and keys' index ranges), resource types (name, ARN
    // templates, keys), condition keys (key, type), as byte ranges of the text; `well_formed`
    // turns false at a line the crate would count as malformed (then no table is written and
    // the crate reads the lines itself, counting it).
    let mut services: Vec<usize> = Vec::new();
    let mut resource_types: Vec<usize> = Vec::new();
    let mut key_table: Vec<usize> = Vec::new();
    let mut global_keys = 0usize;
    let mut well_formed = true;
    // Natively, every ARN template by the service it names (its service field, or its
    // service's prefix when the field is a placeholder), services in the order first met,
    // templates in the catalog's order: `src/checks.rs`'s index of ARN formats, read at once.
    let mut arn_groups: Vec<(&str, Range, Vec<Range>)> = Vec::new();
    // The condition keys (`G` and `K` lines), in the catalog's order.
    let mut keys: Vec<&str> = Vec::new();
    let mut actions: Vec<(usize, usize)> = Vec::new();
    // per service: the tag keys its actions support (bit i for TAG_KEYS[i])
    let mut tag_keys: Vec<u8> = Vec::new();
    // the current service's resource types, with the tag keys each lists
    let mut types: Vec<(&str, u8)> = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.starts_with("A\t") {
            if let Some(last) = actions.last_mut() {
                if last.0 == usize::MAX {
                    last.0 = at;
                }
            }
        } else if body.contains('\r') {
            well_formed = false; // the crate's reading strips a line's `\r`: leave it to it
        } else if !body.is_empty() && !body.starts_with('#') {
            // The line's first five fields as byte ranges (a missing field empty, at the end).
            let mut ranges = [(at + body.len(), at + body.len()); 5];
            let mut from = at;
            for (slot, field) in ranges.iter_mut().zip(body.split('\t')) {
                *slot = (from, from + field.len());
                from += field.len() + 1;
            }
            let text_of = |(a, b): (usize, usize)| &text[a..b];
            let in_service = services.len() / 8;
            match text_of(ranges[0]) {
                tag @ ("G" | "K") => {
                    let (key, ty) = (ranges[1], ranges[2]);
                    let in_place = (tag == "K") == (in_service > 0);
                    match KEY_TYPE_NAMES.iter().position(|t| *t == text_of(ty)) {
                        Some(code) if text_of(key).contains(':') && in_place => {
                            key_table.extend([key.0, key.1, code]);
                            let count = key_table.len() / 3;
                            if tag == "K" {
                                if let Some(end) = services.last_mut() {
                                    *end = count;
                                }
                            } else {
                                global_keys = count;
                            }
                        }
                        _ => well_formed = false,
                    }
                }
                "S" if !text_of(ranges[1]).is_empty() => {
                    let (r, k) = (resource_types.len() / 6, key_table.len() / 3);
                    let (prefix, name) = (ranges[1], ranges[2]);
                    services.extend([prefix.0, prefix.1, name.0, name.1, r, r, k, k]);
                }
                "R" if in_service > 0
                    && !text_of(ranges[1]).is_empty()
                    && !text_of(ranges[2]).is_empty() =>
                {
                    let (name, arns, keys) = (ranges[1], ranges[2], ranges[3]);
                    resource_types.extend([name.0, name.1, arns.0, arns.1, keys.0, keys.1]);
                    // its ARN templates, by the service they name
                    let prefix = (services[services.len() - 8], services[services.len() - 7]);
                    let mut from = arns.0;
                    for template in text_of(arns).split(' ') {
                        let range = (from, from + template.len());
                        from += template.len() + 1;
                        if template.is_empty() {
                            continue;
                        }
                        let Some(field) = policy_playground_text::arn_template_service(template)
                        else {
                            continue;
                        };
                        let key = if field.contains('$') {
                            prefix
                        } else {
                            let start =
                                range.0 + (field.as_ptr() as usize - template.as_ptr() as usize);
                            (start, start + field.len())
                        };
                        let name = text_of(key);
                        let group = match arn_groups.iter().position(|(k, _, _)| *k == name) {
                            Some(group) => group,
                            None => {
                                arn_groups.push((name, key, Vec::new()));
                                arn_groups.len() - 1
                            }
                        };
                        arn_groups[group].2.push(range);
                    }
                    let count = resource_types.len() / 6;
                    let at = services.len() - 3;
                    services[at] = count;
                }
                _ => well_formed = false,
            }
        }
        if body.starts_with("S\t") {
            if let Some(last) = actions.last_mut() {
                last.1 = at;
            }
            actions.push((usize::MAX, text.len()));
        }
        if body.starts_with("G\t") || body.starts_with("K\t") {
            keys.push(body.split('\t').nth(1).unwrap_or(""));
        }
        let mut fields = body.split('\t');
        match fields.next() {
            Some("S") => {
                offsets.push(at);
                tag_keys.push(0);
                types.clear();
            }
            Some("R") => {
                let name = fields.next().unwrap_or("");
                let keys = fields.nth(1).unwrap_or("");
                types.push((name, tag_bits(keys)));
            }
            Some("A") => {
                // name, access levels, resource types, the action's own keys
                let resource_types = fields.nth(2).unwrap_or("");
                let mut bits = tag_bits(fields.next().unwrap_or(""));
                for entry in resource_types.split(',') {
                    let (head, keys) = entry.split_once('=').unwrap_or((entry, ""));
                    let name = head.strip_suffix('*').unwrap_or(head);
                    bits |= tag_bits(keys);
                    bits |= types
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or(0, |(_, b)| *b);
                }
                if let Some(last) = tag_keys.last_mut() {
                    *last |= bits;
                }
            }
            _ => {}
        }
        at += line.len();
    }
    // The services named in ARN templates sorted by name, their names one after the other
    // (`ARN_SERVICE_NAMES`): the crate finds a service by a binary search of them alone, not
    // of names spread over the whole text.
    arn_groups.sort_by(|a, b| a.0.cmp(b.0));
    let mut arn_keys: Vec<usize> = Vec::new();
    let mut arn_templates: Vec<usize> = Vec::new();
    let mut arn_names = String::new();
    for (name, _, templates) in &arn_groups {
        let first = arn_templates.len() / 2;
        arn_templates.extend(templates.iter().flat_map(|&(a, b)| [a, b]));
        let start = arn_names.len();
        arn_names.push_str(name);
        arn_keys.extend([start, arn_names.len(), first, arn_templates.len() / 2]);
    }
    if !(native && well_formed) {
        arn_names.clear();
    }
    // The condition keys' index, natively: the keys without a variable part in an open
    // addressing table by the FNV-1a hash of their lowercase text (the first listed of equal
    // ones), and the distinct templated ones sorted by their lowercase text.
    if keys.len() >= usize::from(u16::MAX) {
        println!("cargo:warning=too many condition keys for the u16 index");
        std::process::exit(1);
    }
    let mut seen = std::collections::HashSet::new();
    let mut exact: Vec<(String, usize)> = Vec::new();
    let mut templated = std::collections::BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let lower = key.to_ascii_lowercase();
        if is_templated_key(key) {
            templated.entry(lower).or_insert(i);
        } else if seen.insert(lower.clone()) {
            exact.push((lower, i));
        }
    }
    let size = (exact.len() * 2).next_power_of_two();
    let mut slots = vec![usize::from(u16::MAX); size];
    for (lower, i) in &exact {
        let mut at = (fnv1a_lowercase(lower.as_bytes()) as usize) & (size - 1);
        while slots[at] != usize::from(u16::MAX) {
            at = (at + 1) & (size - 1);
        }
        slots[at] = *i;
    }
    // Natively, every service's actions as the crate's `ServiceActions` keeps them, and a
    // table of them by name.
    let built = if native {
        built_actions(&text, &actions)
    } else {
        BuiltActions::default()
    };
    let action_slots = action_slots(&built);
    let actions = actions.iter().flat_map(|&(start, end)| {
        if start == usize::MAX {
            [0, 0]
        } else {
            [start, end]
        }
    });
    // The browser's build gets empty native tables (`if native`), and a catalog with a line the
    // crate would count as malformed gets no record tables.
    let native_only = |v: Vec<usize>| if native { v } else { Vec::new() };
    let records_only = |v: Vec<usize>| if native && well_formed { v } else { Vec::new() };
    let mut out = String::new();
    for (doc, name, ty, values) in [
        (
            "The byte offset of every `S` line of `catalog.txt`, in order.",
            "SERVICE_LINES",
            "u32",
            offsets,
        ),
        (
            "By service (in `S` line order), bit `i` set when some action supports `TAG_KEYS[i]`.",
            "SERVICE_TAG_KEYS",
            "u8",
            tag_keys.into_iter().map(usize::from).collect(),
        ),
        (
            "Natively, by service: its prefix's and name's byte ranges, then its resource types' \
             and condition keys' index ranges (empty for wasm).",
            "SERVICE_TABLE",
            "u32",
            records_only(services),
        ),
        (
            "Natively, by resource type: the byte ranges of its name, ARN templates and condition \
             keys (empty for wasm).",
            "RESOURCE_TABLE",
            "u32",
            records_only(resource_types),
        ),
        (
            "Natively, by condition key (global ones first): its byte range and its type, by its \
             place in `KEY_TYPE_NAMES` (empty for wasm).",
            "KEY_TABLE",
            "u32",
            records_only(key_table),
        ),
        (
            "Natively, by service named in ARN templates (sorted by name): the byte range of its \
             name in `ARN_SERVICE_NAMES`, then the index range of its templates in \
             `ARN_TEMPLATES` (empty for wasm).",
            "ARN_SERVICES",
            "u32",
            records_only(arn_keys),
        ),
        (
            "Natively, every ARN template's byte range, grouped by `ARN_SERVICES` (empty for \
             wasm).",
            "ARN_TEMPLATES",
            "u32",
            records_only(arn_templates),
        ),
        (
            "Natively, how many of `KEY_TABLE`'s keys are global (empty for wasm).",
            "GLOBAL_KEY_COUNT",
            "u32",
            records_only(vec![global_keys]),
        ),
        (
            "Natively, by service, the start and end of its action lines (empty for wasm).",
            "SERVICE_ACTIONS",
            "u32",
            native_only(actions.collect()),
        ),
        (
            "Natively, the condition keys without a variable part by the FNV-1a hash of their \
             lowercase text, probed linearly, `u16::MAX` an empty slot (empty for wasm).",
            "KEY_SLOTS",
            "u16",
            native_only(slots),
        ),
        (
            "Natively, the distinct templated condition keys, by their lowercase text (empty for \
             wasm).",
            "TEMPLATE_KEYS",
            "u16",
            native_only(templated.into_values().collect()),
        ),
        (
            "Natively, every action by the FNV-1a hash of its lowercase `prefix:name`, probed \
             linearly: its service's index times 65,536 plus its place among the service's \
             actions, `NO_ACTION` an empty slot (empty for wasm).",
            "ACTION_SLOTS",
            "u32",
            action_slots,
        ),
        (
            "Natively, by service: the index range of its actions in `ACTION_ENTRIES`, the byte \
             range of their names in `ACTION_NAMES` (and `ACTION_LOWER_NAMES`), its longest \
             short action name, its malformed `A` lines (empty for wasm).",
            "SERVICE_ACTION_TABLE",
            "u32",
            built.services,
        ),
    ] {
        let _ = write!(
            out,
            "/// {doc} (Written by `build.rs`.)\nconst {name}: &[{ty}] = &["
        );
        for v in values {
            let _ = write!(out, "{v},");
        }
        out.push_str("];\n");
    }
    out.push_str(
        "/// Natively, every service's actions in `S` line order, each in its service's \
         order (empty for wasm). (Written by `build.rs`.)\n\
         static ACTION_ENTRIES: &[ActionEntry] = &[",
    );
    for (name, access, types, keys) in &built.entries {
        let _ = write!(
            out,
            "built_action(({},{}),{access},({},{}),({},{})),",
            name.0, name.1, types.0, types.1, keys.0, keys.1
        );
    }
    out.push_str("];\n");
    let _ = write!(
        out,
        "/// Natively, the names of `ARN_SERVICES`, one after the other (empty for wasm). \
         (Written by `build.rs`.)\nstatic ARN_SERVICE_NAMES: &str = {arn_names:?};\n"
    );
    let _ = write!(
        out,
        "/// Natively, every action's `prefix:Name`, by service (empty for wasm). (Written by \
         `build.rs`.)\nstatic ACTION_NAMES: &str = {:?};\n\
         /// `ACTION_NAMES`, lowercase (ASCII). (Written by `build.rs`.)\n\
         static ACTION_LOWER_NAMES: &str = {:?};\n",
        built.names,
        built.names.to_ascii_lowercase()
    );
    let dir = std::env::var_os("OUT_DIR").unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&dir).join("service_lines.rs"), out) {
        println!("cargo:warning=cannot write service_lines.rs: {e}");
        std::process::exit(1);
    }
}

/// A byte range of the catalog text.
type Range = (usize, usize);

/// Every service's actions, laid out as the crate's `ServiceActions` keeps them.
#[derive(Default)]
struct BuiltActions {
    /// Six numbers per service (see `SERVICE_ACTION_TABLE`).
    services: Vec<usize>,
    /// Per action: its name's byte range in its service's names, its access bits, the byte
    /// ranges of its resource types and condition keys in the text.
    entries: Vec<(Range, u8, Range, Range)>,
    /// Every action's `prefix:Name`, by service.
    names: String,
}

/// Reads the actions of every service, `actions` giving the byte range of each one's `A` lines
/// (`usize::MAX` as the start when it has none), as the crate's `ServiceActions::read` does:
/// each line's first five fields (the fifth keeping any further tab, the last one without a
/// `\r`), a line that is not an action skipped, one without a name or with unknown access
/// letters counted as malformed.
fn built_actions(text: &str, actions: &[(usize, usize)]) -> BuiltActions {
    let mut out = BuiltActions::default();
    let offsets = text
        .split_inclusive('\n')
        .filter(|line| line.starts_with("S\t"))
        .map(|line| line.as_ptr() as usize - text.as_ptr() as usize);
    let prefixes: Vec<&str> = offsets
        .map(|at| text[at..].split(['\t', '\n']).nth(1).unwrap_or(""))
        .collect();
    // an empty field (a missing one among them) as 0..0, as the crate keeps it
    let at = |field: &str| {
        if field.is_empty() {
            return (0, 0);
        }
        let start = field.as_ptr() as usize - text.as_ptr() as usize;
        (start, start + field.len())
    };
    for (service, &(start, end)) in actions.iter().enumerate() {
        let prefix = prefixes.get(service).copied().unwrap_or("");
        let first = out.entries.len();
        let names_start = out.names.len();
        let (mut longest, mut malformed) = (0, 0);
        let body = if start == usize::MAX {
            ""
        } else {
            &text[start..end]
        };
        for line in body.split('\n') {
            let mut fields = [""; 5];
            let mut rest = line;
            let mut count = 0;
            while count < 4 {
                let Some(tab) = rest.find('\t') else { break };
                fields[count] = &rest[..tab];
                rest = &rest[tab + 1..];
                count += 1;
            }
            fields[count] = rest.strip_suffix('\r').unwrap_or(rest);
            let [tag, name, access, types, keys] = fields;
            if tag != "A" {
                continue;
            }
            match access_bits(access) {
                Some(bits) if !name.is_empty() => {
                    let from = out.names.len() - names_start;
                    out.names.push_str(prefix);
                    out.names.push(':');
                    out.names.push_str(name);
                    longest = longest.max(name.len());
                    let to = out.names.len() - names_start;
                    out.entries.push(((from, to), bits, at(types), at(keys)));
                }
                _ => malformed += 1,
            }
        }
        out.services.extend([
            first,
            out.entries.len(),
            names_start,
            out.names.len(),
            longest,
            malformed,
        ]);
    }
    out
}

/// The actions' table by name (`ACTION_SLOTS`): every action of `built` by [`fnv1a_lowercase`] of its
/// `prefix:name`, probed linearly, at most two thirds full, a slot holding its
/// service's index times 65,536 plus its place among the service's actions. Empty when there
/// are no actions (the browser's build) or a service or place does not fit in 16 bits (the
/// crate then searches by name).
fn action_slots(built: &BuiltActions) -> Vec<usize> {
    let count = built.entries.len();
    if count == 0 {
        return Vec::new();
    }
    let size = (count * 3 / 2 + 1).next_power_of_two();
    let empty = NO_ACTION as usize;
    let mut slots = vec![empty; size];
    for (service, row) in built.services.chunks(6).enumerate() {
        let &[first, end, names_start, ..] = row else {
            return Vec::new();
        };
        for (local, entry) in built.entries[first..end].iter().enumerate() {
            if service > 0xffff || local > 0xffff {
                return Vec::new();
            }
            let (from, to) = entry.0;
            let name = &built.names[names_start + from..names_start + to];
            let mut at = (fnv1a_lowercase(name.as_bytes()) as usize) & (size - 1);
            while slots[at] != empty {
                at = (at + 1) & (size - 1);
            }
            slots[at] = service << 16 | local;
        }
    }
    slots
}

/// `src/lib.rs`'s `TAG_KEYS`, as the catalog writes them.
const TAG_KEYS: [&str; 3] = [
    "aws:RequestTag/${TagKey}",
    "aws:ResourceTag/${TagKey}",
    "aws:TagKeys",
];

/// The bits of the tag keys in a space-separated list of condition keys.
fn tag_bits(keys: &str) -> u8 {
    let mut bits = 0;
    for key in keys.split(' ') {
        for (i, tag) in TAG_KEYS.iter().enumerate() {
            if key.eq_ignore_ascii_case(tag) {
                bits |= 1 << i;
            }
        }
    }
    bits
}

// `fnv1a_lowercase`, `is_templated_key` and `KEY_TYPE_NAMES`, shared with the crate.
include!("src/rules.rs");
