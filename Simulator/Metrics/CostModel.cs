using ReplicaSim.Model;

namespace ReplicaSim.Metrics;

/// <summary>A monthly cost with its parts.</summary>
public sealed record CostEstimate(double MonthlyUsd, IReadOnlyList<(string Item, double Usd)> Items);

/// <summary>Monthly cost of an architecture from the scenario's price table.</summary>
public static class CostModel
{
    public static CostEstimate Estimate(Scenario s)
    {
        var c = s.Cost;
        var items = new List<(string, double)>();
        switch (s.Storage.Kind)
        {
            case StorageKind.Shared:
                items.Add(("database instance", c.DatabaseInstancePerMonth));
                items.Add(("database storage", c.DatabaseStoragePerMonth));
                if (s.Storage.Standby)
                {
                    items.Add(("Multi-AZ standby", c.MultiAzExtraPerMonth));
                }
                break;
            case StorageKind.SqliteSharedFile:
                items.Add(("network filesystem", c.SharedFilesystemPerMonth));
                break;
            default:
                items.Add(("SQLite files (in the containers)", 0));
                break;
        }
        if (c.ContainerPerMonth > 0)
        {
            items.Add(($"{s.Service.Replicas} containers", c.ContainerPerMonth * s.Service.Replicas));
        }
        return new CostEstimate(items.Sum(i => i.Item2), items);
    }
}
