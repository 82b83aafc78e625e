import AttuneCore
import FluentKit
import Foundation

/// Stores and reads evidence documents. The only place that maps between Fluent models and
/// AttuneCore's evidence values.
public enum EvidenceStore {
    /// Stores a whole document in one transaction: every record or none. A document whose
    /// records fail validation, or whose ids are already in the database, stores nothing.
    /// Measures in it raise their safeguarding alerts, attributed to `user` at `now`.
    public static func save(_ document: EvidenceDocument, now: Date = Date(), by user: String = "import",
                            on database: any Database) async throws {
        let problems = EvidenceValidator.problems(in: document, today: CalendarDate.today(at: now))
        guard problems.isEmpty else { throw EvidenceError.invalid(problems) }
        try await database.transaction { db in
            try await refuseExisting(document, on: db)
            try await insert(document, now: now, by: user, writer: BatchWriter(), on: db)
        }
    }

    /// Stores a large document (a national synthetic dataset) into a database holding no
    /// evidence yet, in one transaction, calling `progress` with the rows written so far.
    /// Refuses a database that already holds centres or programmes.
    public static func saveIntoEmptyDatabase(_ document: EvidenceDocument, now: Date = Date(), by user: String = "generate",
                                             progress: (@Sendable (Int) -> Void)? = nil, on database: any Database) async throws {
        let problems = EvidenceValidator.problems(in: document, today: CalendarDate.today(at: now))
        guard problems.isEmpty else { throw EvidenceError.invalid(problems) }
        try await database.transaction { db in
            let centres = try await CentreModel.query(on: db).count(), programmes = try await ProgrammeModel.query(on: db).count()
            guard centres == 0 && programmes == 0 else { throw EvidenceError.invalid([EvidenceProblem(
                record: "database", field: "centres",
                message: "already holds \(centres) centres and \(programmes) programmes; generate into a new database")]) }
            try await insert(document, now: now, by: user, writer: BatchWriter(progress: progress), on: db)
        }
    }

    /// How many rows `saveIntoEmptyDatabase` writes for a document (for a progress bar).
    public static func rowCount(of document: EvidenceDocument) -> Int {
        document.centres.count + document.facilitators.count + document.programmes.count + document.sessions.count
            + document.sessions.reduce(0) { $0 + $1.facilitatorsPresent.count } + document.dyads.count + document.invitations.count
            + document.attendance.count + document.overrides.count + document.measurements.count
    }

