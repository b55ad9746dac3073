using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Multi;

/// <summary>Its design-time factory throws, as one does when its configuration is missing.</summary>
public sealed class BrokenContext(DbContextOptions<BrokenContext> options) : DbContext(options);

public sealed class BrokenContextFactory : IDesignTimeDbContextFactory<BrokenContext>
{
    public BrokenContext CreateDbContext(string[] args) =>
        throw new InvalidOperationException("The connection string 'Broken' is not configured.");
}
