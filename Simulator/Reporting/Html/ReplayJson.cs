using System.Text.Json;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting.Html;

/// <summary>
/// One run as report.html reads it: the scenario's topology, summary.json's object as is, the timeline,
/// the replay (state changes and sampled requests) and the markers explained in the report's words.
/// Times are simulated seconds.
/// </summary>
internal static class ReplayJson
{
    public static void Write(Utf8JsonWriter w, RunSummary s)
    {
        var sc = s.Scenario;
        w.WriteStartObject();
        w.WriteString("name", Charts.VariantName(s));
        w.WriteString("architecture", SummaryTable.Architecture(sc));
        w.WriteString("storage", Names.Of(sc.Storage.Kind));
        w.WriteBoolean("standby", sc.Storage.Kind == StorageKind.Shared && sc.Storage.Standby);
        w.WriteNumber("primaryZone", sc.Storage.PrimaryZone);
        w.WriteStartArray("zones");
        foreach (var z in sc.Zones)
        {
            w.WriteStringValue(z);
        }
        w.WriteEndArray();
        w.WriteNumber("replicas", sc.Service.Replicas);
        w.WriteString("policy", Names.Of(sc.LoadBalancer.Policy));
        w.WriteNumber("clients", sc.Workload.Clients);
        w.WriteNumber("arrivalRate", sc.Workload.ArrivalRatePerSecond);
        w.WriteNumber("duration", s.SimulatedSeconds);
        w.WriteNumber("bucket", s.Timeline.Bucket.TotalSeconds);
        w.WritePropertyName("summary");
        SummaryJson.WriteObject(w, s);
        WriteTimeline(w, s);
        WriteFaults(w, s);
        WriteMarkers(w, s);
        w.WriteStartArray("narrative");
        foreach (var line in Narrative.Of(s))
        {
            w.WriteStringValue(line);
        }
        w.WriteEndArray();
        if (s.Replay is { } replay)
        {
            WriteReplay(w, replay);
        }
        w.WriteEndObject();
    }

    private static double Sec(Instant t) => t.Microseconds / 1e6;

    private static void WriteTimeline(Utf8JsonWriter w, RunSummary s)
    {
        var t = s.Timeline;
        w.WriteStartObject("timeline");
        w.WriteStartArray("end");
        for (var b = 0; b < t.Count; b++)
        {
            w.WriteNumberValue(Math.Round(Math.Min(t.StartSeconds(b + 1), s.SimulatedSeconds), 6));
        }
        w.WriteEndArray();
        foreach (var o in Names.Outcomes)
        {
            Longs(w, Names.Of(o), t.Outcomes(o));
        }
        Longs(w, "acknowledged", t.Acknowledged);
        Longs(w, "lost", t.Lost);
        if (t.Database is { } db)
        {
            // The database chart's series (database.png), when the run models the server's limits, storage I/O or a filling volume.
            w.WriteStartObject("database");
            if (db.CpuBusy is { } busy)
            {
                Doubles(w, "cpuBusyPercent", busy, 100, 2);
            }
            if (s.Database?.Limits is not null)
            {
                Longs(w, "connections", [.. db.Connections.Select(v => (long)v)]);
            }
            if (db.CpuCredits is { } credits)
            {
                Doubles(w, "cpuCredits", credits, 1, 3);
            }
            if (db.IoCredits is { } io)
            {
                Doubles(w, "ioCreditsMillions", io, 1e-6, 4);
            }
            if (db.VolumeUsedGiB is { } used && db.VolumeAllocatedGiB is { } allocated)
            {
                Doubles(w, "volumeUsedGiB", used, 1, 3);
                Doubles(w, "volumeAllocatedGiB", allocated, 1, 3);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        WriteLatency(w, s);
    }

    private static void Doubles(Utf8JsonWriter w, string name, double[] values, double scale, int digits)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(Math.Round(v * scale, digits));
        }
        w.WriteEndArray();
    }

