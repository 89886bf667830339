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

    /// <summary>
    /// A lane for events that all wait exactly <paramref name="delay"/> (a constant network hop, a fixed timeout):
    /// they leave in the order they were scheduled, so they wait in a first-in first-out line instead of the heap.
    /// Scheduling through a lane runs events in exactly the order <see cref="Schedule(Duration, EventTarget, int, long)"/>
    /// with the same delay would.
    /// </summary>
    public EventLane Lane(Duration delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay.Microseconds, nameof(delay));
        return new EventLane(_queue.LaneFor(delay.Microseconds), delay);
    }

    /// <summary>Schedules an event after the lane's delay (see <see cref="Lane"/>).</summary>
    public EventHandle Schedule(EventLane lane, EventTarget target, int kind, long arg = 0)
    {
        if (Now + lane.Delay < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(lane), lane.Delay, "an event cannot be scheduled in the past");
        }
        return _queue.ScheduleInLane(lane.Index, Now, target, kind, arg);
    }

    /// <summary>
    /// A lane for events of varying delays that fall due in the order they are scheduled (a stream with one event
    /// pending at a time, such as the next arrival): they skip the heap, and run in exactly the order
    /// <see cref="Schedule(Duration, EventTarget, int, long)"/> would run them. See <see cref="ScheduleInOrder"/>.
    /// </summary>
    public EventLane OrderedLane() => new(_queue.OrderedLane(), new Duration(-1));

    /// <summary>Schedules an event after <paramref name="delay"/> in an ordered lane; it must not fall due before the lane's last event.</summary>
    public EventHandle ScheduleInOrder(EventLane lane, Duration delay, EventTarget target, int kind, long arg = 0)
    {
        var time = Now + delay;
        if (delay.Microseconds < 0 || time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "an event cannot be scheduled in the past");
        }
        if (!_queue.TryScheduleInOrder(lane.Index, time, target, kind, arg, out var handle))
        {
            throw new InvalidOperationException($"an ordered lane's event at {time.Microseconds} us would fall due before the last one scheduled in the lane");
        }
        return handle;
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
