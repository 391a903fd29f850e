//! Finding URL-shaped runs in text or raw HTML, fast and without allocating:
//! one SIMD pass over the `:`s, a look at the bytes around each, then a short
//! walk to the end of the link.

/// Schemes of links without `//` (`sip:`, `tel:` …), lowercase; matched
/// case-insensitively on the bytes before a `:`.
const SCHEMES: [&[u8]; 5] = [b"msteams", b"sips", b"sip", b"tel", b"h323"];

/// Marker hits, in text order: (start, end, is `://`). One memchr pass over
/// `:` replaces a search per scheme; most `:` (CSS, times) fail the cheap test.
fn markers(bytes: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    memchr::memchr_iter(b':', bytes).filter_map(move |i| {
        if bytes.get(i + 1..i + 3) == Some(b"//") {
            return Some((i, i + 3, true));
        }
        // Every scheme ends in s, p, l or 3: most `:` (CSS, times) stop here.
        let last = *bytes.get(i.checked_sub(1)?)? | 0x20;
        if !matches!(last, b's' | b'p' | b'l' | b'3') {
            return None;
        }
        SCHEMES.iter().find_map(|s| {
            let start = i.checked_sub(s.len())?;
            bytes[start..i]
                .eq_ignore_ascii_case(s)
                .then_some((start, i + 1, false))
        })
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
const fn ends_url(b: u8) -> bool {
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

/// Per byte: 0 = part of a URL, 1 = ends it, 2 = look closer (`&`, 0xC2, 0xE3).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if ends_url(b as u8) {
            1
        } else if b == b'&' as usize || b == 0xC2 || b == 0xE3 {
            2
        } else {
            0
        };
        b += 1;
    }
    t
};

fn url_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match CLASS[bytes[i] as usize] {
            0 => {}
            1 => break,
            _ => {
                let b = bytes[i];
                // U+00A0 (no-break space) and U+3000 (ideographic space) end a URL too.
                let space = (b == 0xC2 && bytes.get(i + 1) == Some(&0xA0))
                    || (b == 0xE3 && bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]));
                let entity = b == b'&'
                    && ENTITY_ENDS.iter().any(|e| {
                        bytes.len() - i >= e.len()
                            && bytes[i..i + e.len()].eq_ignore_ascii_case(e.as_bytes())
                    });
                if space || entity {
                    break;
                }
            }
        }
        i += 1;
    }
    i
}

/// The host of a `scheme://host…` string, without parsing (for cheap filtering).
pub fn quick_host(link: &str) -> Option<&str> {
    // Byte search: `str::split_once` with a &str pattern runs a Two-Way searcher.
    let at = link.as_bytes().windows(3).position(|w| w == b"://")?;
    let rest = &link.as_bytes()[at + 3..];
    // One forward walk to the end of the authority, noting the last `@`: the
    // real host follows it (`user@host`).
    let mut host_start = 0;
    let mut end = rest.len();
    for (i, &b) in rest.iter().enumerate() {
        match b {
            b'/' | b'?' | b'#' | b':' | b'\\' => {
                end = i;
                break;
            }
            b'@' => host_start = i + 1,
            _ => {}
        }
    }
    // Both bounds sit next to ASCII bytes, so they are char boundaries.
    let base = at + 3;
    Some(&link[base + host_start..base + end])
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
    markers(bytes).filter_map(move |(m_start, m_end, web)| {
        if m_start < next_free {
            return None; // inside a run already returned (a nested or wrapped URL)
        }
        let start = if web {
            let mut s = m_start;
            while s > 0 && is_scheme_byte(bytes[s - 1]) {
                s -= 1;
            }
            // The scheme starts with a letter; skip leading digits/punctuation.
            while s < m_start && !bytes[s].is_ascii_alphabetic() {
                s += 1;
            }
            if s == m_start {
                return None;
            }
            s
        } else {
            // `sip:` inside `gossip:` or `tel:` inside `hotel:` is not a link.
            if m_start > 0 && is_scheme_byte(bytes[m_start - 1]) {
                return None;
            }
            m_start
        };
        let end = url_end(bytes, m_end);
        if end == m_end {
            return None;
        }
        let run = trim_trailing(&text[start..end]);
        if run.len() <= m_end - start {
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
