using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Reporting;
using ReplicaSim.Reporting.Html;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Web;

/// <summary>
/// The simulator's entry points for the page (called from worker.js through [JSExport]): the scenario library,
/// a run of a scenario's JSON (summary.json's bytes as the CLI writes them, plus report.html for the run, or for
/// the run before and after a change side by side), and the loader's own located messages for the JSON editor.
/// </summary>
[SupportedOSPlatform("browser")]
public static partial class Playground
{
    /// <summary>The label for the JSON editor's text in the loader's messages ("experiment.json:12: ...").</summary>
    public const string EditorLabel = "experiment.json";

    private static readonly Dictionary<int, RunSummary> Runs = [];
    private static int _nextRun;

    public static void Main()
    {
    }

    /// <summary>
    /// The scenario library shipped with the tool, as a JSON array: file, name, question, description, variants,
    /// and the file's text.
    /// </summary>
    [JSExport]
    public static string Library()
    {
        var assembly = typeof(Playground).Assembly;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("ReplicaSim.Scenarios.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var file = resource["ReplicaSim.Scenarios.".Length..];
                var bytes = Resource(resource);
                // Only the fields the picker shows: validating every file and variant here would delay the page by
                // seconds in the interpreter; each is validated when it runs.
                if (JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is not JsonObject root)
                {
                    continue;
                }
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteString("name", root["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : ScenarioLoader.NameOf(file));
                w.WriteString("question", Text(root["question"]));
                w.WriteString("description", Text(root["description"]));
                w.WriteStartArray("variants");
                if (root["variants"] is JsonObject variants)
                {
                    foreach (var (variant, _) in variants)
                    {
                        w.WriteStringValue(variant);
                    }
                }
                w.WriteEndArray();
                w.WriteString("text", Encoding.UTF8.GetString(bytes));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";

    /// <summary>A library file (or any scenario text) with one variant merged over it, as the editor's plain JSON.</summary>
    [JSExport]
    public static string Resolve(string json, string label, string variant) =>
        Guard(() => Ok(w => w.WriteString("json", ScenarioLoader.Resolve(Encoding.UTF8.GetBytes(json), label, variant.Length == 0 ? null : variant))));

    /// <summary>The loader's messages for the editor's text: an empty list when it is valid.</summary>
    [JSExport]
    public static string Validate(string json) =>
        Guard(() => Ok(w => WriteErrors(w, ScenarioLoader.Validate(Encoding.UTF8.GetBytes(json), EditorLabel))));

    /// <summary>
    /// Runs the scenario (with <paramref name="seed"/> when it is not null, and one of its variants when
    /// <paramref name="variant"/> is not empty) and returns its id and summary.json's
    /// text exactly as <c>replicasim run</c> writes it; or the loader's located messages.
    /// </summary>
    [JSExport]
    public static string Run(string json, string label, [JSMarshalAs<JSType.Number>] long? seed, string variant, int progressSteps, bool keep)
    {
        return Guard(() =>
        {
            var options = new LoadOptions(Seed: seed, Variant: variant.Length == 0 ? null : variant);
            var scenario = ScenarioLoader.Load(Encoding.UTF8.GetBytes(json), label.Length == 0 ? EditorLabel : label, options);
            var progress = new ProgressObserver(scenario.Duration, progressSteps);
            var summary = Runner.Run(scenario, progress);
            var id = 0;
            if (keep)
            {
                // Kept for Report (the page's view); the JavaScript API's runs are not kept.
                id = ++_nextRun;
                Runs[id] = summary;
                foreach (var old in Runs.Keys.Where(k => k <= id - 8).ToList())
                {
                    Runs.Remove(old);
                }
            }
            return Ok(w =>
            {
                w.WriteNumber("id", id);
                w.WriteString("summary", Encoding.UTF8.GetString(SummaryJson.Write(summary)));
            });
        });
    }

    /// <summary>
    /// report.html for one run, or for several side by side on one clock (named by <paramref name="names"/>,
    /// separated by '\n', e.g. "before" and "after").
    /// </summary>
    [JSExport]
    public static string Report(int[] ids, string names, string title, string description)
    {
        return Guard(() =>
        {
            var labels = names.Split('\n');
            var runs = new List<RunSummary>();
            for (var i = 0; i < ids.Length; i++)
            {
                if (!Runs.TryGetValue(ids[i], out var r))
                {
                    throw new ScenarioException([new ScenarioError("run " + ids[i].ToString(CultureInfo.InvariantCulture), "", "is no longer kept; run it again")]);
                }
                runs.Add(ids.Length > 1 && i < labels.Length && labels[i].Length > 0 ? r with { Scenario = r.Scenario with { Variant = labels[i] } } : r);
            }
            var html = runs.Count == 1 ? HtmlReport.Run(runs[0], "replicasim playground") : HtmlReport.Comparison(runs, title, description, "replicasim playground");
            return Ok(w => w.WriteString("html", html));
        });
    }

    [JSImport("globalThis.replicasimProgress")]
    internal static partial void Progress(double share);

    /// <summary>Tells the page how far the run is, at most <c>steps</c> times a run (on the timeline's ticks).</summary>
    private sealed class ProgressObserver(Duration total, int steps) : IRunObserver
    {
        private int _reported;

        public void OnRequestCompleted(in RequestRecord request)
        {
        }

        public void OnTick(Instant at)
        {
            if (steps <= 0 || total.Microseconds <= 0)
            {
                return;
            }
            var share = Math.Min(1.0, (double)(at - Instant.Start).Microseconds / total.Microseconds);
            var step = (int)(share * steps);
            if (step > _reported)
            {
                _reported = step;
                Progress(share);
            }
        }
    }

    private static string Ok(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", true);
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Guard(Func<string> work)
    {
        try
        {
            return work();
        }
        catch (ScenarioException e)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", false);
                WriteErrors(w, e.Errors);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    private static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<ScenarioError> errors)
    {
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("location", e.Location);
            w.WriteString("path", e.Path);
            w.WriteString("message", e.Message);
            w.WriteString("text", e.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(Playground).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("missing resource " + name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
