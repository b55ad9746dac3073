using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>Deciding quickly whether a Docker engine answers, against real sockets that play the engine.</summary>
public class DockerProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The bound for probes of engines that do answer: what is checked is the answer, not its speed, and on a loaded
    /// machine (the whole suite at once on 2 cores) a fake engine's reply can take longer than the probe's own 500 ms.
    /// </summary>
    private static readonly TimeSpan Answering = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_missing_socket_means_no_docker()
    {
        Assert.False(await DockerProbe.AnswersAsync($"unix:///tmp/no-such-docker-{Guid.NewGuid():N}.sock", Timeout, default));
    }

    [Fact]
    public async Task A_socket_that_answers_the_ping_means_docker()
    {
        await using var engine = FakeEngine.Start(answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
        Assert.True(await DockerProbe.AnswersAsync("unix://" + engine.Path, Answering, default));
    }

    [Fact]
    public async Task A_socket_that_answers_with_an_error_means_no_docker()
    {
        await using var engine = FakeEngine.Start(answer: "HTTP/1.1 500 Internal Server Error\r\n\r\n");
        Assert.False(await DockerProbe.AnswersAsync("unix://" + engine.Path, Answering, default));
    }

    [Fact]
    public async Task A_socket_that_never_answers_gives_up_at_the_timeout()
    {
        await using var engine = FakeEngine.Start(answer: null);
        var watch = Stopwatch.StartNew();
        Assert.False(await DockerProbe.AnswersAsync("unix://" + engine.Path, Timeout, default));
        Assert.InRange(watch.Elapsed, Timeout - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_tcp_host_counts_when_it_accepts_connections()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.True(await DockerProbe.AnswersAsync($"tcp://127.0.0.1:{port}", Answering, default));
        listener.Stop();
        Assert.False(await DockerProbe.AnswersAsync($"tcp://127.0.0.1:{port}", Timeout, default));
    }

    [Fact]
    public async Task An_unknown_scheme_means_no_docker()
    {
        Assert.False(await DockerProbe.AnswersAsync("npipe:////./pipe/docker_engine", Timeout, default));
    }

    /// <summary>A Unix socket server that answers every request with a fixed text, or never answers at all.</summary>
    private sealed class FakeEngine : IAsyncDisposable
    {
        private readonly Socket listener;
        private readonly Task loop;
        private readonly CancellationTokenSource stop = new();

        private FakeEngine(string path, string? answer)
        {
            Path = path;
            listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            loop = ServeAsync(answer);
        }

        public string Path { get; }

        public static FakeEngine Start(string? answer) =>
            new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fake-docker-{Guid.NewGuid():N}.sock"), answer);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Dispose();
            await loop.ContinueWith(_ => { }, TaskScheduler.Default);
            File.Delete(Path);
            stop.Dispose();
        }

        private async Task ServeAsync(string? answer)
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptAsync(stop.Token);
                var buffer = new byte[1024];
                await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (answer is null)
                {
                    await Task.Delay(System.Threading.Timeout.Infinite, stop.Token);
                }

                await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(answer!), SocketFlags.None, stop.Token);
            }
        }
    }
}
