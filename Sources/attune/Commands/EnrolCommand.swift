import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

extension InvitationMode: ExpressibleByArgument {}

/// Options every enrolment step shares.
struct EnrolmentTarget: ParsableArguments {
    @Option(help: "The dyad's code.") var dyad: String
    @Option(help: "The programme's code.") var programme: String
    @Option(help: "The day it happened (YYYY-MM-DD); today when left out.") var date: String?
    @OptionGroup var databaseOptions: DatabaseOptions

    func day() throws -> CalendarDate {
        guard let date else { return CalendarDate.today(at: Date()) }
        guard let day = CalendarDate(date) else { throw ReachInputError("enrolment", field: "date", "'\(date)' is not a date; use YYYY-MM-DD") }
        guard day <= CalendarDate.today(at: Date()) else { throw ReachInputError("enrolment", field: "date", "\(day) is in the future") }
        return day
    }

    func inStore<T: Sendable>(_ body: @escaping @Sendable (StoreDatabase) async throws -> T) async throws -> T {
        try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.enrol"), body)
    }
}

struct EnrolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Invite a dyad to a programme, reserve her place, or record that she declined, withdrew or completed.",
        subcommands: [Invite.self, Accept.self, Decline.self, Withdraw.self, Complete.self])

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an invitation: who invited her, and how.")
        @OptionGroup var target: EnrolmentTarget
        @Option(help: "in_person, phone_or_text, leaflet_or_poster, self_referral or professional_referral.") var mode: InvitationMode
        @Option(help: "The facilitator who invited her (code).") var facilitator: String?
        @Option(help: "Another named practitioner who invited her (\"Health visitor J. Patel\").") var practitioner: String?

        func run() async throws {
            let (target, mode, facilitator, practitioner, day) = (self.target, self.mode, self.facilitator, self.practitioner, try target.day())
            let invitation = try await target.inStore { db in
                try await EnrolmentStore.invite(dyad: target.dyad, programme: target.programme, mode: mode, facilitator: facilitator,
                                                practitioner: practitioner, on: day, database: db)
            }
            print("Invited \(invitation.dyadId) to \(invitation.programmeId) (\(invitation.mode.rawValue)); waiting for her answer.")
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "She said yes: record consent and reserve a place.")
        @OptionGroup var target: EnrolmentTarget

        func run() async throws {
            let (target, day) = (self.target, try target.day())
            let invitation = try await target.inStore { db in
                try await EnrolmentStore.enrol(dyad: target.dyad, programme: target.programme, on: day, database: db)
            }
            print("\(invitation.dyadId) is enrolled in \(invitation.programmeId); a place is kept for her.")
        }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "She declined the invitation.")
        @OptionGroup var target: EnrolmentTarget
        @Option(help: "Her reason, in plain words.") var reason: String

        func run() async throws { try await close(target, .declined, reason) }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "She left the programme; her place is freed and reminders stop.")
        @OptionGroup var target: EnrolmentTarget
        @Option(help: "Her reason, in plain words.") var reason: String

        func run() async throws { try await close(target, .withdrawn, reason) }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "She finished the programme; reminders stop.")
        @OptionGroup var target: EnrolmentTarget

        func run() async throws { try await close(target, .completed, nil) }
    }

    static func close(_ target: EnrolmentTarget, _ status: EnrolmentStatus, _ reason: String?) async throws {
        let day = try target.day()
        let invitation = try await target.inStore { db in
            try await EnrolmentStore.close(dyad: target.dyad, programme: target.programme, as: status, reason: reason, on: day, database: db)
        }
        print("\(invitation.dyadId) in \(invitation.programmeId): \(invitation.status.rawValue)" + (invitation.closedReason.map { " (\($0))" } ?? "") + ".")
    }
}

struct AttendanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance",
        abstract: "The register of a session: who was present, late or absent (with why), or cancel a session.",
        subcommands: [RecordRegister.self, CancelSession.self])

    struct RecordRegister: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record the register of one session in one step.",
            discussion: "Example: attune attendance record A1-S2 --present A1-D01,A1-D02 --late A1-D03 --absent 'A1-D05=no bus fare'")
        @Argument(help: "The session's code.") var session: String
        @Option(help: "Dyads present, comma-separated.") var present: String = ""
        @Option(help: "Dyads who came late, comma-separated.") var late: String = ""
        @Option(help: "A dyad absent, as DYAD or DYAD=reason; repeat for each.") var absent: [String] = []
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            func codes(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            var entries: [Attendance] = codes(present).map { Attendance(dyadId: $0, sessionId: session, status: AttendanceStatus.present) }
            entries += codes(late).map { Attendance(dyadId: $0, sessionId: session, status: AttendanceStatus.late) }
            for item in absent {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                entries.append(Attendance(dyadId: parts[0], sessionId: session, status: .absent, absenceReason: parts.count > 1 ? parts[1] : nil))
            }
            guard !entries.isEmpty else { throw ReachInputError("register of session \(session)", field: "present", "name at least one dyad") }
            let (code, register) = (self.session, entries)
            try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.attendance")) { db in
                try await AttendanceStore.record(session: code, entries: register, today: CalendarDate.today(at: Date()), database: db)
            }
            print("Recorded the register of \(code): \(register.filter { $0.status == .present }.count) present, "
                  + "\(register.filter { $0.status == .late }.count) late, \(register.filter { $0.status == .absent }.count) absent.")
        }
    }

    struct CancelSession: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a session: no reminders go out for it.")
        @Argument(help: "The session's code.") var session: String
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let code = self.session
            try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.attendance")) { db in
                try await AttendanceStore.cancel(session: code, database: db)
            }
            print("Cancelled \(code); its reminders will not be sent.")
        }
    }
}
