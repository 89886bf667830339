using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReplicaSim.Engine;
using ReplicaSim.Model;

namespace ReplicaSim.Scenarios;

/// <summary>
/// Validates a scenario document and builds the immutable <see cref="Scenario"/>. Every problem is
/// collected with its JSON path; nothing stops at the first.
/// </summary>
public sealed partial class ScenarioReader
{
    /// <summary>The fields each object may have, by path pattern. The JSON Schema is held to this table by a test.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> KnownFields = new Dictionary<string, string[]>
    {
        [""] = ["$schema", "name", "description", "question", "answer", "seed", "duration", "zones", "loadBalancer", "service", "storage", "network", "workload", "faults", "variants", "cost", "timelineBucket", "cache", "policy"],
        ["policy"] = ["name", "availability", "correctness", "software", "hardware", "az"],
        ["policy.software"] = ["rto", "rpo"],
        ["policy.hardware"] = ["rto", "rpo"],
        ["policy.az"] = ["rto", "rpo"],
        ["answer"] = ["operation", "outcome", "metric", "period", "theory", "text"],
        ["loadBalancer"] = ["policy", "healthCheck", "deregistrationDelay"],
        ["loadBalancer.healthCheck"] = ["interval", "timeout", "healthyThreshold", "unhealthyThreshold"],
        ["service"] = ["replicas", "workers", "serviceTime", "startupTime", "replaceDelay", "requestTimeout", "minimumHealthyPercent", "maximumPercent"],
        ["storage"] = ["kind", "readTime", "writeTime", "primaryZone", "standby", "failoverTime", "recoveryTime", "backupInterval", "busyTimeout",
            "instanceClass", "readReplicas", "readFrom", "replicaLag", "consistentReads", "failover",
            "queryCpuTime", "maxConnections", "pool", "cpuCredits", "connectTimeout", "dnsTtl",
            "allocatedGiB", "autoscaling", "alertDelay", "iamAuth", "storageType", "iops"],
        ["storage.pool"] = ["size", "maxOverflow", "timeout"],
        ["storage.cpuCredits"] = ["mode", "balance"],
        ["cache"] = ["ttl", "invalidateOnWrite", "replicas", "readTime", "failoverTime", "replaceTime"],
        ["network"] = ["toContainer", "toDatabase", "crossZone"],
        ["workload"] = ["arrivalRate", "clients", "mix", "warmUp", "recordBytes"],
        ["workload.mix"] = ["create", "readOwn", "readAny", "update"],
        ["faults[]"] = ["at", "every", "perYear", "rate", "kind", "replica", "zone", "duration", "replicas", "note", "instanceClass", "preset"],
        ["cost"] = ["databaseInstancePerMonth", "databaseStoragePerMonth", "multiAzExtraPerMonth", "sharedFilesystemPerMonth", "containerPerMonth",
            "storageGb", "ec2InstancePerMonth", "ebsPerGbMonth", "auroraStoragePerGbMonth", "auroraIoPerMillion",
            "dynamodbWritePerMillion", "dynamodbReadPerMillion", "dynamodbStoragePerGbMonth", "cacheNodePerMonth", "operatorHourlyUsd"],
    };

    public static readonly string[] DistributionKinds = ["constant", "exponential", "uniform", "lognormal", "weibull"];

    private static readonly Dictionary<FaultKind, string[]> FaultFields = new()
    {
        [FaultKind.ContainerCrash] = ["replica"],
        [FaultKind.ContainerRestart] = ["replica"],
        [FaultKind.Deploy] = [],
        [FaultKind.Scale] = ["replicas"],
        [FaultKind.ZoneOutage] = ["zone", "duration"],
        [FaultKind.DatabaseFailure] = [],
        [FaultKind.StorageLoss] = [],
        [FaultKind.ReplicaFailure] = [],
        [FaultKind.CacheFailure] = [],
        [FaultKind.Maintenance] = ["duration", "preset"],
        [FaultKind.ScaleDatabase] = ["instanceClass"],
        [FaultKind.SecurityGroupChange] = ["duration"],
        [FaultKind.IamTokenExpiry] = ["duration"],
        [FaultKind.DiskFull] = [],
        [FaultKind.VolumeFailure] = [],
    };

    private readonly List<(string Path, string Message)> _errors = [];

    /// <summary>What a timed fault's error says when it falls at or after the end of the run.</summary>
    internal const string PastTheEnd = "is not before the end of the run";

    public IReadOnlyList<(string Path, string Message)> Errors => _errors;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public static partial Regex SafeName();

