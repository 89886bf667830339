namespace ReplicaSim.Model;

/// <summary>
/// The team's routine hours per month that a kind costs, by the chores of the lesson's "RDS vs Self-Managed
/// Database" table. No vendor documents these figures: every one is an assumption, traced to the table's row
/// (AWS does it: minutes of reading notices; you do it: hours).
/// </summary>
public sealed record OperationsProfile(double Install, double Patching, double Backups, double Failovers, double Monitoring, double Resizing, string Sources)
{
    public double HoursPerMonth => Install + Patching + Backups + Failovers + Monitoring + Resizing;

    /// <summary>The chores with their hours, in the order of the lesson's table.</summary>
    public IReadOnlyList<(string Chore, double Hours)> Items =>
    [
        ("install database", Install),
        ("apply security patches", Patching),
        ("set up backups", Backups),
        ("handle failover", Failovers),
        ("monitor disk space", Monitoring),
        ("scale up", Resizing),
    ];

    private const string Managed = "lesson table: AWS installs, patches, backs up, fails over and watches the disk, scaling is a click; " +
                                   "hours for reading notices, picking the window, checking alarms and clicking (assumptions)";

    /// <summary>The profile of a kind.</summary>
    public static OperationsProfile Of(StorageKind kind) => kind switch
    {
        StorageKind.Shared or StorageKind.RdsMultiAzCluster or StorageKind.Aurora or StorageKind.DocumentDb
            => new(0, 0.25, 0, 0, 0.5, 0.25, Managed),
        StorageKind.DynamoDb => new(0, 0, 0, 0, 0.25, 0, "a serverless table: nothing to install, patch, fail over or resize; checking alarms (assumption)"),
        StorageKind.Ec2PostgreSql => new(1, 4, 3, 2, 2, 1,
            "lesson table: you install, patch every month, back up with cron jobs, fail over (complex), set disk alerts and resize (painful); " +
            "install spread as 1 h a month, 4 h patching, 3 h backups and restore tests, 2 h failover set-up and drills, 2 h monitoring, 1 h resizing (assumptions)"),
        StorageKind.SqliteSharedFile => new(0, 0, 0, 0, 0.25, 0, "a managed network filesystem: checking alarms (assumption)"),
        _ => new(0, 0, 0, 0, 0, 0, "a file inside each container: nothing to run (and no backups, the lesson notes)"),
    };

    /// <summary>
    /// Whether people, not the service, handle an incident of <paramref name="fault"/> on this kind: then its length
    /// counts as the team's hours (an assumption: someone works on it from start to end).
    /// </summary>
    public static bool ByHand(FaultKind fault, StorageConfig storage) => fault switch
    {
        FaultKind.SecurityGroupChange or FaultKind.IamTokenExpiry => true,
        FaultKind.Maintenance or FaultKind.ScaleDatabase => storage.Kind == StorageKind.Ec2PostgreSql,
        FaultKind.DatabaseFailure or FaultKind.StorageLoss => storage.Design.HasInstance && storage.Failover == FailoverMode.Manual,
        _ => false,
    };

    /// <summary>Hands-on hours to grow a full volume once someone is paged (an assumption).</summary>
    public const double DiskFullFixHours = 1;
}
