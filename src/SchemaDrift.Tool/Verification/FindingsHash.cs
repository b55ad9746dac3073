using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Postgres.Diff;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// One hash for a set of findings: the same findings (kind, object, severity), in any order, give the same hash. It
/// tells whether the drift of an environment changed between two runs (the drift trend, the quiet period of alerts).
/// </summary>
public static class FindingsHash
{
    /// <summary>The hash of no findings at all.</summary>
    public static string Empty { get; } = Of(Array.Empty<VerifyFinding>());

    /// <summary>Findings as reports name them (<see cref="FindingNames.Kind"/>), so the hash is the same as reports read.</summary>
    public static string Of(IEnumerable<VerifyFinding> findings) =>
        Of(findings.Select(f => (FindingNames.Kind(f), f.Object, f.Severity)));

    public static string Of(IEnumerable<(string Kind, string Object, Severity Severity)> findings)
    {
        var lines = findings
            .Select(f => $"{f.Kind}\t{f.Object}\t{f.Severity.Name()}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }
}
