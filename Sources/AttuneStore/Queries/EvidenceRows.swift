import AttuneCore
import Foundation

/// The evidence tables as raw rows: for each table, its columns, how a domain value becomes a
/// row to insert, and how a row read back becomes a domain value. Reads select the columns in
/// the order listed here; row ids are read as keys (`RawRow.key`, `RowKey`) and turned into
/// codes by maps the caller makes.
/// The Fluent models in `Models/` describe the same tables for the small, single-record paths.
enum EvidenceRows {
    // MARK: Centres and facilitators

    static let centreColumns = ["id", "code", "name", "deprivation_decile"]

    static func row(_ centre: Centre, id: UUID) -> [SQLValue] {
        [.uuid(id), .text(centre.id), .text(centre.name), .int(centre.deprivationDecile)]
    }

    static func centre(_ row: RawRow) throws -> Centre {
        Centre(id: try row.required(1, "centre", "code"), name: try row.required(2, "centre", "name"),
               deprivationDecile: row.int(3))
    }

    static let facilitatorColumns = ["id", "code", "name", "role", "training_body", "training_days", "special_interests"]

    static func row(_ facilitator: Facilitator, id: UUID) -> [SQLValue] {
        [.uuid(id), .text(facilitator.id), .text(facilitator.name), .text(facilitator.role.rawValue),
         .text(facilitator.trainingBody.rawValue), .int(facilitator.trainingDays), .textList(facilitator.specialInterests)]
    }

    static func facilitator(_ row: RawRow) throws -> Facilitator {
        let code = try row.required(1, "facilitator", "code")
        func record() -> String { "facilitator \(code)" }
        return Facilitator(id: code, name: try row.required(2, record(), "name"),
                           role: try row.decode(ProfessionalRole.self, 3, record(), "role"),
                           trainingBody: try row.decode(TrainingBody.self, 4, record(), "training_body"),
                           trainingDays: row.int(5), specialInterests: row.list(6) ?? [])
    }

    // MARK: Programmes

    static let programmeColumns = ["id", "centre_id", "code", "name", "planned_sessions", "session_minutes", "start_date",
                                   "end_date", "reconstructed", "place_limit", "venue", "start_time", "reminder_schedule"]

