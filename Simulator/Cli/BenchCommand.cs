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
        var seed = new Option<long>("--seed") { Description = "master seed", DefaultValueFactory = _ => 1 };
        var requests = new Option<long>("--requests") { Description = "requests in the standard full-model run (10 replicas, per-container SQLite)", DefaultValueFactory = _ => 5_000_000 };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "time this scenario file (or library name) instead of the standard full-model scenario: requests/s, events/s, peak memory, bytes per record",
        };
        var variant = new Option<string?>("--variant") { Description = "with --scenario: time this one of the file's variants (default: the file's own fields)" };
        var command = new Command("bench", "Measure throughput: the standard M/M/1 queue (utilisation 0.9, mean service 1 s) on the engine alone, " +
                                           "then the standard full-model scenario (10 replicas, per-container SQLite, no history) or the --scenario given, " +
                                           "and the model's event rate over the engine's (model.engineRatio).");
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
                throw new UserFacingException("--customers must be a positive number");
            }
            var m = parse.GetValue(requests);
            if (m <= 0)
            {
                throw new UserFacingException("--requests must be a positive number");
            }
            if (parse.GetValue(variant) is not null && parse.GetValue(scenario) is null)
            {
                throw new UserFacingException("--variant needs --scenario FILE");
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
                timed = ScenarioLoader.Load(path, new LoadOptions(null, null, pick) { AllowLarge = true });
                var variants = ScenarioLoader.LoadVariants(path, new LoadOptions { AllowLarge = true });
                if (pick is null && variants[0].Variant.Length > 0)
                {
                    notes = $"the file's own fields; it has variants ({string.Join(", ", variants.Select(v => v.Variant))}), --variant NAME times one";
                }
            }
            var result = RunMm1(n, parse.GetValue(seed));
            Print(stdout, result);
            var model = timed is null ? ModelBench.Run(m, parse.GetValue(seed)) : ModelBench.Run(timed, parse.GetValue(seed), stderr);
            var title = timed is null
                ? "Full model: 10 replicas, per-container SQLite, 2,000 requests/s, no history"
                : $"Scenario {shown}" + (timed.Variant.Length > 0 ? $", variant {timed.Variant}" : "") + (notes.Length > 0 ? $" ({notes})" : "") + ", no history";
            PrintModel(stdout, title, model, result);
            var file = parse.GetValue(json);
            if (file is not null)
            {
                AtomicFile.WriteAllBytes(file.FullName, ToJson(result, model));
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

    internal static Mm1Result RunMm1(long customers, long seed)
    {
        const double rho = 0.9, service = 1.0;
        // A short warm-up lets the JIT settle before the timed run.
        RunOnce(Math.Min(customers, 200_000), seed);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var (station, sim) = RunOnce(customers, seed);
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Mm1Result(station.Served, sim.EventsProcessed, watch.Elapsed.TotalSeconds, station.MeanWaitSeconds,
            QueueingTheory.MmcMeanWaitSeconds(1, rho / service, service), allocated);
    }

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

    /// <summary>The model's event rate over the engine's M/M/1 event rate, both measured in this process.</summary>
    internal static double EngineRatio(ModelBench.Result model, Mm1Result engine) => model.EventsPerSecond / engine.EventsPerSecond;

    private static void PrintModel(TextWriter o, string title, ModelBench.Result r, Mm1Result engine)
    {
        var ci = CultureInfo.InvariantCulture;
        o.WriteLine();
        o.WriteLine(title);
        o.WriteLine(string.Format(ci, "  requests             {0,15:N0}", r.Requests));
        o.WriteLine(string.Format(ci, "  wall time            {0,15:F3} s", r.Seconds));
        o.WriteLine(string.Format(ci, "  requests per second  {0,15:N0}", r.RequestsPerSecond));
        o.WriteLine(string.Format(ci, "  events per second    {0,15:N0}", r.EventsPerSecond));
        o.WriteLine(string.Format(ci, "  engine ratio         {0,15:F3} (model events/s over M/M/1 events/s)", EngineRatio(r, engine)));
        o.WriteLine(string.Format(ci, "  records created      {0,15:N0}", r.Records));
        o.WriteLine(string.Format(ci, "  heap growth          {0,15:N1} MiB", r.HeapGrowth / 1048576.0));
        o.WriteLine(string.Format(ci, "  bytes per record     {0,15:F1} (heap growth over records created)", r.BytesPerRecord));
        o.WriteLine(string.Format(ci, "  record table         {0,15:F1} bytes per record (rows and lists)", r.RecordTableBytesPerRecord));
        o.WriteLine(string.Format(ci, "  managed heap after   {0,15:N1} MiB", r.ManagedBytesAfter / 1048576.0));
        o.WriteLine(string.Format(ci, "  peak memory          {0,15:N1} MiB", r.PeakWorkingSet / 1048576.0));
    }

    private static byte[] ToJson(Mm1Result r, ModelBench.Result m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("mm1.customers", r.Customers);
            w.WriteNumber("mm1.customersPerSecond", Math.Round(r.CustomersPerSecond));
            w.WriteNumber("mm1.eventsPerSecond", Math.Round(r.EventsPerSecond));
            w.WriteNumber("mm1.meanWaitSeconds", Math.Round(r.MeanWait, 6));
            w.WriteNumber("mm1.analyticMeanWaitSeconds", Math.Round(r.AnalyticMeanWait, 6));
            w.WriteNumber("mm1.allocatedBytes", r.AllocatedBytes);
            w.WriteString("model.scenario", m.Name);
            w.WriteNumber("model.requests", m.Requests);
            w.WriteNumber("model.seconds", Math.Round(m.Seconds, 3));
            w.WriteNumber("model.requestsPerSecond", Math.Round(m.RequestsPerSecond));
            w.WriteNumber("model.eventsPerSecond", Math.Round(m.EventsPerSecond));
            w.WriteNumber("model.engineRatio", Math.Round(EngineRatio(m, r), 4));
            w.WriteNumber("model.recordsCreated", m.Records);
            w.WriteNumber("model.heapGrowthBytes", m.HeapGrowth);
            w.WriteNumber("model.bytesPerRecord", Math.Round(m.BytesPerRecord, 1));
            w.WriteNumber("model.recordTableBytesPerRecord", Math.Round(m.RecordTableBytesPerRecord, 1));
            w.WriteNumber("model.peakMemoryBytes", m.PeakWorkingSet);
            w.WriteNumber("peakMemoryBytes", Process.GetCurrentProcess().PeakWorkingSet64);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
