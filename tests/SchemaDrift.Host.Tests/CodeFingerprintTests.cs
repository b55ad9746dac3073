extern alias host;

using System.Reflection;
using System.Text;
using CodeFingerprint = host::SchemaDrift.DesignHost.CodeFingerprint;

namespace SchemaDrift.Host.Tests;

/// <summary>
/// The fingerprint that keys a migration's designer changes across builds: the same code gives the same one, any
/// change to what the code does (a literal, a lambda's body) another, and code that could give another result at run
/// time none at all.
/// </summary>
public class CodeFingerprintTests
{
    private static string? Of(string method) =>
        CodeFingerprint.Of(typeof(Samples).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!);

    [Fact]
    public void The_same_code_has_the_same_fingerprint_and_a_literal_or_a_lambda_changes_it()
    {
        var fingerprint = Of(nameof(Samples.Build));

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal(fingerprint, Of(nameof(Samples.Build)));
        Assert.NotEqual(fingerprint, Of(nameof(Samples.BuildOtherLiteral)));
        Assert.NotEqual(fingerprint, Of(nameof(Samples.BuildOtherLambda)));
    }

    [Fact]
    public void An_enum_of_the_application_is_named_with_its_members()
    {
        Assert.NotNull(Of(nameof(Samples.UsesColor)));
        Assert.NotNull(Of(nameof(Samples.UsesShade)));
        Assert.NotEqual(Of(nameof(Samples.UsesColor)), Of(nameof(Samples.UsesShade)));
    }

    [Fact]
    public void Code_that_reads_the_applications_state_or_types_has_no_fingerprint()
    {
        Assert.Null(Of(nameof(Samples.ReadsStaticField)));
        Assert.Null(Of(nameof(Samples.UsesApplicationClass)));
    }

    internal enum Color
    {
        Red,
        Green,
    }

    internal enum Shade
    {
        Red,
        Green = 5,
    }

    internal sealed class Holder
    {
        public string Name { get; set; } = "holder";
    }

    private static class Samples
    {
        internal static string Prefix = "p";

        internal static string Build() => Run(b => b.Append("Id").Append(42));

        internal static string BuildOtherLiteral() => Run(b => b.Append("Name").Append(42));

        internal static string BuildOtherLambda() => Run(b => b.Append("Id").Append(43));

        internal static string UsesColor() => Color.Green.ToString() + typeof(Color).Name;

        internal static string UsesShade() => Shade.Green.ToString() + typeof(Shade).Name;

        internal static string ReadsStaticField() => Prefix + "x";

        internal static string UsesApplicationClass() => new Holder().Name;

        private static string Run(Action<StringBuilder> build)
        {
            var builder = new StringBuilder();
            build(builder);
            return builder.ToString();
        }
    }
}
