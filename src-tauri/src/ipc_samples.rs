//! One sample of every value the commands send to the windows, serialized
//! as the windows receive it, kept in `ui/src/ipc-samples.json`. The UI's
//! test compares it with its hand-kept TypeScript types (ipc.ts,
//! popup-ipc.ts): a field renamed, added or dropped on either side fails
//! one of the two tests.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::path::PathBuf;

use meeting_tray_core::agenda::{Filters, Status};
use meeting_tray_core::alerts::AlertSettings;
use meeting_tray_core::auth::Cloud;
use meeting_tray_core::graph::connection_test::Check;
use meeting_tray_core::join::JoinSettings;
use meeting_tray_core::meeting_source::MeetingSource;
use meeting_tray_core::settings::{DesktopSettings, KeywordSource, LinkSettings, MeetingSettings};
use meeting_tray_links::CustomService;
use serde_json::{json, Value};

use crate::agenda_commands::{
    AgendaDay, AgendaMeeting, AgendaView, AppSettings, AppSettingsView, AvailabilityView,
    OutOfOfficeView, ServiceChoice,
};
use crate::ipc::{
    AccountView, AlertView, AppInfo, ErrorCode, IpcError, LinkView, PopupView, SettingsView,
};

const UPDATE: &str = "UPDATE_IPC_SAMPLES";

/// Every optional field set, so each key and its type show.
fn samples() -> Value {
    let settings = SettingsView {
        client_id: "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f".into(),
        tenant: "organizations".into(),
        cloud: Cloud::Worldwide,
        read_only: false,
        reauthorize_after_days: 30,
    };
    let account = AccountView {
        state: "connected",
        username: Some("dana@contoso.example".into()),
        display_name: Some("Dana Reyes".into()),
        cloud: "Worldwide (including GCC)".into(),
        reconnect_by: Some("2026-12-28T09:00:00+00:00".into()),
        problem: Some("What is wrong and what to do.".into()),
        settings,
    };
    let meeting = AgendaMeeting {
        id: "AAMk1".into(),
        start: "2026-03-02T10:00:00+00:00".into(),
        end: "2026-03-02T10:30:00+00:00".into(),
        time_range: "10:00–10:30".into(),
        all_day: false,
        subject: "Design review".into(),
        organizer: Some("Sam Lee".into()),
        service_id: Some("teams".into()),
        service_name: Some("Microsoft Teams".into()),
        host: Some("teams.microsoft.com".into()),
        status: Status::InProgress,
        response: "notResponded",
        can_rsvp: true,
        cancelled: false,
        join_details_added: true,
    };
    let agenda = AgendaView {
        connected: true,
        days: vec![AgendaDay {
            date: "2026-03-02".into(),
            label: "Today — Mon 2 Mar".into(),
            meetings: vec![meeting],
        }],
        now: "2026-03-02T10:05:00+00:00".into(),
        out_of_office: Some(OutOfOfficeView {
            from: Some("2026-03-02T08:00:00+00:00".into()),
            until: Some("2026-03-09T08:00:00+00:00".into()),
            muted: true,
        }),
        stale_since: Some("2026-03-02T09:00:00+00:00".into()),
        availability: Some(AvailabilityView {
            start: "2026-03-02T00:00:00+00:00".into(),
            slot_minutes: 30,
            slots: {
                use meeting_tray_core::free_busy::Availability::*;
                let mut day = vec![Free; 48];
                day[18..20].fill(Busy);
                day[20] = Tentative;
                day[26..28].fill(OutOfOffice);
                day[30] = WorkingElsewhere;
                day
            },
        }),
        sync_problem: Some(
            "Microsoft Graph answered 503 UnknownError. Microsoft 365 is busy: Meeting Tray waits and tries again by itself".into(),
        ),
    };
    let zoom = ServiceChoice {
        id: "zoom",
        name: "Zoom",
    };
    let app_settings = AppSettingsView {
        settings: AppSettings {
            alerts: AlertSettings {
                escalate_every_minutes: Some(5),
                ..AlertSettings::default()
            },
            // open_in is a map by service id: left empty, its keys are data.
            join: JoinSettings::default(),
            filters: Filters {
                hide_titles: vec!["Lunch".into()],
                ..Filters::default()
            },
            language: Some("cs".into()),
            desktop: DesktopSettings {
                join_shortcut: Some("Ctrl+Alt+J".into()),
                ..DesktopSettings::default()
            },
            links: LinkSettings {
                service_order: vec!["zoom".into()],
                custom: vec![CustomService {
                    name: "Acme Video".into(),
                    host: "video.acme.example".into(),
                    path_prefix: "/room/".into(),
                }],
            },
            meetings: MeetingSettings {
                source: Some(MeetingSource::PersonalRoom {
                    service: "Zoom".into(),
                    url: "https://contoso.zoom.us/my/dana".into(),
                    dial_in: Some("+1 555 0100".into()),
                }),
                more_keywords: vec![KeywordSource {
                    keyword: "@jitsi".into(),
                    source: MeetingSource::Jitsi {
                        base_url: "https://meet.jit.si".into(),
                        dial_in: None,
                    },
                }],
                ..MeetingSettings::default()
            },
            start_at_login: true,
        },
        services: vec![zoom.clone()],
        all_services: vec![zoom],
        session: "x11",
        shortcut_problem: Some("Taken by another app.".into()),
    };
    let link = LinkView {
        index: 0,
        service_id: "teams".into(),
        service_name: "Microsoft Teams".into(),
        host: "teams.microsoft.com".into(),
    };
    let popup = PopupView {
        alerts: vec![AlertView {
            key: "1772445600@AAMk1".into(),
            subject: "Design review".into(),
            start: "2026-03-02T10:00:00Z".into(),
            instant: "2026-03-02T09:59:00Z".into(),
            end: "2026-03-02T10:30:00Z".into(),
            time_range: "10:00–10:30".into(),
            organizer: Some("Sam Lee".into()),
            join: Some(link.clone()),
            others: vec![link],
            response: "notResponded",
            can_rsvp: true,
        }],
    };
    json!({
        "app_info": AppInfo { name: "Meeting Tray", version: "0.1.0", account },
        "agenda_view": agenda,
        "app_settings_view": app_settings,
        "popup_view": popup,
        "check": Check {
            permission: "Calendars.Read",
            what: "Read your calendar",
            ok: true,
            detail: "3 events".into(),
        },
        "ipc_error": IpcError::new(ErrorCode::Configuration, "Choose one to three alert times."),
    })
}

#[test]
fn the_ui_s_sample_of_every_ipc_value_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc-samples.json");
    let now = serde_json::to_string_pretty(&samples()).unwrap() + "\n";
    if std::env::var_os(UPDATE).is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == now,
        "{} is not what the commands send: run `{UPDATE}=1 cargo test -p meeting-tray ipc_samples`, \
         then make ui/src/ipc.ts and popup-ipc.ts match (npm --prefix ui test checks them)",
        path.display()
    );
}
