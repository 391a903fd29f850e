//! The one-shot listener that catches the browser's redirect after sign-in
//! (reference §1.7): bound to 127.0.0.1 only, on a port the OS picks, it
//! answers the browser with a short page and hands the result over.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{timeout_at, Instant};

use super::error::AadError;

/// What came back from the browser.
#[derive(Debug)]
pub enum Callback {
    /// The authorization code (short-lived, single use).
    Code(String),
    Error(AadError),
}

#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("cannot listen on 127.0.0.1 for the sign-in reply: {0}")]
    Bind(#[source] std::io::Error),
    #[error("no answer from the browser within {} minutes. If the sign-in tab was closed, choose Connect again; if the sign-in page showed an error such as AADSTS700016 (unknown app) or AADSTS50011 (redirect URI), the app registration needs fixing (docs/CONNECT.md)", .0.as_secs().div_ceil(60))]
    TimedOut(Duration),
}

pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl std::fmt::Debug for Loopback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Loopback(127.0.0.1:{})", self.port)
    }
}

/// Longest request head read from the browser; a redirect with a code is ~2 KB.
const MAX_HEAD: usize = 16 * 1024;
/// A connection that sends nothing useful in this time is dropped.
const PER_CONNECTION: Duration = Duration::from_secs(5);

impl Loopback {
    pub async fn bind() -> Result<Loopback, LoopbackError> {
        // Never 0.0.0.0: nothing but this machine may answer the sign-in.
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(LoopbackError::Bind)?;
        let port = listener.local_addr().map_err(LoopbackError::Bind)?.port();
        Ok(Loopback { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URI to send: Entra ignores the port of a loopback URI
    /// registered as `http://localhost`.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Waits for the redirect carrying `state`. Requests without a result
    /// (a favicon) or with another state (an old tab, a forgery) get an error
    /// page and the wait goes on; the listener closes when this returns.
    pub async fn wait(self, state: &str, limit: Duration) -> Result<Callback, LoopbackError> {
        let deadline = Instant::now() + limit;
        loop {
            let Ok(accepted) = timeout_at(deadline, self.listener.accept()).await else {
                return Err(LoopbackError::TimedOut(limit));
            };
            let Ok((stream, _)) = accepted else { continue };
            if let Some(result) = handle(stream, state).await {
                return Ok(result);
            }
        }
    }
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    let deadline = Instant::now() + PER_CONNECTION;
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = timeout_at(deadline, stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 || buf.len() + n > MAX_HEAD {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

/// What one request from the browser says.
#[derive(Debug)]
pub enum Redirect {
    /// Neither a code nor an error: a favicon or another stray request.
    Nothing,
    /// A code or an error whose state is not this sign-in's (an older tab,
    /// a forgery): never used.
    WrongState,
    /// The sign-in's result, its state checked.
    Done(Callback),
}

/// The result in the request `head` (its first line `GET /?… HTTP/1.1`)
/// for the sign-in that sent `state`. Pure, so it can be fuzzed apart from
/// the socket.
pub fn parse_redirect(head: &str, state: &str) -> Redirect {
    let target = head
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("GET "))
        .and_then(|l| l.split(' ').next())
        .unwrap_or("");
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let (code, error) = (get("code"), get("error"));
    if code.is_none() && error.is_none() {
        return Redirect::Nothing;
    }
    if get("state").as_deref() != Some(state) {
        return Redirect::WrongState;
    }
    match error {
        // An error wins over a code sent beside it.
        Some(error) => Redirect::Done(Callback::Error(AadError {
            error,
            error_description: get("error_description"),
            error_subcode: get("error_subcode"),
            ..AadError::default()
        })),
        None => code.map_or(Redirect::Nothing, |c| Redirect::Done(Callback::Code(c))),
    }
}

async fn handle(mut stream: TcpStream, state: &str) -> Option<Callback> {
    let head = read_head(&mut stream).await?;
    match parse_redirect(&head, state) {
        Redirect::Nothing => {
            respond(&mut stream, 404, "Not found", "Nothing here.").await;
            None
        }
        Redirect::WrongState => {
            tracing::warn!("sign-in reply with a state that does not match this sign-in: ignored");
            respond(
                &mut stream,
                400,
                "This reply is not for Meeting Tray's current sign-in",
                "It may come from an older sign-in tab. Go back to Meeting Tray and choose Connect again if it is still waiting.",
            )
            .await;
            None
        }
        Redirect::Done(Callback::Error(e)) => {
            respond(
                &mut stream,
                200,
                "Meeting Tray is not connected",
                &format!(
                    "Sign-in did not finish: {}. Go back to Meeting Tray to see what to do.",
                    e.explain()
                ),
            )
            .await;
            Some(Callback::Error(e))
        }
        Redirect::Done(code) => {
            respond(
                &mut stream,
                200,
                "Meeting Tray received your sign-in",
                "You can close this tab and go back to Meeting Tray, which finishes connecting.",
            )
            .await;
            Some(code)
        }
    }
}

/// Text and attribute values in HTML we write (also the scheduling
/// keyword's block).
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn respond(stream: &mut TcpStream, status: u16, title: &str, text: &str) {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;color:#222}}</style>\
         </head><body><h1>{t}</h1><p>{x}</p></body></html>",
        t = escape(title),
        x = escape(text)
    );
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The browser may already be gone; the result is used either way.
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(port: u16, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn ignores_other_requests_and_wrong_state_then_takes_the_code() {
        let lb = Loopback::bind().await.unwrap();
        let port = lb.port();
        assert!(lb.redirect_uri().starts_with("http://localhost:"));
        let waiter = tokio::spawn(lb.wait("s1", Duration::from_secs(20)));
        assert!(get(port, "/favicon.ico").await.starts_with("HTTP/1.1 404"));
        let forged = get(port, "/?code=evil&state=other").await;
        assert!(forged.starts_with("HTTP/1.1 400"), "{forged}");
        let ok = get(port, "/?code=c0de&state=s1&session_state=x").await;
        assert!(ok.contains("You can close this tab"), "{ok}");
        match waiter.await.unwrap().unwrap() {
            Callback::Code(c) => assert_eq!(c, "c0de"),
            other => panic!("{other:?}"),
        }
        // One-shot: the port is closed now.
        assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
    }

    #[test]
    fn parse_redirect_takes_a_result_only_with_this_sign_ins_state() {
        let head = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let parse = |target: &str| parse_redirect(&head(target), "s1");
        assert!(matches!(parse("/favicon.ico"), Redirect::Nothing));
        assert!(matches!(parse("/?state=s1"), Redirect::Nothing));
        for forged in [
            "/?code=c&state=s2",
            "/?code=c",
            "/?code=c&state=",
            "/?code=c&state=s1x",
            // The first `state` counts, as the first `code` does.
            "/?code=c&state=other&state=s1",
            "/?error=access_denied&state=S1",
        ] {
            assert!(matches!(parse(forged), Redirect::WrongState), "{forged}");
        }
        assert!(matches!(
            parse("/?code=c%2B1&state=s1"),
            Redirect::Done(Callback::Code(c)) if c == "c+1"
        ));
        // An error beside a code is the result.
        assert!(matches!(
            parse("/?code=c&error=access_denied&state=s1"),
            Redirect::Done(Callback::Error(e)) if e.error == "access_denied"
        ));
        // Only a GET's target is read.
        assert!(matches!(
            parse_redirect("POST /?code=c&state=s1 HTTP/1.1\r\n\r\n", "s1"),
            Redirect::Nothing
        ));
    }

    #[tokio::test]
    async fn error_redirect_is_reported_and_timeout_says_what_to_do() {
        let lb = Loopback::bind().await.unwrap();
        let port = lb.port();
        let waiter = tokio::spawn(lb.wait("s", Duration::from_secs(20)));
        let page = get(port, "/?error=access_denied&error_subcode=cancel&error_description=AADSTS65004%3A+User+declined&state=s").await;
        assert!(page.contains("not connected"), "{page}");
        match waiter.await.unwrap().unwrap() {
            Callback::Error(e) => {
                assert_eq!(e.class(), crate::auth::error::ErrorClass::Cancelled)
            }
            other => panic!("{other:?}"),
        }
        let lb = Loopback::bind().await.unwrap();
        let e = lb.wait("s", Duration::from_millis(50)).await.unwrap_err();
        assert!(e.to_string().contains("Connect again"), "{e}");
    }
}
