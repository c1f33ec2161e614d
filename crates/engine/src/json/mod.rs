//! A small JSON reader that keeps the byte span of every value and key.
//!
//! `serde_json` forgets where things came from; policy diagnostics need to point at the exact
//! line and column, so policies (and simulate cases) are read with this parser instead. It is
//! iterative where it matters: nesting is limited to [`MAX_DEPTH`] levels and anything deeper is
//! reported as an error, so a document nested 10,000 deep can never overflow the stack.

use super::diagnostic::{Code, Diagnostic, Span};

/// The reader's own lists ([`Parser::value`]): natively in the document's arena (bumpalo's
/// `Vec`), in the page's bundle the standard `Vec` (its code is in the bundle already).
#[cfg(not(target_arch = "wasm32"))]
type Scratch<'a, T> = bumpalo::collections::Vec<'a, T>;
#[cfg(target_arch = "wasm32")]
type Scratch<'a, T> = Vec<T>;

/// An empty [`Scratch`] list with room for `room` items.
#[cfg(not(target_arch = "wasm32"))]
fn scratch<'a, T>(room: usize, arena: &'a bumpalo::Bump) -> Scratch<'a, T> {
    bumpalo::collections::Vec::with_capacity_in(room, arena)
}

/// An empty [`Scratch`] list with room for `room` items.
#[cfg(target_arch = "wasm32")]
fn scratch<'a, T>(room: usize, _: &'a bumpalo::Bump) -> Scratch<'a, T> {
    Vec::with_capacity(room)
}

mod scalars;

/// A string longer than this many bytes is quoted in messages as its opening `"` alone.
const MAX_QUOTED_STRING: usize = 40;
/// At most this many characters of a word are quoted in messages.
const MAX_QUOTED_WORD: usize = 30;

/// How deeply arrays and objects may nest. Policies need about six levels, simulate cases about
/// ten; anything past this is reported instead of risking the stack.
pub const MAX_DEPTH: usize = 64;

/// Where a document's arrays, objects and decoded strings are kept: one block of memory per
/// document instead of an allocation per container, and nothing to free value by value
/// afterwards (the arena is freed whole).
#[derive(Debug, Default)]
pub struct Arena(bumpalo::Bump);

impl Arena {
    /// An empty arena; it takes memory on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// An arena with room for a typical document of `len` bytes in one block.
    pub fn for_text(len: usize) -> Self {
        Arena(bumpalo::Bump::with_capacity(Self::room_for(len)))
    }

    /// The room [`Arena::for_text`] makes for a document of `len` bytes: about one 40-byte
    /// value per 16 bytes of JSON text, and the reader's own lists ([`Parser::value`]).
    fn room_for(len: usize) -> usize {
        const LISTS: usize = STACK_ROOM * std::mem::size_of::<Frame<'_>>()
            + ITEMS_ROOM * std::mem::size_of::<Json<'_>>()
            + MEMBERS_ROOM * std::mem::size_of::<Member<'_>>();
        len.saturating_mul(3).min(1 << 20) + LISTS
    }

    /// The arena emptied for the next document of `len` bytes: its largest block is kept when
    /// that has [`Arena::for_text`]'s room, else a new arena.
    #[cfg(not(target_arch = "wasm32"))]
    fn reuse_for(&mut self, len: usize) {
        self.0.reset();
        if self.0.chunk_capacity() < Self::room_for(len) {
            *self = Arena::for_text(len);
        }
    }
}

/// The largest arena [`with_arena`] keeps for the next document (bytes of its block).
#[cfg(not(target_arch = "wasm32"))]
const MAX_SPARE_ARENA: usize = 1 << 20;
/// How many arenas [`with_arena`] keeps per thread: one for each document being read at once
/// (a case, and a policy written as a string inside it).
#[cfg(not(target_arch = "wasm32"))]
const SPARE_ARENAS: usize = 2;

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// The arenas of the last documents [`with_arena`] read on this thread, for the next.
    static SPARE_ARENAS_KEPT: std::cell::RefCell<Vec<Arena>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `read` with an arena for a document of `len` bytes: one a document of this thread was
