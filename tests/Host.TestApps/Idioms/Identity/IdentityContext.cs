using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Idioms.Identity;

/// <summary>An ASP.NET Core Identity user with the profile columns an application adds over time.</summary>
public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public required string TenantId { get; set; }

    public bool IsActive { get; set; }
}

/// <summary>ASP.NET Core Identity's own schema (users, roles, claims, logins, tokens, passkeys) in the public schema.</summary>
public sealed class IdentityContext(DbContextOptions<IdentityContext> options) : IdentityDbContext<AppUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(user => 
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.TenantId).HasMaxLength(64);
            user.HasIndex(u => u.TenantId);
        });
    }
}

public sealed class IdentityContextFactory : IDesignTimeDbContextFactory<IdentityContext>
{
    public IdentityContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<IdentityContext>()
        .UseNpgsql(IdiomsDb.ConnectionString)
        .Options);
}
