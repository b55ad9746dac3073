using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Notifications;

/// <summary>What became of one alert on one channel.</summary>
public enum NotifyStatus
{
    Sent,

    /// <summary>The alert's severity is below the channel's minSeverity: nothing was sent.</summary>
    BelowThreshold,

    /// <summary>The same alert was sent within the channel's quiet period: nothing was sent.</summary>
    Suppressed,

    /// <summary>Sending failed, after one retry where a retry could help.</summary>
    Failed,
}

/// <param name="Channel">The channel as people may read it: its type and host (or the variable it comes from), never a URL path, token or secret.</param>
/// <param name="Message">Why it failed or was suppressed.</param>
/// <param name="Required">The channel is <c>"required": true</c>: its failure fails the command.</param>
public sealed record NotifyOutcome(string Channel, Alert Alert, NotifyStatus Status, string? Message, bool Required, int Attempts);

/// <summary>
/// Sends alerts to the channels of <c>"notify"</c>: below a channel's minSeverity nothing is sent; an alert sent
/// within the quiet period is not sent again; each call has a timeout and one retry (after a network error, a
/// timeout, a 5xx or a 429). It never throws for a failed send and writes nothing to the console: it returns what
/// happened, and the command shows it. Nothing it returns holds a URL's path, a token or a secret.
/// </summary>
public sealed class Notifier(HttpClient http, IAlertState state, Func<string, string?> getVariable, TimeSpan retryDelay, TimeProvider? clock = null)
{
    public const string DefaultTelegramApi = "https://api.telegram.org";

    /// <summary>The header of a signed webhook call: <c>sha256=</c> and the hex HMAC-SHA256 of the body with the secret.</summary>
    public const string SignatureHeader = "X-SchemaDrift-Signature";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>An HTTP client for alerts: no automatic redirects (a redirected POST would not be the same call).</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<IReadOnlyList<NotifyOutcome>> SendAsync(IReadOnlyList<NotifyChannelConfig> channels, IReadOnlyList<Alert> alerts, RunContext run, CancellationToken ct)
    {
        var outcomes = new List<NotifyOutcome>();
        foreach (var channel in channels)
        {
            var name = Describe(channel);
            var minimum = ParseSeverity(channel.MinSeverity);
            var quiet = Durations.Parse(channel.QuietPeriod, TimeSpan.Zero, "quietPeriod");
            var timeout = Durations.Parse(channel.Timeout, DefaultTimeout, "timeout");
            foreach (var alert in alerts)
            {
                if (alert.Severity < minimum)
                {
                    outcomes.Add(new NotifyOutcome(name, alert, NotifyStatus.BelowThreshold, null, channel.Required, 0));
                    continue;
                }

                var key = Hash($"{ChannelIdentity(channel)}\n{alert.Fingerprint}");
                var now = time.GetUtcNow();
                if (quiet > TimeSpan.Zero && state.LastSent(key) is { } last && now - last < quiet)
                {
                    outcomes.Add(new NotifyOutcome(name, alert, NotifyStatus.Suppressed,
                        $"the same alert was sent at {last.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, within the quiet period", channel.Required, 0));
                    continue;
                }

                var (error, attempts) = await SendOneAsync(channel, alert, run, timeout, ct).ConfigureAwait(false);
                if (error is null && quiet > TimeSpan.Zero)
                {
                    state.Sent(key, now);
                }

                outcomes.Add(new NotifyOutcome(name, alert, error is null ? NotifyStatus.Sent : NotifyStatus.Failed, error, channel.Required, attempts));
            }
        }

        return outcomes;
    }

