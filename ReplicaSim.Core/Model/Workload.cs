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
/// </remarks>
public sealed class Workload : IEventTarget
{
    private readonly ReplicaSystem _system;
    private readonly Simulation _sim;
    private readonly System.Random _gaps;
    private readonly System.Random _choices;
    private readonly double _meanGapSeconds;
    private readonly int _clients;
    private readonly double[] _cumulative = new double[4];
    private readonly Instant _end;
    private long _nextId;

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
    }

    public long Arrivals => _nextId;

    internal void Start() => ScheduleNext();

    public void OnEvent(int kind, long arg)
    {
        ScheduleNext();
        var client = _choices.Next(_clients);
        var u = _choices.NextDouble();
        var op = Operation.Update;
        for (var i = 0; i < 3; i++)
        {
            if (u < _cumulative[i])
            {
                op = (Operation)i;
                break;
            }
        }
        var pick = _choices.NextDouble();
        var records = _system.Records;
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

    private void ScheduleNext()
    {
        var gap = new Duration((long)Math.Round(-Math.Log(1.0 - _gaps.NextDouble()) * _meanGapSeconds * Duration.MicrosecondsPerSecond));
        if (_sim.Now + gap < _end)
        {
            _sim.Schedule(gap, this, 0);
        }
    }
}
