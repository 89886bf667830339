namespace ReplicaSim.Model;

/// <summary>The EBS volume type under an instance's database (<c>storage.storageType</c>).</summary>
public enum StorageType
{
    Gp2,
    Gp3,
    Io1,
}

/// <summary>
/// <c>storage.storageType</c>, <c>allocatedGiB</c> and <c>iops</c>: how many I/O operations per second the
/// writer's volume completes, and for gp2 its burst bucket (../shared/FACTS.md, "storage types").
/// </summary>
/// <param name="Type">gp2, gp3 or io1.</param>
/// <param name="AllocatedGiB">The volume's size; gp2's baseline comes from it.</param>
/// <param name="ProvisionedIops">gp3 and io1: the IOPS given (gp3 default 3,000); unused for gp2.</param>
public sealed record StorageVolume(StorageType Type, int AllocatedGiB, int ProvisionedIops)
{
    /// <summary>gp2 bursts to 3,000 IOPS (documented).</summary>
    public const int Gp2BurstIops = 3000;

    /// <summary>gp2's I/O credit bucket: 5.4 million credits, full when the volume is created (EBS User Guide, gp2 I/O credits and burst performance).</summary>
    public const double Gp2BucketCredits = 5_400_000;

    /// <summary>gp3's baseline: 3,000 IOPS whatever the size (documented).</summary>
    public const int Gp3BaselineIops = 3000;

    /// <summary>gp2's largest baseline, 16,000 IOPS (EBS User Guide; reached at 5,334 GiB).</summary>
    public const int Gp2MaxIops = 16000;

    /// <summary>The lesson's volume: 20 GiB (also gp3's minimum).</summary>
    public const int DefaultAllocatedGiB = 20;

    /// <summary>The rate the volume sustains: gp2 3 IOPS per GiB, at least 100; gp3 and io1 what is provisioned.</summary>
    public int BaselineIops => Type == StorageType.Gp2 ? Math.Clamp(3 * AllocatedGiB, 100, Gp2MaxIops) : ProvisionedIops;

    /// <summary>gp2 below 3,000 IOPS of baseline bursts to 3,000 while its bucket holds credits.</summary>
    public bool Bursts => Type == StorageType.Gp2 && BaselineIops < Gp2BurstIops;

    /// <summary>The rate while credits last.</summary>
    public int PeakIops => Bursts ? Gp2BurstIops : BaselineIops;

    public string Name => Names.Of(Type);
}