    static func row(_ programme: Programme, id: UUID, centreID: UUID, reconstructed: Bool) -> [SQLValue] {
        [.uuid(id), .uuid(centreID), .text(programme.id), .text(programme.name), .int(programme.plannedSessions),
         .int(programme.sessionMinutes), .text(programme.startDate?.description), .text(programme.endDate?.description),
         .bool(reconstructed), .int(programme.placeLimit), .text(programme.venue), .text(programme.startTime?.description),
         .text(programme.reminders.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) })]
    }

    /// A programme row; column 1 (the centre's row id) is turned into its code by `centreCode`.
    static func programme(_ row: RawRow, centreCode: RowCodes) throws -> Programme {
        let code = try row.required(2, "programme", "code")
        func record() -> String { "programme \(code)" }
        var schedule: ReminderSchedule?
        if let json = row.text(12) {
            do { schedule = try JSONDecoder().decode(ReminderSchedule.self, from: Data(json.utf8)) } catch {
                throw StoredDataError.invalidValue(record: record(), field: "reminder_schedule", value: json)
            }
        }
        var startTime: ClockTime?
        if let text = row.text(11) {
            guard let time = ClockTime(text) else { throw StoredDataError.invalidValue(record: record(), field: "start_time", value: text) }
            startTime = time
        }
        return Programme(id: code, centreId: centreCode[row.key(1)] ?? "?", name: try row.required(3, record(), "name"),
                         plannedSessions: try row.requiredInt(4, record(), "planned_sessions"), sessionMinutes: row.int(5),
                         startDate: try row.date(6, record(), "start_date"), endDate: try row.date(7, record(), "end_date"),
                         placeLimit: row.int(9), venue: row.text(10), startTime: startTime, reminders: schedule)
    }

    // MARK: Sessions

    static let sessionColumns = [
        "id", "code", "programme_id", "number", "date", "lead_facilitator_id", "room_temperature_celsius",
        "easy_to_find", "greeted_at_door", "buggies_accommodated", "room_not_crowded", "warm_enough",
        "strokes_taught", "strokes_taught_competently", "infant_states_taught", "infant_cues_taught", "baby_permission_asked",
        "doll_modelling", "singing", "social_time", "social_minutes", "reflective_prompts",
        "containing_atmosphere", "technical_skill", "personal_qualities", "unregistered_dyads_present", "notes", "cancelled",
    ]

    /// What only the people running a programme read of a session, left out of an audit's read.
    static let sessionRecordKeeping: Set<String> = ["date", "notes"]

    static func row(_ session: Session, id: UUID, programmeID: UUID, leadID: UUID?) -> [SQLValue] {
        let setting = session.setting, content = session.content, observer = session.observer
        return [.uuid(id), .text(session.id), .uuid(programmeID), .int(session.number), .text(session.date?.description),
                .uuid(leadID), .double(session.roomTemperatureCelsius),
                .bool(setting.easyToFind), .bool(setting.greetedAtDoor), .bool(setting.buggiesAccommodated),
                .bool(setting.roomNotCrowded), .bool(setting.warmEnough),
                .bool(content.strokesTaught), .bool(content.strokesTaughtCompetently), .bool(content.infantStatesTaught),
                .bool(content.infantCuesTaught), .bool(content.babyPermissionAsked), .bool(content.dollModelling),
                .bool(content.singing), .bool(content.socialTime), .int(content.socialMinutes), .bool(content.reflectivePrompts),
                .bool(observer.containingAtmosphere), .bool(observer.technicalSkill), .bool(observer.personalQualities),
                .int(session.unregisteredDyadsPresent), .text(session.notes), .bool(session.cancelled)]
    }

    /// The yes/no checks of a session, each recorded, or not (NULL): read as one number
    /// (`SessionChecks`), not seventeen columns. In a national read they were 1.1 million of
    /// the 1.7 million values PostgreSQL gathered and sent for the sessions.
    static let sessionCheckColumns = [
        "easy_to_find", "greeted_at_door", "buggies_accommodated", "room_not_crowded", "warm_enough",
        "strokes_taught", "strokes_taught_competently", "infant_states_taught", "infant_cues_taught", "baby_permission_asked",
        "doll_modelling", "singing", "social_time", "reflective_prompts",
        "containing_atmosphere", "technical_skill", "personal_qualities",
    ]

    /// How sessions are read: the columns before the checks, the checks as one number, and
    /// the columns after them. Columns in `leavingOut` are read as NULL (see `select`).
    static func sessionSelect(leavingOut: Set<String>) -> String {
        let selected = selected(sessionColumnsBeforeChecks, leavingOut: leavingOut)
            + [SessionChecks.sql(sessionCheckColumns) + " AS \"checks\""]
            + selected(sessionColumnsAfterChecks, leavingOut: leavingOut)
        return "SELECT \(selected.joined(separator: ", ")) FROM \(RawSQL.quoted(SessionModel.schema))"
    }

    private static let sessionColumnsBeforeChecks = ["id", "code", "programme_id", "number", "date", "lead_facilitator_id",
                                                     "room_temperature_celsius"]
    private static let sessionColumnsAfterChecks = ["social_minutes", "unregistered_dyads_present", "notes", "cancelled"]

    /// How many columns `sessionSelect` reads.
    static let sessionReadColumnCount = sessionColumnsBeforeChecks.count + 1 + sessionColumnsAfterChecks.count

    /// A session row read by `sessionSelect`. Row ids (programme, lead facilitator) are turned
    /// into codes by the maps; `present` lists the facilitators present, in order, as codes.
    static func session(_ row: RawRow, programmeCode: RowCodes, facilitatorCode: RowCodes,
                        present: [String]) throws -> Session {
        let code = try row.required(1, "session", "code")
        func record() -> String { "session \(code)" }
        guard let checks = SessionChecks(row.int(7), count: sessionCheckColumns.count) else {
            throw StoredDataError.invalidValue(record: record(), field: "checks", value: row.text(7) ?? "NULL")
        }
        return Session(
            id: code, programmeId: programmeCode[row.key(2)] ?? "?", number: try row.requiredInt(3, record(), "number"),
            date: try row.date(4, record(), "date"), facilitatorsPresent: present,
            leadFacilitatorId: facilitatorCode[row.key(5)], roomTemperatureCelsius: row.double(6),
            setting: SettingChecks(easyToFind: checks[0], greetedAtDoor: checks[1], buggiesAccommodated: checks[2],
                                   roomNotCrowded: checks[3], warmEnough: checks[4]),
            content: ContentChecks(strokesTaught: checks[5], strokesTaughtCompetently: checks[6],
                                   infantStatesTaught: checks[7], infantCuesTaught: checks[8],
                                   babyPermissionAsked: checks[9], dollModelling: checks[10], singing: checks[11],
                                   socialTime: checks[12], socialMinutes: row.int(8), reflectivePrompts: checks[13]),
            observer: ObserverRatings(containingAtmosphere: checks[14], technicalSkill: checks[15], personalQualities: checks[16]),
            unregisteredDyadsPresent: row.int(9) ?? 0, notes: row.text(10), cancelled: row.bool(11) ?? false)
    }

    static let sessionFacilitatorColumns = ["id", "session_id", "facilitator_id", "position"]

    // MARK: Dyads and invitations

    static let dyadColumns = ["id", "code", "mother_name", "mother_age_years", "infant_name", "infant_date_of_birth",
                              "social_risk_factors", "consent_to_records", "consent_date", "phone", "email", "preferred_channel"]

    /// A new dyad is written with her measures' need signals already gathered (`AddDyadNeedSignals`).
    static let dyadInsertColumns = dyadColumns + ["need_signals"]

    static func row(_ dyad: Dyad, id: UUID, needSignals: String?) -> [SQLValue] {
        [.uuid(id), .text(dyad.id), .text(dyad.motherName), .int(dyad.motherAgeYears), .text(dyad.infantName),
         .text(dyad.infantDateOfBirth?.description), .textList(dyad.socialRiskFactors.map(\.rawValue)),
         .bool(dyad.consentToRecords), .text(dyad.consentDate?.description), .text(dyad.phone), .text(dyad.email),
         .text(dyad.preferredChannel?.rawValue), .text(needSignals)]
    }

    static func dyad(_ row: RawRow) throws -> Dyad {
        let code = try row.required(1, "dyad", "code")
        func record() -> String { "dyad \(code)" }
        return Dyad(id: code, motherName: row.text(2), motherAgeYears: row.int(3), infantName: row.text(4),
                    infantDateOfBirth: try row.date(5, record(), "infant_date_of_birth"),
                    socialRiskFactors: try (row.list(6) ?? []).map { raw in
                        guard let factor = SocialRiskFactor(rawValue: raw) else {
                            throw StoredDataError.invalidValue(record: record(), field: "social_risk_factors", value: raw)
                        }
                        return factor
                    },
                    consentToRecords: row.bool(7) ?? false, consentDate: try row.date(8, record(), "consent_date"),
                    phone: row.text(9), email: row.text(10),
                    preferredChannel: row.text(11) == nil ? nil : try row.decode(ReminderChannel.self, 11, record(), "preferred_channel"))
    }

    static let invitationColumns = ["id", "code", "dyad_id", "programme_id", "invited_by_facilitator_id", "invited_by_practitioner",
                                    "mode", "date", "status", "consent_date", "closed_date", "closed_reason"]

    static func row(_ invitation: Invitation, id: UUID, dyadID: UUID, programmeID: UUID, facilitatorID: UUID?) -> [SQLValue] {
        [.uuid(id), .text(invitation.id), .uuid(dyadID), .uuid(programmeID), .uuid(facilitatorID),
         .text(invitation.invitedByPractitioner), .text(invitation.mode.rawValue), .text(invitation.date?.description),
         .text(invitation.status.rawValue), .text(invitation.consentDate?.description),
         .text(invitation.closedDate?.description), .text(invitation.closedReason)]
    }

    /// Invitations are read without their row id, which no read refers to.
    static let invitationReadColumns = Array(invitationColumns.dropFirst())

    /// What only the people running a programme read of an invitation, left out of an audit's read.
    static let invitationRecordKeeping: Set<String> = ["date", "consent_date", "closed_date", "closed_reason"]

    /// An invitation row read by `invitationReadColumns`.
    static func invitation(_ row: RawRow, dyadCode: RowCodes, programmeCode: RowCodes,
                           facilitatorCode: RowCodes) throws -> Invitation {
        let code = try row.required(0, "invitation", "code")
        func record() -> String { "invitation \(code)" }
        return Invitation(id: code, dyadId: dyadCode[row.key(1)] ?? "?", programmeId: programmeCode[row.key(2)] ?? "?",
                          invitedByFacilitatorId: facilitatorCode[row.key(3)], invitedByPractitioner: row.text(4),
                          mode: try row.decode(InvitationMode.self, 5, record(), "mode"), date: try row.date(6, record(), "date"),
                          status: try row.decode(EnrolmentStatus.self, 7, record(), "status"),
                          consentDate: try row.date(8, record(), "consent_date"), closedDate: try row.date(9, record(), "closed_date"),
                          closedReason: row.text(10))
    }

    // MARK: Attendance and overrides

    static let attendanceColumns = ["id", "dyad_id", "session_id", "status", "absence_reason"]

    static func row(_ attendance: Attendance, id: UUID, dyadID: UUID, sessionID: UUID) -> [SQLValue] {
        [.uuid(id), .uuid(dyadID), .uuid(sessionID), .text(attendance.status.rawValue), .text(attendance.absenceReason)]
    }

    /// Attendance is read without its row id, which nothing refers to.
    static let attendanceReadColumns = ["dyad_id", "session_id", "status", "absence_reason"]

    /// What only the people running a programme read of attendance, left out of an audit's read.
    static let attendanceRecordKeeping: Set<String> = ["absence_reason"]

    /// An attendance row read by `attendanceReadColumns`, whose dyad and session ids the caller
    /// has turned into codes.
    static func attendance(_ row: RawRow, dyadCode: String, sessionCode: String) throws -> Attendance {
        Attendance(dyadId: dyadCode, sessionId: sessionCode,
                   status: try row.decode(AttendanceStatus.self, 2, "attendance", "status"), absenceReason: row.text(3))
    }

    static let overrideColumns = ["id", "programme_id", "mechanism", "rating", "rationale", "observer", "date"]

    static func row(_ override: MechanismOverride, id: UUID, programmeID: UUID) -> [SQLValue] {
        [.uuid(id), .uuid(programmeID), .text(override.mechanism.description), .text(override.rating.rawValue),
         .text(override.rationale), .text(override.observer), .text(override.date?.description)]
    }

    static func override(_ row: RawRow, programmeCode: RowCodes) throws -> MechanismOverride {
        let programme = programmeCode[row.key(1)] ?? "?"
        func record() -> String { "override of programme \(programme)" }
        let raw = row.text(2) ?? ""
        guard let mechanism = MechanismID(raw) else { throw StoredDataError.invalidValue(record: record(), field: "mechanism", value: raw) }
        return MechanismOverride(programmeId: programme, mechanism: mechanism, rating: try row.decode(Rating.self, 3, record(), "rating"),
                                 rationale: try row.required(4, record(), "rationale"), observer: try row.required(5, record(), "observer"),
                                 date: try row.date(6, record(), "date"))
    }

    // MARK: Measures and alerts

    /// `need_signal` is last: reading a measure back does not need it.
    static let measurementColumns = ["id", "code", "dyad_id", "instrument", "timepoint", "date", "administered_by", "values",
                                     "need_signal"]

    /// `result`: the measure's score, nil when its values do not score (no need signal then).
    static func row(_ measurement: RecordedMeasure, result: MeasureResult?, id: UUID, dyadID: UUID) -> [SQLValue] {
        [.uuid(id), .text(measurement.id), .uuid(dyadID), .text(measurement.instrument.rawValue),
         .text(measurement.timepoint.rawValue), .text(measurement.date.description), .text(measurement.administeredBy),
         .text(MeasureValues(measurement).json), .text(result.map(NeedSignal.storedForm))]
    }

    static func measurement(_ row: RawRow, dyadCode: RowCodes) throws -> RecordedMeasure {
        let code = try row.required(1, "measurement", "code")
        func record() -> String { "measurement \(code)" }
        let json = try row.required(7, record(), "values")
        guard let values = MeasureValues(json: json) else { throw StoredDataError.invalidValue(record: record(), field: "values", value: json) }
        guard let date = try row.date(5, record(), "date") else { throw StoredDataError.invalidValue(record: record(), field: "date", value: "NULL") }
        return RecordedMeasure(id: code, dyadId: dyadCode[row.key(2)] ?? "?",
                               instrument: try row.decode(Instrument.self, 3, record(), "instrument"),
                               timepoint: try row.decode(Timepoint.self, 4, record(), "timepoint"), date: date,
                               administeredBy: try row.required(6, record(), "administered_by"), itemScores: values.itemScores,
                               subscaleScores: values.subscaleScores, categoryScores: values.categoryScores,
                               scales: values.scales, classification: values.classification)
    }

    static let alertColumns = ["id", "code", "dyad_id", "measurement_id", "kind", "reason", "due_by", "raised_at", "raised_by"]

    static func row(_ alert: SafeguardingAlert, id: UUID, dyadID: UUID, measurementID: UUID) -> [SQLValue] {
        [.uuid(id), .text(alert.id), .uuid(dyadID), .uuid(measurementID), .text(alert.kind.rawValue), .text(alert.reason),
         .text(alert.dueBy.description), .instant(alert.raisedAt), .text(alert.raisedBy)]
    }

    /// `SELECT "a", "b", ... FROM "table"`, the columns in the order the readers expect.
    /// Columns in `leavingOut` (text columns only) are read as NULL in their place, so that the
    /// readers' positions hold and the database sends nothing for them: an audit reads every
    /// row of the largest tables, and dates, notes and reasons no mechanism rule reads were a
    /// sixth of what PostgreSQL gathered and sent.
    static func select(_ columns: [String], from table: String, leavingOut: Set<String> = []) -> String {
        "SELECT \(selected(columns, leavingOut: leavingOut).joined(separator: ", ")) FROM \(RawSQL.quoted(table))"
    }

    /// The columns quoted, those in `leavingOut` as NULL text.
    private static func selected(_ columns: [String], leavingOut: Set<String>) -> [String] {
        columns.map { leavingOut.contains($0) ? "CAST(NULL AS TEXT) AS \(RawSQL.quoted($0))" : RawSQL.quoted($0) }
    }
}

