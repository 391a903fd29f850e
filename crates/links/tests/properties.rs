//! Property tests: no input makes detection panic; a join URL embedded in any
//! text with any punctuation around it is recovered exactly; unwrapping is
//! idempotent.

use meeting_tray_links::unwrap::unwrap;
use meeting_tray_links::{detect_in_body, Preferences};
use proptest::prelude::*;

/// Join URLs of several services with arbitrary (valid, already normalised) tails.
fn join_url() -> impl Strategy<Value = String> {
    let tail = "[A-Za-z0-9]{1,12}(/[A-Za-z0-9_~-]{1,10}){0,2}(\\?[a-z]{1,5}=[A-Za-z0-9_.~-]{0,12}[A-Za-z0-9](&[a-z]{1,5}=[A-Za-z0-9]{1,8}){0,2})?";
    (0..5usize, tail).prop_map(|(service, tail)| {
        let base = match service {
            0 => "https://us02web.zoom.us/j/8123456789",
            1 => "https://teams.microsoft.com/l/meetup-join/19%3ameeting_",
            2 => "https://acme.webex.com/meet/",
            3 => "https://whereby.com/",
            _ => "https://meet.jit.si/",
        };
        format!("{base}{tail}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_text(body in "\\PC{0,400}") {
        let _ = detect_in_body(&body, &Preferences::default());
    }

    #[test]
    fn never_panics_on_url_soup(body in "(https?://|sip:|tel:|<a href=\"|&amp;|&gt;|%[0-9A-F]{2}|[a-z.]{1,8}|[/?#=&;:()<>\"' ]){0,60}") {
        let _ = detect_in_body(&body, &Preferences::default());
    }

    #[test]
    fn embedded_url_is_recovered_exactly(
        url in join_url(),
        before in "[a-zA-Z ,.;:!?\\n]{0,30}",
        after in "[a-zA-Z ,.;:!?\\n]{0,30}",
        wrap in 0..6usize,
        trailing in "[.,;:!?]{0,3}",
    ) {
        let (open, close) = [("", ""), ("(", ")"), ("<", ">"), ("\"", "\""), ("&lt;", "&gt;"), ("[", "]")][wrap];
        // Separate the URL from the prose so it cannot run into a word.
        let body = format!("{before} {open}{url}{close}{trailing} {after}");
        let got = detect_in_body(&body, &Preferences::default()).best().map(|c| c.url.clone());
        prop_assert_eq!(got, Some(url));
    }

    #[test]
    fn unwrapping_is_idempotent(link in "\\PC{0,200}") {
        let once = unwrap(&link).url.into_owned();
        let twice = unwrap(&once).url.into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn wrapped_urls_unwrap_to_the_original(url in join_url(), region in "(nam|eur|gcc)[0-9]{2}", depth in 1..4usize) {
        let mut link = url.clone();
        for _ in 0..depth {
            let enc: String = url::form_urlencoded::byte_serialize(link.as_bytes()).collect();
            link = format!("https://{region}.safelinks.protection.outlook.com/?url={enc}&data=05%7C02&reserved=0");
        }
        prop_assert_eq!(unwrap(&link).url.into_owned(), url.clone());
        let got = detect_in_body(&format!("Join: {link}"), &Preferences::default()).best().map(|c| c.url.clone());
        prop_assert_eq!(got, Some(url));
    }
}