    /// <summary>Latency quantiles over groups of buckets, grouped as the latency PNG groups them (a p99 needs a few hundred requests behind it).</summary>
    private static void WriteLatency(Utf8JsonWriter w, RunSummary s)
    {
        var t = s.Timeline;
        var perBucket = s.Scenario.Workload.ArrivalRatePerSecond * t.Bucket.TotalSeconds;
        var g = Math.Max(Charts.GroupSize(t), (int)Math.Ceiling(300 / Math.Max(perBucket, 1e-9)));
        g = Math.Min(g, Math.Max(1, t.Count / 20));
        var at = new List<double>();
        var p50 = new List<double?>();
        var p99 = new List<double?>();
        for (var from = 0; from < t.Count; from += g)
        {
            var to = Math.Min(t.Count, from + g);
            var a = t.LatencyQuantileMs(from, to, 0.5);
            at.Add(Math.Round(Math.Min(t.StartSeconds(to), s.SimulatedSeconds), 6));
            p50.Add(double.IsNaN(a) ? null : Math.Round(a, 3));
            var b = t.LatencyQuantileMs(from, to, 0.99);
            p99.Add(double.IsNaN(b) ? null : Math.Round(b, 3));
        }
        w.WriteStartObject("latency");
        w.WriteNumber("span", Math.Round(g * t.Bucket.TotalSeconds, 6));
        w.WriteStartArray("end");
        foreach (var x in at)
        {
            w.WriteNumberValue(x);
        }
        w.WriteEndArray();
        foreach (var (name, values) in new[] { ("p50", p50), ("p99", p99) })
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                if (v is { } ms)
                {
                    w.WriteNumberValue(ms);
                }
                else
                {
                    w.WriteNullValue();
                }
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Longs(Utf8JsonWriter w, string name, long[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }

    private static void WriteFaults(Utf8JsonWriter w, RunSummary s)
    {
        w.WriteStartArray("faults");
        foreach (var i in s.Incidents)
        {
            w.WriteStartObject();
            w.WriteString("kind", i.Kind);
            w.WriteString("label", i.Label);
            w.WriteString("detail", i.Detail);
            w.WriteNumber("start", Sec(i.Start));
            w.WriteNumber("end", Sec(i.End ?? Instant.Start + s.Scenario.Duration));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The first missing, stale and error, every loss of acknowledged writes and every downtime window, each with the report's sentence for it.</summary>
    private static void WriteMarkers(Utf8JsonWriter w, RunSummary s)
    {
        var lines = Narrative.Of(s);
        var markers = new List<(Instant At, string Kind, string Title, string Text, long Request)>();
        foreach (var a in s.FirstAnomalies)
        {
            var q = a.Request;
            var (title, key) = q.Outcome switch
            {
                Outcome.Missing => ("First missing record", "missing"),
                Outcome.Stale => ("First stale read", "stale"),
                _ => ("First error", "error"),
            };
            // Marked when the report tells it: at its arrival, or at the fault behind it if it set out just before.
            markers.Add((Narrative.TellAt(s, q), Names.Of(q.Outcome), title, Sentence(lines, q.Invoke, key, $"{title} at {q.Invoke}, through {a.ContainerName}."), q.Id));
        }
        var firstLost = true;
        foreach (var (cause, at, writes) in s.LostByCause)
        {
            markers.Add((at, "lost", firstLost ? "First lost writes" : "Lost writes", Sentence(lines, at, "lost", $"At {at}, {Format.Integer(writes)} acknowledged write(s) were lost: {cause}."), -1));
            firstLost = false;
        }
        foreach (var d in s.Downtime)
        {
            markers.Add((d.Start, "down", "Down", Sentence(lines, d.Start, "Down from", $"Down from {d.Start} to {d.End} ({Format.Span(d.Seconds)}): no request succeeded; {d.Cause}."), -1));
        }
        w.WriteStartArray("markers");
        // At one instant, in the report's order: a downtime window, then an anomaly, then lost writes.
        foreach (var m in markers.OrderBy(m => m.At).ThenBy(m => m.Kind switch { "down" => 0, "lost" => 2, _ => 1 }))
        {
            w.WriteStartObject();
            w.WriteNumber("t", Sec(m.At));
            w.WriteString("kind", m.Kind);
            w.WriteString("title", m.Title);
            w.WriteString("text", m.Text);
            if (m.Request >= 0)
            {
                w.WriteNumber("request", m.Request);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The narrative's sentence about an event at <paramref name="at"/>, found by its timestamp and a keyword.</summary>
    private static string Sentence(IReadOnlyList<string> lines, Instant at, string keyword, string fallback)
    {
        var stamp = at.ToString();
        return lines.FirstOrDefault(l => l.Contains(stamp, StringComparison.Ordinal) && l.Contains(keyword, StringComparison.OrdinalIgnoreCase)) ?? fallback;
    }

    private static void WriteReplay(Utf8JsonWriter w, Replay r)
    {
        w.WriteStartObject("replay");
        w.WriteStartArray("containers");
        foreach (var c in r.Containers)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(c.At));
            w.WriteNumberValue(c.Id);
            w.WriteNumberValue(c.Slot);
            w.WriteNumberValue(c.Zone);
            w.WriteStringValue(Kind(c.Kind));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("stores");
        foreach (var c in r.Stores)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(c.At));
            w.WriteNumberValue(c.Id);
            w.WriteNumberValue(c.Records);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("zones");
        foreach (var z in r.Zones)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(z.At));
            w.WriteNumberValue(z.Zone);
            w.WriteBooleanValue(z.Up);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("database");
        foreach (var d in r.Database)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(d.At));
            w.WriteBooleanValue(d.Up);
            w.WriteNumberValue(d.PrimaryZone);
            w.WriteNumberValue(d.StandbyZone);
            w.WriteBooleanValue(d.StandbyUp);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("databaseNotes");
        foreach (var (at, what) in r.DatabaseNotes)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(at));
            w.WriteStringValue(what);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("readers");
        foreach (var x in r.Readers)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(x.At));
            w.WriteNumberValue(x.Reader);
            w.WriteNumberValue(x.Zone);
            w.WriteBooleanValue(x.Up);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("cacheZone", r.CacheZone);
        w.WriteStartArray("cache");
        foreach (var (at, up) in r.Cache)
        {
            w.WriteStartArray();
            w.WriteNumberValue(Sec(at));
            w.WriteBooleanValue(up);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("sampleStride", r.SampleStride);
        w.WriteNumber("requestsSeen", r.RequestsSeen);
        // [id, invoke, complete, container id (0 = none), zone, outcome, operation, key, client, error reason]
        w.WriteStartArray("requests");
        foreach (var q in r.Requests)
        {
            w.WriteStartArray();
            w.WriteNumberValue(q.Id);
            w.WriteNumberValue(Sec(q.Invoke));
            w.WriteNumberValue(Sec(q.Complete));
            w.WriteNumberValue(q.ContainerId);
            w.WriteNumberValue(q.Zone);
            w.WriteNumberValue((int)q.Outcome);
            w.WriteNumberValue((int)q.Op);
            w.WriteNumberValue(q.Key);
            w.WriteNumberValue(q.Client);
            w.WriteNumberValue((int)q.Reason);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("errorReasons");
        // The reasons up to the last one a sampled request has (at least those a run had before the operations' reasons).
        var last = ErrorReason.ConnectTimeout;
        foreach (var q in r.Requests)
        {
            last = q.Reason > last ? q.Reason : last;
        }
        foreach (var reason in Names.ErrorReasons)
        {
            if (reason > last)
            {
                break;
            }
            w.WriteStringValue(reason == ErrorReason.None ? "" : Names.Describe(reason));
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Kind(ContainerEvent kind) => kind switch
    {
        ContainerEvent.Launched => "booting",
        ContainerEvent.Running => "running",
        ContainerEvent.Healthy => "healthy",
        ContainerEvent.Unhealthy => "unhealthy",
        ContainerEvent.Deregistered => "draining",
        _ => "down",
    };
}
