# Meeting Tray web UI (ui/src), English. The reference: every message here
# must exist in locales/cs/ui.ftl and locales/de/ui.ftl too (ui/src/i18n.test.ts).
# Product and service names (Meeting Tray, Microsoft 365, Zoom…) stay as they are.

## Shared

error-unexpected = Something went wrong: { $error }. The log file has details.
organizer = Organizer: { $name }
join = Join
# $subject: the meeting title; $service: e.g. Microsoft Teams.
join-label = Join { $subject } with { $service }
rsvp-accept = Accept
rsvp-tentative = Tentative
rsvp-decline = Decline

## Main window: tabs

tab-agenda = Agenda
tab-settings = Settings
tab-account = Account

## Account tab

error-cancelled = { $message } Choose Connect to try again.
error-admin-consent = { $message } Send your administrator the link from `meeting-tray admin-consent-url`.
cloud-worldwide = Worldwide (including GCC)
cloud-gcc-high = US Government GCC High
cloud-dod = US Government DoD
cloud-china = China (21Vianet)
account-save = Save
account-saving = Saving…
account-cancel = Cancel
setup-title = Set up sign-in
setup-intro = Meeting Tray signs in with your organisation's own app registration. Register it once in the Microsoft Entra admin center (Mobile and desktop applications, redirect URI http://localhost; docs/CONNECT.md has the steps), then enter its Application (client) ID here.
setup-client-id = Application (client) ID
setup-tenant = Tenant (organizations, a tenant ID or your domain)
setup-cloud = Cloud
setup-read-only = Read-only (for tenants that forbid calendar write access)
account-not-connected = Not connected
account-connected = Connected
account-reconnect-needed = Reconnect your calendar
account-attention = Your calendar needs attention
account-connect = Connect your calendar
account-reconnect = Reconnect
account-connecting = Finish signing in in your browser…
account-intro = Connect your Microsoft 365 calendar to see your meetings here and get a Join pop-up shortly before each one.
# $date: a formatted date, e.g. "Mon, 28 December".
account-reconnect-by = Reconnect by { $date } to keep your meetings up to date.
account-retry = Retry
account-retrying = Trying again…
account-attention-fallback = Something needs your attention.
account-reauth-fallback = Sign in again to keep your meetings up to date.
account-valid-until = Sign-in valid until { $date }.
reauth-label = Ask me to sign in again
reauth-every = { $days ->
    [one] Every day
   *[other] Every { $days } days
}
reauth-save = Apply
reauth-never = Never (only when Microsoft 365 ends the sign-in)
account-test = Test connection
account-testing = Testing…
account-checks-ok = Every permission works.
account-checks-failed = { $failed } of { $total } checks failed.
account-disconnect = Disconnect
account-disconnecting = Disconnecting…
account-edit-settings = Sign-in settings
about-title = About
about-tagline = Never miss or fumble a video meeting.

## Agenda tab

agenda-load-failed = Could not load the agenda. { $error }
agenda-accept-label = Accept { $subject }
agenda-tentative-label = Tentatively accept { $subject }
agenda-decline-label = Decline { $subject }
badge-now = Now
badge-cancelled = Cancelled
badge-tentative = Tentative
badge-declined = Declined
badge-no-link = No link
badge-join-added = Join details added
agenda-status = Status
agenda-open-account = Open Account
agenda-not-connected = Connect your calendar in the Account tab.
agenda-out-of-office = Out of office
agenda-out-of-office-until = Out of office until { $date }
agenda-out-of-office-period = Out of office from { $from } until { $until }
agenda-out-of-office-muted = Alerts are off meanwhile (Settings, Alerts).
agenda-stale = Offline — calendar as of { $date }
agenda-sync-problem = The calendar could not be updated: { $reason }
availability-label = Today: { $runs }
availability-all-free = Today: free all day
availability-free = free
availability-tentative = tentative
availability-busy = busy
availability-out-of-office = out of office
availability-working-elsewhere = working elsewhere
agenda-no-meetings = No meetings
agenda-now-line = Now

## Settings tab

settings-form = Settings
settings-save = Save
settings-revert = Revert
settings-loading = Loading…
settings-load-failed = Could not load the settings. { $error }
settings-lead-required = Choose at least one time to be alerted.
settings-saving = Saving…
settings-saved = Saved.
settings-alerts = Alerts
settings-alert-with = Alert with
alert-style-popup = Pop-up
alert-style-notification = Notification
alert-style-both = Both
settings-when = When
settings-lead-at-start = At the start
settings-lead-before = { $minutes } min before
settings-escalate = Remind again until handled
settings-escalate-off = Off
settings-escalate-every = Every { $minutes } min
settings-alert-without-link = Alert for meetings without a join link
settings-quiet-ooo = No alerts while out of office
settings-sound = Play a sound with the notification
settings-joining = Joining
settings-open-in = Open meetings in
settings-join-app = Meeting app when installed
settings-join-browser = Browser
settings-open-in-default = Default
settings-open-in-app = App
settings-open-in-browser = Browser
settings-filters = Filters
filter-hide-declined = Hide declined meetings
filter-hide-tentative = Hide tentatively accepted meetings
filter-hide-all-day = Hide all-day events
filter-hide-cancelled = Hide cancelled meetings
filter-hide-without-link = Hide meetings without a join link
settings-hide-titles = Hide meetings whose title contains
settings-hide-titles-hint = One per line.
settings-language = Language
settings-language-label = Display language
settings-language-auto = Automatic

