# Strings of the tray, notifications and other text the Rust side shows.
# Every id here exists in cs/ and de/ too (checked by a test).

## Date formats (chrono strftime; day and month names come in this language)
format-day = %a %-d %b
format-day-time = %a %H:%M
format-date-time = %a %-d %b %H:%M

## Relative times
when-now = now
when-in-minutes = in { $n } min
when-in-hours = in { $h } h
when-in-hours-minutes = in { $h } h { $m } min
when-in-days = { $n ->
    [one] in { $n } day
   *[other] in { $n } days
}
when-running = now, { $n } min left
when-ended = ended

## Tray menu
tray-join-next = Join “{ $subject }” ({ $when })
tray-today = Today — { $date }
tray-tomorrow = Tomorrow — { $date }
tray-no-more-today = No more meetings today
tray-no-meetings = No meetings
tray-all-day = All day
tray-no-link = no link
tray-join-with = Join with { $service }
tray-copy-link = Copy join link
tray-show-details = Show details
tray-meeting-actions = Meeting actions
tray-refresh = Refresh
tray-open = Open Meeting Tray
tray-settings = Settings…
tray-test-notification = Send a test notification
tray-start-meeting = Start a meeting now
tray-schedule = Schedule a meeting…
tray-automatic-replies = Automatic replies…
quick-meeting-subject = Quick meeting
quick-meeting-started = Meeting started
quick-meeting-share = Share this link with the others: { $url }
quick-meeting-failed = The meeting could not be created: { $error }
quick-meeting-no-source = Set where join details come from first (Settings, Meetings you make).
tray-quit = Quit
tray-offline = Offline — calendar as of { $time }
tray-sync-failed = Not updated — calendar as of { $time }; open for details
tray-free-until = Free until { $time }
tray-free-rest = Free for the rest of today
tray-busy-until = Busy until { $time }
tray-tentative-until = Tentative until { $time }
tray-oof-until = Out of office until { $time }
tray-elsewhere-until = Working elsewhere until { $time }
tray-out-of-office-until = Out of office until { $date }
tray-out-of-office = Out of office (automatic replies on)
tray-title-now = { $subject } now
tray-title-soon = { $subject } { $when }
rsvp-accept = Accept
rsvp-tentative = Tentative
rsvp-decline = Decline

## Account line
account-not-connected = Not connected — Connect your calendar…
account-connected = Connected as { $user }
account-your-account = your account
account-reconnect-by = Reconnect by { $date } — Reconnect…
account-reconnect-needed = Reconnect your calendar…
account-attention = Calendar needs attention — Open…

## Meeting alerts (notifications)
alert-starts-in = Starts in { $n } min
alert-starting-now = Starting now
alert-started-ago = Started { $n } min ago
alert-organizer = Organizer: { $name }
alert-join = Join
alert-snooze = Snooze 1 min
alert-show = Show
notice-joining-in-browser = Joining in the browser
notice-nothing-to-join = No meeting to join now: none is running or starts within 15 minutes.

## Command line (human output of `meeting-tray` subcommands; `--json` never uses these)
cli-format-heading = %A %-d %B
cli-no-cache = No calendar data yet: connect (`meeting-tray connect`), then run `meeting-tray sync` or start Meeting Tray.
cli-stale = as of { $time } ({ $n } min ago) — run `meeting-tray sync` or start Meeting Tray
cli-out-of-office = Automatic replies are on (out of office).
cli-no-meetings = No meetings.
cli-all-day = all day
cli-ended = (ended)
cli-now = (now)
cli-free-until = Free until { $time }.
cli-free-rest = Free for the rest of the synced calendar.
cli-no-more-meetings = No more meetings.
cli-bar-not-synced = Not synced
cli-bar-no-meetings = No meetings
cli-next = { $subject } { $when }
cli-next-with = { $subject } { $when } ({ $service })
cli-joining = Joining "{ $subject }" with { $service }: { $url }
cli-synced = { $full ->
        [yes] Synced (full round)
       *[no] Synced
    }: { $added } added, { $changed } changed, { $removed } removed; { $meetings ->
        [one] { $meetings } meeting
       *[other] { $meetings } meetings
    } kept ({ $requests ->
        [one] { $requests } request
       *[other] { $requests } requests
    }, { $kb } KB).
