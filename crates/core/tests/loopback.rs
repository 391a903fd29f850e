//! The sign-in's loopback listener from outside (issue 10's security
//! checks): only this machine's loopback can reach it, and once the sign-in
//! reply arrived nothing listens any more, so a second callback (a replay, a
//! page that retries) lands nowhere.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::time::Duration;

use meeting_tray_core::auth::loopback::{Callback, Loopback};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An address of this machine that is not loopback: the one its route to
/// the outside would use (no packet is sent).
fn outside_address() -> IpAddr {
    let probe = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).unwrap();
    probe
        .connect(("192.0.2.1", 9))
        .expect("this test needs a network interface besides loopback");
    let ip = probe.local_addr().unwrap().ip();
    assert!(!ip.is_loopback() && !ip.is_unspecified(), "{ip}");
    ip
}

async fn get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect(addr).await?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .await?;
    let mut out = String::new();
    s.read_to_string(&mut out).await?;
    Ok(out)
}

#[tokio::test]
async fn only_loopback_reaches_the_listener() {
    let lb = Loopback::bind().await.unwrap();
    let port = lb.port();
    let outside = SocketAddr::new(outside_address(), port);
    let refused = TcpStream::connect(outside).await.unwrap_err();
    assert_eq!(
        refused.kind(),
        ErrorKind::ConnectionRefused,
        "{outside}: {refused}"
    );
    // The same port on loopback is the listener, and it takes the reply.
    let waiting = tokio::spawn(lb.wait("s1", Duration::from_secs(10)));
    let page = get(
        SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        "/?code=c1&state=s1",
    )
    .await
    .unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(matches!(waiting.await.unwrap().unwrap(), Callback::Code(c) if c == "c1"));
}

#[tokio::test]
async fn a_second_callback_finds_nothing_listening() {
    let lb = Loopback::bind().await.unwrap();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, lb.port()));
    let waiting = tokio::spawn(lb.wait("s2", Duration::from_secs(10)));
    get(addr, "/?code=first&state=s2").await.unwrap();
    let Callback::Code(code) = waiting.await.unwrap().unwrap() else {
        panic!("the first reply is the code");
    };
    assert_eq!(code, "first");
    let again = get(addr, "/?code=second&state=s2").await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::ConnectionRefused, "{again}");
}
