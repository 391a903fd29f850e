"""The main window, driven in the real WebKit webview through WebDriver."""

from harness import app_binary, cargo_version, wait_for


def test_window_asks_for_the_app_registration_first_and_shows_about(webdriver):
    webdriver.start(app_binary(), ["--show"])
    assert webdriver.title() == "Meeting Tray"
    assert webdriver.text(webdriver.wait_find("#account-title")) == "Set up sign-in"
    assert webdriver.text(webdriver.find("#version")) == cargo_version()
    assert webdriver.text(webdriver.find("h1")) == "Meeting Tray"


def test_a_bad_client_id_is_refused_by_rust_with_what_to_fix(webdriver):
    webdriver.start(app_binary(), ["--show"])
    webdriver.wait_find("#client-id")
    webdriver.execute("document.querySelector('#client-id').value = 'my-app'")
    webdriver.click(webdriver.find("#save-account"))
    message = webdriver.find("#connect-message")
    text = wait_for("the save answer", lambda: (t := webdriver.text(message)) != "Saving…" and "GUID" in t and t)
    # The message comes from the core's settings check over IPC.
    assert "Application (client) ID" in text
    assert webdriver.text(webdriver.find("#account-title")) == "Set up sign-in"


def test_content_security_policy_blocks_inline_script(webdriver):
    webdriver.start(app_binary(), ["--show"])
    webdriver.wait_find("#account-title")
    ran = webdriver.execute(
        """
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.appendChild(s);
        return window.__injected === true;
        """
    )
    assert ran is False
