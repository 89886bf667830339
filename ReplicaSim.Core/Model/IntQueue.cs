namespace ReplicaSim.Model;

/// <summary>A growable FIFO ring of ints (request slots): no allocation once warm.</summary>
public sealed class IntQueue
{
    private int[] _items = new int[16];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(int value)
    {
        if (Count == _items.Length)
        {
            var bigger = new int[_items.Length * 2];
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

    public int Dequeue()
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
