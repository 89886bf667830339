using System.Globalization;
using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Scenarios;

/// <summary>
/// The limits that keep a run within about a minute and a couple of GB on an ordinary machine, checked before
/// anything runs. <c>--allow-large</c> goes past the work limits on purpose; the file-size limit only rises to
/// <see cref="MaxFileBytesAllowLarge"/>, so that nothing is ever read without limit.
/// </summary>
public static class WorkLimits
{
    /// <summary>Scenario files are a few KB; a larger file is almost certainly not one.</summary>
    public const int MaxFileBytes = 1 << 20;

    public const int MaxFileBytesAllowLarge = 256 << 20;

    /// <summary>Expected requests: at about a million simulated requests per second (docs/benchmarks.md), under a minute.</summary>
    public const double MaxExpectedRequests = 50_000_000;

    /// <summary>Requests expected to be still waiting at the end when arrivals outpace the containers: about 100 bytes each.</summary>
    public const double MaxExpectedBacklog = 5_000_000;

    /// <summary>Random faults expected over the run.</summary>
    public const double MaxExpectedFaults = 100_000;

    public const string HowToGoPast = "pass --allow-large to run it anyway";

    /// <summary>Every limit the scenario goes past, as (JSON path, message).</summary>
    public static IReadOnlyList<(string Path, string Message)> Check(Scenario s)
    {
        var problems = new List<(string, string)>();
        var seconds = s.Duration.TotalSeconds;
        var requests = s.Workload.ArrivalRatePerSecond * seconds;
        if (requests > MaxExpectedRequests)
        {
            problems.Add(("workload.arrivalRate", Say(
                $"{s.Workload.ArrivalRatePerSecond:#,0.###} requests/s for {s.Duration} is {requests:N0} expected requests, more than the {MaxExpectedRequests:N0} ",
                $"a run takes without --allow-large (about a second per million); shorten \"duration\", lower \"arrivalRate\", or {HowToGoPast}")));
        }
        else
        {
            // Arrivals beyond what the workers can serve wait in memory until the end.
            var capacity = s.Service.Replicas * (double)s.Service.Workers / Math.Max(s.Service.ServiceTime.MeanSeconds, 1e-9);
            // SQLite lets one writer at a time hold a file: one file per container, or one for all on a network share.
            var writeShare = (s.Workload.Mix.Create + s.Workload.Mix.Update) / s.Workload.Mix.Total;
            if (s.Storage.Kind is StorageKind.SqlitePerContainer or StorageKind.SqliteSharedFile && writeShare > 0)
            {
                var files = s.Storage.Kind == StorageKind.SqlitePerContainer ? s.Service.Replicas : 1;
                capacity = Math.Min(capacity, files / Math.Max(s.Storage.WriteTime.MeanSeconds, 1e-9) / writeShare);
            }
            var backlog = (s.Workload.ArrivalRatePerSecond - capacity) * seconds;
            if (backlog > MaxExpectedBacklog)
            {
                problems.Add(("workload.arrivalRate", Say(
                    $"{s.Workload.ArrivalRatePerSecond:#,0.###} requests/s is more than {s.Service.Replicas} replicas x {s.Service.Workers} workers can serve ",
                    $"(about {capacity:N0}/s at the mean service and write times): about {backlog:N0} requests would be waiting in memory at the end, ",
                    $"more than the {MaxExpectedBacklog:N0} allowed without --allow-large; lower \"arrivalRate\", add replicas or workers, or {HowToGoPast}")));
            }
        }
        var randomFaults = 0.0;
        string? worst = null;
        var worstCount = 0.0;
        foreach (var f in s.Faults)
        {
            var mean = f.Every?.MeanSeconds ?? (f.PerYear is { } perYear ? FaultRates.YearSeconds / perYear : (double?)null);
            if (mean is { } m)
            {
                var count = seconds / Math.Max(m, 1e-12);
                randomFaults += count;
                if (count > worstCount)
                {
                    (worst, worstCount) = (f.Path + (f.Every is null ? (f.RatePreset.Length > 0 ? ".rate" : ".perYear") : ".every"), count);
                }
            }
        }
        if (randomFaults > MaxExpectedFaults)
        {
            problems.Add((worst ?? "faults", Say(
                $"the random faults would strike about {randomFaults:N0} times in {s.Duration}, more than the {MaxExpectedFaults:N0} allowed without --allow-large; ",
                $"give \"every\" a longer mean, or {HowToGoPast}")));
        }
        return problems;
    }

    private static string Say(params FormattableString[] parts) => string.Concat(parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
