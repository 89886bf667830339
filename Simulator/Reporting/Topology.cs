using System.Text;
using ReplicaSim.Model;

namespace ReplicaSim.Reporting;

/// <summary>The architecture as a Mermaid flowchart, drawn the way lesson 10.7 draws it.</summary>
public static class Topology
{
    private const int MaxDrawn = 4;

    public static string Mermaid(Scenario s)
    {
        var sb = new StringBuilder();
        sb.Append("```mermaid\nflowchart TD\n");
        var w = s.Workload;
        sb.Append($"    USER[\"Users<br/>{w.Clients} clients, {Format.Number(w.ArrivalRatePerSecond, 1)} requests/s\"] --> ALB[\"Load Balancer<br/>{Names.Of(s.LoadBalancer.Policy)}\"]\n");
        var n = s.Service.Replicas;
        var drawn = Math.Min(n, MaxDrawn);
        for (var z = 0; z < s.Zones.Count; z++)
        {
            var slots = Enumerable.Range(1, drawn).Where(i => (i - 1) % s.Zones.Count == z).ToList();
            var primaryHere = s.Storage.Kind == StorageKind.Shared && s.Storage.PrimaryZone == z;
            var standbyHere = s.Storage.Kind == StorageKind.Shared && s.Storage.Standby && (s.Storage.PrimaryZone + 1) % s.Zones.Count == z;
            if (slots.Count == 0 && !primaryHere && !standbyHere)
            {
                continue;
            }
            sb.Append($"    subgraph Z{z}[\"{s.Zones[z]}\"]\n");
            foreach (var i in slots)
            {
                sb.Append($"        subgraph C{i}[\"Container {i}\"]\n");
                sb.Append($"            APP{i}[\"App\"]\n");
                if (s.Storage.Kind == StorageKind.SqlitePerContainer)
                {
                    sb.Append($"            DB{i}[\"app.db\"]\n");
                }
                sb.Append("        end\n");
            }
            if (primaryHere)
            {
                sb.Append("        PRIMARY[\"PostgreSQL<br/>primary\"]\n");
            }
            if (standbyHere)
            {
                sb.Append("        STANDBY[\"Standby<br/>(Multi-AZ)\"]\n");
            }
            sb.Append("    end\n");
        }
        if (n > drawn)
        {
            sb.Append($"    MORE[\"... {n - drawn} more containers\"]\n    ALB --> MORE\n");
        }
        for (var i = 1; i <= drawn; i++)
        {
            sb.Append($"    ALB --> C{i}\n");
        }
        switch (s.Storage.Kind)
        {
            case StorageKind.SqlitePerContainer:
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    APP{i} --> DB{i}\n");
                }
                if (drawn >= 2)
                {
                    sb.Append("    DB1 -.->|\"Different data!\"| DB2\n");
                }
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    style DB{i} fill:#FFEBEE\n");
                }
                break;
            case StorageKind.Shared:
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    APP{i} --> PRIMARY\n");
                }
                if (s.Storage.Standby)
                {
                    sb.Append("    PRIMARY -.->|\"Sync\"| STANDBY\n    style STANDBY fill:#E8F5E9\n");
                }
                sb.Append("    style PRIMARY fill:#E8F5E9\n");
                break;
            default:
                sb.Append("    FILE[\"app.db on a network filesystem<br/>one writer at a time\"]\n");
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    APP{i} --> FILE\n");
                }
                sb.Append("    style FILE fill:#FFF8E1\n");
                break;
        }
        sb.Append("```\n");
        return sb.ToString();
    }
}
