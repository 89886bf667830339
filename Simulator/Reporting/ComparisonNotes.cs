using System.Globalization;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>
/// What the runs of a comparison share and what differs between them, so that the report claims common
/// random numbers (the same requests and faults for every run) only where they hold.
/// </summary>
public static class ComparisonNotes
{
    /// <summary>Settings that decide the requests and the faults: equal in every run means the same arrivals, clients and fault times.</summary>
    private static readonly (string Name, Func<Scenario, string> Value)[] Traffic =
    [
        ("seed", s => s.Seed.ToString(CultureInfo.InvariantCulture)),
        ("duration", s => s.Duration.ToString()),
        ("arrival rate", s => Format.Number(s.Workload.ArrivalRatePerSecond, 3) + "/s"),
        ("clients", s => s.Workload.Clients.ToString(CultureInfo.InvariantCulture)),
        ("operation mix", s => string.Join("/", Names.Operations.Select(o => Format.Number(s.Workload.Mix.Weight(o), 3)))),
        ("faults", s => s.Faults.Count == 0 ? "none" : string.Join("; ", s.Faults.Select(Fault))),
        ("zones", s => string.Join(",", s.Zones)),
    ];

    /// <summary>Everything else that may differ: the architecture under test.</summary>
    private static readonly (string Name, Func<Scenario, string> Value)[] Architecture =
    [
        ("storage", SummaryTable.Architecture),
        ("replicas", s => s.Service.Replicas.ToString(CultureInfo.InvariantCulture)),
        ("workers", s => s.Service.Workers.ToString(CultureInfo.InvariantCulture)),
        ("load balancer", s => Names.Of(s.LoadBalancer.Policy)),
        ("backup interval", BackupInterval),
        ("service time", s => s.Service.ServiceTime.ToString() ?? ""),
        ("storage times", s => $"{s.Storage.ReadTime} / {s.Storage.WriteTime}"),
        ("network", s => $"{s.Network.ToContainer} / {s.Network.ToDatabase} / {s.Network.CrossZone}"),
    ];

    /// <summary>The interval of the backups the storage takes, "none" where it takes none (a SQLite file in each container).</summary>
    private static string BackupInterval(Scenario s) =>
        (s.Storage.Kind == StorageKind.SqliteSharedFile ? s.Storage.BackupInterval.Microseconds == 0 : DatabaseText.Backups(s) == "none")
            ? "none" : s.Storage.BackupInterval.ToString();

    private static string Fault(FaultSpec f) =>
        $"{Names.Of(f.Kind)} {(f.At is { } at ? "at " + at : "every " + f.Every)}" +
        (f.Replica is { } r ? $" replica {r}" : "") + (f.Zone is { } z ? $" zone {z}" : "") +
        (f.OutageDuration is { } d ? $" for {d}" : "") + (f.Replicas is { } n ? $" to {n}" : "");

    /// <summary>Whether every run saw the same requests and faults (common random numbers).</summary>
    public static bool SameTraffic(IReadOnlyList<Scenario> runs) => Differing(runs, Traffic).Count == 0;

    public static bool SameDuration(IReadOnlyList<Scenario> runs) => runs.Select(r => r.Duration).Distinct().Count() == 1;

    /// <summary>The names of the settings that differ, with each run's value: "duration (10m, 60m)".</summary>
    private static List<string> Differing(IReadOnlyList<Scenario> runs, (string Name, Func<Scenario, string> Value)[] settings)
    {
        var list = new List<string>();
        foreach (var (name, value) in settings)
        {
            var values = runs.Select(value).ToList();
            if (values.Distinct().Count() <= 1 || (name == "storage times" && runs.Select(SummaryTable.Architecture).Distinct().Count() > 1))
            {
                // The storage's own times follow from the storage kind, when that differs.
                continue;
            }
            var groups = values.Select((v, i) => (v, Run: runs[i].Variant.Length > 0 ? runs[i].Variant : runs[i].Name))
                .GroupBy(x => x.v).Select(g => $"{g.Key} in {string.Join(", ", g.Select(x => x.Run))}");
            list.Add($"{name} ({string.Join("; ", groups)})");
        }
        return list;
    }

    /// <summary>One sentence for the report and the console: what the runs share and what differs.</summary>
    public static string Sentence(IReadOnlyList<Scenario> runs)
    {
        if (runs.Count < 2)
        {
            return "";
        }
        var traffic = Differing(runs, Traffic);
        var architecture = Differing(runs, Architecture);
        var differs = architecture.Count == 0 ? "nothing else differs" : "they differ in " + string.Join(", ", architecture);
        if (traffic.Count == 0)
        {
            return "Every run saw the same requests (arrival times, clients, operations) and the same faults at the same times " +
                   $"(common random numbers, seed {runs[0].Seed}); {differs}.";
        }
        return $"These runs do not see the same requests and faults: they differ in {string.Join(", ", traffic.Concat(architecture))}. " +
               "Compare their rates and shares rather than their counts; only runs with the same duration, workload and faults share their random numbers.";
    }
}
