//! A Rust-shaped canister's transforms, `no_std`, with raw `ic0` imports and a hand-written Candid walker (no
//! crates: Debian's rustc 1.63 + libstd-rust-dev-wasm32 build it offline, see ../build.sh). Real ic-cdk canisters
//! are larger and report panics as `Panicked at ...`; this one keeps the same exports and System API use.
#![no_std]

use core::panic::PanicInfo;

#[link(wasm_import_module = "ic0")]
extern "C" {
    fn msg_arg_data_size() -> u32;
    fn msg_arg_data_copy(dst: u32, offset: u32, size: u32);
    fn msg_reply_data_append(src: u32, size: u32);
    fn msg_reply();
    fn msg_reject(src: u32, size: u32);
    fn trap(src: u32, size: u32) -> !;
}

const ARG_CAP: usize = 2 * 1024 * 1024 + 64 * 1024;
static mut ARG: [u8; ARG_CAP] = [0; ARG_CAP];
static mut OUT: [u8; ARG_CAP] = [0; ARG_CAP];

#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    fail("panicked")
}

fn fail(msg: &str) -> ! {
    unsafe { trap(msg.as_ptr() as u32, msg.len() as u32) }
}

/// The argument, copied into static memory.
fn arg() -> &'static [u8] {
    unsafe {
        let n = msg_arg_data_size() as usize;
        if n > ARG_CAP {
            fail("argument too large");
        }
        msg_arg_data_copy(ARG.as_ptr() as u32, 0, n as u32);
        &ARG[..n]
    }
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> u8 {
        if self.p >= self.b.len() {
            fail("truncated argument");
        }
        let x = self.b[self.p];
        self.p += 1;
        x
    }
    fn uleb(&mut self) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let x = self.byte();
            v |= ((x & 0x7f) as u64) << shift;
            shift += 7;
            if x & 0x80 == 0 {
                return v;
            }
        }
    }
    fn sleb(&mut self) -> i64 {
        let mut v = 0i64;
        let mut shift = 0;
        let mut x;
        loop {
            x = self.byte();
            v |= ((x & 0x7f) as i64) << shift;
            shift += 7;
            if x & 0x80 == 0 {
                break;
            }
        }
        if shift < 64 && x & 0x40 != 0 {
            v |= -1i64 << shift;
        }
        v
    }
    fn bytes(&mut self) -> &'a [u8] {
        let n = self.uleb() as usize;
        if self.p + n > self.b.len() {
            fail("truncated argument");
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        s
    }
}

/// The parts of TransformArgs: status, headers (raw value/name pairs), body, context. Assumes the replica's layout
/// (a record of context then response), so it skips the type table and reads the values in field-hash order.
struct Args<'a> {
    status: u64,
    body: &'a [u8],
    context: &'a [u8],
}

fn parse(b: &[u8]) -> Args {
    let mut r = Reader { b, p: 0 };
    if b.len() < 4 || &b[..4] != b"DIDL" {
        fail("not Candid");
    }
    r.p = 4;
    let types = r.uleb();
    for _ in 0..types {
        let op = r.sleb();
        if op == -18 || op == -19 {
            r.sleb();
        } else if op == -20 || op == -21 {
            let n = r.uleb();
            for _ in 0..n {
                r.uleb();
                r.sleb();
            }
        } else {
            fail("unexpected type");
        }
    }
    let args = r.uleb();
    for _ in 0..args {
        r.sleb();
    }
    let context = r.bytes();
    let status = r.uleb();
    let body = r.bytes();
    let headers = r.uleb();
    for _ in 0..headers {
        r.bytes();
        r.bytes();
    }
    Args { status, body, context }
}

/// Replies with http_request_result { status, headers = [], body } in the npm @dfinity/candid layout.
fn reply(status: u64, body: &[u8]) {
    const HEAD: [u8; 44] = [
        0x44, 0x49, 0x44, 0x4c, 0x04, 0x6d, 0x7b, 0x6c, 0x02, 0xf1, 0xfe, 0xe1, 0x8d, 0x03, 0x71, 0xcb, 0xe4, 0xfd, 0xc7,
        0x04, 0x71, 0x6d, 0x01, 0x6c, 0x03, 0xb2, 0xce, 0xef, 0x2f, 0x7d, 0xa2, 0xf5, 0xed, 0x88, 0x04, 0x00, 0xc6, 0xa4,
        0xa1, 0x98, 0x06, 0x02, 0x01, 0x03,
    ];
    unsafe {
        let mut n = 0;
        for &x in HEAD.iter() {
            OUT[n] = x;
            n += 1;
        }
        n = leb(n, status);
        n = leb(n, body.len() as u64);
        for &x in body.iter() {
            OUT[n] = x;
            n += 1;
        }
        OUT[n] = 0; // no headers
        n += 1;
        msg_reply_data_append(OUT.as_ptr() as u32, n as u32);
        msg_reply();
    }
}

unsafe fn leb(mut n: usize, mut v: u64) -> usize {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        OUT[n] = if v == 0 { b } else { b | 0x80 };
        n += 1;
        if v == 0 {
            return n;
        }
    }
}

#[export_name = "canister_query transform"]
pub extern "C" fn transform() {
    let a = parse(arg());
    reply(a.status, a.body);
}

#[export_name = "canister_query echo_context"]
pub extern "C" fn echo_context() {
    let a = parse(arg());
    reply(a.status, a.context);
}

/// Extracts the JSON field "price": the digits and dots after `"price":`, as the whole body (a scan, no JSON parser,
/// as the Motoko fixture's `price_only` does); rejects a body without it.
#[export_name = "canister_query price_only"]
pub extern "C" fn price_only() {
    let a = parse(arg());
    let key = b"\"price\":";
    let body = a.body;
    let mut i = 0;
    while i + key.len() <= body.len() && &body[i..i + key.len()] != key {
        i += 1;
    }
    if i + key.len() > body.len() {
        let msg = "no price in the body";
        unsafe { msg_reject(msg.as_ptr() as u32, msg.len() as u32) };
        return;
    }
    let start = i + key.len();
    let mut end = start;
    while end < body.len() && (body[end].is_ascii_digit() || body[end] == b'.') {
        end += 1;
    }
    reply(a.status, &body[start..end]);
}

#[export_name = "canister_query reject_non_200"]
pub extern "C" fn reject_non_200() {
    let a = parse(arg());
    if a.status != 200 {
        let msg = "upstream did not answer 200";
        unsafe { msg_reject(msg.as_ptr() as u32, msg.len() as u32) };
        return;
    }
    reply(a.status, a.body);
}

#[export_name = "canister_query explode"]
pub extern "C" fn explode() {
    fail("transform failed on purpose")
}

#[export_name = "canister_query spin"]
pub extern "C" fn spin() {
    let mut i: u64 = 0;
    loop {
        i = unsafe { core::ptr::read_volatile(&i) }.wrapping_add(1);
        if i == 0 {
            break;
        }
    }
    reply(200, &[]);
}
