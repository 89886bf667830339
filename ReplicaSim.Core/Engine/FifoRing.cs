namespace ReplicaSim.Engine;

/// <summary>A growable first-in first-out ring (request slots, an event lane's entries): no allocation once warm.</summary>
public sealed class FifoRing<T>
    where T : struct
{
    private T[] _items = new T[16];
    private int _head;

    public int Count { get; private set; }

    /// <summary>The oldest item; the ring must not be empty.</summary>
    public T First => _items[_head];

    public void Enqueue(T value)
    {
        if (Count == _items.Length)
        {
            var bigger = new T[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                bigger[i] = _items[(_head + i) & (_items.Length - 1)];
            }
            _items = bigger;
            _head = 0;
        }
        _items[(_head + Count) & (_items.Length - 1)] = value;
        Count++;
    }

    public T Dequeue()
    {
        var v = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return v;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }
}
