namespace SchemaDrift.Tool.Configuration;

/// <summary>
/// One alert channel of <c>"notify"</c> in schemadrift.json. Values may hold <c>${VAR}</c>, replaced when an alert
/// is sent (an unset variable fails that send, it does not stop the command).
/// </summary>
public sealed record NotifyChannelConfig
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Telegram = "telegram";

    /// <summary>webhook, slack, teams or telegram.</summary>
    public string? Type { get; init; }

    /// <summary>The endpoint of a webhook, or the incoming-webhook URL of Slack or Teams.</summary>
    public string? Url { get; init; }

    /// <summary>A webhook's signing key: the body's HMAC-SHA256 is sent in <c>X-SchemaDrift-Signature</c>.</summary>
    public string? Secret { get; init; }

    /// <summary>Telegram: the bot's token.</summary>
    public string? BotToken { get; init; }

    /// <summary>Telegram: the chat to post to.</summary>
    public string? ChatId { get; init; }

    /// <summary>Telegram: the Bot API's base URL (default https://api.telegram.org), for a proxy or a test server.</summary>
    public string? ApiBase { get; init; }

    /// <summary>The lowest severity that is sent: minor (default), major or critical.</summary>
    public string? MinSeverity { get; init; }

    /// <summary>How long the same alert (same environment, same findings) is not sent again: e.g. 6h; 0 (default) sends every time.</summary>
    public string? QuietPeriod { get; init; }

    /// <summary>How long one attempt may take (default 10s); a failed attempt is retried once.</summary>
    public string? Timeout { get; init; }

    /// <summary>A send that fails after its retry fails the command (exit 4); otherwise it is a warning.</summary>
    public bool Required { get; init; }

    /// <summary>Checks what can be checked before variables are replaced; a mistake is a usage error naming the channel.</summary>
    public static void Validate(IReadOnlyList<NotifyChannelConfig> channels, string path)
    {
        for (var i = 0; i < channels.Count; i++)
        {
            var channel = channels[i];
            var where = $"{path}: notify[{i}]";
            switch (channel.Type)
            {
                case Webhook or Slack or Teams:
                    RequireUrl(channel.Url, where, "url");
                    break;
                case Telegram:
                    if (string.IsNullOrWhiteSpace(channel.BotToken) || string.IsNullOrWhiteSpace(channel.ChatId))
                    {
                        throw ToolException.Usage($"{where} (telegram) needs \"botToken\" and \"chatId\", e.g. \"botToken\": \"${{TELEGRAM_BOT_TOKEN}}\".");
                    }

                    if (channel.ApiBase is not null)
                    {
                        RequireUrl(channel.ApiBase, where, "apiBase");
                    }

                    break;
                default:
                    throw ToolException.Usage($"{where} has type '{channel.Type}'. Use webhook, slack, teams or telegram.");
            }

            if (channel.Secret is not null && channel.Type != Webhook)
            {
                throw ToolException.Usage($"{where}: \"secret\" signs webhook calls only; remove it from the {channel.Type} channel.");
            }

            if (channel.MinSeverity is not null && channel.MinSeverity.Trim().ToLowerInvariant() is not ("minor" or "major" or "critical"))
            {
                throw ToolException.Usage($"{where} has minSeverity '{channel.MinSeverity}'. Use minor, major or critical.");
            }

            Durations.Parse(channel.QuietPeriod, TimeSpan.Zero, $"{where} quietPeriod");
            Durations.Parse(channel.Timeout, TimeSpan.Zero, $"{where} timeout");
        }
    }

    private static void RequireUrl(string? value, string where, string member)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw ToolException.Usage($"{where} needs \"{member}\", e.g. \"{member}\": \"${{ALERT_WEBHOOK_URL}}\".");
        }

        // A value made of variables is checked once they are replaced, when the alert is sent.
        if (!value.Contains("${", StringComparison.Ordinal)
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw ToolException.Usage($"{where}: \"{member}\" is not an http or https URL.");
        }
    }
}