cli-detect-none = no join link found
cli-paths-settings = settings
cli-paths-logs = logs
cli-paths-data = data
cli-connect-open = Open this address in a browser to sign in:
cli-connect-browser = Signing in through your browser. If it did not open, go to:
cli-connected = Connected as { $user } ({ $name }).
cli-no-display-name = no display name
cli-not-configured = Not connected: { $problem }.
cli-not-connected = Not connected. Run `meeting-tray connect` to connect your calendar.
cli-status-account = Account
cli-status-state = State
cli-status-cloud = Cloud
cli-status-signed-in = Signed in
cli-status-reconnect-by = Reconnect by
cli-status-last-refresh = Last refresh
cli-status-last-sync = Last sync
cli-status-problem = Problem
cli-state-connected = connected
cli-state-reconnect-soon = reconnect soon
cli-state-reconnect-needed = reconnect needed
cli-state-attention = attention
cli-disconnected = Disconnected: the tokens and the calendar cache were removed.
cli-checks-failed = { $failed } of { $total } checks failed
cli-error-no-meeting = no meeting to join now or next in the cached calendar
cli-error-unknown-id = no meeting with the id "{ $id }" in the cached calendar (see `meeting-tray agenda --json`)
cli-error-no-link = "{ $subject }" has no join link
cli-error-unsafe = the join link of "{ $subject }" is not safe to open: { $reason }
cli-error-unreadable = cannot read { $what }: { $reason }
cli-standard-input = standard input
cli-caused-by = caused by

## Settings refused, and what the app says back to the windows

setting-lead-count = Choose one to three alert times.
setting-lead-range = Alert times are 0 to 120 minutes before the start.
setting-lead-once = Each alert time may be chosen once.
setting-escalate-range = Repeat alerts every 1 to 60 minutes, or not at all.
setting-language = The language is en, cs or de, or automatic.
setting-hide-titles = Hide at most 50 titles of up to 100 characters each.
setting-open-in-unknown = "{ $value }" is not a service with its own app.
setting-shortcut = The join shortcut is a key with modifiers, such as Ctrl+Alt+J.
setting-service-unknown = "{ $value }" is not a known meeting service.
setting-service-once = Each preferred service may be listed once.
setting-custom-count = Add at most 20 meeting links of your own.
setting-custom-name = Each meeting link of your own needs a name of up to 40 characters.
setting-custom-host = "{ $value }" is not a host name of your own such as meet.example.com (a shared suffix such as co.uk or github.io matches anyone's sites).
setting-custom-path = Leave the path prefix empty or start it with / (up to 100 characters).
setting-quick-minutes = A quick meeting lasts 5 to 480 minutes.
setting-keyword = "{ $value }" is not a keyword: an @ and 1 to 30 letters or digits, such as @meet.
setting-keyword-count = Add at most 10 more keywords.
setting-keyword-once = Each keyword may be used once.
setting-meeting-source = "{ $value }" is not an https:// meeting link; copy your room's link from the service.
setting-meeting-service = Name the service of your meeting room (up to 40 characters), such as Zoom.
setting-reauth-range = Ask to sign in again after 1 to { $max } days, or never.
setting-reauth-past = You signed in { $days } days ago, so that period is already over: choose a longer one or Never, or reconnect first.
settings-autostart-failed = Starting at login could not be changed ({ $error }); nothing was saved.
settings-save-failed = The settings could not be saved to { $path }: { $error }
shortcut-invalid = "{ $value }" is not a shortcut; write it like Ctrl+Alt+J.
shortcut-needs-modifier = "{ $value }" needs Ctrl, Alt or Super, or it would catch ordinary typing.
shortcut-reserved = "{ $value }" is a shortcut everyone uses (copy, paste, close, switch windows …); choose another, such as Ctrl+Alt+J.
shortcut-unavailable = Global shortcuts are not available: { $error }
shortcut-taken = The shortcut could not be registered ({ $error }); another app may use it.
join-gone = This alert is no longer current: the meeting moved, ended or was answered.
join-no-such-link = This meeting has no such join link.
snooze-range = Snooze for 1 minute to 24 hours.
snooze-started = The meeting has already started.
rsvp-failed = The answer was not sent: { $error }
clipboard-failed = The clipboard refused the link: { $error }
sign-in-no-browser = { $error }. Set a default browser, or name one in MEETING_TRAY_BROWSER, and choose Connect your calendar again.
sign-in-replaced = This sign-in was replaced by a new one.
# The block the scheduling keyword writes into a meeting's body (read by the invitees).
join-details-heading = Join details added by Meeting Tray
join-details-join = Join the { $service } meeting
join-details-dial-in = Dial in
join-details-end = End of join details
keyword-failed = Join details could not be added to “{ $subject }”: { $error }