    /// <summary>Reads <paramref name="root"/>; returns null when there are errors.</summary>
    public Scenario? Read(JsonObject root, string defaultName)
    {
        CheckKnown(root, "");
        var name = Str(root, "name", "", defaultName);
        if (!SafeName().IsMatch(name))
        {
            Error("name", $"\"{name}\" cannot name an output folder: use letters, digits, '-', '_' and '.'");
        }
        var description = Str(root, "description", "", "");
        var question = Str(root, "question", "", "");
        var seed = Long(root, "seed", "", Defaults.Seed);
        var errorsBeforeDuration = _errors.Count;
        var duration = Dur(root, "duration", "", Defaults.Duration, Duration.FromSeconds(1), Duration.FromSeconds(Defaults.MaxDurationDays * 86400L));
        // An unreadable duration is reported once; what is measured against the run's length is then checked against the
        // longest run instead of the default, so a student who wrote "2hours" is not told that a fault at 20m is after a
        // 10m end they never gave.
        var durationBound = _errors.Count == errorsBeforeDuration ? duration : Duration.FromSeconds(Defaults.MaxDurationDays * 86400L);
        var zones = ReadZones(root);

        var lbNode = Obj(root, "loadBalancer", "");
        var hcNode = Obj(lbNode, "healthCheck", "loadBalancer");
        var interval = Dur(hcNode, "interval", "loadBalancer.healthCheck", Defaults.HealthInterval, Duration.FromSeconds(1), Duration.FromSeconds(3600));
        var timeout = Dur(hcNode, "timeout", "loadBalancer.healthCheck", Defaults.HealthTimeout, Duration.FromMilliseconds(1), Duration.FromSeconds(3600));
        if (timeout >= interval)
        {
            Error("loadBalancer.healthCheck.timeout", $"must be shorter than the interval ({interval}), as the load balancer requires");
        }
        var health = new HealthCheckConfig(interval, timeout,
            Int(hcNode, "healthyThreshold", "loadBalancer.healthCheck", Defaults.HealthyThreshold, 1, 10),
            Int(hcNode, "unhealthyThreshold", "loadBalancer.healthCheck", Defaults.UnhealthyThreshold, 1, 10));
        var lb = new LoadBalancerConfig(
            Choice(lbNode, "policy", "loadBalancer", Defaults.Policy, Names.Policies, Names.Of),
            health,
            Dur(lbNode, "deregistrationDelay", "loadBalancer", Defaults.DeregistrationDelay, Duration.Zero, Duration.FromSeconds(3600)));

        var sv = Obj(root, "service", "");
        var service = new ServiceConfig(
            Int(sv, "replicas", "service", Defaults.Replicas, 1, 1000),
            Int(sv, "workers", "service", Defaults.Workers, 1, 100_000),
            Dist(sv, "serviceTime", "service", Defaults.ServiceTime),
            Dist(sv, "startupTime", "service", Defaults.StartupTime),
            Dist(sv, "replaceDelay", "service", Defaults.ReplaceDelay),
            Dur(sv, "requestTimeout", "service", Defaults.RequestTimeout, Duration.Zero, Duration.FromSeconds(86400)),
            Int(sv, "minimumHealthyPercent", "service", Defaults.MinimumHealthyPercent, 0, 100),
            Int(sv, "maximumPercent", "service", Defaults.MaximumPercent, 100, 200));

        var st = Obj(root, "storage", "");
        var kind = Choice(st, "kind", "storage", Defaults.Kind, Names.StorageKinds, Names.Of);
        var design = StoragePresets.Of(kind);
        var primaryName = Str(st, "primaryZone", "storage", zones.Count > 0 ? zones[0] : "");
        var primary = zones.IndexOf(primaryName);
        if (primary < 0 && zones.Count > 0)
        {
            Error("storage.primaryZone", $"\"{primaryName}\" is not one of the zones ({string.Join(", ", zones)})" + Suggestion(primaryName, zones));
            primary = 0;
        }
        var standby = Bool(st, "standby", "storage", false);
        if (standby && kind == StorageKind.Shared && zones.Count < 2)
        {
            Error("storage.standby", "a Multi-AZ standby needs a second zone in \"zones\"");
        }
        if (standby && kind != StorageKind.Shared)
        {
            // Without a kind, {"standby": true} alone would otherwise silently run SQLite per container.
            Error("storage.standby", st?["kind"] is null
                ? "applies to \"shared\" (RDS) only: add \"kind\": \"shared\" (without a kind, storage is SQLite per container, which has no standby)"
                : $"applies to \"shared\" (RDS) only; {Names.Of(kind)} has its own copies ({design.StandsFor})");
        }
        var failover = Choice(st, "failover", "storage", design.Failover, Names.FailoverModes, Names.Of);
        var storage = new StorageConfig(kind,
            Dist(st, "readTime", "storage", Defaults.ReadTime(kind)),
            Dist(st, "writeTime", "storage", Defaults.WriteTime(kind)),
            Math.Max(primary, 0), standby,
            Dist(st, "failoverTime", "storage", StoragePresets.FailoverTime(kind, failover)),
            Dist(st, "recoveryTime", "storage", design.RecoveryTime),
            Dur(st, "backupInterval", "storage", kind == StorageKind.SqliteSharedFile ? Duration.Zero : design.BackupInterval, Duration.Zero, Duration.FromSeconds(86400 * 35)),
            Dur(st, "busyTimeout", "storage", Defaults.BusyTimeout, Duration.Zero, Duration.FromSeconds(3600)))
        {
            InstanceClass = ReadInstanceClass(st),
            ReadReplicas = ReadReplicaCount(st, design),
            ReadFrom = Choice(st, "readFrom", "storage", ReadFrom.Primary, Names.ReadFromOptions, Names.Of),
            ReplicaLag = Dist(st, "replicaLag", "storage", design.ReplicaLag),
            ConsistentReads = Bool(st, "consistentReads", "storage", false),
            Failover = failover,
        };
        storage = ReadLimits(st, storage);
        if (st?["instanceClass"] is not null && !design.HasInstance)
        {
            Error("storage.instanceClass", st["kind"] is null
                ? "applies to a database instance: add \"kind\": \"shared\" or another kind with instances (without a kind, storage is SQLite per container)"
                : $"{Names.Of(kind)} has no database instance to size (instance classes are for rds, rds-multi-az-cluster, aurora, documentdb and ec2-postgresql)");
        }
        if (st?["consistentReads"] is not null && !design.EventualReads)
        {
            Error("storage.consistentReads", $"applies to dynamodb only; {Names.Of(kind)} reads from its writer unless \"readFrom\": \"replicas\"");
        }
        if (storage.ReadFrom == ReadFrom.Replicas && storage.Readers == 0)
        {
            Error("storage.readFrom", design.TakesReadReplicas
                ? "\"replicas\" needs \"readReplicas\" of at least 1"
                : $"{Names.Of(kind)} has no read replicas");
        }
        if (st?["failover"] is not null && !design.HasInstance)
        {
            Error("storage.failover", $"{Names.Of(kind)} has no database instance to fail over");
        }
        var cache = ReadCache(root, design);

        var nw = Obj(root, "network", "");
        var network = new NetworkConfig(
            Dist(nw, "toContainer", "network", Defaults.ToContainer),
            Dist(nw, "toDatabase", "network", Defaults.ToDatabase),
            Dist(nw, "crossZone", "network", Defaults.CrossZone));

        var wl = Obj(root, "workload", "");
        var rate = Num(wl, "arrivalRate", "workload", Defaults.ArrivalRate, 1e-6, 10_000_000);
        var clients = Int(wl, "clients", "workload", Defaults.Clients, 1, 10_000_000);
        var warmUp = Dur(wl, "warmUp", "workload", Duration.Zero, Duration.Zero, durationBound);
        if (warmUp.Microseconds > 0 && warmUp >= durationBound)
        {
            Error("workload.warmUp", $"must be shorter than the run ({durationBound})");
        }
        var mixNode = Obj(wl, "mix", "workload");
        var mix = mixNode is null
            ? Defaults.Mix
            : new OperationMix(
                Num(mixNode, "create", "workload.mix", 0, 0, 1e9),
                Num(mixNode, "readOwn", "workload.mix", 0, 0, 1e9),
                Num(mixNode, "readAny", "workload.mix", 0, 0, 1e9),
                Num(mixNode, "update", "workload.mix", 0, 0, 1e9));
        if (mix.Total <= 0)
        {
            Error("workload.mix", "every weight is zero: give at least one of create, readOwn, readAny, update a positive weight");
        }
        var workload = new WorkloadConfig(rate, clients, mix)
        {
            RecordBytes = (long)Num(wl, "recordBytes", "workload", 2048, 1, 100 * 1048576),
        };

        var faults = ReadFaults(root, durationBound, zones, service.Replicas);
        storage = ReadOperations(st, storage, faults);
        storage = ReadVolume(st, storage);

        var co = Obj(root, "cost", "");
        var cost = new CostConfig(
            Num(co, "databaseInstancePerMonth", "cost", storage.InstanceClass.MonthlyUsd, 0, 1e7),
            Num(co, "databaseStoragePerMonth", "cost", Defaults.Cost.DatabaseStoragePerMonth, 0, 1e7),
            Num(co, "multiAzExtraPerMonth", "cost", co?["databaseInstancePerMonth"] is null ? storage.InstanceClass.MonthlyUsd : Defaults.Cost.MultiAzExtraPerMonth, 0, 1e7),
            Num(co, "sharedFilesystemPerMonth", "cost", Defaults.Cost.SharedFilesystemPerMonth, 0, 1e7),
            Num(co, "containerPerMonth", "cost", Defaults.Cost.ContainerPerMonth, 0, 1e7))
        {
            StorageGb = Num(co, "storageGb", "cost", Defaults.Cost.StorageGb, 0, 1e7),
            Ec2InstancePerMonth = Num(co, "ec2InstancePerMonth", "cost", storage.InstanceClass.Ec2EquivalentMonthlyUsd(Defaults.Cost.Ec2InstancePerMonth), 0, 1e7),
            EbsPerGbMonth = Num(co, "ebsPerGbMonth", "cost", Defaults.Cost.EbsPerGbMonth, 0, 1e7),
            AuroraStoragePerGbMonth = Num(co, "auroraStoragePerGbMonth", "cost", Defaults.Cost.AuroraStoragePerGbMonth, 0, 1e7),
            AuroraIoPerMillion = Num(co, "auroraIoPerMillion", "cost", Defaults.Cost.AuroraIoPerMillion, 0, 1e7),
            DynamoDbWritePerMillion = Num(co, "dynamodbWritePerMillion", "cost", Defaults.Cost.DynamoDbWritePerMillion, 0, 1e7),
            DynamoDbReadPerMillion = Num(co, "dynamodbReadPerMillion", "cost", Defaults.Cost.DynamoDbReadPerMillion, 0, 1e7),
            DynamoDbStoragePerGbMonth = Num(co, "dynamodbStoragePerGbMonth", "cost", Defaults.Cost.DynamoDbStoragePerGbMonth, 0, 1e7),
            CacheNodePerMonth = Num(co, "cacheNodePerMonth", "cost", Defaults.Cost.CacheNodePerMonth, 0, 1e7),
            OperatorHourlyUsd = Num(co, "operatorHourlyUsd", "cost", Defaults.Cost.OperatorHourlyUsd, 0, 1e5),
        };

        var bucket = Dur(root, "timelineBucket", "", Defaults.TimelineBucket(duration), Duration.FromMilliseconds(1), durationBound);
        if (bucket.Microseconds > 0 && durationBound == duration && duration.Microseconds / bucket.Microseconds > 100_000)
        {
            Error("timelineBucket", $"gives more than 100,000 rows for a {duration} run; use a longer bucket");
        }

        if (root["variants"] is { } variants && variants is not JsonObject)
        {
            Error("variants", "must be an object of named overrides, e.g. {\"rds\": {\"storage\": {\"kind\": \"shared\"}}}");
        }

        var answer = ReadAnswer(root, faults);
        var policy = ReadPolicy(root);

        if (_errors.Count > 0)
        {
            return null;
        }
        return new Scenario
        {
            Name = name,
            Description = description,
            Question = question,
            Answer = answer,
            Policy = policy,
            WarmUp = warmUp,
            Seed = seed,
            Duration = duration,
            Zones = zones,
            LoadBalancer = lb,
            Service = service,
            Storage = storage,
            Network = network,
            Workload = workload,
            Faults = faults,
            Cost = cost,
            Cache = cache,
            TimelineBucket = bucket,
            CountsOperations = co?["operatorHourlyUsd"] is not null || storage.AllocatedGiBGiven is not null || st?["iamAuth"] is not null
                || faults.Any(f => f.Kind is FaultKind.Maintenance or FaultKind.ScaleDatabase or FaultKind.SecurityGroupChange or FaultKind.IamTokenExpiry),
        };
    }

