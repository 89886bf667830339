using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting.Html;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (styles, scripts, uPlot and the run's data inline, no
/// network access) that replays a run, or several variants on one clock, over the topology.
/// </summary>
public static class HtmlReport
{
    /// <summary>The id of the script element holding the page's data (JSON).</summary>
    public const string DataElementId = "replicasim-data";

    public static void WriteRun(RunSummary summary, string outDir, string command) =>
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), Run(summary, command));

    public static void WriteComparison(IReadOnlyList<RunSummary> runs, string outDir, string title, string description, string command) =>
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), Comparison(runs, title, description, command));

    public static string Run(RunSummary summary, string command)
    {
        var s = summary.Scenario;
        var title = s.Variant.Length > 0 ? $"{s.Name} / {s.Variant}" : s.Name;
        return Page(title, s.Description, command, [summary]);
    }

    public static string Comparison(IReadOnlyList<RunSummary> runs, string title, string description, string command) =>
        Page(title, description, command, runs);

    private static string Page(string title, string description, string command, IReadOnlyList<RunSummary> runs)
    {
        var data = Data(title, description, command, runs);
        return Resource("report.html")
            .Replace("{{TITLE}}", HtmlEncoder.Default.Encode("ReplicaSim: " + title), StringComparison.Ordinal)
            .Replace("/*{{UPLOT_CSS}}*/", Resource("uPlot.min.css"), StringComparison.Ordinal)
            .Replace("/*{{CSS}}*/", Resource("report.css"), StringComparison.Ordinal)
            .Replace("/*{{UPLOT_JS}}*/", Resource("uPlot.iife.min.js"), StringComparison.Ordinal)
            .Replace("/*{{JS}}*/", Resource("report.js"), StringComparison.Ordinal)
            .Replace("{{DATA}}", data, StringComparison.Ordinal);
    }

    /// <summary>The page's data as JSON, safe inside a script element.</summary>
    internal static string Data(string title, string description, string command, IReadOnlyList<RunSummary> runs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            w.WriteStartObject();
            w.WriteString("title", title);
            w.WriteString("description", description);
            w.WriteString("command", command);
            w.WriteStartArray("runs");
            foreach (var r in runs)
            {
                ReplayJson.Write(w, r);
            }
            w.WriteEndArray();
            if (OperationsTable.Applies(runs))
            {
                WriteOperations(w, runs);
            }
            w.WriteEndObject();
        }
        // JavaScriptEncoder.Default escapes '<', '>' and '&' in strings; summary.json's raw text may not, so "</" is escaped too.
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("</", "<\\/", StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>operations</c>: the lesson's "RDS vs Self-Managed Database" table as report.md fills it (heading, sentence,
    /// one column per run, rows of label and cells, the ranking by total), drawn under the charts.
    /// </summary>
    private static void WriteOperations(Utf8JsonWriter w, IReadOnlyList<RunSummary> runs)
    {
        w.WriteStartObject("operations");
        w.WriteString("title", OperationsTable.Title);
        w.WriteString("intro", OperationsTable.Intro(runs));
        w.WriteStartArray("columns");
        foreach (var r in runs)
        {
            w.WriteStringValue(runs.Count > 1 ? Charts.VariantName(r) : SummaryTable.Architecture(r.Scenario));
        }
        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var (label, cells) in OperationsTable.Rows(runs))
        {
            w.WriteStartArray();
            w.WriteStringValue(label);
            foreach (var c in cells)
            {
                // report.md's bold total, as plain text.
                w.WriteStringValue(c.Replace("**", "", StringComparison.Ordinal));
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteString("ranking", runs.Count > 1 ? OperationsTable.Ranking(runs) : "");
        w.WriteEndObject();
    }

    internal static string Resource(string name)
    {
        var assembly = typeof(HtmlReport).Assembly;
        using var stream = assembly.GetManifestResourceStream("ReplicaSim.Html." + name)
            ?? throw new InvalidOperationException($"embedded resource ReplicaSim.Html.{name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The vendored uPlot's version, as recorded next to it.</summary>
    public static string UplotVersion => Resource("uPlot.VERSION").Trim();
}
