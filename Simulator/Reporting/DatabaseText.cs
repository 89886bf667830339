using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>A scenario's database in words, for tables, reports and narration, for every kind.</summary>
public static class DatabaseText
{
    /// <summary>A short name for the architecture: "RDS Multi-AZ (primary + standby)", "Aurora + 1 reader, reads from readers".</summary>
    public static string Architecture(Scenario s)
    {
        var st = s.Storage;
        var name = st.Kind switch
        {
            StorageKind.SqlitePerContainer => "SQLite per container",
            StorageKind.SqliteSharedFile => "SQLite on a shared network file",
            StorageKind.Shared => st.Standby ? "RDS Multi-AZ (primary + standby)" : "RDS single-AZ",
            StorageKind.RdsMultiAzCluster => "RDS Multi-AZ DB cluster",
            StorageKind.Aurora => "Aurora",
            StorageKind.DocumentDb => "DocumentDB",
            StorageKind.DynamoDb => st.ConsistentReads ? "DynamoDB (consistent reads)" : "DynamoDB",
            _ => "PostgreSQL on EC2",
        };
        if (st.Design.TakesReadReplicas && st.ReadReplicas > 0)
        {
            var what = st.Kind is StorageKind.Aurora or StorageKind.DocumentDb ? "reader" : "replica";
            name += $" + {st.ReadReplicas} {what}{(st.ReadReplicas == 1 ? "" : "s")}";
        }
        if (st.ReadFrom == ReadFrom.Replicas && st.Readers > 0)
        {
            name += ", reads from replicas";
        }
        if (s.Cache is { } cache)
        {
            name += cache.InvalidateOnWrite ? $" + cache (ttl {cache.Ttl})" : $" + cache (ttl {cache.Ttl}, no invalidation)";
        }
        return name;
    }

    /// <summary>Where the data lives, in the words of the lesson's table.</summary>
    public static string WhereDataLives(Scenario s) => s.Storage.Design.Placement switch
    {
        CopyPlacement.Container => "a file in each container",
        CopyPlacement.NetworkFile => "one file on a network filesystem",
        CopyPlacement.MultiZoneVolume => "a cluster volume in three zones",
        CopyPlacement.RegionalService => "a regional service in three zones",
        _ => s.Storage.Kind == StorageKind.Ec2PostgreSql ? "an EBS volume you run yourself" : "a managed database service",
    };

    /// <summary>How the database fails over, in words.</summary>
    public static string Failover(Scenario s)
    {
        var st = s.Storage;
        var d = st.Design;
        if (!d.HasInstance)
        {
            return d.Placement == CopyPlacement.RegionalService ? "none needed (no instance)" : "none";
        }
        if (st.Kind == StorageKind.Shared)
        {
            return st.Standby ? "Multi-AZ standby" : "none";
        }
        if (d.PromotesReader && st.Readers > 0)
        {
            return st.Failover == FailoverMode.Manual ? "manual: promote a replica" : "automatic, to a reader";
        }
        if (d.NewWriterWithoutReader)
        {
            return "automatic: a new writer";
        }
        return st.Failover == FailoverMode.Manual ? "manual: restart or restore" : "none";
    }

    /// <summary>Backups, in words.</summary>
    public static string Backups(Scenario s)
    {
        var st = s.Storage;
        if (st.Design.Backup == BackupMode.None || st.BackupInterval.Microseconds == 0)
        {
            return "none";
        }
        return st.Design.Backup == BackupMode.Snapshot ? $"your cron job, every {st.BackupInterval}" : $"automatic, every {st.BackupInterval}";
    }

    /// <summary>The copy a read was served from, for narration: "the read replica in az-b", "the cache".</summary>
    public static string Source(ReplicaSystem system, in RequestRecord r) => r.Source switch
    {
        ReadSource.Replica => $"the {(system.Scenario.Storage.Kind is StorageKind.Aurora or StorageKind.DocumentDb ? "reader" : "replica")} in {system.ZoneName(r.SourceZone)}",
        ReadSource.EventualCopy => "a copy that had not taken part in the latest write (an eventually consistent read)",
        ReadSource.Cache => "the cache",
        _ => "",
    };

