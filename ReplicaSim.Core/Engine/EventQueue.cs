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

    // The front place: when set, its event comes before every event in the heap.
    private bool _hasFront;
    private HeapEntry _front;

    public int Count => _count + (_hasFront ? 1 : 0);

    /// <summary>Time of the earliest pending event; <see cref="Instant.Never"/> when empty.</summary>
    public Instant PeekTime => _hasFront ? new Instant(_front.Time) : _count == 0 ? Instant.Never : new Instant(_heap[0].Time);

    public EventHandle Schedule(Instant time, EventTarget target, int kind, long arg)
    {
        var slot = AllocateSlot();
        var seq = _nextSequence++;
        ref var s = ref _slots[slot];
        s.Target = target;
        s.Arg = arg;
        s.Kind = kind;
        s.Sequence = seq;
        var entry = new HeapEntry { Time = time.Microseconds, Sequence = seq, Slot = slot };
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
        return new EventHandle(slot, seq);
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
            if (entry.Time < bestTime || (entry.Time == bestTime && entry.Sequence < bestSequence))
            {
                break;
            }
            heap[index] = heap[best];
            slots[heap[index].Slot].HeapIndex = index;
            index = best;
        }
        heap[index] = entry;
        slots[entry.Slot].HeapIndex = index;
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
}
