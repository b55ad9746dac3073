using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Multi;

/// <summary>Fails every attempt to open a connection: design-time loading must never connect.</summary>
public sealed class NoConnection : DbConnectionInterceptor
{
    public const string ConnectionString = "Host=127.0.0.1;Port=9;Database=never;Username=never;Timeout=1";

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        throw new InvalidOperationException("A connection was opened at design time.");

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A connection was opened at design time.");
}