    /// <summary>The copy that served a stale or missing read and why it was behind ("the replica in az-b, which was 180 ms behind the writer: ..."), or null.</summary>
    public static string? LagCause(ReplicaSystem system, in RequestRecord r)
    {
        switch (r.Source)
        {
            case ReadSource.Replica:
            case ReadSource.EventualCopy:
                return $"{Source(system, r)}, which was {Format.Number(r.SourceUs / 1000.0, 1)} ms behind the writer: version {r.ExpectedVersion} had not reached it yet.";
            case ReadSource.Cache:
                var cache = system.Scenario.Cache!;
                return $"the cache, which held the version it had read at {new Engine.Instant(r.SourceUs)}; it serves it until it expires ({cache.Ttl} later)" +
                       (cache.InvalidateOnWrite ? " or a write deletes it, and this copy was filled after the write." : ", and nothing deletes it on a write (invalidateOnWrite is false).");
            default:
                return null;
        }
    }

    /// <summary>The report's "Database limits" section: the server's limits and the volume's I/O; empty when neither is modelled.</summary>
    public static IReadOnlyList<string> Section(Scenario s, Metrics.DatabaseSummary db)
    {
        var lines = new List<string>();
        if (db.Limits is { } limits)
        {
            lines.AddRange(Limits(s, limits));
        }
        if (db.StorageIo is { } io)
        {
            lines.Add(StorageIo(io));
        }
        if (db.Volume is { } volume)
        {
            lines.Add(Volume(s, volume));
        }
        foreach (var o in db.Outages)
        {
            lines.Add(Outage(s, o));
        }
        return lines;
    }

    /// <summary>A writer outage in its parts: "Writer outage at 1 min 40 s (database-failure): 2 min 11 s in all: failover 60 s, DNS 5 s, backlog 1 min 6 s; ...".</summary>
    public static string Outage(Scenario s, Metrics.DatabaseOutageSummary o)
    {
        var latency = o.P99LatencyMs is { } p99 ? $"p99 latency of the requests that arrived meanwhile {Format.Span(p99 / 1000)}, " : "";
        return $"Writer outage at {Format.Span(o.StartSeconds)} ({o.Cause}): {Format.Span(o.TotalSeconds)} in all{(o.Over ? "" : ", not over by the end of the run")}: " +
               $"failover {Format.Span(o.FailoverSeconds)} (until a writer served again), " +
               $"DNS {Format.Span(o.DnsSeconds)} (dnsTtl {s.Storage.DnsTtl}: new connections still went to the old address), " +
               $"backlog {Format.Span(o.BacklogSeconds)} (until no container had a request queued or a connection attempt hanging, which waits up to connectTimeout {s.Storage.ConnectTimeout}); " +
               $"{latency}{Format.Integer(o.Errors)} errors.";
    }

    /// <summary>
    /// The volume filling up in a sentence: "Volume: 20 GiB, 10 % free at 17d 03:10:00.000; storage autoscaling grew it
    /// at 17d 03:15:00.000 from 20 to 30 GiB (no downtime); 35.2 GiB used of 40 GiB at the end."
    /// </summary>
    public static string Volume(Scenario s, Metrics.VolumeSpaceSummary v)
    {
        var parts = new List<string> { $"Volume: {Gib(v.InitialGiB)} at the start, {Format.Integer(s.Workload.RecordBytes)} bytes per created record, " +
            (v.Autoscaling ? "storage autoscaling on" : $"no storage autoscaling (someone grows it {s.Storage.AlertDelay.ToReadable()} after it fills)") };
        if (v.LowAt is { } low)
        {
            parts.Add($"10 % free at {low}");
        }
        if (v.FullAt is { } full)
        {
            parts.Add($"full at {full}: writes failed with \"storage full\" while reads went on");
        }
        foreach (var g in v.Growths)
        {
            parts.Add(g.Autoscaling
                ? $"storage autoscaling grew it at {g.At} from {Gib(g.FromGiB)} to {Gib(g.ToGiB)} (no downtime)"
                : $"someone grew it at {g.At} from {Gib(g.FromGiB)} to {Gib(g.ToGiB)}");
        }
        if (v.LowAt is null)
        {
            parts.Add("free space never fell to 10 %");
        }
        parts.Add($"{Gib(v.UsedGiB)} used of {Gib(v.AllocatedGiB)} at the end");
        return string.Join("; ", parts) + ".";
    }

