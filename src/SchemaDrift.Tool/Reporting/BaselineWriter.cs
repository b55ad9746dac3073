using System.Globalization;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Reporting;

/// <summary>What <c>baseline</c> recorded, or why it refused, on stderr.</summary>
public static class BaselineWriter
{
    public static void Write(ToolConsole console, BaselineResult result)
    {
        var label = result.Target.Label;
        switch (result.Outcome)
        {
            case BaselineOutcome.LockNotHad:
                console.Fail($"{label}: {result.Error} Nothing was changed.");
                break;
            case BaselineOutcome.NothingToRecord:
                console.Info(console.Paint("32", "✓ "), $"{label}: nothing to baseline; every applied migration has a recorded checksum.");
                break;
            case BaselineOutcome.Refused:
                console.Fail(Refusal(result.Verification!, label));
                break;
            case BaselineOutcome.Recorded:
                foreach (var migration in result.Recorded)
                {
                    console.Info(console.Paint("32", "  ✓ "), $"{migration.Id} sha256:{migration.Checksum[..12]}…");
                }

                console.Info($"{label}: recorded the checksums of {result.Recorded.Count} migration(s) applied by another tool.");
                break;
        }
    }

    /// <summary>Drift (or history) the checksums would vouch for, or model changes this code would be vouched for with.</summary>
    private static string Refusal(EnvironmentResult verification, string label)
    {
        var blocking = verification.Findings.Where(f => f.Severity >= Severity.Major).ToList();
        var list = string.Join(", ", blocking.Take(10).Select(f => FindingNames.Kind(f) + " " + f.Object)) +
            (blocking.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $" and {blocking.Count - 10} more") : string.Empty);
        return blocking.Any(f => f.Cause is FindingCause.Unexplained or FindingCause.History)
            ? $"refused: the schema of {label} is not what its applied migrations produce ({list}); recording checksums would vouch for it. " +
              "Repair the drift first (dotnet schemadrift verify --verbose shows the fix); nothing was recorded."
            : $"refused: {label} has {VerifyJsonWriter.Name(verification.Severity)} drift ({list}): the model and its migrations disagree, and recording " +
              "checksums would vouch for this code. Capture the model changes in a migration (dotnet ef migrations add <Name>) first; nothing was recorded.";
    }
}
