using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// The files of an assessment: assessment.json (every architecture against the policy), runs.csv (every
/// simulated year), and the shard files that <c>merge</c> combines. Doubles are written in their shortest
/// round-trip form, so a merged assessment equals an unsharded one byte for byte.
/// </summary>
public static class AssessmentFiles
{
    public const string ShardKind = "replicasim-assess-shard";

    /// <summary>assess-shard-K-of-N.json: the one file a shard writes.</summary>
    public static string ShardFileName(int part, int parts) => $"assess-shard-{part}-of-{parts}.json";

    public static byte[] Json(AssessmentResult a)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            WriteDefinition(w, a.Definition);
            w.WriteString("runDuration", AssessmentDefinition.RunDuration);
            WritePolicy(w, a.Policy);
            w.WriteString("interval", "95 % confidence interval of the mean over the simulated years, Student t with years - 1 degrees of freedom, clipped to the possible range (0 to 1 for a share, 0 up for a count)");
            w.WriteString("availability", "requests answered without error / all requests, per simulated year");
            w.WriteString("correctness", "right answers among those given: ok / (all requests - errors), per simulated year; a 'not found' or an old version is answered, so it counts for availability and against correctness");
            w.WriteString("rto", "per fault: from the fault until requests stopped failing because of it (the end of the stretches of errors it began)");
            w.WriteString("rpo", "per fault: from the acknowledgement of the oldest write it destroyed to the fault (0 when it destroyed none)");
            w.WriteStartArray("architectures");
            foreach (var row in a.Rows)
            {
                w.WriteStartObject();
                w.WriteString("variant", row.Variant);
                w.WriteBoolean("meetsPolicy", row.Meets);
                Stat(w, "availability", row.Availability);
                Number(w, "nines", Assessor.Nines(row.Availability.Mean));
                Stat(w, "correctness", row.Correctness);
                w.WriteStartObject("disruptions");
                foreach (var d in row.Disruptions)
                {
                    w.WriteStartObject(d.Type);
                    w.WriteNumber("count", d.Count);
                    Number(w, "worstRtoSeconds", d.WorstRtoSeconds);
                    Number(w, "p95RtoSeconds", d.P95RtoSeconds);
                    Number(w, "worstRpoSeconds", d.WorstRpoSeconds);
                    Number(w, "p95RpoSeconds", d.P95RpoSeconds);
                    w.WriteString("worstRtoKind", d.WorstRtoKind);
                    w.WriteString("worstRpoKind", d.WorstRpoKind);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                Stat(w, "lostWritesPerYear", row.LostWritesPerYear);
                Stat(w, "violationsPerYear", row.ViolationsPerYear);
                Number(w, "costPerMonth", row.CostPerMonth);
                w.WriteStartArray("faults");
                foreach (var (kind, count, perYear) in row.ByKind)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", kind);
                    w.WriteNumber("count", count);
                    Number(w, "failingSecondsPerYear", perYear);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("checks");
                foreach (var c in row.Checks)
                {
                    w.WriteStartObject();
                    w.WriteString("criterion", c.Criterion);
                    w.WriteBoolean("met", c.Met);
                    w.WriteString("sentence", c.Sentence);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (a.Cheapest is { } cheapest)
            {
                w.WriteString("cheapestMeetingPolicy", cheapest);
            }
            else
            {
                w.WriteNull("cheapestMeetingPolicy");
            }
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static string RunsCsv(AssessmentDefinition d, IReadOnlyList<AssessmentRun> runs)
    {
        var sb = new StringBuilder("run,variant,seed,simulatedSeconds,requests,errors,availability,writesLost,violations,costPerMonth,faults,worstRtoSeconds,worstRpoSeconds,ok,correctness\n");
        foreach (var r in runs.OrderBy(r => r.Index))
        {
            sb.Append(r.Index).Append(',').Append(d.Variants[d.Cell(r.Index).Variant]).Append(',').Append(r.Seed).Append(',')
              .Append(N(r.SimulatedSeconds)).Append(',').Append(r.Requests).Append(',').Append(r.Errors).Append(',').Append(N(r.Availability)).Append(',')
              .Append(r.WritesLost).Append(',').Append(r.Violations).Append(',').Append(N(r.CostPerMonth)).Append(',').Append(r.Incidents.Count).Append(',')
              .Append(N(r.Incidents.Count == 0 ? 0 : r.Incidents.Max(i => i.RtoSeconds))).Append(',')
              .Append(N(r.Incidents.Count == 0 ? 0 : r.Incidents.Max(i => i.RpoSeconds))).Append(',')
              .Append(r.Ok).Append(',').Append(N(r.Correctness)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>SHA-256 over the definition, the policy, the scenario file's content and the tool version: shards with the same one belong together.</summary>
    public static string Fingerprint(AssessmentDefinition d, ResiliencyPolicy policy, SweepProvenance p) => SweepFiles.Sha256Of(w =>
    {
        w.WriteStartObject();
        WriteDefinition(w, d);
        WritePolicy(w, policy);
        w.WriteString("scenarioSha256", p.ScenarioSha256);
        w.WriteString("toolVersion", p.ToolVersion);
        w.WriteEndObject();
    });

    public static byte[] Shard(AssessmentDefinition d, ResiliencyPolicy policy, SweepProvenance p, int shard, int shards, IReadOnlyList<AssessmentRun> runs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", ShardKind);
            w.WriteNumber("shard", shard);
            w.WriteNumber("shards", shards);
            w.WriteString("fingerprint", Fingerprint(d, policy, p));
            w.WriteString("toolVersion", p.ToolVersion);
            w.WriteString("scenarioSha256", p.ScenarioSha256);
            WriteDefinition(w, d);
            if (d.AllowLarge)
            {
                // Not part of the results (nor of the fingerprint): for the command that reproduces the merged assessment.
                w.WriteBoolean("allowLarge", true);
            }
            WritePolicy(w, policy);
            w.WriteString("runsSha256", RunsDigest(runs));
            w.WritePropertyName("runs");
            WriteRuns(w, runs);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The shard's runs, in index order, as a JSON array.</summary>
    private static void WriteRuns(Utf8JsonWriter w, IReadOnlyList<AssessmentRun> runs)
    {
        w.WriteStartArray();
        foreach (var r in runs.OrderBy(r => r.Index))
        {
            w.WriteStartObject();
            w.WriteNumber("index", r.Index);
            w.WriteNumber("seed", r.Seed);
            w.WriteNumber("simulatedSeconds", r.SimulatedSeconds);
            w.WriteNumber("requests", r.Requests);
            w.WriteNumber("errors", r.Errors);
            w.WriteNumber("ok", r.Ok);
            w.WriteNumber("writesLost", r.WritesLost);
            w.WriteNumber("violations", r.Violations);
            w.WriteNumber("costPerMonth", r.CostPerMonth);
            w.WriteStartArray("incidents");
            foreach (var i in r.Incidents)
            {
                w.WriteStartArray();
                w.WriteStringValue(i.Kind);
                w.WriteStringValue(i.Type);
                w.WriteNumberValue(i.AtSeconds);
                w.WriteNumberValue(i.RtoSeconds);
                w.WriteNumberValue(i.RpoSeconds);
                w.WriteNumberValue(i.WritesLost);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>SHA-256 over the runs as <see cref="WriteRuns"/> writes them, compactly (see <see cref="SweepFiles.CheckRuns"/>).</summary>
    private static string RunsDigest(IReadOnlyList<AssessmentRun> runs) => SweepFiles.Sha256Of(w => WriteRuns(w, runs));

    /// <summary>Whether the file is an assessment's shard (rather than a sweep's): by its kind.</summary>
    public static bool IsShard(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out var k) &&
                   k.ValueKind == JsonValueKind.String && k.GetString() == ShardKind;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads a shard file; throws <see cref="FormatException"/> with the reason when it is not one or its fingerprint does not match its contents.</summary>
    public static AssessmentShard ReadShard(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String ||
                kind.GetString() != ShardKind)
            {
                throw new FormatException($"{path} is not an assessment shard file (written by 'replicasim assess --shard K/N')");
            }
            var def = new AssessmentDefinition(
                root.GetProperty("scenario").GetString()!,
                root.GetProperty("scenarioFile").GetString()!,
                [.. root.GetProperty("variants").EnumerateArray().Select(v => v.GetString()!)],
                root.GetProperty("years").GetInt32(),
                root.GetProperty("seeds").GetInt32(),
                root.GetProperty("baseSeed").GetInt64(),
                [.. root.GetProperty("sets").EnumerateArray().Select(v => v.GetString()!)])
            {
                AllowLarge = root.TryGetProperty("allowLarge", out var allowLarge) && allowLarge.ValueKind == JsonValueKind.True,
            };
            var policy = ReadPolicy(root.GetProperty("policy"));
            var provenance = new SweepProvenance(root.GetProperty("scenarioSha256").GetString()!, root.GetProperty("toolVersion").GetString()!);
            var stored = root.GetProperty("fingerprint").GetString()!;
            if (stored != Fingerprint(def, policy, provenance))
            {
                throw new FormatException($"{path}: its fingerprint does not match its definition (the file was edited); run its assess task again");
            }
            var runs = root.GetProperty("runs").EnumerateArray().Select(r => new AssessmentRun(
                r.GetProperty("index").GetInt32(),
                r.GetProperty("seed").GetInt64(),
                r.GetProperty("simulatedSeconds").GetDouble(),
                r.GetProperty("requests").GetInt64(),
                r.GetProperty("errors").GetInt64(),
                r.GetProperty("ok").GetInt64(),
                r.GetProperty("writesLost").GetInt64(),
                r.GetProperty("violations").GetInt64(),
                r.GetProperty("costPerMonth").GetDouble(),
                [.. r.GetProperty("incidents").EnumerateArray().Select(i => new AssessedIncident(
                    i[0].GetString()!, i[1].GetString()!, i[2].GetDouble(), i[3].GetDouble(), i[4].GetDouble(), i[5].GetInt64()))])).ToList();
            SweepFiles.CheckRuns(path, root, RunsDigest(runs), "assess");
            return new AssessmentShard(def, policy, provenance, stored, root.GetProperty("shard").GetInt32(), root.GetProperty("shards").GetInt32(), runs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException($"{path} is not a readable assessment shard file: {e.Message}");
        }
    }

    /// <summary>How two assessments differ, in words; empty when their definitions and provenance agree.</summary>
    public static IReadOnlyList<string> Differences(AssessmentShard a, AssessmentShard b)
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
        Check(x.Variants.SequenceEqual(y.Variants), "variants");
        Check(x.Years == y.Years, "years");
        Check(x.Seeds == y.Seeds && x.BaseSeed == y.BaseSeed, "seeds");
        Check(x.Sets.SequenceEqual(y.Sets), "--set");
        Check(a.Policy == b.Policy, "policy");
        Check(a.Provenance.ToolVersion == b.Provenance.ToolVersion, $"tool version ({a.Provenance.ToolVersion} vs {b.Provenance.ToolVersion})");
        Check(a.Shards == b.Shards, $"shard count ({a.Shards} vs {b.Shards})");
        return diffs;
    }

    private static void WriteDefinition(Utf8JsonWriter w, AssessmentDefinition d)
    {
        w.WriteString("scenario", d.Scenario);
        w.WriteString("scenarioFile", d.ScenarioFile);
        w.WriteStartArray("variants");
        foreach (var v in d.Variants)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
        w.WriteNumber("years", d.Years);
        w.WriteNumber("seeds", d.Seeds);
        w.WriteNumber("baseSeed", d.BaseSeed);
        w.WriteStartArray("sets");
        foreach (var s in d.Sets)
        {
            w.WriteStringValue(s);
        }
        w.WriteEndArray();
    }

    private static void WritePolicy(Utf8JsonWriter w, ResiliencyPolicy p)
    {
        w.WriteStartObject("policy");
        w.WriteString("name", p.Name);
        if (p.AvailabilityPercent is { } a)
        {
            w.WriteNumber("availabilityPercent", a);
        }
        else
        {
            w.WriteNull("availabilityPercent");
        }
        if (p.CorrectnessPercent is { } c)
        {
            w.WriteNumber("correctnessPercent", c);
        }
        else
        {
            w.WriteNull("correctnessPercent");
        }
        foreach (var t in ResiliencyPolicy.Types)
        {
            var target = p.For(t);
            w.WriteStartObject(ResiliencyPolicy.Of(t));
            Seconds(w, "rtoSeconds", target.Rto);
            Seconds(w, "rpoSeconds", target.Rpo);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static ResiliencyPolicy ReadPolicy(JsonElement e)
    {
        DisruptionTarget Target(string name)
        {
            var t = e.GetProperty(name);
            Duration? Get(string field) => t.GetProperty(field).ValueKind == JsonValueKind.Null ? null : new Duration(t.GetProperty(field).GetInt64());
            return new DisruptionTarget(Get("rtoMicroseconds"), Get("rpoMicroseconds")) is var d && d == DisruptionTarget.None ? DisruptionTarget.None : d;
        }
        var a = e.GetProperty("availabilityPercent");
        var c = e.GetProperty("correctnessPercent");
        return new ResiliencyPolicy(e.GetProperty("name").GetString()!, a.ValueKind == JsonValueKind.Null ? null : a.GetDouble(),
            Target("software"), Target("hardware"), Target("az"))
        {
            CorrectnessPercent = c.ValueKind == JsonValueKind.Null ? null : c.GetDouble(),
        };
    }

    private static void Seconds(Utf8JsonWriter w, string name, Duration? d)
    {
        // Seconds for readers, microseconds so that a shard reads back the exact policy.
        var us = name.Replace("Seconds", "Microseconds", StringComparison.Ordinal);
        if (d is { } v)
        {
            w.WriteNumber(name, v.TotalSeconds);
            w.WriteNumber(us, v.Microseconds);
        }
        else
        {
            w.WriteNull(name);
            w.WriteNull(us);
        }
    }

    private static void Stat(Utf8JsonWriter w, string name, YearStat s)
    {
        w.WriteStartObject(name);
        Number(w, "mean", s.Mean);
        Number(w, "sd", s.StandardDeviation);
        Number(w, "ci95Low", s.CiLow);
        Number(w, "ci95High", s.CiHigh);
        w.WriteEndObject();
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
}
