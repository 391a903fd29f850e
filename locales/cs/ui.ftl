# Meeting Tray web UI (ui/src), Czech. Same message ids as locales/en/ui.ftl.
# Product and service names (Meeting Tray, Microsoft 365, Zoom…) stay as they are.

## Shared

error-unexpected = Něco se pokazilo: { $error }. Podrobnosti najdete v souboru protokolu.
organizer = Organizátor: { $name }
join = Připojit se
join-label = Připojit se ke schůzce { $subject } přes { $service }
rsvp-accept = Přijmout
rsvp-tentative = Předběžně
rsvp-decline = Odmítnout

## Main window: tabs

tab-agenda = Program
tab-settings = Nastavení
tab-account = Účet

## Account tab

error-cancelled = { $message } Pro nový pokus zvolte Připojit kalendář.
error-admin-consent = { $message } Pošlete správci odkaz, který vypíše příkaz `meeting-tray admin-consent-url`.
cloud-worldwide = Celosvětový (včetně GCC)
cloud-gcc-high = Vláda USA – GCC High
cloud-dod = Vláda USA – DoD
cloud-china = Čína (21Vianet)
account-save = Uložit
account-saving = Ukládání…
account-cancel = Zrušit
setup-title = Nastavení přihlášení
setup-intro = Meeting Tray se přihlašuje přes vlastní registraci aplikace vaší organizace. Zaregistrujte ji jednou v Centru pro správu Microsoft Entra (Mobilní a desktopové aplikace, URI přesměrování http://localhost; postup popisuje docs/CONNECT.md) a pak sem zadejte její ID aplikace (klienta).
setup-client-id = ID aplikace (klienta)
setup-tenant = Tenant (organizations, ID tenanta nebo vaše doména)
setup-cloud = Cloud
setup-read-only = Jen pro čtení (pro tenanty, které zakazují zápis do kalendáře)
account-not-connected = Nepřipojeno
account-connected = Připojeno
account-reconnect-needed = Znovu připojte kalendář
account-attention = Kalendář vyžaduje pozornost
account-connect = Připojit kalendář
account-reconnect = Znovu připojit
account-connecting = Dokončete přihlášení v prohlížeči…
account-intro = Připojte svůj kalendář Microsoft 365: uvidíte tu své schůzky a krátce před každou z nich se objeví okno pro připojení.
account-reconnect-by = Znovu se připojte do { $date }, aby vaše schůzky zůstaly aktuální.
account-retry = Zkusit znovu
account-retrying = Zkouším znovu…
account-attention-fallback = Něco vyžaduje vaši pozornost.
account-reauth-fallback = Přihlaste se znovu, aby vaše schůzky zůstaly aktuální.
account-valid-until = Přihlášení platí do { $date }.
reauth-label = Žádat o nové přihlášení
reauth-every = { $days ->
    [one] Každý den
    [few] Každé { $days } dny
    [many] Každých { $days } dne
   *[other] Každých { $days } dní
}
reauth-save = Použít
reauth-never = Nikdy (jen když přihlášení ukončí Microsoft 365)
account-test = Otestovat připojení
account-testing = Testování…
account-checks-ok = Všechna oprávnění fungují.
account-checks-failed = Neúspěšné kontroly: { $failed } z { $total }.
account-disconnect = Odpojit
account-disconnecting = Odpojování…
account-edit-settings = Nastavení přihlášení
about-title = O aplikaci
about-tagline = Už žádné zmeškané ani zmatené videoschůzky.

## Agenda tab

agenda-load-failed = Program se nepodařilo načíst. { $error }
agenda-accept-label = Přijmout: { $subject }
agenda-tentative-label = Předběžně přijmout: { $subject }
agenda-decline-label = Odmítnout: { $subject }
badge-now = Probíhá
badge-cancelled = Zrušeno
badge-tentative = Předběžně
badge-declined = Odmítnuto
badge-no-link = Bez odkazu
badge-join-added = Připojení doplněno
agenda-status = Stav
agenda-open-account = Otevřít účet
agenda-not-connected = Připojte kalendář na kartě Účet.
agenda-out-of-office = Mimo kancelář
agenda-out-of-office-until = Mimo kancelář do { $date }
agenda-out-of-office-period = Mimo kancelář od { $from } do { $until }
agenda-out-of-office-muted = Upozornění jsou mezitím vypnutá (Nastavení, Upozornění).
agenda-stale = Offline – stav kalendáře k { $date }
agenda-sync-problem = Kalendář se nepodařilo aktualizovat: { $reason }
availability-label = Dnes: { $runs }
availability-all-free = Dnes: celý den volno
availability-free = volno
availability-tentative = předběžně
availability-busy = obsazeno
availability-out-of-office = mimo kancelář
availability-working-elsewhere = práce jinde
agenda-no-meetings = Žádné schůzky
agenda-now-line = Teď

## Settings tab

settings-form = Nastavení
settings-save = Uložit
settings-revert = Vrátit změny
settings-loading = Načítání…
settings-load-failed = Nastavení se nepodařilo načíst. { $error }
settings-lead-required = Vyberte alespoň jeden čas upozornění.
settings-saving = Ukládání…
settings-saved = Uloženo.
settings-alerts = Upozornění
settings-alert-with = Způsob upozornění
alert-style-popup = Vyskakovací okno
alert-style-notification = Oznámení
alert-style-both = Obojí
settings-when = Kdy
settings-lead-at-start = Na začátku
settings-lead-before =
    { $minutes ->
        [one] { $minutes } minutu předem
        [few] { $minutes } minuty předem
        [many] { $minutes } minuty předem
       *[other] { $minutes } minut předem
    }
settings-escalate = Připomínat znovu až do vyřízení
settings-escalate-off = Vypnuto
settings-escalate-every =
    { $minutes ->
        [one] Každou minutu
        [few] Každé { $minutes } minuty
        [many] Každé { $minutes } minuty
       *[other] Každých { $minutes } minut
    }
settings-alert-without-link = Upozorňovat i na schůzky bez odkazu pro připojení
settings-quiet-ooo = Žádná upozornění v době mimo kancelář
settings-sound = Přehrát zvuk s oznámením
settings-joining = Připojování
settings-open-in = Otevírat schůzky v
settings-join-app = Aplikaci pro schůzky, je-li nainstalovaná
settings-join-browser = Prohlížeči
settings-open-in-default = Výchozí
settings-open-in-app = Aplikace
settings-open-in-browser = Prohlížeč
settings-filters = Filtry
filter-hide-declined = Skrýt odmítnuté schůzky
filter-hide-tentative = Skrýt předběžně přijaté schůzky
filter-hide-all-day = Skrýt celodenní události
filter-hide-cancelled = Skrýt zrušené schůzky
filter-hide-without-link = Skrýt schůzky bez odkazu pro připojení
settings-hide-titles = Skrýt schůzky, jejichž název obsahuje
settings-hide-titles-hint = Jeden na řádek.
settings-language = Jazyk
settings-language-label = Jazyk rozhraní
settings-language-auto = Automaticky

## Settings tab: meeting links

settings-links = Odkazy na schůzky
settings-links-resync = Po uložení změn v této části se kalendář načte znovu.
settings-order = Upřednostňované služby
settings-order-hint = Když pozvánka obsahuje rovnocenné odkazy několika služeb, připojíte se přes tu, která je v tomto seznamu nejvýše (schůzka, kterou pozvánka sama zakládá, například v Teams, má přednost vždy).
settings-order-empty = Není vybrána žádná služba: odkaz zvolí Meeting Tray sám.
settings-order-up = Posunout { $service } výš
settings-order-down = Posunout { $service } níž
settings-order-remove = Odebrat { $service }
settings-order-add-label = Přidat službu
settings-order-choose = Vyberte službu…
settings-order-add = Přidat
settings-custom = Vlastní odkazy na schůzky
settings-custom-hint = Odkazy na tyto hostitele (i jejich subdomény) se považují za odkazy na schůzky, třeba na interní videokonferenční systém. Nejvýše { $max }.
settings-custom-row = Odkaz na schůzku
settings-custom-name = Název
settings-custom-host = Hostitel
settings-custom-path = Předpona cesty
settings-custom-add = Přidat odkaz
settings-custom-remove = Odebrat
settings-custom-remove-label = Odebrat { $name }
settings-custom-remove-unnamed = Odebrat tento odkaz
settings-custom-name-invalid = Pojmenujte odkaz, název smí mít nejvýše { $max } znaků.
settings-custom-host-invalid = Zadejte název hostitele, například meet.example.com.
settings-custom-path-invalid = Nechte předponu cesty prázdnou, nebo ji začněte znakem / (nejvýše { $max } znaků).

## Settings tab: desktop

settings-desktop = Pracovní prostředí
settings-theme = Vzhled
settings-theme-system = Podle systému
settings-theme-light = Světlý
settings-theme-dark = Tmavý
settings-tray-icon = Ikona v oznamovací oblasti
settings-tray-dark-panel = Pro tmavý panel
settings-tray-light-panel = Pro světlý panel
settings-tray-hint = Většina panelů v Linuxu, včetně horní lišty GNOME, je tmavá.
settings-start-at-login = Spouštět Meeting Tray po přihlášení
settings-shortcut = Klávesová zkratka pro připojení k další schůzce
settings-shortcut-hint = Například Ctrl+Alt+J: Ctrl, Alt, Shift nebo Super spojené znakem +, na konci klávesa. Prázdné pole znamená bez zkratky. V Linuxu funguje jen v X11.
settings-shortcut-wayland = Ve Waylandu si aplikace nemohou nastavit globální klávesové zkratky. Přidejte proto v nastavení klávesnice svého prostředí vlastní zkratku, která spustí tento příkaz:
settings-shortcut-invalid = Zadejte zkratku jako Ctrl+Alt+J: Ctrl, Alt nebo Super (případně i Shift) a klávesu, spojené znakem +.

## Join pop-up

popup-window-title = Meeting Tray — Připojit se
popup-load-failed = Schůzky se nepodařilo načíst. { $error }
duration-minutes = { $minutes } min
duration-hours = { $hours } h
duration-hours-minutes = { $hours } h { $minutes } min
relative-in = za { $duration }
relative-starting = právě začíná
relative-started = začala před { $duration }
relative-just-ended = právě skončila
relative-ended = skončila před { $duration }
popup-organizer-self = Tuto schůzku pořádáte vy.
popup-accepted = Přijali jste.
popup-tentative = Předběžně jste přijali.
popup-declined = Odmítli jste.
popup-no-link = Bez odkazu pro připojení
popup-join-with = Připojit se přes…
popup-join-other-label = Připojit se ke schůzce { $subject } přes { $service } ({ $host })
popup-comment-placeholder = Nepovinné
popup-rsvp-group = Odpovědět na pozvánku
popup-comment = Komentář
popup-send-response = Odeslat odpověď
popup-snooze = Odložit
popup-snooze-minutes-label =
    { $minutes ->
        [one] Odložit o { $minutes } minutu
        [few] Odložit o { $minutes } minuty
        [many] Odložit o { $minutes } minuty
       *[other] Odložit o { $minutes } minut
    }
popup-until-start = Do začátku
popup-until-start-label = Odložit do začátku schůzky
popup-dismiss = Zavřít
popup-dismiss-label = Zavřít upozornění: { $subject }
popup-empty = Žádná schůzka teď nezačíná.
settings-meetings = Schůzky, které vytváříte
settings-source = Údaje pro připojení bere z
settings-source-none = Zatím odnikud (klíčové slovo a Zahájit schůzku hned čekají)
settings-source-room = Moje osobní místnost
settings-source-jitsi = Pokaždé nová místnost na serveru Jitsi
settings-source-service = Název služby zobrazený v Místě
settings-source-service-invalid = Uveďte název služby, nejvýše 40 znaků, například Zoom.
settings-source-url = Odkaz na vaši místnost
settings-source-server = Adresa serveru
settings-source-url-invalid = Zadejte adresu začínající https://, například https://meet.jit.si.
settings-source-dial-in = Údaje pro vytáčení (nepovinné)
settings-keyword-enabled = Doplňovat údaje pro připojení do mých schůzek s klíčovým slovem v Místě
settings-keyword = Klíčové slovo
settings-keyword-invalid = Klíčové slovo je zavináč a 1 až 30 písmen nebo číslic, například @meet.
settings-keyword-hint = Napište ho do Místa schůzky, kterou pořádáte, v libovolném kalendáři: Meeting Tray doplní do pozvánky údaje pro připojení a do Místa název služby. Schůzek Teams si nevšímá.
settings-quick = Zahájit schůzku hned rezervuje
settings-quick-length = { $minutes } min
