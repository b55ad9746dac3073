using System.Net;
using System.Net.Sockets;

namespace SchemaDrift.Provisioning;

/// <summary>Answers quickly whether a Docker engine is there; never hangs when there is none.</summary>
internal static class DockerProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<bool> AnswersAsync(CancellationToken ct)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            if (string.IsNullOrEmpty(host) || host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
                if (!File.Exists(path))
                {
                    return false;
                }

                return await PingAsync(new UnixDomainSocketEndPoint(path), AddressFamily.Unix, timeout.Token).ConfigureAwait(false);
            }

            if (Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme == "tcp")
            {
                using var client = new TcpClient();
                await client.ConnectAsync(uri.Host, uri.Port, timeout.Token).ConfigureAwait(false);
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends GET /_ping over the engine's socket and expects an HTTP 200.</summary>
    private static async Task<bool> PingAsync(EndPoint endpoint, AddressFamily family, CancellationToken ct)
    {
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray();
        await stream.WriteAsync(request, ct).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
    }
}