    private async Task<(string? Error, int Attempts)> SendOneAsync(NotifyChannelConfig channel, Alert alert, RunContext run, TimeSpan timeout, CancellationToken ct)
    {
        var secrets = new List<string>();
        string? Expand(string? value, string member)
        {
            if (value is null)
            {
                return null;
            }

            var expanded = Variables.Expand(value, getVariable, out var missing);
            if (missing is not null)
            {
                throw new InvalidOperationException($"the environment variable {missing} (used by \"{member}\") is not set");
            }

            secrets.Add(expanded);
            return expanded;
        }

        string url, body;
        var headers = new List<(string, string)>();
        try
        {
            switch (channel.Type)
            {
                case NotifyChannelConfig.Telegram:
                    var token = Expand(channel.BotToken, "botToken")!;
                    url = $"{(Expand(channel.ApiBase, "apiBase") ?? DefaultTelegramApi).TrimEnd('/')}/bot{token}/sendMessage";
                    body = AlertMessages.Telegram(alert, run, Expand(channel.ChatId, "chatId")!);
                    break;
                case NotifyChannelConfig.Slack:
                    url = Expand(channel.Url, "url")!;
                    body = AlertMessages.Slack(alert, run);
                    break;
                case NotifyChannelConfig.Teams:
                    url = Expand(channel.Url, "url")!;
                    body = AlertMessages.Teams(alert, run);
                    break;
                default:
                    url = Expand(channel.Url, "url")!;
                    body = AlertMessages.Webhook(alert, run, time.GetUtcNow(), ToolInfo.Version);
                    headers.Add(("X-SchemaDrift-Event", alert.Event.Name()));
                    if (Expand(channel.Secret, "secret") is { Length: > 0 } secret)
                    {
                        headers.Add((SignatureHeader, Sign(body, secret)));
                    }

                    break;
            }
        }
        catch (InvalidOperationException ex)
        {
            return (ex.Message, 0);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ("its URL is not an http or https URL once its variables are replaced", 0);
        }

        var (error, attempts) = await PostAsync(uri, body, headers, timeout, ct).ConfigureAwait(false);
        return (error is null ? null : Scrub(error, secrets), attempts);
    }

    private async Task<(string? Error, int Attempts)> PostAsync(Uri uri, string body, List<(string Name, string Value)> headers, TimeSpan timeout, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        string? error = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            bool retry;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (timeout > TimeSpan.Zero)
            {
                cancel.CancelAfter(timeout);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("schemadrift", ToolInfo.Version));
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return (null, attempt);
                }

                var answer = await response.Content.ReadAsStringAsync(cancel.Token).ConfigureAwait(false);
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" + (answer.Length == 0 ? string.Empty : ": " + OneLine(answer));
                retry = (int)response.StatusCode >= 500 || (int)response.StatusCode == 429;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"no answer within {Durations.Describe(timeout)}";
                retry = true;
            }
            catch (HttpRequestException ex)
            {
                error = Describe(ex);
                retry = true;
            }

            if (!retry || attempt == 2)
            {
                return (error, attempt);
            }

            await Task.Delay(retryDelay, ct).ConfigureAwait(false);
        }

        return (error, 2);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the UTF-8 body with <paramref name="secret"/>.</summary>
    public static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A channel for people: <c>slack (hooks.slack.com)</c>, or the variable its URL comes from; never a path or token.</summary>
    public static string Describe(NotifyChannelConfig channel)
    {
        var address = channel.Type == NotifyChannelConfig.Telegram ? channel.ApiBase ?? DefaultTelegramApi : channel.Url ?? string.Empty;
        if (address.Contains("${", StringComparison.Ordinal))
        {
            return $"{channel.Type} ({string.Join(", ", Variables.Names(address))})";
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? $"{channel.Type} ({uri.Authority})" : channel.Type ?? "channel";
    }

    public static Severity ParseSeverity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "major" => Severity.Major,
        "critical" => Severity.Critical,
        _ => Severity.Minor,
    };

    private static string ChannelIdentity(NotifyChannelConfig channel) =>
        $"{channel.Type}\n{channel.Url}\n{channel.ApiBase}\n{channel.ChatId}";

    private static string Describe(HttpRequestException ex)
    {
        var socket = ex.InnerException as System.Net.Sockets.SocketException;
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name could not be resolved",
            HttpRequestError.SecureConnectionError => "the TLS connection could not be established",
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused => "the connection was refused",
            HttpRequestError.ConnectionError => "the connection failed" + (socket is null ? string.Empty : $" ({socket.SocketErrorCode})"),
            HttpRequestError.ResponseEnded => "the server closed the connection without an answer",
            _ => $"the request failed ({ex.HttpRequestError})",
        };
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..199] + "…";
    }

    /// <summary>Belt and braces: an answer that repeats a secret value (a URL, a token) shows it as ***.</summary>
    private static string Scrub(string text, IEnumerable<string> secrets) =>
        secrets.Where(s => s.Length >= 4).OrderByDescending(s => s.Length).Aggregate(text, (t, s) => t.Replace(s, "***", StringComparison.Ordinal));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
