//! Finding URL-shaped runs in text or raw HTML, fast and without allocating:
//! one multi-pattern search for scheme markers, then a short walk on each side.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Markers of the links we care about. `sips:` precedes `sip:` so it wins.
const MARKERS: [&str; 6] = ["://", "msteams:", "sips:", "sip:", "tel:", "h323:"];

fn finder() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(MARKERS)
            .unwrap_or_else(|_| unreachable!("the marker patterns are valid"))
    })
}

/// A URL-shaped run and where it starts in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    pub text: &'a str,
    pub start: usize,
}

fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'
}

/// Bytes that end a URL in prose, HTML attributes and Outlook's `<…>` plain text.
fn ends_url(b: u8) -> bool {
    b <= b' '
        || matches!(
            b,
            b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'\'' | 0x7f
        )
}

/// HTML entities that stand for a terminator (`&gt;` closes `&lt;https://…&gt;`).
const ENTITY_ENDS: [&str; 9] = [
    "&gt;", "&lt;", "&quot;", "&#39;", "&#34;", "&nbsp;", "&#160;", "&apos;", "&#62;",
];

fn url_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if ends_url(b) {
            break;
        }
        // U+00A0 (no-break space) and U+3000 (ideographic space) end a URL too.
        if (b == 0xC2 && bytes.get(i + 1) == Some(&0xA0))
            || (b == 0xE3 && bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]))
        {
            break;
        }
        if b == b'&'
            && ENTITY_ENDS.iter().any(|e| {
                bytes[i..].len() >= e.len()
                    && bytes[i..i + e.len()].eq_ignore_ascii_case(e.as_bytes())
            })
        {
            break;
        }
        i += 1;
    }
    i
}

/// Drops trailing punctuation that belongs to the prose: `.,;:!?*` and closing
/// brackets or quotes that have no opening partner inside the URL.
pub fn trim_trailing(url: &str) -> &str {
    let mut s = url;
    loop {
        let Some(last) = s.as_bytes().last().copied() else {
            return s;
        };
        let drop = match last {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*' => true,
            b')' => s.matches('(').count() < s.matches(')').count(),
            b']' => s.matches('[').count() < s.matches(']').count(),
            _ => false,
        };
        if !drop {
            return s;
        }
        s = &s[..s.len() - 1];
    }
}

/// Every URL-shaped run in `text`, in order; runs never overlap.
pub fn urls(text: &str) -> impl Iterator<Item = Found<'_>> + '_ {
    let bytes = text.as_bytes();
    let mut next_free = 0usize;
    finder().find_iter(text).filter_map(move |m| {
        if m.start() < next_free {
            return None; // inside a run already returned (a nested or wrapped URL)
        }
        let marker = &MARKERS[m.pattern().as_usize()];
        let (start, body_from) = if *marker == "://" {
            let mut s = m.start();
            while s > 0 && is_scheme_byte(bytes[s - 1]) {
                s -= 1;
            }
            // The scheme starts with a letter; skip leading digits/punctuation.
            while s < m.start() && !bytes[s].is_ascii_alphabetic() {
                s += 1;
            }
            if s == m.start() {
                return None;
            }
            (s, m.end())
        } else {
            // `sip:` inside `gossip:` or `tel:` inside `hotel:` is not a link.
            if m.start() > 0 && is_scheme_byte(bytes[m.start() - 1]) {
                return None;
            }
            (m.start(), m.end())
        };
        let end = url_end(bytes, body_from);
        if end == body_from {
            return None;
        }
        let run = trim_trailing(&text[start..end]);
        if run.len() <= m.end() - start {
            return None;
        }
        next_free = start + run.len();
        Some(Found { text: run, start })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        urls(text).map(|f| f.text).collect()
    }

    #[test]
    fn finds_urls_in_prose_and_trims_punctuation() {
        assert_eq!(
            all("Join: https://zoom.us/j/123?pwd=ab.1."),
            ["https://zoom.us/j/123?pwd=ab.1"]
        );
        assert_eq!(
            all("(see https://meet.google.com/abc-defg-hij), thanks"),
            ["https://meet.google.com/abc-defg-hij"]
        );
        assert_eq!(
            all("<https://acme.webex.com/acme/j.php?MTID=m1>"),
            ["https://acme.webex.com/acme/j.php?MTID=m1"]
        );
        assert_eq!(
            all("&lt;https://acme.webex.com/acme/j.php?MTID=m1&gt;"),
            ["https://acme.webex.com/acme/j.php?MTID=m1"]
        );
        assert_eq!(
            all("https://en.wikipedia.org/wiki/Foo_(bar) end"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            all("a href=\"https://x.example/a?b=1&amp;c=2\">"),
            ["https://x.example/a?b=1&amp;c=2"]
        );
    }

    #[test]
    fn finds_sip_and_tel_but_not_inside_words() {
        assert_eq!(
            all("Video: sip:123456@acme.webex.com; phone tel:+15550100000,,123#"),
            ["sip:123456@acme.webex.com", "tel:+15550100000,,123#"]
        );
        assert!(all("our hotel:lobby and gossip:x").is_empty());
        assert_eq!(all("SIPS:room@vc.example"), ["SIPS:room@vc.example"]);
    }

    #[test]
    fn a_wrapped_url_is_one_run() {
        let t = "https://urldefense.com/v3/__https://zoom.us/j/1__;!!x$ next";
        assert_eq!(
            all(t),
            ["https://urldefense.com/v3/__https://zoom.us/j/1__;!!x$"]
        );
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in [
            "://",
            "x://",
            "1://a",
            "é://ü",
            "https://",
            "tel:",
            "\u{a0}https://a.b\u{a0}",
            "https://a.b\u{3000}c",
        ] {
            let _ = all(t);
        }
        assert_eq!(all("https://a.example\u{a0}next"), ["https://a.example"]);
    }
}
