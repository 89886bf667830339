using System.Runtime.CompilerServices;

namespace ReplicaSim.Engine;

/// <summary>
/// A priority queue of pending events, ordered by (time, sequence number), with O(log n) cancellation.
/// </summary>
/// <remarks>
/// The sequence number is assigned at scheduling and is part of the priority, so events at the same
/// instant come out in the order they were scheduled (.NET's <c>PriorityQueue</c> does not promise that).
/// Entries live in arrays that grow but never shrink; in steady state scheduling allocates nothing.
/// The heap is 4-ary: half the levels of a binary heap, and a node's children sit side by side in memory.
/// The earliest event may wait outside the heap, in a front place of its own: an event scheduled to happen
/// before every pending one (a network hop of half a millisecond, say) goes there, and the next pop takes it
/// without touching the heap. Most requests' short hops never enter the heap, and the order is the same.
/// Events that all wait one fixed delay (a network hop, a busy timeout) can go to a lane of their own instead:
/// scheduled from a clock that never goes back, they fall due in the order they were scheduled, so a lane is a
/// first-in first-out ring, and a pop takes the earliest of the front place or the heap's top and each lane's
/// first: the same order as one heap, at no cost of sifting. A cancelled event in a lane is left in place and
/// skipped once it reaches the lane's head.
/// </remarks>
public sealed class EventQueue
{
    private struct HeapEntry
    {
        public long Time;
        public long Sequence;
        public int Slot;
    }

    private struct SlotData
    {
        public EventTarget? Target;
        public long Arg;
        public long Sequence;
        public int Kind;
        public int HeapIndex;
    }