/// read into before, emptied, so that a thread reading document after document (a batch's
/// cases, the policies written as strings in them) allocates no block per document and writes
/// into memory it has just used. What `read` answers cannot borrow from the arena. (The page
/// reads a few documents per edit: its bundle keeps none, and reads each into a new arena.)
#[cfg(not(target_arch = "wasm32"))]
pub fn with_arena<R>(len: usize, read: impl FnOnce(&Arena) -> R) -> R {
    let mut arena = SPARE_ARENAS_KEPT
        .with_borrow_mut(Vec::pop)
        .unwrap_or_default();
    arena.reuse_for(len);
    let answer = read(&arena);
    if arena.0.allocated_bytes() <= MAX_SPARE_ARENA {
        SPARE_ARENAS_KEPT.with_borrow_mut(|kept| {
            if kept.len() < SPARE_ARENAS {
                kept.push(arena);
            }
        });
    }
    answer
}

/// [`with_arena`] in the page's bundle: a new arena.
#[cfg(target_arch = "wasm32")]
pub fn with_arena<R>(len: usize, read: impl FnOnce(&Arena) -> R) -> R {
    read(&Arena::for_text(len))
}

/// A JSON value together with the byte span of its text. Strings without escapes borrow from
/// the source text, the rest (containers, decoded strings) from the [`Arena`] it was read into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Json<'a> {
    /// What the value is.
    pub kind: JsonKind<'a>,
    /// Where the value's text is, in bytes of the parsed source.
    pub span: Span,
}

/// The kinds of JSON value. Natively its tag is a whole word (`repr(usize)`): with a one-byte
/// tag, a boolean's byte beside it and padding after, the reader copied a finished value as a
/// byte store then wider loads over it, which the processor cannot forward (a tenth of the
/// reader's time on the command line's benchmark mix; docs/speed.md, twenty-ninth session). The
/// page's bundle keeps the one-byte tag: the word cost it 577 bytes of gzip for no gain measured.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(not(target_arch = "wasm32"), repr(usize))]
pub enum JsonKind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written so that nothing is lost to floating point.
    Number(&'a str),
    /// A string, with escapes decoded.
    String(&'a str),
    /// An array.
    Array(&'a [Json<'a>]),
    /// An object; members keep their order and duplicates are kept (callers report them).
    Object(&'a [Member<'a>]),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member<'a> {
    /// The key, with escapes decoded.
    pub key: &'a str,
    /// The span of the key, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Json<'a>,
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// `JSON_SYNTAX_ERROR`, or `JSON_TOO_DEEP` past [`MAX_DEPTH`].
    pub code: Code,
    /// Where the problem is.
    pub span: Span,
    /// A lowercase message without a trailing period.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl JsonError {
    /// The error as a diagnostic of the text that was read.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code, self.span, self.message.clone())
            .with_optional_help(self.help.clone())
    }
}

impl<'a> Json<'a> {
    /// A short name of the value's type, for messages ("a string", "an array", ...).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&'a [Member<'a>]> {
        match self.kind {
            JsonKind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The first member named `key` (exact spelling), if this is an object.
    pub fn get(&self, key: &str) -> Option<&'a Json<'a>> {
        self.as_object()?
            .iter()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }
}

/// Parses one JSON document into `arena`. Leading and trailing whitespace is allowed; anything
/// else after the value is an error.
pub fn parse<'a>(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, JsonError> {
    parse_document(text, arena).map_err(|e| *e)
}

/// A parse failure inside the reader: boxed, so that every `Result` passed between the
/// reader's functions is the size of the value it carries (its errors are rare; its values
/// are every token of every document).
type Failure = Box<JsonError>;

