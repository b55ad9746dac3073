using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Verify.Tests;

/// <summary>The names the reports give findings, so assertions read as the JSON does.</summary>
internal static class FindingNameExtensions
{
    /// <summary>The finding's kind as reports name it (<c>model-</c> before a model finding's kind).</summary>
    public static string KindName(this VerifyFinding finding) => FindingNames.Kind(finding);
}