/// Reading a required or coded cell, refusing a bad value with the record and field it is in.
/// The record's name ("session C1-P1-S1") is built only when a value is refused: a national
/// read names no record for its 300,000 good rows.
extension RawRow {
    func required(_ index: Int, _ record: @autoclosure () -> String, _ field: String) throws -> String {
        guard let text = text(index) else { throw StoredDataError.invalidValue(record: record(), field: field, value: "NULL") }
        return text
    }

    func requiredInt(_ index: Int, _ record: @autoclosure () -> String, _ field: String) throws -> Int {
        guard let int = int(index) else { throw StoredDataError.invalidValue(record: record(), field: field, value: text(index) ?? "NULL") }
        return int
    }

    func decode<T: RawRepresentable>(_ type: T.Type, _ index: Int, _ record: @autoclosure () -> String, _ field: String) throws -> T where T.RawValue == String {
        let raw = text(index) ?? "NULL"
        guard let value = T(rawValue: raw) else { throw StoredDataError.invalidValue(record: record(), field: field, value: raw) }
        return value
    }

    func date(_ index: Int, _ record: @autoclosure () -> String, _ field: String) throws -> CalendarDate? {
        guard let text = text(index) else { return nil }
        guard let date = CalendarDate(text) else { throw StoredDataError.invalidValue(record: record(), field: field, value: text) }
        return date
    }
}
