//! Reading cache contents written with another schema version.
//!
//! Each schema change adds a step that turns a schema `n` document into a
//! schema `n + 1` one, on the JSON value rather than on structs so old
//! shapes need no Rust types. A file from a newer version, or from an older
//! one with no step, is not converted; the caller sets it aside and syncs
//! again, which costs one full download and loses nothing.

use serde_json::Value;

use crate::calendar::model::{Cache, SCHEMA_VERSION};

/// Turns a document of one schema version into the next.
type Step = fn(Value) -> Result<Value, MigrateError>;

/// `(from, step to from + 1)`.
const STEPS: &[(u32, Step)] = &[(1, full_round_for_new_fields)];

/// Schema 2 keeps, per meeting, the Location's `@keywords` and whether
/// Meeting Tray added join details, and Outlook on the web's address: all
/// read from events, which a delta round sends only when they change. The
/// meetings stay (the agenda and alerts go on offline); the next sync is a
/// full round that fills the new fields.
fn full_round_for_new_fields(mut value: Value) -> Result<Value, MigrateError> {
    let fields = value.as_object_mut().ok_or(MigrateError::Shape(1))?;
    fields.insert("delta_link".into(), Value::Null);
    Ok(value)
}

/// Why cache contents were not converted. The messages never quote the
/// contents (serde's would: "invalid type: string \"…\"").
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum MigrateError {
    #[error("it has no schema version")]
    NoSchema,
    #[error(
        "it was written by a newer Meeting Tray (schema {0}, this one reads {SCHEMA_VERSION})"
    )]
    Newer(u32),
    #[error("its schema {0} is too old to convert")]
    Unsupported(u32),
    #[error("its contents do not match schema {0}")]
    Shape(u32),
}

/// The `schema` field of cache contents.
pub(super) fn schema_of(value: &Value) -> Result<u32, MigrateError> {
    value
        .get("schema")
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or(MigrateError::NoSchema)
}

/// The cache in `value`, whose schema version is `from`, converted to the
/// current schema.
pub(super) fn migrate(value: Value, from: u32) -> Result<Cache, MigrateError> {
    migrate_with(STEPS, SCHEMA_VERSION, value, from)
}

