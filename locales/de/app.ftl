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
tray-start-meeting = Besprechung jetzt starten
tray-schedule = Besprechung planen…
tray-automatic-replies = Automatische Antworten…
quick-meeting-subject = Sofortbesprechung
quick-meeting-started = Besprechung gestartet
quick-meeting-share = Teilen Sie diesen Link mit den anderen: { $url }
quick-meeting-failed = Die Besprechung konnte nicht erstellt werden: { $error }
quick-meeting-no-source = Legen Sie zuerst fest, woher die Einwahldaten kommen (Einstellungen, Eigene Besprechungen).
tray-quit = Beenden
tray-offline = Offline — Kalenderstand: { $time }
tray-sync-failed = Nicht aktualisiert — Kalenderstand: { $time }; Details im Fenster
tray-free-until = Frei bis { $time }
tray-free-rest = Frei für den Rest des Tages
tray-busy-until = Beschäftigt bis { $time }
tray-tentative-until = Vorläufig bis { $time }
tray-oof-until = Abwesend bis { $time }
tray-elsewhere-until = An anderem Ort tätig bis { $time }
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

## Befehlszeile (Ausgabe der `meeting-tray`-Unterbefehle für Menschen; `--json` verwendet sie nie)
cli-format-heading = %A, %-d. %B
cli-no-cache = Noch keine Kalenderdaten: Verbinden Sie Ihren Kalender (`meeting-tray connect`) und führen Sie dann `meeting-tray sync` aus oder starten Sie Meeting Tray.
cli-stale = Stand: { $time } (vor { $n } Min.) — führen Sie `meeting-tray sync` aus oder starten Sie Meeting Tray
cli-out-of-office = Automatische Antworten sind aktiviert (abwesend).
cli-no-meetings = Keine Besprechungen.
cli-all-day = ganztägig
cli-ended = (beendet)
cli-now = (läuft)
cli-free-until = Frei bis { $time }.
cli-free-rest = Frei für den Rest des synchronisierten Kalenders.
cli-no-more-meetings = Keine weiteren Besprechungen.
cli-bar-not-synced = Nicht synchronisiert
cli-bar-no-meetings = Keine Besprechungen
cli-next = { $subject } { $when }
cli-next-with = { $subject } { $when } ({ $service })
cli-joining = Beitritt zu „{ $subject }“ mit { $service }: { $url }
cli-synced = { $full ->
        [yes] Synchronisiert (vollständiger Durchlauf)
       *[no] Synchronisiert
    }: { $added } hinzugefügt, { $changed } geändert, { $removed } entfernt; { $meetings ->
        [one] { $meetings } Besprechung
       *[other] { $meetings } Besprechungen
    } gespeichert ({ $requests ->
        [one] { $requests } Anfrage
       *[other] { $requests } Anfragen
    }, { $kb } KB).
cli-detect-none = kein Link zum Beitreten gefunden
cli-paths-settings = Einstellungen
cli-paths-logs = Protokolle
cli-paths-data = Daten
cli-connect-open = Öffnen Sie diese Adresse in einem Browser, um sich anzumelden:
cli-connect-browser = Die Anmeldung läuft über Ihren Browser. Falls er sich nicht geöffnet hat, gehen Sie zu:
cli-connected = Verbunden als { $user } ({ $name }).
cli-no-display-name = kein Anzeigename
cli-not-configured = Nicht verbunden: { $problem }.
cli-not-connected = Nicht verbunden. Führen Sie `meeting-tray connect` aus, um Ihren Kalender zu verbinden.
cli-status-account = Konto
cli-status-state = Status
cli-status-cloud = Cloud
cli-status-signed-in = Angemeldet
cli-status-reconnect-by = Neu verbinden bis
cli-status-last-refresh = Letzte Aktualisierung
cli-status-last-sync = Letzte Synchronisierung
cli-status-problem = Problem
cli-state-connected = verbunden
cli-state-reconnect-soon = Neuverbindung bald nötig
cli-state-reconnect-needed = Neuverbindung erforderlich
cli-state-attention = erfordert Aufmerksamkeit
cli-disconnected = Getrennt: Die Tokens und der Kalender-Cache wurden entfernt.
cli-checks-failed = { $failed } von { $total } Prüfungen fehlgeschlagen
cli-error-no-meeting = keine laufende oder nächste Besprechung zum Beitreten im gespeicherten Kalender
cli-error-unknown-id = keine Besprechung mit der ID „{ $id }“ im gespeicherten Kalender (siehe `meeting-tray agenda --json`)
cli-error-no-link = „{ $subject }“ hat keinen Link zum Beitreten
cli-error-unsafe = der Link zum Beitreten von „{ $subject }“ kann nicht sicher geöffnet werden: { $reason }
cli-error-unreadable = { $what } kann nicht gelesen werden: { $reason }
cli-standard-input = Standardeingabe
cli-caused-by = Ursache