    /// <summary><c>allocatedGiB</c>, <c>autoscaling</c>, <c>alertDelay</c>, <c>iamAuth</c>: the operations the lesson's tables list.</summary>
    private StorageConfig ReadOperations(JsonObject? st, StorageConfig storage, IReadOnlyList<FaultSpec> faults)
    {
        var design = storage.Design;
        var kind = Names.Of(design.Kind);
        var volume = design.Placement == CopyPlacement.InstanceVolume;
        var rdsAutoscaling = design.Kind is StorageKind.Shared or StorageKind.RdsMultiAzCluster;
        if (st?["allocatedGiB"] is not null && !volume)
        {
            Error("storage.allocatedGiB", design.Placement == CopyPlacement.MultiZoneVolume || design.Placement == CopyPlacement.RegionalService
                ? $"{kind}'s storage grows by itself: it has no allocated size to fill"
                : $"{kind} has no database volume to fill");
        }
        foreach (var field in (string[])["autoscaling", "alertDelay"])
        {
            if (st?[field] is not null && st["allocatedGiB"] is null)
            {
                Error("storage." + field, "applies to a volume that fills: give \"allocatedGiB\" as well");
            }
        }
        var autoscaling = Bool(st, "autoscaling", "storage", rdsAutoscaling);
        if (autoscaling && !rdsAutoscaling && st?["autoscaling"] is not null)
        {
            Error("storage.autoscaling", $"{kind} has no storage autoscaling (RDS and the Multi-AZ DB cluster do): someone grows the volume after \"alertDelay\"");
        }
        var iam = Bool(st, "iamAuth", "storage", false);
        if (iam && design.Kind is not (StorageKind.Shared or StorageKind.RdsMultiAzCluster or StorageKind.Aurora))
        {
            Error("storage.iamAuth", $"IAM database authentication is for RDS and Aurora; {kind} does not take it");
        }
        return storage with
        {
            AllocatedGiBGiven = st?["allocatedGiB"] is null ? null : Int(st, "allocatedGiB", "storage", 20, 1, 65_536),
            Autoscaling = autoscaling && rdsAutoscaling,
            AlertDelay = Dur(st, "alertDelay", "storage", Duration.FromSeconds(1800), Duration.Zero, Duration.FromSeconds(86400 * 30)),
            IamAuth = iam,
            ConnectionsMatter = faults.Any(f => f.Kind is FaultKind.SecurityGroupChange or FaultKind.IamTokenExpiry),
        };
    }

