import AttuneCore
import Foundation

/// The evidence tables as raw rows: for each table, its columns, how a domain value becomes a
/// row to insert, and how a row read back becomes a domain value. Each table's columns follow
/// from its record's definition in AttuneCore (`columns(of:)`: a column per field, by the
/// field's name), so a field added there is a column here, and `RecordColumnsTests` holds every
/// table to its definition. Reads select these columns and find each by its name
/// (`ColumnPositions`); row ids are read as (upper-case UUID text) and turned into codes by maps
/// the caller makes. The Fluent models in `Models/` describe the same tables for the small,
/// single-record paths.
enum EvidenceRows {
    /// A table's columns as its record's definition names them, in the definition's order: the
    /// row id ("id", a UUID) first, the record's own id as "code", then a column per field
    /// (a group's fields each by its own name), except those `storedElsewhere` (a list kept in a
    /// table of its own); `renamed` gives a field's column another name (several fields may
    /// share one JSON column); `storeOnly` adds columns no document carries, last.
    static func columns<Record>(of definition: RecordDefinition<Record>, renamed: [String: String] = [:],
                                storedElsewhere: Set<String> = [], storeOnly: [String] = []) -> [String] {
        var columns = ["id"]
        for field in definition.fields.flatMap({ $0.kind == .group ? definition.groups[$0.name] ?? [] : [$0] })
        where !storedElsewhere.contains(field.name) {
            let column = field.name == "id" ? "code" : renamed[field.name] ?? field.name
            if !columns.contains(column) { columns.append(column) }
        }
        return columns + storeOnly
    }

    /// A table's values in its columns' order, each given by `value(column)`. Rows are made by
    /// name, so the order the definition gives the columns never has to be repeated here.
    static func row(_ columns: [String], _ value: (String) -> SQLValue) -> [SQLValue] {
        columns.map(value)
    }

    // MARK: Centres and facilitators

    static let centreColumns = columns(of: EvidenceRecords.centre)