    /// Everything in the database as one document, each kind of record in id order. Pages that
    /// show no measures leave them out (`includingMeasures: false`). `centres` (a user's scope)
    /// and `programmes` narrow every query to those programmes, their sessions, invitations,
    /// dyads, attendance and measures; nil reads everything.
    public static func load(includingMeasures: Bool = true, centres scope: Set<String>? = nil, programmes only: Set<String>? = nil,
                            on database: any Database) async throws -> EvidenceDocument {
        let narrowed = scope != nil || only != nil
        var centreQuery = CentreModel.query(on: database)
        if let scope { centreQuery = centreQuery.filter(\.$code ~~ scope) }
        let centres = try await centreQuery.sort(\.$code).all()
        var programmeQuery = ProgrammeModel.query(on: database)
        if scope != nil { programmeQuery = programmeQuery.filter(\.$centre.$id ~~ centres.compactMap(\.id)) }
        if let only { programmeQuery = programmeQuery.filter(\.$code ~~ only) }
        let programmes = try await programmeQuery.sort(\.$code).all()
        let programmeIDs = programmes.compactMap(\.id)
        var sessionQuery = SessionModel.query(on: database)
        var invitationQuery = InvitationModel.query(on: database)
        var overrideQuery = MechanismOverrideModel.query(on: database)
        if narrowed {
            sessionQuery = sessionQuery.filter(\.$programme.$id ~~ programmeIDs)
            invitationQuery = invitationQuery.filter(\.$programme.$id ~~ programmeIDs)
            overrideQuery = overrideQuery.filter(\.$programme.$id ~~ programmeIDs)
        }
        let sessions = try await sessionQuery.sort(\.$code).all()
        let invitations = try await invitationQuery.sort(\.$code).all()
        var dyadQuery = DyadModel.query(on: database)
        var attendanceQuery = AttendanceModel.query(on: database)
        if narrowed {
            dyadQuery = dyadQuery.filter(\.$id ~~ Set(invitations.map(\.$dyad.id)))
            attendanceQuery = attendanceQuery.filter(\.$session.$id ~~ sessions.compactMap(\.id))
        }
        let dyads = try await dyadQuery.sort(\.$code).all()
        let attendance = try await attendanceQuery.all()
        let overrides = try await overrideQuery.all()
        let present = try await facilitatorsPresent(sessions: narrowed ? sessions.compactMap(\.id) : nil, on: database)
        // A narrowed read takes only the facilitators its records name: a page of one centre
        // should not decode every facilitator in the country.
        var facilitatorQuery = FacilitatorModel.query(on: database)
        if narrowed {
            var named = Set(present.values.joined().map(\.$facilitator.id))
            named.formUnion(sessions.compactMap(\.$leadFacilitator.id))
            named.formUnion(invitations.compactMap(\.$invitedByFacilitator.id))
            facilitatorQuery = facilitatorQuery.filter(\.$id ~~ named)
        }
        let facilitators = try await facilitatorQuery.sort(\.$code).all()

        let centreCode = Dictionary(uniqueKeysWithValues: centres.map { ($0.id!, $0.code) })
        let facilitatorCode = Dictionary(uniqueKeysWithValues: facilitators.map { ($0.id!, $0.code) })
        let programmeCode = Dictionary(uniqueKeysWithValues: programmes.map { ($0.id!, $0.code) })
        let sessionCode = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id!, $0.code) })
        let dyadCode = Dictionary(uniqueKeysWithValues: dyads.map { ($0.id!, $0.code) })

        var document = EvidenceDocument(reconstructed: programmes.contains { $0.reconstructed })
        document.centres = centres.map { Centre(id: $0.code, name: $0.name, deprivationDecile: $0.deprivationDecile) }
        document.facilitators = try facilitators.map { model in
            Facilitator(id: model.code, name: model.name,
                        role: try decode(ProfessionalRole.self, model.role, "facilitator \(model.code)", "role"),
                        trainingBody: try decode(TrainingBody.self, model.trainingBody, "facilitator \(model.code)", "training_body"),
                        trainingDays: model.trainingDays, specialInterests: model.specialInterests)
        }
        document.programmes = try programmes.map { model in try programme(model, centreCode: centreCode[model.$centre.id] ?? "?") }
        document.sessions = try sessions.map { model in
            try session(model, programmeCode: programmeCode, facilitators: present[model.id!] ?? [], facilitatorCode: facilitatorCode)
        }
        document.dyads = try dyads.map(dyad)
        document.invitations = try invitations.map { model in
            try invitation(model, dyadCode: dyadCode[model.$dyad.id] ?? "?", programmeCode: programmeCode[model.$programme.id] ?? "?",
                           facilitatorCode: model.$invitedByFacilitator.id.flatMap { facilitatorCode[$0] })
        }
        document.attendance = try attendance.map { model in
            Attendance(dyadId: dyadCode[model.$dyad.id] ?? "?", sessionId: sessionCode[model.$session.id] ?? "?",
                       status: try decode(AttendanceStatus.self, model.status, "attendance", "status"),
                       absenceReason: model.absenceReason)
        }.sorted { ($0.dyadId, $0.sessionId) < ($1.dyadId, $1.sessionId) }
        if includingMeasures {
            document.measurements = try await MeasureStore.all(dyadCodes: dyadCode, onlyThese: narrowed, on: database)
        }
        document.overrides = try overrides.map { model in
            let record = "override of programme \(programmeCode[model.$programme.id] ?? "?")"
            guard let mechanism = MechanismID(model.mechanism) else {
                throw StoredDataError.invalidValue(record: record, field: "mechanism", value: model.mechanism)
            }
            return MechanismOverride(programmeId: programmeCode[model.$programme.id] ?? "?", mechanism: mechanism,
                                     rating: try decode(Rating.self, model.rating, record, "rating"),
                                     rationale: model.rationale, observer: model.observer,
                                     date: try date(model.date, record, "date"))
        }.sorted { ($0.programmeId, $0.mechanism) < ($1.programmeId, $1.mechanism) }
        return document
    }

    /// The programmes a dyad is invited to, each with its centre (codes), read without loading
    /// anything else.
    public static func programmes(ofDyad code: String, on database: any Database) async throws -> [String: String] {
        guard let dyad = try await DyadModel.query(on: database).filter(\.$code == code).first() else { return [:] }
        let ids = try await InvitationModel.query(on: database).filter(\.$dyad.$id == dyad.requireID()).all(\.$programme.$id)
        let programmes = try await ProgrammeModel.query(on: database).filter(\.$id ~~ ids).with(\.$centre).all()
        return Dictionary(programmes.map { ($0.code, $0.centre.code) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Writing

    private static func refuseExisting(_ document: EvidenceDocument, on db: any Database) async throws {
        var clashes: [EvidenceProblem] = []
        /// One problem per kind of record, naming the first few ids that are already stored.
        func clash<M: Model>(_ type: M.Type, _ kind: String, _ codes: [String], _ field: KeyPath<M, FieldProperty<M, String>>) async throws {
            guard !codes.isEmpty else { return }
            let stored = try await M.query(on: db).filter(field ~~ codes).all().compactMap { $0[keyPath: field].value }.sorted()
            guard let first = stored.first else { return }
            let record = stored.count == 1 ? "\(kind) \(first)"
                : "\(kind)s \(stored.prefix(5).joined(separator: ", "))" + (stored.count > 5 ? " and \(stored.count - 5) more" : "")
            clashes.append(EvidenceProblem(record: record, field: "id",
                                           message: "already in the database; an import adds new records only"))
        }
        // Centres and facilitators already stored may be named again, unchanged, so that a new
        // programme of an existing centre can be imported; with different details they clash.
        let storedCentres = try await CentreModel.query(on: db).filter(\.$code ~~ document.centres.map(\.id)).all()
        for model in storedCentres {
            let stored = Centre(id: model.code, name: model.name, deprivationDecile: model.deprivationDecile)
            if let given = document.centres.first(where: { $0.id == model.code }), given != stored {
                clashes.append(EvidenceProblem(record: "centre \(model.code)", field: "id",
                                               message: "already in the database with other details; give them exactly as stored, or use a new id"))
            }
        }
        let storedFacilitators = try await FacilitatorModel.query(on: db).filter(\.$code ~~ document.facilitators.map(\.id)).all()
        for model in storedFacilitators {
            let given = document.facilitators.first { $0.id == model.code }
            if let given, given.name != model.name || given.role.rawValue != model.role || given.trainingBody.rawValue != model.trainingBody
                || given.trainingDays != model.trainingDays || given.specialInterests != model.specialInterests {
                clashes.append(EvidenceProblem(record: "facilitator \(model.code)", field: "id",
                                               message: "already in the database with other details; give them exactly as stored, or use a new id"))
            }
        }
        try await clash(ProgrammeModel.self, "programme", document.programmes.map(\.id), \.$code)
        try await clash(SessionModel.self, "session", document.sessions.map(\.id), \.$code)
        try await clash(DyadModel.self, "dyad", document.dyads.map(\.id), \.$code)
        try await clash(InvitationModel.self, "invitation", document.invitations.map(\.id), \.$code)
        try await clash(MeasurementModel.self, "measurement", document.measurements.map(\.id), \.$code)
        guard clashes.isEmpty else { throw EvidenceError.invalid(clashes) }
    }

    private static func insert(_ document: EvidenceDocument, now: Date, by user: String, writer: BatchWriter, on db: any Database) async throws {
        var centreID: [String: UUID] = [:], facilitatorID: [String: UUID] = [:], programmeID: [String: UUID] = [:]
        var sessionID: [String: UUID] = [:], dyadID: [String: UUID] = [:]

        // Centres and facilitators already stored (and checked identical) are reused.
        for model in try await CentreModel.query(on: db).filter(\.$code ~~ document.centres.map(\.id)).all() { centreID[model.code] = model.id }
        for model in try await FacilitatorModel.query(on: db).filter(\.$code ~~ document.facilitators.map(\.id)).all() {
            facilitatorID[model.code] = model.id
        }
        try await writer.create(document.centres.filter { centreID[$0.id] == nil }.map { centre in
            let model = CentreModel(id: UUID(), code: centre.id, name: centre.name, deprivationDecile: centre.deprivationDecile)
            centreID[centre.id] = model.id
            return model
        }, on: db)
        try await writer.create(document.facilitators.filter { facilitatorID[$0.id] == nil }.map { facilitator in
            let model = FacilitatorModel()
            model.id = UUID()
            model.code = facilitator.id
            model.name = facilitator.name
            model.role = facilitator.role.rawValue
            model.trainingBody = facilitator.trainingBody.rawValue
            model.trainingDays = facilitator.trainingDays
            model.specialInterests = facilitator.specialInterests
            facilitatorID[facilitator.id] = model.id
            return model
        }, on: db)
        try await writer.create(document.programmes.map { programme in
            let model = ProgrammeModel(id: UUID(), centreID: centreID[programme.centreId]!, code: programme.id,
                                       name: programme.name, plannedSessions: programme.plannedSessions,
                                       sessionMinutes: programme.sessionMinutes, startDate: programme.startDate?.description,
                                       endDate: programme.endDate?.description, reconstructed: document.reconstructed)
            model.placeLimit = programme.placeLimit
            model.venue = programme.venue
            model.startTime = programme.startTime?.description
            model.reminderSchedule = programme.reminders.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) }
            programmeID[programme.id] = model.id
            return model
        }, on: db)
        var present: [SessionFacilitatorModel] = []
        try await writer.create(document.sessions.map { session in
            let model = sessionModel(session, programmeID: programmeID[session.programmeId]!,
                                     leadID: session.leadFacilitatorId.flatMap { facilitatorID[$0] })
            sessionID[session.id] = model.id
            present += session.facilitatorsPresent.enumerated().map {
                SessionFacilitatorModel(sessionID: model.id!, facilitatorID: facilitatorID[$0.element]!, position: $0.offset)
            }
            return model
        }, on: db)
        try await writer.create(present, on: db)
        try await writer.create(document.dyads.map { dyad in
            let model = DyadModel()
            model.id = UUID()
            model.code = dyad.id
            model.motherName = dyad.motherName
            model.motherAgeYears = dyad.motherAgeYears
            model.infantName = dyad.infantName
            model.infantDateOfBirth = dyad.infantDateOfBirth?.description
            model.socialRiskFactors = dyad.socialRiskFactors.map(\.rawValue)
            model.consentToRecords = dyad.consentToRecords
            model.consentDate = dyad.consentDate?.description
            model.phone = dyad.phone
            model.email = dyad.email
            model.preferredChannel = dyad.preferredChannel?.rawValue
            dyadID[dyad.id] = model.id
            return model
        }, on: db)
        try await writer.create(document.invitations.map { invitation in
            let model = InvitationModel()
            model.code = invitation.id
            model.$dyad.id = dyadID[invitation.dyadId]!
            model.$programme.id = programmeID[invitation.programmeId]!
            model.$invitedByFacilitator.id = invitation.invitedByFacilitatorId.flatMap { facilitatorID[$0] }
            model.invitedByPractitioner = invitation.invitedByPractitioner
            model.mode = invitation.mode.rawValue
            model.date = invitation.date?.description
            model.status = invitation.status.rawValue
            model.consentDate = invitation.consentDate?.description
            model.closedDate = invitation.closedDate?.description
            model.closedReason = invitation.closedReason
            return model
        }, on: db)
        try await writer.create(document.attendance.map { entry in
            let model = AttendanceModel()
            model.$dyad.id = dyadID[entry.dyadId]!
            model.$session.id = sessionID[entry.sessionId]!
            model.status = entry.status.rawValue
            model.absenceReason = entry.absenceReason
            return model
        }, on: db)
        try await writer.create(document.overrides.map { override in
            let model = MechanismOverrideModel()
            model.$programme.id = programmeID[override.programmeId]!
            model.mechanism = override.mechanism.description
            model.rating = override.rating.rawValue
            model.rationale = override.rationale
            model.observer = override.observer
            model.date = override.date?.description
            return model
        }, on: db)
        _ = try await MeasureStore.insert(document.measurements, dyadIDs: dyadID, settings: .standard, now: now, by: user, writer: writer, on: db)
    }

    // MARK: Mapping

    static func sessionModel(_ session: Session, programmeID: UUID, leadID: UUID?) -> SessionModel {
        let model = SessionModel()
        model.id = UUID()
        model.code = session.id
        model.$programme.id = programmeID
        model.number = session.number
        model.date = session.date?.description
        model.$leadFacilitator.id = leadID
        model.roomTemperatureCelsius = session.roomTemperatureCelsius
        model.easyToFind = session.setting.easyToFind
        model.greetedAtDoor = session.setting.greetedAtDoor
        model.buggiesAccommodated = session.setting.buggiesAccommodated
        model.roomNotCrowded = session.setting.roomNotCrowded
        model.warmEnough = session.setting.warmEnough
        model.strokesTaught = session.content.strokesTaught
        model.strokesTaughtCompetently = session.content.strokesTaughtCompetently
        model.infantStatesTaught = session.content.infantStatesTaught
        model.infantCuesTaught = session.content.infantCuesTaught
        model.babyPermissionAsked = session.content.babyPermissionAsked
        model.dollModelling = session.content.dollModelling
        model.singing = session.content.singing
        model.socialTime = session.content.socialTime
        model.socialMinutes = session.content.socialMinutes
        model.reflectivePrompts = session.content.reflectivePrompts
        model.containingAtmosphere = session.observer.containingAtmosphere
        model.technicalSkill = session.observer.technicalSkill
        model.personalQualities = session.observer.personalQualities
        model.unregisteredDyadsPresent = session.unregisteredDyadsPresent
        model.notes = session.notes
        model.cancelled = session.cancelled
        return model
    }

    /// Who was present at each session, in order, read in one query and grouped here: Fluent's
    /// eager loading of children compares every child with every parent, which at national
    /// scale (60,000 sessions) takes minutes.
    static func facilitatorsPresent(sessions: [UUID]?, on database: any Database) async throws -> [UUID: [SessionFacilitatorModel]] {
        var query = SessionFacilitatorModel.query(on: database)
        if let sessions { query = query.filter(\.$session.$id ~~ sessions) }
        var grouped: [UUID: [SessionFacilitatorModel]] = [:]
        for link in try await query.all() { grouped[link.$session.id, default: []].append(link) }
        return grouped
    }

    static func session(_ model: SessionModel, programmeCode: [UUID: String], facilitators: [SessionFacilitatorModel],
                        facilitatorCode: [UUID: String]) throws -> Session {
        Session(
            id: model.code, programmeId: programmeCode[model.$programme.id] ?? "?", number: model.number,
            date: try date(model.date, "session \(model.code)", "date"),
            facilitatorsPresent: facilitators.sorted { $0.position < $1.position }.compactMap { facilitatorCode[$0.$facilitator.id] },
            leadFacilitatorId: model.$leadFacilitator.id.flatMap { facilitatorCode[$0] },
            roomTemperatureCelsius: model.roomTemperatureCelsius,
            setting: SettingChecks(easyToFind: model.easyToFind, greetedAtDoor: model.greetedAtDoor,
                                   buggiesAccommodated: model.buggiesAccommodated, roomNotCrowded: model.roomNotCrowded,
                                   warmEnough: model.warmEnough),
            content: ContentChecks(strokesTaught: model.strokesTaught, strokesTaughtCompetently: model.strokesTaughtCompetently,
                                   infantStatesTaught: model.infantStatesTaught, infantCuesTaught: model.infantCuesTaught,
                                   babyPermissionAsked: model.babyPermissionAsked, dollModelling: model.dollModelling,
                                   singing: model.singing, socialTime: model.socialTime, socialMinutes: model.socialMinutes,
                                   reflectivePrompts: model.reflectivePrompts),
            observer: ObserverRatings(containingAtmosphere: model.containingAtmosphere, technicalSkill: model.technicalSkill,
                                      personalQualities: model.personalQualities),
            unregisteredDyadsPresent: model.unregisteredDyadsPresent, notes: model.notes, cancelled: model.cancelled)
    }

    static func programme(_ model: ProgrammeModel, centreCode: String) throws -> Programme {
        let record = "programme \(model.code)"
        var schedule: ReminderSchedule?
        if let json = model.reminderSchedule {
            do { schedule = try JSONDecoder().decode(ReminderSchedule.self, from: Data(json.utf8)) } catch {
                throw StoredDataError.invalidValue(record: record, field: "reminder_schedule", value: json)
            }
        }
        var startTime: ClockTime?
        if let text = model.startTime {
            guard let time = ClockTime(text) else { throw StoredDataError.invalidValue(record: record, field: "start_time", value: text) }
            startTime = time
        }
        return Programme(id: model.code, centreId: centreCode, name: model.name,
                         plannedSessions: model.plannedSessions, sessionMinutes: model.sessionMinutes,
                         startDate: try date(model.startDate, record, "start_date"),
                         endDate: try date(model.endDate, record, "end_date"),
                         placeLimit: model.placeLimit, venue: model.venue, startTime: startTime, reminders: schedule)
    }

    static func dyad(_ model: DyadModel) throws -> Dyad {
        let record = "dyad \(model.code)"
        return Dyad(id: model.code, motherName: model.motherName, motherAgeYears: model.motherAgeYears,
                    infantName: model.infantName,
                    infantDateOfBirth: try date(model.infantDateOfBirth, record, "infant_date_of_birth"),
                    socialRiskFactors: try model.socialRiskFactors.map { try decode(SocialRiskFactor.self, $0, record, "social_risk_factors") },
                    consentToRecords: model.consentToRecords,
                    consentDate: try date(model.consentDate, record, "consent_date"),
                    phone: model.phone, email: model.email,
                    preferredChannel: try model.preferredChannel.map { try decode(ReminderChannel.self, $0, record, "preferred_channel") })
    }

    static func invitation(_ model: InvitationModel, dyadCode: String, programmeCode: String, facilitatorCode: String?) throws -> Invitation {
        let record = "invitation \(model.code)"
        return Invitation(id: model.code, dyadId: dyadCode, programmeId: programmeCode,
                          invitedByFacilitatorId: facilitatorCode, invitedByPractitioner: model.invitedByPractitioner,
                          mode: try decode(InvitationMode.self, model.mode, record, "mode"),
                          date: try date(model.date, record, "date"),
                          status: try decode(EnrolmentStatus.self, model.status, record, "status"),
                          consentDate: try date(model.consentDate, record, "consent_date"),
                          closedDate: try date(model.closedDate, record, "closed_date"), closedReason: model.closedReason)
    }

    static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String, _ record: String, _ field: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw StoredDataError.invalidValue(record: record, field: field, value: raw) }
        return value
    }

    static func date(_ text: String?, _ record: String, _ field: String) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(text) else { throw StoredDataError.invalidValue(record: record, field: field, value: text) }
        return date
    }
}
