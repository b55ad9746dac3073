using System.Net;
using System.Net.Sockets;

namespace SchemaDrift.Provisioning;

internal static class FreePort
{
    /// <summary>A TCP port free on 127.0.0.1 right now (another process may still take it before we bind it).</summary>
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
