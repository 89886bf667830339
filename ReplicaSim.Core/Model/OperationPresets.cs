using ReplicaSim.Engine;

namespace ReplicaSim.Model;

/// <summary>
/// Random occurrences of the operations by preset (<c>{"kind": "maintenance", "preset": "patching"}</c>), for long
/// runs: when the next one happens and how long it lasts, as each kind lives it.
/// </summary>
/// <remarks>
/// RDS kinds: required OS/engine patching "typically once every few months" (an assumption: exponential gaps with a
/// mean of 91 days), applied in the weekly 30-minute maintenance window; a single-AZ instance is offline "typically
/// between 5 to 10 minutes" (uniform). EC2 PostgreSQL: the team's monthly patch reboot (every fourth week), in the same
/// window, down 5-15 minutes (an assumption). The run is taken to start on a Monday at 00:00 and the window to be
/// Sunday 03:00-03:30 (assumptions; RDS picks a window at random). DynamoDB and SQLite have no instance to patch.
/// </remarks>
public static class OperationPresets
{
    public const string Patching = "patching";

    public static readonly IReadOnlyList<string> Names = [Patching];

    /// <summary>The weekly maintenance window: Sunday 03:00 when the run starts on a Monday at 00:00.</summary>
    public static readonly Duration WindowStart = Duration.FromSeconds((6 * 86400) + (3 * 3600));

    public static readonly Duration Week = Duration.FromSeconds(7 * 86400);

    public static readonly Duration RdsMeanGap = Duration.FromSeconds(91 * 86400);

    public static readonly Duration Ec2Gap = Duration.FromSeconds(28 * 86400);

    /// <summary>The fault kinds a preset applies to.</summary>
    public static bool AppliesTo(FaultKind kind) => kind == FaultKind.Maintenance;

    /// <summary>The next occurrence after <paramref name="now"/>, or null when the kind has nothing to patch.</summary>
    public static Instant? Next(StorageKind kind, Instant now, System.Random random)
    {
        // Always draw, so that the stream stays aligned across variants.
        var u = random.NextDouble();
        Duration gap;
        if (kind == StorageKind.Ec2PostgreSql)
        {
            gap = Ec2Gap;
        }
        else if (StoragePresets.Of(kind).HasInstance)
        {
            gap = Duration.FromSeconds(-Math.Log(1 - u) * RdsMeanGap.TotalSeconds);
        }
        else
        {
            return null;
        }
        return NextWindow(now + gap);
    }

    /// <summary>The first window start at or after <paramref name="t"/>.</summary>
    public static Instant NextWindow(Instant t)
    {
        var since = t.Microseconds - WindowStart.Microseconds;
        var weeks = since <= 0 ? 0 : (since + Week.Microseconds - 1) / Week.Microseconds;
        return Instant.Start + WindowStart + (Week * weeks);
    }

    /// <summary>How long one patch keeps the instance offline (single-AZ, EC2).</summary>
    public static Duration PatchTime(StorageKind kind, System.Random random)
    {
        var u = random.NextDouble();
        return kind == StorageKind.Ec2PostgreSql ? Duration.FromSeconds(300 + (u * 600)) : Duration.FromSeconds(300 + (u * 300));
    }
}
