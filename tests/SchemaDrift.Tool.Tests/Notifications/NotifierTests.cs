using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Testing;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Notifications;
using SchemaDrift.Tool.Tests.Pipelines;

namespace SchemaDrift.Tool.Tests.Notifications;

/// <summary>Alerts sent to a real HTTP server on loopback: what arrives, what does not, retries, timeouts and secrets.</summary>
[Trait("Category", "Unit")]
public sealed class NotifierTests : IDisposable
{
    private const string Secret = "hook-secret-0123456789";
    private const string BotToken = "123456:TOKEN-abcdefghijklmnop";
    private static readonly RunContext Origin = new("main", "0123456789abcdef0123", "https://ci.example/runs/42");

    private readonly LoopbackHttpServer server = new();
    private readonly string folder = Directory.CreateTempSubdirectory("schemadrift-notify-").FullName;
    private readonly Dictionary<string, string> variables = new() { ["HOOK_SECRET"] = Secret, ["TG_TOKEN"] = BotToken };

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static Alert Drift => Alerts.FromVerify(SampleReports.Report(SampleReports.Production))[0];

    [Fact]
    public async Task A_webhook_gets_the_documented_body_signed_with_hmac_sha256()
    {
        var outcomes = await SendAsync(new NotifyChannelConfig { Type = "webhook", Url = server.Url + "/hooks/drift", Secret = "${HOOK_SECRET}" }, Drift);

        var outcome = Assert.Single(outcomes);
        Assert.Equal((NotifyStatus.Sent, 1), (outcome.Status, outcome.Attempts));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/hooks/drift"), (request.Method, request.Path));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("drift", request.Headers["X-SchemaDrift-Event"]);
        var expected = "sha256=" + Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes(Secret)).ComputeHash(Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Headers[Notifier.SignatureHeader]);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(("drift", "verify", "production", "critical"), (root.GetProperty("event").GetString(), root.GetProperty("command").GetString(), root.GetProperty("environment").GetString(), root.GetProperty("severity").GetString()));
        Assert.Equal((2, 0, 1), (root.GetProperty("counts").GetProperty("critical").GetInt32(), root.GetProperty("counts").GetProperty("major").GetInt32(), root.GetProperty("counts").GetProperty("minor").GetInt32()));
        Assert.Equal(3, root.GetProperty("findingCount").GetInt32());
        Assert.Equal("critical", root.GetProperty("findings")[0].GetProperty("severity").GetString());
        Assert.Equal(("main", "0123456789abcdef0123", "https://ci.example/runs/42"), (root.GetProperty("branch").GetString(), root.GetProperty("commit").GetString(), root.GetProperty("runUrl").GetString()));
        Assert.StartsWith("🔴 critical drift in production", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_secret_there_is_no_signature()
    {
        await SendAsync(new NotifyChannelConfig { Type = "webhook", Url = server.Url }, Drift);

        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey(Notifier.SignatureHeader));
    }

    [Fact]
    public async Task Nothing_is_sent_below_the_channels_min_severity()
    {
        var minor = Alerts.FromVerify(SampleReports.Report(SampleReports.Production with { Findings = [SampleReports.ExtraTable] }))[0];

        var outcomes = await SendAsync(new NotifyChannelConfig { Type = "webhook", Url = server.Url, MinSeverity = "major" }, minor);

        Assert.Equal(NotifyStatus.BelowThreshold, Assert.Single(outcomes).Status);
        Assert.Empty(server.Requests);
        Assert.Empty(Alerts.FromVerify(SampleReports.Report(SampleReports.Staging)));
    }

