import Fluent
import FluentKit

/// Every schema change, in the order it was made. Append new migrations; never edit or
/// reorder a migration that has shipped.
public enum AttuneMigrations {
    public static let all: [any Migration] = [
        CreateCentres(),
        CreateProgrammes(),
        CreatePublishedRatings(),
        CreateFacilitators(),
        CreateSessions(),
        CreateSessionFacilitators(),
        CreateDyads(),
        CreateInvitations(),
        CreateAttendance(),
        CreateMechanismOverrides(),
        CreateMeasurements(),
        CreateSafeguardingAlerts(),
        AddReachColumns(),
        CreateReminders(),
        CreateFollowUpActions(),
        CreateUsers(),
        SessionRecord.migration,
        AddLookupIndexes(),
        DropOpenAlertsIndex(),
        AddNeedSignals(),
        AddDyadNeedSignals(),
        CreateSignInFailures(),
        AddMeasurementCentres(),
        CreateProgrammeProfiles(),
        CreateMissedOpportunities(),
        AddAlertOrderIndex(),
        CompressProfilesWithLZ4(),
        KeepMissedOpportunitiesWithProfiles(),
        KeepProfileRowsSmall(),
        AddUserAccountControls(),
        AddCentreArea(),
        CreateFacilitatorCentres(),
        AddSessionPlanned(),
        RederiveWithHeldSessionsOnly(),
        AddSessionCancelledReason(),
        CreateRecordChanges(),
        AllowRepeatedMeasures(),
        AddDyadConsentsAndReferral(),
        AddFacilitatorTrainingAndAccount(),
        CreateActivityLog(),
    ]
}
