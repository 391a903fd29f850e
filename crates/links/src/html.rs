//! Just enough HTML for invitations: anchors' `href` and `originalsrc` values
//! and entity decoding. Invitation HTML is never rendered, only read as text.

use std::borrow::Cow;

/// Decodes the entities URLs carry in HTML (`&amp;`, `&#58;`, `&#x3a;` …).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let semi = tail.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| {
            let name = &tail[1..i];
            let ch = match name {
                "amp" | "AMP" => Some('&'),
                "lt" | "LT" => Some('<'),
                "gt" | "GT" => Some('>'),
                "quot" | "QUOT" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((ch, i + 1))
        });
        match decoded {
            Some((ch, used)) => {
                out.push(ch);
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One `<a>` tag's link attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Anchor<'a> {
    pub href: Option<&'a str>,
    /// Safe Links keeps the original target here (reference §8.1): prefer it.
    pub originalsrc: Option<&'a str>,
}

/// Case-insensitive search for an ASCII needle, without allocating: SIMD search
/// for the first byte in either case, then a comparison.
fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= hay.len() {
        let i = at
            + memchr::memchr2(
                first.to_ascii_lowercase(),
                first.to_ascii_uppercase(),
                &hay[at..],
            )?;
        if i + needle.len() <= hay.len() && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(at) = find_ci(bytes, name.as_bytes(), from) {
        from = at + name.len();
        // A whole attribute name: preceded by whitespace, followed by `=`.
        let before_ok = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let after = tag[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let v = after[1..].trim_start();
        let v_off = tag.len() - v.len();
        return match v.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => {
                let end = v[1..].find(*q as char)?;
                Some(&tag[v_off + 1..v_off + 1 + end])
            }
            Some(_) => {
                let end = v
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(v.len());
                Some(&tag[v_off..v_off + end])
            }
            None => None,
        };
    }
    None
}

/// Every `<a …>` tag's `href` / `originalsrc`, in document order.
pub fn anchors(html: &str) -> impl Iterator<Item = Anchor<'_>> + '_ {
    let bytes = html.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memchr(b'<', &bytes[pos..]) {
            let start = pos + i;
            pos = start + 1;
            let is_anchor = matches!(bytes.get(start + 1), Some(b'a' | b'A'))
                && bytes
                    .get(start + 2)
                    .is_some_and(|b| b.is_ascii_whitespace());
            if !is_anchor {
                continue;
            }
            let end = memchr::memchr(b'>', &bytes[start..])
                .map(|e| start + e)
                .unwrap_or(bytes.len());
            let tag = &html[start..end];
            pos = end;
            return Some(Anchor {
                href: attr(tag, "href"),
                originalsrc: attr(tag, "originalsrc"),
            });
        }
        None
    })
}

/// Whether a body looks like HTML rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    // Bytes, not a str slice: 2048 may fall inside a multi-byte character.
    let head = &s.as_bytes()[..s.len().min(2048)];
    // The first tags decide: a body that is HTML starts with its tags.
    memchr::memchr_iter(b'<', head).take(16).any(|i| {
        let rest = &head[i + 1..];
        [
            "html", "body", "div", "p>", "a ", "br", "head", "meta", "!doctype", "table", "span",
        ]
        .iter()
        .any(|t| rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities() {
        assert_eq!(decode_entities("a&amp;b&#58;c&#x2F;d&lt;"), "a&b:c/d<");
        assert_eq!(decode_entities("no entities"), "no entities");
        assert_eq!(decode_entities("&bogus; & &#xZZ;"), "&bogus; & &#xZZ;");
    }

    #[test]
    fn reads_anchor_attributes() {
        let html = r#"<p><a class="x" href="https://nam12.safelinks.protection.outlook.com/?url=a" originalsrc="https://zoom.us/j/1" shash="z">Join</a> <A HREF='https://b.example'>b</A> <abbr title="x">y</abbr> <a href=https://c.example>c</a></p>"#;
        let got: Vec<Anchor<'_>> = anchors(html).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].originalsrc, Some("https://zoom.us/j/1"));
        assert_eq!(
            got[0].href,
            Some("https://nam12.safelinks.protection.outlook.com/?url=a")
        );
        assert_eq!(got[1].href, Some("https://b.example"));
        assert_eq!(got[2].href, Some("https://c.example"));
    }

    #[test]
    fn html_or_text() {
        assert!(looks_like_html("<html><body>x</body></html>"));
        assert!(looks_like_html("\r\n<div>Hi</div>"));
        assert!(!looks_like_html("Join: <https://zoom.us/j/1>"));
        // A multi-byte character across byte 2048 must not panic.
        let long = format!("{}é{}", "a".repeat(2047), "b".repeat(10));
        assert!(!looks_like_html(&long));
    }

    #[test]
    fn data_href_is_not_href() {
        let got: Vec<Anchor<'_>> =
            anchors(r#"<a data-href="https://x.example" href="https://y.example">"#).collect();
        assert_eq!(got[0].href, Some("https://y.example"));
    }
}
