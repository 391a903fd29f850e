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
tray-start-meeting = Zahájit schůzku hned
tray-schedule = Naplánovat schůzku…
tray-automatic-replies = Automatické odpovědi…
quick-meeting-subject = Rychlá schůzka
quick-meeting-started = Schůzka zahájena
quick-meeting-share = Pošlete ostatním tento odkaz: { $url }
quick-meeting-failed = Schůzku se nepodařilo vytvořit: { $error }
quick-meeting-no-source = Nejdřív nastavte, odkud brát údaje pro připojení (Nastavení, Schůzky, které vytváříte).
tray-quit = Ukončit
tray-offline = Offline — stav kalendáře k { $time }
tray-sync-failed = Neaktualizováno — stav kalendáře k { $time }; podrobnosti v okně
tray-free-until = Volno do { $time }
tray-free-rest = Volno po zbytek dne
tray-busy-until = Obsazeno do { $time }
tray-tentative-until = Předběžně do { $time }
tray-oof-until = Mimo kancelář do { $time }
tray-elsewhere-until = Práce jinde do { $time }
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

## Příkazová řádka (výstup podpříkazů `meeting-tray` pro lidi; `--json` je nikdy nepoužívá)
cli-format-heading = %A %-d. %B
cli-no-cache = Zatím nejsou k dispozici žádná data kalendáře: připojte se (`meeting-tray connect`), potom spusťte `meeting-tray sync` nebo aplikaci Meeting Tray.
cli-stale = stav k { $time } (před { $n } min) — spusťte `meeting-tray sync` nebo aplikaci Meeting Tray
cli-out-of-office = Automatické odpovědi jsou zapnuté (mimo kancelář).
cli-no-meetings = Žádné schůzky.
cli-all-day = celý den
cli-ended = (skončila)
cli-now = (probíhá)
cli-free-until = Volno do { $time }.
cli-free-rest = Volno po zbytek synchronizovaného kalendáře.
cli-no-more-meetings = Žádné další schůzky.
cli-bar-not-synced = Nesynchronizováno
cli-bar-no-meetings = Žádné schůzky
cli-next = { $subject } { $when }
cli-next-with = { $subject } { $when } ({ $service })
cli-joining = Připojuji se k „{ $subject }“ přes { $service }: { $url }
cli-synced = { $full ->
        [yes] Synchronizováno (úplné kolo)
       *[no] Synchronizováno
    }: přidáno { $added }, změněno { $changed }, odstraněno { $removed }; v mezipaměti { $meetings ->
        [one] { $meetings } schůzka
        [few] { $meetings } schůzky
       *[other] { $meetings } schůzek
    } ({ $requests ->
        [one] { $requests } požadavek
        [few] { $requests } požadavky
       *[other] { $requests } požadavků
    }, { $kb } KB).
cli-detect-none = odkaz ke schůzce nebyl nalezen
cli-paths-settings = nastavení
cli-paths-logs = protokoly
cli-paths-data = data
cli-connect-open = Pro přihlášení otevřete v prohlížeči tuto adresu:
cli-connect-browser = Přihlášení probíhá v prohlížeči. Pokud se neotevřel, přejděte na:
cli-connected = Připojeno jako { $user } ({ $name }).
cli-no-display-name = bez zobrazovaného jména
cli-not-configured = Nepřipojeno: { $problem }.
cli-not-connected = Nepřipojeno. Kalendář připojíte příkazem `meeting-tray connect`.
cli-status-account = Účet
cli-status-state = Stav
cli-status-cloud = Cloud
cli-status-signed-in = Přihlášeno
cli-status-reconnect-by = Znovu připojit do
cli-status-last-refresh = Poslední obnovení
cli-status-last-sync = Poslední synchronizace
cli-status-problem = Problém
cli-state-connected = připojeno
cli-state-reconnect-soon = brzy bude nutné znovu připojit
cli-state-reconnect-needed = nutné znovu připojit
cli-state-attention = vyžaduje pozornost
cli-disconnected = Odpojeno: tokeny a mezipaměť kalendáře byly odstraněny.
cli-checks-failed = neúspěšné kontroly: { $failed } z { $total }
cli-error-no-meeting = v uloženém kalendáři není probíhající ani další schůzka, ke které se lze připojit
cli-error-unknown-id = v uloženém kalendáři není schůzka s id „{ $id }“ (viz `meeting-tray agenda --json`)
cli-error-no-link = „{ $subject }“ nemá odkaz ke schůzce
cli-error-unsafe = odkaz ke schůzce „{ $subject }“ není bezpečné otevřít: { $reason }
cli-error-unreadable = nelze přečíst { $what }: { $reason }
cli-standard-input = standardní vstup
cli-caused-by = příčina