/// [`parse`], failing with a [`Failure`].
fn parse_document<'a>(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, Failure> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        arena: &arena.0,
    };
    parser.skip_whitespace();
    if parser.pos >= parser.bytes.len() {
        return Err(parser.error_here(
            "expected a json value, found the end of the text",
            Some("the text is empty: a policy starts with `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`"),
        ));
    }
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos < parser.bytes.len() {
        return Err(Box::new(JsonError {
            code: Code::JSON_SYNTAX_ERROR,
            span: Span::new(parser.pos, parser.next_char_end()),
            message: "unexpected text after the end of the json value".into(),
            help: Some(
                "a policy is a single json object: remove what follows its closing `}`".into(),
            ),
        }));
    }
    Ok(value)
}

/// Open containers the reader makes room for at the start of a document.
const STACK_ROOM: usize = 8;
/// Pending array items the reader makes room for at the start of a document.
const ITEMS_ROOM: usize = 16;
/// Pending object members the reader makes room for at the start of a document.
const MEMBERS_ROOM: usize = 32;

/// A container being filled while parsing (the explicit stack that replaces recursion). Its
/// items so far are the tail of the parser's list of pending items, from `first` on.
enum Frame<'a> {
    Array {
        start: usize,
        first: usize,
    },
    Object {
        start: usize,
        first: usize,
        key: &'a str,
        key_span: Span,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    arena: &'a bumpalo::Bump,
}

impl<'a> Parser<'a> {
    fn skip_whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            // JSON's whitespace is all below `!`: one comparison for every other byte (a
            // compact document meets this test at nearly every token)
            if b > b' ' {
                break;
            }
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next_char_end(&self) -> usize {
        let mut end = self.pos + 1;
        while end < self.bytes.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        end.min(self.bytes.len())
    }

    fn error_here(&self, message: &str, help: Option<&str>) -> Failure {
        let end = if self.pos < self.bytes.len() {
            self.next_char_end()
        } else {
            self.pos
        };
        Box::new(JsonError {
            code: Code::JSON_SYNTAX_ERROR,
            span: Span::new(self.pos, end),
            message: message.into(),
            help: help.map(Into::into),
        })
    }

