namespace ReplicaSim.Engine;

/// <summary>The clock and the run loop: take the next event, advance the clock, dispatch.</summary>
/// <remarks>Time never goes backwards: scheduling in the past is refused. The loop itself logs and writes nothing.</remarks>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();

    public Instant Now { get; private set; } = Instant.Start;

    /// <summary>Events dispatched so far.</summary>
    public long EventsProcessed { get; private set; }

    public ISimulationObserver? Observer { get; set; }

    public int PendingEvents => _queue.Count;

    public EventHandle Schedule(Duration delay, EventTarget target, int kind, long arg = 0)
    {
        var time = Now + delay;
        if (delay.Microseconds < 0 || time < Now)
        {
            // A negative delay, or one so long that the clock would wrap around.
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "an event cannot be scheduled in the past");
        }
        return _queue.Schedule(time, target, kind, arg);
    }

    public EventHandle ScheduleAt(Instant time, EventTarget target, int kind, long arg = 0)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, "an event cannot be scheduled in the past");
        }
        return _queue.Schedule(time, target, kind, arg);
    }

    public bool Cancel(EventHandle handle) => _queue.Cancel(handle);

    /// <summary>Runs every event due at or before <paramref name="end"/>, then leaves the clock at <paramref name="end"/>.</summary>
    public void RunUntil(Instant end)
    {
        var queue = _queue;
        while (queue.Count > 0 && queue.PeekTime <= end)
        {
            Now = queue.Pop(out var target, out var kind, out var arg);
            EventsProcessed++;
            Observer?.OnEvent(Now, target, kind, arg);
            target.OnEvent(kind, arg);
        }
        if (end > Now)
        {
            Now = end;
        }
    }

    /// <summary>Runs until no event is pending.</summary>
    public void RunToCompletion() => RunUntil(new Instant(long.MaxValue - 1));
}
