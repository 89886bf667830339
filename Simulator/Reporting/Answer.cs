using ReplicaSim.Metrics;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>One number of an answer: over a period (or the whole run), with its closed form when one exists.</summary>
public sealed record AnswerValue(string Period, double Value, long Requests, double? Theory);

/// <summary>The figure that answers the scenario's question, measured, with the sentence that says it.</summary>
public sealed record AnswerResult(string Figure, string Sentence, IReadOnlyList<AnswerValue> Values);

/// <summary>Measures a scenario's <c>answer</c> (<see cref="AnswerSpec"/>) on a run.</summary>
public static class Answer
{
    public static AnswerResult? Of(RunSummary s)
    {
        if (s.Scenario.Answer is not { } a)
        {
            return null;
        }
        return a.Outcome is { } outcome ? Share(s, a, outcome) : Metric(s, a);
    }

    private static AnswerResult Share(RunSummary s, AnswerSpec a, Outcome outcome)
    {
        var what = a.Text.Length > 0 ? a.Text : $"{OperationWords(a.OperationName)} {OutcomeWords(outcome)}";
        var values = new List<AnswerValue>();
        AnswerValue Measure(string label, IEnumerable<PeriodSummary> periods, int replicas)
        {
            long n = 0, k = 0;
            foreach (var p in periods)
            {
                var c = p.Sum(a.Operations);
                n += c.Total;
                k += c[outcome];
            }
            return new AnswerValue(label, n == 0 ? double.NaN : k / (double)n, n, Theory(s, a, replicas));
        }
        var figure = $"{a.OperationName}/{Names.Of(outcome)}";
        if (a.Period == "all" || a.FaultIndex < 0)
        {
            var v = Measure("whole run", s.Periods, s.Scenario.Service.Replicas);
            values.Add(v);
            var theory = v.Theory is { } t ? $"; theory {TheoryName(s, a)} = {Percent(t)}" : "";
            return new AnswerResult(figure, $"{Percent(v.Value)} of {what}{theory} ({Integer(v.Requests)} requests).", values);
        }
        var at = s.Periods.FirstOrDefault(p => p.FaultIndex == a.FaultIndex);
        var index = at is null ? -1 : s.Periods.ToList().IndexOf(at);
        var fault = s.Scenario.Faults[a.FaultIndex];
        var faultName = at is null ? Names.Of(fault.Kind) : $"the {at.StartsWith}";
        if (index > 0 && a.Period is "before" or "around")
        {
            var before = s.Periods[index - 1];
            values.Add(Measure($"before {at!.StartsWith}", [before], before.Replicas));
        }
        if (index >= 0 && a.Period is "after" or "around")
        {
            values.Add(Measure($"after {at!.StartsWith}", [at], at.Replicas));
        }
        if (values.Count == 0)
        {
            return new AnswerResult(figure, $"{Capital(what)}: the {Names.Of(fault.Kind)} did not happen within the run.", values);
        }
        var parts = values.Select(v => $"{Percent(v.Value)} {(v.Period.StartsWith("before", StringComparison.Ordinal) ? "before" : "after")}").ToList();
        var sentence = $"{Capital(what)}: {string.Join(", ", parts)} {faultName}";
        if (values.All(v => v.Theory is not null))
        {
            sentence += $" (theory {TheoryName(s, a)}: {string.Join(" -> ", values.Select(v => Percent(v.Theory!.Value)))})";
        }
        return new AnswerResult(figure, sentence + ".", values);
    }

    private static double? Theory(RunSummary s, AnswerSpec a, int replicas) => a.Theory switch
    {
        "(N-1)/N" => s.Scenario.Storage.Kind == StorageKind.SqlitePerContainer ? (replicas - 1) / (double)replicas : 0,
        "0" => 0,
        _ => null,
    };

    private static string TheoryName(RunSummary s, AnswerSpec a) =>
        a.Theory == "0" || (a.Theory == "(N-1)/N" && s.Scenario.Storage.Kind != StorageKind.SqlitePerContainer) ? "for one shared store" : a.Theory;

