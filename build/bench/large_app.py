#!/usr/bin/env python3
"""Generates an EF Core + Npgsql application whose model grows over N migrations, each one made by the real
`dotnet ef migrations add` (the repository's pinned dotnet-ef, through a copy of its tool manifest).

    build/bench/large_app.py N APP_DIR        e.g. build/bench/large_app.py 160 /tmp/schemadrift-large-app

Step 1 creates the first table; then, in turn, a step adds a table (with a foreign key to the one before it), adds a
column (text with a length, numeric, integer, a required boolean with a default, an optional timestamp), adds an index
(every third one unique), or changes a column (a longer text, a column made required). Every tenth step seeds rows
(HasData). After the last step the application is built, so `--no-build` commands can run on it.

Resumable: a step whose migration exists is not made again, so an interrupted run continues where it stopped.
Slow (one build and one `dotnet ef` per step): run it in the background with `nice`.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

EF_CORE = "10.0.15"
NPGSQL_EF = "10.0.3"
NAMESPACE = "LargeApp"


def model_at(step):
    """The model after `step` steps: tables in order, each a dict of columns, indexes and seed rows."""
    tables = []
    for s in range(1, step + 1):
        if s == 1 or s % 4 == 1:
            n = len(tables) + 1
            tables.append({
                "name": f"Entity{n:03}",
                "columns": [("Name", "string", {"max": 100, "required": True}), ("CreatedAt", "DateTime", {"required": True})],
                "parent": tables[-1]["name"] if tables else None,
                "indexes": [],
                "seed": 0,
            })
        elif s % 4 == 2:
            table = tables[(s // 4) % len(tables)]
            kind = (s // 4) % 5
            column = f"Value{s:03}"
            table["columns"].append({
                0: (column, "string", {"max": 200, "required": False}),
                1: (column, "decimal", {"precision": (12, 2), "required": True}),
                2: (column, "int", {"required": False}),
                3: (column, "bool", {"required": True, "default": "true"}),
                4: (column, "DateTime", {"required": False}),
            }[kind])
        elif s % 4 == 3:
            table = tables[(s // 4) % len(tables)]
            column = table["columns"][-1][0]
            if all(column not in i["columns"] for i in table["indexes"]):
                table["indexes"].append({"columns": [column], "unique": len(table["indexes"]) % 3 == 2 and column != "CreatedAt"})
            else:
                table["columns"].append((f"Note{s:03}", "string", {"max": 50, "required": False}))
        else:
            table = tables[(s // 4) % len(tables)]
            if s % 8 == 0:
                name, kind, options = table["columns"][0]
                table["columns"][0] = (name, kind, {**options, "max": options.get("max", 100) + 50})
            else:
                optional = [i for i, c in enumerate(table["columns"]) if c[1] == "string" and not c[2]["required"]]
                if optional:
                    i = optional[0]
                    name, kind, options = table["columns"][i]
                    table["columns"][i] = (name, kind, {**options, "required": True, "default": "''"})
                else:
                    table["columns"].append((f"Flag{s:03}", "bool", {"required": True, "default": "false"}))
        if s % 10 == 0:
            tables[(s // 10) % len(tables)]["seed"] += 2
    return tables


CLR = {"string": "string", "decimal": "decimal", "int": "int", "bool": "bool", "DateTime": "DateTime"}


def entity_code(table):
    lines = [f"public class {table['name']}", "{", "    public int Id { get; set; }"]
    for name, kind, options in table["columns"]:
        clr = CLR[kind]
        nullable = "?" if not options["required"] and kind != "string" else ""
        suffix = " = \"\";" if kind == "string" and options["required"] else ""
        if kind == "string" and not options["required"]:
            clr = "string?"
        lines.append(f"    public {clr}{nullable} {name} {{ get; set; }}{suffix}")
    if table["parent"]:
        lines.append(f"    public int? ParentId {{ get; set; }}")
        lines.append(f"    public {table['parent']}? Parent {{ get; set; }}")
    lines.append("}")
    return "\n".join(lines)


def configuration_code(table):
    t = table["name"]
    lines = [f"        modelBuilder.Entity<{t}>(e =>", "        {", f"            e.ToTable(\"{t.lower()}\");"]
    for name, kind, options in table["columns"]:
        chain = f"            e.Property(x => x.{name})"
        if "max" in options:
            chain += f".HasMaxLength({options['max']})"
        if "precision" in options:
            chain += f".HasPrecision({options['precision'][0]}, {options['precision'][1]})"
        if options["required"] and kind == "string":
            chain += ".IsRequired()"
        if "default" in options:
            chain += f".HasDefaultValueSql(\"{options['default']}\")"
        lines.append(chain + ";")
    for index in table["indexes"]:
        columns = ", ".join(f"x.{c}" for c in index["columns"])
        lines.append(f"            e.HasIndex(x => new {{ {columns} }}){'.IsUnique()' if index['unique'] else ''};")
    if table["parent"]:
        lines.append("            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);")
    if table["seed"]:
        rows = []
        for r in range(1, table["seed"] + 1):
            values = [f"Id = {r}"]
            for name, kind, options in table["columns"]:
                if not options["required"]:
                    continue
                values.append({
                    "string": f"{name} = \"seed {r}\"",
                    "decimal": f"{name} = {r}.50m",
                    "int": f"{name} = {r}",
                    "bool": f"{name} = true",
                    "DateTime": f"{name} = new DateTime(2026, 1, {r}, 0, 0, 0, DateTimeKind.Utc)",
                }[kind])
            rows.append(f"new {t} {{ {', '.join(values)} }}")
        lines.append(f"            e.HasData({', '.join(rows)});")
    lines.append("        });")
    return "\n".join(lines)


def write_model(app, step):
    tables = model_at(step)
    entities = "\n\n".join(entity_code(t) for t in tables)
    configuration = "\n".join(configuration_code(t) for t in tables)
    sets = "\n".join(f"    public DbSet<{t['name']}> {t['name']}s => Set<{t['name']}>();" for t in tables)
    (app / "Model.cs").write_text(f"""// Generated by build/bench/large_app.py: the model after step {step}.
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace {NAMESPACE};

