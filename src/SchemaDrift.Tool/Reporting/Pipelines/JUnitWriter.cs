using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Tool.Reporting.Pipelines;

/// <summary>
/// JUnit XML for test-report tabs (GitHub test reporters, GitLab <c>artifacts:reports:junit</c>, Azure's Publish
/// Test Results): a test suite per target, a test case per check, a <c>failure</c> per finding at or above
/// <c>--fail-on</c> (the findings below it are listed in the case's <c>system-out</c>), an <c>error</c> when the
/// target could not be checked.
/// </summary>
public static class JUnitWriter
{
    public static string Write(PipelineRun run)
    {
        var suites = new List<XElement>();
        foreach (var target in run.Targets)
        {
            var cases = target.Checks.Select(check => Case(run, target, check)).ToList();
            suites.Add(new XElement("testsuite",
                new XAttribute("name", Text(target.Name)),
                new XAttribute("tests", cases.Count),
                new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
                new XAttribute("errors", cases.Count(c => c.Element("error") is not null)),
                new XAttribute("skipped", 0),
                new XAttribute("time", "0"),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "database"), new XAttribute("value", Text(target.Database))),
                    new XElement("property", new XAttribute("name", "status"), new XAttribute("value", target.Status))),
                cases));
        }

        var root = new XElement("testsuites",
            new XAttribute("name", $"schemadrift {run.Command}"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
            new XAttribute("time", "0"),
            suites);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            new XDocument(root).Save(writer);
        }

        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static XElement Case(PipelineRun run, PipelineTarget target, string check)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", Text($"schemadrift.{run.Command}.{target.Name}")),
            new XAttribute("name", check),
            new XAttribute("time", "0"));
        if (target.Error is { } error)
        {
            testCase.Add(new XElement("error", new XAttribute("message", Text($"{target.Name} could not be checked")), new XAttribute("type", "error"), Text(error)));
            return testCase;
        }

        var findings = target.Findings.Where(f => f.Check == check).OrderByDescending(f => f.Severity).ToList();
        foreach (var finding in findings.Where(f => f.Severity >= run.FailOn))
        {
            testCase.Add(new XElement("failure",
                new XAttribute("message", Text(finding.Title)),
                new XAttribute("type", finding.Kind),
                Text(Body(finding))));
        }

        var below = findings.Where(f => f.Severity < run.FailOn).ToList();
        if (below.Count > 0)
        {
            testCase.Add(new XElement("system-out", Text(string.Create(CultureInfo.InvariantCulture,
                $"{below.Count} finding(s) below --fail-on {Names.Of(run.FailOn)}:\n") + string.Join("\n", below.Select(f => "- " + f.Title + ": " + f.Description)))));
        }

        return testCase;
    }

    private static string Body(PipelineFinding finding) => GitHubActions.Message(finding);

    /// <summary>
    /// Text XML 1.0 can hold: control characters written as escapes (<see cref="Printable"/>, line breaks kept), and
    /// anything XML cannot carry at all (a lone surrogate, U+FFFE) replaced by U+FFFD.
    /// </summary>
    public static string Text(string value)
    {
        var lines = Printable.Lines(value);
        var text = new StringBuilder(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var c = lines[i];
            if (char.IsHighSurrogate(c) && i + 1 < lines.Length && char.IsLowSurrogate(lines[i + 1]))
            {
                text.Append(c).Append(lines[++i]);
            }
            else
            {
                text.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return text.ToString();
    }
}
