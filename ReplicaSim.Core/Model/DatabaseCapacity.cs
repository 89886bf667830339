using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// The database as a server with limits: the CPU of each instance (writer and readers) and the connections
/// it accepts. Exists only when the scenario names <c>storage.queryCpuTime</c>, <c>maxConnections</c> or
/// <c>pool</c>; otherwise the database stays the pure delay it always was.
/// </summary>
/// <remarks>
/// <para>CPU: a query needs <c>storage.queryCpuTime</c> of CPU. An instance's vCPUs serve that many queries at
/// once; the rest wait, first come first served in the order they reach the instance. Because service times are
/// drawn when a query arrives, each query's start is known at once (the earliest moment one of the vCPUs is
/// free, or its arrival): a FIFO multi-server queue needs no events of its own, and nothing is allocated.</para>
/// <para>Credits (burstable classes): an instance earns baseline x vCPUs of CPU time per unit of time (up to 24
/// hours' worth) and spends the CPU time its queries use. In <c>standard</c> mode, a query that starts with no
/// credit left runs at the baseline speed (its CPU time divided by the baseline) and its CPU time is paid from
/// what the instance earns meanwhile, so a saturated instance serves baseline x vCPUs / CPU time; in
/// <c>unlimited</c> mode it runs at full speed and the balance goes negative (the surplus is billed).</para>
/// <para>Connections: counted server-wide; the pools in the containers open them (see <see cref="ReplicaSystem"/>).</para>
/// A failover or replacement brings a new instance: its queue starts empty and its balance full.
/// </remarks>
public sealed class DatabaseCapacity
{
    private readonly DurationDistribution? _cpuTime;
    private readonly System.Random _cpuRandom;
    private int _vcpus;
    private long[] _freeAtUs;
    private readonly int[] _epochs;
    private readonly double[] _balanceUs;
    private readonly long[] _lastUs;
    private double _earnPerUs;
    private double _maxBalanceUs;
    private double _initialBalanceUs;
    private double _baseline;
    private bool _burstable;
    private readonly bool _standard;
    private readonly long _runEndUs;
    private readonly long _bucketUs;
    private readonly long[] _writerBusyByBucket;
    private int _peakSinceSample;

    internal DatabaseCapacity(StorageConfig storage, int instances, RandomStreams streams, long runEndUs, long bucketUs)
    {
        _runEndUs = runEndUs;
        _bucketUs = bucketUs > 0 ? bucketUs : Math.Max(1, runEndUs);
        _writerBusyByBucket = new long[Math.Max(1, (runEndUs + _bucketUs - 1) / _bucketUs)];
        _cpuTime = storage.QueryCpuTime;
        _cpuRandom = streams.Stream("storage/query-cpu");
        var ic = storage.InstanceClass;
        _vcpus = ic.Vcpus;
        Instances = instances;
        _freeAtUs = new long[instances * _vcpus];
        _epochs = new int[instances];
        _balanceUs = new double[instances];
        _lastUs = new long[instances];
        _burstable = ic.Burstable;
        _standard = storage.CpuCredits.Standard;
        _baseline = ic.BaselinePerVcpu;
        _earnPerUs = ic.BaselinePerVcpu * ic.Vcpus;
        _maxBalanceUs = ic.MaxCredits * 60e6;
        _initialBalanceUs = (storage.CpuCredits.InitialCredits ?? ic.MaxCredits) * 60e6;
        Array.Fill(_balanceUs, _initialBalanceUs);
        MaxConnections = storage.MaxConnections;
        Pool = storage.Pool;
        CreditsExhaustedAtUs = -1;
    }

    /// <summary>Whether queries wait for CPU (<c>storage.queryCpuTime</c> given).</summary>
    public bool ModelsCpu => _cpuTime is not null;

    /// <summary>Instance 0 is the writer, 1 + i reader i.</summary>
    public int Instances { get; }

    public int MaxConnections { get; private set; }

    public PoolConfig Pool { get; }

    /// <summary>Connections open at the server now, and the most at once.</summary>
    public int OpenConnections { get; private set; }

    public int PeakConnections { get; private set; }

    /// <summary>Requests that found no free pooled connection within the pool timeout.</summary>
    public long PoolTimeouts { get; internal set; }

    /// <summary>Connection attempts to a writer that was gone, which waited <c>connectTimeout</c> and failed.</summary>
    public long ConnectTimeouts { get; internal set; }

    /// <summary>New connections the server refused (beyond <c>maxConnections</c>).</summary>
    public long RefusedConnections { get; internal set; }

    /// <summary>New connections refused because the container's IAM authentication token had expired.</summary>
    public long TokenRefusals { get; internal set; }

    /// <summary>Requests that failed for want of a connection: pool timeouts, refused connections, connect timeouts and expired tokens.</summary>
    public long ConnectionErrors => PoolTimeouts + RefusedConnections + ConnectTimeouts + TokenRefusals;

    /// <summary>Time the writer's vCPUs were busy during the run (at the speed they ran), and all instances' vCPUs.</summary>
    public long WriterCpuUs { get; private set; }

    public long TotalCpuUs { get; private set; }

    /// <summary>When the writer's credit balance first reached zero; -1 if it never did.</summary>
    public long CreditsExhaustedAtUs { get; private set; }

    /// <summary>The writer's credit balance (vCPU-minutes) at <paramref name="nowUs"/>, counting what it earned since its last query.</summary>
    public double WriterCredits(long nowUs) => !_burstable ? 0 : (_standard ? Math.Max(0, Balance(0, nowUs)) : Balance(0, nowUs)) / 60e6;

