using ReplicaSim.Engine;

namespace ReplicaSim.Benchmarks;

/// <summary>
/// The reference M/M/c FIFO queue built on the engine alone: Poisson arrivals, exponential service,
/// <c>c</c> servers. Used by <c>replicasim bench</c> and by the tests that hold the engine to queueing theory.
/// </summary>
/// <remarks>
/// Waits are accumulated per batch of consecutive customers (batch means), so a caller can put a
/// confidence interval on the mean wait from one run. Nothing is allocated per customer.
/// </remarks>
public sealed class QueueStation : EventTarget
{
    private const int Arrival = 0;
    private const int Departure = 1;

    private readonly Simulation _sim;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly double _meanInterarrivalSeconds;
    private readonly double _meanServiceSeconds;
    private readonly int _servers;
    private readonly long _customers;
    private readonly long _batchSize;
    private readonly double[] _batchWaitSums;
    private long[] _waiting = new long[1024];
    private int _head;
    private int _queued;
    private int _busy;
    private long _arrived;
    private long _started;

    public QueueStation(Simulation sim, RandomStreams streams, double arrivalRatePerSecond, double meanServiceSeconds, int servers, long customers, int batches = 20)
    {
        _sim = sim;
        _arrivals = streams.Stream("arrivals");
        _service = streams.Stream("service");
        _meanInterarrivalSeconds = 1.0 / arrivalRatePerSecond;
        _meanServiceSeconds = meanServiceSeconds;
        _servers = servers;
        _customers = customers;
        _batchSize = Math.Max(1, customers / batches);
        _batchWaitSums = new double[batches];
    }

    /// <summary>Customers that have started service (their wait is known).</summary>
    public long Served => _started;

    public double TotalWaitSeconds { get; private set; }

    public double MeanWaitSeconds => TotalWaitSeconds / _started;

    /// <summary>Mean wait of each batch of consecutive customers.</summary>
    public IReadOnlyList<double> BatchMeanWaits => [.. _batchWaitSums.Select(s => s / _batchSize)];

    public void Start() => _sim.Schedule(NextInterarrival(), this, Arrival);

    public override void OnEvent(int kind, long arg)
    {
        if (kind == Arrival)
        {
            _arrived++;
            if (_busy < _servers)
            {
                _busy++;
                BeginService(_sim.Now);
            }
            else
            {
                Enqueue(_sim.Now.Microseconds);
            }
            if (_arrived < _customers)
            {
                _sim.Schedule(NextInterarrival(), this, Arrival);
            }
        }
        else if (_queued > 0)
        {
            BeginService(new Instant(Dequeue()));
        }
        else
        {
            _busy--;
        }
    }

    private void BeginService(Instant arrivedAt)
    {
        var wait = (_sim.Now - arrivedAt).TotalSeconds;
        var service = Draw(_service, _meanServiceSeconds);
        TotalWaitSeconds += wait;
        var batch = _started / _batchSize;
        if (batch < _batchWaitSums.Length)
        {
            _batchWaitSums[batch] += wait;
        }
        _started++;
        _sim.Schedule(service, this, Departure);
    }

    private Duration NextInterarrival() => Draw(_arrivals, _meanInterarrivalSeconds);

    private static Duration Draw(RandomStream random, double meanSeconds) =>
        new((long)Math.Round(-Math.Log(1.0 - random.NextDouble()) * meanSeconds * Duration.MicrosecondsPerSecond));

    private void Enqueue(long time)
    {
        if (_queued == _waiting.Length)
        {
            var bigger = new long[_waiting.Length * 2];
            for (var i = 0; i < _queued; i++)
            {
                bigger[i] = _waiting[(_head + i) % _waiting.Length];
            }
            _waiting = bigger;
            _head = 0;
        }
        _waiting[(_head + _queued) % _waiting.Length] = time;
        _queued++;
    }

    private long Dequeue()
    {
        var t = _waiting[_head];
        _head = (_head + 1) % _waiting.Length;
        _queued--;
        return t;
    }
}
