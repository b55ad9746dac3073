using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Drift;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Reporting.Pipelines;
using SchemaDrift.Tool.Verification;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Tests.Pipelines;

/// <summary>Verify reports as the verifier returns them: drift, a history finding about a migration, a clean and a failed environment.</summary>
internal static class SampleReports
{
    public const string Migration = "20240101120000_Initial";
    public const string MigrationFile = "src/Shop/Migrations/20240101120000_Initial.cs";

    public static VerifyFinding MissingColumn { get; } = new(FindingKind.MissingColumn, "shop.reviews.body", Severity.Critical, FindingCause.Unexplained, "body text", null, "ALTER TABLE shop.reviews ADD COLUMN body text;")
    {
        Description = "column shop.reviews.body is missing: it is in the migrations but not in the database",
        Entity = "Review.Body",
        CreatedBy = Migration,
        Repair = new FindingRepair(ChangeKind.AddColumn, "ALTER TABLE shop.reviews ADD COLUMN body text;", false, null),
    };

    public static VerifyFinding ExtraTable { get; } = new(FindingKind.ExtraTable, "shop.tmp_fix", Severity.Minor, FindingCause.Unexplained, null, "table shop.tmp_fix", "DROP TABLE shop.tmp_fix;")
    {
        Description = "table shop.tmp_fix is extra: the database has it, the migrations do not",
        Repair = new FindingRepair(ChangeKind.DropTable, "DROP TABLE shop.tmp_fix;", true, null),
    };

    public static VerifyFinding ChecksumMismatch { get; } = new(FindingKind.MigrationChecksumMismatch, Migration, Severity.Critical, FindingCause.History,
        "sha256:aaaa", "sha256:bbbb", "Restore the applied version of the migration and add a new migration for the change.");

    public static EnvironmentResult Production { get; } =
        new("production", "app@db:5432/shop", MigrationStatus.Empty, false, [MissingColumn, ExtraTable, ChecksumMismatch], null, null);

    public static EnvironmentResult Staging { get; } = new("staging", "app@db:5432/shop_staging", MigrationStatus.Empty, false, [], null, null);

    public static EnvironmentResult Broken { get; } = new("dev", "app@127.0.0.1:1/shop", MigrationStatus.Empty, false, [], "connect: connection refused", null);

    public static MigrationSources Sources { get; } = new(new Dictionary<string, SourceLocation> { [Migration] = new(MigrationFile, 12) });

    public static VerifyReport Report(params EnvironmentResult[] results) => new(results, TimeSpan.Zero);

    public static PipelineRun Run(Severity failOn, params EnvironmentResult[] results) => PipelineRuns.FromVerify(Report(results), failOn, Sources);
}
