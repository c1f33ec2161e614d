//! The grid's helper for an account's import: a worker (`www/grid-worker.js`) that runs this
//! same module, imports the same files and decides the grid from its last row up while the page
//! decides it from the first row down, so that the two cores of a laptop share the largest job
//! of an import (issue 16: 600 principals imported and their grid shown in under a second).
//!
//! - The page starts the worker as it loads (its files are the page's own: nothing is fetched
//!   after the page is ready) and sets `#app[data-ready]` once the worker is ready or failed.
//! - An import posts the files' bytes ([`Helper::post`]) before the page imports them itself.
//!   The worker answers with chunks of rows ([`Rows`]: their first row, their actions, the
//!   principals' fingerprint, 16 bits per cell); the page takes a chunk only for the grid of
//!   that import, with the same actions and principals ([`GridSlices::adopt_rows`]).
//! - One job per worker: when its grid is decided, or dropped by an edit, the worker is ended
//!   and its memory given back. Later imports are decided by the page alone, as before.
//!
//! [`GridSlices::adopt_rows`]: crate::scenario::GridSlices::adopt_rows

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::scenario::{Cell, Workspace};

/// Rows per message from the worker.
const CHUNK_ROWS: usize = 16;

/// The worker's script, beside the page.
const SCRIPT: &str = "./grid-worker.js";

/// When this module runs in a worker: answers the page's jobs ([`work`]) and says it is
/// ready. False (nothing done) anywhere else.
pub fn serve_if_worker() -> bool {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return false;
    };
    let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            work(&scope, &e.data());
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let ready = js_sys::Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
    true
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The principals of `ws` in one number (FNV-1a over their ARNs, in order): the worker's grid
/// and the page's have the same columns when their fingerprints are equal.
pub fn columns_key(ws: &Workspace) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for p in &ws.scenario.principals {
        for b in p.arn.bytes().chain([b'\n']) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// In the worker: imports the files of job `{job, pages: [Uint8Array…]}` as the page does
/// (decoded by [`crate::import::decode_file`], then [`crate::import::import_for_page`]) and
/// posts the grid's rows, last ones first, then `{job, done: true}`. Nothing but `done` when
/// the files do not import or a policy has errors (the page decides alone).
fn work(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) {
    let Some(job) = get(data, "job").as_f64() else {
        return;
    };
    let done = || {
        let msg = js_sys::Object::new();
        set(&msg, "job", &JsValue::from_f64(job));
        set(&msg, "done", &JsValue::TRUE);
        let _ = scope.post_message(&msg);
    };
    let pages = get(data, "pages");
    if !js_sys::Array::is_array(&pages) {
        done();
        return;
    }
    let texts: Vec<String> = js_sys::Array::from(&pages)
        .iter()
        .map(|p| crate::import::decode_file(js_sys::Uint8Array::new(&p).to_vec()))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let Ok(imported) = crate::import::import_for_page(&refs) else {
        done();
        return;
    };
    drop(refs);
    drop(texts);
    let ws = Workspace::with_parses(imported.scenario, &imported.parses);
    drop(imported.parses);
    let key = columns_key(&ws);
    let Some(mut slices) = ws.grid_slices() else {
        done();
        return;
    };
    while let Some((from, rows)) = ws.decide_slice_back(&mut slices, CHUNK_ROWS) {
        let names = slices.actions()[from..from + rows.len()].join("\n");
        let codes: Vec<u16> = rows.iter().flatten().map(Cell::code).collect();
        let cells = js_sys::Uint16Array::from(&codes[..]);
        let msg = js_sys::Object::new();
        set(&msg, "job", &JsValue::from_f64(job));
        set(&msg, "from", &JsValue::from_f64(from as f64));
        set(&msg, "key", &JsValue::from_f64(f64::from(key)));
        set(&msg, "names", &JsValue::from_str(&names));
        set(&msg, "cells", &cells);
        let _ = scope.post_message_with_transfer(&msg, &js_sys::Array::of1(&cells.buffer()));
    }
    done();
}

/// What the worker says.
pub enum Said {
    /// It is ready for a job.
    Ready,
    /// It failed to start (its script or the module did not load).
    Failed,
    /// It was not ready in time for the page to say it is ready (said by the page's timer).
    Late,
    /// Rows of a job's grid.
    Rows(Rows),
    /// It has nothing more for this job.
    Done(u32),
    /// Something it never says.
    Other,
}

/// A chunk of rows of a job's grid, decided by the worker.
pub struct Rows {
    /// The job.
    pub job: u32,
    /// The first row's place in the grid.
    pub from: usize,
    /// [`columns_key`] of the worker's workspace.
    pub key: u32,
    /// The rows' actions, one per line.
    pub names: String,
    /// Every cell, row after row, as [`Cell::code`] wrote it.
    pub codes: Vec<u16>,
}

impl Rows {
    /// The rows of `columns` cells each; `None` when the codes do not make whole rows of cells.
    pub fn cells(&self, columns: usize) -> Option<Vec<Vec<Cell>>> {
        if columns == 0 || !self.codes.len().is_multiple_of(columns) {
            return None;
        }
        self.codes
            .chunks(columns)
            .map(|row| row.iter().map(|c| Cell::from_code(*c)).collect())
            .collect()
    }
}

/// Reads a message of the worker.
pub fn read(data: &JsValue) -> Said {
    if get(data, "ready").is_truthy() {
        return Said::Ready;
    }
    let Some(job) = get(data, "job").as_f64() else {
        return Said::Other;
    };
    let job = job as u32;
    if get(data, "done").is_truthy() {
        return Said::Done(job);
    }
    let cells = get(data, "cells");
    let (Some(from), Some(key), Some(names)) = (
        get(data, "from").as_f64(),
        get(data, "key").as_f64(),
        get(data, "names").as_string(),
    ) else {
        return Said::Other;
    };
    let Ok(cells) = cells.dyn_into::<js_sys::Uint16Array>() else {
        return Said::Other;
    };
    Said::Rows(Rows {
        job,
        from: from as usize,
        key: key as u32,
        names,
        codes: cells.to_vec(),
    })
}

/// The page's side: the worker and its listeners (kept alive with it).
pub struct Helper {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
    /// The last job posted.
    job: u32,
}

impl Helper {
    /// Starts the worker; what it says goes to `said`. `None` when the browser cannot start it
    /// (the page then decides alone).
    pub fn start(said: yew::Callback<Said>) -> Option<Helper> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
        let on_said = said.clone();
        let onmessage =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                on_said.emit(read(&e.data()));
            });
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            said.emit(Said::Failed);
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Some(Helper {
            worker,
            _onmessage: onmessage,
            _onerror: onerror,
            job: 0,
        })
    }

    /// Posts the files of an import (their bytes, given over to the worker); the job's number.
    pub fn post(&mut self, pages: Vec<js_sys::Uint8Array>) -> u32 {
        self.job += 1;
        let msg = js_sys::Object::new();
        set(&msg, "job", &JsValue::from_f64(f64::from(self.job)));
        let list = js_sys::Array::new();
        let transfer = js_sys::Array::new();
        for p in pages {
            transfer.push(&p.buffer());
            list.push(&p);
        }
        set(&msg, "pages", &list);
        let _ = self.worker.post_message_with_transfer(&msg, &transfer);
        self.job
    }
}

impl Drop for Helper {
    /// Ends the worker: its memory is given back.
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