    private InstanceClass ReadInstanceClass(JsonObject? st, string parent = "storage")
    {
        var name = Str(st, "instanceClass", parent, InstanceClass.Default.Name);
        foreach (var c in InstanceClass.Known)
        {
            if (c.Name == name)
            {
                return c;
            }
        }
        var names = InstanceClass.Known.Select(c => c.Name).ToList();
        Error(parent + ".instanceClass", $"unknown instance class \"{name}\"{Suggestion(name, names)} (one of: {string.Join(", ", names)})");
        return InstanceClass.Default;
    }

    /// <summary><c>queryCpuTime</c>, <c>maxConnections</c>, <c>pool</c>, <c>cpuCredits</c>: the database as a server with limits.</summary>
    private StorageConfig ReadLimits(JsonObject? st, StorageConfig storage)
    {
        var design = storage.Design;
        foreach (var field in (string[])["queryCpuTime", "maxConnections", "pool", "cpuCredits", "connectTimeout", "dnsTtl"])
        {
            if (st?[field] is not null && !design.HasInstance)
            {
                Error("storage." + field, $"{Names.Of(design.Kind)} has no database instance with CPU and connections to limit");
            }
        }
        var pool = Obj(st, "pool", "storage") is { } p
            ? new PoolConfig(
                Int(p, "size", "storage.pool", PoolConfig.SqlAlchemy.Size, 1, 100_000),
                Int(p, "maxOverflow", "storage.pool", PoolConfig.SqlAlchemy.MaxOverflow, 0, 100_000),
                Dur(p, "timeout", "storage.pool", PoolConfig.SqlAlchemy.Timeout, Duration.Zero, Duration.FromSeconds(86400)))
            : null;
        var credits = CpuCreditsConfig.Default;
        if (Obj(st, "cpuCredits", "storage") is { } cc)
        {
            var mode = Str(cc, "mode", "storage.cpuCredits", "unlimited");
            if (mode is not ("unlimited" or "standard"))
            {
                Error("storage.cpuCredits.mode", $"\"{mode}\" is not a credit mode (one of: unlimited, standard)");
            }
            credits = new CpuCreditsConfig(mode == "standard",
                cc["balance"] is null ? null : Num(cc, "balance", "storage.cpuCredits", 0, 0, storage.InstanceClass.MaxCredits));
            if (!storage.InstanceClass.Burstable)
            {
                Error("storage.cpuCredits", $"{storage.InstanceClass.Name} is not burstable (no CPU credits); only the db.t3 classes are");
            }
        }
        return storage with
        {
            QueryCpuTime = st?["queryCpuTime"] is null ? null : Dist(st, "queryCpuTime", "storage", Defaults.ReadTime(storage.Kind)),
            MaxConnectionsGiven = st?["maxConnections"] is null ? null : Int(st, "maxConnections", "storage", 100, 1, 100_000),
            PoolGiven = pool,
            CpuCredits = credits,
            ConnectTimeoutGiven = st?["connectTimeout"] is null ? null : Dur(st, "connectTimeout", "storage", Duration.FromSeconds(127), Duration.Zero, Duration.FromSeconds(3600)),
            DnsTtlGiven = st?["dnsTtl"] is null ? null : Dur(st, "dnsTtl", "storage", Duration.FromSeconds(5), Duration.Zero, Duration.FromSeconds(86400)),
        };
    }

    /// <summary><c>allocatedGiB</c>, and <c>storageType</c> with <c>iops</c>: the writer's volume (I/O modelled only when <c>storageType</c> is given).</summary>
    private StorageConfig ReadVolume(JsonObject? st, StorageConfig storage)
    {
        // allocatedGiB itself is read with the volume's capacity (ReadOperations).
        var gib = storage.AllocatedGiBGiven ?? StorageVolume.DefaultAllocatedGiB;
        if (st?["storageType"] is null)
        {
            if (st?["iops"] is not null)
            {
                Error("storage.iops", "needs \"storageType\" (gp3 or io1): without it storage I/O is not modelled");
            }
            return storage;
        }
        var type = Choice(st, "storageType", "storage", StorageType.Gp3, Names.StorageTypes, Names.Of);
        if (storage.Design.Placement != CopyPlacement.InstanceVolume)
        {
            Error("storage.storageType", $"{Names.Of(storage.Kind)} has no EBS volume of its own (gp2, gp3 and io1 are for rds, rds-multi-az-cluster and ec2-postgresql)");
        }
        if (type == StorageType.Gp3 && gib < 20)
        {
            Error("storage.allocatedGiB", $"gp3 needs at least 20 GiB (got {gib})");
        }
        var iops = 0;
        switch (type)
        {
            case StorageType.Gp2:
                if (st["iops"] is not null)
                {
                    Error("storage.iops", "gp2's IOPS come from its size (3 per GiB, at least 100, bursting to 3,000): set allocatedGiB, or use gp3 or io1");
                }
                break;
            case StorageType.Gp3:
                iops = Int(st, "iops", "storage", StorageVolume.Gp3BaselineIops, StorageVolume.Gp3BaselineIops, 80_000);
                break;
            default:
                if (st["iops"] is null)
                {
                    Error("storage.iops", "io1 needs its provisioned IOPS, e.g. \"iops\": 1000");
                }
                iops = Int(st, "iops", "storage", 1000, 100, 256_000);
                break;
        }
        return storage with { Volume = new StorageVolume(type, gib, iops) };
    }

