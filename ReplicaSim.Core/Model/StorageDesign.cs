using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// A database kind as a few mechanisms with their parameters: where the copies live, what a commit waits
/// for, which copies lag behind and can serve reads, how it fails over and how it is backed up. One row of
/// <see cref="StoragePresets"/>; a scenario overrides the parameters it names.
/// </summary>
public sealed record StorageDesign
{
    public required StorageKind Kind { get; init; }

    /// <summary>What the kind stands for, in the lesson's words.</summary>
    public required string StandsFor { get; init; }

    public required CopyPlacement Placement { get; init; }

    public required CommitWait CommitWaitsFor { get; init; }

    /// <summary>Readable copies that come with the kind whatever <c>readReplicas</c> says (a Multi-AZ DB cluster's two standbys).</summary>
    public int BuiltInReaders { get; init; }

    /// <summary>Whether <c>storage.readReplicas</c> may add asynchronous readers.</summary>
    public bool TakesReadReplicas { get; init; }

    /// <summary>A failover promotes a reader (Aurora, DocumentDB, the cluster's standbys, a streaming replica).</summary>
    public bool PromotesReader { get; init; }

    /// <summary>The promoted reader has only what had reached it: writes still in flight to it are lost.</summary>
    public bool PromotionLosesUnreplicated { get; init; }

    /// <summary>Without a reader, a new writer instance is started on the surviving volume (Aurora) after <c>recoveryTime</c>.</summary>
    public bool NewWriterWithoutReader { get; init; }

    /// <summary>Reads go to a random one of <see cref="Copies"/> copies, one of which lags (DynamoDB), unless <c>consistentReads</c>.</summary>
    public bool EventualReads { get; init; }

    /// <summary>Copies of the data kept by the store itself (for eventual reads and storage loss).</summary>
    public int Copies { get; init; } = 1;

    public required FailoverMode Failover { get; init; }

    public required BackupMode Backup { get; init; }

    public required Duration BackupInterval { get; init; }

    public required DurationDistribution ReadTime { get; init; }

    public required DurationDistribution WriteTime { get; init; }

    public required DurationDistribution FailoverTime { get; init; }

    public required DurationDistribution RecoveryTime { get; init; }

    /// <summary>How long after a commit an asynchronous copy has it.</summary>
    public required DurationDistribution ReplicaLag { get; init; }

    /// <summary>Where the figures come from (../shared/FACTS.md rows), or "assumption".</summary>
    public required string Sources { get; init; }

    /// <summary>A database instance of yours that can fail (not SQLite, not DynamoDB).</summary>
    public bool HasInstance => Placement is CopyPlacement.InstanceVolume or CopyPlacement.MultiZoneVolume;

    /// <summary>Served by a database engine over the network (every kind but the SQLite ones).</summary>
    public bool IsServer => Placement is CopyPlacement.InstanceVolume or CopyPlacement.MultiZoneVolume or CopyPlacement.RegionalService;

    /// <summary>The data survives the loss of one zone and of one copy's storage.</summary>
    public bool SurvivesZone => Placement is CopyPlacement.MultiZoneVolume or CopyPlacement.RegionalService;
}
