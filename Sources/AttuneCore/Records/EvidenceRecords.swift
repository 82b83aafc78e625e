/// Every kind of record an evidence document holds, each field defined once. To add a yes/no
/// check to the session log: add the property to its group (`SettingChecks`, `ContentChecks`
/// or `ObserverRatings`), one `.yesNo` line below, and a migration adding its column
/// (`AddSessionCheck`). The form, the schema, the table's columns and the row mapping follow.
public enum EvidenceRecords {
    // MARK: The document

    public static let document = RecordDefinition<EvidenceDocument>(
        collection: "", recordName: "document",
        description: "Everything recorded about a set of infant massage programmes, from which Attune derives each programme's mechanism profile. Keys are snake_case; dates are YYYY-MM-DD; a check left out or null means 'not recorded', which makes a mechanism 'not assessed', never 'no'. Ids are chosen by the sender and must be unique within their kind.",
        fields: [
        RecordField("format", .structured(schema: #"{"const": "attune-evidence"}"#), required: true),
        RecordField("version", .structured(schema: #"{"const": 1}"#), required: true),
        RecordField("reconstructed", .yesNo, description: "True when the records are reconstructed rather than observed (the study dataset); every page that shows them says so.", nullable: false),
        RecordField("description", .text(minimumLength: nil, maximumLength: nil), privacy: .freeText, access: .text(\.description)),
    ])

    /// The document's lists, in the order the schema and the reader name them.
    public static let collections: [(collection: String, recordName: String)] = [
        ("centres", "centre"), ("facilitators", "facilitator"), ("programmes", "programme"), ("sessions", "session"),
        ("dyads", "dyad"), ("invitations", "invitation"), ("attendance", "attendance"), ("overrides", "override"),
        ("measurements", "measurement"), ("second_observations", "second_observation"),
        ("excerpts", "excerpt"),
    ]

    // MARK: Centres, facilitators, programmes

    public static let centre = RecordDefinition<Centre>(
        collection: "centres", recordName: "centre", description: "A children's centre or other venue.", fields: [
            RecordField("id", .id, label: "Code", description: "Unique centre id.", required: true),
            RecordField("name", .text(minimumLength: nil, maximumLength: nil), label: "Name", description: "The centre's name.", required: true),
            RecordField("deprivation_decile", .wholeNumber(minimum: 1, maximum: 10), label: "Deprivation decile of its area",
                        description: "Area deprivation decile: 1 most deprived, 10 least.", access: .wholeNumber(\.deprivationDecile),
                        rangeNote: " (1 most deprived, 10 least)"),
            RecordField("area", .text(minimumLength: nil, maximumLength: 100), label: "Area",
                        description: "The area or locality it serves, e.g. a ward or district.", access: .text(\.area)),
        ])

    public static let facilitator = RecordDefinition<Facilitator>(
        collection: "facilitators", recordName: "facilitator", description: "A practitioner who runs sessions.", fields: [
            RecordField("id", .id, label: "Code", description: "Unique facilitator id.", required: true),
            RecordField("name", .text(minimumLength: nil, maximumLength: nil), label: "Name", description: "Name as staff know it.", required: true),
            RecordField("role", .choice(ProfessionalRole.allCases.map(\.rawValue)), label: "Professional role", required: true),
            RecordField("training_body", .choice(TrainingBody.allCases.map(\.rawValue)), label: "Training body",
                        description: "IAIM: communication-based (four days); Peter Walker: developmental (two to three days).", required: true,
                        choiceLabels: Dictionary(uniqueKeysWithValues: TrainingBody.allCases.map { ($0.rawValue, $0.label) })),
            RecordField("training_days", .wholeNumber(minimum: 0, maximum: 60), label: "Days of infant massage training",
                        access: .wholeNumber(\.trainingDays)),
            RecordField("trained_on", .date, label: "Date her course ended", description: "When she finished her infant massage training."),
            RecordField("special_interests", .textList, label: "Special interests", nullable: false, privacy: .identifying,
                        access: .textList(\.specialInterests)),
        ])

    public static let programme = RecordDefinition<Programme>(
        collection: "programmes", recordName: "programme", description: "A run of sessions at one centre.", fields: [
            RecordField("id", .id, description: "Unique programme id, e.g. A1.", required: true),
            RecordField("centre_id", .reference("centre"), label: "Centre", description: "The centre running it.", required: true),
            RecordField("name", .text(minimumLength: nil, maximumLength: nil), label: "Name", description: "The programme's name.", required: true),
            RecordField("planned_sessions", .wholeNumber(minimum: 1, maximum: 52), label: "Number of weekly sessions", description: "Usually 4-6 weekly sessions.",
                        required: true, access: .requiredWholeNumber(\.plannedSessions)),
            RecordField("session_minutes", .wholeNumber(minimum: 1, maximum: 600), label: "Session length (minutes)", access: .wholeNumber(\.sessionMinutes)),
            RecordField("start_date", .date, label: "Date of the first session"),
            RecordField("end_date", .date, label: "Date of the last session"),
            RecordField("place_limit", .wholeNumber(minimum: 1, maximum: 100), label: "Places",
                        description: "How many dyads can hold a place at once; no limit when absent.", access: .wholeNumber(\.placeLimit)),
            RecordField("venue", .text(minimumLength: nil, maximumLength: nil), label: "Venue, with directions",
                        description: "Where it meets, as reminders name it (e.g. 'the Oak Room').", privacy: .identifying,
                        access: .text(\.venue)),
            RecordField("start_time", .clockTime, label: "Start time", description: "Local start time of each session, HH:MM; 10:00 when absent."),
            RecordField("reminders", .structured(schema: EvidenceSchema.reminderSchedule)),
        ])

    // MARK: Sessions

    public static let session = RecordDefinition<Session>(
        collection: "sessions", recordName: "session", description: "One session as logged.", fields: [
            RecordField("id", .id, description: "Unique session id.", required: true),
            RecordField("programme_id", .reference("programme"), description: "The programme.", required: true),
            RecordField("number", .wholeNumber(minimum: 1, maximum: nil),
                        description: "1 for the first session; at most the programme's planned_sessions.", required: true),
            RecordField("date", .date),
            RecordField("facilitators_present", .references("facilitator", minimum: 1), description: "Facilitator ids; at least one.",
                        required: true),
            RecordField("lead_facilitator_id", .reference("facilitator"), description: "Who led; must be among facilitators_present."),
            RecordField("room_temperature_celsius", .decimal(minimum: 0, maximum: 45), label: "Room temperature (°C)",
                        access: .decimal(\.roomTemperatureCelsius), rangeNote: " °C"),
            RecordField("setting", .group, label: "Setting", description: "Setting checks (M4)."),
            RecordField("content", .group, label: "Content", description: "Content checks."),
            RecordField("observer", .group, label: "Observer's ratings", description: "An observer's judgements."),
            RecordField("unregistered_dyads_present", .wholeNumber(minimum: 0, maximum: 100),
                        label: "Other mothers and babies present (not registered)",
                        description: "Mothers and babies present who are not recorded as dyads; they count towards the group size (M7).",
                        nullable: false, access: .requiredWholeNumber(\.unregisteredDyadsPresent)),
            .freeText("notes", \.notes, label: "Notes",
                      description: "Free text, up to 10,000 characters. Never shown to evaluators."),
            RecordField("cancelled", .yesNo, description: "A cancelled session sends no reminders and takes no attendance.",
                        nullable: false),
            .freeText("cancelled_reason", \.cancelledReason, label: "Why it was cancelled",
                      description: "Why the session was cancelled, in plain words. Free text, up to 10,000 characters. Never shown to evaluators."),
            RecordField("planned", .yesNo, label: "Planned, not yet held",
                        description: "true for a session on the calendar not yet held: reminders go out for it; it takes no attendance "
                            + "and counts towards no rating until its log is saved. Absent or false: held."),
        ],
        groups: [
            "setting": [
                .yesNo("easy_to_find", \.setting.easyToFind, label: "Easy to find",
                       description: "Easy to find, with clear directions."),
                .yesNo("greeted_at_door", \.setting.greetedAtDoor, label: "Mothers greeted at the door",
                       description: "Mothers greeted at the door."),
                .yesNo("buggies_accommodated", \.setting.buggiesAccommodated, label: "Room for buggies",
                       description: "Buggies welcome."),
                .yesNo("room_not_crowded", \.setting.roomNotCrowded, label: "Room not crowded", description: "Room not crowded."),
                .yesNo("warm_enough", \.setting.warmEnough, label: "Warm enough for undressed babies",
                       description: "Warm enough; when null, judged from room_temperature_celsius by the rubric."),
            ],
            "content": [
                .yesNo("strokes_taught", \.content.strokesTaught, label: "Massage strokes taught",
                       description: "Massage strokes taught."),
                .yesNo("strokes_taught_competently", \.content.strokesTaughtCompetently, label: "Strokes taught competently",
                       description: "...and taught competently (M6)."),
                .yesNo("infant_states_taught", \.content.infantStatesTaught, label: "Infant states taught", description: "M12."),
                .yesNo("infant_cues_taught", \.content.infantCuesTaught, label: "Infant cues taught",
                       description: "M13, with baby_permission_asked."),
                .yesNo("baby_permission_asked", \.content.babyPermissionAsked, label: "Baby's permission asked", description: "M13."),
                .yesNo("doll_modelling", \.content.dollModelling, label: "Strokes modelled on a doll",
                       description: "Doll used to model sensitive interaction (M11)."),
                .yesNo("singing", \.content.singing, label: "Singing", description: "M14."),
                .yesNo("social_time", \.content.socialTime, label: "Time for mothers to talk", description: "Time to chat (M8)."),
                RecordField("social_minutes", .wholeNumber(minimum: 0, maximum: 600), label: "Minutes of social time",
                            access: .wholeNumber(\.content.socialMinutes)),
                .yesNo("reflective_prompts", \.content.reflectivePrompts, label: "Reflective prompts", description: "M15."),
            ],
            "observer": [
                .yesNo("containing_atmosphere", \.observer.containingAtmosphere, label: "Containing atmosphere", description: "M5."),
                .yesNo("technical_skill", \.observer.technicalSkill, label: "Technical skill", description: "M9."),
                .yesNo("personal_qualities", \.observer.personalQualities, label: "Personal qualities", description: "M10."),
            ],
        ])

    /// The session's yes/no checks, group by group in the order the log shows them: what the
    /// form offers, the sessions table's check columns, and how a row maps to a session.
    public static let sessionChecks: [(group: RecordField<Session>, checks: [SessionCheckField])] =
        session.fields.filter { $0.kind == .group }.map { group in
            (group, (session.groups[group.name] ?? []).compactMap { field in
                guard case .yesNo(let keyPath)? = field.access else { return nil }
                return SessionCheckField(name: field.name, label: field.label, keyPath: keyPath)
            })
        }

    /// A second observer's checks of a held session: the same yes/no checks as the session's
    /// groups (`sessionChecks`), and nothing else of the log.
    public static let secondObservation = RecordDefinition<SecondObservation>(
        collection: "second_observations", recordName: "second_observation",
        description: "A second observer's independent record of a held session's checks, to measure whether observers agree (attune agreement). It never changes a derived rating.",
        fields: [
            RecordField("session_id", .reference("session"), description: "The session observed; it must have been held.", required: true),
            RecordField("observer_name", .text(minimumLength: 1, maximumLength: SecondObservation.observerNameLimit), label: "Second observer",
                        description: "Who observed; each observer once per session.", required: true, privacy: .identifying,
                        access: .requiredText(\.observerName)),
        ] + sessionChecks.map { RecordField($0.group.name, .group, label: $0.group.label, description: $0.group.description) },
        groups: Dictionary(uniqueKeysWithValues: sessionChecks.map { group in
            (group.group.name, group.checks.map { check in
                RecordField<SecondObservation>(check.name, .yesNo, label: check.label,
                                               description: session.groups[group.group.name]?.first { $0.name == check.name }?.description)
            })
        }))

    // MARK: What people said

    public static let excerpt = RecordDefinition<Excerpt>(
        collection: "excerpts", recordName: "excerpt",
        description: "A quotation or observation note about a programme, coded to the mechanisms it bears on, each as supporting or contradicting it. Free text: never shown to evaluators; exported only when marked de-identified.",
        fields: [
            RecordField("id", .id, description: "Unique excerpt id.", required: true),
            RecordField("programme_id", .reference("programme"), label: "Programme", description: "The programme it is about.", required: true),
            RecordField("source", .choice(ExcerptSource.allCases.map(\.rawValue)), label: "Source", required: true,
                        choiceLabels: Dictionary(uniqueKeysWithValues: ExcerptSource.allCases.map { ($0.rawValue, $0.label) })),
            RecordField("speaker_role", .choice(SpeakerRole.allCases.map(\.rawValue)), label: "Who said or noted it", required: true,
                        choiceLabels: Dictionary(uniqueKeysWithValues: SpeakerRole.allCases.map { ($0.rawValue, $0.label) })),
            RecordField("date", .date, label: "Date", description: "When it was said or noted; not after today."),
            RecordField("text", .text(minimumLength: 1, maximumLength: FreeText.maximumCharacters), label: "What was said or noted",
                        description: "The quotation or note, up to 10,000 characters. Never shown to evaluators.", required: true,
                        privacy: .freeText, access: .requiredText(\.text)),
            RecordField("codes", .structured(schema: #"{"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": false, "required": ["mechanism", "stance"], "properties": {"mechanism": {"type": "string", "pattern": "^M([1-9]|1[0-5])$"}, "stance": {"enum": ["supports", "contradicts"]}}}}"#),
                        label: "Mechanisms", description: "At least one mechanism, each once, as supporting or contradicting it.", required: true),
            .freeText("memo", \.memo, label: "Memo", description: "The coder's note. Free text, up to 10,000 characters. Never shown to evaluators."),
            RecordField("deidentified", .yesNo, label: "De-identified",
                        description: "A coder has checked that the text names and identifies nobody; only then is it exported.", nullable: false),
        ])

    // MARK: Mothers and babies, invitations, attendance

    public static let dyad = RecordDefinition<Dyad>(
        collection: "dyads", recordName: "dyad", description: "A mother and baby.", fields: [
            RecordField("id", .id, description: "A pseudonymous code.", required: true, privacy: .pseudonymised,
                        access: .requiredText(\.id)),
            RecordField("mother_name", .text(minimumLength: nil, maximumLength: nil), label: "Mother's name", privacy: .identifying, access: .text(\.motherName)),
            RecordField("mother_age_years", .wholeNumber(minimum: 10, maximum: 70), label: "Mother's age (years)", access: .wholeNumber(\.motherAgeYears)),
            RecordField("infant_name", .text(minimumLength: nil, maximumLength: nil), label: "Baby's name", privacy: .identifying, access: .text(\.infantName)),
            RecordField("infant_date_of_birth", .date, label: "Baby's date of birth", privacy: .identifying, access: .date(\.infantDateOfBirth)),
            RecordField("social_risk_factors", .choices(SocialRiskFactor.allCases.map(\.rawValue)), label: "Social risk factors", nullable: false),
            RecordField("consent_to_records", .yesNo, label: "She consents to Attune keeping her and her baby's records", required: true),
            RecordField("consent_date", .date, label: "Date of her consent"),
            RecordField("phone", .text(minimumLength: nil, maximumLength: nil), label: "Mobile phone",
                        description: "For SMS reminders and the facilitator's call list. Personal data.", privacy: .identifying,
                        access: .text(\.phone)),
            RecordField("email", .text(minimumLength: nil, maximumLength: nil), label: "Email", description: "For email reminders. Personal data.",
                        privacy: .identifying, access: .text(\.email)),
            RecordField("preferred_channel", .choice(ReminderChannel.allCases.map(\.rawValue)), label: "How she would like reminders",
                        description: "How she would like to be reminded; a printed list when absent.",
                        choiceLabels: ["sms": "Text message (SMS)", "email": "Email", "phone_call": "A phone call from the facilitator",
                                       "printed_list": "Printed list at the centre"]),
            RecordField("opted_out_channels", .choices(ReminderChannel.allCases.filter { $0 != .printedList }.map(\.rawValue)),
                        label: "Channels she asked not to be reminded by",
                        description: "A preferred channel among them falls back to the printed list at the centre.",
                        choiceLabels: ["sms": "Text message (SMS)", "email": "Email", "phone_call": "A phone call from the facilitator"]),
            RecordField("consent_to_contact", .yesNo, label: "She consents to being contacted (reminders by text, email or phone)",
                        description: "false: reminders go on the printed list only; absent: not recorded.", access: .yesNo(\.consentToContact)),
            RecordField("contact_consent_date", .date, label: "Date of her answer on contact"),
            RecordField("consent_to_research", .yesNo, label: "She consents to her records being used for research, pseudonymised",
                        description: "Only mothers who said yes are in research exports.", access: .yesNo(\.consentToResearch)),
            RecordField("research_consent_date", .date, label: "Date of her answer on research"),
            RecordField("consent_recorded_by", .text(minimumLength: nil, maximumLength: nil), label: "Consent to records recorded by",
                        privacy: .identifying, access: .text(\.consentRecordedBy)),
            RecordField("contact_consent_recorded_by", .text(minimumLength: nil, maximumLength: nil), label: "Answer on contact recorded by",
                        privacy: .identifying, access: .text(\.contactConsentRecordedBy)),
            RecordField("research_consent_recorded_by", .text(minimumLength: nil, maximumLength: nil), label: "Answer on research recorded by",
                        privacy: .identifying, access: .text(\.researchConsentRecordedBy)),
            RecordField("postal_address", .text(minimumLength: nil, maximumLength: nil), label: "Postal address",
                        description: "Personal data.", privacy: .identifying, access: .text(\.postalAddress)),
            RecordField("referral", .choice(Referral.allCases.map(\.rawValue)), label: "How she was referred",
                        choiceLabels: ["gp": "GP", "self_referral": "She referred herself"]),
        ])

    public static let invitation = RecordDefinition<Invitation>(
        collection: "invitations", recordName: "invitation", description: "How a mother was offered a place.", fields: [
            RecordField("id", .id, description: "Unique invitation id.", required: true, privacy: .pseudonymised,
                        access: .requiredText(\.id)),
            RecordField("dyad_id", .reference("dyad"), description: "The dyad.", required: true, privacy: .pseudonymised,
                        access: .requiredText(\.dyadId)),
            RecordField("programme_id", .reference("programme"), description: "The programme; an invitation enrols the dyad.",
                        required: true),
            RecordField("invited_by_facilitator_id", .reference("facilitator"), label: "Invited by a facilitator"),
            // Withheld rather than removed: whether a practitioner was named decides M1.
            RecordField("invited_by_practitioner", .text(minimumLength: nil, maximumLength: nil),
                        label: "Or by another practitioner", description: "Another named practitioner, e.g. 'Health visitor J. Patel'.", privacy: .freeText,
                        access: .text(\.invitedByPractitioner)),
            RecordField("mode", .choice(InvitationMode.allCases.map(\.rawValue)), label: "Way she was invited",
                        description: "in_person and phone_or_text from a named practitioner are personal invitations (M1).", required: true,
                        choiceLabels: Dictionary(uniqueKeysWithValues: InvitationMode.allCases.map { ($0.rawValue, $0.words.prefix(1).uppercased() + $0.words.dropFirst()) })),
            RecordField("date", .date),
            RecordField("status", .choice(EnrolmentStatus.allCases.map(\.rawValue)),
                        description: "invited (no answer yet), enrolled (consented, place reserved), declined, withdrawn, completed, waiting (said yes when every place was taken); invited when absent.",
                        nullable: false),
            RecordField("consent_date", .date, description: "The day she said yes and a place was reserved."),
            RecordField("closed_date", .date, description: "The day she declined or withdrew."),
            .freeText("closed_reason", \.closedReason, label: "Her reason",
                      description: "Her reason for declining or withdrawing, in plain words. Free text, up to 10,000 characters. Never shown to evaluators."),
        ])

    public static let attendance = RecordDefinition<Attendance>(
        collection: "attendance", recordName: "attendance", description: "One dyad at one session.", fields: [
            RecordField("dyad_id", .reference("dyad"), description: "An enrolled dyad.", required: true, privacy: .pseudonymised,
                        access: .requiredText(\.dyadId)),
            RecordField("session_id", .reference("session"), description: "The session.", required: true),
            RecordField("status", .choice(AttendanceStatus.allCases.map(\.rawValue)), required: true),
            .freeText("absence_reason", \.absenceReason, label: "Reason if absent",
                      description: "e.g. 'no bus fare'. Free text, up to 10,000 characters. Never shown to evaluators."),
        ])

    // MARK: Overrides and measures

    public static let override = RecordDefinition<MechanismOverride>(
        collection: "overrides", recordName: "override",
        description: "An observer's written judgement replacing a derived rating; both are kept and shown.", fields: [
            RecordField("programme_id", .reference("programme"), description: "The programme.", required: true),
            RecordField("mechanism", .structured(schema: #"{"type": "string", "pattern": "^M([1-9]|1[0-5])$"}"#), required: true),
            RecordField("rating", .choice(Rating.allCases.map(\.rawValue)), required: true),
            RecordField("rationale", .text(minimumLength: 10, maximumLength: FreeText.maximumCharacters), required: true,
                        privacy: .freeText, access: .requiredText(\.rationale)),
            RecordField("observer", .text(minimumLength: 1, maximumLength: nil), required: true, privacy: .identifying,
                        access: .requiredText(\.observer)),
            RecordField("date", .date),
        ])

    public static let measurement = RecordDefinition<RecordedMeasure>(
        collection: "measurements", recordName: "measurement",
        description: "A standardised measure of a dyad. Only scores ship, never copyrighted item wording. Saving one with EPDS item 10 above 0, or an EPDS total at or above the probable cut-off, raises a safeguarding alert.",
        fields: [
            RecordField("id", .id, required: true, privacy: .pseudonymised, access: .requiredText(\.id)),
            RecordField("dyad_id", .reference("dyad"), required: true, privacy: .pseudonymised, access: .requiredText(\.dyadId)),
            RecordField("instrument", .choice(Instrument.allCases.map(\.rawValue)), required: true),
            RecordField("timepoint", .choice(Timepoint.allCases.map(\.rawValue)), required: true),
            RecordField("date", .date, required: true),
            RecordField("administered_by", .text(minimumLength: 1, maximumLength: nil), required: true, privacy: .identifying,
                        access: .requiredText(\.administeredBy)),
            RecordField("item_scores", .structured(schema: #"{"type": ["array", "null"], "items": {"type": "integer"}}"#),
                        description: "EPDS: 10 scores 0-3 (items 1, 2, 4 forward; 3, 5-10 reverse-keyed already applied). PSI-SF: 36 scores 1-5."),
            RecordField("subscale_scores", .structured(schema: #"{"type": ["array", "null"], "items": {"type": "integer", "minimum": 12, "maximum": 60}, "minItems": 3, "maxItems": 3}"#),
                        description: "PSI-SF Parental Distress, Parent-Child Dysfunctional Interaction, Difficult Child when the items are not to hand."),
            RecordField("category_scores", .structured(schema: #"{"type": ["array", "null"], "items": {"type": "number", "minimum": 1, "maximum": 6}, "minItems": 9, "maxItems": 9}"#),
                        description: "ITQ: activity, rhythmicity, approach, adaptability, intensity, mood, persistence, distractibility, threshold."),
            RecordField("scales", .structured(schema: #"{"type": ["object", "null"], "additionalProperties": {"type": "integer"}}"#),
                        description: "CARE-Index: sensitivity, control, unresponsiveness (sum 14) and cooperativeness, compulsivity, difficultness, passivity (sum 14), each 0-14. WMCI: optional rating scales 1-5."),
            RecordField("classification", .choice(["balanced", "disengaged", "distorted"]), description: "WMCI classification."),
        ])
}

/// One yes/no check of the session log, as `EvidenceRecords.session` defines it.
public struct SessionCheckField: Sendable {
    /// The evidence document's key, the form's field and the sessions table's column.
    public let name: String
    public let label: String
    public let keyPath: WritableKeyPath<Session, Bool?> & Sendable

    /// Every check, in the order the log shows them.
    public static var all: [SessionCheckField] { EvidenceRecords.sessionChecks.flatMap(\.checks) }
}
