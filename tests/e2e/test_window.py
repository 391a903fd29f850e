"""The main window, driven in the real WebKit webview through WebDriver."""

from harness import app_binary, cargo_version, wait_for


def test_window_shows_not_connected_state_and_about(webdriver):
    webdriver.start(app_binary(), ["--show"])
    assert webdriver.title() == "Meeting Tray"
    assert webdriver.text(webdriver.wait_find("#account-title")) == "Not connected"
    assert webdriver.text(webdriver.find("#version")) == cargo_version()
    assert webdriver.text(webdriver.find("h1")) == "Meeting Tray"


def test_connect_button_reaches_rust_and_shows_its_answer(webdriver):
    webdriver.start(app_binary(), ["--show"])
    button = webdriver.wait_find("#connect")
    assert webdriver.text(button) == "Connect your calendar"
    webdriver.click(button)
    message = webdriver.find("#connect-message")
    text = wait_for("the connect answer", lambda: (t := webdriver.text(message)) != "Connecting…" and t)
    # The message comes from src-tauri/src/commands.rs over IPC.
    assert text == "Connecting a Microsoft 365 calendar arrives in the next version of Meeting Tray."


def test_content_security_policy_blocks_inline_script(webdriver):
    webdriver.start(app_binary(), ["--show"])
    webdriver.wait_find("#connect")
    ran = webdriver.execute(
        """
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.appendChild(s);
        return window.__injected === true;
        """
    )
    assert ran is False
