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
tray-quit = Quit
tray-offline = Offline — calendar as of { $time }
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
