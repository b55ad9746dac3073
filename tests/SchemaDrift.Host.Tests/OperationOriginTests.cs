using System.Text.RegularExpressions;

namespace SchemaDrift.Host.Tests;

/// <summary>
/// Which Up operation writes each command: what lets lint point a statement at its migrationBuilder call. Each
/// operation generated alone must add up to the very commands the whole migration generates.
/// </summary>
[Collection(MultiAppCollection.Name)]
public class OperationOriginTests(MultiAppFixture app)
{
    [Fact]
    public void Every_command_names_the_operation_that_writes_it_in_the_order_of_the_calls()
    {
        foreach (var migration in app.Orders.Migrations)
        {
            // The oracle: the methods Up calls, read from the migration's file.
            var file = Directory.GetFiles(TestApps.Multi, migration.Id + ".cs", SearchOption.AllDirectories).Single();
            var up = File.ReadAllText(file).Split("void Down(")[0];
            var calls = Regex.Matches(up, @"migrationBuilder\.(\w+)").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(calls, migration.OperationTypes);

            var origins = migration.Commands.Select(c => c.Operation).ToList();
            Assert.All(origins, o => Assert.InRange(o!.Value, 0, calls.Count - 1));
            Assert.Equal(origins.Order(), origins);
        }

        // The concurrent build runs outside the transaction, and is still traced to its CreateIndex call.
        var index = app.Orders.Migrations[1];
        var build = Assert.Single(index.Commands, c => c.TransactionSuppressed);
        Assert.Equal("CreateIndex", index.OperationTypes![build.Operation!.Value]);
        Assert.Contains("CONCURRENTLY", build.Sql, StringComparison.Ordinal);
    }
}
