using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Services;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Notifications;
using SchemaDrift.Tool.Tests.Pipelines;

namespace SchemaDrift.Tool.Tests.Notifications;

/// <summary>Which alerts a run gives, what they say, and how channels are configured.</summary>
[Trait("Category", "Unit")]
public sealed class AlertTests
{
    [Fact]
    public void Verify_alerts_each_environment_with_drift_or_an_error_and_nothing_clean()
    {
        var alerts = Alerts.FromVerify(SampleReports.Report(SampleReports.Production, SampleReports.Staging, SampleReports.Broken));

        Assert.Equal([("production", AlertEvent.Drift, Severity.Critical), ("dev", AlertEvent.VerifyError, Severity.Critical)], alerts.Select(a => (a.Environment, a.Event, a.Severity)));
        Assert.Equal(alerts[0].Fingerprint, Alerts.FromVerify(SampleReports.Report(SampleReports.Production with { Findings = [.. SampleReports.Production.Findings.Reverse()] }))[0].Fingerprint);
        Assert.Equal("🔴 critical 2 · 🟠 major 0 · 🟡 minor 1", AlertMessages.Counts(alerts[0]));
        Assert.Equal("⚠️ dev could not be verified", AlertMessages.Headline(alerts[1]));
    }

    [Fact]
    public void Apply_alerts_refusals_failures_and_drift_after_apply_only()
    {
        var target = ConnectionResolver.Resolve("Host=db;Database=shop;Username=app", new SchemaDriftConfig()) with { Label = "production" };
        var proceed = new ApplyDecision(ApplyVerdict.Proceed, [], []);
        Assert.Empty(Alerts.FromApply(new ApplyResult(ApplyOutcome.NothingToApply, proceed, [], null), target));

        var destructive = new Refusal(RefusalReason.DestructiveOnProtected, "'production' is protected and pending migrations can destroy data");
        var refused = Assert.Single(Alerts.FromApply(new ApplyResult(ApplyOutcome.Refused, new ApplyDecision(ApplyVerdict.Refused, [destructive], []), [], null), target));
        Assert.Equal((AlertEvent.ApplyRefused, Severity.Critical), (refused.Event, refused.Severity));
        Assert.Contains("'production' is protected and pending migrations can destroy data", AlertMessages.Lines(refused, RunContext.None));
        var unconfirmed = Assert.Single(Alerts.FromApply(new ApplyResult(ApplyOutcome.Refused, new ApplyDecision(ApplyVerdict.Refused, [ApplyPolicy.NotConfirmed("production")], []), [], null), target));
        Assert.Equal(["applying to a protected environment was not confirmed on the terminal"], unconfirmed.Details);

        Assert.Empty(Alerts.FromApply(new ApplyResult(ApplyOutcome.Applied, proceed, [], null) { PostVerify = SampleReports.Staging }, target));
        var after = Assert.Single(Alerts.FromApply(new ApplyResult(ApplyOutcome.Applied, proceed, [], null) { PostVerify = SampleReports.Production }, target));
        Assert.Equal(AlertEvent.DriftAfterApply, after.Event);
        var failed = Assert.Single(Alerts.FromApply(ApplyResult.Stopped(ApplyOutcome.MigrationFailed, "20240101120000_Initial failed at statement 2 of 3"), target));
        Assert.Equal("🔴 apply to production failed", AlertMessages.Headline(failed));
        Assert.Equal(["20240101120000_Initial failed at statement 2 of 3"], failed.Details);
    }

    [Fact]
    public void Names_from_databases_cannot_open_markup_in_slack_or_telegram()
    {
        Assert.Equal("a &lt;!channel&gt; &amp; b", AlertMessages.SlackEscape("a <!channel> & b"));
        Assert.Equal(@"shop.order\_lines \*x\* \`y\` \[z]", AlertMessages.TelegramEscape("shop.order_lines *x* `y` [z]"));
    }

    [Fact]
    public void Notify_configuration_is_checked_when_it_is_read()
    {
        var config = ConfigLoader.Parse(
            """
            { "notify": [
                { "type": "webhook", "url": "${ALERT_URL}", "secret": "${ALERT_SECRET}", "minSeverity": "major", "quietPeriod": "6h", "required": true },
                { "type": "telegram", "botToken": "${TG_TOKEN}", "chatId": "-1001", "apiBase": "http://127.0.0.1:9000", "timeout": "5s" }
            ] }
            """,
            "schemadrift.json");
        Assert.Equal(2, config.Notify.Count);
        Assert.True(config.Notify[0].Required);

        foreach (var (json, message) in new[]
        {
            ("""{ "notify": [ { "type": "email", "url": "http://x" } ] }""", "type 'email'"),
            ("""{ "notify": [ { "type": "slack" } ] }""", "needs \"url\""),
            ("""{ "notify": [ { "type": "slack", "url": "ftp://x" } ] }""", "not an http or https URL"),
            ("""{ "notify": [ { "type": "telegram", "botToken": "x" } ] }""", "needs \"botToken\" and \"chatId\""),
            ("""{ "notify": [ { "type": "webhook", "url": "http://x", "minSeverity": "high" } ] }""", "minSeverity 'high'"),
            ("""{ "notify": [ { "type": "webhook", "url": "http://x", "quietPeriod": "soon" } ] }""", "quietPeriod"),
            ("""{ "notify": [ { "type": "teams", "url": "http://x", "secret": "s" } ] }""", "signs webhook calls only"),
            ("""{ "notify": [ { "type": "webhook", "url": "http://x", "token": "s" } ] }""", "is not valid at line 1"),
        })
        {
            var error = Assert.Throws<ToolException>(() => ConfigLoader.Parse(json, "schemadrift.json"));
            Assert.Equal(ExitCodes.Usage, error.ExitCode);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
    }
}