    private int ReadReplicaCount(JsonObject? st, StorageDesign design)
    {
        var n = Int(st, "readReplicas", "storage", 0, 0, 15);
        if (n > 0 && !design.TakesReadReplicas)
        {
            Error("storage.readReplicas", design.BuiltInReaders > 0
                ? $"{Names.Of(design.Kind)} always has {design.BuiltInReaders} readable standbys"
                : $"{Names.Of(design.Kind)} has no read replicas");
        }
        return n;
    }

    private CacheConfig? ReadCache(JsonObject root, StorageDesign design)
    {
        var node = Obj(root, "cache", "");
        if (node is null)
        {
            return null;
        }
        if (!design.IsServer)
        {
            Error("cache", "a cache goes in front of a shared database (shared/rds, aurora, documentdb, dynamodb, ...), not SQLite");
        }
        return new CacheConfig(
            Dur(node, "ttl", "cache", Defaults.CacheTtl, Duration.FromMilliseconds(1), Duration.FromSeconds(86400 * 30)),
            Bool(node, "invalidateOnWrite", "cache", Defaults.CacheInvalidateOnWrite),
            Int(node, "replicas", "cache", 0, 0, 5),
            Dist(node, "readTime", "cache", Defaults.CacheReadTime),
            Dist(node, "failoverTime", "cache", Defaults.CacheFailoverTime),
            Dist(node, "replaceTime", "cache", Defaults.CacheReplaceTime));
    }

