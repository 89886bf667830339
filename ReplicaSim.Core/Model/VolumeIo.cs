namespace ReplicaSim.Model;

/// <summary>
/// The writer's EBS volume as the commits see it (<c>storage.storageType</c>): every commit needs one write I/O,
/// and the volume completes at most its IOPS; a commit beyond that waits its turn, first come first served.
/// gp2 below 3,000 IOPS of baseline runs at 3,000 while its I/O credit bucket holds credits: the bucket starts
/// full (5.4 million), earns the baseline IOPS every second and spends one credit per I/O, so under a sustained
/// rate u above the baseline b it empties after bucket / (u - b) seconds, and the volume then runs at b.
/// </summary>
/// <remarks>
/// As with <see cref="DatabaseCapacity"/>, a commit's wait is known when it is planned: the volume starts one I/O
/// every 1 / IOPS, so its backlog is all the state the queue needs (no events, nothing allocated). Reads are assumed served from the database's memory (no I/O). A failover brings the standby's
/// volume, which had the same writes: its queue starts empty and its credit balance carries over.
/// </remarks>
public sealed class VolumeIo
{
    private readonly double _baselineGapUs;
    private readonly double _peakGapUs;
    private readonly double _earnPerUs;
    private readonly bool _bursts;
    private double _backlogUs;
    private long _lastArriveUs;
    private double _balance;
    private long _lastUs;
    private int _epoch;

    public VolumeIo(StorageVolume volume)
    {
        Volume = volume;
        _baselineGapUs = 1e6 / volume.BaselineIops;
        _peakGapUs = 1e6 / volume.PeakIops;
        _earnPerUs = volume.BaselineIops / 1e6;
        _bursts = volume.Bursts;
        _balance = _bursts ? StorageVolume.Gp2BucketCredits : 0;
        CreditsExhaustedAtUs = -1;
    }

    public StorageVolume Volume { get; }

    /// <summary>Write I/Os the volume took, those that had to wait, and their total and longest wait.</summary>
    public long Writes { get; private set; }

    public long WaitedWrites { get; private set; }

    public long TotalWaitUs { get; private set; }

    public long MaxWaitUs { get; private set; }

    /// <summary>When gp2's I/O credits first ran out; -1 if they never did (or the type does not burst).</summary>
    public long CreditsExhaustedAtUs { get; private set; }

    /// <summary>gp2's I/O credit balance at <paramref name="nowUs"/> (0 for types that do not burst).</summary>
    public double Credits(long nowUs) => _bursts ? Balance(nowUs) : 0;

    /// <summary>A commit's write I/O reaches the volume at <paramref name="arriveUs"/> (writer epoch <paramref name="epoch"/>): how long it waits for its turn.</summary>
    /// <remarks>
    /// The volume's backlog (work ahead, in microseconds) drains as time passes and grows by 1 / IOPS per I/O: the
    /// Lindley recursion of a FIFO queue. Commits are admitted when they are planned, which is nearly but not
    /// exactly in the order they reach the volume (their CPU and network times differ); one that reaches it
    /// before the latest admitted waits only for the backlog that was already there at its arrival.
    /// </remarks>
    public long Admit(long arriveUs, int epoch)
    {
        if (epoch != _epoch)
        {
            _epoch = epoch;
            _backlogUs = 0;
            _lastArriveUs = arriveUs;
        }
        double wait;
        if (arriveUs >= _lastArriveUs)
        {
            _backlogUs = Math.Max(0, _backlogUs - (arriveUs - _lastArriveUs));
            _lastArriveUs = arriveUs;
            wait = _backlogUs;
        }
        else
        {
            wait = Math.Max(0, _backlogUs - (_lastArriveUs - arriveUs));
        }
        var gap = _baselineGapUs;
        if (_bursts)
        {
            var startUs = arriveUs + (long)wait;
            var balance = Balance(startUs);
            _lastUs = Math.Max(_lastUs, startUs);
            if (balance >= 1)
            {
                gap = _peakGapUs;
            }
            else if (CreditsExhaustedAtUs < 0)
            {
                CreditsExhaustedAtUs = startUs;
            }
            _balance = balance - 1;
        }
        _backlogUs += gap;
        var waitUs = (long)Math.Ceiling(wait);
        Writes++;
        if (waitUs > 0)
        {
            WaitedWrites++;
            TotalWaitUs += waitUs;
            MaxWaitUs = Math.Max(MaxWaitUs, waitUs);
        }
        return waitUs;
    }

    private double Balance(long nowUs)
    {
        var elapsed = Math.Max(0, nowUs - _lastUs);
        return Math.Min(StorageVolume.Gp2BucketCredits, _balance + (elapsed * _earnPerUs));
    }
}
