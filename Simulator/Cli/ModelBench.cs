using System.Diagnostics;
using System.Globalization;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>The standard full-model benchmark: 10 replicas, per-container SQLite, no history.</summary>
internal static class ModelBench
{
    public const double ArrivalRatePerSecond = 2000;

    /// <summary>The standard scenario, sized to about <paramref name="requests"/> requests.</summary>
    public static Scenario Standard(long requests, long seed)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(requests / ArrivalRatePerSecond));
        var json = $$"""
            {
              "name": "bench-model",
              "description": "10 replicas with per-container SQLite at 2,000 requests per second, no faults.",
              "seed": {{seed}},
              "duration": "{{seconds}}s",
              "loadBalancer": { "policy": "round-robin" },
              "service": { "replicas": 10, "workers": 8 },
              "storage": { "kind": "sqlite-per-container" },
              "workload": { "arrivalRate": {{ArrivalRatePerSecond.ToString(CultureInfo.InvariantCulture)}}, "clients": 10000 }
            }
            """;
        return ScenarioLoader.LoadText(json, "bench-model", new LoadOptions { AllowLarge = true });
    }

    internal sealed record Result(long Requests, long Events, double Seconds, long Records, long ManagedBytesAfter, long PeakWorkingSet)
    {
        public double RequestsPerSecond => Requests / Seconds;

        public double EventsPerSecond => Events / Seconds;
    }

    public static Result Run(long requests, long seed)
    {
        // Warm-up for the JIT.
        Runner.Run(Standard(Math.Min(requests, 200_000), seed));
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var summary = Runner.Run(Standard(requests, seed));
        watch.Stop();
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        return new Result(summary.Requests.Total, summary.Events, watch.Elapsed.TotalSeconds, summary.RecordsCreated, managed,
            Process.GetCurrentProcess().PeakWorkingSet64);
    }
}