{entities}

public class LargeContext(DbContextOptions<LargeContext> options) : DbContext(options)
{{
{sets}

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {{
        modelBuilder.HasDefaultSchema("bench");
{configuration}
    }}
}}

public class LargeContextFactory : IDesignTimeDbContextFactory<LargeContext>
{{
    public LargeContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<LargeContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("LARGEAPP_DB") ?? "Host=localhost;Port=1;Database=large;Username=none")
        .Options);
}}
""")


def run(command, cwd):
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-4000:]}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    steps = int(sys.argv[1])
    app = pathlib.Path(sys.argv[2]).resolve()
    root = pathlib.Path(__file__).resolve().parents[2]
    app.mkdir(parents=True, exist_ok=True)
    (app / ".config").mkdir(exist_ok=True)
    shutil.copy(root / "dotnet-tools.json", app / ".config" / "dotnet-tools.json")
    (app / "LargeApp.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by build/bench/large_app.py. -->
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="{NPGSQL_EF}" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{EF_CORE}" PrivateAssets="all" />
  </ItemGroup>
</Project>
""")
    (app / "Program.cs").write_text("Console.WriteLine(\"LargeApp: a generated benchmark application.\");\n")
    run(["dotnet", "tool", "restore"], app)
    run(["dotnet", "restore", "--nologo"], app)
    migrations = app / "Migrations"
    for step in range(1, steps + 1):
        name = f"Step{step:03}"
        if migrations.exists() and any(migrations.glob(f"*_{name}.cs")):
            continue
        write_model(app, step)
        print(f"step {step}/{steps}: dotnet ef migrations add {name}", flush=True)
        run(["dotnet", "ef", "migrations", "add", name, "--context", "LargeContext"], app)
    write_model(app, steps)
    run(["dotnet", "build", "--nologo", "-v", "quiet"], app)
    count = len([p for p in migrations.glob("*.cs") if not p.name.endswith(".Designer.cs") and "ModelSnapshot" not in p.name])
    print(json.dumps({"app": str(app), "migrations": count}))


if __name__ == "__main__":
    main()