## Settings refused, and what the app says back to the windows

setting-lead-count = Zvolte jeden až tři časy upozornění.
setting-lead-range = Časy upozornění jsou 0 až 120 minut před začátkem.
setting-lead-once = Každý čas upozornění lze zvolit jen jednou.
setting-escalate-range = Upozornění lze opakovat každých 1 až 60 minut, nebo vůbec neopakovat.
setting-language = Jazyk musí být en, cs nebo de, případně automaticky.
setting-hide-titles = Skrýt lze nejvýše 50 názvů, každý nejvýše o 100 znacích.
setting-open-in-unknown = „{ $value }“ není služba s vlastní aplikací.
setting-shortcut = Zkratka pro připojení musí obsahovat Ctrl, Alt nebo Super, například Ctrl+Alt+J.
setting-service-unknown = „{ $value }“ není známá služba pro schůzky.
setting-service-once = Každou upřednostňovanou službu lze uvést jen jednou.
setting-custom-count = Přidejte nejvýše 20 vlastních odkazů na schůzky.
setting-custom-name = Každý vlastní odkaz na schůzky potřebuje název o nejvýše 40 znacích.
setting-custom-host = „{ $value }“ není název vašeho vlastního serveru, jako je meet.example.com (pod veřejnou příponou jako co.uk nebo github.io si web může založit kdokoli).
setting-custom-path = Nechte předponu cesty prázdnou, nebo ji začněte znakem / (nejvýše 100 znaků).
setting-quick-minutes = Rychlá schůzka trvá 5 až 480 minut.
setting-keyword = „{ $value }“ není klíčové slovo: zavináč a 1 až 30 písmen nebo číslic, například @meet.
setting-keyword-count = Přidejte nejvýše 10 dalších klíčových slov.
setting-keyword-once = Každé klíčové slovo lze použít jen jednou.
setting-meeting-source = „{ $value }“ není odkaz na schůzku začínající https://; zkopírujte odkaz své místnosti ze služby.
setting-meeting-service = Uveďte název služby své místnosti (nejvýše 40 znaků), například Zoom.
setting-reauth-range = Nové přihlášení lze vyžadovat po 1 až { $max } dnech, nebo nikdy.
setting-reauth-past = Přihlásili jste se před { $days } dny, takže toto období už uplynulo: zvolte delší nebo Nikdy, případně se nejdřív znovu připojte.
settings-autostart-failed = Spouštění po přihlášení nešlo změnit ({ $error }); nic nebylo uloženo.
settings-save-failed = Nastavení nešlo uložit do { $path }: { $error }
shortcut-invalid = „{ $value }“ není klávesová zkratka; zapište ji například jako Ctrl+Alt+J.
shortcut-needs-modifier = „{ $value }“ potřebuje Ctrl, Alt nebo Super, jinak by zachytávala běžné psaní.
shortcut-reserved = „{ $value }“ je zkratka, kterou používá každý (kopírovat, vložit, zavřít, přepnout okno…); zvolte jinou, například Ctrl+Alt+J.
shortcut-unavailable = Globální klávesové zkratky nejsou k dispozici: { $error }
shortcut-taken = Zkratku nešlo zaregistrovat ({ $error }); možná ji používá jiná aplikace.
join-gone = Toto upozornění už neplatí: schůzka se přesunula, skončila nebo jste na ni odpověděli.
join-no-such-link = Tato schůzka takový odkaz pro připojení nemá.
snooze-range = Odložit lze o 1 minutu až 24 hodin.
snooze-started = Schůzka už začala.
rsvp-failed = Odpověď nebyla odeslána: { $error }
clipboard-failed = Schránka odkaz nepřijala: { $error }
sign-in-no-browser = { $error }. Nastavte výchozí prohlížeč nebo ho uveďte v MEETING_TRAY_BROWSER a zvolte znovu Připojit kalendář.
sign-in-replaced = Toto přihlášení bylo nahrazeno novým.
# The block the scheduling keyword writes into a meeting's body (read by the invitees).
join-details-heading = Údaje pro připojení přidal Meeting Tray
join-details-join = Připojit se ke schůzce { $service }
join-details-dial-in = Vytáčení
join-details-end = Konec údajů pro připojení
keyword-failed = Do schůzky „{ $subject }“ se nepodařilo doplnit údaje pro připojení: { $error }
