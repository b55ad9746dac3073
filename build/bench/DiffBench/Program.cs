using System.Diagnostics;
using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using Npgsql;

// DiffBench snapshot CONNECTION OUT.json
//   reads one database (all schemas, no privileges) into a snapshot file.
// DiffBench run FROM.json TO.json [RUNS=5] [--dump OUT.txt] [--privileges] [--prepared]   (a path may be "empty")
//   compares the two snapshots RUNS times in this process: the first run is cold (JIT, as in the one-shot CLI),
//   the others warm; --prepared compares them prepared once beforehand, as `diff` prepares each database's snapshot
//   as soon as it is read. Prints wall and CPU time and bytes allocated per run; --dump writes everything the result
//   holds (changes, their statements, the script, what was not compared), to compare two builds byte for byte.
// DiffBench live FROM-CONNECTION TO-CONNECTION
//   what `diff` does, once: reads both databases at the same time, then compares them; prints the time of each
//   step (the comparison's CPU time too, which a busy machine does not inflate).
// DiffBench read CONNECTION RUNS
//   reads one database RUNS times in this process, as `diff` reads each side: the first read is cold, the others
//   warm. Prints wall and CPU time and bytes allocated per read.
// DiffBench replay CASES OUTPUT
//   compares each pair NAME.from.json / NAME.to.json in CASES (with NAME.options: "privileges concurrent owners" as
//   True/False; pairs written with `snapshot`, or kept from a test run) and writes the dump of each result to
//   OUTPUT/NAME.txt, to compare two builds on many pairs.
return args switch
{
    ["snapshot", var connection, var output] => await Snapshot(connection, output),
    ["run", var from, var to, .. var rest] => Run(from, to, rest),
    ["replay", var cases, var output] => Replay(cases, output),
    ["live", var from, var to] => await Live(from, to),
    ["read", var connection, var runs] => await ReadMany(connection, int.Parse(runs, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DiffBench snapshot CONNECTION OUT.json | run FROM.json TO.json [RUNS] [--dump OUT.txt] [--privileges] [--prepared] | live FROM TO | read CONNECTION RUNS | replay CASES OUTPUT");
    return 2;
}

static async Task<int> Live(string fromConnection, string toConnection)
{
    static async Task<SchemaSnapshot> Read(string connection)
    {
        await using var open = await DatabaseConnector.OpenAsync(new NpgsqlConnectionStringBuilder(connection));
        return await CatalogReader.ReadAsync(open, CatalogFilter.All);
    }

    var clock = Stopwatch.StartNew();
    var snapshots = await Task.WhenAll(Read(fromConnection), Read(toConnection));
    var snapshot = clock.Elapsed.TotalMilliseconds;
    var cpu = ThreadCpuMilliseconds();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    clock.Restart();
    var result = SchemaDiffer.Compare(snapshots[0], snapshots[1]);
    var wall = clock.Elapsed.TotalMilliseconds;
    cpu = ThreadCpuMilliseconds() - cpu;
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"snapshot {snapshot:F1} ms, diff {wall:F1} ms wall, {cpu:F0} ms CPU, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F1} MB allocated ({result.Changes.Count} changes, {snapshots[0].Tables.Count} and {snapshots[1].Tables.Count} tables)"));
    return 0;
}

static async Task<int> ReadMany(string connection, int runs)
{
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        await using var open = await DatabaseConnector.OpenForCatalogAsync(new NpgsqlConnectionStringBuilder(connection));
        var snapshot = await CatalogReader.ReadAsync(open, CatalogFilter.All);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"read {clock.Elapsed.TotalMilliseconds:F0} ms, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU (all threads), {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F1} MB allocated ({snapshot.Tables.Count} tables)"));
    }

    return 0;
}

static async Task<int> Snapshot(string connection, string output)
{
    await using var open = await DatabaseConnector.OpenAsync(new NpgsqlConnectionStringBuilder(connection));
    var snapshot = await CatalogReader.ReadAsync(open, CatalogFilter.All);
    await File.WriteAllTextAsync(output, SnapshotJson.Serialize(snapshot));
    Console.WriteLine($"{output}: {snapshot.Tables.Count} tables");
    return 0;
}