    /// <summary>A size in GiB: "20 GiB", "30.5 GiB".</summary>
    public static string Gib(double gib) => Format.Number(gib, 1) + " GiB";

    /// <summary>The writer's volume in a sentence: its IOPS, the commits that waited, gp2's credits.</summary>
    public static string StorageIo(Metrics.StorageIoSummary io)
    {
        var rate = io.PeakIops > io.BaselineIops
            ? $"{Format.Integer(io.BaselineIops)} IOPS baseline (3 per GiB), bursting to {Format.Integer(io.PeakIops)} while its I/O credits last"
            : $"{Format.Integer(io.BaselineIops)} IOPS";
        var waited = io.WaitedWrites == 0
            ? "no commit waited for it"
            : $"{Format.Integer(io.WaitedWrites)} of {Format.Integer(io.Writes)} commits waited for it (mean {Format.Number(io.MeanWaitMs, 3)} ms, longest {Format.Number(io.MaxWaitMs, 3)} ms)";
        var credits = io.IoCreditBalance is { } b
            ? (io.IoCreditsExhaustedSeconds is { } t ? $"; its I/O credits ran out at {Format.Span(t)} and it fell to the baseline" : "; its I/O credits never ran out") +
              $", balance at the end {Format.Integer((long)Math.Round(b))} of {Format.Integer((long)StorageVolume.Gp2BucketCredits)}"
            : "";
        return $"Storage I/O: {io.StorageType}, {Format.Integer(io.AllocatedGiB)} GiB: {rate}, one write I/O per commit; {waited}{credits}.";
    }

    /// <summary>The database's limits in a run, in sentences: CPU, connections against the limit, credits.</summary>
    public static IReadOnlyList<string> Limits(Scenario s, Metrics.DatabaseLimitsSummary l)
    {
        var st = s.Storage;
        var ic = st.InstanceClass;
        var pool = st.Pool;
        var lines = new List<string>();
        if (l.CpuUtilisation is { } cpu && st.QueryCpuTime is { } cpuTime)
        {
            var mean = cpuTime.MeanSeconds;
            var cap = mean > 0 ? Format.Number(ic.Vcpus / mean, 1) + " queries/s" : "without limit";
            lines.Add($"CPU: {ic.Name} has {ic.Vcpus} vCPUs, busy {Format.Percent(cpu)} of the run; at {Format.Number(mean * 1000, 3)} ms of CPU per query " +
                      $"it serves at most {cap} (vCPUs / mean CPU time).");
        }
        var verdict = l.PoolsExceedLimit
            ? $"MORE than the server's limit of {Format.Integer(l.MaxConnections)}: under load some new connections are refused"
            : $"within the server's limit of {Format.Integer(l.MaxConnections)}";
        lines.Add($"Connections: {s.Service.Replicas} replicas x (pool size {pool.Size} + maxOverflow {pool.MaxOverflow}) = {Format.Integer(l.PoolConnections)} at most, {verdict}; " +
                  $"peak open {Format.Integer(l.PeakConnections)}.");
        lines.Add($"{Format.Integer(l.PoolTimeouts)} requests waited past the pool timeout ({pool.Timeout}), {Format.Integer(l.RefusedConnections)} new connections were refused, " +
                  $"{Format.Integer(l.ConnectTimeouts)} went to a writer that was gone and gave up after the connect timeout ({st.ConnectTimeout}; the old address is kept for dnsTtl {st.DnsTtl} after a failover).");
        if (l.CreditBalance is { } balance)
        {
            var exhausted = l.CreditsExhaustedSeconds is { } t ? $"ran out at {Format.Span(t)}" : "never ran out";
            lines.Add($"CPU credits ({l.CreditMode} mode, baseline {Format.Percent(ic.BaselinePerVcpu)} of each vCPU): {exhausted}; balance at the end {Format.Number(balance, 1)} vCPU-minutes.");
        }
        return lines;
    }
}