    private static AnswerResult Metric(RunSummary s, AnswerSpec a)
    {
        var r = s.Requests;
        var (value, sentence) = a.Metric switch
        {
            // Beside the writes, how long the app was down: keeping every write is half of what a store promises.
            "writesLost" => (s.WritesLost, $"{Integer(s.WritesLost)} of {Integer(s.WritesAcknowledged)} acknowledged writes were lost for good" +
                                           (s.WritesAcknowledged > 0 ? $" ({Percent(s.WritesLost / (double)s.WritesAcknowledged)})" : "") +
                                           (s.Downtime.Count == 0 ? "; the app was never down."
                                                                  : $"; the app was down (no request succeeded) for {Span(s.DowntimeSeconds)} in {s.Downtime.Count} window(s).")),
            "downtime" => (s.DowntimeSeconds, $"Down (no request succeeded) for {Span(s.DowntimeSeconds)} in {s.Downtime.Count} window(s); " +
                                              $"{Percent(s.Availability)} of requests were answered without error."),
            // Availability alone hides data loss (SQLite answers "not found" without an error): the lost writes beside it.
            "availability" => (s.Availability, $"{Percent(s.Availability)} of requests were answered without error (availability{NinesOf(s.Availability)}); " +
                                               (s.WritesLost == 0 ? $"no acknowledged write was lost ({Integer(s.WritesAcknowledged)} acknowledged)."
                                                                  : $"{Integer(s.WritesLost)} of {Integer(s.WritesAcknowledged)} acknowledged writes were lost.")),
            "correctness" => (s.Correctness, $"{Percent(s.Correctness)} of the answers given were right (correctness); " +
                                             $"{Integer(r.Missing + r.Stale)} wrong, {Integer(r.Error)} errors, {Integer(s.WritesLost)} acknowledged writes lost."),
            "latencyP99" => (s.LatencyMs.P99, $"99 % of requests were answered within {Format.Number(s.LatencyMs.P99, 1)} ms."),
            "totalCost" => (s.Cost.TotalUsd, s.Cost.Operations is { } ops
                ? $"{Format.Usd(s.Cost.MonthlyUsd)} of infrastructure + {Format.Usd(ops.Usd)} of the team's time ({Format.Number(ops.HoursPerMonth, 1)} h) = {Format.Usd(s.Cost.TotalUsd)} per month; " +
                  $"down {Span(s.DowntimeSeconds)}, {Integer(s.WritesLost)} acknowledged writes lost."
                : $"The database costs {Format.Usd(s.Cost.MonthlyUsd)} per month (the team's time is not counted in this run)."),
            _ => (s.Cost.MonthlyUsd, $"The database costs {Format.Usd(s.Cost.MonthlyUsd)} per month."),
        };
        return new AnswerResult(a.Metric, a.Text.Length > 0 ? $"{Capital(a.Text)}: {sentence}" : sentence, [new AnswerValue("whole run", value, r.Total, null)]);
    }

    public static string OperationWords(string op) => op switch
    {
        "create" => "sign-ups",
        "readOwn" => "reads of one's own profile",
        "readAny" => "reads of someone else's profile",
        "update" => "profile edits",
        "reads" => "reads",
        "writes" => "writes (sign-ups and edits)",
        _ => "requests",
    };

    public static string OutcomeWords(Outcome o) => o switch
    {
        Outcome.Ok => "got a correct answer",
        Outcome.Missing => "came back \"not found\"",
        Outcome.Stale => "returned an older version",
        _ => "failed",
    };

    /// <summary>", 3 nines" for 99.98 % (the whole nines reached: 99.9 % but not 99.99 %); "; no request failed" for all.</summary>
    private static string NinesOf(double availability)
    {
        if (availability >= 1)
        {
            return "; no request failed";
        }
        // Whole nines: 99.9 % is 3 (its -log10(0.001) is 2.9999999999999996 in floating point, hence the margin).
        var nines = (int)Math.Floor(Assessor.Nines(availability) + 1e-9);
        return nines < 1 ? "" : $", {nines} nine{(nines == 1 ? "" : "s")}";
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Percent(double x) => double.IsNaN(x) ? "-" : Format.Percent(x);

    private static string Integer(long n) => Format.Integer(n);

    private static string Span(double seconds) => Format.Span(seconds);
}
