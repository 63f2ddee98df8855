//! The secrets of a connection in every form a server could echo them in, and their removal from
//! text on its way out of the process.
//!
//! A token endpoint behind a wrong `login_url`, or a proxy, may echo the token request in its
//! error. The secret then comes back form-encoded (`~` as `%7E`, a space as `+`), percent-encoded
//! with either case of hex, JSON-escaped (`\"`, `\/`, `\u00e9`, or escaped twice when a JSON body
//! is quoted in another), HTML-escaped, or inside a base64 blob such as `client_id:secret` basic
//! auth. Each character of a secret is matched in any of these encodings, so that mixtures
//! (form-encoding inside a JSON string) are caught too.
//!
//! The client keeps response bodies exactly as received, because redacting them before parsing
//! corrupts what is parsed (a one-letter secret broke every token answer). Redaction is applied
//! where text leaves the process instead: the envelope's error, exception and log
//! (`dispatch::run_step`), stderr and `body.log` (`logging`), and so the http answers built from
//! the envelope. A step's output is parsed data and is left alone.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

/// What replaces a secret. Text is redacted once, on its way out: a mark redacted again would
/// be mangled by a secret made of its letters, and skipping marks could hide a secret that
/// overlaps one.
pub const MARK: &str = "[redacted]";

/// Base64 runs shorter than this are not redacted: they carry less than three bytes of a secret
/// and would turn up in any base64 text.
const MIN_BASE64_RUN: usize = 4;

/// Tokens redacted: the current one and those it replaced, which answers to requests sent with
/// them may still quote.
const TOKENS_KEPT: usize = 4;

/// The secrets of one client, shared by its clones and by the steps that use it.
#[derive(Clone, Default)]
pub struct Redactor {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The secret, then the base64 runs that only the secret decides.
    fixed: Vec<Vec<char>>,
    tokens: Mutex<VecDeque<Vec<char>>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor([redacted])")
    }
}

impl Redactor {
    /// The forms of `secret`, computed once.
    pub fn new(secret: &str) -> Redactor {
        let mut fixed = Vec::new();
        if !secret.is_empty() {
            fixed.push(secret.chars().collect());
            for run in base64_runs(secret.as_bytes()) {
                let run: Vec<char> = run.chars().collect();
                if !fixed.contains(&run) {
                    fixed.push(run);
                }
            }
        }
        Redactor {
            inner: Arc::new(Inner {
                fixed,
                tokens: Mutex::new(VecDeque::new()),
            }),
        }
    }