    private HeapEntry[] _heap = new HeapEntry[64];
    private SlotData[] _slots = new SlotData[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slotHighWater;
    private int _count;
    private long _nextSequence;

    /// <summary>Heap index of an event held in the front place.</summary>
    private const int InFront = -1;

    /// <summary>Heap index of an event in lane 0; lane i is <c>InLane0 - i</c>.</summary>
    private const int InLane0 = -2;

    // The front place: when set, its event comes before every event in the heap.
    private bool _hasFront;
    private HeapEntry _front;

    // The lanes of fixed delays; the first entry of each is always an event still pending. The earliest of
    // those first entries is kept aside (_laneFirst, from lane _laneFirstIndex; -1 when every lane is empty),
    // so that a pop compares one entry, not every lane's.
    private Lane[] _lanes = [];
    private int _laneCount;
    private HeapEntry _laneFirst;
    private int _laneFirstIndex = -1;

    public int Count => _count + (_hasFront ? 1 : 0) + _laneCount;

    /// <summary>Time of the earliest pending event; <see cref="Instant.Never"/> when empty.</summary>
    public Instant PeekTime
    {
        get
        {
            var time = _hasFront ? _front.Time : _count == 0 ? Instant.Never.Microseconds : _heap[0].Time;
            return new Instant(_laneFirstIndex >= 0 && _laneFirst.Time < time ? _laneFirst.Time : time);
        }
    }

    /// <summary>The lane for events that wait exactly <paramref name="delayUs"/>; made on first asking.</summary>
    public int LaneFor(long delayUs)
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (_lanes[i].DelayUs == delayUs)
            {
                return i;
            }
        }
        Array.Resize(ref _lanes, _lanes.Length + 1);
        _lanes[^1] = new Lane(delayUs);
        return _lanes.Length - 1;
    }

    /// <summary>
    /// A lane for events of varying delays that are scheduled in the order they fall due (a stream that has one
    /// event pending at a time, such as the next arrival): first in, first out, as a lane of one delay.
    /// </summary>
    public int OrderedLane()
    {
        Array.Resize(ref _lanes, _lanes.Length + 1);
        _lanes[^1] = new Lane(-1);
        return _lanes.Length - 1;
    }

    /// <summary>
    /// Schedules an event in lane <paramref name="lane"/>, due at <paramref name="now"/> plus the lane's delay;
    /// <paramref name="now"/> must never be earlier than at the lane's previous scheduling (it is the clock).
    /// </summary>
    public EventHandle ScheduleInLane(int lane, Instant now, EventTarget target, int kind, long arg)
    {
        var l = _lanes[lane];
        return Enqueue(l, lane, now.Microseconds + l.DelayUs, target, kind, arg);
    }

    /// <summary>
    /// Schedules an event at <paramref name="time"/> in an ordered lane (<see cref="OrderedLane"/>); false, and nothing
    /// scheduled, when that is earlier than the last event scheduled in the lane (cancelled or not: cancelling an event
    /// leaves it in place until it reaches the lane's head).
    /// </summary>
    public bool TryScheduleInOrder(int lane, Instant time, EventTarget target, int kind, long arg, out EventHandle handle)
    {
        var l = _lanes[lane];
        if (l.DelayUs >= 0)
        {
            throw new ArgumentException("a lane of one fixed delay takes its events through ScheduleInLane", nameof(lane));
        }
        if (time.Microseconds < l.LastTime)
        {
            handle = default;
            return false;
        }
        handle = Enqueue(l, lane, time.Microseconds, target, kind, arg);
        return true;
    }

    private EventHandle Enqueue(Lane l, int lane, long time, EventTarget target, int kind, long arg)
    {
        var entry = NewEntry(time, target, kind, arg);
        _slots[entry.Slot].HeapIndex = InLane0 - lane;
        l.Entries.Enqueue(entry);
        l.LastTime = time;
        _laneCount++;
        if (l.Entries.Count == 1 && (_laneFirstIndex < 0 || Less(entry, _laneFirst)))
        {
            _laneFirst = entry;
            _laneFirstIndex = lane;
        }
        return new EventHandle(entry.Slot, entry.Sequence);
    }

    /// <summary>A new event's slot, filled, and its entry (its time, the next sequence number and the slot).</summary>
    private HeapEntry NewEntry(long time, EventTarget target, int kind, long arg)
    {
        var slot = AllocateSlot();
        var seq = _nextSequence++;
        ref var s = ref _slots[slot];
        s.Target = target;
        s.Arg = arg;
        s.Kind = kind;
        s.Sequence = seq;
        return new HeapEntry { Time = time, Sequence = seq, Slot = slot };
    }

    public EventHandle Schedule(Instant time, EventTarget target, int kind, long arg)
    {
        var entry = NewEntry(time.Microseconds, target, kind, arg);
        ref var s = ref _slots[entry.Slot];
        // The new event has the highest sequence number yet, so it comes first only if strictly earlier.
        if (_hasFront)
        {
            if (entry.Time < _front.Time)
            {
                Push(_front);
                _front = entry;
                s.HeapIndex = InFront;
            }
            else
            {
                Push(entry);
            }
        }
        else if (_count == 0 || entry.Time < _heap[0].Time)
        {
            _hasFront = true;
            _front = entry;
            s.HeapIndex = InFront;
        }
        else
        {
            Push(entry);
        }
        return new EventHandle(entry.Slot, entry.Sequence);
    }

    private void Push(HeapEntry entry)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        SiftUp(_count++, entry);
    }

    /// <summary>Removes a pending event. Returns false if it already ran or was cancelled.</summary>
    public bool Cancel(EventHandle handle)
    {
        if (handle.Slot < 0 || handle.Slot >= _slotHighWater)
        {
            return false;
        }
        ref var s = ref _slots[handle.Slot];
        if (s.Sequence != handle.Sequence || s.Target is null)
        {
            return false;
        }
        var index = s.HeapIndex;
        FreeSlot(handle.Slot);
        if (index == InFront)
        {
            _hasFront = false;
            return true;
        }
        if (index <= InLane0)
        {
            _laneCount--;
            DropCancelled(_lanes[InLane0 - index]);
            FindLaneFirst();
            return true;
        }
        var last = _heap[--_count];
        if (index < _count)
        {
            if (index > 0 && Less(last, _heap[(index - 1) >> 2]))
            {
                SiftUp(index, last);
            }
            else
            {
                SiftDown(index, last);
            }
        }
        return true;
    }

    /// <summary>Removes the earliest event and returns its data. The queue must not be empty.</summary>
    public Instant Pop(out EventTarget target, out int kind, out long arg)
    {
        if (_laneFirstIndex >= 0 && (_hasFront ? Less(_laneFirst, _front) : _count == 0 || Less(_laneFirst, _heap[0])))
        {
            return PopLane(out target, out kind, out arg);
        }
        if (_hasFront)
        {
            _hasFront = false;
            ref var f = ref _slots[_front.Slot];
            target = f.Target!;
            kind = f.Kind;
            arg = f.Arg;
            FreeSlot(_front.Slot);
            return new Instant(_front.Time);
        }
        var top = _heap[0];
        ref var s = ref _slots[top.Slot];
        target = s.Target!;
        kind = s.Kind;
        arg = s.Arg;
        FreeSlot(top.Slot);
        var last = _heap[--_count];
        if (_count > 0)
        {
            SiftDown(0, last);
        }
        return new Instant(top.Time);
    }

    /// <summary>Pops the earliest lane's first event.</summary>
    private Instant PopLane(out EventTarget target, out int kind, out long arg)
    {
        var top = _laneFirst;
        var lane = _lanes[_laneFirstIndex];
        ref var s = ref _slots[top.Slot];
        target = s.Target!;
        kind = s.Kind;
        arg = s.Arg;
        FreeSlot(top.Slot);
        lane.Entries.Dequeue();
        _laneCount--;
        DropCancelled(lane);
        FindLaneFirst();
        return new Instant(top.Time);
    }

    /// <summary>Drops the cancelled events at the head of a lane, so that its first event is pending.</summary>
    private void DropCancelled(Lane lane)
    {
        var entries = lane.Entries;
        while (entries.Count > 0 && _slots[entries.First.Slot].Sequence != entries.First.Sequence)
        {
            entries.Dequeue();
        }
    }

    /// <summary>Finds the earliest of the lanes' first events again.</summary>
    private void FindLaneFirst()
    {
        _laneFirstIndex = -1;
        for (var i = 0; i < _lanes.Length; i++)
        {
            var entries = _lanes[i].Entries;
            if (entries.Count > 0 && (_laneFirstIndex < 0 || Less(entries.First, _laneFirst)))
            {
                _laneFirst = entries.First;
                _laneFirstIndex = i;
            }
        }
    }

    private static bool Less(in HeapEntry a, in HeapEntry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);

    private void SiftUp(int index, HeapEntry entry)
    {
        var heap = _heap;
        while (index > 0)
        {
            var parent = (index - 1) >> 2;
            if (!Less(entry, heap[parent]))
            {
                break;
            }
            heap[index] = heap[parent];
            _slots[heap[index].Slot].HeapIndex = index;
            index = parent;
        }
        heap[index] = entry;
        _slots[entry.Slot].HeapIndex = index;
    }

    /// <summary>
    /// Fills the hole at <paramref name="index"/> with <paramref name="entry"/>: the hole goes down to a leaf along
    /// the earliest children, then the entry goes up from there while it is earlier than its parent (Floyd's
    /// order). The entry moved in at a pop is the heap's last, late as a rule, so it rarely goes up at all, and the
    /// way down does not ask at each level whether to stop, a question of random times that a branch predictor
    /// cannot guess. Every entry is unique by (time, sequence), so the pops come out in the same order either way.
    /// </summary>
    private void SiftDown(int index, HeapEntry entry)
    {
        var heap = _heap;
        var slots = _slots;
        var count = _count;
        while (true)
        {
            var first = (index << 2) + 1;
            if (first >= count)
            {
                break;
            }
            // The earliest of up to four children, found without branches: which of several random times is
            // smallest is what a branch predictor cannot guess, and a wrong guess costs more than the compare.
            var best = first;
            var bestTime = heap[first].Time;
            var bestSequence = heap[first].Sequence;
            var last = Math.Min(first + 4, count);
            for (var c = first + 1; c < last; c++)
            {
                var time = heap[c].Time;
                var sequence = heap[c].Sequence;
                var m = -(long)Unsafe.BitCast<bool, byte>((time < bestTime) | ((time == bestTime) & (sequence < bestSequence)));
                best = (int)((c & m) | (best & ~m));
                bestTime = (time & m) | (bestTime & ~m);
                bestSequence = (sequence & m) | (bestSequence & ~m);
            }
            heap[index] = heap[best];
            slots[heap[index].Slot].HeapIndex = index;
            index = best;
        }
        SiftUp(index, entry);
    }

    private int AllocateSlot()
    {
        if (_freeCount > 0)
        {
            return _freeSlots[--_freeCount];
        }
        if (_slotHighWater == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }
        return _slotHighWater++;
    }

    private void FreeSlot(int slot)
    {
        ref var s = ref _slots[slot];
        s.Target = null;
        s.Sequence = -1;
        if (_freeCount == _freeSlots.Length)
        {
            Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
        }
        _freeSlots[_freeCount++] = slot;
    }

    /// <summary>The events that wait one fixed delay, in the order they fall due; cancelled ones stay until they reach its head.</summary>
    private sealed class Lane(long delayUs)
    {
        /// <summary>The lane's one delay; -1 for an ordered lane (each event its own, in the order they fall due).</summary>
        public readonly long DelayUs = delayUs;

        /// <summary>The due time of the last event scheduled in the lane.</summary>
        public long LastTime = long.MinValue;
        public readonly FifoRing<HeapEntry> Entries = new();
    }
}