    private List<string> ReadZones(JsonObject root)
    {
        var node = root["zones"];
        if (node is null)
        {
            return [.. Defaults.Zones];
        }
        if (node is not JsonArray array || array.Count == 0)
        {
            Error("zones", "must be a non-empty list of zone names, e.g. [\"az-a\", \"az-b\"]");
            return [.. Defaults.Zones];
        }
        var zones = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var z) && z.Length > 0)
            {
                if (zones.Contains(z))
                {
                    Error($"zones[{i}]", $"\"{z}\" is listed twice");
                }
                zones.Add(z);
            }
            else
            {
                Error($"zones[{i}]", "must be a zone name (a string)");
            }
        }
        if (zones.Count > 6)
        {
            Error("zones", "at most 6 zones");
        }
        return zones.Count > 0 ? zones : [.. Defaults.Zones];
    }

    private List<FaultSpec> ReadFaults(JsonObject root, Duration duration, List<string> zones, int replicas)
    {
        var result = new List<FaultSpec>();
        var node = root["faults"];
        if (node is null)
        {
            return result;
        }
        if (node is not JsonArray array)
        {
            Error("faults", "must be a list of faults");
            return result;
        }
        // Replica numbers refer to slots: the initial replicas or any count a scale fault asks for.
        var maxReplicas = replicas;
        foreach (var f in array)
        {
            if (f is JsonObject o && o["kind"] is JsonValue k && k.TryGetValue<string>(out var ks) && ks == "scale"
                && o["replicas"] is JsonValue r && r.TryGetValue<int>(out var n))
            {
                maxReplicas = Math.Max(maxReplicas, n);
            }
        }
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"faults[{i}]";
            if (array[i] is not JsonObject o)
            {
                Error(path, "must be an object such as {\"at\": \"5m\", \"kind\": \"container-restart\"}");
                continue;
            }
            CheckKnown(o, path, "faults[]");
            if (o["kind"] is null)
            {
                Error(path, "has no \"kind\"; one of: " + string.Join(", ", Names.FaultKinds.Select(Names.Of)));
                continue;
            }
            if (o["kind"] is JsonValue kv && kv.TryGetValue<string>(out var kindText) && kindText == Names.Of(FaultKind.DiskFull))
            {
                Error(path + ".kind", "a full disk is not injected: it is reached when created records (workload.recordBytes each) fill storage.allocatedGiB");
                continue;
            }
            var kind = Choice(o, "kind", path, FaultKind.ContainerCrash, Names.InjectableFaultKinds, Names.Of);
            Duration? at = null;
            DurationDistribution? every = null;
            double? perYear = null;
            var ratePreset = "";
            var when = new[] { "at", "every", "perYear", "rate", "preset" }.Where(w => o[w] is not null).ToList();
            if (when.Count > 1)
            {
                Error(path, $"give one of \"at\" (a timed fault), \"every\", \"perYear\" or \"rate\" (a random one), or \"preset\" (random occurrences as the kind lives them), not {string.Join(" and ", when.Select(w => "\"" + w + "\""))}");
            }
            else if (o["perYear"] is not null)
            {
                perYear = Num(o, "perYear", path, 1, 1e-9, 1e6);
            }
            else if (o["rate"] is not null)
            {
                ratePreset = Str(o, "rate", path, "");
                if (FaultRates.Find(ratePreset) is { } rate)
                {
                    perYear = rate.PerYear;
                    if (rate.Kind != kind)
                    {
                        Error(path + ".rate", $"\"{ratePreset}\" is a rate of {Names.Of(rate.Kind)}, not of {Names.Of(kind)}" +
                            RatesOf(kind));
                    }
                }
                else
                {
                    Error(path + ".rate", $"unknown rate \"{ratePreset}\"{Suggestion(ratePreset, FaultRates.Presets.Select(p => p.Name))}{RatesOf(kind)}; " +
                                          "or give your own cadence as \"perYear\"");
                }
            }
            else if (o["at"] is not null)
            {
                at = Dur(o, "at", path, Duration.Zero, Duration.Zero, Duration.FromSeconds(86400L * Defaults.MaxDurationDays));
                if (at >= duration)
                {
                    Error(path + ".at", $"{at} {PastTheEnd} ({duration})");
                }
            }
            else if (o["every"] is not null)
            {
                every = Dist(o, "every", path, Defaults.ReplaceDelay);
                if (every.MeanSeconds <= 0)
                {
                    Error(path + ".every", "must have a positive mean");
                }
            }
            else if (o["preset"] is null)
            {
                Error(path, "needs \"at\" (e.g. \"5m\"), \"every\" (e.g. {\"exponential\": {\"mean\": \"10m\"}}), \"perYear\" (e.g. 52) or \"rate\" (a preset, e.g. \"ebs-gp3\")");
            }
            var allowed = FaultFields[kind];
            foreach (var extra in new[] { "replica", "zone", "duration", "replicas", "instanceClass", "preset" })
            {
                if (o[extra] is not null && !allowed.Contains(extra))
                {
                    Error($"{path}.{extra}", $"does not apply to {Names.Of(kind)}" +
                        (allowed.Length > 0 ? $" (it takes: {string.Join(", ", allowed)})" : ""));
                }
            }
            int? replica = null, zone = null, newCount = null;
            Duration? outage = null;
            if (o["replica"] is not null && allowed.Contains("replica"))
            {
                replica = Int(o, "replica", path, 1, 1, int.MaxValue);
                if (replica > maxReplicas)
                {
                    Error(path + ".replica", $"there is no replica {replica}: the service has {maxReplicas} (numbered from 1)");
                }
            }
            if (kind == FaultKind.ZoneOutage)
            {
                if (o["zone"] is null)
                {
                    Error(path, "a zone-outage needs \"zone\" (one of " + string.Join(", ", zones) + ")");
                }
                else
                {
                    var zn = Str(o, "zone", path, "");
                    zone = zones.IndexOf(zn);
                    if (zone < 0)
                    {
                        Error(path + ".zone", $"\"{zn}\" is not one of the zones ({string.Join(", ", zones)})" + Suggestion(zn, zones));
                    }
                }
                if (o["duration"] is null)
                {
                    Error(path, "a zone-outage needs \"duration\" (e.g. \"1h\")");
                }
                else
                {
                    outage = Dur(o, "duration", path, Duration.Zero, Duration.FromSeconds(1), Duration.FromSeconds(86400 * 30));
                }
            }
            if (kind == FaultKind.Scale)
            {
                if (o["replicas"] is null)
                {
                    Error(path, "a scale fault needs \"replicas\": the new desired count");
                }
                else
                {
                    newCount = Int(o, "replicas", path, 1, 0, 1000);
                }
            }
            InstanceClass? newClass = null;
            string? preset = null;
            if (kind == FaultKind.ScaleDatabase)
            {
                newClass = o["instanceClass"] is null ? null : ReadInstanceClass(o, path);
                if (newClass is null)
                {
                    Error(path, "a scale-database fault needs \"instanceClass\": the new class (one of: " + string.Join(", ", InstanceClass.Known.Select(c => c.Name)) + ")");
                }
            }
            if (o["preset"] is not null && allowed.Contains("preset"))
            {
                preset = Str(o, "preset", path, OperationPresets.Patching);
                if (!OperationPresets.Names.Contains(preset))
                {
                    Error(path + ".preset", $"unknown preset \"{preset}\" (one of: {string.Join(", ", OperationPresets.Names)})");
                }
                if (o["duration"] is not null)
                {
                    Error(path + ".duration", "a preset draws each occurrence's duration as the kind lives it: leave \"duration\" out");
                }
            }
            if (kind is FaultKind.Maintenance or FaultKind.SecurityGroupChange or FaultKind.IamTokenExpiry && preset is null)
            {
                if (o["duration"] is not null)
                {
                    outage = Dur(o, "duration", path, Duration.Zero, Duration.FromSeconds(1), Duration.FromSeconds(86400 * 30));
                }
                else if (kind != FaultKind.IamTokenExpiry)
                {
                    Error(path, $"a {Names.Of(kind)} needs \"duration\" (e.g. \"10m\")" + (kind == FaultKind.Maintenance ? ", or \"preset\": \"patching\" instead of \"at\"" : ""));
                }
            }
            result.Add(new FaultSpec { Kind = kind, At = at, Every = every, PerYear = perYear, RatePreset = ratePreset, Replica = replica, Zone = zone, OutageDuration = outage, Replicas = newCount,
                InstanceClass = newClass, Preset = preset, Path = path });
        }
        return result;
    }

    private void Error(string path, string message) => _errors.Add((path, message));

    /// <summary><c>policy</c>: Resilience Hub's resiliency policy (availability, RTO and RPO per disruption type).</summary>
    private ResiliencyPolicy? ReadPolicy(JsonObject root)
    {
        if (root["policy"] is JsonObject raw && raw["region"] is not null)
        {
            Error("policy.region", "ReplicaSim simulates one region, so it has no region-wide disruption to hold to a target; use software, hardware and az");
            raw = (JsonObject)raw.DeepClone();
            raw.Remove("region");
            return ReadPolicy(new JsonObject { ["policy"] = raw });
        }
        var o = Obj(root, "policy", "");
        if (o is null)
        {
            return null;
        }
        double? availability = null;
        if (o["availability"] is not null)
        {
            availability = Num(o, "availability", "policy", 99.9, 0, 100);
            if (availability >= 100)
            {
                Error("policy.availability", "100 % cannot be measured (one failed request in a year misses it); give a percentage below 100, such as 99.9");
            }
            if (availability <= 1)
            {
                Error("policy.availability", string.Create(CultureInfo.InvariantCulture,
                    $"is a percentage: {availability} means {availability} %; write 99.9 for 99.9 %"));
            }
        }
        double? correctness = null;
        if (o["correctness"] is not null)
        {
            correctness = Num(o, "correctness", "policy", 100, 0, 100);
            if (correctness <= 1)
            {
                Error("policy.correctness", string.Create(CultureInfo.InvariantCulture,
                    $"is a percentage: {correctness} means {correctness} %; write 99.99 for 99.99 %"));
            }
        }
        DisruptionTarget Target(string type)
        {
            var t = Obj(o, type, "policy");
            if (t is null)
            {
                return DisruptionTarget.None;
            }
            var max = Duration.FromSeconds(86400L * Defaults.MaxDurationDays);
            return new DisruptionTarget(
                t["rto"] is null ? null : Dur(t, "rto", "policy." + type, Duration.Zero, Duration.Zero, max),
                t["rpo"] is null ? null : Dur(t, "rpo", "policy." + type, Duration.Zero, Duration.Zero, max));
        }
        var policy = new ResiliencyPolicy(Str(o, "name", "policy", ""), availability, Target("software"), Target("hardware"), Target("az"))
        {
            CorrectnessPercent = correctness,
        };
        if (availability is null && correctness is null && ResiliencyPolicy.Types.All(x => policy.For(x) == DisruptionTarget.None))
        {
            Error("policy", "sets no target: give \"availability\" (e.g. 99.9), \"correctness\" (e.g. 99.99) or an \"rto\"/\"rpo\" under \"software\", \"hardware\" or \"az\"");
        }
        return policy;
    }

    /// <summary>" (rates of zone-outage: zone-outage-assumed)", or "" when the kind has no preset.</summary>
    private static string RatesOf(FaultKind kind)
    {
        var names = FaultRates.Presets.Where(p => p.Kind == kind).Select(p => p.Name).ToList();
        return names.Count == 0 ? $" ({Names.Of(kind)} has no preset rate)" : $" (rates of {Names.Of(kind)}: {string.Join(", ", names)})";
    }

    public static readonly string[] AnswerOperations = ["all", "create", "readOwn", "readAny", "update", "reads", "writes"];
    public static readonly string[] AnswerOutcomes = ["ok", "missing", "stale", "error"];
    public static readonly string[] AnswerMetrics = ["writesLost", "downtime", "availability", "correctness", "latencyP99", "cost", "totalCost"];
    public static readonly string[] AnswerTheories = ["", "(N-1)/N", "0"];

    /// <summary><c>answer</c>: which figure answers the question (see <see cref="AnswerSpec"/>).</summary>
    private AnswerSpec? ReadAnswer(JsonObject root, IReadOnlyList<FaultSpec> faults)
    {
        var o = Obj(root, "answer", "");
        if (o is null)
        {
            return null;
        }
        var op = Choice(o, "operation", "answer", "all", AnswerOperations, x => x);
        var outcomeName = Str(o, "outcome", "answer", "");
        var metric = Str(o, "metric", "answer", "");
        if ((outcomeName.Length > 0) == (metric.Length > 0))
        {
            Error("answer", "give either \"outcome\" (" + string.Join(", ", AnswerOutcomes) + ") or \"metric\" (" + string.Join(", ", AnswerMetrics) + ")");
        }
        Outcome? outcome = null;
        if (outcomeName.Length > 0)
        {
            outcome = Choice(o, "outcome", "answer", Outcome.Ok, Names.Outcomes, Names.Of);
        }
        if (metric.Length > 0 && !AnswerMetrics.Contains(metric))
        {
            Error("answer.metric", $"unknown metric \"{metric}\"{Suggestion(metric, AnswerMetrics)} (one of: {string.Join(", ", AnswerMetrics)})");
        }
        var periodText = Str(o, "period", "answer", "all").Trim();
        var period = "all";
        var faultIndex = -1;
        if (periodText != "all")
        {
            var space = periodText.IndexOf(' ', StringComparison.Ordinal);
            period = space > 0 ? periodText[..space] : periodText;
            var fault = space > 0 ? periodText[(space + 1)..].Trim() : "";
            for (var i = 0; i < faults.Count && faultIndex < 0; i++)
            {
                if (faults[i].At is not null && Names.Of(faults[i].Kind) == fault)
                {
                    faultIndex = i;
                }
            }
            if (period is not ("before" or "after" or "around") || faultIndex < 0)
            {
                var timed = faults.Where(f => f.At is not null).Select(f => Names.Of(f.Kind)).Distinct().ToList();
                Error("answer.period", $"\"{periodText}\" must be \"all\", or \"before\", \"after\" or \"around\" and the kind of a timed fault in \"faults\"" +
                    (timed.Count > 0 ? $" (here: {string.Join(", ", timed)})" : " (this scenario has none)"));
            }
            if (metric.Length > 0)
            {
                Error("answer.period", "a period applies to an \"outcome\" share; a \"metric\" is for the whole run");
            }
        }
        var theory = Choice(o, "theory", "answer", "", AnswerTheories, x => x);
        var text = Str(o, "text", "answer", "");
        IReadOnlyList<Operation> ops = op switch
        {
            "all" => Names.Operations,
            "reads" => [Operation.ReadOwn, Operation.ReadAny],
            "writes" => [Operation.Create, Operation.Update],
            _ => [Names.Operations.First(x => Names.Of(x) == op)],
        };
        return new AnswerSpec(op, ops, outcome, metric, period, faultIndex, theory, text);
    }

    private static string Suggestion(string word, IEnumerable<string> candidates) =>
        EditDistance.Suggest(word, candidates) is { } s ? $"; did you mean \"{s}\"?" : "";

    private void CheckKnown(JsonObject o, string path, string? pattern = null)
    {
        if (!KnownFields.TryGetValue(pattern ?? path, out var known))
        {
            return;
        }
        foreach (var (key, _) in o)
        {
            if (!known.Contains(key))
            {
                var where = path.Length == 0 ? key : path + "." + key;
                Error(where, "unknown field" + Suggestion(key, known) +
                    (EditDistance.Suggest(key, known) is null ? $" (fields here: {string.Join(", ", known)})" : ""));
            }
        }
    }

    private JsonObject? Obj(JsonObject? parent, string name, string parentPath)
    {
        if (parent?[name] is not { } node)
        {
            return null;
        }
        var path = Join(parentPath, name);
        if (node is not JsonObject o)
        {
            Error(path, "must be an object");
            return null;
        }
        CheckKnown(o, path);
        return o;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private string Str(JsonObject? o, string name, string parent, string fallback)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }
        Error(Join(parent, name), "must be a string");
        return fallback;
    }

    private bool Bool(JsonObject? o, string name, string parent, bool fallback)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b;
        }
        Error(Join(parent, name), "must be true or false");
        return fallback;
    }

    private double Num(JsonObject? o, string name, string parent, double fallback, double min, double max)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d))
        {
            if (d < min || d > max || double.IsNaN(d))
            {
                Error(Join(parent, name), string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max} (got {d})"));
                return fallback;
            }
            return d;
        }
        Error(Join(parent, name), "must be a number");
        return fallback;
    }

    private long Long(JsonObject? o, string name, string parent, long fallback)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l))
        {
            return l;
        }
        Error(Join(parent, name), "must be a whole number");
        return fallback;
    }

    private int Int(JsonObject? o, string name, string parent, int fallback, int min, int max)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d))
        {
            if (d != Math.Floor(d))
            {
                Error(Join(parent, name), string.Create(CultureInfo.InvariantCulture, $"must be a whole number (got {d})"));
                return fallback;
            }
            if (d < min || d > max)
            {
                Error(Join(parent, name), string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max} (got {d})"));
                return fallback;
            }
            return (int)d;
        }
        Error(Join(parent, name), "must be a whole number");
        return fallback;
    }

    private T Choice<T>(JsonObject? o, string name, string parent, T fallback, IReadOnlyList<T> options, Func<T, string> spell)
    {
        var text = Str(o, name, parent, spell(fallback));
        if (name == "kind" && parent == "storage" && text == "rds")
        {
            // SPEC.md: "rds" is accepted as the synonym of "shared".
            text = Names.Of(StorageKind.Shared);
        }
        foreach (var option in options)
        {
            if (spell(option) == text)
            {
                return option;
            }
        }
        var all = options.Select(spell).ToList();
        var hint = name == "kind" && parent == "storage" && (text.Contains("rds", StringComparison.OrdinalIgnoreCase) || text.Contains("postgres", StringComparison.OrdinalIgnoreCase))
            ? "; an RDS PostgreSQL database is \"shared\" or \"rds\" (add \"standby\": true for Multi-AZ)" + Suggestion(text, all)
            : Suggestion(text, all);
        Error(Join(parent, name), $"unknown {name} \"{text}\"{hint} (one of: {string.Join(", ", all)})");
        return fallback;
    }

    private Duration Dur(JsonObject? o, string name, string parent, Duration fallback, Duration min, Duration max)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        var path = Join(parent, name);
        if (node is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            Error(path, "must be a duration string, " + DurationParser.Help);
            return fallback;
        }
        if (!DurationParser.TryParse(text, out var d, out var error))
        {
            Error(path, error);
            return fallback;
        }
        if (d < min || d > max)
        {
            Error(path, $"must be from {min} to {max} (got {d})");
            return fallback;
        }
        return d;
    }

    private DurationDistribution Dist(JsonObject? o, string name, string parent, DurationDistribution fallback)
    {
        if (o?[name] is null)
        {
            return fallback;
        }
        var errors = _errors.Count;
        var d = DistUnchecked(o, name, parent, fallback);
        var p999 = d.QuantileSeconds(0.999);
        if (_errors.Count == errors && !(p999 <= DurationDistribution.MaxSample.TotalSeconds))
        {
            Error(Join(parent, name), $"one draw in a thousand would be longer than {DurationDistribution.MaxSample}, the longest duration the simulator draws " +
                                      $"(99.9th percentile: {(double.IsFinite(p999) && p999 < 9e12 ? Duration.FromSeconds(p999).ToReadable() : "beyond any clock")}); " +
                                      "use a smaller scale or a less skewed shape");
            return fallback;
        }
        return d;
    }

    private DurationDistribution DistUnchecked(JsonObject? o, string name, string parent, DurationDistribution fallback)
    {
        if (o?[name] is not { } node)
        {
            return fallback;
        }
        var path = Join(parent, name);
        if (node is JsonValue)
        {
            // Shorthand: a plain duration is a constant.
            var d = Dur(o, name, parent, Duration.Zero, Duration.Zero, Duration.FromSeconds(86400L * Defaults.MaxDurationDays));
            return new ConstantDistribution(d);
        }
        if (node is not JsonObject obj || obj.Count != 1)
        {
            Error(path, "must be one distribution: {\"constant\": D}, {\"exponential\": {\"mean\": D}}, {\"uniform\": {\"min\": D, \"max\": D}}, " +
                        "{\"lognormal\": {\"median\": D, \"p99\": D}} or {\"weibull\": {\"shape\": x, \"scale\": D}}");
            return fallback;
        }
        var (kind, body) = obj.First();
        var inner = path + "." + kind;
        var max = Duration.FromSeconds(86400L * Defaults.MaxDurationDays);
        switch (kind)
        {
            case "constant":
                return new ConstantDistribution(Dur(obj, "constant", path, Duration.Zero, Duration.Zero, max));
            case "exponential":
                {
                    var b = Params(body, inner, "mean");
                    var mean = Dur(b, "mean", inner, Duration.FromSeconds(1), new Duration(1), max);
                    return new ExponentialDistribution(mean.TotalSeconds);
                }
            case "uniform":
                {
                    var b = Params(body, inner, "min", "max");
                    var lo = Dur(b, "min", inner, Duration.Zero, Duration.Zero, max);
                    var hi = Dur(b, "max", inner, Duration.Zero, Duration.Zero, max);
                    if (hi < lo)
                    {
                        Error(inner + ".max", $"must not be below min ({lo})");
                    }
                    return new UniformDistribution(lo.TotalSeconds, hi.TotalSeconds);
                }
            case "lognormal":
                {
                    var b = Params(body, inner, "median", "p99");
                    var median = Dur(b, "median", inner, Duration.FromSeconds(1), new Duration(1), max);
                    var p99 = Dur(b, "p99", inner, Duration.FromSeconds(2), new Duration(1), max);
                    if (p99 <= median)
                    {
                        Error(inner + ".p99", $"must be above the median ({median})");
                        return fallback;
                    }
                    return new LogNormalDistribution(median.TotalSeconds, p99.TotalSeconds);
                }
            case "weibull":
                {
                    var b = Params(body, inner, "shape", "scale");
                    var shape = Num(b, "shape", inner, 1, 0.05, 100);
                    var scale = Dur(b, "scale", inner, Duration.FromSeconds(1), new Duration(1), max);
                    return new WeibullDistribution(shape, scale.TotalSeconds);
                }
            default:
                Error(inner, $"unknown distribution{Suggestion(kind, DistributionKinds)} (one of: {string.Join(", ", DistributionKinds)})");
                return fallback;
        }
    }

    private JsonObject? Params(JsonNode? body, string path, params string[] names)
    {
        if (body is not JsonObject b)
        {
            Error(path, $"must be an object with {string.Join(" and ", names)}");
            return null;
        }
        foreach (var (key, _) in b)
        {
            if (!names.Contains(key))
            {
                Error(path + "." + key, "unknown field" + Suggestion(key, names) + $" (expected: {string.Join(", ", names)})");
            }
        }
        foreach (var n in names)
        {
            if (b[n] is null)
            {
                Error(path, $"needs \"{n}\"");
            }
        }
        return b;
    }
}
