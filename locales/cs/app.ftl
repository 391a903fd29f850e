# Texty lišty, oznámení a dalších míst, které zobrazuje strana v Rustu.

## Formáty data (strftime; názvy dnů a měsíců česky)
format-day = %a %-d. %B
format-day-time = %a %H:%M
format-date-time = %a %-d. %B %H:%M

## Relativní časy
when-now = teď
when-in-minutes = za { $n } min
when-in-hours = za { $h } h
when-in-hours-minutes = za { $h } h { $m } min
when-in-days = { $n ->
    [one] za { $n } den
    [few] za { $n } dny
   *[other] za { $n } dní
}
when-running = právě probíhá, zbývá { $n } min
when-ended = skončila

## Nabídka v liště
tray-join-next = Připojit se k „{ $subject }“ ({ $when })
tray-today = Dnes — { $date }
tray-tomorrow = Zítra — { $date }
tray-no-more-today = Dnes už žádné schůzky
tray-no-meetings = Žádné schůzky
tray-all-day = Celý den
tray-no-link = bez odkazu
tray-join-with = Připojit se přes { $service }
tray-copy-link = Zkopírovat odkaz ke schůzce
tray-show-details = Zobrazit podrobnosti
tray-meeting-actions = Akce se schůzkami
tray-refresh = Obnovit
tray-open = Otevřít Meeting Tray
tray-settings = Nastavení…
tray-test-notification = Poslat zkušební oznámení
tray-quit = Ukončit
tray-offline = Offline — stav kalendáře k { $time }
tray-out-of-office-until = Mimo kancelář do { $date }
tray-out-of-office = Mimo kancelář (automatické odpovědi zapnuty)
tray-title-now = { $subject } teď
tray-title-soon = { $subject } { $when }
rsvp-accept = Přijmout
rsvp-tentative = Předběžně
rsvp-decline = Odmítnout

## Řádek účtu
account-not-connected = Nepřipojeno — Připojit kalendář…
account-connected = Připojeno jako { $user }
account-your-account = váš účet
account-reconnect-by = Znovu připojit do { $date } — Připojit…
account-reconnect-needed = Znovu připojit kalendář…
account-attention = Kalendář vyžaduje pozornost — Otevřít…

## Upozornění na schůzky (oznámení)
alert-starts-in = Začíná za { $n } min
alert-starting-now = Právě začíná
alert-started-ago = Začala před { $n } min
alert-organizer = Organizátor: { $name }
alert-join = Připojit se
alert-snooze = Odložit o 1 min
alert-show = Zobrazit
notice-joining-in-browser = Připojení v prohlížeči
notice-nothing-to-join = Teď se není kam připojit: žádná schůzka neprobíhá ani nezačíná do 15 minut.