/// [`migrate`] with the steps and the target version as parameters, so the
/// chaining can be tested before there is a second schema.
fn migrate_with(
    steps: &[(u32, Step)],
    target: u32,
    mut value: Value,
    from: u32,
) -> Result<Cache, MigrateError> {
    if from > target {
        return Err(MigrateError::Newer(from));
    }
    for version in from..target {
        let (_, step) = steps
            .iter()
            .find(|(v, _)| *v == version)
            .ok_or(MigrateError::Unsupported(from))?;
        value = step(value)?;
        // Steps change the shape; the version number is kept here.
        if let Some(fields) = value.as_object_mut() {
            fields.insert("schema".into(), (version + 1).into());
        }
    }
    serde_json::from_value(value).map_err(|_| MigrateError::Shape(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn current(schema: u32) -> Value {
        json!({
            "schema": schema,
            "window_start": "2025-03-01T00:00:00Z",
            "window_end": "2025-03-15T00:00:00Z",
            "delta_link": null,
            "meetings": {},
            "mailbox": { "time_zone": "UTC", "locale": null,
                         "automatic_replies": { "status": "disabled",
                             "scheduled_start": null, "scheduled_end": null } },
            "last_sync": null,
        })
    }

    #[test]
    fn the_current_schema_decodes_as_is() {
        let cache = migrate(current(SCHEMA_VERSION), SCHEMA_VERSION).unwrap();
        assert_eq!(cache.schema, SCHEMA_VERSION);
        assert_eq!(cache.mailbox.time_zone.as_deref(), Some("UTC"));
    }

    #[test]
    fn schema_1_keeps_its_meetings_and_syncs_in_full_next() {
        let mut v1 = current(1);
        v1["delta_link"] =
            json!("https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=x");
        v1["meetings"] = json!({"m1": {
            "id": "m1", "series_id": null, "subject": "Budget",
            "when": {"kind": "timed", "start": "2025-03-02T09:00:00Z", "end": "2025-03-02T09:30:00Z"},
            "organizer_name": null, "response": "organizer", "show_as": "busy",
            "is_cancelled": false, "links": [], "change_key": "ck"}});
        let cache = migrate(v1, 1).unwrap();
        assert_eq!(cache.schema, SCHEMA_VERSION);
        assert_eq!(cache.delta_link, None, "a full round fills the new fields");
        let m = &cache.meetings["m1"];
        assert_eq!(m.subject, "Budget");
        assert!(m.location_keywords.is_empty() && !m.join_details_added);
    }

    #[test]
    fn older_schemas_without_a_step_and_newer_ones_are_refused() {
        assert_eq!(
            migrate(current(0), 0).unwrap_err(),
            MigrateError::Unsupported(0)
        );
        assert_eq!(
            migrate(current(SCHEMA_VERSION + 1), SCHEMA_VERSION + 1).unwrap_err(),
            MigrateError::Newer(SCHEMA_VERSION + 1)
        );
        assert_eq!(
            migrate(current(u32::MAX), u32::MAX).unwrap_err(),
            MigrateError::Newer(u32::MAX)
        );
    }

    #[test]
    fn a_shape_that_does_not_decode_is_refused_without_quoting_it() {
        let mut value = current(SCHEMA_VERSION);
        value["meetings"] = json!("Quarterly budget review ZQX");
        let err = migrate(value, SCHEMA_VERSION).unwrap_err();
        assert_eq!(err, MigrateError::Shape(SCHEMA_VERSION));
        assert!(!err.to_string().contains("ZQX"), "{err}");
    }

    /// Renames a top-level field, as a pretend schema step would.
    fn rename(value: Value, from: &str, to: &str) -> Result<Value, MigrateError> {
        let mut fields = value.as_object().cloned().ok_or(MigrateError::Shape(0))?;
        let moved = fields.remove(from).ok_or(MigrateError::Shape(0))?;
        fields.insert(to.into(), moved);
        Ok(Value::Object(fields))
    }

    #[test]
    fn steps_chain_from_the_file_version_to_the_target_and_set_the_schema() {
        // Pretend history up to schema 3: schema 1 called the meetings
        // "appointments", schema 2 "meeting_map".
        let steps: &[(u32, Step)] = &[
            (2, |v| rename(v, "meeting_map", "meetings")),
            (1, |v| rename(v, "appointments", "meeting_map")),
        ];
        let with_meetings_as = |schema: u32, name: &str| {
            let mut value = current(schema);
            let fields = value.as_object_mut().unwrap();
            let meetings = fields.remove("meetings").unwrap();
            fields.insert(name.into(), meetings);
            value
        };

        let cache = migrate_with(steps, 3, with_meetings_as(1, "appointments"), 1).unwrap();
        assert_eq!(cache.schema, 3);
        let cache = migrate_with(steps, 3, with_meetings_as(2, "meeting_map"), 2).unwrap();
        assert_eq!(cache.schema, 3);
        let cache = migrate_with(steps, 3, current(3), 3).unwrap();
        assert_eq!(cache.schema, 3);

        // Each step runs once, in order: running the second step alone on a
        // schema 1 document, or skipping it, leaves the wrong field name.
        assert_eq!(
            migrate_with(steps, 3, with_meetings_as(1, "appointments"), 2).unwrap_err(),
            MigrateError::Shape(0)
        );
        assert_eq!(
            migrate_with(steps, 2, with_meetings_as(1, "appointments"), 1).unwrap_err(),
            MigrateError::Shape(2)
        );
        // No step from 0, and nothing newer than the target.
        assert_eq!(
            migrate_with(steps, 3, current(0), 0).unwrap_err(),
            MigrateError::Unsupported(0)
        );
        assert_eq!(
            migrate_with(steps, 3, current(4), 4).unwrap_err(),
            MigrateError::Newer(4)
        );
        // A failing step stops the migration with its error.
        let failing: &[(u32, Step)] = &[(1, |_| Err(MigrateError::Shape(7)))];
        assert_eq!(
            migrate_with(failing, 2, current(1), 1).unwrap_err(),
            MigrateError::Shape(7)
        );
    }

    #[test]
    fn schema_of_reads_only_a_small_number() {
        assert_eq!(schema_of(&json!({"schema": 1})), Ok(1));
        assert_eq!(schema_of(&json!({})), Err(MigrateError::NoSchema));
        assert_eq!(
            schema_of(&json!({"schema": "1"})),
            Err(MigrateError::NoSchema)
        );
        assert_eq!(
            schema_of(&json!({"schema": -1})),
            Err(MigrateError::NoSchema)
        );
        assert_eq!(
            schema_of(&json!({"schema": u64::from(u32::MAX) + 1})),
            Err(MigrateError::NoSchema)
        );
        assert_eq!(schema_of(&json!([1])), Err(MigrateError::NoSchema));
    }
}
