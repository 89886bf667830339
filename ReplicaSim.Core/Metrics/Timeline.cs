using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>
/// Per-bucket counts over simulated time: outcomes by arrival, acknowledged and lost writes, latency,
/// and a sample of the system's state (containers, healthy targets, database, records per store) at the
/// end of each bucket.
/// </summary>
public sealed class Timeline
{
    private readonly long[][] _outcomes;
    private readonly LatencyHistogram?[] _latency;
    private readonly List<int[]> _slotRecords = [];

    public Timeline(Duration simulated, Duration bucket)
    {
        Bucket = bucket;
        Count = (int)Math.Max(1, (simulated.Microseconds + bucket.Microseconds - 1) / bucket.Microseconds);
        _outcomes = [new long[Count], new long[Count], new long[Count], new long[Count]];
        _latency = new LatencyHistogram?[Count];
        Acknowledged = new long[Count];
        Lost = new long[Count];
        Running = new int[Count];
        Healthy = new int[Count];
        DatabaseUp = new bool[Count];
        SharedRecords = new int[Count];
    }

    public Duration Bucket { get; }

    public int Count { get; }

    public long[] Acknowledged { get; }

    /// <summary>Writes lost in each bucket, less lost writes superseded in it.</summary>
    public long[] Lost { get; }

    public int[] Running { get; }

    public int[] Healthy { get; }

    public bool[] DatabaseUp { get; }

    public int[] SharedRecords { get; }

    /// <summary>The database's CPU, connections and credits per bucket, when the scenario models its limits or storage I/O.</summary>
    public DatabaseSeries? Database { get; private set; }

    /// <summary>Records in each replica slot's app.db, one array per slot (index 0 = slot 1).</summary>
    public IReadOnlyList<int[]> SlotRecords => _slotRecords;

    public long[] Outcomes(Outcome o) => _outcomes[(int)o];

    public double StartSeconds(int bucket) => bucket * Bucket.TotalSeconds;

    /// <summary>The bucket holding <paramref name="t"/>; the last one for any time beyond it.</summary>
    /// <remarks>Requests end nearly in the order they arrived, so the bucket asked about is most often the last one
    /// asked about: that one's bounds are kept, and the 64-bit division is done only when another is asked for.</remarks>
    public int BucketOf(Instant t)
    {
        var us = t.Microseconds;
        if (us >= _lastStartUs && us < _lastEndUs)
        {
            return _lastBucket;
        }
        var b = (int)Math.Clamp(us / Bucket.Microseconds, 0, Count - 1);
        _lastBucket = b;
        _lastStartUs = b * Bucket.Microseconds;
        _lastEndUs = b == Count - 1 ? long.MaxValue : _lastStartUs + Bucket.Microseconds;
        if (b == 0)
        {
            _lastStartUs = long.MinValue;
        }
        return b;
    }

    private int _lastBucket;
    private long _lastStartUs = 1;
    private long _lastEndUs;

    internal void AddOutcome(Instant arrival, Outcome outcome, long latencyUs, double logLatency)
    {
        var b = BucketOf(arrival);
        _outcomes[(int)outcome][b]++;
        (_latency[b] ??= new LatencyHistogram(0.02)).Add(latencyUs, logLatency);
    }

    public double LatencyQuantileMs(int bucket, double p) => (_latency[bucket]?.Quantile(p) ?? double.NaN) / 1000.0;

    /// <summary>A latency quantile over buckets [from, to), in milliseconds; NaN when they saw no request.</summary>
    public double LatencyQuantileMs(int from, int to, double p)
    {
        var merged = new LatencyHistogram(0.02);
        for (var b = from; b < to && b < Count; b++)
        {
            if (_latency[b] is { } h)
            {
                merged.AddFrom(h);
            }
        }
        return merged.Count == 0 ? double.NaN : merged.Quantile(p) / 1000.0;
    }

    public long Requests(int bucket) => _outcomes[0][bucket] + _outcomes[1][bucket] + _outcomes[2][bucket] + _outcomes[3][bucket];

    internal void Sample(int bucket, ReplicaSystem system)
    {
        var running = 0;
        foreach (var c in system.AllContainers)
        {
            if (c.State == ContainerState.Running)
            {
                running++;
            }
        }
        Running[bucket] = running;
        Healthy[bucket] = system.LoadBalancer.HealthyCount;
        DatabaseUp[bucket] = system.Database.Up;
        SharedRecords[bucket] = system.Records.SharedCount;
        if (system.Store is { } store && (store.Capacity is not null || store.Io is not null || system.Disk is not null))
        {
            (Database ??= DatabaseSeries.For(system, Count))!.Sample(bucket, system, this);
        }
        var slots = system.Orchestrator.Slots;
        while (_slotRecords.Count < slots.Count - 1)
        {
            _slotRecords.Add(new int[Count]);
        }
        for (var s = 1; s < slots.Count; s++)
        {
            _slotRecords[s - 1][bucket] = slots[s] is { } c && c.State != ContainerState.Stopped ? c.RecordCount : 0;
        }
    }
}
