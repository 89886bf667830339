using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReplicaSim.Metrics;

namespace ReplicaSim.Reporting;

/// <summary>
/// The files of a sweep: sweep.csv and sweep.json (per value: mean, standard deviation, 95 % interval,
/// theory), runs.csv (every run), and the shard files that <c>merge</c> combines. Doubles are written in
/// their shortest round-trip form, so a merged sweep equals an unsharded one byte for byte.
/// </summary>
public static class SweepFiles
{
    public static string Csv(SweepDefinition d, IReadOnlyList<SweepRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append("value,seeds");
        foreach (var (name, _) in SweepMetrics.All)
        {
            sb.Append($",{name}_mean,{name}_sd,{name}_ci95_low,{name}_ci95_high,{name}_theory");
        }
        sb.Append('\n');
        foreach (var row in rows)
        {
            sb.Append(CsvField(row.Value)).Append(',').Append(d.Seeds);
            foreach (var c in row.Cells)
            {
                sb.Append(',').Append(N(c.Mean)).Append(',').Append(N(c.StandardDeviation)).Append(',').Append(N(c.CiLow)).Append(',').Append(N(c.CiHigh))
                  .Append(',').Append(c.Theory is { } th ? N(th) : "");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string RunsCsv(SweepDefinition d, IReadOnlyList<SweepRun> runs)
    {
        var sb = new StringBuilder("run,value,seed");
        foreach (var (name, _) in SweepMetrics.All)
        {
            sb.Append(',').Append(name);
        }
        sb.Append('\n');
        foreach (var r in runs.OrderBy(r => r.Index))
        {
            sb.Append(r.Index).Append(',').Append(CsvField(d.Values[d.Cell(r.Index).Value])).Append(',').Append(r.Seed);
            foreach (var m in r.Metrics)
            {
                sb.Append(',').Append(N(m));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static byte[] Json(SweepDefinition d, IReadOnlyList<SweepRow> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteDefinition(w, d);
            w.WriteString("interval", "95 % confidence interval of the mean over the seeds, Student t with seeds - 1 degrees of freedom");
            w.WriteStartArray("results");
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteString("value", row.Value);
                w.WriteStartObject("metrics");
                for (var m = 0; m < row.Cells.Count; m++)
                {
                    var c = row.Cells[m];
                    w.WriteStartObject(SweepMetrics.All[m].Name);
                    Number(w, "mean", c.Mean);
                    Number(w, "sd", c.StandardDeviation);
                    Number(w, "ci95Low", c.CiLow);
                    Number(w, "ci95High", c.CiHigh);
                    if (c.Theory is { } th)
                    {
                        Number(w, "theory", th);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// The fingerprint of a sweep's definition: SHA-256 over the definition as sweep.json writes it, the scenario
    /// file's content and the tool version. Shards with the same fingerprint belong to the same sweep.
    /// </summary>
    public static string Fingerprint(SweepDefinition d, SweepProvenance p) => Sha256Of(w =>
    {
        w.WriteStartObject();
        WriteDefinition(w, d);
        w.WriteString("scenarioSha256", p.ScenarioSha256);
        w.WriteString("toolVersion", p.ToolVersion);
        w.WriteEndObject();
    });

    /// <summary>A shard's runs with the definition they belong to and its fingerprint.</summary>
    public static byte[] Shard(SweepDefinition d, SweepProvenance p, int shard, int shards, IReadOnlyList<SweepRun> runs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "replicasim-sweep-shard");
            w.WriteNumber("shard", shard);
            w.WriteNumber("shards", shards);
            w.WriteString("fingerprint", Fingerprint(d, p));
            w.WriteString("toolVersion", p.ToolVersion);
            w.WriteString("scenarioSha256", p.ScenarioSha256);
            WriteDefinition(w, d);
            w.WriteString("runsSha256", RunsDigest(runs));
            w.WritePropertyName("runs");
            WriteRuns(w, runs);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The shard's runs, in index order, as a JSON array.</summary>
    private static void WriteRuns(Utf8JsonWriter w, IReadOnlyList<SweepRun> runs)
    {
        w.WriteStartArray();
        foreach (var r in runs.OrderBy(r => r.Index))
        {
            w.WriteStartObject();
            w.WriteNumber("index", r.Index);
            w.WriteNumber("seed", r.Seed);
            w.WriteStartArray("metrics");
            foreach (var m in r.Metrics)
            {
                w.WriteNumberValue(m);
            }
            w.WriteEndArray();
            w.WriteStartArray("theory");
            foreach (var t in r.Theory)
            {
                if (t is { } v)
                {
                    w.WriteNumberValue(v);
                }
                else
                {
                    w.WriteNullValue();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// SHA-256 over the runs as <see cref="WriteRuns"/> writes them, compactly: a shard whose results were edited by hand
    /// no longer matches it (the fingerprint covers only the definition).
    /// </summary>
    private static string RunsDigest(IReadOnlyList<SweepRun> runs) => Sha256Of(w => WriteRuns(w, runs));

    /// <summary>"sha256:..." of what <paramref name="write"/> writes as compact JSON (fingerprints and checksums of shard files).</summary>
    internal static string Sha256Of(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            write(w);
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>
    /// Reads a shard file; throws <see cref="FormatException"/> with the reason when it is not one, has no
    /// fingerprint, or its fingerprint does not match its own contents (edited by hand).
    /// </summary>
    public static SweepShard ReadShard(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String ||
                kind.GetString() != "replicasim-sweep-shard")
            {
                throw new FormatException($"{path} is not a sweep shard file (written by 'replicasim sweep --shard K/N')");
            }
            if (!root.TryGetProperty("fingerprint", out var fingerprint))
            {
                throw new FormatException($"{path} has no fingerprint (written by an older replicasim); run its sweep task again");
            }
            var def = new SweepDefinition(
                root.GetProperty("scenario").GetString()!,
                root.GetProperty("scenarioFile").GetString()!,
                root.GetProperty("variant").GetString()!,
                root.GetProperty("parameter").GetString()!,
                [.. root.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)],
                root.GetProperty("seeds").GetInt32(),
                root.GetProperty("baseSeed").GetInt64(),
                [.. root.GetProperty("sets").EnumerateArray().Select(v => v.GetString()!)]);
            var provenance = new SweepProvenance(root.GetProperty("scenarioSha256").GetString()!, root.GetProperty("toolVersion").GetString()!);
            var stored = fingerprint.GetString()!;
            if (stored != Fingerprint(def, provenance))
            {
                throw new FormatException($"{path}: its fingerprint does not match its definition (the file was edited); run its sweep task again");
            }
            var runs = root.GetProperty("runs").EnumerateArray().Select(r => new SweepRun(
                r.GetProperty("index").GetInt32(),
                r.GetProperty("seed").GetInt64(),
                [.. r.GetProperty("metrics").EnumerateArray().Select(m => m.GetDouble())],
                [.. r.GetProperty("theory").EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Null ? (double?)null : t.GetDouble())])).ToList();
            CheckRuns(path, root, RunsDigest(runs), "sweep");
            return new SweepShard(def, provenance, stored, root.GetProperty("shard").GetInt32(), root.GetProperty("shards").GetInt32(), runs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{path} is not a readable sweep shard file: {e.Message}");
        }
    }

    /// <summary>Refuses a shard whose runs do not match the checksum written with them (edited by hand, or written before there was one).</summary>
    internal static void CheckRuns(string path, JsonElement root, string digest, string task)
    {
        if (!root.TryGetProperty("runsSha256", out var stored) || stored.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"{path} has no checksum of its runs (written by an older replicasim); run its {task} task again");
        }
        if (stored.GetString() != digest)
        {
            throw new FormatException($"{path}: its runs do not match their checksum (the file was edited); run its {task} task again");
        }
    }

    /// <summary>How two sweeps differ, in words ("values, seeds"); empty when their definitions and provenance agree.</summary>
    public static IReadOnlyList<string> Differences(SweepShard a, SweepShard b)
    {
        var (x, y) = (a.Definition, b.Definition);
        var diffs = new List<string>();
        void Check(bool same, string what)
        {
            if (!same)
            {
                diffs.Add(what);
            }
        }
        Check(x.Scenario == y.Scenario && x.ScenarioFile == y.ScenarioFile, "scenario file");
        Check(a.Provenance.ScenarioSha256 == b.Provenance.ScenarioSha256, "scenario content");
        Check(x.Variant == y.Variant, "variant");
        Check(x.Parameter == y.Parameter, "parameter");
        Check(x.Values.SequenceEqual(y.Values), "values");
        Check(x.Seeds == y.Seeds && x.BaseSeed == y.BaseSeed, "seeds");
        Check(x.Sets.SequenceEqual(y.Sets), "--set");
        Check(a.Provenance.ToolVersion == b.Provenance.ToolVersion, $"tool version ({a.Provenance.ToolVersion} vs {b.Provenance.ToolVersion})");
        Check(a.Shards == b.Shards, $"shard count ({a.Shards} vs {b.Shards})");
        return diffs;
    }

    private static void WriteDefinition(Utf8JsonWriter w, SweepDefinition d)
    {
        w.WriteString("scenario", d.Scenario);
        w.WriteString("scenarioFile", d.ScenarioFile);
        w.WriteString("variant", d.Variant);
        w.WriteString("parameter", d.Parameter);
        w.WriteStartArray("values");
        foreach (var v in d.Values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
        w.WriteNumber("seeds", d.Seeds);
        w.WriteNumber("baseSeed", d.BaseSeed);
        w.WriteStartArray("sets");
        foreach (var s in d.Sets)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string CsvField(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