    /// Adds an access token; the oldest of more than [`TOKENS_KEPT`] is forgotten.
    pub fn add_token(&self, token: &str) {
        if token.is_empty() {
            return;
        }
        let token: Vec<char> = token.chars().collect();
        let mut tokens = self.tokens();
        if tokens.contains(&token) {
            return;
        }
        if tokens.len() == TOKENS_KEPT {
            tokens.pop_front();
        }
        tokens.push_back(token);
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, VecDeque<Vec<char>>> {
        // A panic while holding the lock leaves a usable list behind.
        self.inner
            .tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `text` with every form of every secret replaced by [`MARK`].
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut spans = Vec::new();
        for pattern in &self.inner.fixed {
            find(pattern, text.as_bytes(), &mut spans);
        }
        for pattern in self.tokens().iter() {
            find(pattern, text.as_bytes(), &mut spans);
        }
        if spans.is_empty() {
            return Cow::Borrowed(text);
        }
        spans.sort_unstable();
        // Overlapping and adjacent spans get one mark.
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (start, end) in merged {
            out.push_str(&text[copied..start]);
            out.push_str(MARK);
            copied = end;
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

/// The base64 text that only `secret` decides, wherever it sits in a blob (its offset modulo 3),
/// in the standard and the URL-safe alphabet. The characters that also depend on the bytes
/// around the secret are left out, so a run is found whatever surrounds it.
fn base64_runs(secret: &[u8]) -> Vec<String> {
    let mut runs = Vec::new();
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for phase in 0..3 {
            let mut blob = vec![0u8; phase];
            blob.extend_from_slice(secret);
            let encoded = engine.encode(&blob);
            // Character i of the encoding holds bits 6i..6i+6; the secret holds bits
            // 8*phase..8*(phase+len).
            let start = (8 * phase).div_ceil(6);
            let end = 8 * (phase + secret.len()) / 6;
            if end >= start + MIN_BASE64_RUN {
                runs.push(encoded[start..end].to_owned());
            }
        }
    }
    runs
}

/// Adds the (start, end) byte spans where `pattern` occurs in `text`, leftmost and longest first.
fn find(pattern: &[char], text: &[u8], spans: &mut Vec<(usize, usize)>) {
    let Some(&first) = pattern.first() else {
        return;
    };
    let mut first_raw = [0u8; 4];
    let first_raw = first.encode_utf8(&mut first_raw).as_bytes()[0];
    let (mut current, mut next) = (Vec::new(), Vec::new());
    let mut pos = 0;
    while pos < text.len() {
        let byte = text[pos];
        let could_start = byte == first_raw
            || matches!(byte, b'%' | b'\\' | b'&')
            || (byte == b'+' && first == ' ');
        if could_start {
            current.clear();
            current.push(pos);
            for &c in pattern {
                next.clear();
                for &at in &current {
                    encodings_at(c, text, at, &mut next);
                }
                next.sort_unstable();
                next.dedup();
                std::mem::swap(&mut current, &mut next);
                if current.is_empty() {
                    break;
                }
            }
            if let Some(&end) = current.last() {
                spans.push((pos, end));
                pos = end;
                continue;
            }
        }
        pos += 1;
    }
}

/// Adds the end of each encoding of `c` that starts at `at` in `text`.
fn encodings_at(c: char, text: &[u8], at: usize, ends: &mut Vec<usize>) {
    let rest = &text[at..];
    let mut utf8 = [0u8; 4];
    let utf8 = c.encode_utf8(&mut utf8).as_bytes();
    if rest.starts_with(utf8) {
        ends.push(at + utf8.len());
    }
    if c == ' ' && rest.first() == Some(&b'+') {
        ends.push(at + 1);
    }
    if let Some(len) = percent_encoded(utf8, rest) {
        ends.push(at + len);
    }
    // Once JSON-escaped, and escaped again when a JSON body is quoted inside another.
    for backslash in [&b"\\"[..], &b"\\\\"[..]] {
        if let Some(len) = json_escaped(c, backslash, rest) {
            ends.push(at + len);
        }
    }
    if let Some(len) = html_escaped(c, rest) {
        ends.push(at + len);
    }
}

/// `%XX` for each byte of the character, hex in either case.
fn percent_encoded(utf8: &[u8], rest: &[u8]) -> Option<usize> {
    for (i, &byte) in utf8.iter().enumerate() {
        let triplet = rest.get(3 * i..3 * i + 3)?;
        if triplet[0] != b'%' || hex(&triplet[1..])? != u32::from(byte) {
            return None;
        }
    }
    Some(3 * utf8.len())
}

/// A JSON string escape of `c` whose backslashes are written as `backslash`: `\"`, `\\`, `\/`,
/// `\n`…, or `\uXXXX` (two of them for a character outside the BMP).
fn json_escaped(c: char, backslash: &[u8], rest: &[u8]) -> Option<usize> {
    let after = rest.strip_prefix(backslash)?;
    let short = match c {
        '"' => Some(b'"'),
        '\\' => Some(b'\\'),
        '/' => Some(b'/'),
        '\u{8}' => Some(b'b'),
        '\u{c}' => Some(b'f'),
        '\n' => Some(b'n'),
        '\r' => Some(b'r'),
        '\t' => Some(b't'),
        _ => None,
    };
    if let Some(short) = short {
        // Escaped twice, `\"` and `\\` become `\\\"` and `\\\\`: the second character is
        // escaped too.
        let second: &[u8] = if backslash.len() > 1 && matches!(short, b'"' | b'\\') {
            &[b'\\', short]
        } else {
            std::slice::from_ref(&short)
        };
        if after.starts_with(second) {
            return Some(backslash.len() + second.len());
        }
    }
    let mut units = [0u16; 2];
    let mut len = 0;
    for (i, &unit) in c.encode_utf16(&mut units).iter().enumerate() {
        let escape = if i == 0 {
            after
        } else {
            rest.get(len..)?.strip_prefix(backslash)?
        };
        let digits = escape.strip_prefix(b"u")?.get(..4)?;
        if hex(digits)? != u32::from(unit) {
            return None;
        }
        len += backslash.len() + 5;
    }
    Some(len)
}

/// `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`, or a numeric reference `&#NN;` / `&#xHH;`.
fn html_escaped(c: char, rest: &[u8]) -> Option<usize> {
    let after = rest.strip_prefix(b"&")?;
    let named: &[u8] = match c {
        '"' => b"quot;",
        '&' => b"amp;",
        '<' => b"lt;",
        '>' => b"gt;",
        '\'' => b"apos;",
        _ => b"",
    };
    if !named.is_empty() && after.starts_with(named) {
        return Some(1 + named.len());
    }
    let number = after.strip_prefix(b"#")?;
    let end = number.iter().position(|&b| b == b';')?;
    let digits = &number[..end];
    let value = match digits.first() {
        Some(b'x' | b'X') => hex(&digits[1..])?,
        _ => std::str::from_utf8(digits).ok()?.parse().ok()?,
    };
    (value == u32::from(c)).then_some(2 + end + 1)
}

/// The value of 1 to 8 hex digits, in either case.
fn hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    digits.iter().try_fold(0u32, |value, &digit| {
        Some(value << 4 | char::from(digit).to_digit(16)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(secret: &str, text: &str) -> String {
        Redactor::new(secret).redact(text).into_owned()
    }

    #[test]
    fn every_encoding_of_a_secret_is_redacted() {
        let secret = "a~b!c*d'e(f)g+h/i=j%k\"l\\m n\u{e9}o\u{1F600}p";
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let rfc3986 =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let json = serde_json::to_string(secret).unwrap();
        let json_ascii = crate::pyjson::compact(&serde_json::Value::from(secret));
        let json_twice = serde_json::to_string(&json).unwrap();
        let html = secret
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        let forms = [
            secret.to_owned(),
            form.clone(),
            form.to_ascii_lowercase(),
            rfc3986.clone(),
            rfc3986.to_ascii_lowercase(),
            json[1..json.len() - 1].to_owned(),
            json_ascii[1..json_ascii.len() - 1].to_owned(),
            json_ascii[1..json_ascii.len() - 1].replace('/', "\\/"),
            // Quoted in another JSON string: without the escaped quotes of the inner one.
            json_twice[3..json_twice.len() - 3].to_owned(),
            html,
        ];
        for form in forms {
            let text = format!("client_id=app&client_secret={form}&scope=x");
            assert_eq!(
                redacted(secret, &text),
                "client_id=app&client_secret=[redacted]&scope=x",
                "{form}"
            );
        }
    }

    #[test]
    fn lower_case_hex_is_only_accepted_in_escapes() {
        // `%7e` is `~`, but a raw letter of the secret stays case-sensitive.
        assert_eq!(redacted("a~B", "x a%7eB y"), "x [redacted] y");
        assert_eq!(redacted("a~B", "x a~b y"), "x a~b y");
        assert_eq!(redacted("\u{e9}t\u{e9}", "\\u00E9t\\u00e9"), MARK);
    }

    #[test]
    fn a_secret_in_a_base64_blob_is_redacted_at_any_offset() {
        let secret = "Sup3r~S3cret/Value+1";
        for prefix in ["", "a", "ab", "11111111-2222-3333-4444-555555555555:"] {
            let blob = format!("{prefix}{secret}");
            // Only the characters that also hold bits of the neighbours are left.
            let start = (8 * prefix.len()).div_ceil(6);
            let end = 8 * blob.len() / 6;
            for encoded in [
                base64::engine::general_purpose::STANDARD.encode(&blob),
                URL_SAFE_NO_PAD.encode(&blob),
            ] {
                assert_eq!(
                    redacted(secret, &format!("Basic {encoded}")),
                    format!("Basic {}{MARK}{}", &encoded[..start], &encoded[end..]),
                );
            }
        }
    }

    #[test]
    fn a_one_letter_secret_redacts_the_letter_and_nothing_else() {
        let redactor = Redactor::new("e");
        assert_eq!(
            redactor.redact("the key %65 \\u0065 YQ== eeee"),
            "th[redacted] k[redacted]y [redacted] [redacted] YQ== [redacted]"
        );
    }

    #[test]
    fn a_secret_that_overlaps_a_mark_is_still_redacted() {
        assert_eq!(redacted("[redacted]x", "a [redacted]x b"), "a [redacted] b");
        assert_eq!(redacted("acted]x", "a [redacted]x b"), "a [red[redacted] b");
    }

    #[test]
    fn tokens_are_redacted_once_added_and_the_oldest_are_forgotten() {
        let redactor = Redactor::new("secret-value");
        assert_eq!(redactor.redact("Bearer eyJ0.tok1"), "Bearer eyJ0.tok1");
        for n in 1..=5 {
            redactor.add_token(&format!("eyJ0.tok{n}"));
        }
        assert_eq!(
            redactor.redact("eyJ0.tok1 eyJ0.tok2 eyJ0.tok5"),
            "eyJ0.tok1 [redacted] [redacted]"
        );
        assert_eq!(format!("{redactor:?}"), "Redactor([redacted])");
    }

    #[test]
    fn text_without_a_secret_is_returned_as_it_is() {
        let redactor = Redactor::new("Sup3r~S3cret");
        let text = "100% \\u0041 &amp; &#x; &#99999999999; %zz \\ %";
        assert!(matches!(redactor.redact(text), Cow::Borrowed(t) if t == text));
        assert!(matches!(
            Redactor::default().redact("x"),
            Cow::Borrowed("x")
        ));
    }
}
