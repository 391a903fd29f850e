# Texte der Leiste, der Benachrichtigungen und weiterer Stellen der Rust-Seite.

## Datumsformate (strftime; Tages- und Monatsnamen auf Deutsch)
format-day = %a %-d. %b
format-day-time = %a %H:%M
format-date-time = %a %-d. %b %H:%M

## Relative Zeiten
when-now = jetzt
when-in-minutes = in { $n } Min.
when-in-hours = in { $h } Std.
when-in-hours-minutes = in { $h } Std. { $m } Min.
when-in-days = { $n ->
    [one] in { $n } Tag
   *[other] in { $n } Tagen
}
when-running = läuft, noch { $n } Min.
when-ended = beendet

## Menü in der Leiste
tray-join-next = „{ $subject }“ beitreten ({ $when })
tray-today = Heute — { $date }
tray-tomorrow = Morgen — { $date }
tray-no-more-today = Heute keine Besprechungen mehr
tray-no-meetings = Keine Besprechungen
tray-all-day = Ganztägig
tray-no-link = kein Link
tray-join-with = Mit { $service } beitreten
tray-copy-link = Link zum Beitreten kopieren
tray-show-details = Details anzeigen
tray-meeting-actions = Besprechungsaktionen
tray-refresh = Aktualisieren
tray-open = Meeting Tray öffnen
tray-settings = Einstellungen…
tray-test-notification = Testbenachrichtigung senden
tray-quit = Beenden
tray-offline = Offline — Kalenderstand: { $time }
tray-out-of-office-until = Abwesend bis { $date }
tray-out-of-office = Abwesend (automatische Antworten an)
tray-title-now = { $subject } jetzt
tray-title-soon = { $subject } { $when }
rsvp-accept = Zusagen
rsvp-tentative = Mit Vorbehalt
rsvp-decline = Absagen

## Kontozeile
account-not-connected = Nicht verbunden — Kalender verbinden…
account-connected = Verbunden als { $user }
account-your-account = Ihr Konto
account-reconnect-by = Bis { $date } neu verbinden — Verbinden…
account-reconnect-needed = Kalender neu verbinden…
account-attention = Kalender erfordert Ihre Aufmerksamkeit — Öffnen…

## Besprechungshinweise (Benachrichtigungen)
alert-starts-in = Beginnt in { $n } Min.
alert-starting-now = Beginnt jetzt
alert-started-ago = Hat vor { $n } Min. begonnen
alert-organizer = Organisator: { $name }
alert-join = Beitreten
alert-snooze = 1 Min. später
alert-show = Anzeigen
notice-joining-in-browser = Beitritt im Browser
notice-nothing-to-join = Gerade gibt es keine Besprechung zum Beitreten: Keine läuft oder beginnt in den nächsten 15 Minuten.