## Settings tab: meeting links

settings-links = Meeting links
settings-links-resync = Saving a change here reads your calendar again.
settings-order = Preferred services
settings-order-hint = When an invitation has equally good links of several services, the one first in this list is joined (a meeting the invitation itself sets up, such as a Teams meeting, still comes first).
settings-order-empty = No service chosen: Meeting Tray picks the link itself.
# $service: a service name, e.g. Zoom.
settings-order-up = Move { $service } up
settings-order-down = Move { $service } down
settings-order-remove = Remove { $service }
settings-order-add-label = Add a service
settings-order-choose = Choose a service…
settings-order-add = Add
settings-custom = Your own meeting links
# $max: how many links at most (20).
settings-custom-hint = Links to these hosts (and their subdomains) count as meeting links, for example an in-house video system. Up to { $max }.
settings-custom-row = Meeting link
settings-custom-name = Name
settings-custom-host = Host
settings-custom-path = Path prefix
settings-custom-add = Add a link
settings-custom-remove = Remove
# $name: the name the user gave the link.
settings-custom-remove-label = Remove { $name }
settings-custom-remove-unnamed = Remove this link
# $max: the longest name (40 characters).
settings-custom-name-invalid = Give the link a name of up to { $max } characters.
settings-custom-host-invalid = Enter a host name such as meet.example.com.
# $max: the longest prefix (100 characters).
settings-custom-path-invalid = Leave the path prefix empty or start it with / (up to { $max } characters).

## Settings tab: desktop

settings-desktop = Desktop
settings-theme = Theme
settings-theme-system = Like the system
settings-theme-light = Light
settings-theme-dark = Dark
settings-tray-icon = Tray icon
settings-tray-dark-panel = For a dark panel
settings-tray-light-panel = For a light panel
settings-tray-hint = Most Linux panels, GNOME's top bar among them, are dark.
settings-start-at-login = Start Meeting Tray when I log in
settings-shortcut = Shortcut to join the next meeting
# Ctrl, Alt, Shift and Super are written as the app reads them, in every language.
settings-shortcut-hint = For example Ctrl+Alt+J: Ctrl, Alt, Shift or Super joined with +, then a key. Leave it empty for no shortcut. On Linux it works on X11 only.
# Followed by the command, meeting-tray join --soon.
settings-shortcut-wayland = On Wayland, apps cannot set global shortcuts. Instead, add a keyboard shortcut in your desktop's settings that runs this command:
settings-shortcut-invalid = Type a shortcut such as Ctrl+Alt+J: Ctrl, Alt or Super (Shift may be added), then a key, joined with +.

## Join pop-up

popup-window-title = Meeting Tray — Join
popup-load-failed = Could not load the meetings. { $error }
duration-minutes = { $minutes } min
duration-hours = { $hours } h
duration-hours-minutes = { $hours } h { $minutes } min
# $duration: a duration-* message, e.g. "5 min".
relative-in = in { $duration }
relative-starting = starting now
relative-started = started { $duration } ago
relative-just-ended = just ended
relative-ended = ended { $duration } ago
popup-organizer-self = You organize this meeting.
popup-accepted = You accepted.
popup-tentative = You tentatively accepted.
popup-declined = You declined.
popup-no-link = No join link
popup-join-with = Join with…
# $host: the link's host, e.g. teams.microsoft.com.
popup-join-other-label = Join { $subject } with { $service } ({ $host })
popup-comment-placeholder = Optional
popup-rsvp-group = Respond to the invitation
popup-comment = Comment
popup-send-response = Send response
popup-snooze = Snooze
popup-snooze-minutes-label =
    { $minutes ->
        [one] Snooze { $minutes } minute
       *[other] Snooze { $minutes } minutes
    }
popup-until-start = Until start
popup-until-start-label = Snooze until the start
popup-dismiss = Dismiss
popup-dismiss-label = Dismiss { $subject }
popup-empty = No meeting due.
settings-meetings = Meetings you make
settings-source = Join details come from
settings-source-none = Nowhere yet (the keyword and Start a meeting now wait)
settings-source-room = My personal meeting room
settings-source-jitsi = A new room on a Jitsi server each time
settings-source-service = Service name, shown in Location
settings-source-service-invalid = Name the service, up to 40 characters, such as Zoom.
settings-source-url = Your room's link
settings-source-server = The server's address
settings-source-url-invalid = Enter an https:// address, such as https://meet.jit.si.
settings-source-dial-in = Dial-in details (optional)
settings-keyword-enabled = Add join details to my meetings that have the keyword in Location
settings-keyword = Keyword
settings-keyword-invalid = A keyword is an @ and 1 to 30 letters or digits, such as @meet.
settings-keyword-hint = Type it into the Location of a meeting you organize, in any calendar app: Meeting Tray adds the join details to the invitation and puts the service's name in Location. Teams meetings are left alone.
settings-quick = Start a meeting now books
settings-quick-length = { $minutes } minutes