    /// The token at the current position, quoted for messages: a whole string (up to
    /// [`MAX_QUOTED_STRING`] bytes), a whole word or number (up to [`MAX_QUOTED_WORD`]
    /// characters), or one character.
    fn found(&self) -> String {
        let Some(rest) = self.text.get(self.pos..).filter(|r| !r.is_empty()) else {
            return "the end of the text".into();
        };
        let token: String = if let Some(inner) = rest.strip_prefix('"') {
            match inner.find(['"', '\n']) {
                Some(end)
                    if inner.as_bytes().get(end) == Some(&b'"') && end <= MAX_QUOTED_STRING =>
                {
                    format!("\"{}\"", &inner[..end])
                }
                _ => "\"".into(),
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
                .take(MAX_QUOTED_WORD)
                .collect();
            if word.is_empty() {
                rest.chars().next().map(String::from).unwrap_or_default()
            } else {
                word
            }
        };
        format!("`{token}`")
    }

    /// Parses a value with an explicit stack of open containers. The items of open containers
    /// wait in two lists shared by every level; a closing bracket moves its container's items
    /// into the arena at once, in one piece of the exact size.
    fn value(&mut self) -> Result<Json<'a>, Failure> {
        // Room for a usual case's open containers and pending items from the start (grown by
        // doubling from nothing, these lists had cost more in copies than the rest of a small
        // case's parse), in small blocks.
        // In the arena natively: nothing to allocate or free per document.
        let mut stack: Scratch<'a, Frame<'a>> = scratch(STACK_ROOM, self.arena);
        let mut items: Scratch<'a, Json<'a>> = scratch(ITEMS_ROOM, self.arena);
        let mut members: Scratch<'a, Member<'a>> = scratch(MEMBERS_ROOM, self.arena);
        loop {
            // Read one value start: either a scalar, or open a container.
            self.skip_whitespace();
            let mut done = match self.peek() {
                Some(b'{') => {
                    let start = self.pos;
                    self.open_check(&stack)?;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Json {
                            kind: JsonKind::Object(&[]),
                            span: Span::new(start, self.pos),
                        }
                    } else {
                        let (key, key_span) = self.member_key()?;
                        stack.push(Frame::Object {
                            start,
                            first: members.len(),
                            key,
                            key_span,
                        });
                        continue;
                    }
                }
                Some(b'[') => {
                    let start = self.pos;
                    self.open_check(&stack)?;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Json {
                            kind: JsonKind::Array(&[]),
                            span: Span::new(start, self.pos),
                        }
                    } else {
                        stack.push(Frame::Array {
                            start,
                            first: items.len(),
                        });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach the finished value to its parent, closing as many containers as end here.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(done);
                };
                self.skip_whitespace();
                match frame {
                    Frame::Array { start, first } => {
                        items.push(done);
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b']') {
                                    self.pos = comma;
                                    return Err(self.error_here(
                                        "trailing comma before `]`",
                                        Some("remove the comma after the last item"),
                                    ));
                                }
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let first = *first;
                                stack.pop();
                                let kind =
                                    JsonKind::Array(self.arena.alloc_slice_copy(&items[first..]));
                                items.truncate(first);
                                done = Json { kind, span };
                            }
                            _ => {
                                let message = format!(
                                    "expected `,` or `]` after an array item, found {}",
                                    self.found()
                                );
                                return Err(self.error_here(
                                    &message,
                                    Some("separate array items with commas"),
                                ));
                            }
                        }
                    }
                    Frame::Object {
                        start,
                        first,
                        key,
                        key_span,
                    } => {
                        members.push(Member {
                            key,
                            key_span: *key_span,
                            value: done,
                        });
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() == Some(b'}') {
                                    self.pos = comma;
                                    return Err(self.error_here(
                                        "trailing comma before `}`",
                                        Some("remove the comma after the last member"),
                                    ));
                                }
                                let (next_key, next_span) = self.member_key()?;
                                *key = next_key;
                                *key_span = next_span;
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let first = *first;
                                stack.pop();
                                let kind = JsonKind::Object(
                                    self.arena.alloc_slice_copy(&members[first..]),
                                );
                                members.truncate(first);
                                done = Json { kind, span };
                            }
                            _ => {
                                let message = format!(
                                    "expected `,` or `}}` after an object member, found {}",
                                    self.found()
                                );
                                return Err(
                                    self.error_here(&message, Some("separate members with commas"))
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    fn open_check(&self, stack: &[Frame<'a>]) -> Result<(), Failure> {
        if stack.len() >= MAX_DEPTH {
            let message = format!("json is nested more than {MAX_DEPTH} levels deep");
            let mut e = self.error_here(
                &message,
                Some("policies never need this much nesting; check the brackets"),
            );
            e.code = Code::JSON_TOO_DEEP;
            return Err(e);
        }
        Ok(())
    }

    /// Reads `"key"` and the `:` after it.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn member_key(&mut self) -> Result<(&'a str, Span), Failure> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            let message = format!(
                "expected a member name in double quotes, found {}",
                self.found()
            );
            let help = if self.peek() == Some(b'\'') {
                Some("json strings use double quotes")
            } else {
                None
            };
            return Err(self.error_here(&message, help));
        }
        let start = self.pos;
        let key = self.string()?;
        let key_span = Span::new(start, self.pos);
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            let message = format!("expected `:` after the member name, found {}", self.found());
            return Err(self.error_here(&message, None));
        }
        self.pos += 1;
        Ok((key, key_span))
    }
}

#[cfg(test)]
mod tests;