    /// <summary>
    /// A query reaches instance <paramref name="instance"/> (in its epoch <paramref name="epoch"/>) at
    /// <paramref name="arriveUs"/>: when its CPU work ends. Without <c>queryCpuTime</c>, at once.
    /// </summary>
    internal long Serve(int instance, int epoch, long arriveUs)
    {
        if (_cpuTime is null)
        {
            return arriveUs;
        }
        var first = instance * _vcpus;
        if (_epochs[instance] != epoch)
        {
            _epochs[instance] = epoch;
            for (var k = 0; k < _vcpus; k++)
            {
                _freeAtUs[first + k] = 0;
            }
            _balanceUs[instance] = _initialBalanceUs;
            _lastUs[instance] = arriveUs;
        }
        var best = first;
        for (var k = first + 1; k < first + _vcpus; k++)
        {
            if (_freeAtUs[k] < _freeAtUs[best])
            {
                best = k;
            }
        }
        var start = Math.Max(arriveUs, _freeAtUs[best]);
        var cpu = _cpuTime.Sample(_cpuRandom).Microseconds;
        var run = cpu;
        if (_burstable)
        {
            var balance = Balance(instance, start);
            _lastUs[instance] = Math.Max(_lastUs[instance], start);
            if (_standard && balance < cpu)
            {
                // Not enough credits: what the balance covers runs at full speed, the rest at the baseline.
                var covered = Math.Max(0, balance);
                run = (long)Math.Ceiling(covered + ((cpu - covered) / _baseline));
            }
            // The whole CPU time is spent from the balance, in standard mode too: the part run at the baseline is
            // paid for by what the instance earns while it runs (a debt the balance carries below zero, shown as 0),
            // or running at the baseline would earn credits for the next query as well, and two throttled vCPUs
            // would serve 1.9 times baseline x vCPUs / CPU time instead of the baseline's.
            balance -= cpu;
            if (instance == 0 && balance <= 0 && CreditsExhaustedAtUs < 0)
            {
                CreditsExhaustedAtUs = start;
            }
            _balanceUs[instance] = balance;
        }
        var end = start + run;
        _freeAtUs[best] = end;
        // Busy time is counted within the run only (work still queued at its end is not).
        var inRun = Math.Min(end, _runEndUs) - Math.Min(start, _runEndUs);
        TotalCpuUs += inRun;
        if (instance == 0)
        {
            WriterCpuUs += inRun;
            AddBusy(start, Math.Min(end, _runEndUs));
        }
        return end;
    }

    /// <summary>
    /// scale-database: every instance now has class <paramref name="ic"/>. The instances start afresh (their queues
    /// empty, a full credit balance), as after a failover; the connection limit follows the class unless the scenario set it.
    /// </summary>
    internal void SetInstanceClass(InstanceClass ic, bool maxConnectionsGiven, double? initialCredits)
    {
        _vcpus = ic.Vcpus;
        _freeAtUs = new long[Instances * _vcpus];
        Array.Fill(_epochs, -1);
        _burstable = ic.Burstable;
        _baseline = ic.BaselinePerVcpu;
        _earnPerUs = ic.BaselinePerVcpu * ic.Vcpus;
        _maxBalanceUs = ic.MaxCredits * 60e6;
        _initialBalanceUs = Math.Min(initialCredits ?? ic.MaxCredits, ic.MaxCredits) * 60e6;
        if (!maxConnectionsGiven)
        {
            MaxConnections = ic.DefaultMaxConnections;
        }
    }

    /// <summary>Opens a connection at the server; false when it is at its limit (the connection is refused).</summary>
    internal bool TryOpen()
    {
        if (OpenConnections >= MaxConnections)
        {
            RefusedConnections++;
            return false;
        }
        OpenConnections++;
        if (OpenConnections > PeakConnections)
        {
            PeakConnections = OpenConnections;
        }
        if (OpenConnections > _peakSinceSample)
        {
            _peakSinceSample = OpenConnections;
        }
        return true;
    }

    /// <summary>The writer's vCPU time busy within timeline bucket <paramref name="bucket"/> (final once the bucket has ended: work is never added before now).</summary>
    public long WriterBusyInBucket(int bucket) => _writerBusyByBucket[bucket];

    /// <summary>The most connections open at once since the last call (for the timeline), starting again from those open now.</summary>
    public int TakePeakConnections()
    {
        var peak = Math.Max(_peakSinceSample, OpenConnections);
        _peakSinceSample = OpenConnections;
        return peak;
    }

    private void AddBusy(long startUs, long endUs)
    {
        while (startUs < endUs)
        {
            var b = startUs / _bucketUs;
            var bucketEnd = (b + 1) * _bucketUs;
            var until = Math.Min(endUs, bucketEnd);
            _writerBusyByBucket[Math.Min(b, _writerBusyByBucket.Length - 1)] += until - startUs;
            startUs = until;
        }
    }

    internal void Close(int n) => OpenConnections -= n;

    private double Balance(int instance, long nowUs)
    {
        var elapsed = Math.Max(0, nowUs - _lastUs[instance]);
        var b = _balanceUs[instance];
        if (b >= _maxBalanceUs)
        {
            return b;
        }
        return Math.Min(_maxBalanceUs, b + (elapsed * _earnPerUs));
    }
}
