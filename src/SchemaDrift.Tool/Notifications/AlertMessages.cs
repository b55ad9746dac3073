using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Notifications;

/// <summary>
/// What an alert says, per channel: the severity with its emoji, the environment, the counts per severity, the top
/// findings, the branch and commit, and a link to the run. Pure: each method returns a request body. Texts from
/// databases pass through <see cref="Printable"/>; no connection string or token is part of an alert.
/// </summary>
public static class AlertMessages
{
    /// <summary>How many findings a message lists.</summary>
    public const int Top = 5;

    /// <summary>The version of the webhook body's schema.</summary>
    public const int WebhookVersion = 1;

    /// <summary>The headline: <c>🔴 critical drift in production</c>.</summary>
    public static string Headline(Alert alert) => alert.Event switch
    {
        AlertEvent.VerifyError => $"⚠️ {Clean(alert.Environment)} could not be verified",
        AlertEvent.ApplyRefused => $"{Emoji(alert.Severity)} apply to {Clean(alert.Environment)} was refused",
        AlertEvent.ApplyFailed => $"{Emoji(alert.Severity)} apply to {Clean(alert.Environment)} failed",
        AlertEvent.DriftAfterApply => $"{Emoji(alert.Severity)} {Name(alert.Severity)} drift in {Clean(alert.Environment)} after apply",
        AlertEvent.Difference => $"{Emoji(alert.Severity)} {Name(alert.Severity)} differences: {Clean(alert.Environment)}",
        _ => $"{Emoji(alert.Severity)} {Name(alert.Severity)} drift in {Clean(alert.Environment)}",
    };

    /// <summary>🔴 critical, 🟠 major, 🟡 minor.</summary>
    public static string Emoji(Severity severity) => severity switch
    {
        Severity.Critical => "🔴",
        Severity.Major => "🟠",
        _ => "🟡",
    };

    /// <summary>The message as plain lines (the webhook's <c>text</c>, Teams' card).</summary>
    public static IReadOnlyList<string> Lines(Alert alert, RunContext run)
    {
        var lines = new List<string> { Headline(alert), $"Database: {Clean(alert.Database)}" };
        if (alert.Findings.Count > 0)
        {
            lines.Add(Counts(alert));
            lines.AddRange(alert.Findings.Take(Top).Select(f => $"• {Emoji(f.Severity)} {f.Kind} {Clean(f.Object)}: {Clean(f.Description)}"));
            if (alert.Findings.Count > Top)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"… and {alert.Findings.Count - Top} more"));
            }
        }

        lines.AddRange(alert.Details.Select(d => Clean(d)));
        lines.AddRange(Origin(run));
        return lines;
    }

    /// <summary><c>critical 1 · major 0 · minor 2</c>.</summary>
    public static string Counts(Alert alert) => string.Create(CultureInfo.InvariantCulture,
        $"🔴 critical {alert.Count(Severity.Critical)} · 🟠 major {alert.Count(Severity.Major)} · 🟡 minor {alert.Count(Severity.Minor)}");

    /// <summary>The webhook's JSON body (schema version 1, documented in the README).</summary>
    public static string Webhook(Alert alert, RunContext run, DateTimeOffset sentAt, string toolVersion)
    {
        var body = new JsonObject
        {
            ["version"] = WebhookVersion,
            ["event"] = alert.Event.Name(),
            ["command"] = alert.Command,
            ["environment"] = alert.Environment,
            ["database"] = alert.Database,
            ["severity"] = Name(alert.Severity),
            ["counts"] = new JsonObject
            {
                ["critical"] = alert.Count(Severity.Critical),
                ["major"] = alert.Count(Severity.Major),
                ["minor"] = alert.Count(Severity.Minor),
            },
            ["findings"] = new JsonArray(alert.Findings.Take(20).Select(f => (JsonNode)new JsonObject
            {
                ["severity"] = Name(f.Severity),
                ["kind"] = f.Kind,
                ["object"] = f.Object,
                ["description"] = f.Description,
            }).ToArray()),
            ["findingCount"] = alert.Findings.Count,
            ["details"] = new JsonArray(alert.Details.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
            ["fingerprint"] = alert.Fingerprint,
            ["branch"] = run.Branch,
            ["commit"] = run.Commit,
            ["runUrl"] = run.RunUrl,
            ["sentAt"] = sentAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["toolVersion"] = toolVersion,
            ["text"] = string.Join("\n", Lines(alert, run)),
        };
        return body.ToJsonString();
    }

    /// <summary>A Slack incoming-webhook payload: a fallback text and one mrkdwn section.</summary>
    public static string Slack(Alert alert, RunContext run)
    {
        var text = new StringBuilder("*").Append(SlackEscape(Headline(alert))).Append("*\n");
        foreach (var line in Lines(alert, run).Skip(1).Where(l => !l.StartsWith("Run: ", StringComparison.Ordinal)))
        {
            text.Append(SlackEscape(line)).Append('\n');
        }

        if (run.RunUrl is { } url)
        {
            text.Append('<').Append(SlackEscape(url)).Append("|Open the run>\n");
        }

        return new JsonObject
        {
            ["text"] = SlackEscape(Headline(alert)),
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text.ToString().TrimEnd() },
            }),
        }.ToJsonString();
    }

    /// <summary>A Teams incoming-webhook (Workflows) payload: a message with one Adaptive Card.</summary>
    public static string Teams(Alert alert, RunContext run)
    {
        var body = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = Headline(alert), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true });
        foreach (var line in Lines(alert, run).Skip(1).Where(l => !l.StartsWith("Run: ", StringComparison.Ordinal)))
        {
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = line, ["wrap"] = true, ["spacing"] = "None" });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (run.RunUrl is { } url)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the run", ["url"] = url });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        }.ToJsonString();
    }

    /// <summary>The Telegram Bot API's <c>sendMessage</c> body: <c>chat_id</c> and Markdown <c>text</c>.</summary>
    public static string Telegram(Alert alert, RunContext run, string chatId)
    {
        var text = new StringBuilder("*").Append(TelegramEscape(Headline(alert))).Append("*\n");
        foreach (var line in Lines(alert, run).Skip(1))
        {
            text.Append(TelegramEscape(line)).Append('\n');
        }

        return new JsonObject
        {
            ["chat_id"] = chatId,
            ["text"] = text.ToString().TrimEnd(),
            ["parse_mode"] = "Markdown",
            ["disable_web_page_preview"] = true,
        }.ToJsonString();
    }

    /// <summary>Slack's mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, so no text becomes a link or a mention.</summary>
    public static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Telegram's Markdown: <c>_ * ` [</c> escaped with a backslash, so names cannot open an entity.</summary>
    public static string TelegramEscape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '_' or '*' or '`' or '[')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static IEnumerable<string> Origin(RunContext run)
    {
        var source = string.Join(" ", new[]
        {
            run.Branch is null ? null : "branch " + Clean(run.Branch),
            run.Commit is null ? null : "commit " + Clean(run.Commit[..Math.Min(12, run.Commit.Length)]),
        }.Where(p => p is not null));
        if (source.Length > 0)
        {
            yield return "Source: " + source;
        }

        if (run.RunUrl is not null)
        {
            yield return "Run: " + Clean(run.RunUrl);
        }
    }

    private static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    private static string Clean(string text) => Printable.Escape(text.Length <= 500 ? text : text[..499] + "…");
}
