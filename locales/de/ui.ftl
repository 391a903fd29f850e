# Meeting Tray web UI (ui/src), German. Same message ids as locales/en/ui.ftl.
# Product and service names (Meeting Tray, Microsoft 365, Zoom…) stay as they are.

## Shared

error-unexpected = Etwas ist schiefgelaufen: { $error }. Details stehen in der Protokolldatei.
organizer = Organisator: { $name }
join = Beitreten
join-label = { $subject } mit { $service } beitreten
rsvp-accept = Zusagen
rsvp-tentative = Mit Vorbehalt
rsvp-decline = Absagen

## Main window: tabs

tab-agenda = Termine
tab-settings = Einstellungen
tab-account = Konto

## Account tab

error-cancelled = { $message } Wählen Sie „Kalender verbinden“, um es erneut zu versuchen.
error-admin-consent = { $message } Senden Sie Ihrem Administrator den Link, den `meeting-tray admin-consent-url` ausgibt.
cloud-worldwide = Weltweit (einschließlich GCC)
cloud-gcc-high = US-Regierung GCC High
cloud-dod = US-Regierung DoD
cloud-china = China (21Vianet)
account-save = Speichern
account-saving = Wird gespeichert…
account-cancel = Abbrechen
setup-title = Anmeldung einrichten
setup-intro = Meeting Tray meldet sich über die eigene App-Registrierung Ihrer Organisation an. Registrieren Sie sie einmalig im Microsoft Entra Admin Center (Mobile und Desktopanwendungen, Umleitungs-URI http://localhost; die Schritte stehen in docs/CONNECT.md) und geben Sie dann hier ihre Anwendungs-ID (Client-ID) ein.
setup-client-id = Anwendungs-ID (Client-ID)
setup-tenant = Mandant (organizations, eine Mandanten-ID oder Ihre Domain)
setup-cloud = Cloud
setup-read-only = Nur lesen (für Mandanten, die Schreibzugriff auf den Kalender verbieten)
account-not-connected = Nicht verbunden
account-connected = Verbunden
account-reconnect-needed = Verbinden Sie Ihren Kalender erneut
account-attention = Ihr Kalender braucht Aufmerksamkeit
account-connect = Kalender verbinden
account-reconnect = Erneut verbinden
account-connecting = Schließen Sie die Anmeldung im Browser ab…
account-intro = Verbinden Sie Ihren Microsoft 365-Kalender, um Ihre Besprechungen hier zu sehen und kurz vor jeder Besprechung ein Fenster zum Beitreten zu erhalten.
account-reconnect-by = Verbinden Sie sich bis { $date } erneut, damit Ihre Besprechungen aktuell bleiben.
account-retry = Erneut versuchen
account-retrying = Neuer Versuch…
account-attention-fallback = Etwas erfordert Ihre Aufmerksamkeit.
account-reauth-fallback = Melden Sie sich erneut an, damit Ihre Besprechungen aktuell bleiben.
account-valid-until = Anmeldung gültig bis { $date }.
reauth-label = Erneute Anmeldung anfordern
reauth-every = { $days ->
    [one] Täglich
   *[other] Alle { $days } Tage
}
reauth-save = Übernehmen
reauth-never = Nie (nur wenn Microsoft 365 die Anmeldung beendet)
account-test = Verbindung testen
account-testing = Wird getestet…
account-checks-ok = Alle Berechtigungen funktionieren.
account-checks-failed = { $failed } von { $total } Prüfungen fehlgeschlagen.
account-disconnect = Trennen
account-disconnecting = Wird getrennt…
account-edit-settings = Anmeldeeinstellungen
about-title = Über
about-tagline = Nie wieder eine Videobesprechung verpassen oder holprig beitreten.

## Agenda tab

agenda-load-failed = Die Termine konnten nicht geladen werden. { $error }
agenda-accept-label = { $subject } zusagen
agenda-tentative-label = { $subject } mit Vorbehalt zusagen
agenda-decline-label = { $subject } absagen
badge-now = Jetzt
badge-cancelled = Abgesagt
badge-tentative = Mit Vorbehalt
badge-declined = Abgelehnt
badge-no-link = Kein Link
badge-join-added = Einwahl ergänzt
agenda-status = Status
agenda-open-account = Konto öffnen
agenda-not-connected = Verbinden Sie Ihren Kalender auf der Registerkarte „Konto“.
agenda-out-of-office = Abwesend
agenda-out-of-office-until = Abwesend bis { $date }
agenda-out-of-office-period = Abwesend von { $from } bis { $until }
agenda-out-of-office-muted = Erinnerungen sind währenddessen aus (Einstellungen, Erinnerungen).
agenda-stale = Offline – Kalenderstand vom { $date }
agenda-sync-problem = Der Kalender konnte nicht aktualisiert werden: { $reason }
availability-label = Heute: { $runs }
availability-all-free = Heute: den ganzen Tag frei
availability-free = frei
availability-tentative = vorläufig
availability-busy = beschäftigt
availability-out-of-office = abwesend
availability-working-elsewhere = an anderem Ort tätig
agenda-no-meetings = Keine Besprechungen
agenda-now-line = Jetzt

## Settings tab

settings-form = Einstellungen
settings-save = Speichern
settings-revert = Zurücksetzen
settings-loading = Wird geladen…
settings-load-failed = Die Einstellungen konnten nicht geladen werden. { $error }
settings-lead-required = Wählen Sie mindestens einen Zeitpunkt für die Erinnerung.
settings-saving = Wird gespeichert…
settings-saved = Gespeichert.
settings-alerts = Erinnerungen
settings-alert-with = Erinnern per
alert-style-popup = Pop-up-Fenster
alert-style-notification = Benachrichtigung
alert-style-both = Beides
settings-when = Wann
settings-lead-at-start = Zu Beginn
settings-lead-before =
    { $minutes ->
        [one] { $minutes } Minute vorher
       *[other] { $minutes } Minuten vorher
    }
settings-escalate = Erneut erinnern, bis erledigt
settings-escalate-off = Aus
settings-escalate-every =
    { $minutes ->
        [one] Jede Minute
       *[other] Alle { $minutes } Minuten
    }
settings-alert-without-link = Auch an Besprechungen ohne Beitrittslink erinnern
settings-quiet-ooo = Keine Erinnerungen während der Abwesenheit
settings-sound = Ton mit der Benachrichtigung abspielen
settings-joining = Beitreten
settings-open-in = Besprechungen öffnen in
settings-join-app = Besprechungs-App, falls installiert
settings-join-browser = Browser
settings-open-in-default = Standard
settings-open-in-app = App
settings-open-in-browser = Browser
settings-filters = Filter
filter-hide-declined = Abgelehnte Besprechungen ausblenden
filter-hide-tentative = Mit Vorbehalt zugesagte Besprechungen ausblenden
filter-hide-all-day = Ganztägige Termine ausblenden
filter-hide-cancelled = Abgesagte Besprechungen ausblenden
filter-hide-without-link = Besprechungen ohne Beitrittslink ausblenden
settings-hide-titles = Besprechungen ausblenden, deren Titel Folgendes enthält
settings-hide-titles-hint = Einer pro Zeile.
settings-language = Sprache
settings-language-label = Anzeigesprache
settings-language-auto = Automatisch

## Settings tab: meeting links

settings-links = Besprechungslinks
settings-links-resync = Nach dem Speichern einer Änderung hier wird Ihr Kalender neu eingelesen.
settings-order = Bevorzugte Dienste
settings-order-hint = Enthält eine Einladung gleichwertige Links mehrerer Dienste, wird der Link des Dienstes verwendet, der in dieser Liste am weitesten oben steht (eine Besprechung, die die Einladung selbst anlegt, etwa in Teams, hat immer Vorrang).
settings-order-empty = Kein Dienst gewählt: Meeting Tray wählt den Link selbst aus.
settings-order-up = { $service } nach oben verschieben
settings-order-down = { $service } nach unten verschieben
settings-order-remove = { $service } entfernen
settings-order-add-label = Dienst hinzufügen
settings-order-choose = Dienst auswählen…
settings-order-add = Hinzufügen
settings-custom = Eigene Besprechungslinks
settings-custom-hint = Links zu diesen Hosts (und ihren Subdomains) gelten als Besprechungslinks, etwa für ein hauseigenes Videosystem. Höchstens { $max }.
settings-custom-row = Besprechungslink
settings-custom-name = Bezeichnung
settings-custom-host = Hostname
settings-custom-path = Pfadpräfix
settings-custom-add = Link hinzufügen
settings-custom-remove = Entfernen
settings-custom-remove-label = { $name } entfernen
settings-custom-remove-unnamed = Diesen Link entfernen
settings-custom-name-invalid = Geben Sie dem Link eine Bezeichnung mit höchstens { $max } Zeichen.
settings-custom-host-invalid = Geben Sie einen Hostnamen wie meet.example.com ein.
settings-custom-path-invalid = Lassen Sie das Pfadpräfix leer oder beginnen Sie es mit / (höchstens { $max } Zeichen).

## Settings tab: desktop

settings-desktop = Desktop
settings-theme = Farbschema
settings-theme-system = Wie im System
settings-theme-light = Hell
settings-theme-dark = Dunkel
settings-tray-icon = Symbol im Infobereich
settings-tray-dark-panel = Für eine dunkle Leiste
settings-tray-light-panel = Für eine helle Leiste
settings-tray-hint = Die meisten Leisten unter Linux, auch die obere Leiste von GNOME, sind dunkel.
settings-start-at-login = Meeting Tray bei der Anmeldung starten
settings-shortcut = Tastenkürzel, um der nächsten Besprechung beizutreten
settings-shortcut-hint = Zum Beispiel Ctrl+Alt+J: Ctrl (für Strg), Alt, Shift oder Super, mit + verbunden, dann eine Taste. Leer lassen für kein Tastenkürzel. Unter Linux funktioniert es nur mit X11.
settings-shortcut-wayland = Unter Wayland können Anwendungen keine globalen Tastenkürzel festlegen. Legen Sie stattdessen in den Tastatureinstellungen Ihrer Arbeitsumgebung ein eigenes Tastenkürzel an, das diesen Befehl ausführt:
settings-shortcut-invalid = Geben Sie ein Tastenkürzel wie Ctrl+Alt+J ein: Ctrl, Alt oder Super (auf Wunsch zusätzlich Shift), dann eine Taste, mit + verbunden.

## Join pop-up

popup-window-title = Meeting Tray — Beitreten
popup-load-failed = Die Besprechungen konnten nicht geladen werden. { $error }
duration-minutes = { $minutes } Min.
duration-hours = { $hours } Std.
duration-hours-minutes = { $hours } Std. { $minutes } Min.
relative-in = in { $duration }
relative-starting = beginnt jetzt
relative-started = hat vor { $duration } begonnen
relative-just-ended = gerade beendet
relative-ended = vor { $duration } beendet
popup-organizer-self = Sie organisieren diese Besprechung.
popup-accepted = Sie haben zugesagt.
popup-tentative = Sie haben mit Vorbehalt zugesagt.
popup-declined = Sie haben abgesagt.
popup-no-link = Kein Beitrittslink
popup-join-with = Beitreten mit…
popup-join-other-label = { $subject } mit { $service } ({ $host }) beitreten
popup-comment-placeholder = Optional
popup-rsvp-group = Auf die Einladung antworten
popup-comment = Kommentar
popup-send-response = Antwort senden
popup-snooze = Später erinnern
popup-snooze-minutes-label =
    { $minutes ->
        [one] In { $minutes } Minute erneut erinnern
       *[other] In { $minutes } Minuten erneut erinnern
    }
popup-until-start = Bis zum Beginn
popup-until-start-label = Zum Beginn erneut erinnern
popup-dismiss = Schließen
popup-dismiss-label = { $subject } schließen
popup-empty = Keine Besprechung fällig.
settings-meetings = Eigene Besprechungen
settings-source = Einwahldaten kommen aus
settings-source-none = Noch nirgends (Schlüsselwort und Besprechung jetzt starten warten)
settings-source-room = Meinem persönlichen Besprechungsraum
settings-source-jitsi = Jedes Mal einem neuen Raum auf einem Jitsi-Server
settings-source-service = Name des Dienstes, im Ort angezeigt
settings-source-service-invalid = Nennen Sie den Dienst, bis zu 40 Zeichen, etwa Zoom.
settings-source-url = Link Ihres Raums
settings-source-server = Adresse des Servers
settings-source-url-invalid = Geben Sie eine https://-Adresse ein, etwa https://meet.jit.si.
settings-source-dial-in = Einwahl per Telefon (optional)
settings-keyword-enabled = Einwahldaten zu meinen Besprechungen mit dem Schlüsselwort im Ort hinzufügen
settings-keyword = Schlüsselwort
settings-keyword-invalid = Ein Schlüsselwort ist ein @ und 1 bis 30 Buchstaben oder Ziffern, etwa @meet.
settings-keyword-hint = Tragen Sie es in einer beliebigen Kalender-App in den Ort einer Besprechung ein, die Sie organisieren: Meeting Tray fügt die Einwahldaten in die Einladung ein und setzt den Namen des Dienstes in den Ort. Teams-Besprechungen bleiben unverändert.
settings-quick = Besprechung jetzt starten reserviert
settings-quick-length = { $minutes } Minuten