static int Run(string fromPath, string toPath, string[] rest)
{
    var runs = rest.Length > 0 && int.TryParse(rest[0], out var n) ? n : 5;
    var dumpAt = Array.IndexOf(rest, "--dump");
    var dump = dumpAt >= 0 ? rest[dumpAt + 1] : null;
    var options = new DiffOptions(ComparePrivileges: rest.Contains("--privileges"));
    // "empty" stands for a database with nothing in it: the script creates (or drops) everything.
    static SchemaSnapshot Load(string path) => path == "empty" ? SchemaSnapshot.Empty() : SnapshotJson.Deserialize(File.ReadAllText(path));
    var from = Load(fromPath);
    var to = Load(toPath);
    var prepared = rest.Contains("--prepared") ? (From: PreparedSnapshot.Prepare(from), To: PreparedSnapshot.Prepare(to)) : default;
    GC.Collect();

    var process = Process.GetCurrentProcess();
    DiffResult? result = null;
    var wall = new List<double>();
    var cpu = new List<double>();
    var threadCpu = new List<double>();
    var bytes = new List<long>();
    var collections = new List<string>();
    var mark = Environment.GetEnvironmentVariable("DIFFBENCH_MARK") is not null;
    for (var i = 0; i <= runs; i++)
    {
        if (mark)
        {
            // Lines between the marks are what the runtime prints during a comparison (DOTNET_JitStdOutFile unset,
            // DOTNET_JitDisasmSummary=1: every method compiled at run time, with its tier).
            Console.WriteLine($"-- comparison {i} starts");
        }

        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var threadStart = ThreadCpuMilliseconds();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        int[] gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        result = prepared.From is null ? SchemaDiffer.Compare(from, to, options) : SchemaDiffer.Compare(prepared.From, prepared.To!, options);
        clock.Stop();
        process.Refresh();
        wall.Add(clock.Elapsed.TotalMilliseconds);
        cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds);
        threadCpu.Add(ThreadCpuMilliseconds() - threadStart);
        if (mark)
        {
            Console.WriteLine($"-- comparison {i} ends");
        }
        bytes.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
        collections.Add($"{GC.CollectionCount(0) - gcs[0]}/{GC.CollectionCount(1) - gcs[1]}/{GC.CollectionCount(2) - gcs[2]}");
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"{from.Tables.Count} and {to.Tables.Count} tables: {result!.Changes.Count} changes, {result.Script.Count} statements"));
    Console.WriteLine(string.Create(inv, $"cold: {wall[0],8:F1} ms wall {cpu[0],8:F1} ms CPU ({threadCpu[0],6:F0} ms this thread) {bytes[0] / 1048576.0,8:F1} MB allocated, GCs {collections[0]} (gen 0/1/2)"));
    if (runs > 0)
    {
        Console.WriteLine(string.Create(inv, $"warm: {Median(wall.Skip(1)),8:F1} ms wall {Median(cpu.Skip(1)),8:F1} ms CPU ({Median(threadCpu.Skip(1)),6:F0} ms this thread) {Median(bytes.Skip(1).Select(b => (double)b)) / 1048576.0,8:F1} MB allocated (median of {runs}), GCs {collections[^1]}"));
    }

    if (dump is not null)
    {
        File.WriteAllText(dump, Dump(result));
    }

    return 0;
}

// The CPU time of the calling thread (Linux: /proc/thread-self/schedstat), without the JIT's and the GC's threads.
static double ThreadCpuMilliseconds() =>
    File.Exists("/proc/thread-self/schedstat")
        ? long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e6
        : double.NaN;

static int Replay(string cases, string output)
{
    Directory.CreateDirectory(output);
    var count = 0;
    foreach (var fromPath in Directory.EnumerateFiles(cases, "*.from.json").Order(StringComparer.Ordinal))
    {
        var name = Path.GetFileName(fromPath)[..^".from.json".Length];
        var flags = File.ReadAllText(Path.Combine(cases, name + ".options")).Split(' ').Select(bool.Parse).ToArray();
        var options = new DiffOptions(flags[0], flags[1], flags[2]);
        var from = SnapshotJson.Deserialize(File.ReadAllText(fromPath));
        var to = SnapshotJson.Deserialize(File.ReadAllText(Path.Combine(cases, name + ".to.json")));
        string text;
        try
        {
            text = Dump(SchemaDiffer.Compare(from, to, options));
        }
        catch (Exception ex)
        {
            text = $"{ex.GetType().Name}: {ex.Message}\n";
        }

        File.WriteAllText(Path.Combine(output, name + ".txt"), text);
        count++;
    }

    Console.WriteLine($"{count} pairs compared");
    return 0;
}

static string Dump(DiffResult result)
{
    var text = new StringBuilder();
    foreach (var change in result.Changes)
    {
        text.Append(CultureInfo.InvariantCulture, $"change {change.Kind} {change.ChangeType} {change.ObjectKind} {change.ObjectKey} | {change.ObjectName} | {change.Severity} {change.Hazards}\n");
        text.Append(CultureInfo.InvariantCulture, $"  description: {change.Description}\n  before: {change.Before}\n  after: {change.After}\n");
        foreach (var statement in change.Statements)
        {
            text.Append(CultureInfo.InvariantCulture, $"  [{statement.Transactional} {statement.Destructive}] {statement.Sql}\n");
        }
    }

    text.Append("script\n");
    foreach (var statement in result.Script)
    {
        text.Append(CultureInfo.InvariantCulture, $"[{statement.Transactional} {statement.Destructive}] {statement.Sql}\n");
    }

    foreach (var kind in result.NotCompared)
    {
        text.Append(CultureInfo.InvariantCulture, $"not compared: {kind.Kind} {kind.Count} {string.Join(", ", kind.Examples)}\n");
    }

    return text.ToString();
}
