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
            var design = s.Storage.Design;
            var primaryHere = design.HasInstance && s.Storage.PrimaryZone == z;
            var standbyHere = s.Storage.Kind == StorageKind.Shared && s.Storage.Standby && (s.Storage.PrimaryZone + 1) % s.Zones.Count == z;
            var readersHere = Enumerable.Range(0, design.HasInstance ? s.Storage.Readers : 0).Where(i => (s.Storage.PrimaryZone + 1 + i) % s.Zones.Count == z).ToList();
            var cacheHere = s.Cache is not null && s.Storage.PrimaryZone == z;
            if (slots.Count == 0 && !primaryHere && !standbyHere && readersHere.Count == 0 && !cacheHere)
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
                sb.Append(s.Storage.Kind switch
                {
                    StorageKind.Shared => "        PRIMARY[\"PostgreSQL<br/>primary\"]\n",
                    StorageKind.Ec2PostgreSql => "        PRIMARY[\"EC2 + PostgreSQL<br/>primary, EBS volume\"]\n",
                    StorageKind.DocumentDb => "        PRIMARY[\"DocumentDB<br/>primary instance\"]\n",
                    StorageKind.Aurora => "        PRIMARY[\"Aurora<br/>writer instance\"]\n",
                    _ => "        PRIMARY[\"PostgreSQL<br/>writer\"]\n",
                });
            }
            foreach (var i in readersHere)
            {
                var label = s.Storage.Kind switch
                {
                    StorageKind.RdsMultiAzCluster => "Readable standby",
                    StorageKind.Aurora or StorageKind.DocumentDb => "Reader instance",
                    StorageKind.Ec2PostgreSql => "Streaming replica<br/>EC2 + EBS",
                    _ => "Read replica",
                };
                sb.Append($"        R{i + 1}[\"{label}\"]\n");
            }
            if (cacheHere)
            {
                sb.Append($"        CACHE[\"ElastiCache<br/>ttl {s.Cache!.Ttl}{(s.Cache.Replicas > 0 ? $", {s.Cache.Replicas} replica(s)" : "")}\"]\n");
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
            case StorageKind.SqliteSharedFile:
                sb.Append("    FILE[\"app.db on a network filesystem<br/>one writer at a time\"]\n");
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    APP{i} --> FILE\n");
                }
                sb.Append("    style FILE fill:#FFF8E1\n");
                break;
            default:
                Database(sb, s, drawn);
                break;
        }
        if (s.Storage.Kind == StorageKind.Shared)
        {
            Readers(sb, s, drawn);
            if (s.Cache is not null)
            {
                for (var i = 1; i <= drawn; i++)
                {
                    sb.Append($"    APP{i} --> CACHE\n");
                }
                sb.Append("    CACHE -.->|\"miss\"| PRIMARY\n    style CACHE fill:#FFF8E1\n");
            }
        }
        sb.Append("```\n");
        return sb.ToString();
    }

    /// <summary>The kinds beyond one RDS instance: writer, readers, cluster volume or regional table, cache.</summary>
    private static void Database(StringBuilder sb, Scenario s, int drawn)
    {
        var st = s.Storage;
        if (st.Kind == StorageKind.DynamoDb)
        {
            sb.Append($"    DDB[\"DynamoDB table<br/>3 copies in 3 zones, {(st.ConsistentReads ? "consistent reads" : "eventually consistent reads")}\"]\n");
        }
        for (var i = 1; i <= drawn; i++)
        {
            if (s.Cache is not null)
            {
                sb.Append($"    APP{i} --> CACHE\n");
            }
            sb.Append(st.Kind == StorageKind.DynamoDb ? $"    APP{i} --> DDB\n" : $"    APP{i} --> PRIMARY\n");
        }
        if (s.Cache is not null)
        {
            sb.Append(st.Kind == StorageKind.DynamoDb ? "    CACHE -.->|\"miss\"| DDB\n" : "    CACHE -.->|\"miss\"| PRIMARY\n");
            sb.Append("    style CACHE fill:#FFF8E1\n");
        }
        if (st.Kind == StorageKind.DynamoDb)
        {
            sb.Append("    style DDB fill:#E8F5E9\n");
            return;
        }
        if (st.Design.Placement == CopyPlacement.MultiZoneVolume)
        {
            sb.Append("    VOLUME[(\"Cluster volume<br/>6 copies in 3 zones\")]\n    PRIMARY --> VOLUME\n");
            for (var i = 1; i <= st.Readers; i++)
            {
                sb.Append($"    R{i} --> VOLUME\n");
            }
            sb.Append("    style VOLUME fill:#E8F5E9\n");
        }
        Readers(sb, s, drawn);
        sb.Append(st.Kind == StorageKind.Ec2PostgreSql ? "    style PRIMARY fill:#FFF8E1\n" : "    style PRIMARY fill:#E8F5E9\n");
    }

    /// <summary>Replication to the readers, and reads from them when <c>readFrom</c> is <c>replicas</c>.</summary>
    private static void Readers(StringBuilder sb, Scenario s, int drawn)
    {
        var st = s.Storage;
        var sync = st.Kind == StorageKind.RdsMultiAzCluster ? "Sync, 1 of 2" : st.Design.Placement == CopyPlacement.MultiZoneVolume ? "Shared volume" : "Async";
        for (var i = 1; i <= st.Readers; i++)
        {
            if (st.Design.Placement != CopyPlacement.MultiZoneVolume)
            {
                sb.Append($"    PRIMARY -.->|\"{sync}\"| R{i}\n");
            }
            if (st.ReadFrom == ReadFrom.Replicas)
            {
                sb.Append($"    APP{1 + ((i - 1) % drawn)} -.->|\"reads\"| R{i}\n");
            }
            sb.Append($"    style R{i} fill:#E3F2FD\n");
        }
    }
}