## Settings refused, and what the app says back to the windows

setting-lead-count = Wählen Sie ein bis drei Erinnerungszeiten.
setting-lead-range = Erinnerungszeiten liegen 0 bis 120 Minuten vor dem Beginn.
setting-lead-once = Jede Erinnerungszeit kann nur einmal gewählt werden.
setting-escalate-range = Wiederholen Sie Erinnerungen alle 1 bis 60 Minuten oder gar nicht.
setting-language = Als Sprache sind en, cs, de oder automatisch möglich.
setting-hide-titles = Blenden Sie höchstens 50 Titel mit je höchstens 100 Zeichen aus.
setting-open-in-unknown = „{ $value }“ ist kein Dienst mit eigener App.
setting-shortcut = Das Tastenkürzel zum Beitreten besteht aus Zusatztasten und einer Taste, etwa Ctrl+Alt+J.
setting-service-unknown = „{ $value }“ ist kein bekannter Besprechungsdienst.
setting-service-once = Jeder bevorzugte Dienst darf nur einmal vorkommen.
setting-custom-count = Fügen Sie höchstens 20 eigene Besprechungslinks hinzu.
setting-custom-name = Jeder eigene Besprechungslink braucht einen Namen mit höchstens 40 Zeichen.
setting-custom-host = „{ $value }“ ist kein eigener Hostname wie meet.example.com (unter einer öffentlichen Endung wie co.uk oder github.io kann jeder Websites anlegen).
setting-custom-path = Lassen Sie das Pfadpräfix leer oder beginnen Sie es mit / (höchstens 100 Zeichen).
setting-quick-minutes = Eine Sofortbesprechung dauert 5 bis 480 Minuten.
setting-keyword = „{ $value }“ ist kein Schlüsselwort: ein @ und 1 bis 30 Buchstaben oder Ziffern, etwa @meet.
setting-keyword-count = Fügen Sie höchstens 10 weitere Schlüsselwörter hinzu.
setting-keyword-once = Jedes Schlüsselwort darf nur einmal vorkommen.
setting-meeting-source = „{ $value }“ ist kein https://-Besprechungslink; kopieren Sie den Link Ihres Raums aus dem Dienst.
setting-meeting-service = Nennen Sie den Dienst Ihres Besprechungsraums (bis zu 40 Zeichen), etwa Zoom.
setting-reauth-range = Die erneute Anmeldung kann nach 1 bis { $max } Tagen oder nie verlangt werden.
setting-reauth-past = Sie haben sich vor { $days } Tagen angemeldet, dieser Zeitraum ist also schon vorbei: Wählen Sie einen längeren oder „Nie“, oder verbinden Sie sich zuerst neu.
settings-autostart-failed = Der Start bei der Anmeldung ließ sich nicht ändern ({ $error }); nichts wurde gespeichert.
settings-save-failed = Die Einstellungen ließen sich nicht in { $path } speichern: { $error }
shortcut-invalid = „{ $value }“ ist kein Tastenkürzel; schreiben Sie es etwa als Ctrl+Alt+J.
shortcut-needs-modifier = „{ $value }“ braucht Ctrl, Alt oder Super, sonst würde es normales Tippen abfangen.
shortcut-reserved = „{ $value }“ ist ein allgemein genutztes Tastenkürzel (Kopieren, Einfügen, Schließen, Fensterwechsel …); wählen Sie ein anderes, etwa Ctrl+Alt+J.
shortcut-unavailable = Globale Tastenkürzel sind nicht verfügbar: { $error }
shortcut-taken = Das Tastenkürzel ließ sich nicht registrieren ({ $error }); vielleicht verwendet es eine andere App.
join-gone = Diese Erinnerung ist nicht mehr aktuell: Die Besprechung wurde verschoben, ist vorbei oder wurde beantwortet.
join-no-such-link = Diese Besprechung hat keinen solchen Beitrittslink.
snooze-range = Die Erinnerung lässt sich um 1 Minute bis 24 Stunden verschieben.
snooze-started = Die Besprechung hat bereits begonnen.
rsvp-failed = Die Antwort wurde nicht gesendet: { $error }
clipboard-failed = Die Zwischenablage hat den Link nicht angenommen: { $error }
sign-in-no-browser = { $error }. Legen Sie einen Standardbrowser fest oder nennen Sie einen in MEETING_TRAY_BROWSER, und wählen Sie erneut „Kalender verbinden“.
sign-in-replaced = Diese Anmeldung wurde durch eine neue ersetzt.
# The block the scheduling keyword writes into a meeting's body (read by the invitees).
join-details-heading = Einwahldaten, hinzugefügt von Meeting Tray
join-details-join = An der { $service }-Besprechung teilnehmen
join-details-dial-in = Einwahl per Telefon
join-details-end = Ende der Einwahldaten
keyword-failed = Zu „{ $subject }“ konnten keine Einwahldaten hinzugefügt werden: { $error }
