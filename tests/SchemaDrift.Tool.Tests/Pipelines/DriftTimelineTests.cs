using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Tests.Pipelines;

/// <summary>When drift appeared, when it was fixed and how long it lasted, from the recorded checks.</summary>
[Trait("Category", "Unit")]
public sealed class DriftTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Episodes_open_on_drift_close_on_the_next_clean_check_and_ignore_failed_checks()
    {
        var checks = new[]
        {
            Check("production", 0, "clean"),
            Check("production", 24, "drift", "minor", "a"),
            Check("production", 48, "error"),
            Check("production", 72, "drift", "critical", "b"),
            Check("production", 96, "clean"),
            Check("staging", 24, "clean"),
            Check("production", 120, "drift", "major", "c"),
        };

        var episodes = DriftTimeline.Episodes(checks.Reverse());

        Assert.Equal(2, episodes.Count);
        var first = episodes[0];
        Assert.Equal(("production", Start, Start.AddHours(24), Start.AddHours(72), Start.AddHours(96)), (first.Environment, first.LastCleanBefore!.Value, first.FirstSeen, first.LastSeen, first.FixedAt!.Value));
        Assert.Equal(("critical", 2, 2), (first.WorstSeverity.Name(), first.Checks, first.Variants));
        Assert.Equal(TimeSpan.FromHours(72), first.Duration(Start.AddDays(30)));
        var second = episodes[1];
        Assert.True(second.Ongoing);
        Assert.Equal(Start.AddHours(96), second.LastCleanBefore);
        Assert.Equal(TimeSpan.FromHours(30), second.Duration(Start.AddHours(150)));
        Assert.Empty(DriftTimeline.Episodes([Check("staging", 0, "clean"), Check("staging", 1, "error")]));
    }

    private static DriftCheck Check(string environment, int hours, string status, string severity = "none", string hash = "") =>
        new(Start.AddHours(hours), environment, FindingNames.ParseStatus(status), FindingNames.ParseSeverity(severity), 0, 0, 0, hash, null, null) { Id = hours };
}
