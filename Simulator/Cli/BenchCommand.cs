using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReplicaSim.Benchmarks;
using ReplicaSim.Engine;
using ReplicaSim.Metrics;
using ReplicaSim.Reporting;
using ReplicaSim.Scenarios;

namespace ReplicaSim.Cli;

/// <summary>
/// <c>replicasim bench</c>: engine throughput on the standard M/M/1 model, then the full model on the standard
/// scenario or on any scenario file (<c>--scenario</c>), and the ratio of the two event rates measured in the same process.
/// </summary>
public static class BenchCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var customers = new Option<long>("--customers") { Description = "customers in the standard M/M/1 run", DefaultValueFactory = _ => 2_000_000 };
        var json = new Option<FileInfo?>("--json") { Description = "also write the figures to this JSON file" };
        var seed = new Option<long>("--seed") { Description = "master seed (with --scenario: the scenario's own unless this is given)", DefaultValueFactory = _ => 1 };
        var requests = new Option<long>("--requests") { Description = "requests in the standard full-model run (10 replicas, per-container SQLite)", DefaultValueFactory = _ => 5_000_000 };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "time this scenario file (or library name) instead of the standard full-model scenario: requests/s, events/s, peak memory, bytes per record",
        };
        var variant = new Option<string?>("--variant") { Description = "with --scenario: time this one of the file's variants (default: the file's own fields)" };
        var command = new Command("bench", "Measure throughput: the standard M/M/1 queue (utilisation 0.9, mean service 1 s) on the engine alone, " +
                                           "then the standard full-model scenario (10 replicas, per-container SQLite, no history) or the --scenario given, " +
                                           "and the model's event rate over the engine's, its M/M/1 timed before and again after the model (model.engineRatio).");
        command.Options.Add(customers);
        command.Options.Add(requests);
        command.Options.Add(scenario);
        command.Options.Add(variant);
        command.Options.Add(json);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(customers);
            if (n <= 0)
            {
                throw new UsageException("--customers must be a positive number");
            }
            var m = parse.GetValue(requests);
            if (m <= 0)
            {
                throw new UsageException("--requests must be a positive number");
            }
            if (parse.GetValue(variant) is not null && parse.GetValue(scenario) is null)
            {
                throw new UsageException("--variant needs --scenario FILE");
            }
            // Load the scenario first: a bad file fails before any timing.
            Model.Scenario? timed = null;
            string? shown = null;
            var notes = "";
            if (parse.GetValue(scenario) is { } given)
            {
                var path = ScenarioFolder.Resolve(given, out shown);
                var pick = parse.GetValue(variant);
                // A benchmark is large on purpose: the work limits that guard an ordinary run do not apply.
                // Its own seed, unless --seed is given (then that one, as run --seed would: the same requests as that run).
                var seedGiven = parse.GetResult(seed) is { Implicit: false } ? parse.GetValue(seed) : (long?)null;
                timed = ScenarioLoader.Load(path, new LoadOptions(seedGiven, null, pick) { AllowLarge = true });
                var variants = ScenarioLoader.LoadVariants(path, new LoadOptions { AllowLarge = true });
                if (pick is null && variants[0].Variant.Length > 0)
                {
                    notes = $"the file's own fields; it has variants ({string.Join(", ", variants.Select(v => v.Variant))}), --variant NAME times one";
                }
            }
            var result = RunMm1(n, parse.GetValue(seed));
            Print(stdout, result);
            var model = timed is null ? ModelBench.Run(m, parse.GetValue(seed)) : ModelBench.Run(timed, stderr);
            var title = timed is null
                ? "Full model: 10 replicas, per-container SQLite, 2,000 requests/s, no history"
                : $"Scenario {shown}" + (timed.Variant.Length > 0 ? $", variant {timed.Variant}" : "") + (notes.Length > 0 ? $" ({notes})" : "") + ", no history";
            // The engine again, right after the model: the machine's speed drifts (docs/benchmarks.md), and the ratio
            // compares the model with the engine timed on both sides of it, not on one moment before it.
            var after = RunMm1(n, parse.GetValue(seed), warmUp: false);
            var engine = new EngineRate(result, after);
            PrintModel(stdout, title, model, engine);
            var file = parse.GetValue(json);
            if (file is not null)
            {
                AtomicFile.WriteAllBytes(file.FullName, ToJson(result, model, engine));
                stdout.WriteLine($"wrote {file.FullName}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    internal sealed record Mm1Result(long Customers, long Events, double Seconds, double MeanWait, double AnalyticMeanWait, long AllocatedBytes)
    {
        public double CustomersPerSecond => Customers / Seconds;

        public double EventsPerSecond => Events / Seconds;
    }

    /// <summary>
    /// The engine's event rate that the model is held to: the M/M/1 timed before the model and again after it,
    /// all its events over all its time (on a machine whose speed drifts, one figure from both sides of the model).
    /// </summary>
    internal sealed record EngineRate(Mm1Result Before, Mm1Result After)
    {
        public double EventsPerSecond => (Before.Events + After.Events) / (Before.Seconds + After.Seconds);

        /// <summary>The model's event rate over the engine's.</summary>
        public double RatioOf(ModelBench.Result model) => model.EventsPerSecond / EventsPerSecond;
    }

    internal static Mm1Result RunMm1(long customers, long seed, bool warmUp = true)
    {
        const double rho = 0.9, service = 1.0;
        if (warmUp)
        {
            WarmUp(() => RunOnce(Math.Min(customers, WarmUpCustomers), seed).Item2.EventsProcessed, WarmUpMinRuns);
        }
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var (station, sim) = RunOnce(customers, seed);
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Mm1Result(station.Served, sim.EventsProcessed, watch.Elapsed.TotalSeconds, station.MeanWaitSeconds,
            QueueingTheory.MmcMeanWaitSeconds(1, rho / service, service), allocated);
    }

    /// <summary>
    /// Runs <paramref name="run"/> until the JIT has settled: at least <paramref name="minRuns"/> runs (and 3) and
    /// <see cref="WarmUpSeconds"/> of them, and the last three within 5 % of the third's event rate (at most
    /// <see cref="WarmUpRuns"/> runs).
    /// </summary>
    /// <remarks>
    /// The runtime compiles a method's optimized code only after it has been called for a while (tiered
    /// compilation: about 30 calls, after a delay of about 100 ms, through an instrumented version that gathers the
    /// profile the final one is compiled with), in the background. A run calls the run loop (<c>RunUntil</c>) once,
    /// so the loop itself needs many runs to reach its final code; a single short warm-up left the timed M/M/1 of
    /// 2 million customers running in code still being replaced, at 14-18 M events/s where later runs of it give
    /// 23-25 M (docs/benchmarks.md, "2026-12-07, evening"). Hence many short runs, not a few long ones: runs of
    /// 20,000 customers go from 10 M events/s to 22-25 M after about 40 of them, 0.2 s. The model's warm-up
    /// comes after it, the run loop already compiled, and needs no minimum number of runs: its methods are
    /// called on every event.
    /// </remarks>
    /// <param name="run">one run; returns the events it processed</param>
    /// <param name="minRuns">runs at least (the M/M/1's <see cref="WarmUpMinRuns"/>: the run loop is called once a run)</param>
    /// <param name="clock">seconds on some clock (the wall clock unless a test gives its own)</param>
    internal static void WarmUp(Func<long> run, int minRuns, Func<double>? clock = null)
    {
        clock ??= () => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        var spent = 0.0;
        var rates = new double[WarmUpRuns];
        for (var i = 0; i < WarmUpRuns; i++)
        {
            var start = clock();
            var events = run();
            var seconds = clock() - start;
            spent += seconds;
            var rate = rates[i] = events / Math.Max(seconds, 1e-9);
            if (i + 1 >= Math.Max(minRuns, 3) && spent >= WarmUpSeconds && Math.Abs(rates[i - 1] - rate) <= 0.05 * rate && Math.Abs(rates[i - 2] - rate) <= 0.05 * rate)
            {
                return;
            }
        }
    }

    /// <summary>Runs the M/M/1's warm-up makes at least.</summary>
    internal const int WarmUpMinRuns = 100;

    /// <summary>Wall time a warm-up lasts at least.</summary>
    internal const double WarmUpSeconds = 0.5;

    /// <summary>Runs a warm-up makes at most.</summary>
    internal const int WarmUpRuns = 400;

    /// <summary>Customers in each run of the M/M/1's warm-up (at most: no more than the timed run's).</summary>
    internal const long WarmUpCustomers = 20_000;

    private static (QueueStation, Simulation) RunOnce(long customers, long seed)
    {
        var sim = new Simulation();
        var station = new QueueStation(sim, new RandomStreams(seed), 0.9, 1.0, 1, customers);
        station.Start();
        sim.RunToCompletion();
        return (station, sim);
    }

    private static void Print(TextWriter o, Mm1Result r)
    {
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine("M/M/1 on the engine alone (utilisation 0.9, mean service 1 s)");
        o.WriteLine(string.Format(ci, "  customers            {0,15:N0}", r.Customers));
        o.WriteLine(string.Format(ci, "  wall time            {0,15:F3} s", r.Seconds));
        o.WriteLine(string.Format(ci, "  customers per second {0,15:N0}", r.CustomersPerSecond));
        o.WriteLine(string.Format(ci, "  events per second    {0,15:N0}", r.EventsPerSecond));
        o.WriteLine(string.Format(ci, "  mean wait (measured) {0,15:F3} s", r.MeanWait));
        o.WriteLine(string.Format(ci, "  mean wait (analytic) {0,15:F3} s", r.AnalyticMeanWait));
        o.WriteLine(string.Format(ci, "  allocated in run     {0,15:N0} bytes", r.AllocatedBytes));
        o.WriteLine(string.Format(ci, "  peak memory          {0,15:N1} MiB", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0));
    }

    private static void PrintModel(TextWriter o, string title, ModelBench.Result r, EngineRate engine)
    {
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine();
        o.WriteLine(title);
        o.WriteLine(string.Format(ci, "  requests             {0,15:N0}", r.Requests));
        o.WriteLine(string.Format(ci, "  wall time            {0,15:F3} s", r.Seconds));
        o.WriteLine(string.Format(ci, "  requests per second  {0,15:N0}", r.RequestsPerSecond));
        o.WriteLine(string.Format(ci, "  events per second    {0,15:N0}", r.EventsPerSecond));
        o.WriteLine(string.Format(ci, "  engine ratio         {0,15:F3} (model events/s over the M/M/1's {1:N0}: its events over its time before and after the model; after alone {2:N0})",
            engine.RatioOf(r), engine.EventsPerSecond, engine.After.EventsPerSecond));
        o.WriteLine(string.Format(ci, "  records created      {0,15:N0}", r.Records));
        o.WriteLine(string.Format(ci, "  heap growth          {0,15:N1} MiB", r.HeapGrowth / 1048576.0));
        o.WriteLine(string.Format(ci, "  bytes per record     {0,15:F1} (heap growth over records created)", r.BytesPerRecord));
        o.WriteLine(string.Format(ci, "  record table         {0,15:F1} bytes per record (rows and lists)", r.RecordTableBytesPerRecord));
        o.WriteLine(string.Format(ci, "  managed heap after   {0,15:N1} MiB", r.ManagedBytesAfter / 1048576.0));
        o.WriteLine(string.Format(ci, "  peak memory          {0,15:N1} MiB", r.PeakWorkingSet / 1048576.0));
    }

    /// <summary>
    /// The figures as JSON, each twice: under its dotted name at the top (<c>"mm1.customersPerSecond"</c>, as SPEC.md
    /// writes them and as scripts have read them) and nested (<c>"mm1": {"customersPerSecond": ...}</c>, so that
    /// <c>jq .mm1.customersPerSecond</c> finds it as it would in summary.json).
    /// </summary>
    private static byte[] ToJson(Mm1Result r, ModelBench.Result m, EngineRate engine)
    {
        (string Group, string Name, object Value)[] figures =
        [
            ("mm1", "customers", r.Customers),
            ("mm1", "customersPerSecond", Math.Round(r.CustomersPerSecond)),
            ("mm1", "eventsPerSecond", Math.Round(r.EventsPerSecond)),
            ("mm1", "meanWaitSeconds", Math.Round(r.MeanWait, 6)),
            ("mm1", "analyticMeanWaitSeconds", Math.Round(r.AnalyticMeanWait, 6)),
            ("mm1", "allocatedBytes", r.AllocatedBytes),
            ("mm1", "eventsPerSecondAfterModel", Math.Round(engine.After.EventsPerSecond)),
            ("model", "scenario", m.Name),
            ("model", "requests", m.Requests),
            ("model", "seconds", Math.Round(m.Seconds, 3)),
            ("model", "requestsPerSecond", Math.Round(m.RequestsPerSecond)),
            ("model", "eventsPerSecond", Math.Round(m.EventsPerSecond)),
            ("model", "engineEventsPerSecond", Math.Round(engine.EventsPerSecond)),
            ("model", "engineRatio", Math.Round(engine.RatioOf(m), 4)),
            ("model", "recordsCreated", m.Records),
            ("model", "heapGrowthBytes", m.HeapGrowth),
            ("model", "bytesPerRecord", Math.Round(m.BytesPerRecord, 1)),
            ("model", "recordTableBytesPerRecord", Math.Round(m.RecordTableBytesPerRecord, 1)),
            ("model", "peakMemoryBytes", m.PeakWorkingSet),
        ];
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var (group, name, value) in figures)
            {
                Write(w, group + "." + name, value);
            }
            w.WriteNumber("peakMemoryBytes", Process.GetCurrentProcess().PeakWorkingSet64);
            foreach (var group in figures.Select(f => f.Group).Distinct())
            {
                w.WriteStartObject(group);
                foreach (var (_, name, value) in figures.Where(f => f.Group == group))
                {
                    Write(w, name, value);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return stream.ToArray();

        static void Write(Utf8JsonWriter w, string name, object value)
        {
            switch (value)
            {
                case string text:
                    w.WriteString(name, text);
                    break;
                case long whole:
                    w.WriteNumber(name, whole);
                    break;
                default:
                    w.WriteNumber(name, (double)value);
                    break;
            }
        }
    }
}
