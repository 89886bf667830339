using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>One stretch between timed faults: its requests by operation and outcome (by arrival), and the replicas asked for.</summary>
public sealed record PeriodSummary(Instant Start, Instant End, string StartsWith, int FaultIndex, int Replicas, IReadOnlyList<(Operation Op, OutcomeCounts Counts)> ByOperation)
{
    public OutcomeCounts Total => Sum(Names.Operations);

    public OutcomeCounts Sum(IReadOnlyList<Operation> ops)
    {
        long ok = 0, missing = 0, stale = 0, error = 0;
        foreach (var (op, c) in ByOperation)
        {
            if (ops.Contains(op))
            {
                ok += c.Ok;
                missing += c.Missing;
                stale += c.Stale;
                error += c.Error;
            }
        }
        return new OutcomeCounts(ok, missing, stale, error);
    }
}

/// <summary>Counts requests per period between the scenario's timed faults, by arrival; allocation-free per request.</summary>
internal sealed class PeriodCounter
{
    private readonly long[] _bounds;
    private readonly int[] _faultAt;
    private readonly long[] _counts;
    private readonly Scenario _scenario;
    private int _last;

    public PeriodCounter(Scenario scenario)
    {
        _scenario = scenario;
        var timed = scenario.Faults.Select((f, i) => (f, i)).Where(x => x.f.At is { } at && at.Microseconds > 0 && at < scenario.Duration)
            .OrderBy(x => x.f.At!.Value.Microseconds).ThenBy(x => x.i).ToList();
        _bounds = [.. timed.Select(x => x.f.At!.Value.Microseconds)];
        _faultAt = [.. timed.Select(x => x.i)];
        _counts = new long[(_bounds.Length + 1) * 16];
    }

    public void Add(Instant arrival, Operation op, Outcome outcome)
    {
        // The period is the number of bounds at or before the arrival. Requests finish nearly in the order they
        // arrived, so the search starts from the last request's period instead of the first (a file may time
        // thousands of faults).
        var t = arrival.Microseconds;
        var p = _last;
        while (p < _bounds.Length && t >= _bounds[p])
        {
            p++;
        }
        while (p > 0 && t < _bounds[p - 1])
        {
            p--;
        }
        _last = p;
        _counts[(p * 16) + ((int)op * 4) + (int)outcome]++;
    }

    public IReadOnlyList<PeriodSummary> Finish()
    {
        var list = new List<PeriodSummary>();
        var replicas = _scenario.Service.Replicas;
        for (var p = 0; p <= _bounds.Length; p++)
        {
            var start = p == 0 ? Instant.Start : new Instant(_bounds[p - 1]);
            var end = p == _bounds.Length ? Instant.Start + _scenario.Duration : new Instant(_bounds[p]);
            var fault = p == 0 ? -1 : _faultAt[p - 1];
            if (fault >= 0 && _scenario.Faults[fault] is { Kind: FaultKind.Scale, Replicas: { } n })
            {
                replicas = n;
            }
            var ops = Names.Operations.Select(op => (op, new OutcomeCounts(
                _counts[(p * 16) + ((int)op * 4)], _counts[(p * 16) + ((int)op * 4) + 1], _counts[(p * 16) + ((int)op * 4) + 2], _counts[(p * 16) + ((int)op * 4) + 3]))).ToList();
            var label = fault < 0 ? "start" : $"{Names.Of(_scenario.Faults[fault].Kind)} at {start}";
            list.Add(new PeriodSummary(start, end, label, fault, replicas, ops));
        }
        return list;
    }
}
