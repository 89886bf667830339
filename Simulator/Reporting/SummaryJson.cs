using System.Text.Json;
using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>Writes <c>summary.json</c>: the SPEC's fields first, then the extras, in a fixed order.</summary>
public static class SummaryJson
{
    public static byte[] Write(RunSummary s)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteObject(w, s);
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static void WriteObject(Utf8JsonWriter w, RunSummary s)
    {
        var sc = s.Scenario;
        w.WriteStartObject();
        w.WriteString("scenario", sc.Name);
        if (sc.Variant.Length > 0)
        {
            w.WriteString("variant", sc.Variant);
        }
        w.WriteNumber("seed", sc.Seed);
        if (Answer.Of(s) is { } answer)
        {
            w.WriteStartObject("answer");
            w.WriteString("question", sc.Question);
            w.WriteString("figure", answer.Figure);
            w.WriteString("text", answer.Sentence);
            w.WriteStartArray("values");
            foreach (var v in answer.Values)
            {
                w.WriteStartObject();
                w.WriteString("period", v.Period);
                w.WriteNumber("value", Format.Round(v.Value, 6));
                w.WriteNumber("requests", v.Requests);
                if (v.Theory is { } t)
                {
                    w.WriteNumber("theory", Format.Round(t, 6));
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteNumber("simulatedSeconds", Format.Round(s.SimulatedSeconds, 6));
        w.WriteStartObject("requests");
        w.WriteNumber("total", s.Requests.Total);
        w.WriteNumber("ok", s.Requests.Ok);
        w.WriteNumber("missing", s.Requests.Missing);
        w.WriteNumber("stale", s.Requests.Stale);
        w.WriteNumber("error", s.Requests.Error);
        w.WriteEndObject();
        w.WriteNumber("consistencyViolations", s.ConsistencyViolations);
        w.WriteStartObject("writes");
        w.WriteNumber("acknowledged", s.WritesAcknowledged);
        w.WriteNumber("lost", s.WritesLost);
        w.WriteStartArray("lostEvents");
        foreach (var e in s.LostEvents)
        {
            w.WriteStartObject();
            w.WriteNumber("at", Format.Round(e.At.Seconds, 6));
            w.WriteNumber("writes", e.Writes);
            w.WriteString("cause", e.Cause);
            if (e.FaultIndex >= 0 && e.FaultIndex < s.Incidents.Count)
            {
                w.WriteNumber("fault", e.FaultIndex);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("downtime");
        w.WriteNumber("seconds", Format.Round(s.DowntimeSeconds, 3));
        WriteWindows(w, "windows", s.Downtime, errors: true);
        // Beyond SPEC.md: the same by completion time (no successful response left the load balancer).
        w.WriteStartObject("unanswered");
        w.WriteNumber("seconds", Format.Round(s.UnansweredSeconds, 3));
        WriteWindows(w, "windows", s.Unanswered, errors: true);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("availability", Format.Round(s.Availability, 6));
        w.WriteNumber("correctness", Format.Round(s.Correctness, 6));
        w.WriteStartObject("latencyMs");
        w.WriteNumber("mean", Format.Round(s.LatencyMs.Mean, 3));
        w.WriteNumber("p50", Format.Round(s.LatencyMs.P50, 3));
        w.WriteNumber("p95", Format.Round(s.LatencyMs.P95, 3));
        w.WriteNumber("p99", Format.Round(s.LatencyMs.P99, 3));
        w.WriteNumber("max", Format.Round(s.LatencyMs.Max, 3));
        w.WriteEndObject();
        w.WriteNumber("events", s.Events);

        // Beyond SPEC.md's minimum.
        w.WriteStartObject("degraded");
        w.WriteNumber("seconds", Format.Round(s.DegradedSeconds, 3));
        WriteWindows(w, "windows", s.Degraded, errors: false);
        w.WriteEndObject();
        w.WriteStartObject("consistencyViolationsByCause");
        w.WriteNumber("recordInAnotherStore", s.ViolationsHeldElsewhere);
        w.WriteNumber("recordLost", s.ViolationsAfterDataLoss);
        w.WriteEndObject();
        w.WriteStartObject("architecture");
        w.WriteString("storage", Names.Of(sc.Storage.Kind));
        w.WriteBoolean("standby", sc.Storage.Kind == StorageKind.Shared && sc.Storage.Standby);
        w.WriteNumber("replicas", sc.Service.Replicas);
        w.WriteString("loadBalancer", Names.Of(sc.LoadBalancer.Policy));
        w.WriteNumber("arrivalRatePerSecond", sc.Workload.ArrivalRatePerSecond);
        w.WriteEndObject();
        w.WriteStartObject("byOperation");
        foreach (var (op, c) in s.ByOperation)
        {
            w.WriteStartObject(Names.Of(op));
            w.WriteNumber("total", c.Total);
            w.WriteNumber("ok", c.Ok);
            w.WriteNumber("missing", c.Missing);
            w.WriteNumber("stale", c.Stale);
            w.WriteNumber("error", c.Error);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("warmUp");
        w.WriteNumber("seconds", Format.Round(sc.WarmUp.TotalSeconds, 6));
        w.WriteNumber("requestsExcluded", s.WarmUpRequests);
        if (StartCheck.Of(s) is { } start)
        {
            w.WriteNumber("startSeconds", Format.Round(start.Seconds, 6));
            w.WriteNumber("startP99Ms", Format.Round(start.P99Ms, 3));
            w.WriteNumber("afterP99Ms", Format.Round(start.P99MsAfter, 3));
            // "after" is the undisturbed stretch from the start's end to here: the first fault or downtime, or the end of the run.
            w.WriteNumber("afterUntilSeconds", Format.Round(start.UntilSeconds, 6));
            w.WriteBoolean("startDiffers", start.Differs);
        }
        w.WriteEndObject();
        w.WriteStartArray("periods");
        foreach (var p in s.Periods)
        {
            w.WriteStartObject();
            w.WriteNumber("start", Format.Round(p.Start.Seconds, 6));
            w.WriteNumber("end", Format.Round(p.End.Seconds, 6));
            w.WriteString("startsWith", p.StartsWith);
            w.WriteNumber("replicas", p.Replicas);
            WriteCounts(w, "requests", p.Total);
            w.WriteStartObject("byOperation");
            foreach (var (op, c) in p.ByOperation)
            {
                WriteCounts(w, Names.Of(op), c);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("errorsByReason");
        foreach (var (reason, count) in s.ErrorsByReason)
        {
            w.WriteNumber(Names.Of(reason), count);
        }
        w.WriteEndObject();
        w.WriteStartObject("records");
        w.WriteNumber("created", s.RecordsCreated);
        w.WriteNumber("heldAtEnd", s.RecordsHeldAtEnd);
        w.WriteEndObject();
        w.WriteNumber("containersStarted", s.ContainersStarted);
        w.WriteNumber("inFlightAtEnd", s.InFlightAtEnd);
        w.WriteStartArray("faults");
        foreach (var i in s.Incidents)
        {
            w.WriteStartObject();
            w.WriteString("kind", i.Kind);
            w.WriteString("label", i.Label);
            w.WriteString("detail", i.Detail);
            w.WriteNumber("at", Format.Round(i.Start.Seconds, 6));
            if (i.End is { } end)
            {
                w.WriteNumber("end", Format.Round(end.Seconds, 6));
            }
            else
            {
                w.WriteNull("end");
            }
            if (i.Recovered)
            {
                w.WriteNumber("recoverySeconds", Format.Round(i.RecoverySeconds, 3));
            }
            else
            {
                w.WriteNull("recoverySeconds");
            }
            w.WriteBoolean("recovered", i.Recovered);
            WriteShares(w, "sharesBefore", i.SharesBefore);
            if (i.BaselineOf.Length > 0)
            {
                // The shares "before" were measured before an earlier fault, from which answers had not recovered.
                w.WriteString("sharesBeforeFault", i.BaselineOf);
            }
            WriteShares(w, "sharesAfter", i.SharesAfter);
            w.WriteNumber("writesLost", i.WritesLost);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("firstAnomalies");
        foreach (var a in s.FirstAnomalies)
        {
            w.WriteStartObject(a.Kind);
            w.WriteNumber("at", Format.Round(a.Request.Invoke.Seconds, 6));
            w.WriteNumber("answeredAt", Format.Round(a.Request.Complete.Seconds, 6));
            w.WriteNumber("request", a.Request.Id);
            w.WriteNumber("client", a.Request.Client);
            w.WriteString("op", Names.Of(a.Request.Op));
            w.WriteNumber("key", a.Request.Key);
            w.WriteString("container", a.ContainerName);
            if (a.Request.Outcome == Outcome.Error)
            {
                w.WriteString("reason", Names.Of(a.Request.Reason));
            }
            w.WriteEndObject();
        }
        if (s.FirstLostWrite is { } lost)
        {
            w.WriteStartObject("lost");
            w.WriteNumber("at", Format.Round(lost.At.Seconds, 6));
            w.WriteNumber("key", lost.Key);
            w.WriteNumber("version", lost.Version);
            w.WriteString("cause", lost.Cause);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("cost");
        w.WriteNumber("monthlyUsd", Format.Round(s.Cost.MonthlyUsd, 2));
        w.WriteStartObject("items");
        foreach (var (item, usd) in s.Cost.Items)
        {
            w.WriteNumber(item, Format.Round(usd, 2));
        }
        w.WriteEndObject();
        if (s.Cost.Operations is { } ops)
        {
            WriteOperations(w, s.Cost, ops);
        }
        w.WriteEndObject();
        if (s.Database is { } db)
        {
            WriteDatabase(w, db);
        }
        w.WriteEndObject();
    }

    /// <summary><c>cost</c>: the team's hours and infrastructure + operations = total.</summary>
    private static void WriteOperations(Utf8JsonWriter w, CostEstimate cost, OperationsEstimate ops)
    {
        w.WriteNumber("operationsHoursPerMonth", Format.Round(ops.HoursPerMonth, 2));
        w.WriteNumber("operationsUsd", Format.Round(ops.Usd, 2));
        w.WriteNumber("totalUsd", Format.Round(cost.TotalUsd, 2));
        w.WriteStartObject("operations");
        w.WriteNumber("operatorHourlyUsd", Format.Round(ops.HourlyUsd, 2));
        w.WriteNumber("routineHours", Format.Round(ops.RoutineHours, 2));
        w.WriteNumber("incidentHours", Format.Round(ops.IncidentHours, 2));
        w.WriteNumber("incidentHoursPerMonth", Format.Round(ops.IncidentHoursPerMonth, 2));
        w.WriteNumber("months", Format.Round(ops.Months, 3));
        w.WriteStartObject("routine");
        foreach (var (chore, hours) in ops.Profile.Items)
        {
            w.WriteNumber(chore, Format.Round(hours, 2));
        }
        w.WriteEndObject();
        w.WriteStartObject("incidents");
        foreach (var (incident, hours) in ops.Incidents)
        {
            w.WriteNumber(incident, Format.Round(hours, 2));
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDatabase(Utf8JsonWriter w, DatabaseSummary db)
    {
        w.WriteStartObject("database");
        w.WriteString("kind", db.Kind);
        w.WriteString("instanceClass", db.InstanceClass);
        w.WriteNumber("vcpus", db.Vcpus);
        w.WriteNumber("memoryGiB", db.MemoryGiB);
        w.WriteNumber("cpuUtilisation", Format.Round(db.CpuUtilisation, 6));
        if (db.Limits is { } lim)
        {
            // SPEC's database figures, at the top as well as in limits (connections are modelled only with the limits).
            w.WriteNumber("peakConnections", lim.PeakConnections);
            w.WriteNumber("connectionErrors", lim.ConnectionErrors);
            if (lim.CreditBalance is { } credits)
            {
                w.WriteNumber("creditBalance", Format.Round(credits, 3));
            }
        }
        else
        {
            // Without the server's limits no connection is modelled: none can fail, and there is no count to peak.
            w.WriteNull("peakConnections");
            w.WriteNumber("connectionErrors", 0);
        }
        if (db.Resized.Count > 0)
        {
            // instanceClass, vcpus and memoryGiB above are the class the run ends on; these are the changes.
            w.WriteStartArray("resized");
            foreach (var r in db.Resized)
            {
                w.WriteStartObject();
                w.WriteNumber("at", Format.Round(r.AtSeconds, 6));
                w.WriteString("from", r.From);
                w.WriteString("to", r.To);
                w.WriteNumber("maxConnectionsBefore", r.MaxConnectionsBefore);
                w.WriteNumber("maxConnectionsAfter", r.MaxConnectionsAfter);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteNumber("readers", db.Readers);
        w.WriteString("readFrom", db.ReadFrom);
        w.WriteString("failover", db.Failover);
        w.WriteNumber("writerReads", db.WriterReads);
        w.WriteNumber("replicaReads", db.ReplicaReads);
        w.WriteNumber("writes", db.Writes);
        w.WriteNumber("cacheHits", db.CacheHits);
        w.WriteNumber("cacheMisses", db.CacheMisses);
        if (db.Limits is { } l)
        {
            WriteLimits(w, l);
        }
        if (db.StorageIo is { } io)
        {
            WriteStorageIo(w, io);
        }
        if (db.Volume is { } v)
        {
            WriteVolume(w, v);
        }
        if (db.Outages.Count > 0)
        {
            w.WriteStartArray("outages");
            foreach (var o in db.Outages)
            {
                w.WriteStartObject();
                w.WriteNumber("start", Format.Round(o.StartSeconds, 6));
                w.WriteString("cause", o.Cause);
                w.WriteNumber("failoverSeconds", Format.Round(o.FailoverSeconds, 6));
                w.WriteNumber("dnsSeconds", Format.Round(o.DnsSeconds, 6));
                w.WriteNumber("backlogSeconds", Format.Round(o.BacklogSeconds, 6));
                w.WriteNumber("totalSeconds", Format.Round(o.TotalSeconds, 6));
                w.WriteBoolean("over", o.Over);
                if (o.P99LatencyMs is { } p99)
                {
                    w.WriteNumber("p99LatencyMs", Format.Round(p99, 3));
                }
                w.WriteNumber("errors", o.Errors);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary><c>database.volume</c>: the volume filling up and each time it grew.</summary>
    private static void WriteVolume(Utf8JsonWriter w, VolumeSpaceSummary v)
    {
        w.WriteStartObject("volume");
        w.WriteNumber("initialGiB", v.InitialGiB);
        w.WriteNumber("allocatedGiB", Format.Round(v.AllocatedGiB, 3));
        w.WriteNumber("usedGiB", Format.Round(v.UsedGiB, 3));
        w.WriteBoolean("autoscaling", v.Autoscaling);
        if (v.LowAt is { } low)
        {
            w.WriteNumber("tenPercentFreeAt", Format.Round(low.Seconds, 6));
        }
        if (v.FullAt is { } full)
        {
            w.WriteNumber("fullAt", Format.Round(full.Seconds, 6));
        }
        w.WriteStartArray("growths");
        foreach (var g in v.Growths)
        {
            w.WriteStartObject();
            w.WriteNumber("at", Format.Round(g.At.Seconds, 6));
            w.WriteNumber("fromGiB", Format.Round(g.FromGiB, 3));
            w.WriteNumber("toGiB", Format.Round(g.ToGiB, 3));
            w.WriteString("by", g.Autoscaling ? "storage autoscaling" : "operator");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStorageIo(Utf8JsonWriter w, StorageIoSummary io)
    {
        w.WriteStartObject("storageIo");
        w.WriteString("storageType", io.StorageType);
        w.WriteNumber("allocatedGiB", io.AllocatedGiB);
        w.WriteNumber("baselineIops", io.BaselineIops);
        w.WriteNumber("peakIops", io.PeakIops);
        w.WriteNumber("writes", io.Writes);
        w.WriteNumber("waitedWrites", io.WaitedWrites);
        w.WriteNumber("meanWaitMs", Format.Round(io.MeanWaitMs, 3));
        w.WriteNumber("maxWaitMs", Format.Round(io.MaxWaitMs, 3));
        if (io.IoCreditBalance is { } b)
        {
            w.WriteNumber("ioCreditBalance", Format.Round(b, 1));
        }
        if (io.IoCreditsExhaustedSeconds is { } t)
        {
            w.WriteNumber("ioCreditsExhaustedAt", Format.Round(t, 6));
        }
        w.WriteEndObject();
    }

    private static void WriteLimits(Utf8JsonWriter w, DatabaseLimitsSummary l)
    {
        w.WriteStartObject("limits");
        if (l.CpuUtilisation is { } cpu)
        {
            w.WriteNumber("cpuUtilisation", Format.Round(cpu, 6));
        }
        w.WriteNumber("maxConnections", l.MaxConnections);
        w.WriteNumber("poolConnections", l.PoolConnections);
        w.WriteBoolean("poolsExceedLimit", l.PoolsExceedLimit);
        w.WriteNumber("peakConnections", l.PeakConnections);
        w.WriteNumber("poolTimeouts", l.PoolTimeouts);
        w.WriteNumber("refusedConnections", l.RefusedConnections);
        w.WriteNumber("connectTimeouts", l.ConnectTimeouts);
        w.WriteNumber("connectionErrors", l.ConnectionErrors);
        if (l.CreditMode.Length > 0)
        {
            w.WriteString("creditMode", l.CreditMode);
        }
        if (l.CreditBalance is { } b)
        {
            w.WriteNumber("creditBalance", Format.Round(b, 3));
        }
        if (l.CreditsExhaustedSeconds is { } t)
        {
            w.WriteNumber("creditsExhaustedAt", Format.Round(t, 6));
        }
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, OutcomeCounts c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total", c.Total);
        w.WriteNumber("ok", c.Ok);
        w.WriteNumber("missing", c.Missing);
        w.WriteNumber("stale", c.Stale);
        w.WriteNumber("error", c.Error);
        w.WriteEndObject();
    }

    private static void WriteShares(Utf8JsonWriter w, string name, double[]? shares)
    {
        if (shares is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        for (var o = 0; o < 4; o++)
        {
            w.WriteNumber(Names.Of((Outcome)o), Format.Round(shares[o], 6));
        }
        w.WriteEndObject();
    }

    private static void WriteWindows(Utf8JsonWriter w, string name, IReadOnlyList<TimeWindow> windows, bool errors)
    {
        w.WriteStartArray(name);
        foreach (var d in windows)
        {
            w.WriteStartObject();
            w.WriteNumber("start", Format.Round(d.Start.Seconds, 6));
            w.WriteNumber("end", Format.Round(d.End.Seconds, 6));
            w.WriteNumber("seconds", Format.Round(d.Seconds, 6));
            w.WriteString("cause", d.Cause);
            if (errors)
            {
                w.WriteNumber("errors", d.Errors);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