    static func row(_ centre: Centre, id: UUID) -> [SQLValue] {
        row(centreColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(centre.id)
            case "name": .text(centre.name)
            case "deprivation_decile": .int(centre.deprivationDecile)
            case "area": .text(centre.area)
            default: unmapped(column, of: "centres")
            }
        }
    }

    private static let centreColumn = ColumnPositions(centreColumns)

    static func centre(_ row: RawRow) throws -> Centre {
        let column = centreColumn
        return Centre(id: try row.required(column["code"], "centre", "code"), name: try row.required(column["name"], "centre", "name"),
                      deprivationDecile: row.int(column["deprivation_decile"]), area: row.text(column["area"]))
    }

    static let facilitatorColumns = columns(of: EvidenceRecords.facilitator)

    static func row(_ facilitator: Facilitator, id: UUID) -> [SQLValue] {
        row(facilitatorColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(facilitator.id)
            case "name": .text(facilitator.name)
            case "role": .text(facilitator.role.rawValue)
            case "training_body": .text(facilitator.trainingBody.rawValue)
            case "training_days": .int(facilitator.trainingDays)
            case "trained_on": .text(facilitator.trainedOn?.description)
            case "special_interests": .textList(facilitator.specialInterests)
            default: unmapped(column, of: "facilitators")
            }
        }
    }

    private static let facilitatorColumn = ColumnPositions(facilitatorColumns)

    static func facilitator(_ row: RawRow) throws -> Facilitator {
        let column = facilitatorColumn
        let code = try row.required(column["code"], "facilitator", "code")
        func record() -> String { "facilitator \(code)" }
        return Facilitator(id: code, name: try row.required(column["name"], record(), "name"),
                           role: try row.decode(ProfessionalRole.self, column["role"], record(), "role"),
                           trainingBody: try row.decode(TrainingBody.self, column["training_body"], record(), "training_body"),
                           trainingDays: row.int(column["training_days"]), trainedOn: try row.date(column["trained_on"], record(), "trained_on"),
                           specialInterests: row.list(column["special_interests"]) ?? [])
    }

    // MARK: Programmes

    /// `reconstructed` is the document's mark, kept with each of its programmes.
    static let programmeColumns = columns(of: EvidenceRecords.programme, renamed: ["reminders": "reminder_schedule"],
                                          storeOnly: ["reconstructed"])

    static func row(_ programme: Programme, id: UUID, centreID: UUID, reconstructed: Bool) -> [SQLValue] {
        row(programmeColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(programme.id)
            case "centre_id": .uuid(centreID)
            case "name": .text(programme.name)
            case "planned_sessions": .int(programme.plannedSessions)
            case "session_minutes": .int(programme.sessionMinutes)
            case "start_date": .text(programme.startDate?.description)
            case "end_date": .text(programme.endDate?.description)
            case "place_limit": .int(programme.placeLimit)
            case "venue": .text(programme.venue)
            case "start_time": .text(programme.startTime?.description)
            case "reminder_schedule": .text(programme.reminders.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) })
            case "reconstructed": .bool(reconstructed)
            default: unmapped(column, of: "programmes")
            }
        }
    }

    static let programmeColumn = ColumnPositions(programmeColumns)

    /// A programme row; its centre's row id is turned into its code by `centreCode`.
    static func programme(_ row: RawRow, centreCode: RowCodes) throws -> Programme {
        let column = programmeColumn
        let code = try row.required(column["code"], "programme", "code")
        func record() -> String { "programme \(code)" }
        var schedule: ReminderSchedule?
        if let json = row.text(column["reminder_schedule"]) {
            do { schedule = try JSONDecoder().decode(ReminderSchedule.self, from: Data(json.utf8)) } catch {
                throw StoredDataError.invalidValue(record: record(), field: "reminder_schedule", value: json)
            }
        }
        var startTime: ClockTime?
        if let text = row.text(column["start_time"]) {
            guard let time = ClockTime(text) else { throw StoredDataError.invalidValue(record: record(), field: "start_time", value: text) }
            startTime = time
        }
        return Programme(id: code, centreId: centreCode[row.text(column["centre_id"])] ?? "?",
                         name: try row.required(column["name"], record(), "name"),
                         plannedSessions: try row.requiredInt(column["planned_sessions"], record(), "planned_sessions"),
                         sessionMinutes: row.int(column["session_minutes"]),
                         startDate: try row.date(column["start_date"], record(), "start_date"),
                         endDate: try row.date(column["end_date"], record(), "end_date"),
                         placeLimit: row.int(column["place_limit"]), venue: row.text(column["venue"]), startTime: startTime,
                         reminders: schedule)
    }

    // MARK: Sessions

    /// The sessions table's columns: one per field of `EvidenceRecords.session`, each yes/no
    /// check among them (the form's fields, the document's keys); who was present is kept in
    /// `session_facilitators`. Rows are read by these names (`ColumnPositions`).
    static let sessionColumns = columns(of: EvidenceRecords.session, storedElsewhere: ["facilitators_present"])

    static let sessionColumn = ColumnPositions(sessionColumns)

    /// What only the people running a programme read of a session, left out of an audit's read.
    static let sessionRecordKeeping: Set<String> = ["date", "notes", "cancelled_reason"]

    private static let sessionCheck = Dictionary(uniqueKeysWithValues: SessionCheckField.all.map { ($0.name, $0) })

    static func row(_ session: Session, id: UUID, programmeID: UUID, leadID: UUID?) -> [SQLValue] {
        row(sessionColumns) { column in
            if let check = sessionCheck[column] { return .bool(session[keyPath: check.keyPath]) }
            return switch column {
            case "id": .uuid(id)
            case "code": .text(session.id)
            case "programme_id": .uuid(programmeID)
            case "number": .int(session.number)
            case "date": .text(session.date?.description)
            case "lead_facilitator_id": .uuid(leadID)
            case "room_temperature_celsius": .double(session.roomTemperatureCelsius)
            case "social_minutes": .int(session.content.socialMinutes)
            case "unregistered_dyads_present": .int(session.unregisteredDyadsPresent)
            case "notes": .text(session.notes)
            case "cancelled": .bool(session.cancelled)
            case "cancelled_reason": .text(session.cancelledReason)
            case "planned": .bool(session.planned == true)
            default: unmapped(column, of: "sessions")
            }
        }
    }

    /// A session row read by `select(sessionColumns, ...)`. Row ids (programme, lead
    /// facilitator) are turned into codes by the maps; `present` lists the facilitators
    /// present, in order, as codes.
    static func session(_ row: RawRow, programmeCode: RowCodes, facilitatorCode: RowCodes,
                        present: [String]) throws -> Session {
        let column = sessionColumn
        let code = try row.required(column["code"], "session", "code")
        func record() -> String { "session \(code)" }
        var session = Session(
            id: code, programmeId: programmeCode[row.text(column["programme_id"])] ?? "?",
            number: try row.requiredInt(column["number"], record(), "number"),
            date: try row.date(column["date"], record(), "date"), facilitatorsPresent: present,
            leadFacilitatorId: facilitatorCode[row.text(column["lead_facilitator_id"])],
            roomTemperatureCelsius: row.double(column["room_temperature_celsius"]),
            unregisteredDyadsPresent: row.int(column["unregistered_dyads_present"]) ?? 0, notes: row.text(column["notes"]),
            cancelled: row.bool(column["cancelled"]) ?? false, cancelledReason: row.text(column["cancelled_reason"]), planned: row.bool(column["planned"]) == true ? true : nil)
        session.content.socialMinutes = row.int(column["social_minutes"])
        for check in SessionCheckField.all { session[keyPath: check.keyPath] = row.bool(column[check.name]) }
        return session
    }

    static let sessionFacilitatorColumns = ["id", "session_id", "facilitator_id", "position"]

    // MARK: Dyads and invitations

    static let dyadColumns = columns(of: EvidenceRecords.dyad)

    /// A new dyad is written with her measures' need signals already gathered (`AddDyadNeedSignals`).
    static let dyadInsertColumns = columns(of: EvidenceRecords.dyad, storeOnly: ["need_signals"])

    static func row(_ dyad: Dyad, id: UUID, needSignals: String?) -> [SQLValue] {
        row(dyadInsertColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(dyad.id)
            case "mother_name": .text(dyad.motherName)
            case "mother_age_years": .int(dyad.motherAgeYears)
            case "infant_name": .text(dyad.infantName)
            case "infant_date_of_birth": .text(dyad.infantDateOfBirth?.description)
            case "social_risk_factors": .textList(dyad.socialRiskFactors.map(\.rawValue))
            case "consent_to_records": .bool(dyad.consentToRecords)
            case "consent_date": .text(dyad.consentDate?.description)
            case "phone": .text(dyad.phone)
            case "email": .text(dyad.email)
            case "preferred_channel": .text(dyad.preferredChannel?.rawValue)
            case "consent_to_contact": .bool(dyad.consentToContact)
            case "contact_consent_date": .text(dyad.contactConsentDate?.description)
            case "consent_to_research": .bool(dyad.consentToResearch)
            case "research_consent_date": .text(dyad.researchConsentDate?.description)
            case "consent_recorded_by": .text(dyad.consentRecordedBy)
            case "postal_address": .text(dyad.postalAddress)
            case "referral": .text(dyad.referral?.rawValue)
            case "contact_consent_recorded_by": .text(dyad.contactConsentRecordedBy)
            case "research_consent_recorded_by": .text(dyad.researchConsentRecordedBy)
            case "opted_out_channels": .textList(dyad.optedOutChannels.map(\.rawValue))
            case "need_signals": .text(needSignals)
            default: unmapped(column, of: "dyads")
            }
        }
    }

    private static let dyadColumn = ColumnPositions(dyadColumns)

    static func dyad(_ row: RawRow) throws -> Dyad {
        let column = dyadColumn
        let code = try row.required(column["code"], "dyad", "code")
        func record() -> String { "dyad \(code)" }
        return Dyad(id: code, motherName: row.text(column["mother_name"]), motherAgeYears: row.int(column["mother_age_years"]),
                    infantName: row.text(column["infant_name"]),
                    infantDateOfBirth: try row.date(column["infant_date_of_birth"], record(), "infant_date_of_birth"),
                    socialRiskFactors: try (row.list(column["social_risk_factors"]) ?? []).map { raw in
                        guard let factor = SocialRiskFactor(rawValue: raw) else {
                            throw StoredDataError.invalidValue(record: record(), field: "social_risk_factors", value: raw)
                        }
                        return factor
                    },
                    consentToRecords: row.bool(column["consent_to_records"]) ?? false,
                    consentDate: try row.date(column["consent_date"], record(), "consent_date"),
                    phone: row.text(column["phone"]), email: row.text(column["email"]),
                    preferredChannel: row.text(column["preferred_channel"]) == nil ? nil
                        : try row.decode(ReminderChannel.self, column["preferred_channel"], record(), "preferred_channel"),
                    consentToContact: row.bool(column["consent_to_contact"]),
                    contactConsentDate: try row.date(column["contact_consent_date"], record(), "contact_consent_date"),
                    consentToResearch: row.bool(column["consent_to_research"]),
                    researchConsentDate: try row.date(column["research_consent_date"], record(), "research_consent_date"),
                    consentRecordedBy: row.text(column["consent_recorded_by"]), postalAddress: row.text(column["postal_address"]),
                    referral: row.text(column["referral"]) == nil ? nil : try row.decode(Referral.self, column["referral"], record(), "referral"),
                    contactConsentRecordedBy: row.text(column["contact_consent_recorded_by"]),
                    researchConsentRecordedBy: row.text(column["research_consent_recorded_by"]),
                    optedOutChannels: try (row.list(column["opted_out_channels"]) ?? []).map { raw in
                        guard let channel = ReminderChannel(rawValue: raw) else {
                            throw StoredDataError.invalidValue(record: record(), field: "opted_out_channels", value: raw)
                        }
                        return channel
                    })
    }

    static let invitationColumns = columns(of: EvidenceRecords.invitation)

    static func row(_ invitation: Invitation, id: UUID, dyadID: UUID, programmeID: UUID, facilitatorID: UUID?) -> [SQLValue] {
        row(invitationColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(invitation.id)
            case "dyad_id": .uuid(dyadID)
            case "programme_id": .uuid(programmeID)
            case "invited_by_facilitator_id": .uuid(facilitatorID)
            case "invited_by_practitioner": .text(invitation.invitedByPractitioner)
            case "mode": .text(invitation.mode.rawValue)
            case "date": .text(invitation.date?.description)
            case "status": .text(invitation.status.rawValue)
            case "consent_date": .text(invitation.consentDate?.description)
            case "closed_date": .text(invitation.closedDate?.description)
            case "closed_reason": .text(invitation.closedReason)
            default: unmapped(column, of: "invitations")
            }
        }
    }

    /// Invitations are read without their row id, which no read refers to.
    static let invitationReadColumns = Array(invitationColumns.dropFirst())

    /// What only the people running a programme read of an invitation, left out of an audit's read.
    static let invitationRecordKeeping: Set<String> = ["date", "consent_date", "closed_date", "closed_reason"]

    /// An invitation row read by `invitationReadColumns`.
    static let invitationColumn = ColumnPositions(invitationReadColumns)

    static func invitation(_ row: RawRow, dyadCode: RowCodes, programmeCode: RowCodes,
                           facilitatorCode: RowCodes) throws -> Invitation {
        let column = invitationColumn
        let code = try row.required(column["code"], "invitation", "code")
        func record() -> String { "invitation \(code)" }
        return Invitation(id: code, dyadId: dyadCode[row.text(column["dyad_id"])] ?? "?",
                          programmeId: programmeCode[row.text(column["programme_id"])] ?? "?",
                          invitedByFacilitatorId: facilitatorCode[row.text(column["invited_by_facilitator_id"])],
                          invitedByPractitioner: row.text(column["invited_by_practitioner"]),
                          mode: try row.decode(InvitationMode.self, column["mode"], record(), "mode"),
                          date: try row.date(column["date"], record(), "date"),
                          status: try row.decode(EnrolmentStatus.self, column["status"], record(), "status"),
                          consentDate: try row.date(column["consent_date"], record(), "consent_date"),
                          closedDate: try row.date(column["closed_date"], record(), "closed_date"),
                          closedReason: row.text(column["closed_reason"]))
    }

    // MARK: Attendance and overrides

    static let attendanceColumns = columns(of: EvidenceRecords.attendance)

    static func row(_ attendance: Attendance, id: UUID, dyadID: UUID, sessionID: UUID) -> [SQLValue] {
        row(attendanceColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "dyad_id": .uuid(dyadID)
            case "session_id": .uuid(sessionID)
            case "status": .text(attendance.status.rawValue)
            case "absence_reason": .text(attendance.absenceReason)
            default: unmapped(column, of: "attendance")
            }
        }
    }

    /// Attendance is read without its row id, which nothing refers to.
    static let attendanceReadColumns = Array(attendanceColumns.dropFirst())

    /// What only the people running a programme read of attendance, left out of an audit's read.
    static let attendanceRecordKeeping: Set<String> = ["absence_reason"]

    /// An attendance row read by `attendanceReadColumns`, whose dyad and session ids the caller
    /// has turned into codes.
    private static let attendanceColumn = ColumnPositions(attendanceReadColumns)

    static func attendance(_ row: RawRow, dyadCode: String, sessionCode: String) throws -> Attendance {
        let column = attendanceColumn
        return Attendance(dyadId: dyadCode, sessionId: sessionCode,
                          status: try row.decode(AttendanceStatus.self, column["status"], "attendance", "status"),
                          absenceReason: row.text(column["absence_reason"]))
    }

    static let overrideColumns = columns(of: EvidenceRecords.override)

    static func row(_ override: MechanismOverride, id: UUID, programmeID: UUID) -> [SQLValue] {
        row(overrideColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "programme_id": .uuid(programmeID)
            case "mechanism": .text(override.mechanism.description)
            case "rating": .text(override.rating.rawValue)
            case "rationale": .text(override.rationale)
            case "observer": .text(override.observer)
            case "date": .text(override.date?.description)
            default: unmapped(column, of: "mechanism_overrides")
            }
        }
    }

    private static let overrideColumn = ColumnPositions(overrideColumns)

    static func override(_ row: RawRow, programmeCode: RowCodes) throws -> MechanismOverride {
        let column = overrideColumn
        let programme = programmeCode[row.text(column["programme_id"])] ?? "?"
        func record() -> String { "override of programme \(programme)" }
        let raw = row.text(column["mechanism"]) ?? ""
        guard let mechanism = MechanismID(raw) else { throw StoredDataError.invalidValue(record: record(), field: "mechanism", value: raw) }
        return MechanismOverride(programmeId: programme, mechanism: mechanism,
                                 rating: try row.decode(Rating.self, column["rating"], record(), "rating"),
                                 rationale: try row.required(column["rationale"], record(), "rationale"),
                                 observer: try row.required(column["observer"], record(), "observer"),
                                 date: try row.date(column["date"], record(), "date"))
    }

    // MARK: Measures and alerts

    /// The item, subscale and category scores, scales and classification are kept together as
    /// JSON in `values` (`MeasureValues`); `need_signal` is last: reading a measure back does not need it.
    static let measurementColumns = columns(of: EvidenceRecords.measurement,
                                            renamed: Dictionary(uniqueKeysWithValues: MeasureValues.fields.map { ($0, "values") }),
                                            storeOnly: ["need_signal"])

    /// `result`: the measure's score, nil when its values do not score (no need signal then).
    static func row(_ measurement: RecordedMeasure, result: MeasureResult?, id: UUID, dyadID: UUID) -> [SQLValue] {
        row(measurementColumns) { column in
            switch column {
            case "id": .uuid(id)
            case "code": .text(measurement.id)
            case "dyad_id": .uuid(dyadID)
            case "instrument": .text(measurement.instrument.rawValue)
            case "timepoint": .text(measurement.timepoint.rawValue)
            case "date": .text(measurement.date.description)
            case "administered_by": .text(measurement.administeredBy)
            case "values": .text(MeasureValues(measurement).json)
            case "need_signal": .text(result.map(NeedSignal.storedForm))
            default: unmapped(column, of: "measurements")
            }
        }
    }

    private static let measurementColumn = ColumnPositions(measurementColumns)

    static func measurement(_ row: RawRow, dyadCode: RowCodes) throws -> RecordedMeasure {
        let column = measurementColumn
        let code = try row.required(column["code"], "measurement", "code")
        func record() -> String { "measurement \(code)" }
        let json = try row.required(column["values"], record(), "values")
        guard let values = MeasureValues(json: json) else { throw StoredDataError.invalidValue(record: record(), field: "values", value: json) }
        guard let date = try row.date(column["date"], record(), "date") else {
            throw StoredDataError.invalidValue(record: record(), field: "date", value: "NULL")
        }
        return RecordedMeasure(id: code, dyadId: dyadCode[row.text(column["dyad_id"])] ?? "?",
                               instrument: try row.decode(Instrument.self, column["instrument"], record(), "instrument"),
                               timepoint: try row.decode(Timepoint.self, column["timepoint"], record(), "timepoint"), date: date,
                               administeredBy: try row.required(column["administered_by"], record(), "administered_by"),
                               itemScores: values.itemScores,
                               subscaleScores: values.subscaleScores, categoryScores: values.categoryScores,
                               scales: values.scales, classification: values.classification)
    }

    static let alertColumns = ["id", "code", "dyad_id", "measurement_id", "kind", "reason", "due_by", "raised_at", "raised_by"]

    static func row(_ alert: SafeguardingAlert, id: UUID, dyadID: UUID, measurementID: UUID) -> [SQLValue] {
        [.uuid(id), .text(alert.id), .uuid(dyadID), .uuid(measurementID), .text(alert.kind.rawValue), .text(alert.reason),
         .text(alert.dueBy.description), .instant(alert.raisedAt), .text(alert.raisedBy)]
    }

    /// A column no mapping here knows: the record's definition has a field this file has not
    /// been told how to store (`RecordColumnsTests` finds it before anyone can).
    private static func unmapped(_ column: String, of table: String) -> Never {
        preconditionFailure("the \(table) table's column \(column), from its record's definition, has no mapping in EvidenceRows")
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

/// Where each column of a read sits, by its name: a reader asks for `column["notes"]`, never
/// for a number kept in step with a column list by hand.
struct ColumnPositions: Sendable {
    private let positions: [String: Int]

    init(_ columns: [String]) {
        positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    subscript(name: String) -> Int {
        guard let position = positions[name] else { preconditionFailure("no column \(name) is read") }
        return position
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
