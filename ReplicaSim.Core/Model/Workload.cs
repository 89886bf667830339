using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// Poisson arrivals from <c>workload.clients</c> clients with the operation mix of <c>workload.mix</c>.
/// </summary>
/// <remarks>
/// Every arrival draws the same four numbers (gap, client, operation, record pick) from streams of its
/// own, whatever the architecture, so the variants of a comparison see identical request streams.
/// A read or update picks one of the acknowledged records (the client's own for readOwn and update);
/// when there is none to pick it becomes a create.
/// The three choices (client, operation, pick) of the next seven arrivals are drawn ahead, in the same order
/// from the same stream, so that the records they will touch can be fetched into the processor's cache
/// while the requests before them run (a hint: what each arrival picks is decided when it arrives).
/// </remarks>
public sealed class Workload : EventTarget
{
    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly RandomStream _gaps;
    private readonly RandomStream _choices;
    private readonly double _meanGapSeconds;
    private readonly int _clients;
    private readonly double[] _cumulative = new double[4];
    private readonly Instant _end;
    private readonly EventLane _arrivals;
    private long _nextId;

    // The choices drawn ahead, in a ring: arrival n uses entry n % Ahead (a power of two). Each stage of the
    // cache hints runs Stride arrivals before the next, time for a line to come from memory.
    private const int Stride = 2;
    private const int Ahead = 8;
    private const int Mask = Ahead - 1;
    private readonly int[] _aheadClient = new int[Ahead];
    private readonly double[] _aheadOp = new double[Ahead];
    private readonly double[] _aheadPick = new double[Ahead];

    internal Workload(ReplicaSystem system, RandomStreams streams)
    {
        _system = system;
        _sim = system.Sim;
        _gaps = streams.Stream("arrivals");
        _choices = streams.Stream("requests");
        var w = system.Scenario.Workload;
        _meanGapSeconds = 1.0 / w.ArrivalRatePerSecond;
        _clients = w.Clients;
        var total = w.Mix.Total;
        var acc = 0.0;
        for (var i = 0; i < 4; i++)
        {
            acc += w.Mix.Weight((Operation)i) / total;
            _cumulative[i] = acc;
        }
        _cumulative[3] = 1.0;
        _end = Instant.Start + system.Scenario.Duration;
        // One arrival is pending at a time, so the arrivals fall due in the order they are scheduled: a lane of their own.
        _arrivals = _sim.OrderedLane();
    }

    public long Arrivals => _nextId;

    internal void Start()
    {
        for (var i = 0; i < Ahead - 1; i++)
        {
            DrawChoices(i);
        }
        ScheduleNext();
    }

    public override void OnEvent(int kind, long arg)
    {
        ScheduleNext();
        var next = (int)_nextId;
        var at = next & Mask;
        var client = _aheadClient[at];
        var u = _aheadOp[at];
        var pick = _aheadPick[at];
        var records = _system.Records;
        // The pipeline of cache hints: the client three strides ahead, the list entry two, its row one.
        var far = (next + Ahead - 1) & Mask;
        DrawChoices(far);
        Prefetch(records, (next + (3 * Stride)) & Mask, 1);
        Prefetch(records, (next + (2 * Stride)) & Mask, 2);
        Prefetch(records, (next + Stride) & Mask, 3);
        var op = Operation.Update;
        for (var i = 0; i < 3; i++)
        {
            if (u < _cumulative[i])
            {
                op = (Operation)i;
                break;
            }
        }
        var actual = op;
        var key = 0;
        if (op is Operation.ReadOwn or Operation.Update)
        {
            var n = records.AcknowledgedCount(client);
            if (n > 0)
            {
                key = records.AcknowledgedOf(client, (int)(pick * n));
            }
            else
            {
                actual = Operation.Create;
            }
        }
        else if (op == Operation.ReadAny)
        {
            var n = records.AcknowledgedRecordCount;
            if (n > 0)
            {
                key = records.AcknowledgedAt((int)(pick * n));
            }
            else
            {
                actual = Operation.Create;
            }
        }
        _system.Arrive(_nextId++, client, op, actual, key);
    }

    /// <summary>Draws one arrival's three choices into ring entry <paramref name="at"/>, in the order they were always drawn.</summary>
    private void DrawChoices(int at)
    {
        _aheadClient[at] = _choices.Next(_clients);
        _aheadOp[at] = _choices.NextDouble();
        _aheadPick[at] = _choices.NextDouble();
    }

    /// <summary>One stage of the cache hints for the record a future arrival would pick now (see <see cref="RecordTable.PrefetchClient"/>).</summary>
    private void Prefetch(RecordTable records, int at, int stage)
    {
        var u = _aheadOp[at];
        if (u < _cumulative[(int)Operation.Create])
        {
            return;
        }
        var client = u < _cumulative[(int)Operation.ReadOwn] || u >= _cumulative[(int)Operation.ReadAny] ? _aheadClient[at] : -1;
        switch (stage)
        {
            case 1:
                if (client >= 0)
                {
                    records.PrefetchClient(client);
                }
                break;
            case 2:
                records.PrefetchPick(client, _aheadPick[at]);
                break;
            default:
                records.PrefetchPickedRow(client, _aheadPick[at]);
                break;
        }
    }

    private void ScheduleNext()
    {
        var gap = new Duration((long)Math.Round(-Math.Log(1.0 - _gaps.NextDouble()) * _meanGapSeconds * Duration.MicrosecondsPerSecond));
        if (_sim.Now + gap < _end)
        {
            _sim.ScheduleInOrder(_arrivals, gap, this, 0);
        }
    }
}
