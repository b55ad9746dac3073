using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopApp.Data;

/// <summary>
/// Refuses to open the placeholder connection used when <c>SHOP_DB</c> is unset, so that commands
/// that need a database fail with a message naming the variable rather than a DNS error.
/// </summary>
internal sealed class UnconfiguredConnectionGuard : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        throw ShopDatabase.MissingConnectionString();

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) =>
        throw ShopDatabase.MissingConnectionString();
}