    [Fact]
    public async Task A_server_error_is_retried_once_and_a_client_error_is_not()
    {
        server.Statuses.Enqueue(503);
        var retried = Assert.Single(await SendAsync(new NotifyChannelConfig { Type = "webhook", Url = server.Url }, Drift));
        Assert.Equal((NotifyStatus.Sent, 2), (retried.Status, retried.Attempts));
        Assert.Equal(2, server.Requests.Count);

        server.Requests.Clear();
        server.Statuses.Enqueue(400);
        var refused = Assert.Single(await SendAsync(new NotifyChannelConfig { Type = "webhook", Url = server.Url }, Drift));
        Assert.Equal((NotifyStatus.Failed, 1), (refused.Status, refused.Attempts));
        Assert.StartsWith("HTTP 400", refused.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_slow_server_times_out_twice_and_the_failure_names_no_secret()
    {
        server.Delay = TimeSpan.FromSeconds(3);

        var outcome = Assert.Single(await SendAsync(new NotifyChannelConfig { Type = "telegram", BotToken = "${TG_TOKEN}", ChatId = "-100200", ApiBase = server.Url, Timeout = "250ms", Required = true }, Drift));

        Assert.Equal((NotifyStatus.Failed, 2, true), (outcome.Status, outcome.Attempts, outcome.Required));
        Assert.Equal("no answer within 250 ms", outcome.Message);
        Assert.Equal($"telegram (127.0.0.1:{server.Port})", outcome.Channel);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Telegram_gets_send_message_with_chat_id_and_markdown_text_at_the_overridden_base()
    {
        var outcome = Assert.Single(await SendAsync(new NotifyChannelConfig { Type = "telegram", BotToken = "${TG_TOKEN}", ChatId = "-100200", ApiBase = server.Url + "/" }, Drift));

        Assert.Equal(NotifyStatus.Sent, outcome.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"/bot{BotToken}/sendMessage", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("-100200", body.RootElement.GetProperty("chat_id").GetString());
        Assert.Equal("Markdown", body.RootElement.GetProperty("parse_mode").GetString());
        var text = body.RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("*🔴 critical drift in production*", text, StringComparison.Ordinal);
        Assert.Contains("missing-column shop.reviews.body", text, StringComparison.Ordinal);
        Assert.Contains("extra-table shop.tmp\\_fix", text, StringComparison.Ordinal);
        Assert.Contains("branch main commit 0123456789ab", text, StringComparison.Ordinal);
        Assert.DoesNotContain(BotToken, outcome.Channel + outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_or_an_unset_variable_fails_without_showing_the_url_or_token()
    {
        var closed = new NotifyChannelConfig { Type = "slack", Url = "http://127.0.0.1:1/services/T000/B000/SECRETPATH" };
        var unreachable = Assert.Single(await SendAsync(closed, Drift));
        Assert.Equal(NotifyStatus.Failed, unreachable.Status);
        Assert.Equal("the connection was refused", unreachable.Message);
        Assert.Equal("slack (127.0.0.1:1)", unreachable.Channel);

        var unset = Assert.Single(await SendAsync(new NotifyChannelConfig { Type = "teams", Url = "${TEAMS_WEBHOOK_URL}" }, Drift));
        Assert.Equal((NotifyStatus.Failed, 0), (unset.Status, unset.Attempts));
        Assert.Equal("the environment variable TEAMS_WEBHOOK_URL (used by \"url\") is not set", unset.Message);
        Assert.Equal("teams (${TEAMS_WEBHOOK_URL})", unset.Channel);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Slack_and_teams_get_incoming_webhook_payloads()
    {
        await SendAsync(new NotifyChannelConfig { Type = "slack", Url = server.Url + "/slack" }, Drift);
        await SendAsync(new NotifyChannelConfig { Type = "teams", Url = server.Url + "/teams" }, Drift);

        var requests = server.Requests.ToDictionary(r => r.Path);
        using var slack = JsonDocument.Parse(requests["/slack"].Body);
        Assert.Equal("🔴 critical drift in production", slack.RootElement.GetProperty("text").GetString());
        var section = slack.RootElement.GetProperty("blocks")[0];
        Assert.Equal("mrkdwn", section.GetProperty("text").GetProperty("type").GetString());
        Assert.Contains("<https://ci.example/runs/42|Open the run>", section.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);

        using var teams = JsonDocument.Parse(requests["/teams"].Body);
        Assert.Equal("message", teams.RootElement.GetProperty("type").GetString());
        var attachment = teams.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("🔴 critical drift in production", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal("https://ci.example/runs/42", card.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_same_alert_is_not_sent_again_within_the_quiet_period_and_the_state_survives_in_its_file()
    {
        var channel = new NotifyChannelConfig { Type = "webhook", Url = server.Url, QuietPeriod = "6h" };
        var path = Path.Combine(folder, "state", "notify.json");
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(NotifyStatus.Sent, (await SendAsync(channel, Drift, path, clock)).Single().Status);
        clock.Now = clock.Now.AddHours(2);
        var quiet = (await SendAsync(channel, Drift, path, clock)).Single();
        Assert.Equal(NotifyStatus.Suppressed, quiet.Status);
        Assert.Contains("2026-03-01 08:00:00Z", quiet.Message, StringComparison.Ordinal);

        var changed = Alerts.FromVerify(SampleReports.Report(SampleReports.Production with { Findings = [SampleReports.MissingColumn] }))[0];
        Assert.Equal(NotifyStatus.Sent, (await SendAsync(channel, changed, path, clock)).Single().Status);
        clock.Now = clock.Now.AddHours(5);
        Assert.Equal(NotifyStatus.Sent, (await SendAsync(channel, Drift, path, clock)).Single().Status);
        Assert.Equal(3, server.Requests.Count);

        var state = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("127.0.0.1", state, StringComparison.Ordinal);
        Assert.DoesNotContain("production", state, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<NotifyOutcome>> SendAsync(NotifyChannelConfig channel, Alert alert, string? statePath = null, TimeProvider? clock = null)
    {
        using var http = Notifier.CreateClient();
        var state = FileAlertState.Load(statePath ?? Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json"));
        var notifier = new Notifier(http, state, name => variables.GetValueOrDefault(name), TimeSpan.FromMilliseconds(50), clock);
        var outcomes = await notifier.SendAsync([channel], [alert], Origin, CancellationToken.None);
        Assert.Null(await state.SaveAsync(CancellationToken.None));
        return outcomes;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
