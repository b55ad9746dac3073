using System.Net;
using System.Net.Sockets;

namespace SchemaDrift.Provisioning;

/// <summary>Answers quickly whether a Docker engine is there; never hangs when there is none.</summary>
public static class DockerProbe
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>
    /// Whether the engine named by <paramref name="dockerHost"/> (DOCKER_HOST: unix:// or tcp://; null for the default
    /// socket) answers within <paramref name="timeout"/>: a unix socket must answer GET /_ping with HTTP 200, a TCP
    /// endpoint must accept a connection.
    /// </summary>
    public static async Task<bool> AnswersAsync(string? dockerHost, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            if (string.IsNullOrEmpty(dockerHost) || dockerHost.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = string.IsNullOrEmpty(dockerHost) ? DefaultSocket : dockerHost["unix://".Length..];
                return File.Exists(path) &&
                    await PingAsync(new UnixDomainSocketEndPoint(path), limit.Token).ConfigureAwait(false);
            }

            if (Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri) && uri.Scheme == "tcp")
            {
                using var client = new TcpClient();
                await client.ConnectAsync(uri.Host, uri.Port, limit.Token).ConfigureAwait(false);
                return true;
            }

            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends GET /_ping over the engine's socket and expects an HTTP 200.</summary>
    private static async Task<bool> PingAsync(EndPoint endpoint, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = 0;
        while (read < 13 && await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false) is var n and > 0)
        {
            read += n;
        }

        // "HTTP/1.x 200 "
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200", StringComparison.Ordinal);
    }
}
