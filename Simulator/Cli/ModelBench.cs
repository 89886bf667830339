using System.Diagnostics;
using System.Globalization;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Model;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>The standard full-model benchmark: 10 replicas, per-container SQLite, no history.</summary>
internal static class ModelBench
{
    public const double ArrivalRatePerSecond = 2000;

    /// <summary>Requests in each run of the warm-up (<see cref="BenchCommand.WarmUp"/>): 100 s of the standard scenario.</summary>
    public const long WarmUpRequests = 200_000;

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

    /// <summary>
    /// One timed run. <c>HeapGrowth</c> is the live managed heap at the end of the run, the system still alive,
    /// minus the live heap just before it started: what the run's state grew by, which the records dominate.
    /// </summary>
    internal sealed record Result(string Name, long Requests, long Events, double Seconds, long Records, long HeapGrowth, long RecordTableBytes,
        long ManagedBytesAfter, long PeakWorkingSet)
    {
        public double RequestsPerSecond => Requests / Seconds;

        public double EventsPerSecond => Events / Seconds;

        /// <summary>Heap growth per record created (0 when the run created none).</summary>
        public double BytesPerRecord => Records == 0 ? 0 : (double)HeapGrowth / Records;

        /// <summary>The record table's own bytes (rows and its lists, with spare capacity) per record.</summary>
        public double RecordTableBytesPerRecord => Records == 0 ? 0 : (double)RecordTableBytes / Records;
    }

    /// <summary>
    /// <paramref name="scenario"/> cut to about <paramref name="requests"/> requests (at least one second, at most its own
    /// duration): its faults stay as they are, those past the new end never come.
    /// </summary>
    internal static Scenario Shortened(Scenario scenario, long requests)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(requests / scenario.Workload.ArrivalRatePerSecond));
        var duration = Duration.FromSeconds(seconds);
        return duration < scenario.Duration ? scenario with { Duration = duration } : scenario;
    }

    /// <summary>One run with the metrics collector alone, as the timed run; its events.</summary>
    private static long RunCollected(Scenario scenario)
    {
        var collector = new RunCollector(scenario);
        var system = new ReplicaSystem(scenario, collector);
        collector.Attach(system);
        system.Run();
        return collector.Finish().Events;
    }

    /// <summary>The standard scenario, after a JIT warm-up on short copies of it (see <see cref="BenchCommand.WarmUp"/>).</summary>
    public static Result Run(long requests, long seed) => Run(Standard(requests, seed), null);

    /// <summary>
    /// Times <paramref name="scenario"/> (after a JIT warm-up on short copies of it, <see cref="BenchCommand.WarmUp"/>) with the metrics collector
    /// only, as <c>run</c> without history does; a progress line on <paramref name="progress"/> when it is long.
    /// The two forced collections that measure the heap happen outside the timed span.
    /// </summary>
    /// <remarks>
    /// The warm-up runs the scenario itself, cut to about <see cref="WarmUpRequests"/> requests, and the same way as the
    /// timed run (the collector alone): the runtime compiles the final code from the profile the warm-up gathered, and a
    /// user's run compiles it from its own scenario's, not from the standard one's (SQLite per container).
    /// </remarks>
    public static Result Run(Scenario scenario, TextWriter? progress)
    {
        var warmUp = Shortened(scenario, WarmUpRequests);
        BenchCommand.WarmUp(() => RunCollected(warmUp), 3);
        var collector = new RunCollector(scenario);
        IRunObserver observer = collector;
        RunProgress? line = null;
        if (progress is not null && RunProgress.IsLong(scenario))
        {
            line = new RunProgress(progress);
            observer = new CompositeObserver(collector, line);
        }
        var system = new ReplicaSystem(scenario, observer);
        collector.Attach(system);
        line?.Attach(system);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        system.Run();
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        watch.Start();
        var summary = collector.Finish();
        watch.Stop();
        GC.KeepAlive(system);
        return new Result(scenario.Name + (scenario.Variant.Length > 0 ? "/" + scenario.Variant : ""), summary.Requests.Total, summary.Events,
            watch.Elapsed.TotalSeconds, summary.RecordsCreated, after - before, system.Records.MemoryBytes, GC.GetTotalMemory(forceFullCollection: false),
            Process.GetCurrentProcess().PeakWorkingSet64);
    }
}
